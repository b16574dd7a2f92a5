#!/bin/bash
# run-gui-fixture.sh - the console against a real machine (part of make check-gui; needs root): in a
# private network namespace the host name resolves first to 203.0.113.50, which no interface holds (a
# stale hosts line, Tcpip\Parameters\DataBasePath pointing at Z:\etc), and two real services in Wine's
# SCM bind like Exchange: bindfix-testsvc (POP3) and bindfix-testsvc2 (IMAP4, depends on it). Both
# fail with 10049. bindfix.exe scans the machine live on a virtual desktop under Xvfb, and the test
# drives it with guidriver.exe:
#   the overview shows the failing binds; Fix... previews the hosts change; Apply journals, comments
#   the line out, starts the services in dependency order and verifies; curl reads both greetings;
#   Repair history lists the journal; Undo last repair puts the hosts file back byte for byte.
# The source address toward the gateway (issue 16 part 4): a hosts repair does not change it, and Wine
# cannot make the SkipAsSource or metric repair that would. So, in the first Fix dialog and the first
# wizard walk, the test itself changes the route toward 192.0.2.1 while the repair runs (after the
# preview, before Apply: a host route with the source 198.51.100.7, an address of lo): a real change of
# what the stack picks, seen by bindfix's own UDP connect, but made by the test, not by the repair (a
# stand-in for one). Both then say "Source changed" (192.0.2.10 -> 198.51.100.7); the walks with the
# end-process case, which change no route, say "Source unchanged".
# Then the repair wizard on the same machine: scan, choose, review, apply, restart, verify, finish; and
# once more with Cancel during Restart services and a rollback; then the Fix dialog closed during Apply
# (it asks, and Yes rolls back).
# Screenshots: overview-fixture.png, dialog-fix-fixture.png, dialog-fix-applied.png (and -192dpi), view-repair-history-fixture.png,
# wizard-*-fixture.png, wizard-{apply,restart,verify,finish}-fixture-144dpi.png (a second live walk at 144
# DPI), wizard-{restart,finish}-rolled-back-144dpi.png (the Cancel walk runs at 144 DPI),
# wizard-*-192dpi.png (the end-process walk at 192 DPI).
# Prints PASS:/FAIL: lines (run-gui-tests.sh counts them).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/hang-check.sh"
. "$TOP/tests/lib/keepalive.sh"
DRIVER=$W/guidriver.exe
SHOTS=$BF_BUILD/screenshots
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
# shot_wizard DUMP PNG: a screenshot of the wizard alone (its rectangle from the driver's dump)
shot_wizard() {
  local geo; geo=$(awk -F'\t' '$1=="rect"{printf "%dx%d+%d+%d", $4, $5, $2, $3}' "$1" 2>/dev/null)
  if [ -n "$geo" ]; then import -window root -crop "$geo" +repage "$2" 2>/dev/null
  else import -window root "$2" 2>/dev/null; fi
}
pass() { echo "PASS: fixture: $*"; }
fail() { echo "FAIL: fixture: $*"; }

# ---- inside the namespace, under Xvfb
drive() {
  local work=$1 rc
  local d=(--desktop bindfix)
  bf_gui_launch "$work/app.log" 400 bindfix,1400x860 "$(winpath "$W/bindfix.exe")" \
    /catalogue "$(winpath "$work/cat.json")" &
  local app=$!
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 100000 dump >"$work/overview.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/overview.rc"
  import -window root "$SHOTS/overview-fixture.png" 2>/dev/null
  timeout 120 "$BF_WINE" "$W/bindfix-cli.exe" scan --catalogue "$(winpath "$work/cat.json")" >"$work/cli-scan.txt" 2>&1   # for the log
  # File > Export report...: diagnosed with the console's /catalogue, as the console shows it
  rc=0
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" command 1004 2>>"$work/driver.err" &&
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 savefile "$(winpath "$work/export-fixture.html")" >"$work/export.txt" 2>>"$work/driver.err" &&
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 status "Saved" >>"$work/export.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/export.rc"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 0 >"$work/computer.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 1 >/dev/null 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1301 2>>"$work/driver.err"
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 dialog "planned" >"$work/fix.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fix.rc"
  import -window root "$SHOTS/dialog-fix-fixture.png" 2>/dev/null
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/hash.preview"
  source_route add      # the source changes while the repair runs (not the repair's doing: see the top)
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 413 2>>"$work/driver.err"
  rc=0; timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 dialog "verified" >"$work/applied.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/applied.rc"
  import -window root "$SHOTS/dialog-fix-applied.png" 2>/dev/null
  source_route del
  cp /etc/hosts "$work/hosts.after"
  curl -sv --max-time 5 pop3://192.0.2.10/ >"$work/curl-pop3.out" 2>&1
  curl -sv --max-time 5 imap://192.0.2.10/ >"$work/curl-imap.out" 2>&1
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  # the console scans again after a repair; Repair history then lists the journal
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 node 10 >"$work/history.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/history.rc"
  import -window root "$SHOTS/view-repair-history-fixture.png" 2>/dev/null
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" node 1 >/dev/null 2>>"$work/driver.err"
  # Undo last repair
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1303 2>>"$work/driver.err"
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 dialog "planned" >"$work/undo-preview.txt" 2>>"$work/driver.err" || rc=$?
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 413 2>>"$work/driver.err"
  rc=0; timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 dialog "Undone" >"$work/undone.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/undone.rc"
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/hash.undone"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" props >"$work/props.txt" 2>>"$work/driver.err"
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/close.txt" 2>>"$work/driver.err"
  wait $app
  wizard_walk "$work"
  walk_at_dpi 144 1650x1140 --cancel-walk "$work"
  fix_close_walk "$work"
  fix_end_walk "$work"
  walk_at_dpi 192 2200x1520 --end-walk "$work"
  stale_walk "$work"
}

# source_route add|del: the host route toward the gateway 192.0.2.1 with the source 198.51.100.7 (held by
# lo since the set-up), or without it again (the connected route's source, 192.0.2.10)
source_route() {
  if [ "$1" = add ]; then ip route add 192.0.2.1/32 dev lan0 src 198.51.100.7
  else ip route del 192.0.2.1/32 dev lan0 2>/dev/null; fi
}

# wpage N FILE [SHOT]: the wizard's page N dumped to $work/FILE (its driver status in FILE.rc), shot to
# SHOT; wpress BUTTON. Both use the caller's $work and $d.
wpage() {
  rc=0
  timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 wizpage "$1" >"$work/$2" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/$2.rc"
  [ -n "${3:-}" ] && shot_wizard "$work/$2" "$SHOTS/$3"
}
wpress() { timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizpress "$1" 2>>"$work/driver.err"; }
# wtab FILE: Tab round the wizard's current page, its tab stops and the focus after each press (issue 23)
wtab() { timeout 100 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wiztab >"$work/$1" 2>>"$work/driver.err"; }

