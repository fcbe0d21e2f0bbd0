#!/usr/bin/env bats
# nsx route against ip route, word by word: each change runs through
# `ip -n A` and `nsx route -t B` on twin namespaces and must leave the
# same routes (ip -j route show table all), with the same exit status;
# listings and get run through both on one namespace.

load helper
load net_helper
load ipdiff_helper

setup() {
	twins_setup
	for ns in "$A" "$B"; do
		ip -n "$ns" link set lo up
		ip -n "$ns" link add v0 type veth peer name v1
		ip -n "$ns" link add w0 type veth peer name w1
		# No link-local addresses: they would differ between twins.
		for l in v0 v1 w0 w1; do
			ip -n "$ns" link set "$l" addrgenmode none
			ip -n "$ns" link set "$l" up
		done
		ip -n "$ns" addr add 10.20.0.1/24 dev v0
		ip -n "$ns" addr add 10.21.0.1/24 dev w0
		ip -n "$ns" addr add fd20::1/64 dev v0 nodad
		ip -n "$ns" addr add fd21::1/64 dev w0 nodad
	done
}

teardown() {
	twins_cleanup
}

@test "route types are ip's: blackhole, unreachable, prohibit, throw, local, broadcast, multicast, unicast" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add blackhole 10.40.0.0/24
	|route|add unreachable 10.41.0.0/24 metric 5
	|route|add prohibit 10.42.0.0/24
	|route|add throw 10.43.0.0/24 table 100
	|route|add local 10.44.0.1 dev v0
	|route|add broadcast 10.45.0.255 dev v0
	|route|add multicast 239.1.0.0/16 dev v0
	|route|add unicast 10.46.0.0/24 dev v0
	|route|add anycast 10.47.0.1 dev v0
	|route|add nat 10.48.0.0/24 via 10.20.0.2
	-6|route|add blackhole fd40::/64
	-6|route|add unreachable fd41::/64
	-6|route|add prohibit fd42::/64
	|route|del blackhole 10.40.0.0/24
	|route|del unreachable 10.41.0.0/24 metric 5
	|route|del local 10.44.0.1 dev v0
	-6|route|del prohibit fd42::/64
	EOF
}

@test "nexthop groups with weight and onlink, and append, prepend, change, replace" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add 10.50.0.0/24 nexthop via 10.20.0.2 dev v0 weight 1 nexthop via 10.21.0.2 dev w0 weight 3
	|route|add 10.51.0.0/24 nexthop via 10.99.0.2 dev v0 onlink nexthop via 10.21.0.2 dev w0
	|route|add 10.52.0.0/24 nexthop via 10.20.0.2 weight 256 nexthop via 10.20.0.3 nexthop via 10.21.0.2
	-6|route|add fd50::/64 nexthop via fd20::2 dev v0 nexthop via fd21::2 dev w0 weight 2
	|route|add 10.53.0.0/24 via 10.20.0.2
	|route|append 10.53.0.0/24 via 10.21.0.2 metric 7
	|route|prepend 10.54.0.0/24 via 10.20.0.2
	|route|change 10.53.0.0/24 via 10.21.0.2
	|route|replace 10.52.0.0/24 via 10.20.0.9
	|route|replace 10.55.0.0/24 dev w0
	|route|change 10.99.0.0/24 via 10.20.0.2
	-6|route|append fd51::/64 via fd20::2
	-6|route|append fd51::/64 via fd21::2 dev w0
	|route|del 10.50.0.0/24
	|route|add 10.56.0.0/24 nexthop via 10.20.0.2 dev nosuch0
	|route|add 10.56.0.0/24 nexthop
	|route|add 10.56.0.0/24 nexthop via 10.20.0.2 weight 0
	|route|add 10.56.0.0/24 nexthop via 10.20.0.2 weight 257
	EOF
}

