#!/bin/sh
# valgrind.sh: run the CLI paths under valgrind; any leak or memory error
# fails. usage: STEPDOWN=build/stepdown sh tests/cli/valgrind.sh
set -u
SD=${STEPDOWN:-build/stepdown}
VG="valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99"
fail=0 n=0
run() {
    want=$1; shift
    n=$((n + 1))
    $VG "$SD" "$@" >/dev/null 2>/tmp/sd-vg.$$; got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL (exit $got, want $want): $*" >&2; cat /tmp/sd-vg.$$ >&2; fail=$((fail + 1))
    fi
}
run 0
run 0 --help
run 0 --version
run 0 info
run 0 side-effects
run 0 side-effects --serious --json
run 0 sources
run 0 sources --json
run 0 side-effects Lioresal
run 0 --data-dir tests/data/drugs info examplex
run 2 side-effects nosuchdrug
run 2 --monograph tests/data/json/invalid/bad-json/input.json info
run 2 --monograph tests/data/json/invalid/unknown-source/input.json side-effects
run 2 --monograph tests/data/json/invalid/fact-without-source/input.json side-effects
run 2 frobnicate
run 0 check "I have been seeing things since I cut my dose" --reduced-on 2026-11-22 --today 2026-11-24
run 0 check "a little drowsy in the morning, no headache, my toe hurts" --json
run 0 check "my pump alarm is beeping, fever" --egfr 25 --alcohol --age 70
run 2 check ""
run 0 plan --regimen 20-20-20 --tablets 10/2 --start 2026-11-24
run 2 plan --regimen 7 --tablets 10/2
P="plan --regimen 20-20-20 --tablets 10/2 --start 2026-11-24 --days-on-drug 365"
for f in text lines table csv json ics fhir; do run 0 $P --format $f; done
VGT=$(mktemp -d)
run 0 $P --format json --output "$VGT/plan.json"
run 0 plan adjust "$VGT/plan.json" --withdrawal-on 2026-12-23 --format json --output "$VGT/adj.json"
run 0 plan adjust "$VGT/adj.json" --withdrawal-on 2027-01-10 --format ics
run 2 plan adjust "$VGT/plan.json" --withdrawal-on 2026-11-25
printf '{"regimen":[{"mg":10}],"liquid":{"mg_per_ml":1,"min_ml":0.5},"start":"2026-11-24"}' >"$VGT/req.json"
run 0 plan --request "$VGT/req.json" --format fhir
printf '{"regimen":[{"mg":10}],"tablets":[{"mg":10,"split":2}],"sped":1}' >"$VGT/bad.json"
run 2 plan --request "$VGT/bad.json"
run 0 $P --speed stop --reason serious-adverse-reaction --clinician-approved --format ics
run 2 $P --speed rapid
run 2 check "dizzy" --reduced-on 2026-13-01
run 0 check "so sleepy" --answer can-wake=no --answer fit-now=yes --json
run 2 check "dizzy" --answer can-walk=no --json
run 2 check "dizzy" --egfr -3 --json
run 2 side-effects nosuchdrug --json
# check --batch: answered, refused, not JSON, too long and blank lines
{
    echo '{"id": "a", "text": "seeing things since I cut my dose", "context": {"reduced_on": ["2026-11-22"], "today": "2026-11-24"}}'
    echo '{"id": 2, "text": "dizzy", "context": {"egfr": "low"}}'
    echo ''
    echo '{"text": "so sleepy", "answers": {"can-wake": "no"}}'
    echo '{"text": "x", "answers": {"can-walk": "no"}}'
    echo 'not json'
    printf '{"text": "'; head -c 300000 /dev/zero | tr '\0' 'a'; echo '"}'
    echo '{"id": "last", "text": "a little drowsy"}'
} >"$VGT/batch.jsonl"
run 2 check --batch "$VGT/batch.jsonl" --today 2026-11-24
run 4 check --batch "$VGT/none.jsonl"
run 0 pump --reservoir-ml 20 --concentration 600 --dose-mcg-day 112.5 --filled 2026-11-24T09:30 --alarm-ml 0 --today 2027-06-01
run 0 pump --reservoir-ml 20 --concentration 500 --dose-mcg-day 300 --filled 2026-11-24 --alarm-ml 2 --json
run 2 pump --reservoir-ml 20 --concentration 500 --dose-mcg-day 300 --filled 2026-11-24 --alarm-ml 20
# The diary: every command on a scratch database, good and bad input.
export STEPDOWN_DB="$VGT/diary.db" STEPDOWN_NOW=2026-09-02T23:00 TZ=UTC
run 0 patient add vg --birth-year 1950
run 2 patient add "Two Words"
run 0 rx set vg --regimen 10-10-10 --tablets 10 --start 2026-09-01 --since 2026-01-01
run 0 log dose vg --dose 10mg --at 2026-09-01T08:00
run 0 log dose vg --dose 30mg --kind extra --at 2026-09-01T09:00
run 2 log dose vg --dose 7mg --at 2026-09-01T08:00
run 0 log symptom vg "very drowsy and confused" --severity 3 --at 2026-09-02T10:00
run 0 log score vg tremor=3,sweats=2 --at 2026-09-02T11:00
run 2 log score vg tremor=9
run 0 log alcohol vg --drinks 2 --at 2026-09-02T20:00
run 0 log supply vg --units 90 --at 2026-09-01
run 0 log egfr vg --value 45 --at 2026-09-01
run 0 $P --format json --output "$VGT/plan2.json"
run 0 plan save vg "$VGT/plan2.json"
run 0 status vg
run 0 alerts
run 0 alerts vg --json
run 0 alerts --ack 1 --by "Dr V"
run 2 alerts --ack 1 --by "Dr V"
for f in text html csv json; do run 0 report vg --format $f; done
run 0 export vg --format fhir
run 0 export vg --format json --output "$VGT/vg.json"
run 0 --db "$VGT/other.db" import "$VGT/vg.json"
run 2 import "$VGT/plan2.json"
run 0 backup "$VGT/backup.db"
run 0 settings
run 0 settings refill.days 4
run 2 settings refill.days 99
unset STEPDOWN_DB STEPDOWN_NOW
# The server: start, answer public, bad and account requests, stop on
# SIGTERM; exit 0 and nothing leaked.
n=$((n + 1))
$VG "$SD" serve --listen 127.0.0.1:0 --db "$VGT/serve.db" --threads 2 \
    --access-log "$VGT/access.log" >"$VGT/serve.out" 2>/tmp/sd-vg.$$ &
