#!/bin/bash
# run.sh - make run: the console (bindfix.exe) under Wine when $DISPLAY is set, else the live scan
# (bindfix-cli scan; its exit status 1 says problems were found, which is not a failure of make run).
. "$(dirname "$0")/wine-env.sh"
if [ -n "${DISPLAY:-}" ]; then
  echo "bindfix: opening the console on $DISPLAY"
  bash "$BF_TOP/tests/lib/wine-run.sh" "$W/bindfix.exe"
else
  echo "bindfix: no DISPLAY set: printing the live scan"
  bash "$BF_TOP/tests/lib/wine-run.sh" "$W/bindfix-cli.exe" scan; rc=$?
  [ $rc -le 1 ] || exit $rc
fi
