#!/usr/bin/env bats
# An engine with no container running is not started for a running one:
# docker runs a container, podman none (tests/engines.bats keeps one of
# each running, so this is its own file).

load helper

IMAGE=${NSX_ENGINE_IMAGE:-nsx-busybox:1}

setup_file() {
	sh "$BATS_TEST_DIRNAME/../tools/engines.sh" >"$BATS_FILE_TMPDIR/engines.log" 2>&1 || true
}

setup() {
	CTR="" FAKE=""
}

teardown() {
	[ -n "$CTR" ] && docker rm -f "$CTR" >/dev/null 2>&1
	[ -n "$FAKE" ] && rm -rf "$FAKE"
	return 0
}

# Every run of docker and podman, counted in $FAKE/calls, then the real
# tool: a wrapper first on PATH.
count_engines() {
	local tool
	FAKE=$(mktemp -d /tmp/nsx-idle.XXXXXX)
	for tool in docker podman; do
		printf '#!/bin/sh\necho %s >>"%s/calls"\nexec %s "$@"\n' \
			"$tool" "$FAKE" "$(command -v "$tool")" >"$FAKE/$tool"
		chmod 0755 "$FAKE/$tool"
	done
}

calls() { sort "$FAKE/calls" 2>/dev/null | uniq -c | awk '{ printf "%s%s ", $2, $1 }'; }

@test "a running docker container is found without starting podman" {
	command -v podman >/dev/null || skip "podman is not installed"
	conmons_at_most 0 || skip "a podman container runs on this host"
	CTR=$(uniq_name idle)
	out=$(docker run -d --name "$CTR" "$IMAGE" sleep 600 2>&1) ||
		skip "docker cannot start a container here: ${out##*$'\n'}"
	pid=$(docker inspect -f '{{.State.Pid}}' "$CTR")
	count_engines

	run env PATH="$FAKE:$PATH" "$NSX" -n -t "$CTR" readlink /proc/self/ns/net
	assert_success
	assert_output "$(readlink "/proc/$pid/ns/net")"
	assert_equal "$(calls)" "docker1 "

	# ls names it, asking docker alone.
	rm -f "$FAKE/calls"
	run env PATH="$FAKE:$PATH" "$NSX" ls -t net -n -o NS,NAMES
	assert_success
	assert_line --regexp "^ *$(stat -L -c %i "/proc/$pid/ns/net") .*docker:$CTR"
	assert_equal "$(calls)" "docker2 "

	# A name no running container has: podman is asked as well, and
	# each engine once.
	rm -f "$FAKE/calls"
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "$(uniq_name none)" true
	assert_failure 1
	assert_output --partial "asked docker and podman)"
	assert_equal "$(calls)" "docker1 podman1 "
}

@test "a stopped podman container is still said to be stopped" {
	command -v podman >/dev/null || skip "podman is not installed"
	conmons_at_most 0 || skip "a podman container runs on this host"
	name=$(uniq_name stopped)
	podman create --runtime runc --name "$name" "$IMAGE" true >/dev/null 2>&1 ||
		skip "podman cannot create a container here"
	run "$NSX" -n -t "$name" true
	podman rm -f "$name" >/dev/null 2>&1
	assert_failure 1
	assert_output --partial "podman container $name is not running"
}
