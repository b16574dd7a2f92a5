# timing.sh - sourced by the benchmarks: the one instrument every side of every benchmark is timed with.
#   bench_ms OUTFILE TIMEOUT CMD...   runs CMD (stdout+stderr to OUTFILE) as a whole process under
#                                     `timeout`, sets BENCH_MS to its wall time in ms (date +%s%N taken
#                                     just before and after, from outside) and returns CMD's exit status
bench_ms() {
  local out=$1 t=$2 t0 t1 rc=0
  shift 2
  t0=$(date +%s%N)
  timeout -k 5 "$t" "$@" >"$out" 2>&1 || rc=$?
  t1=$(date +%s%N)
  BENCH_MS=$(( (t1 - t0) / 1000000 ))
  if grep -q "Unhandled exception" "$out" 2>/dev/null; then return 99; fi
  return $rc
}
