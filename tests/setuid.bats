#!/usr/bin/env bats
# A setuid-root nsx in the hands of an ordinary user: the policy, what is
# always refused, and the drop to the caller. Each test here answers an
# attack listed in SECURITY.md.
#
# setup_file builds a SETUID=1 copy whose policy lives in a temporary
# directory (SYSCONFDIR), installs it 4755 root:root there, and makes a
# user and a group for the test; /etc/nsx.conf is never touched.

load helper

# A setuid nsx treats a caller outside the initial mount namespace as
# confined (SECURITY.md): these tests need a runner in it, which a root
# entered with pivot_root in a new mount namespace (tools/fresh.sh) is
# not. Linux 6.18 numbers the initial one; before it, PID 1 tells.
runner_confined() {
	local mnt
	mnt=$(stat -L -c %i /proc/self/ns/mnt)
	[ "$mnt" != 4026531832 ] &&
		[ "$(stat -L -c %i /proc/1/ns/mnt 2>/dev/null)" != "$mnt" ]
}

setup_file() {
	local src=$BATS_TEST_DIRNAME/.. flags=()

	if runner_confined; then
		export SETUID_SKIP="the tests run outside the initial mount namespace, where a setuid nsx confines every caller"
		return 0
	fi
	SU=$(mktemp -d /tmp/nsx-setuid.XXXXXX)
	chmod 755 "$SU"
	mkdir -m 755 "$SU/etc" "$SU/bin" "$SU/src"
	case "$(basename "$NSX")" in
	*asan*)
		flags=(OPTFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
		       LDFLAGS="-fsanitize=address,undefined" HARDEN=-fPIE)
		# LeakSanitizer stops the world with ptrace, which a setuid
		# (non-dumpable) process refuses; ASan and UBSan still run.
		export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" ;;
	esac
	make -C "$src" SETUID=1 SYSCONFDIR="$SU/etc" OBJDIR="$SU/build" \
		BIN="$SU/nsx-build" "${flags[@]}" "$SU/nsx-build" \
		>"$SU/build.log" 2>&1 || { cat "$SU/build.log" >&3; return 1; }
	install -o root -g root -m 4755 "$SU/nsx-build" "$SU/bin/nsx"
	helpers_build
	TUSER=nsxu$$ TGROUP=nsxg$$ OUSER=nsxo$$
	groupadd "$TGROUP"
	useradd -M -N -g "$TGROUP" -s /bin/sh "$TUSER"
	useradd -M -U -s /bin/sh "$OUSER"
	install -d -o "$TUSER" -g "$TGROUP" -m 755 "$SU/home"
	export SU TUSER TGROUP OUSER SUID_NSX="$SU/bin/nsx"
}

teardown_file() {
	[ -z "${SETUID_SKIP:-}" ] || return 0
	userdel "$TUSER" 2>/dev/null || true
	userdel "$OUSER" 2>/dev/null || true
	groupdel "$TGROUP" 2>/dev/null || true
	groupdel "$OUSER" 2>/dev/null || true
	rm -rf "$SU"
}

# Small programs the tests need: TIOCSTI, and execve with an empty argv.
helpers_build() {
	cat >"$SU/src/tiocsti.c" <<-'EOF'
	#include <stdio.h>
	#include <sys/ioctl.h>
	int main(void)
	{
		char c = '#';
		if (ioctl(0, TIOCSTI, &c) < 0) {
			perror("TIOCSTI");
			return 1;
		}
		puts("injected");
		return 0;
	}
	EOF
	cat >"$SU/src/noargv.c" <<-'EOF'
	#include <stdio.h>
	#include <unistd.h>
	extern char **environ;
	int main(int argc, char **argv)
	{
		char *none[] = { NULL };
		if (argc < 2)
			return 2;
		execve(argv[1], none, environ);
		perror("execve");
		return 127;
	}
	EOF
	cat >"$SU/src/nss_evil.c" <<-'EOF'
	#include <fcntl.h>
	#include <unistd.h>
	/* Loaded by NSS: says which program loaded it. */
	__attribute__((constructor)) static void loaded(void)
	{
		char exe[512];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		int fd = open("/tmp/nss-loaded", O_WRONLY | O_CREAT | O_APPEND, 0666);
		if (fd >= 0 && n > 0) {
			exe[n] = '\n';
			write(fd, exe, (size_t)n + 1);
		}
	}
	EOF
	cat >"$SU/src/logsink.c" <<-'EOF'
	#include <stdio.h>
	#include <string.h>
	#include <sys/socket.h>
	#include <sys/stat.h>
	#include <sys/un.h>
	#include <unistd.h>
	/* A /dev/log that writes each datagram as a line; gives up after 10 s. */
	int main(int argc, char **argv)
	{
		struct sockaddr_un a = { .sun_family = AF_UNIX };
		char buf[2048];
		int s = socket(AF_UNIX, SOCK_DGRAM, 0);
		FILE *out;
		if (argc < 3 || s < 0)
			return 2;
		snprintf(a.sun_path, sizeof(a.sun_path), "%s", argv[1]);
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0)
			return 1;
		chmod(argv[1], 0666);
		out = fopen(argv[2], "a");
		alarm(10);
		for (;;) {
			ssize_t n = recv(s, buf, sizeof(buf) - 1, 0);
			if (n <= 0 || !out)
				return 1;
			buf[n] = '\0';
			fprintf(out, "%s\n", buf);
			fflush(out);
		}
	}
	EOF
	cc -O1 -shared -fPIC -o "$SU/src/libnss_evil.so.2" "$SU/src/nss_evil.c"
	cc -O1 -o "$SU/bin/logsink" "$SU/src/logsink.c"
	cc -O1 -o "$SU/bin/tiocsti" "$SU/src/tiocsti.c"
	cc -O1 -o "$SU/bin/noargv" "$SU/src/noargv.c"
}

setup() {
	[ -z "${SETUID_SKIP:-}" ] || skip "$SETUID_SKIP"
	PIDS=""
	NETNS=""
	MOUNTS=""
	cd "$SU"
	rm -f "$SU/etc/nsx.conf"
}

teardown() {
	local m n
	[ -z "${SETUID_SKIP:-}" ] || return 0
	kill_pids
	for m in $MOUNTS; do umount "$m" 2>/dev/null || true; done
	for n in $NETNS; do ip netns del "$n" 2>/dev/null || true; done
	rm -f "$SU/etc/nsx.conf"
	rm -rf "$SU/home/"* "$SU/private" "$SU/public" "$SU"/bin/nsx-* "$SU/box"
}

