# keyboard.sh - the console as a keyboard-only user has it (issue 23), sourced by run-gui-tests.sh and
# run from its console walk on the demo at 96 and 192 DPI. Keys are pressed with SendInput
# (guidriver keys) and the focus, the menu opened and the focused row are read back after each:
#   Tab and Shift+Tab visit the panes in visual order: tree, top strip, the three lists, the findings,
#   the Actions pane (one stop), round to the tree; F6 and Shift+F6 the same panes, as in MMC;
#   the arrow keys move inside the Actions pane and Tab leaves it in one press;
#   every list and tree Tab reaches has a name a screen reader reads (its text or the label before it);
#   the overview's labels' Alt+letters reach their lists; Alt+F and Alt+A open File and Action on every
#   view (also with the focus in the overview's Adapters list, whose label once took Alt+A);
#   Shift+F10 opens a row's menu inside the focused row, the menu key the tree's at its selected node.
# 21 PASS/FAIL lines per call (run-gui-tests.sh declares them). Screenshot: keyboard-menu[-192dpi].png.

# kb_keys FILE KEYS: press KEYS, append the driver's lines to FILE; the lines of this call on stdout
kb_keys() {
  local out=$1 keys=$2 tmp
  tmp=$(mktemp)
  timeout -k 5 120 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" --timeout 20000 keys "$keys" >"$tmp" 2>>"$KB_DIR/driver.err"
  cat "$tmp" >>"$out"; cat "$tmp"; rm -f "$tmp"
}

# kb_settle: the console back to rest (guidriver settle: an open menu or dialog closed), so that a step
# that failed - or whose Esc came before its menu on a loaded machine - does not fail every step after it.
# What it had to close is kept in settle.txt, next to the keys.
kb_settle() {
  echo "== after: $1" >>"$KB_DIR/settle.txt"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" --timeout 20000 settle >>"$KB_DIR/settle.txt" 2>>"$KB_DIR/driver.err"
}

# kb_ids LINES: the focused control ids, "/"-separated (an Actions pane button shows as "actions")
kb_ids() {
  awk -F'\t' '$1=="key"{id=$4; if (id>=1000 && id<2000 && $3=="Button") id="actions"; printf "%s%s", sep, id; sep="/"}'
}

# kb_to_tree FILE: F6 until the scope tree has the focus (at most 9 presses)
kb_to_tree() {
  local i line
  for i in 1 2 3 4 5 6 7 8 9; do
    line=$(kb_keys "$1" f6 | tail -n 1)
    [ "$(cut -f4 <<<"$line")" = 310 ] && return 0
  done
  return 1
}

# kb_menu_in_row MENU < LINES: the last line shows context menu MENU open, at a point inside the focused row
kb_menu_in_row() {
  awk -F'\t' -v want="$1" 'END { split($8, r, ","); split($9, p, ",");
    ok = $6 == want && $7 == 1 && $8 != "-" && p[1] >= r[1] && p[1] < r[3] && p[2] >= r[2] && p[2] < r[4]; exit !ok }'
}

