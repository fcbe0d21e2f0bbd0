#!/usr/bin/env bats
# nsx reach: can A reach B, and if not, why. Each broken setup is checked
# with ping (or a TCP connect) from inside A, the cause nsx names is the
# one broken, and running the fix nsx prints makes the flow work again.

load helper
load net_helper

bats_require_minimum_version 1.5.0

setup() {
	PIDS="" HOSTRULES="" HOSTLINKS="" CONTAINER="" SU_DIR=""
}

teardown() {
	local r l
	kill_pids
	[ -z "$CONTAINER" ] || docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
	# Rules this test put in the host's tables, removed exactly.
	while IFS= read -r r; do
		[ -n "$r" ] && eval "iptables -D $r" 2>/dev/null
	done <<<"$HOSTRULES"
	for l in $HOSTLINKS; do ip link del "$l" 2>/dev/null || true; done
	[ -z "$SU_DIR" ] || rm -rf "$SU_DIR"
	mkns_cleanup
}

# Two namespaces $A and $B on a veth pair: 10.61.0.1/24 (va) and
# 10.61.0.2/24 (vb).
mk_pair() {
	A=$(mkns a)
	B=$(mkns b)
	ip -n "$A" link add va type veth peer name vb netns "$B"
	ip -n "$A" addr add 10.61.0.1/24 dev va
	ip -n "$B" addr add 10.61.0.2/24 dev vb
	ip -n "$A" link set va up
	ip -n "$B" link set vb up
}

# Namespaces $X $Y $Z, eth0 10.62.0.1-3/24, on bridge br0 of namespace
# $BRNS (ports px py pz).
mk_bridge() {
	local n i=1
	BRNS=$(mkns s)
	X=$(mkns x) Y=$(mkns y) Z=$(mkns z)
	ip -n "$BRNS" link add br0 type bridge
	ip -n "$BRNS" link set br0 up
	for n in X Y Z; do
		ip -n "$BRNS" link add "p${n,,}" type veth peer name eth0 netns "${!n}"
		ip -n "$BRNS" link set "p${n,,}" master br0 up
		ip -n "${!n}" addr add "10.62.0.$i/24" dev eth0
		ip -n "${!n}" link set eth0 up
		i=$((i + 1))
	done
}

# A client $C (10.63.1.2/24) behind router $R (lan0 10.63.1.1, up0
# 203.0.113.1/24, default via 203.0.113.2, forwarding, masquerading), an
# "internet" namespace $I (203.0.113.2/24) on the uplink. The host's own
# forwarding and tables are not touched: $R plays the host.
mk_nat() {
	C=$(mkns c) R=$(mkns r) I=$(mkns i)
	ip -n "$C" link add eth0 type veth peer name lan0 netns "$R"
	ip -n "$R" link add up0 type veth peer name eth0 netns "$I"
	ip -n "$C" addr add 10.63.1.2/24 dev eth0
	ip -n "$R" addr add 10.63.1.1/24 dev lan0
	ip -n "$R" addr add 203.0.113.1/24 dev up0
	ip -n "$I" addr add 203.0.113.2/24 dev eth0
	ip -n "$C" link set eth0 up
	ip -n "$R" link set lan0 up
	ip -n "$R" link set up0 up
	ip -n "$I" link set eth0 up
	ip -n "$C" route add default via 10.63.1.1
	ip -n "$R" route add default via 203.0.113.2
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$R" iptables -t nat -A POSTROUTING -s 10.63.1.0/24 -o up0 -j MASQUERADE
}

# Does ping from netns $1 reach $2 (within a few tries: links that just
# came up, neighbours being resolved)?
pings() {
	local _
	for _ in 1 2 3 4 5; do
		ip netns exec "$1" ping -c1 -W1 "$2" >/dev/null 2>&1 && return 0
	done
	return 1
}

# reach $1 $2 until it says yes, a few tries.
reach_yes() {
	local _
	for _ in 1 2 3 4 5; do
		"$NSX" reach -w 1 "$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	return 1
}

