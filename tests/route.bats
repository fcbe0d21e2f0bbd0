#!/usr/bin/env bats
# nsx route: IPv4 and IPv6 routes inside a target, checked with ip.

load helper
load net_helper

setup() {
	PIDS=""
	mk_veth_ns
	ip -n "$NS" link set "$DEV" up
	ip -n "$NS" link set "$PEER" up
	ip -n "$NS" addr add 10.1.1.1/24 dev "$DEV"
	ip -n "$NS" addr add fd00:1::1/64 dev "$DEV" nodad
}

teardown() {
	kill_pids
	ip netns del "$NS" 2>/dev/null || true
}

@test "add a default route via a gateway" {
	run "$NSX" route -t "$NS" add default via 10.1.1.254
	assert_success
	assert_output ""
	run ip -n "$NS" route show default
	assert_output "default via 10.1.1.254 dev $DEV "
	run "$NSX" route -t "$NS" show --table
	assert_line --index 0 --regexp "^DST +GATEWAY +DEV +PROTO +SCOPE +SRC +METRIC$"
	assert_line --regexp "^default +10\.1\.1\.254 +$DEV +boot +global *$"
	assert_line --regexp "^10\.1\.1\.0/24 +$DEV +kernel +link +10\.1\.1\.1 *$"
}

@test "add an on-link route to a prefix" {
	run "$NSX" route -t "$NS" add 10.20.0.0/16 dev "$DEV"
	assert_success
	run ip -n "$NS" route show 10.20.0.0/16
	assert_output "10.20.0.0/16 dev $DEV scope link "
	run "$NSX" route -t "$NS" show dev "$DEV" --output dst,dev,scope
	assert_line --regexp "^10\.20\.0\.0/16 +$DEV +link$"
}

@test "add an IPv6 default route and an on-link IPv6 prefix" {
	run "$NSX" route -t "$NS" add default via fd00:1::fe
	assert_success
	run "$NSX" route -t "$NS" add fd00:99::/64 dev "$DEV"
	assert_success
	run ip -n "$NS" -6 route show default
	assert_output --partial "default via fd00:1::fe dev $DEV metric 1024"
	run ip -n "$NS" -6 route show fd00:99::/64
	assert_output --partial "fd00:99::/64 dev $DEV metric 1024"
	run "$NSX" route -t "$NS" -6 show --output dst,gateway,dev,metric,pref
	assert_line --regexp "^default +fd00:1::fe +$DEV +1024 +medium$"
	refute_output --partial "10.1.1.0/24"
}

@test "add an on-link IPv6 default route with -6" {
	run "$NSX" route -t "$NS" -6 add default dev "$DEV"
	assert_success
	run ip -n "$NS" -6 route show default
	assert_output --partial "default dev $DEV metric 1024"
	run ip -n "$NS" -4 route show default
	assert_output ""
}

@test "delete default and on-link routes of both families" {
	ip -n "$NS" route add default via 10.1.1.254
	ip -n "$NS" route add 10.20.0.0/16 dev "$DEV"
	ip -n "$NS" -6 route add default via fd00:1::fe
	ip -n "$NS" -6 route add fd00:99::/64 dev "$DEV"
	run "$NSX" route -t "$NS" del default
	assert_success
	run "$NSX" route -t "$NS" del 10.20.0.0/16 dev "$DEV"
	assert_success
	run "$NSX" route -t "$NS" del default via fd00:1::fe
	assert_success
	run "$NSX" route -t "$NS" del fd00:99::/64
	assert_success
	run ip -n "$NS" route show
	assert_output "10.1.1.0/24 dev $DEV proto kernel scope link src 10.1.1.1 "
	run ip -n "$NS" -6 route show
	refute_output --partial default
	refute_output --partial fd00:99
}

@test "add a route with a metric and a source, then replace it" {
	run "$NSX" route -t "$NS" add 10.30.0.0/16 via 10.1.1.254 dev "$DEV" \
		src 10.1.1.1 metric 50
	assert_success
	run ip -n "$NS" route show 10.30.0.0/16
	assert_output "10.30.0.0/16 via 10.1.1.254 dev $DEV src 10.1.1.1 metric 50 "
	run "$NSX" route -t "$NS" replace 10.30.0.0/16 via 10.1.1.253 metric 50
	assert_success
	run ip -n "$NS" route show 10.30.0.0/16
	assert_output "10.30.0.0/16 via 10.1.1.253 dev $DEV metric 50 "
}

@test "show routes as JSON exactly as ip -j route does" {
	ip -n "$NS" route add default via 10.1.1.254
	ip -n "$NS" route add 10.30.0.0/16 via 10.1.1.253 dev "$DEV" metric 7 onlink
	ip -n "$NS" -6 route add default via fd00:1::fe
	run "$NSX" route -t "$NS" -4 -j
	assert_success
	same_json_as_ip route "-4 -j" "-j route"
	same_json_as_ip route "-6 -j" "-6 -j route"
	same_json_as_ip route "-j show table all" "-j route show table all"
	run sh -c "'$NSX' route -t '$NS' -j | jq -r '.[] | select(.dst == \"10.30.0.0/16\") | .gateway, .metric, .flags[0]'"
	assert_output "10.1.1.253
7
onlink"
}

@test "refuse an unknown column" {
	run "$NSX" route -t "$NS" --output DST,NOPE
	assert_failure 255
	assert_output --partial "nsx: route: unknown column 'NOPE'"
}

