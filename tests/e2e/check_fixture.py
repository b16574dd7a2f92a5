#!/usr/bin/env python3
"""check_fixture.py NAME WORKDIR - compares what bindfix-cli collected inside a network fixture with what
the namespace really held. Prints one PASS:/FAIL: line per check; exits 1 when any failed.

WORKDIR (written by run-fixture-tests.sh and tests/lib/netns.sh inside the namespace):
  snap.json            bindfix-cli snapshot -o          scan.json, scan-json.rc   bindfix-cli scan --json
  scan.out, scan.rc    bindfix-cli scan --snapshot snap.json (text)
  ip-addr.json         ip -j addr                       ip-route4.json            ip -j -4 route (main)
  resolver-oracle.json glibc's getaddrinfo / gethostbyname answers, taken inside the namespace
  held.txt             "ADDRESS PORT WHO" for each TCP port the fixture holds (optional)
  prefix.upper/...     the fixture prefix's Windows hosts file (overlay upper layer)

Generic checks (every fixture) come from that recorded state, never from constants: the adapter set
equals the namespace's interfaces (a wineserver outside the namespace would show the host's), each
adapter's addresses and prefix lengths and link state, getaddrinfo's order against glibc's own, Wine's
gethostbyname rule (routes: default-route interface first), one bind probe per endpoint per resolved
address plus the wildcard with the result the namespace implies, the listeners, the hosts lines.
Then the checks particular to each fixture."""
import ipaddress, json, os, sys

name, work = sys.argv[1], sys.argv[2]
HOST = "EXCHSRV01"
failures = 0


def check(cond, what, detail=""):
    global failures
    if not cond:
        failures += 1
    print(("PASS: %s: %s" if cond else "FAIL: %s: %s") % (name, what) + ("" if cond or not detail else "  [%s]" % detail))


def load(fn, default=None):
    path = os.path.join(work, fn)
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def text(fn):
    path = os.path.join(work, fn)
    return open(path, encoding="utf-8", errors="replace").read() if os.path.exists(path) else ""


snap = load("snap.json")
ipaddr = load("ip-addr.json", [])
routes = load("ip-route4.json", [])
oracle = load("resolver-oracle.json", {"getaddrinfo": {}, "gethostbyname": {}})
held = [l.split() for l in text("held.txt").splitlines() if l.strip()]
# net.ipv4.ip_unprivileged_port_start where the fixture raised it and bindfix ran without
# CAP_NET_BIND_SERVICE (fixture 7); 0 otherwise (bindfix runs as root: every port may be bound)
unpriv_start = int(text("unprivileged-port-start").strip() or 0)
held = [(ipaddress.ip_address(a).compressed, int(p), who) for a, p, who in held]


def norm(a):
    return ipaddress.ip_address(a.split("%")[0]).compressed


# ------------------------------------------------------------------ what the namespace holds
ns = {}  # ifname -> {"up": bool, "addrs": {(addr, prefix)}, "v4": [addr in order], "index": n}
for i in ipaddr:
    flags = set(i.get("flags", []))
    ns[i["ifname"]] = {
        "up": "UP" in flags and "LOWER_UP" in flags,
        "addrs": {(norm(a["local"]), a["prefixlen"]) for a in i.get("addr_info", [])},
        "v4": [a["local"] for a in i.get("addr_info", []) if a["family"] == "inet"],
        "index": i["ifindex"],
    }
local_addrs = {a for v in ns.values() for a, _ in v["addrs"]}


def adapter(n):
    for a in snap["adapters"]:
        if a["friendly_name"] == n:
            return a
    return None


def addrs(a):
    return {(norm(x["address"]), x["prefix_length"]) for x in a["addresses"]} if a else set()


def resolution(api, query=HOST):
    for r in snap["resolver"]:
        if r["api"] == api and r["query"].upper() == query.upper():
            return r
    return None


def probe(protocol, address):
    for e in snap["endpoints"]:
        if e["protocol"] == protocol:
            for p in e["probes"]:
                if p["address"] == address:
                    return p
    return None


