#!/usr/bin/env bats
# Entry mode against nsenter: one table of invocations, each run through
# nsx and through the installed nsenter against the same real targets,
# comparing what the program prints (its namespaces, ids, groups,
# capabilities, ignored signals, working directory) and the exit status.
# Options nsenter 2.38 lacks are compared with what nsenter documents,
# written as the nsenter invocation that means the same.

load helper
bats_require_minimum_version 1.5.0

# What the program reports about itself: a script given to sh -c, so
# that no file of ours need be readable as the ids entered.
REPORT_SH=$(cat <<'EOF'
for t in cgroup ipc mnt net pid pid_for_children time time_for_children user uts; do
	printf '%s ' "$t"; readlink "/proc/self/ns/$t" || echo -
done
id
grep -E '^(Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|SigIgn):' /proc/self/status
pwd -P
EOF
)
export REPORT_SH

# A thread (not its group's leader) that unshared its own net namespace.
start_thread() {
	python3 -c 'import ctypes, threading, time, sys
def run():
    ctypes.CDLL(None).unshare(0x40000000)
    open(sys.argv[1], "w").write(str(threading.get_native_id()))
    time.sleep(600)
threading.Thread(target=run, daemon=True).start()
time.sleep(600)' "$1" </dev/null >/dev/null 2>&1 3>&- &
	echo "$!"
}

setup_file() {
	local dir=$BATS_FILE_TMPDIR
	export CALLER=$dir/caller D=$dir/mnt R=$dir/root
	export NOEXEC=$dir/noexec PARITY_PIDS=""
	mkdir -p "$CALLER" "$D" "$R/bin" "$R/sub" "$R/proc"
	: >"$NOEXEC"
	cp /bin/busybox "$R/bin/busybox"
	for app in sh readlink id grep cat pwd printf; do ln -s busybox "$R/bin/$app"; done
	mount -t proc proc "$R/proc"
	# Every namespace but user; its own tmpfs over $D, its cwd in it.
	unshare -m -u -i -n -p -C -T --mount-proc --fork --kill-child sh -c \
		"mount -t tmpfs none $D && mkdir $D/cwd && cd $D/cwd && exec sleep 600" \
		</dev/null >/dev/null 2>&1 3>&- &
	T=$(forked_child $!)
	PARITY_PIDS+=" $T"
	wait_exec "$T" sleep
	TU=$(start_mapped_proc 1004 1005)
	PARITY_PIDS+=" $TU"
	# A user namespace whose setgroups is "deny", as unshare -r makes.
	TD=$(start_ns_proc -r)
	PARITY_PIDS+=" $TD"
	# A user namespace made by an unprivileged user (nobody), as a
	# rootless container's is.
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -U -r --fork --kill-child sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	TN=$(forked_child $!)
	PARITY_PIDS+=" $TN"
	wait_exec "$TN" sleep
	sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	TS=$!
	PARITY_PIDS+=" $TS"
	TTP=$(start_thread "$dir/tid")
	PARITY_PIDS+=" $TTP"
	for _ in $(seq 250); do [ -s "$dir/tid" ] && break; sleep 0.02; done
	TT=$(cat "$dir/tid")
	export T TU TD TN TS TT
}

teardown_file() {
	local p
	for p in $PARITY_PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	umount "$R/proc" 2>/dev/null || true
}

# One run: stdout, then "status=N". $1 the tool, $2 a wrapper command
# (the caller), $3 the options, $4 the program; all expanded here, so a
# case can name $T, $R. No program: the report.
run_tool() {
	local tool=$1 wrap=$2 opts=$3 prog=${4:-'/bin/sh -c "$REPORT_SH"'} st=0
	(cd "$CALLER" && eval "exec $wrap \"\$tool\" $opts $prog") \
		<"${INPUT:-/dev/null}" 2>/dev/null || st=$?
	echo "status=$st"
}

