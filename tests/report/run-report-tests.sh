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
winpath() { local q=$1; echo "Z:${q//\//\\}"; }

BROWSER=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$BROWSER" ]; then
  fail "chromium is not installed (make check installs the package chromium)"
  echo "$p passed, $f failed"; exit 1
fi
# a profile of its own, no first-run work, no network of any kind beyond what the page asks for
browser() {
  timeout -k 5 120 "$BROWSER" --headless=new --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
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

  # every URL the browser asked for, from its own network log
  ext=$(python3 - "$WORK/$name-netlog.json" "$url" <<'PY'
import json, sys
try:
    text = open(sys.argv[1], encoding="utf-8").read().rstrip().rstrip(",")
    if not text.endswith("]}"):
        text += "]}"        # a log cut short by the end of the browser
    log = json.loads(text)
except Exception as e:
    print(f"unreadable net log: {e}"); sys.exit()
urls = set()
for ev in log.get("events", []):
    u = (ev.get("params") or {}).get("url")
    if u: urls.add(u)
bad = sorted(u for u in urls if not (u.startswith("file://") or u.startswith("data:")))
print("\n".join(bad) if bad else "")
PY
)
  if [ -z "$ext" ]; then pass "$name: loads nothing external (Chromium's net log: only the file itself)"
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
