/*
 * fuzz_target.c - target_resolve() on arbitrary TARGET specs
 *
 * The resolver parses the spec and opens what it names. Its open(), stat()
 * and syscall() calls are renamed (Makefile: target-sandboxed.o) to the
 * functions below, which resolve every path inside a scratch tree and
 * refuse anything but reading: a spec can name /dev/watchdog, and the
 * fuzzer will write it. The tree holds an nsfs file under each name
 * directory, a regular file, a directory, a FIFO and symlinks.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsx/lib/ns.h"
#include "nsx/target/target.h"
#include "sandbox.h"

int fuzz_sandbox_open(const char *path, int flags, ...);
int fuzz_sandbox_stat(const char *path, struct stat *st);
long fuzz_sandbox_syscall(long nr, ...);

static int root = -1;
static int lowest_fd;
static bool verbose; /* NSX_FUZZ_VERBOSE=1: each spec and its outcome */

int fuzz_sandbox_open(const char *path, int flags, ...)
{
	struct open_how how = { .flags = (unsigned)flags | O_CLOEXEC,
				.resolve = RESOLVE_IN_ROOT |
					   RESOLVE_NO_MAGICLINKS };

	if ((flags & O_ACCMODE) != O_RDONLY ||
	    (flags & (O_CREAT | O_TRUNC | O_APPEND)) ||
	    (flags & O_TMPFILE) == O_TMPFILE) {
		fprintf(stderr, "target.c opened %s to write (flags %#x)\n",
			path, (unsigned)flags);
		abort();
	}
	return (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
}

int fuzz_sandbox_stat(const char *path, struct stat *st)
{
	int fd = fuzz_sandbox_open(path, O_PATH), r;

	if (fd < 0)
		return -1;
	r = fstat(fd, st);
	close(fd);
	return r;
}

long fuzz_sandbox_syscall(long nr, ...)
{
	va_list ap;
	long a, b;

	va_start(ap, nr);
	a = va_arg(ap, long);
	b = va_arg(ap, long);
	va_end(ap);
	switch (nr) {
	case SYS_pidfd_open:
		/* Our own PID namespace: only the harness itself exists. */
		return syscall(SYS_pidfd_open, a, b);
	default:
		fprintf(stderr, "target.c made syscall %ld: sandbox it first\n",
			nr);
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	root = sandbox_enter();
	sandbox_mkdir(root, "run/netns/dir");
	sandbox_mkdir(root, "run/docker/netns");
	sandbox_mkdir(root, "proc/self/ns");
	sandbox_mkdir(root, "etc");
	sandbox_bind(root, "/proc/self/ns/net", "run/netns/blue");
	sandbox_bind(root, "/proc/self/ns/uts", "run/netns/uts");
	sandbox_bind(root, "/proc/self/ns/net", "run/docker/netns/fb2e75101060");
	sandbox_bind(root, "/proc/self/ns/ipc", "proc/self/ns/ipc");
	sandbox_bind(root, "/proc/self/ns/user", "proc/self/ns/user");
	close(sandbox_file(root, "run/netns/file", "not a namespace\n"));
	close(sandbox_file(root, "etc/passwd", "root:x:0:0::/root:/bin/sh\n"));
	sandbox_fifo(root, "run/netns/fifo");
	sandbox_symlink(root, "loop", "run/netns/loop");
	sandbox_symlink(root, "blue", "run/netns/green");
	sandbox_symlink(root, "../../../etc/passwd", "run/netns/up");
	sandbox_symlink(root, "/proc/self/ns/ipc", "run/docker/netns/abs");
	lowest_fd = sandbox_lowest_fd();
	verbose = getenv("NSX_FUZZ_VERBOSE") != NULL;
	return 0;
}

static void check_result(int r, const struct target *t,
			 const struct nsx_err *err)
{
	if (!memchr(t->label, '\0', sizeof(t->label)) ||
	    !memchr(t->name, '\0', sizeof(t->name)) ||
	    !memchr(t->source, '\0', sizeof(t->source)))
		abort();
	if (r < 0) {
		/* One message, its code the one returned. */
		if (r != -err->code || err->code <= 0 || !err->msg[0] ||
		    !memchr(err->msg, '\0', sizeof(err->msg)))
			abort();
		if (t->pidfd >= 0 || t->nsfd >= 0)
			abort(); /* a failure must hold nothing */
		return;
	}
	if (r != 0 || !t->label[0])
		abort();
	if (t->kind == TARGET_PID && (t->pidfd < 0 || t->pid <= 0))
		abort();
	if (t->kind == TARGET_NSFS &&
	    (t->nsfd < 0 || t->nsidx < 0 || t->nsidx >= NS_COUNT))
		abort();
	if (t->kind == TARGET_SELF)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsx_err err = { 0 };
	struct target t;
	char *spec = malloc(size + 1);
	int r;

	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	r = target_resolve(spec, &t, &err);
	if (verbose)
		fprintf(stderr, "%s -> %s\n", spec, r < 0 ? err.msg : t.label);
	check_result(r, &t, &err);
	target_release(&t);
	free(spec);
	if (sandbox_lowest_fd() != lowest_fd) {
		fprintf(stderr, "target_resolve leaked an fd\n");
		abort();
	}
	return 0;
}
