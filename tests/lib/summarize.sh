#!/bin/bash
# summarize.sh LOG - adds up every runner's "N passed, N failed" line into one closing line.
log=$1
p=0; f=0
while read -r a _ b _; do p=$((p + a)); f=$((f + b)); done < <(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log")
crashes=$(grep -c "Unhandled exception" "$log" || true)
errors=$(grep -cE '^make(\[[0-9]+\])?: \*\*\*' "$log" || true)
echo "== summary: $p passed, $f failed over all runners; $crashes crash lines; $errors make errors"
[ "$f" -eq 0 ] && [ "$errors" -gt 0 ] && f=$errors
echo "$p passed, $f failed"
