#!/usr/bin/env bats
# nsx addr: IPv4 and IPv6 addresses inside a target, checked with ip.

load helper
load net_helper

setup() {
	PIDS=""
	NS2=""
	mk_veth_ns
}

teardown() {
	kill_pids
	ip netns del "$NS" 2>/dev/null || true
	[ -z "$NS2" ] || ip netns del "$NS2" 2>/dev/null || true
}

@test "add an IPv4 address to a link in a named netns" {
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev "$DEV"
	assert_success
	assert_output ""
	run ip -n "$NS" -4 -o addr show dev "$DEV"
	assert_output --partial "inet 10.1.1.1/24"
	run "$NSX" addr -t "$NS" show dev "$DEV"
	assert_success
	assert_output "$(ip -n "$NS" addr show dev "$DEV")"
	run "$NSX" addr -t "$NS" show dev "$DEV" --table
	assert_success
	assert_line --index 0 --regexp "^IFINDEX +IFNAME +STATE +FAMILY +ADDRESS +SCOPE$"
	assert_line --index 1 --regexp "^ +[0-9]+ $DEV +DOWN +inet +10\.1\.1\.1/24 +global$"
	refute_output --partial "$PEER"
}

@test "join two namespaces with nsx link and nsx addr and ping across" {
	NS2=$(uniq_name m)
	ip netns add "$NS2"
	"$NSX" link -t "$NS" add "${DEV}1" type veth peer "${PEER}1" target "$NS2"
	"$NSX" addr -t "$NS" add 10.1.1.1/24 dev "${DEV}1"
	"$NSX" addr -t "$NS2" add 10.1.1.2/24 dev "${PEER}1"
	"$NSX" link -t "$NS" set "${DEV}1" up
	"$NSX" link -t "$NS2" set "${PEER}1" up
	run ip -n "$NS" -o addr show dev "${DEV}1"
	assert_output --partial "inet 10.1.1.1/24"
	run ip -n "$NS2" -o addr show dev "${PEER}1"
	assert_output --partial "inet 10.1.1.2/24"
	run "$NSX" -n -t "$NS" ping -c1 -W1 10.1.1.2
	assert_success
}

@test "add and delete an IPv6 address" {
	run "$NSX" addr -t "$NS" add fd00:1::1/64 dev "$DEV" nodad
	assert_success
	run ip -n "$NS" -6 -o addr show dev "$DEV"
	assert_output --partial "inet6 fd00:1::1/64 scope global nodad"
	run "$NSX" addr -t "$NS" -6 show --output ifname,address,flags
	assert_line --regexp "^$DEV +fd00:1::1/64 +nodad$"
	refute_line --regexp "^lo "
	run "$NSX" addr -t "$NS" del fd00:1::1/64 dev "$DEV"
	assert_success
	run ip -n "$NS" -6 -o addr show dev "$DEV"
	refute_output --partial "fd00:1::1"
}

@test "delete an address without writing its prefix length" {
	ip -n "$NS" addr add 10.2.2.2/16 dev "$DEV"
	ip -n "$NS" addr add fd00:2::2/80 dev "$DEV" nodad
	run "$NSX" addr -t "$NS" del 10.2.2.2 dev "$DEV"
	assert_success
	# As ip: without /LEN an IPv6 address is /128, which this one is not.
	run "$NSX" addr -t "$NS" del fd00:2::2 dev "$DEV"
	assert_failure 2
	run "$NSX" addr -t "$NS" del fd00:2::2/80 dev "$DEV"
	assert_success
	run ip -n "$NS" -o addr show dev "$DEV"
	refute_output --partial "10.2.2.2"
	refute_output --partial "fd00:2::2"
}

@test "flush every address of one link and leave the others" {
	ip -n "$NS" addr add 10.3.3.1/24 dev "$DEV"
	ip -n "$NS" addr add 10.3.3.2/24 dev "$DEV"
	ip -n "$NS" addr add fd00:3::1/64 dev "$DEV" nodad
	ip -n "$NS" addr add 10.4.4.1/24 dev "$PEER"
	run "$NSX" addr -t "$NS" flush dev "$DEV"
	assert_success
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output ""
	run ip -n "$NS" -o addr show dev "$PEER"
	assert_output --partial "10.4.4.1/24"
}

