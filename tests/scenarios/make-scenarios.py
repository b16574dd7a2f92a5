#!/usr/bin/env python3
"""make-scenarios.py - writes the scenario library: whole-machine snapshots (NAME.json, in the exact
snapshot format) and what the diagnosis must say about each (NAME.expect.json), plus index.txt.

Run it after changing a scenario:  python3 tests/scenarios/make-scenarios.py
The probes in each snapshot are what a bind would answer on that machine: an address held by an up
adapter binds (or is taken by the listener named), any other address gives 10049.
Addresses: documentation ranges only (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32), APIPA.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))

OS = {
    "nt4sp3": ("Windows NT 4.0 Server", 4, 0, 1381, 3, "Service Pack 3"),
    "nt4sp4": ("Windows NT 4.0 Server", 4, 0, 1381, 4, "Service Pack 4"),
    "nt4sp5": ("Windows NT 4.0 Server", 4, 0, 1381, 5, "Service Pack 5"),
    "nt4sp6": ("Windows NT 4.0 Server", 4, 0, 1381, 6, "Service Pack 6"),
    "w2000": ("Windows 2000 Server", 5, 0, 2195, 4, "Service Pack 4"),
    "w2003": ("Windows Server 2003", 5, 2, 3790, 2, "Service Pack 2"),
    "w2008sp2": ("Windows Server 2008", 6, 0, 6002, 2, "Service Pack 2"),
    "w2012": ("Windows Server 2012", 6, 2, 9200, 0, ""),
    "w2016": ("Windows Server 2016", 10, 0, 14393, 0, ""),
    "w2019": ("Windows Server 2019", 10, 0, 17763, 0, ""),
}

def machine(name, os_key, product_type="server", hotfixes=()):
    p, ma, mi, b, sp, csd = OS[os_key]
    return {"schema": "bindfix-snapshot", "version": 1, "origin": "scenario:" + name,
            "collected_at": "2026-01-02T03:04:05Z", "tool_version": "0.1.0", "hostname": "SRV01",
            "fqdn": "srv01.example.com",
            "os": {"product": p, "major": ma, "minor": mi, "build": b, "sp_major": sp, "sp_minor": 0, "csd": csd,
                   "product_type": product_type, "hotfixes": list(hotfixes)},
            "adapters": [], "binding": {"status": "absent", "source": "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage\\Bind",
                                         "problem": "the value Bind does not exist", "entries": []},
            "resolver": [], "hosts": {"status": "ok", "path": "C:\\Windows\\System32\\drivers\\etc\\hosts", "problem": "", "entries": []},
            "endpoints": [], "listeners": [], "services": [],
            "event_log": {"status": "ok", "problem": "", "events": []}}

def adapter(m, guid, name, kind, status, addrs, desc=None, if_type=None, metric=-1, skip=(), gateway=None):
    a = {"guid": guid, "friendly_name": name, "description": desc or name, "kind": kind, "status": status,
         "if_type": if_type if if_type is not None else {"lan": 6, "dialup": 23, "vpn": 131, "loopback": 24}.get(kind, 6),
         "if_index": len(m["adapters"]) + 2, "metric4": metric, "metric6": metric, "mac": "",
         "addresses": []}
    for x in addrs:
        a["addresses"].append({"address": x, "family": 6 if ":" in x else 4,
                               "prefix_length": 64 if ":" in x else 24, "dad_state": "preferred",
                               "skip_as_source": (x in skip) if m["os"]["major"] >= 6 else None})
    if gateway:
        a["gateway"] = gateway
    m["adapters"].append(a)
    return a

def binding(m, *guids):
    m["binding"] = {"status": "ok", "source": "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage\\Bind",
                    "problem": "", "entries": ["\\Device\\" + g for g in guids]}

def resolve(m, api, addrs, query="SRV01"):
    m["resolver"].append({"api": api, "query": query, "error": 0, "addresses": list(addrs)})

def service(m, name, display, state="running", start="auto", pid=-1, deps=(), exit_code=0):
    m["services"].append({"name": name, "display_name": display, "state": state, "start_type": start,
                          "pid": pid if state == "running" else -1, "binary": "C:\\srv\\" + name.lower() + ".exe",
                          "exit_code": exit_code, "dependencies": list(deps)})

# The prefix policy table as `netsh interface ipv6 show prefixpolicies` shows Windows Server 2019's
# default (synthetic: written by hand in the documented layout), and the section that holds it.
POLICY_2019 = [("::1/128", 50, 0), ("::/0", 40, 1), ("::ffff:0:0/96", 35, 4), ("2002::/16", 30, 2), ("2001::/32", 5, 5),
               ("fc00::/7", 3, 13), ("fec0::/10", 1, 11), ("3ffe::/16", 1, 12), ("::/96", 1, 3)]

def policy(m, disabled_components=-1, rows=POLICY_2019):
    m["ipv6_policy"] = {"status": "ok", "source": "netsh interface ipv6 show prefixpolicies", "problem": "",
                        "disabled_components": disabled_components,
                        "policies": [{"prefix": p, "precedence": pr, "label": lb} for p, pr, lb in rows]}

def listener(m, port, pid, process, services, address="0.0.0.0", transport="tcp"):
    m["listeners"].append({"transport": transport, "address": address, "port": port, "pid": pid,
                           "process": process, "services": list(services)})

def event(m, source, eid, message, inserts=(), time="2026-01-02T02:00:00Z", log="Application", record=100):
    m["event_log"]["events"].append({"log": log, "source": source, "event_id": eid, "type": "error", "time": time,
                                     "record": record, "message": message, "inserts": list(inserts)})

def up_addresses(m):
    return {ad["address"] for a in m["adapters"] if a["status"] == "up" for ad in a["addresses"]}

def probes(m, targets, forced=None, v6only=None):
    """targets: (protocol, port, service, greeting). forced: {(port, address): (result, error, owner)}
    v6only: None: any wildcard listener holds every address (the older scenarios); True: a listener holds its own
    family only (Windows' default IPV6_V6ONLY); False: a [::] listener is dual-mode and holds IPv4 too."""
    forced = forced or {}
    addrs = []
    for r in m["resolver"]:
        for x in r["addresses"]:
            if x not in addrs:
                addrs.append(x)
    addrs.append("0.0.0.0")
    if any(":" in x for x in addrs[:-1]):
        addrs.append("::")
    usable = up_addresses(m)
    for proto, port, svc, greet in targets:
        e = {"protocol": proto, "transport": "tcp", "port": port, "service": svc, "probes": []}
        for x in addrs:
            owner, pid, greeting = "", -1, "not-tried"
            if (port, x) in forced:
                result, error, owner = forced[(port, x)]
            elif x in ("0.0.0.0", "::") or x in usable:
                result, error = "ok", 0
                for l in m["listeners"]:
                    if v6only is not None and (":" in l["address"]) != (":" in x) and \
                            not (v6only is False and l["address"] == "::"):
                        continue    # the other family's socket does not hold this address
                    if l["port"] == port and (l["address"] in ("0.0.0.0", "::") or l["address"] == x or x in ("0.0.0.0", "::")):
                        result, error = "addrinuse", 10048
                        owner = l["services"][0] if l["services"] else l["process"]
                        pid = l["pid"]
                        greeting = "answered" if greet else "not-tried"
            else:
                result, error = "addrnotavail", 10049
            e["probes"].append({"address": x, "result": result, "error": error, "owner_pid": pid, "owner": owner,
                                "greeting": greeting, "greeting_text": "+OK ready" if greeting == "answered" and greet == "pop3" else ""})
        m["endpoints"].append(e)

EX55 = [("LDAPS", 636, "MSExchangeDS", "ldap"), ("POP3", 110, "MSExchangeIS", "pop3"), ("IMAP4", 143, "MSExchangeIS", "imap")]
EX03 = [("POP3", 110, "POP3Svc", "pop3"), ("IMAP4", 143, "IMAP4Svc", "imap"), ("SMTP", 25, "SMTPSVC", "smtp")]
EX10 = [("POP3", 110, "MSExchangePOP3", "pop3"), ("IMAP4", 143, "MSExchangeIMAP4", "imap")]

LAN, LAN2, DUN, VPN = "{11111111-0000-0000-0000-000000000001}", "{22222222-0000-0000-0000-000000000002}", \
    "{33333333-0000-0000-0000-000000000003}", "{44444444-0000-0000-0000-000000000004}"

def ex55_services(m, ds_state="running"):
    service(m, "MSExchangeSA", "Microsoft Exchange System Attendant", pid=262)
    service(m, "MSExchangeDS", "Microsoft Exchange Directory", state=ds_state, pid=287, deps=["MSExchangeSA"])
    service(m, "MSExchangeIS", "Microsoft Exchange Information Store", pid=299, deps=["MSExchangeDS"])
    service(m, "MSExchangeMTA", "Microsoft Exchange Message Transfer Agent", pid=305, deps=["MSExchangeDS"])

def ex03_services(m, pop3="running"):
    service(m, "IISADMIN", "IIS Admin Service", pid=1500)
    service(m, "MSExchangeSA", "Microsoft Exchange System Attendant", pid=1600)
    service(m, "SMTPSVC", "Simple Mail Transfer Protocol (SMTP)", pid=1500, deps=["IISADMIN"])
    service(m, "POP3Svc", "Microsoft Exchange POP3", state=pop3, pid=1500, deps=["IISADMIN"], exit_code=0 if pop3 == "running" else 10048)
    service(m, "IMAP4Svc", "Microsoft Exchange IMAP4", pid=1500, deps=["IISADMIN"])
    listener(m, 25, 1500, "inetinfo.exe", ["SMTPSVC"])
    listener(m, 143, 1500, "inetinfo.exe", ["IMAP4Svc"])

def ex10_services(m, pop3="running", imap_start="manual", listen=("0.0.0.0",)):
    service(m, "MSExchangeADTopology", "Microsoft Exchange Active Directory Topology", pid=2000)
    service(m, "MSExchangePOP3", "Microsoft Exchange POP3", state=pop3, start="demand" if pop3 != "running" else "auto",
            pid=2100, deps=["MSExchangeADTopology"])
    service(m, "MSExchangeIMAP4", "Microsoft Exchange IMAP4", state="running" if imap_start != "disabled" else "stopped",
            start="auto" if imap_start != "disabled" else "disabled", pid=2200, deps=["MSExchangeADTopology"])
    for address in listen:
        if pop3 == "running":
            listener(m, 110, 2100, "Microsoft.Exchange.Pop3Service.exe", ["MSExchangePOP3"], address=address)
        if imap_start != "disabled":
            listener(m, 143, 2200, "Microsoft.Exchange.Imap4Service.exe", ["MSExchangeIMAP4"], address=address)

def port_ranges(m, ranges, dynamic=(49152, 16384), source="netsh", max_user_port=-1):
    """ranges: (transport, family, start, end, administered[, kind]) as netsh shows them (synthetic)"""
    m["port_ranges"] = {"status": "ok", "source": source, "problem": "", "dynamic_start": dynamic[0] if dynamic else -1,
                        "dynamic_count": dynamic[1] if dynamic else -1, "max_user_port": max_user_port,
                        "ranges": [{"transport": r[0], "family": r[1], "start": r[2], "end": r[3], "administered": r[4],
                                    "kind": r[5] if len(r) > 5 else "excluded"} for r in ranges]}

def winnat(m, state="running"):
    service(m, "winnat", "Windows NAT Driver", state=state, start="demand", pid=4)
    service(m, "hns", "Host Network Service", state=state, start="demand", pid=3100)

SCENARIOS = {}

def scenario(name, ids, evidence=(), note=""):
    def deco(fn):
        SCENARIOS[name] = (fn, sorted(set(ids)), list(evidence), note)
        return fn
    return deco

@scenario("kb-nt4sp4-ndiswan", ["BF-BIND-10049", "BF-RESOLVER-UNBOUND", "BF-KB-FIX-MISSING", "BF-ADAPTER-ORDER"],
          [["BF-RESOLVER-UNBOUND", "NdisWan4 (Dial-up, Disconnected) holds 198.51.100.7"],
           ["BF-BIND-10049", "bind(198.51.100.7:636) failed with 10049"]], "the KB's machine, without its events")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, DUN, "NdisWan4", "dialup", "disconnected", ["198.51.100.7"], desc="RAS Async Adapter (NDISWAN)")
    binding(m, DUN, LAN)
    resolve(m, "gethostbyname", ["198.51.100.7", "192.0.2.10"])
    ex55_services(m)
    probes(m, EX55)

