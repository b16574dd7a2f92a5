#!/bin/bash
# run-gui-dpi-shots.sh - screenshots at 96, 144 and 192 DPI (issue 23: nothing cut off), part of make
# check-gui: for each DPI, in a prefix with that LogPixels (dpi-prefix.sh), on a screen scaled with it:
#   the console on the demo (build/screenshots/a11y-console-<dpi>dpi.png: the Actions pane on the right),
#   the Fix dialog it opens from the Actions pane (a11y-fix-<dpi>dpi.png, cropped to the dialog),
#   the repair wizard's pages the demo reaches (a11y-wizard-<page>-<dpi>dpi.png, cropped to the wizard).
# Then the console once more at 96 DPI with a large message font (a11y-console-96dpi-font22.png).
# The verdicts: each window opened, showed its page and was captured; the top finding's words fit its strip
# and every static on the wizard's pages fits its control, nothing overlapping (guidriver's print_fit:
# the text wrapped with DrawText in the font the control draws with, at its DPI, against its rectangle);
# the top strip's shielded Fix... has its words; no word of the Actions pane broken (guidriver panefit: each
# word's width in the console's font against the width its control wraps at); the wizard's header title and
# subtitle apart and above the page (header_ok). The live-only pages (Apply, Restart services, Verify) are
# shot and measured by run-gui-fixture.sh at 96, 144 and 192 DPI.
# Prints PASS:/FAIL: lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/dpi-prefix.sh"
DRIVER=$W/guidriver.exe
EXE=${BF_GUI_EXE:-$W/bindfix.exe}   # another build of the GUI: BF_GUI_EXE, as in run-gui-tests.sh
SHOTS=$BF_BUILD/screenshots
WORK=$BF_BUILD/gui-dpi-shots
pass() { echo "PASS: dpi-shots: $*"; }
fail() { echo "FAIL: dpi-shots: $*"; }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
# crop DUMP PNG: the rectangle a driver dump names ("rect x y w h"), else the whole screen
crop() {
  local geo; geo=$(awk -F'\t' '$1=="rect"{printf "%dx%d+%d+%d", $4, $5, $2, $3; exit}' "$1" 2>/dev/null)
  if [ -n "$geo" ]; then import -window root -crop "$geo" +repage "$2" 2>/dev/null
  else import -window root "$2" 2>/dev/null; fi
}

# ---- under Xvfb: drive DPI SIZE WORK [FONT]
# FONT (a large message font, dpi-prefix.sh): the console only, its top strip measured and shot
drive() {
  local dpi=$1 size=$2 work=$3 font=${4:-} d=(--desktop bindfix) rc sfx="-${1}dpi${4:+-font$4}"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  # the console, then Fix... from its Actions pane
  # started as Windows starts it for an administrator under UAC (not elevated: guidriver runlimited), so
  # that its shields, and their words, show
  bf_gui_launch "$work/console.log" 200 "bindfix,$size" "$(winpath "$DRIVER")" runlimited "$(winpath "$EXE")" /demo &
  local app=$!
  rc=0; timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 dump >"$work/console.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/console.rc"
  import -window root "$SHOTS/a11y-console$sfx.png" 2>/dev/null
  # the Actions pane: every word of its headings, buttons and notes whole at its width (no "administrato r")
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 panefit >"$work/pane.txt" 2>>"$work/driver.err"
  # the top strip's Fix... (317): its shield in words, as a tooltip and an accessible description (set only
  # where oleacc has Dynamic Annotation; Wine 8's SetHwndPropStr is a stub)
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" tips 317 >"$work/tips.txt" 2>>"$work/driver.err"
  if [ -n "$font" ]; then
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 close >/dev/null 2>>"$work/driver.err"
    wait $app
    timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
    return 0
  fi
  # the Fix dialog's status line is announced (issue 23): a WinEvent hook in another process counts the
  # EVENT_OBJECT_LIVEREGIONCHANGED it raises (at 96 DPI: once is enough)
  local live="" i
  if [ "$dpi" = 96 ]; then
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 liveevents 1 >"$work/live.txt" 2>>"$work/driver.err" &
    live=$!
    for ((i = 0; i < 600; i++)); do grep -q '^hooked' "$work/live.txt" 2>/dev/null && break; sleep 0.1; done
  fi
  rc=0
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1301 2>>"$work/driver.err" &&
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 dialog "Nothing to change" >"$work/fix.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fix.rc"
  if [ -n "$live" ]; then rc=0; wait $live || rc=$?; echo $rc >"$work/live.rc"; fi
  crop "$work/fix.txt" "$SHOTS/a11y-fix$sfx.png"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 dlggone 2>>"$work/driver.err"
  # ...and the console's status bar: View > Refresh (1101) ends with what was loaded, told to screen readers
  if [ "$dpi" = 96 ]; then
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 liveevents 1 >"$work/live-status.txt" 2>>"$work/driver.err" &
    live=$!
    for ((i = 0; i < 600; i++)); do grep -q '^hooked' "$work/live-status.txt" 2>/dev/null && break; sleep 0.1; done
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" command 1101 2>>"$work/driver.err"
    rc=0; wait $live || rc=$?; echo $rc >"$work/live-status.rc"
  fi
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 close >/dev/null 2>>"$work/driver.err"
  wait $app
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
  # the wizard, page by page
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  bf_gui_launch "$work/wizard.log" 300 "bindfix,$size" "$(winpath "$EXE")" /wizard /demo &
  app=$!
  : >"$work/pages.rc"
  local n name
  for n in 0 1 2 3 4 8; do
    case $n in 0) name=welcome ;; 1) name=scan ;; 2) name=findings ;; 3) name=choose ;; 4) name=review ;; 8) name=finish ;; esac
    rc=0; timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 wizpage $n >"$work/page$n.txt" 2>>"$work/driver.err" || rc=$?
    echo "$n $rc" >>"$work/pages.rc"
    crop "$work/page$n.txt" "$SHOTS/a11y-wizard-$name$sfx.png"
    if [ $n = 8 ]; then timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizpress finish 2>>"$work/driver.err"
    else timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizpress next 2>>"$work/driver.err"; fi
  done
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err"
  wait $app
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w"
}

