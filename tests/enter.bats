#!/usr/bin/env bats
# Entry mode: nsenter's options, against real namespaces, compared with nsenter.

load helper
bats_require_minimum_version 1.5.0

setup() {
	PIDS=""
	TMP=$(mktemp -d)
}

teardown() {
	kill_pids
	rm -rf "$TMP"
}

# The namespaces a program sees, one "type:[inode]" line each.
ns_list='for t in mnt uts ipc net pid user cgroup time; do readlink /proc/self/ns/$t; done; true'

@test "enter a process's net namespace by PID" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	refute_output "$(readlink /proc/self/ns/net)"
}

@test "each namespace option enters that namespace only, as nsenter does" {
	pid=$(start_ns_proc -m -u -i -n -p -C -T --mount-proc)
	PIDS+=" $pid"
	for opt in m u i n p C T; do
		want=$(nsenter -$opt -t "$pid" sh -c "$ns_list")
		run "$NSX" -$opt -t "$pid" sh -c "$ns_list"
		assert_success
		assert_output "$want"
	done
}

@test "-a enters every namespace of the target, like nsenter -a" {
	pid=$(start_ns_proc -m -u -i -n -p -C --mount-proc)
	PIDS+=" $pid"
	run "$NSX" -a -t "$pid" sh -c "$ns_list"
	assert_success
	assert_output "$(nsenter -a -t "$pid" sh -c "$ns_list")"
	assert_line "$(ns_of "$pid" net)"
	assert_line "$(ns_of "$pid" mnt)"
}

@test "-a skips the user namespace the caller already shares" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -a -t "$pid" readlink /proc/self/ns/user
	assert_success
	assert_output "$(readlink /proc/self/ns/user)"
}

@test "a namespace given as a file: -nFILE, --net=FILE and -n=FILE" {
	pid=$(start_ns_proc -n -u)
	PIDS+=" $pid"
	want=$(ns_of "$pid" net)
	run "$NSX" -n/proc/"$pid"/ns/net readlink /proc/self/ns/net
	assert_output "$want"
	run "$NSX" --net=/proc/"$pid"/ns/net readlink /proc/self/ns/net
	assert_output "$want"
	run "$NSX" --uts=/proc/"$pid"/ns/uts -n/proc/"$pid"/ns/net sh -c "$ns_list"
	assert_output "$(nsenter --uts=/proc/"$pid"/ns/uts --net=/proc/"$pid"/ns/net sh -c "$ns_list")"
}

@test "-p forks so the program is inside the PID namespace" {
	pid=$(start_ns_proc -p --mount-proc -m)
	PIDS+=" $pid"
	run "$NSX" -p -m -t "$pid" sh -c 'echo $$; ps -o pid= -p 1 >/dev/null && echo ok'
	assert_success
	[ "${lines[0]}" -gt 1 ]
	# The target's sleep is PID 1 there, and our shell is a small PID.
	run "$NSX" -p -m -t "$pid" cat /proc/1/comm
	assert_output "sleep"
}

@test "-F does not fork: the program stays in its PID namespace" {
	pid=$(start_ns_proc -p --mount-proc -m)
	PIDS+=" $pid"
	run "$NSX" -F -p -t "$pid" sh -c 'readlink /proc/$$/ns/pid_for_children; readlink /proc/$$/ns/pid'
	assert_success
	assert_line --index 0 "$(ns_of "$pid" pid)"
	assert_line --index 1 "$(readlink /proc/self/ns/pid)"
}

@test "hostname inside a uts namespace" {
	pid=$(start_ns_proc -u)
	PIDS+=" $pid"
	nsenter -u -t "$pid" hostname nsx-uts-test
	run "$NSX" -u -t "$pid" hostname
	assert_success
	assert_output "nsx-uts-test"
	[ "$(hostname)" != "nsx-uts-test" ]
}

