#!/usr/bin/env bats
# nsx netns: named network namespaces, checked against ip netns both ways.

load helper
bats_require_minimum_version 1.5.0

setup() {
	PIDS=""
	NAMES=""
	MONITOR=""
	A=$(uniq_name a)
	B=$(uniq_name b)
}

teardown() {
	# SIGKILL: a sleep that is PID 1 of its own PID namespace ignores
	# SIGTERM from outside it.
	local p n
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	[ -n "$MONITOR" ] && kill "$MONITOR" 2>/dev/null || true
	kill_pids
	for n in $NAMES; do
		ip netns del "$n" 2>/dev/null || true
		rm -rf "/etc/netns/$n"
	done
	rmdir /etc/netns 2>/dev/null || true
}

# Register a name for teardown (whoever creates it).
named() { NAMES+=" $*"; }

ino_of_name() { stat -L -c %i "/run/netns/$1"; }

# A sleep in the named netns, entered by nsenter (not by nsx); prints its PID.
proc_in() {
	nsenter --net="/run/netns/$1" sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	local pid=$! i
	for i in $(seq 100); do
		[ "$(readlink "/proc/$pid/ns/net")" = "net:[$(ino_of_name "$1")]" ] && break
		sleep 0.02
	done
	echo "$pid"
}

@test "a name made by nsx netns add is one ip netns lists and enters" {
	named "$A"
	run "$NSX" netns add "$A"
	assert_success
	assert_output ""
	ip netns list | grep -qx "$A"
	run ip netns exec "$A" readlink /proc/self/ns/net
	assert_output "net:[$(ino_of_name "$A")]"
	refute_output "$(readlink /proc/self/ns/net)"
}

@test "a name made by ip netns add is one nsx lists and enters" {
	named "$A"
	ip netns add "$A"
	run "$NSX" netns list
	assert_success
	assert_line "$A"
	run "$NSX" -n -t "$A" readlink /proc/self/ns/net
	assert_success
	assert_output "net:[$(ino_of_name "$A")]"
}

@test "nsx netns list prints what ip netns list prints" {
	named "$A" "$B"
	"$NSX" netns add "$A"
	ip netns add "$B"
	diff <(ip netns list | grep -E "^($A|$B)( |$)") \
	     <("$NSX" netns list | grep -E "^($A|$B)( |$)")
}

@test "attach names the network namespace of a PID" {
	named "$A"
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" netns attach "$A" "$pid"
	assert_success
	[ "net:[$(ino_of_name "$A")]" = "$(ns_of "$pid" net)" ]
	run ip netns identify "$pid"
	assert_output "$A"
}

@test "attach names the network namespace behind a path" {
	named "$A" "$B"
	ip netns add "$A"
	run "$NSX" netns attach "$B" "/run/netns/$A"
	assert_success
	[ "$(ino_of_name "$A")" = "$(ino_of_name "$B")" ]
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	named "${B}p"
	run "$NSX" netns attach "${B}p" "/proc/$pid/ns/net"
	assert_success
	[ "net:[$(ino_of_name "${B}p")]" = "$(ns_of "$pid" net)" ]
}

@test "set gives a NETNSID that both list commands show" {
	named "$A" "$B"
	"$NSX" netns add "$A"
	"$NSX" netns add "$B"
	run "$NSX" netns set "$A" auto
	assert_success
	id=$(ip netns list | sed -n "s/^$A (id: \([0-9]*\))$/\1/p")
	[ -n "$id" ]
	run "$NSX" netns list
	assert_line "$A (id: $id)"
	assert_line "$B"
	run "$NSX" netns list -j
	assert_success
	[ "$(jq -r --arg n "$A" '.netns[] | select(.name == $n) | .id' <<<"$output")" = "$id" ]
	[ "$(jq -r --arg n "$B" '.netns[] | select(.name == $n) | .id' <<<"$output")" = "null" ]
}

@test "list still answers, as ip does, when a name cannot be opened" {
	# In a /run/netns of its own: a dangling name among ones with ids.
	run timeout 20 unshare -m --propagation private sh -c '
		mount -t tmpfs nsxtest /run/netns || exit 3
		ip netns add "$2" && ip netns set "$2" auto || exit 4
		ln -s /nonexistent "/run/netns/$3"
		ip netns add "$4" && ip netns set "$4" auto || exit 4
		ip netns list >"$5/ip" 2>/dev/null
		"$1" netns list >"$5/nsx" || exit 5
		cat "$5/nsx"
		cmp "$5/ip" "$5/nsx"' sh "$NSX" "$A" "$B" "${A}c" "$BATS_TEST_TMPDIR"
	assert_success
	assert_line "$B"
	assert_line --regexp "^$A \(id: [0-9]+\)\$"
	assert_line --regexp "^${A}c \(id: [0-9]+\)\$"
}

