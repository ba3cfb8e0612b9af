#!/bin/sh
# schema.sh: check stepdown's JSON against the JSON Schemas in docs/schema/.
#
#   STEPDOWN=build/stepdown sh tests/cli/schema.sh     (from the repo root;
#   `make schema-test` installs tests/js/node_modules first)
#
# 1. `side-effects --json` (no filter, --serious, --common, --rare) and
#    `sources --json` for the default drug validate against their schemas;
#    so do `check --json`, the lines of `check --batch` (and their
#    assessments), `pump --json`, `plan --format json`, and the errors of
#    the --json commands (error.schema.json).
# 2. data/drugs/*.json and tests/data/drugs/*.json validate against
#    monograph.schema.json.
# 3. Negative checks: mutated copies of the output must fail validation,
#    at the expected place.
# 4. The baclofen facts the seed text names are there, with the label's
#    frequencies and sources, and the JSON views agree with each other.
# 5. The loader and monograph.schema.json agree on variants of the
#    baclofen monograph that break (or just touch) one rule each
#    (tests/js/mutants.mjs), and the schema refuses every loader fixture in
#    tests/data/json/invalid/ that breaks a rule a schema can express.
#
# Prints one line per check ("ok - ..." or "not ok - ...") and a summary;
# exits 1 when any check fails, 2 when it cannot run.
set -u

STEPDOWN=${STEPDOWN:-build/stepdown}
NODE=${NODE:-node}
SCHEMAS=docs/schema
VALIDATE=tests/js/validate.mjs

if [ ! -f "$SCHEMAS/monograph.schema.json" ] || [ ! -f "$VALIDATE" ]; then
    echo "schema.sh: run me from the repository root" >&2
    exit 2
fi
if [ ! -x "$STEPDOWN" ]; then
    echo "schema.sh: '$STEPDOWN' is not an executable; run 'make' or set STEPDOWN" >&2
    exit 2
fi
if ! command -v "$NODE" >/dev/null 2>&1; then
    echo "schema.sh: node not found; 'make deps-test' installs it" >&2
    exit 2
fi
if [ ! -d tests/js/node_modules/ajv ] || [ ! -d tests/js/node_modules/ajv-formats ]; then
    echo "schema.sh: ajv is not installed; run 'cd tests/js && npm ci' (or 'make schema-test')" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stepdown-schema.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM

npass=0
nfail=0

pass() {
    npass=$((npass + 1))
    echo "ok - $1"
}

fail() {
    nfail=$((nfail + 1))
    echo "not ok - $1"
}

# Print a file indented, as the diagnostics of a failed check.
show() {
    sed -e 's/^/    /' "$1"
}

# run NAME FILE ARGS...: run stepdown ARGS with stdout to FILE; a check.
run() {
    name=$1
    out=$2
    shift 2
    if "$STEPDOWN" "$@" >"$out" 2>"$tmp/stderr"; then
        pass "$name: stepdown $* exits 0"
    else
        fail "$name: stepdown $* exits $?"
        show "$tmp/stderr"
    fi
}

# valid NAME SCHEMA FILE...: every FILE validates against SCHEMA.
valid() {
    name=$1
    schema=$2
    shift 2
    if "$NODE" "$VALIDATE" -q "$SCHEMAS/$schema" "$@" >"$tmp/v.out" 2>&1; then
        pass "$name: valid against $schema"
    else
        fail "$name: not valid against $schema"
        show "$tmp/v.out"
    fi
}

# invalid NAME SCHEMA FILE EXPECT: FILE ('-': stdin) fails validation
# against SCHEMA (exit status 1, not a usage or schema error), and the
# report contains EXPECT, so it fails for the intended reason.
invalid() {
    name=$1
    schema=$2
    file=$3
    expect=$4
    "$NODE" "$VALIDATE" -q "$SCHEMAS/$schema" "$file" >"$tmp/v.out" 2>&1
    rc=$?
    if [ "$rc" -ne 1 ]; then
        fail "$name: expected validation to fail with status 1, got $rc"
        show "$tmp/v.out"
    elif ! grep -F -q -- "$expect" "$tmp/v.out"; then
        fail "$name: failed, but without '$expect'"
        show "$tmp/v.out"
    else
        pass "$name: refused by $schema ($expect)"
    fi
}

# mutate IN OUT JS: apply the JavaScript JS to the document `d` read from
# IN and write the result to OUT.
mutate() {
    "$NODE" -e '
        const fs = require("fs");
        const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
        new Function("d", process.argv[3])(d);
        fs.writeFileSync(process.argv[2], JSON.stringify(d));
    ' "$1" "$2" "$3"
}

