#!/usr/bin/env bats
# nsx link, addr and route against ip itself: each case runs the same
# command line through `ip -n A` and `nsx CMD -t B` on twin namespaces
# (or through both on one namespace, for a listing), then compares the
# output, the exit status and the state `ip -j` sees afterwards.

load helper
load net_helper
load ipdiff_helper

setup() {
	twins_setup
}

teardown() {
	twins_cleanup
}

# ---- listings: nsx and ip on the same namespace ----

@test "link show -j, -d -j, -br and -br -j print what ip prints, the kinds' own data too" {
	mk_rich
	n=0
	# the timers of a bridge and its ports move
	# the far ends of veths are nsx's own fields
	p='map(del(.peer_ifname, .peer_master, .peer_netns))'
	d="$p"' | walk(if type == "object" then with_entries(if (.key | endswith("_timer")) then .value = 0 else . end) else . end)'
	while IFS='|' read -r filter opts args; do
		[ "$filter" = D ] && filter=$d
		[ "$filter" = P ] && filter=$p
		# shellcheck disable=SC2086
		show_case "$n" "$filter" "$opts" link $args
		n=$((n + 1))
	done <<-'EOF'
	P|-j|show
	P|-j|show v0
	P|-j|show uplink0
	P|-j|show dev p0
	D|-j -d|show
	|-br|show
	|-br|show uplink0
	|-br -j|show
	EOF
}

# text_case N SED OPTS CMD ARGS...: show_case for text: the same status
# and the same standard output, both through sed -E SED when it is not ""
# (ip may say more on stderr: an error of a namespace name another
# program is removing, as it looks names up for link-netns).
text_case() {
	local n=$1 sed=$2 opts=$3 cmd=$4 t want got want_rc got_rc
	shift 4
	t=$(target_of "$RICH" "$n")
	# shellcheck disable=SC2086
	want=$(ip -n "$RICH" $opts "$cmd" "$@" 2>/dev/null) && want_rc=0 || want_rc=$?
	# shellcheck disable=SC2086
	got=$("$NSX" "$cmd" -t "$t" $opts "$@" 2>/dev/null) && got_rc=0 || got_rc=$?
	# The far ends of veths are nsx's own fields, at the end of a link.
	got=$(echo "$got" | sed -zE "$NO_PEERS")
	want=$(echo "$want" | sed -E "${sed:-p;d}")
	got=$(echo "$got" | sed -E "${sed:-p;d}")
	[ "$want" = "$got" ] && [ "$want_rc" = "$got_rc" ] || {
		echo "case: $opts $cmd $* (nsx -t $t): status ip $want_rc, nsx $got_rc"
		diff <(echo "$want") <(echo "$got")
		return 1
	}
}

# sed -zE: the peer_* fields nsx adds to ip's JSON of a veth, compact or
# with -p (where they close the object, after ip's last field).
NO_PEERS='s/,\n? *"peer_(ifname|master)": ?"[^"]*"//g; s/,\n? *"peer_netns": ?\{[^}]*\}//g'

# The timers of a bridge and its ports, which move, are left out on both
# sides; counters that move are made 0, with the spaces that align them.
TIMERS='s/(timer) +[0-9]+\.[0-9]+/\1 T/g; s/(timer"):[0-9]+\.[0-9]+/\1:T/g'
COUNTS='s/[0-9]+/0/g; s/ +/ /g'