# nsx reach ARGS names exactly one cause, $1, whose fix is $2; ping from
# $3 to $4 fails before the fix and works after it, and so does reach.
one_cause() {
	local cause=$1 fix=$2 from=$3 to=$4
	shift 4
	! pings "$from" "$to"
	run "$NSX" reach -j -w 0.5 "$@"
	assert_failure 1
	echo "$output" | jq -e '.reachable == false' >/dev/null
	assert_equal "$(echo "$output" | jq -r '.findings | length')" 1
	assert_equal "$(echo "$output" | jq -r '.findings[0].cause')" "$cause"
	assert_equal "$(echo "$output" | jq -r '.findings[0].fix')" "$fix"
	run sh -c "$fix"
	assert_success
	pings "$from" "$to"
	reach_yes "$@"
}

@test "a veth pair that works: yes, exit 0, and the probe says what it did" {
	mk_pair
	pings "$A" 10.61.0.2
	run "$NSX" reach "$A" "$B"
	assert_success
	assert_line --index 0 "$A -> 10.61.0.2 ($B): yes"
	assert_line --index 1 --regexp '^probe: icmp echo from 10\.61\.0\.1: echo reply \([0-9]+ ms\)$'
	run "$NSX" reach -j "$A" 10.61.0.2
	assert_success
	echo "$output" | jq -e '.reachable and .probe.tried and .probe.answered and
		.probe.src == "10.61.0.1" and .probe.dst == "10.61.0.2" and
		(.findings | length) == 0' >/dev/null
}

@test "A's link down: named, and its fix works" {
	mk_pair
	ip -n "$A" link set va down
	one_cause link-down "ip -n $A link set va up" "$A" 10.61.0.2 "$A" "$B"
	[ "$(ip -n "$A" -j link show va | jq -r '.[0].operstate')" = UP ]
}

@test "the veth peer down in B: named in B" {
	mk_pair
	ip -n "$B" link set vb down
	one_cause link-down "ip -n $B link set vb up" "$A" 10.61.0.2 "$A" "$B"
}

@test "no route: the prefix route gone" {
	mk_pair
	ip -n "$A" route del 10.61.0.0/24
	one_cause no-route "ip -n $A route add 10.61.0.0/24 dev va" "$A" 10.61.0.2 "$A" "$B"
}

@test "another subnet on the same wire: an address in B's subnet is the fix" {
	mk_pair
	ip -n "$A" addr flush dev va
	ip -n "$A" addr add 10.99.0.1/24 dev va
	one_cause wrong-subnet "ip -n $A addr add 10.61.0.1/24 dev va" "$A" 10.61.0.2 "$A" "$B"
}

@test "a DROP rule in B's INPUT chain: the rule is named and deleted" {
	mk_pair
	ip netns exec "$B" iptables -A INPUT -p icmp -j DROP
	one_cause firewall-input "ip netns exec $B iptables -D INPUT -p icmp -j DROP" \
		"$A" 10.61.0.2 "$A" "$B"
	[ -z "$(ip netns exec "$B" iptables -S INPUT | grep DROP)" ]
}

@test "tcp: a closed port is refused, a listening one connects" {
	mk_pair
	run "$NSX" reach -j -w 0.5 "$A" "$B" --port 8080
	assert_failure 1
	echo "$output" | jq -e '.probe.kind == "tcp connect to port 8080" and
		.findings[0].cause == "port-closed" and .findings[0].fix == null' >/dev/null
	ip netns exec "$B" busybox nc -l -p 8080 </dev/null >/dev/null 2>&1 &
	PIDS+=" $!"
	for _ in $(seq 50); do
		ip netns exec "$B" ss -Hltn | grep -q ':8080 ' && break
		sleep 0.05
	done
	run "$NSX" reach "$A" "$B" -p 8080 --proto tcp
	assert_success
	assert_line --index 1 --partial "tcp connect to port 8080 from 10.61.0.1: connected"
}

@test "udp: a closed port is named; silence is no proof either way" {
	mk_pair
	run "$NSX" reach -j -w 0.3 "$A" "$B" -P udp -p 5353
	assert_failure 1
	echo "$output" | jq -e '.findings[0].cause == "port-closed"' >/dev/null
	ip netns exec "$B" iptables -A INPUT -p udp --dport 5353 -j DROP
	run "$NSX" reach -j -w 0.3 "$A" "$B" -P udp -p 5353
	assert_failure 1
	echo "$output" | jq -e '.probe.answered == false and
		.findings[0].cause == "firewall-input"' >/dev/null
	run "$NSX" reach -j -w 0.3 "$A" "$B" -P udp -p 5354
	assert_failure 1
}

