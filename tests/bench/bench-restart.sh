#!/bin/bash
# bench-restart.sh - `make bench-restart`: restarting a chain of 6 services, two independent branches
# (a1 <- a2 <- a3 and b1 <- b2 <- b3), each taking 400 ms to stop and 300 ms to start (tests/tools/testsvc.c),
# by `bindfix-cli repair --apply --restart` (waves: a3+b3, a2+b2, a1+b1, then back) beside seqctl.exe,
# which does what `net stop` / `net start` do, one service at a time (tests/bench/seqctl.c). Both poll the
# services' state with the same function (bfsys_service_poll_ms). In a private namespace under Wine; both
# whole processes, timed in turn from outside with tests/bench/timing.sh, one warm-up run each, then 9
# rounds; figures by tests/bench/figures.py. Goal: bindfix at most 60% of the peer's time.
#
# A figure is printed only when it measured a restart: before every timed run all six services run, after
# it all six run again, each in a new process (another PID or creation time). An ordinary Wine process
# (hold.exe) lives for the whole run, so that Wine does not end the services between two commands (Wine 8
# ends services.exe and its services shortly after the last ordinary process of the prefix exits); its
# absence shows up as services found stopped, and the run fails.
# To see the keep-alive work and the checks fail: BENCH_PAUSE=5 (a 5 s pause after starting the services,
# as a busy machine may take between two commands: passes), with BENCH_NO_KEEPALIVE=1 (no hold.exe: fails,
# the services found stopped), or BENCH_STOP_BEFORE=1 (bfbench-a1 stopped before timing: fails).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$TOP/tests/lib/keepalive.sh"
. "$HERE/timing.sh"
CLI=$W/bindfix-cli.exe
SEQ=$W/seqctl.exe
SVCS=(bfbench-a1 bfbench-a2 bfbench-a3 bfbench-b1 bfbench-b2 bfbench-b3)
ROUNDS=9
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# fail MESSAGE: the reason this run cannot give figures, for the outside to print
fail() { echo "$*" >>"$WORK/failed"; return 1; }

