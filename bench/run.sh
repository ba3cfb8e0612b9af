#!/bin/sh
# run.sh: the benchmarks behind `make bench`. Prints the machine, then the
# timings; docs/BENCHMARKS.md records a run and explains the method.
set -eu
BIN=${1:-build/stepdown}
# the library of the same build as the binary (make BUILD=... bench)
LIB=$(dirname "$BIN")/libstepdown.a
mkdir -p build/bench
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_kb \
    bench/bench_kb.c "$LIB" $(pkg-config --libs jansson)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
build/bench/bench_kb data/drugs/baclofen.json 300
# Whole CLI runs: process start, load, render (wall clock, 50 runs).
for cmd in "side-effects" "side-effects --json" "info"; do
    start=$(date +%s%N)
    i=0; while [ $i -lt 50 ]; do "$BIN" $cmd >/dev/null; i=$((i + 1)); done
    end=$(date +%s%N)
    printf '%-34s n=50   mean   %8.1f us per run\n' "stepdown $cmd" "$(( (end - start) / 50000 ))"
done
# The symptom checker's text path: lexicon build, sd_read() throughput over
# a 50 MB corpus of PsyTAR patient phrases, sd_check() per ~200-char report.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_check \
    bench/bench_check.c "$LIB" $(pkg-config --libs jansson libutf8proc)
build/bench/bench_check data/drugs/baclofen.json tests/data/psytar/mentions.json
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_plan \
    bench/bench_plan.c "$LIB" $(pkg-config --libs jansson libutf8proc libical)
build/bench/bench_plan data/drugs/baclofen.json
# The diary store: entries written per second to a file in /tmp, one per
# transaction and 1,000 per batch; a retried write; a whole diary loaded.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_store \
    bench/bench_store.c "$LIB" $(pkg-config --libs jansson libutf8proc libical sqlite3)
build/bench/bench_store
# The safety monitor over 10,000 patients x 90 days: in memory, and from
# the database (load, rules, alerts stored), two passes.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_monitor \
    bench/bench_monitor.c "$LIB" $(pkg-config --libs jansson libutf8proc libical sqlite3)
build/bench/bench_monitor data/drugs/baclofen.json 10000
# The HTTP server (`stepdown serve`) under wrk, 50 connections, 10 s per
# scenario, on a fresh database with the demo data and no access log. Two
# layouts of the 2 cores (docs/BENCHMARKS.md says why):
#   separate: the server on core 0 with one thread, wrk on core 1 with one
#             (taskset), so the load generator takes none of the server's
#             CPU and its scheduling none of the server's latency;
#   shared:   the server as `make run` starts it (a thread per core) and wrk
#             -t2, both on both cores, wrk's CPU and time slices included.
if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    echo "serve: wrk or curl missing (scripts/deps.sh test installs them); skipped"
    exit 0
