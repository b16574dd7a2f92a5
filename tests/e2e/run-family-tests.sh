#!/bin/bash
# run-family-tests.sh - the address family order predicted with the machine's prefix policy table,
# checked against what getaddrinfo really returns under Wine (make check-family; issue 16 part 2).
#
# Wine's getaddrinfo is glibc's, and glibc sorts its answers by RFC 6724 with the policy table of
# /etc/gai.conf, the same table Windows keeps as its prefix policies (netsh interface ipv6 show
# prefixpolicies). Each variant runs in its own network, mount and UTS namespace (tests/lib/netns.sh):
# lan0 holds 192.0.2.10/24 and 2001:db8::10/64, /etc/hosts names both for EXCHSRV01, gai.conf holds the
# variant's table, and a Linux listener holds 0.0.0.0:110 (IPv4 only). `bindfix-cli snapshot` runs
# there under Wine. Outside, the variant's table is written into the snapshot's ipv6_policy section
# (the gai.conf rows as Windows' table: a stand-in, since Wine has neither netsh's "interface ipv6"
# context nor MSFT_NetPrefixPolicy), and `bindfix-cli scan --snapshot --json` must predict exactly the
# order getaddrinfo returned, and the family-order finding where the listener's family comes second.
# The cross check gives each snapshot the other variant's table: the prediction must then disagree
# (BF-ORDER-MISMATCH), so the comparison can fail.
# Needs root. Usage: run-family-tests.sh; ends with "N passed, N failed".
#        run-family-tests.sh --inside VARIANT WORK TEMPLATE   (internal)
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
BASE=$BF_BUILD/family
HOST=EXCHSRV01
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# the RFC 6724 default table (Windows' default), and the same with IPv4 (::ffff:0:0/96) raised to 100,
# as DisabledComponents 0x20 makes it: "prefix precedence label" per row
table() {
  local v4=35; [ "$1" = prefer-v4 ] && v4=100
  printf '::1/128 50 0\n::/0 40 1\n::ffff:0:0/96 %s 4\n2002::/16 30 2\n2001::/32 5 5\nfc00::/7 3 13\nfec0::/10 1 11\n3ffe::/16 1 12\n::/96 1 3\n' "$v4"
}

inside() {
  local variant=$1 template=$3
  WORK=$2
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$WORK" "$template" "$HOST" || { echo "family: private machine failed"; return 1; }
  (
    set -e
    ns_veth lan0
    ip addr add 192.0.2.10/24 dev lan0
    ip addr add 2001:db8::10/64 dev lan0 nodad
    ip link set lan0 up; ip link set lan0p up
    ip route add default via 192.0.2.1 dev lan0 onlink
    ip -6 route add default via 2001:db8::1 dev lan0 onlink
    printf '127.0.0.1 localhost\n::1 localhost\n192.0.2.10 EXCHSRV01\n2001:db8::10 EXCHSRV01\n' >/etc/hosts
    table "$variant" | while read -r p pr lb; do echo "precedence $p $pr"; echo "label $p $lb"; done >/etc/gai.conf
  ) || { echo "family: the namespace could not be built"; return 1; }
  python3 -c 'import socket; print(" ".join(a[4][0] for a in socket.getaddrinfo("EXCHSRV01", None, type=socket.SOCK_STREAM)))' \
    >"$WORK/glibc-order.txt" 2>&1
  # a POP3 listener on IPv4 only (Linux: Wine's TCP table lists it)
  python3 -c 'import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("0.0.0.0",110)); s.listen(); open("'"$WORK"'/listening","w").close(); time.sleep(300)' &
  local lp=$! i
  # IMAP4 on [::]:143 as a dual-mode socket (IPV6_V6ONLY off: IPv4 clients reach it too), and
  # LDAP on [::]:389 with IPV6_V6ONLY on (IPv6 only; Windows' default). Linux lists both as :: only, as Windows does.
  python3 -c 'import socket,time
ls=[]
for port, v6only in ((143, 0), (389, 1)):
    s=socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only); s.bind(("::", port)); s.listen(); ls.append(s)
