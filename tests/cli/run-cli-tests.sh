#!/bin/bash
# run-cli-tests.sh - black-box tests of bindfix-cli.exe under Wine (make check-cli): the demo machine,
# the JSON round trip, error messages that name file:line:col, --help on every verb, and a live snapshot
# of the Wine machine itself (loopback adapter, resolver answers, bind probes, the event log reported as
# unavailable rather than empty). Ends with "N passed, N failed"; "Unhandled exception" is a failure.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/wine-env.sh"

CLI=$W/bindfix-cli.exe
WORK=$BF_BUILD/cli-test
rm -rf "$WORK"; mkdir -p "$WORK"
passed=0; failed=0
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new tests)
echo "== expect cli 24"
ok()  { passed=$((passed + 1)); echo "PASS: $*"; }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# cli NAME EXPECTED_RC ARGS... : runs bindfix-cli, stdout to $WORK/NAME.out, stderr to $WORK/NAME.err
cli() {
  local name=$1 want=$2; shift 2
  local rc=0
  timeout -k 5 120 "$BF_WINE" "$CLI" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  if grep -q "Unhandled exception" "$WORK/$name.out" "$WORK/$name.err"; then
    bad "$name: Unhandled exception (bindfix-cli $*)"; return 1
  fi
  if [ "$rc" != "$want" ]; then
    bad "$name: exit $rc, expected $want (bindfix-cli $*)"; sed 's/^/    /' "$WORK/$name.err" | head -5; return 1
  fi
  return 0
}

# --- help and usage
cli help 0 --help && grep -q "Usage: bindfix-cli VERB" "$WORK/help.out" && ok "--help lists the verbs" || bad "--help"
for v in scan snapshot demo report; do
  cli "help-$v" 0 "$v" --help && grep -q "Usage: bindfix-cli $v" "$WORK/help-$v.out" \
    && ok "$v --help" || bad "$v --help"
done
cli version 0 --version && grep -qE '^bindfix-cli [0-9]+\.[0-9]+\.[0-9]+' "$WORK/version.out" && ok "--version" || bad "--version"
cli noverb 2 frobnicate && grep -q 'unknown verb "frobnicate"' "$WORK/noverb.err" && ok "unknown verb: exit 2 with the reason" || bad "unknown verb"
cli badopt 2 scan --bogus && grep -q 'unknown option "--bogus"' "$WORK/badopt.err" && ok "unknown option: exit 2 with the reason" || bad "unknown option"

# --- the KB demo machine
if cli demo 1 demo; then
  n=$(grep -c "Address not available (10049)" "$WORK/demo.out")
  if [ "$n" = 3 ] && grep -q "LDAPS *tcp/636 *198.51.100.7" "$WORK/demo.out" \
     && grep -q "POP3 *tcp/110 *198.51.100.7" "$WORK/demo.out" && grep -q "IMAP4 *tcp/143 *198.51.100.7" "$WORK/demo.out"; then
    ok "demo: the three 10049 rows (LDAPS 636, POP3 110, IMAP4 143 on 198.51.100.7)"
  else
    bad "demo: expected three 10049 rows, found $n"
  fi
  grep -q "1\. 198.51.100.7  NdisWan" "$WORK/demo.out" && ok "demo: gethostbyname returns the NDISWAN address first" \
    || bad "demo: resolver order not shown"
fi

# --- JSON round trip: demo --json read back with --snapshot gives byte-identical JSON
if cli demo-json 1 demo --json && cli rt 1 scan --snapshot "$(winpath "$WORK/demo-json.out")" --json; then
  if cmp -s "$WORK/demo-json.out" "$WORK/rt.out"; then
    ok "demo --json -> scan --snapshot --json: byte-identical ($(wc -c <"$WORK/rt.out") bytes)"
  else
    bad "demo --json round trip differs"; diff "$WORK/demo-json.out" "$WORK/rt.out" | head -5
  fi
