#!/bin/sh
# run.sh: end-to-end tests of the stepdown command: outputs, exit codes and
# error messages. usage: STEPDOWN=build/stepdown sh tests/cli/run.sh
set -u
. "$(dirname "$0")/lib.sh"

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

# --- check: the symptom checker
today=2026-11-24
# the acceptance examples: withdrawal, call-now, back to the last tolerated dose
expect 0 "$SD" check "I have been seeing things since I cut my dose" --reduced-on 2026-11-22 --today $today
has "^CALL NOW" out "acceptance: call-now first"
has "withdrawal" out "acceptance: withdrawal"; has "last tolerated" out "acceptance: last tolerated dose"
has '"seeing things"' out "acceptance: span"; has "NATURE-SC" out "acceptance: onset source"
has "withdrawal-window" out "acceptance: rule named"
expect 0 "$SD" check "I have been seeing things since I cut my dose"
has "^CALL NOW" out "acceptance without flag"; has "last tolerated" out "acceptance without flag: advice"
has "reduced" out "text cue used"; has "from the text" out "cue origin shown"
expect 0 "$SD" check "a little drowsy in the morning"
has "^SELF CARE" out "mild drowsiness is self-care"; has "drive" out "drowsiness advice"; has "mild" out intensity
has "does not replace" out "support notice"
long=$(awk 'length > 80' "$T/out" | wc -l); [ "$long" -eq 0 ] && ok || bad "check: $long lines over 80 columns"
# the disposition comes before the findings and the reasons
d=$(grep -n "^SELF CARE" "$T/out" | cut -d: -f1); f=$(grep -n "^What stepdown recognised" "$T/out" | cut -d: -f1)
w=$(grep -n "^Why" "$T/out" | cut -d: -f1)
[ -n "$d" ] && [ -n "$f" ] && [ -n "$w" ] && [ "$d" -lt "$f" ] && [ "$f" -lt "$w" ] && ok || bad "check: order disposition, findings, reasons"
expect 0 "$SD" check "no headache, not dizzy anymore, denies seizures"
has "^NOTHING\|Nothing here" out "all negated"; has "negated: Headache" out negated
expect 0 "$SD" check "my toe hurts"; has "^CONTACT SOON" out "unrecognised escalates"; has '"toe hurts"' out "unrecognised words shown"
expect 0 "$SD" check "my pump alarm is beeping and I have a fever and stiff muscles"
has "^EMERGENCY" out "intrathecal red flag"
expect 0 "$SD" check "I have a high fever and my muscles are rigid" --reduced-on 2026-11-22 --today 2026-11-24
has "^EMERGENCY" out "fever with rigidity after a cut (muscles are rigid)"
expect 0 "$SD" check "so dizzy" --alcohol; has "^CALL TODAY" out "alcohol interaction"; has "interaction" out interaction
expect 0 "$SD" check "confused" --egfr 20; has "toxicity" out "kidney toxicity"; has "eGFR below 30" out "kidney band fact"
expect 0 "$SD" check "very sleepy" --dose-mg-day 120; has "^CALL NOW" out "above maximum"; has "overdose" out overdose
expect 0 "$SD" check "I feel dizzzy and constipatted"; has "read as" out "spelling correction shown"; has "Constipation" out "corrected concept"
printf 'my heart is skipping' >"$T/in.txt"
expect 0 sh -c "'$SD' check - <'$T/in.txt'"; has "Irregular heartbeat" out stdin
expect 0 "$SD" check "dizzy" --json; has '"disposition"' out json; has '"rule": "concept-level"' out "json rule"
# The assessment's JSON byte for byte as the jansson-tree writer made it
# (tests/data/golden/README.md): cues, negations, unrecognised words,
# an interruption and every part of the context.
expect 0 "$SD" check "stopped it 2 days ago, now I'm not sleeping, itchy and sweaty, no fever, and my hands shake a bit. also weird zorbly feeling" --route oral --dose-mg-day 60 --today 2026-11-24 --json
cmp -s "$T/out" tests/data/golden/check-withdrawal.json && ok || bad "the check's JSON differs from tests/data/golden/check-withdrawal.json"
expect 0 "$SD" check "missed my pump refill yesterday, high fever 39.5 and my muscles are rigid, confused, itching like crazy" --route intrathecal --egfr 25 --age 81 --alcohol --sedatives --today 2026-11-24 --json
cmp -s "$T/out" tests/data/golden/check-emergency.json && ok || bad "the check's JSON differs from tests/data/golden/check-emergency.json"
# bad input: a clear error, a non-zero exit, nothing on stdout
expect 2 "$SD" check ""; has "no words" err empty; [ -s "$T/out" ] && bad "empty text wrote to stdout" || ok
expect 2 "$SD" check "   "; has "no words" err blank
printf 'dizzy \377' >"$T/bad.txt"
expect 2 sh -c "'$SD' check - <'$T/bad.txt'"; has "invalid UTF-8 at byte 7" err invalid-utf8
printf 'dizzy\001' >"$T/ctl.txt"
expect 2 sh -c "'$SD' check - <'$T/ctl.txt'"; has "control character at byte 6" err control
head -c 1048576 /dev/zero | tr '\0' 'a' >"$T/big.txt"
expect 2 sh -c "'$SD' check - <'$T/big.txt'"; has "at most 65536 bytes" err "1 MB input"
expect 2 "$SD" check; has "no text" err "no text"
expect 2 "$SD" check "dizzy" "again"; has "one TEXT only" err "two texts"
expect 2 "$SD" check "dizzy" --reduced-on 2026-02-30; has "is not a date" err bad-date
expect 2 "$SD" check "dizzy" --reduced-on 2026-12-01 --today $today; has "in the future" err future-date
expect 2 "$SD" check "dizzy" --route nasal; has "oral or intrathecal" err bad-route
expect 2 "$SD" check "dizzy" --dose-mg-day 12.5555; has "at most 3" err bad-dose
expect 2 "$SD" check "dizzy" --egfr -3; has "from 0 to 200" err bad-egfr
expect 2 "$SD" check "dizzy" --age; has "needs a value" err missing-age
expect 4 "$SD" check "dizzy" --wordlist /nonexistent; has "cannot read the word list" err bad-wordlist
expect 0 "$SD" check --help; has "reduced-on" out check-help
expect 0 "$SD" --monograph tests/data/drugs/examplamine.json check "cant stop yawning"; has "Yawning" out "another drug"

