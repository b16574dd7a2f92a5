#!/bin/bash
# check-lane.sh TARGET... - runs make check's targets one after another (each on its own, as make -k
# would: a failure does not stop the rest; CHECK_JOBS, 1 by default, builds a target's prerequisites in
# parallel, while its tests still run alone) and prints after each "== took TARGET N s", the wall time: a
# figure for keeping make check inside its budget, never a verdict. Exits 2 when any target failed.
st=0
for t in "$@"; do
  s=$(date +%s)
  "${MAKE:-make}" --no-print-directory -j"${CHECK_JOBS:-1}" "$t" || st=2
  echo "== took $t $(( $(date +%s) - s )) s"
done
exit $st
