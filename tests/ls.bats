#!/usr/bin/env bats
# nsx ls: namespaces held by processes, by bind mounts and by descriptors,
# confirmed with readlink, ip and lsns.

load helper

setup() {
	PIDS=""
	NAMES=""
	MOUNTS=""
	B=$(uniq_name b)
}

teardown() {
	# SIGKILL: a sleep that is PID 1 of its own PID namespace ignores
	# SIGTERM from outside it.
	local p n
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	kill_pids
	for n in $NAMES; do ip netns del "$n" 2>/dev/null || true; done
	# A name with a newline would be split above.
	[ -z "${NLNAME:-}" ] || ip netns del "$NLNAME" 2>/dev/null || true
	for n in $MOUNTS; do
		n=$(printf '%b' "$n")
		umount "$n" 2>/dev/null
		rm -f "$n"
	done
}

ino_of() { stat -L -c %i "$1"; }

# Processes whose namespace of type $1 has inode $2 (readlink, not nsx).
pids_in() {
	find /proc/[0-9]*/ns/"$1" -maxdepth 0 -lname "$1:\[$2\]" 2>/dev/null |
		cut -d/ -f3 | sort -n
}

# A network namespace held only by fd 7 of a sleeping shell: the process
# that was in it is gone. Sets HOLDER and INO.
fd_held() {
	local pid parent i
	pid=$(start_ns_proc -n)
	parent=$(awk '{print $4}' "/proc/$pid/stat")
	INO=$(ino_of "/proc/$pid/ns/net")
	bash -c "exec 7</proc/$pid/ns/net; kill $pid; exec sleep 600" \
		</dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	disown "$HOLDER" # its SIGKILL in teardown is expected: no report of it
	PIDS+=" $HOLDER $pid $parent"
	for i in $(seq 200); do
		[ -z "$(pids_in net "$INO")" ] && [ "$(readlink /proc/$HOLDER/exe)" = "$(readlink -f "$(command -v sleep)")" ] && break
		sleep 0.02
	done
	[ "$(readlink "/proc/$HOLDER/fd/7")" = "net:[$INO]" ]
}

# The JSON object nsx ls gives the namespace with inode $1.
row() {
	"$NSX" ls -J -o NS,TYPE,NPROCS,PID,USER,NAMES,COMMAND,PATH "${@:2}" |
		jq -c --argjson ino "$1" '[.. | objects | select(.ns? == $ino)][0]'
}

@test "ls lists a netns held only by a bind mount, with its names" {
	NAMES+=" $B ${B}2"
	ip netns add "$B"
	# A second name, made as ip would make it, by mount.
	touch "/run/netns/${B}2"
	mount --bind "/run/netns/$B" "/run/netns/${B}2"
	ino=$(ino_of "/run/netns/$B")
	[ -z "$(pids_in net "$ino")" ]
	run row "$ino" -t net
	assert_success
	[ "$(jq -r .type <<<"$output")" = net ]
	[ "$(jq -r .nprocs <<<"$output")" = 0 ]
	[ "$(jq -r .pid <<<"$output")" = null ]
	[ "$(jq -r '.names | sort | join(",")' <<<"$output")" = "netns:$B,netns:${B}2" ]
	[ "$(jq -r '.path | index("/run/netns/'"$B"'") != null' <<<"$output")" = true ]
}

@test "ls lists a netns held only by an open descriptor" {
	fd_held
	run row "$INO"
	assert_success
	[ "$output" != null ]
	[ "$(jq -r .nprocs <<<"$output")" = 0 ]
	[ "$(jq -r '.path | index("/proc/'"$HOLDER"'/fd/7") != null' <<<"$output")" = true ]
	# lsns without --persistent does not see it at all.
	run lsns -n -o NS -t net
	refute_line --regexp "^ *$INO\$"
}

@test "ls counts a namespace's processes and names its lowest PID" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	ino=$(ino_of "/proc/$pid/ns/net")
	want=$(pids_in net "$ino")
	run row "$ino" -t net
	assert_success
	[ "$(jq -r .nprocs <<<"$output")" = "$(echo "$want" | wc -l)" ]
	low=$(echo "$want" | head -n 1)
	[ "$(jq -r .pid <<<"$output")" = "$low" ]
	[ "$(jq -r .command <<<"$output")" = "$(tr '\0' ' ' <"/proc/$low/cmdline" | sed 's/ $//')" ]
	[ "$(jq -r .user <<<"$output")" = root ]
	# lsns agrees on the count and the PID.
	lsns -J -t net | jq -e --argjson ino "$ino" --argjson n "$(echo "$want" | wc -l)" \
		--argjson p "$low" '.namespaces[] | select(.ns == $ino) | select(.nprocs == $n and .pid == $p)'
}

