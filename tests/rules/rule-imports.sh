#!/bin/bash
# rule-imports.sh - what Windows' loader does with bindfix's executables before a line of them runs
# (make check-rules; both architectures: build/win64 and build/win32 from `make ARCH=i686 exes`).
#  1. imports_exist_on_xp_sp3_and_server2003_sp2: every imported function (static and delay-loaded) is
#     in tests/rules/exports-xpsp3-server2003sp2.txt. Rule: "If the function is not found, the loader
#     fails the load: the procedure entry point could not be located" (Dynamic-Link Library Search
#     Order / Load-Time Dynamic Linking, learn.microsoft.com).
#  2. static_imports_are_knowndlls: every statically imported DLL is in tests/rules/knowndlls.txt; the
#     rest must be delay-loaded (x86_64) or bound lazily by gui/sys/lazybind_i686.c (i686: every slot
#     holds the binder's thunk, none 0). Rule: "the system searches the folder from which the application loaded
#     first ... unless the DLL is on the list of known DLLs" (Dynamic-Link Library Search Order,
#     "Standard search order for unpackaged apps"; Dynamic-Link Library Security).
#  3. loadlibrary_names_system32_only: no LoadLibrary call in the product outside gui/sys/compat.c, which
#     passes LOAD_LIBRARY_SEARCH_SYSTEM32 or a full System32 path (LoadLibraryExW, Remarks; "Dynamic-Link
#     Library Security": "use fully qualified paths").
#  4. planted_dll_beside_cli_not_loaded: under Wine, a DLL named iphlpapi.dll planted beside a copy of
#     bindfix-cli.exe (tests/rules/planted_dll.c writes a marker when loaded) is not loaded by a scan.
#     Wine prefers its own builtin DLLs; WINEDLLOVERRIDES=iphlpapi=n,b makes it search the program's
#     folder first, as Windows does for a DLL that is not a KnownDLL.
# Prints "PASS: name" / "FAIL: name" lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
WORK=$BF_BUILD/rules-test/imports
rm -rf "$WORK"; mkdir -p "$WORK"
EXPORTS=$HERE/exports-xpsp3-server2003sp2.txt
KNOWN=$HERE/knowndlls.txt

for build in win64:x86_64 win32:i686; do
  dir=$BF_BUILD/${build%%:*} arch=${build##*:}
  for exe in bindfix bindfix-cli; do
    f=$dir/$exe.exe tag="$arch/$exe.exe"
    if [ ! -f "$f" ]; then
      echo "FAIL: imports_exist_on_xp_sp3_and_server2003_sp2 ($tag): not built"
      echo "FAIL: static_imports_are_knowndlls ($tag): not built"
      continue
    fi
    list=$WORK/$arch-$exe.imports
    bash "$HERE/list-imports.sh" "$f" "$arch" > "$list"
    n=$(wc -l < "$list")
    # allowed: "dll name" lines; an entry marked x64 only for the x86_64 build
    allowed=$(grep -v '^#' "$EXPORTS" | awk -v a="$arch" 'NF >= 2 && ($3 == "" || (a == "x86_64" && $3 == "x64")) {print $1, $2}')
    missing=$(awk '{print $1, $2}' "$list" | sort -u | grep -vxF -f <(echo "$allowed") || true)
    if [ "$n" -gt 20 ] && [ -z "$missing" ]; then
      echo "PASS: imports_exist_on_xp_sp3_and_server2003_sp2 ($tag: $n functions)"
    else
      echo "FAIL: imports_exist_on_xp_sp3_and_server2003_sp2 ($tag: $n functions; not exported by XP SP3 / Server 2003 SP2: $(printf '%s' "$missing" | tr '\n' ',' ))"
    fi
    known=$(grep -v '^#' "$KNOWN" | awk 'NF {print tolower($1)}')
    bad=$(awk '$3 == "static" {print $1}' "$list" | sort -u | grep -vxF -f <(echo "$known") || true)
    # the others: x86_64 delay-loads them; i686 binds them itself (binutils 2.40's i386 delay imports
    # jump to 0), each slot holding its lazy binder's thunk (list-imports.sh: kind lazy, not unbound)
    kind=delay; [ "$arch" = i686 ] && kind=lazy
    delayed=$(awk -v k="$kind" '$3 == k {print $1}' "$list" | sort -u | tr '\n' ' ')
    wrong=$(awk -v k="$kind" '$3 != "static" && $3 != k {print $1 ":" $2 "=" $3}' "$list" | sort -u | head -5 | tr '\n' ' ')
    if [ -z "$bad" ] && [ -n "$delayed" ] && [ -z "$wrong" ]; then
      echo "PASS: static_imports_are_knowndlls ($tag; $kind: $delayed)"
    else
      echo "FAIL: static_imports_are_knowndlls ($tag: imported statically, not KnownDLLs: $(printf '%s' "$bad" | tr '\n' ' '); $kind: $delayed; not $kind: $wrong)"
    fi
  done
done

calls=$(cd "$TOP" && grep -n -E '\bLoadLibrary(Ex)?[AW]?[[:space:]]*\(' gui/*.c gui/sys/*.c gui/cli/*.c | grep -v '^gui/sys/compat\.c:' || true)
inside=$(cd "$TOP" && grep -c -E 'LoadLibraryExW\(name, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32\)|LoadLibraryExW\(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH\)' gui/sys/compat.c)
if [ -z "$calls" ] && [ "$inside" = 2 ]; then
  echo "PASS: loadlibrary_names_system32_only"
else
  echo "FAIL: loadlibrary_names_system32_only (compat.c's two System32 loads found: $inside; outside compat.c:)"
  printf '%s\n' "$calls" | sed 's/^/      /'
fi

plant=$WORK/plant
mkdir -p "$plant"
cp "$W/bindfix-cli.exe" "$BF_BUILD/win64/plant/iphlpapi.dll" "$plant/"
rc=0
WINEDLLOVERRIDES="$WINEDLLOVERRIDES;iphlpapi=n,b" bf_wine_capture "$WORK/plant.out" 120 "$plant/bindfix-cli.exe" scan || rc=$?
marker=$(ls "$plant"/*.loaded 2>/dev/null | xargs -r -n1 basename)
if [ -z "$marker" ] && [ "$rc" = 0 ] && grep -q '^ADAPTERS' "$WORK/plant.out"; then
  echo "PASS: planted_dll_beside_cli_not_loaded (iphlpapi.dll beside bindfix-cli.exe; scan exit 0)"
else
  echo "FAIL: planted_dll_beside_cli_not_loaded (marker: ${marker:-none}; scan exit $rc)"
  head -5 "$WORK/plant.out"
fi
