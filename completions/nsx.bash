# bash completion for nsx                                 -*- shell-script -*-
# shellcheck shell=bash

_nsx_commands="ls show netns link addr route connect batch reach"

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
	local cur=$1 f list="" links=""
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
	_nsx_containers "$cur"
	# A veth is a target by its bare name too, once a word is begun.
	[[ -n $cur ]] || return
	list=$(_nsx_veths)
	_nsx_add "$cur" "$list"
	[[ $cur == l* ]] || return
	for f in $list; do links+=" link:$f"; done
	_nsx_add "$cur" "$links"
}

# The veths of nsx's own namespace: link:NAME targets their far ends.
_nsx_veths()
{
	nsx link show --output IFNAME,TYPE 2>/dev/null | awk 'NR > 1 && $2 == "veth" { print $1 }'
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
	_nsx_add "$cur" "$names"
}

# Helpers for the commands' functions below.
# The network links inside target $1 (nsx's own namespace when empty),
# as nsx link show names them: for "link -t X set <TAB>", "dev <TAB>".
_nsx_links()
{
	local target=$1 cur=$2
	_nsx_add "$cur" "$(nsx link ${target:+-t "$target"} show --output IFNAME \
		2>/dev/null | tail -n +2)"
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
_nsx_link()
{
	local cur=$1 prev=$2 i verb="" target="" nwords=0 kind=""
	for ((i = 2; i < cword; i++)); do
		[[ ${words[i - 1]} == type ]] && kind=${words[i]}
		case ${words[i]} in
		-t | --target | -o | --output)
			[[ ${words[i]} == -t || ${words[i]} == --target ]] &&
				target=${words[i + 1]}
			((i++))
			;;
		-*) ;;
		*)
			if [[ -z $verb ]]; then verb=${words[i]}; else ((nwords++)); fi
			;;
		esac
	done
	case $prev in
	-t | --target | target | netns)
		_nsx_targets "$cur"
		return
		;;
	--output)
		COMPREPLY=(); _nsx_add "$cur" "IFINDEX IFNAME TYPE STATE MTU MASTER LINK
			ADDRESS FLAGS QDISC GROUP TXQLEN LINKTYPE BROADCAST NETNSID
			LINKMODE"
		return
		;;
	type)
		COMPREPLY=(); _nsx_add "$cur" "veth bridge bridge_slave dummy ifb vlan
			vxlan macvlan macvtap ipvlan"
		return
		;;
	mode)
		COMPREPLY=()
		if [[ $kind == ipvlan ]]; then _nsx_add "$cur" "l2 l3 l3s"
		else _nsx_add "$cur" "bridge private vepa passthru source"; fi
		return
		;;
	promisc | allmulticast | arp | multicast | guard | hairpin | fastleave | \
		root_block | learning | flood | proxy_arp | proxy_arp_wifi | \
		mcast_fast_leave | mcast_flood | bcast_flood | mcast_to_unicast | \
		neigh_suppress | vlan_tunnel | isolated | locked)
		[[ $prev == learning && $kind == vxlan ]] || {
			COMPREPLY=(); _nsx_add "$cur" "on off"; return; }
		;;
	altname | mtu | name | address | peer | id | vni | remote | local | \
		dstport | group | txqlen | qlen | txqueuelen | alias | \
		numtxqueues | numrxqueues | flowlabel)
		return
		;;
	esac
	if [[ $verb == property ]]; then
		COMPREPLY=()
		if ((nwords == 0)); then _nsx_add "$cur" "add del"
		elif [[ $prev == dev ]]; then _nsx_links "$target" "$cur"
		else _nsx_add "$cur" "dev altname"; fi
		return
	fi
	if [[ -n $kind && $cur != -* && ($verb == add || $verb == set) &&
		$prev != link && $prev != dev ]]; then
		COMPREPLY=(); _nsx_link_kind_words "$kind" "$cur"
		return
	fi
	if [[ -n $verb && ($prev == master || $prev == link || $prev == dev ||
		(($verb == set || $verb == del || $verb == show) && $nwords -eq 0)) ]]; then
		COMPREPLY=(); _nsx_links "$target" "$cur"
		[[ $verb == del && $nwords -eq 0 ]] &&
			_nsx_add "$cur" "type group"
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "-t --target -j --json -p -pretty -o -oneline -d --details
			-s -stats -br -brief --brief --table --output -h --help"
	elif [[ -z $verb ]]; then
		COMPREPLY=(); _nsx_add "$cur" "show add set del property"
	elif [[ $verb == show ]]; then
		COMPREPLY=(); _nsx_add "$cur" "dev type master nomaster up group"
	elif [[ $verb == add ]]; then
		COMPREPLY=(); _nsx_add "$cur" "name type link dev up down mtu address
			txqlen qlen alias group promisc allmulticast arp multicast
			master numtxqueues numrxqueues netns peer target"
	elif [[ $verb == set ]]; then
		COMPREPLY=(); _nsx_add "$cur" "up down mtu name address master nomaster
			txqlen qlen alias group promisc allmulticast arp multicast
			netns target type"
	fi
}
# The words of one link type (after "type KIND") in link add and set.
_nsx_link_kind_words()
{
	case $1 in
	veth) _nsx_add "$2" "peer name mtu address netns target" ;;
	bridge) _nsx_add "$2" "stp_state forward_delay hello_time max_age
		ageing_time priority vlan_filtering vlan_protocol vlan_default_pvid
		vlan_stats_enabled vlan_stats_per_port group_fwd_mask group_address
		fdb_flush mcast_snooping mcast_router mcast_querier
		mcast_query_use_ifaddr mcast_hash_elasticity mcast_hash_max
		mcast_last_member_count mcast_startup_query_count
		mcast_last_member_interval mcast_membership_interval
		mcast_querier_interval mcast_query_interval
		mcast_query_response_interval mcast_startup_query_interval
		mcast_stats_enabled mcast_igmp_version mcast_mld_version
		nf_call_iptables nf_call_ip6tables nf_call_arptables" ;;
	bridge_slave) _nsx_add "$2" "state priority cost guard hairpin fastleave
		root_block learning flood proxy_arp proxy_arp_wifi mcast_router
		mcast_fast_leave mcast_flood bcast_flood mcast_to_unicast
		group_fwd_mask neigh_suppress vlan_tunnel isolated locked
		fdb_flush" ;;
	vxlan) _nsx_add "$2" "id vni remote group local dev dstport srcport ttl
		hoplimit tos dsfield df flowlabel ageing maxaddress learning nolearning proxy
		noproxy rsc norsc l2miss nol2miss l3miss nol3miss udpcsum noudpcsum
		udp6zerocsumtx noudp6zerocsumtx udp6zerocsumrx noudp6zerocsumrx
		remcsumtx noremcsumtx remcsumrx noremcsumrx external noexternal gbp
		gpe" ;;
	macvlan | macvtap) _nsx_add "$2" "mode nopromisc nodst bcqueuelen link" ;;
	ipvlan) _nsx_add "$2" "mode bridge private vepa link" ;;
	vlan) _nsx_add "$2" "id link" ;;
	esac
}
# For addr and route: the -t target and the first plain word (the verb)
# among the words before the cursor, into the caller's $target and $verb.
_nsx_verb_target()
{
	local i
	for ((i = 2; i < cword; i++)); do
		case ${words[i]} in
		-t | --target) target=${words[i + 1]}; ((i++)) ;;
		-*) ;;
		*) [[ -z $verb ]] && verb=${words[i]} ;;
		esac
	done
}

