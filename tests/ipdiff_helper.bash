# Differential runs of nsx against ip, for the bats files that compare
# them; load it after helper and net_helper. The caller's setup makes
# twin namespaces $A and $B (mkns) and $OUT for the far ends of veths,
# sets PIDS="", and its teardown runs kill_pids and mkns_cleanup.

# A file's setup and teardown: the twins $A and $B, and $OUT where the
# far ends of veths go; the processes in PIDS and the namespaces are
# removed after each test, failed or not.
twins_setup() {
	PIDS=""
	A=$(mkns a)
	B=$(mkns b)
	OUT=$(mkns o)
}

twins_cleanup() {
	kill_pids
	mkns_cleanup
}

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
		# A type's data without what differs by chance: timers, and
		# the ids and roots that hold a random MAC address.
		ip -n "$1" -j -d link show | jq -c 'def steady: if . == null
			then null else with_entries(select(.key |
			test("timer|bridge_id|root_id|designated_") | not)) end;
			map({ifname, mtu, flags,
			operstate, group, master, link, txqlen, ifalias, altnames,
			kind: .linkinfo.info_kind, vni: .linkinfo.info_data.id?,
			address: (if (.address // "" | startswith("02:a5:a5"))
				  then .address else null end),
			promiscuity, allmulti, num_tx_queues, num_rx_queues,
			slave_kind: .linkinfo.info_slave_kind,
			data: (.linkinfo.info_data // null | steady),
			slave_data: (.linkinfo.info_slave_data // null | steady)})'
		# Addresses, not the IPv6 link-local ones a link gets from its
		# random MAC; "label" spelt out: a keyword of jq 1.6.
		ip -n "$1" -j addr show | jq -c 'map({ifname, addr: [.addr_info[] |
			select(.local | startswith("fe80:") | not) |
			{local, prefixlen, scope, "label": .label, broadcast}]})'
		ip -n "$1" -j addr show | jq -c "$ADDR_MORE"
		ip -n "$1" -j route show table all | jq -c 'map(del(.expires) |
			select(.dst | test("^fe80::.") | not))'
	} | jq -sc .
}

# What addr's words change beyond the fields above: the peer, the metric,
# the flags (but tentative, which ends when duplicate address detection
# does) and whether the lifetimes are finite (they tick).
# shellcheck disable=SC2016
ADDR_MORE='def lft: if . == 4294967295 then "forever" else "finite" end;
	map({ifname, more: [.addr_info[] | select(.local | startswith("fe80:") |
	not) | {local, address, metric,
	flags: (to_entries | map(select(.value == true) | .key) - ["tentative"]),
	valid: (.valid_life_time | lft), preferred: (.preferred_life_time | lft)}]})'

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
# another namespace, a bridge with a port, a vxlan, a macvlan and a
# macvtap, an ifb, an altname, an alias, a group; IPv4 and IPv6
# addresses; multipath, metric, tos, protocol and IPv6 routes with a
# lifetime, two tables.
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
	"${c[@]}" link add mt0 link p0 type macvtap mode vepa
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
	dad_done "$RICH"
}

# Until IPv6 has checked the addresses of $1 (no longer tentative), so
# that two listings one after the other see the same.
dad_done() {
	for _ in $(seq 50); do
		ip -n "$1" addr | grep -q tentative || return 0
		sleep 0.1
	done
}
