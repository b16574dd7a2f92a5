#!/bin/bash
# bench-gui.sh - make bench-gui: the console's start-up, responsiveness and memory as FIGURES (no test
# verdict depends on a duration), beside Wine's notepad.exe (the smallest Win32 window there is) measured
# with the same instrument, each on a fresh X server, median of 9 runs taken in turn, with the spread
# (min-max) and the ratio of the medians:
#   window visible: ms from process creation until the first visible window of the program's class
#                   (guidriver firstwindow: the same instrument for both)
#   first paint:    bindfix only: ms from process creation until the overview's four lists have painted
#                   the demo (bindfix records it itself, BF_FIRSTPAINT_PROP: a GetProcessTimes call when
#                   it happens, no thread, no timer); notepad has nothing to load
#   private bytes:  at 96 and at 192 DPI (the 192-DPI prefix of the GUI tests, on a screen twice the size),
#                   bindfix on the demo once it has painted, notepad once its window is visible
#                   (guidriver: GetProcessMemoryInfo; Wine fills PagefileUsage with the process's
#                   resident anonymous memory, Linux's RssAnon + VmSwap)
#   UI-thread gap:  bindfix only, BINDFIX_WATCHDOG=1: the longest the UI thread took to answer the
#                   watchdog (pings every 20 ms) while the demo is walked through every view; notepad has
#                   no equivalent. Private bytes after that walk, and after F1 (the HTML Help viewer) and
#                   File > Export report... (the system's file dialog) too, beside notepad's once its
#                   File > Open dialog is shown (the same system dialog code loaded into a program).
#   Also, as root: private bytes after a live scan of fixture 5 (32 adapters) in its own namespace.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$TOP/tests/gui/dpi-prefix.sh"
DRIVER=$W/guidriver.exe
WORK=$BF_BUILD/bench-gui
RUNS=${BENCH_GUI_RUNS:-9}
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# ---- one run on a fresh X server: WHAT is bindfix, notepad or walk; SIZE the desktop
one_run() {
  local what=$1 out=$2 size=$3 d=(--desktop bench)
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  case $what in
  bindfix)   # as a user runs it: no watchdog
    unset BINDFIX_WATCHDOG
    bf_gui_launch "$out.launch" 120 "bench,$size" "$(winpath "$W/bindfix.exe")" /demo &
    timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 firstwindow BindfixMainWindow >"$out" 2>/dev/null
    timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 props >>"$out" 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" close >/dev/null 2>&1
    ;;
  walk)
    export BINDFIX_WATCHDOG=1
    bf_gui_launch "$out.launch" 200 "bench,$size" "$(winpath "$W/bindfix.exe")" /demo &
    timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 props >/dev/null 2>&1
    local n
    for n in 0 1 2 3 4 5 6 7 8 9 10; do timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 node $n >/dev/null 2>&1; done
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" props | sed 's/^/views\t/' >"$out" 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" command 1202 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 15000 firstwindow "HH Parent" >/dev/null 2>&1
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" command 1004 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 savefile "$(winpath "$WORK/export.html")" >/dev/null 2>&1
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 status Saved >/dev/null 2>&1
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" props | sed 's/^/dialogs\t/' >>"$out" 2>/dev/null
    timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" close >/dev/null 2>&1
    ;;
  notepad)
    bf_gui_launch "$out.launch" 120 "bench,$size" notepad.exe &
    timeout 90 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 60000 firstwindow Notepad >"$out" 2>/dev/null
    timeout 30 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 20000 memof Notepad >>"$out" 2>/dev/null
    # File > Open (Wine's notepad: command 0x101): what the system's file dialog costs a program
    if [ "$size" = 1400x860 ] && timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 30000 opendialog Notepad 0x101 2>/dev/null; then
      timeout 30 "$BF_WINE" "$DRIVER" "${d[@]}" memof Notepad 2>/dev/null | sed 's/^/dialogs\t/' >>"$out"
    fi
    ;;
  esac
  bf_wineserver -k 2>/dev/null
  wait
}

# ---- inside fixture 5's namespace: bindfix scans live, then its memory and notepad's
inside() {
  local work=$1 template=$2
  WORK=$work
  . "$TOP/tests/lib/netns.sh"
  . "$TOP/tests/e2e/fixtures/5-many-unicode.sh"
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
  bf_gui_launch "$work/bindfix-mem.launch" 300 bench,1400x860 "$(winpath "$W/bindfix.exe")" &
  timeout 240 "$BF_WINE" "$DRIVER" --desktop bench --timeout 200000 props >"$work/bindfix-mem.txt" 2>&1
  timeout 240 "$BF_WINE" "$DRIVER" --desktop bench --timeout 200000 node 2 >"$work/adapters.txt" 2>&1
  timeout 60 "$BF_WINE" "$DRIVER" --desktop bench close >/dev/null 2>&1
  wait
  bf_gui_launch "$work/notepad-mem.launch" 120 bench,1400x860 notepad.exe &
  timeout 90 "$BF_WINE" "$DRIVER" --desktop bench --timeout 60000 memof Notepad >"$work/notepad-mem.txt" 2>&1
  timeout 30 "$BF_WINE" "$DRIVER" --desktop bench close >/dev/null 2>&1
  "$BF_WINE" taskkill /im notepad.exe /f >/dev/null 2>&1
  wait
}

if [ "${1:-}" = "--inside" ]; then inside "$2" "$3"; exit $?; fi
if [ "${1:-}" = "--mem" ]; then mem_runs "$2"; exit 0; fi
if [ "${1:-}" = "--one" ]; then
  [ -n "${5:-}" ] && export WINEPREFIX=$5
  one_run "$2" "$3" "$4"; exit 0
