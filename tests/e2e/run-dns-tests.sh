#!/bin/bash
# run-dns-tests.sh - what DNS publishes for the server's own name, against the addresses it can serve
# (make check-family runs it after the family tests; issue 16 part 1).
#
# In a network, mount and UTS namespace (tests/lib/netns.sh): lan0 (up) holds 192.0.2.10 and
# 2001:db8::10; ppp0 (down: a dial-up link that is not dialled) holds 198.51.100.7. Debian's dnsmasq
# (dnsmasq-base: the binary without the system service) listens on 127.0.0.53 inside the namespace only
# and is the namespace's only name server (resolv.conf); it serves exchsrv01.example.test with A records
# 192.0.2.10, 198.51.100.7 and 203.0.113.9 (no adapter holds it: a stale record) and AAAA 2001:db8::10,
# and answers nothing else (--no-resolv: no upstream). `bindfix-cli snapshot` asks with DnsQuery_W
# under Wine (Wine's dnsapi asks resolv.conf's servers through libresolv), then `scan --snapshot` must
# give BF-DNS-UNUSABLE for the two unusable records, with the adapter that holds the first, and not for
# the usable ones. A second server answering only the stale address must give BF-DNS-NO-USABLE.
# Part 4 in the same runs: lan0 also holds 192.0.2.20, the preferred source of its routes (the gateway is on the subnet); between
# the two snapshots the source moves to 192.0.2.10, and the snapshot's source toward the gateway
# (a UDP connect + getsockname under Wine: no packet sent) must follow it.
# dnsmasq is ended by its PID, and the namespace ends with the unshare that made it.
# Needs root. Usage: run-dns-tests.sh; ends with "N passed, N failed".
#        run-dns-tests.sh --inside WORK TEMPLATE   (internal)
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
BASE=$BF_BUILD/dns
HOST=EXCHSRV01
FQDN=exchsrv01.example.test
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

inside_setup() {
  local template=$1
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$template" "$HOST" || { echo "dns: private machine failed"; return 1; }
  (
    set -e
    ns_veth lan0
    ip addr add 192.0.2.10/24 dev lan0
    ip addr add 2001:db8::10/64 dev lan0 nodad
    ip link set lan0 up; ip link set lan0p up
    ip addr add 192.0.2.20/24 dev lan0
    ip route add default via 192.0.2.1 dev lan0 onlink src 192.0.2.20
    ip route replace 192.0.2.0/24 dev lan0 proto kernel scope link src 192.0.2.20
    ns_veth ppp0
    ip addr add 198.51.100.7/32 dev ppp0
    ip addr add 127.0.0.53/8 dev lo
    printf '127.0.0.1 localhost\n::1 localhost\n192.0.2.10 %s %s\n' "$FQDN" "$HOST" >/etc/hosts
    printf 'nameserver 127.0.0.53\nsearch example.test\noptions timeout:2 attempts:1\n' >/etc/resolv.conf
  ) || { echo "dns: the namespace could not be built"; return 1; }
  echo "namespace built ($(date +%T.%N))"
}

