#!/bin/bash
# run-gui-live.sh - the console's live mode, View > Auto refresh (part of make check-gui; needs root;
# issue 16 part 3). In a private network namespace lan0 holds 192.0.2.10. bindfix.exe scans the
# machine live on a virtual desktop under Xvfb; the test turns Auto refresh on (its menu command, sent:
# the window has handled it when the driver returns), then adds 198.51.100.88 to lan0 with `ip addr
# add`, and reads the Adapters view until it shows the new address (a 180 s hang bound), no Refresh
# chosen (turning it on scans once when the watch is armed); then a second address, which only the
# watch's notice of the change can bring. Then Auto refresh off again: an address added the same way must not show in twice the time the
# first took (the control: the refresh came from the live mode). Screenshot: view-adapters-live.png.
# Changed rows (issue 16 part 3): while Auto refresh is on, the rows a scan changed are marked ("Changed: "
# before the first cell, which a screen reader speaks, and bold), the caption and the status bar count them;
# the lan0 row is marked after each address, the loopback row never, and a Refresh with nothing changed keeps
# the latest change's marks (a notification that brings nothing new must not wipe them before they are seen).
# The overview's three lists are marked the same way (session 5): after the second address its Adapters
# list reads "Changed: lan0", its label counts it ("A&dapters (changed: 1)"). Rows a change removes (a
# removed row cannot be marked in its list: it is gone): a deleted link is no such row under Wine 8 (its
# network layer never forgets an interface: `ip link del` leaves the adapter listed, status Unknown), so the
# row removed is a listener's, as when a VPN client going down takes its service with it: a Linux process
# listens on 198.51.100.90:2525 (seen in the Listeners view after a Refresh), ends, and the address goes with
# `ip addr del`; the Listeners view's caption and the status bar (announced) then say "removed: 1: tcp
# 198.51.100.90 2525", and the overview marks lan0 changed. Screenshots: overview-live.png,
# view-listeners-removed.png.
# View > Check DNS registration in scans (issue 16 part 1), in the same window first: Debian's dnsmasq on
# 127.0.0.53 inside the namespace (the namespace's only name server, no upstream) publishes
# exchsrv01.example.test as 192.0.2.10 and 203.0.113.9, which no adapter holds. The first scan does not ask
# (no BF-DNS finding); the menu command rescans asking, and the Findings view and the overview show
# BF-DNS-UNUSABLE for 203.0.113.9 (not for 192.0.2.10); the choice is remembered (HKCU DnsQuery = 1).
# Screenshot: overview-dns.png (view-adapters-live.png shows the marked lan0 row).
# Prints PASS:/FAIL: lines (run-gui-tests.sh counts them).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
DRIVER=$W/guidriver.exe
SHOTS=$BF_BUILD/screenshots
IDM_VIEW_AUTO_REFRESH=1106
IDM_VIEW_DNS=1107
FQDN=exchsrv01.example.test
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# reads node 2 (Adapters) until it lists ADDRESS or SECONDS have passed (a hang bound, not a verdict on
# speed); prints the seconds it took, 0 if it never did
wait_address() {
  wait_node 2 "$@"
}
# wait_node NODE WORK TEXT SECONDS OUT: the same for any node's rows (grep -F)
wait_node() {
  local node=$1 work=$2 addr=$3 secs=$4 out=$5 start=$SECONDS
  while [ $((SECONDS - start)) -lt "$secs" ]; do
    timeout 60 "$BF_WINE" "$DRIVER" --desktop bindfix node "$node" >"$out" 2>>"$work/driver.err"
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
  # DNS: the first scan did not ask; the menu command scans again asking (the Findings view is read until
  # it lists the finding: a hang bound)
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 9 >"$work/findings-nodns.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" sendcommand $IDM_VIEW_DNS 2>>"$work/driver.err"
  wait_node 9 "$work" BF-DNS-UNUSABLE 180 "$work/findings-dns.txt" >"$work/dns.reads"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 1 >/dev/null 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dump >"$work/overview-dns.txt" 2>>"$work/driver.err"
  import -window root "$SHOTS/overview-dns.png" 2>/dev/null
  timeout 60 "$BF_WINE" reg query 'HKCU\Software\bindfix' /v DnsQuery >"$work/dns-setting.txt" 2>&1
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 2 >"$work/before.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" sendcommand $IDM_VIEW_AUTO_REFRESH 2>>"$work/driver.err"
  ip addr add 198.51.100.88/24 dev lan0
  wait_address "$work" 198.51.100.88 180 "$work/after.txt" >"$work/live.reads"
  # the watch is armed now (the console scans once when it is, and that scan has been shown): a second
  # address is shown only if the change itself is noticed
  ip addr add 198.51.100.90/24 dev lan0
  wait_address "$work" 198.51.100.90 180 "$work/after2.txt" >"$work/live2.reads"
  import -window root "$SHOTS/view-adapters-live.png" 2>/dev/null
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dump >"$work/status-live.txt" 2>>"$work/driver.err"
  # the overview's lists marked by the same change (node 1), then the Adapters view again
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 1 >/dev/null 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dump >"$work/overview-live.txt" 2>>"$work/driver.err"
  import -window root "$SHOTS/overview-live.png" 2>/dev/null
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 2 >/dev/null 2>>"$work/driver.err"
  # a listener on the second address (a Linux process: Wine's listener table shows it), seen from the
  # Refresh below on
  python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("198.51.100.90", 2525)); s.listen(1); open(sys.argv[1], "w").write("ready"); time.sleep(600)' "$work/listener.ready" &
  local lp=$! i
  for ((i = 0; i < 200; i++)); do [ -s "$work/listener.ready" ] && break; sleep 0.05; done
  # a Refresh with nothing changed (the live mode still on): nothing marked
  timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 refresh >"$work/refresh-same.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 2 >"$work/same.txt" 2>>"$work/driver.err"
  # the listener and its address removed: its row is gone, reported by name (the Listeners view, shown
  # before so that it compares with rows holding it, is read until its caption says so: a hang bound)
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 6 >"$work/listeners-before.txt" 2>>"$work/driver.err"
  kill "$lp"; wait "$lp" 2>/dev/null
  ip addr del 198.51.100.90/24 dev lan0
  wait_node 6 "$work" "removed: " 180 "$work/removed.txt" >"$work/removed.reads"
  import -window root "$SHOTS/view-listeners-removed.png" 2>/dev/null
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dump >"$work/status-removed.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 1 >/dev/null 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dump >"$work/overview-removed.txt" 2>>"$work/driver.err"
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
  printf '127.0.0.1 localhost\n192.0.2.10 %s EXCHSRV01\n' "$FQDN" >/etc/hosts
  # the namespace's only name server: dnsmasq on its loopback, no upstream (as tests/e2e/run-dns-tests.sh)
  ip addr add 127.0.0.53/8 dev lo
  printf 'nameserver 127.0.0.53\nsearch example.test\noptions timeout:2 attempts:1\n' >/etc/resolv.conf
  dnsmasq --keep-in-foreground --no-resolv --no-hosts --local=/example.test/ --no-poll --bind-interfaces \
    --listen-address=127.0.0.53 --port=53 --user=root --log-facility="$work/dnsmasq.log" --log-queries \
    --host-record="$FQDN,192.0.2.10" --host-record="$FQDN,203.0.113.9" &
  local dp=$! i
  # its first answer (a bounded number of tries), not a time; AAAA: the hosts file answers the A query
  for i in $(seq 1 200); do
    python3 -c 'import socket,sys; socket.getaddrinfo(sys.argv[1], None, socket.AF_INET6)' "$FQDN" 2>/dev/null
    grep -q "reply\|config $FQDN" "$work/dnsmasq.log" 2>/dev/null && break
    sleep 0.05
  done
  echo "dnsmasq answering after $i tries"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  export WINEPREFIX BF_WINEPREFIX=$WINEPREFIX
  timeout -k 10 400 xvfb-run -a -s "-screen 0 1100x700x24 -nolisten tcp" bash "$HERE/run-gui-live.sh" --drive "$work" \
    >"$work/drive.log" 2>&1
  bf_wineserver -k 2>/dev/null
  kill "$dp" 2>/dev/null; wait "$dp" 2>/dev/null
  kill -0 "$dp" 2>/dev/null && echo alive >"$work/dnsmasq.left"
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
# View > Check DNS registration in scans
t "DNS: the first scan does not ask DNS (no BF-DNS finding in the Findings view)" \
  "grep -q '^caption' $WORK/findings-nodns.txt && ! grep -q 'BF-DNS' $WORK/findings-nodns.txt" "$WORK/findings-nodns.txt"
