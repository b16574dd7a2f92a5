#!/bin/bash
# run-watch-tests.sh - bindfix-cli watch under Wine in a network namespace (make check-watch; issue 16
# part 3): while it runs, `ip addr add`, `ip addr del` and `ip link set down` on lan1; every transition
# must be reported, each within a hang bound (60 s: a test of "reported at all", never of speed), with
# the right bind rows: the host name's address 198.51.100.7 gives 10049 exactly while no interface
# holds it.
# Namespace (tests/lib/netns.sh): lan0 192.0.2.10/24 (up, default route), lan1 up without an address;
# /etc/hosts names EXCHSRV01 at 192.0.2.10 and 198.51.100.7 (getaddrinfo under Wine is glibc's).
# Needs root. Usage: run-watch-tests.sh            ends with "N passed, N failed"
#                    run-watch-tests.sh --bench    the time from `ip addr del` to the watch line, median of
#                                                  9 (a figure, never a verdict; tests/bench/figures.py)
#                    run-watch-tests.sh --inside MODE WORK TEMPLATE   (internal)
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
BASE=$BF_BUILD/watch
HOST=EXCHSRV01
HANG=${BF_WATCH_HANG:-60}     # seconds: the hang bound per transition (and for the exit after the last)

# wait_lines FILE N: until FILE has N lines (bounded by HANG); 0 when it has
wait_lines() {
  local i
  for i in $(seq 1 $((HANG * 20))); do
    [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0
    sleep 0.05
  done
  return 1
}

inside() {
  local mode=$1 template=$3 n
  WORK=$2
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$template" "$HOST" || { echo "watch: private machine failed"; return 1; }
  (
    set -e
    ns_veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
    ip route add default via 192.0.2.1 dev lan0 onlink
    ns_veth lan1; ip link set lan1 up; ip link set lan1p up
    printf '127.0.0.1 localhost\n::1 localhost\n192.0.2.10 EXCHSRV01\n198.51.100.7 EXCHSRV01\n' >/etc/hosts
  ) || { echo "watch: the namespace could not be built"; return 1; }
  local args=(watch --no-greetings --seconds 600)
  [ "$mode" = test ] && args+=(--count 3)
  [ "$mode" = json ] && args+=(--count 1 --json)
  [ "$mode" = bench ] && args+=(--count 20)
  timeout 700 "$BF_WINE" "$CLI" "${args[@]}" >"$WORK/watch.out" 2>"$WORK/watch.err" &
  local wp=$!
  if ! wait_lines "$WORK/watch.out" 1; then echo "watch: no start line within ${HANG}s" >>"$WORK/steps.txt"; fi
  case "$mode" in
    test)
      ip addr add 198.51.100.7/24 dev lan1; echo "add $(date +%s%N)" >>"$WORK/steps.txt"
      wait_lines "$WORK/watch.out" 2 || echo "watch: add not reported within ${HANG}s" >>"$WORK/steps.txt"
      ip addr del 198.51.100.7/24 dev lan1; echo "del $(date +%s%N)" >>"$WORK/steps.txt"
      wait_lines "$WORK/watch.out" 3 || echo "watch: del not reported within ${HANG}s" >>"$WORK/steps.txt"
      ip link set lan1 down; echo "down $(date +%s%N)" >>"$WORK/steps.txt"
      wait_lines "$WORK/watch.out" 4 || echo "watch: link down not reported within ${HANG}s" >>"$WORK/steps.txt"
      ;;
    json)
      ip addr del 192.0.2.10/24 dev lan0
      wait_lines "$WORK/watch.out" 2 || echo "watch: del not reported within ${HANG}s" >>"$WORK/steps.txt"
      ;;
    bench)
      # one warm-up round, then 9: add (wait for its line), del timed to its line
      for n in $(seq 0 9); do
        ip addr add 198.51.100.7/24 dev lan1
        wait_lines "$WORK/watch.out" $((2 + 2 * n)) || { echo "bench: add $n not reported" >>"$WORK/bench.failed"; break; }
        local t0 t1
        t0=$(date +%s%N); ip addr del 198.51.100.7/24 dev lan1
        wait_lines "$WORK/watch.out" $((3 + 2 * n)) || { echo "bench: del $n not reported" >>"$WORK/bench.failed"; break; }
        t1=$(date +%s%N)
        [ "$n" = 0 ] || echo $(((t1 - t0) / 1000000)) >>"$WORK/bench.tsv"
      done
      ;;
  esac
  # it ends by its --count; one that does not within the hang bound is ended (and the test says so)
  local i
  for i in $(seq 1 $((HANG * 20))); do kill -0 "$wp" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$wp" 2>/dev/null; then
    echo "watch: still running ${HANG}s after the last step: ended" >>"$WORK/steps.txt"; kill "$wp"
  fi
  wait "$wp"; echo $? >"$WORK/watch.rc"
  bf_wineserver -k 2>/dev/null
  wait 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3" "$4"
  exit $?