def wine_gethostbyname_rule():
    """Wine 8 get_local_ips: one IPv4 address (the interface's first) per interface that has a default
    route or a directly connected route in the main table; default-route interfaces first, in route
    order, then by metric. Returns (head that must match in order, tail whose order is unspecified)."""
    by_if = {}
    order = []
    ndefault = 0
    for r in routes:
        dev = r.get("dev")
        if r.get("dst") == "default":
            ndefault += 1
            d = ndefault
        elif "gateway" not in r and r.get("type", "unicast") == "unicast":
            d = 0
        else:
            continue
        m = r.get("metric", 0)
        if dev in by_if:
            by_if[dev]["metric"] = min(by_if[dev]["metric"], m)
            continue
        by_if[dev] = {"default": d, "metric": m}
        order.append(dev)
    first = lambda dev: ns[dev]["v4"][0] if dev in ns and ns[dev]["v4"] else "127.12.34.56"
    head = [first(d) for d in sorted((d for d in order if by_if[d]["default"]), key=lambda d: by_if[d]["default"])]
    rest = [d for d in order if not by_if[d]["default"]]
    metrics = sorted({by_if[d]["metric"] for d in rest})
    tail = [[first(d) for d in rest if by_if[d]["metric"] == m] for m in metrics]
    return head, tail


# ------------------------------------------------------------------ generic checks
# DNS names compare without case; Wine lower-cases the host name when /etc/hosts gives a canonical FQDN
check(snap["hostname"].upper() == HOST, "host name from the UTS namespace", snap["hostname"])

names = {a["friendly_name"] for a in snap["adapters"]}
check(names == set(ns), "the adapters are exactly the namespace's interfaces (no host interface leaked in)",
      "extra %s, missing %s" % (sorted(names - set(ns)), sorted(set(ns) - names)))
bad = [n for n in ns if adapter(n) and addrs(adapter(n)) != ns[n]["addrs"]]
check(not bad, "every adapter carries exactly the namespace's addresses and prefix lengths",
      "; ".join("%s: got %s, built %s" % (n, sorted(addrs(adapter(n))), sorted(ns[n]["addrs"])) for n in bad))
bad = [n for n in ns if adapter(n) and (adapter(n)["status"] == "up") != ns[n]["up"]]
check(not bad, "link state of every adapter (up exactly when the link is up)",
      "; ".join("%s: %s" % (n, adapter(n)["status"]) for n in bad))
lo = adapter("lo")
check(lo is not None and lo["kind"] == "loopback" and lo["if_type"] == 24, "lo is the loopback adapter (IfType 24)", str(lo and lo["kind"]))

# the default gateways (issue 15: an adapter's role, not its name, makes it the host's LAN): each adapter
# carries exactly the gateway of the default route through its interface, and no other adapter one
want_gw = {r["dev"]: r["gateway"] for r in routes if r.get("dst") == "default" and r.get("dev") and r.get("gateway")}
got_gw = {a["friendly_name"]: a["gateway"] for a in snap["adapters"] if a.get("gateway")}
check(got_gw == want_gw, "adapters carry exactly the default routes' gateways %s" % want_gw, str(got_gw))

queries = {r["query"] for r in snap["resolver"]}
want = {snap["hostname"]} | ({snap["fqdn"]} if snap["fqdn"] else set())
check(want <= queries and {r["api"] for r in snap["resolver"]} == {"gethostbyname", "getaddrinfo"},
      "resolver asked by both APIs for the host name and the FQDN", str(sorted(queries)))