# The repair wizard on the same (broken again after the undo) machine: scan, choose, review, apply,
# restart services, verify, finish; a screenshot of the live pages.
wizard_walk() {
  local work=$1 d=(--desktop bindfix) rc
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/wiz-hash.0"
  bf_gui_launch "$work/wiz-app.log" 400 bindfix,1100x760 "$(winpath "$W/bindfix.exe")" \
    /wizard /catalogue "$(winpath "$work/cat.json")" &
  local app=$!
  wpage 0 wiz0.txt; wpress next
  wpage 1 wiz1.txt wizard-scan-fixture.png; wpress next
  wpage 2 wiz2.txt wizard-findings-fixture.png; wpress next
  wpage 3 wiz3.txt wizard-choose-fixture.png; wpress next
  wpage 4 wiz4.txt wizard-review-fixture.png
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/wiz-hash.review"
  source_route add      # as in the Fix dialog above: changed by the test during the repair
  wpress next
  wpage 5 wiz5-ready.txt
  # wizclick returns once the page has handled the click (the worker then marks the wizard busy), so the
  # wait below is for the apply's end
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizclick 4110 2>>"$work/driver.err"
  wpage 5 wiz5.txt wizard-apply-fixture.png
  wtab wiz-tab5.txt
  cp /etc/hosts "$work/wiz-hosts.after"
  wpress next
  wpage 6 wiz6.txt wizard-restart-fixture.png; wtab wiz-tab6.txt; wpress next
  wpage 7 wiz7.txt wizard-verify-fixture.png; wtab wiz-tab7.txt
  source_route del
  curl -sv --max-time 5 pop3://192.0.2.10/ >"$work/wiz-curl-pop3.out" 2>&1
  wpress next
  wpage 8 wiz8.txt wizard-finish-fixture.png; wtab wiz-tab8.txt
  wpress finish
  rc=0; timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/wiz-gone.rc"
  wait $app
}

inside() {
  local work=$1 template=$2
  WORK=$work
  . "$TOP/tests/lib/netns.sh"
  ns_private_machine "$work" "$template" EXCHSRV01 >/dev/null || { echo "private machine failed"; return 1; }
  # Wine ends services.exe and its services once no ordinary process of the prefix is left (reference/
  # wine.md): one ordinary process (hold.exe, tests/lib/keepalive.sh) lives for the whole test
  wine_keepalive_start "$work" || echo "hold.exe did not start: $(cat "$work/hold.out" 2>/dev/null)"
  ns_veth lan0; ip addr add 192.0.2.10/24 dev lan0; ip link set lan0 up; ip link set lan0p up
  ip route add default via 192.0.2.1 dev lan0 onlink
  ip addr add 198.51.100.7/32 dev lo   # the source the test's route change picks (source_route)
  printf '127.0.0.1 localhost\n203.0.113.50 EXCHSRV01\n192.0.2.10 EXCHSRV01\n' >/etc/hosts
  printf 'precedence ::ffff:203.0.113.0/120 45\nprecedence ::1/128 50\nprecedence ::/0 40\nprecedence ::ffff:0:0/96 10\n' >/etc/gai.conf
  timeout 60 "$BF_WINE" reg add 'HKLM\System\CurrentControlSet\Services\Tcpip\Parameters' /v DataBasePath \
    /t REG_EXPAND_SZ /d 'Z:\etc' /f >/dev/null 2>&1
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  local exe; exe=$(winpath "$W/testsvc.exe")
  svc_create "$work" sc1.out bindfix-testsvc binPath= "$exe bindfix-testsvc 110 pop3" start= auto
  svc_create "$work" sc2.out bindfix-testsvc2 binPath= "$exe bindfix-testsvc2 143 imap" start= auto depend= bindfix-testsvc
  timeout 60 "$BF_WINE" sc start bindfix-testsvc >"$work/sc-start.out" 2>&1
  wine_service_wait bindfix-testsvc STOPPED "$work/sc-query.before"   # (it fails with 10049: start pending, then stopped)
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/hash.0"
  # which services stand behind POP3 and IMAP4 here (bindfix.exe /catalogue, as bindfix-cli --catalogue)
  cp "$TOP/tests/tools/testsvc-catalogue.json" "$work/cat.json"
  # the --drive copy of this script sources wine-env.sh again: it must find this machine's prefix
  export WINEPREFIX BF_WINEPREFIX=$WINEPREFIX
  export BINDFIX_WATCHDOG=1   # the hang check (hang-check.sh)
  # (xvfb-run is a /bin/sh script: exported bash functions do not pass through it)
  timeout -k 10 600 xvfb-run -a -s "-screen 0 1400x860x24 -nolisten tcp" bash "$HERE/run-gui-fixture.sh" --drive "$work" \
    >"$work/drive.log" 2>&1
  wine_keepalive_stop "$work"
  bf_wineserver -k 2>/dev/null
  return 0
}


# svc_create WORK FILE NAME SC-CREATE-ARGS...: sc create, then checks with sc query that the service exists
# (output appended to WORK/FILE). Set-up, not the behaviour under test: when Wine did not run sc at all
# (under load its launcher has failed with "ShellExecuteEx failed: Internal error"), it is run again,
# at most 5 times; the test then relies only on a service it has seen.
svc_create() {
  local work=$1 file=$2 name=$3 i; shift 3
  for i in 1 2 3 4 5; do
    timeout 60 "$BF_WINE" sc create "$name" "$@" >>"$work/$file" 2>&1
    timeout 60 "$BF_WINE" sc query "$name" >"$work/$file.query" 2>&1 && grep -q "STATE" "$work/$file.query" && return 0
  done
  return 1
}

# wizard_through_apply WORK PREFIX: the wizard alone on this machine (test catalogue), Next through
# Review, Apply clicked and its end awaited (PREFIXn.txt per page); sets $app to its job.
wizard_through_apply() {
  local work=$1 p=$2 d=(--desktop bindfix) n
  bf_gui_launch "$work/$p-app.log" 400 "bindfix,${WIZ_DESK:-1100x760}" "$(winpath "$W/bindfix.exe")" \
    /wizard /catalogue "$(winpath "$work/cat.json")" &
  app=$!
  for n in 0 1 2 3 4; do wpage $n "$p$n.txt"; wpress next; done
  wpage 5 "$p"5-ready.txt
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizclick 4110 2>>"$work/driver.err"
  wpage 5 "$p"5.txt ${WIZ_SFX:+wizard-apply-fixture$WIZ_SFX.png}
}

# The wizard's live walk once more, at 144 DPI (issue 23: Verify shot and measured at 96, 144 and 192 DPI;
# run in the 144-DPI X server before the Cancel walk): the machine broken again (bindfix-cli undo of the
# 96-DPI walk's repair), then Scan to Finish; Apply, Restart services, Verify and Finish dumped (wv5-8.txt)
# and shot (wizard-{apply,restart,verify,finish}-fixture-144dpi.png). The Cancel walk's own undo then
# undoes this repair, so it finds the machine as before.
wizard_verify_walk() {
  local work=$1 d=(--desktop bindfix) app
  timeout 120 "$BF_WINE" "$W/bindfix-cli.exe" undo >"$work/wv-undo.txt" 2>&1; echo $? >"$work/wv-undo.rc"
  wizard_through_apply "$work" wv
  wpress next
  wpage 6 wv6.txt "wizard-restart-fixture${WIZ_SFX:-}.png"; wpress next
  wpage 7 wv7.txt "wizard-verify-fixture${WIZ_SFX:-}.png"; wpress next
  wpage 8 wv8.txt "wizard-finish-fixture${WIZ_SFX:-}.png"
  wpress finish
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err"
  wait $app
}

