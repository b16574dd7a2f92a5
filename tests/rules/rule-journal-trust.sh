#!/bin/bash
# rule-journal-trust.sh - an elevated bindfix trusts nothing a standard user can write (issue 21), end to
# end with bindfix-cli.exe under Wine (which runs it as an administrator):
#   - the issue's evil journal (HKLM\...\Run\bfpoc = C:\evil.exe, C:\windows\win.ini replaced) given to
#     `undo --journal`: refused before anything runs, naming the file, the step and the reason; the Run
#     value and win.ini read back unchanged. A journal that names a hosts file DataBasePath does not name
#     is refused by the check against the machine the same way.
#   - the same journal in a folder others may write (Unix mode 0777: Wine derives an Everyone write ACE from
#     it): refused for the folder, with the icacls command that fixes it; --trust-file gets past the folder
#     check but not past the limits.
#   - a catalogue in such a folder: refused for an elevated scan, read with --trust-file.
#   - last-journal.txt naming a share: never followed.
# Prints PASS:/FAIL: lines (tests/rules/run-rules.sh counts them).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
CLI=$W/bindfix-cli.exe
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
WORK=$BF_BUILD/rules-test/journal-trust
rm -rf "$WORK"; mkdir -p "$WORK/own" "$WORK/world"
chmod 0755 "$WORK/own"; chmod 0777 "$WORK/world"

t() { # t NAME COMMAND [FILE shown on failure]
  if bash -c "$2"; then echo "PASS: $1"; else echo "FAIL: $1"; [ -n "${3:-}" ] && sed 's/^/    /' "$3" | head -20; fi
}

RUNKEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Run'
WININI=$BF_WINEPREFIX/drive_c/windows/win.ini
[ -f "$WININI" ] || printf '[fonts]\r\n' >"$WININI"
sha256sum <"$WININI" >"$WORK/winini.0"
timeout 60 "$BF_WINE" reg delete "$RUNKEY" /v bfpoc /f >/dev/null 2>&1

# The evil journal of the issue: undo would write each step's "before".
python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
def utf16z(s): return (s + "\0").encode("utf-16-le").hex()
def journal(steps):
    return {"schema": "bindfix-journal", "version": 1, "created": "2026-12-06T00:00:00Z", "host": "X",
            "state": "applied", "actions": ["a"], "steps": steps}
run = {"kind": "reg-set", "status": "done", "title": "t",
       "target": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\bfpoc",
       "key": "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", "value": "bfpoc",
       "before": {"exists": True, "type": 1, "hex": utf16z("C:\\evil.exe")},
       "after": {"exists": False, "type": 0, "hex": ""}, "error": "", "wave": 0}
winini = {"kind": "file-replace", "status": "done", "title": "t", "target": "C:\\windows\\win.ini", "key": "",
          "value": "", "before": {"exists": True, "type": 0, "hex": b"[evil]\r\n".hex()},
          "after": {"exists": True, "type": 0, "hex": b"[fonts]\r\n".hex()}, "error": "", "wave": 0}
# within the text limits (a file named hosts), but not the hosts file DataBasePath names
other = dict(winini, target="C:\\windows\\hosts")
for d in ("own", "world"):
    json.dump(journal([run, winini]), open(f"{work}/{d}/evil.json", "w"), indent=2)
json.dump(journal([other]), open(f"{work}/own/otherhosts.json", "w"), indent=2)
EOF
cp "$TOP/tests/tools/testsvc-catalogue.json" "$WORK/world/cat.json"

undo() { # undo NAME ARGS...: rc into $WORK/NAME.rc, output into $WORK/NAME.out
  local name=$1; shift
  local rc=0
  bf_wine_capture "$WORK/$name.out" 120 "$CLI" undo "$@" || rc=$?
  echo $rc >"$WORK/$name.rc"
}
unchanged() { # the Run value absent, win.ini byte for byte as before
  ! timeout 60 "$BF_WINE" reg query "$RUNKEY" /v bfpoc >/dev/null 2>&1 && sha256sum <"$WININI" | cmp -s - "$WORK/winini.0"
}

undo evil --journal "$(winpath "$WORK/own/evil.json")"
t "trust: undo --journal with the evil journal (Run key, win.ini) exits 2 naming the file, the step and the reason" \
  "[ \"\$(cat $WORK/evil.rc)\" = 2 ] && grep -q 'evil.json' $WORK/evil.out && grep -qF 'step 1 (reg-set HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\bfpoc)' $WORK/evil.out && grep -q 'outside what a journal may touch' $WORK/evil.out" \
  "$WORK/evil.out"
