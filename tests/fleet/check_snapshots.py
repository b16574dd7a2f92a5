#!/usr/bin/env python3
"""check_snapshots.py RUN - the snapshots the collect playbook fetched against what each namespace of
run-fleet-tests.sh built (tests/fleet/server.sh): host name, its two addresses, the hosts lines naming it,
and the bind probes: 10049 on the stale address (mail1-3), 10048 on POP3's held port (pop1-2), no failure
(web1-2). Prints each difference; exit 1 when there is one."""
import json
import sys

run = sys.argv[1]
servers = {"mail1": (1, "kb"), "mail2": (2, "kb"), "mail3": (3, "kb"), "pop1": (4, "held"), "pop2": (5, "held"),
           "web1": (6, "healthy"), "web2": (7, "healthy")}
bad = []
for name, (n, kind) in servers.items():
    try:
        s = json.load(open(f"{run}/{name}.json", encoding="utf-8"))
    except (OSError, ValueError) as e:
        bad.append(f"{name}: {e}")
        continue
    if s.get("schema") != "bindfix-snapshot" or "diagnosis" not in s:
        bad.append(f"{name}: not a scan --json snapshot")
    if s.get("hostname", "").lower() != name:
        bad.append(f"{name}: hostname {s.get('hostname')!r}")
    addrs = {a["address"] for ad in s.get("adapters", []) for a in ad.get("addresses", [])}
    for want in ("192.0.2.10", f"198.51.100.{4 * n + 2}"):
        if want not in addrs:
            bad.append(f"{name}: adapter address {want} missing (have {sorted(addrs)})")
    hosts = {e["address"] for e in s.get("hosts", {}).get("entries", [])}
    want_hosts = {"203.0.113.50", "192.0.2.10"} if kind == "kb" else {"192.0.2.10"}
    if hosts != want_hosts:
        bad.append(f"{name}: hosts lines for the name {sorted(hosts)}, built {sorted(want_hosts)}")
    probes = [(e["protocol"], e["port"], p["address"], p["result"], p["error"])
              for e in s.get("endpoints", []) for p in e.get("probes", [])]
    failing = [p for p in probes if p[3] in ("addrnotavail", "addrinuse", "access", "other")]
    if kind == "kb":
        if ("POP3", 110, "203.0.113.50", "addrnotavail", 10049) not in probes:
            bad.append(f"{name}: no 10049 for POP3 on 203.0.113.50: {failing}")
    elif kind == "held":
        if not any(p[0] == "POP3" and p[3] == "addrinuse" and p[4] == 10048 for p in probes):
            bad.append(f"{name}: no 10048 for POP3: {failing}")
    elif failing:
        bad.append(f"{name}: healthy, yet {failing}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
