#!/bin/sh
# deps.sh: make sure the Debian packages stepdown builds and tests with are
# installed. Idempotent: does nothing when everything is present. As root it
# installs what is missing with apt-get; otherwise it prints the exact
# command to run and fails.
#
# usage: scripts/deps.sh [build|test]   (default: test, which is a superset)
set -eu

what=${1:-test}

build_pkgs="make gcc pkg-config libjansson-dev libutf8proc-dev libical-dev libsqlite3-dev libmicrohttpd-dev libsodium-dev wamerican nodejs npm"
test_pkgs="libcmocka-dev clang libclang-rt-14-dev valgrind chromium wrk curl"

case "$what" in
build) pkgs=$build_pkgs ;;
test) pkgs="$build_pkgs $test_pkgs" ;;
*) echo "usage: $0 [build|test]" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
# node may come from elsewhere than Debian's package (nodesource, nvm):
# accept any node >= 18 with npm on the PATH.
case "$missing" in
*nodejs*|*npm*)
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
       [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; then
        missing=$(echo "$missing" | sed -e 's/ nodejs//' -e 's/ npm//')
    fi ;;
esac

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "stepdown: missing Debian packages:$missing" >&2
    echo "install them with:  sudo apt-get install -y$missing" >&2
    exit 1
fi

echo "stepdown: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists once when they are missing or when an install
# from the current lists fails (a bare machine has no lists).
if ! apt-get install -y --no-install-recommends $missing; then
    apt-get update
    apt-get install -y --no-install-recommends $missing
fi
