#!/bin/sh
# diary.sh: end-to-end tests of the diary commands on a scratch database:
# patients, prescriptions, plans, every log kind, the monitor's alerts
# after each entry (the over-user and the withdrawal after a step down,
# replayed through the CLI), acknowledgement, status, reports in four
# formats, the FHIR and JSON exports, a lossless import into a second
# database, backup, settings, and bad input: a clear message, exit 2,
# nothing written.
# usage: STEPDOWN=build/stepdown sh tests/cli/diary.sh
set -u
. "$(dirname "$0")/lib.sh"
export STEPDOWN_DB="$T/diary.db" TZ=UTC
unset XDG_DATA_HOME
at() { STEPDOWN_NOW="$1" ; export STEPDOWN_NOW; }
# refused MESSAGE CMD...: exit 2, MESSAGE on stderr, the entry count unchanged
refused() {
    msg=$1; shift
    before=$("$SD" patient show ann 2>/dev/null | grep '^entries:')
    expect 2 "$SD" "$@"
    hasf "$msg" err "refused: $*"
    after=$("$SD" patient show ann 2>/dev/null | grep '^entries:')
    [ "$before" = "$after" ] && ok || bad "refused input wrote something: $* ($before -> $after)"
}

# --- help and the default database path
expect 0 "$SD" patient --help; has "log dose PSEUDONYM" out help; has "STEPDOWN_DB" out help
expect 0 "$SD" --help; has "patient, rx, plan save, log" out "main help"
expect 0 "$SD" log score --help; has "spasticity" out items; has "CIWA-Ar" out origin
HOME="$T/home" STEPDOWN_DB= "$SD" patient list >/dev/null 2>&1
[ -f "$T/home/.local/share/stepdown/stepdown.db" ] && ok || bad "default database not created under ~/.local/share/stepdown"

# --- patients
at 2026-09-01T07:00
expect 0 "$SD" patient add ann --birth-year 1970; has "patient ann (id" out add
expect 0 "$SD" patient add ann --birth-year 1970; has "patient ann" out "retry is idempotent"
expect 2 "$SD" patient add "Ann Smith"; hasf "pseudonym" err "names refused"
expect 2 "$SD" patient add bob --birth-year 1800; hasf "birth-year" err year
expect 0 "$SD" patient add bob --birth-year 1985
expect 0 "$SD" patient list; has "^ann *born 1970" out list; has "^bob" out list
expect 2 "$SD" patient show nobody; hasf "no patient 'nobody'" err unknown

# --- prescriptions
refused "no prescription" log dose ann --dose 10mg --at 2026-09-01T06:00
expect 2 "$SD" rx set ann --regimen 20-20-20 --tablets 7; hasf "7 mg" err "unknown strength"
expect 2 "$SD" rx set ann --regimen 20-20-20 --tablets 5/2; hasf "5 mg" err "5 mg tablets have no score line"
expect 2 "$SD" rx set ann --regimen 12-20-20 --tablets 10/2; hasf "cannot be made" err "12 mg of 10 mg halves"
expect 2 "$SD" rx set nobody --regimen 10-10-10 --tablets 10; hasf "no patient" err "unknown patient"
expect 0 "$SD" rx set ann --regimen 10-10-10 --tablets 10 --start 2026-09-01 --since 2026-06-01 --prescriber "Dr Lee"
has "30 mg a day in 3 doses" out rx
expect 0 "$SD" patient show ann; has "prescription 2026-09-01 to open: 10 mg at 08:00, 10 mg at 14:00, 10 mg at 22:00" out show

