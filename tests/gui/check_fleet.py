#!/usr/bin/env python3
"""check_fleet.py - the console's Fleet node read back by guidriver (tests/gui/run-gui-fleet.sh).

  check_fleet.py rows NODE.txt FLEET.json COUNTS NAME   the rows against `bindfix-cli fleet --format json`
                                                       (COUNTS: "host findings" lines from `scan --json`)
  check_fleet.py sorted UP.txt DOWN.txt NAME           the Findings column sorted as numbers, both ways
  check_fleet.py copy CLIP.txt FLEET.json NAME         Copy gave the headers and one line per host
  check_fleet.py rowof NODE.txt HOST                   prints the list position of HOST's row
  check_fleet.py pick FLEET.json                       prints the filter item of the CLI's finding with
                                                       the fewest servers above one
  check_fleet.py filteritems ITEMS.txt FLEET.json NAME the filter's items against the CLI's groups
  check_fleet.py filtered NODE.txt I FLEET.json NAME   the rows with item I chosen: the CLI's servers of
                                                       that finding
  check_fleet.py servers FINDINGS.txt ADAPTERS.txt FLEET.json SCANDIR NAME   the server nodes (the collected
                                                       servers) and mail1's Findings / pop1's Adapters views
                                                       against `scan --snapshot --json` (SCANDIR/HOST.json)
Prints PASS:/FAIL: lines (rowof, pick: the number).
"""
import json
import sys

COLUMNS = ["Host", "Verdict", "Findings", "Worst finding", "Collected"]
IMAGE_OK, IMAGE_WARNING, IMAGE_ERROR = 0, 1, 2


def ok(name, what):
    print(f"PASS: fleet-gui: {name}: {what}")


def bad(name, what):
    print(f"FAIL: fleet-gui: {name}: {what}")


def read_rows(path):
    rows, columns = [], []
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "row" and f[1] == "result":
            rows.append({"image": int(f[2]), "cells": f[3:]})
        elif f[0] == "column" and f[1] == "result":
            columns.append(f[3])
    return columns, rows


def expected_image(s):
    if s["state"] != "collected":
        return IMAGE_ERROR
    return {"critical": IMAGE_ERROR, "error": IMAGE_ERROR, "warning": IMAGE_WARNING}.get(s["worst"], IMAGE_OK)


def expected_verdict(s):
    """the start of the Verdict cell, lower case"""
    if s["state"] == "not-collected":
        return "not collected: " + s["error"].lower()
    if s["state"] == "unreadable":
        return "unreadable: "
    return s["worst"]   # "critical" ... or "healthy"


def rows(node, fleet_json, counts_path, name):
    columns, got = read_rows(node)
    servers = json.load(open(fleet_json, encoding="utf-8"))["servers"]
    counts = dict(line.split() for line in open(counts_path) if line.strip())
    if columns != COLUMNS:
        bad(name, f"the Fleet node's columns are {columns}, want {COLUMNS}")
        return
    if len(got) != len(servers):
        bad(name, f"the Fleet node lists {len(got)} hosts, bindfix-cli fleet {len(servers)}")
        return
    by_host = {r["cells"][0]: r for r in got}
    problems = []
    for s in servers:
        r = by_host.get(s["name"])
        if not r:
            problems.append(f"{s['name']} missing")
            continue
        host, verdict, findings, worst, collected = (r["cells"] + [""] * 5)[:5]
        if not verdict.lower().startswith(expected_verdict(s)):
            problems.append(f"{host}: verdict {verdict!r}, want {expected_verdict(s)!r}")
        if r["image"] != expected_image(s):
            problems.append(f"{host}: image {r['image']}, want {expected_image(s)}")
        want_count = counts.get(s["name"], "") if s["state"] == "collected" else ""
        if findings != want_count:
            problems.append(f"{host}: findings {findings!r}, want {want_count!r}")
        want_worst = s.get("top_finding", "") if s["state"] == "collected" else ""
        if worst != want_worst:
            problems.append(f"{host}: worst finding {worst!r}, want {want_worst!r}")
        if s["state"] != "unreadable" and collected != s.get("collected_at", ""):
            problems.append(f"{host}: collected {collected!r}, want {s.get('collected_at')!r}")
    if problems:
        bad(name, "Fleet rows differ from bindfix-cli fleet: " + "; ".join(problems)[:600])
    else:
        ok(name, f"the Fleet node lists every host as bindfix-cli fleet does ({len(got)} rows: host, verdict and "
                 "status icon, findings, worst finding, time)")


def sorted_check(up, down, name):
    def numbers(path):
        return [r["cells"][2] for r in read_rows(path)[1]]
    a, b = numbers(up), numbers(down)
    # empty cells (hosts not read) count as less than every number
    ka = [int(x) if x else -1 for x in a]
    kb = [int(x) if x else -1 for x in b]
    if len(set(ka)) > 1 and ka == sorted(ka) and kb == sorted(kb, reverse=True) and sorted(ka) == sorted(kb):
        ok(name, f"a click on Findings sorts the hosts by it as numbers ({'|'.join(a)}), a second reverses")
    else:
        bad(name, f"sorting by Findings: {a} then {b}")


