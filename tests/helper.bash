# Common setup for nsx's bats files: the binary, assertions, unique names.
load '/usr/lib/bats/bats-support/load.bash'
load '/usr/lib/bats/bats-assert/load.bash'

NSX=${NSX:-$BATS_TEST_DIRNAME/../nsx}

# A name no other test (or run) uses: nsxt<pid><test number><suffix>.
uniq_name() {
	printf 'nsx%s%s%s' "$$" "${BATS_TEST_NUMBER:-0}" "${1:-}"
}

# Start "sleep" in new namespaces (unshare's flags); prints its host PID.
# Register it for teardown with: PIDS+=" $pid".
start_ns_proc() {
	unshare "$@" --fork --kill-child sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	forked_child $!
}

# The PID of the program "unshare --fork" (process $1) started, once it
# runs: the first child whose executable is no longer unshare's.
forked_child() {
	local parent=$1 child=""
	for _ in $(seq 200); do
		child=$(cat "/proc/$parent/task/$parent/children" 2>/dev/null)
		child=${child%% *}
		[ -n "$child" ] && [ "$(readlink "/proc/$child/exe")" != "$(readlink "/proc/$parent/exe")" ] && break
		sleep 0.01
	done
	echo "${child:?unshare did not start}"
}

# Wait up to 10 s until at most $1 podman container monitors (conmon)
# run: one outlives "podman rm" by a second or so, and until it exits
# nsx must count on podman holding any name.
conmons_at_most() {
	for _ in $(seq 100); do
		[ "$(pgrep -x 'conmon|conmonrs' | wc -l)" -le "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# Wait until process $1 runs program $2 (the file name of its
# executable), as it does once it has exec'd.
wait_exec() {
	for _ in $(seq 250); do
		case $(readlink "/proc/$1/exe" 2>/dev/null) in */"$2") return 0 ;; esac
		sleep 0.02
	done
	return 1
}

# Wait until process $1 has a netlink socket bound to multicast groups in
# its network namespace: an "ip monitor" that will report what follows.
wait_monitor() {
	for _ in $(seq 250); do
		awk -v p="$1" '$3 == p && $4 != "00000000" { f = 1 } END { exit !f }' \
			"/proc/$1/net/netlink" 2>/dev/null && return 0
		sleep 0.02
	done
	return 1
}

kill_pids() {
	local p
	for p in $PIDS; do kill -KILL "$p" 2>/dev/null || true; done
	PIDS=""
}

ns_of() { readlink "/proc/$1/ns/$2"; }

# Start "sleep" in a new user namespace mapping 0-65535 to 100000-165535
# (written from here, as root: setgroups stays "allow"), running there
# as uid $1, gid $2; prints its PID.
start_mapped_proc() {
	python3 -c 'import ctypes, os, sys, time
ctypes.CDLL(None).unshare(0x10000000)
while not open("/proc/self/gid_map").read():
    time.sleep(0.01)
os.setgroups([])
os.setresgid(int(sys.argv[2]), int(sys.argv[2]), int(sys.argv[2]))
os.setresuid(int(sys.argv[1]), int(sys.argv[1]), int(sys.argv[1]))
os.execvp("sleep", ["sleep", "600"])' "$1" "$2" </dev/null >/dev/null 2>&1 3>&- &
	local pid=$!
	for _ in $(seq 250); do
		[ "$(readlink "/proc/$pid/ns/user")" != "$(readlink /proc/self/ns/user)" ] && break
		sleep 0.01
	done
	echo '0 100000 65536' >"/proc/$pid/uid_map"
	echo '0 100000 65536' >"/proc/$pid/gid_map"
	wait_exec "$pid" sleep
	echo "$pid"
}