open("'"$WORK"'/listening6","w").close(); time.sleep(300)' &
  local lp6=$!
  for i in $(seq 1 100); do [ -e "$WORK/listening" ] && [ -e "$WORK/listening6" ] && break; sleep 0.1; done
  timeout 120 "$BF_WINE" "$CLI" snapshot -o "$(winpath "$WORK/snap.json")" >"$WORK/snap.out" 2>&1
  echo $? >"$WORK/snap.rc"
  kill "$lp" "$lp6" 2>/dev/null
  bf_wineserver -k 2>/dev/null
  wait 2>/dev/null
  return 0
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3" "$4"
  exit $?
fi

echo "== expect family 12"
passed=0; failed=0
t() {  # t NAME COMMAND [FILE shown on failure]
  if eval "$2"; then echo "PASS: $1"; passed=$((passed + 1)); else
    echo "FAIL: $1"; failed=$((failed + 1)); [ -n "${3:-}" ] && [ -e "$3" ] && head -20 "$3" | sed 's/^/    /'; fi
}
if [ "$(id -u)" != 0 ]; then
  echo "FAIL: the family fixtures need root (unshare --net); run make check-family as root"; echo "0 passed, 1 failed"; exit 1
fi
for f in "$CLI" "$BF_WINEPREFIX/system.reg"; do
  [ -e "$f" ] || { echo "FAIL: $f missing (make all prefix)"; echo "0 passed, 1 failed"; exit 1; }
done
rm -rf "$BASE"; mkdir -p "$BASE"
bf_wineserver -w 2>/dev/null

for v in default prefer-v4; do
  mkdir -p "$BASE/$v"
  timeout 300 unshare --net --mount --uts bash "$HERE/run-family-tests.sh" --inside "$v" "$BASE/$v" "$BF_WINEPREFIX" \
    >"$BASE/$v/inside.log" 2>&1
  table "$v" >"$BASE/$v/table.txt"
done

# with_table SNAP TABLE OUT: the snapshot with the table as its ipv6_policy section
with_table() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
rows = [l.split() for l in open(sys.argv[2]) if l.strip()]
s["ipv6_policy"] = {"status": "ok", "source": "gai.conf of the test namespace (stand-in for netsh's table)",
                    "problem": "", "disabled_components": -1,
                    "policies": [{"prefix": p, "precedence": int(pr), "label": int(lb)} for p, pr, lb in rows]}
json.dump(s, open(sys.argv[3], "w", encoding="utf-8"), indent=1)
PY
}
# check SCANJSON: "observed|predicted|ids"
summary() {
  python3 - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
obs = [a for r in s["resolver"] if r["api"] == "getaddrinfo" and r["query"].lower() == "exchsrv01" for a in r["addresses"]]
obs = [a for a in obs if a in ("192.0.2.10", "2001:db8::10")]
pred = [a for a in s["diagnosis"]["predicted_order"] if a in ("192.0.2.10", "2001:db8::10")]
ids = sorted({f["id"] for f in s["diagnosis"]["findings"]})
fam = sorted({f["title"].split()[0] for f in s["diagnosis"]["findings"] if f["id"] == "BF-FAMILY-ORDER"})
v4probe = ["%s:%s" % (e["protocol"], p["result"]) for e in s["endpoints"] if e["port"] in (143, 389)
           for p in e["probes"] if p["address"] == "192.0.2.10"]
print("%s|%s|%s|%s|%s" % (",".join(obs), ",".join(pred), ",".join(ids), ",".join(fam), ",".join(sorted(v4probe))))
PY
}