@scenario("kb-after-sp5", [], [], "the same machine after SP5: the unbound address is no longer returned")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, DUN, "NdisWan4", "dialup", "disconnected", ["198.51.100.7"], desc="RAS Async Adapter (NDISWAN)")
    binding(m, LAN, DUN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    listener(m, 636, 287, "dsamain.exe", ["MSExchangeDS"])
    listener(m, 110, 299, "store.exe", ["MSExchangeIS"])
    listener(m, 143, 299, "store.exe", ["MSExchangeIS"])
    probes(m, EX55)

@scenario("kb-sp4-with-hotfix", [], [], "SP4 plus the Rnr-fix hotfix recorded under Hotfix\\Q214864")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, DUN, "NdisWan4", "dialup", "disconnected", ["198.51.100.7"], desc="RAS Async Adapter (NDISWAN)")
    binding(m, LAN, DUN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    probes(m, EX55)

@scenario("healthy-multihomed-2003", [], [], "two LAN adapters, both up, binding order respected")
def _(m):
    adapter(m, LAN, "Public", "lan", "up", ["192.0.2.10", "192.0.2.11"])
    adapter(m, LAN2, "Backup", "lan", "up", ["198.51.100.20"])
    binding(m, LAN, LAN2)
    resolve(m, "gethostbyname", ["192.0.2.10", "192.0.2.11", "198.51.100.20"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("ex55-on-domain-controller", ["BF-DC-LDAP-PORT"], [["BF-DC-LDAP-PORT", "bind(192.0.2.10:636) failed with 10048"]],
          "Exchange 5.5 on a Windows 2000 DC: Active Directory holds 389/636 (Q224447)")
def _(m):
    m["os"]["product_type"] = "domain-controller"
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    service(m, "NTDS", "Active Directory Domain Services", pid=480)
    listener(m, 636, 480, "lsass.exe", ["NTDS"])
    listener(m, 110, 299, "store.exe", ["MSExchangeIS"])
    listener(m, 143, 299, "store.exe", ["MSExchangeIS"])
    probes(m, EX55)

@scenario("vpn-first-in-binding-2003", ["BF-ADAPTER-ORDER"], [["BF-ADAPTER-ORDER", "binding position 1"]],
          "a VPN adapter ahead of the LAN in Tcpip\\Linkage\\Bind")
def _(m):
    adapter(m, VPN, "Corp VPN", "vpn", "up", ["203.0.113.5"], desc="TAP-Windows Adapter V9")
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, VPN, LAN)
    resolve(m, "gethostbyname", ["203.0.113.5", "192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("apipa-first-2008sp2", ["BF-ADAPTER-ORDER"], [["BF-ADAPTER-ORDER", "APIPA"]],
          "a LAN without DHCP answer (169.254/16) first on equal metrics (KB 2621067)")
def _(m):
    adapter(m, LAN2, "Local Area Connection 2", "lan", "up", ["169.254.10.20"], metric=20)
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"], metric=20)
    resolve(m, "getaddrinfo", ["169.254.10.20", "192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("vpn-low-metric-2016", ["BF-ADAPTER-ORDER"], [["BF-ADAPTER-ORDER", "metric 1"]],
          "a VPN client's adapter with metric 1 on Server 2016 (tailscale 4647)")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=25)
    adapter(m, VPN, "Tailnet", "vpn", "up", ["198.51.100.64"], desc="Wintun Userspace Tunnel", metric=1)
    resolve(m, "getaddrinfo", ["198.51.100.64", "192.0.2.10"])
    ex10_services(m)
    probes(m, EX10)

@scenario("iis-socket-pooling-pop3", ["BF-SOCKET-POOLING", "BF-SERVICE-STOPPED"],
          [["BF-SOCKET-POOLING", "bind(0.0.0.0:110) failed with 10048"]], "IIS holds 0.0.0.0:110 (KB 238131)")
def _(m):
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex03_services(m, pop3="stopped")
    listener(m, 110, 1500, "inetinfo.exe", ["IISADMIN", "SMTPSVC"])
    probes(m, EX03)

@scenario("stopped-dependency-ex55", ["BF-SERVICE-STOPPED", "BF-DEPENDENCY-STOPPED"],
          [["BF-DEPENDENCY-STOPPED", "MSExchangeIS depends on MSExchangeDS"]], "the directory is stopped")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m, ds_state="stopped")
    probes(m, EX55)

@scenario("ipv6-only-2016", [], [], "an adapter with IPv6 only")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["2001:db8::10"], metric=15)
    resolve(m, "getaddrinfo", ["2001:db8::10"])
    ex10_services(m)
    probes(m, EX10)

@scenario("hosts-pinning-2003", ["BF-HOSTS-PIN", "BF-RESOLVER-UNBOUND", "BF-BIND-10049"],
          [["BF-HOSTS-PIN", "line 22"], ["BF-RESOLVER-UNBOUND", "no adapter"]], "a stale hosts entry for the host")
def _(m):
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    m["hosts"]["entries"].append({"line": 22, "address": "203.0.113.50", "names": "SRV01 srv01.example.com",
                                  "text": "203.0.113.50  SRV01 srv01.example.com  # old address"})
    resolve(m, "gethostbyname", ["203.0.113.50"])
    resolve(m, "gethostbyname", ["192.0.2.10"], query="srv01.example.com")
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("disabled-nic-nt4sp4", ["BF-RESOLVER-UNBOUND", "BF-BIND-10049", "BF-KB-FIX-MISSING"],
          [["BF-RESOLVER-UNBOUND", "Disabled"]], "Q216091: a disabled NIC's address still returned")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, LAN2, "E100B2", "lan", "disabled", ["192.0.2.99"])
    binding(m, LAN, LAN2)
    resolve(m, "gethostbyname", ["192.0.2.10", "192.0.2.99"])
    ex55_services(m)
    probes(m, EX55)

