#!/usr/bin/env bats
# nsx batch: many lines, one socket per namespace, pipelined, all or a prefix.

load helper
load net_helper

setup() {
	PIDS=""
	B=$BATS_TEST_TMPDIR/batch
}

teardown() {
	mkns_cleanup
	kill_pids
}

@test "run a batch file of links and addresses, with comments, quotes and continued lines" {
	a=$(mkns a)
	b=$(mkns b)
	cat >"$B" <<-EOF
	# two namespaces joined by a veth pair

	link -t $a add v0 type veth peer v1 target $b
	link -t $a set v0 up
	link -t "$b" set v1 \\
	    up mtu 1400
	addr -t $a add 10.1.1.1/24 dev v0   # the near end
	addr -t $b add 10.1.1.2/24 dev v1
	link -t $a set lo up
	EOF
	run "$NSX" batch "$B"
	assert_success
	assert_output ""
	ip -n "$a" -o addr show v0 | grep -q 'inet 10.1.1.1/24'
	ip -n "$b" -o addr show v1 | grep -q 'inet 10.1.1.2/24'
	ip -n "$b" -o link show v1 | grep -q 'mtu 1400'
	run "$NSX" -n -t "$a" ping -c1 -W1 10.1.1.2
	assert_success
}

@test "read a batch from standard input" {
	a=$(mkns a)
	run "$NSX" batch - <<-EOF
	link -t $a add br0 type bridge
	link -t $a add v0 type veth peer v1
	link -t $a set v0 master br0
	EOF
	assert_success
	ip -n "$a" -o link show v0 | grep -q 'master br0'
}

@test "wire three namespaces to a bridge in one batch and ping between them" {
	hub=$(mkns h)
	{
		echo "link -t $hub add br0 type bridge"
		echo "link -t $hub set br0 up"
		for i in 1 2 3; do
			n=$(mkns "n$i")
			eval "ns$i=$n"
			echo "link -t $hub add p$i type veth peer eth0 target $n"
			echo "link -t $hub set p$i master br0 up"
			echo "link -t $n set eth0 up"
			echo "addr -t $n add 172.17.0.10$i/16 dev eth0"
		done
	} >"$B"
	run "$NSX" batch "$B"
	assert_success
	[ "$(ip -n "$hub" -j link show master br0 | jq length)" -eq 3 ]
	assert_ping_mesh 172.17.0 "" "$ns1" "$ns2" "$ns3"
}

@test "a batch failing at line N has applied exactly lines 1 to N-1" {
	a=$(mkns a)
	b=$(mkns b)
	cat >"$B" <<-EOF
	link -t $a add v0 type veth peer v1 target $b
	addr -t $a add 10.2.0.1/24 dev v0
	link -t $a add br0 type bridge
	link -t $a add br0 type bridge
	link -t $a add v2 type veth peer v3 target $b
	addr -t $a add 10.2.0.9/24 dev v0
	link -t $a add br1 type bridge
	EOF
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:4: link add br0: File exists"
	[ "$(ip_links "$a")" = "br0 lo v0 " ]
	[ "$(ip_links "$b")" = "lo v1 " ]
	[ "$(ip -n "$a" -o -4 addr show dev v0 | awk '{print $4}')" = 10.2.0.1/24 ]
}

@test "a line that does not parse stops the batch there" {
	a=$(mkns a)
	cat >"$B" <<-EOF
	link -t $a add br0 type bridge
	link -t $a add br1 type bridge
	link -t $a add br2 type bridgee
	link -t $a add br3 type bridge
	EOF
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:3: unknown type 'bridgee' (did you mean bridge?)"
	[ "$(ip_links "$a")" = "br0 br1 lo " ]
}

@test "a failure deep in a long pipelined batch undoes everything after it" {
	a=$(mkns a)
	b=$(mkns b)
	{
		for i in $(seq 1 299); do
			echo "link -t $a add a$i type veth peer b$i target $b"
		done
		echo "link -t $a add a7 type veth peer z7 target $b"
		for i in $(seq 301 340); do
			echo "link -t $a add a$i type veth peer b$i target $b"
		done
	} >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:300: link add a7: File exists"
	[ "$(ip -n "$a" -o link show type veth | wc -l)" -eq 299 ]
	[ "$(ip -n "$b" -o link show type veth | wc -l)" -eq 299 ]
	run ip -n "$a" link show a301
	assert_failure
}

