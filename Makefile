# nsx - find, inspect and enter Linux namespaces
VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config

OPTFLAGS  ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
HARDEN    := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CPPFLAGS  += -D_GNU_SOURCE -Iinclude -DNSX_VERSION='"$(VERSION)"' \
             -DSYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS    ?=
ALL_CFLAGS = -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) $(HARDEN) $(CFLAGS)
LDFLAGS   ?=
# The libraries nsx is built on (README, "Libraries"), linked dynamically
# from the distribution's packages and found with pkg-config.
LIBS      := libmnl libcap-ng smartcols
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIBS) 2>/dev/null)
LDLIBS    += $(shell $(PKG_CONFIG) --libs $(LIBS) 2>/dev/null)
CPPFLAGS  += $(LIB_CFLAGS)
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)

# One folder a module (README, "Layout"): src/AREA/*.c, headers in
# include/nsx/AREA/; objects in OBJDIR/AREA/.
SRCS      := $(sort $(wildcard src/*/*.c))
OBJDIR    ?= build
OBJS      := $(SRCS:src/%.c=$(OBJDIR)/%.o)
DEPS      := $(OBJS:.o=.d)
BIN       ?= nsx

BATS      ?= bats
TESTS     ?= tests/*.bats

# Programs the bats files run to test a module on its own (tests/unit/):
# every module but the command line.
UNIT_BINS  := $(OBJDIR)/nl-dump-test
UNIT_OBJS  := $(filter-out $(OBJDIR)/cli/%,$(OBJS))

.PHONY: all clean check asan deps test-deps demo bench
all: $(BIN) $(UNIT_BINS)

$(BIN): $(OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(OBJDIR)/nl-dump-test: tests/unit/nl_dump.c $(UNIT_OBJS)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LDLIBS)

$(OBJDIR)/%.o: src/%.c | $(OBJDIR)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OBJDIR):
	mkdir -p $@

-include $(DEPS)

# Install build dependencies only where pkg-config says they are missing.
deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

check: test-deps
	$(MAKE) deps
	$(MAKE) all
	NSX=$(CURDIR)/$(BIN) sh tools/run-tests.sh $(TESTS)

# The same suite against an AddressSanitizer + UBSan build.
asan: test-deps
	$(MAKE) deps
	$(MAKE) OBJDIR=build-asan BIN=nsx-asan \
		OPTFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" HARDEN="-fPIE" nsx-asan \
		build-asan/nl-dump-test
	NSX=$(CURDIR)/nsx-asan NSX_UNIT_DIR=$(CURDIR)/build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
		sh tools/run-tests.sh $(TESTS)

demo: deps
	@sh tools/deps.sh demo
	$(MAKE) all
	sh tools/demo.sh $(CURDIR)/$(BIN)

bench: all
	sh tools/bench.sh

clean:
	rm -rf build build-asan build-vg nsx nsx-asan nsx-vg

# Setuid-root support is off unless asked for: make SETUID=1. See SECURITY.md.
ifeq ($(SETUID),1)
CPPFLAGS  += -DNSX_SETUID=1
endif
# Objects that see SETUID or SYSCONFDIR are rebuilt when either changes.
PRIVS_STAMP := $(OBJDIR)/.privs-$(SETUID)$(subst /,_,$(SYSCONFDIR))
$(OBJDIR)/setuid/privs.o $(OBJDIR)/setuid/privs_check.o: $(PRIVS_STAMP)
$(PRIVS_STAMP): | $(OBJDIR)
	rm -f $(OBJDIR)/.privs-*
	touch $@

.PHONY: install-setuid
install-setuid:
	@test "$(SETUID)" = 1 || { echo "install-setuid needs a SETUID=1 build: make SETUID=1 install-setuid" >&2; exit 1; }
	$(MAKE) SETUID=1 $(BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -o root -g root -m 4755 $(BIN) $(DESTDIR)$(BINDIR)/nsx

# ---------------------------------------------------------------------------
# Packaging: version features, install, lint, valgrind, fuzz.
# ---------------------------------------------------------------------------

# What `nsx --version` reports as built in. SETUID is the build option of
# the setuid support (make SETUID=1); read when a recipe runs, so a later
# block may set it too.
NSX_ENGINES ?= docker podman cri
NSX_FEATURES = setuid: $(if $(filter 1 yes,$(SETUID)),yes,no), engines: $(or $(strip $(NSX_ENGINES)),none)
CPPFLAGS += -DNSX_FEATURES='"$(NSX_FEATURES)"'

# Rebuild the --version text when the features change, not only the source.
.PHONY: features-force
$(OBJDIR)/features: features-force | $(OBJDIR)
	@echo '$(NSX_FEATURES)' | cmp -s - $@ || echo '$(NSX_FEATURES)' > $@
$(OBJDIR)/cli/cmd_enter.o: $(OBJDIR)/features

# --- install / uninstall ---------------------------------------------------
# Completions go where each shell looks for them under PREFIX: bash-completion
# and fish search $(PREFIX)/share through XDG_DATA_DIRS, zsh's fpath has
# site-functions. Distributions override any of these on the command line
# (Debian: ZSHCOMPDIR=/usr/share/zsh/vendor-completions).
INSTALL     ?= install
BINMODE     ?= 0755
DATAROOTDIR ?= $(PREFIX)/share
pc_dir = $(shell $(PKG_CONFIG) --define-variable=prefix=$(PREFIX) \
	--define-variable=datadir=$(DATAROOTDIR) --variable=$(2) $(1) 2>/dev/null)
BASHCOMPDIR ?= $(or $(call pc_dir,bash-completion,completionsdir),$(DATAROOTDIR)/bash-completion/completions)
ZSHCOMPDIR  ?= $(DATAROOTDIR)/zsh/site-functions
FISHCOMPDIR ?= $(or $(call pc_dir,fish,completionsdir),$(DATAROOTDIR)/fish/vendor_completions.d)
MAN5        := $(wildcard man/nsx.conf.5)

.PHONY: install uninstall
install: $(BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m $(BINMODE) $(BIN) $(DESTDIR)$(BINDIR)/nsx
	$(INSTALL) -m 0644 man/nsx.1 $(DESTDIR)$(MANDIR)/man1/nsx.1
	$(if $(MAN5),$(INSTALL) -d $(DESTDIR)$(MANDIR)/man5)
	$(if $(MAN5),$(INSTALL) -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/nsx.conf.5)
	$(INSTALL) -m 0644 completions/nsx.bash $(DESTDIR)$(BASHCOMPDIR)/nsx
	$(INSTALL) -m 0644 completions/_nsx $(DESTDIR)$(ZSHCOMPDIR)/_nsx
	$(INSTALL) -m 0644 completions/nsx.fish $(DESTDIR)$(FISHCOMPDIR)/nsx.fish

# Files only: the directories are shared with other packages.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsx $(DESTDIR)$(MANDIR)/man1/nsx.1 \
		$(DESTDIR)$(MANDIR)/man5/nsx.conf.5 \
		$(DESTDIR)$(BASHCOMPDIR)/nsx $(DESTDIR)$(ZSHCOMPDIR)/_nsx \
		$(DESTDIR)$(FISHCOMPDIR)/nsx.fish

# --- lint: analyzer, cppcheck, shellcheck, completions, manual --------------
LINT_DIR   := build-lint
LINT_SH     = $(wildcard tools/*.sh bench/*.sh fuzz/*.sh .ci/run tests/*.bash)
# cppcheck sees our -D and -I (CPPFLAGS) but no system headers: they would
# make it slow and add nothing to the checks enabled.
CPPCHECK_FLAGS = --enable=warning,portability,performance --error-exitcode=1 \
	--std=c11 --quiet --inline-suppr $(CPPFLAGS)

.PHONY: lint lint-analyzer lint-cppcheck lint-shell lint-man lint-deps lint-layers
lint: lint-layers lint-analyzer lint-cppcheck lint-shell lint-man

# Modules lean on each other one way only (README, "Layout").
lint-layers:
	sh tools/layers.sh

lint-deps:
	@sh tools/deps.sh lint

lint-analyzer: $(SRCS:src/%.c=$(LINT_DIR)/%.o)

# gcc's static analyzer over every source, warnings as errors.
$(LINT_DIR)/%.o: src/%.c | $(LINT_DIR)
	@mkdir -p $(@D)
	gcc $(CPPFLAGS) $(ALL_CFLAGS) -fanalyzer -c -o $@ $<

$(LINT_DIR):
	mkdir -p $@

lint-cppcheck: | lint-deps
	cppcheck $(CPPCHECK_FLAGS) src $(wildcard fuzz/*.c)

lint-shell: | lint-deps
	shellcheck $(LINT_SH)
	shellcheck -s bash completions/nsx.bash
	zsh -n completions/_nsx
	fish -n completions/nsx.fish

# Every message of style level and up fails. mandoc also notes each .Xr
# that its mandoc.db lacks; Debian keeps no such database (man-db indexes
# the manuals), and those notes are left out.
lint-man: | lint-deps $(LINT_DIR)
	@echo "mandoc -T lint -W style man/nsx.1 $(MAN5)"
	@rm -rf $(LINT_DIR)/man && mkdir -p $(LINT_DIR)/man/man1 $(LINT_DIR)/man/man5 && \
		cp man/nsx.1 $(LINT_DIR)/man/man1/ && \
		$(if $(MAN5),cp $(MAN5) $(LINT_DIR)/man/man5/ &&) \
		out=$$(MANPATH=$(LINT_DIR)/man:/usr/share/man \
			mandoc -T lint -W style man/nsx.1 $(MAN5) 2>&1); rc=$$?; \
		printf '%s\n' "$$out" | grep -v -e '^$$' -e 'outdated mandoc.db'; \
		exit $$rc

# --- valgrind: a representative subset of the suite, nsx run under memcheck --
# (tools/valgrind.sh says how valgrind 3.19's missing pidfd_open is met.)
VALGRIND_TESTS ?= $(wildcard tests/enter.bats tests/target.bats \
	tests/netns.bats tests/show.bats tests/link.bats tests/addr.bats \
	tests/route.bats tests/connect.bats tests/man.bats)

.PHONY: valgrind
# memcheck replaces malloc in a dynamically linked program only.
valgrind: test-deps lint-deps
	$(MAKE) deps
	$(MAKE) OBJDIR=build-vg BIN=nsx-vg nsx-vg
	sh tools/valgrind.sh $(CURDIR)/nsx-vg $(VALGRIND_TESTS)

# --- fuzz: libFuzzer harnesses ----------------------------------------------
# Every fuzz/fuzz_NAME.c is a harness, run with the seeds in fuzz/corpus/NAME.
# It links every module (src/*/*.c but the command line) unless FUZZ_OBJS_NAME lists the
# objects it needs instead. To add one: write fuzz/fuzz_NAME.c, commit a few
# seeds under fuzz/corpus/NAME/, and `make fuzz FUZZ=NAME` (see fuzz/README).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR     := build-fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) \
	$(WARNFLAGS)
FUZZ_ALL     := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ         ?= $(FUZZ_ALL)
FUZZ_MODULES := $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/cli/%,$(SRCS)))
FUZZ_LDLIBS  = $(LDLIBS)

