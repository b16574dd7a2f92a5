# fleet-up.sh - sourced: the test fleet's servers (tests/fleet/server.sh, one network namespace each) brought
# up and described to Ansible, for run-fleet-tests.sh and tests/bench/bench-fleet-forks.sh. Needs root;
# expects WORK, HERE (tests/fleet), BF_WINEPREFIX and BF_WINE set. Server N lives in WORK/srvN.
#   fleet_controller_ns "$0" "$@"   first thing in a runner: runs the script again in a network namespace
#                              of its own (the controller's), unless it is there already
#   fleet_up NAME:KIND...      servers 1, 2, ... with those host names and kinds (server.sh), each ready
#                              and linked to this shell's network namespace (the controller's)
#                              and answering ssh (bounded waits); sets FLEET_READY to how many are
#   fleet_down                 stops them and removes their links
#   fleet_inventory FILE       an Ansible inventory of them (group bindfix), the launcher variable set to Wine
#                              with each server's own prefix, as run-fleet-tests.sh writes it
# ConnectTimeout covers the TCP connect and sshd's banner: at load average 25 (eight helpers' tests on two
# cores) the banner took longer than 5 s and every host was reported unreachable; a host cut off is still
# found out, 30 s later
FLEET_SSH_ARGS="-o LogLevel=ERROR -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=30 -o ServerAliveInterval=2 -o ServerAliveCountMax=3 -o BatchMode=yes"
# The controller (Ansible, ssh, bindfix-cli) runs in a network namespace of its own: the fleet's addresses
# stay inside namespaces the runner made, never on the machine's own interfaces, and two runs at once
# (two clones on one machine) do not meet over link names or addresses.
fleet_controller_ns() {
  local script=$1; shift
  if [ "$(id -u)" = 0 ] && [ -z "${BF_FLEET_CONTROLLER_NS:-}" ]; then
    BF_FLEET_CONTROLLER_NS=1 exec unshare --net bash "$script" "$@"
  fi
  [ -n "${BF_FLEET_CONTROLLER_NS:-}" ] && ip link set lo up
}
FLEET_PIDS=() FLEET_COUNT=0 FLEET_NAMES=(x)
fleet_up() {
  local count=$# n up
  FLEET_COUNT=$count FLEET_READY=0 FLEET_NAMES=(x)
  [ -e "$WORK/id" ] || ssh-keygen -q -t ed25519 -N '' -f "$WORK/id" || return 1
  for ((n = 1; n <= count; n++)); do
    FLEET_NAMES[$n]=${1%%:*}
    mkdir -p "$WORK/srv$n/remote"
    timeout 3600 unshare --net --mount --uts bash "$HERE/server.sh" "$n" "${1%%:*}" "${1#*:}" "$WORK/srv$n" \
      "$BF_WINEPREFIX" "$$" >"$WORK/srv$n/server.log" 2>&1 &
    FLEET_PIDS[$n]=$!
    shift
  done
  for _ in $(seq 2400); do
    up=0
    for ((n = 1; n <= count; n++)); do [ -e "$WORK/srv$n/ready" ] || [ -e "$WORK/srv$n/failed" ] && up=$((up + 1)); done
    [ "$up" = "$count" ] && break; sleep 0.1
  done
  for ((n = 1; n <= count; n++)); do
    if [ -e "$WORK/srv$n/ready" ]; then
      ip addr add "198.51.100.$((4 * n + 1))/30" dev "fl${n}h" && ip link set "fl${n}h" up && FLEET_READY=$((FLEET_READY + 1))
    else
      echo "server $n: $(cat "$WORK/srv$n/failed" 2>/dev/null || echo 'not ready')"
    fi
  done
  for ((n = 1; n <= count; n++)); do
    for _ in $(seq 100); do
      # shellcheck disable=SC2086
      ssh $FLEET_SSH_ARGS -i "$WORK/id" "root@198.51.100.$((4 * n + 2))" true 2>/dev/null && break; sleep 0.2
    done
  done
}
fleet_down() {
  local n
  for ((n = 1; n <= FLEET_COUNT; n++)); do touch "$WORK/srv$n/stop" 2>/dev/null; done
  for n in "${FLEET_PIDS[@]}"; do wait "$n" 2>/dev/null; done
  for ((n = 1; n <= FLEET_COUNT; n++)); do ip link del "fl${n}h" 2>/dev/null; done
}
fleet_inventory() {
  local n d
  {
    echo "[bindfix]"
    for ((n = 1; n <= FLEET_COUNT; n++)); do
      d=$WORK/srv$n
      echo "${FLEET_NAMES[$n]} ansible_host=198.51.100.$((4 * n + 2)) bindfix_remote_dir=$d/remote bindfix_tool_dir='Z:${d//\//\\}\\remote' bindfix_launcher='env WINEPREFIX=$d/prefix WINEDEBUG=-all WINEDLLOVERRIDES=mscoree,mshtml= $BF_WINE'"
    done
    echo "[all:vars]"
    echo "ansible_user=root"
    echo "ansible_ssh_private_key_file=$WORK/id"
    echo "ansible_ssh_common_args='$FLEET_SSH_ARGS'"
    echo "ansible_python_interpreter=/usr/bin/python3"
  } >"$1"
}