as_user() { setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$@"; }
as_other() { setpriv --reuid "$OUSER" --regid "$OUSER" --init-groups "$@"; }

# Write the policy file, root-owned and 0644 as it should be.
policy() {
	printf '%s\n' "$@" >"$SU/etc/nsx.conf"
	chown root:root "$SU/etc/nsx.conf"
	chmod 644 "$SU/etc/nsx.conf"
}

refusal() { echo "nsx: pid $1: no such process, or not permitted by $SU/etc/nsx.conf"; }

# Run the shell commands $2 as root in a mount namespace of their own,
# whose /dev/log is a test listener that writes each line it gets to
# $SU/home/log; wait until it has written $1 lines.
with_log() {
	unshare -m --propagation private sh -c "
		mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 || exit 9
		$SU/bin/logsink /dev/log $SU/home/log 3>&- &
		sink=\$!
		for i in \$(seq 300); do [ -S /dev/log ] && break; sleep 0.01; done
		$2
		for i in \$(seq 500); do
			[ \"\$(cat $SU/home/log 2>/dev/null | wc -l)\" -ge $1 ] && break
			sleep 0.01
		done
		kill \$sink"
}

# A sleep of the test user's in new user and net namespaces (unshare -Urn).
start_user_ns_proc() {
	setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups \
		unshare -Urn --fork --kill-child sleep 600 </dev/null >/dev/null 2>&1 &
	forked_child $!
}

# A container-like process: its own mount, UTS, IPC and net namespaces,
# chrooted into $SU/box/root with its own /etc (and an NSS module that
# reports who loads it); /usr is the host's, through an overlay that adds
# the module. Its working directory is /tmp. Prints its PID.
start_container() {
	local box=$SU/box root=$SU/box/root lib parent child i
	lib=usr/lib/$(cc -print-multiarch)
	mkdir -p "$root/etc" "$root/proc" "$root/usr" "$box/upper/${lib#usr/}" "$box/work"
	install -d -m 1777 "$root/tmp"
	ln -s usr/bin "$root/bin"
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	cp "$SU/src/libnss_evil.so.2" "$box/upper/${lib#usr/}/"
	printf 'root:x:0:0::/:/bin/sh\nsomeuser:x:4242:4343::/:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\nsomegroup:x:4343:\nextra:x:4444:someuser\n' >"$root/etc/group"
	printf 'passwd: evil files\ngroup: evil files\n' >"$root/etc/nsswitch.conf"
	unshare -m -u -i -n --propagation private --fork --kill-child sh -c "
		mount -t overlay overlay -o lowerdir=/usr,upperdir=$box/upper,workdir=$box/work $root/usr &&
		mount -t proc proc $root/proc && exec chroot $root sh -c 'cd /tmp && exec sleep 600'" \
		</dev/null >/dev/null 2>&1 3>&- &
	parent=$!
	for i in $(seq 300); do
		child=$(cat "/proc/$parent/task/$parent/children" 2>/dev/null)
		child=${child%% *}
		[ -n "$child" ] && [ "$(cat "/proc/$child/comm" 2>/dev/null)" = sleep ] && break
		sleep 0.01
	done
	echo "${child:?the container did not start}"
}

@test "ls and netns run as the caller with nothing privileged left, saved uid included" {
	setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups \
		"$SUID_NSX" netns monitor >/dev/null 2>&1 3>&- &
	pid=$!
	PIDS+=" $pid"
	wait_exec "$pid" nsx
	for _ in $(seq 200); do
		grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" && break
		sleep 0.02
	done
	run grep -E '^(Uid|CapPrm|CapEff|NoNewPrivs):' "/proc/$pid/status"
	u=$(id -u "$TUSER")
	assert_line --regexp "^Uid:[[:space:]]+$u[[:space:]]+$u[[:space:]]+$u[[:space:]]+$u\$"
	assert_line --regexp '^CapPrm:[[:space:]]+0+$'
	assert_line --regexp '^NoNewPrivs:[[:space:]]+1$'
	run as_user "$SUID_NSX" ls -t net -n -o NS
	assert_success
	run as_user "$SUID_NSX" netns add "nsxsu$$"
	assert_failure
	assert_output --partial "only root may do this"
	[ ! -e "/run/netns/nsxsu$$" ]
}

@test "without a policy a user cannot enter a root-owned network namespace" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run as_user "$SUID_NSX" -n -t "$pid" touch "$SU/home/marker"
	assert_failure 1
	assert_output "$(refusal "$pid")"
	[ ! -e "$SU/home/marker" ]
}

@test "a user's show of their own rootless process reads the hostname it shares with us" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	run as_user "$SUID_NSX" show "$pid" -r -n -o TYPE,HOSTNAME
	assert_success
	assert_line "uts $(hostname)"
}

@test "without a policy a user enters their own rootless namespace as with nsenter" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	run as_user "$SUID_NSX" -n -t "$pid" sh -c 'id -u; readlink /proc/self/ns/net'
	assert_success
	assert_line -n 0 "$(id -u "$TUSER")"
	assert_line -n 1 "$(ns_of "$pid" net)"
	refute_output --partial "$(readlink /proc/self/ns/net)"
	# What unprivileged nsenter reaches, through the user namespace.
	run as_user nsenter -t "$pid" -U -n --preserve-credentials readlink /proc/self/ns/net
	assert_output "$(ns_of "$pid" net)"
}

@test "in their own rootless namespaces a user runs what unprivileged nsenter runs, -U included" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	setpriv --reuid "$OUSER" --regid "$OUSER" --init-groups \
		unshare -Urn --fork --kill-child sleep 600 </dev/null >/dev/null 2>&1 &
	other=$(forked_child $!)
	PIDS+=" $other"
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	policy "permit :$TGROUP ns=net target=netns:$name"
	show='id -u; readlink /proc/self/ns/user /proc/self/ns/net; grep -E "^Cap(Prm|Eff|Bnd)" /proc/self/status'
	for opts in "-U --preserve-credentials -n" "-U --preserve-credentials -n -r -w" "-U --preserve-credentials"; do
		# shellcheck disable=SC2086
		run as_user nsenter $opts -t "$pid" sh -c "$show"
		assert_success
		want=$output
		# shellcheck disable=SC2086
		run as_user "$SUID_NSX" $opts -t "$pid" sh -c "$show; grep NoNewPrivs /proc/self/status"
		assert_success
		assert_output "$want
NoNewPrivs:	1"
	done
	# Another user's rootless namespace: the kernel refuses nsenter, nsx
	# refuses before entering anything.
	run as_user nsenter -U --preserve-credentials -n -t "$other" true
	assert_failure
	run as_user "$SUID_NSX" -U --preserve-credentials -n -t "$other" touch "$SU/home/marker"
	assert_failure 1
	[ ! -e "$SU/home/marker" ]
	# All or nothing: their own user namespace with a network namespace
	# a rule grants is refused; the rule alone still admits it.
	run as_user "$SUID_NSX" -U -t "$pid" --net="/run/netns/$name" touch "$SU/home/marker"
	assert_failure 1
	assert_output --partial "--user: not permitted to non-root callers"
	[ ! -e "$SU/home/marker" ]
	run as_user "$SUID_NSX" -n -t "$name" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
}