@test "flush removes an IPv4 address with a peer, as ip flush does" {
	ip -n "$NS" addr add 10.9.0.1 peer 10.9.0.2/32 dev "$DEV"
	ip -n "$NS" addr add 10.9.1.1/24 dev "$DEV"
	run "$NSX" addr -t "$NS" flush dev "$DEV"
	assert_success
	run ip -n "$NS" -4 -o addr show dev "$DEV"
	assert_success
	assert_output ""
}

@test "flush only the IPv6 addresses of a link with -6" {
	ip -n "$NS" addr add 10.3.3.1/24 dev "$DEV"
	ip -n "$NS" addr add fd00:3::1/64 dev "$DEV" nodad
	run "$NSX" addr -t "$NS" -6 flush dev "$DEV"
	assert_success
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output --partial "10.3.3.1/24"
	refute_output --partial "fd00:3::1"
}

@test "show every link of the namespace with its addresses" {
	ip -n "$NS" addr add 10.5.5.1/24 brd + dev "$DEV"
	ip -n "$NS" addr add 10.5.6.1 peer 10.5.6.2/32 dev "$DEV"
	run "$NSX" addr -t "$NS" show --output +broadcast,peer,label,valid,preferred
	assert_success
	assert_line --regexp "^ +1 lo +DOWN *$"
	assert_line --regexp "^ +[0-9]+ $PEER +DOWN *$"
	assert_line --regexp "^ +[0-9]+ $DEV +DOWN +inet +10\.5\.5\.1/24 +global +10\.5\.5\.255 +$DEV +forever +forever$"
	assert_line --regexp "^ +[0-9]+ $DEV +DOWN +inet +10\.5\.6\.1 +global +10\.5\.6\.2/32 +$DEV +forever +forever$"
}

@test "show addresses as JSON exactly as ip -j addr does" {
	ip -n "$NS" link add "${DEV}c" type bridge
	ip -n "$NS" link set "$PEER" master "${DEV}c"
	ip -n "$NS" link set "$DEV" up
	ip -n "$NS" addr add 10.5.5.1/24 brd + dev "$DEV"
	ip -n "$NS" addr add 10.5.6.1 peer 10.5.6.2/32 dev "$DEV"
	ip -n "$NS" addr add fd00:5::1/64 dev "$DEV" nodad
	run "$NSX" addr -t "$NS" -j
	assert_success
	same_json_as_ip addr "-j" "-j addr"
	same_json_as_ip addr "-j show dev $DEV" "-j addr show dev $DEV"
	run sh -c "'$NSX' addr -t '$NS' -j -4 | jq -r '.[].addr_info[] | \"\(.local)/\(.prefixlen) \(.scope)\"'"
	assert_output "10.5.5.1/24 global
10.5.6.1/32 global"
}

@test "refuse an unknown column" {
	run "$NSX" addr -t "$NS" show --output IFNAME,BOGUS
	assert_failure 255
	assert_output --partial "nsx: addr: unknown column 'BOGUS'"
}

@test "add an address in the caller's own namespace when no target is given" {
	run ip netns exec "$NS" "$NSX" addr add 10.6.6.1/24 dev "$DEV"
	assert_success
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output --partial "10.6.6.1/24"
}

@test "address a link of a target given by PID" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	nsenter -t "$pid" -n ip link add "$DEV" type veth peer name "$PEER"
	run "$NSX" addr -t "$pid" add 10.7.7.1/24 dev "$DEV"
	assert_success
	run nsenter -t "$pid" -n ip -o addr show dev "$DEV"
	assert_output --partial "10.7.7.1/24"
	run ip -n "$NS" -o addr show dev "$DEV"
	refute_output --partial "10.7.7.1"
}

@test "address a link of a target given by nsfs path" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	nsenter -t "$pid" -n ip link add "$DEV" type veth peer name "$PEER"
	run "$NSX" addr -t "/proc/$pid/ns/net" add fd00:7::1/64 dev "$DEV"
	assert_success
	run "$NSX" addr -t "/run/netns/$NS" add 10.8.8.1/24 dev "$DEV"
	assert_success
	run nsenter -t "$pid" -n ip -o addr show dev "$DEV"
	assert_output --partial "fd00:7::1/64"
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output --partial "10.8.8.1/24"
}