@test "set with a number gives exactly that NETNSID" {
	named "$A"
	"$NSX" netns add "$A"
	id=$((100000 + $$ % 100000))
	run "$NSX" netns set "$A" "$id"
	assert_success
	ip netns list | grep -qx "$A (id: $id)"
	run "$NSX" netns set "$A" $((id + 1))
	assert_failure 1
	assert_output --regexp "^nsx: netns set $A: .*"
	ip netns list | grep -qx "$A (id: $id)"
}

@test "identify names every name of a process's netns, as ip does" {
	named "$A" "$B"
	"$NSX" netns add "$A"
	"$NSX" netns attach "$B" "/run/netns/$A"
	pid=$(proc_in "$A")
	PIDS+=" $pid"
	run "$NSX" netns identify "$pid"
	assert_success
	assert_line "$A"
	assert_line "$B"
	[ "${#lines[@]}" -eq 2 ]
	# ip prints one of them (the last it reads); nsx prints all, as ip's
	# manual says.
	assert_line "$(ip netns identify "$pid")"
	"$NSX" netns del "$B"
	[ "$("$NSX" netns identify "$pid")" = "$(ip netns identify "$pid")" ]
}

@test "identify of a process in no named netns prints nothing" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" netns identify "$pid"
	assert_success
	assert_output ""
}

@test "pids lists the processes in a named netns, as ip does" {
	named "$A"
	ip netns add "$A"
	p1=$(proc_in "$A")
	p2=$(proc_in "$A")
	PIDS+=" $p1 $p2"
	run "$NSX" netns pids "$A"
	assert_success
	assert_line "$p1"
	assert_line "$p2"
	[ "$output" = "$(ip netns pids "$A")" ]
	run "$NSX" netns pids "$p1"
	assert_output "$(ip netns pids "$A")"
}

