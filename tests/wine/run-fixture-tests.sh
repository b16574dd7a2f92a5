#!/bin/bash
# run-fixture-tests.sh - live collection proven on real network configurations (make check-fixtures).
#
# Each fixture is a private network, mount and UTS namespace (unshare) built with veth pairs, its own
# host name, a private /etc (so /etc/hosts can be changed: Wine's getaddrinfo goes to glibc) and a
# private /tmp. The private /tmp matters: wineserver's socket lives there, so Wine inside the namespace
# starts its own wineserver and nsiproxy, which see the namespace's interfaces; a wineserver started
# outside would answer with the host's. All fixtures share one copy of the test prefix (each kills its
# wineserver before the next starts). bindfix-cli snapshot runs inside; tests/wine/check_fixture.py
# compares the snapshot with what the fixture built.
#
# Addresses: documentation ranges only, inside the namespaces. Needs root (unshare, ip).
# Usage: run-fixture-tests.sh            all fixtures, ends with "N passed, N failed"
#        run-fixture-tests.sh --bench    fixture 5 timed against wine ipconfig /all and netstat -ano
#        run-fixture-tests.sh --inside NAME WORK   (internal: the part that runs in the namespace)
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
LISTEN=$W/listen.exe
BASE=$BF_BUILD/fixtures

winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# ---------------------------------------------------------------- inside a namespace
veth() {  # veth NAME [PEER]: a veth pair; the peer stays down unless asked
  ip link add "$1" type veth peer name "${2:-${1}p}"
}

inside() {
  local name=$1 work=$2
  set -e
  mount -t tmpfs tmpfs /tmp
  mkdir -p "$work/etc"; cp -a /etc/. "$work/etc/"; mount --bind "$work/etc" /etc
  ip link set lo up
  hostname EXCHSRV01
  export WINEPREFIX=$work/../prefix
  local winhosts="$WINEPREFIX/drive_c/windows/system32/drivers/etc/hosts"
  mkdir -p "$(dirname "$winhosts")"
  printf '127.0.0.1 localhost\n' >"$winhosts"
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >/etc/hosts
  case $name in
    dialup-down)
      veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
      veth ppp0; ip addr add 198.51.100.7/32 dev ppp0          # carries an address, link down
      ip route add default via 192.0.2.1 dev lan0 onlink
      ;;
    hosts-unbound)
      veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
      ip route add default via 192.0.2.1 dev lan0 onlink
      # the host name first maps to an address no interface holds: the KB's failure, for real
      printf '203.0.113.50 EXCHSRV01\n192.0.2.10 EXCHSRV01\n' >>/etc/hosts
      printf '203.0.113.50 EXCHSRV01 # stale\n192.0.2.10 EXCHSRV01\n' >>"$winhosts"
      ;;
    port-held)
      veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
      ip route add default via 192.0.2.1 dev lan0 onlink
      printf '192.0.2.10 EXCHSRV01\n' >>/etc/hosts
      # a Linux listener on POP3, answering like one
      python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.10", 110)); s.listen(5)
open("'"$work"'/py.ready", "w").close()
while True:
    c, _ = s.accept(); c.sendall(b"+OK linux pop3\r\n"); c.close()
