#!/bin/bash
# run-help-tests.sh CHM - the help (make check-help): every topic the GUI opens (res/helptopics.h), one
# topic per finding ID that core/diagnose.c can raise, each present in help/topics/ and inside the
# compiled bindfix.chm (chmls list); every relative link and contents/index entry resolves; no page
# loads anything external or runs script. Ends with "N passed, N failed".
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
CHM=${1:?usage: run-help-tests.sh bindfix.chm}
TOPICS=$TOP/help/topics
p=0; f=0
pass() { echo "PASS: help: $*"; p=$((p + 1)); }
fail() { echo "FAIL: help: $*"; f=$((f + 1)); }
# declared results: tests/lib/summarize.sh fails make check when fewer arrive (raise it with new tests)
echo "== expect help 5"

listing=$(chmls list "$CHM" 2>&1) || fail "chmls cannot read $CHM: $(echo "$listing" | head -3)"

# the topics the GUI asks for, and one per finding
want=$(sed -n 's/^#define BF_HELP_[A-Z_]* *L"\([^"]*\.htm\)".*/\1/p' "$TOP/res/helptopics.h")
ids=$(grep -o '"BF-[A-Z0-9-]*"' "$TOP/core/diagnose.c" | tr -d '"' | sort -u)
[ -n "$ids" ] || fail "no finding IDs found in core/diagnose.c"
for id in $ids; do want="$want finding-$id.htm"; done
n=0
for t in $want; do
  n=$((n + 1))
  if [ ! -s "$TOPICS/$t" ]; then fail "help/topics/$t is missing"; continue; fi
  if ! grep -q "/$t\b" <<<"$listing"; then fail "$t is not inside $(basename "$CHM")"; continue; fi
  if ! grep -qi '<h1' "$TOPICS/$t" || ! grep -qi '<title>' "$TOPICS/$t"; then fail "$t has no title or heading"; continue; fi
done
[ $f -eq 0 ] && pass "all $n topics (views, dialogs, wizard pages, $(wc -w <<<"$ids") findings, index, CLI) are in help/topics and in the .chm"

# findings topics say cause, evidence, resolution, references
bad=""
for id in $ids; do
  for h in Cause Evidence Resolution References; do
    grep -q "<h2[^>]*>$h" "$TOPICS/finding-$id.htm" 2>/dev/null || bad="$bad finding-$id.htm:$h"
  done
done
if [ -z "$bad" ]; then pass "every finding topic has Cause, Evidence, Resolution and References"
else fail "finding topics without a section:$bad"; fi

# links and contents/index entries resolve; nothing external, no script
out=$(python3 - "$TOPICS" <<'PY'
import os, re, sys, html.parser
root = sys.argv[1]
problems = []
class P(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__(); self.name = name
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script": problems.append(f"{self.name}: <script>")
        for key in ("href", "src"):
            v = a.get(key)
            if v is None: continue
            if re.match(r"^[a-z]+:", v, re.I) and not v.lower().startswith("mailto:"):
                problems.append(f"{self.name}: external {key}={v}")
                continue
            target = v.split("#")[0]
            if target and not os.path.exists(os.path.join(root, target)):
                problems.append(f"{self.name}: broken {key}={v}")
        if tag == "param" and a.get("name", "").lower() == "local":
            if not os.path.exists(os.path.join(root, a.get("value", "").split("#")[0])):
                problems.append(f"{self.name}: contents/index entry {a.get('value')} missing")
for name in sorted(os.listdir(root)):
    if name.endswith((".htm", ".hhc", ".hhk")):
        P(name).feed(open(os.path.join(root, name), encoding="utf-8").read())
print("\n".join(problems))
PY
)
if [ -z "$out" ]; then pass "every link and contents/index entry resolves; no external resource, no script"
else fail "links: $(head -5 <<<"$out" | tr '\n' ';')"; fi

# the Security topic (issue 21): every step kind a journal can hold has its limit there, and it names the
# journal folder, the pointer, the override and the fix
kinds=$(sed -n '/kind_tokens\[BF_STEP__COUNT\]/,/};/p' "$TOP/core/fix_plan.c" | grep -o '"[a-z-]*"' | tr -d '"')
lacks=""
[ -n "$kinds" ] || lacks=" (no step kinds found in core/fix_plan.c)"
for w in $kinds '%ProgramData%\bindfix' last-journal.txt --trust-file icacls DataBasePath 'hold no secret'; do
  grep -qF -- "$w" "$TOPICS/security.htm" 2>/dev/null || lacks="$lacks $w"
done
if [ -z "$lacks" ]; then pass "the Security topic gives the limit of every journal step kind ($(wc -w <<<"$kinds")), the folder, the pointer, --trust-file and icacls"
else fail "security.htm does not mention:$lacks"; fi

# the project lists every page (a page left out would not be compiled in)
missing=""
for t in "$TOPICS"/*.htm; do grep -qx "$(basename "$t")" <(tr -d '\r' <"$TOPICS/bindfix.hhp") || missing="$missing $(basename "$t")"; done
if [ -z "$missing" ]; then pass "bindfix.hhp lists every page"; else fail "bindfix.hhp does not list:$missing"; fi

echo "$p passed, $f failed"
[ $f -eq 0 ]