@test "proto, scope, metric, preference, priority, tos, dsfield, src, onlink, via inet6" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add 10.60.0.0/24 via 10.20.0.2 proto static
	|route|add 10.60.1.0/24 via 10.20.0.2 proto bird
	|route|add 10.60.2.0/24 via 10.20.0.2 protocol 77
	|route|add 10.60.3.0/24 via 10.20.0.2 proto gated
	|route|add 10.60.4.0/24 via 10.20.0.2 proto 0x10
	|route|add 10.60.5.0/24 via 10.20.0.2 proto nosuchproto
	|route|add 10.61.0.0/24 dev v0 scope host
	|route|add 10.61.1.0/24 dev v0 scope 200
	|route|add 10.61.2.0/24 via 10.20.0.2 scope link
	|route|add 10.61.3.0/24 dev v0 scope nosuch
	|route|add 10.62.0.0/24 via 10.20.0.2 metric 10
	|route|add 10.62.0.0/24 via 10.20.0.2 preference 11
	|route|add 10.62.0.0/24 via 10.20.0.2 priority 12
	|route|add 10.63.0.0/24 via 10.20.0.2 tos 0x10
	|route|add 10.63.1.0/24 via 10.20.0.2 dsfield AF11
	|route|add 10.63.2.0/24 via 10.20.0.2 tos zz
	|route|add 10.64.0.0/24 via 10.20.0.2 src 10.20.0.1
	|route|add 10.64.1.0/24 via 10.20.0.2 src 10.9.9.9
	|route|add 10.65.0.0/24 via 10.99.0.1 dev v0 onlink
	|route|add 10.65.1.0/24 via 10.99.0.1 dev v0
	|route|add 10.66.0.0/24 via inet6 fd20::2 dev v0
	|route|add 10.66.1.0/24 via inet 10.20.0.2
	|route|add 10.66.2.0/24 via fd20::2
	-6|route|add 10.66.3.0/24 dev v0
	|route|add 10.67.0.0/24 via 10.20.0.2 via 10.20.0.3
	|route|del 10.62.0.0/24 metric 11
	|route|del 10.60.0.0/24 proto static
	|route|del 10.63.0.0/24 tos 0x10
	EOF
}

@test "defaults and families as ip chooses them, and deleting by each word" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add default dev v0
	-6|route|add default dev v0
	|route|add default via fd20::2
	|route|add ::/0 via fd21::2 metric 5
	|route|add 10.68.0.0/24 dev v0 table 0
	|route|add 10.68.1.0/24 via 10.20.0.2 metric 1 metric 2
	|route|add 10.68.2.0/24 via 10.20.0.2 expires 30
	|route|add 10.68.3.0/24 via 10.20.0.2 pref high
	-6|route|add fd68::/64 dev v0 scope link
	-6|route|add fd68:1::/64 via fd20::2 proto kernel
	|route|add 10.68.4.0/24 via 10.20.0.2 table all
	|route|change 10.68.9.0/24 via 10.20.0.2
	|route|add to 10.68.5.0/24 via 10.20.0.2 proto 4 scope 0 type unicast
	|route|add to unicast 10.68.6.0/24 via 10.20.0.2
	|route|add all via 10.20.0.9 metric 9
	|route|del default
	-6|route|del default dev v0
	|route|del 10.68.1.0/24 via 10.20.0.2
	|route|del 10.68.5.0/24 proto static scope global
	|route|del 10.68.4.0/24
	|route|del 10.68.6.0/24 table 100
	|route|del 10.68.0.0/24 dev w0
	|route|lst table all
	|route|delete 10.68.0.0/24
	EOF
}

@test "metrics: mtu lock and every other, rtt units, features, congctl" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add 10.70.0.0/24 via 10.20.0.2 mtu 1300
	|route|add 10.70.1.0/24 via 10.20.0.2 mtu lock 1280
	|route|add 10.70.2.0/24 via 10.20.0.2 advmss 1000 window 2000 reordering 4 hoplimit 33
	|route|add 10.70.3.0/24 via 10.20.0.2 rtt 100 rttvar 50
	|route|add 10.70.4.0/24 via 10.20.0.2 rtt 1.5s rttvar 20ms rto_min 300ms
	|route|add 10.70.5.0/24 via 10.20.0.2 initcwnd 10 initrwnd 20 cwnd 5 ssthresh lock 7
	|route|add 10.70.6.0/24 via 10.20.0.2 features ecn quickack 1 fastopen_no_cookie 1
	|route|add 10.70.7.0/24 via 10.20.0.2 congctl reno
	|route|add 10.70.8.0/24 via 10.20.0.2 congctl lock cubic
	|route|add 10.70.9.0/24 via 10.20.0.2 hoplimit 256
	|route|add 10.70.9.0/24 via 10.20.0.2 quickack 2
	|route|add 10.70.9.0/24 via 10.20.0.2 mtu abc
	|route|add 10.70.9.0/24 via 10.20.0.2 features
	|route|add 10.70.9.0/24 via 10.20.0.2 rtt 5min
	-6|route|add fd70::/64 via fd20::2 mtu 1400 hoplimit 10
	EOF
}

