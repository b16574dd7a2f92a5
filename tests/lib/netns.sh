# netns.sh - sourced INSIDE a fresh `unshare --net --mount --uts` namespace by the fixture tests
# (tests/e2e/run-fixture-tests.sh). Makes the namespace a private machine for Wine:
#
#   ns_private_machine WORK TEMPLATE HOST
#     /tmp/.wine-UID  a tmpfs: wineserver's socket directory, so no wineserver started outside (for any
#                prefix) can be reached from inside (the rest of /tmp stays: the checkout may live there);
#     /etc       a private copy bind-mounted over /etc (directory-level, so files in it can still be
#                replaced by rename); getaddrinfo under Wine goes to glibc, which reads /etc/hosts and
#                /etc/gai.conf from here;
#     prefix     WORK/prefix: an overlay whose lower layer is the TEMPLATE prefix (read-only, never
#                written) and whose upper layer is WORK/prefix.upper, so every fixture has its own
#                prefix in no time and without copying 700 MB (falls back to cp -a without overlayfs);
#     host name  HOST (UTS namespace); loopback up.
#   ns_veth NAME [PEER]   a veth pair (dummy interfaces are not available on these machines); the peer
#                         is left down unless the fixture brings it up.
#   ns_record WORK NAME...  what the fixture built, for tests/e2e/check_fixture.py: ip -j addr and the
#                         IPv4 main routing table, and for each NAME the order glibc's getaddrinfo gives
#                         (Wine's getaddrinfo calls it) and glibc's gethostbyname (what Wine's
#                         gethostbyname falls back to for any name but the exact host name).
#
# Why a private prefix AND a private wineserver directory: Wine's network information (nsiproxy in winedevice.exe) is
# answered by helper processes of the prefix's wineserver. Tried on this machine (Wine 8.0): with a
# wineserver for the prefix running outside and /tmp shared, `wine ipconfig /all` run inside the
# namespace lists the HOST's interfaces (eth0, ifb0, ...). With a private /tmp, or with a prefix that is
# a different directory (overlay mount: other device and inode, hence another server socket name), Wine
# inside starts its own wineserver and winedevice, which see only the namespace. Both are used here,
# and check_fixture.py fails when any adapter the namespace does not have shows up.

ns_private_machine() {
  local work=$1 template=$2 host=$3
  # only wineserver's own directory is made private, not all of /tmp: the checkout (and with it WORK)
  # may itself live under /tmp, as on CI machines
  local sockdir=/tmp/.wine-$(id -u)
  mkdir -p "$sockdir" && mount -t tmpfs -o mode=0700 tmpfs "$sockdir" || return 1
  mkdir -p "$work/etc" && cp -a /etc/. "$work/etc/" && mount --bind "$work/etc" /etc || return 1
  mkdir -p "$work/prefix" "$work/prefix.upper" "$work/prefix.ovwork"
  if mount -t overlay overlay \
       -o "lowerdir=$template,upperdir=$work/prefix.upper,workdir=$work/prefix.ovwork" "$work/prefix" 2>/dev/null; then
    echo "prefix: overlay over $template"
  else
    echo "prefix: overlayfs unavailable, copying $template"
    cp -a "$template/." "$work/prefix/" || return 1
  fi
  export WINEPREFIX=$work/prefix
  ip link set lo up
  hostname "$host"
}

ns_veth() {
  ip link add "$1" type veth peer name "${2:-${1}p}"
}

ns_record() {
  local work=$1; shift
  ip -j addr >"$work/ip-addr.json"
  ip -j -4 route show table main >"$work/ip-route4.json"
  # glibc's answer for the host name, in order, de-duplicated: the oracle for getaddrinfo under Wine
  python3 - "$@" >"$work/resolver-oracle.json" <<'EOF'
import json, socket, sys
out = {"getaddrinfo": {}, "gethostbyname": {}}
names = []
for q in sys.argv[1:]:  # and the lower-case spelling: Wine may report the host name lower-cased
    names += [n for n in (q, q.lower()) if n not in names]
for q in names:
    try:
        seen = []
        for a in socket.getaddrinfo(q, None, socket.AF_UNSPEC, socket.SOCK_STREAM):
            if a[4][0] not in seen:
                seen.append(a[4][0])
        out["getaddrinfo"][q] = seen
    except socket.gaierror as e:
        out["getaddrinfo"][q] = {"error": str(e)}
    try:
        out["gethostbyname"][q] = socket.gethostbyname_ex(q)[2]
    except OSError as e:
        out["gethostbyname"][q] = {"error": str(e)}
print(json.dumps(out))
EOF
}