# --- nsx addr ---
_nsx_addr()
{
	local cur=$1 prev=$2 verb="" target=""
	_nsx_verb_target
	case $prev in
	-t | --target)
		_nsx_targets "$cur"
		return
		;;
	dev)
		COMPREPLY=(); _nsx_links "$target" "$cur"
		return
		;;
	--output)
		COMPREPLY=(); _nsx_add "$cur" "IFINDEX IFNAME STATE FAMILY ADDRESS SCOPE
			BROADCAST PEER FLAGS LABEL VALID PREFERRED"
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "-t --target -j --json -p -pretty -o -oneline -d --details
			-s -stats -br -brief --brief --table --output -4 -6 -h --help"
	elif [[ -z $verb ]]; then
		COMPREPLY=(); _nsx_add "$cur" "show add del flush replace change"
	elif [[ $verb == show || $verb == flush || $verb == list ]]; then
		case $prev in
		scope) COMPREPLY=(); _nsx_add "$cur" "global site link host nowhere all"; return ;;
		type) COMPREPLY=(); _nsx_add "$cur" "veth bridge vxlan macvlan ifb dummy vlan"; return ;;
		to | label) return ;;
		esac
		COMPREPLY=(); _nsx_add "$cur" "dev scope to label up type dynamic
			permanent primary secondary temporary tentative deprecated
			dadfailed nodad home mngtmpaddr noprefixroute autojoin"
	else
		case $prev in
		scope) COMPREPLY=(); _nsx_add "$cur" "global site link host nowhere"; return ;;
		brd | broadcast) COMPREPLY=(); _nsx_add "$cur" "+ -"; return ;;
		valid_lft | preferred_lft) COMPREPLY=(); _nsx_add "$cur" "forever"; return ;;
		local | peer | remote | label | metric | priority | preference) return ;;
		esac
		COMPREPLY=(); _nsx_add "$cur" "dev local peer remote brd broadcast label
			scope metric priority valid_lft preferred_lft noprefixroute nodad
			optimistic home mngtmpaddr autojoin"
	fi
}
# --- nsx route ---
_nsx_route()
{
	local cur=$1 prev=$2 verb="" target=""
	_nsx_verb_target
	case $prev in
	-t | --target)
		_nsx_targets "$cur"
		return
		;;
	dev | oif | iif)
		COMPREPLY=(); _nsx_links "$target" "$cur"
		return
		;;
	table)
		COMPREPLY=(); _nsx_add "$cur" "main local default all $(awk '!/^#/ && NF >= 2 {print $2}' \
			/etc/iproute2/rt_tables /etc/iproute2/rt_tables.d/*.conf 2>/dev/null)"
		return
		;;
	proto | protocol)
		COMPREPLY=(); _nsx_add "$cur" "kernel boot static ra redirect dhcp bird zebra
			babel bgp isis ospf rip eigrp keepalived gated mrt dnrouted xorp ntk openr all"
		return
		;;
	scope)
		COMPREPLY=(); _nsx_add "$cur" "global link host site nowhere all"
		return
		;;
	type)
		COMPREPLY=(); _nsx_add "$cur" "unicast local broadcast multicast anycast
			blackhole unreachable prohibit throw nat"
		return
		;;
	pref)
		COMPREPLY=(); _nsx_add "$cur" "low medium high"
		return
		;;
	features)
		COMPREPLY=(); _nsx_add "$cur" "ecn"
		return
		;;
	--output)
		COMPREPLY=(); _nsx_add "$cur" "DST GATEWAY DEV PROTO SCOPE SRC METRIC TABLE
			TYPE FLAGS PREF FAMILY TOS METRICS EXPIRES WEIGHT"
		return
		;;
	via | src | metric | preference | priority | tos | dsfield | weight | \
		mtu | advmss | window | rtt | rttvar | reordering | hoplimit | initcwnd | \
		initrwnd | cwnd | ssthresh | quickack | congctl | fastopen_no_cookie | \
		rto_min | expires | realm | realms | from | mark) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "-t --target -j --json -p -pretty -o -oneline -d --details
			--table --output -4 -6 -h --help"
	elif [[ -z $verb ]]; then
		COMPREPLY=(); _nsx_add "$cur" "show list add del change replace append prepend flush get"
	elif [[ $verb == show || $verb == list || $verb == flush ]]; then
		COMPREPLY=(); _nsx_add "$cur" "to root match exact default dev oif table via src
			proto scope type tos dsfield metric"
	elif [[ $verb == get ]]; then
		COMPREPLY=(); _nsx_add "$cur" "to from iif oif dev mark tos dsfield fibmatch"
	else
		COMPREPLY=(); _nsx_add "$cur" "to default via dev src metric preference priority
			table onlink nexthop weight proto scope tos dsfield mtu lock advmss window
			rtt rttvar reordering hoplimit initcwnd initrwnd cwnd ssthresh features
			quickack congctl fastopen_no_cookie rto_min pref expires realm
			unicast local broadcast multicast anycast blackhole unreachable
			prohibit throw nat"
	fi
}
# --- nsx connect ---
_nsx_connect()
{
	local cur=$1 prev=$2
	case $prev in
	--name | --peer-name | --addr | --peer-addr | --gw | --mtu) return ;;
	--bridge)
		COMPREPLY=(); _nsx_add "$cur" "$(nsx link show -j 2>/dev/null |
			grep -o '"ifname":"[^"]*","[^}]*"info_kind":"bridge"' |
			cut -d'"' -f4)"
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "--name --peer-name --addr --peer-addr --gw
			--mtu --bridge -h --help"
	else
		_nsx_targets "$cur"
	fi
}
# --- nsx batch ---
_nsx_batch()
{
	local cur=$1
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "-f --force -h --help"
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
}
# --- nsx reach ---
_nsx_reach()
{
	local cur=$1 prev=$2
	case $prev in
	-t | --target)
		_nsx_targets "$cur"
		return
		;;
	-P | --proto)
		COMPREPLY=(); _nsx_add "$cur" "icmp tcp udp"
		return
		;;
	-p | --port | -w | --timeout) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=(); _nsx_add "$cur" "-t --target -p --port -P --proto -w
			--timeout -j --json -h --help"
	else
		_nsx_targets "$cur"
	fi
}

# The per-command functions get cur and prev, and see words, cword and
# split of _nsx through bash's dynamic scope.
_nsx()
{
	local cur prev words cword split
	# link:NAME is one word, though ':' breaks words in bash.
	_init_completion -s -n : || return
	COMPREPLY=()
	if [[ $cword -eq 1 && $cur != -* ]]; then
		_nsx_add "$cur" "$_nsx_commands"
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -c -- "$cur" | sort -u)
		return
	fi
	case ${words[1]} in
	ls | show | netns | link | addr | route | connect | batch | reach)
		"_nsx_${words[1]}" "$cur" "$prev"
		;;
	*)
		_nsx_entry "$cur" "$prev"
		;;
	esac
	__ltrim_colon_completions "$cur"
} &&
	complete -F _nsx nsx

# ex: filetype=sh
