#!/bin/bash
# bench-listen.sh - `make bench-listen`: what issue 15's collectors (http.sys's listen list and
# registrations, the excluded port ranges through netsh as a child process, the products' listen settings)
# add to a scan. One process (sys-selftest.exe collecttimes) runs the whole scan without probes 10 times
# (the first a warm-up) and times every step from the progress callback that announces it
# (QueryPerformanceCounter); the scan "before this issue" is the same scan less those three steps. Twice:
# with every source present in the prefix (a listen list of 2, a URL reservation, an SSL binding, a DNS
# Server listen list, an SQL Server instance with 2 IPs, RDP's LanAdapter: synthetic values, written here
# with reg add), then with none of them. A round counts only when the scan read what was set up (or, for
# the machine without them, read none). Under Wine the port ranges cannot be present: its netsh has no
# `show excludedportrange`, so the collector runs one netsh, finds no table and says "unavailable" (printed
# below with each side's section status); on Windows it runs five. Figures only: a duration never fails
# the benchmark.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
SELF=$W/sys-selftest.exe
WORK=$BF_BUILD/bench-listen
rm -rf "$WORK"; mkdir -p "$WORK"
reg() { timeout 60 "$BF_WINE" reg "$@" >/dev/null 2>&1; }
HTTPP='HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
DNSP='HKLM\SYSTEM\CurrentControlSet\Services\DNS\Parameters'
SQL='HKLM\SOFTWARE\Microsoft\Microsoft SQL Server'
TCP="$SQL\\MSSQL15.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp"
RDP='HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'

sources_off() {
  timeout 60 "$BF_WINE" sc delete winnat >/dev/null 2>&1
  reg delete "$HTTPP" /f; reg delete "$DNSP" /f; reg delete "$SQL" /f; reg delete "$RDP" /v LanAdapter /f
}
sources_on() {
  # a service named winnat (never started; synthetic): the port-range collector then runs netsh, as on a
  # machine with WinNAT; without it the collector skips netsh
  timeout 60 "$BF_WINE" sc create winnat binpath= 'C:\windows\system32\svchost.exe' >/dev/null 2>&1
  reg add "$HTTPP" /v ListenOnlyList /t REG_MULTI_SZ /d '127.0.0.1\0198.51.100.7' /f
  reg add "$HTTPP\\UrlAclInfo" /v 'http://+:8080/ReportServer/' /t REG_BINARY /d 01 /f
  reg add "$HTTPP\\SslBindingInfo\\0.0.0.0:8443" /f
  reg add "$DNSP" /v ListenAddresses /t REG_BINARY /d 01000000c6336463 /f
  reg add "$SQL\\Instance Names\\SQL" /v MSSQLSERVER /t REG_SZ /d MSSQL15.MSSQLSERVER /f
  reg add "$TCP" /v ListenOnAllIPs /t REG_DWORD /d 0 /f
  reg add "$TCP\\IP1" /v IpAddress /t REG_SZ /d 127.0.0.1 /f
  reg add "$TCP\\IP1" /v Enabled /t REG_DWORD /d 1 /f
  reg add "$TCP\\IP2" /v IpAddress /t REG_SZ /d 198.51.100.99 /f
  reg add "$TCP\\IP2" /v Enabled /t REG_DWORD /d 1 /f
  reg add "$RDP" /v LanAdapter /t REG_DWORD /d 0 /f
}
trap sources_off EXIT

# run LABEL: 10 rounds in one process; keeps rounds 2..10 as "total issue15" lines in $WORK/LABEL.txt
run() {
  local label=$1 rc=0
  timeout -k 5 600 "$BF_WINE" "$SELF" collecttimes 10 >"$WORK/$label.out" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || grep -q "Unhandled exception" "$WORK/$label.out"; then
    echo "bench-listen: $label: sys-selftest exited $rc: $(tail -2 "$WORK/$label.out")"; exit 2
  fi
  grep '^round ' "$WORK/$label.out" | tail -n +2 >"$WORK/$label.txt"
}
sources_off; sources_on
run present
sources_off
run absent

python3 - "$WORK" <<'PY' || exit 2
import sys
work = sys.argv[1]
def rounds(label, want):
    out = []
    for line in open(f"{work}/{label}.txt"):
        f = line.split()
        v = dict(zip(f[0::2], f[1::2]))
        # netsh ran (Wine's gives no table: unavailable) where winnat is installed, was skipped where not
        got = (int(v["http"]), int(v["urls"]), int(v["ssl"]), int(v["pins"]) > 0, v["ranges_status"])
        if got != want:
            sys.exit(f"bench-listen: {label}: a round read {got}, not {want}: nothing measured")
        out.append((float(v["total_ms"]), float(v["issue15_ms"])))
    return out
p = rounds("present", (2, 1, 1, True, "unavailable"))
a = rounds("absent", (0, 0, 0, False, "absent"))
with open(f"{work}/rounds.tsv", "w") as f:
    f.write("scan, every source present\tthe same scan less issue 15's collectors\tscan, no source\t"
            "the same scan less issue 15's collectors (no source)\n")
    for (tp, ip), (ta, ia) in zip(p, a):
        f.write("\t".join(str(max(1, round(x))) for x in (tp, tp - ip, ta, ta - ia)) + "\n")
PY
echo "bench-listen: issue 15's collectors timed inside one scan (sys-selftest collecttimes), Wine $("$BF_WINE" --version 2>/dev/null)"
python3 "$HERE/figures.py" "$WORK/rounds.tsv" \
  --ratio "scan, every source present" "the same scan less issue 15's collectors" \
  --ratio "scan, no source" "the same scan less issue 15's collectors (no source)"
# where the time goes: each collector's median over the kept rounds
python3 - "$WORK" <<'PY'
import statistics, sys
for label in ("present", "absent"):
    rows = [dict(zip(l.split()[0::2], l.split()[1::2])) for l in open(f"{sys.argv[1]}/{label}.txt")]
    print("  sources %-7s median per collector: http.sys %.1f ms, port ranges (netsh) %.1f ms, listen settings %.1f ms"
          " (port ranges section: %s)"
          % (label, *(statistics.median(float(r[k]) for r in rows) for k in ("http_ms", "ranges_ms", "pins_ms")),
             "/".join(sorted(set(r["ranges_status"] for r in rows)))))
PY