@test "a group rule lets a member into a root-owned netns as themself, with nothing more" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" sh -c \
		'id -u; grep -E "^(CapEff|CapPrm|CapAmb|CapBnd|NoNewPrivs)" /proc/self/status; readlink /proc/self/ns/net; ip -o link show'
	assert_success
	assert_line -n 0 "$(id -u "$TUSER")"
	assert_line "CapEff:	0000000000000000"
	assert_line "CapPrm:	0000000000000000"
	assert_line "CapAmb:	0000000000000000"
	assert_line "CapBnd:	0000000000000000"
	assert_line "NoNewPrivs:	1"
	assert_line "$(ns_of "$pid" net)"
	assert_line "$(nsenter -t "$pid" -n ip -o link show lo)"
	run as_user "$SUID_NSX" -n -t "$pid" ip link set lo up
	assert_failure
	assert_output --partial "Operation not permitted"
	run nsenter -t "$pid" -n ip -o link show lo
	refute_output --partial "state UP"
}

@test "a group rule does not admit a user outside the group" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	run as_other "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "$(refusal "$pid")"
}

@test "options that would give root away are refused by name, whatever the rule" {
	pid=$(start_ns_proc -n -u -i)
	PIDS+=" $pid"
	# The user's own process in namespaces of root's: openable by the
	# user, and still not theirs.
	unshare -n -u -i -p -m --fork --kill-child setpriv --reuid "$TUSER" --regid "$TGROUP" \
		--init-groups sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	own=$(forked_child $!)
	PIDS+=" $own"
	wait_exec "$own" sleep
	policy "permit :$TGROUP ns=net,uts,ipc"
	while IFS='|' read -r args name; do
		# shellcheck disable=SC2086
		run as_user "$SUID_NSX" -n -t "$pid" $args touch "$SU/home/marker"
		assert_failure 1
		[ ! -e "$SU/home/marker" ]
		# shellcheck disable=SC2086
		run as_user "$SUID_NSX" -n -t "$own" $args touch "$SU/home/marker"
		assert_failure 1
		assert_output --partial "$name"
		[ ! -e "$SU/home/marker" ]
	done <<-EOF
	-p|--pid: not permitted to non-root callers
	-m|--mount: not permitted to non-root callers
	-U|--user: not permitted to non-root callers
	-C|--cgroup: not permitted to non-root callers
	-T|--time: not permitted to non-root callers
	-a|--all: not permitted to non-root callers
	-r|--root: not permitted to non-root callers
	-c|--join-cgroup: not permitted to non-root callers
	--keep-caps|--keep-caps: not permitted to non-root callers
	-U --user-parent|--user-parent: parent user namespace
	--preserve-credentials|--preserve-credentials: not permitted to non-root callers
	-S 0|--setuid: not permitted to non-root callers
	-G 0|--setgid: not permitted to non-root callers
	-S $TUSER|--setuid: not permitted to non-root callers
	EOF
	# -e only for a process of the caller's own.
	run as_user "$SUID_NSX" -n -e -t "$pid" touch "$SU/home/marker"
	assert_failure 1
	assert_output --partial "--env"
	[ ! -e "$SU/home/marker" ]
	# Their own ids are allowed, and change nothing.
	run as_user "$SUID_NSX" -n -S "$(id -u "$TUSER")" -G "$(id -g "$TUSER")" -t "$pid" id -u
	assert_success
	assert_output "$(id -u "$TUSER")"
}

@test "a user may take the environment of their own process" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	run as_user "$SUID_NSX" -n -e -t "$pid" sh -c 'echo "$NSX_PROBE"'
	assert_success
	assert_output ""
	run env NSX_PROBE=kept setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$SUID_NSX" -n -t "$pid" sh -c 'echo "$NSX_PROBE"'
	assert_output "kept"
}

@test "a policy file writable by others or its group denies everything" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	chmod 666 "$SU/etc/nsx.conf"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: $SU/etc/nsx.conf is writable by others: every request is denied"
	chmod 664 "$SU/etc/nsx.conf"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: $SU/etc/nsx.conf is writable by its group: every request is denied"
	chmod 644 "$SU/etc/nsx.conf"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_success
	# Readable by root alone is fine too.
	chmod 600 "$SU/etc/nsx.conf"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_success
}

@test "a policy file not owned by root denies everything" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	chown "$TUSER" "$SU/etc/nsx.conf"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: $SU/etc/nsx.conf is owned by uid $(id -u "$TUSER"), not root: every request is denied"
}

@test "a malformed policy names the line and denies everything" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net" "# comment" "" "allow $TUSER"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: $SU/etc/nsx.conf:4: syntax error: every request is denied"
	for bad in "permit :nsx-no-such-group" "permit $TUSER ns=pid" \
		"permit $TUSER target=docker" "permit $TUSER ns=net ns=uts" \
		"deny $TUSER links=write" "permit $TUSER frobnicate"; do
		policy "$bad"
		run as_user "$SUID_NSX" -n -t "$pid" true
		assert_failure 1
		assert_output "nsx: $SU/etc/nsx.conf:1: syntax error: every request is denied"
	done
}

@test "the first matching rule wins and deny rules refuse" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "deny $TUSER" "permit :$TGROUP ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "$(refusal "$pid")"
	policy "permit :$TGROUP ns=uts" "permit :$TGROUP ns=net" "deny $TUSER"
	run as_user "$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run as_user "$SUID_NSX" -n -u -t "$pid" true
	assert_failure 1
}

@test "a netns rule matches the namespace behind the name, however the target is given" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net target=netns:${name%?}*"
	run as_user "$SUID_NSX" -n -t "$name" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
	run as_user "$SUID_NSX" -n -t "netns:$name" true
	assert_success
	# A process in another namespace does not match the name.
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	# The same namespace held by a process matches.
	nspid=$(ip netns exec "$name" sh -c 'sleep 600 </dev/null >/dev/null 2>&1 & echo $!')
	PIDS+=" $nspid"
	run as_user "$SUID_NSX" -n -t "$nspid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
}

@test "link:IFNAME is judged by the namespace it finds, found with the caller's own rights" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	# Each far namespace goes with its veth pair when it goes.
	v1=$(uniq_name v1)
	v2=$(uniq_name v2)
	ip link add "$v1" type veth peer name far0 netns "$name"
	ip link add "$v2" type veth peer name far1 netns "$pid"
	policy "permit :$TGROUP ns=net target=netns:${name%?}*"
	run as_user "$SUID_NSX" -n -t "link:$v1" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
	# root's process: its namespace file is not the caller's to open.
	run as_user "$SUID_NSX" -n -t "link:$v2" true
	assert_failure 1
	assert_output --partial "nsx: link:$v2: "
	assert_equal "${#lines[@]}" 1
	policy "permit :$TGROUP ns=net target=netns:nomatch*"
	run as_user "$SUID_NSX" -n -t "link:$v1" true
	assert_failure 1
	assert_equal "${#lines[@]}" 1
}