# Cancel during Restart services: the machine broken again (bindfix-cli undo of the wizard's repair), the
# first service made slow to start (4 s) so that Cancel lands while it starts. The wizard stops before
# the next step, asks whether to put back what was done, and (Yes) rolls it back: the hosts file is
# byte-identical to before and the service is stopped again, as it was.
wizard_cancel_walk() {
  local work=$1 d=(--desktop bindfix) rc exe
  timeout 120 "$BF_WINE" "$W/bindfix-cli.exe" undo >"$work/wc-undo.txt" 2>&1; echo $? >"$work/wc-undo.rc"
  exe=$(winpath "$W/testsvc.exe")
  # (Wine's sc config does not change a binary path: the service is made again, stopped as it is now)
  timeout 60 "$BF_WINE" sc delete bindfix-testsvc >"$work/wc-sc.out" 2>&1
  svc_create "$work" wc-sc.out bindfix-testsvc binPath= "$exe bindfix-testsvc 110 pop3 --start-delay 4000" start= auto
  timeout 60 "$BF_WINE" reg query 'HKLM\System\CurrentControlSet\Services\bindfix-testsvc' /v ImagePath >>"$work/wc-sc.out" 2>&1
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/wc-hash.0"
  timeout 60 "$BF_WINE" sc query bindfix-testsvc >"$work/wc-sc-query.0" 2>&1
  local app
  wizard_through_apply "$work" wc
  wpress next        # Restart services starts its worker as the page is shown...
  wpress cancel      # ...and Cancel arrives while the slow service starts
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 msgbox --press 6 >"$work/wc-ask.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/wc-ask.rc"
  wpage 6 wc6.txt "wizard-restart-rolled-back${WIZ_SFX:-}.png"   # the rollback's end: the page says so, Next goes on
  wpress next
  wpage 8 wc8.txt "wizard-finish-rolled-back${WIZ_SFX:-}.png"
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/wc-hash.after"
  timeout 60 "$BF_WINE" sc query bindfix-testsvc >"$work/wc-sc-query.after" 2>&1
  wpress finish
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err"
  wait $app
}

# console_fix_apply PREFIX: bindfix.exe on this machine (with the test catalogue), Fix..., the plan
# shown (PREFIX-fix.txt, its driver status in PREFIX-fix.rc), then Apply; sets $app to the console's job.
console_fix_apply() {
  local work=$1 p=$2 d=(--desktop bindfix) rc
  bf_gui_launch "$work/$p-app.log" 400 "bindfix,${FIX_DESK:-1400x860}" "$(winpath "$W/bindfix.exe")" \
    /catalogue "$(winpath "$work/cat.json")" &
  app=$!
  timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 100000 dump >"$work/$p-overview.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1301 2>>"$work/driver.err"
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 dialog "planned" >"$work/$p-fix.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/$p-fix.rc"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 413 2>>"$work/driver.err"
}

# The Fix dialog closed during Apply, on the machine the walk above left (broken, the slow service
# installed and stopped): Apply comments the hosts line out, then starts the slow service (4 s); Close
# lands while it starts. The dialog stops before the next step, asks whether to undo what was made,
# and (Yes) puts it back before it closes: the hosts file byte-identical, the service stopped again.
fix_close_walk() {
  local work=$1 d=(--desktop bindfix) rc i before
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/fc-hash.0"
  before=$(cat "$work/fc-hash.0")
  timeout 60 "$BF_WINE" sc query bindfix-testsvc >"$work/fc-sc-query.0" 2>&1
  local app
  console_fix_apply "$work" fc
  # the hosts step is done when the file changes; the slow service start (4 s) comes next
  for i in $(seq 600); do [ "$(sha256sum /etc/hosts | cut -d' ' -f1)" != "$before" ] && break; sleep 0.05; done
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/fc-hash.applied"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 msgbox --press 6 >"$work/fc-ask.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fc-ask.rc"
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 dlggone 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fc-gone.rc"
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/fc-hash.after"
  timeout 60 "$BF_WINE" sc query bindfix-testsvc >"$work/fc-sc-query.after" 2>&1
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/fc-close.txt" 2>>"$work/driver.err"
  wait $app
}

# A service that does not stop in time, in the Fix dialog: bindfix-testsvc made again with a 40 s stop,
# started while the hosts file is good, then the stale line added (a later edit); the console's wait per
# service set to 2 s (HKCU\Software\bindfix\ServiceTimeoutMs). Apply comments the line out, asks to
# stop the service, which does not stop: the dialog asks whether to end its process (never without
# asking); Yes ends it, starts the service again and verifies; curl reads the greeting.
fix_end_walk() {
  local work=$1 d=(--desktop bindfix) rc exe
  exe=$(winpath "$W/testsvc.exe")
  timeout 60 "$BF_WINE" sc delete bindfix-testsvc >"$work/fe-sc.out" 2>&1
  svc_create "$work" fe-sc.out bindfix-testsvc binPath= "$exe bindfix-testsvc 110 pop3 --stop-delay 40000" start= auto
  timeout 60 "$BF_WINE" reg add 'HKCU\Software\bindfix' /v ServiceTimeoutMs /t REG_DWORD /d 2000 /f >/dev/null 2>&1
  printf '127.0.0.1 localhost\n192.0.2.10 EXCHSRV01\n' >/etc/hosts
  timeout 60 "$BF_WINE" sc start bindfix-testsvc >>"$work/fe-sc.out" 2>&1
  wine_service_wait bindfix-testsvc RUNNING "$work/fe-sc-query.0"
  printf '203.0.113.50 EXCHSRV01\n' >>/etc/hosts
  local app
  console_fix_apply "$work" fe
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 msgbox --press 6 >"$work/fe-ask.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fe-ask.rc"
  rc=0; timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 dialog "verified" >"$work/fe-done.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/fe-done.rc"
  import -window root "$SHOTS/dialog-fix-end-process.png" 2>/dev/null
  curl -sv --max-time 5 pop3://192.0.2.10/ >"$work/fe-curl.out" 2>&1
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/fe-close.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /v ServiceTimeoutMs /f >/dev/null 2>&1
  wait $app
}

# The same in the wizard: the service the walk above restarted (stop 40 s) still runs; a new stale line
# comes; Restart services asks to stop it, it does not stop in 2 s, the wizard asks whether to end its
# process; Yes: the page finishes, Verify shows the protocols fixed.
# Two causes this time (issue 22): a second stale line, 203.0.113.51, comes too; both are commented out.
# Between Restart services and Verify the second line is put back, as a script or policy that rewrites
# the hosts file would: Verify then shows, per cause, the first mended and the second still present,
# with the effects that went away (203.0.113.50's resolver answer) and those that remain (the binds the
# second line still breaks).
wizard_end_walk() {
  local work=$1 d=(--desktop bindfix) rc
  timeout 60 "$BF_WINE" reg add 'HKCU\Software\bindfix' /v ServiceTimeoutMs /t REG_DWORD /d 2000 /f >/dev/null 2>&1
  printf '203.0.113.50 EXCHSRV01\n203.0.113.51 EXCHSRV01\n' >>/etc/hosts
  wine_service_wait bindfix-testsvc RUNNING "$work/we-sc-query.0"
  local app
  wizard_through_apply "$work" we
  wpress next
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 msgbox --press 6 >"$work/we-ask.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/we-ask.rc"
  wpage 6 we6.txt "wizard-restart-end-process${WIZ_SFX:-}.png"
  cp /etc/hosts "$work/we-hosts.repaired"
  sed -i 's/^# 203\.0\.113\.51 EXCHSRV01$/203.0.113.51 EXCHSRV01/' /etc/hosts
  wpress next
  wpage 7 we7.txt ${WIZ_SFX:+wizard-verify-fixture$WIZ_SFX.png}
  wpress next
  wpage 8 we8.txt
  wpress finish
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /v ServiceTimeoutMs /f >/dev/null 2>&1
  wait $app
  # the machine as the walks after this one expect it: the second line commented out again
  sed -i 's/^203\.0\.113\.51 EXCHSRV01$/# 203.0.113.51 EXCHSRV01/' /etc/hosts
}

