#!/bin/bash
# list-imports.sh EXE ARCH(x86_64|i686) - every function EXE imports, one "dll name kind" a line
# (dll in lower case, name without i686's @n, kind static, delay, lazy or unbound).
#   static: the import table (objdump -p), what Windows' loader resolves before the program runs;
#   delay:  the delay-loaded ones (Makefile DELAY_DLLS; x86_64). GNU ld leaves the delay-import data
#           directory empty (the thunks call __delayLoadHelper2 themselves), so these are read from the
#           __imp_ symbols of the unstripped EXE that are not static imports, each named with its DLL by
#           the .def the delay-import library was made from (build/<arch>/delay/*.def);
#   lazy:   i686's own lazy binding (gui/sys/lazybind_i686.c): an __imp__ data slot whose value in the
#           file is the address of one of the binder's thunks (bf_lazy_thunk), so the first call
#           resolves it;
#   unbound: an __imp__ data slot of a DELAY_DLLS function that holds anything else (0: the first call
#           jumps to 0, what binutils 2.40's i386 delay-import libraries produced).
set -eu
exe=$1 arch=$2
objdump=$arch-w64-mingw32-objdump nm=$arch-w64-mingw32-nm
defdir=$(dirname "$exe")/delay
static=$($objdump -p "$exe" | awk '/^\tDLL Name:/{dll=tolower($3); next} /^\t[0-9a-f]+\t/{ if (dll != "") print dll, $NF }')
echo "$static" | sed '/^$/d; s/$/ static/'
pfx=__imp_; [ "$arch" = i686 ] && pfx=__imp__
syms=$($nm "$exe")
$nm "$exe" | sed -n "s/^.* I $pfx\\([A-Za-z_][A-Za-z0-9_]*\\)\\(@[0-9]*\\)\\{0,1\\}\$/\\1/p" | sort -u | while read -r name; do
  echo "$static" | grep -q " $name\$" && continue
  for def in "$defdir"/*.def; do
    [ -e "$def" ] || continue
    if grep -qx "$name\\(@[0-9]*\\)\\{0,1\\}" "$def"; then echo "$(basename "$def" .def).dll $name delay"; break; fi
  done
done
[ "$arch" = i686 ] || exit 0
# i686: each __imp__ data slot (D) of a DELAY_DLLS function, and the 32-bit word the file holds in it
# (read through the section headers: file offset = address - section VMA + section file offset).
sections=$($objdump -h "$exe" | awk '$2 ~ /^\./ {print $3, $4, $6}')
thunks=$(echo "$syms" | awk '$2 == "t" && $3 == "bf_lazy_thunk" {print $1}' | sort -u)
echo "$syms" | awk '$2 == "D" && $3 ~ /^__imp__/ {print $1, substr($3, 8)}' | while read -r addr sym; do
  name=${sym%@*}
  def=$(grep -lx "$sym" "$defdir"/*.def 2>/dev/null | head -1)
  [ -n "$def" ] || continue
  word=
  while read -r size vma off; do
    if (( 16#$vma <= 16#$addr && 16#$addr < 16#$vma + 16#$size )); then
      word=$(od -An -tx4 -j $((16#$addr - 16#$vma + 16#$off)) -N4 "$exe" | tr -d ' '); break
    fi
  done <<<"$sections"
  kind=unbound
  [ -n "$word" ] && echo "$thunks" | grep -qix "0*$word" && kind=lazy
  echo "$(basename "$def" .def).dll $name $kind"
done
