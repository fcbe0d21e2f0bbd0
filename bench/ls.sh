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
i=0
while [ $i -lt "$NPROC" ]; do
	nsenter --net="/run/netns/$prefix$i" sleep 3600 </dev/null >/dev/null 2>&1 &
	echo $! >>"$work/pids"
	i=$((i + 1))
done
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

hyperfine -N --warmup 5 --runs "${BENCH_RUNS:-60}" --export-json "$work/ls.json" \
	"lsns -t net" "$NSX ls -t net" \
	"ip netns list" "$NSX netns list" \
	"ip netns identify $probe" "$NSX netns identify $probe" \
	"$NSX ls -t net -o NS,TYPE,NPROCS,PID,USER,NETNSID,PATH,COMMAND" >&2

# The default NAMES column asks the container engines (tens of ms when
# docker and podman are installed); lsns asks none, so the like-for-like
# row shows lsns's own columns.
# Means as hyperfine reports them, and medians, which a machine shared
# with other work disturbs less.
jq -r '.results | map({mean: (.mean * 1000), median: (.median * 1000)}) as $r |
  def line($name; $a; $b; $bar):
    "\($name): \($r[$a].mean | . * 100 | round / 100) ms vs \($r[$b].mean | . * 100 | round / 100) ms, ratio \($r[$a].mean / $r[$b].mean | . * 100 | round / 100) (medians \($r[$a].median / $r[$b].median | . * 100 | round / 100)), bar \($bar)";
  line("nsx ls -t net, lsns columns (no engines asked) / lsns -t net"; 6; 0; 0.5),
  line("nsx ls -t net, with container names / lsns -t net"; 1; 0; "-"),
  line("nsx netns list / ip netns list"; 3; 2; 1.0),
  line("nsx netns identify / ip netns identify"; 5; 4; 1.0)' "$work/ls.json"