# A walk at another DPI (issue 23: the live pages Apply, Restart services and Verify, which only a real
# machine reaches, shot and measured at 144 and 192 DPI as the demo's pages are by run-gui-dpi-shots.sh):
# walk_at_dpi DPI SCREEN --cancel-walk|--end-walk WORK. The prefix's LogPixels at DPI for it (read by each
# Wine process as it starts; put back after), on an X screen of its own, big enough for the wizard at that
# size; its screenshots end in -<DPI>dpi.png. The Cancel walk runs at 144 DPI (its pages wc5.txt Apply,
# wc6.txt Restart services rolled back, wc8.txt Finish), after one walk added for Verify at 144 DPI
# (wizard_verify_walk: wv5-8.txt), the end-process walk at 192 (we5.txt, we6.txt, we7.txt Verify); the first
# wizard walk stays at 96 (wiz5-7.txt).
walk_at_dpi() {
  local dpi=$1 desk=$2 walk=$3 work=$4 old
  old=$(timeout 60 "$BF_WINE" reg query 'HKCU\Control Panel\Desktop' /v LogPixels 2>/dev/null | awk '$1=="LogPixels"{print $3}')
  timeout 60 "$BF_WINE" reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$dpi" /f >/dev/null 2>&1
  WIZ_DESK=$desk WIZ_SFX=-${dpi}dpi timeout -k 10 400 xvfb-run -a -s "-screen 0 ${desk}x24 -nolisten tcp" \
    bash "$HERE/run-gui-fixture.sh" "$walk" "$work" >>"$work/drive-$dpi.log" 2>&1
  if [ -n "$old" ]; then
    timeout 60 "$BF_WINE" reg add 'HKCU\Control Panel\Desktop' /v LogPixels /t REG_DWORD /d "$((old))" /f >/dev/null 2>&1
  else timeout 60 "$BF_WINE" reg delete 'HKCU\Control Panel\Desktop' /v LogPixels /f >/dev/null 2>&1; fi
}

# The Fix dialog's rows per cause at 192 DPI (issue 22; run in the 192-DPI X server after the wizard's walk,
# which leaves the 203.0.113.51 line commented out): the line put back, Fix... and Apply on the console at
# 192 DPI; the service the walks restarted (its stop takes 40 s) is ended when the dialog asks (wait per
# service 2 s), then the repair is verified. Its dump: f192-done.txt; shot dialog-fix-applied-192dpi.png.
fix_walk_192() {
  local work=$1 d=(--desktop bindfix) rc app geo
  sed -i 's/^# 203\.0\.113\.51 EXCHSRV01$/203.0.113.51 EXCHSRV01/' /etc/hosts
  timeout 60 "$BF_WINE" reg add 'HKCU\Software\bindfix' /v ServiceTimeoutMs /t REG_DWORD /d 2000 /f >/dev/null 2>&1
  FIX_DESK=2200x1520 console_fix_apply "$work" f192
  rc=0; timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 90000 msgbox --press 6 >"$work/f192-ask.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/f192-ask.rc"
  rc=0; timeout 200 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 180000 dialog "verified" >"$work/f192-done.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/f192-done.rc"
  shot_wizard "$work/f192-done.txt" "$SHOTS/dialog-fix-applied-192dpi.png"   # (the dialog's rectangle)
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/f192-close.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /v ServiceTimeoutMs /f >/dev/null 2>&1
  wait $app
  # the machine as the walks after this one expect it: the line commented out (by the repair, else here)
  sed -i 's/^203\.0\.113\.51 EXCHSRV01$/# 203.0.113.51 EXCHSRV01/' /etc/hosts
}

# Issue 24: a preview made stale before Apply. A stale line again (so there is a hosts change to
# plan); the Fix dialog previews it; the administrator then adds a line of their own; Apply finds the
# machine changed: nothing is applied, the dialog shows the new preview and says what changed. The same
# in the wizard: Apply goes back to Review, which shows the new preview and says what changed.
stale_walk() {
  local work=$1 d=(--desktop bindfix) rc app
  printf '203.0.113.50 EXCHSRV01\n' >>/etc/hosts
  timeout -k 5 400 "$BF_WINE" explorer /desktop=bindfix,1400x860 "$(winpath "$W/bindfix.exe")" \
    /catalogue "$(winpath "$work/cat.json")" >"$work/st-app.log" 2>&1 &
  app=$!
  timeout 120 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 100000 dump >"$work/st-overview.txt" 2>>"$work/driver.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" click 1301 2>>"$work/driver.err"
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 dialog "planned" >"$work/st-fix.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/st-fix.rc"
  printf '192.0.2.99 newapp\n' >>/etc/hosts      # the administrator's edit, after the preview
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/st-hash.edited"
  wc -c </etc/hosts | tr -d ' ' >"$work/st-size.edited"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 413 2>>"$work/driver.err"
  rc=0; timeout 150 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 120000 dialog "changed since the preview" >"$work/st-stale.txt" 2>>"$work/driver.err" || rc=$?
  echo $rc >"$work/st-stale.rc"
  import -window root "$SHOTS/dialog-fix-stale.png" 2>/dev/null
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/st-hash.after"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" dlgclick 2 2>>"$work/driver.err"
  timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 close >"$work/st-close.txt" 2>>"$work/driver.err"
  wait $app
  # the wizard: through Review to Apply, then an edit, then Apply
  timeout -k 5 400 "$BF_WINE" explorer /desktop=bindfix,1100x760 "$(winpath "$W/bindfix.exe")" \
    /wizard /catalogue "$(winpath "$work/cat.json")" >"$work/sw-app.log" 2>&1 &
  app=$!
  for n in 0 1 2 3 4; do wpage $n "sw$n.txt"; wpress next; done
  wpage 5 sw5-ready.txt
  printf '192.0.2.98 otherapp\n' >>/etc/hosts
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/sw-hash.edited"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" wizclick 4110 2>>"$work/driver.err"
  wpage 4 sw4-stale.txt wizard-review-stale.png
  sha256sum /etc/hosts | cut -d' ' -f1 >"$work/sw-hash.after"
  wpress cancel
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 wizgone 2>>"$work/driver.err"
  wait $app
}

if [ "${1:-}" = "--drive" ]; then
  drive "$2"
  exit 0
fi
if [ "${1:-}" = "--end-walk" ]; then
  wizard_end_walk "$2"
  [ "${WIZ_SFX:-}" = -192dpi ] && fix_walk_192 "$2"
  exit 0
fi
if [ "${1:-}" = "--cancel-walk" ]; then
  [ "${WIZ_SFX:-}" = -144dpi ] && wizard_verify_walk "$2"
  wizard_cancel_walk "$2"
  exit 0
fi
if [ "${1:-}" = "--inside" ]; then
  inside "$2" "$3"
  exit 0
fi

WORK=$BF_BUILD/gui-fixture
rm -rf "$WORK"; mkdir -p "$WORK" "$SHOTS"
if [ "$(id -u)" != 0 ]; then
  fail "needs root (network namespace)"
  exit 0
fi
bf_wineserver -w 2>/dev/null
timeout -k 10 800 unshare --net --mount --uts bash "$HERE/run-gui-fixture.sh" --inside "$WORK" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1

