# Network namespaces for the bats files of link, addr, route, connect and
# batch; load it after helper.

# A network namespace of this test's own, removed by mkns_cleanup.
# Called as ns=$(mkns a), in a subshell: the name is kept in a file.
mkns() {
	local n
	n=$(uniq_name "$1")
	echo "$n" >>"$BATS_TEST_TMPDIR/netns"
	ip netns add "$n"
	echo "$n"
}

# Remove every namespace mkns made in this test.
mkns_cleanup() {
	local n
	[ -f "$BATS_TEST_TMPDIR/netns" ] || return 0
	while read -r n; do
		ip netns del "$n" 2>/dev/null || true
	done <"$BATS_TEST_TMPDIR/netns"
}

# The names of the links ip sees in netns $1, sorted, one line.
ip_links() {
	ip -n "$1" -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort | tr '\n' ' '
}

# The namespace NS with a veth pair DEV - PEER in it, all named for this
# test; the caller's teardown removes NS.
mk_veth_ns() {
	NS=$(uniq_name n)
	DEV=$(uniq_name a)
	PEER=$(uniq_name b)
	ip netns add "$NS"
	ip -n "$NS" link add "$DEV" type veth peer name "$PEER"
}

# Each of three namespaces $3 $4 $5 pings the other two at $1.101, $1.102
# and $1.103 (the Nth at $1.10N), and with $2 not "" the address $2 too.
assert_ping_mesh() {
	local net=$1 extra=$2 i j
	shift 2
	for i in 1 2 3; do
		for j in 1 2 3; do
			[ "$i" = "$j" ] && continue
			run "$NSX" -n -t "${!i}" ping -c1 -W2 "$net.10$j"
			assert_success
		done
		if [ -n "$extra" ]; then
			run "$NSX" -n -t "${!i}" ping -c1 -W2 "$extra"
			assert_success
		fi
	done
}

# nsx CMD -t $NS $2 prints the JSON ip -n $NS $3 prints. Addresses and
# routes change while IPv6 duplicate address detection finishes, so the
# answer counts once ip gives the same before and after nsx.
same_json_as_ip() {
	local cmd=$1 a b _
	for _ in 1 2 3 4 5 6; do
		# shellcheck disable=SC2086
		a=$(ip -n "$NS" $3 | jq -c .)
		# shellcheck disable=SC2086
		b=$("$NSX" "$cmd" -t "$NS" $2 | jq -c .)
		# shellcheck disable=SC2086
		[ "$a" = "$(ip -n "$NS" $3 | jq -c .)" ] && break
		sleep 0.5
	done
	[ "$a" = "$b" ] || { echo "nsx: $b"; echo "ip:  $a"; return 1; }
}
