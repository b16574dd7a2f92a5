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