@test "a netns rule grants the network namespace it names, not the process's uts or ipc" {
	command -v ipcmk >/dev/null || skip "ipcmk is not installed"
	name=$(uniq_name lab1)
	ip netns add "$name"
	NETNS+=" $name"
	# Root's private hostname and shared memory, in a process in the lab.
	ip netns exec "$name" unshare -i -u sh -c \
		'hostname nsx-private; ipcmk -M 4096 >/dev/null; exec sleep 600' </dev/null >/dev/null 2>&1 3>&- &
	PIDS+=" $!"
	wait_exec "$!" sleep
	pid=$!
	policy "permit :$TGROUP ns=net,uts,ipc target=netns:${name%lab1}lab*"
	run as_user "$SUID_NSX" -n -i -u -t "$pid" sh -c 'hostname; ipcs -m'
	assert_failure 1
	assert_output "$(refusal "$pid")"
	for opt in -u -i "-n -u" "-n -i"; do
		# shellcheck disable=SC2086
		run as_user "$SUID_NSX" $opt -t "$pid" hostname
		assert_failure 1
		refute_output --partial nsx-private
	done
	# The same rule still admits the lab's network namespace.
	run as_user "$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
	run as_user "$SUID_NSX" -n -t "$name" hostname
	assert_success
	refute_output nsx-private
	# uts needs a target that names it: a process pattern, or its ns:.
	policy "permit :$TGROUP ns=uts target=ns:$(stat -Lc %i "/proc/$pid/ns/uts")"
	run as_user "$SUID_NSX" -u -t "$pid" hostname
	assert_success
	assert_output nsx-private
	run as_user "$SUID_NSX" -i -t "$pid" true
	assert_failure 1
	# An ns: rule is for a type: the uts inode does not name the net one.
	policy "permit :$TGROUP ns=net target=ns:$(stat -Lc %i "/proc/$pid/ns/uts")"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	policy "permit :$TGROUP ns=net,uts,ipc target=uid:0"
	run as_user "$SUID_NSX" -n -i -u -t "$pid" hostname
	assert_success
	assert_output nsx-private
}

# The 64-bit id NS_GET_ID gives namespace file $1 (Linux 6.18), or nothing.
ns_id() {
	python3 -c 'import fcntl, os, struct, sys
try:
	print(struct.unpack("Q", fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0x8008b70d, bytes(8)))[0])
except OSError:
	pass' "$1"
}

@test "ns: and nsid: rules name one namespace of one type" {
	pid=$(start_ns_proc -n -u)
	PIDS+=" $pid"
	net=$(stat -Lc %i "/proc/$pid/ns/net") uts=$(stat -Lc %i "/proc/$pid/ns/uts")
	policy "permit :$TGROUP ns=net,uts target=ns:$net"
	run as_user "$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run as_user "$SUID_NSX" -u -t "$pid" true
	assert_failure 1
	# The uts inode names the uts namespace, and only for an ns=uts rule.
	policy "permit :$TGROUP target=ns:$uts" "permit :$TGROUP ns=uts target=ns:$uts"
	run as_user "$SUID_NSX" -u -t "$pid" readlink /proc/self/ns/uts
	assert_success
	assert_output "$(ns_of "$pid" uts)"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	id=$(ns_id "/proc/$pid/ns/net")
	[ -n "$id" ] || skip "this kernel has no NS_GET_ID"
	policy "permit :$TGROUP target=nsid:$id"
	run as_user "$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run as_user "$SUID_NSX" -n -u -t "$pid" true
	assert_failure 1
	policy "permit :$TGROUP ns=uts target=nsid:$id"
	run as_user "$SUID_NSX" -u -t "$pid" true
	assert_failure 1
}

@test "the program sees no descriptor of nsx's, only the caller's" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	cat >"$SU/home/fds.sh" <<-'EOF'
	for f in /proc/$$/fd/*; do
		n=${f##*/}
		[ "$n" -le 2 ] && echo "$n" ||
			echo "$n $(readlink "$f" | sed 's/^pipe:.*/pipe/')"
	done
	EOF
	run as_user sh -c "exec 7<$SU/etc; sh $SU/home/fds.sh"
	assert_success
	want=$output
	assert_line "7 $SU/etc"
	run as_user sh -c "exec 7<$SU/etc; $SUID_NSX -n -t $pid sh $SU/home/fds.sh"
	assert_success
	assert_output "$want"
	refute_output --partial "net:["
	refute_output --partial "pidfd"
	refute_output --partial "socket:"
}

@test "a PID:INODE whose process was replaced is refused, the right one is entered" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	ino=$(python3 -c "import os; print(os.fstat(os.pidfd_open($pid)).st_ino)")
	run as_user "$SUID_NSX" -n -t "$pid:$((ino + 1))" touch "$SU/home/marker"
	assert_failure 1
	assert_output "$(refusal "$pid")"
	[ ! -e "$SU/home/marker" ]
	run as_user "$SUID_NSX" -n -t "$pid:$ino" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "a target that exited before entry is refused without entering anything" {
	policy "permit :$TGROUP ns=net"
	# A zombie: its PID still resolves, its namespaces are gone.
	unshare -n --fork sh -c '(exit 0) & exec sleep 600' </dev/null >/dev/null 2>&1 &
	PIDS+=" $!"
	for i in $(seq 200); do
		sleeper=$(cat "/proc/$!/task/$!/children" 2>/dev/null)
		zombie=$(cat "/proc/${sleeper%% *}/task/${sleeper%% *}/children" 2>/dev/null)
		[ -n "$zombie" ] && grep -q '^State:.*Z' "/proc/${zombie%% *}/status" && break
		sleep 0.01
	done
	zombie=${zombie%% *}
	PIDS+=" ${sleeper%% *}"
	run as_user "$SUID_NSX" -n -t "$zombie" touch "$SU/home/marker"
	assert_failure 1
	assert_output "$(refusal "$zombie")"
	[ ! -e "$SU/home/marker" ]
}

@test "a namespace path the caller cannot open is refused though root could open it" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	mkdir -m 700 "$SU/private"
	mkdir -m 755 "$SU/public"
	touch "$SU/private/ns" "$SU/public/ns"
	mount --bind "/proc/$pid/ns/net" "$SU/private/ns"
	MOUNTS+=" $SU/private/ns"
	mount --bind "/proc/$pid/ns/net" "$SU/public/ns"
	MOUNTS+=" $SU/public/ns"
	run as_user "$SUID_NSX" -n -t "$SU/private/ns" touch "$SU/home/marker"
	assert_failure 1
	assert_output "nsx: $SU/private/ns: Permission denied"
	[ ! -e "$SU/home/marker" ]
	run "$SUID_NSX" -n -t "$SU/private/ns" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run as_user "$SUID_NSX" -n -t "$SU/public/ns" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "without a rule a namespace file proves nothing" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	run as_user "$SUID_NSX" -n -t "/run/netns/$name" touch "$SU/home/marker"
	assert_failure 1
	assert_output --partial "nsx: /run/netns/$name: not permitted by $SU/etc/nsx.conf"
	run as_user "$SUID_NSX" --net="/run/netns/$name" touch "$SU/home/marker"
	assert_failure 1
	[ ! -e "$SU/home/marker" ]
}

@test "link changes need links=write in the rule" {
	"$NSX" link --help >/dev/null 2>&1 || skip "nsx link is not in this build"
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	policy "permit :$TGROUP ns=net target=netns:$name"
	run as_user "$SUID_NSX" link -t "$name" set lo up
	assert_failure 1
	run ip -n "$name" -o link show lo
	refute_output --partial "state UNKNOWN"
	policy "permit :$TGROUP ns=net target=netns:$name links=write"
	run as_user "$SUID_NSX" link -t "$name" set lo up
	assert_success
	run ip -n "$name" -o link show lo
	assert_output --partial "LOWER_UP"
}