@scenario("pop3-crash-loop-2010", ["BF-SERVICE-CRASH-LOOP"], [["BF-SERVICE-CRASH-LOOP", "3 crash record"]],
          "MSExchangePOP3 dies and is restarted by the SCM")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    for i, t in enumerate(["2026-01-02T01:00:00Z", "2026-01-02T01:05:00Z", "2026-01-02T01:10:00Z"]):
        event(m, "Service Control Manager", 7031, "The Microsoft Exchange POP3 service terminated unexpectedly.",
              ["Microsoft Exchange POP3", str(i + 1)], time=t, log="System", record=500 + i)
    probes(m, EX10)

@scenario("port-taken-by-other-2003", ["BF-PORT-IN-USE", "BF-SERVICE-STOPPED"],
          [["BF-PORT-IN-USE", "pop3proxy.exe"]], "another program listens on 110")
def _(m):
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex03_services(m, pop3="stopped")
    listener(m, 110, 999, "pop3proxy.exe", [])
    probes(m, EX03)

@scenario("excluded-port-range-2019", ["BF-BIND-10013"], [["BF-BIND-10013", "bind(192.0.2.10:143) failed with 10013"]],
          "143 inside an excluded port range")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m, imap_start="stopped-range")
    m["listeners"] = [l for l in m["listeners"] if l["port"] != 143]
    probes(m, EX10, {(143, "192.0.2.10"): ("access", 10013, ""), (143, "0.0.0.0"): ("access", 10013, "")})

# ---- issue 15, source 2: excluded and reserved port ranges (netsh tables written by hand: synthetic)

@scenario("winnat-range-imap4-2019", ["BF-PORT-EXCLUDED", "BF-BIND-10013"],
          [["BF-PORT-EXCLUDED", "tcp excluded range 100-199 (IPv4)"],
           ["BF-PORT-EXCLUDED", "bind(192.0.2.10:143) failed with 10013 and nothing listens there"],
           ["BF-BIND-10013", "bind(0.0.0.0:143) failed with 10013"]],
          "WinNAT took 100-199 at its start: IMAP4 143 is refused with nothing listening")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    winnat(m)
    m["listeners"] = [l for l in m["listeners"] if l["port"] != 143]
    port_ranges(m, [("tcp", 4, 100, 199, False), ("tcp", 4, 50000, 50059, True)])
    probes(m, EX10, {(143, "192.0.2.10"): ("access", 10013, ""), (143, "0.0.0.0"): ("access", 10013, "")})

@scenario("hns-range-pop3-stopped-2019", ["BF-PORT-EXCLUDED", "BF-BIND-10013", "BF-SERVICE-STOPPED"],
          [["BF-PORT-EXCLUDED", "tcp excluded range 60-159 (IPv4)"]],
          "POP3 (automatic) stopped: its port lies in a range the Host Network Service reserved")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    service(m, "MSExchangeADTopology", "Microsoft Exchange Active Directory Topology", pid=2000)
    service(m, "MSExchangePOP3", "Microsoft Exchange POP3", state="stopped", start="auto", deps=["MSExchangeADTopology"])
    service(m, "MSExchangeIMAP4", "Microsoft Exchange IMAP4", pid=2200, deps=["MSExchangeADTopology"])
    listener(m, 143, 2200, "Microsoft.Exchange.Imap4Service.exe", ["MSExchangeIMAP4"])
    service(m, "hns", "Host Network Service", state="running", start="demand", pid=3100)
    port_ranges(m, [("tcp", 4, 60, 159, False)])
    probes(m, EX10, {(110, "192.0.2.10"): ("access", 10013, ""), (110, "0.0.0.0"): ("access", 10013, "")})

@scenario("administered-exclusion-2019", ["BF-PORT-EXCLUDED", "BF-BIND-10013"],
          [["BF-PORT-EXCLUDED", "tcp excluded range 143-143 (IPv4), administered (*)"]],
          "an administrator excluded 143 by hand (netsh marks it *)")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    m["listeners"] = [l for l in m["listeners"] if l["port"] != 143]
    port_ranges(m, [("tcp", 4, 143, 143, True)])
    probes(m, EX10, {(143, "192.0.2.10"): ("access", 10013, ""), (143, "0.0.0.0"): ("access", 10013, "")})

@scenario("ranges-clear-of-services-2019", [], [],
          "WinNAT ranges and an administered exclusion, none on a catalogued port: nothing to say")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    winnat(m)
    port_ranges(m, [("tcp", 4, 5357, 5357, False), ("tcp", 4, 49709, 49808, False), ("tcp", 6, 50000, 50059, True),
                    ("udp", 4, 100, 199, False)])
    probes(m, EX10)

@scenario("range-without-probes-2016", ["BF-PORT-EXCLUDED"],
          [["BF-PORT-EXCLUDED", "tcp excluded range 1-200 (IPv4)"]],
          "a scan without probes: the range alone says POP3 and IMAP4 will be refused")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m, pop3="stopped")
    winnat(m, state="stopped")
    port_ranges(m, [("tcp", 4, 1, 200, False)])
    m["endpoints"] = [{"protocol": p, "transport": "tcp", "port": n, "service": s, "probes": []} for p, n, s, _ in EX10]

@scenario("ipv6-range-only-2019", ["BF-PORT-EXCLUDED", "BF-BIND-10013"],
          [["BF-PORT-EXCLUDED", "tcp excluded range 140-149 (IPv6)"],
           ["BF-PORT-EXCLUDED", "bind(:::143) failed with 10013"]],
          "only the IPv6 table holds 143: the IPv6 wildcard is refused, IPv4 binds")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    ex10_services(m, listen=("0.0.0.0", "::"))   # Exchange 2019 listens on both families
    winnat(m)
    m["listeners"] = [l for l in m["listeners"] if l["port"] != 143]
    port_ranges(m, [("tcp", 6, 140, 149, False)])
    probes(m, EX10, {(143, "2001:db8::10"): ("access", 10013, ""), (143, "::"): ("access", 10013, "")})

@scenario("reserved-ports-2003", [], [],
          "Server 2003 ReservedPorts 1433-1434 and MaxUserPort 65534: nothing catalogued inside, nothing to say")
def _(m):
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    port_ranges(m, [("tcp", 4, 1433, 1434, True, "reserved"), ("udp", 4, 1433, 1434, True, "reserved")], dynamic=None,
                source="registry", max_user_port=65534)
    probes(m, EX03)

# ---- issue 15, source 4: Hyper-V hosts, adapters classified by what they do

HV_EXT, HV_NIC, HV_NIC2, HV_INT = "{55555555-0000-0000-0000-000000000005}", "{66666666-0000-0000-0000-000000000006}", \
    "{77777777-0000-0000-0000-000000000007}", "{88888888-0000-0000-0000-000000000008}"

@scenario("hyperv-external-switch-2019", [], [],
          "Hyper-V external switch: vEthernet carries the default gateway and is the host's LAN, the physical NIC "
          "is bound only to the switch; a second NIC with a higher metric is not a reason to demote vEthernet")
def _(m):
    adapter(m, HV_EXT, "vEthernet (External)", "virtual", "up", ["192.0.2.10"], desc="Hyper-V Virtual Ethernet Adapter",
            metric=15, gateway="192.0.2.1")
    adapter(m, HV_NIC, "Ethernet", "lan", "up", [], desc="Intel(R) Ethernet Connection I219-LM", metric=25)
    adapter(m, HV_NIC2, "Ethernet 2", "lan", "up", ["203.0.113.5"], desc="Intel(R) I350 Gigabit Network Connection", metric=25)
    resolve(m, "getaddrinfo", ["192.0.2.10", "203.0.113.5"])
    ex10_services(m)
    probes(m, EX10)

@scenario("hyperv-internal-switch-first-2019", ["BF-ADAPTER-ORDER"],
          [["BF-ADAPTER-ORDER", "vEthernet (Default Switch): metric 5"]],
          "an internal switch (no gateway) with the lowest metric comes before the LAN that carries the gateway")
def _(m):
    adapter(m, HV_INT, "vEthernet (Default Switch)", "virtual", "up", ["198.51.100.1"], desc="Hyper-V Virtual Ethernet Adapter #2",
            metric=5)
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=25, gateway="192.0.2.1")
    resolve(m, "getaddrinfo", ["198.51.100.1", "192.0.2.10"])
    ex10_services(m)
    probes(m, EX10)

# ---- issue 15, source 1: http.sys's IP listen list

def http_listen(m, addresses, source="HttpQueryServiceConfiguration"):
    m["http_listen"] = {"status": "ok", "source": source, "problem": "", "addresses": list(addresses)}

def iis_services(m):
    service(m, "W3SVC", "World Wide Web Publishing Service", pid=2400, deps=["HTTP", "WAS"])
    service(m, "WinRM", "Windows Remote Management (WS-Management)", pid=2500, deps=["RPCSS", "HTTP"])

