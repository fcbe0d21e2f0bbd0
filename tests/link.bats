#!/usr/bin/env bats
# nsx link: links inside targets, checked with ip as well as nsx.

load helper
load net_helper

setup() {
	PIDS=""
	HOSTLINKS=""
	FWRULE=""
}

teardown() {
	local l
	[ -z "${FWRULE:-}" ] || iptables -D FORWARD -i "$FWRULE" -o "$FWRULE" -j ACCEPT || true
	for l in $HOSTLINKS; do ip link del "$l" 2>/dev/null || true; done
	mkns_cleanup
	kill_pids
}

@test "show the links of a namespace as ip -j does" {
	ns=$(mkns a)
	ip -n "$ns" link add v0 type veth peer name v1
	ip -n "$ns" link add br0 type bridge
	ip -n "$ns" link set v0 master br0
	run "$NSX" link -t "$ns" show -j
	assert_success
	want=$(ip -n "$ns" -j link show | jq -S .)
	got=$(echo "$output" | jq -S 'map(del(.peer_ifname, .peer_master, .peer_netns))')
	[ "$want" = "$got" ]
	[ "$(echo "$output" | jq -r '.[] | select(.ifname == "v0") | .master')" = br0 ]
	[ "$(echo "$output" | jq -r '.[] | select(.ifname == "v0") | .link')" = v1 ]
	run "$NSX" link -t "$ns" show -d -j
	[ "$(echo "$output" | jq -r '.[] | select(.ifname == "br0") | .linkinfo.info_kind')" = bridge ]
}

@test "show one link as a table with chosen columns" {
	ns=$(mkns a)
	ip -n "$ns" link add v0 mtu 1400 type veth peer name v1
	run "$NSX" link -t "$ns" show v0 --output ifname,mtu,type
	assert_success
	assert_line --index 0 --regexp '^IFNAME +MTU +TYPE$'
	assert_line --index 1 --regexp '^v0 +1400 +veth$'
	[ "${#lines[@]}" -eq 2 ]
}

@test "join two namespaces with a veth pair and ping across it" {
	ns1=$(mkns a)
	ns2=$(mkns b)
	run "$NSX" link -t "$ns1" add v1 type veth peer v2 target "$ns2"
	assert_success
	"$NSX" link -t "$ns1" set v1 up
	"$NSX" link -t "$ns2" set v2 up
	"$NSX" link -t "$ns1" set lo up
	"$NSX" addr -t "$ns1" add 10.1.1.1/24 dev v1
	"$NSX" addr -t "$ns2" add 10.1.1.2/24 dev v2
	ip -n "$ns1" -o addr show v1 | grep -q 'inet 10.1.1.1/24'
	ip -n "$ns1" -o link show v1 | grep -q 'state UP'
	ip -n "$ns2" -o link show v2 | grep -q 'state UP'
	run "$NSX" -n -t "$ns1" ping -c1 -W1 10.1.1.2
	assert_success
	run "$NSX" -n -t "$ns2" ping -c1 -W1 10.1.1.1
	assert_success
}

@test "the veth peer is made in its namespace, not made and moved" {
	ns1=$(mkns a)
	ns2=$(mkns b)
	ip -n "$ns1" monitor link >"$BATS_TEST_TMPDIR/mon" 2>&1 &
	mon=$!
	PIDS+=" $mon"
	wait_monitor "$mon"
	"$NSX" link -t "$ns1" add v1 type veth peer v2 target "$ns2"
	for i in $(seq 50); do grep -q v1 "$BATS_TEST_TMPDIR/mon" && break; sleep 0.05; done
	kill "$mon"
	# the monitor was listening: it saw v1 appear
	grep -q v1 "$BATS_TEST_TMPDIR/mon"
	# made then moved, v2 would have appeared and left here first
	run grep v2 "$BATS_TEST_TMPDIR/mon"
	assert_failure
	run ip -n "$ns2" -o link show v2
	assert_success
}

