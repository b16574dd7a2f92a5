#!/bin/bash
# deps.sh --missing PACKAGE... | deps.sh PACKAGE... - the Debian packages `make deps` (run, check, bench,
# fuzz, reliability) and `make deps-build` (the cross build) need. --missing prints those not installed
# (nothing where there is no dpkg: MSYS2, other systems). Otherwise the missing ones are installed with
# apt-get as root, saying so; without root it prints the exact command and fails.
set -u
list=0
[ "${1:-}" = --missing ] && { list=1; shift; }
command -v dpkg >/dev/null 2>&1 || exit 0
missing=$(for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || echo -n "$p "; done)
missing=${missing% }
[ -n "$missing" ] || exit 0
if [ $list = 1 ]; then echo "$missing"; exit 0; fi
if [ "$(id -u)" = 0 ]; then
  echo "bindfix: installing missing packages with apt-get: $missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing \
    || { echo "bindfix: apt-get install failed for: $missing"; exit 1; }
else
  echo "bindfix: missing packages. Run as root:"
  echo "  apt-get update && apt-get install -y $missing"
  exit 1
fi
