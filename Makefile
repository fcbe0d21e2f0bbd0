# nsx - find, inspect and enter Linux namespaces
VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DESTDIR   ?=

CC        ?= cc
PKG_CONFIG ?= pkg-config
PKGS      := libmnl libcap-ng smartcols

OPTFLAGS  ?= -O2 -g
WARNFLAGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
HARDEN    := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
CPPFLAGS  += -D_GNU_SOURCE -Iinclude -DNSX_VERSION='"$(VERSION)"' \
             -DSYSCONFDIR='"$(SYSCONFDIR)"'
CFLAGS    ?=
ALL_CFLAGS = -std=gnu11 $(OPTFLAGS) $(WARNFLAGS) $(HARDEN) $(CFLAGS) \
             $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
LDFLAGS   ?=
ALL_LDFLAGS = -pie -Wl,-z,relro,-z,now -Wl,--as-needed $(LDFLAGS)
LDLIBS    += $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

SRCS      := $(sort $(wildcard src/*.c))
OBJDIR    ?= build
OBJS      := $(SRCS:src/%.c=$(OBJDIR)/%.o)
DEPS      := $(OBJS:.o=.d)
BIN       ?= nsx

BATS      ?= bats
TESTS     ?= tests/*.bats

.PHONY: all clean check asan deps test-deps demo bench
all: $(BIN)

$(BIN): $(OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LDLIBS)

$(OBJDIR)/%.o: src/%.c | $(OBJDIR)
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
		LDFLAGS="-fsanitize=address,undefined" HARDEN="-fPIE" nsx-asan
	NSX=$(CURDIR)/nsx-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
		sh tools/run-tests.sh $(TESTS)

demo: deps
	$(MAKE) all
	sh tools/demo.sh $(CURDIR)/$(BIN)

bench: all
	sh tools/bench.sh

clean:
	rm -rf build build-asan nsx nsx-asan

# Setuid-root support is off unless asked for: make SETUID=1. See SECURITY.md.
ifeq ($(SETUID),1)
CPPFLAGS  += -DNSX_SETUID=1
endif
# Objects that see SETUID or SYSCONFDIR are rebuilt when either changes.
PRIVS_STAMP := $(OBJDIR)/.privs-$(SETUID)$(subst /,_,$(SYSCONFDIR))
$(OBJDIR)/privs.o $(OBJDIR)/privs_check.o: $(PRIVS_STAMP)
$(PRIVS_STAMP): | $(OBJDIR)
	rm -f $(OBJDIR)/.privs-*
	touch $@

.PHONY: install-setuid
install-setuid:
	@test "$(SETUID)" = 1 || { echo "install-setuid needs a SETUID=1 build: make SETUID=1 install-setuid" >&2; exit 1; }
	$(MAKE) SETUID=1 $(BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -o root -g root -m 4755 $(BIN) $(DESTDIR)$(BINDIR)/nsx
