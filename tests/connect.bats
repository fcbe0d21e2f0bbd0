#!/usr/bin/env bats
# nsx connect: a veth between two targets, or a target and a bridge, as
# one transaction. Every result is checked with ip.

load helper
load net_helper

setup() {
	PIDS=""
	NS1=$(uniq_name a)
	NS2=$(uniq_name b)
	IF1=$(uniq_name x)
	IF2=$(uniq_name y)
	BR=$(uniq_name r)
	HOSTNS=""
	HOSTPORTS=""
	ip netns add "$NS1"
	ip netns add "$NS2"
}

teardown() {
	local n p
	kill_pids
	for p in $HOSTPORTS; do ip link del "$p" 2>/dev/null || true; done
	ip link del "$BR" 2>/dev/null || true
	for n in "$NS1" "$NS2" "${NS1}3" $HOSTNS; do
		ip netns del "$n" 2>/dev/null || true
	done
}

# The names of the links of a namespace (ip -n NS), one per line.
links_of() { ip -n "$1" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'; }

@test "join two namespaces with one command and ping across" {
	run "$NSX" connect "$NS1" "$NS2" --addr 10.1.1.1/24 --peer-addr 10.1.1.2/24
	assert_success
	assert_output "netns:$NS1 eth0 <-> netns:$NS2 eth0"
	run ip -n "$NS1" -o addr show dev eth0
	assert_output --partial "inet 10.1.1.1/24"
	run ip -n "$NS2" -o addr show dev eth0
	assert_output --partial "inet 10.1.1.2/24"
	run ip -n "$NS1" -d link show eth0
	assert_output --partial "veth"
	assert_output --partial ",UP,"
	run ip -n "$NS2" link show eth0
	assert_output --partial ",UP,"
	run "$NSX" -n -t "$NS1" ping -c1 -W1 10.1.1.2
	assert_success
	run "$NSX" -n -t "$NS2" ping -c1 -W1 10.1.1.1
	assert_success
}

@test "name both ends, set their MTU and a default route through the peer" {
	run "$NSX" connect "$NS1" "$NS2" --name "$IF1" --peer-name "$IF2" \
		--mtu 1400 --addr 10.2.2.1/24 --peer-addr 10.2.2.2/24 --gw 10.2.2.2
	assert_success
	assert_output "netns:$NS1 $IF1 <-> netns:$NS2 $IF2"
	run ip -n "$NS1" link show "$IF1"
	assert_output --partial "mtu 1400"
	run ip -n "$NS2" link show "$IF2"
	assert_output --partial "mtu 1400"
	run ip -n "$NS1" route show default
	assert_output "default via 10.2.2.2 dev $IF1 "
	run "$NSX" -n -t "$NS1" ping -c1 -W1 10.2.2.2
	assert_success
}

@test "connect over IPv6 with a default route" {
	run "$NSX" connect "$NS1" "$NS2" --addr fd00:7::1/64 --peer-addr fd00:7::2/64 \
		--gw fd00:7::2
	assert_success
	run ip -n "$NS1" -6 -o addr show dev eth0
	assert_output --partial "inet6 fd00:7::1/64"
	run ip -n "$NS2" -6 -o addr show dev eth0
	assert_output --partial "inet6 fd00:7::2/64"
	run ip -n "$NS1" -6 route show default
	assert_output --partial "default via fd00:7::2 dev eth0"
}

@test "choose end names that do not clash, even within one namespace" {
	run "$NSX" connect "$NS1" "$NS2"
	assert_output "netns:$NS1 eth0 <-> netns:$NS2 eth0"
	run "$NSX" connect "$NS1" "$NS2"
	assert_output "netns:$NS1 eth1 <-> netns:$NS2 eth1"
	run "$NSX" connect "$NS1" "$NS1"
	assert_success
	assert_output "netns:$NS1 eth2 <-> netns:$NS1 eth3"
	run ip -n "$NS1" -d link show eth2
	assert_output --partial "eth2@eth3"
}

@test "connect targets given by PID and by nsfs path" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" connect "$pid" "/run/netns/$NS2" --addr 10.3.3.1/24 \
		--peer-addr 10.3.3.2/24
	assert_success
	assert_output "pid $pid eth0 <-> /run/netns/$NS2 eth0"
	run nsenter -t "$pid" -n ip -o addr show dev eth0
	assert_output --partial "10.3.3.1/24"
	run "$NSX" -n -t "$pid" ping -c1 -W1 10.3.3.2
	assert_success
	run "$NSX" connect "/proc/$pid/ns/net" "$NS2" --name "$IF1"
	assert_success
	run nsenter -t "$pid" -n ip link show "$IF1"
	assert_success
}