def copy(clip, fleet_json, name):
    lines = [l.rstrip("\n").split("\t", 1)[1] for l in open(clip, encoding="utf-8", errors="replace")
             if l.startswith("clip\t")]
    servers = json.load(open(fleet_json, encoding="utf-8"))["servers"]
    hosts = sorted(l.split("|")[0] for l in lines[1:])
    if lines and lines[0] == "|".join(COLUMNS) and hosts == sorted(s["name"] for s in servers):
        ok(name, f"Copy gives the headers and one tab-separated line per host ({len(lines) - 1})")
    else:
        bad(name, f"Copy gave {lines[:3]}... ({len(lines)} lines)")


def rowof(node, host):
    for i, r in enumerate(read_rows(node)[1]):
        if r["cells"][0] == host:
            print(i)
            return
    print(-1)


def finding_servers(fleet_json):
    """{finding: set of server names} from the CLI's groups (one group per finding and protocol), in the
    groups' order"""
    out = {}
    for g in json.load(open(fleet_json, encoding="utf-8"))["groups"]:
        out.setdefault(g["finding"], set()).update(g["servers"])
    return out


def combo_items(path):
    return [l.rstrip("\n").split("\t", 2)[2] for l in open(path, encoding="utf-8", errors="replace")
            if l.startswith("comboitem\t")]


def pick(fleet_json):
    """prints the filter's item (1: the first finding) whose finding the fewest servers have, more than one
    and fewer than all if there is one: a choice that narrows the list"""
    groups = finding_servers(fleet_json)
    total = len(json.load(open(fleet_json, encoding="utf-8"))["servers"])
    best = None
    for i, s in enumerate(groups.values(), 1):
        if 1 < len(s) < total and (best is None or len(s) < best[1]):
            best = (i, len(s))
    print(best[0] if best else 1)


def filteritems(items_path, fleet_json, name):
    items = combo_items(items_path)
    groups = finding_servers(fleet_json)
    want = ["All findings"] + [f"{f} ({len(s)} server{'s' if len(s) != 1 else ''})" for f, s in groups.items()]
    if items == want and len(items) > 2:
        ok(name, f"the filter lists All findings and each finding of the CLI's groups with its servers ({len(items) - 1})")
    else:
        bad(name, f"the filter's items {items} != {want}")


def filtered(node, index, fleet_json, name):
    index = int(index)
    groups = finding_servers(fleet_json)
    finding = list(groups)[index - 1]
    hosts = [r["cells"][0] for r in read_rows(node)[1]]
    if sorted(hosts) == sorted(groups[finding]) and len(hosts) < len(json.load(open(fleet_json))["servers"]):
        ok(name, f"the filter {finding} leaves the servers the CLI groups under it ({', '.join(sorted(hosts))})")
    else:
        bad(name, f"the filter {finding}: rows {hosts}, the CLI's servers {sorted(groups[finding])}")


def server_lines(path):
    out = {"rows": []}
    for line in open(path, encoding="utf-8", errors="replace"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "servers":
            out["servers"] = f[1:]
        elif f[0] in ("title", "view", "node"):
            out[f[0]] = f[1]
        elif f[0] == "row" and f[1] == "result":
            out["rows"].append(f[3:])
    return out


def servers(findings_path, adapters_path, fleet_json, scandir, name):
    fleet = json.load(open(fleet_json, encoding="utf-8"))
    collected = [s["name"] for s in fleet["servers"] if s["state"] == "collected"]
    fnd, ada = server_lines(findings_path), server_lines(adapters_path)
    if fnd.get("servers") == collected and ada.get("servers") == collected:
        ok(name, f"the Fleet node has a node per collected server, in order ({', '.join(collected)})")
    else:
        bad(name, f"the server nodes {fnd.get('servers')} / {ada.get('servers')} != the collected servers {collected}")
    scan = json.load(open(f"{scandir}/mail1.json", encoding="utf-8"))
    want = sorted(f["id"] for f in scan["diagnosis"]["findings"])
    got = sorted(r[1] for r in fnd["rows"] if len(r) > 1)
    if fnd.get("view") == "Findings" and "mail1.json" in fnd.get("title", "") and got == want and want:
        ok(name, f"mail1 > Findings shows mail1's findings, as scan --snapshot gives them ({len(want)})")
    else:
        bad(name, f"mail1 > Findings: view {fnd.get('view')}, title {fnd.get('title')}, ids {got} != {want}")
    scan = json.load(open(f"{scandir}/pop1.json", encoding="utf-8"))
    want = sorted(a["friendly_name"] for a in scan["adapters"])     # scan --json: the snapshot, diagnosis added
    got = sorted(r[0] for r in ada["rows"] if r)
    if ada.get("view") == "Adapters" and "pop1.json" in ada.get("title", "") and got == want and want:
        ok(name, f"pop1 > Adapters shows pop1's adapters, as scan --snapshot gives them ({', '.join(want)})")
    else:
        bad(name, f"pop1 > Adapters: view {ada.get('view')}, title {ada.get('title')}, names {got} != {want}")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "rows":
        rows(*sys.argv[2:6])
    elif cmd == "sorted":
        sorted_check(*sys.argv[2:5])
    elif cmd == "copy":
        copy(*sys.argv[2:5])
    elif cmd == "rowof":
        rowof(*sys.argv[2:4])
    elif cmd == "pick":
        pick(sys.argv[2])
    elif cmd == "filteritems":
        filteritems(*sys.argv[2:5])
    elif cmd == "filtered":
        filtered(*sys.argv[2:6])
    elif cmd == "servers":
        servers(*sys.argv[2:7])
