#!/bin/bash
# bench/addr.sh - nsx addr, route and connect against iproute2: one run
# of each series, ratios nsx / ip (lower is better).
#
# Everything happens in network namespaces made here, nothing on the host.
#   N=200 sh bench/addr.sh        (NSX=path/to/nsx to pick the binary)
set -eu
N=${N:-200}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
ip -n "$A" link add d0 type veth peer name d1

count() {
	local got
	got=$(ip -n "$A" -o addr show dev d0 | grep -c 'inet ' || true)
	if [ "$got" -ne "$1" ]; then
		echo "addr.sh: expected $1 addresses after $2, found $got" >&2
		exit 1
	fi
}

nsx_addrs() {
	for i in $(seq "$N"); do
		"$NSX" addr -t "$A" "$1" "10.$((i / 250)).$((i % 250)).1/32" dev d0
	done
}

ip_addrs() {
	for i in $(seq "$N"); do
		ip -n "$A" addr "$1" "10.$((i / 250)).$((i % 250)).1/32" dev d0
	done
}

nsx_add=$(timed nsx_addrs add)
count "$N" "nsx addr add"
nsx_del=$(timed nsx_addrs del)
count 0 "nsx addr del"

# The same run inside A, as on a host: no namespace to reach for.
inside() {
	timed ip netns exec "$A" sh -c "for i in \$(seq $N); do $1 \
		10.\$((i / 250)).\$((i % 250)).1/32 dev d0; done"
}
nsx_in_add=$(inside "$NSX addr add")
count "$N" "nsx addr add inside"
nsx_in_del=$(inside "$NSX addr del")
ip_in_add=$(inside "ip addr add")
count "$N" "ip addr add inside"
ip_in_del=$(inside "ip addr del")
count 0 "ip addr del inside"

ip_add=$(timed ip_addrs add)
count "$N" "ip addr add"

# Listings of N addresses and their N /32 routes, each run N times.
for i in $(seq "$N"); do
	echo "route add 10.200.$((i / 250)).$((i % 250))/32 dev d0" >>"$tmp/routes"
done
ip -n "$A" link set d0 up
ip -n "$A" -batch "$tmp/routes"
shows() {
	for _ in $(seq "$N"); do "$@" >/dev/null; done
}
nsx_ashow=$(timed shows "$NSX" addr -t "$A" show)
ip_ashow=$(timed shows ip -n "$A" addr show)
nsx_ajson=$(timed shows "$NSX" addr -t "$A" -j)
ip_ajson=$(timed shows ip -n "$A" -j addr show)
nsx_rshow=$(timed shows "$NSX" route -t "$A" show)
ip_rshow=$(timed shows ip -n "$A" route show)
ip_del=$(timed ip_addrs del)
count 0 "ip addr del"

# N connections A <-> B with addresses, links up and a default route:
# one nsx connect, or the five ip commands that build the same (the veth
# made in place as nsx does, which is ip's fastest way too).
nsx_connects() {
	for i in $(seq "$N"); do
		"$NSX" connect "$A" "$B" --name "c$i" --peer-name "p$i" \
			--addr "10.$((i / 250)).$((i % 250)).1/30" \
			--peer-addr "10.$((i / 250)).$((i % 250)).2/30"
	done
}

ip_connects() {
	for i in $(seq "$N"); do
		ip -n "$A" link add "c$i" type veth peer name "p$i" netns "$B"
		ip -n "$A" addr add "10.$((i / 250)).$((i % 250)).1/30" dev "c$i"
		ip -n "$B" addr add "10.$((i / 250)).$((i % 250)).2/30" dev "p$i"
		ip -n "$A" link set "c$i" up
		ip -n "$B" link set "p$i" up
	done
}

veths() { ip -n "$A" -o link show type veth | wc -l; }

ip -n "$A" link del d0
nsx_conn=$(timed nsx_connects)
[ "$(veths)" -eq "$N" ] || { echo "addr.sh: nsx connect made $(veths)" >&2; exit 1; }
"$NSX" link -t "$A" del type veth
ip_conn=$(timed ip_connects)
[ "$(veths)" -eq "$N" ] || { echo "addr.sh: ip made $(veths)" >&2; exit 1; }

row() {
	awk -v what="$1" -v nsx="$2" -v ip="$3" 'BEGIN {
		printf "%-44s %7.3fs %7.3fs %7.3fx\n", what, nsx, ip, nsx / ip
	}'
}

printf '%-44s %8s %8s %8s\n' "$N times" nsx ip ratio
row "addr add CIDR dev D, run inside the netns" "$nsx_in_add" "$ip_in_add"
row "addr del CIDR dev D, run inside the netns" "$nsx_in_del" "$ip_in_del"
echo "from outside the netns (nsx X -t A, ip -n A X):"
row "addr add CIDR dev D" "$nsx_add" "$ip_add"
row "addr del CIDR dev D" "$nsx_del" "$ip_del"
row "addr show ($N addresses)" "$nsx_ashow" "$ip_ashow"
row "addr show -j ($N addresses)" "$nsx_ajson" "$ip_ajson"
row "route show ($N routes)" "$nsx_rshow" "$ip_rshow"
row "connect A B --addr --peer-addr / 5 ip cmds" "$nsx_conn" "$ip_conn"
