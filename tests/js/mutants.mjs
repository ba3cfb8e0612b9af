#!/usr/bin/env node
// mutants.mjs: write variants of a valid monograph, each breaking (or
// exercising) one rule of src/lib/kb.c, so that tests/cli/schema.sh can
// check that the loader and docs/schema/monograph.schema.json agree.
//
// usage: node tests/js/mutants.mjs BASE.json OUTDIR
//   Writes OUTDIR/reject-NAME.json for variants both must refuse and
//   OUTDIR/accept-NAME.json for variants both must load, and prints how
//   many it wrote. Each variant is built from a fresh copy of BASE, which
//   must itself be valid and have a tablet formulation first, at least one
//   common and one serious concept, and dosing and kidney sections.
//
// Rules the schema cannot express (unknown source tags, duplicate ids,
// synonyms in two concepts, min > max, 5000.0 for 5000) are not here;
// the loader's own tests cover them.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [basePath, outDir] = process.argv.slice(2);
if (!basePath || !outDir) {
  process.stderr.write("usage: node tests/js/mutants.mjs BASE.json OUTDIR\n");
  process.exit(2);
}
const base = JSON.parse(readFileSync(basePath, "utf8"));

const tag = base.sources[0].id;
const cite = (o) => { delete o.sources; o.source = tag; return o; };
const uncite = (o) => { delete o.source; delete o.sources; return o; };
const concept = (m, tier) => m.symptoms.find((c) => c.tier === tier);
const tablet = (m) => m.formulations[0];
const band = (m) => m.kidney.bands[0];

