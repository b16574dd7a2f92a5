"""cause_order.py - the reading order of the findings as causes and effects, from bindfix-cli's JSON
(help/findings.md, "Causes and effects"), written out again here so the console is checked against the
documented rule, not against its own code: the root causes (findings no other one explains) by the highest
severity under them, then in the diagnosis's order; under each, depth first, what it explains in the
diagnosis's order, a finding standing only under the first of its causes. Returns (index, depth) pairs."""

SEVERITY = {"info": 0, "warning": 1, "error": 2, "critical": 3}


def tree_order(findings):
    causes = {i: [] for i in range(len(findings))}
    for i, f in enumerate(findings):
        for j in f.get("explains", []):
            causes[j].append(i)
    roots = [i for i in range(len(findings)) if not causes[i]]
    roots.sort(key=lambda i: (-SEVERITY[findings[i].get("tree_severity", findings[i]["severity"])], i))
    out, placed = [], set()

    def place(i, depth):
        placed.add(i)
        out.append((i, depth))
        for j in sorted(findings[i].get("explains", [])):
            if j not in placed and min(causes[j]) == i:
                place(j, depth + 1)

    for r in roots:
        if r not in placed:
            place(r, 0)
    return out
