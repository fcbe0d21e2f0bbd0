#!/bin/sh
# Entering a net namespace and running true: nsx against nsenter and
# "ip netns exec", in one hyperfine run, as ratios; then peak memory.
set -eu
cd "$(dirname "$0")/.."
NSX=${NSX:-$PWD/nsx}
RUNS=${RUNS:-1000}
name=nsxbench$$
out=$(mktemp -d)

cleanup() {
	[ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
	ip netns del "$name" 2>/dev/null || true
	rm -rf "$out"
}
trap cleanup EXIT INT TERM

ip netns add "$name"
ip netns exec "$name" sleep 3600 &
holder=$!
sleep 0.2

hyperfine -N --warmup 50 --runs "$RUNS" --export-json "$out/enter.json" \
	-n nsx "$NSX -n -t $holder true" \
	-n nsenter "nsenter -n -t $holder true" \
	-n "ip netns exec" "ip netns exec $name true" \
	-n "nsx by name" "$NSX -n -t $name true" >/dev/null

# Medians are steadier than means on a busy machine.
jq -r '.results[] | [.command, (.median * 1000)] | @tsv' "$out/enter.json" |
	awk -F'\t' '
		{ name[NR] = $1; t[NR] = $2; if ($1 == "nsenter") base = $2 }
		END {
			printf "%-16s %10s %12s\n", "command", "median ms", "x nsenter"
			for (i = 1; i <= NR; i++)
				printf "%-16s %10.3f %12.2f\n", name[i], t[i], t[i] / base
		}'

ratio=$(jq -r '.results | (map(select(.command == "nsx"))[0].median) /
	(map(select(.command == "nsenter"))[0].median)' "$out/enter.json")
echo "bar (median no slower than 0.95x nsenter, goal 0.85x): $(awk -v r="$ratio" \
	'BEGIN { printf "%.2fx, %s", r, r <= 0.95 ? "met" : "NOT met" }')"

# Peak RSS: the largest of 20 runs each, as one run can be lucky.
rss() {
	for _ in $(seq 20); do
		/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1
	done | sort -n | tail -n1
}
nsx_rss=$(rss "$NSX" -n -t "$holder" true)
nsenter_rss=$(rss nsenter -n -t "$holder" true)
printf '\npeak RSS (KiB): nsx %s, nsenter %s; bar (no more than nsenter): %s\n' \
	"$nsx_rss" "$nsenter_rss" "$([ "$nsx_rss" -le "$nsenter_rss" ] && echo met || echo 'NOT met')"
