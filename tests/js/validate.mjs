#!/usr/bin/env node
// validate.mjs: validate JSON documents against one of stepdown's JSON
// Schemas (draft 2020-12) with Ajv in strict mode plus ajv-formats.
//
// usage: node tests/js/validate.mjs [-q] SCHEMA FILE...
//   FILE may be '-' for standard input. Each file gets one result line,
//   "FILE: ok" or "FILE: invalid", and every problem of an invalid file is
//   printed as "FILE: PATH: problem" (PATH is a JSON Pointer into the
//   document, "/" for the whole document), the same shape as stepdown's
//   own errors. -q prints only the problems.
//
// exit status: 0 every file is valid, 1 at least one file is invalid (or
// is not JSON, or cannot be read), 2 usage error or a bad schema.

import { readFileSync } from "node:fs";

// Both packages are CommonJS; their module.exports is the function itself.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

function usage(msg) {
  if (msg) process.stderr.write(`validate.mjs: ${msg}\n`);
  process.stderr.write("usage: node tests/js/validate.mjs [-q] SCHEMA FILE...\n"
    + "  FILE may be '-' for standard input\n");
  process.exit(2);
}

function readText(name) {
  return readFileSync(name === "-" ? 0 : name, "utf8");
}

// A short, specific explanation of one Ajv error.
function describe(e) {
  const p = e.params || {};
  let msg = e.message || "is invalid";

  switch (e.keyword) {
  case "additionalProperties":
    msg = `unknown field '${p.additionalProperty}'`;
    break;
  case "enum":
    msg += ` (${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")})`;
    break;
  case "const":
    msg += ` (${JSON.stringify(p.allowedValue)})`;
    break;
  case "unevaluatedProperties":
    msg = `unknown field '${p.unevaluatedProperty}'`;
    break;
  default:
    break;
  }
  return `${msg} [${e.schemaPath}]`;
}

let args = process.argv.slice(2);
let quiet = false;
if (args[0] === "-q") {
  quiet = true;
  args = args.slice(1);
}
if (args[0] === "-h" || args[0] === "--help") usage();
if (args.length < 2) usage("need a schema and at least one file");

const [schemaFile, ...files] = args;
let validate;
try {
  const schema = JSON.parse(readText(schemaFile));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  validate = ajv.compile(schema);
} catch (err) {
  process.stderr.write(`${schemaFile}: bad schema: ${err.message}\n`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  const label = file === "-" ? "<stdin>" : file;
  let doc;

  try {
    doc = JSON.parse(readText(file));
  } catch (err) {
    const what = err instanceof SyntaxError ? "invalid JSON" : "cannot read";
    process.stdout.write(`${label}: ${what}: ${err.message}\n`);
    failed++;
    continue;
  }
  if (validate(doc)) {
    if (!quiet) process.stdout.write(`${label}: ok\n`);
    continue;
  }
  failed++;
  if (!quiet) process.stdout.write(`${label}: invalid\n`);
  for (const e of validate.errors) {
    process.stdout.write(`${label}: ${e.instancePath || "/"}: ${describe(e)}\n`);
  }
}
if (!quiet) {
  process.stdout.write(`${files.length - failed} of ${files.length} valid `
    + `against ${schemaFile}\n`);
}
process.exit(failed ? 1 : 0);
