#!/bin/bash
# wine-run.sh [--check-crash] EXE ARGS... - runs a Windows program in the private prefix, passing its
# output through; exits with its status, or 99 when Wine printed "Unhandled exception".
. "$(dirname "$0")/wine-env.sh"
[ "${1:-}" = "--check-crash" ] && shift
out=$(mktemp)
"$BF_WINE" "$@" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}   # the program's status, not tee's
if grep -q "Unhandled exception" "$out"; then
  echo "CRASH: Unhandled exception in: $*"
  rc=99
fi
rm -f "$out"
exit $rc