@test "a bridge in the host joins three namespaces that ping each other and it" {
	br=$(uniq_name br)
	net=10.$((150 + $$ % 100)).$((BATS_TEST_NUMBER % 250))
	run "$NSX" link add "$br" type bridge
	assert_success
	HOSTLINKS+=" $br"
	# With br_netfilter and a FORWARD policy of DROP (docker's), bridged
	# frames pass iptables: let this bridge's own through, as docker does.
	if iptables -S FORWARD >/dev/null 2>&1; then
		iptables -I FORWARD -i "$br" -o "$br" -j ACCEPT
		FWRULE=$br
	fi
	"$NSX" link set "$br" up
	"$NSX" addr add "$net.1/24" dev "$br"
	for i in 1 2 3; do
		ns=$(mkns "n$i")
		eval "ns$i=$ns"
		h=$(uniq_name "h$i")
		HOSTLINKS+=" $h"
		"$NSX" link add "$h" type veth peer eth0 target "$ns"
		"$NSX" link set "$h" master "$br" up
		"$NSX" link -t "$ns" set eth0 up
		"$NSX" addr -t "$ns" add "$net.10$i/24" dev eth0
	done
	[ "$(ip -j link show master "$br" | jq length)" -eq 3 ]
	assert_ping_mesh "$net" "$net.1" "$ns1" "$ns2" "$ns3"
}

@test "rename a link inside a namespace" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add v0 type veth peer v1
	run "$NSX" link -t "$ns" set v0 name renamed0
	assert_success
	[ "$(ip_links "$ns")" = "lo renamed0 v1 " ]
	run "$NSX" link -t "$ns" show renamed0 --output ifname
	assert_success
	assert_line --index 1 renamed0
}

@test "move a link into a namespace and back out" {
	ns=$(mkns a)
	h=$(uniq_name m)
	p=$(uniq_name p)
	HOSTLINKS+=" $h $p"
	"$NSX" link add "$h" type veth peer "$p"
	run "$NSX" link set "$h" target "$ns"
	assert_success
	run ip link show "$h"
	assert_failure
	ip -n "$ns" link show "$h"
	# back out, to the namespace of this shell, by PID, under a new name
	run "$NSX" link -t "$ns" set "$h" target $$ name "${h}x"
	assert_success
	run ip -n "$ns" link show "$h"
	assert_failure
	HOSTLINKS+=" ${h}x"
	ip link show "${h}x"
}

@test "work on a target given by PID and by nsfs path" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" link -t "$pid" add v0 type veth peer v1
	assert_success
	run "$NSX" link -t "/proc/$pid/ns/net" set v0 mtu 1300 up
	assert_success
	nsenter -n -t "$pid" ip -o link show v0 | grep -q 'mtu 1300'
	run "$NSX" link -t "pid:$pid" show -j
	assert_success
	[ "$(echo "$output" | jq -r '.[] | select(.ifname == "v0") | .mtu')" = 1300 ]
	run "$NSX" link -t "/proc/$pid/ns/net" del v0
	assert_success
	run nsenter -n -t "$pid" ip -o link show
	refute_output --partial v1
}

@test "a veth peer goes to a target given by PID" {
	ns=$(mkns a)
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" link -t "$ns" add v0 type veth peer v1 target "$pid"
	assert_success
	nsenter -n -t "$pid" ip link show v1
	ip -n "$ns" link show v0
}

@test "add a vxlan and a macvlan with their options" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add br0 type bridge
	run "$NSX" link -t "$ns" add vx0 type vxlan id 42 remote 10.0.0.1 local 10.0.0.2 dstport 4789
	assert_success
	run ip -n "$ns" -d -j link show vx0
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_data.id')" = 42 ]
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_data.port')" = 4789 ]
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_data.remote')" = 10.0.0.1 ]
	run "$NSX" link -t "$ns" add mv0 type macvlan link br0 mode private
	assert_success
	run ip -n "$ns" -d -j link show mv0
	[ "$(echo "$output" | jq -r '.[0].linkinfo.info_data.mode')" = private ]
	[ "$(echo "$output" | jq -r '.[0].link')" = br0 ]
}