@test "with --force every line is tried and every failure named" {
	a=$(mkns a)
	cat >"$B" <<-EOF
	link -t $a add br0 type bridge
	link -t $a add br0 type bridge
	link -t $a add br1 type bridge
	link -t $a set nope0 up
	link -t $a add br2 type bridge
	EOF
	run "$NSX" batch --force "$B"
	assert_failure 1
	assert_line --index 0 "nsx: batch:2: link add br0: File exists"
	assert_line --index 1 "nsx: batch:4: link set nope0: no such device in netns:$a"
	[ "${#lines[@]}" -eq 2 ]
	[ "$(ip_links "$a")" = "br0 br1 br2 lo " ]
}

@test "one namespace named two ways shares one socket and keeps line order" {
	a=$(mkns a)
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	cat >"$B" <<-EOF
	link -t $a add v0 type veth peer v1 target $pid
	addr -t /proc/$pid/ns/net add 10.3.0.2/24 dev v1
	link -t pid:$pid set v1 name w1
	addr -t /run/netns/$a add 10.3.0.1/24 dev v0
	link -t netns:$a set v0 name w0
	EOF
	run "$NSX" batch "$B"
	assert_success
	nsenter -n -t "$pid" ip -o addr show w1 | grep -q 10.3.0.2/24
	ip -n "$a" -o addr show w0 | grep -q 10.3.0.1/24
}

@test "bulk deletes run in a batch" {
	a=$(mkns a)
	for i in 1 2 3; do ip -n "$a" link add "a$i" type veth peer name "b$i"; done
	ip -n "$a" link add c0 group 4 type bridge
	cat >"$B" <<-EOF
	link -t $a del type veth
	link -t $a del group 4
	EOF
	run "$NSX" batch "$B"
	assert_success
	[ "$(ip_links "$a")" = "lo " ]
}

@test "lines batch cannot run are named with their line number" {
	a=$(mkns a)
	printf 'lnk -t %s add x type bridge\n' "$a" >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:1: unknown command 'lnk' (did you mean link?)"
	printf '\n# only a comment\nnetns add x\n' >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:3: netns lines are not supported in a batch (link, addr and route lines are)"
	printf 'link -t %s show\n' "$a" >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output --partial "batch:1: link show changes nothing"
	printf 'route -t %s get 127.0.0.1\n' "$a" >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:1: route get changes nothing: a batch holds changes (add, set, del, ...)"
	printf 'link -t %s add "x type bridge\n' "$a" >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output 'nsx: batch:1: missing closing "'
	printf 'link -t %s add x type bridge\n' "$(uniq_name none)" >"$B"
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output --regexp "^nsx: batch:1: target '.*': not found"
	[ "$(ip_links "$a")" = "lo " ]
}

@test "a missing file or argument is reported" {
	run "$NSX" batch "$BATS_TEST_TMPDIR/none"
	assert_failure 1
	assert_output "nsx: batch: $BATS_TEST_TMPDIR/none: No such file or directory"
	run "$NSX" batch
	assert_failure 2
	run "$NSX" batch --help
	assert_success
	assert_output --partial "nsx batch [--force] FILE|-"
}

@test "route lines run in a batch, and are undone after a failing line" {
	a=$(mkns a)
	cat >"$B" <<-EOF
	link -t $a add v0 type veth peer v1
	link -t $a set v0 up
	link -t $a set v1 up
	addr -t $a add 10.4.0.1/24 dev v0
	route -t $a add 10.5.0.0/24 via 10.4.0.254
	link -t $a add v0 type bridge
	route -t $a add 10.6.0.0/24 via 10.4.0.254
	addr -t $a add 10.4.0.2/24 dev v1
	EOF
	run "$NSX" batch "$B"
	assert_failure 1
	assert_output "nsx: batch:6: link add v0: File exists"
	run ip -n "$a" -o route show
	assert_output --partial "10.5.0.0/24 via 10.4.0.254"
	refute_output --partial "10.6.0.0/24"
	run ip -n "$a" -o addr show dev v1
	refute_output --partial 10.4.0.2
}
