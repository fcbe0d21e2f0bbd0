#!/bin/sh
# Run the README's two commands the way a newcomer meets them: as root on
# a minimal Debian 12 (debootstrap --variant=minbase bookworm), in a fresh
# clone of this repository, with nothing installed beforehand.
#
# The root is bind-mounted onto itself and entered with pivot_root in a
# new mount namespace (the kernel refuses user namespaces to a chrooted
# process, and the tests make them); it shares the host's network, so
# apt-get reaches Debian's archive as it would on a new machine.
#
# usage: tools/fresh.sh [ROOT] [COMMAND...]
#   ROOT     where the minimal system is built; reused if it has one
#            (default: a new directory under /var/tmp, removed after)
#   COMMAND  what to run in the clone (default: the README's "Set up":
#            apt-get install make, then make demo && make check)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" != 0 ]; then
	echo "fresh.sh: run as root" >&2
	exit 1
fi
root=${1:-}
[ $# -gt 0 ] && shift
cmd=${*:-apt-get update -q >/dev/null && apt-get install -y -q make >/dev/null && make demo && make check}
keep=1
if [ -z "$root" ]; then
	root=$(mktemp -d /var/tmp/nsx-fresh.XXXXXX)
	keep=0
fi
# The root of a system: every user may walk it (mktemp made it 0700).
chmod 755 "$root"
# shellcheck disable=SC2317 # called by the trap
cleanup() { [ "$keep" = 1 ] || rm -rf --one-file-system "$root"; }
trap cleanup EXIT

if [ ! -x "$root/bin/sh" ]; then
	command -v debootstrap >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
	echo "fresh.sh: debootstrap --variant=minbase bookworm $root" >&2
	debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
rm -rf "$root/root/nsx"
git clone -q "$here" "$root/root/nsx"

echo "fresh.sh: in $root: $cmd" >&2
start=$(date +%s)
status=0
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private sh -eu -c '
	root=$1 cmd=$2
	mount --bind "$root" "$root"
	mount -t proc proc "$root/proc"
	mount -t sysfs sysfs "$root/sys"
	mount -t cgroup2 cgroup2 "$root/sys/fs/cgroup" 2>/dev/null || true
	mount --rbind /dev "$root/dev"
	mount -t tmpfs -o mode=755 tmpfs "$root/run"
	mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
	cd "$root"
	mkdir -p .oldroot
	pivot_root . .oldroot
	umount -l /.oldroot
	rmdir /.oldroot
	cd /root/nsx
	exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root TERM=dumb LANG=C sh -c "$cmd"
' fresh "$root" "$cmd" || status=$?
echo "fresh.sh: exit status $status after $(($(date +%s) - start)) s" >&2
exit "$status"
