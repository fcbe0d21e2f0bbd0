#!/usr/bin/env bats
# Shell completion: bash driven through COMP_WORDS and _nsx, zsh through a
# pseudo-terminal (tests/zsh-complete.zsh), fish through complete -C.

load helper

COMPLETIONS=$BATS_TEST_DIRNAME/../completions

setup() {
	PIDS=""
	NETNS=""
	# The completions run "nsx": the one under test.
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$NSX" "$BATS_TEST_TMPDIR/bin/nsx"
	PATH=$BATS_TEST_TMPDIR/bin:$PATH
}

teardown() {
	kill_pids
	[ -z "$NETNS" ] || ip netns del "$NETNS" 2>/dev/null || true
}

# What bash's completion offers for the command line $1 (the cursor at its
# end), one word a line.
bash_complete() {
	bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$1"
		COMP_LINE=$2
		COMP_POINT=${#COMP_LINE}
		read -ra COMP_WORDS <<<"$COMP_LINE"
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		_nsx
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$COMPLETIONS/nsx.bash" "$1"
}

# What zsh lists for the command line $1, escape sequences removed.
zsh_complete() {
	timeout 30 zsh -f "$BATS_TEST_DIRNAME/zsh-complete.zsh" "$COMPLETIONS" "$1" |
		sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g' | tr -d '\r'
}

fish_complete() {
	fish -c "source '$COMPLETIONS/nsx.fish'; complete -C '$1'"
}

# A sleeping process and an ip-netns name, for -t to offer.
make_targets() {
	sleep 600 &
	PID=$!
	PIDS+=" $PID"
	NETNS=$(uniq_name c)
	ip netns add "$NETNS"
}

@test "bash completes nsx's entry options" {
	run bash_complete "nsx -"
	assert_success
	for opt in -t --target -a --all -n --net --net-socket --user-parent \
		--preserve-credentials --keep-caps --wdns --join-cgroup --version; do
		assert_line -- "$opt"
	done
}

@test "bash, zsh and fish offer ip's -br, -d, -o, -s, -p and --table for link and addr" {
	for cmd in link addr; do
		run bash_complete "nsx $cmd -"
		assert_success
		for opt in -br --brief -d --details -j -o -oneline -s -p --table --output; do
			assert_line -- "$opt"
		done
		run fish_complete "nsx $cmd -"
		assert_line --regexp -- '^-br	'
		assert_line --regexp -- '^--details	'
		assert_line --regexp -- '^-oneline	'
		assert_line --regexp -- '^--table	'
		run zsh_complete "nsx $cmd -"
		assert_output --partial -- "--brief"
		assert_output --partial -- "--details"
		assert_output --partial -- "-oneline"
		assert_output --partial -- "--table"
	done
	run bash_complete "nsx route --output "
	assert_line WEIGHT
	assert_line METRICS
	run bash_complete "nsx route -"
	for opt in -o -oneline -d -p --table --output; do
		assert_line -- "$opt"
	done
}

@test "bash offers PIDs and ip-netns names after -t" {
	make_targets
	run bash_complete "nsx -n -t "
	assert_success
	assert_line "$PID"
	assert_line "$NETNS"
	run bash_complete "nsx -n --target ${NETNS:0:6}"
	assert_line "$NETNS"
	refute_line "$PID"
}

@test "bash finds -t at the end of a cluster of short options" {
	make_targets
	run bash_complete "nsx -at $NETNS"
	assert_success
	assert_line "$NETNS"
}

@test "bash completes command names as the first word" {
	run bash_complete "nsx l"
	assert_success
	assert_line ls
	assert_line link
	run bash_complete "nsx bat"
	assert_line batch
}

@test "bash completes a path target once it has a slash" {
	run bash_complete "nsx -n -t /run/net"
	assert_success
	assert_line /run/netns
}

@test "bash offers users and follow after -S, groups after -G" {
	run bash_complete "nsx -a -t 1 -S ro"
	assert_line root
	run bash_complete "nsx -a -t 1 -S fol"
	assert_line follow
	run bash_complete "nsx -a -t 1 -G roo"
	assert_line root
}

@test "bash hands the words after the program to the program's completion" {
	run bash_complete "nsx -n -t 1 ip li"
	assert_success
	assert_line link
	refute_line --partial -- --target
	run bash_complete "nsx -n -t 1 sle"
	assert_line sleep
}

# A netns with a veth pair in it, for the link helpers.
make_links() {
	NETNS=$(uniq_name l)
	ip netns add "$NETNS"
	ip -n "$NETNS" link add "${NETNS}a" type veth peer name "${NETNS}b"
}

@test "bash's helpers list the links inside a target and the namespace types" {
	make_links
	run bash -c 'source "$1"; COMPREPLY=(); _nsx_links "$2" ""
		printf "%s\n" "${COMPREPLY[@]}"; COMPREPLY=(); _nsx_ns_types n
		printf "%s\n" "${COMPREPLY[@]}"' bash "$COMPLETIONS/nsx.bash" "$NETNS"
	assert_success
	assert_equal "$(echo "$output" | sort)" \
		"$(printf '%s\n' lo "${NETNS}a" "${NETNS}b" net | sort)"
}

@test "zsh loads the nsx completion without error" {
	run zsh -f -c "fpath=($COMPLETIONS \$fpath); autoload -Uz compinit
		compinit -u -D; autoload +X _nsx && print loaded"
	assert_success
	assert_output loaded
}

@test "zsh offers PIDs with their command names, and ip-netns names, after -t" {
	make_targets
	run zsh_complete "nsx -n -t $PID"
	assert_success
	assert_output --regexp "(^|[[:space:]])$PID[[:space:]].*-- sleep"
	run zsh_complete "nsx -n -t ${NETNS:0:8}"
	assert_output --partial "$NETNS"
}

@test "zsh completes commands with their descriptions and entry options" {
	run zsh_complete "nsx "
	assert_success
	assert_output --regexp 'link +-- network links inside a target'
	run zsh_complete "nsx --pre"
	assert_output --partial "--preserve-credentials"
}

@test "zsh's link helper lists the links inside the target on the line" {
	make_links
	# A command function that uses it, as nsx link's will.
	mkdir -p "$BATS_TEST_TMPDIR/zsh"
	sed 's/^_nsx_link() { .*}$/_nsx_link() { _nsx_links; }/' \
		"$COMPLETIONS/_nsx" >"$BATS_TEST_TMPDIR/zsh/_nsx"
	COMPLETIONS=$BATS_TEST_TMPDIR/zsh run zsh_complete "nsx link -t $NETNS set "
	assert_success
	assert_output --partial "${NETNS}a"
	assert_output --partial "${NETNS}b"
}

@test "fish parses the nsx completion" {
	run fish -n "$COMPLETIONS/nsx.fish"
	assert_success
	assert_output ""
}

@test "fish offers PIDs with their command names, and ip-netns names, after -t" {
	make_targets
	run fish_complete "nsx -n -t "
	assert_success
	assert_line "$PID	sleep"
	assert_line "$NETNS	ip netns"
}

@test "fish completes commands, entry options, and the program's arguments" {
	run fish_complete "nsx "
	assert_line "link	network links inside a target"
	run fish_complete "nsx --ke"
	assert_line "--keep-caps	keep the user namespace's capabilities"
	run fish_complete "nsx -n -t 1 ip li"
	assert_line --regexp '^link'
	refute_line --partial -- --keep-caps
}

@test "fish's helpers list the links inside a target and the namespace types" {
	make_links
	run fish -c "source '$COMPLETIONS/nsx.fish'; __nsx_links $NETNS; __nsx_ns_types"
	assert_success
	assert_line lo
	assert_line "${NETNS}a"
	assert_line "${NETNS}b"
	assert_line net
	assert_line uts
}

@test "bash, zsh and fish offer ip address's verbs, words and selectors" {
	for sh in bash fish zsh; do
		run "${sh}_complete" "nsx addr -t x "
		assert_output --partial replace
		assert_output --partial change
		run "${sh}_complete" "nsx addr -t x add 10.1.1.1/24 "
		for w in label brd valid_lft preferred_lft noprefixroute mngtmpaddr autojoin metric peer; do
			assert_output --partial "$w"
		done
		run "${sh}_complete" "nsx addr -t x show "
		for w in scope to label dynamic tentative dadfailed secondary up type; do
			assert_output --partial "$w"
		done
		run "${sh}_complete" "nsx addr -t x add 10.1.1.1/24 scope "
		assert_output --partial nowhere
	done
}

@test "bash, zsh and fish offer link:VETH targets for the veths of nsx's namespace" {
	make_targets
	veth=$(uniq_name v)
	ip link add "$veth" type veth peer name far0 netns "$NETNS"
	run bash_complete "nsx -n -t link:${veth:0:5}"
	assert_success
	# bash replaces the word after its last ':', as it breaks words there.
	assert_line "$veth"
	run fish_complete "nsx -n -t link:"
	assert_line --regexp "^link:$veth	"
	run zsh_complete "nsx -n -t link:${veth:0:5}"
	assert_output --partial "link:$veth"
	# The bare name is a target too.
	run bash_complete "nsx -n -t ${veth:0:5}"
	assert_line "$veth"
	run fish_complete "nsx -n -t ${veth:0:5}"
	assert_line --regexp "^$veth	"
	run zsh_complete "nsx -n -t ${veth:0:5}"
	assert_output --partial "$veth"
}
