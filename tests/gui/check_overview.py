#!/usr/bin/env python3
"""check_overview.py DUMP SNAPSHOT_JSON LABEL [--dpi N] [--allow-hscroll]

Compares what bindfix.exe's main window shows (DUMP: the output of `guidriver.exe dump`) with the rows a
user must see for the snapshot (SNAPSHOT_JSON: the same machine as bindfix-cli writes it), and checks
the layout a user would notice: three lists side by side inside the window, each with its captioned
label above it, status icons, no short column cut, fonts and icons scaled for the DPI, and the width
shared among the lists as gui/overview.c's layout says (check_width_sharing).

The expected texts are derived here from the JSON with this file's own tables, not from bindfix's
code, so a wrong label or a dropped row in the GUI shows as a difference.  Prints one "PASS: ..." or
"FAIL: ..." line per check (the caller counts them).
"""
import ipaddress
import json
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cause_order import tree_order  # noqa: E402

KIND = {"lan": "LAN", "dialup": "Dial-up", "vpn": "VPN/tunnel", "loopback": "Loopback",
        "virtual": "Virtual", "other": "Other"}
OPER = {"up": "Up", "down": "Down", "disconnected": "Disconnected", "disabled": "Disabled",
        "unknown": "Unknown"}
IMG_OK, IMG_WARNING, IMG_ERROR = 0, 1, 2

HEADERS = {
    "adapters": ["Name", "Kind", "Status", "Addresses"],
    "resolver": ["#", "Address", "API", "Held by"],
    "binds": ["Protocol", "Port", "Address", "Result", "Greeting"],
}
# Free-text columns the window may shorten (with an ellipsis) when it is too narrow; every other
# column must show its widest cell whole.  Minimum widths at 96 DPI.
FLEX_MIN = {("adapters", 0): 90, ("adapters", 3): 90, ("resolver", 2): 60, ("resolver", 3): 80, ("binds", 3): 130,
            ("binds", 4): 60}
LABELS = {"adapters": "A&dapters", "resolver": "&Resolver order", "binds": "&Protocol bind status"}


def clean(text):
    return (text or "").replace("\t", " ").replace("\r", " ").replace("\n", " ")


def same_address(a, b):
    try:
        return ipaddress.ip_address(a) == ipaddress.ip_address(b)
    except ValueError:
        return a == b


def neutralised(text):
    """What the GUI shows for untrusted text, as every text output does (core/report.c
    bf_text_clean_append, called by gui/strings.c bfgui_wide): tab, CR, LF as a space; other C0 controls
    and DEL as control pictures; C1 and bidi controls and noncharacters as "<U+202E>"."""
    def one(ch):
        c = ord(ch)
        if ch in "\t\r\n":
            return " "
        if c < 0x20 or c == 0x7F:
            return chr(0x2421 if c == 0x7F else 0x2400 + c)
        if (0x80 <= c <= 0x9F or c in (0x061C, 0x200E, 0x200F) or 0x202A <= c <= 0x202E or 0x2066 <= c <= 0x2069
                or 0xFDD0 <= c <= 0xFDEF or (c & 0xFFFE) == 0xFFFE):
            return "<U+%04X>" % c
        return ch
    return "".join(one(ch) for ch in text)


def adapter_name(a):
    return a.get("friendly_name") or a.get("description") or ""


