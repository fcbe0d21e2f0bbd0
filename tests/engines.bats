#!/usr/bin/env bats
# Containers by name: docker and podman, asked for real (CRI where crictl is).

load helper

IMAGE=${NSX_ENGINE_IMAGE:-nsx-busybox:1}
# runc, since crun is not installed, and limits no higher than the host
# allows: podman's defaults are refused where the host's hard limit is lower.
PODMAN_RUN="--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=4096:4096"

setup_file() {
	local out
	# Install, start and build what is missing; quick when all is there.
	sh "$BATS_TEST_DIRNAME/../tools/engines.sh" >"$BATS_FILE_TMPDIR/engines.log" 2>&1
	WEB_D=$(uniq_name dweb)
	WEB_P=$(uniq_name pweb)
	DOCKER_WHY="" PODMAN_WHY=""
	if ! out=$(docker run -d --name "$WEB_D" "$IMAGE" sleep 600 2>&1); then
		DOCKER_WHY="docker cannot start a container here: ${out##*$'\n'} ($(tr '\n' ' ' <"$BATS_FILE_TMPDIR/engines.log"))"
	fi
	# shellcheck disable=SC2086
	if ! out=$(podman run -d $PODMAN_RUN --name "$WEB_P" "$IMAGE" sleep 600 2>&1); then
		PODMAN_WHY="podman cannot start a container here: ${out##*$'\n'} ($(tr '\n' ' ' <"$BATS_FILE_TMPDIR/engines.log"))"
	fi
	export WEB_D WEB_P DOCKER_WHY PODMAN_WHY
}

teardown_file() {
	docker rm -f "$WEB_D" >/dev/null 2>&1 || true
	podman rm -f -t 0 "$WEB_P" >/dev/null 2>&1 || true
}

setup() {
	MADE="" PIDS="" FAKE="" NETNS=""
}

teardown() {
	local c
	for c in $MADE; do
		case $c in
		docker:*) docker rm -f "${c#docker:}" >/dev/null 2>&1 || true ;;
		podman:*) podman rm -f -t 0 "${c#podman:}" >/dev/null 2>&1 || true ;;
		esac
	done
	kill_pids
	[ -n "$NETNS" ] && ip netns del "$NETNS" 2>/dev/null
	[ -n "$FAKE" ] && rm -rf "$FAKE"
	return 0
}

need_docker() { [ -z "$DOCKER_WHY" ] || skip "$DOCKER_WHY"; }
need_podman() { [ -z "$PODMAN_WHY" ] || skip "$PODMAN_WHY"; }

# engine ENGINE FIELD CONTAINER: one field of the engine's own answer.
field() { "$1" inspect -f "{{$2}}" "$3"; }

# A program named $1 first on PATH that runs the shell code $2; $FAKE is
# its directory, open to every user (the setuid test runs as nobody).
fake_engine() {
	if [ -z "$FAKE" ]; then
		FAKE=$(mktemp -d /tmp/nsx-engines.XXXXXX)
		chmod 0777 "$FAKE"
	fi
	printf '#!/bin/sh\nFAKE=%s\n%s\n' "$FAKE" "$2" >"$FAKE/$1"
	chmod 0755 "$FAKE/$1"
}