@test "-U enters a user namespace as uid 0 there, as nsenter does" {
	pid=$(start_ns_proc -U -r -n)
	PIDS+=" $pid"
	run "$NSX" -U -n -t "$pid" sh -c 'id -u; id -g; readlink /proc/self/ns/user'
	assert_success
	assert_output "$(nsenter -U -n -t "$pid" sh -c 'id -u; id -g; readlink /proc/self/ns/user')"
	assert_line --index 0 0
	assert_line --index 2 "$(ns_of "$pid" user)"
}

@test "--user-parent enters the parent of the target's user namespace" {
	# A user namespace inside a user namespace: the parent is the outer one.
	unshare -U -r --fork --kill-child unshare -U -r sleep 600 3>&- &
	outer=$!
	PIDS+=" $outer"
	for i in $(seq 100); do
		pid=$(cat "/proc/$outer/task/$outer/children" 2>/dev/null)
		pid=${pid%% *}
		[ -n "$pid" ] && [ "$(ns_of "$pid" user)" != "$(ns_of "$outer" user)" ] && break
		sleep 0.02
	done
	run "$NSX" -U --user-parent -t "$pid" readlink /proc/self/ns/user
	assert_success
	assert_output "$(ns_of "$outer" user)"
	refute_output "$(ns_of "$pid" user)"
}

@test "--keep-caps keeps the user namespace's capabilities for the program" {
	pid=$(start_ns_proc -U -r -n)
	PIDS+=" $pid"
	run "$NSX" -U -t "$pid" -S 0 --keep-caps grep CapAmb /proc/self/status
	assert_success
	refute_output --regexp 'CapAmb:[[:space:]]+0+$'
	run "$NSX" -U -t "$pid" -S 0 grep CapAmb /proc/self/status
	assert_output --regexp 'CapAmb:[[:space:]]+0+$'
}

@test "--preserve-credentials keeps our uid in the user namespace" {
	pid=$(start_ns_proc -U -r -n)
	PIDS+=" $pid"
	run "$NSX" -U -t "$pid" --preserve-credentials id -u
	assert_success
	assert_output "$(nsenter -U -t "$pid" --preserve-credentials id -u)"
}

@test "-S and -G set numeric ids, as nsenter does" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" -S 1234 -G 4321 sh -c 'id -u; id -g; id -G'
	assert_success
	assert_line --index 0 1234
	assert_line --index 1 4321
	assert_line --index 2 4321
	run nsenter -n -t "$pid" -S 1234 -G 4321 sh -c 'id -u; id -g'
	assert_line --index 0 1234
	assert_line --index 1 4321
}

@test "-S takes a user name from the target's own /etc/passwd" {
	echo "nsxonly:x:4242:4343::/:/bin/sh" >"$TMP/passwd"
	printf 'nsxgrp:x:4343:\nextra:x:5555:nsxonly\n' >"$TMP/group"
	# The target sees other passwd and group files in its mount namespace.
	unshare -m -n sh -c "mount --bind $TMP/passwd /etc/passwd &&
		mount --bind $TMP/group /etc/group && exec sleep 600" 3>&- &
	pid=$!
	PIDS+=" $pid"
	for _ in $(seq 100); do
		grep -q nsxgrp "/proc/$pid/root/etc/group" 2>/dev/null && break
		sleep 0.02
	done
	run "$NSX" -n -t "$pid" -S nsxonly sh -c 'id -u; id -g; id -G'
	assert_success
	assert_line --index 0 4242
	assert_line --index 1 4343
	assert_line --index 2 "4343 5555"
	run "$NSX" -n -t "$pid" -G nsxgrp id -g
	assert_output 4343
	# The host's own users are not the target's.
	run "$NSX" -n -t "$pid" -S root id -u
	assert_failure 1
	assert_output "nsx: --setuid: user root: no such user in the target's /etc/passwd"
}

