#!/usr/bin/env bats
# nsx addr speaks ip address's grammar: every word of add, del, replace
# and change, and every selector of show and flush, run through `ip -n A`
# and `nsx addr -t B` on twin namespaces (or both on one namespace, for
# show), comparing status, output and the state `ip -j` sees afterwards.

load helper
load net_helper
load ipdiff_helper

setup() {
	twins_setup
}

teardown() {
	twins_cleanup
}

# The same links in A and B: v0 (up, its peer v1 down), a bridge br0
# (up), lo up; the same MAC addresses, so the same IPv6 link-local ones.
twin_links() {
	local ns
	for ns in "$A" "$B"; do
		ip -n "$ns" link set lo up
		ip -n "$ns" link add v0 address 02:a5:a5:00:00:01 type veth \
			peer name v1 address 02:a5:a5:00:00:02
		ip -n "$ns" link add br0 address 02:a5:a5:00:00:03 type bridge
		ip -n "$ns" link set v0 up
		ip -n "$ns" link set br0 up
	done
}

# Addresses of every kind in namespace $1, for flush and show.
fill() {
	local -a c=(ip -n "$1" addr add)
	"${c[@]}" 10.1.0.1/24 dev v0 label v0:a
	"${c[@]}" 10.1.0.2/24 dev v0
	"${c[@]}" 10.1.0.3/24 dev v0 label v0:b
	"${c[@]}" 10.2.0.1/24 dev v0 scope link
	"${c[@]}" 10.3.0.1/24 dev v0 valid_lft 300 preferred_lft 0
	"${c[@]}" 10.4.0.1/16 dev br0 noprefixroute
	"${c[@]}" 10.5.0.1 peer 10.5.0.2/32 dev br0
	"${c[@]}" fd01::1/64 dev v0 nodad
	"${c[@]}" fd02::1/64 dev v0
	"${c[@]}" fd03::1/64 dev br0 nodad home
	"${c[@]}" 10.7.0.1/24 dev br0 metric 77
	ip -n "$1" addr add 10.6.0.1/24 dev v1
}

@test "addr add takes ip's label, brd, broadcast, scope, metric and local words" {
	twin_links
	run_table <<-'EOF'
	|addr|add 10.0.0.1/24 dev v0 label v0:one
	|addr|add 10.0.1.1/24 brd + dev v0
	|addr|add 10.0.2.1/24 brd - dev v0
	|addr|add 10.0.3.1/24 broadcast 10.0.3.77 dev v0
	|addr|add fd0a::1/64 broadcast fd0a::ff dev v0 nodad
	|addr|add 10.0.4.1/31 brd + dev v0
	|addr|add 10.0.5.1/24 scope link dev v0
	|addr|add 10.0.6.1/24 scope host dev v0
	|addr|add 10.0.7.1/24 scope 7 dev v0
	|addr|add 10.0.8.1/24 scope site dev v0
	|addr|add 10.0.9.1/24 scope nowhere dev v0
	|addr|add 10.0.10.1/24 scope global dev v0
	|addr|add local 10.0.11.1/24 dev v0
	|addr|add 10.0.12.1/24 metric 50 dev v0
	|addr|add 10.0.13.1/24 priority 0x20 dev v0
	|addr|add 10.0.14.1/24 preference 7 dev v0
	|addr|add 127.0.0.9/8 dev v0
	|addr|add fd10::1/64 metric 9 dev v0 nodad
	|addr|add fd10::2/64 scope link dev v0 nodad
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq -r '.[0].addr_info[] | select(.local == "10.0.1.1") | .broadcast')" = 10.0.1.255 ]
	[ "$(ip -n "$B" -j addr show dev v0 | jq -r '.[0].addr_info[] | select(.local == "10.0.12.1") | .metric')" = 50 ]
	[ "$(ip -n "$B" -j addr show dev v0 | jq -r '.[0].addr_info[] | select(.local == "127.0.0.9") | .scope')" = host ]
}