def expected_rows(snap):
    rows = {"adapters": [], "resolver": [], "binds": []}
    adapters = snap.get("adapters", [])
    for a in adapters:
        addrs = [x["address"] for x in a.get("addresses", [])]
        rows["adapters"].append([IMG_OK if a["status"] == "up" else IMG_WARNING, adapter_name(a),
                                 KIND.get(a["kind"], "Other"), OPER.get(a["status"], "Unknown"),
                                 ", ".join(addrs) if addrs else "none"])
    for r in snap.get("resolver", []):
        addrs = r.get("addresses", [])
        if not addrs:
            err = r.get("error", 0)
            # the first column holds words (a screen reader names the row by it)
            rows["resolver"].append([IMG_ERROR, f"Failed: {err}" if err else "none", "none", r["api"],
                                     f"Failed: {err}" if err else "-"])
            continue
        for k, addr in enumerate(addrs):
            holder = next((a for a in adapters
                           if any(same_address(x["address"], addr) for x in a.get("addresses", []))), None)
            if holder is None:
                img, held = IMG_ERROR, "not held"
            elif holder["status"] == "up":
                img, held = IMG_OK, adapter_name(holder)
            else:
                img, held = IMG_WARNING, f"{adapter_name(holder)} ({OPER.get(holder['status'], 'Unknown')})"
            rows["resolver"].append([img, str(k + 1), addr, r["api"], held])
    for e in snap.get("endpoints", []):
        for p in e.get("probes", []):
            # gui/labels.c: a result without its error number shows the number it stands for
            res = p["result"]
            err = p.get("error", 0) or {"addrnotavail": 10049, "addrinuse": 10048, "access": 10013}.get(res, 0)
            text = {"ok": "OK: bound", "addrnotavail": f"Failed: {err} address not available",
                    "addrinuse": f"Failed: {err} address in use", "access": f"Failed: {err} access denied",
                    "not-run": "Not run"}.get(res, f"Failed: {err}" if err else "Failed")
            if res == "addrinuse" and p.get("owner"):
                text += f" by {p['owner']}"
            said = p.get("greeting_text", "")
            greet = {"answered": f"answered: {said}", "wrong": f"wrong answer: {said}", "silent": "silent",
                     "refused": "refused"}.get(p.get("greeting", "not-tried"), "not tried")
            # in use by the protocol's own service: it holds its address (core/model.c bf_probe_by_own_service,
            # the diagnosis's rule); icon and words agree
            own = next((v for v in snap.get("services", []) if e.get("service") and
                        v["name"].lower() == e["service"].lower()), None)
            owner = p.get("owner", "")
            held = res == "addrinuse" and (
                (owner and e.get("service") and owner.lower() == e["service"].lower()) or
                (own is not None and own.get("pid", 0) > 0 and p.get("owner_pid", 0) == own["pid"]) or
                (not owner and own is not None and own.get("state") == "running" and p.get("greeting") != "wrong"))
            if held:
                text = f"OK: {owner or e['service']} listens here (a second bind gets 10048)"
            img = IMG_OK if res == "ok" or held else IMG_WARNING if res == "not-run" else IMG_ERROR
            rows["binds"].append([img, e["protocol"], str(e["port"]), p["address"], text, greet])
    return {k: [[str(c) if i else c for i, c in enumerate(r)] for r in v] for k, v in rows.items()}


def natural_width(col, scale):
    """The width a column needs to show its header and every cell whole, as gui/overview.c measures it
    (bfgui_measure_columns): the header plus 18 px, a cell plus 12 px (at 96 DPI)."""
    return max(col["header_w"] + round(18 * scale), col["cells_w"] + round(12 * scale))


def check_width_sharing(c, d, scale):
    """How the three lists share the width (gui/overview.c bfgui_overview_layout): side by side with
    the overview's gap (8 px at 96 DPI) between them, together exactly as wide as the findings pane under
    them, each as wide as its columns need, room to spare shared in proportion to that need."""
    names = ["adapters", "resolver", "binds"]
    lists = [d["lists"].get(n) for n in names]
    fl = d["lists"].get("findings")
    if not all(lists) or fl is None or any("client_w" not in l for l in lists):
        c.check(False, "the width sharing can be read", repr(d["lists"]))
        return
    gap = round(8 * scale)
    gaps = [lists[i + 1]["x"] - (lists[i]["x"] + lists[i]["w"]) for i in range(2)]
    span = (lists[0]["x"], lists[2]["x"] + lists[2]["w"])
    c.check(gaps == [gap, gap] and span == (fl["x"], fl["x"] + fl["w"]),
            f"the three lists and their {gap}-pixel gaps span the findings pane exactly",
            f"gaps {gaps}, lists {span[0]}..{span[1]}, findings {fl['x']}..{fl['x'] + fl['w']}")
    # A list's need: its frame, its columns but the last at their widths (chosen by the layout), and the
    # last at its natural width (or as cut, when the window is too narrow for it); the last column takes
    # the list's spare room, so its width now is not its need.
    ratios = []
    for n, l in zip(names, lists):
        cols = d["columns"].get(n, [])
        if not cols:
            c.check(False, f"{n}: columns read for the width sharing")
            return
        need = (l["w"] - l["client_w"]) + sum(col["width"] for col in cols[:-1]) + \
            min(natural_width(cols[-1], scale), cols[-1]["width"])
        ratios.append(l["w"] / need)
    # 3%: the layout's own estimate of a list's frame (two edges, 2 px, a scroll bar) differs from the
    # frame the list draws by a few pixels
    c.check(max(ratios) / min(ratios) <= 1.03,
            "the lists share the width in proportion to what their columns need (width / need alike)",
            ", ".join(f"{n} {l['w']} px / {l['w'] / r:.0f} = {r:.3f}" for n, l, r in zip(names, lists, ratios)))


