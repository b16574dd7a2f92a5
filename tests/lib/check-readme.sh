#!/bin/bash
# check-readme.sh [README] - make check-docs: the counts the README quotes match the repository, and its
# architecture section's one-way dependencies hold on the sources (tests/lib/check-layers.py). Each
# claim is a phrase with a number (as `make reliability` writes it into build/reliability.md, which the
# README's reliability table copies); its real value is counted from the sources. A claim whose phrase
# is missing fails too, so rewording the README cannot switch a check off. Ends with "N passed, N failed".
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readme=${1:-$top/README.md}
cd "$top"
p=0; f=0
pass() { echo "PASS: docs: $*"; p=$((p + 1)); }
fail() { echo "FAIL: docs: $*"; f=$((f + 1)); }
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new claims)
echo "== expect docs 16"

# claim WHAT REAL PERL-REGEX: every number the regex captures (first group) in the README must be REAL
claim() {
  local what=$1 real=$2 re=$3 found
  found=$(perl -0777 -ne 'while (/'"$re"'/g) { my $n = $1; $n =~ s/,//g; print "$n\n" }' "$readme")
  if [ -z "$found" ]; then fail "$what: the README no longer quotes it (pattern /$re/)"; return; fi
  local bad
  bad=$(grep -vx -- "$real" <<<"$found" | sort -u | tr '\n' ' ')
  if [ -n "$bad" ]; then fail "$what: the README says ${bad% }, the repository has $real"
  else pass "$what: $real, as the README says ($(wc -l <<<"$found") mention(s))"; fi
}

tests=$(grep -ho '^BF_TEST([A-Za-z0-9_]*)' tests/core/*.c | sed 's/^BF_TEST(\(.*\))$/\1/')
claim "native unit tests (BF_TEST in tests/core/*.c)" "$(grep -c . <<<"$tests")" 'the ([0-9,]+) native unit tests'
claim "report writer tests (unit tests named *report_*, what make reliability runs)" \
  "$(grep -c 'report_' <<<"$tests")" 'report writers ([0-9,]+) tests'
claim "text scan tests (unit tests named *cli_text*)" "$(grep -c 'cli_text' <<<"$tests")" 'text scan ([0-9,]+) tests'
claim "scenario snapshots (tests/scenarios/index.txt)" \
  "$(grep -cvE '^[[:space:]]*(#|$)' tests/scenarios/index.txt)" '([0-9,]+) whole-machine snapshots'
claim "fuzz targets (tests/fuzz/fuzz_*.c)" "$(ls tests/fuzz/fuzz_*.c | wc -l)" 'crashes\*\* in ([0-9]+) targets'
claim "make check's fuzz smoke seconds (FUZZ_SMOKE_SECONDS)" \
  "$(sed -n 's/^FUZZ_SMOKE_SECONDS ?= *\([0-9]*\).*/\1/p' Makefile)" '\(([0-9]+) s per target; `make fuzz`'
claim "make fuzz minutes per target (FUZZ_SECONDS / 60)" \
  "$(( $(sed -n 's/^FUZZ_SECONDS ?= *\([0-9]*\).*/\1/p' Makefile) / 60 ))" 'runs them for ([0-9]+) minutes each'

# The architecture section's "dependencies point one way": the layers and include circles, on the sources.
while IFS= read -r line; do
  case $line in PASS:*) p=$((p + 1)); echo "$line" ;; FAIL:*) f=$((f + 1)); echo "$line" ;; esac
done < <(python3 "$top/tests/lib/check-layers.py" "$top" 2>&1 || echo "FAIL: layers: check-layers.py did not run")

# The keyboard rules of every resource script (issue 23): mnemonics, the menu bar's letters, labelled lists.
while IFS= read -r line; do
  case $line in PASS:*) p=$((p + 1)); echo "$line" ;; FAIL:*) f=$((f + 1)); echo "$line" ;; esac
done < <(python3 "$top/tests/lib/check-resources.py" "$top" 2>&1; st=$?
         [ $st -eq 0 ] || [ $st -eq 3 ] || echo "FAIL: resources: check-resources.py did not run (exit $st)")

echo "$p passed, $f failed"
[ "$f" -eq 0 ]