@test "add a dummy and a vlan where the kernel has them" {
	ns=$(mkns a)
	if ! ip -n "$ns" link add probe0 type dummy 2>/dev/null; then
		skip "this kernel has no dummy links"
	fi
	ip -n "$ns" link del probe0
	run "$NSX" link -t "$ns" add d0 type dummy
	assert_success
	ip -n "$ns" -d link show d0 | grep -q dummy
	if ! ip -n "$ns" link add link d0 name probe0 type vlan id 9 2>/dev/null; then
		skip "this kernel has no vlan links"
	fi
	ip -n "$ns" link del probe0
	run "$NSX" link -t "$ns" add d0.5 type vlan link d0 id 5
	assert_success
	ip -n "$ns" -d link show d0.5 | grep -q 'vlan protocol 802.1Q id 5'
}

@test "a type this kernel lacks fails in the kernel's own words" {
	ns=$(mkns a)
	if ip -n "$ns" link add probe0 type dummy 2>/dev/null; then
		skip "this kernel has dummy links"
	fi
	run "$NSX" link -t "$ns" add d0 type dummy
	assert_failure 2
	assert_output "nsx: link add d0: Unknown device type"
	[ "$(ip_links "$ns")" = "lo " ]
}

@test "attach a link to a bridge and detach it" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add br0 type bridge
	"$NSX" link -t "$ns" add v0 type veth peer v1
	run "$NSX" link -t "$ns" set v0 master br0
	assert_success
	ip -n "$ns" -o link show v0 | grep -q 'master br0'
	run "$NSX" link -t "$ns" set v0 nomaster
	assert_success
	run ip -n "$ns" -o link show v0
	refute_output --partial master
}

@test "set the MTU and MAC address" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add v0 type veth peer v1
	run "$NSX" link -t "$ns" set v0 mtu 9000 address 02:11:22:33:44:55
	assert_success
	run ip -n "$ns" -j link show v0
	[ "$(echo "$output" | jq -r '.[0].mtu')" = 9000 ]
	[ "$(echo "$output" | jq -r '.[0].address')" = 02:11:22:33:44:55 ]
}

@test "delete every veth of a namespace in one command" {
	ns=$(mkns a)
	other=$(mkns b)
	for i in 1 2 3 4 5; do
		ip -n "$ns" link add "a$i" type veth peer name "b$i"
	done
	ip -n "$ns" link add c0 type veth peer name c1 netns "$other"
	ip -n "$ns" link add br0 type bridge
	run "$NSX" link -t "$ns" del type veth
	assert_success
	[ "$(ip_links "$ns")" = "br0 lo " ]
	# the peers went with them, wherever they were
	[ "$(ip_links "$other")" = "lo " ]
	run "$NSX" link -t "$ns" del type veth
	assert_failure 1
	assert_output "nsx: link del type veth: no veth link in netns:$ns"
}

@test "delete a group of links in one command" {
	ns=$(mkns a)
	for i in 1 2 3; do
		ip -n "$ns" link add "a$i" group 7 type veth peer name "b$i"
	done
	ip -n "$ns" link add keep0 type veth peer name keep1
	run "$NSX" link -t "$ns" del group 7
	assert_success
	[ "$(ip_links "$ns")" = "keep0 keep1 lo " ]
}

@test "delete one link by name" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add br0 type bridge
	run "$NSX" link -t "$ns" del br0
	assert_success
	[ "$(ip_links "$ns")" = "lo " ]
}