# ---- 1. The --json views validate ----

run side-effects "$tmp/se-all.json" side-effects --json
run side-effects "$tmp/se-serious.json" side-effects --serious --json
run side-effects "$tmp/se-common.json" side-effects --common --json
run side-effects "$tmp/se-rare.json" side-effects --rare --json
run sources "$tmp/sources.json" sources --json

valid "side-effects --json" side-effects.schema.json "$tmp/se-all.json"
valid "side-effects --serious --json" side-effects.schema.json "$tmp/se-serious.json"
valid "side-effects --common --json" side-effects.schema.json "$tmp/se-common.json"
valid "side-effects --rare --json" side-effects.schema.json "$tmp/se-rare.json"
valid "sources --json" sources.schema.json "$tmp/sources.json"

# stepdown check --json over answers of every shape: withdrawal with a
# cue and a time, negation, unrecognised words, context flags, intrathecal,
# overdose, kidneys, nothing reported.
run check "$tmp/ck1.json" check "I ran out two days ago and now I'm seeing things, no headache, my toe hurts" --json
run check "$tmp/ck2.json" check "a little drowsy in the morning" --json --today 2026-11-24
run check "$tmp/ck3.json" check "so dizzy after a few beers" --json --egfr 25 --age 70 --dose-mg-day 90 --increased-on 2026-11-20 --today 2026-11-24
run check "$tmp/ck4.json" check "my pump alarm is beeping and I have a fever and stiff muscles" --json
run check "$tmp/ck5.json" check "no headache anymore" --json
run check "$tmp/ck6.json" check "asdfgh qwerty" --json
valid "check --json" check.schema.json "$tmp/ck1.json" "$tmp/ck2.json" "$tmp/ck3.json" \
    "$tmp/ck4.json" "$tmp/ck5.json" "$tmp/ck6.json"
"$NODE" -e '
    const fs = require("fs");
    for (const f of process.argv.slice(1)) {
        const d = JSON.parse(fs.readFileSync(f, "utf8"));
        const max = Math.max(...d.reasons.map((r) => ["info","self-care","contact-soon","call-today","call-now","emergency"].indexOf(r.disposition)));
        if (max !== d.disposition.level) throw new Error(f + ": level is not the highest reason");
        for (const r of d.reasons) if (r.finding !== null && !d.findings[r.finding]) throw new Error(f + ": reason points at no finding");
        for (const r of d.reasons) for (const s of r.sources) if (!d.sources[s]) throw new Error(f + ": source " + s + " not listed");
    }' "$tmp/ck1.json" "$tmp/ck2.json" "$tmp/ck3.json" "$tmp/ck4.json" "$tmp/ck5.json" "$tmp/ck6.json" \
    >"$tmp/ck.out" 2>&1 && pass "check --json: level is the highest reason; reasons point at findings and listed sources" \
    || { fail "check --json consistency"; show "$tmp/ck.out"; }

# stepdown check --batch: every output line against check-batch.schema.json,
# every assessment in it against check.schema.json and equal to what
# check --json prints for the same request.
{
    echo '{"id": "w", "text": "I ran out two days ago and now I am seeing things", "context": {"today": "2026-11-24"}}'
    echo '{"id": 7, "text": "so dizzy after a few beers", "context": {"egfr": 25, "age": 70, "dose_mg_day": 90, "increased_on": ["2026-11-20"], "today": "2026-11-24"}}'
    echo ''
    echo '{"id": "bad", "text": "dizzy", "context": {"egfr": "low"}}'
    echo '[not json'
    echo '{"text": "so sleepy", "answers": {"can-wake": "no", "breathing-normal": "yes"}, "context": {"today": "2026-11-24"}}'
    echo '{"id": {"no": 1}, "text": "x"}'
} >"$tmp/batch.jsonl"
"$STEPDOWN" check --batch "$tmp/batch.jsonl" >"$tmp/batch.out" 2>"$tmp/stderr"
rc=$?
[ "$rc" -eq 2 ] && pass "check --batch: a refused line gives exit 2" || { fail "check --batch exited $rc, want 2"; show "$tmp/stderr"; }
rm -rf "$tmp/bl" && mkdir "$tmp/bl"
n=0
while IFS= read -r line; do
    n=$((n + 1))
    printf '%s\n' "$line" >"$tmp/bl/line-$n.json"
    case $line in
    *'"assessment":'*)
        printf '%s\n' "$line" | "$NODE" -e '
            const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
            process.stdout.write(JSON.stringify(d.assessment));' >"$tmp/bl/assessment-$n.json" ;;
    esac