@test "monitor prints an add and a delete made by ip" {
	named "$A"
	out=$BATS_TEST_TMPDIR/monitor
	timeout 30 "$NSX" netns monitor >"$out" 2>&1 3>&- &
	tpid=$!
	# Ready once nsx holds its inotify watch.
	for i in $(seq 200); do
		MONITOR=$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null)
		[ -n "$MONITOR" ] && grep -qs '^inotify wd' /proc/$MONITOR/fdinfo/* && break
		sleep 0.02
	done
	ip netns add "$A"
	ip netns del "$A"
	for i in $(seq 200); do
		grep -qx "delete $A" "$out" && break
		sleep 0.02
	done
	# Other names may come and go on the host meanwhile: ours only.
	run grep -E " $A\$" "$out"
	assert_line --index 0 "add $A"
	assert_line --index 1 "delete $A"
}

@test "netns exec shows the namespace's own /sys/class/net and /etc/netns files" {
	named "$A"
	"$NSX" netns add "$A"
	ip -n "$A" link add "${A:0:12}x" type veth peer name "${A:0:12}y"
	mkdir -p "/etc/netns/$A"
	echo "nameserver 192.0.2.53 # $A" >"/etc/netns/$A/resolv.conf"
	run "$NSX" netns exec "$A" ls /sys/class/net
	assert_success
	assert_line "${A:0:12}x"
	assert_line "lo"
	refute_line "eth0"
	[ "$output" = "$(ip netns exec "$A" ls /sys/class/net)" ]
	run "$NSX" netns exec "$A" cat /etc/resolv.conf
	assert_output "nameserver 192.0.2.53 # $A"
	# The host's /etc and /sys are untouched.
	refute grep -q "$A" /etc/resolv.conf
	[ ! -e "/sys/class/net/${A:0:12}x" ]
}

@test "netns exec passes the program its own options and exit status" {
	named "$A"
	"$NSX" netns add "$A"
	run "$NSX" netns exec "$A" sh -c 'exit 7' -x
	assert_failure 7
	run -127 "$NSX" netns exec "$A" nsx-no-such-program
}

@test "del of a netns that still has a process removes the name and says so" {
	named "$A"
	"$NSX" netns add "$A"
	ino=$(ino_of_name "$A")
	pid=$(proc_in "$A")
	PIDS+=" $pid"
	run "$NSX" netns del "$A"
	assert_success
	assert_output --partial "lives on in 1 process"
	[ ! -e "/run/netns/$A" ]
	[ "$(ns_of "$pid" net)" = "net:[$ino]" ]
	[ -z "$(ip netns list | grep -x "$A")" ]
}

@test "del of an unused netns is silent and ip sees it gone" {
	named "$A"
	ip netns add "$A"
	run "$NSX" netns del "$A"
	assert_success
	assert_output ""
	[ -z "$(ip netns list | grep -x "$A")" ]
}

@test "del --all removes every name (shown in a private /run/netns)" {
	# The host's /run/netns is shared with everyone else's names: --all
	# runs where a tmpfs covers it, in a mount namespace of its own.
	run unshare -m --propagation private sh -c '
		mount -t tmpfs nsxtest /run/netns || exit 3
		"$1" netns add "$2" && ip netns add "$3" || exit 4
		ip netns list | sort | tr "\n" " "; echo
		"$1" netns del --all || exit 5
		ls -A /run/netns' sh "$NSX" "$A" "$B"
	assert_success
	assert_output "$(printf '%s\n' "$A" "$B" | sort | tr '\n' ' ')"
	[ -e "/run/netns" ]
	[ ! -e "/run/netns/$A" ] && [ ! -e "/run/netns/$B" ]
}

@test "a name of 255 bytes is valid" {
	long=$A$(printf 'x%.0s' $(seq $((255 - ${#A}))))
	named "$long"
	run "$NSX" netns add "$long"
	assert_success
	[ -e "/run/netns/$long" ]
	run "$NSX" netns exec "$long" readlink /proc/self/ns/net
	assert_output "net:[$(ino_of_name "$long")]"
	run "$NSX" netns del "$long"
	assert_success
	[ ! -e "/run/netns/$long" ]
}

# Bad input: one line, exit 1, and nothing of ours left in /run/netns.
ours() { ls /run/netns | grep -c "^nsx$$" || true; }

@test "invalid names are refused with one line and nothing made" {
	before=$(ours)
	long=$A$(printf 'x%.0s' $(seq $((256 - ${#A}))))
	named "$long"
	for bad in "" "." ".." "$A/x" "../$A" "$long"; do
		run "$NSX" netns add "$bad"
		assert_failure 1
		assert_output --regexp "^nsx: netns add: invalid name '.*': "
		[ "${#lines[@]}" -eq 1 ]
	done
	[ ! -e "/run/netns/$long" ]
	[ "$(ours)" = "$before" ]
	run "$NSX" netns del "$A/x"
	assert_failure 1
	assert_output "nsx: netns del: invalid name '$A/x': contains '/'"
	run "$NSX" netns attach "$A/x" $$
	assert_failure 1
	assert_output "nsx: netns attach: invalid name '$A/x': contains '/'"
}

@test "adding a name that exists fails and leaves it as it was" {
	named "$A"
	ip netns add "$A"
	ino=$(ino_of_name "$A")
	run "$NSX" netns add "$A"
	assert_failure 1
	assert_output "nsx: netns add: /run/netns/$A already exists"
	[ "$(ino_of_name "$A")" = "$ino" ]
	run "$NSX" netns attach "$A" $$
	assert_failure 1
	[ "$(ino_of_name "$A")" = "$ino" ]
}

@test "deleting a name that does not exist fails with one line" {
	run "$NSX" netns del "$A"
	assert_failure 1
	assert_output "nsx: netns del: no such name (/run/netns/$A)"
}

@test "attach to a dead PID fails and makes no name" {
	named "$A"
	sleep 0 & dead=$!
	wait "$dead"
	run "$NSX" netns attach "$A" "$dead"
	assert_failure 1
	assert_output "nsx: netns attach $A: pid $dead: no such process"
	[ ! -e "/run/netns/$A" ]
}

@test "attach to a path that is no namespace fails and makes no name" {
	named "$A"
	run "$NSX" netns attach "$A" /etc/hosts
	assert_failure 1
	assert_output --partial "not a namespace file"
	[ ! -e "/run/netns/$A" ]
	run "$NSX" netns attach "$A" "/proc/$$/ns/uts"
	assert_failure 1
	assert_output --partial "is a uts namespace, not net"
	[ ! -e "/run/netns/$A" ]
}

@test "unknown netns commands and bad ids are usage errors" {
	run "$NSX" netns lst
	assert_failure 2
	assert_output --partial "did you mean 'list'"
	run "$NSX" netns set "$A" -3
	assert_failure 2
	run "$NSX" netns add
	assert_failure 2
}

@test "netns --help lists every command" {
	run "$NSX" netns --help
	assert_success
	for c in list add attach del set identify pids monitor exec; do
		assert_output --partial "nsx netns $c"
	done
}
