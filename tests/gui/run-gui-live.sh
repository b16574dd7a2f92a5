#!/bin/bash
# run-gui-live.sh - the console's live mode, View > Auto refresh (part of make check-gui; needs root;
# issue 16 part 3). In a private network namespace lan0 holds 192.0.2.10. bindfix.exe scans the
# machine live on a virtual desktop under Xvfb; the test turns Auto refresh on (its menu command, sent:
# the window has handled it when the driver returns), then adds 198.51.100.88 to lan0 with `ip addr
# add`, and reads the Adapters view until it shows the new address (a 180 s hang bound), no Refresh
# chosen (turning it on scans once when the watch is armed); then a second address, which only the
# watch's notice of the change can bring. Then Auto refresh off again: an address added the same way must not show in twice the time the
# first took (the control: the refresh came from the live mode). Screenshot: view-adapters-live.png.
# Prints PASS:/FAIL: lines (run-gui-tests.sh counts them).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
DRIVER=$W/guidriver.exe
SHOTS=$BF_BUILD/screenshots
IDM_VIEW_AUTO_REFRESH=1106
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# reads node 2 (Adapters) until it lists ADDRESS or SECONDS have passed (a hang bound, not a verdict on
# speed); prints the seconds it took, 0 if it never did
wait_address() {
  local work=$1 addr=$2 secs=$3 out=$4 start=$SECONDS
  while [ $((SECONDS - start)) -lt "$secs" ]; do
    timeout 60 "$BF_WINE" "$DRIVER" --desktop bindfix node 2 >"$out" 2>>"$work/driver.err"
    grep -qF "$addr" "$out" && { echo $((SECONDS - start + 1)); return 0; }
  done
  echo 0
}

drive() {
  local work=$1 d=(--desktop bindfix) app
  # with Auto refresh
  bf_gui_launch "$work/app.log" 300 bindfix,1100x700 "$(winpath "$W/bindfix.exe")" &
  app=$!
  timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 100000 dump >"$work/first.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 2 >"$work/before.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" sendcommand $IDM_VIEW_AUTO_REFRESH 2>>"$work/driver.err"
  ip addr add 198.51.100.88/24 dev lan0
  wait_address "$work" 198.51.100.88 180 "$work/after.txt" >"$work/live.reads"
  # the watch is armed now (the console scans once when it is, and that scan has been shown): a second
  # address is shown only if the change itself is noticed
  ip addr add 198.51.100.90/24 dev lan0
  wait_address "$work" 198.51.100.90 180 "$work/after2.txt" >"$work/live2.reads"
  import -window root "$SHOTS/view-adapters-live.png" 2>/dev/null
  # the control in the same window: Auto refresh off again, an address added, the view read as often
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" sendcommand $IDM_VIEW_AUTO_REFRESH 2>>"$work/driver.err"
  ip addr add 198.51.100.89/24 dev lan0
  # for twice as long as the live mode took to show its address
  wait_address "$work" 198.51.100.89 $(( 2 * $(cat "$work/live.reads") )) "$work/control.txt" >"$work/control.reads"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" props >"$work/props.txt" 2>>"$work/driver.err"
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/close.txt" 2>>"$work/driver.err"
  wait $app
}

inside() {
  local work=$1 template=$2
  WORK=$work
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$work" "$template" EXCHSRV01 >/dev/null || { echo "private machine failed"; return 1; }
  ns_veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
  printf '127.0.0.1 localhost\n192.0.2.10 EXCHSRV01\n' >/etc/hosts
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  export WINEPREFIX BF_WINEPREFIX=$WINEPREFIX
  timeout -k 10 400 xvfb-run -a -s "-screen 0 1100x700x24 -nolisten tcp" bash "$HERE/run-gui-live.sh" --drive "$work" \
    >"$work/drive.log" 2>&1
  bf_wineserver -k 2>/dev/null
  return 0
}

if [ "${1:-}" = "--drive" ]; then drive "$2"; exit 0; fi
if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; exit 0; fi

WORK=$BF_BUILD/gui-live
rm -rf "$WORK"; mkdir -p "$WORK" "$SHOTS"
if [ "$(id -u)" != 0 ]; then echo "FAIL: live: needs root (network namespace)"; exit 0; fi
for f in "$DRIVER" "$W/bindfix.exe"; do [ -e "$f" ] || { echo "FAIL: live: $f missing (make check-gui builds it)"; exit 0; }; done
bf_wineserver -w 2>/dev/null
timeout -k 10 500 unshare --net --mount --uts bash "$HERE/run-gui-live.sh" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
t() { if eval "$2"; then echo "PASS: live: $1"; else echo "FAIL: live: $1"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" 2>/dev/null | head -8; fi; }
t "the Adapters view before the change does not list 198.51.100.88" \
  "grep -q '192.0.2.10' $WORK/before.txt && ! grep -q '198.51.100.88' $WORK/before.txt" "$WORK/before.txt"
t "Auto refresh on: after ip addr add the Adapters view lists 198.51.100.88 without a Refresh (within $(cat $WORK/live.reads 2>/dev/null) s)" \
  "[ \"\$(cat $WORK/live.reads 2>/dev/null)\" -gt 0 ] && grep -q '198.51.100.88' $WORK/after.txt" "$WORK/after.txt"
t "Auto refresh on, the watch armed: a second address added is shown too (within $(cat $WORK/live2.reads 2>/dev/null) s)" \
  "[ \"\$(cat $WORK/live2.reads 2>/dev/null)\" -gt 0 ]" "$WORK/after2.txt"
t "control, Auto refresh turned off again: an address added is not shown in twice that time" \
  "[ \"\$(cat $WORK/control.reads 2>/dev/null)\" = 0 ]" "$WORK/control.txt"
t "no crash, the window answered and closed with status 0" \
  "grep -q '^exit	0$' $WORK/close.txt && ! grep -q 'Unhandled exception' $WORK/*.log $WORK/drive.log" "$WORK/close.txt"