@test "-S follow takes the target process's uid and gid" {
	setpriv --reuid=4567 --regid=4568 --clear-groups sleep 600 3>&- &
	pid=$!
	PIDS+=" $pid"
	wait_exec "$pid" sleep
	run "$NSX" -u -t "$pid" -S follow -G follow sh -c 'id -u; id -g'
	assert_success
	assert_line --index 0 4567
	assert_line --index 1 4568
}

@test "-r and -w: the target's root and working directory" {
	pid=$(start_ns_proc -m -n)
	PIDS+=" $pid"
	mkdir -p "$TMP/sub/dir" "$TMP/sub/bin"
	cp /bin/busybox "$TMP/sub/bin/busybox"
	# -rDIR is the new root: the program is looked up inside it.
	run "$NSX" -r"$TMP/sub" -n -t "$pid" /bin/busybox ls /
	assert_success
	assert_output "$(printf 'bin\ndir')"
	run "$NSX" -r -w -n -t "$pid" pwd
	assert_success
	assert_output "$(nsenter -r -w -n -t "$pid" pwd)"
	run "$NSX" -w"$TMP/sub/dir" -n -t "$pid" pwd
	assert_output "$TMP/sub/dir"
}

@test "-W sets the working directory inside the mount namespace" {
	pid=$(start_ns_proc -m)
	PIDS+=" $pid"
	nsenter -m -t "$pid" sh -c "mkdir -p /tmp/nsx-wdns-$$ && mount -t tmpfs none /tmp/nsx-wdns-$$ && touch /tmp/nsx-wdns-$$/inside"
	run "$NSX" -m -t "$pid" -W "/tmp/nsx-wdns-$$" ls
	assert_success
	assert_output "inside"
	[ ! -e "/tmp/nsx-wdns-$$/inside" ]
	rmdir "/tmp/nsx-wdns-$$" 2>/dev/null || true
}

@test "with a new root and no -w the program starts in / and not in a host directory" {
	pid=$(start_ns_proc -m)
	PIDS+=" $pid"
	cd "$TMP"
	run "$NSX" -m -r -t "$pid" pwd
	assert_success
	assert_output "/"
}

@test "with a new root and no -w, a directory under it is kept, as nsenter keeps it" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	mkdir -p "$TMP/r/bin" "$TMP/r/sub"
	cp /bin/busybox "$TMP/r/bin/busybox"
	cd "$TMP/r/sub"
	run "$NSX" -r"$TMP/r" -n -t "$pid" /bin/busybox pwd
	assert_success
	assert_output "$(nsenter -r"$TMP/r" -n -t "$pid" /bin/busybox pwd)"
	assert_output "/sub"
}

@test "-e takes the target's environment" {
	env -i NSX_MARK=target-env PATH=/usr/bin:/bin unshare -n sleep 600 3>&- &
	pid=$!
	PIDS+=" $pid"
	wait_exec "$pid" sleep
	run env NSX_MINE=1 "$NSX" -e -n -t "$pid" env
	assert_success
	assert_line "NSX_MARK=target-env"
	refute_line "NSX_MINE=1"
}

@test "-c joins the target's cgroup" {
	root=$(findmnt -n -o TARGET -t cgroup2 | head -n1)
	[ -n "$root" ] || skip "no cgroup2 file system mounted"
	cg=$root/nsx-test-$$
	mkdir "$cg" || skip "cannot create a cgroup here"
	sleep 600 3>&- &
	pid=$!
	PIDS+=" $pid"
	echo "$pid" >"$cg/cgroup.procs" || { rmdir "$cg"; skip "cannot move a process into a cgroup here"; }
	run "$NSX" -c -t "$pid" -F cat /proc/self/cgroup
	kill "$pid"; wait "$pid" 2>/dev/null || true
	for i in $(seq 50); do rmdir "$cg" 2>/dev/null && break; sleep 0.1; done
	assert_success
	assert_line "0::/nsx-test-$$"
}