for v in default prefer-v4; do
  w=$BASE/$v
  t "$v: bindfix-cli snapshot ran in the namespace" "[ \"\$(cat $w/snap.rc 2>/dev/null)\" = 0 ] && [ -s $w/snap.json ]" "$w/inside.log"
  t "$v: Wine's netsh has no prefix policy table, and the snapshot says so (unavailable, not a table)" \
    "python3 -c 'import json,sys; p=json.load(open(\"$w/snap.json\"))[\"ipv6_policy\"]; sys.exit(not (p[\"status\"]==\"unavailable\" and p[\"problem\"] and not p[\"policies\"]))'" "$w/snap.json"
  with_table "$w/snap.json" "$w/table.txt" "$w/snap-table.json" 2>"$w/with-table.err"
  timeout 60 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$w/snap-table.json")" --json --no-probes >"$w/scan.json" 2>"$w/scan.err"
  summary "$w/scan.json" >"$w/summary.txt" 2>&1
  echo "  $v: glibc $(cat "$w/glibc-order.txt"); observed|predicted|findings: $(cat "$w/summary.txt")"
done
d=$(cat "$BASE/default/summary.txt" 2>/dev/null); p=$(cat "$BASE/prefer-v4/summary.txt" 2>/dev/null)
t "default table: getaddrinfo under Wine returned IPv6 first" "[ \"\${d%%|*}\" = '2001:db8::10,192.0.2.10' ]" "$BASE/default/summary.txt"
t "default table: the model predicts exactly that order" "[ \"\$(echo \"\$d\" | cut -d'|' -f2)\" = '2001:db8::10,192.0.2.10' ]" "$BASE/default/summary.txt"
t "default table: POP3 on IPv4 only while IPv6 comes first gives BF-FAMILY-ORDER, and no order mismatch" \
  "echo \"\$d\" | cut -d'|' -f3 | grep -q BF-FAMILY-ORDER && ! echo \"\$d\" | grep -q BF-ORDER-MISMATCH" "$BASE/default/summary.txt"
t "gai.conf preferring IPv4: getaddrinfo under Wine returned IPv4 first" "[ \"\${p%%|*}\" = '192.0.2.10,2001:db8::10' ]" "$BASE/prefer-v4/summary.txt"
t "gai.conf preferring IPv4: the model predicts exactly that order, no order mismatch" \
  "[ \"\$(echo \"\$p\" | cut -d'|' -f2)\" = '192.0.2.10,2001:db8::10' ] && ! echo \"\$p\" | grep -q 'BF-ORDER-MISMATCH'" "$BASE/prefer-v4/summary.txt"
t "IPv4 first: under Wine the IPv4 bind of 143 meets the dual-mode [::] socket (10048), that of 389 (IPV6_V6ONLY) is free" \
  "[ \"\$(echo \"\$p\" | cut -d'|' -f5)\" = 'IMAP4:addrinuse,LDAP:ok' ]" "$BASE/prefer-v4/summary.txt"
t "IPv4 first: family-order finding for the IPV6_V6ONLY listener (LDAP) only, not for the dual-mode one or IPv4 POP3" \
  "[ \"\$(echo \"\$p\" | cut -d'|' -f4)\" = 'LDAP' ]" "$BASE/prefer-v4/summary.txt"
# cross: each answer with the other variant's table must disagree
with_table "$BASE/default/snap.json" "$BASE/prefer-v4/table.txt" "$BASE/cross.json" 2>/dev/null
timeout 60 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$BASE/cross.json")" --json --no-probes >"$BASE/cross-scan.json" 2>/dev/null
t "cross check: IPv6-first answer with the IPv4-first table is predicted wrong (BF-ORDER-MISMATCH)" \
  "summary $BASE/cross-scan.json | grep -q BF-ORDER-MISMATCH" "$BASE/cross-scan.json"
if grep -q "Unhandled exception" "$BASE"/*/*.out "$BASE"/*/*.err "$BASE"/*/inside.log 2>/dev/null; then
  echo "FAIL: Unhandled exception"; failed=$((failed + 1)); fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
