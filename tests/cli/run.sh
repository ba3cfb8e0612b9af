#!/bin/sh
# run.sh: end-to-end tests of the stepdown command: outputs, exit codes and
# error messages. usage: STEPDOWN=build/stepdown sh tests/cli/run.sh
set -u
SD=${STEPDOWN:-build/stepdown}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect STATUS CMD...: run CMD, check its exit status; output in $T/out, $T/err
expect() {
    want=$1; shift
    "$@" >"$T/out" 2>"$T/err"; got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$* exited $got, want $want"; cat "$T/err" >&2; fi
}
has() { if grep -q -- "$1" "$T/${2:-out}"; then ok; else bad "output lacks '$1' ($3)"; fi; }
hasf() { if grep -qF -- "$1" "$T/${2:-out}"; then ok; else bad "output lacks '$1' ($3)"; fi; }
lacks() { if grep -q -- "$1" "$T/${2:-out}"; then bad "output has '$1' ($3)"; else ok; fi; }

# --- help, version, orientation
expect 0 "$SD" --version; has "^stepdown [0-9]" out version
expect 0 "$SD" --help; has "side-effects" out help; has "exit status" out help
expect 0 "$SD"; has "does not replace" out orientation; has "symptom concepts" out orientation

# --- side-effects: the 13 seed side effects with tiers, dispositions, frequencies
expect 0 "$SD" side-effects baclofen
for n in Drowsiness Dizziness Headache Weakness Constipation Nausea "Frequent urination" \
         Insomnia Tiredness Seizures Confusion Hallucinations "Irregular heartbeat"; do
    has "^  $n " out "seed side effect $n"
done
has "Drowsiness *10-63 % (placebo 36 %) *self-care" out drowsiness
has "Dizziness *5-15 % *self-care" out dizziness
has "Seizures *rare *call-now" out seizures
has "Irregular heartbeat *rare *call-now" out heartbeat
has "SERIOUS: call your doctor immediately" out tiers
has "does not replace" out notice
has "\[SEED" out "source tags"
# the serious group comes before the common one
s=$(grep -n "^SERIOUS" "$T/out" | cut -d: -f1); c=$(grep -n "^COMMON" "$T/out" | cut -d: -f1)
[ -n "$s" ] && [ -n "$c" ] && [ "$s" -lt "$c" ] && ok || bad "serious group is not first"
# every line fits an 80-column terminal
long=$(awk 'length > 80' "$T/out" | wc -l); [ "$long" -eq 0 ] && ok || bad "$long lines over 80 columns"

expect 0 "$SD" side-effects --serious
has "Seizures" out serious; lacks "Drowsiness" out "--serious filters common"; lacks "^COMMON" out serious
expect 0 "$SD" side-effects --common
has "Drowsiness" out common; lacks "Seizures" out "--common filters serious"
expect 0 "$SD" side-effects Lioresal; has "Side effects of baclofen" out "brand name lookup"
expect 0 "$SD" side-effects --json
has '"drug": "baclofen"' out json; has '"id": "irregular-heartbeat"' out json

# --- info and sources
expect 0 "$SD" info
has "RxNorm ingredient: 1292" out rxnorm; has "ATC: M03BX01" out atc
has "10 mg (scored, halves)" out scored; has "2000 mcg/mL" out intrathecal
has "maximum 80 mg/day" out maxdose; has "onset: 12-72 h" out withdrawal
has "Withdrawal signs:" out signs
long=$(awk 'length > 80' "$T/out" | wc -l); [ "$long" -eq 0 ] && ok || bad "info: $long lines over 80 columns"
expect 0 "$SD" sources; has "\[US-TAB\]" out sources; has "dailymed" out sources
expect 0 "$SD" sources --json; has '"id": "PSYTAR"' out sources-json

# --- a second drug: the engine is drug-agnostic
expect 0 "$SD" --data-dir tests/data/drugs side-effects examplex
has "Seeing purple" out fixture; lacks "Drowsiness" out fixture
expect 0 env STEPDOWN_DATA_DIR=tests/data/drugs "$SD" info examplamine
has "2 mg (scored, quarters)" out fixture-info
expect 0 "$SD" --monograph tests/data/drugs/examplamine.json side-effects
has "Yawning" out monograph-flag

# --- bad input: clear error, exit 2, nothing on stdout
expect 2 "$SD" side-effects nosuchdrug; has "no monograph for drug 'nosuchdrug'" err unknown-drug
[ -s "$T/out" ] && bad "unknown drug wrote to stdout" || ok
expect 2 "$SD" side-effects --bogus; has "unknown option '--bogus'" err bad-option
expect 2 "$SD" frobnicate; has "unknown command 'frobnicate'" err bad-command
expect 2 "$SD" side-effects baclofen tizanidine; has "one drug at a time" err two-drugs
expect 2 "$SD" --data-dir; has "needs a value" err missing-value
expect 2 "$SD" info --json; has "no --json" err info-json
for d in tests/data/json/invalid/*/; do
    expect 2 "$SD" --monograph "$d/input.json" side-effects
    path=$(sed -n 2p "$d/expected")
    [ -n "$path" ] && hasf "$path" err "error names the path for $d"
    [ -s "$T/out" ] && bad "$d: invalid monograph wrote to stdout" || ok
done
expect 4 "$SD" --data-dir /nonexistent-dir side-effects Lioresal; has "cannot open" err bad-dir
expect 2 "$SD" --monograph /nonexistent.json info; has "cannot open" err missing-file

# --- no drug name is written into the engine
if grep -rniI "baclofen" src include >/dev/null; then bad "a drug name appears in src/ or include/"; else ok; fi

echo "cli tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