@test "link show prints ip's text: plain, -o, -d, -s, -s -s, -p -j" {
	mk_rich
	# a bridge and ports with settings other than the default ones
	ip -n "$A" link add br1 type bridge stp_state 1 group_fwd_mask 0x4000
	ip -n "$A" link set br1 type bridge no_linklocal_learn 1
	ip -n "$A" link add q0 type veth peer name q1
	ip -n "$A" link add q2 type veth peer name q3
	ip -n "$A" link set q0 master br1
	ip -n "$A" link set q2 master br1
	ip -n "$A" link set q0 type bridge_slave group_fwd_mask 0x4004 priority 7 \
		cost 100 backup_port q2 hairpin on isolated on
	ip -n "$A" link set q0 up
	# vxlans with most of what -d prints of them
	ip -n "$A" link add vx1 type vxlan id 7 remote 10.20.0.9 local 10.20.0.1 \
		dev v0 dstport 4790 nolearning ttl 64 tos 0x10 ageing 0 maxaddr 10 \
		proxy l2miss srcport 1000 2000
	ip -n "$A" link add vx2 type vxlan id 8 group 239.1.1.1 dev v0 dstport 0 \
		tos inherit ttl inherit
	ip -n "$A" link add vx3 type vxlan id 9 remote fd20::9 local fd20::1 \
		dstport 4789 udp6zerocsumtx udp6zerocsumrx flowlabel 0x123 df set
	ip -n "$A" link add vx4 type vxlan external dstport 4789
	dad_done "$A"
	n=0
	while IFS='|' read -r sed opts args; do
		[ "$sed" = K ] && sed=$TIMERS
		[ "$sed" = C ] && sed=$COUNTS
		# shellcheck disable=SC2086
		text_case "$n" "$sed" "$opts" link $args
		n=$((n + 1))
	done <<-'EOF'
	||show
	||show v0
	||show uplink0
	||show dev p1
	|-o|show
	|-oneline|show v0
	K|-d|show
	K|-d -o|show
	K|-details|show p1
	K|-d|show br1
	K|-d|show q0
	K|-d -o|show q2
	|-d|show vx0
	|-d|show vx1
	|-d -o|show vx2
	|-d|show vx3
	|-d|show vx4
	|-d -j|show vx1
	|-d -j|show vx2
	|-d -j|show vx3
	|-d -p -j|show vx4
	|-d -j|show mv0
	K|-d -j|show br1
	K|-d -j|show q0
	C|-s|show
	C|-s -s|show
	C|-stats -o|show
	|-p -j|show v0
	|-pretty -j|show lo
	|-o -j|show
	|-br -d|show
	|-br -o|show
	|-br -s|show
	EOF
}

@test "addr show prints ip's text: plain, -4, -6, -o, -d, -s, -p -j, metrics and peers" {
	mk_rich
	ip -n "$A" addr add 10.24.0.1/24 dev p0 metric 50
	ip -n "$A" addr add 10.25.0.1 peer 10.25.0.2/24 dev p0 metric 7
	dad_done "$A"
	n=0
	while IFS='|' read -r sed opts args; do
		[ "$sed" = K ] && sed=$TIMERS
		[ "$sed" = C ] && sed=$COUNTS
		# shellcheck disable=SC2086
		text_case "$n" "$sed" "$opts" addr $args
		n=$((n + 1))
	done <<-'EOF'
	||show
	||show dev v0
	||show dev uplink0
	|-4|show
	|-6|show
	|-o|show
	|-o -4|show
	|-o|show dev br0
	K|-d|show
	K|-d -4|show
	C|-s|show
	C|-s -s|show dev v0
	|-p -j|show
	|-o -j|show
	|-6 -p -j|show
	|-br|show dev p0
	|-br -j|show dev p0
	|-j|show dev p0
	EOF
	run "$NSX" addr -t "$A" show dev v0
	assert_line --index 1 --regexp "link-netns $OUT\$"
}

@test "route show prints ip's text: plain, -4, -6, tables, dev, -o, -d, -p -j" {
	mk_rich
	n=0
	while IFS='|' read -r opts args; do
		# shellcheck disable=SC2086
		text_case "$n" 's/expires [0-9]+sec/expires Nsec/; s/"expires": ?[0-9]+/"expires":N/g' "$opts" route $args
		n=$((n + 1))
	done <<-'EOF'
	|show
	-4|show
	-6|show
	|show table all
	|show table 100
	|show table local
	|show dev v0
	-o|show
	-o|show table all
	-d|show
	-d|show table all
	-d -6|show dev v0
	-d -j|show table all
	-p -j|show
	-6 -p -j|show
	EOF
}

