#!/usr/bin/env bats
# The README's "Try it" session runs as written, with its names made unique.

load helper

setup() {
	A=$(uniq_name b)
	B=$(uniq_name r)
}

teardown() {
	ip netns del "$A" 2>/dev/null || true
	ip netns del "$B" 2>/dev/null || true
}

# The first ```sh block of the README, blue and red renamed.
readme_session() {
	awk '/^```sh$/ { on = 1; next } on && /^```$/ { exit } on' \
		"$BATS_TEST_DIRNAME/../README.md" |
		sed -e "s/\\bblue\\b/$A/g" -e "s/\\bred\\b/$B/g"
}

@test "the README's session runs as written" {
	script=$(readme_session)
	[ -n "$script" ]
	dir=$(mktemp -d)
	ln -s "$NSX" "$dir/nsx"
	run env PATH="$dir:$PATH" bash -euo pipefail -c "$script"
	rm -rf "$dir"
	assert_success
	assert_output --partial "1 received"
	assert_line "10.1.1.2"
	[ ! -e "/run/netns/$A" ] && [ ! -e "/run/netns/$B" ]
}

# The README's far-end example: the second ```sh block, its names unique.
readme_peers() {
	awk '/^```sh$/ { n++; on = n == 2; next } on && /^```$/ { exit } on' \
		"$BATS_TEST_DIRNAME/../README.md" |
		sed -e "s/\\bweb\\b/$A/g" -e "s/\\bveth78e976d\\b/$B/g"
}

@test "the README's far-end example runs as written" {
	script=$(readme_peers)
	[ -n "$script" ]
	dir=$(mktemp -d)
	ln -s "$NSX" "$dir/nsx"
	run env PATH="$dir:$PATH" bash -euo pipefail -c "$script"
	rm -rf "$dir"
	ip link del "$B" 2>/dev/null || true
	assert_success
	assert_output --regexp "$B +veth .* eth0@netns:$A "
	assert_line "netns:$A"
	assert_output --partial "peer $B@host"
	assert_output --regexp "eth0@if[0-9]+ +DOWN"
	# show by the veth's bare name: the namespace at its far end.
	assert_line --regexp "^net +[0-9]+ +netns:$A$"
	[ ! -e "/run/netns/$A" ]
}
