# hang-check.sh - sourced by the GUI test scripts: the one timing verdict they keep, a hang.
#
# bf_hang_verdict PROPS: reads what `guidriver props` printed and says (one line on stdout) whether the
# console hung; returns 0 when it did not. A hang is a UI thread that did not answer the watchdog for
# BF_HANG_MS (2 s, gui/gui.h) or more, or a window that did not answer WM_NULL within 10 s: no busy machine
# takes that long over one message. Shorter times are figures for make bench-gui, never a verdict here.
# The watchdog must have run (BINDFIX_WATCHDOG=1) and really asked (its count of answered pings grew while
# guidriver waited, at most 10 s): without it "no hang" would prove nothing.
bf_hang_verdict() {
  local props=$1 answers watchdog gap gapmsg hang hangmsg
  answers=$(sed -n 's/^answers\t//p' "$props" 2>/dev/null)
  watchdog=$(sed -n 's/^watchdog\t//p' "$props" 2>/dev/null)
  gap=$(sed -n 's/^maxgap\t//p' "$props" 2>/dev/null)
  gapmsg=$(sed -n 's/^maxgapmsg\t//p' "$props" 2>/dev/null)
  hang=$(sed -n 's/^hang\t//p' "$props" 2>/dev/null)
  hangmsg=$(sed -n 's/^hangmsg\t//p' "$props" 2>/dev/null)
  if [ "$answers" != 1 ]; then
    echo "the window stopped answering (no answer to WM_NULL within 10 s; props: ${answers:-none}; watchdog's longest wait ${hang:-?} ms, in message ${hangmsg:-?})"
    return 1
  fi
  if [ "$watchdog" != 1 ]; then
    echo "the watchdog did not run (BINDFIX_WATCHDOG=1 not seen), so a hang could not be caught"
    return 1
  fi
  if [ "$(sed -n 's/^pingsgrew\t//p' "$props" 2>/dev/null)" != 1 ]; then
    echo "the watchdog ran but its count of answered pings did not grow within 10 s (pings: $(sed -n 's/^pings\t//p' "$props")): it was not asking, so no hang could be seen"
    return 1
  fi
  if [ -z "$gap" ] || [ -z "$hang" ]; then
    echo "no watchdog figures in $props"
    return 1
  fi
  if [ "$hang" -gt 0 ]; then
    echo "the UI thread hung: the watchdog waited $hang ms for an answer (2000 ms or more is a hang), in message $hangmsg; longest answer since the first data: $gap ms, in message $gapmsg"
    return 1
  fi
  if [ "$gap" -ge 2000 ]; then
    echo "the UI thread hung: it took $gap ms to answer (2000 ms or more is a hang), in message $gapmsg"
    return 1
  fi
  echo "the UI thread never hung (a hang: 2 s without an answer; longest answer $gap ms in message $gapmsg, a figure only)"
  return 0
}
