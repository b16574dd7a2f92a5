#!/bin/bash
# run-i686.sh - the 32-bit build (make ARCH=i686) run for real under Wine's WoW64 (opt-in: make check-i686).
#
# Debian 12's wine64 (8.0) starts a 32-bit program in Wine's "experimental wow64 mode" (wow64.dll,
# wow64cpu.dll, wow64win.dll are in wine64), but it ships no 32-bit Windows DLLs, so the start fails
# ("failed to load \??\C:\windows\syswow64\ntdll.dll error c0000135" - and exit status 0). Those DLLs are
# PE files in libwine:i386 (usr/lib/i386-linux-gnu/wine/i386-windows). This script takes them from that
# package, of the same version as the installed wine64, with apt-get download in a private apt state under
# build/ (the i386 architecture is not added to dpkg, nothing is installed on the machine), keeps only
# i386-windows (about 550 MB unpacked; the .deb, 95 MB, is deleted) and points Wine at it with
# WINEDLLPATH, in a prefix of its own. Then, all with build/win32's executables:
#   1. the core unit tests (unit-tests.exe, i686): every one passes;
#   2. bindfix-cli scan, check and report on scenarios: output byte-identical to the x86_64 build's;
#   3. bindfix-cli scan of the Wine machine (live: the 32-bit system layer, IP Helper, Winsock, SCM):
#      exits 0 or 1, prints the three layers, and the same adapters as the x86_64 build;
#   4. a 32-bit iphlpapi.dll planted beside bindfix-cli.exe is not loaded (System32 only).
# "Unhandled exception" anywhere is a failure. Ends with "N passed, N failed".
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
W32=$BF_BUILD/win32
WOW=$BF_BUILD/wow64-i386
WORK=$BF_BUILD/i686-test
passed=0 failed=0
ok() { echo "PASS: $1"; passed=$((passed + 1)); }
bad() { echo "FAIL: $1"; failed=$((failed + 1)); }
winpath() { local p=$1; echo "Z:${p//\//\\}"; }
echo "== expect i686 7"

