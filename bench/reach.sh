#!/bin/bash
# nsx reach A B on a reachable veth pair against one
# "ip netns exec A ping -c1 -W1 B", measured in the same run, as a ratio
# (bar: within 2x). Everything happens in namespaces made here.
#   RUNS=200 bash bench/reach.sh        (NSX=path/to/nsx to pick the binary)
set -eu
RUNS=${RUNS:-200}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
a=$A
b=$B
out=$tmp

ip -n "$a" link add va type veth peer name vb netns "$b"
ip -n "$a" addr add 10.66.0.1/24 dev va
ip -n "$b" addr add 10.66.0.2/24 dev vb
ip -n "$a" link set va up
ip -n "$b" link set vb up
# Both answer yes before anything is timed.
for _ in 1 2 3 4 5; do
	ip netns exec "$a" ping -c1 -W1 10.66.0.2 >/dev/null 2>&1 && break
done
"$NSX" reach "$a" "$b" >/dev/null

# Two rounds, the order reversed in the second, medians over both.
round=1
while [ "$round" -le 2 ]; do
	set -- -n "nsx reach" "$NSX reach $a $b" \
		-n "ip netns exec ping" "ip netns exec $a ping -c1 -W1 10.66.0.2"
	if [ "$round" -eq 2 ]; then
		set -- -n "ip netns exec ping" "ip netns exec $a ping -c1 -W1 10.66.0.2" \
			-n "nsx reach" "$NSX reach $a $b"
	fi
	hyperfine -N --warmup 10 --runs $((RUNS / 2)) \
		--export-json "$out/reach$round.json" "$@" >/dev/null
	round=$((round + 1))
done

jq -rs 'map(.results[]) | group_by(.command) |
	map({command: .[0].command,
	     median: (map(.times) | add | sort | .[length / 2 | floor] * 1000)}) |
	(["command", "median ms"] | @tsv),
	(sort_by(.median)[] | [.command, (.median * 1000 | round / 1000)] | @tsv)' \
	"$out"/reach[12].json | awk -F'\t' '{ printf "%-20s %10s\n", $1, $2 }'

ratio=$(jq -rs 'map(.results[]) | group_by(.command) |
	map({key: .[0].command, value: (map(.times) | add | sort |
	     .[length / 2 | floor])}) | from_entries |
	.["nsx reach"] / .["ip netns exec ping"]' "$out"/reach[12].json)
echo "bar (nsx reach within 2x of one ip netns exec ping): $(awk -v r="$ratio" \
	'BEGIN { printf "%.2fx, %s", r, r <= 2 ? "met" : "NOT met" }')"
