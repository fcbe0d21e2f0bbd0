# bash completion for nsx                                 -*- shell-script -*-

_nsx_commands="ls show netns link addr route connect batch"

# PIDs, ip-netns names and docker netns names: what -t accepts.
_nsx_targets()
{
	local cur=$1
	COMPREPLY+=($(compgen -W "$(ls /proc 2>/dev/null | grep -E '^[0-9]+$')" -- "$cur"))
	COMPREPLY+=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
	COMPREPLY+=($(compgen -W "$(ls /run/docker/netns 2>/dev/null)" -- "$cur"))
}

# --- entry mode ---
_nsx_entry()
{
	local cur=$1 prev=$2
	case $prev in
	-t | --target)
		_nsx_targets "$cur"
		return
		;;
	esac
	COMPREPLY=($(compgen -W "-t --target -a --all -m --mount -u --uts -i --ipc
		-n --net -N --net-socket -p --pid -C --cgroup -U --user --user-parent
		-T --time -S --setuid -G --setgid --preserve-credentials --keep-caps
		-r --root -w --wd -W --wdns -e --env -F --no-fork -c --join-cgroup
		-h --help -V --version" -- "$cur"))
}

# --- nsx ls ---
# The words of $2 that complete the last item of the comma list $1 (and
# -o's leading +). Words are matched as text, never expanded by the shell.
_nsx_ls_list()
{
	local cur=$1 pre w
	pre=${cur%"${cur##*[,+]}"}
	for w in $2; do
		[[ $w == "${cur##*[,+]}"* ]] && COMPREPLY+=("$pre$w")
	done
}
_nsx_ls()
{
	local cur=$1 prev=$2
	case $prev in
	-t | --type)
		_nsx_ls_list "$cur" "user cgroup ipc uts net pid mnt time"
		;;
	-o | --output)
		_nsx_ls_list "$cur" "NS TYPE NPROCS PID USER NETNSID NAMES COMMAND PNS ONS PATH"
		;;
	-p | --task)
		_nsx_targets "$cur"
		;;
	*)
		_nsx_ls_list "$cur" "-t --type -p --task -o --output -J -j --json
			-r --raw -n --noheadings -T --tree -h --help"
		;;
	esac
}
# --- nsx show ---
_nsx_show()
{
	local cur=$1 prev=$2
	if [[ $prev == -o || $prev == --output ]]; then
		_nsx_ls_list "$cur" "TYPE NS SHARED NPROCS NAMES INFO HOSTNAME
			DOMAIN UIDMAP GIDMAP LINK STATE ADDRS"
	elif [[ $cur == -* ]]; then
		_nsx_ls_list "$cur" "-o --output -J -j --json -r --raw -n
			--noheadings -h --help"
	else
		_nsx_targets "$cur"
	fi
}
# --- nsx netns ---
# Names in /run/netns that start with $1: any byte may be in a name, so
# they are compared, never handed to compgen -W (which expands them).
_nsx_netns_names()
{
	local f
	for f in /run/netns/*; do
		[[ -e $f && ${f##*/} == "$1"* ]] && COMPREPLY+=("${f##*/}")
	done
}
_nsx_netns()
{
	local cur=$1 prev=$2 sub=${words[2]}
	if [[ $cword -eq 2 ]]; then
		_nsx_ls_list "$cur" "list add attach del delete set identify pids
			monitor exec -h --help"
		return
	fi
	case $sub in
	list)
		if [[ $prev == -o || $prev == --output ]]; then
			_nsx_ls_list "$cur" "NAME ID NS PATH"
		else
			_nsx_ls_list "$cur" "-j -J --json -o --output -r --raw -n --noheadings"
		fi
		;;
	del | delete)
		if [[ $cword -eq 3 ]]; then
			_nsx_netns_names "$cur"
			_nsx_ls_list "$cur" "--all"
		fi
		;;
	set)
		[[ $cword -eq 3 ]] && _nsx_netns_names "$cur"
		[[ $cword -eq 4 ]] && _nsx_ls_list "$cur" "auto"
		;;
	attach)
		[[ $cword -eq 4 ]] && _nsx_targets "$cur"
		;;
	identify | pids)
		[[ $cword -eq 3 ]] && _nsx_targets "$cur"
		;;
	exec)
		if [[ $cword -eq 3 ]]; then
			_nsx_netns_names "$cur"
		elif [[ $cword -eq 4 ]]; then
			mapfile -t COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		fi
		;;
	esac
	return 0
}
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

_nsx()
{
	local cur prev words cword
	_init_completion || return
	COMPREPLY=()
	if [[ $cword -eq 1 && $cur != -* ]]; then
		COMPREPLY=($(compgen -W "$_nsx_commands" -- "$cur"))
		COMPREPLY+=($(compgen -c -- "$cur"))
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
