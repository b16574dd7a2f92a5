#!/usr/bin/env python3
"""check_listen_views.py - the console's issue 15 views against the snapshot (tests/gui/listen-views.sh).

Usage: check_listen_views.py DIR SNAPSHOT.json NAME
The expected rows are computed here from the snapshot JSON, independently of the GUI: the Port exclusions,
http.sys listen list and Product listen settings views cell by cell, and the Listening ports view's PID 4
rows naming the http.sys registration that holds their port. Prints PASS:/FAIL: lines.
"""
import json
import sys

SYSTEM_OWNERS = ["winnat", "hns", "vmcompute"]
ROLE = {"listen": "Listen", "publish": "Publish", "all": "Every address"}


def rows_of(path):
    out = {"rows": [], "caption": None, "tree": [], "columns": []}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return None
    for line in text.splitlines():
        f = line.split("\t")
        if f[0] == "row" and len(f) > 1 and f[1] == "result":
            out["rows"].append(["" if c == "-" else c for c in f[3:]])
        elif f[0] == "caption":
            out["caption"] = f[1] if len(f) > 1 else ""
        elif f[0] == "column" and len(f) > 4 and f[1] == "result":
            out["columns"].append((f[3], int(f[4])))
        elif f[0] == "tree":
            out["tree"].append(f[2] if len(f) > 2 else "")
    return out


def string_table(names):
    """The English words of the string table (res/lang/en-US.rc) for these IDS_ names: what the views show,
    read from the resource source, not from the GUI's code."""
    import os, re
    rc = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "res", "lang", "en-US.rc")
    words = {}
    for line in open(rc, encoding="utf-8", errors="replace"):
        m = re.match(r'\s*(IDS_\w+)\s+"((?:[^"]|"")*)"', line)
        if m and m.group(1) in names:
            words[m.group(1)] = m.group(2).replace('""', '"')
    return words


def adapter_holding(s, address):
    for a in s["adapters"]:
        if any(x["address"] == address for x in a.get("addresses", [])):
            return a
    return None


def url_port(u):
    low = u.lower()
    scheme = 80 if low.startswith("http://") else 443 if low.startswith("https://") else None
    if scheme is None:
        return None
    host = u.split("://", 1)[1].split("/", 1)[0]
    tail = host.rsplit(":", 1)
    if len(tail) == 2 and "]" not in tail[1] and tail[1].isdigit():
        return int(tail[1])
    return scheme