@test "three namespaces on a bridge: yes, then a bridge port down" {
	mk_bridge
	run "$NSX" reach "$X" "$Y"
	assert_success
	ip -n "$BRNS" link set py down
	one_cause link-down "ip -n $BRNS link set py up" "$X" 10.62.0.2 "$X" "$Y"
	run "$NSX" reach "$X" "$Z"
	assert_success
}

@test "the bridge itself down is named before its ports" {
	mk_bridge
	ip -n "$BRNS" link set br0 down
	one_cause link-down "ip -n $BRNS link set br0 up" "$X" 10.62.0.3 "$X" "$Z"
}

@test "a bridge port out of the forwarding state" {
	mk_bridge
	[ "$(ip -n "$BRNS" -j link show pz | jq -r '.[0].operstate')" = UP ] || sleep 0.5
	ip netns exec "$BRNS" bridge link set dev pz state 0
	one_cause bridge-port "ip netns exec $BRNS bridge link set dev pz state 3" \
		"$X" 10.62.0.3 "$X" "$Z"
}

@test "bridge-netfilter with a FORWARD policy DROP in the bridge's namespace" {
	mk_bridge
	[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ] ||
		skip "br_netfilter is not loaded: bridged frames never see iptables"
	[ "$(ip netns exec "$BRNS" cat /proc/sys/net/bridge/bridge-nf-call-iptables)" = 1 ] ||
		skip "bridge-nf-call-iptables is 0 in a new namespace here"
	ip netns exec "$BRNS" iptables -P FORWARD DROP
	one_cause bridge-netfilter "ip netns exec $BRNS iptables -I FORWARD -i br0 -o br0 -j ACCEPT" \
		"$X" 10.62.0.2 "$X" "$Y"
	run "$NSX" reach -j "$X" "$Y"
	assert_success
}

@test "through a router with NAT: yes" {
	mk_nat
	pings "$C" 203.0.113.2
	run "$NSX" reach "$C" "$I"
	assert_success
	assert_line --index 0 "$C -> 203.0.113.2 ($I): yes"
}

