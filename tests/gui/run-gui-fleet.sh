#!/bin/bash
# run-gui-fleet.sh - the console's Fleet node (issue 17), called by run-gui-tests.sh (make check-gui).
#
# The fleet folder is generated here (synthetic: scenario machines of tests/scenarios/ under host names of
# their own, written by hand, not recorded; laid out as res/fleet's playbook and script write it): four
# snapshots (two with the KB's failure, one with a port held, one healthy), a host the engine could not
# collect (NAME.not-collected.json with its error) and a damaged snapshot. `bindfix-cli fleet --format json`
# reads the same folder first: its rows are what the console must show.
#
# Then bindfix.exe /demo /fleet DIR, at 96 and at 192 DPI: the Fleet node appears beside the computer
# (read on a worker), its list read back row by row against the CLI's (host, verdict, findings, worst
# finding, time), a click on the Findings header sorts by it as numbers, Copy gives the rows as text,
# Enter on a host opens its snapshot (the overview then shows that host; the window title names the file),
# Enter on the host that was not collected says so; File > Open fleet... opens the folder browser (closed
# with Cancel); the filter by finding (Alt+N reaches it) lists the CLI's groups' findings with their server
# counts, and choosing one leaves the CLI's servers of that finding; (96 DPI) under the Fleet node one node
# per collected server, and a server's Findings and Adapters views show what `bindfix-cli scan --snapshot
# HOST.json --json` gives for its file. At 96 DPI the reader is held after its first file (BINDFIX_FAULT=fleet-hold): that row is
# listed before the others are read. At 96 DPI, File > Export report... on the Fleet node writes the fleet report: the same
# HTML as `bindfix-cli fleet DIR --catalogue FILE -o x.html` (its footer's time aside), server reports
# beside it. The console runs with /catalogue FILE (a synthetic catalogue whose generation, marked by
# IISADMIN, web1 has): the CLI's reading, the export and the rows all use it. Screenshots: fleet-96dpi.png, fleet-192dpi.png (the Fleet node, filtered), fleet-host-96dpi.png
# and fleet-host-192dpi.png (a host opened from it). Prints PASS:/FAIL: lines; the caller counts them.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/dpi-prefix.sh"
DRIVER=$W/guidriver.exe
CLI=$W/bindfix-cli.exe
SHOTS=$BF_BUILD/screenshots
WORK=$BF_BUILD/gui-fleet
pass() { echo "PASS: fleet-gui: $*"; }
fail() { echo "FAIL: fleet-gui: $*"; }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# ---- inside xvfb-run: one console, driven ------------------------------------------------------------
if [ "${1:-}" = --drive ]; then
  name=$2 prefix=$3 size=$4 fleet=$5 expect=$6 catalogue=$7
  export WINEPREFIX=$prefix BINDFIX_WATCHDOG=1
  # at 96 DPI the reader holds after its first row until .release-fleet appears (gui.h BFGUI_FAULT_FLEET_HOLD)
  if [ "$name" = 96dpi ]; then export BINDFIX_FAULT=fleet-hold; rm -f "$fleet/.release-fleet"; else unset BINDFIX_FAULT; fi
  dir=$WORK/$name
  rm -rf "$dir"; mkdir -p "$dir" "$SHOTS"
  d=(--desktop bindfix)
  drv() { timeout -k 5 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 "$@" 2>>"$dir/driver.err"; }
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  bf_gui_launch "$dir/app.log" 300 "bindfix,$size" "$(winpath "$W/bindfix.exe")" /demo /catalogue "$(winpath "$catalogue")" /fleet "$(winpath "$fleet")" &
  app=$!
  if [ "$name" = 96dpi ]; then
    # rows are shown as each file is read: with the reader held after the first file (broken.json, first
    # by name), the node is there with that one row, and the console answers the driver meanwhile; the
    # status bar counts "1 of 6 servers read" (the demo's load, shown beside it, leaves the count there
    # while the fleet is read: mainwnd.c status_loaded)
    drv node 15 >"$dir/held.txt"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 15000 status "1 of 6 servers read" >"$dir/held-status.txt" 2>>"$dir/driver.err"
    held_rows=$(grep -cP '^row\tresult' "$dir/held.txt")
    if [ "$held_rows" = 1 ] && grep -qP '^row\tresult\t-?[0-9]+\tbroken\t' "$dir/held.txt"; then
      pass "$name: the first server is listed before the last file is read"
    else fail "$name: while the reader is held after one file: $held_rows rows, $(grep -P '^row' "$dir/held.txt" | head -2 | tr '\t\n' '  ')"; fi
    if grep -q "Reading the fleet in .*: 1 of 6 servers read" "$dir/held-status.txt"; then
      pass "$name: while it is held the status bar says 1 of 6 servers read"
    else fail "$name: the status bar while the reader is held: $(tr '\t\n' '  ' <"$dir/held-status.txt" | head -c 200)"; fi
    touch "$fleet/.release-fleet"
  fi
  # the Fleet node (15): it appears with the first row read; its list is read back once every file is
  # (as many rows as bindfix-cli fleet gives: waited for, bounded)
  want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["servers"]))' "$expect")
  for ((i = 0; i < 60; i++)); do
    drv node 15 >"$dir/node.txt"
    [ "$(grep -cP '^row\tresult' "$dir/node.txt")" = "$want" ] && break
    sleep 1
  done
  if grep -qP '^tree\t15\tFleet: fleet-synthetic$' "$dir/node.txt"; then
    pass "$name: the Fleet node appears beside the computer, named by its folder"
  else fail "$name: no Fleet node named by its folder: $(grep -P '^tree' "$dir/node.txt" | tail -2 | tr '\t\n' '  ')"; fi
  python3 "$HERE/check_fleet.py" rows "$dir/node.txt" "$expect" "$WORK/counts.txt" "$name"
  # sorting: the Findings column (2) as numbers, ascending then descending
  drv sortclick 2; drv node 15 >"$dir/sort-up.txt"
  drv sortclick 2; drv node 15 >"$dir/sort-down.txt"
  python3 "$HERE/check_fleet.py" sorted "$dir/sort-up.txt" "$dir/sort-down.txt" "$name"
  # Copy: Select all + Copy of the result list, as tab-separated text with the headers
  drv copy >"$dir/copy.txt"
  python3 "$HERE/check_fleet.py" copy "$dir/copy.txt" "$expect" "$name"
  if [ "$name" = 96dpi ]; then
    # File > Export report... (1004) on the Fleet node: the fleet report through the file dialog
    exported=$dir/export/fleet.html
    mkdir -p "$dir/export"; rc=0
    drv command 1004 && drv savefile "$(winpath "$exported")" >"$dir/export.txt" &&
      drv status "Saved" >>"$dir/export.txt" || rc=$?
    if [ $rc -eq 0 ] && [ -s "$WORK/cli-html/fleet.html" ] &&
       cmp -s <(grep -v '^<footer>' "$exported") <(grep -v '^<footer>' "$WORK/cli-html/fleet.html") &&
       grep -q '<td><bdi>fleet-test</bdi></td>' "$exported" && [ -s "$dir/export/mail1-report.html" ]; then
      pass "$name: Export report on the Fleet node writes the CLI's fleet report (HTML, /catalogue's generation, server reports beside it)"
    else fail "$name: Export report on the Fleet node: driver $rc, $(tr '\t\n' '  ' <"$dir/export.txt" 2>/dev/null | head -c 200) $(diff <(grep -v '^<footer>' "$exported" 2>&1) <(grep -v '^<footer>' "$WORK/cli-html/fleet.html") | head -c 300)"; fi
  fi
  if [ "$name" = 96dpi ]; then
    # a node per collected server under the Fleet node; a server's view shows that server's snapshot:
    # mail1's Findings are the findings `bindfix-cli scan --snapshot mail1.json --json` gives, pop1's
    # Adapters the adapters it gives (DPI-blind logic: at 96 DPI only; each driver call is a Wine process,
    # seconds on a loaded machine)
    drv server mail1 9 >"$dir/server-findings.txt"
    drv server pop1 2 >"$dir/server-adapters.txt"
    python3 "$HERE/check_fleet.py" servers "$dir/server-findings.txt" "$dir/server-adapters.txt" "$expect" "$WORK/scan" "$name"
    # back on the Fleet node; the filter by finding (331, labelled "Servers with fi&nding:"): Alt+N
    # reaches it from the keyboard
    drv node 15 >/dev/null
    drv keys alt+n >"$dir/filter-keys.txt"
    if grep -qP '^key\talt\+n\tComboBox\t331\t' "$dir/filter-keys.txt"; then
      pass "$name: Alt+N (the label's mnemonic) puts the focus on the filter by finding"
    else fail "$name: Alt+N: $(tr '\t\n' '  ' <"$dir/filter-keys.txt" | head -c 200)"; fi
  fi
  # the filter's items are "All findings" and each finding of bindfix-cli fleet's groups with its count of
  # servers; choosing one (the CLI's finding with the fewest servers above one) leaves the rows of the
  # servers the CLI groups under it, choosing "All findings" all again (the driver prints the items, then
  # the rows the choice left)
  pick=$(python3 "$HERE/check_fleet.py" pick "$expect")
  drv combo 331 "$pick" >"$dir/filtered.txt"
  import -window root "$SHOTS/fleet-$name.png" 2>/dev/null
  python3 "$HERE/check_fleet.py" filteritems "$dir/filtered.txt" "$expect" "$name"
  python3 "$HERE/check_fleet.py" filtered "$dir/filtered.txt" "$pick" "$expect" "$name"
  drv combo 331 0 >"$dir/fleet-back.txt"
  if [ "$(grep -cP '^row\tresult' "$dir/fleet-back.txt")" = "$want" ]; then
    pass "$name: All findings lists every server again"
  else fail "$name: after All findings: $(grep -cP '^row\tresult' "$dir/fleet-back.txt") rows, want $want"; fi
  # Enter on the host that was not collected: a message says there is nothing to open
  row=$(python3 "$HERE/check_fleet.py" rowof "$dir/fleet-back.txt" web9)
  drv rowkey "result:$row" enter >/dev/null
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 20000 msgbox >"$dir/nocollect.txt" 2>>"$dir/driver.err"
  if grep -q "no snapshot of web9" "$dir/nocollect.txt"; then pass "$name: Enter on a host not collected says there is no snapshot to open"
  else fail "$name: Enter on web9 (not collected): $(tr '\n' ' ' <"$dir/nocollect.txt" | head -c 300)"; fi
  # Enter on mail2: its snapshot opened as File > Open snapshot opens a file; the overview shows it
  row=$(python3 "$HERE/check_fleet.py" rowof "$dir/fleet-back.txt" mail2)
  drv rowkey "result:$row" enter >/dev/null
  # the load runs on the loader's worker: wait (bounded) until the window shows MAIL2
  for ((i = 0; i < 60; i++)); do
    drv dump >"$dir/host.txt"
    grep -qP '^title\t.*MAIL2' "$dir/host.txt" && break
    sleep 1
  done
  drv props >"$dir/host-props.txt"
  import -window root "$SHOTS/fleet-host-$name.png" 2>/dev/null
  if grep -qP '^title\t.*MAIL2.*mail2\.json' "$dir/host.txt" && grep -qP '^node\t1$' "$dir/host-props.txt" &&
     grep -qP '^state\t3$' "$dir/host.txt"; then
    pass "$name: Enter on mail2 opens its snapshot file: the overview shows MAIL2"
  else fail "$name: Enter on mail2: $(grep -P '^(title|state)\t' "$dir/host.txt" | tr '\t\n' '= ' | head -c 300) $(grep -P '^node' "$dir/host-props.txt")"; fi
  # the Fleet node is still there, with its rows
  drv node 15 >"$dir/node-again.txt"
  if [ "$(grep -cP '^row\tresult' "$dir/node-again.txt")" = "$(grep -cP '^row\tresult' "$dir/node.txt")" ]; then
    pass "$name: after opening a host the Fleet node still lists every host"
  else fail "$name: the Fleet node after opening a host: $(grep -cP '^row\tresult' "$dir/node-again.txt") rows"; fi
  # File > Open fleet... (1005): the folder browser, owned by the console; Cancel closes it
  drv command 1005
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 msgbox --press 2 >"$dir/browse.txt" 2>>"$dir/driver.err"
  if grep -q "Open fleet" "$dir/browse.txt"; then pass "$name: File > Open fleet... opens the folder browser (closed with Cancel)"
  else fail "$name: File > Open fleet...: $(tr '\n' ' ' <"$dir/browse.txt" | head -c 300) $(tail -c 200 "$dir/driver.err")"; fi
  drv close >/dev/null
  rc=0; wait $app || rc=$?
  if grep -q "Unhandled exception" "$dir/app.log" 2>/dev/null; then fail "$name: Unhandled exception in bindfix.exe"
  else pass "$name: no unhandled exception (exit $rc)"; fi
  # the prefix's wineserver ends here, as after every other GUI case: nothing of this case outlives it
  timeout 30 bash -c "$(declare -f bf_wineserver); bf_wineserver -w" || bf_wineserver -k
  exit 0
