#!/bin/bash
# run-gui-wizard.sh - the repair wizard on the demo machine (part of make check-gui): `bindfix.exe
# /wizard /demo` on a Wine virtual desktop under Xvfb, driven page by page with guidriver.exe
# (wizpage, wizpress, wizcheck), a screenshot of every page (build/screenshots/wizard-*.png).
#   Welcome names the source; Scan ends with the findings count; What is wrong lists the same findings
#   as `bindfix-cli demo --json`, most severe first; Choose preselects the recommended fixes and keeps a
#   changed choice over Back and Next; Review says what bindfix will not change, and that the demo plans
#   no change (a plan is read from the machine it changes), so Next goes on to Finish; Finish closes the
#   wizard with status 0. A second run: Cancel before Apply ends it at once, exit status 0.
# The live walk (apply, restart services, verify) is in run-gui-fixture.sh. Prints PASS:/FAIL: lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
DRIVER=$W/guidriver.exe
SHOTS=$BF_BUILD/screenshots
WORK=$BF_BUILD/gui-wizard
pass() { echo "PASS: wizard: $*"; }
fail() { echo "FAIL: wizard: $*"; }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
# shot_wizard DUMP PNG: a screenshot of the wizard alone (its rectangle from the driver's dump)
shot_wizard() {
  local geo; geo=$(awk -F'\t' '$1=="rect"{printf "%dx%d+%d+%d", $4, $5, $2, $3}' "$1" 2>/dev/null)
  if [ -n "$geo" ]; then import -window root -crop "$geo" +repage "$2" 2>/dev/null
  else import -window root "$2" 2>/dev/null; fi
}

# ---- under Xvfb
drive() {
  local work=$1 d=(--desktop bindfix) rc
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  bf_gui_launch "$work/app.log" 300 bindfix,1100x760 "$(winpath "$W/bindfix.exe")" /wizard /demo &
  local app=$!
  page() {  # page N NAME: wait for page N, dump it, screenshot
    rc=0
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 wizpage "$1" >"$work/page$1.txt" 2>>"$work/driver.err" || rc=$?
    echo $rc >"$work/page$1.rc"
    shot_wizard "$work/page$1.txt" "$SHOTS/wizard-$2.png"
    # issue 23: Tab round the page, the focus read back after each press
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wiztab >"$work/tab$1.txt" 2>>"$work/driver.err"
  }
  press() { timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizpress "$1" 2>>"$work/driver.err"; echo $? >>"$work/press.rc"; }
  page 0 welcome
  # the Scan page's status line is announced (issue 23): a WinEvent hook in another process (Wine
  # delivers EVENT_OBJECT_LIVEREGIONCHANGED out of context) counts the events while the scan runs
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 liveevents 2 >"$work/live.txt" 2>>"$work/driver.err" &
  local live=$! i
  for ((i = 0; i < 600; i++)); do grep -q '^hooked' "$work/live.txt" 2>/dev/null && break; sleep 0.1; done
  press next
  page 1 scan
  rc=0; wait $live || rc=$?
  echo $rc >"$work/live.rc"
  press next
  page 2 findings; press next
  page 3 choose
  # the Help button: this page's topic of bindfix.chm (what was asked of HtmlHelp is read back)
  press help
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 5000 msgbox >"$work/help-box.txt" 2>/dev/null
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" wizpage 3 >"$work/page3-help.txt" 2>>"$work/driver.err"
  # change the choice: tick every row; Back and Next must keep it
  local rows; rows=$(grep -cP '^row\tlist4105' "$work/page3.txt")
  for ((i = 0; i < rows; i++)); do timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizcheck $i 2>>"$work/driver.err"; done
  press back
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" wizpage 2 >/dev/null 2>>"$work/driver.err"
  press next
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" wizpage 3 >"$work/page3-again.txt" 2>>"$work/driver.err"
  press next
  page 4 review;   press next
  # the demo's plan is empty (a plan is read from the machine it changes): Next goes on to Finish
  page 8 finish
  press finish
  rc=0; timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/gone.rc"
  rc=0; wait $app || rc=$?
  echo $rc >"$work/exit.rc"
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"

  # Cancel before Apply: nothing changes, the wizard ends at once
  bf_gui_launch "$work/app2.log" 120 bindfix,1100x760 "$(winpath "$W/bindfix.exe")" /wizard /demo &
  app=$!
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 wizpage 0 >/dev/null 2>>"$work/driver.err"
  press next
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 wizpage 1 >/dev/null 2>>"$work/driver.err"
  press next
  timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 wizpage 2 >/dev/null 2>>"$work/driver.err"
  press cancel
  rc=0; timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/cancel-gone.rc"
  wait $app
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
}