# states FILE WHEN: every service's "NAME STATE PID EXIT CREATED" into FILE; fails unless all six run
states() {
  local f=$1 when=$2
  timeout 60 "$BF_WINE" "$SEQ" query "${SVCS[@]}" >"$f" 2>&1 || { fail "seqctl query failed: $(tr '\n' ' ' <"$f")"; return 1; }
  local bad; bad=$(awk '$2 != "running" {printf "%s is %s (exit code %s); ", $1, $2, $4}' "$f")
  [ "$(grep -c ' running ' "$f")" = ${#SVCS[@]} ] && [ -z "$bad" ] || { fail "not all services running $when: $bad"; return 1; }
}

# restarted BEFORE AFTER: every service runs in a new process (another PID or creation time)
restarted() {
  local same; same=$(join <(sort "$1") <(sort "$2") | awk '$3 == $7 && $5 == $9 {print $1}' | tr '\n' ' ')
  [ -z "$same" ] || { fail "$3 did not restart (same process as before): $same"; return 1; }
}

# (join: NAME, then STATE PID EXIT CREATED before, then after)
# timed SIDE OUT CMD...: one run of a side, checked before and after; BENCH_MS holds its time
timed() {
  local side=$1 out=$2 rc
  shift 2
  states "$out.before" "before timing $side" || return 1
  bench_ms "$out" 180 "$@"; rc=$?
  [ $rc = 0 ] || { fail "$side exited $rc: $(tail -3 "$out" | tr '\n' ' ')"; return 1; }
  states "$out.after" "after $side" || return 1
  restarted "$out.before" "$out.after" "$side"
}

inside() {
  WORK=$1
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$2" EXCHSRV01 >/dev/null || { fail "private machine failed"; return 1; }
  printf '127.0.0.1 localhost EXCHSRV01\n' >/etc/hosts
  # the keep-alive: an ordinary process for the whole run (tests/lib/keepalive.sh)
  if [ "${BENCH_NO_KEEPALIVE:-}" != 1 ]; then
    wine_keepalive_start "$WORK" || { fail "hold.exe did not start: $(cat "$WORK/hold.out")"; return 1; }
  fi
  local exe; exe=$(winpath "$W/testsvc.exe")
  local b n port prev eps="" svcs="" dep
  for b in a b; do
    prev=""
    for n in 1 2 3; do
      [ "$b" = a ] && port=$((7100 + n)) || port=$((7200 + n))
      dep=(); [ -n "$prev" ] && dep=(depend= "$prev")
      timeout 60 "$BF_WINE" sc create "bfbench-$b$n" binPath= "$exe bfbench-$b$n $port pop3 --stop-delay 400 --start-delay 300" \
        start= demand "${dep[@]}" >"$WORK/sc-create.out" 2>&1 || { fail "sc create bfbench-$b$n failed"; return 1; }
      eps="$eps{\"protocol\": \"B$b$n\", \"transport\": \"tcp\", \"port\": $port, \"service\": \"bfbench-$b$n\", \"greeting\": \"pop3\"},"
      svcs="$svcs\"bfbench-$b$n\","
      prev=bfbench-$b$n
    done
  done
  timeout 120 "$BF_WINE" "$SEQ" start "${SVCS[@]}" >"$WORK/start.out" 2>&1 || { fail "starting the services failed: $(cat "$WORK/start.out")"; return 1; }
  printf '{"schema": "bindfix-catalogue", "version": 1, "generations": [{"id": "bench", "label": "bench", "marker": "bfbench-a1", "services": [%s], "endpoints": [%s]}]}\n' \
    "${svcs%,}" "${eps%,}" >"$WORK/cat.json"
  # on demand: a pause between two commands, as a busy machine may take (without hold.exe, Wine ends the
  # services during it), or a service stopped before timing (the run must fail)
  [ -n "${BENCH_PAUSE:-}" ] && sleep "$BENCH_PAUSE"
  [ "${BENCH_STOP_BEFORE:-}" = 1 ] && timeout 60 "$BF_WINE" "$SEQ" stop bfbench-a1 >/dev/null 2>&1

  local r bf_ms net_ms
  local seq_args=(stop bfbench-a3 bfbench-a2 bfbench-a1 bfbench-b3 bfbench-b2 bfbench-b1
                  start bfbench-a1 bfbench-a2 bfbench-a3 bfbench-b1 bfbench-b2 bfbench-b3)
  printf 'bindfix-cli repair --restart (waves)\tone at a time, waited for (seqctl.exe)\n' >"$WORK/rounds.tsv"
  for r in $(seq 0 $ROUNDS); do   # round 0 is the warm-up, not counted
    timed bindfix "$WORK/repair.$r.out" "$BF_WINE" "$CLI" repair --apply --catalogue "$(winpath "$WORK/cat.json")" \
      --restart bfbench-a1,bfbench-b1 --journal "$(winpath "$WORK/journal.$r.json")" || return 1
    bf_ms=$BENCH_MS
    timed seqctl "$WORK/seqctl.$r.out" "$BF_WINE" "$SEQ" "${seq_args[@]}" || return 1
    net_ms=$BENCH_MS
    [ "$r" = 0 ] || printf '%s\t%s\n' "$bf_ms" "$net_ms" >>"$WORK/rounds.tsv"
  done
  wine_keepalive_stop "$WORK"
  wait
  bf_wineserver -k 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; rc=$?; bf_wineserver -k 2>/dev/null; exit $rc; fi
[ "$(id -u)" = 0 ] || { echo "bench-restart: needs root (unshare): no figures"; exit 2; }
WORK=$BF_BUILD/bench-restart
rm -rf "$WORK"; mkdir -p "$WORK"
bf_wineserver -w 2>/dev/null
timeout 900 unshare --net --mount --uts bash "$0" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
rc=$?
if [ -s "$WORK/failed" ] || [ $rc != 0 ]; then
  echo "bench-restart: no figures: $(cat "$WORK/failed" 2>/dev/null || echo "the run ended with exit $rc")"
  echo "  (files in $WORK)"; exit 2
fi
echo "6 services, 2 chains of 3 (stop 400 ms, start 300 ms each); before every timed run all 6 were running, after"
echo "it all 6 ran again, each in a new process. bindfix-cli repair stops and starts the two chains side by side"
echo "(waves of 2; its time includes its scan before and its verification scan after); seqctl.exe one by one,"
echo "$(grep polled "$WORK/seqctl.0.out" | tr -d '\r') (bfsys_service_poll_ms, the function bindfix's waves use)."
python3 "$HERE/figures.py" "$WORK/rounds.tsv" --ratio "bindfix-cli repair --restart (waves)" "one at a time, waited for (seqctl.exe)" 0.60
