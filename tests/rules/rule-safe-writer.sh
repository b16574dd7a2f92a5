#!/bin/bash
# rule-safe-writer.sh - the one file writer (gui/sys/safefile.c) end to end, for real under Wine: the
# attack of issue 21 item 2 with Linux symbolic links in the Z: drive (Wine follows them as Windows
# follows a junction plus object-manager links), device names as output paths through bindfix-cli, and
# the executables' imports (no path-based rename or delete is left).
#   Rules: CreateFileW (CREATE_NEW, FILE_FLAG_OPEN_REPARSE_POINT); SetFileInformationByHandle
#   (FileRenameInfo, FileDispositionInfo); "Naming Files, Paths, and Namespaces" (reserved device names).
# Prints PASS:/FAIL: lines (tests/rules/run-rules.sh counts them).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
WORK=$BF_BUILD/rules-test/safe-writer
rm -rf "$WORK"; mkdir -p "$WORK"
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
res() { if [ "$1" = 0 ]; then echo "PASS: $2"; else echo "FAIL: $2"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -8; fi; }

# 1. A folder with a link at every name the old writer could pick (<target>.<pid>.tmp, Windows PIDs are
#    multiples of 4), all pointing at one file of someone else's: the report must be written as a
#    regular file and the linked file must not be touched.
PUB=$WORK/pub
mkdir -p "$PUB"
printf 'victim: not bindfix'"'"'s file\n' >"$WORK/victim.txt"
sha0=$(sha256sum "$WORK/victim.txt" | cut -d' ' -f1)
python3 - "$PUB" "$WORK/victim.txt" <<'EOF'
import os, sys
pub, victim = sys.argv[1], sys.argv[2]
for pid in range(4, 65536, 4):
    os.symlink(victim, os.path.join(pub, "r.html.%d.tmp" % pid))
EOF
nlinks0=$(find "$PUB" -maxdepth 1 -type l | wc -l)
rc=0
timeout 120 "$BF_WINE" "$CLI" report --demo --format html -o "$(winpath "$PUB/r.html")" >"$WORK/links.out" 2>&1 || rc=$?
ok=0
{ [ "$rc" = 0 ] || [ "$rc" = 1 ]; } || ok=1                      # 1: the demo machine has findings
[ -f "$PUB/r.html" ] && [ ! -L "$PUB/r.html" ] && grep -q '<html' "$PUB/r.html" || ok=1
[ "$(sha256sum "$WORK/victim.txt" | cut -d' ' -f1)" = "$sha0" ] || ok=1
[ "$(find "$PUB" -maxdepth 1 -type l | wc -l)" = "$nlinks0" ] || ok=1
[ "$(find "$PUB" -maxdepth 1 -name '*.~bf*' | wc -l)" = 0 ] || ok=1
res $ok "links_at_every_pid_temporary_name_are_not_followed: report -o writes a regular file, the linked file and all $nlinks0 links untouched" "$WORK/links.out"

# 2. Links at the very names the writer picks (its name source made predictable in the rule test):
#    CREATE_NEW skips each one without opening it, and the linked file is untouched.
LD=$WORK/taken
mkdir -p "$LD"
printf 'victim 2\n' >"$WORK/victim2.txt"
sha2=$(sha256sum "$WORK/victim2.txt" | cut -d' ' -f1)
for k in 01 02 03; do
  ln -s "$WORK/victim2.txt" "$LD/r.html.~bf$(printf "$k%.0s" $(seq 16)).tmp"
done
rc=0
BF_RULE_LINK_DIR=$(winpath "$LD") bf_wine_capture "$WORK/taken.out" 120 "$W/rules-tests.exe" \
  "$(winpath "$TOP/tests")" taken_temporary_names_are_skipped_never_opened || rc=$?
