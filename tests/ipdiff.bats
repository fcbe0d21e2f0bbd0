#!/usr/bin/env bats
# nsx link, addr and route against ip itself: each case runs the same
# command line through `ip -n A` and `nsx CMD -t B` on twin namespaces
# (or through both on one namespace, for a listing), then compares the
# output, the exit status and the state `ip -j` sees afterwards.

load helper
load net_helper

setup() {
	PIDS=""
	A=$(mkns a)
	B=$(mkns b)
	OUT=$(mkns o) # where the veths' far ends live
}

teardown() {
	kill_pids
	mkns_cleanup
}

# ---- the helpers ----

# The target spec for namespace $1, by name, PID or path in turn ($2: 0,
# 1, 2), so every way of naming the twin is exercised.
target_of() {
	local pid
	case $(($2 % 3)) in
	0) echo "$1" ;;
	1)
		ip netns exec "$1" sleep 600 </dev/null >/dev/null 2>&1 3>&- &
		pid=$!
		PIDS+=" $pid"
		wait_exec "$pid" sleep
		echo "$pid"
		;;
	2) echo "/run/netns/$1" ;;
	esac
}

# What ip -j sees in namespace $1, as one JSON document: the fields the
# cases change, without what differs between twins by chance (random
# MAC addresses: an address is kept when a case chose it, 02:a5:a5:...).
state() {
	{
		ip -n "$1" -j -d link show | jq -c 'map({ifname, mtu, flags,
			operstate, group, master, link, txqlen, ifalias, altnames,
			kind: .linkinfo.info_kind, vni: .linkinfo.info_data.id?,
			address: (if (.address // "" | startswith("02:a5:a5"))
				  then .address else null end)})'
		ip -n "$1" -j addr show | jq -c 'map({ifname, addr: [.addr_info[] |
			{local, prefixlen, scope, label, broadcast}]})'
		ip -n "$1" -j route show table all | jq -c 'map(del(.expires))'
	} | jq -sc .
}

# run_case N OPTS CMD ARGS...: `ip -n $A OPTS CMD ARGS` and
# `nsx CMD -t <B by name, PID or path> OPTS ARGS`: the same status, the
# same output (unless $NO_OUT), nsx's error one line, the same state.
run_case() {
	local n=$1 opts=$2 cmd=$3 tb ip_out ip_rc nsx_out nsx_rc
	shift 3
	tb=$(target_of "$B" "$n")
	# shellcheck disable=SC2086
	ip_out=$(ip -n "$A" $opts "$cmd" "$@" 2>"$BATS_TEST_TMPDIR/ip.err") && ip_rc=0 || ip_rc=$?
	# shellcheck disable=SC2086
	nsx_out=$("$NSX" "$cmd" -t "$tb" $opts "$@" 2>"$BATS_TEST_TMPDIR/nsx.err") && nsx_rc=0 || nsx_rc=$?
	echo "case: $opts $cmd $* (nsx -t $tb)"
	[ "$ip_rc" = "$nsx_rc" ] || {
		echo "status: ip $ip_rc, nsx $nsx_rc"
		cat "$BATS_TEST_TMPDIR/ip.err" "$BATS_TEST_TMPDIR/nsx.err"
		return 1
	}
	if [ "$nsx_rc" != 0 ]; then
		[ "$(wc -l <"$BATS_TEST_TMPDIR/nsx.err")" = 1 ] || {
			echo "nsx said more than one line:"
			cat "$BATS_TEST_TMPDIR/nsx.err"
			return 1
		}
	fi
	[ -n "${NO_OUT:-}" ] || [ "$ip_out" = "$nsx_out" ] || {
		diff <(echo "$ip_out") <(echo "$nsx_out")
		return 1
	}
	[ "$(state "$A")" = "$(state "$B")" ] || {
		diff <(state "$A" | jq .) <(state "$B" | jq .)
		return 1
	}
}

# run_table: every line of stdin "OPTS|CMD|ARGS" through run_case.
run_table() {
	local n=0 opts cmd args
	while IFS='|' read -r opts cmd args; do
		[ -n "$cmd" ] || continue
		# shellcheck disable=SC2086
		run_case "$n" "$opts" "$cmd" $args || return 1
		n=$((n + 1))
	done
}