# A process that is gone, or only a zombie waiting for its new parent.
gone() {
	local i
	for i in $(seq 50); do
		[ -e "/proc/$1" ] || return 0
		grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# --- docker ---

@test "enter a docker container's network namespace by its name" {
	need_docker
	ip=$(field docker .NetworkSettings.IPAddress "$WEB_D")
	pid=$(field docker .State.Pid "$WEB_D")
	run "$NSX" -n -t "$WEB_D" ip -br addr
	assert_success
	assert_line --regexp "^eth0(@[a-z0-9]+)? +UP +${ip//./\\.}/[0-9]+"
	run "$NSX" -n -t "$WEB_D" readlink /proc/self/ns/net
	assert_output "$(ns_of "$pid" net)"
}

@test "hostname in a docker container's UTS namespace is the container's" {
	need_docker
	run "$NSX" -u -t "$WEB_D" hostname
	assert_success
	assert_output "$(field docker .Config.Hostname "$WEB_D")"
	refute_output "$(hostname)"
}

@test "-a shows a docker container's own processes with the image's ps" {
	need_docker
	run "$NSX" -a -t "$WEB_D" ps
	assert_success
	# busybox's header and PID 1 = the container's sleep: both namespaces.
	assert_line --index 0 --regexp '^ *PID +USER +(TIME +)?COMMAND'
	assert_line --regexp '^ +1 +root +.*sleep 600$'
	refute_output --partial bats
}

@test "a docker ID prefix and the sandbox netns file name the same namespace" {
	need_docker
	id=$(field docker .Id "$WEB_D")
	key=$(field docker .NetworkSettings.SandboxKey "$WEB_D")
	pid=$(field docker .State.Pid "$WEB_D")
	run "$NSX" -n -t "docker:${id:0:12}" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run "$NSX" -n -t "/var/run/docker/netns/${key##*/}" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "-S takes a user that exists only in the docker image's /etc/passwd" {
	need_docker
	run getent passwd nsxguest
	assert_failure
	run "$NSX" -S nsxguest -a -t "$WEB_D" id -u
	assert_success
	assert_output 4321
}

@test "a stopped docker container is refused, saying it is not running" {
	need_docker
	name=$(uniq_name stop)
	MADE+=" docker:$name"
	docker run --name "$name" "$IMAGE" true
	run "$NSX" -n -t "$name" true
	assert_failure 1
	assert_output "nsx: $name: docker container $name is not running (exited)"
}

@test "an ambiguous docker ID prefix is refused, listing the candidates" {
	need_docker
	declare -A seen
	# IDs are random hex: of 17 containers, two share a first digit.
	for i in $(seq 17); do
		name=$(uniq_name amb$i)
		MADE+=" docker:$name"
		id=$(docker create --name "$name" "$IMAGE" true)
		p=${id:0:1}
		[ -n "${seen[$p]:-}" ] && break
		seen[$p]=$name
	done
	run "$NSX" -n -t "docker:$p" true
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^nsx: docker:$p: matches several containers: "
	assert_output --partial "docker:$name ($p"
	assert_output --partial "docker:${seen[$p]} ($p"
}

# --- podman ---

@test "enter a podman container's network namespace by its name" {
	need_podman
	ip=$(field podman .NetworkSettings.IPAddress "$WEB_P")
	pid=$(field podman .State.Pid "$WEB_P")
	run "$NSX" -n -t "$WEB_P" ip -br addr
	assert_success
	assert_line --regexp "^eth0(@[a-z0-9]+)? +UP +${ip//./\\.}/[0-9]+"
	run "$NSX" -n -t "$WEB_P" readlink /proc/self/ns/net
	assert_output "$(ns_of "$pid" net)"
}

@test "hostname in a podman container's UTS namespace is the container's" {
	need_podman
	run "$NSX" -u -t "$WEB_P" hostname
	assert_success
	assert_output "$(field podman .Config.Hostname "$WEB_P")"
	refute_output "$(hostname)"
}

@test "-a shows a podman container's own processes with the image's ps" {
	need_podman
	run "$NSX" -a -t "$WEB_P" ps
	assert_success
	assert_line --index 0 --regexp '^ *PID +USER +(TIME +)?COMMAND'
	assert_line --regexp '^ +1 +root +.*sleep 600$'
	refute_output --partial bats
}

@test "a podman ID prefix and the container's netns file name the same namespace" {
	need_podman
	id=$(field podman .Id "$WEB_P")
	key=$(field podman .NetworkSettings.SandboxKey "$WEB_P")
	pid=$(field podman .State.Pid "$WEB_P")
	run "$NSX" -n -t "podman:${id:0:12}" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
	run "$NSX" -n -t "$key" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$pid" net)"
}

@test "-S takes a user that exists only in the podman image's /etc/passwd" {
	need_podman
	run "$NSX" -S nsxguest -a -t "$WEB_P" id -un
	assert_success
	assert_output nsxguest
	run "$NSX" -S nsxguest -a -t "$WEB_P" id -u
	assert_output 4321
}

@test "a stopped podman container is refused, saying it is not running" {
	need_podman
	name=$(uniq_name stop)
	MADE+=" podman:$name"
	# shellcheck disable=SC2086
	podman run $PODMAN_RUN --name "$name" "$IMAGE" true
	run "$NSX" -n -t "podman:$name" true
	assert_failure 1
	assert_output "nsx: podman:$name: podman container $name is not running (exited)"
}

@test "an ambiguous podman ID prefix is refused, listing the candidates" {
	need_podman
	declare -A seen
	for i in $(seq 17); do
		name=$(uniq_name amb$i)
		MADE+=" podman:$name"
		id=$(podman create --name "$name" "$IMAGE" true)
		p=${id:0:1}
		[ -n "${seen[$p]:-}" ] && break
		seen[$p]=$name
	done
	run "$NSX" -n -t "podman:$p" true
	assert_failure 1
	assert_equal "${#lines[@]}" 1
	assert_output --regexp "^nsx: podman:$p: matches several containers: "
	assert_output --partial "podman:$name ($p"
	assert_output --partial "podman:${seen[$p]} ($p"
}

# --- both, and the rules for asking ---

@test "a name both docker and podman know is ambiguous; a prefix picks one" {
	need_docker
	need_podman
	name=$(uniq_name both)
	MADE+=" docker:$name podman:$name"
	docker run -d --name "$name" "$IMAGE" sleep 600 >/dev/null
	# shellcheck disable=SC2086
	podman run -d $PODMAN_RUN --name "$name" "$IMAGE" sleep 600 >/dev/null
	run "$NSX" -n -t "$name" true
	assert_failure 1
	assert_output --regexp "^nsx: $name: matches several containers: docker:$name \([0-9a-f]{12}\), podman:$name \([0-9a-f]{12}\)$"
	run "$NSX" -n -t "podman:$name" readlink /proc/self/ns/net
	assert_success
	assert_output "$(ns_of "$(field podman .State.Pid "$name")" net)"
	run "$NSX" -n -t "docker:$name" readlink /proc/self/ns/net
	assert_output "$(ns_of "$(field docker .State.Pid "$name")" net)"
}

@test "an unknown name fails with one line naming the engines asked" {
	need_docker
	need_podman
	command -v crictl >/dev/null && skip "crictl is installed: asked three"
	name=$(uniq_name none)
	run "$NSX" -n -t "$name" true
	assert_failure 1
	assert_output "nsx: target '$name': not found (looked in /run/netns, /run/docker/netns, nsx's own veths, and asked docker and podman)"
	run "$NSX" -n -t "docker:$name" true
	assert_failure 1
	assert_output "nsx: docker:$name: no such container"
}

@test "a name one engine lacks costs that engine one run of its tool" {
	need_docker
	need_podman
	# The real tools, each run counted: a name only docker has (podman's
	# conmon names its own containers, so podman is not started), one
	# only podman has (docker's monitors name none), and an unknown one.
	fake_engine docker "echo docker >>\"\$FAKE/calls\"; exec $(command -v docker) \"\$@\""
	fake_engine podman "echo podman >>\"\$FAKE/calls\"; exec $(command -v podman) \"\$@\""
	conmons_at_most 1 || skip "podman containers other than $WEB_P run on this host"
	for want in "$WEB_D=docker " "$WEB_P=docker podman " "$(uniq_name none)=docker podman "; do
		name=${want%%=*}
		rm -f "$FAKE/calls"
		run env PATH="$FAKE:$PATH" "$NSX" -n -t "$name" true
		assert_equal "$(sort "$FAKE/calls" | tr '\n' ' ')" "${want#*=}"
		[ "$name" = "$WEB_D" ] || [ "$name" = "$WEB_P" ] || break
		assert_success
	done
	assert_failure 1
	assert_output --partial "asked docker and podman)"
}

@test "an engine that hangs is stopped at the deadline, with its children" {
	fake_engine docker 'echo $$ >"$FAKE/docker.pid"; sleep 600 & echo $! >"$FAKE/sleep.pid"; wait'
	name=$(uniq_name hang)
	start=$(date +%s%N)
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "$name" true
	ms=$((($(date +%s%N) - start) / 1000000))
	assert_failure 1
	assert_output "nsx: $name: docker did not answer within 5 s"
	[ "$ms" -ge 4500 ] && [ "$ms" -lt 9000 ] || fail "took $ms ms"
	gone "$(cat "$FAKE/docker.pid")" || fail "the fake docker lives on"
	gone "$(cat "$FAKE/sleep.pid")" || fail "its child lives on"
}

@test "a daemon that cannot be reached is named in the not-found line" {
	fake_engine docker 'echo "Cannot connect to the Docker daemon at unix:///nowhere.sock." >&2; exit 1'
	fake_engine podman 'exit 0'
	name=$(uniq_name down)
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "$name" true
	assert_failure 1
	assert_output "nsx: target '$name': not found (looked in /run/netns, /run/docker/netns, nsx's own veths, and asked docker and podman (docker: Cannot connect to the Docker daemon at unix:///nowhere.sock.))"
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "docker:$name" true
	assert_failure 1
	assert_output "nsx: docker:$name: docker: Cannot connect to the Docker daemon at unix:///nowhere.sock."
}

@test "a PID, a path or an ip-netns name never runs an engine" {
	fake_engine docker 'echo "docker $*" >>"$FAKE/calls"; exit 1'
	fake_engine podman 'echo "podman $*" >>"$FAKE/calls"; exit 1'
	pid=$(start_ns_proc -n)
	PIDS+=" $pid"
	NETNS=$(uniq_name ns)
	ip netns add "$NETNS"
	for t in "$pid" "pid:$pid" "/proc/$pid/ns/net" "$NETNS" "netns:$NETNS"; do
		run env PATH="$FAKE:$PATH" "$NSX" -n -t "$t" true
		assert_success
	done
	[ ! -e "$FAKE/calls" ] || fail "engines were run: $(cat "$FAKE/calls")"
	# The fakes do run when a name needs them, and only the one asked for.
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "docker:$(uniq_name x)" true
	assert_failure 1
	run cut -d' ' -f1 "$FAKE/calls"
	assert_output "docker
docker"
}

@test "engines run as the caller's real user, not as a setuid nsx" {
	fake_engine docker 'echo "$(id -ru) $(id -u) $(id -rg) $(id -g)" >"$FAKE/ids"; exit 1'
	# Setuid support is a build option: a SETUID=1 copy, its policy
	# directory empty. docker: goes to the engine before any policy.
	make -C "$BATS_TEST_DIRNAME/.." SETUID=1 SYSCONFDIR="$FAKE/etc" \
		OBJDIR="$FAKE/obj" BIN="$FAKE/nsx-build" "$FAKE/nsx-build" \
		>"$FAKE/build.log" 2>&1 || { cat "$FAKE/build.log"; return 1; }
	install -o root -g root -m 4755 "$FAKE/nsx-build" "$FAKE/nsx-suid"
	run setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$FAKE:$PATH" "$FAKE/nsx-suid" -n -t "docker:$(uniq_name suid)" true
	assert_failure 1
	assert_equal "$(cat "$FAKE/ids")" "65534 65534 65534 65534"
}

@test "engines start with a lazy Go collector unless the caller set one" {
	fake_engine docker 'echo "${GOGC-unset} ${GOMEMLIMIT-unset} ${GOMAXPROCS-unset} ${HOME-unset}" >"$FAKE/env"; exit 1'
	run env -u GOGC -u GOMEMLIMIT -u GOMAXPROCS PATH="$FAKE:$PATH" \
		"$NSX" -n -t "docker:$(uniq_name env)" true
	assert_failure 1
	assert_equal "$(cat "$FAKE/env")" "off 256MiB 1 $HOME"
	run env GOGC=50 GOMEMLIMIT=1GiB GOMAXPROCS=2 PATH="$FAKE:$PATH" \
		"$NSX" -n -t "docker:$(uniq_name env)" true
	assert_failure 1
	assert_equal "$(cat "$FAKE/env")" "50 1GiB 2 $HOME"
}

@test "engines read nothing from nsx's standard input" {
	fake_engine docker 'wc -c >"$FAKE/stdin"; exit 1'
	fake_engine podman 'exit 1'
	run bash -c 'yes | env PATH="$1:$PATH" "$2" -n -t "$3" true' _ "$FAKE" "$NSX" "$(uniq_name in)"
	assert_failure 1
	assert_equal "$(cat "$FAKE/stdin")" 0
}

@test "cri: names crictl when it is not installed" {
	command -v crictl >/dev/null && skip "crictl is installed here"
	run "$NSX" -n -t cri:0123abcd true
	assert_failure 1
	assert_output "nsx: cri:0123abcd: crictl is not installed (no crictl in PATH)"
}

@test "a name no engine could hold is refused without asking one" {
	fake_engine docker 'echo called >>"$FAKE/calls"; exit 1'
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "docker:-h" true
	assert_failure 1
	assert_output "nsx: docker:-h: not a container name or ID"
	run env PATH="$FAKE:$PATH" "$NSX" -n -t "we@b" true
	assert_failure 1
	assert_output "nsx: target 'we@b': not found (looked in /run/netns, /run/docker/netns, nsx's own veths, and 'we@b' cannot name a container)"
	[ ! -e "$FAKE/calls" ]
}

@test "bash completion of -t offers running container names" {
	need_docker
	need_podman
	bc=/usr/share/bash-completion/bash_completion
	[ -r "$bc" ] || skip "bash-completion is not installed"
	run bash -c 'source "$1"; source "$2"; COMP_WORDS=(nsx -n -t "$3"); COMP_CWORD=3
		COMP_LINE="nsx -n -t $3"; COMP_POINT=${#COMP_LINE}; _nsx; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$bc" "$BATS_TEST_DIRNAME/../completions/nsx.bash" "${WEB_D%dweb}"
	assert_success
	assert_line "$WEB_D"
	assert_line "$WEB_P"
}

@test "nsx ls names the containers that own each namespace" {
	need_docker
	pid=$(docker inspect -f '{{.State.Pid}}' "$WEB_D")
	run "$NSX" ls -t net,uts -J
	assert_success
	for t in net uts; do
		ino=$(stat -L -c %i "/proc/$pid/ns/$t")
		run jq -r --arg ino "$ino" \
			'.namespaces[] | select((.ns | tostring) == $ino) | .names[]' <<<"$output"
		assert_line "docker:$WEB_D"
		run "$NSX" ls -t net,uts -J
	done
}
