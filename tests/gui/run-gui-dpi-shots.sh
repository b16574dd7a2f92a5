#!/bin/bash
# run-gui-dpi-shots.sh - screenshots at 96, 144 and 192 DPI (issue 23: nothing cut off), part of make
# check-gui: for each DPI, in a prefix with that LogPixels (dpi-prefix.sh), on a screen scaled with it:
#   the console on the demo (build/screenshots/a11y-console-<dpi>dpi.png: the Actions pane on the right),
#   the Fix dialog it opens from the Actions pane (a11y-fix-<dpi>dpi.png, cropped to the dialog),
#   the repair wizard's pages the demo reaches (a11y-wizard-<page>-<dpi>dpi.png, cropped to the wizard).
# The verdicts here are that each window opened, showed its page and was captured; whether any text is
# cut off is read from the pictures by a person (the README says which were looked at). The live-only
# pages (Apply, Restart services, Verify) are shot by run-gui-fixture.sh at 96 DPI.
# Prints PASS:/FAIL: lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/dpi-prefix.sh"
DRIVER=$W/guidriver.exe
EXE=$W/bindfix.exe
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

# ---- under Xvfb: drive DPI SIZE WORK
drive() {
  local dpi=$1 size=$2 work=$3 d=(--desktop bindfix) rc sfx="-${1}dpi"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  # the console, then Fix... from its Actions pane
  bf_gui_launch "$work/console.log" 200 "bindfix,$size" "$(winpath "$EXE")" /demo &
  local app=$!
  rc=0; timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 dump >"$work/console.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/console.rc"
  import -window root "$SHOTS/a11y-console$sfx.png" 2>/dev/null
  rc=0
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1301 2>>"$work/driver.err" &&
    timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 dialog "Nothing to change" >"$work/fix.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fix.rc"
  crop "$work/fix.txt" "$SHOTS/a11y-fix$sfx.png"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 dlggone 2>>"$work/driver.err"
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
  drive "$2" "$3" "$5"
  exit 0
fi

mkdir -p "$SHOTS"
bf_install_wine_fonts "$BF_WINEPREFIX"
for spec in 96:1100x760 144:1650x1140 192:2200x1520; do
  dpi=${spec%%:*} size=${spec#*:}
  if [ "$dpi" = 96 ]; then prefix=$BF_WINEPREFIX; else prefix=$(bf_dpi_prefix "$dpi"); fi
  work=$WORK/$dpi
  rm -rf "$work"; mkdir -p "$work"
  timeout -k 10 600 xvfb-run -a -s "-screen 0 ${size}x24 -nolisten tcp" bash "$HERE/run-gui-dpi-shots.sh" --drive "$dpi" "$size" "$prefix" "$work" \
    >"$work/drive.log" 2>&1
  sfx="-${dpi}dpi"
  if [ "$(cat "$work/console.rc" 2>/dev/null)" = 0 ] && [ "$(identify -format '%k' "$SHOTS/a11y-console$sfx.png" 2>/dev/null || echo 0)" -gt 32 ]; then
    pass "$dpi DPI: the console with its Actions pane, captured (a11y-console$sfx.png)"
  else fail "$dpi DPI: the console did not load or was not captured: $(head -c 300 "$work/driver.err" 2>/dev/null)"; fi
  if [ "$(cat "$work/fix.rc" 2>/dev/null)" = 0 ] && grep -q '^rect' "$work/fix.txt" && [ -s "$SHOTS/a11y-fix$sfx.png" ] &&
    grep -q '^text	&Result:' "$work/fix.txt" && grep -q '^status	Nothing to change' "$work/fix.txt"; then
    pass "$dpi DPI: the Fix dialog from the Actions pane, its result in a labelled read-only edit, captured (a11y-fix$sfx.png)"
  else fail "$dpi DPI: the Fix dialog did not show its result: $(tail -c 300 "$work/driver.err" 2>/dev/null)"; fi
  if [ "$(awk '$2 != 0' "$work/pages.rc" 2>/dev/null | wc -l)" = 0 ] && [ "$(wc -l <"$work/pages.rc" 2>/dev/null)" = 6 ]; then
    pass "$dpi DPI: the wizard's Welcome, Scan, What is wrong, Choose, Review and Finish pages, captured (a11y-wizard-*$sfx.png)"
  else fail "$dpi DPI: wizard pages not reached: $(tr '\n' ' ' <"$work/pages.rc" 2>/dev/null)"; fi
  if grep -q "Unhandled exception" "$work"/*.log 2>/dev/null; then fail "$dpi DPI: Unhandled exception"
  else pass "$dpi DPI: no crash"; fi
done
