#!/bin/bash
# bench-gui.sh - make bench-gui: the console's start-up and memory, beside a peer program run the same
# way (Wine's notepad.exe: the smallest Win32 window there is), as ratios.
#   first paint: ms from process creation until the overview's four lists have painted the demo
#                (bindfix records it itself, BF_FIRSTPAINT_PROP) vs until notepad's window is visible
#                (guidriver firstwindow); median of 9 runs each, taken in turn (one start varies by +-60 ms
#                under Wine, notepad.exe too); goal < 300 ms
#   memory:      private bytes after bindfix.exe has scanned fixture 5 (32 adapters, 32 addresses, every
#                catalogued endpoint probed on each) live in its own network namespace, vs notepad's;
#                goal < 20 MB
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
DRIVER=$W/guidriver.exe
WORK=$BF_BUILD/bench-gui
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# ---- one run on a fresh X server: WHAT is "bindfix" or "notepad"
one_run() {
  local what=$1 out=$2
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  if [ "$what" = bindfix ]; then
    timeout -k 5 120 "$BF_WINE" explorer /desktop=bench,1400x860 "$(winpath "$W/bindfix.exe")" /demo >/dev/null 2>&1 &
    timeout 90 "$BF_WINE" "$DRIVER" --desktop bench --timeout 60000 props >"$out" 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" --desktop bench close >/dev/null 2>&1
  else
    timeout -k 5 120 "$BF_WINE" explorer /desktop=bench,1400x860 notepad.exe >/dev/null 2>&1 &
    timeout 90 "$BF_WINE" "$DRIVER" --desktop bench --timeout 60000 firstwindow Notepad >"$out" 2>/dev/null
    timeout 30 "$BF_WINE" "$DRIVER" --desktop bench --timeout 20000 memof Notepad >>"$out" 2>/dev/null
  fi
  bf_wineserver -k 2>/dev/null
  wait
}

# ---- inside fixture 5's namespace: bindfix scans live, then its memory and notepad's
inside() {
  local work=$1 template=$2
  WORK=$work
  . "$TOP/tests/lib/netns.sh"
  . "$TOP/tests/fixtures/5-many-unicode.sh"
  ns_private_machine "$work" "$template" EXCHSRV01 >/dev/null || return 1
  printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' >/etc/hosts
  ( set -e; build_fixture ) || return 1
  # xvfb-run is a /bin/sh script (exported bash functions do not pass through it): this script runs
  # again with --mem, and must find this machine's prefix when it sources wine-env.sh again
  export WINEPREFIX BF_WINEPREFIX=$WINEPREFIX
  timeout -k 10 400 xvfb-run -a -s "-screen 0 1400x860x24 -nolisten tcp" bash "$0" --mem "$work" >"$work/mem.log" 2>&1
  bf_wineserver -k 2>/dev/null
}
mem_runs() {
  local work=$1
  timeout -k 5 300 "$BF_WINE" explorer /desktop=bench,1400x860 "$(winpath "$W/bindfix.exe")" >/dev/null 2>&1 &
  timeout 240 "$BF_WINE" "$DRIVER" --desktop bench --timeout 200000 props >"$work/bindfix-mem.txt" 2>&1
  timeout 240 "$BF_WINE" "$DRIVER" --desktop bench --timeout 200000 node 2 >"$work/adapters.txt" 2>&1
  timeout 60 "$BF_WINE" "$DRIVER" --desktop bench close >/dev/null 2>&1
  wait
  timeout -k 5 120 "$BF_WINE" explorer /desktop=bench,1400x860 notepad.exe >/dev/null 2>&1 &
  timeout 90 "$BF_WINE" "$DRIVER" --desktop bench --timeout 60000 memof Notepad >"$work/notepad-mem.txt" 2>&1
  timeout 30 "$BF_WINE" "$DRIVER" --desktop bench close >/dev/null 2>&1
  "$BF_WINE" taskkill /im notepad.exe /f >/dev/null 2>&1
  wait
}

if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; exit $?; fi
if [ "${1:-}" = "--mem" ]; then mem_runs "$2"; exit 0; fi
if [ "${1:-}" = "--one" ]; then one_run "$2" "$3"; exit 0; fi

rm -rf "$WORK"; mkdir -p "$WORK"
bf_wineserver -w 2>/dev/null
for i in 1 2 3 4 5 6 7 8 9; do
  for what in bindfix notepad; do
    timeout -k 10 200 xvfb-run -a -s "-screen 0 1400x860x24 -nolisten tcp" bash "$0" --one $what "$WORK/$what-$i.txt"
  done
done
if [ "$(id -u)" = 0 ]; then
  timeout -k 10 600 unshare --net --mount --uts bash "$0" --inside "$WORK/fixture5" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
fi
python3 - "$WORK" <<'PY'
import glob, statistics, sys
w = sys.argv[1]
def val(path, key):
    try:
        for line in open(path, encoding="utf-8", errors="replace"):
            f = line.rstrip("\n").split("\t")
            if f[0] == key and len(f) > 1 and f[1].lstrip("-").isdigit():
                return int(f[1])
    except OSError:
        pass
    return None
bf = [v for v in (val(p, "firstpaint") for p in sorted(glob.glob(w + "/bindfix-*.txt"))) if v and v > 0]
np = [v for v in (val(p, "firstwindow") for p in sorted(glob.glob(w + "/notepad-*.txt"))) if v and v > 0]
if bf and np:
    b, n = statistics.median(bf), statistics.median(np)
    print("first paint, demo (median of %d / %d runs, from process creation):" % (len(bf), len(np)))
    print("  %-44s %6d ms" % ("bindfix.exe /demo: overview lists painted", b))
    print("  %-44s %6d ms" % ("notepad.exe: window visible (peer)", n))
    print("  ratio bindfix / notepad: %.2f; goal bindfix < 300 ms: %s" % (b / n, "met" if b < 300 else "MISSED"))
else:
    print("first paint: no figures (bindfix %r, notepad %r)" % (bf, np))
mb = val(w + "/fixture5/bindfix-mem.txt", "private")
mn = val(w + "/fixture5/notepad-mem.txt", "private")
rows = sum(1 for l in open(w + "/fixture5/adapters.txt", encoding="utf-8", errors="replace") if l.startswith("row\tresult")) \
    if glob.glob(w + "/fixture5/adapters.txt") else 0
if mb and mn:
    print("private bytes after a live scan of fixture 5 (%d adapters shown):" % rows)
    print("  %-44s %6.1f MB" % ("bindfix.exe", mb / 1048576))
    print("  %-44s %6.1f MB" % ("notepad.exe (peer)", mn / 1048576))
    print("  ratio bindfix / notepad: %.2f; goal bindfix < 20 MB: %s" % (mb / mn, "met" if mb < 20 * 1048576 else "MISSED"))
else:
    print("memory: no figures (needs root for the fixture; bindfix %r, notepad %r)" % (mb, mn))
PY
