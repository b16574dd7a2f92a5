#!/bin/bash
# run-gui-tests.sh - GUI smoke tests of bindfix.exe under Xvfb and Wine (make check-gui).
#
# Each case starts its own X server (xvfb-run -a picks a free display), runs bindfix.exe on a Wine
# virtual desktop (`wine explorer /desktop=bindfix,WxH`, so that windows get real frames), and drives it
# from outside with build/win64/guidriver.exe (tests/tools/guidriver.c), which waits - bounded, woken by
# window events - until the window has loaded its data and then reads its three lists back from the
# other process.  tests/gui/check_overview.py compares the rows with the ones expected from
# `bindfix-cli demo --json` and checks the layout.  Screenshots go to $BF_BUILD/screenshots/.
#
# Cases: the demo at 96 DPI (overview-demo.png) and at 192 DPI (a copy of the prefix with
# HKCU\Control Panel\Desktop LogPixels=192; overview-demo-192dpi.png); the same data read from a snapshot
# file; a malformed snapshot file (error box owned by the window, naming file:line:col); /? and a bad
# option (usage box owned by the window; exit status 0 / 2).  Ends with "N passed, N failed"; any
# "Unhandled exception" is a failure.  bindfix runs with BINDFIX_WATCHDOG=1 (except in the snapshot-file
# case, which checks that no watchdog runs without it): the one timing verdict is a hang (hang-check.sh);
# durations are figures, printed by make bench-gui.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/wine-env.sh"
. "$HERE/hang-check.sh"
. "$HERE/dpi-prefix.sh"
. "$HERE/keyboard.sh"
. "$HERE/listen-views.sh"

EXE=${BF_GUI_EXE:-$W/bindfix.exe}   # another build of the GUI can be tested by setting BF_GUI_EXE
DRIVER=$W/guidriver.exe
CLI=$W/bindfix-cli.exe
SHOTS=$BF_BUILD/screenshots
WORK=$BF_BUILD/gui-test
DESKTOP=bindfix

winpath() { local p=$1; echo "Z:${p//\//\\}"; }

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

