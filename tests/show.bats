#!/usr/bin/env bats
# nsx show: one target inside out, confirmed with readlink, nsenter and ip.

load helper

setup() {
	PIDS=""
	NAMES=""
	N=$(uniq_name n)
}

teardown() {
	# SIGKILL: a sleep that is PID 1 of its own PID namespace ignores
	# SIGTERM from outside it.
	local p n
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	kill_pids
	for n in $NAMES; do ip netns del "$n" 2>/dev/null || true; done
}

ino_of() { stat -L -c %i "$1"; }

# The row nsx show -J gives for one type.
ns_row() {
	jq -c --arg t "$1" '.namespaces[] | select(.type == $t)' <<<"$output"
}

@test "show gives each namespace of a process, and which ones nsx shares" {
	pid=$(start_ns_proc -n -u -i)
	PIDS+=" $pid"
	run "$NSX" show -J "$pid"
	assert_success
	for t in user cgroup ipc uts net pid mnt time; do
		[ -e "/proc/$pid/ns/$t" ] || continue
		r=$(ns_row "$t")
		[ "$(jq -r .ns <<<"$r")" = "$(ino_of "/proc/$pid/ns/$t")" ]
		if [ "$(ns_of "$pid" "$t")" = "$(ns_of $$ "$t")" ]; then
			want=true
		else
			want=false
		fi
		[ "$(jq -r .shared <<<"$r")" = "$want" ]
	done
	[ "$(jq -r .shared <<<"$(ns_row net)")" = false ]
	[ "$(jq -r .shared <<<"$(ns_row mnt)")" = true ]
}

@test "show counts the processes in each namespace" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" show -J "$pid"
	ino=$(ino_of "/proc/$pid/ns/net")
	n=$(find /proc/[0-9]*/ns/net -maxdepth 0 -lname "net:\[$ino\]" 2>/dev/null | wc -l)
	[ "$n" -ge 1 ]
	[ "$(jq -r .nprocs <<<"$(ns_row net)")" = "$n" ]
}

@test "show gives the host and domain name of a uts namespace" {
	pid=$(start_ns_proc -u)
	PIDS+=" $pid"
	nsenter -u -t "$pid" hostname "$N"
	nsenter -u -t "$pid" domainname "d$N"
	run "$NSX" show -J "$pid"
	assert_success
	r=$(ns_row uts)
	[ "$(jq -r .hostname <<<"$r")" = "$(nsenter -u -t "$pid" hostname)" ]
	[ "$(jq -r .hostname <<<"$r")" = "$N" ]
	[ "$(jq -r .domain <<<"$r")" = "d$N" ]
	run "$NSX" show "$pid"
	assert_line --regexp "^uts .* hostname $N, domain d$N\$"
}

@test "show gives the uid and gid maps of a user namespace" {
	pid=$(start_ns_proc -U --map-root-user)
	PIDS+=" $pid"
	run "$NSX" show -J "$pid"
	assert_success
	r=$(ns_row user)
	[ "$(jq -r '.uidmap | join(",")' <<<"$r")" = \
	  "$(awk '{printf "%s%s %s %s", (NR > 1 ? "," : ""), $1, $2, $3}' "/proc/$pid/uid_map")" ]
	[ "$(jq -r '.gidmap | join(",")' <<<"$r")" = \
	  "$(awk '{printf "%s%s %s %s", (NR > 1 ? "," : ""), $1, $2, $3}' "/proc/$pid/gid_map")" ]
	[ "$(jq -r .shared <<<"$r")" = false ]
}

@test "show lists the links of a named netns with state and addresses" {
	NAMES+=" $N"
	ip netns add "$N"
	v=${N:0:12}v
	ip -n "$N" link add "$v" type veth peer name "${N:0:12}w"
	ip -n "$N" addr add 192.0.2.77/28 dev "$v"
	ip -n "$N" link set "$v" up
	ip -n "$N" link set lo up
	run "$NSX" show -J "$N"
	assert_success
	# A name is one namespace: only its net row, with no process in it.
	[ "$(jq '.namespaces | length' <<<"$output")" = 1 ]
	r=$(ns_row net)
	[ "$(jq -r .nprocs <<<"$r")" = 0 ]
	[ "$(jq -r '.names[0]' <<<"$r")" = "netns:$N" ]
	for l in $(ip -n "$N" -j link show | jq -r '.[].ifname'); do
		want=$(ip -n "$N" -j addr show dev "$l" |
			jq -r '[.[0].addr_info[] | "\(.local)/\(.prefixlen)"] | sort | join(",")')
		got=$(jq -r --arg l "$l" '.children[] | select(.link == $l) |
			[.addrs[] | select(. != null)] | sort | join(",")' <<<"$r")
		[ "$got" = "$want" ]
		state=$(ip -n "$N" -j link show dev "$l" | jq -r '.[0].operstate')
		[ "$(jq -r --arg l "$l" '.children[] | select(.link == $l) | .state' <<<"$r")" = "$state" ]
	done
	run "$NSX" show "$N"
	assert_line --regexp "link +$v LOWERLAYERDOWN 192.0.2.77/28"
}

@test "show a namespace held only by a descriptor, by its path" {
	pid=$(start_ns_proc -n)
	bash -c "exec 7</proc/$pid/ns/net; kill $pid; exec sleep 600" \
		</dev/null >/dev/null 2>&1 3>&- &
	holder=$!
	disown "$holder" # its SIGKILL in teardown is expected: no report of it
	PIDS+=" $holder $pid"
	for i in $(seq 200); do
		[ "$(readlink /proc/$holder/fd/7 2>/dev/null)" != "" ] && ! kill -0 "$pid" 2>/dev/null && break
		sleep 0.02
	done
	run "$NSX" show -J "/proc/$holder/fd/7"
	assert_success
	r=$(ns_row net)
	[ "$(jq -r .ns <<<"$r")" = "$(ino_of /proc/$holder/fd/7)" ]
	[ "$(jq -r .nprocs <<<"$r")" = 0 ]
	[ "$(jq -r '.children[] | select(.link == "lo") | .state' <<<"$r")" = DOWN ]
}

@test "show -J has the same rows as the table" {
	pid=$(start_ns_proc -U --map-root-user -m -u -i -n -p -C -T)
	PIDS+=" $pid"
	cols=TYPE,NS,SHARED,NPROCS
	# The link rows are the tree's children; their drawing is the
	# locale's (libsmartcols), so they are told by their type alone.
	table=$("$NSX" show -r -n -o $cols "$pid" | grep -v 'link')
	json=$("$NSX" show -J -o $cols "$pid" | jq -r '.namespaces[] |
		[.type, .ns, (if .shared then "yes" else "no" end), .nprocs] |
		map(tostring) | join(" ")')
	[ -n "$table" ]
	[ "$table" = "$json" ]
}

@test "show of a dead PID fails with one line" {
	sleep 0 & dead=$!
	wait "$dead"
	run "$NSX" show "$dead"
	assert_failure 1
	assert_output "nsx: show $dead: pid $dead: no such process"
}

@test "show of an unknown name fails, and show needs a target" {
	run "$NSX" show "$N"
	assert_failure 1
	assert_output --regexp "^nsx: show $N: target '$N': not found"
	[ "${#lines[@]}" -eq 1 ]
	run "$NSX" show
	assert_failure 2
	assert_output --partial "missing target"
}
