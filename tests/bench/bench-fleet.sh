#!/bin/bash
# bench-fleet.sh - `make bench-fleet`: `bindfix-cli fleet DIR` over 1,000 synthetic snapshots (the 26
# scenario machines of tests/scenarios/ in turn, each under a host name of its own: written by hand, not
# recorded) against reading the same 1,000 files one by one with `bindfix-cli scan --snapshot FILE` (what a
# script without `fleet` does). Both sides are whole Wine processes timed from outside
# (tests/bench/timing.sh), with one ordinary Wine process kept alive so that no side pays for the
# wineserver's start; one warm-up run of fleet (the loop, 1,000 process starts, is long enough
# to warm itself), then 3 rounds in turn; prints the median and spread of each,
# the ratio of the medians, and the peak resident memory of the fleet process (ru_maxrss). A side's time is
# kept only when it did its work: fleet must list 1,000 servers, the loop must have read 1,000 snapshots.
# Figures only: a duration never fails the benchmark.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$TOP/tests/lib/keepalive.sh"
. "$HERE/timing.sh"
. "$HERE/fleetgen.sh"
CLI=$W/bindfix-cli.exe
N=${BENCH_FLEET_N:-1000} ROUNDS=3
WORK=$BF_BUILD/bench-fleet
rm -rf "$WORK"; mkdir -p "$WORK/fleet"
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
bench_fleet_generate "$WORK/fleet" "$N" || { echo "bench-fleet: no scenario"; exit 2; }
BYTES=$(cat "$WORK/fleet"/*.json | wc -c)
echo "bench-fleet: $N snapshots, $BYTES bytes ($((BYTES / N)) bytes each on average)"
wine_keepalive_start "$WORK" || { echo "bench-fleet: keep-alive process did not start"; exit 2; }
trap 'wine_keepalive_stop "$WORK"' EXIT
DIRW=$(winpath "$WORK/fleet")

fleet_side() {
  local rc=0
  bench_ms "$WORK/fleet.out" 900 python3 -c '
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"), stderr=subprocess.STDOUT).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$WORK/fleet.json" "$BF_WINE" "$CLI" fleet "$DIRW" --format json || rc=$?
  [ $rc -le 1 ] && python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))["servers"]) != int(sys.argv[2]))' \
    "$WORK/fleet.json" "$N" || { echo "bench-fleet: fleet did not list $N servers (exit $rc)"; return 1; }
  FLEET_KB=$(tail -1 "$WORK/fleet.out")
}
loop_side() {
  local rc=0
  bench_ms "$WORK/loop.out" 3600 bash -c '
n=0
for f in "$1"/*.json; do
  "$2" "$3" scan --snapshot "Z:${f//\//\\}" >/dev/null 2>&1; rc=$?
  [ $rc -le 1 ] && n=$((n + 1))
done
echo "read $n"' _ "$WORK/fleet" "$BF_WINE" "$CLI" || rc=$?
  grep -qx "read $N" "$WORK/loop.out" || { echo "bench-fleet: the loop read $(cat "$WORK/loop.out")"; return 1; }
}
fleet_side || exit 2     # warm-up
: >"$WORK/times"
for r in $(seq $ROUNDS); do
  fleet_side || exit 2; f=$BENCH_MS; fk=$FLEET_KB
  loop_side || exit 2; l=$BENCH_MS
  echo "$f $l $fk" >>"$WORK/times"
  echo "round $r: fleet $f ms (peak $fk KB), one by one $l ms"
done
python3 - "$WORK/times" "$N" <<'PY'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
f = [r[0] for r in rows]; l = [r[1] for r in rows]; k = [r[2] for r in rows]
n = int(sys.argv[2])
print(f"fleet over {n} snapshots: {statistics.median(f):,.0f} ms ({min(f):,}-{max(f):,}), peak resident "
      f"{max(k) / 1024:,.1f} MB; one by one with scan --snapshot: {statistics.median(l):,.0f} ms "
      f"({min(l):,}-{max(l):,}); ratio fleet / one by one {statistics.median(f) / statistics.median(l):.3f} "
      f"(median of {len(rows)} rounds)")
PY