if [ "${1:-}" = "--drive" ]; then
  export WINEPREFIX=$4
  drive "$2" "$3" "$5" "${6:-}"
  exit 0
fi

mkdir -p "$SHOTS"
bf_install_wine_fonts "$BF_WINEPREFIX"
# fits FILE...: guidriver's print_fit found every measured text whole and no overlap in each FILE
fits() { local f; for f in "$@"; do awk -F'\t' '$1=="fitcheck" && $2 > 0 && $3 == 0 && $4 == 0 {ok=1} END {exit !ok}' "$f" 2>/dev/null || return 1; done; }
# header_ok WORK: the wizard's header (issue 22; statics on the sheet, guidriver's print_header): on the four
# interior pages the title is shown with its words, the subtitle under it (the title's bottom at or above
# the subtitle's top), the subtitle's words fit, the two do not overlap each other or the page
# ("headerfit <measured> 0 0", "headerpage 0"); Welcome and Finish show neither
header_ok() {
  local n
  for n in 1 2 3 4; do
    awk -F'\t' '$1=="header" && $2=="title" && $3==1 && $8!="" {t=1; tb=$5+$7}
      $1=="header" && $2=="subtitle" && $3==1 && $8!="" {s=1; st=$5}
      $1=="headerfit" && $2>=1 && $3==0 && $4==0 {f=1} $1=="headerpage" && $2==0 {p=1}
      END {exit !(t && s && f && p && tb <= st)}' "$1/page$n.txt" 2>/dev/null || return 1
  done
  for n in 0 8; do
    grep -q '^header	title	0' "$1/page$n.txt" 2>/dev/null && ! grep -q '^header	subtitle	1' "$1/page$n.txt" || return 1
  done
}
# the 96, 144 and 192 DPI walks, then 96 DPI with a message font twice Wine's (22 px: "make text bigger")
# (BF_DPI_SHOTS_SPECS: fewer of them, by hand)
for spec in ${BF_DPI_SHOTS_SPECS:-96:1100x760: 144:1650x1140: 192:2200x1520: 96:1100x760:22}; do
  dpi=${spec%%:*} rest=${spec#*:} size=${rest%%:*} font=${rest#*:}
  if [ "$dpi" = 96 ] && [ -z "$font" ]; then prefix=$BF_WINEPREFIX; else prefix=$(bf_dpi_prefix "$dpi" $font); fi
  label="$dpi DPI${font:+, a ${font}-pixel message font}"
  work=$WORK/$dpi${font:+-font$font}
  rm -rf "$work"; mkdir -p "$work"
  timeout -k 10 600 xvfb-run -a -s "-screen 0 ${size}x24 -nolisten tcp" bash "$HERE/run-gui-dpi-shots.sh" --drive "$dpi" "$size" "$prefix" "$work" $font \
    >"$work/drive.log" 2>&1
  sfx="-${dpi}dpi${font:+-font$font}"
  if [ "$(cat "$work/console.rc" 2>/dev/null)" = 0 ] && [ "$(identify -format '%k' "$SHOTS/a11y-console$sfx.png" 2>/dev/null || echo 0)" -gt 32 ]; then
    pass "$label: the console with its Actions pane, captured (a11y-console$sfx.png)"
  else fail "$label: the console did not load or was not captured: $(head -c 300 "$work/driver.err" 2>/dev/null)"; fi
  # the top finding's banner: its words wrapped in the console's font at this DPI fit the strip's height
  top=$(awk -F'\t' '$1=="fit" && $2==316 {printf "%s of %s px", $4, $5}' "$work/console.txt" 2>/dev/null)
  if [ -n "$top" ] && fits "$work/console.txt"; then
    pass "$label: the top finding's words fit its strip ($top), the pane labels fit, nothing in the strip overlaps"
  else fail "$label: the top strip: $(grep -P '^(fit|word|overlap|fitcheck)\t' "$work/console.txt" 2>/dev/null | tr '\t\n' ' ;')"; fi
  # the Actions pane's words, each measured in the console's font at this DPI against the width it wraps at
  pane=$(awk -F'\t' '$1=="pane" {w=$2} $1=="word" && $4+0 > m {m=$4} END {if (w) printf "pane %s px, widest word %d px", w, m}' "$work/pane.txt" 2>/dev/null)
  if [ -n "$pane" ] && grep -q '^word	' "$work/pane.txt" && fits "$work/pane.txt"; then
    pass "$label: the Actions pane: no word of its headings, buttons or notes broken or cut, nothing overlaps ($pane)"
  else fail "$label: the Actions pane: $(grep -P '^(pane|fit\t.*\t1$|word\t.*\t1$|overlap|fitcheck)' "$work/pane.txt" 2>/dev/null | tr '\t\n' ' ;' | head -c 600)"; fi
  if grep -q '^tip	317	Needs administrator rights' "$work/tips.txt"; then
    pass "$label: the top strip's shielded Fix... says in words that it needs administrator rights (tooltip; accessible description set: $(awk -F'\t' '$1=="described"{print $3}' "$work/tips.txt"))"
  else fail "$label: the top strip's Fix... has no words for its shield: $(tr '\t\n' ' ;' <"$work/tips.txt" 2>/dev/null)"; fi
  if [ -z "$font" ]; then
    if [ "$(cat "$work/fix.rc" 2>/dev/null)" = 0 ] && grep -q '^rect' "$work/fix.txt" && [ -s "$SHOTS/a11y-fix$sfx.png" ] &&
      grep -q '^text	&Result:' "$work/fix.txt" && grep -q '^status	Nothing to change' "$work/fix.txt"; then
      pass "$label: the Fix dialog from the Actions pane, its result in a labelled read-only edit, captured (a11y-fix$sfx.png)"
    else fail "$label: the Fix dialog did not show its result: $(tail -c 300 "$work/driver.err" 2>/dev/null)"; fi
    if [ "$dpi" = 96 ]; then
      if [ "$(cat "$work/live.rc" 2>/dev/null)" = 0 ] && grep -q '^live	' "$work/live.txt"; then
        pass "$label: the Fix dialog's status line is announced (EVENT_OBJECT_LIVEREGIONCHANGED seen by a hook in another process: $(grep -m1 '^live	' "$work/live.txt" | cut -f2- | tr '\t' ' '))"
      else fail "$label: the Fix dialog's status line raised no live-region event: $(tr '\t\n' ' ;' <"$work/live.txt" 2>/dev/null)"; fi
    fi
    if [ "$dpi" = 96 ]; then
      if [ "$(cat "$work/live-status.rc" 2>/dev/null)" = 0 ] && grep -q '^live	[0-9-]*	msctls_statusbar32	' "$work/live-status.txt"; then
        pass "$label: the console's status bar is announced after View > Refresh (EVENT_OBJECT_LIVEREGIONCHANGED on the status bar: $(grep -m1 '^live	' "$work/live-status.txt" | cut -f4))"
      else fail "$label: the console's status bar raised no live-region event: $(tr '\t\n' ' ;' <"$work/live-status.txt" 2>/dev/null)"; fi
    fi
    if fits "$work/fix.txt"; then pass "$label: in the Fix dialog every text fits its control and no control overlaps another"
    else fail "$label: the Fix dialog: $(grep -P '^((fit|word)\t.*\t1$|overlap|fitcheck)' "$work/fix.txt" 2>/dev/null | tr '\t\n' ' ;' | head -c 600)"; fi
    if [ "$(awk '$2 != 0' "$work/pages.rc" 2>/dev/null | wc -l)" = 0 ] && [ "$(wc -l <"$work/pages.rc" 2>/dev/null)" = 6 ]; then
      pass "$label: the wizard's Welcome, Scan, What is wrong, Choose, Review and Finish pages, captured (a11y-wizard-*$sfx.png)"
    else fail "$label: wizard pages not reached: $(tr '\n' ' ' <"$work/pages.rc" 2>/dev/null)"; fi
    if fits "$work"/page[0-9].txt && [ "$(ls "$work"/page[0-9].txt 2>/dev/null | wc -l)" = 6 ]; then
      pass "$label: on those six pages every text fits its control and no control overlaps another"
    else fail "$label: wizard pages: $(grep -P '^((fit|word)\t.*\t1$|overlap|fitcheck)' "$work"/page[0-9].txt 2>/dev/null | tr '\t\n' ' ;' | head -c 600)"; fi
    if header_ok "$work"; then
      pass "$label: the wizard's header on Scan, What is wrong, Choose and Review: the title above the subtitle, apart, the subtitle's words fit, neither on the page; none on Welcome and Finish"
    else fail "$label: the wizard's header: $(grep -hP '^(header|headerfit|headerpage|overlap)\t' "$work"/page[1-4].txt 2>/dev/null | tr '\t\n' ' ;' | head -c 800)"; fi
  fi
  if grep -q "Unhandled exception" "$work"/*.log 2>/dev/null; then fail "$label: Unhandled exception"
  else pass "$label: no crash"; fi
done