# --- check --answer: the answers to the checker's questions
expect 0 "$SD" check "she keeps mumbling"
has "Questions that could change this answer" out "questions shown"; has "answer can-wake=no" out "how to answer"
expect 0 "$SD" check "she keeps mumbling" --answer can-wake=no; has "^EMERGENCY" out "a worrying answer raises it"
expect 0 "$SD" check "he's fitting right now"; has "^EMERGENCY" out "a fit going on now"
expect 0 "$SD" check "had a seizure years ago, on a different medication"; has "not-current\|Not counted\|^INFO\|^CONTACT\|^SELF" out "a past seizure is not current"
expect 0 "$SD" check "so sleepy" --answer can-wake=no --answer fit-now=yes --answer can-wake=yes --today $today --json
has '"disposition"' out "answers: an assessment"
expect 2 "$SD" check "dizzy" --answer can-walk=no
has "unknown question 'can-walk'" err "an unknown answer id"; has "can-wake" err "the known ids are listed"
has "high-fever" err "every known id is listed"
[ -s "$T/out" ] && bad "a bad --answer wrote to stdout" || ok
expect 2 "$SD" check "dizzy" --answer can-wake; has "write ID=yes or ID=no" err "--answer without a value"
expect 2 "$SD" check "dizzy" --answer can-wake=maybe; has "yes or no" err "--answer maybe"
expect 2 "$SD" check "dizzy" --answer; has "needs a value" err "--answer alone"

