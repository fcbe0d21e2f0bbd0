#!/bin/sh
# Install the Debian packages nsx needs, only those that are missing.
# usage: deps.sh build|demo|test|lint
set -eu

missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need_file() { [ -e "$1" ] || missing="$missing $2"; }

case "${1:-build}" in
build)
	need_cmd cc gcc
	need_cmd make make
	need_cmd pkg-config pkg-config
	need_file /usr/include/stdio.h libc6-dev
	need_pc libmnl libmnl-dev
	need_pc libcap-ng libcap-ng-dev
	need_pc smartcols libsmartcols-dev
	;;
demo)
	need_cmd ip iproute2
	need_cmd ping iputils-ping
	need_cmd readlink coreutils
	need_cmd sleep coreutils
	;;
test)
	need_cmd bats bats
	need_file /usr/lib/bats/bats-support/load.bash bats-support
	need_file /usr/lib/bats/bats-assert/load.bash bats-assert
	need_cmd ip iproute2
	need_cmd nsenter util-linux
	need_cmd ping iputils-ping
	need_cmd jq jq
	need_cmd hyperfine hyperfine
	need_cmd strace strace
	need_file /bin/busybox busybox-static
	need_cmd python3 python3
	need_file /usr/bin/time time
	need_cmd clang clang
	need_file /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.asan-x86_64.a libclang-rt-14-dev
	need_file /usr/share/bash-completion/bash_completion bash-completion
	need_cmd zsh zsh
	need_cmd fish fish
	need_cmd mandoc mandoc
	;;
lint)
	need_cmd gcc gcc
	need_cmd cppcheck cppcheck
	need_cmd shellcheck shellcheck
	need_cmd mandoc mandoc
	need_cmd zsh zsh
	need_cmd fish fish
	need_cmd valgrind valgrind
	need_cmd objcopy binutils
	;;
*)
	echo "usage: $0 build|demo|test|lint" >&2
	exit 2
	;;
esac

[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: run as root to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
apt-get install -y -q $missing >/dev/null 2>&1 ||
	{ apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null; }