# show_case N FILTER OPTS CMD ARGS...: `nsx CMD -t NS OPTS ARGS` prints
# what `ip -n NS OPTS CMD ARGS` prints, byte for byte, after jq FILTER
# on both when it is not "".
show_case() {
	local n=$1 filter=$2 opts=$3 cmd=$4 t want got
	shift 4
	t=$(target_of "$RICH" "$n")
	# shellcheck disable=SC2086
	want=$(ip -n "$RICH" $opts "$cmd" "$@" 2>&1) || true
	# shellcheck disable=SC2086
	got=$("$NSX" "$cmd" -t "$t" $opts "$@" 2>&1) || true
	if [ -n "$filter" ]; then
		want=$(echo "$want" | jq -c "$filter")
		got=$(echo "$got" | jq -c "$filter")
	fi
	[ "$want" = "$got" ] || {
		echo "case: $opts $cmd $* (nsx -t $t)"
		diff <(echo "$want") <(echo "$got")
		return 1
	}
}

# A namespace with most of what ip prints: lo, a veth with its peer in
# another namespace, a bridge with a port, a vxlan, a macvlan, an ifb,
# an altname, an alias, a group; IPv4 and IPv6 addresses; multipath,
# metric, tos, protocol and IPv6 routes with a lifetime, two tables.
mk_rich() {
	RICH=$A
	local -a c=(ip -n "$RICH")
	"${c[@]}" link set lo up
	"${c[@]}" link add v0 type veth peer name far0 netns "$OUT"
	"${c[@]}" link add p0 type veth peer name p1
	"${c[@]}" link add br0 type bridge
	"${c[@]}" link set p1 master br0
	"${c[@]}" link add vx0 type vxlan id 42 dstport 4789
	"${c[@]}" link add mv0 link p0 type macvlan mode bridge
	"${c[@]}" link add ifb0 type ifb
	"${c[@]}" link property add dev v0 altname uplink0
	"${c[@]}" link set v0 alias "the uplink"
	"${c[@]}" link set p0 group 7
	for l in v0 p0 p1 br0; do "${c[@]}" link set "$l" up; done
	ip -n "$OUT" link set far0 up
	"${c[@]}" addr add 10.20.0.1/24 dev v0
	"${c[@]}" addr add 10.21.0.1/24 dev br0
	"${c[@]}" addr add fd20::1/64 dev v0 nodad
	"${c[@]}" addr add 10.22.0.1/24 dev p0
	"${c[@]}" route add 10.30.0.0/24 nexthop via 10.20.0.2 dev v0 weight 1 \
		nexthop via 10.21.0.2 dev br0 weight 3
	"${c[@]}" route add 10.31.0.0/24 via 10.20.0.2 mtu 1300
	"${c[@]}" route add 10.32.0.0/24 via 10.20.0.2 tos 0x10
	for p in 8 10 13 14 15 99; do
		"${c[@]}" route add "10.33.$p.0/24" via 10.20.0.2 proto "$p"
	done
	"${c[@]}" route add 10.34.0.0/24 via 10.20.0.2 table 100
	"${c[@]}" -6 route add fd21::/64 via fd20::2 expires 300
	"${c[@]}" -6 route add fd22::/64 via fd20::2 mtu 1280
}

# ---- listings: nsx and ip on the same namespace ----

@test "link show -j, -d -j, -br and -br -j print what ip prints" {
	mk_rich
	n=0
	while IFS='|' read -r filter opts args; do
		# shellcheck disable=SC2086
		show_case "$n" "$filter" "$opts" link $args
		n=$((n + 1))
	done <<-'EOF'
	|-j|show
	|-j|show v0
	|-j|show uplink0
	|-j|show dev p0
	map(del(.linkinfo.info_data, .linkinfo.info_slave_data))|-j -d|show
	|-br|show
	|-br|show uplink0
	|-br -j|show
	EOF
}

