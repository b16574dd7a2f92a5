#!/bin/bash
# run-fleet-tests.sh - bindfix across a fleet, through a real engine (make check-fleet; issue 17): eight
# servers as network namespaces (tests/fleet/server.sh: each its own host name, addresses, /etc, sshd and
# Wine prefix, an overlay of the test prefix): mail1-3 with the KB's failure (a stale hosts line) and the
# POP3 test service, pop1-2 with POP3's port held by another process, web1-3 healthy. Debian's Ansible
# runs the shipped playbooks (res/fleet/, unmodified) over SSH; only the inventory and the launcher
# variable (Wine, with the server's prefix) are the test's.
#   collect: one snapshot per server, each what its namespace built; web3 made unreachable mid-run is
#            recorded as not collected, with Ansible's error; `bindfix-cli fleet` groups them
#   repair:  with mail1's /etc read-only its repair fails and the rollout (serial 1) stops before mail2;
#            then the rolling repair (serial 2) fixes mail1-3, curl pop3:// answers on each, journals
#            fetched; the Apply task is "changed" only where a step changed the host (bindfix-cli repair
#            --json): check mode before it says changed, the same apply again and check mode after say ok;
#            undo through the engine puts each hosts file back byte for byte
#   monitoring: `bindfix-cli check` run by monitoring-plugins' check_by_ssh (CRITICAL on mail2, OK on
#            web1, perfdata in the plugin grammar); `scan --format prometheus -o` on pop1 accepted by
#            promtool check metrics (which refuses a broken copy), no temporary file left
#   lint:    ansible-lint (Debian's package, --offline) passes res/fleet's playbooks and task files, and
#            fails a copy with an unnamed command task added
#   Windows path: ansible-playbook --syntax-check with a WinRM inventory; the PowerShell script's layout
#            (no PowerShell is installable here) fed to `bindfix-cli fleet`
# Ends with "N passed, N failed"; needs root.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/fleet-up.sh"
fleet_controller_ns "$0" "$@"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
PASS=0 FAIL=0
echo "== expect fleet 26"
ok() { echo "PASS: $*"; PASS=$((PASS + 1)); }
bad() { echo "FAIL: $*"; FAIL=$((FAIL + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
finish() { echo "$PASS passed, $FAIL failed"; [ "$FAIL" = 0 ]; exit $?; }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
if [ "$(id -u)" != 0 ]; then bad "the fleet test needs root (unshare --net, mount)"; finish; fi
for t in ansible-playbook sshd curl nsenter; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || { bad "missing tool $t (make deps)"; finish; }
done

WORK=$BF_BUILD/fleet-test
rm -rf "$WORK"; mkdir -p "$WORK"
ssh-keygen -q -t ed25519 -N '' -f "$WORK/id" || { bad "ssh key"; finish; }
# ansible-lint (Debian's package; --offline: nothing fetched) on the shipped playbooks and on a copy with
# one unnamed command task added, which must fail: run in the background, read near the end
LINT_FILES=(collect.yml repair.yml tasks/collect-posix.yml tasks/collect-windows.yml tasks/repair-posix.yml tasks/repair-windows.yml)
cp -r "$TOP/res/fleet" "$WORK/lint-broken"
printf -- '- ansible.builtin.command: /bin/true\n' >>"$WORK/lint-broken/tasks/repair-posix.yml"
lint() {  # its output without colour codes (rich writes them even to a file)
  (cd "$1" && timeout 300 ansible-lint --offline -q -p "${LINT_FILES[@]}") 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$2"
  echo "${PIPESTATUS[0]}" >"$2.rc"
}
lint "$TOP/res/fleet" "$WORK/lint.log" & LINT_PID=$!
lint "$WORK/lint-broken" "$WORK/lint-broken.log" & LINT_BROKEN_PID=$!
SSH_ARGS=$FLEET_SSH_ARGS
trap fleet_down EXIT
trap 'exit 1' INT TERM
fleet_up mail1:kb mail2:kb mail3:kb pop1:held pop2:held web1:healthy web2:healthy web3:healthy
NSPID=()
for n in 1 2 3 4 5 6 7 8; do NSPID[$n]=$(cat "$WORK/srv$n/pid" 2>/dev/null); done
check "eight servers up, each with its namespace, prefix and sshd ($FLEET_READY of 8)" [ "$FLEET_READY" = 8 ]
[ "$FLEET_READY" = 8 ] || finish
fleet_inventory "$WORK/inventory.ini"
printf '[kb]\nmail1\nmail2\nmail3\n' >>"$WORK/inventory.ini"
export ANSIBLE_LOCAL_TEMP=$WORK/ansible-local ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_FORKS=8 ANSIBLE_NOCOLOR=1
# one SSH round trip per task instead of several (ansible docs: pipelining; no sudo here, so no requiretty)
export ANSIBLE_PIPELINING=True
export ANSIBLE_REMOTE_TMP=/var/tmp/bindfix-fleet-ansible
PB="ansible-playbook -i $WORK/inventory.ini -e bindfix_exe=$CLI -e bindfix_out=$WORK/runs -e bindfix_catalogue=$TOP/tests/tools/testsvc-catalogue.json"

# --- collect, web3 made unreachable mid-run: its link goes down once the tool was copied to it
( for _ in $(seq 3000); do [ -e "$WORK/srv8/remote/bindfix-cli.exe" ] && break; sleep 0.1; done
  ip link set fl8h down ) &
CUTTER=$!
rc=0; timeout 900 $PB -e bindfix_run=collect "$TOP/res/fleet/collect.yml" >"$WORK/collect.log" 2>&1 || rc=$?
wait "$CUTTER"
RUN=$WORK/runs/collect
check "the collect playbook ran to its end (exit $rc)" [ "$rc" = 0 ]
check "web3, made unreachable mid-run, is recorded as not collected with Ansible's error" \
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(not (m["schema"]=="bindfix-not-collected" and m["host"]=="web3" and m["engine"]=="ansible" and any(w in m["error"] for w in ("UNREACHABLE", "Failed to connect to the host", "timed out"))))' "$RUN/web3.not-collected.json"
check "the fetched snapshots are what each namespace built" python3 "$HERE/check_snapshots.py" "$RUN"
rc=0; timeout 300 "$BF_WINE" "$CLI" fleet "$(winpath "$RUN")" --format json -o "$(winpath "$WORK/fleet.json")" >"$WORK/fleet.err" 2>&1 || rc=$?
check "bindfix-cli fleet reads the run (exit 1: problems found, $rc)" [ "$rc" = 1 ]
check "bindfix-cli fleet groups the servers by finding" python3 - "$WORK/fleet.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
by = {s["name"]: s for s in f["servers"]}
groups = {(g["finding"], g["protocol"]): g["servers"] for g in f["groups"]}
ok = (len(f["servers"]) == 8
      and groups.get(("BF-BIND-10049", "POP3")) == ["mail1", "mail2", "mail3"]
      and groups.get(("BF-PORT-IN-USE", "POP3")) == ["pop1", "pop2"]
      and all(by[h]["worst"] == "healthy" for h in ("web1", "web2"))
      and by["web3"]["state"] == "not-collected"
      and all("POP3 10049" in by[h]["failing"] for h in ("mail1", "mail2", "mail3"))
      and all(by[h]["failing"] == ["POP3 10048"] for h in ("pop1", "pop2"))
      and all(by[h]["top_finding"] == "BF-HOSTS-PIN" for h in ("mail1", "mail2", "mail3")))
if not ok:
    print(json.dumps({"servers": f["servers"], "groups": f["groups"]}, indent=1)[:4000])
sys.exit(0 if ok else 1)
PY
ip link set fl8h up

# --- monitoring: the check through monitoring-plugins' own runner (check_by_ssh: runs a plugin on a
# remote host and passes its status line and exit code on), and the Prometheus file through promtool
PLUGIN_GRAMMAR='
import re, sys
line = open(sys.argv[1]).read()
# Monitoring Plugins Development Guidelines: TEXT | perfdata; perfdata = label=value[UOM];[warn];[crit];[min];[max]
m = re.fullmatch(r"BINDFIX (OK|WARNING|CRITICAL|UNKNOWN) - ([^|\n]*) \| ((?:\S+ ?)+)\n", line)
if not m or m.group(1) != sys.argv[2]:
    sys.exit("status line: %r" % line)
for item in m.group(3).split():
    if not re.fullmatch(r"(?:'"'"'[^'"'"'=]+'"'"'|[^'"'"'= ]+)=-?[0-9.]+[a-zA-Z%]*(?:;[-0-9.:~@]*){0,4}", item):
        sys.exit("perfdata item %r" % item)
'
plugin() {  # plugin N NAME: check_by_ssh runs `bindfix-cli check` on server N; its output in WORK/check-NAME.out
  local n=$1 d=$WORK/srv$1 rc=0
  timeout 300 /usr/lib/nagios/plugins/check_by_ssh -H "198.51.100.$((4 * n + 2))" -l root -i "$WORK/id" -t 240 \
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR \
    -C "env WINEPREFIX=$d/prefix WINEDEBUG=-all WINEDLLOVERRIDES=mscoree,mshtml= $BF_WINE $d/remote/bindfix-cli.exe check" \
    >"$WORK/check-$2.out" 2>&1 || rc=$?
  echo $rc >"$WORK/check-$2.rc"
}
plugin 2 mail2; plugin 6 web1
check "check through check_by_ssh: mail2 CRITICAL, exit 2, perfdata in the plugin grammar" \
  bash -c "[ \$(cat '$WORK/check-mail2.rc') = 2 ] && python3 -c \"\$1\" '$WORK/check-mail2.out' CRITICAL" _ "$PLUGIN_GRAMMAR"
check "check through check_by_ssh: web1 OK, exit 0, perfdata in the plugin grammar" \
  bash -c "[ \$(cat '$WORK/check-web1.rc') = 0 ] && python3 -c \"\$1\" '$WORK/check-web1.out' OK" _ "$PLUGIN_GRAMMAR"
d=$WORK/srv4
mkdir -p "$d/textfile"
# shellcheck disable=SC2086
# (ssh takes the first value of an option: the scan may keep the server's CPU for longer than SSH_ARGS's 6 s
# keep-alive allows on a busy machine, which ended the session and the scan with it, silently)
PROM_RC=0
ssh -o ServerAliveCountMax=60 $SSH_ARGS -i "$WORK/id" root@198.51.100.18 "env WINEPREFIX=$d/prefix WINEDEBUG=-all WINEDLLOVERRIDES=mscoree,mshtml= $BF_WINE $d/remote/bindfix-cli.exe scan --format prometheus -o '$(winpath "$d/textfile/bindfix.prom")'" \
  >"$WORK/prom.out" 2>&1 || PROM_RC=$?
[ -s "$d/textfile/bindfix.prom" ] || echo "the prometheus scan on pop1 wrote no file: ssh exit $PROM_RC, output: $(head -c 300 "$WORK/prom.out")"
# promtool is not vacuous: the same file with a sample before its family's TYPE line is refused
{ grep -v '^# ' "$d/textfile/bindfix.prom" | head -1; cat "$d/textfile/bindfix.prom"; } >"$WORK/broken.prom"
check "promtool check metrics accepts pop1's file (and refuses a broken copy)" \
  bash -c "promtool check metrics <'$d/textfile/bindfix.prom' >'$WORK/promtool.out' 2>&1 && ! promtool check metrics <'$WORK/broken.prom' >/dev/null 2>&1"
check "the metrics file holds POP3's 10048 and no temporary file is left beside it" \
  bash -c "grep -q '^bindfix_bind_failure{protocol=\"POP3\",transport=\"tcp\",port=\"110\",address=\"[^\"]*\",error=\"10048\"} 1\$' '$d/textfile/bindfix.prom' && [ \$(ls '$d/textfile' | wc -l) = 1 ]"

# --- a repair that fails stops the rollout: mail1's /etc read-only, one host per batch
hashes() { for n in 1 2 3; do sha256sum <"$WORK/srv$n/etc/hosts" | cut -d' ' -f1; done; }
hashes >"$WORK/hosts.before"
nsenter -t "${NSPID[1]}" -m mount -o remount,ro,bind /etc
rc=0; timeout 900 $PB -e bindfix_run=stopped -e bindfix_action=apply -e bindfix_serial=1 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/repair-stopped.log" 2>&1 || rc=$?
nsenter -t "${NSPID[1]}" -m mount -o remount,rw,bind /etc
hashes >"$WORK/hosts.stopped"
check "mail1's repair fails and the play fails (exit $rc)" \
  bash -c "[ $rc != 0 ] && sed -n '/TASK \[Apply/,\$p' '$WORK/repair-stopped.log' | grep -Eq '^(fatal|failed): \[mail1\]'"
check "the rollout stopped: mail2 and mail3 were not touched" \
  bash -c "! grep -q 'mail2' <(sed -n '/TASK \[Apply/,\$p' '$WORK/repair-stopped.log' | grep -v RECAP | grep -E '^(ok|changed|fatal|failed):') && cmp -s '$WORK/hosts.before' '$WORK/hosts.stopped'"

# --- the rolling repair: preview first changes nothing, then apply in batches of 2
rc=0; timeout 900 $PB -e bindfix_run=preview -e bindfix_repair_hosts=kb "$TOP/res/fleet/repair.yml" >"$WORK/repair-preview.log" 2>&1 || rc=$?
hashes >"$WORK/hosts.preview"
check "preview (the default) changes nothing (exit $rc)" bash -c "[ $rc = 0 ] && cmp -s '$WORK/hosts.before' '$WORK/hosts.preview'"
# check mode before the repair: the preview runs, each host is "changed" (it has steps to make), nothing changes
rc=0; timeout 900 $PB --check -e bindfix_run=rolling -e bindfix_action=apply -e bindfix_serial=3 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/repair-check-before.log" 2>&1 || rc=$?
hashes >"$WORK/hosts.check-before"
CHECK_BEFORE_RC=$rc
rc=0; timeout 900 $PB -e bindfix_run=rolling -e bindfix_action=apply -e bindfix_serial=2 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/repair.log" 2>&1 || rc=$?
check "the rolling repair applies on mail1-3 (exit $rc)" [ "$rc" = 0 ]
greet=0
for n in 1 2 3; do
  nsenter -t "${NSPID[$n]}" -n curl -sv --max-time 5 pop3://192.0.2.10/ >"$WORK/curl$n.out" 2>&1
  grep -q '^< +OK' "$WORK/curl$n.out" && greet=$((greet + 1))
done
check "curl pop3:// answers +OK on each repaired server ($greet of 3)" [ "$greet" = 3 ]
check "each host's journal was fetched" bash -c "for h in mail1 mail2 mail3; do python3 -c 'import json,sys; json.load(open(sys.argv[1]))' '$WORK/runs/rolling/journals/'\$h.json || exit 1; done"

# --- changed only when a repair was applied (repair --json's "changed"): check mode before it reported
# each host changed (its preview has steps), the rolling run too; the same apply again (nothing left to do) and a check-mode run (the preview: no step)
# report ok. The second run writes no journal: run "rolling"'s stays for undo.
apply_results() {  # the Apply task's result per host in a log: "changed: [mail1]" -> "changed mail1"
  sed -n '/TASK \[Apply the repair/,/^TASK/p' "$1" | grep -oE '^(ok|changed|fatal|failed): \[[a-z0-9]+\]' |
    sed -E 's/: \[/ /; s/\]//' | sort | tr '\n' ' '
}
KB_CHANGED="changed mail1 changed mail2 changed mail3 "
KB_OK="ok mail1 ok mail2 ok mail3 "
got=$(apply_results "$WORK/repair-check-before.log")
check "check mode before the repair reports each host changed and changes nothing (exit $CHECK_BEFORE_RC: $got)" \
  bash -c "[ $CHECK_BEFORE_RC = 0 ] && [ '$got' = '$KB_CHANGED' ] && cmp -s '$WORK/hosts.before' '$WORK/hosts.check-before'"
got=$(apply_results "$WORK/repair.log")
check "the rolling repair reports each host changed ($got)" [ "$got" = "$KB_CHANGED" ]
rc=0; timeout 900 $PB -e bindfix_run=rolling -e bindfix_action=apply -e bindfix_serial=3 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/repair-again.log" 2>&1 || rc=$?
got=$(apply_results "$WORK/repair-again.log")
check "the same apply again (nothing to do) reports ok, not changed (exit $rc: $got)" \
  bash -c "[ $rc = 0 ] && [ '$got' = '$KB_OK' ] && grep -Eq '^mail1 +: ok=[0-9]+ +changed=0 ' '$WORK/repair-again.log'"
rc=0; timeout 900 $PB --check -e bindfix_run=rolling -e bindfix_action=apply -e bindfix_serial=3 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/repair-check.log" 2>&1 || rc=$?
got=$(apply_results "$WORK/repair-check.log")
check "check mode after the repair reports ok, not changed (exit $rc: $got)" \
  bash -c "[ $rc = 0 ] && [ '$got' = '$KB_OK' ] && ! grep -Eq '^mail[123] +: .*changed=[1-9]' '$WORK/repair-check.log'"

# --- undo through the engine: the journals of run "rolling"; mail2 lost its own: the fetched one is used
rm -f "$WORK/srv2/remote/journal-rolling.json"
rc=0; timeout 900 $PB -e bindfix_run=rolling -e bindfix_action=undo -e bindfix_serial=2 -e bindfix_repair_hosts=kb \
  "$TOP/res/fleet/repair.yml" >"$WORK/undo.log" 2>&1 || rc=$?
hashes >"$WORK/hosts.undone"
check "undo through the engine (exit $rc)" [ "$rc" = 0 ]
check "undo put every hosts file back byte for byte" cmp -s "$WORK/hosts.before" "$WORK/hosts.undone"

# --- the Windows path: the same playbooks with a WinRM inventory (ansible.windows modules)
printf '[bindfix]\nwin1 ansible_host=192.0.2.5 ansible_connection=winrm\n' >"$WORK/inventory-windows.ini"
rc=0
for p in collect.yml repair.yml; do
  ansible-playbook --syntax-check -i "$WORK/inventory-windows.ini" -e bindfix_exe=C:/x.exe "$TOP/res/fleet/$p" >>"$WORK/syntax.log" 2>&1 || rc=1
done
check "ansible-playbook --syntax-check on the Windows path" [ "$rc" = 0 ]
wait $LINT_PID $LINT_BROKEN_PID
check "ansible-lint passes the shipped playbooks and task files: $(tr '\n' ' ' <"$WORK/lint.log" | head -c 300)" \
  [ "$(cat "$WORK/lint.log.rc")" = 0 ]
check "ansible-lint fails a copy with an unnamed command task added (so the pass above means something)" \
  grep -q "repair-posix.yml:[0-9]*: name\[missing\]" "$WORK/lint-broken.log"

# --- the PowerShell script's folder layout (no PowerShell here: its output is built as it writes it)
bash "$HERE/ps-layout.sh" "$RUN" "$WORK/ps-run" || bad "ps layout"
rc=0; timeout 300 "$BF_WINE" "$CLI" fleet "$(winpath "$WORK/ps-run")" --format json -o "$(winpath "$WORK/ps-fleet.json")" >"$WORK/ps-fleet.err" 2>&1 || rc=$?
check "bindfix-cli fleet reads the PowerShell script's layout (exit $rc)" python3 - "$WORK/ps-fleet.json" "$rc" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
by = {s["name"]: s for s in f["servers"]}
ok = (sys.argv[2] == "1" and by["mail1"]["state"] == "collected" and by["web3"]["state"] == "not-collected"
      and "WinRM cannot complete the operation" in by["web3"]["error"] and by["web3"]["engine"] == "powershell")
sys.exit(0 if ok else 1)
PY
grep -q "Unhandled exception" "$WORK"/*.err "$WORK"/*.log 2>/dev/null && bad "Unhandled exception in a Wine run"
finish