# --- bad doses: nothing written
at 2026-09-10T12:00
refused "unknown unit" log dose ann --dose 10kg --at 2026-09-10T08:00
refused "cannot be made" log dose ann --dose 7.5mg --at 2026-09-10T08:00
refused "in the future" log dose ann --dose 10mg --at 2026-09-11T08:00
refused "before the first prescription" log dose ann --dose 10mg --at 2026-08-30T08:00
refused "not for a liquid" log dose ann --dose 5ml --at 2026-09-10T08:00
refused "--at" log dose ann --dose 10mg --at yesterday
refused "--kind" log dose ann --dose 10mg --kind lots
refused "unknown score item" log score ann tremors=3
refused "out of range" log score ann tremor=9
refused "severity" log symptom ann "dizzy" --severity 7
refused "--drinks N or --sedative" log alcohol ann
refused "eGFR" log egfr ann --value 400
refused "tablets are dispensed whole" log supply ann --units 2.5

# --- the over-user, day by day: 10 mg three times a day, then extra
d=1
while [ $d -le 9 ]; do
    day=$(printf '2026-09-%02d' $d)
    at "${day}T23:30"
    for t in 08:00 14:00 22:00; do "$SD" log dose ann --dose 10mg --at "${day}T$t" >/dev/null || bad "log $day $t"; done
    d=$((d + 1))
done
expect 0 "$SD" alerts ann; has "no open alerts" out "adherent so far"
at 2026-09-10T23:30
"$SD" log dose ann --dose 1tab --at 2026-09-10T08:00 >/dev/null
"$SD" log dose ann --dose 10000mcg --at 2026-09-10T14:00 >/dev/null
"$SD" log dose ann --dose 10 --at 2026-09-10T22:00 >/dev/null
expect 0 "$SD" log dose ann --dose 20mg --kind extra --at 2026-09-10T23:00
has "new alerts" out "alert printed after the entry"; has "above-prescription" out over
has "50 mg taken within 24 hours" out numbers; has "US-TAB" out sources
expect 0 "$SD" log dose ann --dose 20mg --kind extra --at 2026-09-10T23:00
has "recorded" out "a retry"; lacks "new alerts" out "a retry raises nothing new"
expect 0 "$SD" alerts ann; [ "$(grep -c '^  #' "$T/out")" -eq 1 ] && ok || bad "one alert after a retried entry"
expect 0 "$SD" log dose ann --dose 10mg --kind extra --at 2026-09-10T23:01 --key k-1
expect 2 "$SD" log dose ann --dose 20mg --kind extra --at 2026-09-10T23:01 --key k-1
hasf "used for other content" err "key reuse refused"
at 2026-09-12T23:30
for t in 08:00 14:00 22:00; do "$SD" log dose ann --dose 10mg --at "2026-09-11T$t" >/dev/null; "$SD" log dose ann --dose 10mg --at "2026-09-12T$t" >/dev/null; done
expect 0 "$SD" log dose ann --dose 20mg --kind extra --at 2026-09-12T23:00
has "extra-repeated" out "second extra day"
at 2026-09-13T09:00
expect 0 "$SD" log dose ann --dose 80mg --kind extra --at 2026-09-13T08:30
has "above-label-max" out "above 80 mg"; has "call-today" out level

# --- alerts: list, JSON, acknowledge
expect 0 "$SD" alerts; has "^ann:" out "all patients"
expect 0 "$SD" alerts ann --json; has '"rule": "above-label-max"' out json; has '"acknowledged": false' out json
id=$("$SD" alerts ann | grep above-label-max | sed 's/^  #\([0-9]*\).*/\1/')
expect 2 "$SD" alerts --ack "$id"; hasf "--by" err "ack needs a clinician"
expect 0 "$SD" alerts --ack "$id" --by "Dr Lee" --note "called, dose explained"; has "acknowledged by Dr Lee" out ack
expect 2 "$SD" alerts --ack "$id" --by "Dr Lee"; hasf "acknowledged already" err "twice"
expect 2 "$SD" alerts --ack 99999 --by "Dr Lee"; hasf "no alert with id 99999" err unknown
expect 0 "$SD" alerts ann; lacks "above-label-max" out "acknowledged alert leaves the open list"
expect 0 "$SD" alerts ann --all; has "Acknowledged by Dr Lee" out "--all shows it"

