# bash completion for nsx                                 -*- shell-script -*-

_nsx_commands="ls show netns link addr route connect batch"

# PIDs, ip-netns names and docker netns names: what -t accepts.
_nsx_targets()
{
	local cur=$1
	COMPREPLY+=($(compgen -W "$(ls /proc 2>/dev/null | grep -E '^[0-9]+$')" -- "$cur"))
	COMPREPLY+=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
	COMPREPLY+=($(compgen -W "$(ls /run/docker/netns 2>/dev/null)" -- "$cur"))
	_nsx_containers "$cur"
}

# Names of running docker and podman containers, asked briefly: an engine
# that is missing or slow adds nothing.
_nsx_containers()
{
	local cur=$1 engine names=""
	for engine in docker podman; do
		type -P "$engine" >/dev/null || continue
		names+=" $(timeout 2 "$engine" ps --format '{{.Names}}' 2>/dev/null)"
	done
	COMPREPLY+=($(compgen -W "$names" -- "$cur"))
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
