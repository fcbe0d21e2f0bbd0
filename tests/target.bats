#!/usr/bin/env bats
# TARGET forms: PID, PID:INODE, nsfs paths, names, forced sources, and refusals.

load helper

setup() {
	PIDS=""
	TMP=$(mktemp -d)
	NETNS=$(uniq_name t)
	MARK=$TMP/ran
}

teardown() {
	kill_pids
	ip netns del "$NETNS" 2>/dev/null || true
	[ -z "${DOCKER_NETNS:-}" ] || { umount "$DOCKER_NETNS" 2>/dev/null; rm -f "$DOCKER_NETNS"; }
	rm -rf "$TMP"
}

# The pidfd inode of a process (pidfs), as nsenter's PID:INODE wants it.
pidfd_inode() {
	python3 -c 'import os,sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' "$1"
}

# Fail unless nsx printed one "nsx: ..." line, exited 1 and ran nothing.
assert_refused() {
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^nsx: '
	[ ! -e "$MARK" ]
}

@test "enter an ip-netns name, and the same by netns: and path: prefixes" {
	ip netns add "$NETNS"
	want=$(stat -L -c 'net:[%i]' "/run/netns/$NETNS")
	for spec in "$NETNS" "netns:$NETNS" "/run/netns/$NETNS" "path:/run/netns/$NETNS"; do
		run "$NSX" -n -t "$spec" readlink /proc/self/ns/net
		assert_success
		assert_output "$want"
	done
	run ip netns exec "$NETNS" readlink /proc/self/ns/net
	assert_output "$want"
}

@test "enter a /proc/PID/ns path and a pid: prefix" {
	pid=$(start_ns_proc -n -u)
	PIDS+=" $pid"
	run "$NSX" -n -t "/proc/$pid/ns/net" readlink /proc/self/ns/net
	assert_output "$(ns_of "$pid" net)"
	run "$NSX" -u -t "pid:$pid" readlink /proc/self/ns/uts
	assert_output "$(ns_of "$pid" uts)"
}

@test "a docker netns file is found by its name" {
	[ -d /run/docker/netns ] || skip "no /run/docker/netns on this host"
	ip netns add "$NETNS"
	DOCKER_NETNS=/run/docker/netns/$NETNS
	touch "$DOCKER_NETNS"
	mount --bind "/run/netns/$NETNS" "$DOCKER_NETNS"
	ip netns del "$NETNS"
	run "$NSX" -n -t "docker-netns:$NETNS" readlink /proc/self/ns/net
	assert_success
	assert_output "$(stat -L -c 'net:[%i]' "$DOCKER_NETNS")"
	run "$NSX" -n -t "$NETNS" readlink /proc/self/ns/net
	assert_output "$(stat -L -c 'net:[%i]' "$DOCKER_NETNS")"
}

@test "PID:INODE enters while the inode matches" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	ino=$(pidfd_inode "$pid")
	run "$NSX" -n -t "$pid:$ino" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "PID:INODE with another inode is a recycled PID and is refused" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	ino=$(pidfd_inode "$pid")
	run "$NSX" -n -t "$pid:$((ino + 1))" touch "$MARK"
	assert_refused
	assert_output --partial "the PID was reused"
}

@test "a PID that does not exist is refused" {
	run "$NSX" -n -t 2147483646 touch "$MARK"
	assert_refused
	assert_output "nsx: pid 2147483646: no such process"
}

@test "a process that exits between resolution and entry is not entered" {
	# The target's /etc/passwd is a FIFO: nsx blocks reading it for -S,
	# the target dies meanwhile, then the FIFO is fed.
	mkfifo "$TMP/fifo"
	unshare -m -n sh -c "mount --bind $TMP/fifo /etc/passwd && exec sleep 600" 3>&- &
	pid=$!
	PIDS+=" $pid"
	for i in $(seq 100); do [ -p "/proc/$pid/root/etc/passwd" ] && break; sleep 0.02; done
	"$NSX" -n -t "$pid" -S someone touch "$MARK" >"$TMP/out" 2>&1 3>&- &
	nsxpid=$!
	# nsx waits in the open of the FIFO for a writer.
	for i in $(seq 250); do
		[ "$(cat "/proc/$nsxpid/wchan" 2>/dev/null)" = wait_for_partner ] && break
		sleep 0.02
	done
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	echo "someone:x:1000:1000::/:/bin/sh" >"$TMP/fifo"
	wait "$nsxpid" && status=0 || status=$?
	[ "$status" -eq 1 ]
	run cat "$TMP/out"
	assert_output "nsx: pid $pid: process exited"
	[ ! -e "$MARK" ]
}

@test "a regular file, a directory and a non-nsfs file are refused" {
	echo x >"$TMP/file"
	run "$NSX" -n -t "$TMP/file" touch "$MARK"
	assert_refused
	assert_output "nsx: $TMP/file: not a namespace file (a regular file)"
	run "$NSX" -n -t "$TMP" touch "$MARK"
	assert_refused
	assert_output "nsx: $TMP: not a namespace file (a directory)"
	run "$NSX" -n -t /dev/null touch "$MARK"
	assert_refused
	assert_output "nsx: /dev/null: not a namespace file"
	run "$NSX" -n -t "$TMP/missing" touch "$MARK"
	assert_refused
	assert_output "nsx: $TMP/missing: No such file or directory"
}