# --- --json: every error is also JSON on stdout, with the same exit status
# jerr CODE MESSAGE-PART WHERE ('-': none): stdout is one {"error"} line
jerr() {
    n=$(wc -l <"$T/out")
    [ "$n" -eq 1 ] && ok || bad "$3: $n lines on stdout, want one"
    hasf "{\"error\":{\"code\":\"$1\",\"message\":\"" out "$3: code $1"
    hasf "$2" out "$3: message"
    if [ "$3" = "-" ]; then lacks '"where"' out "no where"; else hasf "\"where\":\"$3\"}}" out "where $3"; fi
}
expect 2 "$SD" check "dizzy" --egfr -3 --json; jerr usage "from 0 to 200" --egfr
has "from 0 to 200" err "the message is on stderr too"
expect 2 "$SD" check --json "dizzy" --bogus 1; jerr usage "unknown option '--bogus'" --bogus
expect 2 "$SD" check --json; jerr usage "no text" TEXT
expect 2 "$SD" check "   " --json; jerr usage "no words" TEXT
printf 'ab\001c' >"$T/ctl.txt"
expect 2 sh -c "'$SD' check - --json <'$T/ctl.txt'"; jerr parse "control character at byte" TEXT
expect 2 "$SD" check "dizzy" --drug nosuchdrug --json; jerr not_found "no monograph for drug 'nosuchdrug'" -
expect 2 "$SD" check "dizzy" --answer can-walk=no --json; jerr usage "unknown question 'can-walk'" --answer
expect 2 "$SD" check "dizzy" --reduced-on 2026-12-01 --today $today --json; jerr usage "in the future" --reduced-on
expect 4 "$SD" check "dizzy" --wordlist /nonexistent --json; jerr io "cannot read the word list" -
expect 2 "$SD" check "dizzy" --route "$(printf '\377')x" --json; jerr usage "use oral or intrathecal" --route
expect 2 "$SD" side-effects nosuchdrug --json; jerr not_found "no monograph for drug 'nosuchdrug'" -
expect 2 "$SD" side-effects --json --bogus; jerr usage "unknown option '--bogus'" --bogus
expect 2 "$SD" sources a b --json; jerr usage "one drug at a time" DRUG
expect 2 "$SD" info --json; jerr usage "no --json form" --json
expect 2 "$SD" --monograph tests/data/json/invalid/wrong-type/input.json sources --json
jerr invalid "expected a list" -