@test "IPv6 pref and expires, realms, tables by number and by name" {
	ip netns exec "$A" true
	NO_OUT=1 run_table <<-'EOF'
	-6|route|add fd80::/64 via fd20::2 pref high
	-6|route|add fd81::/64 via fd20::2 pref low
	-6|route|add fd82::/64 via fd20::2 pref medium
	-6|route|add fd83::/64 via fd20::2 pref bogus
	-6|route|add fd84::/64 via fd20::2 expires 300
	|route|add 10.80.0.0/24 via 10.20.0.2 realm 5
	|route|add 10.80.1.0/24 via 10.20.0.2 realms 3/4
	|route|add 10.80.2.0/24 via 10.20.0.2 realm cosmos
	|route|add 10.81.0.0/24 via 10.20.0.2 table 100
	|route|add 10.81.1.0/24 via 10.20.0.2 table 70000
	|route|add 10.81.2.0/24 via 10.20.0.2 table default
	|route|add 10.81.3.0/24 via 10.20.0.2 table main
	|route|add 10.81.4.0/24 via 10.20.0.2 table nosuchtable
	|route|add 10.81.5.0/24 via 10.20.0.2 table local
	-6|route|add fd85::/64 via fd20::2 table 200
	|route|del 10.81.0.0/24 table 100
	EOF
}

@test "a table named in rt_tables.d is read by name and printed by name" {
	[ -w /etc/iproute2/rt_tables.d ] || skip "/etc/iproute2/rt_tables.d is not writable"
	conf=/etc/iproute2/rt_tables.d/nsx-test-$$.conf
	echo "173 nsxt$$" >"$conf"
	NO_OUT=1 run_table <<-EOF || { rm -f "$conf"; false; }
	|route|add 10.82.0.0/24 via 10.20.0.2 table nsxt$$
	EOF
	out=$(show_one -j route show table all)
	rm -f "$conf"
	echo "$out" | sed '$d' | jq -e ".[] | select(.dst == \"10.82.0.0/24\") | .table == \"nsxt$$\""
}

# Both tools on namespace B: output and status.
show_one() {
	local opts=() want got
	while [ "${1#-}" != "$1" ]; do opts+=("$1"); shift; done
	want=$(ip -n "$B" "${opts[@]}" "$@" 2>/dev/null; echo "rc=$?")
	got=$("$NSX" "$1" -t "$B" "${opts[@]}" "${@:2}" 2>/dev/null; echo "rc=$?")
	[ "$want" = "$got" ] || {
		echo "case: ${opts[*]} $*" >&2
		diff <(echo "$want") <(echo "$got") >&2
		return 1
	}
	echo "$want"
}

mk_routes() {
	for ns in "$A" "$B"; do
		ip -n "$ns" route add 10.90.0.0/24 via 10.20.0.2 proto static metric 5
		ip -n "$ns" route add 10.90.1.0/24 via 10.21.0.2 tos 0x10
		ip -n "$ns" route add 10.90.3.0/24 via 10.21.0.2 dsfield AF11
		ip -n "$ns" route add 10.90.0.0/16 via 10.21.0.2 proto bird
		ip -n "$ns" route add 10.90.2.0/24 dev v0 scope link src 10.20.0.1
		ip -n "$ns" route add blackhole 10.91.0.0/24
		ip -n "$ns" route add unreachable 10.92.0.0/24 table 100
		ip -n "$ns" route add 10.93.0.0/24 via 10.20.0.2 table 100
		ip -n "$ns" route add default via 10.20.0.2 metric 100
		ip -n "$ns" -6 route add fd90::/64 via fd20::2 proto static
		ip -n "$ns" -6 route add fd91::/64 via fd21::2 table 100
		ip -n "$ns" -6 route add fd92::/64 via fd21::2 pref high mtu lock 1400
		ip -n "$ns" route add 10.95.0.0/24 via inet6 fd20::2 dev v0
		ip -n "$ns" route add 10.96.0.0/24 via 10.20.0.2 rtt 1.5s rttvar 20ms \
			rto_min 300ms features ecn congctl lock cubic realms 3/4
		ip -n "$ns" route add 10.97.0.0/24 nexthop via 10.20.0.2 dev v0 realms 5 \
			nexthop via inet6 fd20::3 dev v0 weight 4
		ip -n "$ns" route add 10.98.0.0/24 via 10.20.0.2 table 70000
	done
}

