# wine-env.sh - sourced by every test script: the private Wine prefix and helpers.
# Expects BF_WINE, BF_WINEPREFIX, BF_BUILD, BF_TOP from the Makefile (defaults for running by hand).
: "${BF_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${BF_BUILD:=$BF_TOP/build}"
: "${BF_WINEPREFIX:=$BF_BUILD/wineprefix}"
if [ -z "${BF_WINE:-}" ]; then
  if [ -x /usr/lib/wine/wine64 ]; then BF_WINE=/usr/lib/wine/wine64; else BF_WINE=wine; fi
fi
export WINEPREFIX="$BF_WINEPREFIX"
export WINEDEBUG=${BF_WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml="
export WINEARCH=win64
W="$BF_BUILD/win64"

bf_wineserver() {
  if command -v wineserver >/dev/null 2>&1; then wineserver "$@";
  elif [ -x /usr/lib/wine/wineserver64 ]; then /usr/lib/wine/wineserver64 "$@";
  else /usr/lib/wine/wineserver "$@"; fi
}

# bf_wine_capture OUTFILE TIMEOUT EXE ARGS... : runs a program, stdout+stderr to OUTFILE, returns its
# exit status; 124 on timeout; 99 when Wine reported an unhandled exception (a crash is never a pass).
bf_wine_capture() {
  local out=$1 t=$2; shift 2
  local rc=0
  timeout -k 5 "$t" "$BF_WINE" "$@" >"$out" 2>&1 || rc=$?
  if grep -q "Unhandled exception" "$out"; then
    echo "CRASH: Unhandled exception in: $*" >&2
    return 99
  fi
  return $rc
}

# bf_gui_launch LOG TIMEOUT DESKTOP,WxH PROGRAM [ARGS...]: PROGRAM (a Windows path, or a program Wine
# knows by name) on a Wine virtual desktop, through Wine's launcher (`wine explorer /desktop=...`), its
# output in LOG; returns the launcher's status (124 on timeout). Run it in the background and wait for it.
# Set-up, not the behaviour under test: on a busy machine Wine's launcher has failed to start the program
# at all ("ShellExecuteEx failed: Internal error", the launcher ending at once); then, and only when the
# program is not running all the same, the launch is made again, at most 3 times in all; each failed
# attempt is kept in LOG.launch-failures. Anything else (the program's own failure, a crash) is returned
# as it is, never retried.
bf_gui_launch() {
  local log=$1 t=$2 desk=$3 prog=$4 attempt rc=0
  shift 4
  rm -f "$log.launch-failures"
  for attempt in 1 2 3; do
    rc=0
    timeout -k 5 "$t" "$BF_WINE" explorer "/desktop=$desk" "$prog" "$@" >"$log" 2>&1 || rc=$?
    grep -q "ShellExecuteEx failed" "$log" || return $rc
    { echo "== attempt $attempt: Wine's launcher did not start $prog (exit $rc):"; cat "$log"; } >>"$log.launch-failures"
    # the program may have started before the launcher gave up: never start a second one beside it
    if ps -eo args= | grep -F -- "$prog" | grep -v -e "explorer" -e "grep" -q; then
      echo "== the program is running all the same: not launched again" >>"$log.launch-failures"
      return $rc
    fi
  done
  return $rc
}
