#!/bin/bash
# run-repair-tests.sh - the repair end to end under Wine, in a private network namespace (make
# check-repair): the host name resolves first to an address no interface holds because of a stale hosts
# line (fixture 2's machine). Tcpip\Parameters\DataBasePath points at Z:\etc, so the hosts file bindfix
# repairs is the one glibc - and with it Wine's getaddrinfo - reads: the repair's effect is real.
#
#   1. `repair` previews the change and changes nothing (file hash unchanged);
#   2. with /etc read-only (a hosts file that cannot be replaced), `repair --apply` fails cleanly and
#      changes nothing;
#   3. `repair --apply` comments the line out (atomically, with a backup), the journal says "applied",
#      the resolver no longer returns the stale address, the verification passes (exit 0);
#   4. `undo` puts the file back byte for byte (hash compared).
# Ends with "N passed, N failed"; "Unhandled exception" is a failure. Needs root.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

inside() {
  WORK=$1
  local template=$2
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$template" EXCHSRV01 >/dev/null || { echo "FAIL: private machine"; return 1; }
  ns_veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
  ip route add default via 192.0.2.1 dev lan0 onlink
  printf '127.0.0.1 localhost\r\n203.0.113.50 EXCHSRV01 # stale\r\n192.0.2.10 EXCHSRV01\r\n' >/etc/hosts
  printf 'precedence ::ffff:203.0.113.0/120 45\nprecedence ::1/128 50\nprecedence ::/0 40\nprecedence ::ffff:0:0/96 10\n' >/etc/gai.conf
  timeout 60 "$BF_WINE" reg add 'HKLM\System\CurrentControlSet\Services\Tcpip\Parameters' /v DataBasePath \
    /t REG_EXPAND_SZ /d 'Z:\etc' /f >/dev/null 2>&1
  local rc
  sha256sum /etc/hosts | cut -d' ' -f1 >"$WORK/hash.0"

  rc=0; timeout 120 "$BF_WINE" "$CLI" repair >"$WORK/preview.out" 2>&1 || rc=$?; echo $rc >"$WORK/preview.rc"
  sha256sum /etc/hosts | cut -d' ' -f1 >"$WORK/hash.1"

  mount -o remount,ro,bind /etc
  rc=0; timeout 120 "$BF_WINE" "$CLI" repair --apply --journal "$(winpath "$WORK/ro-journal.json")" >"$WORK/ro.out" 2>&1 || rc=$?
  echo $rc >"$WORK/ro.rc"
  mount -o remount,rw,bind /etc
  sha256sum /etc/hosts | cut -d' ' -f1 >"$WORK/hash.2"

  rc=0; timeout 120 "$BF_WINE" "$CLI" repair --apply --journal "$(winpath "$WORK/journal.json")" >"$WORK/apply.out" 2>&1 || rc=$?
  echo $rc >"$WORK/apply.rc"
  cp /etc/hosts "$WORK/hosts.after"
  ls /etc/hosts.bindfix-*.bak >"$WORK/backups" 2>/dev/null
  python3 -c 'import socket; print(" ".join(sorted({a[4][0] for a in socket.getaddrinfo("EXCHSRV01", None)})))' >"$WORK/gai.after" 2>&1

  rc=0; timeout 120 "$BF_WINE" "$CLI" undo --journal "$(winpath "$WORK/journal.json")" >"$WORK/undo.out" 2>&1 || rc=$?
  echo $rc >"$WORK/undo.rc"
  sha256sum /etc/hosts | cut -d' ' -f1 >"$WORK/hash.3"
  bf_wineserver -k 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3"
  exit $?
fi

if [ "$(id -u)" != 0 ]; then
  echo "FAIL: the repair test needs root (unshare --net, mount)"; echo "0 passed, 1 failed"; exit 1
fi
WORK=$BF_BUILD/repair-test
rm -rf "$WORK"; mkdir -p "$WORK"
bf_wineserver -w 2>/dev/null
timeout 300 unshare --net --mount --uts bash "$HERE/run-repair-tests.sh" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1

passed=0; failed=0
ok()  { passed=$((passed + 1)); echo "PASS: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
t() { if eval "$2"; then ok "$1"; else bad "$1"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -12; fi; }

if grep -q "Unhandled exception" "$WORK"/*.out "$WORK/inside.log" 2>/dev/null; then bad "Unhandled exception"; fi
t "repair (preview) exits 0 and shows the hosts line before and after" \
  "[ \"\$(cat $WORK/preview.rc)\" = 0 ] && grep -q 'after:  # 203.0.113.50 EXCHSRV01 # stale' $WORK/preview.out" "$WORK/preview.out"
t "the preview changed nothing (hosts file hash)" "cmp -s $WORK/hash.0 $WORK/hash.1"
t "a hosts file that cannot be replaced: --apply fails with exit 2 and says why" \
  "[ \"\$(cat $WORK/ro.rc)\" = 2 ] && grep -q 'did not complete' $WORK/ro.out" "$WORK/ro.out"
t "... and nothing changed (hash)" "cmp -s $WORK/hash.0 $WORK/hash.2"
t "repair --apply: exit 0, verified" "[ \"\$(cat $WORK/apply.rc)\" = 0 ] && grep -q '^Repaired' $WORK/apply.out" "$WORK/apply.out"
t "the stale line is commented out, the others and the CRLF line ends kept" \
  "printf '127.0.0.1 localhost\r\n# 203.0.113.50 EXCHSRV01 # stale\r\n192.0.2.10 EXCHSRV01\r\n' | cmp -s - $WORK/hosts.after" "$WORK/hosts.after"
t "a timestamped backup of the hosts file was written" "[ -s $WORK/backups ]" "$WORK/backups"
t "the journal says applied, every step done" \
  "python3 -c \"import json,sys; j=json.load(open('$WORK/journal.json')); sys.exit(0 if j['state'] in ('applied','undone') and j['steps'] else 1)\""
t "the resolver no longer returns 203.0.113.50" "! grep -q 203.0.113.50 $WORK/gai.after" "$WORK/gai.after"
t "undo exits 0" "[ \"\$(cat $WORK/undo.rc)\" = 0 ]" "$WORK/undo.out"
t "after undo the hosts file is byte-identical to before (hash)" "cmp -s $WORK/hash.0 $WORK/hash.3"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