@test "refuse a malformed CIDR with one line and add nothing" {
	for bad in 10.1.1/24 10.1.1.1/33 10.1.1.1/ 10.1.1.1/2x 300.1.1.1/24 \
		fd00::1/129 fd00:::1/64 010.1.1.1/24 " 10.1.1.1/24" abc ""; do
		run "$NSX" addr -t "$NS" add "$bad" dev "$DEV"
		assert_failure 1
		assert_output --regexp "^nsx: .*(not an IPv4 or IPv6 address|prefix length must be).*$"
		[ "${#lines[@]}" -eq 1 ]
	done
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output ""
}

@test "refuse an unknown device with the target's name" {
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev nosuchdev0
	assert_failure 1
	assert_output "nsx: dev nosuchdev0: no such device in netns:$NS"
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev "a/b"
	assert_failure 1
	assert_output "nsx: dev: interface name 'a/b' contains '/'"
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev 0123456789abcdef
	assert_failure 1
	assert_output --partial "longer than 15 bytes"
}

@test "refuse missing or unexpected words as usage errors" {
	# ip's own checks after the words: 1; the kernel's: 2.
	run "$NSX" addr -t "$NS" add 10.1.1.1/24
	assert_failure 1
	assert_output "nsx: addr add: missing 'dev DEV'"
	run "$NSX" addr -t "$NS" add dev "$DEV"
	assert_failure 2
	assert_output --partial "no address given"
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev
	assert_failure 255
	assert_output --partial "nsx: dev: missing interface name"
	run "$NSX" addr -t "$NS" flush
	assert_failure 1
	run "$NSX" addr -t "$NS" del 10.1.1.1/24 dev "$DEV" extra
	assert_failure 255
	assert_output --partial "nsx: addr del: unexpected 'extra'"
	run "$NSX" addr -t
	assert_failure 255
	[ "${#lines[@]}" -eq 1 ]
	run ip -n "$NS" -o addr show dev "$DEV"
	assert_output ""
}

@test "take options after the verb, as in ip" {
	ip -n "$NS" addr add 10.1.1.1/24 dev "$DEV"
	ip -n "$NS" addr add fd00:1::1/64 dev "$DEV" nodad
	run "$NSX" addr show dev "$DEV" -t "$NS" -4
	assert_success
	assert_output --partial "10.1.1.1/24"
	refute_output --partial "fd00:1::1"
	run "$NSX" addr -t "$NS" -6 add 10.2.2.2/24 dev "$DEV"
	assert_failure 1
	assert_output "nsx: addr add: -6 given for an IPv4 address"
}

@test "suggest the closest command for a typo" {
	run "$NSX" addr -t "$NS" ad 10.1.1.1/24 dev "$DEV"
	assert_failure 255
	assert_output --partial "did you mean 'add'?"
	run "$NSX" addr --bogus
	assert_failure 255
}

@test "report an address that is already there or not there" {
	ip -n "$NS" addr add 10.1.1.1/24 dev "$DEV"
	run "$NSX" addr -t "$NS" add 10.1.1.1/24 dev "$DEV"
	assert_failure 2
	assert_output --regexp "^nsx: addr add 10.1.1.1/24 dev $DEV: .*"
	run "$NSX" addr -t "$NS" del 10.9.9.9/24 dev "$DEV"
	assert_failure 2
	assert_output --regexp "^nsx: addr del 10.9.9.9/24 dev $DEV: .*"
	run "$NSX" addr -t "$NS" del 10.9.9.9 dev "$DEV"
	assert_failure 2
	assert_output "nsx: addr del 10.9.9.9 dev $DEV: ipv4: Address not found"
}

@test "fail with one line when the target is gone" {
	pid=$(start_ns_proc -n)
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
	run "$NSX" addr -t "$pid" show
	assert_failure 1
	assert_output --regexp "^nsx: .*(no such process|exited).*$"
	run "$NSX" addr -t "netns:${NS}gone" add 10.1.1.1/24 dev "$DEV"
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
}

@test "print help" {
	run "$NSX" addr --help
	assert_success
	assert_output --partial "nsx addr [-t <target>] [-4|-6] add|replace|change|del [local] <addr>[/<len>]"
}