@test "show -j with ip's selectors prints what ip prints" {
	mk_routes
	n=0
	while IFS='|' read -r opts args; do
		# shellcheck disable=SC2086
		RICH=$B show_case "$n" "" "$opts" route $args
		n=$((n + 1))
	done <<-'EOF'
	-j|show
	-j|list
	-j|show table all
	-j|show table 100
	-j|show table 70000
	-j|show via inet6 fd20::2
	-j|show table main
	-j|show table local
	-6 -j|show
	-6 -j|show table all
	-4 -j|show table all
	-j|show dev v0
	-j|show oif w0
	-j|show proto static
	-j|show proto bird
	-j|show proto all
	-j|show scope link
	-j|show scope global
	-j|show type blackhole
	-j|show type unicast table all
	-j|show type unreachable table 100
	-j|show tos 0x10
	-j|show tos AF11
	-j|show metric 5
	-j|show via 10.20.0.2
	-j|show src 10.20.0.1
	-j|show 10.90.0.0/24
	-j|show to 10.90.0.0/16
	-j|show root 10.90.0.0/16
	-j|show to root 10.90.0.0/16
	-j|show match 10.90.0.5
	-j|show to match 10.90.1.0/24
	-j|show exact 10.90.0.0/24
	-j|show default
	-j|show all
	-j|show to any
	-j|show root default
	-j|show match default
	-6 -j|show root fd90::/16
	-6 -j|show via fd20::2
	-j|show table 100 type unreachable
	-j|show dev v0 proto static metric 5
	EOF
}

# More routes for the text: every metric, each type, onlink, a
# lifetime (its seconds left out when compared).
mk_more_routes() {
	for ns in "$A" "$B"; do
		ip -n "$ns" route add 10.99.0.0/24 via 10.20.0.2 mtu 1300 \
			advmss 1000 window 2000 reordering 4 hoplimit 33 \
			initcwnd 10 initrwnd 20 cwnd 5 ssthresh lock 7 \
			quickack 1 fastopen_no_cookie 1 rtt 100 rttvar 50 \
			congctl reno
		ip -n "$ns" route add prohibit 10.99.1.0/24
		ip -n "$ns" route add throw 10.99.2.0/24
		ip -n "$ns" route add unreachable 10.99.3.0/24 metric 3
		ip -n "$ns" route add 10.99.4.0/24 via 10.88.0.1 dev w0 onlink
		ip -n "$ns" route add 10.99.5.0/24 via 10.20.0.2 realm 6
		ip -n "$ns" -6 route add fd93::/64 via fd20::2 expires 300
		ip -n "$ns" -6 route add fd94::/64 via fd20::2 pref low
		ip -n "$ns" -6 route add fd95::/64 pref high nexthop via fd20::2 \
			dev v0 nexthop via fd21::2 dev w0 weight 3
		ip -n "$ns" -6 route add fd96::/64 via fd20::2 features ecn \
			mtu lock 1300 rto_min 2s
	done
}

# Both tools' text on B, the seconds of a lifetime left out.
show_text() {
	local opts=$1 want got
	shift
	# shellcheck disable=SC2086
	want=$(ip -n "$B" $opts route "$@" 2>&1 | sed -E 's/expires [0-9]+sec/expires Nsec/; s/"expires": ?[0-9]+/"expires":N/')
	# shellcheck disable=SC2086
	got=$("$NSX" route -t "$B" $opts "$@" 2>&1 | sed -E 's/expires [0-9]+sec/expires Nsec/; s/"expires": ?[0-9]+/"expires":N/')
	[ "$want" = "$got" ] || {
		echo "case: $opts route $*"
		diff <(echo "$want") <(echo "$got")
		return 1
	}
}

