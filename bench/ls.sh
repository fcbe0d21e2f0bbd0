#!/bin/sh
# nsx ls / netns list / netns identify against lsns and ip netns, with
# 1000 named network namespaces of which 300 hold a process.
# usage: bench/ls.sh [NSX]   (NSX defaults to ./nsx; needs root, hyperfine)
# BENCH_HOLD=1 sets everything up and waits for Enter before cleaning up.
set -eu

NSX=${1:-${NSX:-./nsx}}
NSX=$(cd "$(dirname "$NSX")" && pwd)/$(basename "$NSX")
N=${BENCH_NETNS:-1000}
NPROC=${BENCH_PROCS:-300}
prefix="nsxb$$-"
work=$(mktemp -d)

cleanup() {
	trap - EXIT INT TERM
	if [ -s "$work/pids" ]; then
		xargs kill <"$work/pids" 2>/dev/null || true
	fi
	for f in /run/netns/"$prefix"*; do
		if [ -e "$f" ]; then echo "netns del ${f##*/}"; fi
	done >"$work/del"
	if [ -s "$work/del" ]; then
		ip -force -batch "$work/del" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v hyperfine >/dev/null || { echo "bench: needs hyperfine" >&2; exit 1; }
echo "setting up $N named netns, $NPROC with a process ..." >&2
i=0
while [ $i -lt "$N" ]; do
	echo "netns add $prefix$i"
	i=$((i + 1))
done >"$work/add"
ip -batch "$work/add"
# The processes that hold them have stdin, stdout and stderr open and
# nothing else, as a sleep started by hand would, whatever descriptors
# the bench itself was started with: nsx reads each process's
# descriptors, and their number must not depend on who runs the bench.
# shellcheck disable=SC2016
NPROC=$NPROC PREFIX=$prefix bash -c '
for f in /proc/$BASHPID/fd/*; do
	n=${f##*/}
	if [ "$n" -gt 2 ]; then eval "exec $n>&-"; fi
done
i=0
while [ $i -lt "$NPROC" ]; do
	nsenter --net="/run/netns/$PREFIX$i" sleep 3600 </dev/null >/dev/null 2>&1 &
	echo $!
	i=$((i + 1))
done' >"$work/pids"
probe=$(head -n 1 "$work/pids")

# The same namespaces must be listed before anything is timed.
got=$("$NSX" ls -t net -n -o NAMES | grep -c "netns:$prefix" || true)
[ "$got" -eq "$N" ] || { echo "bench: nsx ls shows $got of $N" >&2; exit 1; }
[ "$("$NSX" netns identify "$probe")" = "$(ip netns identify "$probe")" ] ||
	{ echo "bench: identify disagrees with ip" >&2; exit 1; }

if [ "${BENCH_HOLD:-}" ]; then
	echo "ready (prefix $prefix, probe pid $probe); Enter to clean up" >&2
	read -r _
	exit 0
fi

# Three rounds of every command in turn, so that a machine that slows
# down or speeds up during the run weighs on both sides of each ratio.
runs=${BENCH_RUNS:-60}
for round in 1 2 3; do
	hyperfine -N --warmup 5 --runs $((runs / 3)) \
		--export-json "$work/ls$round.json" \
		"lsns -t net" "$NSX ls -t net" \
		"ip netns list" "$NSX netns list" \
		"ip netns identify $probe" "$NSX netns identify $probe" \
		"$NSX ls -t net -o NS,TYPE,NPROCS,PID,USER,NETNSID,PATH,COMMAND" >&2
done

# The default columns include NAMES, for which nsx also looks for
# container monitors (and asks an engine when one runs); lsns has no
# such column, so a row with lsns's own columns is shown as well.
# Means, and medians, which a machine shared with other work disturbs
# less, over the runs of all rounds.
jq -rs 'map(.results) | transpose |
  map(map(.times) | add | sort | {mean: (add / length * 1000),
                                  median: (.[length / 2 | floor] * 1000)}) as $r |
  def r2: . * 100 | round / 100;
  def line($name; $a; $b; $bar):
    "\($name): \($r[$a].mean | r2) ms vs \($r[$b].mean | r2) ms, ratio \($r[$a].mean / $r[$b].mean | r2) (medians \($r[$a].median / $r[$b].median | r2)), bar \($bar)";
  line("nsx ls -t net / lsns -t net"; 1; 0; 0.5),
  line("nsx ls -t net, lsns columns / lsns -t net"; 6; 0; "-"),
  line("nsx netns list / ip netns list"; 3; 2; 1.0),
  line("nsx netns identify / ip netns identify"; 5; 4; 1.0)' \
	"$work/ls1.json" "$work/ls2.json" "$work/ls3.json"