inside() {
  WORK=$1
  local template=$2 i
  inside_setup "$template" || return 1
  # two servers in turn, one snapshot each; the wineserver stays up between them (the second is cheap)
  local variant dp
  for variant in full stale-only; do
    local records=(--host-record="$FQDN,203.0.113.9")
    [ "$variant" = full ] && records=(--host-record="$FQDN,192.0.2.10" --host-record="$FQDN,198.51.100.7"
                                      --host-record="$FQDN,203.0.113.9" --host-record="$FQDN,2001:db8::10")
    : >"$WORK/$variant.dnsmasq.log"
    dnsmasq --keep-in-foreground --no-resolv --no-hosts --local=/example.test/ --no-poll --bind-interfaces --listen-address=127.0.0.53 \
      --port=53 --user=root --pid-file="$WORK/$variant.dnsmasq.pid" --log-facility="$WORK/$variant.dnsmasq.log" \
      --log-queries "${records[@]}" &
    dp=$!
    echo "$dp" >"$WORK/$variant.dnsmasq.ourpid"
    # wait for the server's first answer (a bounded number of tries), not for a time
    for i in $(seq 1 200); do
      python3 -c 'import socket,sys; socket.getaddrinfo(sys.argv[1], None, socket.AF_INET6)' "$FQDN" 2>/dev/null
      grep -q "reply\|config $FQDN" "$WORK/$variant.dnsmasq.log" 2>/dev/null && break
      sleep 0.05
    done
    echo "dnsmasq answering after $i tries ($(date +%T.%N))"
    timeout 120 "$BF_WINE" "$CLI" snapshot --no-probes --dns -o "$(winpath "$WORK/$variant.snap.json")" >"$WORK/$variant.snap.out" 2>&1
    echo $? >"$WORK/$variant.snap.rc"
    echo "snapshot done ($(date +%T.%N))"
    kill "$dp" 2>/dev/null
    wait "$dp" 2>/dev/null
    kill -0 "$dp" 2>/dev/null && echo alive >"$WORK/$variant.dnsmasq.left"
    # what a SkipAsSource / metric repair does to the outbound side, done the Linux way: the route's
    # preferred source moves from 192.0.2.20 to 192.0.2.10 before the second snapshot
    ip route replace default via 192.0.2.1 dev lan0 onlink src 192.0.2.10
    ip route replace 192.0.2.0/24 dev lan0 proto kernel scope link src 192.0.2.10
  done
  repair_phase
  bf_wineserver -k 2>/dev/null
  return 0
}

# The repair of BF-DNS-UNUSABLE (core/fix_dns.c) for real: dnsmasq serves the four records again; ppp0
# (down, dial-up) registered 198.51.100.7. Its TCP/IP interface key is made as Windows has it (EnableDHCP,
# and the check box on: RegistrationEnabled = 1; Wine's prefix has no Interfaces keys). `repair --dns`
# previews the two values, `--apply` writes them, runs ipconfig /registerdns (Wine's ipconfig refuses it)
# and asks DNS again; undo puts the key back. reg export before, after apply and after undo.
repair_phase() {
  local guid key dp i n
  guid=$(python3 -c 'import json,sys; print([a["guid"] for a in json.load(open(sys.argv[1]))["adapters"] if a.get("friendly_name") == "ppp0"][0])' \
    "$WORK/full.snap.json" 2>/dev/null) || { echo "repair: no ppp0 GUID"; return 1; }
  echo "$guid" >"$WORK/repair.guid"
  key="HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\$guid"
  "$BF_WINE" reg add "$key" /v EnableDHCP /t REG_DWORD /d 0 /f >/dev/null 2>&1
  "$BF_WINE" reg add "$key" /v RegistrationEnabled /t REG_DWORD /d 1 /f >/dev/null 2>&1
  "$BF_WINE" reg export "$key" "$(winpath "$WORK/reg.before")" /y >/dev/null 2>&1
  : >"$WORK/repair.dnsmasq.log"
  dnsmasq --keep-in-foreground --no-resolv --no-hosts --local=/example.test/ --no-poll --bind-interfaces --listen-address=127.0.0.53 \
    --port=53 --user=root --pid-file="$WORK/repair.dnsmasq.pid" --log-facility="$WORK/repair.dnsmasq.log" --log-queries \
    --host-record="$FQDN,192.0.2.10" --host-record="$FQDN,198.51.100.7" --host-record="$FQDN,203.0.113.9" \
    --host-record="$FQDN,2001:db8::10" &
  dp=$!
  for i in $(seq 1 200); do
    python3 -c 'import socket,sys; socket.getaddrinfo(sys.argv[1], None, socket.AF_INET6)' "$FQDN" 2>/dev/null
    grep -q "reply\|config $FQDN" "$WORK/repair.dnsmasq.log" 2>/dev/null && break
    sleep 0.05
  done
  : >"$WORK/repair.dnsmasq.log"
  timeout 120 "$BF_WINE" "$CLI" repair --dns >"$WORK/repair.preview.out" 2>&1
  n=$(sed -n 's/^ *\[.\] *\([0-9]*\)\. Stop ppp0 registering.*/\1/p' "$WORK/repair.preview.out" | head -1)
  echo "${n:-none}" >"$WORK/repair.action"
  if [ -n "$n" ]; then
    timeout 180 "$BF_WINE" "$CLI" repair --dns --action "$n" --apply --journal "$(winpath "$WORK/dns-journal.json")" \
      >"$WORK/repair.apply.out" 2>&1
    echo $? >"$WORK/repair.apply.rc"
    "$BF_WINE" reg export "$key" "$(winpath "$WORK/reg.applied")" /y >/dev/null 2>&1
    grep -c "query\[A\] $FQDN" "$WORK/repair.dnsmasq.log" >"$WORK/repair.queries"
    timeout 180 "$BF_WINE" "$CLI" undo --journal "$(winpath "$WORK/dns-journal.json")" >"$WORK/repair.undo.out" 2>&1
    echo $? >"$WORK/repair.undo.rc"
    "$BF_WINE" reg export "$key" "$(winpath "$WORK/reg.after")" /y >/dev/null 2>&1
  fi
  kill "$dp" 2>/dev/null
  wait "$dp" 2>/dev/null
  kill -0 "$dp" 2>/dev/null && echo alive >"$WORK/repair.dnsmasq.left"
  echo "repair phase done ($(date +%T.%N))"
}