for r in snap["resolver"]:
    q = r["query"]
    if r["api"] == "getaddrinfo":
        o = oracle["getaddrinfo"].get(q)
        if o is None:
            check(False, "glibc's answer for %r was recorded in the namespace" % q)
        elif isinstance(o, dict):
            check(r["error"] != 0 and not r["addresses"], "getaddrinfo(%s) fails as glibc does" % q, str(r))
        else:
            check(r["error"] == 0 and [norm(a) for a in r["addresses"]] == [norm(a) for a in o],
                  "getaddrinfo(%s) returns glibc's answer in glibc's order %s" % (q, o), str(r["addresses"]))
    elif q == HOST:  # Wine's own-name rule applies to gethostname()'s exact string only (strcmp)
        head, tail = wine_gethostbyname_rule()
        got = r["addresses"]
        ok = r["error"] == 0 and got[:len(head)] == head
        pos = len(head)
        for group in tail:
            ok = ok and sorted(got[pos:pos + len(group)]) == sorted(group)
            pos += len(group)
        ok = ok and pos == len(got)
        check(ok, "gethostbyname(own name) follows the routes: default-route interface first %s, then %s"
              % (head, tail), str(got))
    else:
        o = oracle["gethostbyname"].get(q)
        if isinstance(o, list):
            check(r["error"] == 0 and r["addresses"] == o, "gethostbyname(%s) is glibc's answer %s (Wine passes other names on)" % (q, o), str(r))

resolved = []
for r in snap["resolver"]:
    for a in r["addresses"]:
        if norm(a) not in resolved:
            resolved.append(norm(a))
wild = {"0.0.0.0", "::"}
for e in snap["endpoints"]:
    got = [norm(p["address"]) for p in e["probes"]]
    check(set(resolved) | {"0.0.0.0"} <= set(got) <= set(resolved) | wild and len(got) == len(set(got)),
          "%s/%d probed once on every resolved address and the wildcard, nowhere else" % (e["protocol"], e["port"]),
          "probed %s, resolved %s" % (got, resolved))
    wrong = []
    for p in e["probes"]:
        a = norm(p["address"])
        fam = ipaddress.ip_address(a).version
        busy = e["transport"] == "tcp" and any(
            h[1] == e["port"] and (h[0] == a or (a in wild and ipaddress.ip_address(h[0]).version == fam)) for h in held)
        exp = ("addrinuse", 10048) if busy else ("ok", 0) if (a in wild or a in local_addrs) else ("addrnotavail", 10049)
        if exp == ("ok", 0) and e["port"] < unpriv_start:   # fixture 7: the kernel refuses (EACCES = 10013)
            exp = ("access", 10013)
        if (p["result"], p["error"]) != exp:
            wrong.append("%s: %s/%d, expected %s/%d" % (a, p["result"], p["error"], exp[0], exp[1]))
        if p["result"] == "ok" and p["greeting"] != "not-tried":
            wrong.append("%s: bind was free yet greeting %s" % (a, p["greeting"]))
    check(not wrong, "%s/%d bind results match the namespace (free, held, or not this machine's address)"
          % (e["protocol"], e["port"]), "; ".join(wrong))

ls = sorted((norm(l["address"]), l["port"]) for l in snap["listeners"] if l["transport"] == "tcp")
check(ls == sorted((a, p) for a, p, _ in held), "TCP listeners are exactly the ports the fixture holds", str(ls))

win_hosts = os.path.join(work, "prefix.upper/drive_c/windows/system32/drivers/etc/hosts")
if not os.path.exists(win_hosts):
    win_hosts = os.path.join(work, "prefix/drive_c/windows/system32/drivers/etc/hosts")
exp_lines = []
for n, line in enumerate(open(win_hosts, encoding="utf-8").read().splitlines(), 1):
    f = line.split("#")[0].split()
    if len(f) >= 2 and any(x.upper() == HOST or x.upper().startswith(HOST + ".") for x in f[1:]):
        exp_lines.append((n, f[0]))
got_lines = [(e["line"], e["address"]) for e in snap["hosts"]["entries"]]
check(snap["hosts"]["status"] == "ok" and got_lines == exp_lines, "hosts lines naming the host, with line numbers %s" % exp_lines, str(got_lines))

scan_rc = int(text("scan-json.rc").strip() or 99)
scan = load("scan.json") if scan_rc in (0, 1) else None
check(scan is not None and "diagnosis" in scan, "bindfix-cli scan --json ran (exit %d) and printed a diagnosis" % scan_rc,
      text("scan-json.err")[-300:])