def main():
    d, snap_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
    s = json.load(open(snap_path, encoding="utf-8"))
    results = []

    def check(ok, what):
        results.append(("PASS" if ok else "FAIL") + ": " + name + ": " + what)

    services = {v["name"].lower(): v for v in s["services"]}
    running_owner = next((services[n] for n in SYSTEM_OWNERS if n in services and services[n]["state"] == "running"), None)

    def inside(transport, lo, hi):
        seen, out = set(), []
        for e in s["endpoints"]:
            if lo <= e["port"] <= hi and e["transport"].lower() == transport.lower():
                if (e["protocol"], e["port"]) not in seen:
                    out.append("%s %d" % (e["protocol"], e["port"]))
                seen.add((e["protocol"], e["port"]))
        return ", ".join(out)

    # ---- Port exclusions
    pr = s["port_ranges"]
    want = []
    for r in pr["ranges"]:
        if r["kind"] == "reserved":
            by = "Tcpip\\Parameters\\ReservedPorts"
        elif r["administered"]:
            by = "An administrator (marked *)"
        elif running_owner:
            by = "%s (%s, running)" % (running_owner["display_name"], running_owner["name"])
        else:
            by = "The system (WinNAT, HNS or Hyper-V; none of them runs now)"
        want.append(["Reserved (ReservedPorts)" if r["kind"] == "reserved" else "Excluded", r["transport"],
                     str(r["family"]), str(r["start"]), str(r["end"]), by, inside(r["transport"], r["start"], r["end"])])
    if pr["dynamic_start"] > 0 and pr["dynamic_count"] > 0:
        end = pr["dynamic_start"] + pr["dynamic_count"] - 1
        want.append(["Dynamic (ephemeral) ports", "tcp", "4", str(pr["dynamic_start"]), str(end), "TCP/IP",
                     inside("tcp", pr["dynamic_start"], end)])
    if pr["max_user_port"] > 0:
        want.append(["Dynamic ports up to MaxUserPort", "tcp", "4", "1025", str(pr["max_user_port"]),
                     "Tcpip\\Parameters\\ReservedPorts", inside("tcp", 1025, pr["max_user_port"])])
    got = rows_of(f"{d}/node12.txt")
    check(got is not None and got["rows"] == want,
          f"Port exclusions: {len(want)} rows, every cell as the snapshot says" +
          ("" if got is None or got["rows"] == want else f" (got {got['rows']}, want {want})"))
    check(got is not None and got["caption"] == f"Port exclusions ({len(want)})", f"Port exclusions: caption {got and got['caption']!r}")
    firsts = [int(r[3]) for r in want]
    for n, rev in ((1, False), (2, True)):
        g = rows_of(f"{d}/sorted{n}.txt")
        order = [int(r[3]) for r in g["rows"]] if g else []
        check(order == sorted(firsts, reverse=rev),
              f"Port exclusions: click {n} on First port sorts {'descending' if rev else 'ascending'} ({order})")

    # ---- http.sys listen list (the adapter status in the words of the string table: IDS_OPER_<STATUS>)
    h = s["http_listen"]
    oper = string_table({"IDS_OPER_" + t.upper() for t in ("up", "down", "disconnected", "disabled", "unknown")})
    want = []
    for x in h["addresses"]:
        if x in ("0.0.0.0", "::"):
            want.append([x, "Every address of its family", "", h["source"]])
        else:
            a = adapter_holding(s, x)
            status = oper.get("IDS_OPER_" + a["status"].upper(), "(no word for %r)" % a["status"]) if a else ""
            want.append([x, a["friendly_name"] if a else "No adapter of this machine", status, h["source"]])
    if not h["addresses"]:
        want.append(["(every address: the list is empty)", "", "", h["source"]])
    got = rows_of(f"{d}/node13.txt")
    rows = got["rows"] if got else []
    same = rows == want
    check(same, f"http.sys listen list: {len(want)} rows, address, holder, adapter status and source as the snapshot says" +
          ("" if same else f" (got {rows}, want {want})"))
    try:
        clip = [l.split("\t", 1)[1] for l in open(f"{d}/copy.txt", encoding="utf-8").read().splitlines()
                if l.startswith("clip\t")]
    except OSError:
        clip = []
    check(clip[:1] == ["Address|Held by|Adapter status|Read from"] and [c.split("|")[0] for c in clip[1:]] == [r[0] for r in want],
          f"http.sys listen list: Copy puts the header and {len(want)} rows on the clipboard ({clip[:3]})")

    # ---- Product listen settings
    want = []
    for p in s["pins"]["entries"]:
        if p["address"]:
            what = p["address"]
            a = adapter_holding(s, p["address"])
        elif p["adapter"]:
            what = "Adapter " + p["adapter"]
            a = next((x for x in s["adapters"] if x["guid"].lower() == p["adapter"].lower()), None)
        else:
            what, a = "", None
        if a:
            held = a["friendly_name"]
        elif p["role"] == "all" or p["address"] in ("0.0.0.0", "::"):
            held = "Every address of its family"
        elif p["address"] or p["adapter"]:
            held = "No adapter of this machine"
        else:
            held = ""
        want.append([p["product"], p["instance"], p["service"], ROLE[p["role"]], what,
                     str(p["port"]) if p["port"] >= 0 else "", "Yes" if p["enabled"] else "No", held, p["setting"]])
    got = rows_of(f"{d}/node14.txt")
    check(got is not None and got["rows"] == want, f"Product listen settings: {len(want)} rows, every cell as the snapshot says" +
          ("" if got is None or got["rows"] == want else f" (got {got['rows']}, want {want})"))
    try:
        props = open(f"{d}/props-pin.txt", encoding="utf-8").read().splitlines()
    except OSError:
        props = []
    if len(want) > 1:
        check(f"caption\t{want[1][0]} Properties" in props and f"line\tSetting: {want[1][8]}" in props,
              f"Product listen settings: Alt+Enter on row 2 opens its Properties with every column ({want[1][8]})")

    # ---- Listening ports: PID 4 on a port an http.sys registration names is http.sys
    regs = h.get("url_reservations", []) + h.get("ssl_bindings", [])

    def reason(port):
        for u in h.get("url_reservations", []):
            if url_port(u) == port:
                return u
        for b in h.get("ssl_bindings", []):
            tail = b.rsplit(":", 1)
            if len(tail) == 2 and tail[1].isdigit() and int(tail[1]) == port:
                return b
        return None
    want = []
    for l in s["listeners"]:
        r = reason(l["port"]) if l["pid"] == 4 and l["transport"] == "tcp" else None
        want.append("http.sys (%s)" % r if r else ", ".join(l["services"]))
    got = rows_of(f"{d}/node6.txt")
    cells = [r[5] if len(r) > 5 else "" for r in got["rows"]] if got else []
    check(cells == want and any(w.startswith("http.sys (") for w in want),
          f"Listening ports: PID 4 rows name the http.sys registration that holds their port ({[w for w in want if w.startswith('http.sys')]}, "
          f"{len(regs)} registrations)" + ("" if cells == want else f" (got {cells})"))
    tree = rows_of(f"{d}/node0.txt")
    views = ["Port exclusions", "http.sys listen list", "Listen settings"]
    t = tree["tree"] if tree else []
    at = t.index(views[0]) if views[0] in t else -1
    check(at > 0 and t[at:at + 3] == views, f"the scope tree holds the three views, in order ({t})")
    try:
        topic = open(f"{d}/help.txt", encoding="utf-8").read().strip()
    except OSError:
        topic = ""
    check(topic == "view-port-exclusions.htm", f"F1 on Port exclusions asks for its topic ({topic!r})")
    # the columns: their headers from the string table, each wide enough for its longest cell
    headers = {12: ["Kind", "Transport", "IP version", "First port", "Last port", "Reserved by", "Catalogued ports inside"],
               13: ["Address", "Held by", "Adapter status", "Read from"],
               14: ["Product", "Instance", "Service", "Role", "Address or adapter", "Port", "In effect", "Held by", "Setting"]}
    for n, want_h in headers.items():
        g = rows_of(f"{d}/node{n}.txt")
        cols = g["columns"] if g else []
        check([c[0] for c in cols] == want_h and all(w > 0 for _, w in cols),
              f"view {n}: the column headers are the view's own ({[c[0] for c in cols]})")
    for r in results:
        print(r)


if __name__ == "__main__":
    main()