# One case: "wrapper|options|program|nsenter's options". The last field,
# for what nsenter 2.38 cannot run, is the invocation that means the same
# to it; empty, the same options. The diff on failure.
parity() {
	local wrap opts prog nsopts want got
	IFS='|' read -r wrap opts prog nsopts <<<"$1"
	want=$(run_tool nsenter "$wrap" "${nsopts:-$opts}" "$prog")
	got=$(run_tool "$NSX" "$wrap" "$opts" "$prog")
	# A report that did not run compares nothing: say so.
	if [ -z "$prog" ] && [ "$want" != status=1 ] && [[ $want != *uid=* ]]; then
		echo "case: $1: the report did not run under nsenter: $want"
		return 1
	fi
	if [ "$got" != "$want" ]; then
		echo "case: $1"
		diff -u <(echo "$want") <(echo "$got") | sed 's/^/  /'
		return 1
	fi
}

# Every case of a table (one per line, # comments), reporting each failure.
parity_table() {
	local row fails=0
	while IFS= read -r row; do
		case $row in '' | '#'*) continue ;; esac
		parity "$row" || fails=$((fails + 1))
	done
	[ "$fails" -eq 0 ]
}

@test "each namespace option, and -a, as nsenter" {
	parity_table <<'EOF'
|-a -t $T
|-m -t $T
|-u -t $T
|-i -t $T
|-n -t $T
|-p -t $T
|-C -t $T
|-T -t $T
|-U -t $TU
|-U -t $TD
|-m -u -i -n -p -C -T -t $T
|-a -t $TU
|-a -t $TD
|-U -t $TN
|-a -t $TN
# A process that shares all our namespaces.
|-a -t $TS
|-n -t $TS
# Namespace files.
|--net=/proc/$T/ns/net
|-n/proc/$T/ns/net -u/proc/$T/ns/uts
|--user=/proc/$TU/ns/user --mount=/proc/$TU/ns/mnt
# A thread with a net namespace of its own.
|-n -t $TT
|-a -t $TT
# No target: -a refuses, as do namespaces without a file.
|-a
|-a --net=/proc/$T/ns/net
|-n
EOF
}

@test "-S, -G and --preserve-credentials, numeric and follow, as nsenter" {
	parity_table <<'EOF'
|-U -t $TU -S 0 -G 0
|-U -t $TU -S 1004 -G 1005
|-U -t $TU -S 1004
|-U -t $TU -G 1005
|-n -t $T -S 1004 -G 1005
|-n -t $T -S 1004
|-n -t $T -G 1005
|-U -t $TU --preserve-credentials
|-a -t $TU --preserve-credentials
# follow: the target's ids as its user namespace sees them (nsenter 2.42).
|-U -t $TU -S follow -G follow||-U -t $TU -S 1004 -G 1005
|-a -t $TU -S follow||-a -t $TU -S 1004
|-a -t $TN -S follow -G follow||-a -t $TN -S 0 -G 0
|-n -t $T -S follow -G follow||-n -t $T -S 0 -G 0
EOF
}

@test "a caller with supplementary groups, as nsenter" {
	parity_table <<'EOF'
setpriv --groups 4,24 --|-U -t $TU
setpriv --groups 4,24 --|-U -t $TD
setpriv --groups 4,24 --|-a -t $TU
setpriv --groups 4,24 --|-a -t $TD
setpriv --groups 4,24 --|-U -S0 -G0 -t $TD
setpriv --groups 4,24 --|-a -t $TN
setpriv --groups 4,24 --|-U -t $TU --preserve-credentials
setpriv --groups 4,24 --|-n -t $T
setpriv --groups 4,24 --|-n -t $T -S 1004 -G 1005
EOF
}

@test "-F, and a caller that ignores signals, as nsenter" {
	parity_table <<'EOF'
|-F -p -t $T
|-F -n -t $T
|-F -a -t $T
sh -c 'trap "" HUP INT QUIT TERM USR1; exec "$@"' caller|-n -t $T
sh -c 'trap "" HUP INT QUIT TERM USR1; exec "$@"' caller|-p -t $T
sh -c 'trap "" HUP INT QUIT TERM USR1; exec "$@"' caller|-a -t $T
nohup|-p -t $T
EOF
}

