#!/bin/bash
# run-reliability.sh - `make reliability`: one table of the figures that show nothing bindfix reads can
# crash it or mislead a report, and nothing it changes can be lost (issue "reliability").
#
# Every step's exit status is checked and every figure is checked against what it must be (0 crashes,
# 0 failed tests, each fault sweep restored at every point, limits.c's own checks): a wrong figure makes
# the run exit 1 and is marked WRONG. The table the README quotes is written to $BF_BUILD/reliability.md
# (the README's reliability table is a copy of it; `make check-docs` compares the counts it quotes with
# the repository).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${BF_BUILD:=$top/build}"
N=$BF_BUILD/native
secs=${RELIABILITY_FUZZ_SECONDS:-60}
md=$BF_BUILD/reliability.md
cd "$top"
wrong=0
bad() { echo "WRONG: $*"; wrong=$((wrong + 1)); }
# "N passed, N failed" -> "N F"; empty when the line is missing
counts() { sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' | tail -1; }
thousands() { echo "$1" | sed ':a; s/\B[0-9]\{3\}\>/,&/; ta'; }

echo "== 1. fuzzing: libFuzzer, $secs s per target (two at a time), seed corpora in tests/fuzz/corpus/"
names=$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_||; s|\.c$||' | tr '\n' ' ')
# shellcheck disable=SC2086
fuzz_out=$(bash tests/fuzz/run-fuzz.sh "$secs" $names); fuzz_rc=$?
echo "$fuzz_out" | grep -v -E '^[0-9]+ passed|^== expect|^(PASS|FAIL): '
[ $fuzz_rc -eq 0 ] || bad "run-fuzz.sh exited $fuzz_rc"
fuzz_row="" crashes_total=0 ntargets=0
for n in $names; do
  read -r _ execs _ crashes < <(echo "$fuzz_out" | awk -v n="$n" '$1 == n')
  case "${execs:-}" in ''|*[!0-9]*) bad "fuzz $n: no execution count"; execs=0 ;; esac
  case "${crashes:-}" in ''|*[!0-9]*) bad "fuzz $n: no crash count"; crashes=1 ;; esac
  [ "$execs" -gt 0 ] || bad "fuzz $n: 0 executions"
  crashes_total=$((crashes_total + crashes)); ntargets=$((ntargets + 1))
  fuzz_row="$fuzz_row${fuzz_row:+, }$n $(thousands "$execs") runs"
done
[ "$crashes_total" -eq 0 ] || bad "fuzzing: $crashes_total crashes"