@scenario("http-listen-dead-entry-2019", ["BF-HTTP-LISTEN-DEAD"],
          [["BF-HTTP-LISTEN-DEAD", "HttpQueryServiceConfiguration lists 198.51.100.20 (entry 2 of 2)"],
           ["BF-HTTP-LISTEN-DEAD", "no adapter of this machine holds 198.51.100.20"]],
          "the listen list keeps the address of a NIC that was replaced")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10, gateway="192.0.2.1")
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    iis_services(m)
    http_listen(m, ["192.0.2.10", "198.51.100.20"])
    probes(m, EX10)

@scenario("http-listen-only-dead-2016", ["BF-HTTP-LISTEN-DEAD", "BF-HTTP-LISTEN-MISSES-HOST"],
          [["BF-HTTP-LISTEN-DEAD", "Ethernet 2 holds 203.0.113.7 but is Disconnected"],
           ["BF-HTTP-LISTEN-MISSES-HOST", "getaddrinfo(SRV01) returned 192.0.2.10 at position 1"]],
          "the only listen entry is on a disconnected NIC: IIS and WinRM answer nowhere")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10, gateway="192.0.2.1")
    adapter(m, LAN2, "Ethernet 2", "lan", "disconnected", ["203.0.113.7"], metric=20)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m)
    iis_services(m)
    http_listen(m, ["203.0.113.7"], source="registry")
    probes(m, EX10)

@scenario("http-listen-misses-host-2019", ["BF-HTTP-LISTEN-MISSES-HOST"],
          [["BF-HTTP-LISTEN-MISSES-HOST", "HttpQueryServiceConfiguration lists 1 address, not 2001:db8::10"]],
          "the listen list names the IPv4 address only; the host name resolves to its IPv6 address first")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["2001:db8::10", "192.0.2.10"], metric=10, gateway="192.0.2.1")
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    ex10_services(m, listen=("0.0.0.0", "::"))   # Exchange 2019 listens on both families
    iis_services(m)
    http_listen(m, ["192.0.2.10"])
    probes(m, EX10)

@scenario("http-listen-wildcard-2019", [], [],
          "0.0.0.0 and :: in the listen list: every address, nothing to say")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["2001:db8::10", "192.0.2.10"], metric=10, gateway="192.0.2.1")
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    ex10_services(m, listen=("0.0.0.0", "::"))   # Exchange 2019 listens on both families
    iis_services(m)
    http_listen(m, ["0.0.0.0", "::"])
    probes(m, EX10)

@scenario("healthy-ex55-sp6", [], [], "Exchange 5.5 on NT4 SP6, services listening")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, DUN, "NdisWan4", "dialup", "disconnected", ["198.51.100.7"], desc="RAS Async Adapter (NDISWAN)")
    binding(m, LAN, DUN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    listener(m, 636, 287, "dsamain.exe", ["MSExchangeDS"])
    listener(m, 110, 299, "store.exe", ["MSExchangeIS"])
    listener(m, 143, 299, "store.exe", ["MSExchangeIS"])
    probes(m, EX55)

@scenario("healthy-2019", [], [], "Exchange 2019, metrics set, protocols answering")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    adapter(m, VPN, "Management VPN", "vpn", "up", ["198.51.100.64"], metric=50)
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10", "198.51.100.64"])
    ex10_services(m, listen=("0.0.0.0", "::"))   # Exchange 2019 listens on both families
    probes(m, EX10)

@scenario("family-order-ipv4-listeners-2019", ["BF-FAMILY-ORDER"],
          [["BF-FAMILY-ORDER", "POP3 listener on 0.0.0.0 (IPv4)"], ["BF-FAMILY-ORDER", "returned 2001:db8::10 first (IPv6)"],
           ["BF-FAMILY-ORDER", "matches prefix ::/0, precedence 40 (the machine's prefix policy table)"]],
          "POP3 and IMAP4 listen on IPv4 only while the default policy table puts IPv6 first")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    policy(m)
    ex10_services(m)
    probes(m, EX10)

@scenario("prefer-ipv4-2019", [], [], "the same listeners with DisabledComponents 0x20: IPv4 first, healthy")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10", "2001:db8::10"])
    policy(m, 0x20, [(p, 100 if p == "::ffff:0:0/96" else pr, lb) for p, pr, lb in POLICY_2019])
    ex10_services(m)
    probes(m, EX10)

@scenario("ipv6-half-disabled-2019", ["BF-IPV6-HALF-DISABLED", "BF-FAMILY-ORDER"],
          [["BF-IPV6-HALF-DISABLED", "DisabledComponents: 0xFF (IPv6 off on every interface but loopback)"],
           ["BF-IPV6-HALF-DISABLED", "Ethernet (up) holds 2001:db8::10"]],
          "IPv6 disabled in the registry without the restart: the adapter still answers with IPv6 first")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    policy(m, 0xFF)
    ex10_services(m)
    probes(m, EX10)

@scenario("ipv6-listener-ipv4-first-2016", ["BF-FAMILY-ORDER"],
          [["BF-FAMILY-ORDER", "POP3 listener on :: (IPv6)"], ["BF-FAMILY-ORDER", "returned 192.0.2.10 first (IPv4)"],
           ["BF-FAMILY-ORDER", "DisabledComponents: 0x20 (prefer IPv4 over IPv6)"]],
          "POP3 and IMAP4 listen on IPv6 only ([::], IPV6_V6ONLY) while 0x20 puts IPv4 first")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10", "2001:db8::10"])
    policy(m, 0x20, [(p, 100 if p == "::ffff:0:0/96" else pr, lb) for p, pr, lb in POLICY_2019])
    ex10_services(m, listen=("::",))
    probes(m, EX10, v6only=True)

@scenario("admin-policy-vpn-first-2019", ["BF-FAMILY-ORDER"],
          [["BF-FAMILY-ORDER", "matches prefix ::ffff:198.51.100.0/120, precedence 45"]],
          "an administrator's prefix policy ranks the VPN's IPv4 range above IPv6; the listeners are IPv6 only")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["2001:db8::10"], metric=10)
    adapter(m, VPN, "Management VPN", "vpn", "up", ["198.51.100.64"], metric=50)
    resolve(m, "getaddrinfo", ["198.51.100.64", "2001:db8::10"])
    policy(m, -1, POLICY_2019 + [("::ffff:198.51.100.0/120", 45, 4)])
    ex10_services(m, listen=("::",))
    probes(m, EX10, v6only=True)

@scenario("imap4-disabled-2010", ["BF-SERVICE-DISABLED"], [["BF-SERVICE-DISABLED", "MSExchangeIMAP4: start type disabled"]],
          "an administrator disabled IMAP4")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex10_services(m, imap_start="disabled")
    probes(m, EX10)

@scenario("order-mismatch-2003", ["BF-ORDER-MISMATCH"], [["BF-ORDER-MISMATCH", "observed: 198.51.100.20, 192.0.2.10"]],
          "the machine answers in an order the binding rule does not predict")
