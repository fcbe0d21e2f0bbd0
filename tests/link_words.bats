#!/usr/bin/env bats
# nsx link's words against ip's own: each case runs one command line
# through `ip -n A link` and `nsx link -t B` on twin namespaces, then
# compares the exit status, the output and the state `ip -j -d` sees,
# down to each type's own data (info_data, info_slave_data).

load helper
load net_helper
load ipdiff_helper

setup() {
	twins_setup
}

teardown() {
	twins_cleanup
}

# The same links in both twins, made by ip: a bridge with a port, a
# veth pair to hang macvlans on.
twins() {
	for ns in "$A" "$B"; do
		ip -n "$ns" link add br0 type bridge
		ip -n "$ns" link add p0 type veth peer name p1
		ip -n "$ns" link set p1 master br0
		ip -n "$ns" link add q0 type veth peer name q1
	done
}

# The kernel has the type (a probe in $OUT), or the test is skipped.
need_kind() {
	if ! ip -n "$OUT" link add probe0 link "$2" type "$1" 2>/dev/null; then
		skip "this kernel has no $1 driver"
	fi
	ip -n "$OUT" link del probe0
}

@test "link add reads name, up, txqlen, qlen, alias, group and the on/off flags as ip does" {
	run_table <<-'EOF'
	|link|add name b1 type bridge
	|link|add dev b2 type bridge
	|link|add b3 up type bridge
	|link|add b4 txqlen 100 type bridge
	|link|add b5 qlen 200 type bridge
	|link|add b6 alias first type bridge
	|link|add b7 group 9 type bridge
	|link|add b8 promisc on type bridge
	|link|add b9 allmulticast on type bridge
	|link|add b10 arp off type bridge
	|link|add b11 multicast off type bridge
	|link|add b12 mtu 1400 up group 3 txqlen 50 type bridge
	|link|add n0 numtxqueues 4 numrxqueues 3 type veth peer name n1
	|link|add type bridge
	|link|add type veth
	|link|add k0 master b1 type veth peer name k1
	|link|add k2 master k0 type veth peer name k3
	|link|add k4 type veth peer k5
	EOF
}

@test "link set changes txqlen, alias, group, promisc, allmulticast, arp, multicast and name as ip does" {
	twins
	run_table <<-'EOF'
	|link|set q0 txqlen 100
	|link|set q0 qlen 300
	|link|set q0 alias second
	|link|set q0 group 12
	|link|set q0 group default
	|link|set q0 promisc on
	|link|set q0 promisc off
	|link|set q0 allmulticast on
	|link|set q0 allmulticast off
	|link|set q0 arp off
	|link|set q0 arp on
	|link|set q0 multicast off
	|link|set q0 multicast on
	|link|set dev q0 name r0
	|link|set r0 up promisc on txqlen 7
	|link|set r0 down
	EOF
}

@test "link property add and del give and take an altname as ip does" {
	twins
	run_table <<-'EOF'
	|link|property add dev q0 altname wan0
	|link|set wan0 mtu 1400
	|link|property add dev q0 altname wan1
	|link|property del dev q0 altname wan0
	|link|property del dev q0 altname wan0
	|link|property add dev nosuch0 altname x
	|link|property add dev q0
	|link|property add dev q0 altname wan2 altname wan3
	|link|property del dev q0 altname wan2 altname wan3
	|link|property add altname wan4
	|link|property add dev q0 bogus
	EOF
}

