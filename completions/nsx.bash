# bash completion for nsx                                 -*- shell-script -*-
# shellcheck shell=bash

_nsx_commands="ls show netns link addr route connect batch"

# Add each word of the list $2 that starts with $1 to COMPREPLY. Unlike
# compgen -W, the words are never expanded by the shell.
_nsx_add()
{
	local cur=$1 w
	for w in $2; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$w")
	done
}

# PIDs, ip-netns names, docker netns names and nsfs paths: what -t accepts.
_nsx_targets()
{
	local cur=$1 f list=""
	case $cur in
	*/*)
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	esac
	for f in /proc/[0-9]*; do
		list+=" ${f#/proc/}"
	done
	for f in /run/netns/* /run/docker/netns/*; do
		[[ -e $f ]] && list+=" ${f##*/}"
	done
	_nsx_add "$cur" "$list"
}

# Helpers for the commands' functions below.
# The network links inside target $1 (for "link -t X set <TAB>"): the
# names in its /proc/net/dev, read from inside its network namespace.
_nsx_links()
{
	local target=$1 cur=$2 list
	[[ -n $target ]] || return
	list=$(nsx -n -t "$target" cat /proc/self/net/dev 2>/dev/null |
		sed -n 's/^ *\([^ :]*\):.*/\1/p')
	_nsx_add "$cur" "$list"
}

# Namespace types, as -t of ls takes them.
_nsx_ns_types()
{
	_nsx_add "$1" "cgroup ipc mnt net pid time user uts"
}

# The word after -t/--target in words[], or nothing.
_nsx_target_word()
{
	local i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-t | --target) echo "${words[i + 1]}" && return ;;
		--target=*) echo "${words[i]#--target=}" && return ;;
		esac
	done
}

# --- entry mode ---
_nsx_entry_options="-t --target -a --all -m --mount -u --uts -i --ipc
	-n --net -N --net-socket -p --pid -C --cgroup -U --user --user-parent
	-T --time -S --setuid -G --setgid --preserve-credentials --keep-caps
	-r --root -w --wd -W --wdns -e --env -F --no-fork -c --join-cgroup
	-h --help -V --version"

# For a cluster of short options (-at, -nS), the option whose argument is
# the next word, or nothing. As getopt reads them: an option with an
# optional argument (-nFILE) takes the rest of the cluster.
_nsx_short_wants_next()
{
	local w=$1 i c
	[[ $w == -[!-]* ]] || return
	for ((i = 1; i < ${#w}; i++)); do
		c=${w:i:1}
		case $c in
		[muinpCUTrw]) return ;;
		[tNSGW]) ((i == ${#w} - 1)) && echo "-$c"; return ;;
		esac
	done
}

# The index in words[] of the program nsx runs, or nothing while the
# options are still going on.
_nsx_program_index()
{
	local i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--) echo $((i + 1)) && return ;;
		--target | --net-socket | --setuid | --setgid | --wdns) ((i++)) ;;
		--*) ;;
		-?*) [[ -n $(_nsx_short_wants_next "${words[i]}") ]] && ((i++)) ;;
		*) echo "$i" && return ;;
		esac
	done
}

_nsx_entry()
{
	local cur=$1 prev=$2 prog short
	prog=$(_nsx_program_index)
	if [[ -n $prog ]]; then
		if ((cword > prog)); then
			_command_offset "$prog"
		else
			mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		fi
		return
	fi
	short=$(_nsx_short_wants_next "$prev")
	[[ -n $short ]] && prev=$short
	case $prev in
	-t | --target)
		_nsx_targets "$cur"
		return
		;;
	-S | --setuid)
		_nsx_add "$cur" "follow $(compgen -u)"
		return
		;;
	-G | --setgid)
		_nsx_add "$cur" "follow $(compgen -g)"
		return
		;;
	-W | --wdns)
		_filedir -d
		return
		;;
	-N | --net-socket)
		return
		;;
	--root | --wd)
		[[ $split == true ]] && _filedir -d && return
		;;
	--mount | --uts | --ipc | --net | --pid | --cgroup | --user | --time)
		[[ $split == true ]] && _filedir && return
		;;
	esac
	if [[ $cur == -* ]]; then
		_nsx_add "$cur" "$_nsx_entry_options"
	else
		mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
	fi
}

# --- nsx ls ---
_nsx_ls() { :; }
# --- nsx show ---
_nsx_show() { :; }
# --- nsx netns ---
_nsx_netns() { :; }
# --- nsx link ---
_nsx_link() { :; }
# --- nsx addr ---
_nsx_addr() { :; }
# --- nsx route ---
_nsx_route() { :; }
# --- nsx connect ---
_nsx_connect() { :; }
# --- nsx batch ---
_nsx_batch() { :; }

# The per-command functions get cur and prev, and see words, cword and
# split of _nsx through bash's dynamic scope.
_nsx()
{
	local cur prev words cword split
	_init_completion -s || return
	COMPREPLY=()
	if [[ $cword -eq 1 && $cur != -* ]]; then
		_nsx_add "$cur" "$_nsx_commands"
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		return
	fi
	case ${words[1]} in
	ls | show | netns | link | addr | route | connect | batch)
		"_nsx_${words[1]}" "$cur" "$prev"
		;;
	*)
		_nsx_entry "$cur" "$prev"
		;;
	esac
} &&
	complete -F _nsx nsx

# ex: filetype=sh