@test "link show -j has ip's altnames, ifalias and group, and linkinfo only with -d" {
	mk_rich
	run "$NSX" link -t "$A" show v0 -j
	assert_success
	[ "$(echo "$output" | jq -c '.[0] | [.ifalias, .altnames, .linkinfo]')" = '["the uplink",["uplink0"],null]' ]
	run "$NSX" link -t "$A" show p0 -j
	[ "$(echo "$output" | jq -c '.[0].group')" = '"7"' ]
	run "$NSX" link -t "$A" show br0 -j -d
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_kind')" = bridge ]
	run "$NSX" link -t "$A" show p1 -j -d
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_slave_kind')" = bridge ]
}

@test "addr show -j and -br print what ip prints, a link found by its altname" {
	mk_rich
	n=0
	d='map(del(.linkinfo.info_data, .linkinfo.info_slave_data))'
	while IFS='|' read -r filter opts args; do
		[ "$filter" = D ] && filter=$d
		# shellcheck disable=SC2086
		show_case "$n" "$filter" "$opts" addr $args
		n=$((n + 1))
	done <<-'EOF'
	|-j|show
	|-j|show dev uplink0
	|-j|show dev p0
	|-4 -j|show
	|-6 -j|show
	|-4 -j|show dev br0
	D|-d -j|show
	D|-6 -d -j|show
	|-br|show
	|-br|show dev uplink0
	|-4 -br|show
	|-6 -br|show
	|-br -j|show
	EOF
	run "$NSX" addr -t "$A" show dev p0 -j
	[ "$(echo "$output" | jq -c '.[0] | [.group, .altnames]')" = '["7",null]' ]
}

@test "route show -j prints what ip prints: nexthops, metrics, tos, expires, protocols" {
	mk_rich
	n=0
	while IFS='|' read -r opts args; do
		# shellcheck disable=SC2086
		show_case "$n" 'map(del(.expires))' "$opts" route $args
		n=$((n + 1))
	done <<-'EOF'
	-j|show
	-6 -j|show
	-4 -j|show
	-j|show table all
	-j|show table 100
	-j|show dev v0
	EOF
	run "$NSX" route -t "$A" -j
	[ "$(echo "$output" | jq -c '.[] | select(.dst == "10.30.0.0/24") | .nexthops')" = \
		'[{"gateway":"10.20.0.2","dev":"v0","weight":1,"flags":[]},{"gateway":"10.21.0.2","dev":"br0","weight":3,"flags":[]}]' ]
	[ "$(echo "$output" | jq -r '[.[] | select(.dst | startswith("10.33.")) | .protocol] | join(" ")')" = \
		"gated mrt dnrouted xorp ntk openr" ]
	[ "$(echo "$output" | jq -c '[.[] | select(.dst == "fd21::/64")]')" = "[]" ]
	run "$NSX" route -t "$A" -6 -j
	[ "$(echo "$output" | jq '.[] | select(.dst == "fd21::/64") | .expires > 0')" = true ]
}

@test "route show's table has a multipath route's gateways, metrics and tos" {
	mk_rich
	run "$NSX" route -t "$A" show -o dst,gateway,dev,weight,tos,metrics
	assert_success
	assert_line --regexp '^10\.30\.0\.0/24 +10\.20\.0\.2,10\.21\.0\.2 +v0,br0 +1,3 *$'
	assert_line --regexp '^10\.31\.0\.0/24 +10\.20\.0\.2 +v0 +mtu 1300 *$'
	assert_line --regexp '^10\.32\.0\.0/24 +10\.20\.0\.2 +v0 +0x10 *$'
}

# ---- changes: ip on A, nsx on its twin B ----

@test "link add puts mtu and address on the end ip puts them on" {
	run_table <<-'EOF'
	|link|add A mtu 1400 type veth peer name B
	|link|add C type veth peer name D mtu 1300
	|link|add E type veth peer name F address 02:a5:a5:00:00:01
	|link|add G address 02:a5:a5:00:00:02 mtu 1280 type veth peer name H mtu 1320 address 02:a5:a5:00:00:03
	|link|add vx1 type vxlan id 7 dstport 4789
	|link|set A mtu 1450
	|link|set D address 02:a5:a5:00:00:04
	EOF
	[ "$(ip -n "$B" -j link show A | jq '.[0].mtu')" = 1450 ]
	[ "$(ip -n "$B" -j link show B | jq '.[0].mtu')" = 1500 ]
	[ "$(ip -n "$B" -j link show F | jq -r '.[0].address')" = 02:a5:a5:00:00:01 ]
}