def _(m):
    adapter(m, LAN, "Public", "lan", "up", ["192.0.2.10"])
    adapter(m, LAN2, "Backup", "lan", "up", ["198.51.100.20"])
    binding(m, LAN, LAN2)
    resolve(m, "gethostbyname", ["198.51.100.20", "192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("skip-as-source-2012", [], [], "a second address marked SkipAsSource is left out of the answer")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "192.0.2.50"], metric=10, skip=("192.0.2.50",))
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("ras-server-first-2000", ["BF-ADAPTER-ORDER"], [["BF-ADAPTER-ORDER", "WAN Miniport"]],
          "a RAS server's internal adapter first in the binding order")
def _(m):
    adapter(m, DUN, "WAN Miniport (PPP)", "dialup", "up", ["198.51.100.1"], desc="WAN Miniport (PPP)")
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, DUN, LAN)
    resolve(m, "gethostbyname", ["198.51.100.1", "192.0.2.10"])
    ex03_services(m)
    listener(m, 110, 1500, "inetinfo.exe", ["POP3Svc"])
    probes(m, EX03)

@scenario("nt4-sp3-dialup", [], [], "before SP4 the binding order had no effect and unbound addresses were not returned")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    adapter(m, DUN, "NdisWan4", "dialup", "disconnected", ["198.51.100.7"], desc="RAS Async Adapter (NDISWAN)")
    binding(m, DUN, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    probes(m, EX55)

@scenario("events-only-after-reboot", ["BF-EVENTS"], [["BF-EVENTS", "MSExchangeDS 1309: 2 record(s)"]],
          "the failure is in the log from before a fix; the probes are clean now")
def _(m):
    adapter(m, LAN, "E100B1", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    resolve(m, "gethostbyname", ["192.0.2.10"])
    ex55_services(m)
    for i, t in enumerate(["2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z"]):
        event(m, "MSExchangeDS", 1309, "Register LDAP SSL protocol failed with error 10049.", ["10049"], time=t, record=10 + i)
    probes(m, EX55)

@scenario("hosts-pin-and-port-taken-2003", ["BF-HOSTS-PIN", "BF-RESOLVER-UNBOUND", "BF-BIND-10049", "BF-PORT-IN-USE",
                                             "BF-SERVICE-STOPPED"],
          [["BF-HOSTS-PIN", "line 22"], ["BF-PORT-IN-USE", "pop3proxy.exe"]],
          "two independent causes: a stale hosts line, and another program on the POP3 port")
def _(m):
    adapter(m, LAN, "Local Area Connection", "lan", "up", ["192.0.2.10"])
    binding(m, LAN)
    m["hosts"]["entries"].append({"line": 22, "address": "203.0.113.50", "names": "SRV01 srv01.example.com",
                                  "text": "203.0.113.50  SRV01 srv01.example.com  # old address"})
    resolve(m, "gethostbyname", ["203.0.113.50"])
    resolve(m, "gethostbyname", ["192.0.2.10"], query="srv01.example.com")
    ex03_services(m, pop3="stopped")
    listener(m, 110, 999, "pop3proxy.exe", [])
    probes(m, EX03)

@scenario("vpn-first-and-imap4-disabled-2016", ["BF-ADAPTER-ORDER", "BF-SERVICE-DISABLED"],
          [["BF-ADAPTER-ORDER", "VPN"], ["BF-SERVICE-DISABLED", "MSExchangeIMAP4"]],
          "two independent causes: a VPN adapter ordered first, and IMAP4 disabled")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=25)
    adapter(m, VPN, "Corp VPN", "vpn", "up", ["198.51.100.20"], desc="TAP-Windows Adapter V9", metric=5)
    resolve(m, "getaddrinfo", ["198.51.100.20", "192.0.2.10"])
    ex10_services(m, imap_start="disabled")
    probes(m, EX10)

# ---- products whose own setting pins their listen addresses (core/pins.h, issue 15 source 3). The "pins"
# rows are what gui/sys/pins.c reads from each product's registry key (synthetic: written by hand).
DNS_KEY = "SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters"
SQL_KEY = "SOFTWARE\\Microsoft\\Microsoft SQL Server"
RDP_KEY = "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp"

def pin(m, product, service, setting, role, address="", adapter="", port=-1, enabled=True, instance="",
        fix_kind="", fix_key="", fix_value=""):
    m.setdefault("pins", {"status": "ok", "problem": "", "entries": []})["entries"].append(
        {"product": product, "instance": instance, "service": service, "setting": setting, "role": role,
         "address": address, "adapter": adapter, "port": port, "enabled": enabled, "fix_kind": fix_kind,
         "fix_key": fix_key, "fix_value": fix_value})

def dns_list(m, value, addrs, role):
    setting = "HKLM\\" + DNS_KEY + "\\" + value
    if not addrs and role == "listen":
        pin(m, "dns", "DNS", setting, "all", port=53)
    for a in addrs:
        pin(m, "dns", "DNS", setting, role, address=a, port=53, fix_kind="list", fix_key=DNS_KEY, fix_value=value)

def sql_instance(m, instance, instance_id, listen_all, entries):
    """entries: (n, address, enabled)"""
    tcp = SQL_KEY + "\\" + instance_id + "\\MSSQLServer\\SuperSocketNetLib\\Tcp"
    service = "MSSQLSERVER" if instance == "MSSQLSERVER" else "MSSQL$" + instance
    if listen_all:
        pin(m, "sqlserver", service, "HKLM\\" + tcp + "\\ListenOnAllIPs", "all", port=1433, instance=instance)
    for n, a, en in entries:
        pin(m, "sqlserver", service, "HKLM\\" + tcp + "\\IP%d\\IpAddress" % n, "listen", address=a, port=1433,
            enabled=(not listen_all) and en, instance=instance, fix_kind="flag", fix_key=tcp + "\\IP%d" % n,
            fix_value="Enabled")

def rdp(m, adapter_guid):
    setting = "HKLM\\" + RDP_KEY + "\\LanAdapter"
    if adapter_guid is None:
        pin(m, "rdp", "TermService", setting, "all", port=3389)
    else:
        pin(m, "rdp", "TermService", setting, "listen", adapter=adapter_guid, port=3389, fix_kind="selector",
            fix_key=RDP_KEY, fix_value="LanAdapter")

def server_2019(m, addrs=("192.0.2.10",)):
    adapter(m, LAN, "Ethernet", "lan", "up", list(addrs), metric=25)
    resolve(m, "getaddrinfo", list(addrs))

@scenario("dns-dead-listen-address-2019", ["BF-PIN-DEAD"],
          [["BF-PIN-DEAD", "ListenAddresses = 198.51.100.99 (listen, in effect)"],
           ["BF-PIN-DEAD", "no adapter of this machine holds 198.51.100.99"]],
          "the DNS Server listens on 192.0.2.10 and on an address the machine no longer has")
def _(m):
    server_2019(m)
    service(m, "DNS", "DNS Server", pid=1800)
    dns_list(m, "ListenAddresses", ["198.51.100.99", "192.0.2.10"], "listen")

@scenario("dns-listens-nowhere-2019", ["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"],
          [["BF-PIN-NO-CLIENT-ADDRESS", "getaddrinfo returned 192.0.2.10"]],
          "the DNS Server's only listen address is gone: it runs and answers nobody")
def _(m):
    server_2019(m)
    service(m, "DNS", "DNS Server", pid=1800)
    dns_list(m, "ListenAddresses", ["198.51.100.99"], "listen")

@scenario("dns-publishes-old-address-2016", ["BF-PIN-DEAD"],
          [["BF-PIN-DEAD", "PublishAddresses = 203.0.113.50 (publish, in effect)"]],
          "the DNS Server listens everywhere but publishes the server's old address in its own A record")
def _(m):
    server_2019(m)
    service(m, "DNS", "DNS Server", pid=1800)
    dns_list(m, "ListenAddresses", [], "listen")
    dns_list(m, "PublishAddresses", ["203.0.113.50"], "publish")

@scenario("dns-ipv6-listen-healthy-2016", [], [], "the DNS Server listens on its IPv6 address, which the LAN holds")
def _(m):
    server_2019(m, ("2001:db8::53", "192.0.2.10"))
    service(m, "DNS", "DNS Server", pid=1800)
    dns_list(m, "ListenAddresses", ["2001:DB8::53"], "listen")

@scenario("sql-dead-ip-service-stopped-2019", ["BF-PIN-DEAD", "BF-SERVICE-STOPPED"],
          [["BF-PIN-DEAD", "IP2\\IpAddress = 198.51.100.99 (listen, in effect)"],
           ["BF-SERVICE-STOPPED", "MSSQLSERVER: stopped, start type auto, exit code 10049"]],
          "SQL Server with Listen All off and an enabled IP2 on a gone address does not start (10049)")
def _(m):
    server_2019(m)
    service(m, "MSSQLSERVER", "SQL Server (MSSQLSERVER)", state="stopped", exit_code=10049)
    sql_instance(m, "MSSQLSERVER", "MSSQL15.MSSQLSERVER", False, [(1, "192.0.2.10", True), (2, "198.51.100.99", True)])

@scenario("sql-listen-all-healthy-2019", [], [], "Listen All on: the dead IP2 entry is not in effect")
def _(m):
    server_2019(m)
    service(m, "MSSQLSERVER", "SQL Server (MSSQLSERVER)", pid=2400)
    sql_instance(m, "MSSQLSERVER", "MSSQL15.MSSQLSERVER", True, [(1, "192.0.2.10", True), (2, "198.51.100.99", True)])

@scenario("sql-named-instance-on-down-adapter-2016", ["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"],
          [["BF-PIN-DEAD", "Backup LAN holds it but is Disconnected"],
           ["BF-PIN-NO-CLIENT-ADDRESS", "IP2\\IpAddress = 192.0.2.10 (listen, not in effect)"]],
          "a named instance enabled only on the backup LAN's address while that adapter is unplugged")
def _(m):
    server_2019(m)
    adapter(m, LAN2, "Backup LAN", "lan", "disconnected", ["203.0.113.7"])
    service(m, "MSSQL$SALES", "SQL Server (SALES)", pid=2500)
    sql_instance(m, "SALES", "MSSQL15.SALES", False, [(1, "203.0.113.7", True), (2, "192.0.2.10", False)])

@scenario("rdp-lan-adapter-disconnected-2012", ["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"],
          [["BF-PIN-DEAD", "Corp VPN holds it but is Disconnected"]],
          "Remote Desktop bound to the VPN adapter's LANA, which is disconnected")
def _(m):
    server_2019(m)
    adapter(m, VPN, "Corp VPN", "vpn", "disconnected", ["198.51.100.20"])
    service(m, "TermService", "Remote Desktop Services", pid=900)
    rdp(m, VPN)

@scenario("rdp-all-adapters-healthy-2019", [], [], "Remote Desktop on every adapter (LanAdapter 0)")
def _(m):
    server_2019(m)
    service(m, "TermService", "Remote Desktop Services", pid=900)
    rdp(m, None)

def exchange_bindings(m, protocol, service, plain, ssl):
    """Exchange 2010-2019 POP3/IMAP4 bindings as read from Active Directory (msExchServerBindings,
    msExchSecureBindings on CN=1,CN=<protocol>,CN=Protocols,CN=<server>,...): synthetic rows"""
    dn = "CN=1,CN=%s,CN=Protocols,CN=SRV01,CN=Servers,CN=Exchange Administrative Group,CN=Administrative Groups," \
         "CN=Example,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=example,DC=com" % protocol
    for attr, which, entries in (("msExchServerBindings", "UnencryptedOrTLSBindings", plain),
                                 ("msExchSecureBindings", "SSLBindings", ssl)):
        for e in entries:
            addr, port = e.rsplit(":", 1)
            addr = addr.strip("[]")
            every = addr in ("0.0.0.0", "::")
            pin(m, "exchange", service, "LDAP " + dn + " " + attr, "all" if every else "listen",
                address="" if every else addr, port=int(port), instance=protocol, fix_kind="exchange-shell",
                fix_key=which, fix_value=e)

@scenario("exchange2016-pop3-bound-to-old-address", ["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"],
          [["BF-PIN-DEAD", "msExchServerBindings = 198.51.100.99 (listen, in effect)"],
           ["BF-PIN-NO-CLIENT-ADDRESS", "getaddrinfo returned 192.0.2.10"]],
          "Exchange 2016 POP3 bound (Set-PopSettings) to the server's old address only; the fix is the shell command")
def _(m):
    server_2019(m)
    ex10_services(m)
    exchange_bindings(m, "POP3", "MSExchangePOP3", ["198.51.100.99:110"], ["198.51.100.99:995"])
    probes(m, EX10)

# The cause tree each scenario must give, exactly: the root causes (the findings nothing explains) and the
# links "CAUSE > EFFECT" between finding IDs.
# What DNS publishes for the host's name (issue 16 part 1): the section as DnsQuery_W's answer would fill it
# (synthetic: written by hand in the documented shape, not recorded).
def dns(m, addrs, error=0, name="srv01.example.com"):
    m["dns_publication"] = {"status": "ok", "source": "DnsQuery_W A+AAAA (wire only, cache and hosts file bypassed)",
                            "problem": "", "name": name, "error": error, "addresses": list(addrs)}

@scenario("dns-publishes-vpn-2019", ["BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "Management VPN (VPN/tunnel, Up) holds 198.51.100.64; registers in DNS: yes"],
           ["BF-DNS-UNUSABLE", "DNS answered 198.51.100.64 (2 of 2)"]],
          "the VPN adapter registers its address in DNS beside the LAN's: clients get the VPN address too")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)["dns_register"] = True
    adapter(m, VPN, "Management VPN", "vpn", "up", ["198.51.100.64"], metric=50)["dns_register"] = True
    resolve(m, "getaddrinfo", ["192.0.2.10", "198.51.100.64"])
    dns(m, ["192.0.2.10", "198.51.100.64"])

@scenario("dns-publishes-vpn-already-off-2019", ["BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "Management VPN (VPN/tunnel, Up) holds 198.51.100.64; registers in DNS: no"],
           ["BF-DNS-UNUSABLE", "DNS answered 198.51.100.64 (2 of 2)"]],
          "the VPN adapter's registration is off already (after a repair): DNS still has its record, which only "
          "the DNS administrator can remove, so the finding offers no action")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)["dns_register"] = True
    adapter(m, VPN, "Management VPN", "vpn", "up", ["198.51.100.64"], metric=50)["dns_register"] = False
    resolve(m, "getaddrinfo", ["192.0.2.10", "198.51.100.64"])
    dns(m, ["192.0.2.10", "198.51.100.64"])