@test "-N enters the network namespace of a socket the target holds" {
	command -v python3 >/dev/null || skip "python3 needed to hold a socket"
	unshare -n python3 -c 'import socket,os,time
s=socket.socket(); os.dup2(s.fileno(), 9); time.sleep(600)' 3>&- &
	pid=$!
	PIDS+=" $pid"
	for i in $(seq 200); do
		case $(readlink "/proc/$pid/fd/9") in socket:*) break ;; esac
		sleep 0.05
	done
	run "$NSX" -t "$pid" -N 9 readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "the default program is \$SHELL, then /bin/sh" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run env SHELL=/bin/sh "$NSX" -n -t "$pid" <<<'readlink /proc/self/ns/net'
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run env -u SHELL "$NSX" -n -t "$pid" <<<'echo $0'
	assert_output "-sh"
}

@test "exit status: the program's, 128+N for a signal, 126, 127" {
	pid=$(start_ns_proc -n -p)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" sh -c 'exit 42'
	assert_failure 42
	run "$NSX" -p -t "$pid" sh -c 'exit 43'
	assert_failure 43
	run "$NSX" -p -t "$pid" sh -c 'kill -TERM $$'
	assert_failure 143
	run -127 "$NSX" -n -t "$pid" /nonexistent/program
	assert_failure 127
	assert_output "nsx: failed to execute /nonexistent/program: No such file or directory"
	touch "$TMP/noexec"
	run "$NSX" -n -t "$pid" "$TMP/noexec"
	assert_failure 126
	assert_output --partial "Permission denied"
}

@test "a signal sent to nsx while it waits reaches the program" {
	pid=$(start_ns_proc -p --mount-proc -m)
	PIDS+=" $pid"
	"$NSX" -p -t "$pid" sh -c 'trap "echo got-term; exit 7" TERM; touch '"$TMP"'/ready; while :; do sleep 0.05; done' >"$TMP/out" 3>&- &
	nsxpid=$!
	for i in $(seq 600); do [ -e "$TMP/ready" ] && break; sleep 0.05; done
	kill -TERM "$nsxpid"
	wait "$nsxpid" && status=0 || status=$?
	[ "$status" -eq 7 ]
	grep -q got-term "$TMP/out"
}

@test "options after the program name reach the program untouched" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" echo -S 0 -t x
	assert_success
	assert_output "-S 0 -t x"
}

@test "a program whose name is a command runs after an option or --" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	printf '#!/bin/sh\necho program-link\n' >"$TMP/link"
	chmod +x "$TMP/link"
	run env PATH="$TMP:$PATH" "$NSX" -n -t "$pid" link
	assert_success
	assert_output "program-link"
	run env PATH="$TMP:$PATH" "$NSX" -n -t "$pid" -- link
	assert_output "program-link"
}

@test "with -m, a -w directory is the caller's: refused, never looked up inside; -W is" {
	dir=/tmp/nsx-wd-$$
	mkdir -p "$dir"
	touch "$dir/HOSTFILE"
	# The target sees a tmpfs over the same path, holding another file.
	unshare -m sh -c "mount -t tmpfs none $dir && touch $dir/NSFILE && exec sleep 600" 3>&- &
	pid=$!
	PIDS+=" $pid"
	for _ in $(seq 250); do [ -e "/proc/$pid/root$dir/NSFILE" ] && break; sleep 0.02; done
	# nsenter hands the host's directory to a program in the target's
	# mount namespace, from which .. walks the host's tree (nsx.1).
	want=$(nsenter -m -t "$pid" -w"$dir" ls)
	run "$NSX" -m -t "$pid" -w"$dir" ls
	run2=$("$NSX" -m -t "$pid" -W"$dir" ls)
	rm -rf "$dir"
	assert_equal "$want" HOSTFILE
	assert_failure 1
	assert_output "nsx: --wd $dir: outside the new root or the mount namespace entered (-W names a directory inside)"
	[ "$run2" = NSFILE ]
}