@test "ls names the owner of the lowest PID" {
	NAMES+=" $B"
	ip netns add "$B"
	nsenter --net="/run/netns/$B" setpriv --reuid=65534 --regid=65534 \
		--clear-groups sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	pid=$!
	PIDS+=" $pid"
	ino=$(ino_of "/run/netns/$B")
	for i in $(seq 100); do [ "$(pids_in net "$ino")" = "$pid" ] && [ "$(stat -c %u /proc/$pid)" = 65534 ] && break; sleep 0.02; done
	run row "$ino" -t net
	[ "$(jq -r .pid <<<"$output")" = "$pid" ]
	[ "$(jq -r .user <<<"$output")" = "$(getent passwd 65534 | cut -d: -f1)" ]
	[ "$(jq -r .user <<<"$output")" = "$(ps -o user= -p "$pid")" ]
}

@test "ls shows a namespace bound outside /run/netns by its path" {
	pid=$(start_ns_proc -u)
	PIDS+=" $pid"
	ino=$(ino_of "/proc/$pid/ns/uts")
	# A space, which mountinfo writes as \040.
	file="$BATS_TEST_TMPDIR/uts held"
	touch "$file"
	MOUNTS+=" ${file// /\\040}"
	mount --bind "/proc/$pid/ns/uts" "$file"
	kill "$pid"
	for i in $(seq 100); do [ -z "$(pids_in uts "$ino")" ] && break; sleep 0.02; done
	run row "$ino" -t uts
	assert_success
	[ "$(jq -r .nprocs <<<"$output")" = 0 ]
	[ "$(jq -r '.path | index("'"$file"'") != null' <<<"$output")" = true ]
	[ "$(jq -r '[.names[] | select(. != null)] | length' <<<"$output")" = 0 ]
}

@test "ls lists a netns bound only in a container's mount namespace" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	ino=$(ino_of "/proc/$pid/ns/net")
	# A root of its own, as a container has, with the bind mount made in
	# its private mount namespace: our mount table does not show it.
	root="$BATS_TEST_TMPDIR/root"
	mkdir -p "$root/bin"
	cp /bin/busybox "$root/bin/busybox"
	touch "$root/held"
	unshare -m --propagation private sh -c "
		mount --bind /proc/$pid/ns/net $root/held &&
		exec chroot $root /bin/busybox sleep 600" </dev/null >/dev/null 2>&1 3>&- &
	holder=$!
	disown "$holder" # its SIGKILL in teardown is expected: no report of it
	PIDS+=" $holder"
	wait_exec "$holder" busybox
	kill -KILL "$pid"
	for i in $(seq 100); do [ -z "$(pids_in net "$ino")" ] && break; sleep 0.02; done
	run grep -c "$root/held" /proc/self/mountinfo
	assert_output 0
	[ "$(readlink "/proc/$holder/ns/net")" != "net:[$ino]" ]
	run row "$ino" -t net
	assert_success
	[ "$(jq -r .nprocs <<<"$output")" = 0 ]
	[ "$(jq -r '.path | index("/proc/'"$holder"'/root/held") != null' <<<"$output")" = true ]
	# nsx enters it by that path.
	run "$NSX" -n -t "/proc/$holder/root/held" readlink /proc/self/ns/net
	assert_output "net:[$ino]"
}