unchanged && touch "$WORK/evil.unchanged"
t "trust: after the evil journal the Run value is absent and win.ini is byte for byte as before" "[ -f $WORK/evil.unchanged ]"

undo other --journal "$(winpath "$WORK/own/otherhosts.json")"
t "trust: a journal replacing a hosts file DataBasePath does not name is refused by the machine check" \
  "[ \"\$(cat $WORK/other.rc)\" = 2 ] && grep -q 'not the hosts file DataBasePath names' $WORK/other.out" "$WORK/other.out"

undo world --journal "$(winpath "$WORK/world/evil.json")"
t "trust: a journal in a folder others may write is refused with the icacls command, nothing read" \
  "[ \"\$(cat $WORK/world.rc)\" = 2 ] && grep -q 'can be changed by others than administrators' $WORK/world.out && grep -q 'S-1-1-0 may' $WORK/world.out && grep -q 'icacls \"' $WORK/world.out && grep -q -- 'add --trust-file' $WORK/world.out && ! grep -q 'outside what a journal may touch' $WORK/world.out" \
  "$WORK/world.out"

undo worldtrust --journal "$(winpath "$WORK/world/evil.json")" --trust-file
unchanged && touch "$WORK/worldtrust.unchanged"
t "trust: --trust-file reads it anyway, and the limits still refuse it; nothing changed" \
  "[ \"\$(cat $WORK/worldtrust.rc)\" = 2 ] && grep -q 'outside what a journal may touch' $WORK/worldtrust.out && [ -f $WORK/worldtrust.unchanged ]" \
  "$WORK/worldtrust.out"

rc=0; bf_wine_capture "$WORK/cat.out" 120 "$CLI" scan --demo --catalogue "$(winpath "$WORK/world/cat.json")" || rc=$?
rc2=0; bf_wine_capture "$WORK/cat-trust.out" 120 "$CLI" scan --demo --catalogue "$(winpath "$WORK/world/cat.json")" --trust-file || rc2=$?
t "trust: an elevated scan refuses a catalogue others may change; --trust-file reads it" \
  "[ $rc = 2 ] && grep -q 'can be changed by others than administrators' $WORK/cat.out && [ $rc2 != 2 ]" "$WORK/cat.out"

# last-journal.txt naming a share (as a user who made the folder first could write it)
JD=$BF_WINEPREFIX/drive_c/ProgramData/bindfix
mkdir -p "$JD"
[ -f "$JD/last-journal.txt" ] && cp "$JD/last-journal.txt" "$WORK/pointer.saved"
printf '\\\\attacker.invalid\\share\\journal.json' >"$JD/last-journal.txt"
undo pointer
if [ -f "$WORK/pointer.saved" ]; then cp "$WORK/pointer.saved" "$JD/last-journal.txt"; else rm -f "$JD/last-journal.txt"; fi
t "trust: undo never follows last-journal.txt to a share" \
  "[ \"\$(cat $WORK/pointer.rc)\" = 2 ] && grep -q 'cannot follow the last repair' $WORK/pointer.out && grep -q 'never a share' $WORK/pointer.out" \
  "$WORK/pointer.out"

# last-journal.txt naming a local journal outside the journal folder (as `repair --apply --journal FILE`
# elsewhere leaves it while that repair is unfinished): crash recovery does not read it; the next repair
# stops before it scans or changes anything, naming the pointer, the journal and the undo command.
[ -f "$JD/last-journal.txt" ] && cp "$JD/last-journal.txt" "$WORK/pointer.saved"
printf 'not a journal: never read\n' >"$WORK/own/elsewhere.json"
printf '%s' "$(winpath "$WORK/own/elsewhere.json")" >"$JD/last-journal.txt"
rc=0; bf_wine_capture "$WORK/outside.out" 120 "$CLI" repair --apply || rc=$?
if [ -f "$WORK/pointer.saved" ]; then cp "$WORK/pointer.saved" "$JD/last-journal.txt"; else rm -f "$JD/last-journal.txt"; fi
t "trust: crash recovery reads no journal outside the journal folder; repair --apply stops naming it" \
  "[ $rc = 2 ] && grep -q 'outside the journal folder' $WORK/outside.out && grep -qF 'undo --journal \"$(winpath "$WORK/own/elsewhere.json")\"' $WORK/outside.out && ! grep -q 'cannot read\|not a journal' $WORK/outside.out" \
  "$WORK/outside.out"