fi
if cli snap-demo 0 snapshot --demo -o "$(winpath "$WORK/demo-snap.json")" && [ -s "$WORK/demo-snap.json" ] \
   && cli snap-rt 0 snapshot --snapshot "$(winpath "$WORK/demo-snap.json")" -o "$(winpath "$WORK/demo-snap2.json")" \
   && cmp -s "$WORK/demo-snap.json" "$WORK/demo-snap2.json"; then
  ok "snapshot --demo -o FILE, re-saved: byte-identical"
else
  bad "snapshot -o round trip"
fi

# --- bad input: exit 2 naming FILE:LINE:COL and what was expected
printf '{\n  "schema": "bindfix-snapshot",\n  "version": tru\n}\n' >"$WORK/bad.json"
cli bad 2 scan --snapshot "$(winpath "$WORK/bad.json")" && grep -q 'bad.json:3:' "$WORK/bad.err" \
  && ok "malformed snapshot: exit 2, $(head -1 "$WORK/bad.err" | cut -c1-100)" || bad "malformed snapshot message"
head -c 3000 "$WORK/demo-snap.json" >"$WORK/trunc.json"
cli trunc 2 scan --snapshot "$(winpath "$WORK/trunc.json")" && grep -q 'trunc.json:' "$WORK/trunc.err" \
  && ok "truncated snapshot: exit 2 with the place" || bad "truncated snapshot"
printf '\xff\xfe{}' >"$WORK/utf16.json"
cli utf16 2 scan --snapshot "$(winpath "$WORK/utf16.json")" && grep -q 'utf16.json' "$WORK/utf16.err" \
  && ok "not UTF-8: exit 2 with the place" || bad "non-UTF-8 snapshot"
cli missing 2 scan --snapshot "$(winpath "$WORK/nope.json")" && grep -q 'nope.json' "$WORK/missing.err" \
  && ok "missing snapshot file: exit 2 naming it" || bad "missing file"
cli noout 2 snapshot --demo -o "$(winpath "$WORK/no/such/dir/x.json")" && grep -q 'x.json' "$WORK/noout.err" \
  && [ ! -e "$WORK/no" ] && ok "unwritable output: exit 2 naming it, nothing created" || bad "unwritable output"

# --- the user catalogue
cp "$BF_TOP/help/catalogue-example.json" "$WORK/cat.json"
if cli cat 0 snapshot --catalogue "$(winpath "$WORK/cat.json")" -o "$(winpath "$WORK/cat-snap.json")" \
   && python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if any(e['port']==390 for e in s['endpoints']) else 1)" "$WORK/cat-snap.json"; then
  ok "--catalogue FILE: its endpoints are probed (LDAP 390 from the example)"
else bad "--catalogue"; fi
printf '{"schema": "bindfix-catalogue", "version": 1, "generations": [{"id": 5}]}' >"$WORK/badcat.json"
cli badcat 2 scan --demo --catalogue "$(winpath "$WORK/badcat.json")" && grep -q 'badcat.json:1:' "$WORK/badcat.err" \
  && ok "malformed catalogue: exit 2 naming FILE:LINE:COL" || bad "malformed catalogue"

# --- one catalogue for every verb: bindfix-catalogue.json beside the exe (a copy of the exe in a folder
# of its own, so no other test sees the file) and a machine with a stopped service only that file knows
mkdir -p "$WORK/beside"; cp "$CLI" "$WORK/beside/"
cp "$BF_TOP/tests/tools/testsvc-catalogue.json" "$WORK/beside/bindfix-catalogue.json"
cli svc-demo 0 snapshot --demo -o "$(winpath "$WORK/svc-machine.json")" && python3 - "$WORK/svc-machine.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
s["services"].insert(0, {"name": "bindfix-testsvc", "display_name": "bindfix test service", "state": "stopped",
    "start_type": "auto", "pid": 0, "binary": "C:\\testsvc.exe", "exit_code": 1, "dependencies": []})
