#!/bin/bash
# bench/links.sh - nsx against iproute2 on many links: one run each, ratios.
#
# Everything happens between two network namespaces made here (A holds the
# links, B the veth peers), so nothing on the host is touched.
#   N=500 sh bench/links.sh        (NSX=path/to/nsx to pick the binary)
set -eu
N=${N:-500}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

for i in $(seq "$N"); do
	echo "link add v$i type veth peer name p$i netns $B" >>"$tmp/ip-add"
	echo "link del v$i" >>"$tmp/ip-del"
	echo "link -t $A add v$i type veth peer p$i target $B" >>"$tmp/nsx-add"
done

veths() {
	ip -n "$1" -o link show type veth | wc -l
}

expect() {
	local got
	got=$(veths "$A")
	if [ "$got" -ne "$1" ]; then
		echo "links.sh: expected $1 veths in $A after $2, found $got" >&2
		exit 1
	fi
}

reset() {
	"$NSX" link -t "$A" del type veth 2>/dev/null || true
	expect 0 reset
}

# 500 commands from outside, naming the namespace: ip -n A, nsx -t A.
ip_adds() {
	for i in $(seq "$N"); do
		ip -n "$A" link add "v$i" type veth peer name "p$i" netns "$B"
	done
}

nsx_adds() {
	for i in $(seq "$N"); do
		"$NSX" link -t "$A" add "v$i" type veth peer "p$i" target "$B"
	done
}

# 500 commands run inside A, as on a host: the first end where the tool runs.
inside() {
	timed ip netns exec "$A" sh -c "for i in \$(seq $N); do $1; done"
}

ip_batch_add=$(timed ip -n "$A" -batch "$tmp/ip-add")
expect "$N" "ip -batch"
reset
nsx_batch_add=$(timed "$NSX" batch "$tmp/nsx-add")
expect "$N" "nsx batch"
reset
ip_in_add=$(inside "ip link add v\$i type veth peer name p\$i netns $B")
expect "$N" "ip link add"
reset
nsx_in_add=$(inside "$NSX link add v\$i type veth peer p\$i target $B")
expect "$N" "nsx link add"
reset
ip_sep_add=$(timed ip_adds)
expect "$N" "ip -n link add"
reset
nsx_sep_add=$(timed nsx_adds)
expect "$N" "nsx link -t add"
nsx_del=$(timed "$NSX" link -t "$A" del type veth)
expect 0 "nsx link del type veth"
"$NSX" batch "$tmp/nsx-add"
ip_batch_del=$(timed ip -n "$A" -batch "$tmp/ip-del")
expect 0 "ip -batch del"

row() {
	awk -v what="$1" -v nsx="$2" -v ip="$3" -v bar="$4" 'BEGIN {
		r = nsx / ip
		printf "%-46s %7.3fs %7.3fs %7.3fx  <= %.1fx %s\n", what, nsx, ip,
		       r, bar, (r <= bar ? "ok" : "MISSED")
	}'
}

printf '%-46s %8s %8s %8s  %s\n' "$N veth pairs, peer in a netns" nsx ip ratio bar
row "create: nsx batch / ip -batch" "$nsx_batch_add" "$ip_batch_add" 1.0
row "create: $N nsx link add / $N ip link add" "$nsx_in_add" "$ip_in_add" 1.0
row "  the same from outside: -t A / ip -n A" "$nsx_sep_add" "$ip_sep_add" 1.0
row "delete: nsx link del type veth / ip -batch" "$nsx_del" "$ip_batch_del" 0.1
