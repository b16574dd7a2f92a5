#!/usr/bin/env python3
"""figures.py - prints a benchmark's figures from its runs, the same way for every benchmark.

  figures.py FILE [--ratio NUM DEN [GOAL]]...

FILE: a first line of tab-separated labels, then one line per round of tab-separated wall times in ms
(every side timed once per round, in turn, by tests/bench/timing.sh). Prints for each label the median,
min-max spread and run count; for each --ratio the ratio of the medians NUM/DEN with the spread of the
per-round ratios, and against GOAL (a maximum ratio) "met" or "MISSED". A duration never fails the
benchmark; FILE with fewer than 9 rounds, a missing label or a time <= 0 does (exit 2): then nothing was
measured, and no figure is printed."""
import statistics
import sys


def main(argv):
    path, args = argv[1], argv[2:]
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    if not lines:
        sys.exit("figures: %s is empty: nothing was measured" % path)
    labels = lines[0].split("\t")
    rows = [[int(x) for x in l.split("\t")] for l in lines[1:]]
    if len(rows) < 9 or any(len(r) != len(labels) or min(r) <= 0 for r in rows):
        print("figures: %s has %d complete rounds of %d positive times (9 needed): no figures" % (path, len(rows), len(labels)))
        sys.exit(2)
    col = {lab: [r[i] for r in rows] for i, lab in enumerate(labels)}
    width = max(len(l) for l in labels) + 2
    print("%d warmed-up rounds, each side timed once per round, in turn:" % len(rows))
    print("  %-*s %9s   %s" % (width, "", "median", "spread (min-max)"))
    for lab in labels:
        v = col[lab]
        print("  %-*s %6d ms   %d-%d ms" % (width, lab, statistics.median(v), min(v), max(v)))
    i = 0
    while i < len(args):
        if args[i] != "--ratio":
            sys.exit("figures: unknown argument %s" % args[i])
        num, den = args[i + 1], args[i + 2]
        goal = None
        if i + 3 < len(args) and args[i + 3] != "--ratio":
            goal = float(args[i + 3])
            i += 1
        i += 3
        if num not in col or den not in col:
            print("figures: no column %s or %s: no figures" % (num, den))
            sys.exit(2)
        r = statistics.median(col[num]) / statistics.median(col[den])
        per = [a / b for a, b in zip(col[num], col[den])]
        verdict = "" if goal is None else ", goal <= %.2f: %s" % (goal, "met" if r <= goal else "MISSED")
        print("ratio %s / %s: %.2f (per round %.2f-%.2f%s)" % (num, den, r, min(per), max(per), verdict))


if __name__ == "__main__":
    main(sys.argv)