// Every variant both the loader and the schema must refuse.
const reject = {
  "format-version": (m) => { m.format = "stepdown-monograph/2"; },
  "id-uppercase": (m) => { m.id = "Drug"; },
  "root-unknown-field": (m) => { m.colour = "blue"; },
  "root-missing-updated": (m) => { delete m.updated; },
  "root-updated-null": (m) => { m.updated = null; },
  "name-empty": (m) => { m.name = ""; },
  "sources-empty": (m) => { m.sources = []; },
  "source-no-url-no-doi": (m) => { m.sources[0].url = null; m.sources[0].doi = null; },
  "source-missing-kind": (m) => { delete m.sources[0].kind; },
  "source-unknown-field": (m) => { m.sources[0].year = 2020; },
  "identity-missing": (m) => { delete m.identity; },
  "identity-uncited": (m) => { uncite(m.identity); },
  "identity-source-and-sources": (m) => { m.identity.source = tag; m.identity.sources = [tag]; },
  "identity-brands-null": (m) => { m.identity.brands = null; },
  "identity-brand-empty": (m) => { m.identity.brands = [""]; },
  "code-missing-system": (m) => { m.identity.codes = [{ code: "X1" }]; },
  "formulations-missing": (m) => { delete m.formulations; },
  "formulation-uncited": (m) => { uncite(tablet(m)); },
  "formulation-no-strengths": (m) => { tablet(m).strengths = []; },
  "strength-amount-and-conc": (m) => { tablet(m).strengths[0].ug_per_ml = 1000; },
  "strength-neither": (m) => {
    const s = tablet(m).strengths[0];
    delete s.amount_ug; delete s.ug_per_ml;
  },
  "strength-float": (m) => { tablet(m).strengths[0].amount_ug = 5000.5; },
  "strength-negative-conc": (m) => { m.formulations.push(cite({ id: "x-liquid", name: "x", route: "oral", form: "solution", strengths: [{ ug_per_ml: -5 }] })); },
  "strength-scored-string": (m) => { tablet(m).strengths[0].scored = "yes"; },
  "min-piece-3": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 6000, scored: true, min_piece: 3 }); },
  "min-piece-unscored": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 6000, scored: false, min_piece: 2 }); },
  "min-piece-scored-null": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 6000, scored: null, min_piece: 2 }); },
  "half-not-whole-ug": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 5001, scored: true, min_piece: 2 }); },
  "quarter-not-whole-ug": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 5002, scored: true, min_piece: 4 }); },
  "symptoms-empty": (m) => { m.symptoms = []; },
  "concept-id-space": (m) => { m.symptoms[0].id = "dry mouth"; },
  "concept-uncited": (m) => { uncite(m.symptoms[0]); },
  "concept-no-disposition": (m) => { delete m.symptoms[0].disposition; },
  "concept-disposition-null": (m) => { m.symptoms[0].disposition = null; },
  "concept-roles-empty": (m) => { m.symptoms[0].roles = []; },
  "concept-roles-null": (m) => { m.symptoms[0].roles = null; },
  "concept-role-bogus": (m) => { m.symptoms[0].roles = ["side_effect", "bogus"]; },
  "concept-tier-bogus": (m) => { m.symptoms[0].tier = "bogus"; },
  "concept-seed-string": (m) => { m.symptoms[0].seed = "true"; },
  "concept-sources-empty": (m) => { uncite(m.symptoms[0]).sources = []; },
  "concept-source-number": (m) => { uncite(m.symptoms[0]).source = 5; },
  "serious-call-today": (m) => { concept(m, "serious").disposition.level = "call-today"; },
  "serious-self-care": (m) => { concept(m, "serious").disposition.level = "self-care"; },
  "disposition-level-bogus": (m) => { m.symptoms[0].disposition.level = "urgent"; },
  "disposition-no-advice": (m) => { delete m.symptoms[0].disposition.advice; },
  "disposition-uncited": (m) => { uncite(m.symptoms[0].disposition); },
  "lexicon-uncited": (m) => { m.symptoms[0].lexicon = { synonyms: ["zzz"] }; },
  "lexicon-no-synonyms": (m) => { m.symptoms[0].lexicon = cite({}); },
  "lexicon-empty-synonym": (m) => { m.symptoms[0].lexicon = cite({ synonyms: ["zzz", ""] }); },
  "snomed-letters": (m) => { m.symptoms[0].snomed = cite({ code: "12A", term: "x" }); },
  "snomed-uncited": (m) => { m.symptoms[0].snomed = { code: "123" }; },
  "meddra-no-name": (m) => { m.symptoms[0].meddra_pt = cite({}); },
  "frequency-only-min": (m) => { m.symptoms[0].frequency = cite({ min: 5 }); },
  "frequency-nothing": (m) => { m.symptoms[0].frequency = cite({ note: "often" }); },
  "frequency-above-100": (m) => { m.symptoms[0].frequency = cite({ min: 5, max: 101 }); },
  "frequency-placebo-negative": (m) => { m.symptoms[0].frequency = cite({ min: 5, max: 10, placebo: -1 }); },
  "frequency-uncited": (m) => { m.symptoms[0].frequency = { min: 5, max: 10 }; },
  "frequency-unknown-field": (m) => { m.symptoms[0].frequency = cite({ min: 5, max: 10, mean: 7 }); },
  "section-null": (m) => { m.kinetics = null; },
  "section-params-null": (m) => { m.kinetics = { params: null }; },
  "section-unknown-field": (m) => { m.kinetics = cite({ bands: [] }); },
  "param-uncited-in-uncited-section": (m) => {
    m.kinetics = { params: [{ name: "half_life", min: 1, max: 2, unit: "h" }] };
  },
  "statement-uncited-in-uncited-section": (m) => {
    m.misuse = { statements: [{ topic: "t", text: "x" }] };
  },
  "param-percent-above-100": (m) => {
    m.kinetics = cite({ params: [{ name: "f", min: 50, max: 150, unit: "%" }] });
  },
  "param-min-missing": (m) => { m.kinetics = cite({ params: [{ name: "f", max: 1, unit: "h" }] }); },
  "dose-limit-zero": (m) => { m.dosing.max_daily = [cite({ max_ug_day: 0, population: "adults", route: "oral" })]; },
  "dose-limit-inherits-nothing": (m) => {
    cite(m.dosing);
    m.dosing.max_daily = [{ max_ug_day: 1000, population: "adults", route: "oral" }];
  },
  "titration-day-0": (m) => { m.dosing.titration = [cite({ from_day: 0, dose_ug: 1000, times_per_day: 1 })]; },
  "titration-25-times": (m) => { m.dosing.titration = [cite({ from_day: 1, dose_ug: 1000, times_per_day: 25 })]; },
  "titration-dose-0": (m) => { m.dosing.titration = [cite({ from_day: 1, dose_ug: 0, times_per_day: 1 })]; },
  "band-action-bogus": (m) => { band(m).action = "halve"; },
  "band-negative-lower": (m) => { band(m).lower = -1; },
  "band-keep-zero-denominator": (m) => { band(m).keep = [1, 0]; },
  "band-keep-three": (m) => { band(m).keep = [1, 2, 3]; },
  "band-keep-null": (m) => { band(m).keep = null; },
  "band-no-text": (m) => { delete band(m).text; },
  "band-uncited": (m) => { cite(m.kidney); uncite(band(m)); },
};

