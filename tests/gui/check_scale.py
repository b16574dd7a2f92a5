#!/usr/bin/env python3
"""check_scale.py - the console on the 1x synthetic snapshot (tests/bench/snapgen): the row count of every
view, read back through the driver (guidriver counts / counts N), against the counts the snapshot itself
gives (the file the console opened, with the diagnosis bindfix-cli scan --json made of it), and the first
and last rows of each list against the snapshot's first and last records. Prints PASS:/FAIL: lines.

  check_scale.py SCAN_JSON DIR NAME     DIR holds overview.txt and node-N.txt from the driver"""
import json
import os
import sys


def read_counts(path):
    counts, edges = {}, {}
    if not os.path.exists(path):
        return counts, edges
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "count" and len(f) == 3:
            counts[f[1]] = int(f[2])
        elif f[0] == "edge" and len(f) >= 4:
            edges[(f[1], f[2])] = f[3:]
    return counts, edges


def main():
    scan, d, name = sys.argv[1], sys.argv[2], sys.argv[3]
    s = json.load(open(scan, encoding="utf-8"))
    ev = s["event_log"]
    binding = s["binding"]
    expect_overview = {
        "adapters": len(s["adapters"]),
        "resolver": sum(max(1, len(r["addresses"])) for r in s["resolver"]),
        "binds": sum(len(e["probes"]) for e in s["endpoints"]),
        "findings": max(1, len(s["diagnosis"]["findings"])),   # "no problem found" is a row of its own
    }
    # scope nodes (gui.h bf_node): 0 computer (10 facts), 2 adapters, 3 binding order, 4 resolver order,
    # 5 protocols, 6 listening ports, 7 services, 8 event log, 9 findings, 11 hosts entries
    bind_rows = len(binding["entries"]) or (1 if binding["status"] != "ok" else 0)
    ev_rows = len(ev["events"]) or (1 if ev["status"] != "ok" else 0)
    expect_nodes = {0: 10, 2: len(s["adapters"]), 3: bind_rows, 4: expect_overview["resolver"],
                    5: expect_overview["binds"], 6: len(s["listeners"]), 7: len(s["services"]), 8: ev_rows,
                    9: len(s["diagnosis"]["findings"]),
                    11: len(s["hosts"]["entries"]) or (1 if s["hosts"]["status"] != "ok" else 0)}
    ok_all = True

    def report(ok, what):
        nonlocal ok_all
        ok_all = ok_all and ok
        print("%s: %s: %s" % ("PASS" if ok else "FAIL", name, what))

    got, edges = read_counts(os.path.join(d, "overview.txt"))
    for lst, n in expect_overview.items():
        report(got.get(lst) == n, "overview list %s shows %s rows, the snapshot gives %d" % (lst, got.get(lst), n))
    for node, n in expect_nodes.items():
        c, _ = read_counts(os.path.join(d, "node-%d.txt" % node))
        report(c.get("result") == n, "view %d shows %s rows, the snapshot gives %d" % (node, c.get("result"), n))
    # rows drawn on demand are the snapshot's: the adapters' first and last, the events' last
    first = edges.get(("adapters", "first"), [])
    last = edges.get(("adapters", "last"), [])
    a0, an = s["adapters"][0], s["adapters"][-1]
    addr = lambda a: ", ".join(x["address"] for x in a["addresses"])
    report(len(first) > 4 and first[1] == a0["guid"] and first[4] == addr(a0) and
           len(last) > 4 and last[1] == an["guid"] and last[4] == addr(an),
           "the adapters list draws the snapshot's first and last adapters (name, addresses)")
    _, node_edges = read_counts(os.path.join(d, "node-8.txt"))
    lastev = node_edges.get(("result", "last"), [])
    e = ev["events"][-1] if ev["events"] else None
    report(e is not None and len(lastev) > 4 and lastev[1] == e["time"] and lastev[3] == e["source"] and
           lastev[4] == str(e["event_id"]),
           "the event log view draws record %d of %d as the snapshot holds it" % (len(ev["events"]), len(ev["events"])))
    # the hosts entries view: every line, the last drawn with its verdict (the synthetic lines all pin the
    # host name to a documentation address no adapter holds: one BF-HOSTS-PIN finding per address)
    _, host_edges = read_counts(os.path.join(d, "node-11.txt"))
    lasth = host_edges.get(("result", "last"), [])
    h = s["hosts"]["entries"][-1] if s["hosts"]["entries"] else None
    pins = [f for f in s["diagnosis"]["findings"] if f["id"] == "BF-HOSTS-PIN"]
    report(h is not None and len(lasth) > 4 and lasth[1] == str(h["line"]) and lasth[2] == h["address"] and
           "BF-HOSTS-PIN" in lasth[4] and len(pins) == len(set(e["address"] for e in s["hosts"]["entries"])),
           "the hosts entries view draws line %s with its verdict; %d BF-HOSTS-PIN findings, one per address"
           % (h["line"] if h else "-", len(pins)))
    # the linked selection: picking a row selects, in all three lists, every row naming one of its addresses
    res_rows = [a for r in s["resolver"] for a in (r["addresses"] or ["-"])]
    bind_rows = [p["address"] for e in s["endpoints"] for p in e["probes"]]
    adapter_addrs = [set(x["address"] for x in a["addresses"]) for a in s["adapters"]]

    def picked(path):
        out = {}
        if os.path.exists(path):
            for line in open(path, encoding="utf-8", errors="replace"):
                f = line.rstrip("\n").split("\t")
                if f[0] == "picked" and len(f) >= 3:
                    out[f[1]] = (int(f[2]), [int(x) for x in f[3:]])
        return out

    def expect(addrs, picked_list, picked_row):
        lists = {"adapters": [i for i, a in enumerate(adapter_addrs) if a & addrs],
                 "resolver": [i for i, a in enumerate(res_rows) if a in addrs],
                 "binds": [i for i, a in enumerate(bind_rows) if a in addrs]}
        if picked_row not in lists[picked_list]:
            lists[picked_list] = sorted(lists[picked_list] + [picked_row])
        return {k: (len(v), v[:8]) for k, v in lists.items()}

    for what, path, addrs, lst, row in (
            ("adapter 1", "pick-adapters.txt", adapter_addrs[0], "adapters", 0),
            ("resolver answer 8", "pick-resolver.txt", {res_rows[7]} if len(res_rows) > 7 else set(), "resolver", 7)):
        got_pick, want = picked(os.path.join(d, path)), expect(addrs, lst, row)
        report(got_pick == want, "picking %s selects the rows naming its addresses in the three lists: %s, want %s"
               % (what, {k: v[0] for k, v in sorted(got_pick.items())}, {k: v[0] for k, v in sorted(want.items())}))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