@test "named netns are changed and exec'd in by root alone, whatever the policy" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	policy "permit :$TGROUP ns=net target=netns:$name links=write"
	run as_user "$SUID_NSX" netns add "${name}x"
	assert_failure 1
	assert_output --partial "netns add: only root may do this"
	[ ! -e "/run/netns/${name}x" ]
	run as_user "$SUID_NSX" netns del "$name"
	assert_failure 1
	[ -e "/run/netns/$name" ]
	run as_user "$SUID_NSX" netns exec "$name" id -u
	assert_failure 1
	refute_output 0
	# Looking is allowed: list shows the name.
	run as_user "$SUID_NSX" netns list
	assert_success
	assert_output --partial "$name"
}

@test "a default build installed setuid refuses to run for a user" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	install -o root -g root -m 4755 "$NSX" "$SU/bin/nsx-default"
	run as_user "$SU/bin/nsx-default" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: built without setuid support (rebuild with make SETUID=1, or run it as root)"
	# Root still uses it as ever.
	run "$SU/bin/nsx-default" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "file capabilities are refused for a user, whatever the build" {
	command -v setcap >/dev/null || skip "setcap is not installed"
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	install -m 755 "$SU/nsx-build" "$SU/bin/nsx-caps"
	setcap cap_sys_admin,cap_sys_ptrace+ep "$SU/bin/nsx-caps"
	run as_user "$SU/bin/nsx-caps" -n -t "$pid" true
	assert_failure 1
	assert_output --partial "nsx: file capabilities are not supported"
	install -m 755 "$NSX" "$SU/bin/nsx-defcaps"
	setcap cap_sys_admin,cap_sys_ptrace+ep "$SU/bin/nsx-defcaps"
	run as_user "$SU/bin/nsx-defcaps" -n -t "$pid" true
	assert_failure 1
	assert_output --partial "nsx: built without setuid support"
}

@test "option parsing stops at the program name" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" echo -S 0
	assert_success
	assert_output "-S 0"
	policy "permit :$TGROUP ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" echo -S 0 -p --keep-caps
	assert_success
	assert_output "-S 0 -p --keep-caps"
}

@test "PIDs parse strictly, for root and for a user" {
	for bad in -1 12abc 4294967297 +5 0x10 " 12" 0; do
		run "$NSX" -n -t "$bad" true
		assert_failure 1
		run as_user "$SUID_NSX" -n -t "$bad" true
		assert_failure 1
	done
}

@test "an empty argv is a usage error, not a crash" {
	run "$SU/bin/noargv" "$NSX"
	assert_failure 2
	assert_output --partial "nsx: usage:"
	run as_user "$SU/bin/noargv" "$SUID_NSX"
	assert_failure 2
	assert_output --partial "nsx: usage:"
}

@test "closed standard descriptors are reopened on /dev/null before anything" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	cp "$SU/etc/nsx.conf" "$SU/policy.before"
	# Through a pipe, so the shell's own fds 0-2 stay as nsx left them.
	cat >"$SU/home/std.sh" <<-'EOF2'
	exec 9>"$1"
	readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2 | cat >&9
	EOF2
	run as_user sh -c "$SUID_NSX -n -t $pid sh $SU/home/std.sh $SU/home/a <&- >&- 2>&-; echo status=\$?"
	assert_output "status=0"
	# glibc's own guard for setuid programs puts /dev/full on stdin.
	run cat "$SU/home/a"
	assert_output --regexp "^/dev/(null|full)
/dev/null
/dev/null$"
	# Messages meant for a closed stdout or stderr go nowhere else.
	run as_user sh -c "$SUID_NSX --help >&- 2>&-; $SUID_NSX -p -t $pid true >&- 2>&-; echo status=\$?"
	assert_output "status=1"
	cmp "$SU/etc/nsx.conf" "$SU/policy.before"
	run sh -c "$NSX -n -t $pid sh $SU/home/std.sh $SU/home/b <&- >&- 2>&-; echo status=\$?"
	assert_output "status=0"
	run cat "$SU/home/b"
	assert_output "/dev/null
/dev/null
/dev/null"
}

@test "resource limits never leave the program with root" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	uid=$(id -u "$TUSER")
	for rule in "permit :$TGROUP ns=net" "permit :$TGROUP ns=net tty"; do
		policy "$rule"
		for limit in --nproc=0 --nofile=4 --nofile=5 --nofile=6 --as=50000000; do
			case "$limit:$(basename "$NSX")" in --as=*:*asan*) continue ;; esac
			# Only 0-2 open, so the limit bites nsx, not ld.so.
			run as_user sh -c 'for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done; exec prlimit "$@"' \
				sh "$limit" -- "$SUID_NSX" -n -t "$pid" id -u
			if [ "$status" -eq 0 ]; then
				assert_output "$uid"
			else
				assert_failure 1
				assert_output --regexp '^nsx: '
			fi
			refute_line "0"
		done
	done
}

@test "a stack limit too small for nsx gives one line and exit 1, never SIGSEGV" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	# A small environment: under 16 KiB the dynamic loader, which runs
	# before nsx does, needs what a few KiB of environment leave.
	local keep=(PATH="$PATH")
	[ -z "${ASAN_OPTIONS:-}" ] || keep+=(ASAN_OPTIONS="$ASAN_OPTIONS")
	[ -z "${UBSAN_OPTIONS:-}" ] || keep+=(UBSAN_OPTIONS="$UBSAN_OPTIONS")
	for size in 16 32 64 128; do
		want="nsx: the stack limit (ulimit -s) of $size KiB is too small: nsx needs 256 KiB"
		run env -i "${keep[@]}" setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups \
			bash -c "ulimit -s $size; exec $SUID_NSX -n -t $pid touch $SU/home/marker"
		assert_failure 1
		assert_output "$want"
		[ ! -e "$SU/home/marker" ]
		run env -i "${keep[@]}" bash -c "ulimit -s $size; exec $NSX -n -t $pid true"
		assert_failure 1
		assert_output "$want"
	done
	run as_user bash -c "ulimit -s 256; exec $SUID_NSX -n -t $pid id -u"
	assert_success
	assert_output "$(id -u "$TUSER")"
}