@test "ls -J has the same rows as the table" {
	NAMES+=" $B"
	ip netns add "$B"
	fd_held
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	inos="$(ino_of "/run/netns/$B") $INO $(ino_of "/proc/$pid/ns/net")"
	cols=NS,TYPE,NPROCS,PID,USER,NAMES
	table=$("$NSX" ls -t net -r -n -o $cols)
	json=$("$NSX" ls -t net -J -o $cols)
	for ino in $inos; do
		t=$(grep "^$ino " <<<"$table")
		j=$(jq -r --argjson ino "$ino" '.namespaces[] | select(.ns == $ino) |
			[.ns, .type, .nprocs, (.pid // ""), (.user // ""),
			 ([.names[] | select(. != null)] | join(","))] |
			map(tostring) | join(" ")' <<<"$json")
		[ -n "$t" ]
		[ "$t" = "$j" ]
	done
	# Every row of one is a row of the other: the namespaces of one
	# process do not come and go between two runs as the host's do.
	diff <("$NSX" ls -p "$pid" -r -n -o NS,TYPE) \
	     <("$NSX" ls -p "$pid" -J -o NS,TYPE | jq -r '.namespaces[] | "\(.ns) \(.type)"')
}

@test "ls shows a UTF-8 name as text in a UTF-8 locale, as \\xHH in C" {
	n="café-$B"
	NAMES+=" $n"
	ip netns add "$n"
	ino=$(ino_of "/run/netns/$n")
	run env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 "$NSX" ls -t net -o NS,NAMES
	assert_success
	assert_line --regexp "^ *$ino netns:$n\$"
	run env -u LC_ALL -u LC_CTYPE LANG=C "$NSX" ls -t net -o NS,NAMES
	assert_success
	assert_line --regexp "^ *$ino netns:caf\\\\xc3\\\\xa9-$B\$"
	# Raw lines are for scripts: anything but printable ASCII is \xHH
	# in any locale, as in lsns -r and findmnt -r.
	run env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 "$NSX" ls -t net -r -n -o NS,PATH
	assert_line "$ino $(findmnt -r -n -o TARGET "/run/netns/$n")"
}

@test "ls -J is valid JSON with a name that is not UTF-8" {
	# JSON text is UTF-8: a byte that starts no UTF-8 sequence stands for
	# the code point of its value (0xff is U+00FF), as in link -j.
	n="$(printf 'x\xffy')-$B"
	NAMES+=" $n"
	ip netns add "$n"
	ino=$(ino_of "/run/netns/$n")
	for lang in C C.UTF-8; do
		run env -u LC_ALL -u LC_CTYPE LANG=$lang "$NSX" ls -t net -J -o NS,NAMES,PATH
		assert_success
		run python3 -c '
import json, sys
ino, name = int(sys.argv[1]), "x\u00ffy-" + sys.argv[2]
doc = json.loads(sys.stdin.buffer.read().decode("utf-8", errors="strict"))
ns = [x for x in doc["namespaces"] if x["ns"] == ino][0]
print(ns["path"][0] == "/run/netns/" + name, "netns:" + name in ns["names"])
' "$ino" "$B" <<<"$output"
		assert_success
		assert_output "True True"
	done
}

@test "ls -J keeps a name with a newline one item of its array" {
	NLNAME="zz$(printf '\nfake')-$B"
	n=$NLNAME
	ip netns add "$n"
	ino=$(ino_of "/run/netns/$n")
	run "$NSX" ls -t net -J -o NS,NAMES
	assert_success
	run jq -c --argjson ino "$ino" '.namespaces[] | select(.ns == $ino) | .names' <<<"$output"
	assert_output "[\"netns:zz\\\\x0afake-$B\"]"
}

@test "ls fits its table to a narrow terminal, and a pipe gets whole lines" {
	n="$B-$(printf 'x%.0s' $(seq 80))"
	NAMES+=" $n"
	ip netns add "$n"
	run script -qec "stty cols 60; LC_ALL=C '$NSX' ls -t net" /dev/null
	assert_success
	output=${output//$'\r'/}
	assert_line --regexp "^ *$(ino_of "/run/netns/$n") net "
	[ "$(awk '{ print length }' <<<"$output" | sort -n | tail -n 1)" -le 60 ]
	run "$NSX" ls -t net -o NS,NAMES
	assert_line --regexp "^ *$(ino_of "/run/netns/$n") netns:$n\$"
}

@test "ls -t lists only the types asked for" {
	run "$NSX" ls -t uts,ipc -n -r -o TYPE
	assert_success
	[ "$(sort -u <<<"$output" | tr '\n' ' ')" = "ipc uts " ]
}

@test "ls -p lists the namespaces of one process" {
	pid=$(start_ns_proc -n -u)
	PIDS+=" $pid"
	run "$NSX" ls -p "$pid" -n -r -o TYPE,NS
	assert_success
	for t in user cgroup ipc uts net pid mnt time; do
		[ -e "/proc/$pid/ns/$t" ] || continue
		assert_line "$t $(ino_of "/proc/$pid/ns/$t")"
	done
	[ "${#lines[@]}" -eq "$(ls /proc/$pid/ns | grep -vc _for_children)" ]
}

@test "ls --tree puts a namespace under the user namespace that owns it" {
	pid=$(start_ns_proc -U -n)
	PIDS+=" $pid"
	user=$(ino_of "/proc/$pid/ns/user")
	net=$(ino_of "/proc/$pid/ns/net")
	run "$NSX" ls --tree -J
	assert_success
	jq -e --argjson u "$user" --argjson n "$net" \
		'.. | objects | select(.ns? == $u and .type == "user") | .children[] | select(.ns == $n)' <<<"$output"
	# and the owner and parent columns say the same
	run "$NSX" ls -n -r -o NS,ONS,PNS -t user,net
	assert_line "$net $user "
	assert_line "$user $(ino_of /proc/$$/ns/user) $(ino_of /proc/$$/ns/user)"
}

@test "ls with an unknown type or column is a usage error that suggests" {
	run "$NSX" ls -t nett
	assert_failure 2
	assert_output --partial "did you mean 'net'"
	run "$NSX" ls -o NS,NAMS
	assert_failure 2
	assert_output --partial "did you mean NAMES"
	run "$NSX" ls --bogus
	assert_failure 2
}

@test "ls -p of a dead PID fails with one line" {
	sleep 0 & dead=$!
	wait "$dead"
	run "$NSX" ls -p "$dead"
	assert_failure 1
	assert_output "nsx: ls: pid $dead: no such process"
}

@test "ls --help lists the columns" {
	run "$NSX" ls --help
	assert_success
	for c in NS TYPE NPROCS PID USER NETNSID NAMES COMMAND PNS ONS PATH; do
		assert_output --regexp " $c  "
	done
}