keyboard_walk() {
  local name=$1 dir=$2 suffix=$3; shift 3
  KB_DESK=("$@"); KB_DIR="$dir/keyboard"
  local log="$KB_DIR/keys.txt" got want out n
  mkdir -p "$KB_DIR"; : >"$log"; : >"$KB_DIR/settle.txt"
  kb_settle "the steps before the keyboard walk"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" node 1 >/dev/null 2>>"$KB_DIR/driver.err"

  # Tab order: from the tree round to the tree. The demo is not this machine: Restart services is off,
  # so the top strip is one stop (Fix...).
  kb_to_tree "$log" || fail "$name: keyboard: F6 never reached the scope tree"
  want="317/301/303/305/308/actions/310"
  out=$(kb_keys "$log" tab,tab,tab,tab,tab,tab,tab)
  got=$(kb_ids <<<"$out")
  if [ "$got" = "$want" ]; then pass "$name: keyboard: Tab from the tree visits top strip, adapters, resolver, binds, findings, Actions pane, tree ($got)"
  else fail "$name: keyboard: Tab order from the tree: got $got, want $want"; fi
  # ...every list and the tree has a name a screen reader reads
  local unnamed
  unnamed=$(awk -F'\t' '$1=="key" && ($3=="SysListView32" || $3=="SysTreeView32") && $5=="-" {print $4}' <<<"$out" | tr '\n' ' ')
  if [ -z "$unnamed" ] && [ -n "$out" ]; then pass "$name: keyboard: every list and the tree Tab reaches has a name ($(awk -F'\t' '$1=="key" && $3 ~ /View32/ {printf "%s; ", $5}' <<<"$out"))"
  else fail "$name: keyboard: unnamed lists or tree (ids): ${unnamed:-no output}"; fi
  want="actions/308/305/303/301/317/310"
  got=$(kb_keys "$log" shift+tab,shift+tab,shift+tab,shift+tab,shift+tab,shift+tab,shift+tab | kb_ids)
  if [ "$got" = "$want" ]; then pass "$name: keyboard: Shift+Tab goes back the same way ($got)"
  else fail "$name: keyboard: Shift+Tab order from the tree: got $got, want $want"; fi

  # F6 and Shift+F6: the same panes, in the same order
  want="317/301/303/305/308/actions/310"
  got=$(kb_keys "$log" f6,f6,f6,f6,f6,f6,f6 | kb_ids)
  if [ "$got" = "$want" ]; then pass "$name: keyboard: F6 moves between the panes in visual order ($got)"
  else fail "$name: keyboard: F6 order from the tree: got $got, want $want"; fi
  want="actions/308/305/303/301/317/310"
  got=$(kb_keys "$log" shift+f6,shift+f6,shift+f6,shift+f6,shift+f6,shift+f6,shift+f6 | kb_ids)
  if [ "$got" = "$want" ]; then pass "$name: keyboard: Shift+F6 goes back ($got)"
  else fail "$name: keyboard: Shift+F6 order: got $got, want $want"; fi

  # the Actions pane: one tab stop (the button last focused there: Fix... after the click above), Home to
  # its first button, arrows inside (Refresh, then Stop scan is off: Copy is off on the overview too, so
  # Down goes to Export report...), Tab leaves it for the tree
  out=$(kb_keys "$log" shift+tab,home,down,down,up,tab)
  got=$(awk -F'\t' '$1=="key" && NR > 1 {printf "%s%s", sep, $4; sep="/"}' <<<"$out")
  if [ "$(head -n 1 <<<"$out" | cut -f3)" = Button ] && [ "$got" = "1101/1004/1202/1004/310" ]; then pass "$name: keyboard: in the Actions pane Down and Up move between the enabled buttons, Tab leaves it in one press ($got)"
  else fail "$name: keyboard: Actions pane: Shift+Tab to $(head -n 1 <<<"$out" | cut -f3,4 | tr '\t' ' '), then Home, Down, Down, Up, Tab gave $got, want 1101/1004/1202/1004/310 (Refresh, Export report, Help, Export report, tree)"; fi

  # the overview's labels: Alt+D, Alt+R, Alt+P, Alt+I to their lists
  got=$(kb_keys "$log" alt+d,alt+r,alt+p,alt+i | kb_ids)
  if [ "$got" = "301/303/305/308" ]; then pass "$name: keyboard: the labels' Alt+D, Alt+R, Alt+P, Alt+I reach their lists"
  else fail "$name: keyboard: label mnemonics: got $got, want 301/303/305/308"; fi

  # Alt+F and Alt+A open File and Action on every view: menu 1 then 2 opened (BF_MENU_PROP), closed by Esc
  local views=(computer overview adapters binding-order resolver-order protocols listening-ports services event-log findings repair-history)
  for n in 0 1 2 3 4 5 6 7 8 9 10; do
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" node $n >/dev/null 2>>"$KB_DIR/driver.err"
    local keys="f6,alt+f,esc,esc,alt+a,esc,esc"
    [ $n = 1 ] && keys="alt+d,alt+f,esc,esc,alt+a,esc,esc"   # from the Adapters list, whose label had Alt+A
    got=$(kb_keys "$log" "$keys" | awk -F'\t' '$1=="key" && $2 ~ /^alt\+[fa]$/ {printf "%s%s=%s,%s", sep, $2, $6, $7; sep=" "}
                                               $1=="key" && NR==7 {printf " end=%s", $7}')
    if [ "$got" = "alt+f=1,1 alt+a=2,1 end=0" ]; then pass "$name: keyboard: Alt+F opens File and Alt+A opens Action on the ${views[$n]} view"
    else fail "$name: keyboard: ${views[$n]} view: Alt+F/Alt+A gave '$got', want 'alt+f=1,1 alt+a=2,1 end=0' (menu, open)"
      kb_settle "Alt+F/Alt+A on the ${views[$n]} view"; fi
  done

  # Shift+F10 in a list: a row's menu (100), inside the focused row; the menu key on the tree: its menu
  # (101) at the selected node
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" node 1 >/dev/null 2>>"$KB_DIR/driver.err"
  out=$(kb_keys "$log" alt+p,down,down,shift+f10)
  [ -n "$SHOTS" ] && import -window root "$SHOTS/keyboard-menu$suffix.png" 2>/dev/null
  kb_keys "$log" esc >/dev/null
  kb_settle "Shift+F10 on the binds list"
  if kb_menu_in_row 100 <<<"$out"; then
    pass "$name: keyboard: Shift+F10 opens the row menu inside the focused row ($(tail -n 1 <<<"$out" | cut -f8,9 | tr '\t' ' '))"
  else fail "$name: keyboard: Shift+F10 on the binds list: $(tail -n 1 <<<"$out" | tr '\t' ' ') (want menu 100 open at a point inside the row)"; fi
  kb_to_tree "$log"
  out=$(kb_keys "$log" apps)
  kb_keys "$log" esc >/dev/null
  kb_settle "the menu key on the tree"
  if kb_menu_in_row 101 <<<"$out"; then
    pass "$name: keyboard: the menu key opens the scope tree's menu at its selected node ($(tail -n 1 <<<"$out" | cut -f8,9 | tr '\t' ' '))"
  else fail "$name: keyboard: menu key on the tree: $(tail -n 1 <<<"$out" | tr '\t' ' ') (want menu 101 open inside the node)"; fi

  # the harness's own settle (above, after each menu): a menu left open on purpose is closed, and the keys
  # reach the console again
  kb_keys "$log" alt+f >/dev/null
  local settled
  settled=$(timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" --timeout 20000 settle 2>>"$KB_DIR/driver.err"; echo "rc=$?")
  got=$(kb_keys "$log" f6 | awk -F'\t' '{print $6 "," $7}')
  # ...and a box left open (Help > About)
  local boxed
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" command 1201 2>>"$KB_DIR/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" --timeout 20000 msgbox --leave-open >/dev/null 2>>"$KB_DIR/driver.err"
  boxed=$(timeout -k 5 60 "$BF_WINE" "$DRIVER" "${KB_DESK[@]}" --timeout 20000 settle 2>>"$KB_DIR/driver.err"; echo "rc=$?")
  if grep -q "^closed	menu	1$" <<<"$settled" && grep -q "^rc=0$" <<<"$settled" && [ "$got" = "0,0" ] &&
     grep -q "^closed	dialog	About bindfix" <<<"$boxed" && grep -q "^rc=0$" <<<"$boxed"; then
    pass "$name: keyboard: the test's settle step closes a File menu and an About box left open, and keys reach the console again"
  else fail "$name: keyboard: settle: $(tr '\t\n' '  ' <<<"$settled"), then F6 gave menu,open $got (want 0,0); about: $(tr '\t\n' '  ' <<<"$boxed")"; fi
}