# --bench (make bench-dns): the scan with the DNS query against the same scan without it, in the same
# namespace with dnsmasq serving all four records: `snapshot --no-probes` and `snapshot --no-probes --dns`
# as whole Wine processes (tests/bench/timing.sh), one warm-up each, then 9 rounds in turn; every run checked
# (no dns_publication section without --dns, the four addresses with it) before any figure is printed.
# The policy read (netsh) runs in both: it has no switch, and Wine's netsh answers at once.
bench_inside() {
  WORK=$1
  local template=$2 i dp
  . "$TOP/tests/bench/timing.sh"
  inside_setup "$template" || return 1
  dnsmasq --keep-in-foreground --no-resolv --no-hosts --local=/example.test/ --no-poll --bind-interfaces \
    --listen-address=127.0.0.53 --port=53 --user=root --log-facility="$WORK/bench.dnsmasq.log" \
    --host-record="$FQDN,192.0.2.10" --host-record="$FQDN,198.51.100.7" --host-record="$FQDN,203.0.113.9" \
    --host-record="$FQDN,2001:db8::10" &
  dp=$!
  printf 'plain\tdns\n' >"$WORK/bench.tsv"
  for i in 0 1 2 3 4 5 6 7 8 9; do
    local row="" side
    for side in plain dns; do
      local extra=""; [ $side = dns ] && extra=--dns
      bench_ms "$WORK/bench.$side.out" 120 "$BF_WINE" "$CLI" snapshot --no-probes $extra -o "$(winpath "$WORK/bench.$side.json")" \
        || { echo "bench: $side run $i failed"; kill "$dp"; return 1; }
      python3 - "$WORK/bench.$side.json" "$side" <<'PY' || { echo "bench: $side run $i measured the wrong thing"; kill "$dp"; return 1; }
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
d = s.get("dns_publication")
ok = d is None if sys.argv[2] == "plain" else (d and sorted(d["addresses"]) == ["192.0.2.10", "198.51.100.7", "2001:db8::10", "203.0.113.9"])
sys.exit(0 if ok else 1)
PY
      row="$row${row:+\t}$BENCH_MS"
    done
    [ $i -gt 0 ] && printf "$row\n" >>"$WORK/bench.tsv"   # round 0 is the warm-up
  done
  kill "$dp" 2>/dev/null; wait "$dp" 2>/dev/null
  bf_wineserver -k 2>/dev/null
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3"
  exit $?
fi
if [ "${1:-}" = "--bench-inside" ]; then
  bench_inside "$2" "$3"
  exit $?
fi
if [ "${1:-}" = "--bench" ]; then
  rm -rf "$BASE-bench"; mkdir -p "$BASE-bench"
  [ "$(id -u)" = 0 ] || { echo "bench-dns needs root (unshare --net)"; exit 2; }
  timeout 900 unshare --net --mount --uts bash "$HERE/run-dns-tests.sh" --bench-inside "$BASE-bench" "$BF_WINEPREFIX" \
    >"$BASE-bench/inside.log" 2>&1 || { cat "$BASE-bench/inside.log"; exit 2; }
  echo "bindfix-cli snapshot --no-probes in a namespace, without and with --dns (dnsmasq on the namespace's loopback):"
  python3 "$TOP/tests/bench/figures.py" "$BASE-bench/bench.tsv" --ratio dns plain
  exit $?
fi

echo "== expect dns 17"
passed=0; failed=0
t() {  # t NAME COMMAND [FILE shown on failure]
  if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else
    echo "FAIL: $1"; failed=$((failed + 1)); [ -n "${3:-}" ] && [ -e "$3" ] && head -20 "$3" | sed 's/^/    /'; fi
}
if [ "$(id -u)" != 0 ]; then
  echo "FAIL: the DNS fixture needs root (unshare --net); run make check-family as root"; echo "0 passed, 1 failed"; exit 1
fi
for f in "$CLI" "$BF_WINEPREFIX/system.reg"; do
  [ -e "$f" ] || { echo "FAIL: $f missing (make all prefix)"; echo "0 passed, 1 failed"; exit 1; }
done
command -v dnsmasq >/dev/null || { echo "FAIL: dnsmasq missing (make deps installs dnsmasq-base)"; echo "0 passed, 1 failed"; exit 1; }
rm -rf "$BASE"; mkdir -p "$BASE"
bf_wineserver -w 2>/dev/null
timeout 300 unshare --net --mount --uts bash "$HERE/run-dns-tests.sh" --inside "$BASE" "$BF_WINEPREFIX" >"$BASE/inside.log" 2>&1
for v in full stale-only; do
  timeout 60 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$BASE/$v.snap.json")" --json --no-probes >"$BASE/$v.scan.json" 2>"$BASE/$v.scan.err"
done
# facts NAME: "published|ids|unusable addresses|evidence texts"
facts() {
  python3 - "$BASE/$1.snap.json" "$BASE/$1.scan.json" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1], encoding="utf-8")); d = json.load(open(sys.argv[2], encoding="utf-8"))