# Bad input: one line, the namespace as it was, and ip's status: 255 for
# a line it cannot read, 2 when the kernel refuses.
@test "refuse bad names, MTUs and MAC addresses, leaving nothing behind" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add v0 type veth peer v1
	before=$(ip_links "$ns")
	check() {
		local want=$1
		shift
		run "$NSX" link -t "$ns" "$@"
		assert_failure "$want"
		[ "${#lines[@]}" -eq 1 ]
		assert_output --regexp '^nsx: '
		[ "$(ip_links "$ns")" = "$before" ]
	}
	check 255 add abcdefghijklmnop type bridge
	assert_output "nsx: link add: interface name 'abcdefghijklmnop' is longer than 15 bytes"
	check 255 add a/b type bridge
	assert_output --partial "contains '/'"
	check 255 add "a b" type bridge
	assert_output --partial "contains 'whitespace'"
	check 255 add v2 type veth peer abcdefghijklmnop
	assert_output --partial "longer than 15 bytes"
	check 2 set v0 mtu 10
	assert_output "nsx: link set v0: mtu less than device minimum"
	check 255 set v0 mtu 99999999999999999999
	assert_output --partial "not a number"
	check 255 set v0 mtu 15x
	assert_output "nsx: mtu '15x': not a number"
	check 2 set v0 mtu 65536
	assert_output "nsx: link set v0: mtu greater than device maximum"
	check 255 set v0 address 02:00:00:00:00
	assert_output --partial "not a MAC address"
	check 255 set v0 address 02:00:00:00:00:zz
	assert_output --partial "not a MAC address"
	check 255 set v0 address 01:00:5e:00:00:01
	assert_output --partial "multicast"
	check 255 set v0 name a/b
	assert_output --partial "contains '/'"
	check 2 add v2 mtu 20 type veth
	assert_output "nsx: link add v2: Invalid argument"
}

@test "refuse an unknown device, type or master" {
	ns=$(mkns a)
	"$NSX" link -t "$ns" add v0 type veth peer v1
	before=$(ip_links "$ns")
	run "$NSX" link -t "$ns" set nope0 up
	assert_failure 1
	assert_output "nsx: link set nope0: no such device in netns:$ns"
	run "$NSX" link -t "$ns" del nope0
	assert_failure 1
	assert_output "nsx: link del nope0: no such device in netns:$ns"
	run "$NSX" link -t "$ns" show nope0
	assert_failure 1
	assert_output "nsx: link show nope0: no such device in netns:$ns"
	run "$NSX" link -t "$ns" add x0 type vet
	assert_failure 255
	assert_output "nsx: unknown type 'vet' (did you mean veth?)"
	run "$NSX" link -t "$ns" set v0 master v1
	assert_failure 2
	assert_output "nsx: link set v0: Operation not supported"
	run "$NSX" link -t "$ns" set v0 master nope0
	assert_failure 255
	assert_output "nsx: link set v0: master: nope0: no such device in netns:$ns"
	run "$NSX" link -t "$ns" add m0 type macvlan link nope0
	assert_failure 1
	assert_output "nsx: link add m0: nope0: no such device in netns:$ns"
	[ "$(ip_links "$ns")" = "$before" ]
}

@test "refuse a target that is gone, leaving nothing behind" {
	ns=$(mkns a)
	run "$NSX" link -t "$(uniq_name none)" show
	assert_failure 1
	assert_output --regexp "^nsx: target '.*': not found"
	pid=$(start_ns_proc -n)
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	run "$NSX" link -t "$pid" show
	assert_failure 1
	assert_output "nsx: pid $pid: no such process"
	run "$NSX" link -t "$ns" add v0 type veth peer v1 target "$pid"
	assert_failure 1
	assert_output "nsx: link add v0: peer: pid $pid: no such process"
	run "$NSX" link -t "$ns" add v0 type veth peer v1 target "$(uniq_name none)"
	assert_failure 1
	[ "$(ip_links "$ns")" = "lo " ]
}

@test "a veth whose peer name is taken leaves neither end" {
	ns1=$(mkns a)
	ns2=$(mkns b)
	"$NSX" link -t "$ns2" add taken0 type bridge
	run "$NSX" link -t "$ns1" add v0 type veth peer taken0 target "$ns2"
	assert_failure 2
	assert_output "nsx: link add v0: File exists"
	[ "$(ip_links "$ns1")" = "lo " ]
	[ "$(ip_links "$ns2")" = "lo taken0 " ]
}

@test "an unknown command or word is a usage error with a suggestion" {
	run "$NSX" link ad x0 type bridge
	assert_failure 255
	assert_output "nsx: link: unknown command 'ad' (did you mean add?) (see 'nsx link --help')"
	run "$NSX" link set lo mtuu 1500
	assert_failure 255
	assert_output --partial "unknown word 'mtuu' (did you mean mtu?)"
	run "$NSX" link --bogus
	assert_failure 255
	run "$NSX" link --help
	assert_success
	assert_output --partial "nsx link [-t TARGET] add NAME"
}