t "DNS: View > Check DNS registration in scans scans again asking: the Findings view shows BF-DNS-UNUSABLE for 203.0.113.9 (within $(cat $WORK/dns.reads 2>/dev/null) s), not for 192.0.2.10" \
  "grep -P '^row\\tresult' $WORK/findings-dns.txt | grep 'BF-DNS-UNUSABLE' | grep -q 'DNS publishes 203.0.113.9' && ! grep -q 'DNS publishes 192.0.2.10' $WORK/findings-dns.txt && grep -q 'query.*$FQDN' $WORK/dnsmasq.log" "$WORK/findings-dns.txt"
t "DNS: the overview's findings show it too" "grep -q 'DNS publishes 203.0.113.9' $WORK/overview-dns.txt" "$WORK/overview-dns.txt"
t "DNS: the choice is remembered (HKCU\\Software\\bindfix DnsQuery = 1), dnsmasq ended by its PID" \
  "grep -qi 'DnsQuery.*REG_DWORD.*0x1' $WORK/dns-setting.txt && [ ! -e $WORK/dnsmasq.left ]" "$WORK/dns-setting.txt"
t "the Adapters view before the change does not list 198.51.100.88" \
  "grep -q '192.0.2.10' $WORK/before.txt && ! grep -q '198.51.100.88' $WORK/before.txt" "$WORK/before.txt"