@test "addr flush removes what ip addr flush removes, an IPv4 peer address too" {
	for ns in "$A" "$B"; do
		ip -n "$ns" link add d0 type veth peer name d1
		ip -n "$ns" addr add 10.9.0.1 peer 10.9.0.2/32 dev d0
		ip -n "$ns" addr add 10.9.1.1/24 dev d0
		ip -n "$ns" addr add 10.9.1.2/24 dev d0
		ip -n "$ns" addr add fd00:9::1/64 dev d0
	done
	run_table <<-'EOF'
	-4|addr|flush dev d0
	|addr|flush dev d0
	EOF
	[ "$(ip -n "$B" -j addr show dev d0 | jq '.[0].addr_info | length')" = 0 ]
}

@test "a vxlan without id is refused as ip refuses it" {
	run_table <<-'EOF'
	|link|add vx0 type vxlan
	|link|add vx0 type vxlan dstport 4789
	|link|add vx0 type vxlan remote 10.1.1.1
	EOF
	run "$NSX" link -t "$B" add vx0 type vxlan
	assert_failure 2
	assert_output "nsx: link add vx0: Required attributes not provided to perform the operation"
	run "$NSX" link -t "$B" add vx0 type vxlan dstport 4789
	assert_failure 1
	assert_output "nsx: link add vx0: vxlan: missing virtual network identifier"
}

@test "a link is changed and shown by its altname" {
	ip -n "$A" link add v0 type veth peer name v1
	ip -n "$B" link add v0 type veth peer name v1
	ip -n "$A" link property add dev v0 altname other0
	ip -n "$B" link property add dev v0 altname other0
	NO_OUT=1 run_table <<-'EOF'
	|link|set other0 up
	|link|set other0 mtu 1400
	|addr|add 10.40.0.1/24 dev other0
	|link|del other0
	EOF
}

@test "exit statuses are ip's: 1 no such device, 2 the kernel refuses, 255 a line ip cannot read" {
	ip -n "$A" link add v0 type veth peer name v1
	ip -n "$B" link add v0 type veth peer name v1
	NO_OUT=1 run_table <<-'EOF'
	|link|show nosuch0
	|link|set nosuch0 up
	|link|del nosuch0
	|addr|show dev nosuch0
	|addr|add 10.1.1.1/24 dev nosuch0
	|route|show dev nosuch0
	|link|add v0 type bridge
	|link|add V0 type veth peer name V0
	|link|set v0 mtu 65536
	|addr|del 10.9.9.9/24 dev v0
	|route|add 10.0.0.0/8 via 10.1.1.1
	|route|del 10.99.0.0/16
	|link|frob
	|addr|frob
	|route|frob
	|link|set v0 mtu abc
	|link|show v0 bogusword
	-6|addr|add 10.2.2.2/24 dev v0
	EOF
}

@test "a word ip takes and nsx does not is refused in one line naming it" {
	for args in "route -t $B -br show" "route -t $B -d show" \
		"route -t $B add blackhole 10.0.0.0/8" "addr -t $B add 10.1.1.1/24 dev lo label lo:1" \
		"route -t $B get 10.0.0.1"; do
		# shellcheck disable=SC2086
		run "$NSX" $args
		assert_failure 255
		[ "${#lines[@]}" -eq 1 ]
		assert_output --partial "is ip's, nsx does not support it"
	done
	run "$NSX" link -t "$B" show -d
	assert_failure 255
	assert_output "nsx: link: -d goes with -j (the table has -o) (see 'nsx link --help')"
	run "$NSX" link -t "$B" add br9 txqlen 100 type bridge
	assert_failure 255
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "'txqlen'"
	[ "$(ip_links "$B")" = "lo " ]
}