@test "addr add sets ip's flags: noprefixroute, nodad, home, mngtmpaddr, optimistic, autojoin" {
	twin_links
	run_table <<-'EOF'
	|addr|add 10.0.0.1/24 noprefixroute dev v0
	|addr|add fd20::1/64 noprefixroute dev v0
	|addr|add fd21::1/64 nodad dev v0
	|addr|add fd22::1/64 home mngtmpaddr dev v0 nodad
	|addr|add fd23::1/64 optimistic dev v0
	|addr|add 224.1.1.1/32 autojoin dev v0
	|addr|add ff05::1:3/128 autojoin dev v0
	-6|addr|add nodad fd24::1/64 dev v0
	EOF
	[ "$(ip -n "$B" route show 10.0.0.0/24)" = "" ]
	[ "$(ip -n "$B" -j addr show dev v0 | jq -c '.[0].addr_info[] | select(.local == "fd22::1") | [.home, .mngtmpaddr, .nodad]')" = '[true,true,true]' ]
}

@test "a flag ip only warns about is dropped as ip drops it" {
	twin_links
	NO_OUT=1 run_table <<-'EOF'
	|addr|add 10.0.0.1/24 nodad dev v0
	|addr|add nodad fd30::1/64 dev v0
	|addr|add 10.0.1.1/24 tentative dev v0
	|addr|add 10.0.2.1/24 home dev v0
	EOF
	run "$NSX" addr -t "$B" add 10.0.3.1/24 deprecated dev v0
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	assert_output --partial "deprecated"
}

@test "addr add takes lifetimes in seconds or forever" {
	twin_links
	run_table <<-'EOF'
	|addr|add 10.0.0.1/24 valid_lft 300 preferred_lft 100 dev v0
	|addr|add 10.0.1.1/24 valid_lft forever preferred_lft 0 dev v0
	|addr|add 10.0.2.1/24 preferred_lft 0 dev v0
	|addr|add 10.0.3.1/24 valid_lft forever dev v0
	|addr|add fd40::1/64 valid_lft 0x100 preferred_lft 10 dev v0 nodad
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq -c '.[0].addr_info[] | select(.local == "10.0.1.1") | [.dynamic, .deprecated]')" = '[null,true]' ]
	[ "$(ip -n "$B" -j addr show dev v0 | jq '.[0].addr_info[] | select(.local == "10.0.0.1") | .valid_life_time <= 300 and .valid_life_time > 250')" = true ]
}

@test "addr add with a peer, IPv4 and IPv6, written peer or remote" {
	twin_links
	run_table <<-'EOF'
	|addr|add 10.0.0.1 peer 10.0.0.2/32 dev v0
	|addr|add 10.0.1.1 remote 10.0.1.0/24 dev v0
	|addr|add 10.0.2.1 peer 10.0.2.2 dev v0 brd +
	|addr|add fd50::1 peer fd50::2/128 dev v0 nodad
	|addr|add fd51::1 remote fd51::/64 dev v0 nodad
	|addr|add peer 10.0.3.2/32 local 10.0.3.1 dev v0
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq -r '.[0].addr_info[] | select(.local == "10.0.0.1") | .address')" = 10.0.0.2 ]
}

@test "addr replace creates or replaces, addr change only replaces" {
	twin_links
	run_table <<-'EOF'
	|addr|replace 10.0.0.1/24 dev v0
	|addr|replace 10.0.0.1/24 dev v0 metric 20
	|addr|replace 10.0.0.1/24 dev v0 valid_lft 300 preferred_lft 200
	|addr|change 10.0.0.1/24 dev v0 valid_lft forever preferred_lft forever
	|addr|change 10.0.0.1/24 dev v0 metric 30
	|addr|change 10.0.9.1/24 dev v0
	|addr|replace fd60::1/64 dev v0 nodad
	|addr|replace fd60::1/64 dev v0 noprefixroute
	|addr|change fd60::1/64 dev v0 preferred_lft 0
	|addr|add 10.0.0.1/24 dev v0
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq -r '.[0].addr_info[] | select(.local == "10.0.0.1") | .metric')" = 30 ]
}