def parse_dump(path):
    d = {"lists": {}, "labels": {}, "columns": {}, "rows": {}, "status": {}, "images": {}}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            kind = parts[0]
            if kind == "state":
                d["state"] = int(parts[1])
            elif kind == "title":
                d["title"] = parts[1] if len(parts) > 1 else ""
            elif kind == "status":
                d["status"][int(parts[1])] = parts[2] if len(parts) > 2 else ""
            elif kind == "top":
                d["top"] = parts[1] if len(parts) > 1 else ""
            elif kind == "client":
                d["client"] = (int(parts[1]), int(parts[2]))
            elif kind == "list":
                d["lists"][parts[1]] = dict(zip(("rows", "x", "y", "w", "h", "hscroll", "client_w"),
                                                map(int, parts[2:9])))
            elif kind == "label":
                d["labels"][parts[1]] = {"text": parts[2], "x": int(parts[3]), "y": int(parts[4]),
                                         "w": int(parts[5]), "h": int(parts[6])}
            elif kind == "images":
                d["images"][parts[1]] = int(parts[2])
            elif kind == "column":
                d["columns"].setdefault(parts[1], []).append(
                    {"header": parts[3], "width": int(parts[4]), "needed": int(parts[5]),
                     "header_w": int(parts[6]), "cells_w": int(parts[7])})
            elif kind == "row":
                d["rows"].setdefault(parts[1], []).append([int(parts[2])] + parts[3:])
    return d


class Checker:
    def __init__(self, label):
        self.label = label
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            print(f"PASS: {self.label}: {what}")
        else:
            self.failed += 1
            print(f"FAIL: {self.label}: {what}" + (f" ({detail})" if detail else ""))