@scenario("dns-publishes-dialup-nt-2003", ["BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "RAS (Dial-up, Disconnected) holds 198.51.100.7; registers in DNS: yes"]],
          "the dial-up connection registered its address while it was up; now it is not dialled")
def _(m):
    adapter(m, LAN, "Public", "lan", "up", ["192.0.2.10"])["dns_register"] = True
    adapter(m, DUN, "RAS", "dialup", "disconnected", ["198.51.100.7"], desc="WAN Miniport (PPP)")["dns_register"] = True
    resolve(m, "gethostbyname", ["192.0.2.10"])
    dns(m, ["198.51.100.7", "192.0.2.10"])

@scenario("dns-publishes-apipa-2016", ["BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "Backup (LAN, Up) holds 169.254.20.5; registers in DNS: yes"]],
          "the backup NIC got no DHCP answer and registered its APIPA address")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10, gateway="192.0.2.1")["dns_register"] = True
    adapter(m, LAN2, "Backup", "lan", "up", ["169.254.20.5"], metric=20)["dns_register"] = True
    resolve(m, "getaddrinfo", ["192.0.2.10", "169.254.20.5"])
    dns(m, ["192.0.2.10", "169.254.20.5"])

@scenario("dns-publishes-skip-as-source-2012", ["BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "Ethernet (LAN, Up) holds 192.0.2.99; registers in DNS: yes"]],
          "a second address set SkipAsSource after it was registered: its record is left behind")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "192.0.2.99"], metric=10, skip=("192.0.2.99",))["dns_register"] = True
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    dns(m, ["192.0.2.10", "192.0.2.99"])

@scenario("dns-stale-only-2019", ["BF-DNS-NO-USABLE", "BF-DNS-UNUSABLE"],
          [["BF-DNS-UNUSABLE", "no adapter of this machine holds 203.0.113.50"],
           ["BF-DNS-NO-USABLE", "for srv01.example.com: 203.0.113.50"]],
          "the server moved to a new address; the LAN adapter does not register, DNS still has the old one")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)["dns_register"] = False
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    dns(m, ["203.0.113.50"])

@scenario("dns-no-record-2016", ["BF-DNS-NO-USABLE"],
          [["BF-DNS-NO-USABLE", "for srv01.example.com: no address (status 9003)"]],
          "DisableDynamicUpdate on the only adapter: DNS has no record of the server at all")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)["dns_register"] = False
    resolve(m, "getaddrinfo", ["192.0.2.10"])
    dns(m, [], error=9003)

@scenario("dns-healthy-hyperv-2019", [], [],
          "DNS publishes the host's vEthernet address (it carries the gateway: the real LAN) and its IPv6 address")
def _(m):
    adapter(m, LAN, "vEthernet (External)", "virtual", "up", ["192.0.2.10", "2001:db8::10"], metric=10,
            gateway="192.0.2.1")["dns_register"] = True
    resolve(m, "getaddrinfo", ["2001:db8::10", "192.0.2.10"])
    dns(m, ["192.0.2.10", "2001:db8::10"])

@scenario("dual-mode-listener-ipv4-first-2019", [], [],
          "POP3 and IMAP4 listen on [::] with IPV6_V6ONLY off (dual-mode): IPv4 first is served, no family finding")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10", "2001:db8::10"])
    policy(m, 0x20, [(p, 100 if p == "::ffff:0:0/96" else pr, lb) for p, pr, lb in POLICY_2019])
    ex10_services(m, listen=("::",))
    probes(m, EX10, v6only=False)

@scenario("v6only-listener-ipv4-first-2019", ["BF-FAMILY-ORDER"],
          [["BF-FAMILY-ORDER", "POP3 listener on :: (IPv6)"], ["BF-FAMILY-ORDER", "returned 192.0.2.10 first (IPv4)"]],
          "the same [::] listeners with IPV6_V6ONLY (Windows' default): the IPv4 binds are free, IPv4 first is not served")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    resolve(m, "getaddrinfo", ["192.0.2.10", "2001:db8::10"])
    policy(m, 0x20, [(p, 100 if p == "::ffff:0:0/96" else pr, lb) for p, pr, lb in POLICY_2019])
    ex10_services(m, listen=("::",))
    probes(m, EX10, v6only=True)

# The startup race (issue 16 part 3): the times are synthetic (written by hand), in the shape the collector
# writes them (MIB_UNICASTIPADDRESS_ROW.CreationTimeStamp, GetProcessTimes).
def started(m, when):
    for v in m["services"]:
        if v["state"] == "running":
            v["started"] = when

@scenario("startup-race-late-address-2019", ["BF-STARTUP-RACE"],
          [["BF-STARTUP-RACE", "MSExchangePOP3 started at 2026-01-02T02:00:00Z"],
           ["BF-STARTUP-RACE", "198.51.100.20 on Backup: created 2026-01-02T02:00:40Z, preferred"],
           ["BF-STARTUP-RACE", "POP3 port 110 on 198.51.100.20: OK (nothing listens there)"]],
          "POP3 and IMAP4 bind the host's addresses at start; the backup NIC's address came 40 s later")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    b = adapter(m, LAN2, "Backup", "lan", "up", ["198.51.100.20"], metric=20)
    b["addresses"][0]["created"] = "2026-01-02T02:00:40Z"
    resolve(m, "getaddrinfo", ["192.0.2.10", "198.51.100.20"])
    ex10_services(m, listen=("192.0.2.10",))
    started(m, "2026-01-02T02:00:00Z")
    probes(m, EX10)

@scenario("startup-race-tentative-2016", ["BF-STARTUP-RACE"],
          [["BF-STARTUP-RACE", "2001:db8::10 on Ethernet: created (time not known), tentative"]],
          "the IPv6 address is still tentative (duplicate address detection) while POP3 and IMAP4 run")