# The TARGET resolver runs against a scratch tree: its open(), stat() and
# syscall() calls go to the harness's sandbox (every path resolved inside a
# directory, no PID but the harness's own), and the engine lookup is a stub.
FUZZ_OBJS_target := $(FUZZ_DIR)/obj/target/target-sandboxed.o \
	$(FUZZ_DIR)/obj/lib/ns.o $(FUZZ_DIR)/obj/lib/util.o \
	$(FUZZ_DIR)/obj/fuzz-engine-stub.o $(FUZZ_DIR)/obj/fuzz-sandbox.o
FUZZ_OBJS_ids  := $(FUZZ_DIR)/obj/lib/ids.o $(FUZZ_DIR)/obj/lib/util.o \
	$(FUZZ_DIR)/obj/fuzz-sandbox.o
FUZZ_OBJS_util := $(FUZZ_DIR)/obj/lib/util.o
# The network parsers: every module but the command line.
FUZZ_OBJS_link_parse := $(FUZZ_MODULES)
FUZZ_OBJS_addr_parse := $(FUZZ_OBJS_link_parse)
FUZZ_OBJS_route_parse := $(FUZZ_OBJS_link_parse)
FUZZ_OBJS_batch := $(FUZZ_OBJS_link_parse)
FUZZ_OBJS_nlreply := $(FUZZ_OBJS_link_parse)
FUZZ_OBJS_policy := $(FUZZ_DIR)/obj/setuid/policy.o $(FUZZ_DIR)/obj/lib/ids.o \
	$(FUZZ_DIR)/obj/lib/ns.o $(FUZZ_DIR)/obj/lib/util.o

