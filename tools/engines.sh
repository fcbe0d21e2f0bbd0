#!/bin/sh
# Get docker and podman ready for tests/engines.bats and bench/engines.sh:
# install the Debian packages that are missing (docker.io, podman, runc,
# busybox-static), start dockerd if it is not running, and build the tiny
# image the tests run, from busybox-static (nothing can be pulled).
# Idempotent, and quick when everything is there. An engine that cannot
# start is reported on stderr and left out: its tests skip, saying why.
# usage: engines.sh            prints one line per engine
set -u

IMAGE=${NSX_ENGINE_IMAGE:-nsx-busybox:1}
DOCKER_WAIT=${NSX_DOCKER_WAIT:-60}

say() { printf 'engines.sh: %s\n' "$*" >&2; }

install_missing() {
	missing=""
	for pkg in docker.io podman runc busybox-static; do
		dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		say "run as root to install:$missing"
		return 1
	fi
	say "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	apt-get install -y -q $missing >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null &&
			apt-get install -y -q $missing >/dev/null; }
}

docker_up() { timeout 10 docker info >/dev/null 2>&1; }

# detached PROG [ARG...]: PROG in its own session, holding none of this
# script's descriptors above 2. dockerd outlives the script; a test
# runner's output pipe it inherited would never see its end.
detached() {
	exec bash -c 'for fd in /proc/self/fd/*; do fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
		exec setsid "$@"' detached "$@"
}

# dockerd in the background, its log in a temporary file, until it answers.
start_dockerd() {
	docker_up && return 0
	command -v dockerd >/dev/null 2>&1 || { say "no dockerd"; return 1; }
	if ! pgrep -x dockerd >/dev/null 2>&1; then
		log=$(mktemp /tmp/nsx-dockerd.XXXXXX.log)
		say "starting dockerd (log: $log)"
		detached dockerd >"$log" 2>&1 </dev/null &
	fi
	i=0
	while [ "$i" -lt "$DOCKER_WAIT" ]; do
		docker_up && return 0
		sleep 1
		i=$((i + 1))
	done
	say "dockerd did not answer within ${DOCKER_WAIT}s${log:+; see $log}"
	return 1
}

# A root filesystem: static busybox, its applets, and a user that exists
# only inside the image (nsxguest, uid 4321), for nsx -S NAME.
make_rootfs() {
	root=$1
	mkdir -p "$root/bin" "$root/etc" "$root/proc" "$root/sys" "$root/dev" \
		"$root/tmp" "$root/root" "$root/run" "$root/var"
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
	cat >"$root/etc/passwd" <<-EOF
		root:x:0:0:root:/root:/bin/sh
		nobody:x:65534:65534:nobody:/:/bin/false
		nsxguest:x:4321:4321:nsx test user:/tmp:/bin/sh
	EOF
	cat >"$root/etc/group" <<-EOF
		root:x:0:
		nogroup:x:65534:
		nsxguest:x:4321:
	EOF
	chmod 1777 "$root/tmp"
}

# import ENGINE: the image for one engine, unless it has it already.
import_image() {
	engine=$1
	"$engine" image inspect "$IMAGE" >/dev/null 2>&1 && return 0
	if [ -z "${ROOTFS:-}" ]; then
		ROOTFS=$(mktemp -d /tmp/nsx-rootfs.XXXXXX)
		make_rootfs "$ROOTFS"
	fi
	out=$(tar -C "$ROOTFS" -cf - . | "$engine" import - "$IMAGE" 2>&1) ||
		{ say "$engine import: $out"; return 1; }
}

ROOTFS=""
status=""
install_missing || say "some packages are missing; engines may be skipped"
if ! command -v busybox >/dev/null 2>&1 && [ ! -x /bin/busybox ]; then
	say "no /bin/busybox: cannot build $IMAGE"
elif start_dockerd && import_image docker; then
	status="docker ready ($IMAGE)"
else
	say "docker cannot start; its tests will skip"
	status="docker unavailable"
fi
if [ -x /bin/busybox ] && command -v podman >/dev/null 2>&1 &&
	timeout 20 podman info >/dev/null 2>&1 && import_image podman; then
	status="$status, podman ready ($IMAGE)"
else
	say "podman cannot start; its tests will skip"
	status="$status, podman unavailable"
fi
[ -n "$ROOTFS" ] && rm -rf "$ROOTFS"
echo "engines: $status"
exit 0
