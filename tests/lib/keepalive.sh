# keepalive.sh - sourced by the tests and benchmarks that run real services in Wine's SCM.
#
# Wine ends services.exe and the services it started once the last ordinary process of a prefix exits (a
# short grace time later), and starts the auto-start ones again at the next command
# (shared/reference/wine.md). A script that starts services with one command and uses them with the next
# therefore keeps one ordinary process alive for its whole length: hold.exe (tests/tools/hold.c), which
# prints "holding" once it runs and exits when its standard input ends.
#
#   wine_keepalive_start DIR   hold.exe in the background, reading DIR/hold.fifo; waits (bounded) until it
#                              runs; false (and DIR/hold.out says why) when it did not start
#   wine_keepalive_stop DIR    closes the fifo's writing end (hold.exe reads its end and exits) and waits for
#                              it; writes DIR/keepalive.alive: 1 when hold.exe was still running until then
#   wine_service_wait NAME STATE OUT
#                              polls `sc query NAME` until it says STATE (bounded: 120 tries, 60 s of pauses),
#                              the last answer in OUT; false when it never got there. A script checks the
#                              state it relies on instead of assuming that a command before had its effect.
# One keep-alive per script at a time (its pid and fd are kept in shell variables).
BF_KEEPALIVE_PID=
BF_KEEPALIVE_FD=

wine_keepalive_start() {
  local dir=$1 i
  [ -z "$BF_KEEPALIVE_PID" ] || return 0
  mkdir -p "$dir" && rm -f "$dir/hold.fifo" "$dir/hold.out" "$dir/keepalive.alive" && mkfifo "$dir/hold.fifo" || return 1
  "$BF_WINE" "$W/hold.exe" <"$dir/hold.fifo" >"$dir/hold.out" 2>&1 &
  BF_KEEPALIVE_PID=$!
  exec {BF_KEEPALIVE_FD}>"$dir/hold.fifo"   # the writing end, open until wine_keepalive_stop
  for i in $(seq 1200); do   # bounded: 120 s on a machine that is very busy
    grep -q holding "$dir/hold.out" 2>/dev/null && return 0
    kill -0 "$BF_KEEPALIVE_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "hold.exe did not start" >>"$dir/hold.out"
  wine_keepalive_stop "$dir"
  return 1
}

wine_keepalive_stop() {
  local dir=$1
  [ -n "$BF_KEEPALIVE_PID" ] || return 0
  if kill -0 "$BF_KEEPALIVE_PID" 2>/dev/null; then echo 1 >"$dir/keepalive.alive"; else echo 0 >"$dir/keepalive.alive"; fi
  [ -n "$BF_KEEPALIVE_FD" ] && exec {BF_KEEPALIVE_FD}>&-
  timeout 60 tail --pid="$BF_KEEPALIVE_PID" -f /dev/null 2>/dev/null || kill "$BF_KEEPALIVE_PID" 2>/dev/null
  wait "$BF_KEEPALIVE_PID" 2>/dev/null
  BF_KEEPALIVE_PID= BF_KEEPALIVE_FD=
}

wine_service_wait() {
  local name=$1 state=$2 out=$3 i
  for i in $(seq 120); do
    timeout 60 "$BF_WINE" sc query "$name" >"$out" 2>&1
    grep -q "STATE.*$state" "$out" && return 0
    sleep 0.5
  done
  return 1
}
