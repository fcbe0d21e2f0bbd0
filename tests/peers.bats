#!/usr/bin/env bats
# The far end of each veth: which namespace, which interface, which bridge,
# and link:IFNAME to enter it.

load helper
load net_helper

IMAGE=${NSX_ENGINE_IMAGE:-nsx-busybox:1}

setup_file() {
	local out
	# Docker for the container cases only: the others run without it.
	sh "$BATS_TEST_DIRNAME/../tools/engines.sh" >"$BATS_FILE_TMPDIR/engines.log" 2>&1
	CT=$(uniq_name pweb)
	DOCKER_WHY=""
	if ! out=$(docker run -d --name "$CT" "$IMAGE" sleep 600 2>&1); then
		DOCKER_WHY="docker cannot start a container here: ${out##*$'\n'}"
	fi
	export CT DOCKER_WHY
}

teardown_file() {
	docker rm -f "$CT" >/dev/null 2>&1 || true
}

setup() {
	PIDS="" HOSTLINKS="" UNMOUNT="" STALE=""
}

teardown() {
	local l
	for l in $HOSTLINKS; do ip link del "$l" 2>/dev/null || true; done
	[ -z "$UNMOUNT" ] || umount "$UNMOUNT" 2>/dev/null || true
	[ -z "$STALE" ] || rm -f "$STALE"
	kill_pids
	mkns_cleanup
}

need_docker() { [ -z "$DOCKER_WHY" ] || skip "$DOCKER_WHY"; }

# The inode of a namespace file (a bind mount or /proc/PID/ns/net).
ino_of() { stat -L -c %i "$1"; }

# A veth on the host whose far end $2 is in target $3 (ip's "netns" word).
host_veth() {
	HOSTLINKS+=" $1"
	ip link add "$1" type veth peer name "$2" netns "$3"
}

# nsx link show's LINK cell for device $1 (-t $2 when given).
link_cell() {
	if [ -n "${2:-}" ]; then
		"$NSX" link -t "$2" show "$1" --output LINK | tail -n1 | tr -d ' '
	else
		"$NSX" link show "$1" --output LINK | tail -n1 | tr -d ' '
	fi
}

@test "link show names a veth's far end in a named namespace, as ip sees it there" {
	ns=$(mkns pa)
	dev=$(uniq_name h)
	host_veth "$dev" far0 "$ns"
	[ "$(link_cell "$dev")" = "far0@netns:$ns" ]
	run "$NSX" link show "$dev" -j
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_ifname')" = far0 ]
	[ "$(echo "$output" | jq -r '.[0].peer_netns.names[0]')" = "netns:$ns" ]
	[ "$(echo "$output" | jq -r '.[0].peer_netns.ns')" = "$(ino_of "/run/netns/$ns")" ]
	# The index ip gives the far end is the one the near end points at.
	[ "$(ip -n "$ns" -j link show far0 | jq '.[0].ifindex')" = \
		"$(echo "$output" | jq '.[0].link_index')" ]
	# Everything ip prints stays as ip prints it.
	[ "$(echo "$output" | jq -c 'map(del(.peer_ifname, .peer_master, .peer_netns))')" = \
		"$(ip -j link show "$dev" | jq -c .)" ]
}

@test "from inside a namespace, the far end in nsx's own is named host" {
	ns=$(mkns pb)
	dev=$(uniq_name h)
	host_veth "$dev" far0 "$ns"
	[ "$(link_cell far0 "$ns")" = "$dev@host" ]
	run "$NSX" link -t "$ns" show far0 -j
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_netns.host')" = true ]
	[ "$(echo "$output" | jq -r '.[0].peer_netns.ns')" = "$(ino_of /proc/self/ns/net)" ]
}

