#!/bin/bash
# bench-fleet-console.sh - make bench-fleet-console (and the last part of make bench-fleet): the console
# opening a 200-server fleet, beside `bindfix-cli fleet` over the same folder (issue 17, item 6). FIGURES
# only: a duration or a size never fails it; it fails (exit 2, "no figures") only when a run measured
# nothing (no fleet read, no rows painted, no private bytes, a CLI run that did not list the servers).
# The folder: 200 synthetic snapshots made as bench-fleet.sh makes its 1,000 (tests/bench/fleetgen.sh: the
# scenario machines in turn, each under its own host name; written by hand, not recorded).
# RUNS rounds (default 3, BENCH_FLEET_CONSOLE_RUNS), taken in turn, each console run on a fresh X server
# and wineserver (as bench-console.sh):
#   CLI fleet:   wall ms of `bindfix-cli fleet DIR --format json` as a whole process (tests/bench/timing.sh),
#                Wine's process start (and the wineserver's) included; kept when it listed every server
#   first rows:  ms from the console's process creation (bindfix.exe /demo /fleet DIR, BINDFIX_WATCHDOG=1)
#                until the Fleet list first painted with a row (BF_FLEETPAINT_PROP)
#   all read:    ms from process creation until the whole folder was read and shown: rows, groups and the
#                server nodes of the scope tree (BF_FLEETREAD_PROP, the end of OnFleetDone)
#   UI gap:      the watchdog's longest UI-thread answer from the first data on (BF_MAXGAP_PROP), and the
#                message it was handling then (maxgapmsg)
#   private:     the console's private bytes once the folder is read (guidriver fleetprops)
# Printed: medians and spreads, the ratios first rows / CLI fleet and all read / CLI fleet, and the gap
# against issue 25's budget (no UI-thread gap over 100 ms), as bench-console prints its goals.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$HERE/timing.sh"
. "$HERE/fleetgen.sh"
. "$TOP/tests/gui/dpi-prefix.sh"   # bf_install_wine_fonts
DRIVER=$W/guidriver.exe
WORK=$BF_BUILD/bench-fleet-console
N=${BENCH_FLEET_CONSOLE_N:-200}
RUNS=${BENCH_FLEET_CONSOLE_RUNS:-3}
winpath() { local p=$1; echo "Z:${p//\//\\}"; }

# one console run on a fresh X server (this script again, --one): the figures once the folder is read
one_console() {
  local dir=$1 out=$2 d=(--desktop bench)
  export BINDFIX_WATCHDOG=1
  timeout 60 "$BF_WINE" reg delete 'HKCU\Software\bindfix' /f >/dev/null 2>&1
  bf_gui_launch "$out.launch" 400 bench,1400x860 "$(winpath "$W/bindfix.exe")" /demo /fleet "$(winpath "$dir")" &
  timeout 300 "$BF_WINE" "$DRIVER" "${d[@]}" --timeout 240000 fleetprops >"$out" 2>"$out.err"
  timeout 60 "$BF_WINE" "$DRIVER" "${d[@]}" close >/dev/null 2>&1
  bf_wineserver -k 2>/dev/null
  wait
}
if [ "${1:-}" = "--one" ]; then one_console "$2" "$3"; exit 0; fi

