#!/bin/sh
# Check that modules lean on each other one way only, as README "Layout"
# says: every #include "nsx/AREA/..." in src/AREA2 or include/nsx/AREA2
# must be an edge allowed below. Prints each forbidden include; exit 1.
set -eu
cd "$(dirname "$0")/.."

# AREA: the areas it may include (itself and lib are always allowed).
allowed() {
	case "$1" in
	cli) echo "enter net reach scan engine setuid target" ;;
	reach) echo "net target engine" ;;
	enter) echo "setuid target" ;;
	setuid) echo "target" ;;
	net) echo "target" ;;
	target) echo "engine" ;;
	engine) echo "scan" ;;
	scan | lib) echo "" ;;
	*) echo "?" ;;
	esac
}

status=0
for f in $(find src include/nsx -name '*.[ch]' | sort); do
	case "$f" in
	src/*) area=${f#src/} ;;
	include/nsx/*) area=${f#include/nsx/} ;;
	esac
	case "$area" in
	*/*) area=${area%%/*} ;;
	*) echo "$f: not in a module folder"; status=1; continue ;;
	esac
	ok=$(allowed "$area")
	if [ "$ok" = "?" ]; then
		echo "$f: unknown module '$area'"
		status=1
		continue
	fi
	deps=$(sed -n 's|^#include "nsx/\([a-z_]*\)/.*|\1|p' "$f" | sort -u)
	for dep in $deps; do
		[ "$dep" = "$area" ] || [ "$dep" = lib ] && continue
		case " $ok " in
		*" $dep "*) ;;
		*) echo "$f: $area may not include nsx/$dep/"; status=1 ;;
		esac
	done
done
exit "$status"