@test "--wd=DIR relative to the caller's directory, and . and ..: the caller's" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	mkdir -p "$TMP/a/b"
	cd "$TMP/a/b"
	for wd in . .. ../b "$TMP/a"; do
		want=$(nsenter -n -t "$pid" --wd="$wd" /bin/pwd)
		run "$NSX" -n -t "$pid" --wd="$wd" /bin/pwd
		assert_success
		assert_output "$want"
	done
	run "$NSX" -n -t "$pid" --wd=.. /bin/pwd
	assert_output "$TMP/a"
	# Into a mount namespace, the caller's . is refused, not taken for /.
	pid2=$(start_ns_proc -m)
	PIDS+=" $pid2"
	run "$NSX" -m -t "$pid2" --wd=. /bin/pwd
	assert_failure 1
	assert_output --partial "nsx: --wd .: outside"
}

@test "--root=R --wd=R/sub starts in /sub of the new root" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	mkdir -p "$TMP/r/sub" "$TMP/r/bin"
	cp /bin/busybox "$TMP/r/bin/busybox"
	run "$NSX" --root="$TMP/r" --wd="$TMP/r/sub" -n -t "$pid" /bin/busybox pwd
	assert_success
	assert_output "/sub"
	run "$NSX" -n -t "$pid" -r"$TMP/r" -w"$TMP/r/sub" /bin/busybox pwd
	assert_output "$(nsenter -n -t "$pid" -r"$TMP/r" -w"$TMP/r/sub" /bin/busybox pwd)"
}

@test "a working directory outside the new root is refused, not handed over" {
	pid=$(start_ns_proc -m)
	PIDS+=" $pid"
	mkdir -p "$TMP/newroot/bin" "$TMP/elsewhere"
	cp /bin/busybox "$TMP/newroot/bin/busybox"
	cd "$TMP/elsewhere"
	# -w without a directory: the target's cwd, which is not under the new root.
	run "$NSX" -r"$TMP/newroot" -w -t "$pid" -n /bin/busybox pwd
	assert_failure 1
	assert_output "nsx: working directory is outside the target's root and mounts"
}

@test "entry mode loads no locale data; a command does" {
	# What the nsx binary opens, not a wrapper around it (valgrind's).
	[ "$(head -c 4 "$NSX")" = $'\x7fELF' ] || skip "$NSX is not the nsx binary itself"
	# The leak checker cannot run under a tracer.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	# Up to the exec of the program: the program may load its own.
	env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 \
		strace -o "$TMP/trace" -e trace=openat,execve "$NSX" -n -t $$ true
	run awk 'NR > 1 && /^execve\(/ { exit } { print }' "$TMP/trace"
	refute_output --partial /usr/lib/locale
	env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 \
		strace -o "$TMP/trace" -e trace=openat "$NSX" ls -t uts -n -o NS
	run grep -c /usr/lib/locale "$TMP/trace"
	[ "$output" -gt 0 ]
}