@test "a caller confined in another namespace gets no privileged entry without a rule for it" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	own=$(start_user_ns_proc)
	PIDS+=" $own"
	policy "permit :$TGROUP ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_success
	for ns in -n -m "-p --fork"; do
		# shellcheck disable=SC2086
		run unshare $ns setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$SUID_NSX" -n -t "$pid" true
		assert_failure 1
		assert_output "$(refusal "$pid")"
		# shellcheck disable=SC2086
		run unshare $ns setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$SUID_NSX" -n -t "$own" true
		assert_failure 1
	done
	# In another pid namespace, with a target the caller sees there.
	# The target has a network namespace of its own (not the caller's).
	inpidns='unshare -n sleep 600 </dev/null >/dev/null 2>&1 3>&- & p=$!
		for i in $(seq 200); do
			[ "$(readlink /proc/$p/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
			sleep 0.01
		done
		readlink /proc/$p/ns/net
		setpriv --reuid '"$TUSER --regid $TGROUP --init-groups $SUID_NSX"' -n -t $p readlink /proc/self/ns/net
		echo status=$?; kill $p'
	# With a /proc of its own, /proc/1 is the caller's init, not the host's.
	run unshare -p --fork --mount-proc sh -c "$inpidns"
	assert_line "status=1"
	run unshare -p --fork sh -c "$inpidns"
	assert_line "status=1"
	# In its own user namespace the setuid bit does nothing at all.
	run as_user unshare -Ur "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	policy "permit :$TGROUP ns=net confined"
	run unshare -n setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run unshare -p --fork --mount-proc sh -c "$inpidns"
	assert_line "status=0"
	assert_equal "${lines[0]}" "${lines[1]}"
	# With the host's /proc, the PID would name another process: refused.
	run unshare -p --fork sh -c "$inpidns"
	assert_line "status=1"
}

@test "a granted program cannot push keystrokes into the caller's terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	cmd="setpriv --reuid $TUSER --regid $TGROUP --init-groups $SUID_NSX -n -t $pid $SU/bin/tiocsti"
	policy "permit :$TGROUP ns=net"
	run script -qec "$cmd" /dev/null
	assert_failure
	assert_output --partial "TIOCSTI: Operation not permitted"
	# The rule's tty option keeps the terminal, and TIOCSTI works.
	policy "permit :$TGROUP ns=net tty"
	run script -qec "$cmd" /dev/null
	assert_success
	assert_output --partial "injected"
}

@test "the waiting nsx holds no privilege and no namespace while the program runs" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net"
	setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$SUID_NSX" -n -t "$pid" \
		sh -c "echo \$PPID >$SU/home/ppid; exec sleep 30" </dev/null >/dev/null 2>&1 3>&- &
	nsx=$!
	PIDS+=" $nsx"
	for i in $(seq 200); do [ -s "$SU/home/ppid" ] && break; sleep 0.01; done
	assert_equal "$(cat "$SU/home/ppid")" "$nsx"
	uid=$(id -u "$TUSER")
	run grep -E '^(Uid|Gid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' "/proc/$nsx/status"
	assert_line "Uid:	$uid	$uid	$uid	$uid"
	assert_line "CapPrm:	0000000000000000"
	assert_line "CapEff:	0000000000000000"
	assert_line "CapBnd:	0000000000000000"
	assert_line "CapAmb:	0000000000000000"
	assert_line "NoNewPrivs:	1"
	run ls -l "/proc/$nsx/fd"
	refute_output --partial "net:["
	refute_output --partial "pidfd"
	# Never made dumpable: its /proc files stay root's, so the caller
	# cannot ptrace it or open its descriptors.
	assert_equal "$(stat -c %u "/proc/$nsx/fd")" 0
	run as_user ls "/proc/$nsx/fd"
	assert_failure
}

@test "re-executing nsx from a granted program gains nothing" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	own=$(start_user_ns_proc)
	PIDS+=" $own"
	policy "permit :$TGROUP ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_success
	run as_user "$SUID_NSX" -n -t "$own" /proc/self/exe -n -t "$pid" touch "$SU/home/marker"
	assert_failure 1
	assert_output --partial "Operation not permitted"
	[ ! -e "$SU/home/marker" ]
}

@test "a container engine's tool runs as the caller with no_new_privs, nothing saved" {
	mkdir -p "$SU/box/fake"
	for tool in docker podman crictl; do
		cat >"$SU/box/fake/$tool" <<-EOF
		#!/bin/sh
		grep -E '^(Uid|Gid|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status >$SU/home/$tool.status
		exit 1
		EOF
		chmod 755 "$SU/box/fake/$tool"
	done
	chmod 755 "$SU/box"
	run as_user env PATH="$SU/box/fake:$PATH" "$SUID_NSX" -n -t docker:nsx-no-such true
	assert_failure 1
	uid=$(id -u "$TUSER") gid=$(id -g "$TUSER")
	run cat "$SU/home/docker.status"
	assert_line "Uid:	$uid	$uid	$uid	$uid"
	assert_line "Gid:	$gid	$gid	$gid	$gid"
	assert_line "CapPrm:	0000000000000000"
	assert_line "CapEff:	0000000000000000"
	assert_line "CapBnd:	0000000000000000"
	assert_line "CapAmb:	0000000000000000"
	assert_line "NoNewPrivs:	1"
}

@test "a hidden process and a missing one get the same answer" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	sleep 600 </dev/null >/dev/null 2>&1 3>&- &
	gone=$!
	# KILL, not TERM: a TERM sent before the child has exec'd sleep can
	# be lost, and wait would then last the whole 600 s.
	kill -KILL "$gone"
	wait "$gone" 2>/dev/null || true
	policy "permit :$TGROUP ns=net confined target=netns:nsx-no-such-*"
	user="setpriv --reuid $TUSER --regid $TGROUP --init-groups"
	run unshare -m --propagation private sh -c "
		mount -t proc -o hidepid=2 proc /proc || exit 9
		$user ls /proc/$pid >/dev/null 2>&1 && echo visible
		$user $SUID_NSX -n -t $pid true; echo status=\$?
		$user $SUID_NSX -n -t $gone true; echo status=\$?"
	refute_line "visible"
	assert_equal "${lines[0]//$pid/PID}" "${lines[2]//$gone/PID}"
	assert_equal "${lines[1]}" "status=1"
	assert_equal "${lines[3]}" "status=1"
}

@test "-S names come from the target's files as text, never through its NSS modules" {
	command -v strace >/dev/null || skip "strace is not installed"
	pid=$(start_container)
	PIDS+=" $pid"
	# The trap works: a program using NSS in the target loads the module.
	run nsenter -a -r -t "$pid" getent passwd someuser
	assert_success
	run cat "$SU/box/root/tmp/nss-loaded"
	assert_output --partial "getent"
	rm -f "$SU/box/root/tmp/nss-loaded"
	run "$NSX" -a -r -t "$pid" -S someuser id
	assert_success
	assert_output "uid=4242(someuser) gid=4343(somegroup) groups=4343(somegroup),4444(extra)"
	run cat "$SU/box/root/tmp/nss-loaded"
	refute_output --partial "nsx"
	# No libnss_ opened by nsx between the mount namespace and the exec.
	strace -f -qq -o "$SU/box/trace" -e trace=openat,open,setns,execve \
		"$NSX" -a -r -t "$pid" -S someuser id >/dev/null
	run grep -c 'setns(.*CLONE_NEWNS' "$SU/box/trace"
	assert_output "1"
	run awk '/execve\(/ { if (++e == 2) exit } /setns\(/ { s = 1 } s && /libnss_/ { print; bad = 1 } END { exit bad }' "$SU/box/trace"
	assert_success
	run grep -c 'libnss_evil' "$SU/box/trace"
	refute_output "0"
}