// Variants both must load: the edges of the rules.
const accept = {
  "optional-text-null": (m) => { tablet(m).note = null; m.sources[0].publisher = null; },
  "seed-lab-null": (m) => { m.symptoms[0].seed = null; m.symptoms[0].lab = null; },
  "formulations-empty": (m) => { m.formulations = []; },
  "comment-anywhere": (m) => { m.symptoms[0].disposition.$comment = "checked"; m.sources[0].$comment = "x"; },
  "code-inherits-identity": (m) => { m.identity.codes = [{ system: "atc", code: "Z99" }]; },
  "strength-inherits-formulation": (m) => { uncite(tablet(m).strengths[0]); },
  "quarter-whole-ug": (m) => { Object.assign(tablet(m).strengths[0], { amount_ug: 6000, scored: true, min_piece: 4 }); },
  "min-piece-1-unscored": (m) => { Object.assign(tablet(m).strengths[0], { scored: false, min_piece: 1 }); },
  "min-piece-null": (m) => { tablet(m).strengths[0].min_piece = null; },
  "liquid-amount-null": (m) => { tablet(m).strengths[0] = { amount_ug: null, ug_per_ml: 1000 }; },
  "serious-emergency": (m) => { concept(m, "serious").disposition.level = "emergency"; },
  "common-info": (m) => { concept(m, "common").disposition.level = "info"; },
  "all-roles": (m) => { m.symptoms[0].roles = ["side_effect", "withdrawal_sign", "overdose_sign", "toxicity_sign"]; },
  "frequency-category-only": (m) => { m.symptoms[0].frequency = cite({ min: null, max: null, category: "rare" }); },
  "frequency-edges": (m) => { m.symptoms[0].frequency = cite({ min: 0, max: 100, placebo: 100 }); },
  "lexicon-no-words": (m) => { m.symptoms[0].lexicon = cite({ synonyms: [] }); },
  "snomed-no-term": (m) => { m.symptoms[0].snomed = cite({ code: "404684003" }); },
  "section-cites-for-params": (m) => {
    m.kinetics = cite({ params: [{ name: "half_life", min: 1, max: 2, unit: "h" }], statements: [{ topic: "t", text: "x" }] });
  },
  "section-empty": (m) => { m.populations = {}; },
  "param-percent-edges": (m) => { m.kinetics = cite({ params: [{ name: "f", min: 0, max: 100, unit: "%" }] }); },
  "param-negative": (m) => { m.kinetics = cite({ params: [{ name: "delta", min: -5, max: -1, unit: "h" }] }); },
  "titration-onwards": (m) => { m.dosing.titration = [cite({ from_day: 3, to_day: 0, dose_ug: 1000, times_per_day: 24 })]; },
  "band-open-both": (m) => { m.kidney.bands = [cite({ measure: "eGFR", action: "caution", text: "x" })]; },
  "band-keep-edges": (m) => { band(m).keep = [0, 1000]; },
  "source-doi-only": (m) => { m.sources[0].url = null; m.sources[0].doi = "10.1000/x"; },
};

mkdirSync(outDir, { recursive: true });
let n = 0;
for (const [expect, set] of [["reject", reject], ["accept", accept]]) {
  for (const [name, mutate] of Object.entries(set)) {
    const m = structuredClone(base);
    mutate(m);
    writeFileSync(join(outDir, `${expect}-${name}.json`), JSON.stringify(m, null, 1));
    n++;
  }
}
process.stdout.write(`${n}\n`);