json.dump(s, open(sys.argv[1], "w", encoding="utf-8"), indent=1)
PY
M=$(winpath "$WORK/svc-machine.json")
cli svc-plain 1 scan --snapshot "$M" --json
CLI_PLAIN=$CLI; CLI=$WORK/beside/bindfix-cli.exe
cli svc-scan 1 scan --snapshot "$M" --json
cli svc-report 1 report --snapshot "$M" --format json -o -
CLI=$CLI_PLAIN
findings() { python3 -c 'import json, sys; print("\n".join("%s %s" % (f["id"], f["title"]) for f in json.load(open(sys.argv[1], encoding="utf-8"))["diagnosis"]["findings"]))' "$1" 2>&1; }
findings "$WORK/svc-scan.out" >"$WORK/svc-scan.ids"; findings "$WORK/svc-report.out" >"$WORK/svc-report.ids"
findings "$WORK/svc-plain.out" >"$WORK/svc-plain.ids"
grep -q '^BF-SERVICE-STOPPED bindfix-testsvc is stopped' "$WORK/svc-scan.ids" && cmp -s "$WORK/svc-scan.ids" "$WORK/svc-report.ids" \
  && ok "bindfix-catalogue.json beside the exe: scan and report list the same findings, the catalogue's service among them" \
  || { bad "scan and report with bindfix-catalogue.json beside the exe"; diff "$WORK/svc-scan.ids" "$WORK/svc-report.ids" | head -5; }
grep -q '^BF-' "$WORK/svc-plain.ids" && ! grep -q 'bindfix-testsvc' "$WORK/svc-plain.ids" \
  && ok "without the catalogue file, bindfix knows nothing of the tests' service (no test fixture in the product)" \
  || bad "the built-in catalogue knows bindfix-testsvc"

# --- the live Wine machine
if cli live-snap 0 snapshot -o "$(winpath "$WORK/live.json")"; then
  if python3 - "$WORK/live.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
errs = []
lo = [a for a in s["adapters"] if a["kind"] == "loopback"]
if not lo: errs.append("no loopback adapter")
elif not any(ad["address"] == "127.0.0.1" for a in lo for ad in a["addresses"]): errs.append("loopback without 127.0.0.1")
if not s["hostname"]: errs.append("no host name")
apis = {r["api"] for r in s["resolver"]}
if not {"gethostbyname", "getaddrinfo"} <= apis: errs.append("resolver APIs missing: %s" % apis)
if not s["endpoints"]: errs.append("no endpoints probed")
for e in s["endpoints"]:
    if not e["probes"]: errs.append("%s: no probe" % e["protocol"])
    if not any(p["address"] in ("0.0.0.0", "::") for p in e["probes"]): errs.append("%s: wildcard not probed" % e["protocol"])
if s["event_log"]["status"] == "ok" and not s["event_log"]["events"] and "unavailable" not in s["event_log"]["problem"]:
    pass
if s["event_log"]["status"] not in ("ok", "unavailable", "denied"): errs.append("event log status %s" % s["event_log"]["status"])
if s["origin"] != "live": errs.append("origin %r" % s["origin"])
print("; ".join(errs) if errs else "adapters=%d resolver=%d endpoints=%d listeners=%d services=%d eventlog=%s" % (
    len(s["adapters"]), len(s["resolver"]), len(s["endpoints"]), len(s["listeners"]), len(s["services"]), s["event_log"]["status"]))
sys.exit(1 if errs else 0)
PY
  then ok "live snapshot of the Wine machine is complete"; else bad "live snapshot content"; fi
fi
rc=0; timeout -k 5 120 "$BF_WINE" "$CLI" scan >"$WORK/live-scan.out" 2>"$WORK/live-scan.err" || rc=$?
if grep -q "Unhandled exception" "$WORK/live-scan.out" "$WORK/live-scan.err"; then bad "live scan crashed"
elif [ "$rc" -le 1 ] && grep -q '^ADAPTERS' "$WORK/live-scan.out" && grep -q '^PROTOCOL BIND STATUS' "$WORK/live-scan.out"; then
  ok "live scan prints the three layers (exit $rc)"
else bad "live scan: exit $rc"; head -5 "$WORK/live-scan.err"; fi
cli live-read 0 snapshot --snapshot "$(winpath "$WORK/live.json")" -o "$(winpath "$WORK/live2.json")" \
  && cmp -s "$WORK/live.json" "$WORK/live2.json" && ok "live snapshot re-saved: byte-identical" || bad "live snapshot round trip"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
