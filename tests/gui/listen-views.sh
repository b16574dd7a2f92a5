# listen-views.sh - sourced by run-gui-tests.sh: the console's views of issue 15's sources (Port exclusions,
# http.sys listen list, Product listen settings) and the Listening ports view's PID 4 rows, on a scenario
# that has each section (tests/scenarios/http-sys-holds-port-80-2019.json). Every row read back from the
# other process and compared with the snapshot by check_listen_views.py; a click on a header sorts; Copy;
# Alt+Enter opens a row's Properties; each view shot (at 96 and 192 DPI: the case runs in both prefixes).

# listen_case NAME DIR EXPECT SHOT DESKTOP-ARGS...
listen_case() {
  local name=$1 dir=$2 expect=$3 shot=$4; shift 4
  local desk=("$@") rc=0 suffix="" n
  [[ "$name" == *192* ]] && suffix="-192dpi"
  local names=([6]=listening-ports-pid4 [12]=port-exclusions [13]=http-listen [14]=product-listen-settings)
  timeout -k 5 100 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 60000 dump >"$dir/dump.txt" 2>"$dir/driver.err" || rc=$?
  for n in 0 6 12 13 14; do
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 node $n >"$dir/node$n.txt" 2>>"$dir/driver.err" || rc=$?
    [ $n -gt 0 ] && import -window root "$SHOTS/view-${names[$n]}$suffix.png" 2>/dev/null
  done
  if [ $rc -eq 0 ]; then pass "$name: the scenario loaded and the issue 15 views were read back"
  else fail "$name: driver exited $rc: $(head -c 300 "$dir/driver.err")"; fi
  # a click on First port sorts the Port exclusions view, a second reverses it
  for n in 1 2; do
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 12 >/dev/null 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" sortclick 3 2>>"$dir/driver.err"
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 12 >"$dir/sorted$n.txt" 2>>"$dir/driver.err"
  done
  # Copy on the http.sys listen list view: the header and every row as tab-separated text
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 13 >/dev/null 2>>"$dir/driver.err"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" copy >"$dir/copy.txt" 2>>"$dir/driver.err"
  # Alt+Enter on the Product listen settings view's second row: its Properties, every column
  rc=0
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 14 >/dev/null 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" rowkey result:1 altenter 2>>"$dir/driver.err" &&
    timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" propsdlg >"$dir/props-pin.txt" 2>>"$dir/driver.err" || rc=$?
  [ $rc -eq 0 ] || fail "$name: Alt+Enter on a Product listen settings row: driver exited $rc"
  # F1 on the Port exclusions view asks for its own topic
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" node 12 >/dev/null 2>>"$dir/driver.err"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" command 1202 2>>"$dir/driver.err"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 5000 msgbox >/dev/null 2>&1
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" props 2>>"$dir/driver.err" | sed -n 's/^help\t//p' >"$dir/help.txt"
  python3 "$HERE/check_listen_views.py" "$dir" "$expect" "$name"
  timeout -k 5 60 "$BF_WINE" "$DRIVER" "${desk[@]}" --timeout 30000 close >/dev/null 2>>"$dir/driver.err"
}