@test "create the veth with each end in place, never moved" {
	ip -n "$NS2" monitor link >"$BATS_TEST_TMPDIR/mon2" 2>&1 &
	mon2=$!
	PIDS+=" $mon2"
	ip -n "$NS1" monitor link >"$BATS_TEST_TMPDIR/mon1" 2>&1 &
	mon1=$!
	PIDS+=" $mon1"
	wait_monitor "$mon1"
	wait_monitor "$mon2"
	run "$NSX" connect "$NS1" "$NS2" --name "$IF1" --peer-name "$IF2"
	assert_success
	for i in $(seq 100); do
		grep -q "$IF1" "$BATS_TEST_TMPDIR/mon1" &&
			grep -q "$IF2" "$BATS_TEST_TMPDIR/mon2" && break
		sleep 0.05
	done
	# Anything more (a move, a delete) would come with those.
	sleep 0.2
	kill_pids
	# Made in place, each end only ever appears in its own namespace.
	grep -q "$IF2" "$BATS_TEST_TMPDIR/mon2"
	grep -q "$IF1" "$BATS_TEST_TMPDIR/mon1"
	! grep -q "$IF1" "$BATS_TEST_TMPDIR/mon2"
	! grep -q "Deleted" "$BATS_TEST_TMPDIR/mon1" "$BATS_TEST_TMPDIR/mon2"
}

@test "wire three namespaces to a bridge; each pings the others and the bridge" {
	# The caller's namespace holds the bridge. It is one this test makes,
	# so its traffic stays out of the machine's own firewall and routes.
	HOSTNS=$(uniq_name h)
	ip netns add "$HOSTNS"
	ip netns exec "$HOSTNS" "$NSX" link add "$BR" type bridge
	ip netns exec "$HOSTNS" "$NSX" link set "$BR" up
	ip netns exec "$HOSTNS" "$NSX" addr add 172.17.0.1/16 dev "$BR"
	ip netns add "${NS1}3"
	i=1
	for ns in "$NS1" "$NS2" "${NS1}3"; do
		run ip netns exec "$HOSTNS" "$NSX" connect "$ns" --bridge "$BR" \
			--addr "172.17.0.10$i/16" --gw 172.17.0.1
		assert_success
		assert_output --regexp "^netns:$ns eth0 <-> nsx[0-9]+ on bridge $BR$"
		i=$((i + 1))
	done
	run ip -n "$HOSTNS" -o link show master "$BR"
	assert_equal "${#lines[@]}" 3
	for ns in "$NS1" "$NS2" "${NS1}3"; do
		run ip -n "$ns" route show default
		assert_output "default via 172.17.0.1 dev eth0 "
	done
	assert_ping_mesh 172.17.0 172.17.0.1 "$NS1" "$NS2" "${NS1}3"
}

@test "wire a namespace to a bridge in the host's own namespace" {
	"$NSX" link add "$BR" type bridge
	run "$NSX" connect "$NS1" --bridge "$BR" --addr 10.4.4.2/24
	assert_success
	port=$(echo "$output" | awk '{ print $4 }')
	HOSTPORTS="$port"
	assert_output "netns:$NS1 eth0 <-> $port on bridge $BR"
	assert_equal "$port" "nsx$(stat -L -c %i "/run/netns/$NS1")"
	run ip -o link show "$port"
	assert_output --partial "master $BR"
	assert_output --partial ",UP,"
	run ip -n "$NS1" -o addr show dev eth0
	assert_output --partial "10.4.4.2/24"
}

@test "leave nothing anywhere when the peer name exists in B" {
	ip -n "$NS2" link add "$IF2" type bridge
	before1=$(links_of "$NS1")
	run "$NSX" connect "$NS1" "$NS2" --name "$IF1" --peer-name "$IF2" \
		--addr 10.5.5.1/24
	assert_failure 1
	assert_output "nsx: connect: $IF2 already exists in netns:$NS2"
	assert_equal "$(links_of "$NS1")" "$before1"
	run ip -n "$NS2" -d -o link show "$IF2"
	assert_output --partial bridge
	run ip -o link show
	refute_output --partial "$IF1"
}

@test "undo every step when the default route cannot be added" {
	before1=$(links_of "$NS1")
	before2=$(links_of "$NS2")
	run "$NSX" connect "$NS1" "$NS2" --name "$IF1" --peer-name "$IF2" \
		--addr 10.6.6.1/24 --peer-addr 10.6.6.2/24 --gw 10.9.9.9
	assert_failure 1
	assert_output "nsx: connect: route add default via 10.9.9.9 dev $IF1: Nexthop has invalid gateway"
	assert_equal "$(links_of "$NS1")" "$before1"
	assert_equal "$(links_of "$NS2")" "$before2"
	run ip -n "$NS1" -o addr
	refute_output --partial 10.6.6.1
	run ip -n "$NS1" route
	assert_output ""
	run ip -o link show
	refute_output --partial "$IF1"
	refute_output --partial "$IF2"
}

