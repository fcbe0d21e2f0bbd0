#!/bin/sh
# Run bats files with nsx under valgrind's memcheck, then fail on any memory
# error, any leak, and any descriptor nsx opened and still held at exit.
# Descriptors nsx inherited (bats keeps a few open) are not nsx's to close.
# usage: valgrind.sh NSX_BINARY BATS_FILE...
set -u
bin=$1
shift
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The program nsx runs is not traced (no --trace-children): only nsx is.
# Valgrind 3.19 (Debian 12) does not know pidfd_open and fails it with
# ENOSYS. A run whose -t names a PID is therefore run natively, as it is,
# timing included; any other run that meets pidfd_open (a name that is a
# container, a PID given otherwise) is repeated natively: nsx resolves its
# targets before it changes anything. Not batch, which may have carried
# out lines before the one that names a PID. Both are counted apart. The
# stderr of a memcheck run is held back until the run is known to count.
cat >"$logs/nsx" <<WRAPPER
#!/bin/sh
native() {
	: >"$logs/native.\$\$"
	exec "$bin" "\$@"
}
prev=
for arg in "\$@"; do
	case \$prev in
	-t | --target) case \$arg in '' | *[!0-9:]*) ;; *) native "\$@" ;; esac ;;
	esac
	case \$arg in
	--target=*[!0-9:]* | -t*[!0-9:]*) ;;
	--target=[0-9]* | -t[0-9]* | pid:[0-9]* | *=pid:[0-9]*) native "\$@" ;;
	esac
	prev=\$arg
done
err="$logs/stderr.\$\$"
valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \\
	--errors-for-leak-kinds=definite,indirect,possible --track-fds=yes \\
	--error-exitcode=99 --log-file="$logs/vg.\$\$.%p.log" "$bin" "\$@" \\
	<&0 2>"\$err" &
child=\$!
for sig in HUP INT QUIT TERM USR1 USR2; do
	trap "kill -\$sig \$child 2>/dev/null" "\$sig"
done
while :; do
	wait \$child
	status=\$?
	kill -0 \$child 2>/dev/null || break
done
if [ "\$1" != batch ] && grep -qs 'unhandled amd64-linux syscall: 434\$' "$logs"/vg.\$\$.*.log; then
	for log in "$logs"/vg.\$\$.*.log; do mv "\$log" "\$log.native"; done
	rm -f "\$err"
	exec "$bin" "\$@"
fi
cat "\$err" >&2
rm -f "\$err"
exit \$status
WRAPPER
chmod +x "$logs/nsx"

NSX="$logs/nsx" sh "$(dirname "$0")/run-tests.sh" "$@"
status=$?

# What is left of a log once the inherited descriptors are taken out is a
# finding: a memory error, a leak, or a descriptor nsx opened.
findings=0
for log in "$logs"/vg.*.log; do
	[ -e "$log" ] || continue
	# nsfs ioctls (0xb7..: NS_GET_NSTYPE, NS_GET_PARENT, ...) take no
	# memory argument, which is all the warning about them says.
	out=$(awk '
		/Warning: noted but unhandled ioctl 0xb7[0-9a-f][0-9a-f] / {
			skip = 2; next
		}
		skip > 0 { skip--; next }
		/FILE DESCRIPTORS: / { next }
		/Open (file descriptor|AF_[A-Z0-9]+ socket)/ {
			head = $0
			if ((getline next_line) > 0 && next_line ~ /<inherited from parent>/)
				next
			print head; print next_line; next
		}
		/^==[0-9]+== *$/ { next }
		{ print }
	' "$log")
	if [ -n "$out" ]; then
		findings=$((findings + 1))
		printf '%s\n' "$out"
	fi
done
runs=$(find "$logs" -name 'vg.*.log' | wc -l)
direct=$(find "$logs" -name 'native.*' | wc -l)
again=$(find "$logs" -name 'vg.*.log.native' | wc -l)
echo "valgrind: $runs runs of nsx checked, $findings with findings;" \
	"natively (pidfd_open): $direct PID targets, $again repeated"
[ "$status" -eq 0 ] && [ "$findings" -eq 0 ]