@test "addr del matches as ip does: prefix length, label, peer" {
	twin_links
	for ns in "$A" "$B"; do
		ip -n "$ns" addr add 10.0.0.1/24 dev v0 label v0:x
		ip -n "$ns" addr add 10.0.1.1/24 dev v0
		ip -n "$ns" addr add 10.0.2.1 peer 10.0.2.2/32 dev v0
		ip -n "$ns" addr add fd70::1/64 dev v0 nodad
		ip -n "$ns" addr add fd71::1/64 dev v0 nodad
	done
	NO_OUT=1 run_table <<-'EOF'
	|addr|del 10.0.0.1/25 dev v0
	|addr|del 10.0.0.1/24 dev v0 label v0:y
	|addr|del 10.0.0.1/24 dev v0 label v0:x
	|addr|del 10.0.1.1 dev v0
	|addr|del 10.0.2.1/32 dev v0
	|addr|del 10.0.2.1 peer 10.0.2.3 dev v0
	|addr|del 10.0.2.1 peer 10.0.2.2 dev v0
	|addr|del fd70::1 dev v0
	|addr|del fd70::1/64 dev v0
	|addr|delete local fd71::1/64 dev v0
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq '[.[0].addr_info[] | select(.family == "inet")] | length')" = 0 ]
}

@test "addr flush with each of ip's selectors removes what ip removes" {
	twin_links
	n=0
	while IFS='|' read -r opts args; do
		for ns in "$A" "$B"; do
			ip -n "$ns" addr flush dev v0
			ip -n "$ns" addr flush dev br0
			ip -n "$ns" addr flush dev v1
			fill "$ns"
		done
		# shellcheck disable=SC2086
		run_case "$n" "$opts" addr flush $args
		n=$((n + 1))
	done <<-'EOF'
	|dev v0
	|v0
	-4|dev v0
	-6|dev br0
	|scope link
	|scope global
	|scope host
	|scope all
	|to 10.1.0.0/16
	|to fd00::/8
	|label v0:*
	|label v0
	|dynamic
	|permanent
	|primary dev v0
	|secondary
	|-secondary
	|tentative
	|deprecated
	|dadfailed
	|temporary
	|noprefixroute
	|up
	|type bridge
	-4|scope global dev br0
	EOF
	# -4 left br0's IPv6 addresses.
	[ "$(ip -n "$B" -j addr show dev br0 | jq -c '[.[0].addr_info[] | select(.family == "inet6" and .scope == "global") | .local]')" = '["fd03::1"]' ]
}

@test "addr show -j with each of ip's selectors prints what ip prints" {
	twin_links
	fill "$A"
	RICH=$A
	n=0
	f='map(del(.addr_info[]?.valid_life_time, .addr_info[]?.preferred_life_time))'
	while IFS='|' read -r opts args; do
		# shellcheck disable=SC2086
		show_case "$n" "$f" "$opts" addr $args
		n=$((n + 1))
	done <<-'EOF'
	-j|show
	-j|show dev v0
	-j|show v0
	-j|show scope link
	-j|show scope global
	-j|show scope host
	-j|show scope all
	-j|show scope 200
	-j|show to 10.1.0.0/16
	-j|show to fd02::/16
	-j|show to 10.0.0.0/0
	-j|show label v0:*
	-j|show label v0
	-j|show dynamic
	-j|show permanent
	-j|show primary
	-j|show secondary
	-j|show -secondary
	-j|show tentative
	-j|show -tentative
	-j|show deprecated
	-j|show dadfailed
	-j|show temporary
	-j|show nodad
	-j|show noprefixroute
	-j|show up
	-j|show up label v*
	-j|show type veth
	-j|show type bridge
	-j|show type nosuchkind
	-j|show dev v0 type bridge
	-4 -j|show scope global
	-6 -j|show up
	-br -j|show scope link
	EOF
	show_case 0 "" -br addr show label 'v0:*'
	show_case 1 "" -br addr show scope link
}

