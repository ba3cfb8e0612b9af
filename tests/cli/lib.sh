# lib.sh: helpers shared by the CLI test scripts (sourced, not run).
# Sets SD (the command), T (a scratch directory removed at exit), and the
# pass/fail counters; a script ends with `summary NAME`.
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

# summary NAME: print the counts; the status is 0 only when nothing failed.
summary() {
    echo "$1 tests: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