# ---- one case, run inside xvfb-run (DISPLAY set) -------------------------------------------------------
# inner_case KIND NAME PREFIX SIZE EXPECT SHOT -- BINDFIX-ARGS...
#   KIND dump:   dump + compare with EXPECT (snapshot JSON) + screenshot SHOT + close
#   KIND error:  the load must fail: an error box owned by the main window whose text contains EXPECT
#   KIND usage:  a usage box owned by the main window containing EXPECT; exit status SHOT (no desktop)
inner_case() {
  local kind=$1 name=$2 prefix=$3 size=$4 expect=$5 shot=$6
  shift 7
  export WINEPREFIX=$prefix
  local dir="$WORK/$name"
  rm -rf "$dir"; mkdir -p "$dir"
  # what an earlier case left remembered (window placement, pane and column widths) must not shape this one
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  # the watchdog thread runs only when asked for; the snapshot-file case runs bindfix as a user does
  if [ "$name" = snapshot-file ]; then unset BINDFIX_WATCHDOG; else export BINDFIX_WATCHDOG=1; fi
  # ...and the snapshot-file case has its sorts and copies fail (gui.h BF_FAULT_ENV: the seam, tests only)
  if [ "$name" = snapshot-file ]; then export BINDFIX_FAULT=sort,copy; else unset BINDFIX_FAULT; fi
  local app rc=0
  if [ "$kind" = usage ]; then
    # No virtual desktop: the exit status of bindfix.exe itself is wanted.
    timeout -k 5 120 "$BF_WINE" "$EXE" "$@" >"$dir/app.log" 2>&1 &
  else
    # a backstop for a runaway process, not a time limit: hangs are caught step by step (the driver's
    # waits, the watchdog's 2 s), and a busy machine may take minutes over the demo's keyboard walk
    bf_gui_launch "$dir/app.log" 600 "$DESKTOP,$size" "$(winpath "$EXE")" "$@" &
  fi
  app=$!
  local desk=(--desktop "$DESKTOP")
  [ "$kind" = usage ] && desk=()

  case $kind in
  dump)
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/dump.txt" 2>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ]; then pass "$name: the window loaded and its lists were read back"
    else fail "$name: driver dump exited $rc: $(head -c 300 "$dir/driver.err")"; fi
    if [ -s "$dir/dump.txt" ]; then
      local dpi=96
      [[ "$name" == *192* ]] && dpi=192
      python3 "$HERE/check_overview.py" "$dir/dump.txt" "$expect" "$name" --dpi "$dpi"
    fi
    if [ -n "$shot" ]; then
      mkdir -p "$(dirname "$shot")"
      rm -f "$shot"
      if import -window root "$shot" 2>"$dir/import.err" && [ -s "$shot" ]; then
        local colours
        colours=$(identify -format '%k' "$shot" 2>/dev/null || echo 0)
        if [ "${colours:-0}" -gt 32 ]; then pass "$name: screenshot $(basename "$shot") ($colours colours)"
        else fail "$name: screenshot $(basename "$shot") looks blank ($colours colours)"; fi
      else
        fail "$name: screenshot failed: $(head -c 300 "$dir/import.err")"
      fi
    fi
    # View > Refresh: a second load through the same path must end with the same rows shown.
    rc=0
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 refresh >"$dir/refresh.txt" 2>>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ] && grep -q "^state	3$" "$dir/refresh.txt" && grep -q "^row	" "$dir/refresh.txt" &&
       diff <(grep "^row	" "$dir/dump.txt") <(grep "^row	" "$dir/refresh.txt") >"$dir/refresh.diff"; then
      pass "$name: View > Refresh reloads and shows the same rows"
    else
      fail "$name: View > Refresh: driver $rc, $(head -c 300 "$dir/refresh.diff") $(tail -c 200 "$dir/driver.err")"
    fi
    if [ "$name" = snapshot-file ]; then
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" props >"$dir/props.txt" 2>>"$dir/driver.err"
      if grep -q "^watchdog	0$" "$dir/props.txt" && grep -q "^answers	1$" "$dir/props.txt"; then
        pass "$name: without BINDFIX_WATCHDOG=1 no watchdog runs (the window answers; no watchdog figures)"
      else fail "$name: without BINDFIX_WATCHDOG=1: $(tr '\t\n' '= ' <"$dir/props.txt" | head -c 300)"; fi
      # BINDFIX_FAULT=sort,copy: a sort and a copy whose allocation fails say which step failed and why,
      # and the list keeps its rows (unsorted). The header click waits in the box's modal loop: in the
      # background until msgbox has read and closed the box.
      local nrows
      nrows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["adapters"]))' "$expect")
      rc=0
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 node 2 >/dev/null 2>>"$dir/driver.err" || rc=$?
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" sortclick 1 2>>"$dir/driver.err" &
      local click=$!
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox >"$dir/fault-sort.txt" 2>>"$dir/driver.err" || rc=$?
      wait $click
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 counts 2 >"$dir/fault-rows.txt" 2>>"$dir/driver.err" || rc=$?
      if [ $rc -eq 0 ] && grep -qF "Sorting the list Adapters failed: Out of memory (8)." "$dir/fault-sort.txt" &&
         grep -qxP "count\tresult\t$nrows" "$dir/fault-rows.txt"; then
        pass "$name: a sort whose allocation fails says \"Sorting the list Adapters failed: Out of memory (8).\" and the $nrows rows stay shown"
      else fail "$name: failed sort: driver $rc, box: $(tr '\t\n' '  ' <"$dir/fault-sort.txt" | head -c 300), rows: $(grep '^count' "$dir/fault-rows.txt" | tr '\t\n' '  ')"; fi
      rc=0
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1401 2>>"$dir/driver.err" &&
        timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox >"$dir/fault-copy.txt" 2>>"$dir/driver.err" || rc=$?
      if [ $rc -eq 0 ] && grep -qF "Copying the rows of the list Adapters failed: Out of memory (8)." "$dir/fault-copy.txt"; then
        pass "$name: a copy whose allocation fails says \"Copying the rows of the list Adapters failed: Out of memory (8).\""
      else fail "$name: failed copy: driver $rc, box: $(tr '\t\n' '  ' <"$dir/fault-copy.txt" | head -c 300)"; fi
    fi
    # With the Actions pane hidden (View > Actions pane) the three lists have room to spare beyond
    # what their columns need: it must be shared as the layout says (check_overview.py
    # check_width_sharing), which the window's own size, too narrow for every column, cannot show.
    if [ "$name" = demo ]; then
      rc=0
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" sendcommand 1102 2>>"$dir/driver.err" &&
        timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/wide.txt" 2>>"$dir/driver.err" &&
        timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" sendcommand 1102 2>>"$dir/driver.err" || rc=$?
      if [ $rc -eq 0 ]; then pass "$name: the overview read back with the Actions pane hidden, then shown again"
      else fail "$name: View > Actions pane: driver exited $rc: $(tail -c 200 "$dir/driver.err")"; fi
      [ -s "$dir/wide.txt" ] && python3 "$HERE/check_overview.py" "$dir/wide.txt" "$expect" "$name-wide"
    fi
    # WM_DPICHANGED (moving to a monitor with another DPI; Wine never sends it by itself): fonts,
    # icons, margins and columns must follow, with the same rows.  No screenshot: Wine keeps drawing
    # the frame at the system DPI.
    # WM_SETTINGCHANGE (text size, fonts) and WM_SYSCOLORCHANGE: taken through the same DPI path without a
    # restart; the window settles with the same rows and layout
    if [ "$name" = demo ]; then
      rc=0
      timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 settingchange >"$dir/setting.txt" 2>>"$dir/driver.err" || rc=$?
      if [ $rc -eq 0 ] && grep -q '^fontremade	1' "$dir/setting.txt"; then
        pass "$name: WM_SETTINGCHANGE (text size, fonts) and WM_SYSCOLORCHANGE taken without a restart: the font made again, the window settled"
      else fail "$name: WM_SETTINGCHANGE: driver exited $rc: $(tail -c 200 "$dir/driver.err")"; fi
      [ -s "$dir/setting.txt" ] && python3 "$HERE/check_overview.py" "$dir/setting.txt" "$expect" "$name-after-setting-change" --dpi 96
    fi
    if [ "$name" = demo ]; then
      rc=0
      timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dpi 144 >"$dir/dpi144.txt" 2>>"$dir/driver.err" || rc=$?
      if [ $rc -eq 0 ]; then pass "$name: WM_DPICHANGED to 144 DPI handled"
      else fail "$name: WM_DPICHANGED: driver exited $rc: $(tail -c 200 "$dir/driver.err")"; fi
      [ -s "$dir/dpi144.txt" ] && python3 "$HERE/check_overview.py" "$dir/dpi144.txt" "$expect" "$name-after-dpi-change" --dpi 144 \
        --allow-hscroll   # the same 1100-pixel window now at 1.5x: the lists may scroll sideways
    fi
    # The console: every scope node (result lists read back and compared with the snapshot, a
    # screenshot of each view), Copy, the Actions pane's buttons, the Fix dialog, the hang check.
    if [ "$name" = demo ] || [ "$name" = demo-192dpi ]; then
      console_walk "$name" "$dir" "$expect" "$shot" "${desk[@]}"
    fi
    # Help > About: a dialog owned by the window, with the version.
    if [ -n "$shot" ]; then
      rc=0
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1201 >/dev/null 2>>"$dir/driver.err" &&
        timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox --leave-open >"$dir/about.txt" 2>>"$dir/driver.err" || rc=$?
      import -window root "${shot%.png}-about.png" 2>/dev/null
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox >/dev/null 2>>"$dir/driver.err" || rc=$?
      local version
      version=$(sed -n 's/^#define BF_VER_STRING "\(.*\)"/\1/p' "$BF_TOP/res/version.h")
      if [ $rc -eq 0 ] && [ -n "$version" ] && grep -qF "Version $version" "$dir/about.txt"; then
        pass "$name: Help > About shows version $version, owned by the window"
      else fail "$name: Help > About: driver $rc, $(tr '\t\n' ' ' <"$dir/about.txt" | head -c 300)"; fi
    fi
    rc=0
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 close >"$dir/close.txt" 2>>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ] && grep -q "^exit	0$" "$dir/close.txt"; then pass "$name: WM_CLOSE ends bindfix with status 0"
    else fail "$name: closing: driver $rc, $(tr '\t\n' ' ' <"$dir/close.txt") $(head -c 200 "$dir/driver.err")"; fi
    ;;
  scale)
    # The 1x synthetic snapshot (issue 25): every view's row count read back (not every cell: 100,000
    # event rows are not read across processes one by one) against the snapshot's; the overview and the
    # event log view shot; the hang check while it loads and walks.
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 90000 counts >"$dir/overview.txt" 2>"$dir/driver.err" || rc=$?
    import -window root "$shot" 2>/dev/null
    local n
    for n in 0 2 3 4 5 6 7 8 9 11; do
      timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 45000 counts $n >"$dir/node-$n.txt" 2>>"$dir/driver.err" || rc=$?
      [ $n = 8 ] && import -window root "${shot%.png}-events.png" 2>/dev/null
    done
    # Edit > Copy of the whole event log (Select all first): made on a worker, then on the clipboard
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 counts 8 >/dev/null 2>>"$dir/driver.err"
    local crc=0 clip
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 copy >"$dir/copy.txt" 2>>"$dir/driver.err" || crc=$?
    clip=$(grep -c '^clip' "$dir/copy.txt")
    local events
    events=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["event_log"]["events"]))' "$expect")
    if [ $crc -eq 0 ] && [ "$clip" = $((events + 1)) ] && timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 20000 status "Copied $events row" >/dev/null 2>>"$dir/driver.err"; then
      pass "$name: Copy of the event log put its header and $events rows on the clipboard, and the status bar says so"
    else fail "$name: Copy of the event log: driver $crc, $clip clipboard lines for $events events"; fi
    # the linked selection across the overview's panes: an adapter picked, then a resolver answer
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 45000 node 1 >/dev/null 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 45000 pick adapters 0 >"$dir/pick-adapters.txt" 2>>"$dir/driver.err" || rc=$?
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 45000 pick resolver 7 >"$dir/pick-resolver.txt" 2>>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ]; then pass "$name: the window loaded the 1x synthetic snapshot and every view was read back"
    else fail "$name: driver exited $rc: $(head -c 300 "$dir/driver.err")"; fi
    python3 "$HERE/check_scale.py" "$expect" "$dir" "$name"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 props >"$dir/props.txt" 2>>"$dir/driver.err"
    local verdict
    if verdict=$(bf_hang_verdict "$dir/props.txt"); then pass "$name: $verdict"; else fail "$name: $verdict"; fi
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 close >/dev/null 2>>"$dir/driver.err"
    ;;
  listen)
    listen_case "$name" "$dir" "$expect" "$shot" "${desk[@]}"
    ;;
  error)
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/dump.txt" 2>"$dir/driver.err" || rc=$?
    if [ $rc -eq 1 ] && grep -q "^state	4$" "$dir/dump.txt"; then pass "$name: the window reports the failed load"
    else fail "$name: expected a failed load, driver exited $rc: $(head -c 300 "$dir/driver.err")"; fi
    rc=0
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox >"$dir/box.txt" 2>>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ] && grep -qF -- "$expect" "$dir/box.txt"; then
      pass "$name: an error box owned by the window says \"$expect\""
    else
      fail "$name: error box: driver $rc, text: $(tr '\t\n' ' ' <"$dir/box.txt" | head -c 400)"
    fi
    rc=0
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 close >"$dir/close.txt" 2>>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ]; then pass "$name: the window closes after the error"
    else fail "$name: closing after the error: driver $rc $(head -c 200 "$dir/driver.err")"; fi
    ;;
  usage)
    timeout -k 5 60 "$BF_WINE" "$DRIVER" --timeout 30000 msgbox >"$dir/box.txt" 2>"$dir/driver.err" || rc=$?
    if [ $rc -eq 0 ] && grep -qF -- "$expect" "$dir/box.txt" && grep -q "^owner	BindfixMainWindow" "$dir/box.txt"; then
      pass "$name: a usage box owned by the main window says \"$expect\""
    else
      fail "$name: usage box: driver $rc, text: $(tr '\t\n' ' ' <"$dir/box.txt" | head -c 400) $(head -c 200 "$dir/driver.err")"
    fi
    ;;
  esac

  rc=0
  wait "$app" || rc=$?
  if [ "$kind" = usage ]; then
    if [ "$rc" -eq "$shot" ]; then pass "$name: bindfix.exe exits with status $shot"
    else fail "$name: bindfix.exe exited $rc, expected $shot"; fi
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    fail "$name: bindfix.exe (or its desktop) did not end in time"
  fi
  if grep -q "Unhandled exception" "$dir/app.log"; then
    fail "$name: Unhandled exception: $(grep -m1 -A3 'Unhandled exception' "$dir/app.log" | tr '\n' ' ')"
  else
    pass "$name: no crash"
  fi
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w" || bf_wineserver -k
}