@test "show prints ip's text, with -o and -d, for each selector" {
	mk_routes
	mk_more_routes
	while IFS='|' read -r args; do
		for opts in "" -o -d "-d -o" -j "-d -j" "-p -j"; do
			# shellcheck disable=SC2086
			show_text "$opts" $args
		done
	done <<-'EOF'
	show
	list
	show table all
	show table 100
	show table 70000
	show table main
	show table local
	show via inet6 fd20::2
	show dev v0
	show oif w0
	show proto static
	show proto bird
	show proto all
	show scope link
	show scope global
	show type blackhole
	show type unicast table all
	show type unreachable table 100
	show type prohibit
	show type throw
	show tos 0x10
	show tos AF11
	show metric 5
	show via 10.20.0.2
	show src 10.20.0.1
	show 10.90.0.0/24
	show to 10.90.0.0/16
	show root 10.90.0.0/16
	show to root 10.90.0.0/16
	show match 10.90.0.5
	show to match 10.90.1.0/24
	show exact 10.90.0.0/24
	show default
	show all
	show root default
	show 10.99.0.0/24
	show 10.99.4.0/24
	show table 100 type unreachable
	show dev v0 proto static metric 5
	EOF
	for opts in -6 "-6 -o" "-6 -d" "-6 -d -o" "-6 -j" "-6 -p -j"; do
		for args in show "show table all" "show root fd90::/16" \
			"show via fd20::2" "show dev v0"; do
			# shellcheck disable=SC2086
			show_text "$opts" $args
		done
	done
}

@test "show and flush in a namespace without routes: main is empty, other tables do not exist" {
	for ns in "$A" "$B"; do
		ip -n "$ns" link del v0
		ip -n "$ns" link del w0
		ip -n "$ns" link set lo down
		ip -n "$ns" route flush table all
	done
	NO_OUT=1 run_table <<-'EOF'
	|route|show table main
	-j|route|show
	|route|show table 100
	|route|flush table main
	|route|flush table local
	EOF
}

@test "show and flush with bad selectors fail as ip does" {
	NO_OUT=1 run_table <<-'EOF'
	|route|show dev nosuch0
	|route|show table nosuchtable
	|route|show proto nosuchproto
	|route|show scope nosuch
	|route|show type nosuch
	|route|show metric abc
	|route|show tos zz
	|route|show to fd00::/8 table all
	-6|route|show 10.0.0.0/8
	|route|flush
	|route|flush dev nosuch0
	|route|show table 123
	-6|route|show table 123
	|route|show table default
	|route|flush table 123
	EOF
}

@test "flush with selectors removes what ip removes" {
	mk_routes
	NO_OUT=1 run_table <<-'EOF'
	|route|flush proto static
	|route|flush table 100
	|route|flush root 10.90.0.0/16
	-6|route|flush dev v0
	|route|flush type blackhole
	|route|flush 10.90.0.0/16
	|route|flush via 10.21.0.2
	|route|flush match 10.90.2.7 scope link
	-6|route|flush table all
	|route|flush table main
	|route|flush table all
	EOF
}

