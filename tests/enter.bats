#!/usr/bin/env bats
# Entry mode: nsenter's options against real namespaces.

load helper

setup() {
	PIDS=""
}

teardown() {
	kill_pids
}

@test "enter a process's net namespace by PID" {
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	run "$NSX" -n -t "$pid" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	refute_output "$(readlink /proc/self/ns/net)"
}