t "Auto refresh on: after ip addr add the Adapters view lists 198.51.100.88 without a Refresh (within $(cat $WORK/live.reads 2>/dev/null) s)" \
  "[ \"\$(cat $WORK/live.reads 2>/dev/null)\" -gt 0 ] && grep -q '198.51.100.88' $WORK/after.txt" "$WORK/after.txt"
t "Auto refresh on, the watch armed: a second address added is shown too (within $(cat $WORK/live2.reads 2>/dev/null) s)" \
  "[ \"\$(cat $WORK/live2.reads 2>/dev/null)\" -gt 0 ]" "$WORK/after2.txt"
# changed rows: the mark is text (read as the item's text, what a screen reader speaks), counted in the
# caption and the status bar
t "changed rows: none marked before Auto refresh" "grep -q '^caption' $WORK/before.txt && ! grep -q 'Changed: ' $WORK/before.txt && ! grep -q 'latest change' $WORK/before.txt" "$WORK/before.txt"
t "changed rows: after the first address the lan0 row reads \"Changed: lan0\", the loopback row is not marked, the caption counts 1" \
  "grep -qP '^row\\tresult\\t[0-9]+\\tChanged: lan0\\t' $WORK/after.txt && ! grep -P '^row\\tresult' $WORK/after.txt | grep -v 'Changed: lan0' | grep -q 'Changed: ' && grep -q '^caption.*changed by the latest change: 1)' $WORK/after.txt" "$WORK/after.txt"
t "changed rows: after the second address lan0 is marked again, and the status bar says 1 changed row in this view" \
  "grep -qP '^row\\tresult\\t[0-9]+\\tChanged: lan0\\t.*198\\.51\\.100\\.90' $WORK/after2.txt && grep -q 'rows changed by the latest change in this view: 1' $WORK/status-live.txt" "$WORK/status-live.txt"
t "changed rows: a Refresh with nothing changed keeps the latest change's marks (lan0, 1), the unchanged rows stay unmarked" \
  "grep -q '^caption.*changed by the latest change: 1)' $WORK/same.txt && [ \"\$(grep -c 'Changed: ' $WORK/same.txt)\" = 1 ] && grep -qP '^row\\tresult\\t[0-9]+\\tChanged: lan0\\t' $WORK/same.txt && grep -q 'rows changed by the latest change in this view: 1' $WORK/refresh-same.txt" "$WORK/same.txt"
# the overview (session 5): its lists marked as the list pages, the counts in the labels
t "overview: after the second address its Adapters list reads \"Changed: lan0\" (the loopback row unmarked) and the label counts it" \
  "grep -qP '^row\\tadapters\\t[0-9]+\\tChanged: lan0\\t.*198\\.51\\.100\\.90' $WORK/overview-live.txt && grep -qP '^row\\tadapters\\t[0-9]+\\tlo\\t' $WORK/overview-live.txt && grep -qP '^label\\tadapters\\tA&dapters \\(changed: 1\\)\\t' $WORK/overview-live.txt" "$WORK/overview-live.txt"
# removed rows: named in the caption and the status bar; the overview marks what the same change did there
t "removed: the Listeners view lists tcp 198.51.100.90:2525 before" \
  "grep -qP '^row\\tresult\\t[0-9]+\\t(Changed: )?tcp\\t198\\.51\\.100\\.90\\t2525\\t' $WORK/listeners-before.txt" "$WORK/listeners-before.txt"
t "removed: the listener ended and its address deleted (within $(cat $WORK/removed.reads 2>/dev/null) s): the Listeners view no longer lists it, its caption says \"removed: 1: tcp 198.51.100.90 2525\"" \
  "[ \"\$(cat $WORK/removed.reads 2>/dev/null)\" -gt 0 ] && grep -q '^caption.*; removed: 1: tcp 198\\.51\\.100\\.90 2525)' $WORK/removed.txt && ! grep -qP '^row\\tresult\\t.*\\t198\\.51\\.100\\.90\\t2525\\t' $WORK/removed.txt" "$WORK/removed.txt"
t "removed: the status bar (announced) names it" \
  "grep -qP '^status\\t0\\t.*; removed: 1: tcp 198\\.51\\.100\\.90 2525\$' $WORK/status-removed.txt" "$WORK/status-removed.txt"
t "removed: the overview marks lan0 changed by the same change (its address gone), its label counts 1 and names nothing removed" \
  "grep -qP '^row\\tadapters\\t[0-9]+\\tChanged: lan0\\t' $WORK/overview-removed.txt && ! grep -qP '^row\\tadapters\\t.*198\\.51\\.100\\.90' $WORK/overview-removed.txt && grep -qP '^label\\tadapters\\tA&dapters \\(changed: 1\\)\\t' $WORK/overview-removed.txt" "$WORK/overview-removed.txt"
t "control, Auto refresh turned off again: an address added is not shown in twice that time" \
  "[ \"\$(cat $WORK/control.reads 2>/dev/null)\" = 0 ]" "$WORK/control.txt"
t "no crash, the window answered and closed with status 0" \
  "grep -q '^exit	0$' $WORK/close.txt && ! grep -q 'Unhandled exception' $WORK/*.log $WORK/drive.log" "$WORK/close.txt"
