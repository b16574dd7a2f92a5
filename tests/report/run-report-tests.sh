#!/bin/bash
# run-report-tests.sh - the HTML report in a real browser (make check-report): bindfix-cli.exe writes
# the report of the KB demo machine and of a snapshot full of hostile names; Debian's Chromium opens
# each headless and
#   - renders it to a screenshot (build/screenshots/report-*.png) that is not blank,
#   - records every network request it makes (--log-net-log): only the file itself may be loaded (and
#     data: URLs), nothing external,
#   - gives a DOM with the three side-by-side tables, the findings and no <script> element (the hostile
#     "<script>" name arrives as text),
#   - prints it to PDF (the report is meant to be handed on on paper too).
# Ends with "N passed, N failed".
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
SHOTS=$BF_BUILD/screenshots
WORK=$BF_BUILD/report-test
rm -rf "$WORK"; mkdir -p "$WORK" "$SHOTS"
p=0; f=0
pass() { echo "PASS: report: $*"; p=$((p + 1)); }
fail() { echo "FAIL: report: $*"; f=$((f + 1)); }
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new tests)
echo "== expect report 10"
winpath() { local q=$1; echo "Z:${q//\//\\}"; }

BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  fail "chromium is not installed (make check installs the package chromium)"
  echo "$p passed, $f failed"; exit 1
fi
# Chromium runs in a network namespace of its own with no interface up: whatever it or the page tries,
# no packet leaves this machine (the browser itself asks Google for updates and the time). A profile
# of its own, no first-run work.
NS=()
if [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then NS=(unshare --net)
else
  fail "needs root for a network namespace (Chromium is not run where it could reach the network)"
  echo "$p passed, $f failed"; exit 1
fi
browser() {
  timeout -k 5 120 "${NS[@]}" "$BROWSER" --headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --user-data-dir="$WORK/profile" "$@" 2>>"$WORK/chromium.err"
}

# the reports
timeout -k 5 120 "$BF_WINE" "$CLI" report --demo --format html -o "$(winpath "$WORK/demo.html")" 2>"$WORK/cli.err"
timeout -k 5 120 "$BF_WINE" "$CLI" demo --json >"$WORK/demo.json" 2>>"$WORK/cli.err"
python3 - "$WORK/demo.json" "$WORK/hostile-snapshot.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
s.pop("diagnosis", None)
s["adapters"][0]["friendly_name"] = "<script>alert('x')</script> \"quoted\" <img src=http://192.0.2.1/x.png> =cmd|' /C calc'!A0"
s["adapters"][1]["friendly_name"] = "\u202eevil\u202c <link rel=stylesheet href=https://198.51.100.1/a.css>"
json.dump(s, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
timeout -k 5 120 "$BF_WINE" "$CLI" report --snapshot "$(winpath "$WORK/hostile-snapshot.json")" --format html \
  -o "$(winpath "$WORK/hostile.html")" 2>>"$WORK/cli.err"

# page_requests NETLOG: the URLs (other than file: and data:) of the requests a page started. The
# browser's own background requests carry the initiator "not an origin"; a page's carry its origin
# ("null" for a file).
page_requests() {
  python3 - "$1" <<'PY'
import json, sys
try:
    text = open(sys.argv[1], encoding="utf-8").read().rstrip()
    if text.endswith(","):
        text = text[:-1] + "]}"     # a log cut short by the end of the browser
    log = json.loads(text)
except Exception as e:
    print(f"unreadable net log: {e}"); sys.exit()
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
bad = set()
for ev in log.get("events", []):
    p = ev.get("params") or {}
    if names.get(ev.get("type")) != "URL_REQUEST_START_JOB" or "url" not in p:
        continue
    if p.get("initiator", "") == "not an origin":
        continue
    if not (p["url"].startswith("file:") or p["url"].startswith("data:")):
        bad.add(p["url"])
print("\n".join(sorted(bad)))
PY
}

# The check itself: a page that does load an image from a documentation address must be caught.
printf '<!DOCTYPE html><html><body><img src="http://192.0.2.1/probe.png"></body></html>\n' >"$WORK/control.html"
browser --window-size=400,300 --screenshot="$WORK/control.png" --log-net-log="$WORK/control-netlog.json" \
  "file://$WORK/control.html" >/dev/null
if page_requests "$WORK/control-netlog.json" | grep -q '192.0.2.1/probe.png'; then
  pass "the net-log check catches a page that loads an image (a control page; no network in its namespace)"
else fail "the net-log check missed the control page's image request"; fi

for name in demo hostile; do
  html=$WORK/$name.html
  if [ ! -s "$html" ]; then fail "$name: bindfix-cli wrote no report ($(head -c 200 "$WORK/cli.err"))"; continue; fi
  url="file://$html"
  shot=$SHOTS/report-$name.png
  rm -f "$shot"
  browser --hide-scrollbars --window-size=1280,2400 --screenshot="$shot" --log-net-log="$WORK/$name-netlog.json" "$url" >/dev/null
  colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
  if [ "${colours:-0}" -gt 32 ]; then pass "$name: Chromium renders it (report-$name.png, $colours colours)"
  else fail "$name: no screenshot or a blank one ($colours colours): $(tail -3 "$WORK/chromium.err" | tr '\n' ' ')"; fi

  # every URL the page asked for, from the browser's own network log
  ext=$(page_requests "$WORK/$name-netlog.json")
  if [ -z "$ext" ]; then pass "$name: loads nothing external (Chromium's net log: no request from the page)"
  else fail "$name: external loads: $(head -3 <<<"$ext" | tr '\n' ' ')"; fi

  browser --dump-dom "$url" >"$WORK/$name.dom" 2>/dev/null
  tables=$(grep -o '<table' "$WORK/$name.dom" | wc -l)
  if [ "$tables" -ge 3 ] && ! grep -qi '<script' "$WORK/$name.dom" && grep -q 'BF-BIND-10049' "$WORK/$name.dom"; then
    pass "$name: the DOM holds $tables tables and the findings, and no script element"
  else fail "$name: DOM: $tables tables, script: $(grep -ci '<script' "$WORK/$name.dom"), findings: $(grep -c BF-BIND-10049 "$WORK/$name.dom")"; fi

  browser --no-pdf-header-footer --print-to-pdf="$WORK/$name.pdf" "$url" >/dev/null
  pages=$(grep -ac '/Type */Page\b' "$WORK/$name.pdf" 2>/dev/null || echo 0)
  if head -c 4 "$WORK/$name.pdf" 2>/dev/null | grep -q '%PDF' && [ "$pages" -ge 1 ]; then
    pass "$name: prints to PDF ($pages page(s))"
  else fail "$name: printing to PDF failed"; fi
done
if grep -q '&lt;script&gt;alert' "$WORK/hostile.dom" 2>/dev/null; then
  pass "hostile: the <script> adapter name is shown as text"
else fail "hostile: the <script> adapter name is not shown as text"; fi

echo "$p passed, $f failed"
[ $f -eq 0 ]