@test "route a target given by PID and by nsfs path" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	nsenter -t "$pid" -n ip link add "$DEV" type veth peer name "$PEER"
	nsenter -t "$pid" -n ip link set "$DEV" up
	nsenter -t "$pid" -n ip link set "$PEER" up
	run "$NSX" route -t "$pid" add 10.40.0.0/16 dev "$DEV"
	assert_success
	run "$NSX" route -t "/proc/$pid/ns/net" add default dev "$DEV"
	assert_success
	run nsenter -t "$pid" -n ip route show
	assert_line "default dev $DEV scope link "
	assert_line "10.40.0.0/16 dev $DEV scope link "
	run "$NSX" route -t "/run/netns/$NS" show
	refute_output --partial 10.40.0.0
}

@test "add a route in the caller's own namespace when no target is given" {
	run ip netns exec "$NS" "$NSX" route add 10.50.0.0/16 dev "$DEV"
	assert_success
	run ip -n "$NS" route show 10.50.0.0/16
	assert_output "10.50.0.0/16 dev $DEV scope link "
}

@test "show the kernel's reason for an unreachable gateway" {
	run "$NSX" route -t "$NS" add 10.60.0.0/16 via 10.77.0.1
	assert_failure 2
	assert_output "nsx: route add 10.60.0.0/16 via 10.77.0.1: Nexthop has invalid gateway"
	run "$NSX" route -t "$NS" add 10.60.0.1/16 dev "$DEV"
	assert_failure 2
	assert_output "nsx: route add 10.60.0.1/16 dev $DEV: Invalid prefix for given prefix length"
	run ip -n "$NS" route show
	refute_output --partial 10.60
}

@test "refuse malformed destinations, gateways and numbers" {
	for args in "10.1/16 dev $DEV" "default via 10.1.1" \
		"default via 10.1.1.1/24" "10.0.0.0/33 dev $DEV" \
		"default via fd00::1::2" "10.0.0.0/8 dev $DEV metric x" \
		"10.0.0.0/8 dev $DEV table 0"; do
		# shellcheck disable=SC2086
		run "$NSX" route -t "$NS" add $args
		assert_failure 255
		[ "${#lines[@]}" -eq 1 ]
		assert_output --regexp "^nsx: "
	done
	run ip -n "$NS" route show
	assert_output "10.1.1.0/24 dev $DEV proto kernel scope link src 10.1.1.1 "
}

@test "refuse missing words, mixed families and unknown devices" {
	run "$NSX" route -t "$NS" add
	assert_failure 255
	assert_output "nsx: route add: missing destination ('default' or a CIDR) (see 'nsx route --help')"
	run "$NSX" route -t "$NS" add 10.0.0.0/8
	assert_failure 255
	assert_output --partial "nsx: route add: needs 'via GW' or 'dev DEV'"
	run "$NSX" route -t "$NS" add default via
	assert_failure 255
	assert_output --partial "nsx: via: missing value"
	run "$NSX" route -t "$NS" add default via fd00:1::fe src 10.1.1.1
	assert_failure 255
	assert_output "nsx: route: IPv4 and IPv6 addresses mixed"
	run "$NSX" route -t "$NS" -4 add default via fd00:1::fe
	assert_failure 1
	assert_output "nsx: route: -4 given for an IPv6 address"
	run "$NSX" route -t "$NS" -6 add default dev "$DEV" src 10.1.1.1
	assert_failure 1
	assert_output "nsx: route: -6 given for an IPv4 address"
	run "$NSX" route -t "$NS" add 10.0.0.0/8 via fd00:1::fe
	assert_failure 255
	assert_output "nsx: route: IPv4 and IPv6 addresses mixed"
	run "$NSX" route -t "$NS" add 10.0.0.0/8 dev nosuchdev0
	assert_failure 1
	assert_output "nsx: dev nosuchdev0: no such device in netns:$NS"
	run "$NSX" route -t "$NS" add 10.0.0.0/8 vai 10.1.1.254
	assert_failure 255
	assert_output --partial "nsx: route: unexpected 'vai' (did you mean 'via'?)"
}

@test "refuse -4 or -6 that disagrees with the destination" {
	run "$NSX" route -t "$NS" -6 add 10.9.0.0/24 dev "$DEV"
	assert_failure 1
	assert_output "nsx: route: -6 given for an IPv4 address"
	run "$NSX" route -t "$NS" -4 del fd00:9::/64
	assert_failure 1
	assert_output "nsx: route: -4 given for an IPv6 address"
	run ip -n "$NS" -4 route show 10.9.0.0/24
	assert_output ""
}

@test "say so when the route to delete does not exist" {
	run "$NSX" route -t "$NS" del 10.99.0.0/16
	assert_failure 2
	assert_output "nsx: route del 10.99.0.0/16: no such route"
}

@test "suggest the closest command for a typo" {
	run "$NSX" route -t "$NS" shwo
	assert_failure 255
	assert_output --partial "did you mean 'show'?"
}

@test "fail with one line when the target is gone" {
	pid=$(start_ns_proc -n)
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
	run "$NSX" route -t "$pid" add default dev lo
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	assert_output --regexp "^nsx: .*(no such process|exited).*$"
}

@test "print help" {
	run "$NSX" route --help
	assert_success
	assert_output --partial "nsx route [-t <target>] [-4|-6] add|replace <dst>"
}