ver=$(dpkg-query -W -f '${Version}' wine64 2>/dev/null)
if [ ! -f "$WOW/ntdll.dll" ] || [ "$(cat "$WOW/.version" 2>/dev/null)" != "$ver" ]; then
  rm -rf "$WOW"; mkdir -p "$WOW/apt/state/lists/partial" "$WOW/apt/cache/archives/partial" "$WOW/deb"
  A=(-o Dir::State="$WOW/apt/state" -o Dir::State::status=/var/lib/dpkg/status -o Dir::Cache="$WOW/apt/cache"
     -o APT::Architectures::=i386 -o APT::Architecture=i386 -o Debug::NoLocking=1)
  timeout 600 apt-get "${A[@]}" update >"$WOW/apt.log" 2>&1
  (cd "$WOW/deb" && timeout 600 apt-get "${A[@]}" download "libwine:i386=$ver") >>"$WOW/apt.log" 2>&1
  deb=$(ls "$WOW"/deb/libwine_*_i386.deb 2>/dev/null | head -1)
  if [ -z "$deb" ]; then
    bad "libwine:i386 $ver could not be downloaded (see $WOW/apt.log)"; echo "$passed passed, $failed failed"; exit 1
  fi
  mkdir -p "$WOW/x" && dpkg-deb -x "$deb" "$WOW/x" && mv "$WOW"/x/usr/lib/i386-linux-gnu/wine/i386-windows/* "$WOW"/
  rm -rf "$WOW/x" "$WOW/deb" "$WOW/apt"
  echo "$ver" >"$WOW/.version"
fi
[ -f "$WOW/ntdll.dll" ] || { bad "no i386 ntdll.dll in $WOW"; echo "$passed passed, $failed failed"; exit 1; }
# A 32-bit builtin DLL with a Unix side (ws2_32, bcrypt, ...) calls it through WoW64, and Wine looks for
# that (64-bit) Unix library beside the PE file it loaded: without it the DLL's initialisation fails
# (LoadLibrary: ERROR_DLL_INIT_FAILED, 1114, for ws2_32.dll). wine64 ships them in x86_64-unix.
for so in /usr/lib/x86_64-linux-gnu/wine/x86_64-unix/*.so; do
  b=$(basename "$so" .so)
  [ -f "$WOW/$b.dll" ] && ln -sfn "$so" "$WOW/$b.so"
done

# the 32-bit prefix: WINEDLLPATH names the directory whose i386 DLLs wineboot puts in syswow64
export WINEDLLPATH=$WOW
export WINEPREFIX=$BF_BUILD/wineprefix-i686
if [ ! -f "$WINEPREFIX/drive_c/windows/syswow64/kernel32.dll" ]; then
  rm -rf "$WINEPREFIX"
  timeout 300 "$BF_WINE" wineboot -i >/dev/null 2>&1
  bf_wineserver -w
  timeout 60 "$BF_WINE" reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f >/dev/null 2>&1
fi
rm -rf "$WORK"; mkdir -p "$WORK"
crash() { grep -q "Unhandled exception" "$@" 2>/dev/null; }

# 1. the unit tests, 32-bit
rc=0; timeout -k 5 600 "$BF_WINE" "$W32/unit-tests.exe" "$(winpath "$TOP/tests")" >"$WORK/unit.out" 2>&1 || rc=$?
sum=$(tr -d '\r' <"$WORK/unit.out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
if ! crash "$WORK/unit.out" && [ "$rc" = 0 ] && [ -n "$sum" ] && [ "${sum#* passed, }" = "0 failed" ] && [ "${sum%% *}" -gt 0 ]; then
  ok "i686 unit tests under WoW64: $sum"
else bad "i686 unit tests: exit $rc, ${sum:-no summary}"; grep -E '^FAIL|Unhandled' "$WORK/unit.out" | head -5; fi

# 2. check and report on scenarios: the same bytes as the x86_64 build
same=0 total=0
for f in $(ls "$TOP"/tests/scenarios/*.json | grep -v '\.expect\.json$' | head -3); do
  scen=$(basename "$f" .json)
  for verb in scan check report; do
    total=$((total + 1))
    args=($verb --snapshot "$(winpath "$f")"); [ $verb = report ] && args+=(--format text -o -)
    WINEPREFIX=$BF_WINEPREFIX WINEDLLPATH= timeout -k 5 120 "$BF_WINE" "$W/bindfix-cli.exe" "${args[@]}" \
      >"$WORK/$scen.$verb.64" 2>&1; echo $? >>"$WORK/$scen.$verb.64"
    timeout -k 5 120 "$BF_WINE" "$W32/bindfix-cli.exe" "${args[@]}" >"$WORK/$scen.$verb.32" 2>&1
    echo $? >>"$WORK/$scen.$verb.32"
    # the report's own time stamp is the only line allowed to differ
    sed -i '/^Report generated (UTC)/d' "$WORK/$scen.$verb.64" "$WORK/$scen.$verb.32"
    cmp -s "$WORK/$scen.$verb.64" "$WORK/$scen.$verb.32" && ! crash "$WORK/$scen.$verb.32" && same=$((same + 1))
  done
done
[ "$total" -gt 0 ] && [ "$same" = "$total" ] && ok "i686 scan, check and report on $((total / 3)) scenarios: byte-identical to x86_64 (output and exit code)" \
  || bad "i686 check/report differ from x86_64 in $((total - same)) of $total runs (see $WORK/*.32 and *.64)"
[ "$total" -ge 9 ] && ok "scenarios found: $total runs" || bad "scenarios missing ($total runs)"

# 3. a live scan of the Wine machine, 32-bit system layer. Found by this run (2026-12-06): dlltool 2.40's
# --output-delaylib for i686 gave an executable whose delay IAT held 0, so the first Winsock call
# (WSAStartup in bfsys_collect) jumped to address 0; the i686 build now binds those DLLs itself
# (gui/sys/lazybind_i686.c).
rc=0; timeout -k 5 180 "$BF_WINE" "$W32/bindfix-cli.exe" scan >"$WORK/scan.32" 2>"$WORK/scan.32.err" || rc=$?
rc64=0; WINEPREFIX=$BF_WINEPREFIX WINEDLLPATH= timeout -k 5 180 "$BF_WINE" "$W/bindfix-cli.exe" scan >"$WORK/scan.64" 2>"$WORK/scan.64.err" || rc64=$?
if crash "$WORK/scan.32" "$WORK/scan.32.err"; then bad "i686 live scan crashed"
elif [ "$rc" -le 1 ] && grep -q '^ADAPTERS' "$WORK/scan.32" && grep -q '^PROTOCOL BIND STATUS' "$WORK/scan.32"; then
  ok "i686 live scan prints the three layers (exit $rc; x86_64 exit $rc64)"
else bad "i686 live scan: exit $rc"; head -5 "$WORK/scan.32.err"; fi
adapters() { sed -n '/^ADAPTERS/,/^$/p' "$1" | awk 'NR > 1 && NF {print $1}' | sort; }
if [ -n "$(adapters "$WORK/scan.32")" ] && [ "$(adapters "$WORK/scan.32")" = "$(adapters "$WORK/scan.64")" ]; then
  ok "i686 live scan: the same adapters as x86_64 ($(adapters "$WORK/scan.32" | tr '\n' ' '))"
else bad "i686 live scan: adapters differ from x86_64"; diff <(adapters "$WORK/scan.64") <(adapters "$WORK/scan.32") | head -5; fi
# 4. the executable really is 32-bit and ran in WoW64 mode
# 4. the 32-bit lazy binder loads iphlpapi.dll from System32 only: a 32-bit iphlpapi.dll planted beside
# bindfix-cli.exe (tests/rules/planted_dll.c, writes a marker when loaded) is not loaded by a scan, with
# Wine told to search the program's folder first, as Windows does for a DLL that is not a KnownDLL.
plant=$WORK/plant; mkdir -p "$plant"; cp "$W32/bindfix-cli.exe" "$W32/plant/iphlpapi.dll" "$plant/"
rc=0; WINEDLLOVERRIDES="$WINEDLLOVERRIDES;iphlpapi=n,b" timeout -k 5 180 "$BF_WINE" "$plant/bindfix-cli.exe" scan \
  >"$WORK/plant.out" 2>"$WORK/plant.err" || rc=$?
marker=$(ls "$plant"/*.loaded 2>/dev/null | xargs -r -n1 basename)
if [ -z "$marker" ] && [ "$rc" -le 1 ] && grep -q '^ADAPTERS' "$WORK/plant.out" && ! crash "$WORK/plant.out" "$WORK/plant.err"; then
  ok "i686 planted iphlpapi.dll beside bindfix-cli.exe not loaded (scan exit $rc)"
else bad "i686 planted iphlpapi.dll: marker ${marker:-none}, scan exit $rc"; head -3 "$WORK/plant.err"; fi

if file "$W32/bindfix-cli.exe" | grep -q 'PE32 executable' && ! file "$W32/bindfix-cli.exe" | grep -q 'PE32+'; then
  ok "build/win32/bindfix-cli.exe is a PE32 (i386) executable"
else bad "build/win32/bindfix-cli.exe is not PE32"; fi
bf_wineserver -k 2>/dev/null
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