@test "root's -r and -w leave no host directory or descriptor to the program" {
	pid=$(start_container)
	PIDS+=" $pid"
	mkdir -p "$SU/box/hostdir"
	prog='echo "cwd $(/bin/pwd -P)"; for f in /proc/$$/fd/*; do echo "${f##*/} $(readlink "$f")"; done'
	closefds='for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@"'
	cd "$SU/box/hostdir"
	# Into the container's root: from a host directory, to /.
	run bash -c "$closefds" bash "$NSX" -a -r -t "$pid" sh -c "$prog"
	assert_success
	assert_line -n 0 "cwd /"
	refute_output --regexp $'(^|\n)([3-9]|[1-9][0-9]+) [^p]'
	refute_output --partial "unreachable"
	refute_output --partial "$SU"
	# With -w, its working directory.
	run bash -c "$closefds" bash "$NSX" -a -r -w -t "$pid" sh -c "$prog"
	assert_success
	assert_line -n 0 "cwd /tmp"
	refute_output --regexp $'(^|\n)([3-9]|[1-9][0-9]+) [^p]'
	# -r alone, no mount namespace: the host cwd is outside the new root.
	run bash -c "$closefds" bash "$NSX" -n -r -t "$pid" sh -c "$prog"
	assert_success
	assert_line -n 0 "cwd /"
	refute_output --partial "unreachable"
	refute_output --partial "$SU"
}

@test "grants and refusals are logged to syslog" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net confined"
	user="setpriv --reuid $TUSER --regid $TGROUP --init-groups"
	uid=$(id -u "$TUSER")
	run with_log 3 "
		$user $SUID_NSX -n -t $pid true
		$user $SUID_NSX -p -t $pid true
		$user $SUID_NSX -n -t 4194304 true"
	# <8x>: the authpriv facility (10 << 3).
	run cat "$SU/home/log"
	assert_line --regexp "^<85>.* nsx\[[0-9]+\]: permitted uid=$uid rule=1 program=true ns=net target=pid $pid\$"
	assert_line --regexp "^<84>.* nsx\[[0-9]+\]: refused uid=$uid rule=none program=true ns=pid target=pid $pid: "
	assert_line --regexp "^<84>.* nsx\[[0-9]+\]: refused uid=$uid rule=none program=true ns=- target=pid 4194304: "
}

@test "the log puts decision, caller, rule and program first, and escapes what a terminal acts on" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "permit :$TGROUP ns=net target=netns:$name confined" "deny $TUSER target=uid:0"
	# A 1,200-byte path with a C1 control (U+0085, NEL) and a bidi
	# override (U+202E) in it, to the lab's namespace file.
	dir=$SU/home/$(printf 'd\xc2\x85\xe2\x80\xae')
	for i in 1 2 3 4 5 6 7; do dir+=/$(printf 'a%.0s' $(seq 190)); done
	mkdir -p "$dir"
	ln -s "/run/netns/$name" "$dir/ns"
	[ "${#dir}" -ge 1200 ]
	chown -R "$TUSER" "$SU/home"
	prog=$(printf 'true\xc2\x85x')
	user="setpriv --reuid $TUSER --regid $TGROUP --init-groups"
	uid=$(id -u "$TUSER")
	run with_log 3 "
		$user $SUID_NSX --net='$dir/ns' true
		$user $SUID_NSX -n -t $pid '$prog'
		$user $SUID_NSX -n -t $pid -- '$(printf 'x\x1b[2J\xe2\x81\xa6')'"
	run cat "$SU/home/log"
	assert_line --regexp "^<85>.* nsx\[[0-9]+\]: permitted uid=$uid rule=1 program=true ns=net target=$SU/home/d\\\\xc2\\\\x85\\\\xe2\\\\x80\\\\xae/a+/a+.*\\.\\.\\.\$"
	assert_line --regexp "^<84>.* nsx\[[0-9]+\]: refused uid=$uid rule=2 program=true\\\\xc2\\\\x85x ns=net target=pid $pid: denied by line 2\$"
	assert_line --regexp "^<84>.* nsx\[[0-9]+\]: refused uid=$uid rule=2 program=x\\\\x1b\\[2J\\\\xe2\\\\x81\\\\xa6 ns=net "
	# Not one byte a terminal acts on, whole or in UTF-8.
	run grep -cP '[\x00-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$SU/home/log"
	assert_output 0
	# Each line within what syslog keeps (RFC 3164: 1024 bytes).
	run awk 'length($0) > 1024' "$SU/home/log"
	assert_output ""
}

@test "with no syslog socket, nsx says once on the terminal that nothing is logged" {
	command -v script >/dev/null || skip "script(1) is not installed"
	"$NSX" connect --help >/dev/null 2>&1 || skip "nsx connect is not in this build"
	a=$(start_ns_proc -n)
	b=$(start_ns_proc -n)
	PIDS+=" $a $b"
	policy "permit :$TGROUP ns=net links=write confined"
	user="setpriv --reuid $TUSER --regid $TGROUP --init-groups"
	# Two grants in one command; /dev/log hidden where the host has one.
	run unshare -m --propagation private sh -c "
		[ ! -e /dev/log ] || mount --bind /dev/null /dev/log || exit 9
		script -qec '$user $SUID_NSX connect $a $b --name nsxl0 --peer-name nsxl1' /dev/null"
	assert_success
	assert_equal "$(grep -c 'not being logged' <<<"$output")" 1
	assert_line --partial "nsx: warning: no syslog socket at /dev/log"
	# Not a terminal: a script's stderr is spared it.
	run unshare -m --propagation private sh -c "
		[ ! -e /dev/log ] || mount --bind /dev/null /dev/log || exit 9
		$user $SUID_NSX -n -t $a true"
	assert_success
	assert_output ""
}

@test "make install-setuid installs 4755 root:root, and only a SETUID=1 build" {
	local src=$BATS_TEST_DIRNAME/..
	run make -C "$src" OBJDIR="$SU/box/obj" BIN="$SU/box/nsx" DESTDIR="$SU/box/dest" install-setuid
	assert_failure
	assert_output --partial "install-setuid needs a SETUID=1 build"
	[ ! -e "$SU/box/dest" ]
	run make -C "$src" SETUID=1 SYSCONFDIR="$SU/etc" OBJDIR="$SU/box/obj" BIN="$SU/box/nsx" \
		DESTDIR="$SU/box/dest" PREFIX=/usr/local install-setuid
	assert_success
	run stat -c '%a %U %G' "$SU/box/dest/usr/local/bin/nsx"
	assert_output "4755 root root"
	# What it installed is the setuid-aware build.
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	chmod 755 "$SU/box" "$SU/box/dest" "$SU/box/dest/usr" "$SU/box/dest/usr/local" "$SU/box/dest/usr/local/bin"
	run as_user "$SU/box/dest/usr/local/bin/nsx" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

# Runs nsx as the test user with only fds 0-2 open and RLIMIT_NOFILE at $1.
as_user_nofile() {
	local limit=$1
	shift
	as_user sh -c 'for fd in 3 4 5 6 7 8 9; do eval "exec $fd>&-"; done; exec prlimit "$@"' \
		sh "--nofile=$limit" -- "$@"
}

@test "a small descriptor limit cannot make a deny rule miss" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	nspid=$(ip netns exec "$name" sh -c 'sleep 600 </dev/null >/dev/null 2>&1 & echo $!')
	PIDS+=" $nspid"
	for deny in "deny $TUSER target=netns:$name" "deny $TUSER target=uid:0" \
		"deny $TUSER target=cgroup:*"; do
		policy "$deny" "permit $TUSER ns=net"
		for limit in 4 5 6 7 8 16; do
			for t in "$nspid" "/run/netns/$name"; do
				run as_user_nofile "$limit" "$SUID_NSX" -n -t "$t" touch "$SU/home/marker"
				assert_failure 1
				assert_output --regexp '^nsx: [^'$'\n'']*$'
				[ ! -e "$SU/home/marker" ]
			done
		done
	done
	# The permit alone lets the user in under the same limits.
	policy "permit $TUSER ns=net"
	run as_user_nofile 8 "$SUID_NSX" -n -t "$nspid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$nspid" net)"
}

