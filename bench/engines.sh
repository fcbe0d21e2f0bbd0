#!/bin/sh
# What entering a container by name costs: nsx -n -t NAME against
# nsx -n -t PID, and against the pipeline it replaces,
#   nsenter -n -t $(docker inspect -f '{{.State.Pid}}' NAME) true
# One hyperfine run; times in ms and ratios to the pipeline.
# usage: bench/engines.sh [NSX]      (default: ./nsx)
set -eu

cd "$(dirname "$0")/.."
NSX=${1:-${NSX:-$PWD/nsx}}
IMAGE=${NSX_ENGINE_IMAGE:-nsx-busybox:1}
RUNS=${RUNS:-30}
for tool in hyperfine jq nsenter; do
	command -v "$tool" >/dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
[ -x "$NSX" ] || { echo "bench: build nsx first ($NSX)" >&2; exit 1; }
sh tools/engines.sh >/dev/null 2>&1 || true

name=nsxbench$$
tmp=$(mktemp -d)
trap 'docker rm -f "$name" >/dev/null 2>&1
	podman rm -f -t 0 "${name}p" >/dev/null 2>&1; rm -rf "$tmp"' EXIT INT TERM
docker run -d --name "$name" "$IMAGE" sleep 600 >/dev/null
# A podman container runs too: podman then has a container running, and
# a bare name is looked up while both engines hold one.
if command -v podman >/dev/null; then
	podman run -d --runtime runc --ulimit nofile=20000:20000 \
		--ulimit nproc=4096:4096 --name "${name}p" "$IMAGE" sleep 600 \
		>/dev/null 2>&1 || echo "bench: podman cannot run a container" >&2
fi
pid=$(docker inspect -f '{{.State.Pid}}' "$name")
# A PATH where docker is the only engine, as on most docker hosts.
mkdir "$tmp/bin"
ln -s "$(command -v docker)" "$tmp/bin/docker"
engines=""
for e in docker podman crictl; do
	if command -v "$e" >/dev/null; then engines="$engines${engines:+ }$e"; fi
done

# A bare name asks each engine that has a running container which may
# answer to it (podman's conmon names its container; docker's shim does
# not), so here docker alone. podman --version is podman's start alone,
# the floor of any lookup that must ask podman (with the Go settings nsx
# gives the tools).
set --
if command -v podman >/dev/null; then
	set -- -n "floor: podman --version" \
		"env GOGC=off GOMAXPROCS=1 $(command -v podman) --version"
fi

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$tmp/out.json" \
	-n "nsx -n -t PID" "$NSX -n -t $pid /bin/true" \
	-n "nsx -n -t NAME ($engines)" "$NSX -n -t $name /bin/true" \
	-n "nsx -n -t docker:NAME" "$NSX -n -t docker:$name /bin/true" \
	-n "nsx -n -t NAME (docker only)" \
	"env PATH=$tmp/bin $NSX -n -t $name /bin/true" \
	"$@" \
	-n "docker inspect | nsenter" \
	"sh -c \"nsenter -n -t \$(docker inspect -f '{{.State.Pid}}' $name) true\"" \
	>"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }

echo
echo "entering a docker container's netns (mean of $RUNS runs, ms)"
jq -r '
	(.results[-1].mean) as $pipe | (.results[0].mean) as $pid |
	.results[] |
	"\(.command | .[0:34] | . + " " * (34 - length)) \((.mean * 1000 * 100 | round) / 100) ms" +
	"  x\((.mean / $pipe * 100 | round) / 100) of the pipeline" +
	"  (+\(((.mean - $pid) * 1000 * 100 | round) / 100) ms over by PID)"' "$tmp/out.json"
jq -r '
	(.results[-1].mean) as $pipe |
	.results[1:4][] |
	"bar (no slower than the pipeline): \(.command): " +
	(if .mean <= $pipe * 1.05 then "met" else "NOT met" end)' "$tmp/out.json"