@test "link add type bridge takes each of ip's bridge options" {
	run_table <<-'EOF'
	|link|add c1 type bridge stp_state 1
	|link|add c2 type bridge forward_delay 500
	|link|add c3 type bridge hello_time 300
	|link|add c4 type bridge max_age 1000
	|link|add c5 type bridge ageing_time 1000
	|link|add c6 type bridge priority 7
	|link|add c7 type bridge vlan_filtering 1
	|link|add c8 type bridge vlan_protocol 802.1ad
	|link|add c9 type bridge vlan_filtering 1 vlan_default_pvid 3
	|link|add c10 type bridge mcast_snooping 0
	|link|add c11 type bridge group_fwd_mask 8
	|link|add c12 type bridge group_address 01:80:c2:00:00:0e
	|link|add c13 type bridge mcast_querier 1
	|link|add c14 type bridge mcast_router 2
	|link|add c15 type bridge nf_call_iptables 1
	|link|add c16 type bridge mcast_igmp_version 3 mcast_mld_version 2
	|link|add c17 type bridge mcast_hash_max 1024 mcast_hash_elasticity 4
	|link|add c18 type bridge mcast_last_member_count 3 mcast_startup_query_count 4
	|link|add c19 type bridge mcast_query_interval 2000 mcast_querier_interval 3000
	|link|add c20 type bridge mcast_membership_interval 4000 mcast_last_member_interval 50
	|link|add c21 type bridge mcast_query_response_interval 500 mcast_startup_query_interval 700
	|link|add c22 type bridge mcast_stats_enabled 1 mcast_query_use_ifaddr 1
	|link|add c23 type bridge vlan_filtering 1 vlan_stats_enabled 1 vlan_stats_per_port 1
	|link|add c24 type bridge nf_call_ip6tables 1 nf_call_arptables 1
	|link|add c25 type bridge fdb_flush
	|link|set c1 type bridge stp_state 0 priority 100
	|link|set c2 type bridge forward_delay 800 ageing_time 600
	EOF
}

@test "link set DEV type bridge_slave changes a bridge port as ip does" {
	twins
	run_table <<-'EOF'
	|link|set p1 type bridge_slave priority 5
	|link|set p1 type bridge_slave cost 9
	|link|set p1 type bridge_slave learning off
	|link|set p1 type bridge_slave flood off
	|link|set p1 type bridge_slave hairpin on
	|link|set p1 type bridge_slave guard on
	|link|set p1 type bridge_slave fastleave on
	|link|set p1 type bridge_slave root_block on
	|link|set p1 type bridge_slave mcast_flood off
	|link|set p1 type bridge_slave bcast_flood off
	|link|set p1 type bridge_slave mcast_to_unicast on
	|link|set p1 type bridge_slave proxy_arp on
	|link|set p1 type bridge_slave proxy_arp_wifi on
	|link|set p1 type bridge_slave mcast_router 2
	|link|set p1 type bridge_slave mcast_fast_leave off
	|link|set p1 type bridge_slave group_fwd_mask 8
	|link|set p1 type bridge_slave neigh_suppress on
	|link|set p1 type bridge_slave vlan_tunnel on
	|link|set p1 type bridge_slave isolated on
	|link|set p1 type bridge_slave locked on
	|link|set p1 type bridge_slave fdb_flush
	|link|set p1 type bridge_slave learning on flood on cost 20
	|link|set p1 type bridge_slave state 3
	|link|set br0 up
	|link|set p1 up
	|link|set p0 up
	|link|set p1 type bridge_slave state 0
	|link|set p1 type bridge_slave state 3
	|link|set p0 type bridge_slave cost 5
	EOF
}

@test "link add type macvlan and macvtap take each mode, nopromisc and bcqueuelen" {
	twins
	run_table <<-'EOF'
	|link|add link q0 name m1 type macvlan mode private
	|link|add link q0 name m2 type macvlan mode vepa
	|link|add link q0 name m3 type macvlan mode bridge
	|link|add link q0 name m4 type macvlan mode bridge bcqueuelen 100
	|link|add link q0 name m5 type macvtap mode bridge
	|link|add link q1 name m6 type macvlan mode passthru nopromisc
	|link|add link p0 name m7 type macvtap mode passthru
	|link|add link p0 name m8 type macvlan nopromisc
	|link|add link q0 name m9 type macvlan mode source
	EOF
}

@test "link add type ipvlan takes its modes and flags" {
	need_kind ipvlan lo
	twins
	run_table <<-'EOF'
	|link|add link q0 name i1 type ipvlan mode l2
	|link|add link q0 name i2 type ipvlan mode l3 private
	|link|add link q0 name i3 type ipvlan mode l3s vepa
	EOF
}