if [ "${1:-}" = "--drive" ]; then
  drive "$2"
  exit 0
fi

rm -rf "$WORK"; mkdir -p "$WORK" "$SHOTS"
timeout -k 5 120 "$BF_WINE" "$W/bindfix-cli.exe" demo --json >"$WORK/demo.json" 2>"$WORK/cli.err"
timeout -k 10 540 xvfb-run -a -s "-screen 0 1100x760x24 -nolisten tcp" bash "$HERE/run-gui-wizard.sh" --drive "$WORK" \
  >"$WORK/drive.log" 2>&1

t() { if eval "$2"; then pass "$1"; else fail "$1"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" 2>/dev/null | head -12; fi; }
ok() { [ "$(cat "$WORK/$1" 2>/dev/null)" = 0 ]; }
P=$WORK
t "Welcome: the wizard opens on its first page, Next enabled, Back not" \
  "ok page0.rc && grep -q '^button	next	1	1' $P/page0.txt && ! grep -q '^button	back	1	1' $P/page0.txt" "$P/page0.txt"
t "Welcome names what will be scanned (the demo machine)" "grep -qi '^text	4102	.*demo' $P/page0.txt" "$P/page0.txt"
t "Scan: ends (worker) with the number of findings found" "ok page1.rc && grep -qP '^progress\t4103\t100\t100' $P/page1.txt && grep -qP '^text\t4104\t.*found [0-9]+ problem' $P/page1.txt" "$P/page1.txt"
want=$(python3 -c '
import json,sys
sys.path.insert(0, sys.argv[2])
from cause_order import tree_order
fs=json.load(open(sys.argv[1]))["diagnosis"]["findings"]
print("|".join(fs[i]["id"] for i, _ in tree_order(fs)))' "$WORK/demo.json" "$HERE" 2>/dev/null)
got=$(grep -P '^row\tlist4105' "$P/page2.txt" 2>/dev/null | cut -f5 | tr '\n' '|' | sed 's/|$//')
t "Scan: its status line is announced (EVENT_OBJECT_LIVEREGIONCHANGED seen by a hook in another process, with the result)" \
  "ok live.rc && grep -qP '^live\t4104\tStatic\t.*found [0-9]+ problem' $P/live.txt" "$P/live.txt"
t "What is wrong: the findings bindfix-cli reports, root causes first ($want)" "ok page2.rc && [ -n '$want' ] && [ '$got' = '$want' ]" "$P/page2.txt"
t "What is wrong: the selected root cause says what follows from it" \
  "grep -qP '^edit\t4106\t1\t.*What follows from it' $P/page2.txt" "$P/page2.txt"
t "What is wrong: the selected finding's evidence and references are shown" \
  "grep -qP '^edit\t4106\t1\t.*(Q|KB) ?[0-9]' $P/page2.txt" "$P/page2.txt"
t "What is wrong and Choose: the list and the detail box each have a label with a mnemonic before them (screen readers name them; Alt+letter reaches them)" \
  "grep -qP '^text\t4114\t[^\t]*&\w' $P/page2.txt && grep -qP '^text\t4115\t[^\t]*&\w' $P/page2.txt && grep -qP '^text\t4114\t[^\t]*&\w' $P/page3.txt && grep -qP '^text\t4115\t[^\t]*&\w' $P/page3.txt" "$P/page3.txt"
t "Choose: the recommended fix is preselected" "ok page3.rc && grep -qP '^checked\tlist4105\t[0-9]+\t1' $P/page3.txt" "$P/page3.txt"
t "Choose: every fix shows its predicted result" \
  "[ \$(grep -cP '^row\tlist4105\t' $P/page3.txt) -gt 0 ] && ! grep -P '^row\tlist4105\t' $P/page3.txt | awk -F'\t' '\$4==\"\" || \$5==\"\"' | grep -q ." "$P/page3.txt"
t "Choose: the selected fix names the cause it mends and the effects it is predicted to mend with it" \
  "grep -qP '^edit\t4106\t1\t.*Mends the cause: BF-[A-Z0-9-]+: .*Predicted to mend its [0-9]+ effects with it: .*BF-BIND-10049' $P/page3.txt" "$P/page3.txt"
t "Help on Choose the fix asks HtmlHelp for wizard-choose.htm" "grep -q '^help	wizard-choose.htm$' $P/page3-help.txt" "$P/page3-help.txt"
t "Back and Next keep a changed choice (every row ticked)" \
  "[ \$(grep -cP '^checked\tlist4105\t[0-9]+\t1' $P/page3-again.txt) -eq \$(grep -cP '^row\tlist4105\t' $P/page3.txt) ]" "$P/page3-again.txt"
t "Review: the demo plans no change and says why (the live before/after is tested in the fixture)" \
  "ok page4.rc && grep -qP '^edit\t4107\t1\t.+' $P/page4.txt && grep -qP '^text\t4104\t.*not from this computer' $P/page4.txt" "$P/page4.txt"
t "Review: what bindfix will not change (the NT4 hotfix)" "grep -qP '^edit\t4108\t1\t.*Service Pack' $P/page4.txt" "$P/page4.txt"
# tab_reach FILE...: on each page (guidriver wiztab) Tab focused every tab stop of the page ("tabstop <id>",
# "tab <id> <class> 1") and went on to the sheet's buttons ("tab <id> Button 0": no trap, the focus not
# lost), and never stuck; before the first Tab a control had the focus ("focus <id>", not 0)
tab_reach() {
  local f; for f in "$@"; do
    awk -F'\t' '$1=="focus" && $2 != 0 {foc=1} $1=="tabstop" {want[$2]=1} $1=="tab" {n++; if ($4==1) got[$2]=1; else if ($2 != 0) sheet=1}
      $1=="stuck" {bad++} END {for (i in want) if (!(i in got)) bad++; exit !(foc && n > 0 && sheet && !bad)}' "$f" 2>/dev/null || return 1
  done
}
t "Tab on Welcome, Scan, What is wrong, Choose, Review and Finish: every control of the page that takes the focus, then on to the sheet's buttons, never stuck (guidriver wiztab, the focus read back; $(cat "$P"/tab[0-9].txt 2>/dev/null | grep -c '^tabstop') page controls)" \
  "tab_reach $P/tab0.txt $P/tab1.txt $P/tab2.txt $P/tab3.txt $P/tab4.txt $P/tab8.txt" "$P/tab3.txt"
# the scan disables Next (the focus leaves it); once it ends the focus is on Next again (0x3024), so that
# Enter goes on, never lost nor left on Back
t "Scan: once the scan ends the focus is on Next (Enter goes on)" "grep -qP '^focus\t12324\t' $P/tab1.txt" "$P/tab1.txt"
# the result box (4121): Tab reaches it, and its text read back from the box (wiztab's WM_GETTEXT) is the
# result the page shows (the page's dump), not empty
result_tab() {
  local r
  r=$(awk -F'\t' '$1=="tabtext" && $2==4121 {print $3}' "$P/tab8.txt" 2>/dev/null)
  grep -qP '^tab\t4121\tEdit\t1$' "$P/tab8.txt" && [ -n "$r" ] &&
    [ "$r" = "$(awk -F'\t' '$1=="edit" && $2==4121 && $3==1 {print $4}' "$P/page8.txt" 2>/dev/null)" ]
}
t "Finish: the result is reachable by Tab (read-only edit 4121) and its text is the page's result" "result_tab" "$P/tab8.txt"
t "Finish: reached from the preview, Finish enabled" "ok page8.rc && grep -q '^button	finish	1	1' $P/page8.txt" "$P/page8.txt"
t "Finish closes the wizard; bindfix.exe ends with status 0" "ok gone.rc && ok exit.rc"
t "Cancel before Apply closes the wizard at once" "ok cancel-gone.rc"
for n in welcome scan findings choose review finish; do
  f=$SHOTS/wizard-$n.png
  c=$(identify -format '%k' "$f" 2>/dev/null || echo 0)
  t "screenshot wizard-$n.png ($c colours)" "[ '${c:-0}' -gt 32 ]"
done
if grep -q "Unhandled exception" "$WORK"/*.log 2>/dev/null; then fail "Unhandled exception: $(grep -m1 -h -A3 'Unhandled exception' "$WORK"/*.log | tr '\n' ' ')"
else pass "no crash"; fi
