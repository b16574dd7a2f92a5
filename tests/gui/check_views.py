#!/usr/bin/env python3
"""check_views.py - checks the console's scope tree and every result view against the snapshot.

Usage: check_views.py DIR SNAPSHOT.json NAME
DIR holds node0.txt .. node11.txt written by `guidriver node N` (tree, caption, list, column and row
lines) and optionally copy.txt (`guidriver copy` on the Adapters view). The expected rows are computed
from the snapshot JSON (with its "diagnosis"), independently of the GUI. Prints PASS:/FAIL: lines.
"""
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cause_order import tree_order  # noqa: E402

TREE = ["Overview", "Adapters", "Binding order", "Resolver order", "Protocols", "Listening ports",
        "Services", "Event log", "Findings", "Repair history", "Hosts entries", "Port exclusions",
        "http.sys listen list", "Listen settings"]


def visible_findings(findings):
    """The Findings view's rows when the data is new: the tree order (tree_order), with the effects of
    every root cause but the first left out (collapsed; help/topics/view-findings.htm)."""
    out, hide = [], False
    for n, (i, depth) in enumerate(tree_order(findings)):
        if depth == 0:
            hide = n > 0
            out.append((i, depth))
        elif not hide:
            out.append((i, depth))
    return out


def read_dump(path):
    out = {"tree": [], "rows": [], "columns": [], "caption": None, "list": None}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        return None
    for line in text.splitlines():
        f = line.split("\t")
        if f[0] == "tree":
            out["tree"].append(f[2] if len(f) > 2 else "")
        elif f[0] == "caption":
            out["caption"] = f[1] if len(f) > 1 else ""
        elif f[0] == "row" and f[1] == "result":
            out["rows"].append(f[3:])
        elif f[0] == "column" and f[1] == "result":
            out["columns"].append((f[3], int(f[4])))
        elif f[0] == "list" and f[1] == "result":
            out["list"] = f
    return out


def main():
    d, snap_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
    s = json.load(open(snap_path, encoding="utf-8"))
    results = []

    def check(ok, what):
        results.append(("PASS" if ok else "FAIL") + ": " + name + ": " + what)

    diag = s.get("diagnosis", {})
    resolver_rows = sum(len(r.get("addresses", [])) if not r.get("error") else 1 for r in s["resolver"])
    binding = s["binding"].get("entries", [])
    events = s["event_log"].get("events", [])
    expected = {
        0: 10,
        2: len(s["adapters"]),
        3: len(binding) if binding else 1,
        4: resolver_rows,
        5: sum(len(e["probes"]) for e in s["endpoints"]),
        6: len(s["listeners"]),
        7: len(s["services"]),
        8: len(events) if events or s["event_log"]["status"] == "ok" else 1,
        9: len(visible_findings(diag.get("findings", []))),
        10: 0,
        11: len(s["hosts"].get("entries", [])) or (1 if s["hosts"]["status"] != "ok" else 0),
    }
    first_cells = {
        2: [a["friendly_name"] for a in s["adapters"]],
        7: [v["name"] for v in s["services"]],
    }
    dumps = {n: read_dump(f"{d}/node{n}.txt") for n in range(len(TREE) + 1)}
    tree = dumps[0]["tree"] if dumps[0] else []
    check(len(tree) == len(TREE) + 1 and tree[1:] == TREE and tree[0].startswith(s["hostname"]),
          f"the scope tree is the computer ({s['hostname']}) and its {len(TREE)} views: {tree}")
    for n, rows in expected.items():
        dump = dumps[n]
        if dump is None:
            check(False, f"node {n}: no dump")
            continue
        got = len(dump["rows"])
        label = TREE[n - 1] if n else "Computer"
        check(got == rows, f"{label}: {got} rows shown, {rows} in the snapshot")
        if dump["caption"] is not None:
            check(dump["caption"] == f"{label} ({rows})", f"{label}: caption \"{dump['caption']}\"")
        check(all(w > 0 for _, w in dump["columns"]) and len(dump["columns"]) >= 2,
              f"{label}: {len(dump['columns'])} columns, all visible")
        if n in first_cells:
            cells = [r[0] if r else "" for r in dump["rows"]]
            check(cells == first_cells[n], f"{label}: first column matches the snapshot")
    # findings view: IDs in the diagnosis order
    if dumps[9]:
        ids = [r[1] for r in dumps[9]["rows"] if len(r) > 1]
        fs = diag.get("findings", [])
        check(ids == [fs[i]["id"] for i, _ in visible_findings(fs)],
              "Findings: root causes first, what each explains under it (the first root expanded, the others collapsed)")
    # the computer view names the host
    if dumps[0]:
        props = {r[0]: r[1] for r in dumps[0]["rows"] if len(r) > 1}
        check(props.get("Host name") == s["hostname"], f"Computer: host name {props.get('Host name')!r}")
    # Ctrl+C on the Adapters view: a header and one tab-separated line per adapter
    try:
        clip = [l.split("\t", 1)[1] for l in open(f"{d}/copy.txt", encoding="utf-8").read().splitlines()
                if l.startswith("clip\t")]
        header = clip[0].split("|") if clip else []
        body = [c.split("|")[0] for c in clip[1:]]
        check(header[:2] == ["Name", "Kind"] and body == first_cells[2],
              f"Copy puts the header and {len(body)} adapter rows on the clipboard as tab-separated text")
    except OSError:
        pass
    for r in results:
        print(r)


if __name__ == "__main__":
    main()