@test "the router's ip_forward off" {
	mk_nat
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=0
	one_cause ip-forward "ip netns exec $R sysctl -w net.ipv4.ip_forward=1" \
		"$C" 203.0.113.2 "$C" "$I"
	[ "$(ip netns exec "$R" cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
}

@test "no masquerade for the private subnet leaving by the uplink" {
	mk_nat
	ip netns exec "$R" iptables -t nat -F POSTROUTING
	one_cause no-masquerade \
		"ip netns exec $R iptables -t nat -A POSTROUTING -s 10.63.1.0/24 -o up0 -j MASQUERADE" \
		"$C" 203.0.113.2 "$C" 203.0.113.2
}

@test "no default route in the client: the router is offered as gateway" {
	mk_nat
	ip -n "$C" route del default
	one_cause no-route "ip -n $C route add default via 10.63.1.1 dev eth0" \
		"$C" 203.0.113.2 "$C" "$I"
}

@test "a FORWARD rule dropping the flow in the router" {
	mk_nat
	ip netns exec "$R" iptables -A FORWARD -i lan0 -o up0 -j DROP
	one_cause firewall-forward "ip netns exec $R iptables -D FORWARD -i lan0 -o up0 -j DROP" \
		"$C" 203.0.113.2 "$C" "$I"
}

@test "an INPUT policy DROP in B behind the router" {
	mk_nat
	ip netns exec "$I" iptables -P INPUT DROP
	one_cause firewall-input "ip netns exec $I iptables -I INPUT -p icmp -j ACCEPT" \
		"$C" 203.0.113.2 "$C" "$I"
}

@test "every target kind: netns name, PID, nsfs path, address" {
	mk_pair
	ip netns exec "$A" sleep 600 &
	PIDS+=" $!"
	wait_exec "$!" sleep
	pid=$!
	run "$NSX" reach "$pid" "/run/netns/$B"
	assert_success
	assert_line --index 0 "$pid -> 10.61.0.2 (/run/netns/$B): yes"
	run "$NSX" reach "netns:$A" "path:/run/netns/$B"
	assert_success
	run "$NSX" reach -t "/proc/$pid/ns/net" 10.61.0.2
	assert_success
	[ "$(readlink "/proc/$pid/ns/net")" = "$(ip netns exec "$A" readlink /proc/self/ns/net)" ]
	# A broken link is named in the form of the target as given.
	ip -n "$A" link set va down
	run "$NSX" reach -j -w 0.3 "$pid" 10.61.0.2
	assert_failure 1
	assert_equal "$(echo "$output" | jq -r '.findings[0].fix')" "ip -n $A link set va up"
}

@test "a namespace with no name gets an nsx -n -t fix" {
	mk_pair
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	ip -n "$A" link add vc type veth peer name vd netns "$pid"
	ip -n "$A" addr add 10.64.0.1/24 dev vc
	ip -n "$A" link set vc up
	nsenter -t "$pid" -n ip addr add 10.64.0.2/24 dev vd
	run "$NSX" reach -j -w 0.3 "$A" "$pid"
	assert_failure 1
	assert_equal "$(echo "$output" | jq -r '.findings[0].fix')" "nsx -n -t $pid ip link set vd up"
	run env PATH="$(dirname "$NSX"):$PATH" sh -c "$(echo "$output" | jq -r '.findings[0].fix')"
	assert_success
	run "$NSX" reach "$A" "$pid"
	assert_success
}

@test "usage errors: one line, exit 2" {
	for args in "" "onlyone" "a b c" "-p 0 a b" "-p 70000 a b" "-P sctp a b" \
		"-P icmp -p 80 a b" "-P udp a b" "-w 0 a b" "-w x a b" "--bogus a b" "-p"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$NSX" reach $args
		assert_failure 2
		assert_output ""
		[ "${#stderr_lines[@]}" -eq 1 ]
		[[ $stderr == "nsx: "* ]]
	done
}

@test "a target that does not exist: one line, exit 1" {
	run --separate-stderr "$NSX" reach "$(uniq_name none)" 10.0.0.1
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "nsx: reach: "* ]]
}

@test "the help and the manual name every option" {
	run "$NSX" reach --help
	assert_success
	man=$(awk '$0 == ".Ss nsx reach" { on = 1; next } on && /^\.S[hs] / { exit } on' \
		"$BATS_TEST_DIRNAME/../man/nsx.1")
	for o in t:target p:port P:proto w:timeout j:json; do
		assert_output --partial -- "-${o%%:*}, --${o#*:}"
		grep -qF -- ".It Fl ${o%%:*} , Fl \\-${o#*:}" <<<"$man"
	done
}

@test "A to its own address with the loopback down" {
	A=$(mkns a)
	ip -n "$A" link add va type veth peer name vb
	ip -n "$A" addr add 10.70.0.1/24 dev va
	ip -n "$A" link set va up
	one_cause link-down "ip -n $A link set lo up" "$A" 10.70.0.1 "$A" 10.70.0.1
}

@test "reach changes nothing: links, routes, rules and sysctls stay as they were" {
	mk_nat
	# The kernel settles a veth's carrier a moment after it is up.
	for _ in $(seq 50); do
		ip -n "$R" link | grep -q NO-CARRIER || break
		sleep 0.1
	done
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=0
	before=$(for n in "$C" "$R" "$I"; do ip -n "$n" -j link; ip -n "$n" -j route
		ip netns exec "$n" iptables-save | sed '/^#/d'; done)
	run "$NSX" reach -w 0.3 "$C" "$I"
	assert_failure 1
	after=$(for n in "$C" "$R" "$I"; do ip -n "$n" -j link; ip -n "$n" -j route
		ip netns exec "$n" iptables-save | sed '/^#/d'; done)
	assert_equal "$after" "$before"
	[ "$(ip netns exec "$R" cat /proc/sys/net/ipv4/ip_forward)" = 0 ]
}

