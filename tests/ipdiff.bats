#!/usr/bin/env bats
# nsx link, addr and route against ip itself: each case runs the same
# command line through `ip -n A` and `nsx CMD -t B` on twin namespaces
# (or through both on one namespace, for a listing), then compares the
# output, the exit status and the state `ip -j` sees afterwards.

load helper
load net_helper
load ipdiff_helper

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
	run "$NSX" link -t "$B" add br9 gso_max_size 100 type bridge
	assert_failure 255
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "'gso_max_size'"
	[ "$(ip_links "$B")" = "lo " ]
}