@test "a path names one namespace: asking it for another type says its type" {
	ip netns add "$NETNS"
	run "$NSX" -u -t "/run/netns/$NETNS" touch "$MARK"
	assert_refused
	assert_output "nsx: /run/netns/$NETNS is a net namespace, not uts"
	run "$NSX" -u -t "$NETNS" touch "$MARK"
	assert_refused
	assert_output "nsx: netns:$NETNS is a net namespace, not uts"
	run "$NSX" --uts="/run/netns/$NETNS" touch "$MARK"
	assert_refused
	assert_output "nsx: /run/netns/$NETNS is a net namespace, not uts"
}

@test "-a with a path target enters just that namespace" {
	ip netns add "$NETNS"
	run "$NSX" -a -t "$NETNS" sh -c 'readlink /proc/self/ns/net; readlink /proc/self/ns/uts'
	assert_success
	assert_line --index 0 "$(stat -L -c 'net:[%i]' "/run/netns/$NETNS")"
	assert_line --index 1 "$(readlink /proc/self/ns/uts)"
}

@test "a name found nowhere says where nsx looked" {
	run "$NSX" -n -t "$NETNS" touch "$MARK"
	assert_refused
	assert_output --partial "nsx: target '$NETNS': not found (looked in /run/netns, /run/docker/netns"
}

@test "malformed targets are refused" {
	for spec in -1 12abc 4294967297 0 "" "bogus:x" "netns:../x" "netns:"; do
		run "$NSX" -n -t "$spec" touch "$MARK"
		assert_refused
	done
	run "$NSX" -n -t 4294967297 true
	assert_output "nsx: 4294967297: invalid PID"
	run "$NSX" -n -t bogus:x true
	assert_output --partial "unknown target source"
}

@test "-t twice, no namespace, and a missing -r directory are refused" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" -t "$pid" touch "$MARK"
	assert_refused
	assert_output "nsx: --target given twice"
	run "$NSX" -t "$pid" touch "$MARK"
	assert_refused
	assert_output --partial "no namespace selected"
	run "$NSX" -n -t "$pid" -r"$TMP/missing" touch "$MARK"
	assert_refused
	assert_output "nsx: --root $TMP/missing: No such file or directory"
	run "$NSX" -n touch "$MARK"
	assert_refused
	assert_output "nsx: --net needs --target or a file (--net=FILE)"
}

@test "an unknown option is a usage error" {
	run "$NSX" --bogus
	assert_failure 1
	assert_output "nsx: --bogus: unknown option (see 'nsx --help')"
	run "$NSX" --tagret 1
	assert_output "nsx: --tagret: unknown option (did you mean --target?)"
	run "$NSX" -q
	assert_output "nsx: -q: unknown option (see 'nsx --help')"
	run "$NSX" -n -t
	assert_failure 1
	assert_output "nsx: -t: option needs an argument (see 'nsx --help')"
}

@test "a mistyped command suggests the command, and runs nothing" {
	run "$NSX" lnk show
	assert_failure 2
	assert_output "nsx: lnk: unknown command (did you mean 'nsx link'?)"
	run "$NSX" netsn list
	assert_failure 2
	assert_output "nsx: netsn: unknown command (did you mean 'nsx netns'?)"
}

@test "PID:0 is an invalid inode, not a reused PID" {
	run "$NSX" -n -t "$$:0" touch "$MARK"
	assert_refused
	assert_output "nsx: $$:0: invalid inode: 0 is no pidfd's inode"
	refute_output --partial reused
}

@test "a thread id enters that thread's namespaces, as nsenter does" {
	# The second thread unshares its own net namespace: only its
	# /proc/TID/ns/net (what nsenter enters) shows it.
	python3 -c 'import ctypes, threading, time, sys
libc = ctypes.CDLL(None, use_errno=True)
def run():
    libc.unshare(0x40000000)
    open(sys.argv[1], "w").write(str(threading.get_native_id()))
    time.sleep(600)
threading.Thread(target=run, daemon=True).start()
time.sleep(600)' "$MARK.tid" 3>&- &
	pid=$!
	PIDS+=" $pid"
	for _ in $(seq 250); do [ -s "$MARK.tid" ] && break; sleep 0.02; done
	tid=$(cat "$MARK.tid")
	[ "$tid" != "$pid" ]
	want=$(readlink "/proc/$tid/ns/net")
	[ "$want" != "$(readlink "/proc/$pid/ns/net")" ]
	[ "$(nsenter -n -t "$tid" readlink /proc/self/ns/net)" = "$want" ]
	run "$NSX" -n -t "$tid" readlink /proc/self/ns/net
	assert_success
	assert_output "$want"
	run "$NSX" -n -t "pid:$tid" readlink /proc/self/ns/net
	assert_output "$want"
}