except Exception as e:
    print("unreadable: %s" % e); sys.exit(0)
p = s.get("dns_publication", {})
f = d["diagnosis"]["findings"]
un = sorted(e["ref"] for x in f if x["id"] == "BF-DNS-UNUSABLE" for e in x["evidence"] if e["section"] == "dns_publication")
ev = " / ".join(e["text"] for x in f if x["id"].startswith("BF-DNS") for e in x["evidence"])
print("%s %s %s|%s|%s|%s" % (p.get("status"), p.get("name"), ",".join(sorted(p.get("addresses", []))),
      ",".join(sorted({x["id"] for x in f if x["id"].startswith("BF-DNS")})), ",".join(un), ev))
PY
}
full=$(facts full); stale=$(facts stale-only)
echo "  full: $full"; echo "  stale-only: $stale"
t "bindfix-cli snapshot ran twice in the namespace" \
  "[ \"\$(cat $BASE/full.snap.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $BASE/stale-only.snap.rc 2>/dev/null)\" = 0 ]" "$BASE/inside.log"
t "DnsQuery_W under Wine asked dnsmasq on the wire for A and AAAA" \
  "grep -q 'query\[A\] $FQDN' $BASE/full.dnsmasq.log && grep -q 'query\[AAAA\] $FQDN' $BASE/full.dnsmasq.log" "$BASE/full.dnsmasq.log"
t "the snapshot holds dnsmasq's answer for the FQDN, all four records" \
  "[ \"\${full%%|*}\" = 'ok $FQDN 192.0.2.10,198.51.100.7,2001:db8::10,203.0.113.9' ]"
t "the hosts file is not DNS: its one line did not become the answer" "! echo \"\${stale%%|*}\" | grep -q 192.0.2.10"
t "BF-DNS-UNUSABLE for the down dial-up adapter's address and for the address no adapter holds, only those" \
  "[ \"\$(echo \"\$full\" | cut -d'|' -f3)\" = '198.51.100.7,203.0.113.9' ]"
t "its evidence names the adapter that holds 198.51.100.7 (ppp0, dial-up, down) and the stale one" \
  "echo \"\$full\" | cut -d'|' -f4 | grep -q 'ppp0 (Dial-up, [^)]*) holds 198.51.100.7' && echo \"\$full\" | grep -q 'no adapter of this machine holds 203.0.113.9'"
