#!/bin/bash
# bench/peers.sh - what naming the far end of every veth costs link show.
#
# A namespace A made here stands for a host: N veths (N/PER named network
# namespaces with PER veths each; 2 unless told, 1 is a host of containers)
# lead out of it. Compared, with hyperfine:
#   nsx link -t A show --table    LINK names each far end (IFNAME@netns:X)
#   nsx link -t A show --output   the same columns but LINK: no far end asked
#   nsx link -t A show            ip's text: @ifN, as ip prints it
#   ip -n A link show             iproute2 (link-netns NAME, as ip names it)
#   nsx link -t A show -j [-d]    far ends named (-d: and their bridges)
# and, when BASE names an nsx built without far ends, that one too.
#   N=500 PER=1 bash bench/peers.sh   (NSX=path/to/nsx, BASE=path/to/old/nsx)
# Bar: naming far ends adds at most 20% to nsx link show.
set -eu
N=${N:-500}
PER=${PER:-2}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
pfx=nsxbp$$-
half=$((N / PER))

command -v hyperfine >/dev/null || { echo "peers.sh: needs hyperfine" >&2; exit 1; }

far_cleanup() {
	for i in $(seq "$half"); do echo "netns del $pfx$i"; done >"$tmp/del"
	ip -force -batch "$tmp/del" 2>/dev/null || true
	cleanup
}
trap far_cleanup EXIT

for i in $(seq "$half"); do
	echo "netns add $pfx$i"
done >"$tmp/ns"
ip -batch "$tmp/ns"
for i in $(seq "$half"); do
	for k in $(seq "$PER"); do
		echo "link add v$i-$k type veth peer name eth$k netns $pfx$i"
	done
done >"$tmp/add"
ip -n "$A" -batch "$tmp/add"
got=$(ip -n "$A" -o link show type veth | wc -l)
[ "$got" -eq "$N" ] || { echo "peers.sh: $got veths, wanted $N" >&2; exit 1; }
if ! "$NSX" link -t "$A" show v1-1 --table | grep -q "eth1@netns:${pfx}1 "; then
	echo "peers.sh: nsx does not name the far end of v1-1" >&2
	exit 1
fi

cols=IFINDEX,IFNAME,TYPE,STATE,MTU,MASTER,ADDRESS
set -- "$NSX link -t $A show --table" "$NSX link -t $A show --output $cols" \
	"ip -n $A link show" "$NSX link -t $A show -j" "ip -n $A -j link show" \
	"$NSX link -t $A show" "$NSX link -t $A show -j -d" "ip -n $A -j -d link show"
if [ -n "${BASE:-}" ]; then
	set -- "$@" "$BASE link -t $A show --table"
fi
hyperfine -N -w 3 -m 20 --export-json "$tmp/h.json" "$@" >"$tmp/h.out" 2>&1 ||
	{ cat "$tmp/h.out" >&2; exit 1; }

mean() { jq -r --argjson i "$1" '.results[$i].mean' "$tmp/h.json"; }
# CPU time (user + system): what the tool costs, less the machine's load.
cpu() { jq -r --argjson i "$1" '.results[$i] | .user + .system' "$tmp/h.json"; }
row() {
	awk -v what="$1" -v a="$2" -v b="$3" -v bar="$4" 'BEGIN {
		r = a / b
		printf "%-46s %8.2fms %8.2fms %7.3fx", what, a * 1000, b * 1000, r
		if (bar > 0)
			printf "  <= %.1fx %s", bar, (r <= bar ? "ok" : "MISSED")
		printf "\n"
	}'
}
rows() {
	row "$1" "$($2 "$3")" "$($2 "$4")" "$5"
}

for how in mean cpu; do
	printf '%-46s %10s %10s %8s\n' "$N veths to $half netns ($how)" this that ratio
	rows "link show --table, far ends named / without LINK" $how 0 1 1.2
	rows "link show --table / link show (ip's text)" $how 0 5 1.2
	rows "link show --table / ip link show" $how 0 2 0
	rows "link show (ip's text) / ip link show" $how 5 2 0
	rows "link show -j / ip -j link show" $how 3 4 0
	rows "link show -j -d (bridges too) / ip -j -d" $how 6 7 0
	if [ -n "${BASE:-}" ]; then
		rows "link show --table / the same by BASE (ifNN)" $how 0 8 1.2
	fi
done
