#!/bin/bash
# run-fuzz.sh SECONDS NAME... - runs each libFuzzer target for SECONDS (FUZZ_JOBS at a time, 2 by default:
# the machine has two cores; make check's native lane runs one at a time beside the Wine lane), on a scratch copy of its committed seed corpus, and prints per target: executions,
# coverage, crashes. Ends with "N passed, N failed" (a target passes with zero crashes).
set -u
secs=$1; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
: "${BF_BUILD:=$top/build}"
out=$BF_BUILD/fuzz
mkdir -p "$out"
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new targets)
echo "== expect fuzz 8"
run_one() {
  local name=$1 secs=$2 top=$3 out=$4
  local work=$out/$name; rm -rf "$work"; mkdir -p "$work/corpus" "$work/artifacts"
  if [ -d "$top/tests/fuzz/corpus/$name" ]; then
    cp -r "$top/tests/fuzz/corpus/$name/." "$work/corpus/" || { echo "cannot copy the seed corpus" >"$work/log"; echo 1 >"$work/rc"; return; }
  fi
  # libFuzzer stops itself after $secs; the outer timeout only catches a hang of the whole process
  timeout -k 10 $((secs + 300)) "$BF_BUILD/native/fuzz-$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
  echo $? >"$work/rc"
}
export -f run_one
export BF_BUILD
printf '%s\n' "$@" | xargs -P "${FUZZ_JOBS:-2}" -I{} bash -c "run_one {} $secs '$top' '$out'"
pass=0; fail=0
printf '%-14s %12s %10s %8s\n' target executions coverage crashes
for name in "$@"; do
  log=$out/$name/log
  execs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  crashes=$(find "$out/$name/artifacts" -type f | wc -l)
  rc=$(cat "$out/$name/rc" 2>/dev/null || echo 1)
  printf '%-14s %12s %10s %8s\n' "$name" "${execs:-?}" "${cov:-?}" "$crashes"
  if [ "$crashes" -eq 0 ] && [ "$rc" -eq 0 ] && [ -n "$execs" ]; then pass=$((pass+1)); echo "PASS: fuzz $name"
  else fail=$((fail+1)); echo "FAIL: fuzz $name (exit $rc, $crashes crashes)"; tail -20 "$log"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
