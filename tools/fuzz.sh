#!/bin/sh
# Run each libFuzzer harness for a while with its committed seeds; fail on
# any crash, leak, UB report or fd leak. Prints one summary line a harness.
# usage: fuzz.sh BUILD_DIR SECONDS HARNESS...
set -u
dir=$1 seconds=$2
shift 2
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=""
summary=""
for h in "$@"; do
	# New inputs go to the scratch corpus, first: the committed seeds are
	# only read, so a run leaves the tree clean.
	mkdir -p "$dir/corpus/$h" "$dir/artifacts"
	log="$dir/$h.log"
	# fuzz/NAME.options: more libFuzzer flags for that harness, if any.
	opts=$(cat "fuzz/$h.options" 2>/dev/null)
	echo "fuzz: $h for ${seconds}s" >&2
	# shellcheck disable=SC2086 # the options are words
	"$dir/fuzz_$h" $opts -max_total_time="$seconds" -print_final_stats=1 \
		-artifact_prefix="$dir/artifacts/$h-" \
		"$dir/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	line=$(printf '%-8s %s execs, %s exec/s, cov %s edges, ft %s' \
		"$h" "${execs:-?}" "${speed:-?}" "${cov:-?}" "${ft:-?}")
	if [ "$rc" -ne 0 ]; then
		failed="$failed $h"
		line="$line: FAILED (exit $rc), see $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" >&2
	fi
	summary="$summary$line
"
done
printf '%s' "$summary"
[ -z "$failed" ] || { echo "fuzz: failed:$failed" >&2; exit 1; }