@test "-r, -w and -W, with and without directories, as nsenter" {
	parity_table <<'EOF'
|-w -t $T -n
|-r -w -t $T -n
|-m -w -t $T
|-m -r -w -t $T
|-m -r -t $T
|-a -r -w -t $T
# Directories as the caller sees them, opened before entering.
|-w$D -n -t $T
|--wd=. -n -t $T
|--wd=.. -n -t $T
|-m -W $D/cwd -t $T
|-m -W / -t $T
# A new root of our own: the program and the report are looked up in it.
sh -c 'cd "$R/sub" && exec "$@"' caller|-r$R -n -t $T
sh -c 'cd "$R" && exec "$@"' caller|-r$R -n -t $T
|-r$R -w$R/sub -n -t $T
|--root=$R --wd=$R/sub -n -t $T
|-r$R -W /sub -n -t $T
|-r$R -W sub -n -t $T
EOF
}

# nsx.1, DIFFERENCES FROM NSENTER: a working directory that the new root
# does not reach by its own path is never handed to the program.
@test "where nsx differs on purpose: unreachable directories and wrapped PIDs" {
	# -r, no -w: the caller's directory is outside the new root (another
	# mount namespace's, or elsewhere), so the program starts in /.
	run run_tool "$NSX" "" "-r -t $T -n"
	assert_equal "${lines[-2]}" /
	assert_equal "${lines[-1]}" status=0
	run run_tool "$NSX" "" "-r$R -n -t $T"
	assert_equal "${lines[-2]}" /
	assert_equal "${lines[-1]}" status=0
	# -w without a directory: the target's cwd, outside the new root.
	run "$NSX" -r"$R" -w -n -t "$TS" /bin/sh -c "$REPORT_SH"
	assert_failure 1
	assert_output "nsx: working directory is outside the target's root and mounts"
	# -w DIR into a mount namespace: the caller's directory, on a mount
	# of the caller's namespace, is refused (-W names one inside).
	for wd in "$D" . ..; do
		run run_tool "$NSX" "" "-m -t $T --wd=$wd"
		assert_output "status=1"
		run run_tool nsenter "" "-m -t $T --wd=$wd"
		assert_line "status=0"
	done
	# A PID past 2^32 is not taken modulo 2^32.
	run "$NSX" -n -t $((2 ** 32 + T)) true
	assert_failure 1
	assert_output "nsx: $((2 ** 32 + T)): invalid PID"
}

@test "missing, non-executable and ENOTDIR programs, status and signals, as nsenter" {
	parity_table <<'EOF'
|-n -t $T|/nonexistent/program
|-n -t $T|no-such-program-anywhere
|-n -t $T|"$NOEXEC"
|-n -t $T|/etc/passwd/x
|-n -t $T|/
|-p -t $T|/etc/passwd/x
|-n -t $T|sh -c 'exit 42'
|-p -t $T|sh -c 'exit 43'
|-n -t $T|sh -c 'kill -TERM $$'
|-p -t $T|sh -c 'kill -TERM $$'
|-p -t $T|sh -c 'kill -KILL $$'
|-F -p -t $T|sh -c 'kill -INT $$'
# Options after the program are the program's.
|-n -t $T|echo -S 0 -t x --
EOF
}

@test "no program: the shell, as nsenter" {
	printf 'echo "$0"; readlink /proc/self/ns/net /proc/self/ns/uts\n' >"$BATS_FILE_TMPDIR/input"
	INPUT=$BATS_FILE_TMPDIR/input parity_table <<'EOF'
env SHELL=/bin/sh|-n -u -t $T|
env -u SHELL|-n -t $T|
env SHELL=/bin/bash|-a -t $T|
EOF
}

@test "PID:INODE enters as PID does (nsenter 2.42)" {
	inode=$(python3 -c 'import os,sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' "$T")
	INODE=$inode parity_table <<'EOF'
|-a -t $T:$INODE||-a -t $T
|-n -t $T:$INODE|sh -c 'exit 5'|-n -t $T
EOF
}

@test "-e: the target's environment, whole (nsenter 2.42)" {
	run "$NSX" -e -n -t "$T" env
	assert_success
	assert_output "$(tr '\0' '\n' <"/proc/$T/environ")"
}
