#!/bin/sh
# Run every bench/*.sh once and write bench/RESULTS.md: each script's own
# report (its figures as ratios against nsenter, ip or lsns measured in the
# same run), under the machine and the date they were measured on.
# The binary measured is $NSX (default: ./nsx).
set -u
cd "$(dirname "$0")/.." || exit 1
NSX=${NSX:-$PWD/nsx}
export NSX
out=bench/RESULTS.md
tmp=$(mktemp)
log=$(mktemp)
trap 'rm -f "$tmp" "$log"' EXIT

version() { "$@" 2>/dev/null | head -n 1; }
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
	echo "# nsx benchmarks"
	echo
	echo "Written by \`make bench\`; every ratio compares tools measured in the same run."
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- nsx: $(version "$NSX" --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "- machine: ${cpu:-unknown CPU}, $(nproc) CPUs, $mem"
	system=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)
	echo "- system: ${system:-Linux}, Linux $(uname -r)"
	echo "- references: $(version nsenter --version); $(version ip -V); $(version hyperfine --version)"
} >"$tmp"

status=0
found=0
for b in bench/*.sh; do
	[ -e "$b" ] || continue
	# bench/lib.sh is what the others source, not a benchmark.
	[ "$b" = bench/lib.sh ] && continue
	found=$((found + 1))
	echo "bench: $b" >&2
	if [ -x "$b" ]; then "./$b" >"$log" 2>&1; else sh "$b" >"$log" 2>&1; fi
	rc=$?
	cat "$log" >&2
	{
		echo
		echo "## $b"
		echo
		[ "$rc" -eq 0 ] || echo "**exit status $rc**"
		echo '```'
		cat "$log"
		echo '```'
	} >>"$tmp"
	[ "$rc" -eq 0 ] || status=1
done
[ "$found" -gt 0 ] || printf '\nNo bench/*.sh yet.\n' >>"$tmp"
mkdir -p bench
mv "$tmp" "$out"
echo "bench: wrote $out" >&2
exit "$status"