# --- check --batch: JSON Lines in, one answer per line out
{
    echo '{"id": "a-1", "text": "I have been seeing things since I cut my dose", "context": {"reduced_on": ["2026-11-22"], "today": "2026-11-24"}}'
    echo ''
    echo '{"id": 2, "text": "so dizzy", "context": {"egfr": "low"}}'
    echo '   '
    echo 'not json at all'
    echo '{"id": 3.5, "text": "so sleepy I cannot stay awake", "answers": {"can-wake": "no"}, "drug": "Lioresal"}'
    echo '{"text": "dizzy", "answers": {"can-walk": "no"}}'
    echo '{"id": "b", "text": "dizzy", "drug": "tizanidine"}'
    echo '{"id": "c", "text": "a little drowsy in the morning"}'
} >"$T/batch.jsonl"
expect 2 "$SD" check --batch "$T/batch.jsonl" --today $today
[ "$(wc -l <"$T/out")" -eq 7 ] && ok || bad "batch: $(wc -l <"$T/out") answers for 7 requests"
has "4 of 7 requests refused" err "batch: the count of refused lines on stderr"
hasf '{"id":"a-1","line":1,"assessment":{"drug":"baclofen","disposition":{"level":4,"name":"call-now"' out "batch: a string id, line 1, the assessment"
hasf '{"id":2,"line":3,"error":{"code":"invalid","message":"give a number from 0 to 200","where":"$.context.egfr"}}' out "batch: a bad line in the middle"
hasf '{"id":null,"line":5,"error":{"code":"parse","message":"the line is not JSON: ' out "batch: a line that is not JSON"
hasf '{"id":3.5,"line":6,"assessment":' out "batch: a number id, answers, a brand name"
hasf '{"id":null,"line":7,"error":{"code":"invalid","message":"unknown question '"'can-walk'"': the questions are can-wake' out "batch: an unknown answer id"
hasf '"where":"$.answers.can-walk"}}' out "batch: the answer's path"
hasf '{"id":"b","line":8,"error":{"code":"invalid","message":"this batch checks baclofen' out "batch: another drug"
hasf '{"id":"c","line":9,"assessment":{"drug":"baclofen","disposition":{"level":1' out "batch: the line after the bad ones"
lacks '"line":2,' out "batch: an empty line is skipped"; lacks '"line":4,' out "batch: a blank line is skipped"
lacks '^{"error"' out "batch: no error of the command for refused lines"
# every line good: exit 0, nothing on stderr; stdin with and without '-'
grep -v -e '^not' -e '"low"' -e 'can-walk' -e tizanidine "$T/batch.jsonl" >"$T/good.jsonl"
expect 0 sh -c "'$SD' check --batch <'$T/good.jsonl'"
[ "$(wc -l <"$T/out")" -eq 3 ] && ok || bad "batch from stdin: $(wc -l <"$T/out") answers, want 3"
[ -s "$T/err" ] && bad "batch of good lines wrote to stderr" || ok
expect 0 sh -c "'$SD' check --batch - --today $today <'$T/good.jsonl'"; has '"line":5,' out "batch: - is stdin"
expect 0 "$SD" check --batch /dev/null; [ -s "$T/out" ] && bad "batch: an empty file answers nothing" || ok
# the same answer as check --json, compact; --today for the lines without context.today
expect 0 "$SD" check "so dizzy after a few beers" --reduced-on 2026-11-20 --egfr 25 --age 70 --today $today --json
tr -d ' \n' <"$T/out" >"$T/single.json"
echo '{"text": "so dizzy after a few beers", "context": {"reduced_on": ["2026-11-20"], "egfr": 25, "age": 70}}' >"$T/one.jsonl"
expect 0 "$SD" check --batch "$T/one.jsonl" --today $today
sed -e 's/^{"id":null,"line":1,"assessment"://' -e 's/}$//' "$T/out" | tr -d ' \n' >"$T/batch1.json"
cmp -s "$T/single.json" "$T/batch1.json" && ok || bad "batch: the assessment differs from check --json"
expect 2 "$SD" check --batch "$T/one.jsonl" --today 2026-11-19
hasf '"where":"$.context.reduced_on[0]"' out "batch: --today applies to a line without context.today"
# a line longer than the limit is refused, the next one answered
{ printf '{"id": "long", "text": "'; head -c 300000 /dev/zero | tr '\0' 'a'; printf '"}\n{"id": "after", "text": "dizzy"}\n'; } >"$T/long.jsonl"
expect 2 "$SD" check --batch "$T/long.jsonl"
hasf '{"id":null,"line":1,"error":{"code":"too_large","message":"the line is longer than 262144 bytes' out "batch: a line too long"
hasf '{"id":"after","line":2,"assessment"' out "batch: the line after a long one"
{ printf '{"id": "t", "text": "'; head -c 70000 /dev/zero | tr '\0' 'a'; printf '"}\r\n'; } >"$T/long.jsonl"
expect 2 "$SD" check --batch "$T/long.jsonl"
hasf '{"id":"t","line":1,"error":{"code":"invalid","message":"give 1 to 65536 characters (got 70000)","where":"$.text"}}' out "batch: a text over the checker's limit (CRLF line)"
# the command's own errors: usage 2, file 4, as JSON on stdout
expect 2 "$SD" check --batch "$T/good.jsonl" --egfr 30; jerr usage "context of one check" --egfr
expect 2 "$SD" check --batch "$T/good.jsonl" --answer can-wake=no; jerr usage "context of one check" --answer
expect 2 "$SD" check "dizzy" --batch "$T/good.jsonl"; jerr usage "give no TEXT" TEXT
expect 4 "$SD" check --batch /nonexistent.jsonl; jerr io "cannot open" -
expect 2 "$SD" check --batch "$T/good.jsonl" --drug nosuchdrug; jerr not_found "no monograph" -