@test "route get prints what ip route get prints, text and -j" {
	mk_routes
	for ns in "$A" "$B"; do
		ip -n "$ns" route add 10.94.0.0/24 via 10.20.0.2 mtu 1300
	done
	n=0
	while IFS='|' read -r opts args; do
		# shellcheck disable=SC2086
		RICH=$B show_case "$n" "" "$opts" route $args
		n=$((n + 1))
	done <<-'EOF'
	|get 10.20.0.5
	-j|get 10.20.0.5
	|get 10.94.0.9
	-j|get 10.94.0.9
	|get 10.90.0.9
	-j|get 10.90.0.9 fibmatch
	|get 10.90.0.9 fibmatch
	|get to 10.20.0.1
	-j|get 10.20.0.1
	|get 127.0.0.1
	|get 10.94.0.9 from 10.20.0.1
	-j|get 10.94.0.9 from 10.20.0.1
	|get 10.94.0.9 mark 5
	-j|get 10.94.0.9 mark 5
	|get 10.94.0.9 tos 0x10
	|get 10.20.0.5 oif v0
	|get 10.20.0.5 dev w0
	|get 10.20.0.5 iif v1 from 10.20.0.9
	-j|get 10.20.0.5 iif v1 from 10.20.0.9
	|get fd20::5
	-j|get fd20::5
	-6 -j|get fd20::1
	|get 8.8.8.8
	|get 10.90.3.1 tos AF11 fibmatch
	-j|get 10.90.3.1 dsfield AF11 fibmatch
	|get any
	-j|get default
	|get 10.95.0.1
	-j|get 10.95.0.1 fibmatch
	|get 10.96.0.1
	-j|get 10.96.0.1
	|get 10.96.0.1 fibmatch
	-j|get 10.96.0.1 fibmatch
	|get 10.97.0.1 fibmatch
	-j|get 10.97.0.1 fibmatch
	|get 10.97.0.1
	-6|get fd92::1
	-6 -j|get fd92::1 fibmatch
	-o|get 10.94.0.9
	-d|get 10.94.0.9
	-o|get 10.97.0.1 fibmatch
	-d|get 10.97.0.1 fibmatch
	-p -j|get 10.94.0.9
	-d -j|get 10.94.0.9 mark 5
	-o|get 127.0.0.1
	-d|get 10.20.0.5 iif v1 from 10.20.0.9
	-d -o|get 10.96.0.1
	EOF
	# Failures: the same status, one line from nsx.
	NO_OUT=1 run_table <<-'EOF'
	|route|get 10.91.0.1
	|route|get 10.20.0.5 iif nosuch0
	|route|get
	|route|get notanaddress
	|route|get 10.20.0.5 mark x
	-6|route|get 10.20.0.5
	EOF
}

@test "errors are ip's: a missing or bad value, a bad prefix, a missing destination" {
	NO_OUT=1 run_table <<-'EOF'
	|route|add
	|route|add 10.0.0.0/8 via
	|route|add 10.0.0.0/8 metric
	|route|add 10.0.0.0/8 metric abc
	|route|add 10.0.0.0/8 via 10.20.0.2 table
	|route|add bogus 10.0.0.0/8
	|route|add 10.0.0.0/33 dev v0
	|route|add 10.0.0.0/8 dev nosuch0
	|route|add 10.0.0.0/8 via 10.20.0.2 10.1.0.0/16
	|route|add 10.0.0.0/8 via 10.99.99.99
	|route|add blackhole 10.0.0.0/8 dev nosuch0
	|route|del 10.99.0.0/16
	|route|del blackhole 10.99.0.0/16
	|route|add 10.0.0.0/8 via 10.20.0.2 nexthop via 10.20.0.3
	|route|add 10.0.0.0/8 nexthop dev v0 nexthop dev w0
	|route|add 10.0.0.0/8 via 10.20.0.2 mtu lock
	|route|add 10.0.0.0/8 via 10.20.0.2 nexthop via 10.20.0.3 bogus
	|route|show to
	|route|show type
	|route|show root
	|route|get 10.20.0.5 from
	|route|get 10.20.0.5 from 10.20.0.9 iif
	|route|flush dev v0 table 100
	-4|route|add fd00::/8 dev v0
	EOF
}

@test "a word of ip route nsx does not take is refused in one line naming it" {
	for args in "add 10.0.0.0/8 nhid 5" "add 10.0.0.0/8 via 10.20.0.2 encap mpls 100" \
		"get 10.20.0.5 connected" "show table cache" "flush cached" \
		"add 10.0.0.0/8 dev v0 from 10.1.0.0/16" "show vrf red"; do
		# shellcheck disable=SC2086
		run "$NSX" route -t "$B" $args
		assert_failure 255
		[ "${#lines[@]}" -eq 1 ]
		assert_output --partial "is ip's, nsx does not support it"
	done
	[ "$(ip -n "$B" -j route show 10.0.0.0/8)" = "[]" ]
}
