#!/bin/bash
# summarize.sh LOG [NAME...] - adds up every runner's "N passed, N failed" line into one closing line,
# and fails when a suite shrank.
#
# Each runner declares at its start how many results it expects: a line "== expect NAME N" (printed by
# the runner itself, next to its tests, so the number is raised in the same change that adds a test).
# Results are counted per declaration, up to the runner's closing line "N passed, N failed":
#   - fewer results than declared: the shortfall is counted as failures (more is fine: helpers add tests
#     before the number is raised);
#   - no closing line before the next declaration or the end of the log: the whole declaration counts as
#     failures;
#   - a closing line that disagrees with the runner's own PASS/FAIL lines (unit tests: ok/FAIL lines),
#     where it prints such lines: the difference counts as failures;
#   - every NAME given on the command line must have declared itself (as many times as it is given): a
#     runner that never started (its build failed, say) counts as one failure.
# Exits 1 when anything failed, 0 otherwise. The log must come from a serial run (make -j1): results
# are attributed to the last declaration before them.
log=$1; shift
[ -r "$log" ] || { echo "summarize.sh: cannot read $log"; echo "0 passed, 1 failed"; exit 1; }

out=$(awk -v required="$*" '
function close_open(why) {
  if (!open) return
  if (why != "") { extra += exp_n; notes = notes sprintf("== suite %s: %s; its %d declared results count as failed\n", name, why, exp_n) }
  open = 0
}
BEGIN { open = 0; extra = 0; p = 0; f = 0 }
/^== expect [A-Za-z0-9_.-]+ [0-9]+[ \t\r]*$/ {
  close_open("no closing \"N passed, N failed\" line")
  name = $3; exp_n = $4 + 0; open = 1; lp = 0; lf = 0; seen[name]++
  next
}
open && /^(PASS: |ok   )/ { lp++ }
open && /^FAIL(: | )/ { lf++ }
/^[0-9]+ passed, [0-9]+ failed/ {
  split($0, w, /[ ,]+/); cp = w[1] + 0; cf = w[3] + 0
  p += cp; f += cf
  if (open) {
    if (cp + cf < exp_n) {
      extra += exp_n - (cp + cf)
      notes = notes sprintf("== suite %s: %d results, %d declared: %d missing, counted as failed\n", name, cp + cf, exp_n, exp_n - (cp + cf))
    }
    if ((lp || lf) && (lp != cp || lf != cf)) {
      d = (lp > cp ? lp - cp : cp - lp) + (lf > cf ? lf - cf : cf - lf)
      extra += d
      notes = notes sprintf("== suite %s: closing line says %d passed, %d failed, its result lines say %d, %d: %d counted as failed\n", name, cp, cf, lp, lf, d)
    }
    open = 0
  }
}
END {
  close_open("no closing \"N passed, N failed\" line")
  n = split(required, req, " ")
  for (i = 1; i <= n; i++) want[req[i]]++
  for (r in want)
    if (seen[r] < want[r]) {
      extra += want[r] - seen[r]
      notes = notes sprintf("== suite %s: declared %d times, expected %d: it did not start (counted as failed)\n", r, seen[r] + 0, want[r])
    }
  printf "%s", notes
  printf "TOTALS %d %d %d\n", p, f, extra
}' "$log")
echo "$out" | grep -v '^TOTALS '
# the seconds each target took (make check prints them), one line: a figure, not a verdict
took=$(awk '/^== took [A-Za-z0-9_.-]+ [0-9]+ s$/ { printf "%s%s %s", sep, $3, $4; sep = ", "; t += $4 } END { if (sep) printf " (%d s in all)", t }' "$log")
[ -n "$took" ] && echo "== seconds per target: $took"
grep -E '^== seconds per [A-Za-z]+ case: ' "$log"   # the runners' own per-case figures (the GUI runner's)
# every failure line again, at the end, where a reader of only the log's tail (CI's excerpt) sees it
fails=$(grep -E '^(FAIL(: | )|Unhandled exception)' "$log")
if [ -n "$fails" ]; then
  echo "== failed ($(echo "$fails" | wc -l) lines; the first 40):"
  echo "$fails" | head -n 40 | cut -c1-300 | sed 's/^/==   /'
fi
read -r _ p f extra < <(echo "$out" | grep '^TOTALS ')
crashes=$(grep -c "Unhandled exception" "$log")
errors=$(grep -cE '^make(\[[0-9]+\])?: \*\*\*' "$log")
echo "== summary: $p passed, $f failed over all runners; $extra missing or unaccounted; $crashes crash lines; $errors make errors"
f=$((f + extra))
[ "$f" -eq 0 ] && [ "$errors" -gt 0 ] && f=$errors
[ "$f" -eq 0 ] && [ "$crashes" -gt 0 ] && f=$crashes
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