t() { if eval "$2"; then pass "$1"; else fail "$1"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" 2>/dev/null | head -8; fi; }
t "the protocol service fails to start before the repair (10049)" "grep -q STOPPED $WORK/sc-query.before" "$WORK/sc-query.before"
t "the console scans the machine live: the overview shows the failing binds on 203.0.113.50" \
  "[ \"\$(cat $WORK/overview.rc 2>/dev/null)\" = 0 ] && grep -P '^row\\tbinds\\t.*203\\.0\\.113\\.50\\tFailed: 10049' $WORK/overview.txt | grep -q POP3" "$WORK/overview.txt"
t "Export report... diagnoses with the console's /catalogue (the report restarts bindfix-testsvc, as the console's findings do)" \
  "[ \"\$(cat $WORK/export.rc 2>/dev/null)\" = 0 ] && grep -q 'Restart bindfix-testsvc, bindfix-testsvc2 after the change' $WORK/export-fixture.html" "$WORK/export.txt"
t "Fix... previews the hosts change (line before and after) and offers Apply" \
  "[ \"\$(cat $WORK/fix.rc 2>/dev/null)\" = 0 ] && grep -q '^apply	1$' $WORK/fix.txt && grep -q '^preview	.*# 203.0.113.50 EXCHSRV01' $WORK/fix.txt" "$WORK/fix.txt"
t "the preview changed nothing (hosts hash)" "cmp -s $WORK/hash.0 $WORK/hash.preview"
t "Apply: every step done, then verified (status says so)" \
  "[ \"\$(cat $WORK/applied.rc 2>/dev/null)\" = 0 ] && grep -q 'Repaired and verified' $WORK/applied.txt && ! grep -P '^row\\tsteps' $WORK/applied.txt | grep -vP '\\t(Cause mended|Effect gone|Source unchanged|Source changed)\$' | grep -qv 'Done'" "$WORK/applied.txt"
t "Fix, after Apply: per cause, the stale hosts line is mended and every one of its effects is gone (the core's verification per cause)" \
  "grep -qP '^row\\tsteps\\t[0-9]+\\tCause BF-HOSTS-PIN: The hosts file pins the host name to 203\\.0\\.113\\.50 .*\\(Gone; ([0-9]+) of \\1 effects gone\\)\\tCause mended\$' $WORK/applied.txt && grep -qP '^row\\tsteps\\t[0-9]+\\t    Effect BF-RESOLVER-UNBOUND: .*203\\.0\\.113\\.50.*\\tEffect gone\$' $WORK/applied.txt && grep -qP '^row\\tsteps\\t[0-9]+\\t    Effect BF-BIND-10049: POP3 .*\\tEffect gone\$' $WORK/applied.txt && ! grep -qP '\\t(Cause still present|Effect remains)\$' $WORK/applied.txt" "$WORK/applied.txt"
t "the services were started in dependency order (testsvc before testsvc2)" \
  "grep -P '^row\\tsteps' $WORK/applied.txt | grep -n 'Start bindfix-testsvc' | head -2 | tr '\\n' ' ' | grep -q 'Start bindfix-testsvc[^2].*Start bindfix-testsvc2'" "$WORK/applied.txt"
t "the stale line is commented out, the other lines kept" \
  "printf '127.0.0.1 localhost\n# 203.0.113.50 EXCHSRV01\n192.0.2.10 EXCHSRV01\n' | cmp -s - $WORK/hosts.after" "$WORK/hosts.after"
t "curl pop3:// gets the POP3 greeting on 192.0.2.10" "grep -q '+OK testsvc POP3 ready' $WORK/curl-pop3.out" "$WORK/curl-pop3.out"
t "curl imap:// gets the IMAP4 greeting on 192.0.2.10" "grep -q 'OK testsvc IMAP4 ready' $WORK/curl-imap.out" "$WORK/curl-imap.out"
t "Repair history lists the journal, applied" \
  "[ \"\$(cat $WORK/history.rc 2>/dev/null)\" = 0 ] && grep -P '^row\\tresult' $WORK/history.txt | grep -q 'applied'" "$WORK/history.txt"
t "Repair history: the journal's Causes mended names the stale hosts line (the steps' \"mends\")" \
  "grep -P '^row\\tresult' $WORK/history.txt | grep -qP '\\tBF-HOSTS-PIN: The hosts file pins the host name to 203\\.0\\.113\\.50 \\(line 2\\)[^\\t]*\$'" "$WORK/history.txt"
t "Undo last repair: every step put back" "[ \"\$(cat $WORK/undone.rc 2>/dev/null)\" = 0 ] && grep -q 'Undone:' $WORK/undone.txt" "$WORK/undone.txt"
t "after undo the hosts file is byte-identical to before (hash)" "cmp -s $WORK/hash.0 $WORK/hash.undone"
# through scan, apply, verify and undo the console never hung (a figure otherwise: make bench-gui)
if verdict=$(bf_hang_verdict "$WORK/props.txt"); then pass "$verdict"; else fail "$verdict"; fi
t "bindfix.exe closed with status 0" "grep -q '^exit	0$' $WORK/close.txt" "$WORK/close.txt"
# the repair wizard, live
t "wizard: the live scan finds the failing binds (What is wrong lists BF-BIND-10049)" \
  "[ \"\$(cat $WORK/wiz2.txt.rc 2>/dev/null)\" = 0 ] && grep -P '^row\\tlist4105' $WORK/wiz2.txt | grep -q BF-BIND-10049" "$WORK/wiz2.txt"
# issue 16 part 4: which address the machine sends from toward its default gateway (192.0.2.1), shown
# before the repair and compared after it (a hosts repair leaves it at 192.0.2.10)
t "Fix: the preview says what the machine sends from toward its gateway now" \
  "grep -qP '^preview\\t.*Source addresses \\(what this machine sends from toward each default gateway.*Toward 192\\.0\\.2\\.1 this machine sends from 192\\.0\\.2\\.10 now' $WORK/fix.txt" "$WORK/fix.txt"
t "Fix: the verification compares the source toward the gateway before and after: changed (192.0.2.10 -> 198.51.100.7, a route the test changed during the repair, not the repair)" \
  "grep -qP '^row\\tsteps\\t[0-9]+\\tSource toward 192\\.0\\.2\\.1: 192\\.0\\.2\\.10 -> 198\\.51\\.100\\.7\\tSource changed\$' $WORK/applied.txt" "$WORK/applied.txt"
t "Fix: with no route changed (the end-process walk) the verification says the source is unchanged (192.0.2.10)" \
  "grep -qP '^row\\tsteps\\t[0-9]+\\tSource toward 192\\.0\\.2\\.1: 192\\.0\\.2\\.10 -> 192\\.0\\.2\\.10\\tSource unchanged\$' $WORK/fe-done.txt" "$WORK/fe-done.txt"
t "wizard: Review's notes say what the machine sends from toward its gateway now" \
  "grep -qP '^edit\\t4108\\t1\\t.*Toward 192\\.0\\.2\\.1 this machine sends from 192\\.0\\.2\\.10 now' $WORK/wiz4.txt" "$WORK/wiz4.txt"
t "wizard: Review shows the hosts line before and after, and changed nothing" \
  "grep -qP '^edit\\t4107\\t1\\t.*# 203.0.113.50 EXCHSRV01' $WORK/wiz4.txt && cmp -s $WORK/wiz-hash.0 $WORK/wiz-hash.review" "$WORK/wiz4.txt"
t "wizard: Apply runs the steps before the services, each Done, with a log" \
  "[ \"\$(cat $WORK/wiz5.txt.rc 2>/dev/null)\" = 0 ] && grep -P '^row\\tlist4105' $WORK/wiz5.txt | grep -q Done && ! grep -P '^row\\tlist4105' $WORK/wiz5.txt | grep -qv Done && grep -q '^log' $WORK/wiz5.txt" "$WORK/wiz5.txt"
t "wizard: the stale hosts line is commented out" "grep -q '^# 203.0.113.50 EXCHSRV01' $WORK/wiz-hosts.after" "$WORK/wiz-hosts.after"
t "wizard: Restart services starts both services through the SCM, in dependency order" \
  "[ \"\$(cat $WORK/wiz6.txt.rc 2>/dev/null)\" = 0 ] && grep -P '^row\\tlist4105' $WORK/wiz6.txt | grep -n 'bindfix-testsvc' | tr '\\n' ' ' | grep -q 'Start bindfix-testsvc[^2].*Start bindfix-testsvc2' && ! grep -P '^row\\tlist4105' $WORK/wiz6.txt | grep -qv Done" "$WORK/wiz6.txt"
t "wizard: Verify compares every probed protocol before and after: all fixed, POP3 and IMAP4 bound on 192.0.2.10" \
  "[ \"\$(cat $WORK/wiz7.txt.rc 2>/dev/null)\" = 0 ] && grep -qP '^row\\tlist4105\\t[0-9]+\\tFixed\\tPOP3 tcp/110\\t192\\.0\\.2\\.10\\t' $WORK/wiz7.txt && grep -qP '^row\\tlist4105\\t[0-9]+\\tFixed\\tIMAP4 tcp/143\\t192\\.0\\.2\\.10\\t' $WORK/wiz7.txt && ! grep -P '^row\\tlist4105' $WORK/wiz7.txt | grep -vP '^row\\tlist4105\\t[0-9]+\\t[^\\t]*\\tSource toward\\t' | grep -qvP '^row\\tlist4105\\t[0-9]+\\tFixed\\t'" "$WORK/wiz7.txt"
t "wizard: Verify compares the source toward the gateway under the protocols, a column each: changed (192.0.2.10 -> 198.51.100.7, the test's route change during the repair, not the repair)" \
  "grep -qP '^row\\tlist4105\\t[0-9]+\\tSource changed\\tSource toward\\t192\\.0\\.2\\.1\\t192\\.0\\.2\\.10\\t198\\.51\\.100\\.7\$' $WORK/wiz7.txt && [ \"\$(grep -P '^row\\tlist4105' $WORK/wiz7.txt | tail -1 | cut -f5)\" = 'Source toward' ]" "$WORK/wiz7.txt"
t "wizard: with no route changed (the end-process walk) Verify says the source is unchanged" \
  "grep -qP '^row\\tlist4105\\t[0-9]+\\tSource unchanged\\tSource toward\\t192\\.0\\.2\\.1\\t192\\.0\\.2\\.10\\t192\\.0\\.2\\.10\$' $WORK/we7.txt" "$WORK/we7.txt"
t "wizard: Verify lists the causes in a list of their own, under their own headers: the stale hosts line mended, its effects gone; the protocol list holds protocols only" \
  "grep -qP '^column\\tlist4117\\t0\\tCause or effect\\t' $WORK/wiz7.txt && grep -qP '^column\\tlist4117\\t1\\tFinding\\t' $WORK/wiz7.txt && grep -qP '^column\\tlist4117\\t2\\tWhat was found\\t' $WORK/wiz7.txt && grep -qP '^column\\tlist4117\\t3\\tAfter the repair\\t' $WORK/wiz7.txt && grep -qP '^column\\tlist4105\\t1\\tProtocol\\t' $WORK/wiz7.txt && grep -qP '^row\\tlist4117\\t[0-9]+\\tCause mended\\tBF-HOSTS-PIN\\tThe hosts file pins the host name to 203\\.0\\.113\\.50 [^\\t]*\\tGone; ([0-9]+) of \\1 effects gone\$' $WORK/wiz7.txt && grep -qP '^row\\tlist4117\\t[0-9]+\\t    Effect gone\\tBF-RESOLVER-UNBOUND\\t' $WORK/wiz7.txt && ! grep -qP '\\t(Cause still present|    Effect remains)\\t' $WORK/wiz7.txt && ! grep -qP '^row\\tlist4105\\t.*\\t(Cause |    Effect )' $WORK/wiz7.txt" "$WORK/wiz7.txt"
# verify_counts FILE: the Verify page's status line counts what its rows show: "<mended> of <causes> causes
# mended; <fixed> of <protocol rows> protocol addresses fixed." (a cause row: "Cause ..." in the causes list;
# the source rows under the protocols are not protocol addresses)
verify_counts() {
  awk -F'\t' '$1=="row" && $2=="list4117" && $4 ~ /^Cause / {c++; if ($4=="Cause mended") m++}
    $1=="row" && $2=="list4105" && $5!="Source toward" {p++; if ($4=="Fixed") f++}
    $1=="text" && $2==4104 {st=$3}
    END {want=sprintf("%d of %d causes mended; %d of %d protocol addresses fixed. ", m, c, f, p);
      exit !(c > 0 && p > 0 && index(st, want) == 1)}' "$WORK/$1"
}
t "wizard: Verify's status line counts causes and protocols as its rows do (one cause mended; two causes, one still present)" \
  "verify_counts wiz7.txt && grep -qP '^text\\t4104\\t1 of 1 causes mended; ' $WORK/wiz7.txt && verify_counts we7.txt && grep -qP '^text\\t4104\\t1 of 2 causes mended; ' $WORK/we7.txt" "$WORK/we7.txt"
t "wizard: curl pop3:// reads the greeting after the wizard's repair" "grep -q '+OK testsvc POP3 ready' $WORK/wiz-curl-pop3.out" "$WORK/wiz-curl-pop3.out"
t "wizard: Finish says the repair was verified and closes the wizard" \
  "[ \"\$(cat $WORK/wiz8.txt.rc 2>/dev/null)\" = 0 ] && grep -qi 'verified' $WORK/wiz8.txt && [ \"\$(cat $WORK/wiz-gone.rc 2>/dev/null)\" = 0 ]" "$WORK/wiz8.txt"
# Cancel during Restart services, then roll back
t "wizard Cancel: the machine broken again first (bindfix-cli undo of the wizard's repair)" "[ \"\$(cat $WORK/wc-undo.rc 2>/dev/null)\" = 0 ]" "$WORK/wc-undo.txt"
t "wizard Cancel during Restart services: the slow service (start delay 4 s) is installed" "grep -q 'start-delay 4000' $WORK/wc-sc.out" "$WORK/wc-sc.out"
t "wizard Cancel during Restart services: it stops at a safe point and asks whether to roll back" \
  "[ \"\$(cat $WORK/wc-ask.rc 2>/dev/null)\" = 0 ] && grep -q '^owner	wizard' $WORK/wc-ask.txt" "$WORK/wc-ask.txt"
t "wizard Cancel: the step under way finished, the next one never ran (bindfix-testsvc2 still Pending)" \
  "grep -P '^row\\tlist4105' $WORK/wc6.txt | grep -q 'Start bindfix-testsvc2.*Pending'" "$WORK/wc6.txt"
t "wizard Cancel, Yes: the page says the changes were rolled back, then Finish says so too" \
  "grep -qi 'rolled back\\|put back' $WORK/wc6.txt && grep -qi 'rolled back\\|put back' $WORK/wc8.txt" "$WORK/wc6.txt"
t "wizard Cancel, Yes: the hosts file is byte-identical to before (hash)" "cmp -s $WORK/wc-hash.0 $WORK/wc-hash.after"
t "wizard Cancel, Yes: the service is stopped again, as it was" \
  "grep -q STOPPED $WORK/wc-sc-query.0 && grep -q STOPPED $WORK/wc-sc-query.after" "$WORK/wc-sc-query.after"
# ---- issue 13: the console's Undo and the wizard's rollback scan again and compare every bind and
# greeting result with the scan before the repair (the journal's baseline), and say so
t "Undo last repair: the result is compared with the scan before the repair and is as before" \
  "grep -q 'As before: the [0-9]* bind and greeting results are the same as in the scan before the repair' $WORK/undone.txt && ! grep -q 'Not as before' $WORK/undone.txt" "$WORK/undone.txt"
t "wizard Cancel, Yes: the rollback is compared with the scan before the repair and is as before" \
  "grep -q 'As before: the [0-9]* bind and greeting results' $WORK/wc6.txt && ! grep -q 'Not as before' $WORK/wc6.txt" "$WORK/wc6.txt"
# the Fix dialog closed during Apply
t "Fix, Close during Apply: the hosts line was changed first (the apply was under way)" \
  "[ \"\$(cat $WORK/fc-fix.rc 2>/dev/null)\" = 0 ] && ! cmp -s $WORK/fc-hash.0 $WORK/fc-hash.applied" "$WORK/fc-fix.txt"
t "Fix, Close during Apply: it stops at a safe point and asks whether to undo the steps made" \
  "[ \"\$(cat $WORK/fc-ask.rc 2>/dev/null)\" = 0 ] && grep -qi 'Undo the steps that were made' $WORK/fc-ask.txt" "$WORK/fc-ask.txt"
t "Fix, Close, Yes: the dialog closes after the rollback" "[ \"\$(cat $WORK/fc-gone.rc 2>/dev/null)\" = 0 ]"
t "Fix, Close, Yes: the hosts file is byte-identical to before (hash)" "cmp -s $WORK/fc-hash.0 $WORK/fc-hash.after"
t "Fix, Close, Yes: the service is stopped again, as it was" \
  "grep -q STOPPED $WORK/fc-sc-query.0 && grep -q STOPPED $WORK/fc-sc-query.after" "$WORK/fc-sc-query.after"
# a service that does not stop in time, in the Fix dialog
t "Fix, a service that does not stop in 2 s: it runs before Apply (sc query)" "grep -q 'STATE.*RUNNING' $WORK/fe-sc-query.0" "$WORK/fe-sc-query.0"
t "Fix, a service that does not stop in 2 s: the dialog asks whether to end its process" \
  "[ \"\$(cat $WORK/fe-ask.rc 2>/dev/null)\" = 0 ] && grep -q 'did not stop within 2 seconds' $WORK/fe-ask.txt && grep -q 'End its process' $WORK/fe-ask.txt" "$WORK/fe-ask.txt"
t "Fix, Yes: its process is ended, the service started again, the repair verified" \
  "[ \"\$(cat $WORK/fe-done.rc 2>/dev/null)\" = 0 ] && grep -q 'Repaired and verified' $WORK/fe-done.txt" "$WORK/fe-done.txt"
t "Fix, Yes: curl pop3:// reads the greeting of the new process" "grep -q '+OK testsvc POP3 ready' $WORK/fe-curl.out" "$WORK/fe-curl.out"
t "wizard, a service that does not stop in 2 s: it still runs before the wizard starts (sc query)" "grep -q 'STATE.*RUNNING' $WORK/we-sc-query.0" "$WORK/we-sc-query.0"
t "wizard, a service that does not stop in 2 s: Restart services asks whether to end its process (owned by the wizard)" \
  "[ \"\$(cat $WORK/we-ask.rc 2>/dev/null)\" = 0 ] && grep -q '^owner	wizard' $WORK/we-ask.txt && grep -q 'did not stop within 2 seconds' $WORK/we-ask.txt" "$WORK/we-ask.txt"
t "wizard, Yes: every service step done, Verify shows POP3 on 192.0.2.10 fixed" \
  "[ \"\$(cat $WORK/we6.txt.rc 2>/dev/null)\" = 0 ] && ! grep -P '^row\\tlist4105' $WORK/we6.txt | grep -qv Done && grep -qP '^row\\tlist4105\\t[0-9]+\\tFixed\\tPOP3 tcp/110\\t192\\.0\\.2\\.10\\t' $WORK/we7.txt" "$WORK/we6.txt"
# issue 23: the live pages at 96 DPI (the first walk) and 192 DPI (the walk above): every static's words fit
# it and no two controls overlap (guidriver's print_fit: "fitcheck <measured> <cut> <overlaps>")
fits() { local f; for f in "$@"; do awk -F'\t' '$1=="fitcheck" && $2 > 0 && $3 == 0 && $4 == 0 {ok=1} END {exit !ok}' "$WORK/$f" 2>/dev/null || return 1; done; }
t "wizard at 96 DPI: Apply, Restart services, Verify and Finish: every text fits its control, no control overlaps another" \
  "fits wiz5.txt wiz6.txt wiz7.txt wiz8.txt" "$WORK/wiz5.txt"
# tab_reach FILE...: on each page (guidriver wiztab) Tab focused every tab stop of the page ("tabstop <id>",
# "tab <id> <class> 1") and went on to the sheet's buttons ("tab <id> Button 0": no trap, the focus not
# lost), and never stuck; before the first Tab a control had the focus ("focus <id>", not 0)
tab_reach() {
  local f; for f in "$@"; do
    awk -F'\t' '$1=="focus" && $2 != 0 {foc=1} $1=="tabstop" {want[$2]=1} $1=="tab" {n++; if ($4==1) got[$2]=1; else if ($2 != 0) sheet=1}
      $1=="stuck" {bad++} END {for (i in want) if (!(i in got)) bad++; exit !(foc && n > 0 && sheet && !bad)}' "$WORK/$f" 2>/dev/null || return 1
  done
}
t "wizard: Tab on Apply, Restart services, Verify and Finish (live): every control of the page that takes the focus, then on to the sheet's buttons, never stuck ($(cat "$WORK"/wiz-tab[5678].txt 2>/dev/null | grep -c '^tabstop') page controls, on Finish: $(awk -F'\t' '$1=="tabstop" {printf "%s ", $3}' "$WORK"/wiz-tab8.txt 2>/dev/null))" \
  "tab_reach wiz-tab5.txt wiz-tab6.txt wiz-tab7.txt wiz-tab8.txt" "$WORK/wiz-tab5.txt"
# the Finish page's result box (IDC_WIZ_RESULT, 4121): Tab reaches it; its text read back from the box
# (wiztab's WM_GETTEXT) is what the page shows (the page's dump) and ends with what the Verify page counted,
# as its own status line says it (the status line's first sentence: the counts, then the verdict)
finish_result() {
  local r shown status counts
  r=$(awk -F'\t' '$1=="tabtext" && $2==4121 {print $3}' "$WORK/$1" 2>/dev/null)
  shown=$(awk -F'\t' '$1=="edit" && $2==4121 && $3==1 {print $4}' "$WORK/$2" 2>/dev/null)
  status=$(awk -F'\t' '$1=="text" && $2==4104 {print $3}' "$WORK/$3" 2>/dev/null)
  counts="${status%%. *}."
  grep -qP '^tab\t4121\tEdit\t1$' "$WORK/$1" && [ -n "$r" ] && [ "$r" = "$shown" ] && [ "$counts" != "." ] &&
    [ "$counts" != "$status." ] && [[ "$r" == *"$counts" ]]
}
t "wizard: Finish's result is reachable by Tab (read-only edit 4121): its text is the page's result and repeats Verify's counts ($(awk -F'\t' '$1=="text" && $2==4104 {sub(/\. .*/, ".", $3); print $3}' "$WORK"/wiz7.txt 2>/dev/null))" \
  "finish_result wiz-tab8.txt wiz8.txt wiz7.txt" "$WORK/wiz-tab8.txt"
t "wizard: Apply disables its button while it runs (the focus leaves it); once done the focus is on Next (Enter goes on, not Cancel)" \
  "grep -qP '^focus\t12324\t' $WORK/wiz-tab5.txt" "$WORK/wiz-tab5.txt"
# the 192-DPI pages are twice the 96-DPI ones (the window's width, at least 1.8 times: its DPI took);
# wide192 [DUMP96 DUMP192]: the wizard's Apply page by default
wide192() {
  local w96 w192
  w96=$(awk -F'\t' '$1=="rect"{print $4}' "$WORK/${1:-wiz5.txt}" 2>/dev/null); w192=$(awk -F'\t' '$1=="rect"{print $4}' "$WORK/${2:-we5.txt}" 2>/dev/null)
  [ -n "$w96" ] && [ -n "$w192" ] && [ "$w192" -ge $((w96 * 18 / 10)) ]
}
t "wizard at 192 DPI: Apply, Restart services and Verify reached on the live machine, twice the size (shots *-192dpi.png)" \
  "[ \"\$(cat $WORK/we5.txt.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/we7.txt.rc 2>/dev/null)\" = 0 ] && wide192 && [ -s $SHOTS/wizard-verify-fixture-192dpi.png ]" "$WORK/drive-192.log"
t "wizard at 192 DPI: Apply, Restart services, Verify and Finish: every text fits its control, no control overlaps another" \
  "fits we5.txt we6.txt we7.txt we8.txt" "$WORK/we5.txt"
# ...and at 144 DPI (the Cancel walk): its Apply, rolled-back Restart services and Finish pages, 1.35 times
# the 96-DPI wizard at least (its DPI took)
wide144() {
  local w96 w144
  w96=$(awk -F'\t' '$1=="rect"{print $4}' "$WORK/wiz5.txt" 2>/dev/null); w144=$(awk -F'\t' '$1=="rect"{print $4}' "$WORK/${1:-wc5.txt}" 2>/dev/null)
  [ -n "$w96" ] && [ -n "$w144" ] && [ "$w144" -ge $((w96 * 135 / 100)) ]
}
t "wizard at 144 DPI: Apply, Restart services (rolled back) and Finish reached on the live machine, at least 1.35 times the 96-DPI width (shots *-144dpi.png)" \
  "[ \"\$(cat $WORK/wc5.txt.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/wc6.txt.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/wc8.txt.rc 2>/dev/null)\" = 0 ] && wide144 && [ -s $SHOTS/wizard-restart-rolled-back-144dpi.png ]" "$WORK/drive-144.log"
t "wizard at 144 DPI: Apply, Restart services (rolled back) and Finish: every text fits its control, no control overlaps another" \
  "fits wc5.txt wc6.txt wc8.txt" "$WORK/wc5.txt"
t "wizard at 144 DPI, a second walk: Apply, Restart services, Verify (every protocol Fixed) and Finish reached on the live machine (shots wizard-*-fixture-144dpi.png)" \
  "[ \"\$(cat $WORK/wv-undo.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/wv7.txt.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/wv8.txt.rc 2>/dev/null)\" = 0 ] && wide144 wv7.txt && grep -qP '^row\\tlist4105\\t[0-9]+\\tFixed\\tPOP3 tcp/110\\t' $WORK/wv7.txt && [ -s $SHOTS/wizard-verify-fixture-144dpi.png ]" "$WORK/drive-144.log"
t "wizard at 144 DPI: Apply, Restart services, Verify and Finish: every text fits its control, no word is broken, no control overlaps another" \
  "fits wv5.txt wv6.txt wv7.txt wv8.txt" "$WORK/wv7.txt"
t "wizard, two causes, the second put back before Verify: both lines were commented out by the repair" \
  "grep -qx '# 203.0.113.50 EXCHSRV01' $WORK/we-hosts.repaired && grep -qx '# 203.0.113.51 EXCHSRV01' $WORK/we-hosts.repaired" "$WORK/we-hosts.repaired"
t "wizard, two causes: Verify shows the 203.0.113.50 line mended, with its resolver answer gone and the POP3 bind failure remaining (the other line still breaks it)" \
  "grep -qP '^row\\tlist4117\\t[0-9]+\\tCause mended\\tBF-HOSTS-PIN\\t[^\\t]*203\\.0\\.113\\.50 ' $WORK/we7.txt && grep -qP '^row\\tlist4117\\t[0-9]+\\t    Effect gone\\tBF-RESOLVER-UNBOUND\\t[^\\t]*203\\.0\\.113\\.50' $WORK/we7.txt && grep -qP '^row\\tlist4117\\t[0-9]+\\t    Effect remains\\tBF-BIND-10049\\tPOP3 ' $WORK/we7.txt" "$WORK/we7.txt"
t "wizard, two causes: Verify shows the 203.0.113.51 line still present, with its effects remaining" \
  "grep -qP '^row\\tlist4117\\t[0-9]+\\tCause still present\\tBF-HOSTS-PIN\\t[^\\t]*203\\.0\\.113\\.51 .*\\tStill found; 0 of [0-9]+ effects gone\$' $WORK/we7.txt && grep -qP '^row\\tlist4117\\t[0-9]+\\t    Effect remains\\tBF-RESOLVER-UNBOUND\\t[^\\t]*203\\.0\\.113\\.51' $WORK/we7.txt" "$WORK/we7.txt"
# the Fix dialog's rows per cause, at 96 DPI (the first Apply) and 192 DPI (fix_walk_192): the steps list's
# columns each as wide as their widest line or header ("column steps <i> <header> <width> <needed>")
cols_whole() { awk -F'\t' '$1=="column" && $2=="steps" {n++; if ($5 < $6) bad++} END {exit !(n == 2 && !bad)}' "$WORK/$1" 2>/dev/null; }
t "Fix at 96 DPI, after Apply: the steps list's columns hold their widest line (a cause's line is whole, the list scrolls sideways)" \
  "cols_whole applied.txt" "$WORK/applied.txt"
t "Fix at 192 DPI on the live machine: the 203.0.113.51 line mended, every effect gone, verified, the dialog twice the size (dialog-fix-applied-192dpi.png)" \
  "[ \"\$(cat $WORK/f192-done.rc 2>/dev/null)\" = 0 ] && grep -qP '^row\\tsteps\\t[0-9]+\\tCause BF-HOSTS-PIN: [^\\t]*203\\.0\\.113\\.51 .*\\(Gone; ([0-9]+) of \\1 effects gone\\)\\tCause mended\$' $WORK/f192-done.txt && grep -qP '^row\\tsteps\\t[0-9]+\\t    Effect BF-RESOLVER-UNBOUND: ' $WORK/f192-done.txt && wide192 applied.txt f192-done.txt && [ -s $SHOTS/dialog-fix-applied-192dpi.png ]" "$WORK/f192-done.txt"
t "Fix at 192 DPI: every text fits its control, no control overlaps another, the steps list's columns hold their widest line" \
  "fits f192-done.txt && cols_whole f192-done.txt" "$WORK/f192-done.txt"
t "one ordinary Wine process (hold.exe, tests/lib/keepalive.sh) kept the services' process alive from set-up to the end" "[ \"\$(cat $WORK/keepalive.alive 2>/dev/null)\" = 1 ]"
# issue 24: a preview made stale by a hosts edit before Apply
t "Fix, hosts edited after the preview: Apply applies nothing and shows the new preview, saying what changed" \
  "[ \"\$(cat $WORK/st-fix.rc 2>/dev/null)\" = 0 ] && [ \"\$(cat $WORK/st-stale.rc 2>/dev/null)\" = 0 ] && grep -q 'nothing was applied' $WORK/st-stale.txt && grep -P '^row\\tsteps' $WORK/st-stale.txt | grep -q 'found \"192.0.2.99 newapp\"' && grep -qP '^apply\t1$' $WORK/st-stale.txt && cmp -s $WORK/st-hash.edited $WORK/st-hash.after" "$WORK/st-stale.txt"
t "Fix, the new preview is the one Apply would make: the line commented in the file as edited (its size before)" \
  "grep -qP '^preview\t.*# 203.0.113.50 EXCHSRV01.*\\($(cat $WORK/st-size.edited 2>/dev/null) -> ' $WORK/st-stale.txt && ! grep -qP '^preview\t.*\\($(cat $WORK/st-size.edited 2>/dev/null) -> ' $WORK/st-fix.txt" "$WORK/st-stale.txt"
t "wizard, hosts edited before Apply: back on Review with the new preview, saying what changed, nothing applied" \
  "[ \"\$(cat $WORK/sw4-stale.txt.rc 2>/dev/null)\" = 0 ] && grep -q 'changed since the preview' $WORK/sw4-stale.txt && grep -qP '^edit\t4108\t.*found \"192.0.2.98 otherapp\"' $WORK/sw4-stale.txt && grep -qP '^button\tnext\t1\t1' $WORK/sw4-stale.txt && cmp -s $WORK/sw-hash.edited $WORK/sw-hash.after" "$WORK/sw4-stale.txt"
if grep -q "Unhandled exception" "$WORK"/*.log "$WORK"/*.txt 2>/dev/null; then fail "Unhandled exception"; else pass "no crash"; fi