fi

# ---- the fleet folder and the CLI's reading of it ------------------------------------------------------
rm -rf "$WORK"; mkdir -p "$WORK"
FLEET=$WORK/fleet-synthetic
mkdir -p "$FLEET"
host() {  # host NAME HOSTNAME SCENARIO
  sed "s/\"hostname\": \"[^\"]*\"/\"hostname\": \"$2\"/" "$TOP/tests/scenarios/$3.json" >"$FLEET/$1.json"
}
host mail1 MAIL1 kb-nt4sp4-ndiswan
host mail2 MAIL2 vpn-first-in-binding-2003
host pop1 POP1 port-taken-by-other-2003
host web1 WEB1 healthy-multihomed-2003
printf '{"schema": "bindfix-not-collected", "version": 1, "host": "web9", "engine": "ansible", "error": "Failed to connect to the host via ssh: ssh: connect to host 192.0.2.9 port 22: No route to host", "at": "2026-12-06T05:00:00Z"}\n' >"$FLEET/web9.not-collected.json"
printf '{"schema": "bindfix-snapshot", "version": 2, "hostname": ' >"$FLEET/broken.json"
# a catalogue of our own (synthetic): its generation is marked by IISADMIN, which web1 runs
CATALOGUE=$WORK/catalogue.json
printf '{"schema": "bindfix-catalogue", "version": 1, "generations": [{"id": "fleet-test", "label": "Fleet test generation (synthetic)", "marker": "IISADMIN", "services": ["IISADMIN"], "endpoints": []}]}\n' >"$CATALOGUE"
EXPECT=$WORK/fleet.json
rc=0
timeout -k 5 120 "$BF_WINE" "$CLI" fleet "$(winpath "$FLEET")" --catalogue "$(winpath "$CATALOGUE")" --format json >"$EXPECT" 2>"$WORK/cli.err" || rc=$?
mkdir -p "$WORK/cli-html"
timeout -k 5 120 "$BF_WINE" "$CLI" fleet "$(winpath "$FLEET")" --catalogue "$(winpath "$CATALOGUE")" -o "$(winpath "$WORK/cli-html/fleet.html")" 2>>"$WORK/cli.err"
if [ $rc -eq 2 ] && python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))["servers"]) != 6)' "$EXPECT" 2>/dev/null; then
  pass "bindfix-cli fleet reads the synthetic fleet: 6 rows, exit 2 for the damaged file"
