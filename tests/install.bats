#!/usr/bin/env bats
# make install and make uninstall, into a DESTDIR as a packager runs them.

load helper

ROOT=$BATS_TEST_DIRNAME/..

setup() {
	DEST=$(mktemp -d)
}

teardown() {
	rm -rf "$DEST"
}

# Every file under DESTDIR, relative to it, sorted.
installed() {
	(cd "$DEST" && find . -type f -o -type l | sed 's|^\./|/|' | sort)
}

expected() {
	printf '%s\n' "$@"
	[ ! -e "$ROOT/man/nsx.conf.5" ] || echo "$MAN/man5/nsx.conf.5"
}

@test "make install puts nsx, its manual and its completions under DESTDIR" {
	run make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr
	assert_success
	MAN=/usr/share/man
	run installed
	assert_output "$(expected /usr/bin/nsx \
		/usr/share/bash-completion/completions/nsx \
		/usr/share/fish/vendor_completions.d/nsx.fish \
		/usr/share/man/man1/nsx.1 /usr/share/zsh/site-functions/_nsx |
		sort)"
	assert_equal "$(stat -c %a "$DEST/usr/bin/nsx")" 755
	assert_equal "$(stat -c %a "$DEST/usr/share/man/man1/nsx.1")" 644
	cmp "$ROOT/man/nsx.1" "$DEST/usr/share/man/man1/nsx.1"
	cmp "$ROOT/completions/nsx.bash" \
		"$DEST/usr/share/bash-completion/completions/nsx"
}

@test "the installed nsx runs and names its version and features" {
	make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr
	run "$DEST/usr/bin/nsx" --version
	assert_success
	assert_output --regexp '^nsx [0-9]+\.[0-9]+\.[0-9]+ \(setuid: (yes|no), engines: [a-z ]+\)$'
}

@test "PREFIX, BINDIR, MANDIR and the completion directories move what they name" {
	run make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/opt/nsx \
		BINDIR=/opt/nsx/sbin MANDIR=/opt/man \
		ZSHCOMPDIR=/usr/share/zsh/vendor-completions
	assert_success
	MAN=/opt/man
	run installed
	assert_output "$(expected /opt/man/man1/nsx.1 /opt/nsx/sbin/nsx \
		/opt/nsx/share/bash-completion/completions/nsx \
		/opt/nsx/share/fish/vendor_completions.d/nsx.fish \
		/usr/share/zsh/vendor-completions/_nsx | sort)"
}

@test "bash-completion finds the installed completion where it looks" {
	make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr/local
	# bash-completion searches XDG_DATA_DIRS/bash-completion/completions.
	run bash -c '
		XDG_DATA_DIRS=$1/usr/local/share
		source /usr/share/bash-completion/bash_completion
		__load_completion nsx && complete -p nsx' bash "$DEST"
	assert_success
	assert_output "complete -F _nsx nsx"
}

@test "make uninstall removes every file make install made" {
	make -s -C "$ROOT" install DESTDIR="$DEST" PREFIX=/usr
	run make -s -C "$ROOT" uninstall DESTDIR="$DEST" PREFIX=/usr
	assert_success
	run installed
	assert_output ""
}