findings = [f["id"] for f in scan["diagnosis"]["findings"]] if scan else []
if scan:
    same = sorted((a["friendly_name"], tuple(sorted(addrs(a)))) for a in scan["adapters"]) == \
           sorted((a["friendly_name"], tuple(sorted(addrs(a)))) for a in snap["adapters"])
    check(same, "scan --json saw the same adapters and addresses as snapshot")
scan_txt = text("scan.out")
scan_txt_rc = int(text("scan.rc").strip() or 99)
check(scan_txt_rc == scan_rc, "text scan of the saved snapshot gives the live scan's exit status", "%d vs %d" % (scan_txt_rc, scan_rc))

# ------------------------------------------------------------------ per fixture
if name == "dialup-down":
    lan, ppp = adapter("lan0"), adapter("ppp0")
    check(lan is not None and lan["kind"] == "lan" and lan["status"] == "up" and ("192.0.2.10", 24) in addrs(lan), "LAN adapter up with 192.0.2.10/24", str(lan and lan["kind"]))
    check(ppp is not None and ppp["kind"] == "dialup", "ppp0 classified as dial-up", str(ppp and ppp["kind"]))
    check(ppp is not None and ppp["status"] in ("down", "disconnected"), "ppp0 is down", str(ppp and ppp["status"]))
    check(("198.51.100.7", 32) in addrs(ppp), "the down link still carries 198.51.100.7/32", str(addrs(ppp)))
    check(snap["fqdn"].lower() == "exchsrv01.corp.example", "FQDN from the resolver's canonical name", snap["fqdn"])
    r = resolution("gethostbyname")
    check(r is not None and r["addresses"] == ["192.0.2.10"], "gethostbyname: the LAN address only (the down link has no route)", str(r))
    check(probe("POP3", "198.51.100.7") is None, "the down link's address is not probed (the resolver never returned it)")
elif name == "hosts-unbound":
    r = resolution("getaddrinfo")
    check(r is not None and r["addresses"][:2] == ["203.0.113.50", "192.0.2.10"],
          "getaddrinfo returns the stale hosts address FIRST (the KB's situation)", str(r))
    tcp = [e for e in snap["endpoints"] if e["transport"] == "tcp"]
    check(len(tcp) >= 3 and all(probe(e["protocol"], "203.0.113.50")["error"] == 10049 for e in tcp),
          "every TCP endpoint fails with 10049 on 203.0.113.50 (the KB's failure, for real)", "%d endpoints" % len(tcp))
    check("BF-HOSTS-PIN" in findings and "BF-RESOLVER-UNBOUND" in findings and scan_rc == 1,
          "scan explains it: BF-HOSTS-PIN, BF-RESOLVER-UNBOUND, exit 1", str(findings))
    check("BF-HOSTS-PIN" in scan_txt and "203.0.113.50" in scan_txt, "the text scan names the finding and the address")
elif name == "port-held":
    p = probe("POP3", "192.0.2.10")
    check(p is not None and p["greeting"] == "answered" and p["greeting_text"].startswith("+OK linux pop3"),
          "POP3 held by a Linux listener: the connect probe reads its +OK greeting", str(p))
    q = probe("IMAP4", "192.0.2.10")
    check(q is not None and q["greeting"] == "wrong" and q["greeting_text"].startswith("+OK listen.exe"),
          "IMAP4 held by a Wine process that answers otherwise: told apart from a greeting", str(q))
    # owner "where the platform tells it": Wine gives PID 0 for every row (wine.md); the probe must then
    # say unknown (-1, no name) rather than name PID 0's "System Idle Process" or a guess
    rows = {(norm(l["address"]), l["port"]): l for l in snap["listeners"]}
    bad = []
    for a, port, _ in held:
        pr = probe({110: "POP3", 143: "IMAP4"}[port], a)
        pid = rows.get((a, port), {}).get("pid", -1)
        if pid > 0 and pr["owner_pid"] != pid:
            bad.append("%d: owner %d, table %d" % (port, pr["owner_pid"], pid))
        if pid <= 0 and (pr["owner_pid"] != -1 or pr["owner"]):
            bad.append("%d: table pid %d but owner %d %r" % (port, pid, pr["owner_pid"], pr["owner"]))
    check(not bad, "probe owners: the table's PID where it gives one, unknown where it gives 0", "; ".join(bad))
    check("BF-PORT-IN-USE" in findings and scan_rc == 1, "scan reports BF-PORT-IN-USE, exit 1", str(findings))