# --- plan: exact taper schedules (issue 4)
P="plan --regimen 20-20-20 --tablets 10/2 --start 2026-11-24"
expect 0 "$SD" $P --days-on-drug 365
has "from 60 mg a day to none in 11 steps" out plan-steps
has "Speed: slow" out "a year at 60 mg/day defaults to the slow speed"
has "on the drug for 365 days" out plan-risk-days; has "\[BACLOFEN-TX\]" out plan-risk-source
has "60 mg a day (60 mg or more" out plan-risk-dose
hasf "Tue 24 Nov – Mon 7 Dec 2026: 15 mg (1½ × 10 mg tablets) at 8:00; 20 mg (2" out plan-first-line
hasf "From Wed 14 Jul 2027: stop. No more baclofen." out plan-stop
has "Never shorter than 14 days" out plan-label-minimum; has "SANTE-DZ PDR-GABLOFEN" out plan-min-sources
has "Withdrawal watch: Withdrawal can begin 12-72 h" out plan-watch
lacks "(none)" out "stopped doses are not listed"; has "does not replace" out plan-notice
long=$(awk 'length > 80' "$T/out" | wc -l); [ "$long" -eq 0 ] && ok || bad "plan text: $long lines over 80 columns"
expect 0 "$SD" $P --days-on-drug 30 --speed standard; has "Speed: standard" out plan-named
has "Tue 24 Nov – Mon 30 Nov 2026" out "standard: 7-day steps"
expect 0 "$SD" plan --regimen 10-10-10 --tablets 10/2 --days-on-drug 30; has "Speed: standard" out "short use below 60 mg: standard"
expect 0 "$SD" $P --days-on-drug 30 --age 80 --egfr 40 --previous-withdrawal; has "Speed: very-slow" out plan-risk-many
has "age 80" out plan-age; has "eGFR 40" out plan-egfr; has "previous withdrawal" out plan-prev
expect 0 "$SD" $P --days-on-drug 30 --speed two-weeks; has "faster than the default" out plan-faster-note
expect 0 "$SD" $P --percent 20 --days-per-step 3; has "Custom speed: cut 20 %" out plan-custom
has "Never shorter than 14 days" out plan-custom-min
# the rapid taper and the stop need a serious adverse reaction and a clinician
expect 2 "$SD" $P --speed rapid; has "serious adverse reaction on a clinician's order" err plan-rapid-refused
lacks "." out "nothing on stdout when refused"
expect 2 "$SD" $P --speed stop --reason serious-adverse-reaction; has "clinician" err plan-stop-refused
expect 0 "$SD" $P --speed rapid --reason serious-adverse-reaction --clinician-approved
has "IMPORTANT. Withdrawal watch" out plan-rapid-watch; has "rapid taper on a clinician's order" out plan-rapid-note
expect 0 "$SD" $P --speed stop --reason serious-adverse-reaction --clinician-approved
has "From Tue 24 Nov 2026: stop" out plan-stop-now; has "IMPORTANT. Withdrawal watch" out plan-stop-watch
expect 0 "$SD" $P --reason serious-adverse-reaction; has "prescriber's decision" out plan-sadr-note
# formulations
expect 0 "$SD" plan --regimen 5 --tablets 5 --start 2026-11-24
has "Your current dose, kept" out "a single whole tablet is held before stopping"
expect 0 "$SD" plan --regimen 10-10 --liquid 1 --min-ml 0.5 --percent 20 --start 2026-11-24
has "mL)" out plan-liquid
expect 0 "$SD" plan --regimen 40-40-40 --tablets 20/2,10/2 --start 2026-11-24; has "above the label maximum" out plan-max
has "+2" out "above the maximum adds 2 risk points"
expect 2 "$SD" plan --regimen 5 --tablets 5/2; has "no score line" err plan-unscored
expect 2 "$SD" plan --regimen 10 --tablets 10/4; has "halves only" err plan-quarters
expect 2 "$SD" plan --regimen 10 --tablets 7; has "no 7 mg tablet is listed" err plan-unlisted
# formats
expect 0 "$SD" $P --format lines; hasf "Tue 24 Nov – Mon 7 Dec 2026: 15 mg (1½ × 10 mg tablets) at 8:00; 20 mg (2 × 10 mg tablets) at 14:00 and 22:00" out plan-lines
lacks "Speed" out "lines carry only the instructions"
expect 0 "$SD" $P --format csv
has "^step,from,to,days,time,dose_mg,dose_ug,made_of,daily_mg,cut_mg,allowed_cut_mg,flags" out csv-header
hasf '1,2026-11-24,2026-12-07,14,08:00,15,15000,"1½ × 10 mg",55,5,6,rounded' out csv-first-row
has ',0,0,"stop",0,' out csv-stop
expect 0 "$SD" $P --format table; has "step  from" out table-header; has "\[rounded\]" out table-flags
expect 0 "$SD" $P --format ics; has "^BEGIN:VCALENDAR" out ics; lacks "Take 0" out "ics: no zero dose"
expect 0 "$SD" $P --format fhir; has '"resourceType": "MedicationRequest"' out fhir
expect 0 "$SD" $P --format json; has '"format": "stepdown-plan"' out json
expect 2 "$SD" $P --format pdf; has "use text, lines" err bad-format
# --output writes whole or not at all
expect 0 "$SD" $P --format json --output "$T/plan.json"; [ -s "$T/plan.json" ] && ok || bad "--output wrote nothing"
[ ! -s "$T/out" ] && ok || bad "--output also wrote to stdout"
expect 2 "$SD" plan --regimen 0 --tablets 10/2 --output "$T/none.json"
[ ! -e "$T/none.json" ] && ok || bad "a refused plan left a file"
ls "$T" | grep -q tmp && bad "a temporary file was left" || ok
# --request: the same plan from JSON
printf '{"regimen":[{"mg":20,"time":"08:00"},{"mg":20,"time":"14:00"},{"mg":20,"time":"22:00"}],"tablets":[{"mg":10,"split":2}],"patient":{"days_on_drug":365},"start":"2026-11-24"}' >"$T/req.json"
expect 0 "$SD" plan --request "$T/req.json" --format csv; cp "$T/out" "$T/a.csv"
expect 0 "$SD" $P --days-on-drug 365 --format csv
cmp -s "$T/out" "$T/a.csv" && ok || bad "--request and the options give different plans"
expect 2 "$SD" plan --request "$T/req.json" --speed slow; has "holds the whole plan request" err request-mixed
printf '{"regimen":[{"mg":20}],"tablets":[{"mg":10,"split":2}],"sped":{}}' >"$T/bad.json"
expect 2 "$SD" plan --request "$T/bad.json"; has 'unknown key "sped"' err request-typo
printf '{"regimen":[{"mg":-5}],"tablets":[{"mg":10}]}' >"$T/bad.json"
expect 2 "$SD" plan --request "$T/bad.json"; has '\$.regimen\[0\].mg' err request-path
printf '{"regimen":[' >"$T/bad.json"
expect 2 "$SD" plan --request "$T/bad.json"; has "line 1" err request-malformed
expect 4 "$SD" plan --request "$T/missing.json"; has "No such file" err request-missing
# adjust after withdrawal at step 3
expect 0 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-12-24 --format json --output "$T/adj.json"
# The plan's JSON byte for byte as the jansson-tree writer made it before
# the text writer replaced it (tests/data/golden/README.md): an adjusted
# tablet plan, and a liquid plan with every patient field and escapes.
expect 0 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-12-24 --format json
cmp -s "$T/out" tests/data/golden/plan-adjusted.json && ok || bad "the adjusted plan's JSON differs from tests/data/golden/plan-adjusted.json"
expect 0 "$SD" plan --request tests/data/golden/plan-liquid.request.json --format json
cmp -s "$T/out" tests/data/golden/plan-liquid.json && ok || bad "the liquid plan's JSON differs from tests/data/golden/plan-liquid.json"
expect 0 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-12-24 --format lines
hasf "Thu 24 Dec – Wed 30 Dec 2026: 15 mg (1½ × 10 mg tablets) at 8:00 and 14:00; 20 mg" out adjust-step-back
expect 0 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-12-24
has "Adjusted 2026-12-24: withdrawal at 45 mg a day (step 3); back to 50 mg a day" out adjust-history
has "Back to the last dose you tolerated" out adjust-explained
has "every 28 days" out "adjust doubles the days per step"
expect 0 "$SD" plan adjust "$T/adj.json" --withdrawal-on 2027-02-20; has "every 56 days" out "a second adjustment slows further"
has "Adjusted 2026-12-24" out adjust-keeps-history; has "Adjusted 2027-02-20" out adjust-second
expect 2 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-11-25; has "no cut had been made" err adjust-before-cut
expect 2 "$SD" plan adjust "$T/plan.json" --withdrawal-on 2026-11-01; has "before the plan starts" err adjust-before-plan
expect 2 "$SD" plan adjust "$T/plan.json"; has "withdrawal-on" err adjust-no-date
expect 2 "$SD" plan adjust "$T/req.json" --withdrawal-on 2026-12-24; has "not a stepdown plan" err adjust-not-plan
sed 's/"ug": 15000/"ug": 15001/' "$T/plan.json" >"$T/tampered.json"
expect 2 "$SD" plan adjust "$T/tampered.json" --withdrawal-on 2026-12-24; has "cannot be made" err adjust-tampered
# bad input
expect 2 "$SD" plan --regimen 0-10 --tablets 10/2; has "above zero" err plan-zero
expect 2 "$SD" plan --regimen -5 --tablets 10/2; has "give milligrams" err plan-negative
expect 2 "$SD" plan --regimen 7.5 --tablets 10/2; has "cannot be made" err plan-unmakeable
expect 2 "$SD" plan --regimen 10 --tablets 10/2 --days-per-step 0; has "from 1 to 365" err plan-days
expect 2 "$SD" plan --regimen 10 --tablets 10/3; has "/2 halves, /4" err plan-pieces
expect 2 "$SD" plan --regimen abc --tablets 10; has "give milligrams" err plan-nonnumeric
expect 2 "$SD" plan --regimen 10 --tablets 10 --start 2026-02-30; has "is not a date" err plan-date
expect 2 "$SD" plan --tablets 10; has "current regimen" err plan-no-regimen
expect 2 "$SD" plan --regimen 10 --tablets 10 --speed turbo; has "unknown speed 'turbo'" err plan-bad-speed
expect 2 "$SD" plan --regimen 10 --tablets 10 --reason boredom; has "serious-adverse-reaction" err plan-bad-reason
expect 0 "$SD" plan --help; has "plan adjust" out plan-help

# --- no drug name is written into the engine
if grep -rniI "baclofen" src include >/dev/null; then bad "a drug name appears in src/ or include/"; else ok; fi

summary cli