vgpid=$!
url=""
for i in $(seq 1 300); do
    url=$(sed -n 's/^stepdown .* serving \(http:[^ ]*\) .*/\1/p' "$VGT/serve.out")
    [ -n "$url" ] && grep -q "^open " "$VGT/serve.out" && break
    sleep 0.2
done
tok=$(sed -n 's/.*#\/setup?token=\([A-Za-z0-9_-]*\).*/\1/p' "$VGT/serve.out")
J="Content-Type: application/json"
# a plan to adjust, made outside valgrind
"$SD" plan --regimen 20-20-20 --tablets 10/2 --start 2026-11-24 --format json >"$VGT/plan.json"
{ printf '{"plan":'; cat "$VGT/plan.json"; printf ',"withdrawal_on":"2026-12-24"}'; } >"$VGT/adjust.json"
c() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
codes=$(
    c "$url/api/v1/health"
    c "$url/"
    c -X POST -H "$J" -d '{"text":"seeing things since I cut my dose","context":{"reduced_on":["2026-11-22"]}}' "$url/api/v1/check"
    c -X POST -H "$J" -d '{"regimen":[{"mg":20},{"mg":20},{"mg":20}],"tablets":[{"mg":10,"split":2}]}' "$url/api/v1/plans"
    c -X POST -H "$J" -d '{"request":{"regimen":[{"mg":20},{"mg":20},{"mg":20}],"tablets":[{"mg":10,"split":2}]}}' "$url/api/v1/plans/export?format=ics"
    # plans are malloc'ed, not zeroed: a stop at once and an adjustment read no byte never written
    c -X POST -H "$J" -d '{"regimen":[{"mg":20}],"tablets":[{"mg":20,"split":2}],"reason":"serious-adverse-reaction","clinician_approved":true,"speed":{"preset":"stop"}}' "$url/api/v1/plans"
    c -X POST -H "$J" --data-binary @"$VGT/adjust.json" "$url/api/v1/plans/adjust"
    c -X POST -H "$J" -d '{"text": 3}' "$url/api/v1/check"
    c -X POST -H "$J" -d '{"text": "x"' "$url/api/v1/check"
    c "$url/api/v1/nope"
    c -X DELETE "$url/api/v1/check"
    c -X POST -H "$J" -d "{\"token\":\"$tok\",\"username\":\"admin\",\"password\":\"valgrind-admin-pw\"}" "$url/api/v1/auth/setup"
    c -X POST -H "$J" -d '{"username":"admin","password":"wrong-password"}' "$url/api/v1/auth/login"
    c "$url/api/v1/patients"
)
kill -TERM $vgpid
wait $vgpid; got=$?
want="200 200 200 200 200 200 200 400 400 404 405 201 401 401 "
if [ "$got" -ne 0 ] || [ "$codes" != "$want" ]; then
    echo "FAIL (exit $got; statuses '$codes', want '$want'): serve" >&2
    cat /tmp/sd-vg.$$ "$VGT/serve.out" >&2; fail=$((fail + 1))
fi
rm -f /tmp/sd-vg.$$
rm -rf "$VGT"
echo "valgrind: $n CLI runs, $fail failed"
[ "$fail" -eq 0 ]