elif name == "ipv6":
    lan, v6 = adapter("lan0"), adapter("v6only")
    check(("2001:db8::10", 64) in addrs(lan) and ("192.0.2.10", 24) in addrs(lan), "dual-stack adapter with both prefixes", str(addrs(lan)))
    check(v6 is not None and ("2001:db8:1::20", 64) in addrs(v6) and all(x["family"] == 6 for x in v6["addresses"]),
          "IPv6-only adapter (no IPv4 address)", str(addrs(v6)))
    check(all(x["dad_state"] == "preferred" for x in v6["addresses"] if x["address"] == "2001:db8:1::20"), "its address is preferred (nodad)")
    r = resolution("getaddrinfo")
    check(r is not None and r["addresses"][:1] == ["2001:db8::10"], "getaddrinfo answers IPv6 first", str(r))
    check(probe("POP3", "2001:db8::10") is not None and probe("POP3", "::") is not None, "IPv6 address and IPv6 wildcard probed")
elif name == "many-unicode":
    want = ["ł€ñ-%02d" % i for i in range(32)]
    found = [n for n in want if adapter(n)]
    check(len(found) == 32, "32 adapters with non-ASCII names, intact in UTF-8", "%d found" % len(found))
    check(all(adapter(n)["description"] == n for n in found), "Description is the Linux name too (Wine)")
    check(all(("198.51.100.%d" % (i + 10), 32) in addrs(adapter(n)) for i, n in enumerate(want) if adapter(n)), "each carries its own address")
    check(len({adapter(n)["guid"] for n in found}) == 32, "32 distinct adapter GUIDs")
    check(adapter("Ethernet «alias»") is None, "the interface alias is not what Wine reports as FriendlyName")
    check("ł€ñ-00" in scan_txt, "the text scan shows the names in UTF-8")
elif name == "port-10013":
    eps = [e for e in snap["endpoints"] if e["port"] < unpriv_start]
    check(len(eps) >= 2, "catalogued ports below %d were probed" % unpriv_start, str([e["port"] for e in snap["endpoints"]]))
    denied = [(e["protocol"], p["address"]) for e in eps for p in e["probes"] if (p["result"], p["error"]) == ("access", 10013)]
    check(len(denied) >= 2 and not snap["listeners"], "a real 10013: binds refused with WSAEACCES while nothing listens", str(denied))
    pr = snap.get("port_ranges", {})
    check(pr.get("status") == "unavailable" and "gave no port table" in pr.get("problem", ""),
          "port ranges: Wine's netsh gives no table, the section says unavailable and why", str(pr)[:200])
    fs = [f for f in scan["diagnosis"]["findings"] if f["id"] == "BF-BIND-10013"] if scan else []
    check(len(fs) == len(eps) and all(f["severity"] == "error" for f in fs),
          "BF-BIND-10013 for each refused protocol", str([f["title"] for f in fs]))
    check(fs and all("an excluded or reserved port range holding its port" in f.get("cause_not_found", "") for f in fs),
          "BF-BIND-10013 is a root that says it looked for an excluded port range", str([f.get("cause_not_found") for f in fs])[:300])
    check("BF-BIND-10013" in scan_txt and "10013" in scan_txt, "the text scan of the saved snapshot shows the 10013")
elif name == "route-order":
    r = resolution("gethostbyname")
    check(r is not None and r["addresses"] == ["203.0.113.10", "192.0.2.10"],
          "gethostbyname: default-route adapter (created second) first, the /32 link (no route) absent", str(r))
    g = resolution("getaddrinfo")
    check(g is not None and g["addresses"] == ["192.0.2.10"], "getaddrinfo follows the hosts file instead", str(g))

sys.exit(1 if failures else 0)
