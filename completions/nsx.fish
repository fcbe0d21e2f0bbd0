# fish completion for nsx
#
# The first word decides: a command (ls, link, ...) or entry options and a
# program. Each command has its own block below, under the condition
# "__nsx_using_command NAME"; fill in yours there.

function __nsx_commands
    printf '%s\t%s\n' \
        ls 'list every namespace on the host' \
        show 'show one target inside out' \
        netns 'named network namespaces, as ip netns' \
        link 'network links inside a target' \
        addr 'IPv4 and IPv6 addresses inside a target' \
        route 'routes inside a target' \
        connect 'wire two targets, or a target and a bridge' \
        batch 'run many link, addr and route lines' \
        reach 'can A reach B, and if not, why'
end

# Nothing typed after nsx yet but the word being completed.
function __nsx_first_word
    test (count (commandline -opc)) -eq 1
end

function __nsx_using_command
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = "$argv[1]"
end

# PIDs with their command names, ip-netns names, docker netns names, and
# nsfs paths once the word has a slash.
function __nsx_targets
    set -l cur (string replace -r -- '^(--target=|-[^-]*t)' '' (commandline -ct))
    if string match -q -- '*/*' $cur
        __fish_complete_path $cur
        return
    end
    for d in /run/netns/* /run/docker/netns/*
        test -e $d; or continue
        set -l kind 'ip netns'
        string match -q '/run/docker/*' -- $d; and set kind 'docker netns'
        printf '%s\t%s\n' (path basename -- $d) $kind
    end
    for v in (nsx link show --output IFNAME,TYPE 2>/dev/null | awk 'NR > 1 && $2 == "veth" { print $1 }')
        printf 'link:%s\t%s\n' $v 'far end of a veth'
        printf '%s\t%s\n' $v 'far end of a veth'
    end
    for d in (string match -r -- '^/proc/\d+$' /proc/*)
        read -l comm <$d/comm 2>/dev/null; or continue
        printf '%s\t%s\n' (path basename -- $d) $comm
    end
end

# Helpers for the commands' blocks below.
# The network links inside target $argv[1] (for "link -t X set <TAB>"),
# read from its /proc/net/dev from inside its network namespace.
function __nsx_links
    test -n "$argv[1]"; or return 1
    nsx -n -t $argv[1] cat /proc/self/net/dev 2>/dev/null | string match -rg '^\s*([^\s:]+):'
end

# The word after -t/--target on the command line, or nothing.
function __nsx_target_word
    set -l tokens (commandline -opc)
    for i in (seq (count $tokens))
        switch $tokens[$i]
            case -t --target
                set -q tokens[(math $i + 1)]; and echo $tokens[(math $i + 1)]
                return
            case '--target=*'
                string replace -- --target= '' $tokens[$i]
                return
        end
    end
end

# Namespace types, as -t of ls takes them.
function __nsx_ns_types
    printf '%s\n' cgroup ipc mnt net pid time user uts
end

# --- entry mode ---
# The words after nsx's entry options: the program and its arguments (the
# word being completed included); status 1 while no program is given yet.
function __nsx_entry_program
    set -l tokens (commandline -opc) (commandline -ct)
    set -e tokens[1]
    contains -- $tokens[1] (__nsx_commands | string replace -r '\t.*' '')
    and return 1
    argparse -s h/help V/version a/all t/target= 'm/mount=?' 'u/uts=?' \
        'i/ipc=?' 'n/net=?' N/net-socket= 'p/pid=?' 'C/cgroup=?' \
        'U/user=?' user-parent 'T/time=?' S/setuid= G/setgid= \
        preserve-credentials keep-caps 'r/root=?' 'w/wd=?' W/wdns= e/env \
        F/no-fork c/join-cgroup Z/follow-context -- $tokens 2>/dev/null
    or return 1
    set -q argv[1]; or return 1
    string join \n -- $argv
end

function __nsx_entry_options
    not __nsx_first_word
    and not __nsx_entry_program >/dev/null
    and not contains -- (commandline -opc)[2] (__nsx_commands | string replace -r '\t.*' '')
end

function __nsx_entry_program_args
    set -l args (__nsx_entry_program); or return 1
    test (count $args) -ge 2
end

function __nsx_complete_program
    __fish_complete_subcommand --commandline (__nsx_entry_program)
end

complete -c nsx -f
complete -c nsx -n '__nsx_first_word; or __nsx_entry_options' -a '(__fish_complete_command)'
complete -c nsx -n __nsx_first_word -xa '(__nsx_commands)'
complete -c nsx -n __nsx_entry_program_args -xa '(__nsx_complete_program)'

set -l entry '__nsx_first_word; or __nsx_entry_options'
complete -c nsx -n $entry -s t -l target -xa '(__nsx_targets)' -d 'PID, PID:INODE, nsfs path or name'
complete -c nsx -n $entry -s a -l all -d 'enter every namespace of the target'
complete -c nsx -n $entry -s m -l mount -d 'enter the mount namespace'
complete -c nsx -n $entry -s u -l uts -d 'enter the UTS namespace'
complete -c nsx -n $entry -s i -l ipc -d 'enter the IPC namespace'
complete -c nsx -n $entry -s n -l net -d 'enter the network namespace'
complete -c nsx -n $entry -s N -l net-socket -x -d "enter the netns of the target's socket"
complete -c nsx -n $entry -s p -l pid -d 'enter the PID namespace'
complete -c nsx -n $entry -s C -l cgroup -d 'enter the cgroup namespace'
complete -c nsx -n $entry -s U -l user -d 'enter the user namespace'
complete -c nsx -n $entry -l user-parent -d 'enter the parent of the user namespace'
complete -c nsx -n $entry -s T -l time -d 'enter the time namespace'
complete -c nsx -n $entry -s S -l setuid -xa '(__fish_complete_users; echo follow)' -d 'uid or user name (in the target), or follow'
complete -c nsx -n $entry -s G -l setgid -xa '(__fish_complete_groups; echo follow)' -d 'gid or group name (in the target), or follow'
complete -c nsx -n $entry -l preserve-credentials -d 'keep uid, gid and groups'
complete -c nsx -n $entry -l keep-caps -d "keep the user namespace's capabilities"
complete -c nsx -n $entry -s r -l root -d 'set the root directory'
complete -c nsx -n $entry -s w -l wd -d 'set the working directory'
complete -c nsx -n $entry -s W -l wdns -xa '(__fish_complete_directories)' -d 'set the working directory in the namespace'
complete -c nsx -n $entry -s e -l env -d "take the target's environment"
complete -c nsx -n $entry -s F -l no-fork -d 'do not fork before running the program'
complete -c nsx -n $entry -s c -l join-cgroup -d "join the target's cgroup"
complete -c nsx -n $entry -s h -l help -d 'show the help'
complete -c nsx -n $entry -s V -l version -d 'show the version'

# --- nsx ls ---
# --- nsx show ---
# --- nsx netns ---
# --- nsx link ---
# ip's output options, which link and addr share.
for c in link addr
    complete -c nsx -n "__nsx_using_command $c" -o br -o brief -l brief -d "one line a link, as ip -br $c"
    complete -c nsx -n "__nsx_using_command $c" -s d -l details -d "the details, as ip -d $c"
    complete -c nsx -n "__nsx_using_command $c" -s o -o oneline -d 'one line a record, as ip -o'
    complete -c nsx -n "__nsx_using_command $c" -s s -o stats -d 'the counters, as ip -s'
    complete -c nsx -n "__nsx_using_command $c" -s p -o pretty -d 'with -j: indented, as ip -p -j'
    complete -c nsx -n "__nsx_using_command $c" -l table -d 'a table of the default columns'
    complete -c nsx -n "__nsx_using_command $c" -l output -r -d 'a table of these columns'
end
complete -c nsx -n '__nsx_using_command link' -f -a 'show add set del property' -d 'link verb'
complete -c nsx -n '__nsx_using_command link' -f -a 'dev name type link up down mtu address txqlen qlen alias group promisc allmulticast arp multicast master nomaster numtxqueues numrxqueues netns target peer altname on off' -d 'link word'
complete -c nsx -n '__nsx_using_command link' -f -a 'veth bridge bridge_slave dummy ifb vlan vxlan macvlan macvtap ipvlan' -d 'link type'
complete -c nsx -n '__nsx_using_command link' -f -a 'stp_state forward_delay hello_time max_age ageing_time priority vlan_filtering vlan_protocol vlan_default_pvid vlan_stats_enabled vlan_stats_per_port group_fwd_mask group_address fdb_flush mcast_snooping mcast_router mcast_querier mcast_query_use_ifaddr mcast_hash_elasticity mcast_hash_max mcast_last_member_count mcast_startup_query_count mcast_last_member_interval mcast_membership_interval mcast_querier_interval mcast_query_interval mcast_query_response_interval mcast_startup_query_interval mcast_stats_enabled mcast_igmp_version mcast_mld_version nf_call_iptables nf_call_ip6tables nf_call_arptables' -d 'bridge option'
complete -c nsx -n '__nsx_using_command link' -f -a 'state cost guard hairpin fastleave root_block learning flood proxy_arp proxy_arp_wifi mcast_fast_leave mcast_flood bcast_flood mcast_to_unicast neigh_suppress vlan_tunnel isolated locked' -d 'bridge port option'
complete -c nsx -n '__nsx_using_command link' -f -a 'id vni remote local dstport srcport ttl hoplimit tos dsfield df flowlabel ageing maxaddress nolearning proxy noproxy rsc norsc l2miss nol2miss l3miss nol3miss udpcsum noudpcsum udp6zerocsumtx noudp6zerocsumtx udp6zerocsumrx noudp6zerocsumrx remcsumtx noremcsumtx remcsumrx noremcsumrx external noexternal gbp gpe' -d 'vxlan option'
complete -c nsx -n '__nsx_using_command link' -f -a 'mode nopromisc nodst bcqueuelen private vepa passthru source l2 l3 l3s' -d 'macvlan or ipvlan option'
# --- nsx addr ---
# The verb, then ip address's words for it.
function __nsx_addr_verb
    set -l skip 0
    for t in (commandline -opc)[3..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case -t --target --output
                set skip 1
            case '-*'
            case '*'
                echo $t
                return
        end
    end
end
function __nsx_addr_prev
    set -l t (commandline -opc)
    contains -- "$t[-1]" $argv
end
# The word before the cursor wants a value.
function __nsx_addr_valued
    __nsx_addr_prev dev scope to label type local peer remote brd broadcast metric priority preference valid_lft preferred_lft
end
complete -c nsx -n '__nsx_using_command addr; and test -z "$(__nsx_addr_verb)"' -xa 'show add del flush replace change'
complete -c nsx -n '__nsx_using_command addr; and contains -- "$(__nsx_addr_verb)" show list flush; and not __nsx_addr_valued' -xa 'dev scope to label up type dynamic permanent primary secondary temporary tentative deprecated dadfailed nodad home mngtmpaddr noprefixroute autojoin'
complete -c nsx -n '__nsx_using_command addr; and contains -- "$(__nsx_addr_verb)" add del replace change delete; and not __nsx_addr_valued' -xa 'dev local peer remote brd broadcast label scope metric priority valid_lft preferred_lft noprefixroute nodad optimistic home mngtmpaddr autojoin'
complete -c nsx -n '__nsx_using_command addr; and __nsx_addr_prev scope' -xa 'global site link host nowhere all'
complete -c nsx -n '__nsx_using_command addr; and __nsx_addr_prev brd broadcast' -xa '+ -'
complete -c nsx -n '__nsx_using_command addr; and __nsx_addr_prev valid_lft preferred_lft' -xa 'forever'
complete -c nsx -n '__nsx_using_command addr; and __nsx_addr_prev dev' -xa '(__nsx_links (__nsx_target_word))'
# --- nsx route ---
complete -c nsx -n '__nsx_using_command route' -s d -l details -d 'the details, as ip -d route'
complete -c nsx -n '__nsx_using_command route' -s o -o oneline -d 'one line a route, as ip -o'
complete -c nsx -n '__nsx_using_command route' -s p -o pretty -d 'with -j: indented, as ip -p -j'
complete -c nsx -n '__nsx_using_command route' -l table -d 'a table of the default columns'
complete -c nsx -n '__nsx_using_command route' -l output -r -d 'a table of these columns'
complete -c nsx -n '__nsx_using_command route' -f -a 'show list add del change replace append prepend flush get' -d 'route verb'
complete -c nsx -n '__nsx_using_command route' -f -a 'to root match exact default via dev oif iif src from metric preference priority table onlink nexthop weight proto scope type tos dsfield mtu lock advmss window rtt rttvar reordering hoplimit initcwnd initrwnd cwnd ssthresh features ecn quickack congctl fastopen_no_cookie rto_min pref expires realm realms mark fibmatch' -d 'ip route word'
complete -c nsx -n '__nsx_using_command route' -f -a 'unicast local broadcast multicast anycast blackhole unreachable prohibit throw nat' -d 'route type'
# --- nsx connect ---
# --- nsx batch ---
# --- nsx reach ---
complete -c nsx -n '__nsx_using_command reach' -s t -l target -xa '(__nsx_targets)' -d 'A, the target the flow starts in'
complete -c nsx -n '__nsx_using_command reach' -s p -l port -x -d 'port of a tcp or udp flow'
complete -c nsx -n '__nsx_using_command reach' -s P -l proto -xa 'icmp tcp udp' -d 'protocol of the flow'
complete -c nsx -n '__nsx_using_command reach' -s w -l timeout -x -d 'seconds the probe waits'
complete -c nsx -n '__nsx_using_command reach' -s j -l json -d 'JSON output'
complete -c nsx -n '__nsx_using_command reach' -xa '(__nsx_targets)'