def _(m):
    a = adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10", "2001:db8::10"], metric=10)
    a["addresses"][1]["dad_state"] = "tentative"
    resolve(m, "getaddrinfo", ["192.0.2.10", "2001:db8::10"])
    policy(m, 0x20, [(p, 100 if p == "::ffff:0:0/96" else pr, lb) for p, pr, lb in POLICY_2019])
    ex10_services(m, listen=("192.0.2.10",))
    started(m, "2026-01-02T02:00:00Z")
    probes(m, EX10)

@scenario("startup-race-demand-start-2019", ["BF-STARTUP-RACE"],
          [["BF-STARTUP-RACE", "MSExchangePOP3 started at 2026-01-02T02:00:00Z"]],
          "the late backup address again, POP3 set to start by hand (demand): for it a restart only, Delayed "
          "Automatic Start is for auto-start services (IMAP4, auto-start, gets both)")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    b = adapter(m, LAN2, "Backup", "lan", "up", ["198.51.100.20"], metric=20)
    b["addresses"][0]["created"] = "2026-01-02T02:00:40Z"
    resolve(m, "getaddrinfo", ["192.0.2.10", "198.51.100.20"])
    ex10_services(m, listen=("192.0.2.10",))
    for v in m["services"]:
        if v["name"] == "MSExchangePOP3":
            v["start_type"] = "demand"
    started(m, "2026-01-02T02:00:00Z")
    probes(m, EX10)

@scenario("late-address-wildcard-listener-2019", [], [],
          "the backup NIC's address came after the services started, but they listen on 0.0.0.0: served")
def _(m):
    adapter(m, LAN, "Ethernet", "lan", "up", ["192.0.2.10"], metric=10)
    b = adapter(m, LAN2, "Backup", "lan", "up", ["198.51.100.20"], metric=20)
    b["addresses"][0]["created"] = "2026-01-02T02:00:40Z"
    resolve(m, "getaddrinfo", ["192.0.2.10", "198.51.100.20"])
    ex10_services(m)
    started(m, "2026-01-02T02:00:00Z")
    probes(m, EX10)

# ---- issue 15: PID 4 is http.sys (URL reservations and SSL bindings), and every source in one machine

IIS_EP = [("HTTP", 80, "W3SVC", ""), ("HTTPS", 443, "W3SVC", ""), ("SMTP", 25, "SMTPSVC", "smtp")]

def iis_machine(m, w3svc="running"):
    server_2019(m)
    service(m, "IISADMIN", "IIS Admin Service", pid=1500)
    service(m, "WAS", "Windows Process Activation Service", pid=1600)
    service(m, "W3SVC", "World Wide Web Publishing Service", state=w3svc, start="auto" if w3svc == "running" else "demand",
            pid=1700 if w3svc == "running" else -1, deps=["HTTP", "WAS"])
    service(m, "SMTPSVC", "Simple Mail Transfer Protocol (SMTP)", pid=1800, deps=["IISADMIN"])
    listener(m, 25, 1800, "inetinfo.exe", ["SMTPSVC"])

@scenario("iis-sites-under-pid4-healthy-2019", [], [],
          "IIS's sites listen through http.sys: port 80 and 443 show PID 4 (System) while W3SVC runs - the healthy case")
def _(m):
    iis_machine(m)
    listener(m, 80, 4, "System", [])
    listener(m, 443, 4, "System", [])
    http_listen(m, [])
    m["http_listen"]["ssl_bindings"] = ["0.0.0.0:443"]
    probes(m, IIS_EP, {(p, x): ("addrinuse", 10048, "System") for p in (80, 443) for x in ("192.0.2.10", "0.0.0.0")})
    for e in m["endpoints"]:
        for p in e["probes"]:
            if p["owner"] == "System":
                p["owner_pid"] = 4

@scenario("http-sys-holds-port-80-2019", ["BF-PORT-IN-USE", "BF-HTTP-LISTEN-DEAD", "BF-PIN-DEAD"],
          [["BF-PORT-IN-USE", "http.sys URL reservation http://+:80/ReportServer/ names port 80"],
           ["BF-PORT-IN-USE", "http.sys SSL binding 0.0.0.0:443 names port 443"],
           ["BF-HTTP-LISTEN-DEAD", "no adapter of this machine holds 198.51.100.20"]],
          "W3SVC stopped; PID 4 holds 80 and 443 for Reporting Services' URL reservation and an SSL binding: "
          "bindfix names http.sys and the registration, not just System; with excluded ranges, a dead listen "
          "list entry and a dead SQL Server IP in the same machine (the console's issue 15 views)")
def _(m):
    iis_machine(m, w3svc="stopped")
    service(m, "SQLServerReportingServices", "SQL Server Reporting Services", pid=2600, deps=["HTTP"])
    service(m, "MSSQLSERVER", "SQL Server (MSSQLSERVER)", pid=2400)
    winnat(m)
    listener(m, 80, 4, "System", [])
    listener(m, 443, 4, "System", [])
    http_listen(m, ["192.0.2.10", "198.51.100.20"])
    m["http_listen"]["url_reservations"] = ["http://+:80/ReportServer/", "http://+:80/Reports/",
                                            "http://+:47001/wsman/"]
    m["http_listen"]["ssl_bindings"] = ["0.0.0.0:443"]
    # the administrator's 20-30 holds SMTP 25, which SMTPSVC bound before it (its probe finds it listening)
    port_ranges(m, [("tcp", 4, 5357, 5456, False), ("tcp", 4, 20, 30, True), ("tcp", 6, 5357, 5456, False)])
    sql_instance(m, "MSSQLSERVER", "MSSQL15.MSSQLSERVER", False, [(1, "192.0.2.10", True), (2, "198.51.100.99", True)])
    probes(m, IIS_EP, {(p, x): ("addrinuse", 10048, "System") for p in (80, 443) for x in ("192.0.2.10", "0.0.0.0")})
    for e in m["endpoints"]:
        for p in e["probes"]:
            if p["owner"] == "System":
                p["owner_pid"] = 4

TREES = {
    "kb-nt4sp4-ndiswan": (["BF-ADAPTER-ORDER", "BF-KB-FIX-MISSING"],
                          ["BF-ADAPTER-ORDER > BF-RESOLVER-UNBOUND", "BF-KB-FIX-MISSING > BF-RESOLVER-UNBOUND",
                           "BF-RESOLVER-UNBOUND > BF-BIND-10049"]),
    "ex55-on-domain-controller": (["BF-DC-LDAP-PORT"], []),
    "vpn-first-in-binding-2003": (["BF-ADAPTER-ORDER"], []),
    "apipa-first-2008sp2": (["BF-ADAPTER-ORDER"], []),
    "vpn-low-metric-2016": (["BF-ADAPTER-ORDER"], []),
    "iis-socket-pooling-pop3": (["BF-SOCKET-POOLING"], ["BF-SOCKET-POOLING > BF-SERVICE-STOPPED"]),
    "stopped-dependency-ex55": (["BF-SERVICE-STOPPED"], ["BF-SERVICE-STOPPED > BF-DEPENDENCY-STOPPED"]),
    "hosts-pinning-2003": (["BF-HOSTS-PIN"], ["BF-HOSTS-PIN > BF-RESOLVER-UNBOUND", "BF-RESOLVER-UNBOUND > BF-BIND-10049"]),
    "disabled-nic-nt4sp4": (["BF-KB-FIX-MISSING"], ["BF-KB-FIX-MISSING > BF-RESOLVER-UNBOUND",
                                                    "BF-RESOLVER-UNBOUND > BF-BIND-10049"]),
    "pop3-crash-loop-2010": (["BF-SERVICE-CRASH-LOOP"], []),
    "port-taken-by-other-2003": (["BF-PORT-IN-USE"], ["BF-PORT-IN-USE > BF-SERVICE-STOPPED"]),
    "excluded-port-range-2019": (["BF-BIND-10013"], []),
    "imap4-disabled-2010": (["BF-SERVICE-DISABLED"], []),
    "order-mismatch-2003": (["BF-ORDER-MISMATCH"], []),
    "ras-server-first-2000": (["BF-ADAPTER-ORDER"], []),
    "events-only-after-reboot": (["BF-EVENTS"], []),
    "hosts-pin-and-port-taken-2003": (["BF-HOSTS-PIN", "BF-PORT-IN-USE"],
                                      ["BF-BIND-10049 > BF-SERVICE-STOPPED", "BF-HOSTS-PIN > BF-RESOLVER-UNBOUND",
                                       "BF-PORT-IN-USE > BF-SERVICE-STOPPED",
                                       "BF-RESOLVER-UNBOUND > BF-BIND-10049"]),
    "vpn-first-and-imap4-disabled-2016": (["BF-ADAPTER-ORDER", "BF-SERVICE-DISABLED"], []),
    "winnat-range-imap4-2019": (["BF-PORT-EXCLUDED"], ["BF-PORT-EXCLUDED > BF-BIND-10013"]),
    "hns-range-pop3-stopped-2019": (["BF-PORT-EXCLUDED"], ["BF-BIND-10013 > BF-SERVICE-STOPPED",
                                                           "BF-PORT-EXCLUDED > BF-BIND-10013"]),
    "administered-exclusion-2019": (["BF-PORT-EXCLUDED"], ["BF-PORT-EXCLUDED > BF-BIND-10013"]),
    "range-without-probes-2016": (["BF-PORT-EXCLUDED"], []),
    "ipv6-range-only-2019": (["BF-PORT-EXCLUDED"], ["BF-PORT-EXCLUDED > BF-BIND-10013"]),
    "hyperv-internal-switch-first-2019": (["BF-ADAPTER-ORDER"], []),
    "http-listen-dead-entry-2019": (["BF-HTTP-LISTEN-DEAD"], []),
    "http-listen-only-dead-2016": (["BF-HTTP-LISTEN-DEAD", "BF-HTTP-LISTEN-MISSES-HOST"], []),
    "http-listen-misses-host-2019": (["BF-HTTP-LISTEN-MISSES-HOST"], []),
    "family-order-ipv4-listeners-2019": (["BF-FAMILY-ORDER"], []),
    "ipv6-half-disabled-2019": (["BF-IPV6-HALF-DISABLED"], ["BF-IPV6-HALF-DISABLED > BF-FAMILY-ORDER"]),
    "ipv6-listener-ipv4-first-2016": (["BF-FAMILY-ORDER"], []),
    "admin-policy-vpn-first-2019": (["BF-FAMILY-ORDER"], []),
    "dns-dead-listen-address-2019": (["BF-PIN-DEAD"], []),
    "dns-listens-nowhere-2019": (["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"], []),
    "dns-publishes-old-address-2016": (["BF-PIN-DEAD"], []),
    "sql-dead-ip-service-stopped-2019": (["BF-PIN-DEAD"], ["BF-PIN-DEAD > BF-SERVICE-STOPPED"]),
    "sql-named-instance-on-down-adapter-2016": (["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"], []),
    "rdp-lan-adapter-disconnected-2012": (["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"], []),
    "exchange2016-pop3-bound-to-old-address": (["BF-PIN-DEAD", "BF-PIN-NO-CLIENT-ADDRESS"], []),
    "dns-publishes-vpn-2019": (["BF-DNS-UNUSABLE"], []),
    "dns-publishes-vpn-already-off-2019": (["BF-DNS-UNUSABLE"], []),
    "dns-publishes-dialup-nt-2003": (["BF-DNS-UNUSABLE"], []),
    "dns-publishes-apipa-2016": (["BF-DNS-UNUSABLE"], []),
    "dns-publishes-skip-as-source-2012": (["BF-DNS-UNUSABLE"], []),
    "dns-stale-only-2019": (["BF-DNS-NO-USABLE", "BF-DNS-UNUSABLE"], []),
    "dns-no-record-2016": (["BF-DNS-NO-USABLE"], []),
    "v6only-listener-ipv4-first-2019": (["BF-FAMILY-ORDER"], []),
    "startup-race-late-address-2019": (["BF-STARTUP-RACE"], []),
    "startup-race-tentative-2016": (["BF-STARTUP-RACE"], []),
    "startup-race-demand-start-2019": (["BF-STARTUP-RACE"], []),
    "http-sys-holds-port-80-2019": (["BF-HTTP-LISTEN-DEAD", "BF-PIN-DEAD", "BF-PORT-IN-USE"], []),
}

