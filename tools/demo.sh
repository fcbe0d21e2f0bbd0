#!/bin/sh
# A throwaway network namespace with a veth to the host; nsx enters it by
# PID, by path and by name, then everything is removed again.
set -eu
NSX=${1:-./nsx}
name=nsxdemo$$
host_if=nsxd$$h
ns_if=nsxd$$n
holder=""

cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	ip link del "$host_if" 2>/dev/null || true
	ip netns del "$name" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

say() { printf '\n$ %s\n' "$*"; }
run() { say "$*"; "$@"; }

ip netns add "$name"
ip link add "$host_if" type veth peer name "$ns_if" netns "$name"
ip addr add 10.199.0.1/30 dev "$host_if"
ip link set "$host_if" up
ip -n "$name" addr add 10.199.0.2/30 dev "$ns_if"
ip -n "$name" link set "$ns_if" up
ip -n "$name" link set lo up
ip netns exec "$name" sleep 600 &
holder=$!
sleep 0.2

echo "A namespace '$name' with $ns_if (10.199.0.2) wired to the host's $host_if (10.199.0.1);"
echo "process $holder lives in it."
run "$NSX" -n -t "$holder" ip -br addr
run "$NSX" -n -t "/run/netns/$name" ip -br link
run "$NSX" -n -t "$name" ping -c1 -W1 10.199.0.1
run "$NSX" -n -t "$name" readlink /proc/self/ns/net
say "readlink /proc/$holder/ns/net"
readlink "/proc/$holder/ns/net"
echo
echo "Removing the namespace and the veth."
