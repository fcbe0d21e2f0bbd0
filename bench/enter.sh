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

rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n1; }
printf '\npeak RSS (KiB): nsx %s, nsenter %s\n' \
	"$(rss "$NSX" -n -t "$holder" true)" "$(rss nsenter -n -t "$holder" true)"