@test "link add type vxlan takes each of ip's vxlan options" {
	twins
	run_table <<-'EOF'
	|link|add x1 type vxlan id 1 dstport 4789
	|link|add x2 type vxlan vni 2 dstport 4789
	|link|add x3 type vxlan id 3 remote 10.0.0.2 local 10.0.0.1 dstport 4789
	|link|add x4 type vxlan id 4 group 239.1.1.1 dev q0 dstport 4789
	|link|add x5 type vxlan id 5 dev q0 dstport 4789
	|link|add x6 type vxlan id 6 srcport 1000 2000 dstport 4789
	|link|add x7 type vxlan id 7 ttl 5 tos 0x10 dstport 4789
	|link|add x8 type vxlan id 8 ttl auto tos inherit dstport 4789
	|link|add x9 type vxlan id 9 nolearning dstport 4789
	|link|add x10 type vxlan id 10 learning ageing 100 dstport 4789
	|link|add x11 type vxlan id 11 maxaddress 10 dstport 4789
	|link|add x12 type vxlan id 12 maxaddress unlimited ageing none dstport 4789
	|link|add x13 type vxlan id 13 proxy l2miss l3miss dstport 4789
	|link|add x14 type vxlan id 14 noudpcsum dstport 4789
	|link|add x15 type vxlan id 15 udpcsum rsc dstport 4789
	|link|add x16 type vxlan external dstport 4790
	|link|add x17 type vxlan id 17 df set dstport 4789
	|link|add x18 type vxlan id 18 gbp dstport 4789
	|link|add x19 type vxlan id 19 hoplimit 9 dstport 4789
	|link|add x20 type vxlan id 20 remote fd00::2 local fd00::1 dstport 4789
	|link|add x21 type vxlan id 21 udp6zerocsumtx udp6zerocsumrx dstport 4789
	|link|add x22 type vxlan id 22 noproxy nol2miss nol3miss norsc dstport 4789
	|link|add x23 type vxlan id 23 remcsumtx remcsumrx dstport 4789
	|link|add x24 type vxlan id 24 ttl inherit dstport 4789
	|link|add x25 type vxlan id 25 flowlabel 0x12345 dstport 4789
	|link|add x26 type vxlan id 26 flowlabel 7 remote fd00::2 dstport 4789
	|link|set x10 type vxlan ageing 200
	|link|add f0 type ifb
	EOF
}

@test "a type's option ip refuses is refused the same way, leaving nothing" {
	twins
	NO_OUT=1 run_table <<-'EOF'
	|link|add x0 type vxlan id 5 bogus
	|link|add x0 type vxlan id x
	|link|add x0 type vxlan id 5 external
	|link|add x0 type vxlan id 5 group 239.1.1.1
	|link|add x0 type vxlan id 5 ttl 300
	|link|add x0 type vxlan id 5 flowlabel 0x100000
	|link|add x0 type vxlan id 5 flowlabel x
	|link|add x0 type vxlan learning
	|link|add b1 type bridge bogus
	|link|add b1 type bridge priority x
	|link|add b1 type bridge mtu 1400
	|link|add b1 type bridge vlan_protocol 802.1x
	|link|add b1 type bridge stp_state 1 vlan_filtering 1 vlan_protocol 802.1ad
	|link|set br0 type bridge stp_state 1 bogus
	|link|add m0 link q0 type macvlan mode bogus
	|link|add m0 link q0 type macvlan nopromisc
	|link|add m0 link q0 type macvtap mode vepa
	|link|set p1 type bridge_slave cost x
	|link|set p1 type bridge_slave bogus
	|link|set p1 type bridge_slave learning maybe
	|link|set q0 type bridge_slave cost 5
	|link|set q0 promisc maybe
	|link|set q0 arp maybe
	|link|set q0 txqlen x
	|link|set q0 group x
	|link|set q0 alias
	|link|add v9 type veth peer name v8 bogus
	|link|add v9 type veth peer name v8 mtu 10
	|link|add v9 up txqlen 5 type veth peer name q0
	|link|add v9 master q0 type veth peer name v8
	|link|add v9 master nosuch0 type veth peer name v8
	|link|set q0 master p0
	|link|set q0 master nosuch0
	|link|set q0 netns nosuchns0
	|link|set q0 netns 999999999
	|link|add b6 netns nosuchns0 type bridge
	|link|add v9 type veth peer name v8 netns nosuchns0
	|link|add v9 type veth peer name v8 netns 999999999
	|link|add b4 name b5 type bridge
	|link|set q0 mtu 10
	EOF
	# the refused veth pair left no end behind
	[ -z "$(ip -n "$B" -j link show | jq -r '.[].ifname' | grep '^v[89]$')" ]
}

