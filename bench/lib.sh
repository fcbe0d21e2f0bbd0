# shellcheck shell=bash
# bench/lib.sh - what the rtnetlink benchmarks share: the binary, two
# network namespaces A and B made here (removed on exit with the scratch
# directory $tmp), and a timer. Sourced after N is set.
here=$(cd "$(dirname "$0")" && pwd)
NSX=${NSX:-$here/../nsx}
A=nsxbench$$a
B=nsxbench$$b
tmp=$(mktemp -d)

cleanup() {
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$A"
ip netns add "$B"

# Seconds taken by one run of the command.
timed() {
	local start=$EPOCHREALTIME
	"$@" >/dev/null
	echo "$start $EPOCHREALTIME" | awk '{ printf "%.3f", $2 - $1 }'
}
