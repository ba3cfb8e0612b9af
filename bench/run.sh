#!/bin/sh
# run.sh: the benchmarks behind `make bench`. Prints the machine, then the
# timings; docs/BENCHMARKS.md records a run and explains the method.
set -eu
BIN=${1:-build/stepdown}
mkdir -p build/bench
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_kb \
    bench/bench_kb.c build/libstepdown.a $(pkg-config --libs jansson)
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
    bench/bench_check.c build/libstepdown.a $(pkg-config --libs jansson libutf8proc)
build/bench/bench_check data/drugs/baclofen.json tests/data/psytar/mentions.json
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_plan \
    bench/bench_plan.c build/libstepdown.a $(pkg-config --libs jansson libutf8proc libical)
build/bench/bench_plan data/drugs/baclofen.json
# The diary store: entries written per second to a file in /tmp, one per
# transaction and 1,000 per batch; a retried write; a whole diary loaded.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_store \
    bench/bench_store.c build/libstepdown.a $(pkg-config --libs jansson libutf8proc libical sqlite3)
build/bench/bench_store
# The safety monitor over 10,000 patients x 90 days: in memory, and from
# the database (load, rules, alerts stored), two passes.
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Iinclude -o build/bench/bench_monitor \
    bench/bench_monitor.c build/libstepdown.a $(pkg-config --libs jansson libutf8proc libical sqlite3)
build/bench/bench_monitor data/drugs/baclofen.json 10000