done <"$tmp/batch.out"
[ "$n" -eq 6 ] && pass "check --batch: one output line per request (6)" || fail "check --batch: $n output lines, want 6"
valid "check --batch lines" check-batch.schema.json "$tmp"/bl/line-*.json
valid "check --batch assessments" check.schema.json "$tmp"/bl/assessment-*.json
run check "$tmp/ckb1.json" check "I ran out two days ago and now I am seeing things" --today 2026-11-24 --json
run check "$tmp/ckb2.json" check "so dizzy after a few beers" --egfr 25 --age 70 --dose-mg-day 90 --increased-on 2026-11-20 --today 2026-11-24 --json
run check "$tmp/ckb3.json" check "so sleepy" --answer can-wake=no --answer breathing-normal=yes --today 2026-11-24 --json
"$NODE" -e '
    const fs = require("fs");
    const [out, ...single] = process.argv.slice(1);
    const lines = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const ok = lines.filter((l) => l.assessment);
    if (ok.length !== 3) throw new Error("want 3 assessments, got " + ok.length);
    ok.forEach((l, i) => {
        const want = JSON.parse(fs.readFileSync(single[i], "utf8"));
        if (JSON.stringify(l.assessment) !== JSON.stringify(want)) throw new Error("line " + l.line + " differs from check --json");
    });
    const ids = lines.map((l) => l.id), nos = lines.map((l) => l.line);
    if (JSON.stringify(ids) !== JSON.stringify(["w", 7, "bad", null, null, null])) throw new Error("ids " + JSON.stringify(ids));
    if (JSON.stringify(nos) !== JSON.stringify([1, 2, 4, 5, 6, 7])) throw new Error("lines " + JSON.stringify(nos));
    const codes = lines.filter((l) => l.error).map((l) => l.error.code + " " + l.error.where);
    if (JSON.stringify(codes) !== JSON.stringify(["invalid $.context.egfr", "parse $", "invalid $.id"])) throw new Error("errors " + JSON.stringify(codes));
    ' "$tmp/batch.out" "$tmp/ckb1.json" "$tmp/ckb2.json" "$tmp/ckb3.json" >"$tmp/ckb.out" 2>&1 \
    && pass "check --batch: assessments equal check --json's; ids, line numbers and errors in order" \
    || { fail "check --batch against check --json"; show "$tmp/ckb.out"; }
mutate "$tmp/bl/line-1.json" "$tmp/m.json" 'd.error = {code: "invalid", message: "x", where: "$"}'
invalid "check --batch: assessment and error both" check-batch.schema.json "$tmp/m.json" "must match exactly one schema in oneOf"
mutate "$tmp/bl/line-3.json" "$tmp/m.json" 'd.error.code = "usage"'
invalid "check --batch: a command's code on a line" check-batch.schema.json "$tmp/m.json" "/error/code: must be equal to one of the allowed values"
mutate "$tmp/bl/line-3.json" "$tmp/m.json" 'delete d.line'
invalid "check --batch: no line number" check-batch.schema.json "$tmp/m.json" "must have required property 'line'"

# The errors of the --json commands: one JSON object on stdout.
# jerr NAME ARGS...: stepdown ARGS fails and its stdout is error.schema.json.
jerr() {
    name=$1
    shift
    if "$STEPDOWN" "$@" >"$tmp/jerr-$name.json" 2>"$tmp/stderr"; then
        fail "$name: stepdown $* succeeded"
    else
        pass "$name: stepdown $* fails"
    fi
}
jerr usage check dizzy --egfr -3 --json
jerr text check "   " --json
jerr answer check dizzy --answer can-walk=no --json
jerr drug check dizzy --drug nosuchdrug --json
jerr wordlist check dizzy --wordlist /nonexistent --json
jerr batch-file check --batch /nonexistent.jsonl
jerr batch-ctx check --batch "$tmp/batch.jsonl" --age 40
jerr se side-effects nosuchdrug --json
jerr sources sources --bogus --json
jerr info info --json
jerr monograph --monograph tests/data/json/invalid/wrong-type/input.json side-effects --json
valid "errors of --json commands" error.schema.json "$tmp"/jerr-*.json
mutate "$tmp/jerr-usage.json" "$tmp/m.json" 'd.error.code = "bad_json"'
invalid "error: an API code" error.schema.json "$tmp/m.json" "/error/code: must be equal to one of the allowed values"
mutate "$tmp/jerr-usage.json" "$tmp/m.json" 'd.error.where = ""'
invalid "error: an empty where" error.schema.json "$tmp/m.json" "/error/where: must NOT have fewer than 1 characters"