# --- status
expect 0 "$SD" status ann
has "supports your prescriber" out notice; has "the prescription, 30 mg a day" out today
has "logged today: 80 mg extra" out "today's doses"; has "open alerts: " out open

# --- symptoms, scores, alcohol, eGFR, supply
at 2026-09-14T10:00
expect 0 "$SD" log symptom ann "I feel very drowsy and confused" --severity 3
# 80 mg extra was logged today: confusion after taking extra is the
# overdose emergency (issue 14; it was call-now before).
has "emergency" out checker; has "confusion" out concepts; has "symptom-report" out alert
expect 0 "$SD" log score ann tremor=3,sweats=2,anxiety=4 --at 2026-09-14T09:00
has "withdrawal score 9" out total; has "band: moderate" out band
expect 0 "$SD" log alcohol ann --drinks 3 --at 2026-09-13T20:00; has "sedative-use" out alcohol
expect 0 "$SD" log alcohol ann --sedative zopiclone --at 2026-09-13T23:00
expect 0 "$SD" log egfr ann --value 52 --at 2026-09-13; has "eGFR 52" out egfr
expect 0 "$SD" log supply ann --units 90 --at 2026-09-01
expect 0 "$SD" patient show ann; has "symptom reports" out show

# --- a plan, saved and versioned; withdrawal after the step down
at 2026-09-01T07:00
expect 0 "$SD" patient add cy --birth-year 1960
expect 0 "$SD" rx set cy --regimen 20-20-20 --tablets 10/2 --start 2026-09-01 --since 2025-09-01
"$SD" plan --regimen 20-20-20 --tablets 10/2 --days-on-drug 365 --start 2026-09-15 --format json >"$T/plan.json"
expect 0 "$SD" plan save cy "$T/plan.json"; has "plan version 1 for cy" out save
expect 0 "$SD" plan save cy "$T/plan.json"; has "plan version 1 for cy" out "same plan again: the same version"
echo '{"not":"a plan"}' >"$T/bad.json"
expect 2 "$SD" plan save cy "$T/bad.json"
at 2026-09-16T21:00
d=1
while [ $d -le 16 ]; do
    day=$(printf '2026-09-%02d' $d)
    m=20; [ $d -ge 15 ] && m=15
    "$SD" log dose cy --dose ${m}mg --at "${day}T08:00" >/dev/null || bad "cy $day"
    "$SD" log dose cy --dose 20mg --at "${day}T14:00" >/dev/null
    [ "$day" != 2026-09-16 ] || break
    "$SD" log dose cy --dose 20mg --at "${day}T22:00" >/dev/null
    d=$((d + 1))
done
expect 0 "$SD" status cy; has "step 1 of 12 of plan version 1: 55 mg a day" out step
expect 0 "$SD" log symptom cy "my spasms are back and I itch all over" --at 2026-09-16T20:00
has "withdrawal-after-step" out "withdrawal after the step down"
has "60 mg a day, the last tolerated dose" out "the planner's step back"
has "plan adjust" out "how"

# --- reports
at 2026-09-16T21:30
expect 0 "$SD" report cy --from 2026-09-01 --to 2026-09-16; has "supports your prescriber" out notice; has "cy" out name
expect 0 "$SD" report cy --format html --output "$T/r.html"
grep -q "<table" "$T/r.html" && ok || bad "html report has tables"
expect 0 "$SD" report cy --format csv --output "$T/r.csv"; [ -s "$T/r.csv" ] && ok || bad "csv report"
expect 0 "$SD" report cy --format json; has '"adherence"' out json
expect 2 "$SD" report cy --format pdf
expect 2 "$SD" report cy --from 2026-09-10 --to 2026-09-01

