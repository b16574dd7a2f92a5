#!/bin/bash
# list-imports.sh EXE ARCH(x86_64|i686) - every function EXE imports, one "dll name kind" a line
# (dll in lower case, name without i686's @n, kind static or delay).
#   static: the import table (objdump -p), what Windows' loader resolves before the program runs;
#   delay:  the delay-loaded ones (Makefile DELAY_DLLS). GNU ld leaves the delay-import data directory
#           empty (the thunks call __delayLoadHelper2 themselves), so these are read from the __imp_
#           symbols of the unstripped EXE that are not static imports, each named with its DLL by the
#           .def the delay-import library was made from (build/<arch>/delay/*.def).
set -eu
exe=$1 arch=$2
objdump=$arch-w64-mingw32-objdump nm=$arch-w64-mingw32-nm
defdir=$(dirname "$exe")/delay
static=$($objdump -p "$exe" | awk '/^\tDLL Name:/{dll=tolower($3); next} /^\t[0-9a-f]+\t/{ if (dll != "") print dll, $NF }')
echo "$static" | sed '/^$/d; s/$/ static/'
pfx=__imp_; [ "$arch" = i686 ] && pfx=__imp__
$nm "$exe" | sed -n "s/^.* I $pfx\\([A-Za-z_][A-Za-z0-9_]*\\)\\(@[0-9]*\\)\\{0,1\\}\$/\\1/p" | sort -u | while read -r name; do
  echo "$static" | grep -q " $name\$" && continue
  for def in "$defdir"/*.def; do
    [ -e "$def" ] || continue
    if grep -qx "$name\\(@[0-9]*\\)\\{0,1\\}" "$def"; then echo "$(basename "$def" .def).dll $name delay"; break; fi
  done
done
