#!/usr/bin/env bats
# The manual and --help agree: every option one lists, the other documents.
#
# In man/nsx.1 an option is documented by its Fl macros (".It Fl x , Fl
# \-long", ".Op Fl x Ar arg"): in ENTRY OPTIONS for entry mode, in the
# command's ".Ss nsx NAME" subsection for a command. Long forms count as
# options of their own. -h/--help is said once for all commands, in
# DESCRIPTION, so it is not looked for in each command's subsection.

load helper
bats_require_minimum_version 1.5.0

MAN=$BATS_TEST_DIRNAME/../man/nsx.1
COMMANDS="ls show netns link addr route connect batch reach"

# Options in a --help text (stdin): the "-x, --long" part of each line that
# starts with spaces and a dash, one per line.
help_options() {
	sed -n 's/^ \{1,\}\(-.*\)$/\1/p' | sed 's/  .*//' |
		grep -oE -- '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | tr -d ' ,' |
		sort -u
}

# Options named by Fl macros between heading $1 and the next one.
man_options() {
	awk -v start="$1" '
		$0 == start { on = 1; next }
		on && /^\.S[hs] / { exit }
		on && /^\./ {
			for (i = 2; i <= NF; i++)
				if ($(i - 1) == "Fl" || $(i - 1) == ".Fl") {
					w = $i
					gsub(/\\-/, "-", w)
					print "-" w
				}
		}
	' "$MAN" | sort -u
}

# Fail, naming each option that only one side has.
same_options() {
	local what=$1 help=$2 man=$3 only_help only_man
	only_help=$(comm -23 <(echo "$help") <(echo "$man") | grep . || true)
	only_man=$(comm -13 <(echo "$help") <(echo "$man") | grep . || true)
	if [ -n "$only_help$only_man" ]; then
		[ -z "$only_help" ] || echo "$what: in --help, not in the manual:" $only_help
		[ -z "$only_man" ] || echo "$what: in the manual, not in --help:" $only_man
		return 1
	fi
	[ -n "$help" ] || { echo "$what: no options found in --help"; return 1; }
}

# A command's --help against its subsection; skipped while the command
# is still a placeholder.
check_command() {
	local cmd=$1 help man
	run "$NSX" "$cmd" --help
	if [[ $output == *"not implemented yet"* ]]; then
		skip "nsx $cmd is not implemented yet"
	fi
	assert_success
	help=$(echo "$output" | help_options | grep -vxE -- '-h|--help' || true)
	man=$(man_options ".Ss nsx $cmd" | grep -vxE -- '-h|--help' || true)
	same_options "nsx $cmd" "$help" "$man"
}

# mandoc -T lint -W style on a page, with nsx(1) and nsx.conf(5) where
# mandoc looks for the pages it refers to, as once installed.
lint_page() {
	local dir
	dir=$(mktemp -d)
	mkdir "$dir/man1" "$dir/man5"
	cp "$MAN" "$dir/man1/nsx.1"
	cp "$BATS_TEST_DIRNAME/../man/nsx.conf.5" "$dir/man5/" 2>/dev/null || true
	run env MANPATH="$dir:/usr/share/man" mandoc -T lint -W style "$1"
	rm -rf "$dir"
}

@test "mandoc finds nothing to say about the manual" {
	# Only the notes about mandoc.db, which Debian does not keep, may remain.
	lint_page "$MAN"
	assert_success
	refute_output --regexp '(STYLE|WARNING|ERROR|UNSUPP)'
}

@test "mandoc finds nothing to say about nsx.conf(5)" {
	local conf=$BATS_TEST_DIRNAME/../man/nsx.conf.5
	[ -e "$conf" ] || skip "no man/nsx.conf.5 yet"
	lint_page "$conf"
	assert_success
	refute_output --regexp '(STYLE|WARNING|ERROR|UNSUPP)'
}

@test "every entry option in nsx --help is in the manual, and the other way round" {
	run "$NSX" --help
	assert_success
	same_options "entry mode" "$(echo "$output" | help_options)" \
		"$(man_options '.Sh ENTRY OPTIONS')"
}

@test "the commands nsx --help lists are the manual's and this file's" {
	run "$NSX" --help
	assert_success
	help=$(echo "$output" | sed -n '/^Commands/,/^$/s/^ \([a-z][a-z-]*\) .*/\1/p' | sort)
	man=$(sed -n 's/^\.Ss nsx \([a-z-]*\)$/\1/p' "$MAN" | sort)
	mine=$(printf '%s\n' $COMMANDS | sort)
	assert_equal "$man" "$help"
	assert_equal "$mine" "$help"
}

@test "nsx ls --help and the manual list the same options" { check_command ls; }
@test "nsx show --help and the manual list the same options" { check_command show; }
@test "nsx netns --help and the manual list the same options" { check_command netns; }
@test "nsx link --help and the manual list the same options" { check_command link; }
@test "nsx addr --help and the manual list the same options" { check_command addr; }
@test "nsx route --help and the manual list the same options" { check_command route; }
@test "nsx connect --help and the manual list the same options" { check_command connect; }
@test "nsx batch --help and the manual list the same options" { check_command batch; }
@test "nsx reach --help and the manual list the same options" { check_command reach; }

@test "the manual's exit status section matches what entry mode does" {
	run "$NSX" -n --net=/proc/self/ns/net sh -c 'exit 7'
	assert_failure 7
	run "$NSX" --net=/proc/self/ns/net sh -c 'kill -TERM $$'
	assert_failure 143
	run -127 "$NSX" --net=/proc/self/ns/net /nonexistent/program
	assert_failure 127
	run "$NSX" --net=/proc/self/ns/net /etc/passwd
	assert_failure 126
	run "$NSX" --no-such-option
	assert_failure 1
	grep -q '^\.It 128+ Ns Ar N$' "$MAN"
	grep -q '^\.It 126$' "$MAN"
	grep -q '^\.It 127$' "$MAN"
}