@test "a far end in a namespace only a process holds is named by its PID" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	dev=$(uniq_name h)
	host_veth "$dev" in0 "$pid"
	# unshare itself is in it too: any of its processes names it.
	cell=$(link_cell "$dev")
	[[ $cell == in0@pid:* ]]
	[ "$(readlink "/proc/${cell#in0@pid:}/ns/net")" = "$(readlink "/proc/$pid/ns/net")" ]
	run "$NSX" link show "$dev" -j
	[ "$(echo "$output" | jq -r '.[0].peer_netns.ns')" = "$(ino_of "/proc/$pid/ns/net")" ]
	[ "$(echo "$output" | jq -r '.[0].peer_netns.pid')" = "${cell#in0@pid:}" ]
	[ "$(nsenter -n -t "$pid" ip -j link show in0 | jq '.[0].ifindex')" = \
		"$(echo "$output" | jq '.[0].link_index')" ]
}

@test "veths between two named namespaces name each other; -d adds the far end's bridge" {
	a=$(mkns pc)
	b=$(mkns pd)
	ip -n "$a" link add x0 type veth peer name y0 netns "$b"
	ip -n "$b" link add br0 type bridge
	ip -n "$b" link set y0 master br0
	run "$NSX" link -t "$a" show --table
	assert_success
	assert_output --regexp "x0 +veth .* y0@netns:$b "
	# The bridge costs a question per far end: asked for with -d only.
	run "$NSX" link -t "$a" show x0 -j
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_ifname')" = y0 ]
	[ "$(echo "$output" | jq -r '.[0] | has("peer_master")')" = false ]
	run "$NSX" link -t "$a" show x0 -j -d
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_ifname')" = y0 ]
	[ "$(echo "$output" | jq -r '.[0].peer_master')" = \
		"$(ip -n "$b" -j link show y0 | jq -r '.[0].master')" ]
	[ "$(link_cell y0 "$b")" = "x0@netns:$a" ]
	# A pair inside one namespace: the far end by its name alone.
	ip -n "$a" link add p0 type veth peer name p1
	[ "$(link_cell p0 "$a")" = p1 ]
	[ "$("$NSX" link -t "$a" show p0 -j | jq -r '.[0].peer_ifname')" = p1 ]
}

@test "a far end in a namespace no file or process names is named by the kernel" {
	a=$(mkns pi)
	# Held by a bind mount outside /run/netns only: nsx cannot enter it,
	# but the near namespace has an id for it, and netlink answers by id.
	f=$BATS_TEST_TMPDIR/hidden-ns
	touch "$f"
	unshare --net="$f" true
	UNMOUNT=$f
	nsenter --net="$f" ip link add far9 type veth peer name near9 netns "$a"
	id=$(ip -n "$a" -j link show near9 | jq '.[0].link_netnsid')
	[ "$(link_cell near9 "$a")" = "far9@netnsid:$id" ]
	run "$NSX" link -t "$a" show near9 -j
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_ifname')" = far9 ]
	[ "$(echo "$output" | jq -r '.[0].peer_netns.netnsid')" = "$id" ]
}

@test "a file in /run/netns that is no namespace does not stop the search" {
	a=$(mkns pm)
	b=$(mkns pn)
	# What a failed ip netns add leaves: a plain file, never mounted on.
	STALE=/run/netns/$(uniq_name pstale)
	: >"$STALE"
	ip -n "$a" link add x0 type veth peer name y0 netns "$b"
	run "$NSX" link -t "$a" show --table
	assert_success
	assert_output --regexp "x0 +veth .* y0@netns:$b "
	run "$NSX" link -t "$a" show x0 -j -d
	assert_success
	[ "$(echo "$output" | jq -r '.[0].peer_netns.names[0]')" = "netns:$b" ]
}

@test "far ends in nsx's own namespace are named after others were entered" {
	a=$(mkns pj)
	b=$(mkns pk)
	h1=$(uniq_name hx)
	h2=$(uniq_name hy)
	# a and b each lead to the host and to each other: whichever ls
	# reads second names a host veth after entering the other.
	host_veth "$h1" up0 "$a"
	host_veth "$h2" up0 "$b"
	ip -n "$a" link add x0 type veth peer name y0 netns "$b"
	run "$NSX" ls -t net -o NS,LINKS -J
	assert_success
	row() { echo "$output" | jq -c --argjson i "$(ino_of "/run/netns/$1")" '.namespaces[] | select(.ns == $i) | .links | sort'; }
	[ "$(row "$a")" = "[\"up0->$h1@host\",\"x0->y0@netns:$b\"]" ]
	[ "$(row "$b")" = "[\"up0->$h2@host\",\"y0->x0@netns:$a\"]" ]
	# And link show, which names far ends before it prints.
	[ "$(link_cell up0 "$b")" = "$h2@host" ]
	[ "$(link_cell y0 "$b")" = "x0@netns:$a" ]
}

@test "show names the far end of each veth, its bridge and its namespace" {
	a=$(mkns pe)
	dev=$(uniq_name h)
	br=$(uniq_name br)
	host_veth "$dev" far0 "$a"
	HOSTLINKS+=" $br"
	ip link add "$br" type bridge
	ip link set "$dev" master "$br"
	run "$NSX" show "$a"
	assert_success
	assert_output --regexp "far0 DOWN peer $dev@host master $br"
	run "$NSX" show "$a" -j
	link=$(echo "$output" | jq -c '.namespaces[].children[]? | select(.link == "far0")')
	[ "$(echo "$link" | jq -r .peer)" = "$dev" ]
	[ "$(echo "$link" | jq -r .peermaster)" = "$br" ]
	[ "$(echo "$link" | jq -r .peerns)" = "$(ino_of /proc/self/ns/net)" ]
	[ "$(echo "$link" | jq -r '.peernames[0]')" = host ]
}

@test "link:IFNAME enters the namespace at the far end of a veth" {
	ns=$(mkns pf)
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	d1=$(uniq_name h1)
	d2=$(uniq_name h2)
	host_veth "$d1" far0 "$ns"
	host_veth "$d2" far1 "$pid"
	run "$NSX" -n -t "link:$d1" readlink /proc/self/ns/net
	assert_success
	assert_output "net:[$(ino_of "/run/netns/$ns")]"
	run "$NSX" -n -t "link:$d2" readlink /proc/self/ns/net
	assert_output "$(readlink "/proc/$pid/ns/net")"
	run "$NSX" link -t "link:$d1" show far0 --output IFNAME
	assert_success
	assert_output --partial far0
}

@test "a bare name that is no namespace or container but a veth of ours is its far end" {
	ns=$(mkns pl)
	dev=$(uniq_name vh)
	host_veth "$dev" far0 "$ns"
	run "$NSX" -n -t "$dev" readlink /proc/self/ns/net
	assert_success
	assert_output "net:[$(ino_of "/run/netns/$ns")]"
	run "$NSX" show "$dev" -o TYPE,NS,NAMES
	assert_success
	assert_output --regexp "net +$(ino_of "/run/netns/$ns") +netns:$ns"
	# A named namespace of the same name comes first.
	ip netns add "$dev"
	echo "$dev" >>"$BATS_TEST_TMPDIR/netns"
	run "$NSX" -n -t "$dev" readlink /proc/self/ns/net
	assert_output "net:[$(ino_of "/run/netns/$dev")]"
	# A link that is not a veth is no target: the name is not found.
	br=$(uniq_name bb)
	HOSTLINKS+=" $br"
	ip link add "$br" type bridge
	run "$NSX" show "$br"
	assert_failure 1
	assert_output --regexp "^nsx: show $br: target '$br': not found \(looked in /run/netns, /run/docker/netns, nsx's own veths, and .*\)$"
}

@test "link: with an interface that is not there, or not a veth, fails in one line" {
	run "$NSX" -n -t link:nsxnosuch0 true
	assert_failure 1
	assert_output "nsx: link:nsxnosuch0: no such device"
	run "$NSX" -n -t link:lo true
	assert_failure 1
	assert_output "nsx: link:lo: not a veth"
	br=$(uniq_name br)
	HOSTLINKS+=" $br"
	ip link add "$br" type bridge
	run "$NSX" show "link:$br"
	assert_failure 1
	assert_output "nsx: show link:$br: link:$br: not a veth but a bridge"
}

# The host side of the container's eth0: the link its iflink names.
container_veth() {
	local idx
	idx=$(docker exec "$CT" cat /sys/class/net/eth0/iflink)
	ip -j link show | jq -r --argjson i "$idx" '.[] | select(.ifindex == $i) | .ifname'
}

@test "a container's host-side veth is named with the container" {
	need_docker
	veth=$(container_veth)
	[ -n "$veth" ]
	[ "$(link_cell "$veth")" = "eth0@docker:$CT" ]
	run "$NSX" link show "$veth" -j
	pid=$(docker inspect -f '{{.State.Pid}}' "$CT")
	[ "$(echo "$output" | jq -r '.[0].peer_netns.ns')" = "$(ino_of "/proc/$pid/ns/net")" ]
	echo "$output" | jq -e '.[0].peer_netns.names | index("docker:'"$CT"'")'
}

@test "show docker:NAME names both ends of the container's veth" {
	need_docker
	veth=$(container_veth)
	run "$NSX" show "docker:$CT" -j
	assert_success
	link=$(echo "$output" | jq -c '.namespaces[] | select(.type == "net") | .children[] | select(.link == "eth0")')
	[ "$(echo "$link" | jq -r .peer)" = "$veth" ]
	[ "$(echo "$link" | jq -r '.peernames[0]')" = host ]
	[ "$(echo "$link" | jq -r .peermaster)" = \
		"$(ip -j link show "$veth" | jq -r '.[0].master')" ]
}

@test "link:IFNAME of a container's veth enters the container's network namespace" {
	need_docker
	veth=$(container_veth)
	pid=$(docker inspect -f '{{.State.Pid}}' "$CT")
	run "$NSX" -n -t "link:$veth" readlink /proc/self/ns/net
	assert_success
	assert_output "$(readlink "/proc/$pid/ns/net")"
}

@test "ls -o LINKS lists the veths that lead out of each namespace and where" {
	a=$(mkns pg)
	b=$(mkns ph)
	ip -n "$a" link add x0 type veth peer name y0 netns "$b"
	ip -n "$a" link add p0 type veth peer name p1
	run "$NSX" ls -t net -o NS,LINKS -J
	assert_success
	row() { echo "$output" | jq -c --argjson i "$(ino_of "/run/netns/$1")" '.namespaces[] | select(.ns == $i) | .links'; }
	# A pair inside one namespace leads nowhere else.
	[ "$(row "$a")" = "[\"x0->y0@netns:$b\"]" ]
	[ "$(row "$b")" = "[\"y0->x0@netns:$a\"]" ]
	# Not in the default columns: a socket in every namespace costs.
	run "$NSX" ls -t net
	refute_output --partial LINKS
}