.PHONY: fuzz fuzz-build
fuzz: test-deps lint-deps
	$(MAKE) fuzz-build
	sh tools/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ)

fuzz-build: $(FUZZ:%=$(FUZZ_DIR)/fuzz_%)

$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/obj/fuzz-%.o: fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

# Rename target.c's calls into the sandbox, and refuse any other way it
# could reach the world (a new call must be sandboxed before it is fuzzed).
$(FUZZ_DIR)/obj/target/target-sandboxed.o: $(FUZZ_DIR)/obj/target/target.o
	objcopy --redefine-sym open=fuzz_sandbox_open \
		--redefine-sym stat=fuzz_sandbox_stat \
		--redefine-sym syscall=fuzz_sandbox_syscall $< $@
	@if nm -u $@ | grep -wE 'open|open64|openat|openat2|syscall|stat|lstat|creat|mkdir|mknod|unlink|rename|mount|fork|vfork|clone|execve|execvp|posix_spawnp?|kill|setns|unshare|write|socket'; then \
		echo "$@: calls above reach outside the fuzz sandbox" >&2; rm -f $@; exit 1; fi

define fuzz_harness
$(FUZZ_DIR)/fuzz_$(1): fuzz/fuzz_$(1).c $(or $(FUZZ_OBJS_$(1)),$(FUZZ_MODULES))
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $$@ $$^ $(FUZZ_LDLIBS)
endef
$(foreach h,$(FUZZ_ALL),$(eval $(call fuzz_harness,$(h))))

-include $(wildcard $(FUZZ_DIR)/obj/*.d $(FUZZ_DIR)/obj/*/*.d)

clean: clean-packaging
.PHONY: clean-packaging
clean-packaging:
	rm -rf $(LINT_DIR) $(FUZZ_DIR)