# stepdown pump --json: no warning, every warning kind, the fill time
# given, another drug without a pump section or an intrathecal label.
PUMP="--reservoir-ml 20 --concentration 500 --dose-mcg-day 300 --filled 2026-11-24 --alarm-ml 2"
run pump "$tmp/pu1.json" pump $PUMP --today 2026-11-24 --json
run pump "$tmp/pu2.json" pump $PUMP --concentration 600 --dose-mcg-day 1500.5 --alarm-ml 0 \
    --filled 2026-11-24T09:30 --lead-days 3 --today 2026-12-20 --json
run pump "$tmp/pu3.json" pump $PUMP --today 2026-12-15 --json
run pump "$tmp/pu4.json" pump $PUMP --today 2026-12-24 --json
run pump "$tmp/pu5.json" pump --reservoir-ml 3 --concentration 500 --dose-mcg-day 300 \
    --filled 2026-11-24 --alarm-ml 1 --today 2026-11-20 --json
run pump "$tmp/pu6.json" --data-dir tests/data/drugs pump --drug examplamine $PUMP --lead-days 5 --json
valid "pump --json" pump.schema.json "$tmp/pu1.json" "$tmp/pu2.json" "$tmp/pu3.json" \
    "$tmp/pu4.json" "$tmp/pu5.json" "$tmp/pu6.json"
"$NODE" -e '
    const fs = require("fs");
    const levels = ["info","self-care","contact-soon","call-today","call-now","emergency"];
    const day = (s) => Date.parse(s + "T00:00:00Z") / 86400000;
    const codes = new Set();
    for (const f of process.argv.slice(1)) {
        const d = JSON.parse(fs.readFileSync(f, "utf8"));
        const max = Math.max(0, ...d.warnings.map((w) => w.level));
        if (max !== d.level.level || levels[max] !== d.level.name) throw new Error(f + ": level is not the highest warning");
        d.warnings.forEach((w, i) => { codes.add(w.code);
            if (i && d.warnings[i - 1].level < w.level) throw new Error(f + ": warnings not highest first"); });
        if (day(d.alarm.date) - day(d.refill_by.date) !== d.refill_by.days_before_alarm) throw new Error(f + ": refill-by is not the alarm less the lead");
        if (d.alarm.minutes_after_fill > d.empty.minutes_after_fill) throw new Error(f + ": the alarm comes after empty");
        const r = d.request;
        if (d.ng_in_reservoir !== r.reservoir_ul * r.ug_per_ml) throw new Error(f + ": ng_in_reservoir");
        const exact = (r.reservoir_ul - r.alarm_ul) * r.ug_per_ml * 1440 / r.dose_ng_day;
        if (d.alarm.minutes_after_fill !== Math.floor(exact)) throw new Error(f + ": alarm minutes not rounded down");
        const listed = new Set(d.sources.map((s) => s.id));
        const cited = JSON.stringify([d.warnings, d.lead_ranges, d.labelled_concentrations, d.maintenance_ranges,
            d.pump_params, d.pump_statements, d.red_flags, d.withdrawal_onset]);
        for (const m of cited.matchAll(/"sources":\[([^\]]*)\]/g))
            for (const t of JSON.parse("[" + m[1] + "]")) if (!listed.has(t)) throw new Error(f + ": tag " + t + " not listed");
        for (const id of listed) if (!cited.includes(JSON.stringify(id))) throw new Error(f + ": source " + id + " listed, not cited");
    }
    for (const c of ["concentration", "dose", "alarm-zero", "refill-past", "alarm-past", "lead-long", "unchecked"])
        if (!codes.has(c)) throw new Error("no output has the warning " + c);
    ' "$tmp/pu1.json" "$tmp/pu2.json" "$tmp/pu3.json" "$tmp/pu4.json" "$tmp/pu5.json" "$tmp/pu6.json" \
    >"$tmp/pu.out" 2>&1 && pass "pump --json: level is the highest warning; refill-by = alarm - lead; minutes rounded down; tags listed" \
    || { fail "pump --json consistency"; show "$tmp/pu.out"; }

