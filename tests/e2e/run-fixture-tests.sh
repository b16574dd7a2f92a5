#!/bin/bash
# run-fixture-tests.sh - live collection proven on real network configurations (make check-fixtures).
#
# Each fixture (tests/e2e/fixtures/N-NAME.sh, a build_fixture function) runs in its own network, mount and
# UTS namespace (unshare), made a private machine by tests/lib/netns.sh:
#   - its own Wine prefix: an overlay over the template prefix (make prefix), so nothing of one fixture
#     (registry, hosts file, wineserver) reaches another, and the template is never written;
#   - a private wineserver directory (/tmp/.wine-UID), so no wineserver started outside can answer: Wine's network information comes from
#     the prefix's wineserver and its nsiproxy driver (winedevice.exe); one started outside the namespace
#     reports the HOST's interfaces (tried: `wine ipconfig /all` inside then lists eth0). A wineserver
#     started inside sees the namespace; it is ended with `wineserver -k` before the namespace goes;
#   - host name EXCHSRV01, a private /etc (hosts, gai.conf: getaddrinfo under Wine is glibc's) and the
#     Windows hosts file of the prefix.
# Interfaces are veth pairs; addresses only from 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
# 2001:db8::/32 and loopback, inside the namespace (the default route points at a peer in it).
# Inside, `bindfix-cli snapshot -o FILE` and `bindfix-cli scan --json` run under Wine; then
# tests/e2e/check_fixture.py compares them with what the namespace really holds (ip -j addr, the
# routing table, glibc's own resolver answers taken inside) and with what the fixture set up.
#
# Needs root (unshare --net, ip link). Not root: fails with a message (the fixtures are part of the
# proof, silently skipping them would pass nothing as something).
# Usage: run-fixture-tests.sh [NAME...]   the fixtures (all by default); ends with "N passed, N failed"
#        run-fixture-tests.sh --bench     fixture 5: snapshot timed against wine ipconfig /all, netstat -ano
#                                         (9 warmed-up rounds, whole processes; tests/bench/figures.py)
#        run-fixture-tests.sh --inside NAME WORK TEMPLATE   (internal: the part run in the namespace)
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
LISTEN=$W/listen.exe
BASE=$BF_BUILD/fixtures
HOST=EXCHSRV01

winpath() { local p=$1; echo "Z:${p//\//\\}"; }
fixture_file() { ls "$TOP"/tests/e2e/fixtures/[0-9]*-"$1".sh 2>/dev/null | head -1; }

# ---------------------------------------------------------------- inside the namespace
inside() {
  local name=$1 template=$3
  WORK=$2
  . "$TOP/tests/lib/netns.sh"
  . "$(fixture_file "$name")"
  ns_private_machine "$WORK" "$template" "$HOST" || { echo "fixture: private machine failed"; return 1; }
  WIN_HOSTS="$WINEPREFIX/drive_c/windows/system32/drivers/etc/hosts"
  mkdir -p "$(dirname "$WIN_HOSTS")"
  printf '127.0.0.1 localhost\n' >"$WIN_HOSTS"
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >/etc/hosts
  ( set -e; build_fixture ); local built=$?   # a subshell, so that set -e applies to every step
  if [ $built -ne 0 ]; then
    echo "fixture: build_fixture failed (exit $built)"
  else
    # shellcheck disable=SC2086
    ns_record "$WORK" $FIXTURE_NAMES
    if [ "${BENCH:-}" = 1 ]; then
      bench_inside
    else
      # a fixture may run bindfix under a wrapper (fixture 7: without CAP_NET_BIND_SERVICE); the
      # wineserver, which makes the binds, must start under it too: none may be running yet
      local wrap=${FIXTURE_RUN_WRAP:-}
      [ -n "$wrap" ] && bf_wineserver -k 2>/dev/null
      # shellcheck disable=SC2086
      timeout 120 $wrap "$BF_WINE" "$CLI" snapshot -o "$(winpath "$WORK/snap.json")" >"$WORK/snap.out" 2>&1
      echo $? >"$WORK/snap.rc"
      # shellcheck disable=SC2086
      timeout 120 $wrap "$BF_WINE" "$CLI" scan --json >"$WORK/scan.json" 2>"$WORK/scan-json.err"
      echo $? >"$WORK/scan-json.rc"
      timeout 60 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$WORK/snap.json")" >"$WORK/scan.out" 2>&1
      echo $? >"$WORK/scan.rc"
    fi
  fi
  local p
  [ -f "$WORK/bg.pids" ] && for p in $(cat "$WORK/bg.pids"); do kill "$p" 2>/dev/null; done
  bf_wineserver -k 2>/dev/null
  wait 2>/dev/null
  return 0
}

# each command as a whole Wine process, timed in turn from outside (tests/bench/timing.sh): one warm-up
# run, then 9 rounds; a round counts only when every command exited 0 and the snapshot was written anew
bench_inside() {
  . "$TOP/tests/bench/timing.sh"
  local r row ipc
  printf 'bindfix-cli snapshot (probes included)\twine ipconfig /all\twine netstat -ano\tipconfig + netstat (sum)\n' >"$WORK/bench.tsv"
  for r in $(seq 0 9); do
    rm -f "$WORK/snap.json"
    bench_ms "$WORK/bench-snap.out" 120 "$BF_WINE" "$CLI" snapshot -o "$(winpath "$WORK/snap.json")" \
      || { echo "bench: bindfix-cli snapshot exited $?" >>"$WORK/bench.failed"; return; }
    [ -s "$WORK/snap.json" ] || { echo "bench: bindfix-cli snapshot wrote no file" >>"$WORK/bench.failed"; return; }
    row=$BENCH_MS
    bench_ms "$WORK/bench-ipconfig.out" 120 "$BF_WINE" ipconfig /all \
      || { echo "bench: wine ipconfig /all exited $?" >>"$WORK/bench.failed"; return; }
    row="$row	$BENCH_MS"; ipc=$BENCH_MS
    bench_ms "$WORK/bench-netstat.out" 120 "$BF_WINE" netstat -ano \
      || { echo "bench: wine netstat -ano exited $?" >>"$WORK/bench.failed"; return; }
    row="$row	$BENCH_MS	$((ipc + BENCH_MS))"
    [ "$r" = 0 ] || echo "$row" >>"$WORK/bench.tsv"
  done
}

