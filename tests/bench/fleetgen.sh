# fleetgen.sh - sourced by bench-fleet.sh and bench-fleet-console.sh: a folder of synthetic snapshots.
#   bench_fleet_generate DIR N   writes DIR/srv0001.json ... (N files, the numbers padded to N's width):
#                                the 26 scenario machines of tests/scenarios/ in turn, each under a host
#                                name of its own (SRVnnnn). Written by hand, not recorded. Returns 1 when
#                                there is no scenario.
bench_fleet_generate() {
  local dir=$1 n=$2 i s src
  mapfile -t src < <(grep -vE '^[[:space:]]*(#|$)' "$TOP/tests/scenarios/index.txt" | awk '{print $1}' | sed 's/$/.json/')
  [ ${#src[@]} -gt 0 ] || return 1
  mkdir -p "$dir"
  for i in $(seq -w 1 "$n"); do
    s=${src[$(( (10#$i - 1) % ${#src[@]} ))]}
    sed "s/\"hostname\": \"[^\"]*\"/\"hostname\": \"SRV$i\"/" "$TOP/tests/scenarios/$s" >"$dir/srv$i.json"
  done
}