@test "a deny on a process pattern also covers the same namespace named by a path" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	nspid=$(ip netns exec "$name" sh -c 'sleep 600 </dev/null >/dev/null 2>&1 & echo $!')
	PIDS+=" $nspid"
	for deny in "deny $TUSER target=uid:0" "deny $TUSER target=cgroup:/*" \
		"deny $TUSER target=docker:*" "deny :$TGROUP target=cri:*"; do
		policy "$deny" "permit $TUSER ns=net"
		run as_user "$SUID_NSX" -n -t "/run/netns/$name" touch "$SU/home/marker"
		assert_failure 1
		assert_output --partial "denied by line 1"
		run as_user "$SUID_NSX" -n -t "$name" touch "$SU/home/marker"
		assert_failure 1
		run as_user "$SUID_NSX" --net="/run/netns/$name" touch "$SU/home/marker"
		assert_failure 1
		[ ! -e "$SU/home/marker" ]
	done
	# A deny that names the namespace first, then the permit, still works.
	policy "permit $TUSER ns=net target=netns:$name" "deny $TUSER target=docker:*"
	run as_user "$SUID_NSX" -n -t "/run/netns/$name" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ip netns exec "$name" readlink /proc/self/ns/net)"
}

@test "a rule on a process pattern does not reach the caller's own network namespace" {
	"$NSX" link --help >/dev/null 2>&1 || skip "nsx link is not in this build"
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	# The caller lives in the test's namespace (so confined), and names
	# its own shell: its namespace is the one it already has.
	inns() { ip netns exec "$name" setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups "$@"; }
	uid=$(id -u "$TUSER")
	for rule in "permit $TUSER target=uid:$uid links=write confined" \
		"permit $TUSER links=write confined" "permit $TUSER target=* links=write confined" \
		"permit $TUSER target=cgroup:* links=write confined"; do
		policy "$rule"
		run inns sh -c "exec $SUID_NSX link -t \$\$ set lo up"
		assert_failure 1
		run ip -n "$name" -o link show lo
		refute_output --partial "LOWER_UP"
		run inns sh -c "exec $SUID_NSX -n -t \$\$ touch $SU/home/marker"
		assert_failure 1
		[ ! -e "$SU/home/marker" ]
	done
	# A rule that names the namespace itself does.
	policy "permit $TUSER target=netns:$name links=write confined"
	run inns sh -c "exec $SUID_NSX link -t \$\$ set lo up"
	assert_success
	run ip -n "$name" -o link show lo
	assert_output --partial "LOWER_UP"
}

@test "without a policy a user cannot enter a root-owned netns that holds a process of theirs" {
	name=$(uniq_name)
	ip netns add "$name"
	NETNS+=" $name"
	pid=$(ip netns exec "$name" setpriv --reuid "$TUSER" --regid "$TGROUP" --init-groups \
		sh -c 'sleep 600 </dev/null >/dev/null 2>&1 & echo $!')
	PIDS+=" $pid"
	# What unprivileged nsenter gets: nothing.
	run as_user nsenter -n -t "$pid" true
	assert_failure
	run as_user "$SUID_NSX" -n -t "$pid" touch "$SU/home/marker"
	assert_failure 1
	assert_output "$(refusal "$pid")"
	[ ! -e "$SU/home/marker" ]
	run as_user "$SUID_NSX" link -t "$pid" show
	assert_failure 1
	# one line, the refusal, and no link (lo: LOOPBACK)
	[ "${#lines[@]}" -eq 1 ]
	refute_output --partial LOOPBACK
}

@test "one command may reach two permitted processes" {
	"$NSX" connect --help >/dev/null 2>&1 || skip "nsx connect is not in this build"
	a=$(start_ns_proc -n)
	b=$(start_ns_proc -n)
	PIDS+=" $a $b"
	policy "permit :$TGROUP ns=net links=write"
	run as_user "$SUID_NSX" connect "$a" "$b" --name nsxa0 --peer-name nsxb0
	assert_success
	run nsenter -t "$a" -n ip -o link show nsxa0
	assert_success
	run nsenter -t "$b" -n ip -o link show nsxb0
	assert_success
	run as_user "$SUID_NSX" link -t "$a" add nsxa1 type veth peer nsxb1 target "$b"
	assert_success
	run nsenter -t "$b" -n ip -o link show nsxb1
	assert_success
	# Still only where a rule allows it.
	policy "permit :$TGROUP ns=net links=write target=ns:$(stat -Lc %i "/proc/$a/ns/net")"
	run as_user "$SUID_NSX" link -t "$a" add nsxa2 type veth peer nsxb2 target "$b"
	assert_failure 1
	run nsenter -t "$a" -n ip -o link show nsxa2
	assert_failure
}

@test "a malformed policy tells the user only where, and syslog what" {
	pid=$(start_user_ns_proc)
	PIDS+=" $pid"
	policy "permit :nsx-secret-group ns=net"
	run as_user "$SUID_NSX" -n -t "$pid" true
	assert_failure 1
	assert_output "nsx: $SU/etc/nsx.conf:1: syntax error: every request is denied"
	user="setpriv --reuid $TUSER --regid $TGROUP --init-groups"
	run with_log 1 "$user $SUID_NSX -n -t $pid true"
	run cat "$SU/home/log"
	assert_line --regexp "refused uid=$(id -u "$TUSER") rule=none program=true ns=- target=$pid: $SU/etc/nsx.conf:1: no such group: nsx-secret-group: every request is denied\$"
}

@test "names in the policy are read from /etc/passwd and /etc/group, not through NSS" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	policy "deny $OUSER" "permit :$TGROUP ns=net"
	# strace -u runs the setuid copy as the user, privileges and all.
	run strace -f -qq -e trace=openat,openat2 -o "$SU/home/trace" -u "$TUSER" \
		"$SUID_NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run grep -E 'nsswitch|libnss_' "$SU/home/trace"
	assert_failure
	run grep -c '"/etc/group"\|"etc/group"\|"/etc/passwd"\|"etc/passwd"' "$SU/home/trace"
	[ "$output" -ge 1 ] || { cat "$SU/home/trace"; false; }
}
