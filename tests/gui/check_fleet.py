#!/usr/bin/env python3
"""check_fleet.py - the console's Fleet node read back by guidriver (tests/gui/run-gui-fleet.sh).

  check_fleet.py rows NODE.txt FLEET.json COUNTS NAME   the rows against `bindfix-cli fleet --format json`
                                                       (COUNTS: "host findings" lines from `scan --json`)
  check_fleet.py sorted UP.txt DOWN.txt NAME           the Findings column sorted as numbers, both ways
  check_fleet.py copy CLIP.txt FLEET.json NAME         Copy gave the headers and one line per host
  check_fleet.py rowof NODE.txt HOST                   prints the list position of HOST's row
Prints PASS:/FAIL: lines (rowof: the number).
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