def main():
    args = sys.argv[1:]
    dpi = 96
    if "--dpi" in args:
        i = args.index("--dpi")
        dpi = int(args[i + 1])
        del args[i:i + 2]
    allow_hscroll = "--allow-hscroll" in args
    if allow_hscroll:
        args.remove("--allow-hscroll")
    dump_path, snap_path, label = args
    with open(snap_path, encoding="utf-8") as f:
        snap = json.load(f)
    d = parse_dump(dump_path)
    c = Checker(label)
    scale = dpi / 96.0

    c.check(d.get("state") == 3, "the window says its data is loaded", f"state {d.get('state')}")
    host = snap.get("hostname", "")
    c.check(bool(host) and host in d.get("title", ""), "the title names the host",
            f"title {d.get('title')!r}, host {host!r}")
    c.check(bool(d["status"].get(0)) and d["status"][0].startswith("Loaded:"),
            "the status bar tells the scan state", repr(d["status"].get(0)))

    # the findings pane: one row per finding of `demo --json`'s diagnosis, root causes first and what each
    # explains under it (cause_order.py), IDs and severities
    diag = snap.get("diagnosis")
    if diag is not None:
        got = d["rows"].get("findings", [])
        fs = diag["findings"]
        want = [(fs[i]["severity"].capitalize(), fs[i]["id"]) for i, _ in tree_order(fs)] or [("", "")]
        shown = [(r[1], r[2]) for r in got]
        c.check(shown == want, "findings: one row per finding, root causes first, as bindfix-cli's causes say",
                f"shown {shown!r}, expected {want!r}")
        # the top finding names the first root cause and how many findings follow from it
        if fs:
            order = tree_order(fs)
            first, effects = fs[order[0][0]], 0
            for _, depth in order[1:]:
                if depth == 0:
                    break
                effects += 1
            top = d.get("top", "")
            c.check(first["id"] in top and (effects == 0 or f"{effects} more finding" in top),
                    "the top finding names the first root cause and counts what follows from it",
                    f"top {top!r}, root {first['id']}, {effects} under it")
        fl, bl = d["lists"].get("findings"), d["lists"].get("binds")
        c.check(fl is not None and bl is not None and fl["y"] > bl["y"] + bl["h"],
                "findings: the pane sits under the three lists", repr((fl, bl)))

    exp = expected_rows(snap)
    exp = {k: [[neutralised(x) if isinstance(x, str) else x for x in row] for row in rows] for k, rows in exp.items()}
    names = ["adapters", "resolver", "binds"]
    for n in names:
        got = d["rows"].get(n, [])
        c.check(len(exp[n]) > 0 and len(got) > 0, f"{n}: the pane is not empty", f"{len(got)} rows")
        diff = [f"row {i + 1}: expected {e!r}, shown {g!r}"
                for i, (e, g) in enumerate(zip(exp[n], got)) if e != g]
        if len(exp[n]) != len(got):
            diff.append(f"{len(exp[n])} rows expected, {len(got)} shown")
        c.check(not diff, f"{n}: rows (text and status icon) match the snapshot", "; ".join(diff))
        headers = [col["header"] for col in d["columns"].get(n, [])]
        c.check(headers == HEADERS[n], f"{n}: column headers", repr(headers))
        lab = d["labels"].get(n)
        lst = d["lists"].get(n)
        c.check(lab is not None and lab["text"] == LABELS[n], f"{n}: captioned by a label with a mnemonic",
                repr(lab))
        if lab and lst:
            c.check(lab["x"] == lst["x"] and lab["y"] + lab["h"] <= lst["y"] + 1 and lab["y"] >= 0,
                    f"{n}: the label sits right above its list", f"label {lab}, list {lst}")
            c.check(lab["h"] >= 14 * scale, f"{n}: the label is tall enough for the font at {dpi} DPI",
                    f"height {lab['h']}")
        img = d["images"].get(n, 0)
        c.check(img >= round(16 * scale) - 1, f"{n}: status icons sized for {dpi} DPI", f"{img} px")
        clipped = []
        for i, col in enumerate(d["columns"].get(n, [])):
            # +6: the list view's own cell margin (it ellipsises text that comes closer to the edge)
            need = col["needed"] + round(6 * scale)
            if (n, i) in FLEX_MIN:
                need = min(need, round(FLEX_MIN[(n, i)] * scale))
            if col["width"] < need:
                clipped.append(f"{col['header']}: width {col['width']} < {need}")
        c.check(not clipped, f"{n}: no fixed column cuts its text", "; ".join(clipped))

    # Layout: side by side, left to right, inside the client area, tall.
    cw, ch = d.get("client", (0, 0))
    lists = [d["lists"].get(n) for n in names]
    if all(lists):
        side = all(lists[i]["x"] + lists[i]["w"] <= lists[i + 1]["x"] for i in range(2))
        c.check(side and len({l["y"] for l in lists}) == 1, "the three lists stand side by side, aligned",
                repr(lists))
        inside = all(l["x"] >= 0 and l["x"] + l["w"] <= cw and l["y"] + l["h"] <= ch for l in lists)
        c.check(inside, "the lists lie inside the window", f"client {cw}x{ch}, {lists}")
        # below the toolbar and the top finding, above the findings pane and the status bar
        c.check(all(l["h"] >= ch * 0.5 for l in lists), "the lists use the window's height", repr(lists))
        if not allow_hscroll:
            c.check(all(l["hscroll"] == 0 for l in lists), "no list needs sideways scrolling at this size",
                    repr(lists))
            check_width_sharing(c, d, scale)
    else:
        c.check(False, "all three lists were found", repr(d["lists"]))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