' & echo $! >"$work/py.pid"
      # a Wine process holding IMAP4 on the same address
      "$BF_WINE" "$LISTEN" 192.0.2.10 143 >"$work/listen.out" 2>&1 & echo $! >"$work/listen.pid"
      for _ in $(seq 100); do [ -e "$work/py.ready" ] && grep -q listening "$work/listen.out" 2>/dev/null && break; sleep 0.1; done
      ;;
    ipv6)
      veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip addr add 2001:db8::10/64 dev lan0 nodad
      ip link set lan0 up; ip link set lan0p up
      veth v6only; ip addr add 2001:db8:1::20/64 dev v6only nodad; ip link set v6only up; ip link set v6onlyp up
      ip route add default via 192.0.2.1 dev lan0 onlink
      printf '2001:db8::10 EXCHSRV01\n192.0.2.10 EXCHSRV01\n' >>/etc/hosts
      ;;
    many-unicode)
      local i n
      for i in $(seq 0 31); do
        n=$(python3 -c "print('ł€ñ-%02d' % $i)")
        ip link add "$n" type veth peer name "p$i"
        ip addr add "198.51.100.$((i + 10))/32" dev "$n"
        ip link set "$n" up; ip link set "p$i" up
      done
      veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
      ip route add default via 192.0.2.1 dev lan0 onlink
      ;;
  esac
  ip -j addr >"$work/ip-addr.json"
  set +e
  if [ "${BENCH:-}" = 1 ]; then
    local t0 t1 t2 t3
    timeout 120 "$BF_WINE" "$CLI" --version >/dev/null 2>&1   # wineserver and services up before timing
    t0=$(date +%s%N); timeout 120 "$BF_WINE" "$CLI" snapshot -o "$(winpath "$work/snap.json")" >/dev/null 2>&1
    t1=$(date +%s%N); timeout 120 "$BF_WINE" ipconfig /all >/dev/null 2>&1
    t2=$(date +%s%N); timeout 120 "$BF_WINE" netstat -ano >/dev/null 2>&1
    t3=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t1) / 1000000 )) $(( (t3 - t2) / 1000000 ))" >"$work/bench.txt"
  else
    timeout 120 "$BF_WINE" "$CLI" snapshot -o "$(winpath "$work/snap.json")" >"$work/snap.out" 2>&1
    echo $? >"$work/snap.rc"
    timeout 120 "$BF_WINE" "$CLI" scan >"$work/scan.out" 2>&1
    echo $? >"$work/scan.rc"
  fi
  [ -f "$work/py.pid" ] && kill "$(cat "$work/py.pid")" 2>/dev/null
  [ -f "$work/listen.pid" ] && kill "$(cat "$work/listen.pid")" 2>/dev/null
  bf_wineserver -k 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3"
  exit $?
fi

# ---------------------------------------------------------------- outside
if [ "$(id -u)" != 0 ]; then
  echo "FAIL: the network fixtures need root (unshare --net, ip link); run make check as root"
  echo "0 passed, 1 failed"; exit 1
fi
command -v unshare >/dev/null && command -v ip >/dev/null || { echo "FAIL: unshare or ip missing"; echo "0 passed, 1 failed"; exit 1; }

rm -rf "$BASE"; mkdir -p "$BASE"
bf_wineserver -w 2>/dev/null   # the template prefix must be at rest before it is copied
cp -a "$BF_WINEPREFIX" "$BASE/prefix"

run_fixture() {  # run_fixture NAME
  local work=$BASE/$1
  mkdir -p "$work"
  unshare --net --mount --uts bash "$HERE/run-fixture-tests.sh" --inside "$1" "$work" >"$work/inside.log" 2>&1
}

if [ "${1:-}" = "--bench" ]; then
  BENCH=1 run_fixture many-unicode
  read -r snap ipc net <"$BASE/many-unicode/bench.txt"
  adapters=$(python3 -c "import json;print(len(json.load(open('$BASE/many-unicode/snap.json'))['adapters']))")
  probes=$(python3 -c "import json;print(sum(len(e['probes']) for e in json.load(open('$BASE/many-unicode/snap.json'))['endpoints']))")
  echo "fixture 5: $adapters adapters, $probes bind probes"
  printf '%-40s %8s ms\n' "bindfix-cli snapshot (probes included)" "$snap" "wine ipconfig /all" "$ipc" "wine netstat -ano" "$net"
  python3 -c "print('ratio snapshot / (ipconfig + netstat): %.2f (goal < 1)' % ($snap / max(1, $ipc + $net)))"
  exit 0
fi

passed=0; failed=0
for f in dialup-down hosts-unbound port-held ipv6 many-unicode; do
  run_fixture "$f"
  work=$BASE/$f
  if grep -q "Unhandled exception" "$work"/*.out "$work/inside.log" 2>/dev/null; then
    echo "FAIL: $f: Unhandled exception"; failed=$((failed + 1)); continue
  fi
  if [ "$(cat "$work/snap.rc" 2>/dev/null)" != 0 ] || [ ! -s "$work/snap.json" ]; then
    echo "FAIL: $f: bindfix-cli snapshot did not run (rc $(cat "$work/snap.rc" 2>/dev/null))"; tail -5 "$work/inside.log" "$work/snap.out" 2>/dev/null
    failed=$((failed + 1)); continue
  fi
  out=$(python3 "$HERE/check_fixture.py" "$f" "$work" 2>&1); rc=$?
  echo "$out"
  p=$(echo "$out" | grep -c '^PASS'); q=$(echo "$out" | grep -c '^FAIL')
  passed=$((passed + p)); failed=$((failed + q))
  [ $rc -ne 0 ] && [ "$q" -eq 0 ] && failed=$((failed + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