@test "nsx loads its shared libraries from the host before it enters anything" {
	# Dynamically linked against libmnl, libcap-ng and libsmartcols; the
	# loader maps them at exec, from the host, and nothing is opened as a
	# library later (no dlopen, no NSS module), so no container's copy of
	# a library can run in nsx. A property of the binary itself, not of
	# a wrapper around it (valgrind's).
	[ "$(head -c 4 "$NSX")" = $'\x7fELF' ] || skip "$NSX is not the nsx binary itself"
	run readelf -d "$NSX"
	assert_success
	assert_output --partial 'Shared library: [libmnl.so.0]'
	assert_output --partial 'Shared library: [libcap-ng.so.0]'
	assert_output --partial 'Shared library: [libsmartcols.so.1]'
	# What the loader maps for it, and for what it needs in turn.
	needed=$(ldd "$NSX" | sed -n 's/^[[:space:]]*\([^[:space:]]*\.so[^[:space:]]*\).*/\1/p')
	needed=$(for lib in $needed; do echo "${lib##*/}"; done)
	# The leak checker cannot run under a tracer.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	for cmd in "-n -t $$ true" "link show lo" "ls -t net -n -o NS"; do
		# shellcheck disable=SC2086
		run strace -f -e trace=openat,setns,execve -o "$TMP/trace" "$NSX" $cmd
		assert_success
		run grep -E 'libnss' "$TMP/trace"
		assert_failure
		opened=$(sed -n 's/.*openat([^"]*"\([^"]*\.so[^"]*\)".*= [0-9][0-9]*$/\1/p' "$TMP/trace" |
			grep -v '/ld\.so\.cache$' || true)
		for lib in $opened; do
			grep -qxF "${lib##*/}" <<<"$needed" ||
				fail "$cmd opened $lib, which $NSX is not linked with"
		done
		# No .so is opened from the first setns to the program's exec.
		run sed -n '/setns(/,/execve(/p' "$TMP/trace"
		refute_output --regexp '\.so[."]'
	done
}

@test "-a without -t is refused as nsenter refuses it, and runs nothing" {
	want=$(nsenter -a true 2>&1) && false
	assert_equal "$want" "nsenter: no target PID specified for --all"
	run "$NSX" -a touch "$TMP/ran"
	assert_failure 1
	assert_output "nsx: no target PID specified for --all"
	run "$NSX" -a --net=/proc/self/ns/net touch "$TMP/ran"
	assert_failure 1
	assert_output "nsx: no target PID specified for --all"
	[ ! -e "$TMP/ran" ]
}

@test "a program path through a non-directory cannot be executed: 126, as nsenter" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run nsenter -n -t "$pid" /etc/passwd/x
	assert_failure 126
	run "$NSX" -n -t "$pid" /etc/passwd/x
	assert_failure 126
	assert_output "nsx: failed to execute /etc/passwd/x: Not a directory"
}

@test "-a enters a namespace the target shares with us, as nsenter does, but not our user ns" {
	sleep 600 3>&- &
	pid=$!
	PIDS+=" $pid"
	cd "$TMP"
	want=$(nsenter -a -t "$pid" sh -c 'pwd; [ $$ != '"$$"' ] && echo forked')
	run "$NSX" -a -t "$pid" sh -c 'pwd; [ $$ != '"$$"' ] && echo forked'
	assert_success
	assert_output "$want"
	assert_line --index 0 "/"
}