fi
if [ "$(id -u)" != 0 ]; then
  echo "FAIL: bindfix-cli watch's test needs root (unshare --net); run make check-watch as root"; echo "0 passed, 1 failed"; exit 1
fi
for f in "$CLI" "$BF_WINEPREFIX/system.reg"; do
  [ -e "$f" ] || { echo "FAIL: $f missing (make all prefix)"; echo "0 passed, 1 failed"; exit 1; }
done
rm -rf "$BASE"; mkdir -p "$BASE"
bf_wineserver -w 2>/dev/null
run() {  # run MODE
  mkdir -p "$BASE/$1"
  timeout 900 unshare --net --mount --uts bash "$HERE/run-watch-tests.sh" --inside "$1" "$BASE/$1" "$BF_WINEPREFIX" \
    >"$BASE/$1/inside.log" 2>&1
}

if [ "${1:-}" = "--bench" ]; then
  run bench
  w=$BASE/bench
  if [ -s "$w/bench.failed" ] || [ "$(wc -l <"$w/bench.tsv" 2>/dev/null || echo 0)" != 9 ]; then
    echo "bench-watch: no figure: $(cat "$w/bench.failed" 2>/dev/null)"; tail -5 "$w/watch.out" "$w/watch.err"; exit 2
  fi
  # every timed line must be the del's own: the address gone and POP3 failing with 10049 on it
  if [ "$(grep -c 'lan1 -198.51.100.7: .*now fails on 198.51.100.7 (10049)' "$w/watch.out")" -lt 10 ]; then
    echo "bench-watch: no figure: the watch lines are not the removals'"; cat "$w/watch.out"; exit 2
  fi
  sort -n "$w/bench.tsv" | awk '{v[NR]=$1} END {printf "bench-watch: ip addr del to the watch line: median %d ms (%d-%d), 9 rounds (%s)\n", v[5], v[1], v[9], "'"$(head -1 "$w/watch.out" | cut -d: -f4- | cut -c1-120)"'"}'
  exit 0
fi

echo "== expect watch 9"
passed=0; failed=0
t() {
  if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else
    echo "FAIL: $1"; failed=$((failed + 1)); [ -n "${3:-}" ] && [ -e "$3" ] && head -20 "$3" | sed 's/^/    /'; fi
}
run test
run json
w=$BASE/test; j=$BASE/json
sed 's/^/    /' "$w/watch.out"
t "watch ran to its --count and exited 0" "[ \"\$(cat $w/watch.rc)\" = 0 ] && ! grep -q '^watch:' $w/steps.txt" "$w/steps.txt"
t "the first line says how changes are noticed (and that Wine's notifications are stubbed, where they are)" \
  "sed -n 1p $w/watch.out | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} watching EXCHSRV01: (NotifyUnicastIpAddressChange and NotifyIpInterfaceChange\$|.*polling the address table)'" "$w/watch.out"
t "ip addr add: one line, time-stamped, lan1 gains 198.51.100.7" "sed -n 2p $w/watch.out | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} .*lan1 \\+198\\.51\\.100\\.7'" "$w/watch.out"
t "ip addr add: POP3 binds again on 198.51.100.7 (was 10049)" "sed -n 2p $w/watch.out | grep -q 'POP3 binds again on 198.51.100.7'" "$w/watch.out"
t "ip addr del: lan1 loses 198.51.100.7 and POP3 now fails there with 10049" \
  "sed -n 3p $w/watch.out | grep -q 'lan1 -198.51.100.7: .*POP3 now fails on 198.51.100.7 (10049)'" "$w/watch.out"
t "ip addr del: no other address gets a 10049 row" "! sed -n 3p $w/watch.out | grep -q 'fails on 192.0.2.10'" "$w/watch.out"
t "ip link set down: lan1 down is reported" "sed -n 4p $w/watch.out | grep -q 'lan1 down'" "$w/watch.out"
t "--json: one JSON object per line, the removal of lan0's address with POP3's 10049 row" \
  "python3 -c '
import json, sys
lines = open(\"$j/watch.out\").read().splitlines()
start, change = json.loads(lines[0]), json.loads(lines[1])
rows = [c for c in change[\"changes\"] if c[\"kind\"] == \"bind\" and c[\"protocol\"] == \"POP3\" and c[\"address\"] == \"192.0.2.10\"]
sys.exit(not (len(lines) == 2 and start[\"event\"] == \"start\" and rows and rows[0][\"error\"] == 10049 and
              any(c[\"kind\"] == \"address-removed\" and c[\"address\"] == \"192.0.2.10\" for c in change[\"changes\"])))
'" "$j/watch.out"
t "no crash: Wine reported no unhandled exception in any run" "! grep -q 'Unhandled exception' $w/*.out $w/*.err $j/*.out $j/*.err"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