if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3" "$4"
  exit $?
fi

# ---------------------------------------------------------------- outside
if [ "$(id -u)" != 0 ]; then
  echo "FAIL: the network fixtures need root (unshare --net, ip link add); run make check-fixtures as root"
  echo "0 passed, 1 failed"; exit 1
fi
for tool in unshare ip python3; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (make deps installs it)"; echo "0 passed, 1 failed"; exit 1; }
done
for f in "$CLI" "$LISTEN" "$BF_WINEPREFIX/system.reg"; do
  [ -e "$f" ] || { echo "FAIL: $f missing (make all prefix $LISTEN)"; echo "0 passed, 1 failed"; exit 1; }
done

[ "${1:-}" = "--bench" ] && BASE=$BF_BUILD/fixtures-bench   # leaves the test results alone
rm -rf "$BASE"; mkdir -p "$BASE"
bf_wineserver -w 2>/dev/null   # the template must be at rest: it is the lower layer of every fixture prefix

run_fixture() {  # run_fixture NAME: builds it in a fresh namespace, runs bindfix there
  local work=$BASE/$1
  mkdir -p "$work"
  timeout 300 unshare --net --mount --uts bash "$HERE/run-fixture-tests.sh" --inside "$1" "$work" "$BF_WINEPREFIX" \
    >"$work/inside.log" 2>&1
}

if [ "${1:-}" = "--bench" ]; then
  BENCH=1 run_fixture many-unicode
  w=$BASE/many-unicode
  if [ -s "$w/bench.failed" ] || [ ! -s "$w/bench.tsv" ] || [ ! -s "$w/snap.json" ]; then
    echo "bench-snapshot: no figures: $(cat "$w/bench.failed" 2>/dev/null || echo "the fixture failed:")"
    tail -8 "$w/inside.log"; exit 2
  fi
  # plausible only when the snapshot holds what fixture 5 built: its adapters and bind probes
  python3 - "$w" <<'EOF' || exit 2
import json, sys
s = json.load(open(sys.argv[1] + "/snap.json", encoding="utf-8"))
adapters, probes = len(s["adapters"]), sum(len(e["probes"]) for e in s["endpoints"])
if adapters < 2 or probes == 0:
    print("bench-snapshot: no figures: the snapshot has %d adapters and %d probes" % (adapters, probes))
    sys.exit(2)
print("fixture 5 (many-unicode): %d adapters, %d bind probes in each snapshot" % (adapters, probes))
EOF
  python3 "$TOP/tests/bench/figures.py" "$w/bench.tsv" \
    --ratio "bindfix-cli snapshot (probes included)" "wine ipconfig /all" \
    --ratio "bindfix-cli snapshot (probes included)" "wine netstat -ano" \
    --ratio "bindfix-cli snapshot (probes included)" "ipconfig + netstat (sum)" 1.0 || exit 2
  exit 0
fi

if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in "$TOP"/tests/e2e/fixtures/[0-9]*-*.sh; do b=$(basename "$f" .sh); names+=("${b#*-}"); done
fi
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new tests)
[ $# -gt 0 ] || echo "== expect fixtures 218"
passed=0; failed=0
for f in "${names[@]}"; do
  [ -n "$(fixture_file "$f")" ] || { echo "FAIL: $f: no tests/e2e/fixtures/N-$f.sh"; failed=$((failed + 1)); continue; }
  t0=$(date +%s)
  run_fixture "$f"
  work=$BASE/$f
  if grep -q "Unhandled exception" "$work"/*.out "$work"/*.err "$work/scan.json" "$work/inside.log" 2>/dev/null; then
    echo "FAIL: $f: Unhandled exception"; grep -h -m3 "Unhandled exception" "$work"/*.out "$work"/*.err "$work/inside.log"
    failed=$((failed + 1)); continue
  fi
  if grep -q '^fixture: ' "$work/inside.log"; then
    echo "FAIL: $f: the fixture could not be built:"; sed 's/^/    /' "$work/inside.log" | tail -8
    failed=$((failed + 1)); continue
  fi
  if [ "$(cat "$work/snap.rc" 2>/dev/null)" != 0 ] || [ ! -s "$work/snap.json" ]; then
    echo "FAIL: $f: bindfix-cli snapshot did not run (exit $(cat "$work/snap.rc" 2>/dev/null))"
    tail -5 "$work/inside.log" "$work/snap.out" 2>/dev/null | sed 's/^/    /'
    failed=$((failed + 1)); continue
  fi
  out=$(python3 "$HERE/check_fixture.py" "$f" "$work" 2>&1); rc=$?
  echo "$out"
  p=$(grep -c '^PASS' <<<"$out"); q=$(grep -c '^FAIL' <<<"$out")
  passed=$((passed + p)); failed=$((failed + q))
  if [ $rc -ne 0 ] && [ "$q" -eq 0 ]; then echo "FAIL: $f: check_fixture.py failed (exit $rc)"; failed=$((failed + 1)); fi
  echo "   ($f: $(( $(date +%s) - t0 )) s, files in $work)"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
