#!/bin/bash
# bench/show.sh - the listings of nsx addr and route against iproute2's,
# in ip's text and in JSON, with N addresses on one link and N routes:
# hyperfine's mean of each, ratios nsx / ip (lower is better).
#
# Everything happens in network namespaces made here, nothing on the host.
#   N=200 bash bench/show.sh        (NSX=path/to/nsx to pick the binary)
set -eu
N=${N:-200}
RUNS=${RUNS:-200}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
ip -n "$A" link add d0 type veth peer name d1
ip -n "$A" link set d0 up
for i in $(seq "$N"); do
	echo "addr add 10.$((i / 250)).$((i % 250)).1/32 dev d0"
	echo "route add 10.200.$((i / 250)).$((i % 250))/32 dev d0"
done >"$tmp/batch"
ip -n "$A" -batch "$tmp/batch"

# The same output, or the figures mean nothing.
same() {
	if [ "$("$NSX" "$1" -t "$A" "${@:2}")" != "$(ip -n "$A" "${@:2:$#-2}" "$1" "${@: -1}")" ]; then
		echo "show.sh: nsx $* differs from ip" >&2
		exit 1
	fi
}
same addr show
same addr -j show
same route show
same route -j show

# Seconds of one run of each of the two commands, as hyperfine measures
# them in one go: the median of the wall-clock time, and the mean CPU
# time (user and system), which a shared machine disturbs less.
medians() {
	hyperfine -N --warmup 10 --runs "$RUNS" --export-json "$tmp/h.json" \
		"$1" "$2" >/dev/null 2>&1
	jq -r '[.results[] | .median, .user + .system] | join(" ")' \
		"$tmp/h.json"
}

# row WHAT CMD [OPTS]: nsx CMD -t A OPTS show against ip -n A OPTS CMD show.
row() {
	local what=$1 cmd=$2 nsx ip nsx_cpu ip_cpu
	shift 2
	read -r nsx nsx_cpu ip ip_cpu < <(medians "$NSX $cmd -t $A $* show" \
		"ip -n $A $* $cmd show")
	awk -v what="$what" -v nsx="$nsx" -v ip="$ip" -v nc="$nsx_cpu" \
		-v ic="$ip_cpu" 'BEGIN {
		printf "%-30s %7.3fms %7.3fms %6.2fx %7.3fms %7.3fms %6.2fx\n",
			what, nsx * 1000, ip * 1000, nsx / ip, nc * 1000,
			ic * 1000, nc / ic
	}'
}

printf '%-30s %9s %9s %7s %9s %9s %7s\n' "$RUNS runs" "nsx wall" "ip wall" \
	ratio "nsx cpu" "ip cpu" ratio
row "addr show ($N addresses)" addr
row "addr show -j ($N addresses)" addr -j
row "route show ($N routes)" route
row "route show -j ($N routes)" route -j