ok=0
grep -q '^ok   taken_temporary_names_are_skipped_never_opened' "$WORK/taken.out" || ok=1
[ "$(sha256sum "$WORK/victim2.txt" | cut -d' ' -f1)" = "$sha2" ] || ok=1
[ -f "$LD/r.html" ] && [ ! -L "$LD/r.html" ] || ok=1
[ "$(find "$LD" -maxdepth 1 -type l | wc -l)" = 3 ] || ok=1
res $ok "links_at_the_chosen_temporary_names_are_skipped: CREATE_NEW never opens them, the linked file is untouched" "$WORK/taken.out"

# 3. Device names as the output path: refused with a message that says so, nothing written.
ok=0
for dev in NUL COM1 CON "$(winpath "$WORK")\\NUL.html" "$(winpath "$WORK")\\com1.html"; do
  rc=0
  timeout 60 "$BF_WINE" "$CLI" report --demo --format html -o "$dev" >"$WORK/dev.out" 2>&1 || rc=$?
  if [ "$rc" != 2 ] || ! grep -q 'is a device name' "$WORK/dev.out"; then
    ok=1; echo "    $dev: exit $rc"; sed 's/^/    /' "$WORK/dev.out" | tail -3
  fi
done
res $ok "device_names_refused_by_bindfix_cli: report -o NUL, COM1, CON, NUL.html, com1.html exit 2 naming a device"

# 4. Neither executable imports a path-based rename or delete: every rename and delete goes through the
#    open handle (the rule tests exercise both the SetFileInformationByHandle and the NtSetInformationFile
#    forms).
ok=0
for exe in "$W/bindfix-cli.exe" "$W/bindfix.exe"; do
  if x86_64-w64-mingw32-objdump -p "$exe" | grep -E '^\s+[0-9a-f]+\s+[0-9]+\s+(MoveFileExW|MoveFileW|MoveFileExA|MoveFileA|MoveFileWithProgressW|DeleteFileW|DeleteFileA)$' \
      >"$WORK/imports.out"; then
    ok=1; echo "    $(basename "$exe") imports:"; sed 's/^/      /' "$WORK/imports.out"
  fi
done
res $ok "no_path_based_rename_or_delete_imported: bindfix.exe and bindfix-cli.exe import no MoveFile*/DeleteFile*"

# 5. The hosts file's replacement (ReplaceFileW takes its temporary file by name): between the close of
#    the temporary file's handle and the call, the rule test moves the file aside and this script plants
#    a Linux symbolic link to someone else's file at its name (the test's name source is predictable).
#    The identity check before the call refuses it: the hosts file and the linked file are untouched.
XD=$WORK/exchange
mkdir -p "$XD"
printf '127.0.0.1 localhost\r\n' >"$XD/hosts"
printf 'victim 3\n' >"$WORK/victim3.txt"
sha3=$(sha256sum "$WORK/victim3.txt" | cut -d' ' -f1)
shah=$(sha256sum "$XD/hosts" | cut -d' ' -f1)
TMPNAME="$XD/hosts.~bf$(printf '01%.0s' $(seq 16)).tmp"
rc=0
BF_RULE_PLANT=$(winpath "$XD") bf_wine_capture "$WORK/exchange.out" 120 "$W/rules-tests.exe" \
  "$(winpath "$TOP/tests")" replacefile_temporary_exchanged_before_the_call_is_refused &
xpid=$!
for _ in $(seq 1200); do [ -e "$XD/ready" ] && break; sleep 0.05; done    # bounded: a minute
ln -s "$WORK/victim3.txt" "$TMPNAME" && touch "$XD/planted"
wait $xpid || rc=$?
ok=0
grep -q '^ok   replacefile_temporary_exchanged_before_the_call_is_refused' "$WORK/exchange.out" || ok=1
[ "$(sha256sum "$WORK/victim3.txt" | cut -d' ' -f1)" = "$sha3" ] || ok=1
[ -f "$XD/hosts" ] && [ ! -L "$XD/hosts" ] && [ "$(sha256sum "$XD/hosts" | cut -d' ' -f1)" = "$shah" ] || ok=1
[ -L "$TMPNAME" ] || ok=1     # the link stays where it was planted, not moved over the hosts file
res $ok "replacefile_link_planted_at_the_temporary_name_is_refused: the hosts file and the linked file untouched" "$WORK/exchange.out"
