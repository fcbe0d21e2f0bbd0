#!/usr/bin/env bats
# The netlink module on its own: dumps against a scripted kernel
# (tests/unit/nl_dump.c, built by make next to the objects).

load helper

UNIT_DIR=${NSX_UNIT_DIR:-$BATS_TEST_DIRNAME/../build}

@test "an interrupted dump is read again, and after 4 tries reported as ip does" {
	[ -x "$UNIT_DIR/nl-dump-test" ] ||
		fail "$UNIT_DIR/nl-dump-test is missing: run make"
	run "$UNIT_DIR/nl-dump-test"
	assert_success
	refute_output --partial "not ok"
	assert_output --partial "ok - an interrupted dump runs again"
	assert_output --partial "Dump was interrupted and may be inconsistent."
}