t "usable addresses published: no BF-DNS-NO-USABLE" "! echo \"\$full\" | cut -d'|' -f2 | grep -q NO-USABLE"
t "only the stale address published: BF-DNS-NO-USABLE" "echo \"\$stale\" | cut -d'|' -f2 | grep -q BF-DNS-NO-USABLE"
t "dnsmasq ended by its PID after each run (nothing left behind)" \
  "[ ! -e $BASE/full.dnsmasq.left ] && [ ! -e $BASE/stale-only.dnsmasq.left ] && ! pgrep -F $BASE/full.dnsmasq.pid >/dev/null 2>&1 && ! pgrep -F $BASE/stale-only.dnsmasq.pid >/dev/null 2>&1"
src() { python3 -c 'import json,sys; print(" ".join("%s>%s" % (o["destination"], o["source"]) for o in json.load(open(sys.argv[1])).get("source_addresses", [])))' "$1" 2>&1; }
t "the source toward the gateway follows the route: 192.0.2.20 before, 192.0.2.10 after the change" \
  "[ \"\$(src $BASE/full.snap.json)\" = '192.0.2.1>192.0.2.20' ] && [ \"\$(src $BASE/stale-only.snap.json)\" = '192.0.2.1>192.0.2.10' ]" "$BASE/full.snap.json"
# the repair of BF-DNS-UNUSABLE (repair_phase); dnsmasq rotates its records, so answers compare as sets
u16() { iconv -f UTF-16LE -t UTF-8 "$1" 2>/dev/null | tr -d '\r'; }
t "repair --dns previews stopping ppp0's registration: DisableDynamicUpdate -> 1 and RegistrationEnabled -> 0" \
  "grep -q 'Stop ppp0 registering its addresses in DNS, then register again' $BASE/repair.preview.out && grep -q 'Interfaces.$(cat $BASE/repair.guid 2>/dev/null).DisableDynamicUpdate' $BASE/repair.preview.out && grep -q 'RegistrationEnabled' $BASE/repair.preview.out" "$BASE/repair.preview.out"
t "--apply wrote both values in the prefix's registry for ppp0's adapter, and nothing else in its key" \
  "u16 $BASE/reg.applied | grep -qx '\"DisableDynamicUpdate\"=dword:00000001' && u16 $BASE/reg.applied | grep -qx '\"RegistrationEnabled\"=dword:00000000' && [ \"\$(u16 $BASE/reg.applied | grep -c '^\"')\" = 3 ]" "$BASE/repair.apply.out"
t "Wine's ipconfig has no /registerdns: the output says it was not done, with ipconfig's answer, never that it was asked" \
  "grep -q 'ipconfig /registerdns: NOT DONE: ipconfig /registerdns refused (exit code 1: Error: Unknown or invalid command line' $BASE/repair.apply.out && ! grep -q 'registerdns: asked' $BASE/repair.apply.out" "$BASE/repair.apply.out"
t "the verification asked dnsmasq again and shows the new answer" \
  "[ \"\$(cat $BASE/repair.queries 2>/dev/null)\" -ge 2 ] && [ \"\$(sed -n 's/^  DNS answers $FQDN now: //p' $BASE/repair.apply.out | tr -d ' ' | tr ',' '\\n' | sort | paste -sd,)\" = '192.0.2.10,198.51.100.7,2001:db8::10,203.0.113.9' ]" "$BASE/repair.apply.out"
t "the stale record stays for the DNS administrator, with the exact dnscmd and Remove-DnsServerResourceRecord commands" \
  "grep -qF '198.51.100.7 stays published: the record is the DNS administrator'\"'\"'s to remove: dnscmd /recorddelete example.test exchsrv01 A 198.51.100.7 /f, or Remove-DnsServerResourceRecord -ZoneName example.test -RRType A -Name exchsrv01 -RecordData 198.51.100.7' $BASE/repair.apply.out" "$BASE/repair.apply.out"
t "undo: the key's reg export is byte-identical to the one before the repair; DNS asked again" \
  "[ \"\$(cat $BASE/repair.undo.rc 2>/dev/null)\" = 0 ] && cmp -s $BASE/reg.before $BASE/reg.after && [ -s $BASE/reg.before ] && grep -q 'DNS answers $FQDN now' $BASE/repair.undo.out" "$BASE/repair.undo.out"
t "no crash in any run" "! grep -q 'Unhandled exception' $BASE/*.out $BASE/*.err $BASE/inside.log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