@test "addr errors exit as ip does, in one line, and leave nothing behind" {
	twin_links
	NO_OUT=1 run_table <<-'EOF'
	|addr|add 10.0.0.1/24
	|addr|add 10.0.0.1/24 dev nosuch0
	|addr|add zz dev v0
	|addr|add 10.0.0.1/24 peer fd00::1 dev v0
	|addr|add 10.0.0.1/24 brd fd00::1 dev v0
	|addr|add 10.0.0.1/24 brd zz dev v0
	|addr|add fd00::1/64 brd + dev v0
	|addr|add 10.0.0.1/24 scope bogus dev v0
	|addr|add 10.0.0.1/24 scope 256 dev v0
	|addr|add 10.0.0.1/24 metric x dev v0
	|addr|add 10.0.0.1/24 metric -1 dev v0
	|addr|add 10.0.0.1/24 valid_lft x dev v0
	|addr|add 10.0.0.1/24 valid_lft 0 dev v0
	|addr|add 10.0.0.1/24 valid_lft 5 preferred_lft 9 dev v0
	|addr|add 10.0.0.1/24 valid_lft 5 valid_lft 6 dev v0
	|addr|add 10.0.0.1/24 autojoin dev v0
	|addr|add 10.0.0.1/24 10.0.0.2/24 dev v0
	|addr|add 10.0.0.1/24 peer 10.0.0.2 peer 10.0.0.3 dev v0
	|addr|add 10.0.0.1/24 brd + brd - dev v0
	|addr|add 10.0.0.1/24 label verylonglabelname0 dev v0
	|addr|add 10.0.0.1/24 dev v0 label
	|addr|add 10.0.0.1/24 dev v0 frob
	|addr|add dev v0
	|addr|replace 10.0.0.1/24
	|addr|change 10.0.0.1/24 dev v0
	|addr|del 10.0.0.1/24 dev v0
	-6|addr|add 10.0.0.1/24 dev v0
	-4|addr|replace fd00::1/64 dev v0
	|addr|flush
	-4|addr|flush
	|addr|flush dev nosuch0
	|addr|flush to zz
	|addr|flush scope bogus
	|addr|flush label
	|addr|show dev nosuch0
	|addr|show v0 v1
	|addr|show scope
	|addr|show to fd00::/8x
	EOF
	[ "$(ip -n "$B" -j addr show dev v0 | jq '[.[0].addr_info[] | select(.family == "inet")] | length')" = 0 ]
}

@test "a word of ip's that nsx does not take is refused naming it" {
	twin_links
	for args in "add 10.0.0.1/24 anycast 10.0.0.9 dev v0" "show group 7" \
		"show master br0" "show nomaster" "show vrf red" "save" \
		"show type bridge_slave"; do
		# shellcheck disable=SC2086
		run "$NSX" addr -t "$B" $args
		assert_failure 255
		[ "${#lines[@]}" -eq 1 ]
		assert_output --partial "nsx does not support"
	done
	[ "$(ip -n "$B" -j addr show dev v0 | jq '[.[0].addr_info[] | select(.family == "inet")] | length')" = 0 ]
}

@test "a scope named in /etc/iproute2/rt_scopes is taken and printed as ip does" {
	twin_links
	# The file is replaced in a mount namespace of this test's own only.
	{ cat /etc/iproute2/rt_scopes; printf '42\tcampus\n'; } >"$BATS_TEST_TMPDIR/rt_scopes"
	run unshare -m --propagation private sh -c '
		mount --bind "$1" /etc/iproute2/rt_scopes || exit 9
		ip -n "$2" addr add 10.0.0.1/24 dev v0 scope campus || exit 1
		"$4" addr -t "$3" add 10.0.0.1/24 dev v0 scope campus || exit 2
		ip -n "$2" -j addr show scope campus >"$5/ip.json"
		"$4" addr -t "$2" -j show scope campus >"$5/nsx.json"
	' sh "$BATS_TEST_TMPDIR/rt_scopes" "$A" "$B" "$NSX" "$BATS_TEST_TMPDIR"
	assert_success
	[ "$(ip -n "$B" -j addr show dev v0 | jq '.[0].addr_info[] | select(.local == "10.0.0.1") | .scope')" = '"42"' ]
	[ "$(state "$A")" = "$(state "$B")" ]
	[ "$(jq -r '.[].addr_info[].scope // empty' "$BATS_TEST_TMPDIR/ip.json")" = campus ]
	cmp "$BATS_TEST_TMPDIR/ip.json" "$BATS_TEST_TMPDIR/nsx.json"
}