report() {
python3 - "$WORK" "$RUNS" "$N" <<'PY'
import os, statistics, sys
w, runs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def props(path):
    d = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            f = line.rstrip("\n").split("\t")
            if len(f) > 1:
                d[f[0]] = f[1]
    return d
def num(d, k):
    v = d.get(k, "")
    return int(v) if v.lstrip("-").isdigit() else None
cli = [int(open(os.path.join(w, "cli-%d.ms" % i)).read()) for i in range(1, runs + 1)
       if os.path.exists(os.path.join(w, "cli-%d.ms" % i))]
gui = [props(os.path.join(w, "gui-%d.txt" % i)) for i in range(1, runs + 1)]
paint = [x for x in (num(g, "fleetpaint") for g in gui) if x is not None and x >= 0]
read = [x for x in (num(g, "fleetread") for g in gui) if x is not None and x >= 0]
gap = [x for x in (num(g, "maxgap") for g in gui) if x is not None]
priv = [x for x in (num(g, "private") for g in gui) if x]
if min(len(cli), len(paint), len(read), len(gap), len(priv)) < runs:
    print("bench-fleet-console: no figures: %d CLI runs, %d first rows, %d folders read, %d gaps, %d private-bytes "
          "figures of %d rounds (see %s)" % (len(cli), len(paint), len(read), len(gap), len(priv), runs, w))
    sys.exit(2)
MB = 1048576.0
mc, mp, mr, mg, mb = (statistics.median(x) for x in (cli, paint, read, gap, priv))
print("make bench-fleet-console: the console (bindfix.exe /demo /fleet DIR) opening %d synthetic snapshots beside" % n)
print("`bindfix-cli fleet DIR --format json` over the same folder, both under Wine, median of %d rounds taken in" % runs)
print("turn, each console run on a fresh X server and wineserver. Figures, not verdicts.")
print()
print("%-22s %10s %12s" % ("", "median", "spread"))
for name, xs, unit in (("CLI fleet ms", cli, 1), ("first rows painted ms", paint, 1), ("all read ms", read, 1),
                       ("UI-thread gap ms", gap, 1), ("private MB", priv, MB)):
    print("%-22s %10.1f %12s" % (name, statistics.median(xs) / unit,
                                 "%.1f-%.1f" % (min(xs) / unit, max(xs) / unit)))
print("ratios: first rows / CLI fleet %.2f; all read / CLI fleet %.2f" % (mp / mc, mr / mc))
msgs = sorted({g.get("maxgapmsg", "?") for g in gui})
print("longest UI-thread gap while the fleet is read: %d ms (message %s); budget (issue 25) 100 ms: %s"
      % (mg, ", ".join(msgs), "met" if mg <= 100 else "MISSED"))
PY
}
if [ "${1:-}" = "--report" ]; then report; exit $?; fi

rm -rf "$WORK"; mkdir -p "$WORK"
bench_fleet_generate "$WORK/fleet" "$N" || { echo "bench-fleet-console: no scenario: no figures"; exit 2; }
BYTES=$(cat "$WORK/fleet"/*.json | wc -c)
echo "bench-fleet-console: $N snapshots, $BYTES bytes; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
bf_install_wine_fonts "$BF_WINEPREFIX"
bf_wineserver -w 2>/dev/null
DIRW=$(winpath "$WORK/fleet")
for i in $(seq "$RUNS"); do
  # the CLI: a whole process over the same folder; kept when it listed every server
  rc=0; bench_ms "$WORK/cli-$i.out" 600 "$BF_WINE" "$W/bindfix-cli.exe" fleet "$DIRW" --format json || rc=$?
  if [ $rc -le 1 ] && python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))["servers"]) != int(sys.argv[2]))' \
       "$WORK/cli-$i.out" "$N" 2>/dev/null; then
    echo "$BENCH_MS" >"$WORK/cli-$i.ms"
  else
    echo "bench-fleet-console: bindfix-cli fleet exited $rc or did not list $N servers: no figures"; exit 2
  fi
  rm -f "$WORK/cli-$i.out"
  timeout -k 10 700 xvfb-run -a -s "-screen 0 1400x860x24 -nolisten tcp" bash "$0" --one "$WORK/fleet" "$WORK/gui-$i.txt"
  echo "round $i: CLI fleet $(cat "$WORK/cli-$i.ms") ms; console: $(grep -E '^(fleetpaint|fleetread|maxgap|maxgapmsg|private)	' "$WORK/gui-$i.txt" 2>/dev/null | tr '\t\n' '= ')"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
report
