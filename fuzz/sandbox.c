/* sandbox.c - a private scratch tree for harnesses that open files */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

static char mountpoint[] = "/tmp/nsx-fuzz-XXXXXX";
static volatile pid_t harness;

/* A sandbox that cannot be made is a setup failure, not a finding. */
static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "sandbox: %s: %s\n", what, strerror(errno));
	_exit(1);
}

static void forward(int sig)
{
	if (harness > 0)
		kill(harness, sig);
}

/* The process outside: pass on what a user sends, wait, clean up. */
static void __attribute__((noreturn)) wait_harness(void)
{
	struct sigaction sa = { .sa_handler = forward };
	int st, status;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	while (waitpid(harness, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	rmdir(mountpoint);
	status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	_exit(status);
}

int sandbox_enter(void)
{
	int fd;

	if (!mkdtemp(mountpoint))
		die("mkdtemp");
	/* The harness is PID 1 of a namespace of its own: a PID it opens
	 * can only be itself, never a process of the machine. */
	if (unshare(CLONE_NEWPID) < 0)
		die("unshare pid");
	harness = fork();
	if (harness < 0)
		die("fork");
	if (harness > 0)
		wait_harness();
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		die("PR_SET_PDEATHSIG");
	if (unshare(CLONE_NEWNS) < 0)
		die("unshare mnt");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private");
	/* A /proc of our PID namespace: LeakSanitizer stops the threads it
	 * finds under /proc/self/task by those numbers. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		die("mount /proc");
	if (mount("nsx-fuzz", mountpoint, "tmpfs", MS_NOSUID | MS_NODEV,
		  "size=16m,mode=0700") < 0)
		die("mount tmpfs");
	fd = open(mountpoint, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die(mountpoint);
	return fd;
}

void sandbox_mkdir(int root, const char *path)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf; (p = strchr(p + 1, '/'));) {
		*p = '\0';
		if (mkdirat(root, buf, 0755) < 0 && errno != EEXIST)
			die(buf);
		*p = '/';
	}
	if (mkdirat(root, buf, 0755) < 0 && errno != EEXIST)
		die(buf);
}

int sandbox_file(int root, const char *path, const char *text)
{
	int fd = openat(root, path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			0644);

	if (fd < 0)
		die(path);
	if (text && write(fd, text, strlen(text)) < 0)
		die(path);
	return fd;
}

/* Bind src (a host path, an nsfs file) over a new file in the sandbox. */
void sandbox_bind(int root, const char *src, const char *path)
{
	char dst[PATH_MAX];

	close(sandbox_file(root, path, NULL));
	snprintf(dst, sizeof(dst), "%s/%s", mountpoint, path);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		die(dst);
}

void sandbox_symlink(int root, const char *target, const char *path)
{
	if (symlinkat(target, root, path) < 0)
		die(path);
}

void sandbox_fifo(int root, const char *path)
{
	if (mkfifoat(root, path, 0644) < 0)
		die(path);
}

int sandbox_lowest_fd(void)
{
	int fd = dup(2);

	if (fd < 0)
		die("dup");
	close(fd);
	return fd;
}