fi
SRV_DIR=$(mktemp -d /tmp/stepdown-bench.XXXXXX)
PORT=${SD_BENCH_PORT:-18731}
URL=http://127.0.0.1:$PORT
SRV_PID=
stop_server() {
    if [ -n "$SRV_PID" ]; then
        kill -TERM "$SRV_PID" 2>/dev/null || true
        wait "$SRV_PID" 2>/dev/null || true
        SRV_PID=
    fi
}
trap 'stop_server; rm -rf "$SRV_DIR"' EXIT INT TERM
# start_server [PREFIX...] -- [SERVE OPTIONS...]
start_server() {
    pre=
    while [ "$1" != -- ]; do pre="$pre $1"; shift; done
    shift
    rm -f "$SRV_DIR"/bench.db*
    $pre "$BIN" serve --listen 127.0.0.1:$PORT --db "$SRV_DIR/bench.db" \
        --access-log off --demo "$@" >"$SRV_DIR/out" 2>"$SRV_DIR/err" &
    SRV_PID=$!
    i=0
    until curl -fs "$URL/api/v1/health" >/dev/null 2>&1 &&
          grep -q '^demo clinician' "$SRV_DIR/out"; do
        i=$((i + 1))
        if [ $i -gt 200 ] || ! kill -0 "$SRV_PID" 2>/dev/null; then
            echo "serve: the server did not start:"; cat "$SRV_DIR/err"; exit 1
        fi
        sleep 0.05
    done
}
# wrk's summary as one line: requests/s, p50, p99, errors, and the
# server's own CPU time per request (user + system, from /proc), which other
# load on the machine disturbs less than the rate and the tail do.
TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SRV_PID/stat"; }
wrk_line() {
    awk -v name="$1" -v ticks="$2" -v tck="$TCK" '
        /requests in/ { n = $1 }
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /Non-2xx/ { bad = $NF } /Socket errors/ { sock = $0 }
        END { printf "%-34s %9s req/s   p50 %8s   p99 %8s   server CPU %6.1f us/req   non-2xx %s%s\n",
              name, rps, p50, p99, n ? ticks / tck * 1e6 / n : 0,
              bad ? bad : 0, sock ? "   " sock : "" }'
}
# run_wrk NAME [PREFIX...] -- WRK OPTIONS...
run_wrk() {
    name=$1; shift
    pre=
    while [ "$1" != -- ]; do pre="$pre $1"; shift; done
    shift
    t0=$(cpu_ticks)
    $pre wrk -c50 -d10s --latency "$@" "$URL" >"$SRV_DIR/wrk.out" 2>&1 || {
        cat "$SRV_DIR/wrk.out"; exit 1; }
    wrk_line "$name" $(( $(cpu_ticks) - t0 )) <"$SRV_DIR/wrk.out"
}
version=$("$BIN" --version 2>/dev/null | head -n1)
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
    echo "serve, separate: $version on core 0 (--threads 1); wrk -t1 -c50 -d10s on core 1"
    start_server taskset -c 0 -- --threads 1
    run_wrk "POST /api/v1/check (~100 chars)" taskset -c 1 -- -t1 -s bench/wrk/check.lua
    run_wrk "POST /api/v1/plans (20-20-20)" taskset -c 1 -- -t1 -s bench/wrk/plan.lua
    stop_server
else
    echo "serve, separate: needs 2 cores and taskset; skipped"
fi
echo "serve, shared: $version (a thread per core); wrk -t2 -c50 -d10s on the same $(nproc) cores"
start_server --
run_wrk "POST /api/v1/check (~100 chars)" -- -t2 -s bench/wrk/check.lua
run_wrk "POST /api/v1/plans (20-20-20)" -- -t2 -s bench/wrk/plan.lua
# A logged-in diary write: the demo clinician's session and CSRF token,
# demo-ana's id from the panel, then a new dose entry per request.
PW=$(sed -n 's/^demo clinician: username dr.demo password //p' "$SRV_DIR/out")
LOGIN=$(curl -fs -c "$SRV_DIR/jar" -H 'Content-Type: application/json' \
    -d "{\"username\": \"dr.demo\", \"password\": \"$PW\"}" "$URL/api/v1/auth/login")
SD_CSRF=$(printf '%s' "$LOGIN" | sed -n 's/.*"csrf": *"\([^"]*\)".*/\1/p')
SD_COOKIE=$(awk '$6 == "sd_session" { print $7 }' "$SRV_DIR/jar")
SD_PATIENT=$(curl -fs -b "$SRV_DIR/jar" "$URL/api/v1/patients" |
    sed -n 's/.*"id": *\([0-9]*\)[^}]*"pseudonym": *"demo-ana".*/\1/p')
if [ -z "$SD_CSRF" ] || [ -z "$SD_COOKIE" ] || [ -z "$SD_PATIENT" ]; then
    echo "serve: could not log in as dr.demo or find demo-ana"; exit 1
fi
export SD_CSRF SD_COOKIE SD_PATIENT
run_wrk "POST .../entries (dose, logged in)" -- -t2 -s bench/wrk/entry.lua
n=$(curl -fs -b "$SRV_DIR/jar" "$URL/api/v1/patients/$SD_PATIENT/diary" |
    grep -o '"bench-[0-9-]*"' | wc -l) || n=?
echo "serve: demo-ana's diary now holds $n bench entries"
stop_server
rm -rf "$SRV_DIR"
trap - EXIT INT TERM