@test "signals the caller ignores stay ignored in the program, as under nsenter" {
	pid=$(start_ns_proc -n -p --mount-proc -m)
	PIDS+=" $pid"
	for opt in -n -p; do
		want=$(sh -c 'trap "" HUP INT QUIT TERM USR1; exec nsenter '"$opt"' -t '"$pid"' grep SigIgn /proc/self/status')
		run sh -c 'trap "" HUP INT QUIT TERM USR1; exec "$0" '"$opt"' -t '"$pid"' grep SigIgn /proc/self/status' "$NSX"
		assert_success
		assert_output "$want"
		# HUP, INT, QUIT, USR1, TERM: bits 1, 2, 3, 10, 15.
		[ $((0x${output##*	} & 0x4207)) -eq $((0x4207)) ]
	done
}

@test "under nohup, a HUP sent to nsx does not kill the program" {
	pid=$(start_ns_proc -p --mount-proc -m)
	PIDS+=" $pid"
	nohup "$NSX" -p -t "$pid" sh -c 'touch '"$TMP"'/ready; while [ ! -e '"$TMP"'/go ]; do sleep 0.02; done; echo survived' >"$TMP/out" 2>/dev/null 3>&- &
	nsxpid=$!
	for _ in $(seq 250); do [ -e "$TMP/ready" ] && break; sleep 0.02; done
	kill -HUP "$nsxpid"
	# Ask the program itself too: nsenter leaves it ignored there.
	child=$(pgrep -P "$nsxpid" -x sh)
	kill -HUP "$child"
	touch "$TMP/go"
	wait "$nsxpid"
	assert_equal "$(cat "$TMP/out")" survived
}

@test "-U drops supplementary groups, also in a user ns whose setgroups is deny" {
	# unshare -r writes "deny" to setgroups.
	pid=$(start_ns_proc -r)
	PIDS+=" $pid"
	[ "$(cat "/proc/$pid/setgroups")" = deny ]
	pid2=$(start_mapped_proc 0 0)
	PIDS+=" $pid2"
	[ "$(cat "/proc/$pid2/setgroups")" = allow ]
	for p in "$pid" "$pid2"; do
		for opts in "-U" "-a" "-U -S0 -G0"; do
			# shellcheck disable=SC2086
			want=$(setpriv --groups 4,24 -- nsenter $opts -t "$p" grep Groups /proc/self/status)
			# shellcheck disable=SC2086
			run setpriv --groups 4,24 -- "$NSX" $opts -t "$p" grep Groups /proc/self/status
			assert_success
			assert_output "$want"
			assert_output --regexp '^Groups:[[:space:]]*$'
		done
	done
}

@test "-S follow -G follow into a user ns take the ids as that namespace sees them" {
	pid=$(start_mapped_proc 1004 1005)
	PIDS+=" $pid"
	[ "$(stat -c %u "/proc/$pid")" = 101004 ]
	run "$NSX" -U -S follow -G follow -t "$pid" sh -c 'id -u; id -g'
	assert_success
	# nsenter 2.38 has no 'follow'; 2.42's fstat()s the target's /proc/PID
	# once it is in the user namespace, which maps the ids into it.
	assert_output "$(printf '1004\n1005')"
	run "$NSX" -a -S follow -t "$pid" id -u
	assert_success
	assert_output 1004
}

@test "-e passes the target's environment whole, however large" {
	# 14 variables of 100 kB each: more than any fixed 1 MiB buffer.
	python3 -c 'import os
env = {"V%02d" % i: chr(65 + i) * 100000 for i in range(14)}
env["PATH"] = "/usr/bin:/bin"
os.execve("/usr/bin/unshare", ["unshare", "-u", "sleep", "600"], env)' 3>&- &
	pid=$!
	PIDS+=" $pid"
	wait_exec "$pid" sleep
	# nsenter 2.38 has no -e; 2.42's passes every variable on.
	want=$(tr '\0' '\n' <"/proc/$pid/environ" | grep ^V | sort | md5sum; echo 14)
	run "$NSX" -e -u -t "$pid" sh -c 'env | grep ^V | sort | md5sum; env | grep -c ^V'
	assert_success
	assert_output "$want"
	assert_line --index 1 14
}

@test "-r R -w: a target cwd under R but in another mount namespace is refused, as nsx.1 says" {
	mkdir -p "$TMP/r/bin" "$TMP/r/sub"
	cp /bin/busybox "$TMP/r/bin/busybox"
	(cd "$TMP/r/sub" && exec unshare -m sleep 600 </dev/null >/dev/null 2>&1 3>&-) &
	pid=$!
	PIDS+=" $pid"
	wait_exec "$pid" sleep
	[ "$(readlink "/proc/$pid/cwd")" = "$TMP/r/sub" ]
	# nsenter hands the directory over, and from it .. walks out of the
	# new root: ../../.. is not /, as it would be inside R.
	run nsenter -n --root="$TMP/r" -w -t "$pid" /bin/busybox stat -c %i ../../.. /
	assert_success
	[ "${lines[0]}" != "${lines[1]}" ]
	run "$NSX" -n --root="$TMP/r" -w -t "$pid" /bin/busybox stat -c %i ../../.. /
	assert_failure 1
	assert_output "nsx: working directory is outside the target's root and mounts"
}
