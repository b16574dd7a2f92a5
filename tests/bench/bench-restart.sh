#!/bin/bash
# bench-restart.sh - `make bench-restart`: restarting a chain of 6 services, two independent branches
# (a1 <- a2 <- a3 and b1 <- b2 <- b3), each taking 400 ms to stop and 300 ms to start (tests/wine/testsvc.c),
# by `bindfix-cli repair --restart` (waves: a3+b3, a2+b2, a1+b1, then back) beside `net stop` / `net
# start` run one service at a time, in one run, in a private namespace under Wine. Goal: at most 60%.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

inside() {
  WORK=$1
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$2" EXCHSRV01 >/dev/null || { echo "private machine failed"; return 1; }
  printf '127.0.0.1 localhost EXCHSRV01\n' >/etc/hosts
  local exe; exe=$(winpath "$W/testsvc.exe")
  local b n port prev eps="" svcs=""
  for b in a b; do
    prev=""
    for n in 1 2 3; do
      [ "$b" = a ] && port=$((7100 + n)) || port=$((7200 + n))
      if [ -n "$prev" ]; then
        timeout 60 "$BF_WINE" sc create "bfbench-$b$n" binPath= "$exe bfbench-$b$n $port pop3 --stop-delay 400 --start-delay 300" \
          start= demand depend= "$prev" >/dev/null 2>&1
      else
        timeout 60 "$BF_WINE" sc create "bfbench-$b$n" binPath= "$exe bfbench-$b$n $port pop3 --stop-delay 400 --start-delay 300" \
          start= demand >/dev/null 2>&1
      fi
      timeout 60 "$BF_WINE" sc start "bfbench-$b$n" >/dev/null 2>&1
      eps="$eps{\"protocol\": \"B$b$n\", \"transport\": \"tcp\", \"port\": $port, \"service\": \"bfbench-$b$n\", \"greeting\": \"\"},"
      svcs="$svcs\"bfbench-$b$n\","
      prev=bfbench-$b$n
    done
  done
  printf '{"schema": "bindfix-catalogue", "version": 1, "generations": [{"id": "bench", "label": "bench", "marker": "bfbench-a1", "services": [%s], "endpoints": [%s]}]}\n' \
    "${svcs%,}" "${eps%,}" >"$WORK/cat.json"
  # one service at a time, dependents first, each waited for as `net stop`/`net start` do on Windows
  # (tests/bench/seqctl.c; the time of its one process start is taken off by timing a no-op run)
  local t0 t1 t2 t3
  t0=$(date +%s%N); timeout 60 "$BF_WINE" "$W/seqctl.exe" >/dev/null 2>&1; t1=$(date +%s%N)
  timeout 120 "$BF_WINE" "$W/seqctl.exe" stop bfbench-a3 bfbench-a2 bfbench-a1 bfbench-b3 bfbench-b2 bfbench-b1 \
    start bfbench-a1 bfbench-a2 bfbench-a3 bfbench-b1 bfbench-b2 bfbench-b3 >"$WORK/seqctl.out" 2>&1
  echo $? >"$WORK/seqctl.rc"
  t2=$(date +%s%N)
  echo $(( (t2 - t1 - (t1 - t0)) / 1000000 )) >"$WORK/net.ms"
  timeout 60 "$BF_WINE" sc query bfbench-a1 >"$WORK/a1.state" 2>&1
  timeout 120 "$BF_WINE" "$CLI" repair --apply --catalogue "$(winpath "$WORK/cat.json")" --restart bfbench-a1,bfbench-b1 \
    --journal "$(winpath "$WORK/journal.json")" >"$WORK/repair.out" 2>&1
  sed -n 's/^  applied in \([0-9]*\) ms$/\1/p' "$WORK/repair.out" >"$WORK/bindfix.ms"
  bf_wineserver -k 2>/dev/null
}

if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; exit $?; fi
[ "$(id -u)" = 0 ] || { echo "bench-restart needs root (unshare)"; exit 1; }
WORK=$BF_BUILD/bench-restart
rm -rf "$WORK"; mkdir -p "$WORK"
bf_wineserver -w 2>/dev/null
timeout 600 unshare --net --mount --uts bash "$0" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
net=$(cat "$WORK/net.ms" 2>/dev/null); bf=$(cat "$WORK/bindfix.ms" 2>/dev/null)
if [ -z "$net" ] || [ -z "$bf" ]; then echo "bench-restart: no figures; see $WORK"; tail -20 "$WORK/repair.out" 2>/dev/null; exit 1; fi
grep -E 'Stop|Start' "$WORK/repair.out" | grep -v done | sed 's/^/  /' | head -12
[ "$(cat "$WORK/seqctl.rc")" = 0 ] || { echo "bench-restart: the one-at-a-time run failed"; exit 1; }
printf '%-64s %8s ms\n' "6 services restarted by bindfix (waves)" "$bf" "one at a time, each waited for like net stop/net start (seqctl.exe)" "$net"
python3 -c "r = $bf / max(1, $net); print('ratio bindfix / net: %.2f (goal <= 0.60: %s)' % (r, 'met' if r <= 0.6 else 'MISSED'))"