else fail "bindfix-cli fleet on the synthetic fleet: exit $rc, $(head -c 300 "$WORK/cli.err")"; fi

# the findings each host has, independently of fleet: `scan --json` of its snapshot
: >"$WORK/counts.txt"
mkdir -p "$WORK/scan"
for f in mail1 mail2 pop1 web1; do
  timeout -k 5 120 "$BF_WINE" "$CLI" scan --snapshot "$(winpath "$FLEET/$f.json")" --catalogue "$(winpath "$CATALOGUE")" --json 2>>"$WORK/cli.err" >"$WORK/scan/$f.json"
  python3 -c 'import json,sys; print(sys.argv[1], len(json.load(open(sys.argv[2]))["diagnosis"]["findings"]))' "$f" "$WORK/scan/$f.json" >>"$WORK/counts.txt"
done

DPI_PREFIX=$(bf_dpi192_prefix)
run() {
  timeout -k 10 420 xvfb-run -a -s "-screen 0 ${3}x24 -nolisten tcp" bash "$HERE/run-gui-fleet.sh" --drive "$@" 2>&1 |
    grep -E '^(PASS|FAIL): '
  local st=${PIPESTATUS[0]}
  [ "$st" -eq 0 ] || fail "$1: its X server or script exited $st"
}
run 96dpi "$BF_WINEPREFIX" 1400x860 "$FLEET" "$EXPECT" "$CATALOGUE"
run 192dpi "$DPI_PREFIX" 2800x1720 "$FLEET" "$EXPECT" "$CATALOGUE"