@test "-s and -s -s of links where nothing moves print what ip prints, byte for byte" {
	local -a c=(ip -n "$B")
	"${c[@]}" link add q0 type veth peer name q1
	"${c[@]}" link add qb0 type ifb
	RICH=$B
	n=0
	while IFS='|' read -r opts cmd args; do
		# shellcheck disable=SC2086
		text_case "$n" "" "$opts" "$cmd" $args
		n=$((n + 1))
	done <<-'EOF'
	-s|link|show
	-s -s|link|show
	-s -o|link|show
	-s -s -o|link|show q0
	-s|addr|show
	-s -s|addr|show dev q1
	-s -j|link|show
	-s -s -j|link|show
	-s -j|addr|show
	-s -s -p -j|link|show qb0
	EOF
}

@test "ip's options of output go together as in ip, and --table and --output are nsx's table" {
	mk_rich
	while IFS='|' read -r opts cmd args; do
		# shellcheck disable=SC2086
		ip -n "$A" $opts "$cmd" $args >/dev/null 2>&1 && want=0 || want=$?
		# shellcheck disable=SC2086
		"$NSX" "$cmd" -t "$A" $opts $args >/dev/null 2>&1 && got=0 || got=$?
		[ "$want" = "$got" ] || {
			echo "$opts $cmd $args: ip $want, nsx $got"
			return 1
		}
	done <<-'EOF'
	-j -o|link|show
	-br -d|link|show
	-br -o|addr|show
	-s -br|link|show
	-p|link|show
	-p|route|show
	-d -j|route|show
	-o -s|addr|show
	-x|link|show
	-o|link|show nosuch0
	-s -d -o|addr|show dev nosuch0
	-j -p|route|show dev nosuch0
	EOF
	run "$NSX" link -t "$A" show v0 --table
	assert_success
	assert_line --index 0 --regexp "^IFINDEX +IFNAME +TYPE +STATE +MTU +MASTER +LINK +ADDRESS$"
	run "$NSX" link -t "$A" show v0 --output ifname,mtu
	assert_line --index 1 --regexp "^v0 +1500$"
	run "$NSX" addr -t "$A" show dev v0 --output +label
	assert_line --index 0 --regexp "LABEL$"
	run "$NSX" route -t "$A" show --table
	assert_line --index 0 --regexp "^DST +GATEWAY +DEV +PROTO +SCOPE +SRC +METRIC$"
	run "$NSX" link -t "$A" show --table -br
	assert_failure 255
	assert_output "nsx: link: --table and -br together (see 'nsx link --help')"
	run "$NSX" addr -t "$A" show --output ifname -br
	assert_failure 255
	[ "${#lines[@]}" -eq 1 ]
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
	# the timers of a bridge and its ports move
	d='walk(if type == "object" then with_entries(if (.key | endswith("_timer")) then .value = 0 else . end) else . end)'
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
	run "$NSX" route -t "$A" show --output dst,gateway,dev,weight,tos,metrics
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
	for args in "route -t $B -br show" "route -t $B -s show" \
		"route -t $B add 10.0.0.0/8 nhid 5" "addr -t $B add 10.1.1.1/24 anycast 10.1.1.9 dev lo" \
		"route -t $B show table cache"; do
		# shellcheck disable=SC2086
		run "$NSX" $args
		assert_failure 255
		[ "${#lines[@]}" -eq 1 ]
		assert_output --partial "is ip's, nsx does not support it"
	done
	run "$NSX" link -t "$B" add br9 gso_max_size 100 type bridge
	assert_failure 255
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "'gso_max_size'"
	[ "$(ip_links "$B")" = "lo " ]
}
