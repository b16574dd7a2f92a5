#!/bin/bash
# server.sh N NAME KIND DIR TEMPLATE CONTROLLER - one server of the test fleet, run INSIDE `unshare --net --mount --uts`
# by run-fleet-tests.sh; it stays up (sshd and the Wine machine) until DIR/stop exists.
#
#   host name NAME; lan0 (a veth whose peer fl<N>h it moves to the network namespace of the process
#   CONTROLLER, the test's own) with 192.0.2.10/24 (its LAN address, the same on every server as on cloned servers) and
#   198.51.100.<4N+2>/30 (how the controller reaches it); /etc private, its own Wine prefix as an overlay of
#   TEMPLATE (tests/lib/netns.sh); an sshd on 198.51.100.<4N+2>:22 taking DIR/../id.pub for root.
#   KIND  kb       the KB's failure: a stale hosts line 203.0.113.50 NAME, returned first (gai.conf), and
#                  the POP3 test service (tests/tools/testsvc.c) in Wine's SCM, which cannot bind (10049)
#         held     POP3's port 110 held by an ordinary Linux process (10048), no service
#         healthy  the hosts file names only 192.0.2.10
# Writes DIR/ready when everything runs, DIR/failed with the reason otherwise.
set -u
N=$1 NAME=$2 KIND=$3 DIR=$4 TEMPLATE=$5 CONTROLLER=$6
HOLDER=
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lib/wine-env.sh"
. "$TOP/tests/lib/keepalive.sh"
. "$TOP/tests/lib/netns.sh"
fail() { echo "$*" >"$DIR/failed"; exit 1; }

echo $$ >"$DIR/pid"
ns_private_machine "$DIR" "$TEMPLATE" "$NAME" >"$DIR/machine.log" 2>&1 || fail "private machine"
ip link add lan0 type veth peer name "fl${N}h" || fail "veth"
ip link set "fl${N}h" netns "$CONTROLLER" || fail "veth to the controller"
ip addr add 192.0.2.10/24 dev lan0
ip addr add "198.51.100.$((4 * N + 2))/30" dev lan0
ip link set lan0 up
ip route add default via 192.0.2.1 dev lan0 onlink
case $KIND in
  kb)
    printf '127.0.0.1 localhost\n203.0.113.50 %s\n192.0.2.10 %s\n' "$NAME" "$NAME" >/etc/hosts
    printf 'precedence ::ffff:203.0.113.0/120 45\nprecedence ::1/128 50\nprecedence ::/0 40\nprecedence ::ffff:0:0/96 10\n' >/etc/gai.conf ;;
  *)
    printf '127.0.0.1 localhost\n192.0.2.10 %s\n' "$NAME" >/etc/hosts ;;
esac
timeout 120 "$BF_WINE" reg add 'HKLM\System\CurrentControlSet\Services\Tcpip\Parameters' /v DataBasePath \
  /t REG_EXPAND_SZ /d 'Z:\etc' /f >"$DIR/reg.log" 2>&1 || fail "DataBasePath"
wine_keepalive_start "$DIR" || fail "keepalive"
if [ "$KIND" = kb ]; then
  exe="Z:${W//\//\\}\\testsvc.exe"
  timeout 60 "$BF_WINE" sc create bindfix-testsvc binPath= "$exe bindfix-testsvc 110 pop3" start= auto >"$DIR/sc.log" 2>&1 \
    || fail "sc create"
  # it cannot bind 203.0.113.50: it does not start (the KB's failure); the repair starts it
  timeout 60 "$BF_WINE" sc start bindfix-testsvc >>"$DIR/sc.log" 2>&1
fi
if [ "$KIND" = held ]; then
  python3 -c '
import socket, sys
s = socket.socket(); s.bind(("0.0.0.0", 110)); s.listen(4)
open(sys.argv[1], "w").write("listening\n")
while True:
    c, _ = s.accept(); c.close()' "$DIR/held.ready" 2>"$DIR/held.err" &
  HOLDER=$!
  for _ in $(seq 200); do [ -e "$DIR/held.ready" ] && break; sleep 0.05; done
  [ -e "$DIR/held.ready" ] || fail "port holder"
fi
# sshd: privilege separation directory, host keys of the private /etc, the test's key for root
mkdir -p /run/sshd
cat >"$DIR/sshd_config" <<CONF
ListenAddress 198.51.100.$((4 * N + 2))
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile $DIR/sshd.pid
AuthorizedKeysFile $DIR/../id.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
AcceptEnv LANG
CONF
/usr/sbin/sshd -D -e -f "$DIR/sshd_config" >"$DIR/sshd.log" 2>&1 &
SSHD=$!
touch "$DIR/ready"
# up until the runner asks it to stop (bounded: the runner's own timeout ends it too)
for _ in $(seq 12000); do [ -e "$DIR/stop" ] && break; sleep 0.1; done
# the connections' own sshd processes first: a controller's ControlPersist session keeps one alive, and
# with the link gone no close would ever reach it
pkill -TERM -P "$SSHD" 2>/dev/null
kill "$SSHD" ${HOLDER:-} 2>/dev/null
wine_keepalive_stop "$DIR"
bf_wineserver -k 2>/dev/null
exit 0
