#!/bin/bash
# make-prefix.sh - creates the private Wine prefix under build/ once, with the crash dialog off
# (a crash must print "Unhandled exception" and end, not wait for a click).
set -euo pipefail
. "$(dirname "$0")/wine-env.sh"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "bindfix: creating the Wine prefix in $WINEPREFIX (once, about 15 s)"
  mkdir -p "$WINEPREFIX"
  DISPLAY= timeout 300 "$BF_WINE" wineboot -i >/dev/null 2>&1 || true
  bf_wineserver -w
fi
DISPLAY= timeout 120 "$BF_WINE" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1
bf_wineserver -w
[ -f "$WINEPREFIX/system.reg" ] || { echo "bindfix: Wine prefix creation failed in $WINEPREFIX"; exit 1; }