fi

rm -rf "$WORK"; mkdir -p "$WORK"
bf_install_wine_fonts "$BF_WINEPREFIX"
DPI_PREFIX=$(bf_dpi192_prefix)
bf_wineserver -w 2>/dev/null
xrun() {   # xrun SCREEN ARGS...: this script again under a fresh X server
  local screen=$1; shift
  timeout -k 10 300 xvfb-run -a -s "-screen 0 ${screen}x24 -nolisten tcp" bash "$0" "$@"
}
for i in $(seq "$RUNS"); do
  for what in bindfix notepad; do
    xrun 1400x860 --one $what "$WORK/$what-96-$i.txt" 1400x860
    xrun 2800x1720 --one $what "$WORK/$what-192-$i.txt" 2800x1720 "$DPI_PREFIX"
  done
  xrun 1400x860 --one walk "$WORK/walk-96-$i.txt" 1400x860
done
if [ "$(id -u)" = 0 ]; then
  timeout -k 10 600 unshare --net --mount --uts bash "$0" --inside "$WORK/fixture5" "$BF_WINEPREFIX" >"$WORK/inside.log" 2>&1
fi
python3 - "$WORK" "$RUNS" <<'PY'
import glob, statistics, sys
w, runs = sys.argv[1], int(sys.argv[2])
def vals(pattern, key, prefix=None):
    out = []
    for path in sorted(glob.glob(w + "/" + pattern)):
        for line in open(path, encoding="utf-8", errors="replace"):
            f = line.rstrip("\n").split("\t")
            if prefix is not None:
                if f[0] != prefix:
                    continue
                f = f[1:]
            if f and f[0] == key and len(f) > 1 and f[1].lstrip("-").isdigit():
                out.append(int(f[1]))
                break
    return out
MB = 1048576.0
def fmt(v, unit):
    return ("%.1f MB" % (v / MB)) if unit == "MB" else ("%d ms" % v)
def line(label, xs, unit):
    if not xs:
        return "  %-52s no figures" % label
    return "  %-52s %9s  (%s-%s, %d runs)" % (label, fmt(statistics.median(xs), unit), fmt(min(xs), unit).split()[0],
                                             fmt(max(xs), unit), len(xs))
def pair(title, b_label, b, n_label, n, unit, goal=None):
    print(title)
    print(line(b_label, b, unit))
    print(line(n_label, n, unit))
    if b and n:
        mb = statistics.median(b)
        extra = ""
        if goal is not None:
            extra = "; goal bindfix < %s: %s" % (fmt(goal, unit), "met" if mb < goal else "MISSED")
        print("  ratio bindfix / notepad (medians): %.2f%s" % (mb / statistics.median(n), extra))
print("make bench-gui: the demo (bindfix.exe /demo) beside notepad.exe, both under Wine, each run a fresh")
print("X server and wineserver; median (min-max) of %d runs taken in turn" % runs)
print()
for dpi in (96, 192):
    pair("window visible, %d DPI (guidriver firstwindow, from process creation):" % dpi,
         "bindfix.exe: main window visible", vals("bindfix-%d-*.txt" % dpi, "firstwindow"),
         "notepad.exe: window visible", vals("notepad-%d-*.txt" % dpi, "firstwindow"), "ms")
    print(line("bindfix.exe: the demo painted in all four lists", [v for v in vals("bindfix-%d-*.txt" % dpi, "firstpaint") if v > 0], "ms")
          + ("; goal < 300 ms" if dpi == 96 else ""))
    print()
for dpi in (96, 192):
    pair("private bytes, %d DPI (bindfix once the demo is painted, notepad once visible):" % dpi,
         "bindfix.exe", vals("bindfix-%d-*.txt" % dpi, "private"),
         "notepad.exe (the floor: Wine's own cost for a window)", vals("notepad-%d-*.txt" % dpi, "private"),
         "MB", goal=20 * 1048576)
    print()
print("the demo walked through its 11 views with BINDFIX_WATCHDOG=1, 96 DPI (bindfix only: notepad has no")
print("equivalent):")
print(line("longest UI-thread gap (a figure; a hang is 2000 ms)", vals("walk-96-*.txt", "maxgap", "views"), "ms"))
print(line("private bytes after the 11 views", vals("walk-96-*.txt", "private", "views"), "MB"))
print(line("... then F1 (HTML Help viewer) and Export report (file dialog)", vals("walk-96-*.txt", "private", "dialogs"), "MB"))
print(line("notepad.exe once File > Open's dialog is shown (the peer)", vals("notepad-96-*.txt", "private", "dialogs"), "MB"))
print(line("longest UI-thread gap, all of it", vals("walk-96-*.txt", "maxgap", "dialogs"), "ms"))
hangs = [v for v in vals("walk-96-*.txt", "hang", "dialogs") if v > 0]
print("  hangs (2 s or more without an answer): %d" % len(hangs))
mb = vals("fixture5/bindfix-mem.txt", "private")
mn = vals("fixture5/notepad-mem.txt", "private")
rows = sum(1 for l in open(w + "/fixture5/adapters.txt", encoding="utf-8", errors="replace") if l.startswith("row\tresult")) \
    if glob.glob(w + "/fixture5/adapters.txt") else 0
print()
if mb and mn:
    print("private bytes after a live scan of fixture 5 (%d adapters shown; one run):" % rows)
    print("  %-52s %9.1f MB" % ("bindfix.exe", mb[0] / MB))
    print("  %-52s %9.1f MB" % ("notepad.exe", mn[0] / MB))
else:
    print("fixture 5: no figures (needs root for the network namespace)")
PY