# Twin far ends: ip's peer goes to OA, nsx's to OB (named by TARGET:
# name, PID or path), so that both can use one name.
netns_case() {
	local n=$1 oa ob tb line
	shift
	tb=$(target_of "$B" "$n")
	ob=$(target_of "$OB" "$n")
	line=$*
	# shellcheck disable=SC2086
	ip -n "$A" link ${line//@OUT@/$OA} && ip_rc=0 || ip_rc=$?
	# shellcheck disable=SC2086
	"$NSX" link -t "$tb" ${line//@OUT@/$ob} && nsx_rc=0 || nsx_rc=$?
	echo "case: $line (nsx -t $tb, @OUT@ $ob)"
	[ "$ip_rc" = "$nsx_rc" ]
	oa=$(state "$OA")
	[ "$(state "$A")" = "$(state "$B")" ]
	[ "$oa" = "$(state "$OB")" ]
}

@test "netns NS puts the new link, or the veth peer, in NS as ip does" {
	OA=$(mkns oa)
	OB=$(mkns ob)
	n=0
	while read -r line; do
		# shellcheck disable=SC2086
		netns_case "$n" $line
		n=$((n + 1))
	done <<-'EOF'
	add w0 type veth peer name w1 netns @OUT@
	add w2 type veth peer name w3 mtu 1400 netns @OUT@
	add w4 netns @OUT@ type veth peer name w5
	add b6 netns @OUT@ type bridge
	add b7 netns @OUT@ up txqlen 9 type bridge
	set w0 netns @OUT@
	EOF
	[ "$(ip -n "$OB" -j link show w1 | jq -r '.[0].ifname')" = w1 ]
	[ "$(ip -n "$OB" -j link show b6 | jq -r '.[0].ifname')" = b6 ]
}

# ip -j prints an empty {} for each link its own filters (up, group,
# "type X_slave", a type the kernel does not know) leave out, where the
# kernel's (master, a known type) print nothing; nsx leaves them out
# whole, hence the filter dropping {}.
@test "link show type, master, up, group, nomaster and dev list what ip lists" {
	mk_rich
	ip -n "$RICH" link set p1 group 7
	n=0
	while IFS='|' read -r filter opts args; do
		# (and without the far ends of veths, nsx's own fields)
		case $filter in
		'') filter='map(select(length > 0) | del(.peer_ifname,
			.peer_master, .peer_netns))' ;;
		T) filter= ;; # text
		D) filter='map(select(length > 0) | del(.linkinfo.info_data,
			.linkinfo.info_slave_data, .peer_ifname, .peer_master,
			.peer_netns))' ;;
		esac
		# shellcheck disable=SC2086
		show_case "$n" "$filter" "$opts" link $args
		n=$((n + 1))
	done <<-'EOF'
	|-j|show type bridge
	|-j|show type veth
	|-j|show type vxlan
	|-j|show type bridge_slave
	|-j|show type nosuchkind
	|-j|show master br0
	|-j|show master br0 up
	|-j|show up
	|-j|show group 7
	|-j|show group default
	|-j|show group 7 up
	|-j|show group 7 type veth
	|-j|show dev p0 group 7
	|-j|show dev p0 type bridge
	|-j|show p1 master br0
	|-j|show nomaster
	T||show type bridge
	T||show master br0
	T||show group 7 up
	T|-d|show type vxlan
	T|-br|show type veth
	T|-br|show master br0
	T|-br|show up
	|-br -j|show up
	D|-j -d|show type bridge_slave
	EOF
	run "$NSX" link -t "$RICH" show type bridge
	assert_success
	assert_output --regexp 'br0'
	refute_output --regexp 'v0'
}

@test "link show's selectors fail with ip's statuses" {
	ip -n "$A" link add p0 type veth peer name p1
	ip -n "$B" link add p0 type veth peer name p1
	NO_OUT=1 run_table <<-'EOF'
	|link|show master nosuch0
	|link|show group bogus
	|link|show dev nosuch0 type veth
	|link|show up nosuch0
	|link|show p0 p1
	|link|show vrf blue
	EOF
}