@test "undo every step when a default route is already there" {
	"$NSX" connect "$NS1" "$NS2" --addr 10.7.7.1/24 --gw 10.7.7.2
	run "$NSX" connect "$NS1" "$NS2" --name "$IF1" --addr 10.8.8.1/24 --gw 10.8.8.2
	assert_failure 1
	assert_output --regexp "^nsx: connect: route add default via 10.8.8.2 dev $IF1: .*exists"
	run ip -n "$NS1" -o link show "$IF1"
	assert_failure
	run ip -n "$NS2" -o link show eth1
	assert_failure
	run ip -n "$NS1" route show default
	assert_output "default via 10.7.7.2 dev eth0 "
}

@test "undo the bridge port when a later step fails" {
	"$NSX" link add "$BR" type bridge
	run "$NSX" connect "$NS1" --bridge "$BR" --peer-name "$IF2" \
		--addr 10.9.9.1/24 --gw 10.10.10.10
	HOSTPORTS="$IF2"
	assert_failure 1
	assert_output --partial "Nexthop has invalid gateway"
	run ip -o link show master "$BR"
	assert_output ""
	run ip link show "$IF2"
	assert_failure
	assert_equal "$(links_of "$NS1")" "lo"
}

@test "refuse a bridge that is missing or not a bridge, changing nothing" {
	run "$NSX" connect "$NS1" --bridge "$BR"
	assert_failure 1
	assert_output "nsx: connect: bridge $BR: no such device"
	ip link add "$BR" type veth peer name "$IF2"
	HOSTPORTS="$IF2"
	run "$NSX" connect "$NS1" --bridge "$BR"
	assert_failure 1
	assert_output "nsx: connect: $BR is a veth, not a bridge"
	assert_equal "$(links_of "$NS1")" "lo"
}

@test "refuse bad input with one line and change nothing" {
	run "$NSX" connect "$NS1"
	assert_failure 2
	assert_output --partial "nsx: connect: missing target B (or --bridge BR)"
	run "$NSX" connect "$NS1" "$NS2" --bridge "$BR"
	assert_failure 2
	run "$NSX" connect "$NS1" --bridge "$BR" --peer-addr 10.1.1.2/24
	assert_failure 2
	run "$NSX" connect "$NS1" "$NS2" extra
	assert_failure 2
	run "$NSX" connect "$NS1" "$NS2" --bogus
	assert_failure 2
	run "$NSX" connect "$NS1" "$NS2" --addr 10.1.1/24
	assert_failure 1
	assert_output "nsx: --addr: 10.1.1/24: not an IPv4 or IPv6 address with prefix length"
	run "$NSX" connect "$NS1" "$NS2" --addr 10.1.1.1
	assert_failure 1
	assert_output "nsx: --addr 10.1.1.1: give a prefix length (e.g. 10.1.1.1/24)"
	run "$NSX" connect "$NS1" "$NS2" --gw 10.1.1.300
	assert_failure 1
	run "$NSX" connect "$NS1" "$NS2" --mtu 10
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	run "$NSX" connect "$NS1" "$NS2" --name a/b
	assert_failure 1
	run "$NSX" connect "$NS1" "$NS2" --name 0123456789abcdef
	assert_failure 1
	run "$NSX" connect "$NS1" "$NS2" --addr fd00::1/64 --gw 10.1.1.2
	assert_failure 1
	assert_output "nsx: connect: --gw and --addr are not of the same IP version"
	assert_equal "$(links_of "$NS1")" "lo"
	assert_equal "$(links_of "$NS2")" "lo"
}

@test "fail with one line and change nothing when a target is gone" {
	pid=$(start_ns_proc -n)
	kill "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
	run "$NSX" connect "$NS1" "$pid" --name "$IF1"
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	assert_output --regexp "^nsx: connect: .*(no such process|exited)"
	run "$NSX" connect "$NS1" "netns:${NS2}gone"
	assert_failure 1
	[ "${#lines[@]}" -eq 1 ]
	assert_equal "$(links_of "$NS1")" "lo"
	run ip -o link show
	refute_output --partial "$IF1"
}

@test "print help" {
	run "$NSX" connect --help
	assert_success
	assert_output --partial "nsx connect <A> --bridge <br>"
}