# dockerd up (tools/engines.sh, as engines.bats starts it), or a skip
# that says why.
need_dockerd() {
	sh "$BATS_TEST_DIRNAME/../tools/engines.sh" >"$BATS_TEST_TMPDIR/engines.log" 2>&1 || true
	docker info >/dev/null 2>&1 ||
		skip "dockerd does not run here: $(tail -1 "$BATS_TEST_TMPDIR/engines.log")"
}

@test "docker's FORWARD DROP on a bridge of our own in the host: named, our ACCEPT rule fixes it" {
	need_dockerd
	[ "$(iptables -S FORWARD | head -1)" = "-P FORWARD DROP" ] ||
		skip "dockerd left the FORWARD policy at ACCEPT here"
	[ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] ||
		skip "bridge-nf-call-iptables is not 1 in the host's namespace"
	BR=$(uniq_name r)
	HOSTLINKS="$BR"
	ip link add "$BR" type bridge
	ip link set "$BR" up
	X=$(mkns x) Y=$(mkns y) Z=$(mkns z)
	i=1
	for n in X Y Z; do
		p=$(uniq_name "p$i")
		HOSTLINKS+=" $p"
		ip link add "$p" type veth peer name eth0 netns "${!n}"
		ip link set "$p" master "$BR" up
		ip -n "${!n}" addr add "10.65.0.$i/24" dev eth0
		ip -n "${!n}" link set eth0 up
		i=$((i + 1))
	done
	rules_before=$(iptables -S | grep -v -- "-i $BR -o $BR")
	# The fix inserts this rule of ours; teardown deletes it.
	HOSTRULES="FORWARD -i $BR -o $BR -j ACCEPT"
	one_cause bridge-netfilter "iptables -I FORWARD -i $BR -o $BR -j ACCEPT" \
		"$X" 10.65.0.2 "$X" "$Y"
	run "$NSX" reach "$Y" "$Z"
	assert_success
	# docker's own rules are as they were.
	assert_equal "$(iptables -S | grep -v -- "-i $BR -o $BR")" "$rules_before"
}

@test "a container as A, by its name" {
	need_dockerd
	name=$(uniq_name web)
	CONTAINER=$name
	docker run -d --name "$name" "${NSX_ENGINE_IMAGE:-nsx-busybox:1}" sleep 600 >/dev/null ||
		skip "docker cannot start a container here"
	gw=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}' "$name")
	run "$NSX" reach -j "$name" "$gw"
	assert_success
	echo "$output" | jq -e --arg gw "$gw" '.reachable and .probe.dst == $gw' >/dev/null
}