# which OS each scenario runs on
OS_OF = {
    "kb-nt4sp4-ndiswan": "nt4sp4", "kb-after-sp5": "nt4sp5", "kb-sp4-with-hotfix": "nt4sp4",
    "healthy-multihomed-2003": "w2003", "ex55-on-domain-controller": "w2000", "vpn-first-in-binding-2003": "w2003",
    "apipa-first-2008sp2": "w2008sp2", "vpn-low-metric-2016": "w2016", "iis-socket-pooling-pop3": "w2003",
    "stopped-dependency-ex55": "nt4sp6", "ipv6-only-2016": "w2016", "hosts-pinning-2003": "w2003",
    "disabled-nic-nt4sp4": "nt4sp4", "pop3-crash-loop-2010": "w2012", "port-taken-by-other-2003": "w2003",
    "excluded-port-range-2019": "w2019", "healthy-ex55-sp6": "nt4sp6", "healthy-2019": "w2019",
    "imap4-disabled-2010": "w2012", "order-mismatch-2003": "w2003", "skip-as-source-2012": "w2012",
    "ras-server-first-2000": "w2000", "nt4-sp3-dialup": "nt4sp3", "events-only-after-reboot": "nt4sp6",
    "hosts-pin-and-port-taken-2003": "w2003", "vpn-first-and-imap4-disabled-2016": "w2016",
    "winnat-range-imap4-2019": "w2019", "hns-range-pop3-stopped-2019": "w2019", "administered-exclusion-2019": "w2019",
    "ranges-clear-of-services-2019": "w2019", "range-without-probes-2016": "w2016", "ipv6-range-only-2019": "w2019",
    "http-listen-dead-entry-2019": "w2019", "http-listen-only-dead-2016": "w2016", "http-listen-misses-host-2019": "w2019",
    "http-listen-wildcard-2019": "w2019",
    "reserved-ports-2003": "w2003", "hyperv-external-switch-2019": "w2019", "hyperv-internal-switch-first-2019": "w2019",
    "family-order-ipv4-listeners-2019": "w2019", "prefer-ipv4-2019": "w2019", "ipv6-half-disabled-2019": "w2019",
    "ipv6-listener-ipv4-first-2016": "w2016", "admin-policy-vpn-first-2019": "w2019",
    "dns-dead-listen-address-2019": "w2019", "dns-listens-nowhere-2019": "w2019",
    "dns-publishes-old-address-2016": "w2016", "dns-ipv6-listen-healthy-2016": "w2016",
    "sql-dead-ip-service-stopped-2019": "w2019", "sql-listen-all-healthy-2019": "w2019",
    "sql-named-instance-on-down-adapter-2016": "w2016", "rdp-lan-adapter-disconnected-2012": "w2012",
    "rdp-all-adapters-healthy-2019": "w2019", "exchange2016-pop3-bound-to-old-address": "w2016",
    "dns-publishes-vpn-2019": "w2019", "dns-publishes-vpn-already-off-2019": "w2019", "dns-publishes-dialup-nt-2003": "w2003", "dns-publishes-apipa-2016": "w2016",
    "dns-publishes-skip-as-source-2012": "w2012", "dns-stale-only-2019": "w2019", "dns-no-record-2016": "w2016",
    "dns-healthy-hyperv-2019": "w2019", "dual-mode-listener-ipv4-first-2019": "w2019",
    "v6only-listener-ipv4-first-2019": "w2019", "startup-race-late-address-2019": "w2019",
    "startup-race-tentative-2016": "w2016", "startup-race-demand-start-2019": "w2019", "late-address-wildcard-listener-2019": "w2019",
    "iis-sites-under-pid4-healthy-2019": "w2019", "http-sys-holds-port-80-2019": "w2019",
}
HOTFIXES = {"kb-sp4-with-hotfix": ["Q214864"]}

# The exact actions of every finding with the ID, in the diagnosis's order, as "kind services=...: title"
# (tests/core/test_scenarios.c); scenarios not listed here are not checked for actions.
ACTIONS = {
    "startup-race-late-address-2019": {"BF-STARTUP-RACE": [
        "restart-services services=MSExchangePOP3: Restart MSExchangePOP3 so that it binds 198.51.100.20",
        "delayed-auto-start services=MSExchangePOP3: Start MSExchangePOP3 later at boot: Delayed Automatic Start",
        "restart-services services=MSExchangeIMAP4: Restart MSExchangeIMAP4 so that it binds 198.51.100.20",
        "delayed-auto-start services=MSExchangeIMAP4: Start MSExchangeIMAP4 later at boot: Delayed Automatic Start"]},
    "startup-race-demand-start-2019": {"BF-STARTUP-RACE": [
        "restart-services services=MSExchangePOP3: Restart MSExchangePOP3 so that it binds 198.51.100.20",
        "restart-services services=MSExchangeIMAP4: Restart MSExchangeIMAP4 so that it binds 198.51.100.20",
        "delayed-auto-start services=MSExchangeIMAP4: Start MSExchangeIMAP4 later at boot: Delayed Automatic Start"]},
}

def main():
    names = []
    for name, (fn, ids, ev, note) in SCENARIOS.items():
        m = machine(name, OS_OF[name], hotfixes=HOTFIXES.get(name, ()))
        fn(m)
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            json.dump(m, f, indent=2, ensure_ascii=False)
            f.write("\n")
        with open(os.path.join(HERE, name + ".expect.json"), "w", encoding="utf-8", newline="\n") as f:
            roots, links = TREES.get(name, ([], []))
            expect = {"note": note, "ids": ids, "evidence": ev, "roots": sorted(roots), "links": sorted(links)}
            if name in ACTIONS:
                expect["actions"] = ACTIONS[name]
            json.dump(expect, f, indent=2)
            f.write("\n")
        names.append(name)
    with open(os.path.join(HERE, "index.txt"), "w", newline="\n") as f:
        f.write("\n".join(names) + "\n")
    print("wrote %d scenarios" % len(names))

if __name__ == "__main__":
    main()
