#!/bin/sh
# Run bats files and end with one line: "N passed, N failed[, N skipped]".
# The binary under test is $NSX.
set -u
: "${NSX:?NSX must name the binary under test}"
export NSX
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bats --tap "$@" | tee "$out"
passed=$(grep -c '^ok .*' "$out" | tr -d ' ')
skipped=$(grep -c '^ok .* # skip' "$out" | tr -d ' ')
failed=$(grep -c '^not ok ' "$out" | tr -d ' ')
passed=$((passed - skipped))
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
total=$((passed + failed + skipped))
[ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