# props_walk NAME DIR SHOT SUFFIX DESKTOP-ARGS...: Properties (issue 22 item 2, issue 23 item 9) opened
# as a user would: Enter on the Findings view's first row (the first root cause), a double-click on the
# overview's findings pane, Alt+Enter on an Adapters row, Action > Properties on a Services row.
props_walk() {
  local name=$1 dir=$2 shot=$3 suffix=$4; shift 4
  local desk=("$@") rc p="$dir/props"
  mkdir -p "$p"
  local drv=(timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000)
  # the Findings view, Enter on row 0: the first root cause with its evidence, effects and fixes
  rc=0
  "${drv[@]}" node 9 >"$p/findings.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:0 enter 2>>"$dir/driver.err" &&
    "${drv[@]}" --leave-open propsdlg >"$p/enter.txt" 2>>"$dir/driver.err" || rc=$?
  [ -n "$shot" ] && import -window root "$SHOTS/dialog-properties$suffix.png" 2>/dev/null
  "${drv[@]}" propsdlg >/dev/null 2>>"$dir/driver.err" || rc=$?
  local id0 title0
  id0=$(grep -P '^row\tresult\t' "$p/findings.txt" | head -1 | cut -f5)
  title0=$(grep -P '^row\tresult\t' "$p/findings.txt" | head -1 | cut -f6)
  if [ $rc -eq 0 ] && [ -n "$id0" ] && grep -qxF "caption	$id0 Properties" "$p/enter.txt" &&
     grep -qxF "line	ID: $id0" "$p/enter.txt" && grep -qxF "line	Finding: $title0" "$p/enter.txt" &&
     grep -qx 'line	Evidence' "$p/enter.txt" && grep -qx 'line	Explains' "$p/enter.txt" &&
     grep -qx 'line	Fixes offered' "$p/enter.txt" && grep -qP '^line\t +Nothing: a root cause$' "$p/enter.txt" &&
     grep -qP '^line\t    BF-RESOLVER-UNBOUND: ' "$p/enter.txt" && grep -qx 'focus	471' "$p/enter.txt"; then
    pass "$name: Enter on the Findings view's first row opens $id0 Properties: evidence, a root cause explaining BF-RESOLVER-UNBOUND, fixes; focus in the text"
  else fail "$name: Properties by Enter: driver $rc, row 0 '$id0', $(tr '\t\n' '  ' <"$p/enter.txt" 2>/dev/null | head -c 400)"; fi
  # the overview's findings pane: a double-click on its third row opens that finding
  rc=0
  "${drv[@]}" node 1 >/dev/null 2>>"$dir/driver.err" &&
    "${drv[@]}" dump >"$p/overview.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey findings:2 dblclick 2>>"$dir/driver.err" &&
    "${drv[@]}" propsdlg >"$p/dblclick.txt" 2>>"$dir/driver.err" || rc=$?
  local id2
  id2=$(grep -P '^row\tfindings\t' "$p/overview.txt" | sed -n 3p | cut -f5)
  if [ $rc -eq 0 ] && [ -n "$id2" ] && grep -qxF "caption	$id2 Properties" "$p/dblclick.txt" &&
     grep -qx 'line	Explained by' "$p/dblclick.txt"; then
    pass "$name: a double-click on the overview's third finding opens $id2 Properties"
  else fail "$name: Properties by double-click: driver $rc, row 2 '$id2', $(tr '\t\n' '  ' <"$p/dblclick.txt" 2>/dev/null | head -c 300)"; fi
  # the Findings view's tree: "-" collapses the first root cause (its effects leave the list, its mark says
  # how many are hidden), "+" expands it again, a click on its mark collapses it
  local n_all n_minus n_plus n_mark first_minus
  rc=0
  "${drv[@]}" node 9 >/dev/null 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:0 109 2>>"$dir/driver.err" &&
    "${drv[@]}" node 9 >"$p/collapsed.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:0 107 2>>"$dir/driver.err" &&
    "${drv[@]}" node 9 >"$p/expanded.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:0 mark 2>>"$dir/driver.err" &&
    "${drv[@]}" node 9 >"$p/marked.txt" 2>>"$dir/driver.err" || rc=$?
  [ -n "$shot" ] && import -window root "$SHOTS/view-findings-collapsed$suffix.png" 2>/dev/null
  "${drv[@]}" rowkey result:0 107 2>>"$dir/driver.err" || rc=$?
  n_all=$(grep -cP '^row\tresult\t' "$p/findings.txt"); n_minus=$(grep -cP '^row\tresult\t' "$p/collapsed.txt")
  n_plus=$(grep -cP '^row\tresult\t' "$p/expanded.txt"); n_mark=$(grep -cP '^row\tresult\t' "$p/marked.txt")
  first_minus=$(grep -P '^row\tresult\t' "$p/collapsed.txt" | head -1 | cut -f4)
  local hidden=$((n_all - n_minus))
  if [ $rc -eq 0 ] && [ "$hidden" -gt 0 ] && [ "$n_plus" = "$n_all" ] && [ "$n_mark" = "$n_minus" ] &&
     grep -P '^row\tresult\t' "$p/findings.txt" | head -1 | cut -f4 | grep -q '^\[-\] ' &&
     [ "$first_minus" = "[+] $(grep -P '^row\tresult\t' "$p/findings.txt" | head -1 | cut -f4 | sed 's/^\[-\] //') ($hidden hidden under it)" ] &&
     ! grep -P '^row\tresult\t' "$p/collapsed.txt" | cut -f5 | grep -qx BF-RESOLVER-UNBOUND; then
    pass "$name: Findings tree: - collapses the first root cause ($hidden effects hidden, \"$first_minus\"), + expands it ($n_plus rows), a click on its mark collapses it"
  else fail "$name: Findings tree: driver $rc, rows $n_all / collapsed $n_minus / expanded $n_plus / mark $n_mark, first '$first_minus'"; fi
  # any other row: every column's header and cell (Alt+Enter on the Adapters view, the menu on Services)
  rc=0
  "${drv[@]}" node 2 >"$p/adapters.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:0 altenter 2>>"$dir/driver.err" &&
    "${drv[@]}" propsdlg >"$p/altenter.txt" 2>>"$dir/driver.err" || rc=$?
  local a0
  a0=$(grep -P '^row\tresult\t' "$p/adapters.txt" | head -1 | cut -f4)
  if [ $rc -eq 0 ] && [ -n "$a0" ] && grep -qxF "caption	$a0 Properties" "$p/altenter.txt" && grep -qxF "line	Name: $a0" "$p/altenter.txt"; then
    pass "$name: Alt+Enter on an Adapters row opens its Properties: every column's header and cell ($a0)"
  else fail "$name: Properties by Alt+Enter: driver $rc, row 0 '$a0', $(tr '\t\n' '  ' <"$p/altenter.txt" 2>/dev/null | head -c 300)"; fi
  rc=0
  "${drv[@]}" node 7 >"$p/services.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" rowkey result:1 menu 2>>"$dir/driver.err" &&
    "${drv[@]}" propsdlg >"$p/menu.txt" 2>>"$dir/driver.err" || rc=$?
  local s1
  s1=$(grep -P '^row\tresult\t' "$p/services.txt" | sed -n 2p | cut -f4)
  if [ $rc -eq 0 ] && [ -n "$s1" ] && grep -qxF "caption	$s1 Properties" "$p/menu.txt" && [ "$(grep -c '^line	' "$p/menu.txt")" -ge 3 ]; then
    pass "$name: Action > Properties on a Services row opens its Properties ($s1, $(grep -c '^line	' "$p/menu.txt") cells)"
  else fail "$name: Properties by the Action menu: driver $rc, row 1 '$s1', $(tr '\t\n' '  ' <"$p/menu.txt" 2>/dev/null | head -c 300)"; fi
  # the Actions pane's Properties (issue 22), for the row that has the focus: clicked, on the third
  # Services row; then by keyboard alone on the same row: F6 to the pane (one stop: the button last
  # focused there), Home, Down to Properties (Stop scan is off: Refresh, Copy, Export report...,
  # Properties), Space
  local s2 kb
  rc=0
  "${drv[@]}" rowkey result:2 click 2>>"$dir/driver.err" &&
    "${drv[@]}" click 1390 2>>"$dir/driver.err" &&
    "${drv[@]}" propsdlg >"$p/pane.txt" 2>>"$dir/driver.err" || rc=$?
  s2=$(grep -P '^row\tresult\t' "$p/services.txt" | sed -n 3p | cut -f4)
  if [ $rc -eq 0 ] && [ -n "$s2" ] && grep -qxF "caption	$s2 Properties" "$p/pane.txt"; then
    pass "$name: the Actions pane's Properties opens the focused Services row's Properties ($s2)"
  else fail "$name: Actions pane Properties: driver $rc, row 2 '$s2', $(tr '\t\n' '  ' <"$p/pane.txt" 2>/dev/null | head -c 300)"; fi
  rc=0
  "${drv[@]}" rowkey result:2 click 2>>"$dir/driver.err" &&   # the focus back in the list
    "${drv[@]}" keys f6,home,down,down,down,space >"$p/pane-keys.txt" 2>>"$dir/driver.err" &&
    "${drv[@]}" propsdlg >"$p/pane-kb.txt" 2>>"$dir/driver.err" || rc=$?
  kb=$(awk -F'\t' '$1=="key" {printf "%s%s", sep, $4; sep="/"}' "$p/pane-keys.txt")
  if [ $rc -eq 0 ] && [ -n "$s2" ] && grep -qxF "caption	$s2 Properties" "$p/pane-kb.txt" && [[ "$kb" == */1101/*/1004/1390/* ]]; then
    pass "$name: keyboard: F6, Home, Down to the Actions pane's Properties, Space opens the focused row's Properties ($s2; focus $kb)"
  else fail "$name: keyboard to the Actions pane's Properties: driver $rc, focus $kb, $(tr '\t\n' '  ' <"$p/pane-kb.txt" 2>/dev/null | head -c 300)"; fi
}

# console_walk NAME DIR EXPECT SHOT DESKTOP-ARGS...: drives the console around the overview.
# settle_console DIR WHERE DESKTOP-ARGS...: the console back to rest between the walk's steps (guidriver
# settle: a menu, dialog or box left open is closed), so that one step that fails - a box that opened after
# its wait on a loaded machine, a lost click - does not fail every step after it. What it closed is said
# as a note (not a verdict: the step that left it open has its own).
settle_console() {
  local dir=$1 where=$2; shift 2
  local out
  out=$(timeout -k 5 60 "$BF_WINE" "$DRIVER" "$@" --timeout 20000 settle 2>>"$dir/driver.err")
  [ -n "$out" ] && echo "note: $(basename "$dir"): after $where, the console still had open: $(tr '\t\n' '  ' <<<"$out")"
  return 0
}

console_walk() {
  local name=$1 dir=$2 expect=$3 shot=$4; shift 4
  local desk=("$@") views="$dir/views" rc suffix=""
  [[ "$name" == *192* ]] && suffix="-192dpi"
  local names=(computer overview adapters binding-order resolver-order protocols listening-ports services event-log findings repair-history hosts-entries)
  mkdir -p "$views"
  for n in 0 1 2 3 4 5 6 7 8 9 10 11; do
    rc=0
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 node $n >"$views/node$n.txt" 2>>"$dir/driver.err" || rc=$?
    [ $rc -eq 0 ] || fail "$name: selecting scope node $n (${names[$n]}): driver exited $rc"
    [ -n "$shot" ] && import -window root "$SHOTS/view-${names[$n]}$suffix.png" 2>/dev/null
  done
  props_walk "$name" "$dir" "$shot" "$suffix" "${desk[@]}"
  settle_console "$dir" "the Properties walk" "${desk[@]}"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 2 >/dev/null 2>>"$dir/driver.err"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" copy >"$views/copy.txt" 2>>"$dir/driver.err" ||
    fail "$name: Copy on the Adapters view: driver failed"
  python3 "$HERE/check_views.py" "$views" "$expect" "$name"
  # F1 (Help > Help topics): the selected view's topic of bindfix.chm through HtmlHelp. What the window
  # asked for is read back (Wine here has no Gecko to render a topic); the topic is in the .chm (check-help).
  local topics=(view-computer.htm view-overview.htm view-adapters.htm) got=""
  for n in 0 1 2; do
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node $n >/dev/null 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1202 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 5000 msgbox >>"$dir/help-box.txt" 2>/dev/null
    got="$got$(timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" props 2>>"$dir/driver.err" | sed -n 's/^help\t//p') "
  done
  if [ "$got" = "${topics[*]} " ]; then pass "$name: F1 asks HtmlHelp for the selected view's topic (recorded: $got)"
  else fail "$name: F1 topics: got '$got', want '${topics[*]} '"; fi
  # ...and Wine's HTML Help viewer opens bindfix.chm: its window takes the title and the contents tree
  # from the .chm (the topic pane stays blank: no Gecko in this prefix)
  rc=0; timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 15000 firstwindow "HH Parent" >"$dir/hh.txt" 2>>"$dir/driver.err" || rc=$?
  [ -n "$shot" ] && import -window root "$SHOTS/help-viewer$suffix.png" 2>/dev/null
  if [ $rc -eq 0 ] && grep -q '^title	bindfix Help$' "$dir/hh.txt"; then pass "$name: the HTML Help viewer shows bindfix.chm (window \"bindfix Help\")"
  else fail "$name: HTML Help viewer: driver $rc, $(tr '\t\n' '  ' <"$dir/hh.txt")"; fi
  settle_console "$dir" "F1 and the help viewer" "${desk[@]}"
  # sorting: a click on the Name column of Services sorts the rows (checked: names in order)
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 7 >/dev/null 2>>"$dir/driver.err"
  local order=()
  for click in 1 2; do   # Display name: ascending, then descending
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" sortclick 1 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 7 >"$views/sorted$click.txt" 2>>"$dir/driver.err"
    order[$click]=$(grep -P '^row\tresult' "$views/sorted$click.txt" | cut -f5 | tr '\n' '|')
  done
  local want_up want_down
  want_up=$(grep -P '^row\tresult' "$views/node7.txt" | cut -f5 | LC_ALL=C sort -f | tr '\n' '|')
  want_down=$(grep -P '^row\tresult' "$views/node7.txt" | cut -f5 | LC_ALL=C sort -rf | tr '\n' '|')
  if [ -n "${order[1]}" ] && [ "${order[1]}" = "$want_up" ] && [ "${order[2]}" = "$want_down" ]; then
    pass "$name: a click on a column header sorts the view, a second click reverses it"
  else fail "$name: sorting Services by display name: got '${order[1]}' then '${order[2]}', want '$want_up' then '$want_down'"; fi
  # the Actions pane: buttons that need a live machine are disabled for the demo; Open fleet... is not
  rc=0; timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" click 1302 2>/dev/null || rc=$?
  if [ $rc -eq 5 ]; then pass "$name: Restart services is disabled for the demo (not this machine)"
  else fail "$name: Restart services for the demo: driver $rc (5 = disabled expected)"; fi
  # (it opens the folder browser, owned by the console, closed here with Cancel: issue 17)
  rc=0; timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" click 1005 2>/dev/null || rc=$?
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox --press 2 >"$dir/open-fleet.txt" 2>/dev/null
  if [ $rc -eq 0 ] && grep -q "Open fleet" "$dir/open-fleet.txt"; then
    pass "$name: Open fleet... in the Actions pane opens the folder browser"
  else fail "$name: Open fleet... in the Actions pane: driver $rc, $(tr '\n' ' ' <"$dir/open-fleet.txt" | head -c 200)"; fi
  settle_console "$dir" "Open fleet" "${desk[@]}"
  # File > Export report... (the Common Item Dialog): a file name typed, Save; the report is written on a
  # worker thread and the status bar says so; the file is the HTML report of the machine shown
  local exported="$dir/export-report.html"
  rm -f "$exported"; rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1004 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 savefile "$(winpath "$exported")" >"$dir/export.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 status "Saved" >>"$dir/export.txt" 2>>"$dir/driver.err" || rc=$?
  if [ $rc -eq 0 ] && grep -q '<title>bindfix report: EXCHSRV01' "$exported" 2>/dev/null && grep -q 'BF-BIND-10049' "$exported"; then
    pass "$name: File > Export report... writes the HTML report through the file dialog ($(wc -c <"$exported") bytes); the status bar says so"
  else fail "$name: Export report: driver $rc, $(tr '\t\n' '  ' <"$dir/export.txt" 2>/dev/null | head -c 300)"; fi
  # ...with the findings the console lists (check_views.py compares its Findings view with the same
  # bindfix-cli diagnosis): the console, its export and the CLI diagnose with one catalogue
  local ids_export ids_cli
  # (the same findings; the report lists them root causes first, the JSON most severe first: compared sorted)
  ids_export=$(grep -oP 'class="fid">(<bdi>)?\KBF-[A-Z0-9-]+' "$exported" 2>/dev/null | sort | tr '\n' ' ')
  ids_cli=$(python3 -c 'import json,sys; print(" ".join(sorted(f["id"] for f in json.load(open(sys.argv[1]))["diagnosis"]["findings"])), end=" ")' "$expect" 2>&1)
  if [ -n "$ids_export" ] && [ "$ids_export" = "$ids_cli" ]; then pass "$name: the exported report lists the findings of the console and bindfix-cli ($ids_export)"
  else fail "$name: findings of the exported report '$ids_export', of bindfix-cli '$ids_cli'"; fi
  settle_console "$dir" "Export report" "${desk[@]}"
  # Action > Export list... on the Adapters view (MMC's Export List): the view's rows, tab-separated, a
  # header first, written through the file dialog on a worker thread
  local listed="$dir/export-list.txt"
  rm -f "$listed"; rc=0
  local step=node
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 node 2 >/dev/null 2>>"$dir/driver.err" &&
    step=command && timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1305 2>>"$dir/driver.err" &&
    step=savefile && timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 savefile "$(winpath "$listed")" >"$dir/export-list.log" 2>>"$dir/driver.err" &&
    step=status && timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 status "Saved" >>"$dir/export-list.log" 2>>"$dir/driver.err" || rc=$?
  if [ $rc -eq 0 ] && grep -q "^caption.Export list" "$dir/export-list.log" && head -1 "$listed" 2>/dev/null | grep -qP '^Name\t' &&
     grep -qP '^E100B1\t' "$listed" && grep -qP '^NdisWan4\t' "$listed"; then
    pass "$name: Action > Export list... writes the Adapters view as tab-separated text (header and $(($(wc -l <"$listed") - 1)) rows)"
  else fail "$name: Export list: driver $rc at its $step step, $(tail -c 300 "$dir/driver.err" 2>/dev/null | tr '\t\n' '  ') $(head -c 300 "$listed" 2>/dev/null | tr '\t\n' '  ')"; fi
  settle_console "$dir" "Export list" "${desk[@]}"
  # Action > Repair wizard...: the wizard opens over the console on the same machine (the demo), and
  # Cancel on its first page closes it, the console still there
  rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1304 2>>"$dir/driver.err" &&
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 wizpage 0 >"$dir/wizard.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" wizpress cancel 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 wizgone 2>>"$dir/driver.err" || rc=$?
  if [ $rc -eq 0 ] && grep -qi '^text	4102	.*demo' "$dir/wizard.txt"; then
    pass "$name: Action > Repair wizard... opens the wizard on the console's machine; Cancel closes it"
  else fail "$name: Repair wizard from the console: driver $rc, $(grep '^text' "$dir/wizard.txt" 2>/dev/null | head -3 | tr '\t\n' '  ')"; fi
  settle_console "$dir" "the repair wizard" "${desk[@]}"
  # Fix... from the Actions pane: the dialog previews, and for the demo there is nothing to apply
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 1 >/dev/null 2>>"$dir/driver.err"
  rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" click 1301 2>>"$dir/driver.err" &&
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dialog "Nothing to change" >"$dir/fix.txt" 2>>"$dir/driver.err" || rc=$?
  [ -n "$shot" ] && import -window root "$SHOTS/dialog-fix-demo$suffix.png" 2>/dev/null
  if [ $rc -eq 0 ] && grep -q "^caption	Fix$" "$dir/fix.txt" && grep -q "^apply	0$" "$dir/fix.txt" &&
     grep -q "^preview	.*Install Windows NT 4.0 Service Pack" "$dir/fix.txt"; then
    pass "$name: Fix... previews (what bindfix will not change: the hotfix) and offers no Apply for the demo"
  else
    fail "$name: Fix dialog: driver $rc, $(grep -v '^row\|^column' "$dir/fix.txt" | tr '\t\n' '  ' | head -c 400)"
  fi
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" dlgclick 2 >/dev/null 2>>"$dir/driver.err"
  # the keyboard: Tab, F6, Alt+F/Alt+A on every view, context menus (tests/gui/keyboard.sh)
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 dlggone 2>>"$dir/driver.err"
  keyboard_walk "$name" "$dir" "$suffix" "${desk[@]}"
  settle_console "$dir" "the keyboard walk" "${desk[@]}"
  # File > Open snapshot... (the open dialog, on a thread of its own): the snapshot file typed, Open; the
  # console loads it (the status bar's source part names it) and shows the same rows as the demo
  rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1001 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 savefile "$(winpath "$expect")" >"$dir/open.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 status "Snapshot " >>"$dir/open.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 node 1 >/dev/null 2>>"$dir/driver.err" &&
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/opened.txt" 2>>"$dir/driver.err" || rc=$?
  if [ $rc -eq 0 ] && grep -q "Snapshot .*$(basename "$expect")" "$dir/open.txt" &&
     diff <(grep "^row	" "$dir/dump.txt") <(grep "^row	" "$dir/opened.txt") >/dev/null; then
    pass "$name: File > Open snapshot... loads the file chosen in the open dialog (same rows as the demo)"
  else fail "$name: Open snapshot: driver $rc, $(tr '\t\n' '  ' <"$dir/open.txt" 2>/dev/null | head -c 300)"; fi
  settle_console "$dir" "Open snapshot" "${desk[@]}"
  # ... then a malformed file: the error names it, and the window keeps the data shown AND keeps naming
  # where that data came from (title, status bar's source part), not the file that did not load
  rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1001 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 savefile "$(winpath "$WORK/bad-snapshot.json")" >"$dir/open-bad.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 msgbox >>"$dir/open-bad.txt" 2>>"$dir/driver.err" &&
    timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/open-bad-dump.txt" 2>>"$dir/driver.err" || rc=$?
  if [ $rc -eq 0 ] && grep -q "bad-snapshot.json:3" "$dir/open-bad.txt" && ! grep -q "bad-snapshot" "$dir/open-bad-dump.txt" &&
     grep -q "^status	1	.*$(basename "$expect")" "$dir/open-bad-dump.txt" &&
     diff <(grep "^row	" "$dir/dump.txt") <(grep "^row	" "$dir/open-bad-dump.txt") >/dev/null; then
    pass "$name: File > Open of a malformed snapshot: the error names file:line, the rows stay, title and status still name the file shown"
  else fail "$name: Open malformed snapshot: driver $rc, $(grep -v '^row\|^column' "$dir/open-bad.txt" "$dir/open-bad-dump.txt" 2>/dev/null | tr '\t\n' '  ' | head -c 500)"; fi
  settle_console "$dir" "Open of a malformed snapshot" "${desk[@]}"
  # the watchdog (BINDFIX_WATCHDOG=1): through scans, dialogs and all, the UI thread never hung (2 s
  # without an answer); how long it took otherwise is a figure (make bench-gui), not a verdict
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" props >"$dir/props.txt" 2>>"$dir/driver.err"
  local first priv verdict
  first=$(sed -n 's/^firstpaint\t//p' "$dir/props.txt")
  priv=$(sed -n 's/^private\t//p' "$dir/props.txt")
  if verdict=$(bf_hang_verdict "$dir/props.txt"); then pass "$name: $verdict"
  else fail "$name: $verdict $(tail -1 "$dir/driver.err" 2>/dev/null)"; fi
  if [ -n "$first" ] && [ "$first" -gt 0 ]; then pass "$name: first paint recorded ($first ms after process start; private bytes $priv)"
  else fail "$name: no first-paint figure"; fi
}

if [ "${1:-}" = "--inner" ]; then
  shift
  inner_case "$@"
  exit 0
fi

# ---- outer: prepare, run every case under its own X server, count ---------------------------------------
mkdir -p "$WORK" "$SHOTS"
LOG=$WORK/results.txt
: >"$LOG"
STARTED=$WORK/started; : >"$STARTED"
# declared results (this runner, run-gui-wizard.sh and run-gui-fixture.sh together): tests/lib/summarize.sh
# fails make check when fewer arrive (raise it with new tests)
echo "== expect gui 765"

# bf_gui_launch (tests/lib/wine-env.sh) against a stand-in launcher: Wine's launcher failing to start the
# program is retried (twice here), anything else is returned as it is, at once.
launch_selfcheck() {
  local d=$WORK/launch-selfcheck n rc
  rm -rf "$d"; mkdir -p "$d"
  cat >"$d/launcher" <<'STUB'
#!/bin/bash
n=$(cat "$STUB_COUNT" 2>/dev/null || echo 0); echo $((n + 1)) >"$STUB_COUNT"
if [ "$n" -lt "$STUB_FAILS" ]; then
  echo "Application could not be started, or no application associated with the specified file."
  echo "ShellExecuteEx failed: Internal error."; exit 1
fi
echo "started: $*"; exit "$STUB_EXIT"
STUB
  chmod +x "$d/launcher"
  rc=0; BF_WINE=$d/launcher STUB_COUNT=$d/count1 STUB_FAILS=2 STUB_EXIT=0 \
    bf_gui_launch "$d/one.log" 30 selfcheck,100x100 'Z:\nowhere\selfcheck-program.exe' /x || rc=$?
  n=$(cat "$d/count1")
  if [ "$rc" = 0 ] && [ "$n" = 3 ] && grep -q "started: explorer /desktop=selfcheck,100x100 .*selfcheck-program.exe /x" "$d/one.log" &&
     [ "$(grep -c '^== attempt' "$d/one.log.launch-failures")" = 2 ]; then
    echo "PASS: launcher: Wine's launcher failing to start the program (twice) is retried, each failure kept" | tee -a "$LOG"
  else echo "FAIL: launcher: retry: exit $rc after $n launches" | tee -a "$LOG"; fi
  rc=0; BF_WINE=$d/launcher STUB_COUNT=$d/count2 STUB_FAILS=0 STUB_EXIT=3 \
    bf_gui_launch "$d/two.log" 30 selfcheck,100x100 'Z:\nowhere\selfcheck-program.exe' || rc=$?
  n=$(cat "$d/count2")
  if [ "$rc" = 3 ] && [ "$n" = 1 ] && [ ! -e "$d/two.log.launch-failures" ]; then
    echo "PASS: launcher: the program's own exit status (3) is returned at once, never retried" | tee -a "$LOG"
  else echo "FAIL: launcher: a program's own failure: exit $rc after $n launches" | tee -a "$LOG"; fi
}
launch_selfcheck

missing=""
for f in "$EXE" "$DRIVER" "$CLI"; do [ -f "$f" ] || missing="$missing $f"; done
for t in xvfb-run import identify python3; do command -v $t >/dev/null || missing="$missing $t"; done
if [ -n "$missing" ]; then
  echo "FAIL: cannot run the GUI tests, missing:$missing"
  echo "0 passed, 1 failed"
  exit 1
fi

bf_install_wine_fonts "$BF_WINEPREFIX"

# Expected rows, independently of the GUI: the demo machine as the command line writes it.
DEMO_JSON=$WORK/demo.json
rc=0
timeout -k 5 120 "$BF_WINE" "$CLI" demo --json >"$DEMO_JSON" 2>"$WORK/cli.err" || rc=$?
if [ $rc -le 1 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$DEMO_JSON" 2>/dev/null; then
  echo "PASS: bindfix-cli demo --json gives the expected machine" | tee -a "$LOG"
else
  echo "FAIL: bindfix-cli demo --json failed (exit $rc): $(head -c 300 "$WORK/cli.err")" | tee -a "$LOG"
fi

# Hostile names (the reliability issue): markup, quotes, a spreadsheet formula, a right-to-left override,
# a 10,000-character name, an astral character. The GUI must show each whole, as the CLI reads it.
HOSTILE_SNAP=$WORK/hostile-snapshot.json
HOSTILE_JSON=$WORK/hostile.json
python3 - "$DEMO_JSON" "$HOSTILE_SNAP" <<'PY'
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))
s.pop("diagnosis", None)
s["adapters"][0]["friendly_name"] = "<script>alert('x')</script> \"quoted\" =cmd|' /C calc'!A0"
s["adapters"][1]["friendly_name"] = "\u202eevil\u202c " + "W" * 10000 + " \U0001F600"
json.dump(s, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
timeout -k 5 120 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$HOSTILE_SNAP")" --json >"$HOSTILE_JSON" 2>>"$WORK/cli.err"

# A malformed snapshot: valid JSON start, then garbage on line 3.
BAD_JSON=$WORK/bad-snapshot.json
printf '{\n  "schema": "bindfix-snapshot",\n  "version": oops\n}\n' >"$BAD_JSON"

# The 192-DPI prefix: a copy of the base prefix, refreshed when the base one is newer.
DPI_PREFIX=$(bf_dpi192_prefix)

# the seconds each case and each sub-runner took, printed as one line at the end: a figure, never a
# verdict, there so that a log's tail says where a slow or stuck run spent its time
CASE_SECONDS=""
took() { CASE_SECONDS="$CASE_SECONDS${CASE_SECONDS:+, }$1 $(( $(date +%s) - $2 ))"; }

# BF_GUI_ONLY="demo-192dpi run-gui-wizard" runs only those cases and sub-runners (a developer's rerun of
# one case; the declared count then does not add up, so make check never sets it)
only() { [ -z "${BF_GUI_ONLY:-}" ] || [[ " $BF_GUI_ONLY " == *" $1 "* ]]; }

run() {   # run SCREEN -- inner-case arguments
  local screen=$1 t0; shift 2
  only "$2" || return 0
  t0=$(date +%s)
  timeout -k 10 700 xvfb-run -a -s "-screen 0 ${screen}x24 -nolisten tcp" bash "$HERE/run-gui-tests.sh" --inner "$@" 2>&1 \
    | grep -E '^(PASS|FAIL|note): ' | tee -a "$LOG"
  local st=${PIPESTATUS[0]}
  [ "$st" -eq 0 ] || echo "FAIL: case $2: its X server or script exited $st" | tee -a "$LOG"
  took "$2" "$t0"
}

sub_runner() {   # sub_runner SCRIPT TIMEOUT: a runner of its own (wizard, fleet, ...), its results into LOG
  local script=$1 limit=$2 t0 st
  only "${script%.sh}" || return 0
  t0=$(date +%s)
  timeout -k 10 "$limit" bash "$HERE/$script" 2>&1 | grep -E '^(PASS|FAIL): ' | tee -a "$LOG"
  st=${PIPESTATUS[0]}; [ "$st" -eq 0 ] || echo "FAIL: $script exited $st" | tee -a "$LOG"
  took "${script%.sh}" "$t0"
}

run 1400x860 -- dump demo "$BF_WINEPREFIX" 1400x860 "$DEMO_JSON" "$SHOTS/overview-demo.png" -- /demo
run 2800x1720 -- dump demo-192dpi "$DPI_PREFIX" 2800x1720 "$DEMO_JSON" "$SHOTS/overview-demo-192dpi.png" -- /demo
run 1400x860 -- dump snapshot-file "$BF_WINEPREFIX" 1400x860 "$DEMO_JSON" "" -- /snapshot "$(winpath "$DEMO_JSON")"
run 1400x860 -- dump hostile-names "$BF_WINEPREFIX" 1400x860 "$HOSTILE_JSON" "$SHOTS/hostile-names.png" -- /snapshot "$(winpath "$HOSTILE_SNAP")"
# The console at scale (issue 25): bench_diagnose's synthetic machine at 1x (256 adapters x 16 addresses,
# 500 endpoints, 5,000 hosts lines, 100,000 events), written by snapgen, diagnosed by the CLI for the
# expected counts, opened at 96 and 192 DPI.
SCALE_SNAP=$WORK/scale-1x.json
SCALE_JSON=$WORK/scale-1x-scan.json
rc=0
if only scale-1x || only scale-1x-192dpi; then
"$BF_BUILD/native/snapgen" "$SCALE_SNAP" >"$WORK/snapgen.err" 2>&1 &&
  timeout -k 5 120 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$SCALE_SNAP")" --json >"$SCALE_JSON" 2>>"$WORK/cli.err" || rc=$?
if [ $rc -le 1 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$SCALE_JSON" 2>/dev/null; then
  echo "PASS: the 1x synthetic snapshot written ($(stat -c %s "$SCALE_SNAP") bytes) and scanned by bindfix-cli" | tee -a "$LOG"
else
  echo "FAIL: the 1x synthetic snapshot: snapgen or bindfix-cli scan failed (exit $rc): $(head -c 300 "$WORK/snapgen.err")" | tee -a "$LOG"
fi
fi
run 1400x860 -- scale scale-1x "$BF_WINEPREFIX" 1400x860 "$SCALE_JSON" "$SHOTS/overview-scale-1x.png" -- /snapshot "$(winpath "$SCALE_SNAP")"
run 2800x1720 -- scale scale-1x-192dpi "$DPI_PREFIX" 2800x1720 "$SCALE_JSON" "$SHOTS/overview-scale-1x-192dpi.png" -- /snapshot "$(winpath "$SCALE_SNAP")"
# issue 15's views on a scenario that has each of their sections, at 96 and 192 DPI (listen-views.sh)
LISTEN_SNAP=$HERE/../scenarios/http-sys-holds-port-80-2019.json
run 1400x860 -- listen listen-views "$BF_WINEPREFIX" 1400x860 "$LISTEN_SNAP" "" -- /snapshot "$(winpath "$LISTEN_SNAP")"
run 2800x1720 -- listen listen-views-192dpi "$DPI_PREFIX" 2800x1720 "$LISTEN_SNAP" "" -- /snapshot "$(winpath "$LISTEN_SNAP")"
run 1100x700 -- error bad-snapshot "$BF_WINEPREFIX" 1100x700 "bad-snapshot.json:3:" "" -- /snapshot "$(winpath "$BAD_JSON")"
# A catalogue in a folder others may write (Unix mode 0777: Wine derives an Everyone write ACE from it):
# the console, run as administrator, refuses it naming the icacls fix and /trust-file; with /trust-file it
# reads it through the same check's override (bf_system.trust_files) and shows the demo (issue 21).
WORLD=$WORK/world-catalogue
mkdir -p "$WORLD"; chmod 0777 "$WORLD"; cp "$HERE/../tools/testsvc-catalogue.json" "$WORLD/cat.json"
run 1100x700 -- error untrusted-catalogue "$BF_WINEPREFIX" 1100x700 "(bindfix.exe: /trust-file)" "" -- /demo /catalogue "$(winpath "$WORLD/cat.json")"
run 1400x860 -- dump trust-file-catalogue "$BF_WINEPREFIX" 1400x860 "$DEMO_JSON" "" -- /demo /catalogue "$(winpath "$WORLD/cat.json")" /trust-file
run 1100x700 -- usage usage "$BF_WINEPREFIX" 1100x700 "/snapshot FILE" 0 -- /?
run 1100x700 -- usage bad-option "$BF_WINEPREFIX" 1100x700 "Unknown option: /bogus" 2 -- /bogus

# The repair wizard on the demo, page by page (bindfix.exe /wizard /demo).
sub_runner run-gui-wizard.sh 600

# The Fleet node (issue 17): /fleet DIR on a synthetic fleet folder, at 96 and 192 DPI.
sub_runner run-gui-fleet.sh 900

# The console's Actions pane, the Fix dialog and the wizard's pages at 96, 144 and 192 DPI (issue 23).
sub_runner run-gui-dpi-shots.sh 1500

# The console against a real machine: live scan, Fix, Apply, verify, undo, then the repair wizard's
# live walk (network namespace, root).
sub_runner run-gui-fixture.sh 900

# The console's live mode, View > Auto refresh, while an address is added (network namespace, root).
sub_runner run-gui-live.sh 600

# Wine's launcher failing to start the program (bf_gui_launch relaunched it): said, never a verdict.
while IFS= read -r lf; do
  echo "note: $(grep -c '^== attempt' "$lf") launch(es) of Wine's launcher did not start the program: $lf"
done < <(find "$BF_BUILD" -name '*.launch-failures' -not -path '*/launch-selfcheck/*' -newer "$STARTED" 2>/dev/null)
p=$(grep -c '^PASS: ' "$LOG" || true)
f=$(grep -c '^FAIL: ' "$LOG" || true)
echo "== seconds per GUI case: $CASE_SECONDS"
echo "screenshots: $SHOTS"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