# --- export and import: a lossless round trip
expect 0 "$SD" export ann --format json --output "$T/ann.json"
expect 0 "$SD" export ann --format fhir --output "$T/ann-fhir.json"
grep -q '"resourceType": "Bundle"' "$T/ann-fhir.json" && ok || bad "FHIR bundle"
grep -q '"DetectedIssue"' "$T/ann-fhir.json" && ok || bad "alerts as DetectedIssue"
expect 0 "$SD" --db "$T/copy.db" import "$T/ann.json"; has "imported ann" out import
expect 0 "$SD" --db "$T/copy.db" export ann --format json --output "$T/ann2.json"
cmp -s "$T/ann.json" "$T/ann2.json" && ok || { bad "export -> import -> export differs"; diff "$T/ann.json" "$T/ann2.json" | head -20 >&2; }
expect 0 "$SD" --db "$T/copy.db" import "$T/ann.json"
expect 0 "$SD" --db "$T/copy.db" export ann --format json --output "$T/ann3.json"
cmp -s "$T/ann.json" "$T/ann3.json" && ok || bad "a second import changed the diary"
sed 's/"amount_ug": 10000/"amount_ug": "ten"/' "$T/ann.json" >"$T/bad-import.json"
expect 2 "$SD" --db "$T/fresh.db" import "$T/bad-import.json"; hasf "amount_ug" err "path named"
expect 2 "$SD" --db "$T/fresh.db" patient show ann; hasf "no patient" err "nothing half imported"
expect 2 "$SD" export ann --format xml

# --- backup and settings
expect 0 "$SD" backup "$T/backup.db"; [ -s "$T/backup.db" ] && ok || bad backup
expect 0 "$SD" --db "$T/backup.db" patient list; has "^ann" out "the backup opens"
expect 2 "$SD" backup "$T/backup.db"; hasf "exists" err "no overwrite"
expect 0 "$SD" settings; has "score.moderate *8" out settings
expect 0 "$SD" settings score.moderate 10; expect 0 "$SD" settings; has "score.moderate *10" out set
expect 2 "$SD" settings score.moderate 20; hasf "below score.severe" err order
expect 2 "$SD" settings refill.days x
expect 2 "$SD" settings nonsense 3

# --- demo patients: two 60-day diaries; Ben first in the panel; a second
# run (or a later one) adds nothing
at 2026-11-24T15:00
D="$T/demo.db"
expect 0 "$SD" --db "$D" demo; has "^demo patients (60 days of diary up to 2026-11-24 15:00)" out demo
has "^  demo-ana *no open alert" out "ana: no alert"; has "^  demo-ben *5 open alerts, the highest call-today" out "ben: call-today"
expect 0 "$SD" --db "$D" patient list; has "^demo-ana *born 1968" out list; has "^demo-ben *born 1979" out list
expect 0 "$SD" --db "$D" export demo-ben --format json --output "$T/ben1.json"
expect 0 "$SD" --db "$D" demo; has "^  demo-ben *5 open alerts" out "second run"
at 2026-11-27T09:00
expect 0 "$SD" --db "$D" demo; has "^  demo-ana" out "a later run"
at 2026-11-24T15:00
expect 0 "$SD" --db "$D" export demo-ben --format json --output "$T/ben2.json"
cmp -s "$T/ben1.json" "$T/ben2.json" && ok || bad "a second demo run changed the diary"
expect 0 "$SD" --db "$D" alerts; [ "$(head -n 1 "$T/out")" = "demo-ben:" ] && ok || bad "demo-ben not first in the alerts"
has "withdrawal-after-step" out "withdrawal after the step down"; lacks "demo-ana" out "no alert for ana"
expect 0 "$SD" --db "$D" status demo-ana; has "open alerts: 0" out "ana status"; has "plan version 1" out "ana's plan"
expect 0 "$SD" --db "$D" status demo-ben; has "2 skipped" out "ben's missed doses"
expect 0 "$SD" --db "$D" report demo-ben --format json; has '"adherence"' out "ben's report"
expect 2 "$SD" --db "$D" demo more; hasf "unexpected 'more'" err "demo takes no arguments"
expect 0 "$SD" patient --help; has "demo " out "demo in the help"

summary diary