echo
echo "== 2. sanitizers and valgrind: the native unit tests"
asan=$("$N/unit-tests" tests 2>&1); asan_rc=$?
read -r ap af < <(echo "$asan" | counts)
echo "ASan + UBSan:                         ${ap:-?} passed, ${af:-?} failed; exit $asan_rc"
ntests=$(grep -ho '^BF_TEST([A-Za-z0-9_]*)' tests/core/*.c | wc -l)
{ [ $asan_rc -eq 0 ] && [ "${af:-1}" -eq 0 ] && [ "${ap:-0}" -eq "$ntests" ]; } ||
  bad "ASan + UBSan: ${ap:-?} passed, ${af:-?} failed, exit $asan_rc; tests/core has $ntests tests"
vg=$(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect "$N/unit-tests-plain" tests 2>&1)
vrc=$?
read -r vp vf < <(echo "$vg" | counts)
echo "valgrind (errors, definite leaks):    ${vp:-?} passed, ${vf:-?} failed; valgrind exit $vrc"
{ [ $vrc -eq 0 ] && [ "${vf:-1}" -eq 0 ] && [ "${vp:-0}" -eq "$ntests" ]; } ||
  bad "valgrind: ${vp:-?} passed, ${vf:-?} failed, exit $vrc; tests/core has $ntests tests"

echo
echo "== 3. hostile names (adapter, service, event insert, hosts line: <script>, quotes, =cmd|..., RLO,"
echo "      10,000 characters, invalid UTF-8, control characters) through every report format and the text scan"
rep=$("$N/unit-tests" tests report_ 2>&1); rrc=$?
read -r rp rf < <(echo "$rep" | counts)
echo "report writers:                       ${rp:-?} passed, ${rf:-?} failed"
{ [ $rrc -eq 0 ] && [ "${rf:-1}" -eq 0 ] && [ "${rp:-0}" -gt 0 ]; } || bad "report writer tests: ${rp:-?} passed, ${rf:-?} failed, exit $rrc"
txt=$("$N/unit-tests" tests cli_text 2>&1); trc=$?
read -r tp tf < <(echo "$txt" | counts)
echo "text scan:                            ${tp:-?} passed, ${tf:-?} failed"
{ [ $trc -eq 0 ] && [ "${tf:-1}" -eq 0 ] && [ "${tp:-0}" -gt 0 ]; } || bad "text scan tests: ${tp:-?} passed, ${tf:-?} failed, exit $trc"

echo
echo "== 4. faults during a repair (in-memory machine, every changing call; the KB machine's plan)"
fix=$("$N/unit-tests" tests fix_ 2>&1); frc=$?
# every sweep prints "sweep: WHAT: N points, restored exactly at M" (or "unchanged exactly at M"): N must
# equal M; the control (the power-loss sweep with the flushes left out) must restore fewer than all
points=$(echo "$fix" | grep -E '^ *sweep: ' | sed 's/^ *sweep: //')
control=$(echo "$fix" | grep -E '^ *control: ' | sed 's/^ *control: //')
echo "$points" | sed 's/^/    /'
echo "$control" | sed 's/^/    control: /'
[ $frc -eq 0 ] || bad "the fault sweeps (unit tests fix_): exit $frc"
[ -n "$points" ] || bad "the fault sweeps printed no figure"
while read -r line; do
  [ -n "$line" ] || continue
  n=$(echo "$line" | sed -n 's/.*: \([0-9]*\) points, [a-z]* exactly at [0-9]*$/\1/p')
  m=$(echo "$line" | sed -n 's/.*: [0-9]* points, [a-z]* exactly at \([0-9]*\)$/\1/p')
  { [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" = "$m" ]; } || bad "fault sweep: $line"
done <<<"$points"
read -r c_old c_old_n c_empty c_empty_n < <(echo "$control" | sed -n 's/.*restored exactly at \([0-9]*\) of \([0-9]*\) points.*, \([0-9]*\) of \([0-9]*\) (empty).*/\1 \2 \3 \4/p')
{ [ -n "${c_old:-}" ] && [ "$c_old" -lt "$c_old_n" ] && [ "$c_empty" -lt "$c_empty_n" ]; } ||
  bad "the control (flushes left out) must restore fewer than all points: ${control:-no control line}"
echo "    (end to end under Wine: tests/e2e/run-repair-tests.sh - read-only hosts file, apply, undo; hashes compared)"

echo
echo "== 5. limits"
lim=$("$N/limits" 2>&1); lrc=$?
echo "$lim"
[ $lrc -eq 0 ] || bad "limits: exit $lrc"

# ---- the table the README quotes (counts in fixed words: tests/lib/check-readme.sh reads them back)
{
  echo "| what | figure |"
  echo "|---|---|"
  echo "| libFuzzer, $secs s per target | $fuzz_row: **$crashes_total crashes** in $ntargets targets; seed corpora in \`tests/fuzz/corpus/\` |"
  echo "| sanitizers, valgrind | the ${ap:-?} native unit tests: ${ap:-?} passed, ${af:-?} failed under ASan + UBSan; ${vp:-?} passed, ${vf:-?} failed under \`valgrind --error-exitcode=1\` (exit $vrc: no invalid access, no definite or indirect leak) |"
  echo "| hostile names | \`<script>\`, quotes, \`=cmd\\|' /C calc'!A0\`, U+202E, 10,000 characters, invalid UTF-8, control characters: report writers ${rp:-?} tests passed, text scan ${tp:-?} tests passed |"
  echo "| faults during a repair | $(printf '%s\n%s\n' "$points" "$control" | paste -sd ';' | sed 's/;/; /g; s/;  /; /g') |"
  echo "$lim" | awk -F'|' 'NR > 2 && /^\|/ { gsub(/^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); gsub(/^ +| +$/, "", $4); gsub(/^ +| +$/, "", $5);
    printf "| %s | %s (%s, peak %s) |\n", $2, $3, $4, $5 }'
} >"$md"
echo
echo "== the table (README, section Reliability): $md"
cat "$md"
if [ $wrong -ne 0 ]; then echo "reliability: $wrong figure(s) WRONG"; exit 1; fi
echo "reliability: every figure checked"