# The same views of every test monograph (another drug, other shapes).
for f in tests/data/drugs/*.json; do
    [ -f "$f" ] || continue
    n=$(basename "$f" .json)
    if "$STEPDOWN" --monograph "$f" side-effects --json >"$tmp/t-se.json" 2>"$tmp/stderr" &&
       "$STEPDOWN" --monograph "$f" side-effects --rare --json >"$tmp/t-rare.json" 2>>"$tmp/stderr" &&
       "$STEPDOWN" --monograph "$f" sources --json >"$tmp/t-src.json" 2>>"$tmp/stderr"; then
        valid "$n: side-effects --json, --rare --json" side-effects.schema.json \
            "$tmp/t-se.json" "$tmp/t-rare.json"
        valid "$n: sources --json" sources.schema.json "$tmp/t-src.json"
    else
        fail "$n: stepdown --monograph $f failed"
        show "$tmp/stderr"
    fi
done

# ---- 2. The monographs validate ----

for f in data/drugs/*.json tests/data/drugs/*.json; do
    [ -f "$f" ] || continue
    valid "$f" monograph.schema.json "$f"
done

# ---- 3. The schemas can fail ----

se=side-effects.schema.json
mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects[0].tier = "bogus"'
invalid "tier 'bogus' (stdin)" $se - "/side_effects/0/tier: must be equal to one of the allowed values" <"$tmp/m.json"

"$NODE" -e '
    const fs = require("fs");
    const d = JSON.parse(fs.readFileSync(0, "utf8"));
    delete d.side_effects[0].disposition;
    process.stdout.write(JSON.stringify(d));
' <"$tmp/se-all.json" | "$NODE" "$VALIDATE" -q "$SCHEMAS/$se" - >"$tmp/v.out" 2>&1
if [ $? -eq 1 ] && grep -q "must have required property 'disposition'" "$tmp/v.out"; then
    pass "missing disposition (piped): refused by $se"
else
    fail "missing disposition (piped): not refused by $se"
    show "$tmp/v.out"
fi

sed -e 's/"name": "call-now"/"name": "call-today"/' "$tmp/se-serious.json" >"$tmp/m.json"
invalid "call-now renamed call-today (sed)" $se "$tmp/m.json" "/disposition/name: must be equal to constant"

mutate "$tmp/se-all.json" "$tmp/m.json" '
    const c = d.side_effects.find((x) => x.tier === "serious");
    c.disposition.level = 3; c.disposition.name = "call-today";'
invalid "serious side effect at call-today" $se "$tmp/m.json" "/disposition/level: must be >= 4"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects[0].disposition.level = 6'
invalid "disposition level 6" $se "$tmp/m.json" "/side_effects/0/disposition/level"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects[0].colour = "red"'
invalid "unknown field" $se "$tmp/m.json" "unknown field 'colour'"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects[0].roles = ["withdrawal_sign"]'
invalid "side effect without the side_effect role" $se "$tmp/m.json" "/side_effects/0/roles"

mutate "$tmp/se-all.json" "$tmp/m.json" '
    const c = d.side_effects.find((x) => x.frequency && x.frequency.min !== null);
    c.frequency.max = null;'
invalid "frequency with min but no max" $se "$tmp/m.json" "/frequency/max: must be number"

mutate "$tmp/se-all.json" "$tmp/m.json" '
    const c = d.side_effects.find((x) => x.frequency && x.frequency.min !== null);
    c.frequency.max = 101;'
invalid "frequency above 100 %" $se "$tmp/m.json" "/frequency/max: must be <= 100"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects[0].sources = []'
invalid "empty citation" $se "$tmp/m.json" "/side_effects/0/sources: must NOT have fewer than 1 items"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.filter = "serious"'
invalid "--serious output listing other tiers" $se "$tmp/m.json" "/tier: must be equal to constant"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.sources[0].url = null; d.sources[0].doi = null'
invalid "side-effects source without url or doi" $se "$tmp/m.json" "/sources/0/url: must be string"

mutate "$tmp/se-all.json" "$tmp/m.json" 'd.side_effects.find((x) => x.snomed_related.length).snomed_related[0].code = "C0012833"'
invalid "related SNOMED CT code not digits" $se "$tmp/m.json" "/snomed_related/0/code: must match pattern"
mutate "$tmp/se-all.json" "$tmp/m.json" 'delete d.side_effects[0].snomed_related'
invalid "side effect without snomed_related" $se "$tmp/m.json" "must have required property 'snomed_related'"

mutate "$tmp/sources.json" "$tmp/m.json" 'delete d.sources[0].title'
invalid "source without a title" sources.schema.json "$tmp/m.json" "must have required property 'title'"

mutate "$tmp/sources.json" "$tmp/m.json" 'd.sources = []'
invalid "empty source list" sources.schema.json "$tmp/m.json" "/sources: must NOT have fewer than 1 items"

mutate "$tmp/ck1.json" "$tmp/m.json" 'd.disposition.name = "urgent"'
invalid "check: unknown level" check.schema.json "$tmp/m.json" "/disposition/name: must be equal to one of the allowed values"
mutate "$tmp/ck1.json" "$tmp/m.json" 'd.findings[0].explanations = ["maybe"]'
invalid "check: unknown explanation" check.schema.json "$tmp/m.json" "/findings/0/explanations/0"
mutate "$tmp/ck1.json" "$tmp/m.json" 'delete d.reasons[0].policy'
invalid "check: reason without its policy" check.schema.json "$tmp/m.json" "must have required property 'policy'"

mutate "$tmp/pu2.json" "$tmp/m.json" 'd.warnings[0].code = "bogus"'
invalid "pump: unknown warning code" pump.schema.json "$tmp/m.json" "/warnings/0/code: must be equal to one of the allowed values"
mutate "$tmp/pu1.json" "$tmp/m.json" 'd.alarm.time = "25:00"'
invalid "pump: impossible time" pump.schema.json "$tmp/m.json" "/alarm/time"
mutate "$tmp/pu1.json" "$tmp/m.json" 'd.request.reservoir_ul = 20.5'
invalid "pump: fractional microlitres" pump.schema.json "$tmp/m.json" "/request/reservoir_ul: must be integer"
mutate "$tmp/pu1.json" "$tmp/m.json" 'delete d.red_flags'
invalid "pump: no red flags" pump.schema.json "$tmp/m.json" "must have required property 'red_flags'"
mutate "$tmp/pu1.json" "$tmp/m.json" 'd.pump_statements[0].sources = []'
invalid "pump: uncited statement" pump.schema.json "$tmp/m.json" "/pump_statements/0/sources: must NOT have fewer than 1 items"
mutate "$tmp/pu1.json" "$tmp/m.json" 'd.maintenance_ranges[0].extra = 1'
invalid "pump: unknown field in a range" pump.schema.json "$tmp/m.json" "unknown field 'extra'"

printf '{"drug": "baclofen",' >"$tmp/m.json"
invalid "truncated JSON" sources.schema.json "$tmp/m.json" "invalid JSON"

# ---- 4. The seed facts and the consistency of the views ----

"$NODE" - "$tmp/se-all.json" "$tmp/se-serious.json" "$tmp/se-common.json" \
    "$tmp/se-rare.json" "$tmp/sources.json" >"$tmp/facts.out" 2>&1 <<'EOF'
const fs = require("fs");
const [all, serious, common, rare, sources] =
    process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
const check = (ok, what) => console.log(`${ok ? "ok" : "not ok"} - ${what}`);
const byId = new Map(all.side_effects.map((c) => [c.id, c]));
const ids = (l) => l.map((c) => c.id).join(" ");

const seedCommon = ["drowsiness", "dizziness", "headache", "weakness", "constipation",
    "nausea", "frequent-urination", "insomnia", "tiredness"];
const seedSerious = ["seizure", "confusion", "hallucinations", "irregular-heartbeat"];
const seeds = all.side_effects.filter((c) => c.seed).map((c) => c.id).sort();
const want = [...seedCommon, ...seedSerious].sort();
check(JSON.stringify(seeds) === JSON.stringify(want),
    `exactly the 13 seed concepts are side effects with seed:true (got: ${seeds.join(" ")})`);
for (const id of seedCommon) {
    const c = byId.get(id);
    check(c && c.tier === "common" && c.disposition.name === "self-care" && c.disposition.level === 1,
        `${id}: common, self-care` + (c ? ` (got ${c.tier}, ${c.disposition.name})` : " (missing)"));
}
for (const id of seedSerious) {
    const c = byId.get(id);
    check(c && c.tier === "serious" && c.disposition.level >= 4,
        `${id}: serious, call-now or higher` + (c ? ` (got ${c.tier}, ${c.disposition.name})` : " (missing)"));
}
const freq = (id, min, max, placebo) => {
    const c = byId.get(id);
    const f = c && c.frequency;
    const got = f ? `${f.min}-${f.max}, placebo ${f.placebo}, [${f.sources}]` : "none";
    check(f && f.min === min && f.max === max && (placebo === undefined || f.placebo === placebo)
        && f.sources.includes("US-TAB") && c.sources.includes("US-TAB"),
        `${id}: label frequency ${min}-${max} %` + (placebo === undefined ? "" : ` (placebo ${placebo} %)`)
        + ` cited to US-TAB (got ${got})`);
};
freq("drowsiness", 10, 63, 36);
freq("dizziness", 5, 15);

// Every code of a concept: its SNOMED CT code and term, the related
// SNOMED CT findings and the MedDRA preferred term.
{
    const d = byId.get("dizziness");
    const rel = d ? d.snomed_related : [];
    check(d && d.snomed && d.snomed.code === "404640003" && rel.some((r) => r.code === "386705008" && r.term === "Lightheadedness (finding)")
        && d.meddra_pt && d.meddra_pt.name === "Dizziness",
        `dizziness: SNOMED CT 404640003, related Lightheadedness 386705008, MedDRA PT Dizziness (got ${JSON.stringify(d && [d.snomed, rel.slice(0, 2), d.meddra_pt])})`);
    const nrel = all.side_effects.reduce((n, c) => n + c.snomed_related.length, 0);
    check(nrel > 0 && all.side_effects.every((c) => c.snomed_related.every((r) => !c.snomed || r.code !== c.snomed.code)),
        `side-effects: ${nrel} related SNOMED CT codes, none the concept's own`);
}

// The filtered views are the tiers of the full view, in the same order,
// and the full view is serious, then common, then rare.
const tierOf = (t) => all.side_effects.filter((c) => c.tier === t);
check(ids(serious.side_effects) === ids(tierOf("serious")) && serious.filter === "serious",
    "--serious lists exactly the serious side effects, in order");
check(ids(common.side_effects) === ids(tierOf("common")) && common.filter === "common",
    "--common lists exactly the common side effects, in order");
check(ids(rare.side_effects) === ids(tierOf("rare")) && rare.filter === "rare",
    "--rare lists exactly the rare side effects, in order (filter \"rare\")");
check(all.filter === "all" && ids(all.side_effects) ===
    ids([...tierOf("serious"), ...tierOf("common"), ...tierOf("rare")]),
    "the full list is ordered serious, common, rare");

// Every cited tag is listed, every listed source is cited, and the list is
// the monograph's source list in its order.
for (const [name, v] of [["all", all], ["serious", serious], ["common", common], ["rare", rare]]) {
    const cited = new Set();
    for (const c of v.side_effects)
        for (const o of [c, c.frequency, c.disposition, c.snomed, c.meddra_pt, ...c.snomed_related])
            if (o) o.sources.forEach((t) => cited.add(t));
    const listed = v.sources.map((s) => s.id);
    const order = sources.sources.map((s) => s.id).filter((id) => cited.has(id));
    check(listed.join(" ") === order.join(" "),
        `side-effects (${name}): sources are exactly the cited ones, in monograph order`);
    const full = new Map(sources.sources.map((s) => [s.id, JSON.stringify(s)]));
    check(v.sources.every((s) => full.get(s.id) === JSON.stringify(s)),
        `side-effects (${name}): source entries equal those of sources --json`);
}
check(new Set(sources.sources.map((s) => s.id)).size === sources.sources.length,
    "sources --json: source ids are unique");
check(all.drug === sources.drug && all.monograph_updated === sources.monograph_updated,
    "side-effects and sources name the same monograph");
EOF
rc=$?
while IFS= read -r line; do
    case $line in
    "ok - "*) pass "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
    *) echo "    $line" ;;
    esac
done <"$tmp/facts.out"
[ "$rc" -eq 0 ] || fail "the fact checks did not run to the end (node exit $rc)"

# ---- 5. The loader and the monograph schema agree ----

# stepdown plan --format json: by risk, named, custom, liquid, the stop,
# a rapid taper, a plan adjusted twice; then consistency of the numbers.
PL="plan --regimen 20-20-20 --tablets 10/2 --start 2026-11-24 --format json"
run plan "$tmp/pl1.json" $PL --days-on-drug 365
run plan "$tmp/pl2.json" $PL --speed standard --age 70 --egfr 25
run plan "$tmp/pl3.json" plan --regimen 10-10-10 --liquid 1 --min-ml 0.5 --percent 15 --min-cut-mg 1 \
    --days-per-step 10 --hold-days 3 --bedtime 2 --start 2026-11-24 --format json
run plan "$tmp/pl4.json" $PL --speed stop --reason serious-adverse-reaction --clinician-approved
run plan "$tmp/pl5.json" $PL --speed rapid --reason serious-adverse-reaction --clinician-approved
run plan "$tmp/pl6.json" plan adjust "$tmp/pl1.json" --withdrawal-on 2026-12-23 --format json
run plan "$tmp/pl7.json" plan adjust "$tmp/pl6.json" --withdrawal-on 2027-01-10 --format json
valid "plan --format json" plan.schema.json "$tmp/pl1.json" "$tmp/pl2.json" "$tmp/pl3.json" \
    "$tmp/pl4.json" "$tmp/pl5.json" "$tmp/pl6.json" "$tmp/pl7.json"
"$NODE" -e '
    const fs = require("fs");
    const day = (s) => Date.parse(s + "T00:00:00Z") / 86400000;
    for (const f of process.argv.slice(1)) {
        const d = JSON.parse(fs.readFileSync(f, "utf8"));
        const st = d.steps;
        if (st[st.length - 1].total_ug !== 0) throw new Error(f + ": the last step is not the stop");
        let pieces = {};
        st.forEach((s, i) => {
            const sum = s.doses.reduce((a, x) => a + x.ug, 0);
            if (sum !== s.total_ug) throw new Error(f + ": step " + s.step + " total is not the sum of its doses");
            if (Math.round(s.total_mg * 1000) !== s.total_ug) throw new Error(f + ": mg and ug disagree");
            if (day(s.to) - day(s.from) + 1 !== s.days) throw new Error(f + ": days");
            if (i && day(s.from) !== day(st[i - 1].to) + 1) throw new Error(f + ": a gap before step " + s.step);
            if (i && s.total_ug > st[i - 1].total_ug && !s.flags.includes("step_back")) throw new Error(f + ": a rise without step_back");
            if (i < st.length - 1 && day(s.to) >= day(d.pharmacy.from))
                for (const x of s.doses) for (const p of x.pieces) {
                    const k = p.tablet_mg + "/" + p.split;
                    const from = Math.max(day(s.from), day(d.pharmacy.from));
                    pieces[k] = (pieces[k] || 0) + p.pieces * (day(s.to) - from + 1);
                }
        });
        for (const t of d.pharmacy.tablets)
            if ((pieces[t.mg + "/" + t.split] || 0) !== t.pieces) throw new Error(f + ": pharmacy pieces of " + t.mg + " mg");
        if (d.adjustments.length !== st.filter((s) => s.flags.includes("step_back")).length)
            throw new Error(f + ": one step back per adjustment");
    }' "$tmp/pl1.json" "$tmp/pl2.json" "$tmp/pl3.json" "$tmp/pl4.json" "$tmp/pl5.json" "$tmp/pl6.json" "$tmp/pl7.json" \
    >"$tmp/pl.out" 2>&1 && pass "plan json: totals, days, no gap, no rise but a step back, pharmacy pieces" \
    || { fail "plan json consistency"; show "$tmp/pl.out"; }
sed 's/"flags": \[/"flags": ["fast", /' "$tmp/pl1.json" >"$tmp/pl-bad.json"
if "$NODE" "$VALIDATE" -q "$SCHEMAS/plan.schema.json" "$tmp/pl-bad.json" >/dev/null 2>&1; then
    fail "plan.schema.json accepts an unknown step flag"
else
    pass "plan.schema.json refuses an unknown step flag"
fi


mut="$tmp/mutants"
if nmut=$("$NODE" tests/js/mutants.mjs data/drugs/baclofen.json "$mut" 2>"$tmp/stderr"); then
    "$NODE" "$VALIDATE" "$SCHEMAS/monograph.schema.json" "$mut"/*.json >"$tmp/mut.out" 2>&1
    bad=0
    for f in "$mut"/*.json; do
        n=$(basename "$f" .json)
        if "$STEPDOWN" --monograph "$f" sources --json >/dev/null 2>"$tmp/stderr"; then
            loader=accept
        else
            loader=reject
        fi
        if grep -F -q -x -- "$f: ok" "$tmp/mut.out"; then schema=accept; else schema=reject; fi
        expect=${n%%-*}
        if [ "$loader" != "$expect" ] || [ "$schema" != "$expect" ]; then
            bad=$((bad + 1))
            fail "monograph variant ${n#*-}: expected both to $expect, loader did $loader, schema did $schema"
            show "$tmp/stderr"
            grep -F -- "$f: " "$tmp/mut.out" | sed -e 's/^/    /'
        fi
    done
    [ "$bad" -eq 0 ] &&
        pass "loader and monograph.schema.json agree on $nmut variants of baclofen.json"
else
    fail "tests/js/mutants.mjs failed"
    show "$tmp/stderr"
fi

# The loader's invalid fixtures: the schema refuses each one unless it
# breaks a rule that JSON Schema cannot express (see the schema's
# description); those the loader alone catches.
for d in tests/data/json/invalid/*/; do
    [ -f "$d/input.json" ] || continue
    n=$(basename "$d")
    case $n in
    duplicate-concept-id | synonym-in-two-concepts | unknown-source | \
    frequency-min-above-max | duplicate-json-key)
        continue ;;
    esac
    "$NODE" "$VALIDATE" -q "$SCHEMAS/monograph.schema.json" "$d/input.json" >"$tmp/v.out" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ]; then
        pass "fixture $n: refused by monograph.schema.json"
    else
        fail "fixture $n: the loader refuses it, monograph.schema.json does not (status $rc)"
        show "$tmp/v.out"
    fi
done

echo "schema.sh: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
