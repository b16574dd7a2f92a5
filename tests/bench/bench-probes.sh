#!/bin/bash
# bench-probes.sh - `make bench-probes`: 1,000 probes (100 TCP ports x 9 addresses + the wildcard) in a
# private network namespace: 7 loopback addresses, 2 documentation addresses that no interface holds
# (every bind there gives 10049), and 10 of the ports held by a local listener on 127.0.0.1 that answers
# "+OK" (binds there give 10048, then a greeting is read). Sides, each a whole Wine process
# (tests/bench/bench_probes.c), timed in turn from outside with tests/bench/timing.sh, one warm-up run
# each, then 9 rounds:
#   bindfix    bindfix's probe code (gui/sys/probe.c)
#   plain      the same socket calls in a plain sequential loop (the like-for-like peer)
#   netstat    `wine netstat -ano` (what an administrator runs instead: the listener tables)
#   start      the same executable doing nothing (the cost of a Wine process start)
# A time is kept only when its run did its work: the probe sides must report exactly the expected mix
# (780 ok, 200 x 10049, 20 x 10048, 20 greetings answered, nothing else), netstat must print its TCP
# table. Goal: bindfix no slower than the plain loop.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/timing.sh"
EXE=$W/bench-probes.exe
PORT0=41000 TARGETS=100 HELD=10 ROUNDS=9
ADDRS=(127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 192.0.2.10 198.51.100.10)
NOTAVAIL=2   # of ADDRS, held by no interface
PER=$(( ${#ADDRS[@]} + 1 ))
EXPECT="probes $((TARGETS * PER)) ok $((TARGETS * PER - TARGETS * NOTAVAIL - HELD * 2)) addrnotavail $((TARGETS * NOTAVAIL)) addrinuse $((HELD * 2)) other 0 greetings $((HELD * 2))"

fail() { echo "$*" >>"$WORK/failed"; return 1; }

# side NAME OUT: one run of a side; BENCH_MS holds its time; fails unless the run did its work
side() {
  local name=$1 out=$2 rc
  case $name in
    netstat) bench_ms "$out" 120 "$BF_WINE" netstat -ano ;;
    start) bench_ms "$out" 120 "$BF_WINE" "$EXE" none "$PORT0" "$TARGETS" "${ADDRS[@]}" ;;
    *) bench_ms "$out" 120 "$BF_WINE" "$EXE" "$name" "$PORT0" "$TARGETS" "${ADDRS[@]}" ;;
  esac
  rc=$?
  [ $rc = 0 ] || { fail "$name exited $rc: $(tail -3 "$out" | tr '\n' ' ')"; return 1; }
  case $name in
    netstat)
      # Wine's netstat lists connections, not listening sockets: the greetings' TIME_WAIT rows show it read the table
      grep -q "Local Address" "$out" && grep -q "^ *TCP  *127\.0\.0\.1:" "$out" \
        || { fail "netstat printed no TCP table: $(head -5 "$out" | tr '\n' ' ')"; return 1; } ;;
    start) grep -q "^probes 0 " "$out" || { fail "the empty run printed: $(cat "$out")"; return 1; } ;;
    *) [ "$(tr -d '\r' <"$out")" = "$EXPECT" ] || { fail "$name: expected '$EXPECT', got '$(tr -d '\r' <"$out")'"; return 1; } ;;
  esac
}

inside() {
  WORK=$1
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$2" BENCHPROBES >/dev/null || { fail "private machine failed"; return 1; }
  # the listener: a local process that holds the first HELD ports on 127.0.0.1 and greets like POP3
  python3 - "$PORT0" "$HELD" >"$WORK/listener.out" 2>&1 <<'EOF' &
import socket, sys, threading
port0, held = int(sys.argv[1]), int(sys.argv[2])
def serve(s):
    while True:
        c, _ = s.accept()
        c.sendall(b"+OK bench listener\r\n")
        c.close()
for p in range(port0, port0 + held):
    s = socket.socket()
    s.bind(("127.0.0.1", p))
    s.listen(64)
    threading.Thread(target=serve, args=(s,), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
EOF
  local lpid=$! i
  for i in $(seq 300); do grep -q ready "$WORK/listener.out" 2>/dev/null && break; sleep 0.1; done
  grep -q ready "$WORK/listener.out" || { fail "the listener did not start: $(cat "$WORK/listener.out")"; kill $lpid; return 1; }
  local r s row
  local sides=(bindfix plain netstat start)
  printf 'bindfix probes (gui/sys/probe.c)\tplain sequential loop\twine netstat -ano\tprocess start (no probes)\n' >"$WORK/rounds.tsv"
  for r in $(seq 0 $ROUNDS); do   # round 0 is the warm-up, not counted
    row=""
    for s in "${sides[@]}"; do
      side "$s" "$WORK/$s.$r.out" || { kill $lpid; return 1; }
      row="$row${row:+	}$BENCH_MS"
    done
    [ "$r" = 0 ] || echo "$row" >>"$WORK/rounds.tsv"
  done
  kill $lpid
  bf_wineserver -k 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; rc=$?; bf_wineserver -k 2>/dev/null; exit $rc; fi
[ "$(id -u)" = 0 ] || { echo "bench-probes: needs root (unshare): no figures"; exit 2; }
WORK=$BF_BUILD/bench-probes
rm -rf "$WORK"; mkdir -p "$WORK"
bf_wineserver -w 2>/dev/null
timeout 900 unshare --net --mount --uts bash "$0" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
rc=$?
if [ -s "$WORK/failed" ] || [ $rc != 0 ]; then
  echo "bench-probes: no figures: $(cat "$WORK/failed" 2>/dev/null || echo "the run ended with exit $rc")"
  echo "  (files in $WORK)"; exit 2
fi
echo "each probe run: $EXPECT (checked every run)"
python3 "$HERE/figures.py" "$WORK/rounds.tsv" \
  --ratio "bindfix probes (gui/sys/probe.c)" "plain sequential loop" 1.0 \
  --ratio "bindfix probes (gui/sys/probe.c)" "wine netstat -ano" \
  --ratio "bindfix probes (gui/sys/probe.c)" "process start (no probes)"
