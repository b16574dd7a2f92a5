#!/bin/bash
# run-reliability.sh - `make reliability`: one table of the figures that show nothing bindfix reads can
# crash it or mislead a report, and nothing it changes can be lost (issue "reliability"; README quotes it).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${BF_BUILD:=$top/build}"
N=$BF_BUILD/native
secs=${RELIABILITY_FUZZ_SECONDS:-60}
cd "$top"

echo "== 1. fuzzing: libFuzzer, $secs s per target (two at a time), seed corpora in tests/fuzz/corpus/"
names=$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_||; s|\.c$||' | tr '\n' ' ')
# shellcheck disable=SC2086
bash tests/fuzz/run-fuzz.sh "$secs" $names | grep -v -E '^[0-9]+ passed'
echo
echo "== 2. sanitizers and valgrind: the native unit tests"
asan=$("$N/unit-tests" tests 2>&1 | tail -1)
echo "ASan + UBSan:                         $asan"
vg=$(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect "$N/unit-tests-plain" tests 2>&1)
vrc=$?
echo "valgrind (errors, definite leaks):    $(echo "$vg" | tail -1); valgrind exit $vrc ($( [ $vrc = 0 ] && echo none || echo FOUND))"
echo
echo "== 3. hostile names (adapter, service, event insert, hosts line: <script>, quotes, =cmd|..., RLO,"
echo "      10,000 characters, invalid UTF-8, control characters) through every report format and the text scan"
"$N/unit-tests" tests report_ 2>&1 | tail -1 | sed 's/^/report writers:                       /'
"$N/unit-tests" tests cli_text 2>&1 | tail -1 | sed 's/^/text scan:                            /'
echo
echo "== 4. faults during a repair (in-memory machine, every changing call; the KB machine's 11-step plan)"
"$N/unit-tests" tests fix_ 2>&1 | grep -E 'points' | sed 's/^ */    /'
echo "    (end to end under Wine: tests/wine/run-repair-tests.sh - read-only hosts file, apply, undo; hashes compared)"
echo
echo "== 5. limits"
"$N/limits"
