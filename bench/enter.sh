#!/bin/sh
# Entering a net namespace and running true: nsx against nsenter and
# "ip netns exec", measured in the same run, as ratios; then peak memory.
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

# Four rounds, each running every command in turn and the order reversed
# every other round: a machine that slows down or speeds up during the
# run weighs on every command alike. Medians over all rounds.
round=1
while [ "$round" -le 4 ]; do
	set -- -n nsx "$NSX -n -t $holder true" \
		-n nsenter "nsenter -n -t $holder true" \
		-n "ip netns exec" "ip netns exec $name true" \
		-n "nsx by name" "$NSX -n -t $name true"
	if [ $((round % 2)) -eq 0 ]; then
		set -- -n "nsx by name" "$NSX -n -t $name true" \
			-n "ip netns exec" "ip netns exec $name true" \
			-n nsenter "nsenter -n -t $holder true" \
			-n nsx "$NSX -n -t $holder true"
	fi
	hyperfine -N --warmup 20 --runs $((RUNS / 4)) \
		--export-json "$out/enter$round.json" "$@" >/dev/null
	round=$((round + 1))
done

# Medians are steadier than means on a busy machine.
jq -rs 'map(.results[]) | group_by(.command) |
	map({command: .[0].command,
	     median: (map(.times) | add | sort | .[length / 2 | floor] * 1000)}) |
	(map(select(.command == "nsenter"))[0].median) as $base |
	(["command", "median ms", "x nsenter"] | @tsv),
	(sort_by(.median)[] | [.command, (.median * 1000 | round / 1000),
	 (.median / $base * 100 | round / 100)] | @tsv)' \
	"$out"/enter[1-4].json | awk -F'\t' '{ printf "%-16s %10s %12s\n", $1, $2, $3 }'

ratio=$(jq -rs 'map(.results[]) | group_by(.command) |
	map({key: .[0].command, value: (map(.times) | add | sort |
	     .[length / 2 | floor])}) | from_entries | .nsx / .nsenter' \
	"$out"/enter[1-4].json)
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
