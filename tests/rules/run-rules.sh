#!/bin/bash
# run-rules.sh - the "windows-rules" group (make check-rules): one named test per Windows rule that Wine
# does not enforce (tests/rules/rules.h says how to add one).
#   - the C rules (rule_*.c, built into rules-tests.exe with the system layer and the core) under Wine;
#   - the script-driven rules (rule-*.sh): each prints "PASS: name" or "FAIL: name" lines, and runs what
#     it needs for real (bindfix-cli, Wine's services, a network namespace as root).
# Ends with "N passed, N failed"; any "Unhandled exception" is a failure.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"

# How many results this group is declared to give (tests/lib/summarize.sh fails the check on fewer).
# Raise it in the change that adds a rule.
RULES_DECLARED=84
echo "== expect rules $RULES_DECLARED"

WORK=$BF_BUILD/rules-test
rm -rf "$WORK"; mkdir -p "$WORK"
passed=0; failed=0

count() { # count FILE: adds FILE's result lines to the totals
  passed=$((passed + $(grep -cE '^(ok   |PASS: )' "$1")))
  failed=$((failed + $(grep -cE '^(FAIL |FAIL: )' "$1")))
}

rc=0
bf_wine_capture "$WORK/c.out" 300 "$W/rules-tests.exe" "Z:${TOP//\//\\}\\tests" || rc=$?
grep -v -E '^[0-9]+ passed, [0-9]+ failed' "$WORK/c.out"
count "$WORK/c.out"
if [ "$rc" != 0 ] && ! grep -qE '^FAIL ' "$WORK/c.out"; then
  echo "FAIL: rules-tests.exe exited $rc with no failed rule (crash or timeout)"; failed=$((failed + 1))
fi

for t in "$HERE"/rule-*.sh; do
  [ -e "$t" ] || continue
  out="$WORK/$(basename "$t" .sh).out"
  trc=0
  timeout -k 5 600 bash "$t" >"$out" 2>&1 || trc=$?
  cat "$out"
  count "$out"
  if grep -q "Unhandled exception" "$out"; then echo "FAIL: $(basename "$t"): Unhandled exception"; failed=$((failed + 1)); fi
  if [ "$trc" != 0 ] && ! grep -qE '^FAIL: ' "$out"; then
    echo "FAIL: $(basename "$t") exited $trc with no failed rule"; failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
