#!/bin/bash
# bench-fleet-forks.sh - `make bench-fleet-forks` (issue 17): the shipped collect playbook (res/fleet/
# collect.yml, unmodified) run by Debian's Ansible over SSH against BENCH_FORKS_N (default 8) servers of
# the test fleet (network namespaces with their own sshd and Wine prefix: tests/fleet/server.sh, healthy
# ones), with forks 1 against forks 5. Whole ansible-playbook runs timed from outside (tests/bench/timing.sh),
# one warm-up run at forks 5, then 3 rounds with the two sides in turn; prints each side's median and
# spread and the ratio forks 5 / forks 1. A run counts only when it did its work: exit 0 and one snapshot
# per server in its run folder. Figures only: a duration never fails the benchmark. Needs root.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../fleet/fleet-up.sh"
fleet_controller_ns "$0" "$@"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/../fleet" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$TOP/tests/bench/timing.sh"
N=${BENCH_FORKS_N:-8} ROUNDS=3
WORK=$BF_BUILD/bench-fleet-forks
[ "$(id -u)" = 0 ] || { echo "bench-fleet-forks: needs root (unshare --net, mount)"; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK"
trap fleet_down EXIT
trap 'exit 1' INT TERM
fleet_up $(for ((i = 1; i <= N; i++)); do echo "bench$i:healthy"; done)
[ "$FLEET_READY" = "$N" ] || { echo "bench-fleet-forks: $FLEET_READY of $N servers up"; exit 2; }
fleet_inventory "$WORK/inventory.ini"
export ANSIBLE_LOCAL_TEMP=$WORK/ansible-local ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_NOCOLOR=1
export ANSIBLE_REMOTE_TMP=/var/tmp/bindfix-fleet-ansible

RUN=0
side() {  # side FORKS: one collect run; BENCH_MS its time
  RUN=$((RUN + 1))
  local rc=0 got
  bench_ms "$WORK/run$RUN.log" 1800 ansible-playbook -f "$1" -i "$WORK/inventory.ini" -e "bindfix_exe=$W/bindfix-cli.exe" \
    -e "bindfix_out=$WORK/runs" -e "bindfix_run=run$RUN" "$TOP/res/fleet/collect.yml" || rc=$?
  got=$(find "$WORK/runs/run$RUN" -name '*.json' ! -name '*.not-collected.json' 2>/dev/null | wc -l)
  [ "$rc" = 0 ] && [ "$got" = "$N" ] ||
    { echo "bench-fleet-forks: forks $1: exit $rc, $got of $N snapshots ($WORK/run$RUN.log)"; return 1; }
}
side 5 || exit 2    # warm-up
: >"$WORK/times"
for r in $(seq $ROUNDS); do
  side 1 || exit 2; one=$BENCH_MS
  side 5 || exit 2; five=$BENCH_MS
  echo "$one $five" >>"$WORK/times"
  echo "round $r: forks 1 $one ms, forks 5 $five ms"
done
python3 - "$WORK/times" "$N" <<'PY'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
one = [r[0] for r in rows]; five = [r[1] for r in rows]
print(f"collect.yml over {sys.argv[2]} namespace servers: forks 1 {statistics.median(one):,.0f} ms "
      f"({min(one):,}-{max(one):,}), forks 5 {statistics.median(five):,.0f} ms ({min(five):,}-{max(five):,}); "
      f"ratio forks 5 / forks 1 {statistics.median(five) / statistics.median(one):.2f} (median of {len(rows)} rounds)")
PY