@test "bash, zsh and fish complete reach's options, protocols and targets" {
	local comp=$BATS_TEST_DIRNAME/../completions
	A=$(mkns a)
	run bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$1"
		for line in "nsx reach --p" "nsx reach -P " "nsx reach $2" "nsx rea"; do
			COMP_LINE=$line COMP_POINT=${#line}
			read -ra COMP_WORDS <<<"$line"
			[[ $line == *" " ]] && COMP_WORDS+=("")
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMPREPLY=()
			_nsx
			echo "$line: ${COMPREPLY[*]}"
		done' bash "$comp/nsx.bash" "$A"
	assert_line "nsx reach --p: --port --proto"
	assert_line "nsx reach -P : icmp tcp udp"
	assert_line "nsx reach $A: $A"
	assert_line --regexp '^nsx rea: reach( |$)'
	run fish -c "source '$comp/nsx.fish'; complete -C 'nsx reach --pro'; complete -C 'nsx reach -P '; complete -C 'nsx rea'"
	assert_line --regexp '^--proto'
	assert_line --regexp '^udp'
	assert_line --regexp $'^reach\tcan A reach B'
	run timeout 30 zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$comp" "nsx reach --p"
	assert_output --partial "--proto"
	assert_output --partial "--port"
}

@test "the README's \"Why can't blue reach red?\" runs as written" {
	A=$(mkns b) B=$(mkns r)
	ip netns del "$A" && ip netns del "$B"
	script=$(awk '/^### Why can.t blue reach red/ { h = 1 } h && /^```sh$/ { on = 1; next }
		on && /^```$/ { exit } on' "$BATS_TEST_DIRNAME/../README.md" |
		sed -e "s/\\bblue\\b/$A/g" -e "s/\\bred\\b/$B/g")
	[ -n "$script" ]
	dir=$(mktemp -d)
	ln -s "$NSX" "$dir/nsx"
	run env PATH="$dir:$PATH" bash -euo pipefail -c "$script"
	rm -rf "$dir"
	assert_success
	assert_line "link-down: eth0 in $B is down; fix: ip -n $B link set eth0 up"
	assert_line "$A -> 10.1.1.2 ($B): yes"
	assert_line --regexp '^port-closed: 10\.1\.1\.2 .* answered tcp port 22 with a reset'
	[ ! -e "/run/netns/$A" ] && [ ! -e "/run/netns/$B" ]
}

@test "setuid: a granted user is answered from what the policy lets nsx see; others are refused" {
	local mnt su user=nobody group
	mnt=$(stat -L -c %i /proc/self/ns/mnt)
	[ "$mnt" = 4026531832 ] ||
		skip "outside the initial mount namespace a setuid nsx confines every caller"
	group=$(id -gn "$user")
	su=$(mktemp -d /tmp/nsx-reach.XXXXXX)
	SU_DIR=$su # removed by teardown
	chmod 755 "$su"
	mkdir -m 755 "$su/etc" "$su/bin"
	make -C "$BATS_TEST_DIRNAME/.." SETUID=1 SYSCONFDIR="$su/etc" OBJDIR="$su/build" \
		BIN="$su/nsx-build" "$su/nsx-build" >"$su/build.log" 2>&1
	install -o root -g root -m 4755 "$su/nsx-build" "$su/bin/nsx"
	mk_pair
	printf 'permit %s ns=net target=netns:%s\npermit %s ns=net target=netns:%s\n' \
		"$user" "$A" "$user" "$B" >"$su/etc/nsx.conf"
	chmod 644 "$su/etc/nsx.conf"
	as() { setpriv --reuid "$user" --regid "$group" --init-groups "$@"; }
	ip -n "$B" link set vb down
	run as "$su/bin/nsx" reach -j -w 0.3 "$A" "$B"
	assert_failure 1
	echo "$output" | jq -e --arg fix "ip -n $B link set vb up" '
		.findings[0].cause == "link-down" and .findings[0].fix == $fix' >/dev/null
	ip -n "$B" link set vb up
	# No raw socket and no ping group for the caller in A: the answer
	# comes from the walk alone, and says the rules were not read.
	pings "$A" 10.61.0.2
	run as "$su/bin/nsx" reach -j -w 0.3 "$A" "$B"
	assert_success
	echo "$output" | jq -e '.reachable and (.probe.tried | not) and
		(.probe.result | test("ping_group_range")) and
		(.note | test("firewall rules not read"))' >/dev/null
	# A namespace no rule grants is refused, in one line.
	C=$(mkns c)
	run --separate-stderr as "$su/bin/nsx" reach -w 0.3 "$A" "$C"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "nsx: reach: "*"not permitted"* ]]
}

@test "a gateway that does not answer ARP is named from the neighbour table" {
	mk_pair
	ip -n "$A" route add 10.68.0.0/24 via 10.61.0.9
	run "$NSX" reach -j -w 0.5 "$A" 10.68.0.1
	assert_failure 1
	echo "$output" | jq -e '.findings[0].cause == "neighbour" and
		.findings[0].fix == null and
		(.findings[0].detail | startswith("10.61.0.9 does not answer ARP on va"))' >/dev/null
	run ip -n "$A" neigh show 10.61.0.9 dev va
	assert_output --regexp 'INCOMPLETE|FAILED'
	# The gateway comes, and the flow goes.
	ip -n "$B" addr add 10.61.0.9/24 dev vb
	ip -n "$B" addr add 10.68.0.1/32 dev lo
	ip -n "$B" link set lo up
	ip -n "$B" route add 10.61.0.0/24 dev vb 2>/dev/null || true
	reach_yes "$A" 10.68.0.1
}

@test "strict rp_filter in B dropping a flow whose way back is another link" {
	mk_pair
	ip -n "$A" link add va2 type veth peer name vb2 netns "$B"
	ip -n "$A" addr add 10.69.0.1/24 dev va2
	ip -n "$B" addr add 10.69.0.2/24 dev vb2
	ip -n "$A" link set va2 up
	ip -n "$B" link set vb2 up
	ip -n "$B" route add 10.61.0.1/32 dev vb2
	ip netns exec "$B" sysctl -qw net.ipv4.conf.all.rp_filter=1
	one_cause rp-filter \
		"ip netns exec $B sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.vb.rp_filter=2" \
		"$A" 10.61.0.2 "$A" "$B"
}

@test "bridge ports in different VLANs" {
	mk_bridge
	ip -n "$BRNS" link set br0 type bridge vlan_filtering 1 2>/dev/null ||
		skip "this kernel's bridge cannot filter VLANs (CONFIG_BRIDGE_VLAN_FILTERING)"
	bridge -n "$BRNS" vlan add dev pz vid 20 pvid untagged
	bridge -n "$BRNS" vlan del dev pz vid 1
	one_cause bridge-vlan "ip netns exec $BRNS bridge vlan add dev pz vid 1 pvid untagged" \
		"$X" 10.62.0.3 "$X" "$Z"
}

@test "IPv6: yes on a veth pair, and an ip6tables DROP rule in B named" {
	mk_pair
	ip -n "$A" addr add fd00:61::1/64 dev va nodad
	ip -n "$B" addr add fd00:61::2/64 dev vb nodad
	# Neighbour discovery waits for the link-local addresses' DAD.
	for _ in $(seq 50); do
		ip netns exec "$A" ping -6 -c1 -W1 fd00:61::2 >/dev/null 2>&1 && break
		sleep 0.1
	done
	run "$NSX" reach -j "$A" fd00:61::2
	assert_success
	echo "$output" | jq -e '.probe.src == "fd00:61::1" and .probe.answered' >/dev/null
	ip netns exec "$B" ip6tables -A INPUT -p ipv6-icmp -j DROP
	one_cause firewall-input "ip netns exec $B ip6tables -D INPUT -p ipv6-icmp -j DROP" \
		"$A" fd00:61::2 "$A" fd00:61::2
}

@test "a source B has no route back to" {
	mk_pair
	ip -n "$A" addr add 10.71.0.1/32 dev va
	ip -n "$A" route add 10.61.0.2/32 dev va src 10.71.0.1
	one_cause no-route-back "ip -n $B route add 10.71.0.1 dev vb" "$A" 10.61.0.2 "$A" "$B"
}

@test "conntrack and physdev matches are read as a new bridged flow meets them" {
	mk_bridge
	[ "$(ip netns exec "$BRNS" cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] ||
		skip "bridge-nf-call-iptables is not 1 in a new namespace here"
	ip netns exec "$BRNS" iptables -P FORWARD DROP
	ip netns exec "$BRNS" iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
	ip netns exec "$BRNS" iptables -A FORWARD -m physdev --physdev-in px --physdev-out pz -j ACCEPT
	ip netns exec "$BRNS" iptables -A FORWARD -m physdev --physdev-in pz --physdev-out px -j ACCEPT
	pings "$X" 10.62.0.3
	run "$NSX" reach "$X" "$Z"
	assert_success
	# Y's port is let through by no rule: the policy drops the flow.
	one_cause bridge-netfilter "ip netns exec $BRNS iptables -I FORWARD -i br0 -o br0 -j ACCEPT" \
		"$X" 10.62.0.2 "$X" "$Y"
}

@test "a DROP rule for new flows in B's INPUT chain" {
	mk_pair
	ip netns exec "$B" iptables -A INPUT -m conntrack --ctstate INVALID -j DROP
	ip netns exec "$B" iptables -A INPUT -p icmp -m conntrack --ctstate NEW -j DROP
	one_cause firewall-input \
		"ip netns exec $B iptables -D INPUT -p icmp -m conntrack --ctstate NEW -j DROP" \
		"$A" 10.61.0.2 "$A" "$B"
}
