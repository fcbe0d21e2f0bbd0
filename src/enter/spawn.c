/* spawn.c - root, cwd, uid/gid, fork for a pid namespace, exec, wait */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "nsx/setuid/privs.h"
#include "nsx/enter/spawn.h"

/*
 * Is the working directory reachable by its own path from our root? A
 * directory fd opened in another mount namespace keeps that namespace's
 * mount: its path may look fine while ".." walks the other tree (runc
 * CVE-2024-21626). So compare the mount, not just the inode.
 */
static bool cwd_reachable(char *cwd, size_t size)
{
	struct statx here, there;
	const unsigned mask = STATX_INO | STATX_MNT_ID;

	if (!getcwd(cwd, size) || cwd[0] != '/')
		return false;
	if (statx(AT_FDCWD, ".", 0, mask, &here) < 0 ||
	    statx(AT_FDCWD, cwd, 0, mask, &there) < 0 ||
	    !(here.stx_mask & there.stx_mask & STATX_MNT_ID))
		return false;
	return here.stx_mnt_id == there.stx_mnt_id &&
	       here.stx_ino == there.stx_ino &&
	       here.stx_dev_major == there.stx_dev_major &&
	       here.stx_dev_minor == there.stx_dev_minor;
}

/*
 * chroot to root, keeping the working directory, as nsenter does, where
 * the new root reaches it by its own path; "/" where it does not: a kept
 * directory outside the new root would let the program walk the tree
 * it came from (runc CVE-2024-21626).
 */
static int chroot_keep_cwd(int root, bool keep, struct nsx_err *err)
{
	_cleanup_close_ int old = -1;
	char cwd[PATH_MAX];

	if (keep)
		old = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fchdir(root) < 0)
		return nsx_fail(err, errno, "change to root directory");
	if (chroot(".") < 0)
		return nsx_fail(err, errno, "chroot");
	if (old >= 0 && fchdir(old) == 0 && cwd_reachable(cwd, sizeof(cwd)))
		return 0;
	if (keep && chdir("/") < 0)
		return nsx_fail(err, errno, "chdir /");
	return 0;
}

int spawn_chroot_chdir(int root_fd, int wd_fd, const char *wdns,
		       bool confine, struct nsx_err *err)
{
	_cleanup_close_ int root = root_fd, wd = wd_fd;
	char cwd[PATH_MAX];

	if (root >= 0 && chroot_keep_cwd(root, wd < 0 && !wdns, err) < 0)
		return -err->code;
	if (wdns) {
		if (chdir(wdns) < 0)
			return nsx_fail(err, errno, "change directory to %s",
					wdns);
	} else if (wd >= 0) {
		if (fchdir(wd) < 0)
			return nsx_fail(err, errno,
					"change working directory");
		if ((confine || root >= 0) && !cwd_reachable(cwd, sizeof(cwd)))
			return nsx_failx(err, EACCES,
					 "working directory is outside the "
					 "target's root and mounts");
	}
	return 0;
}

void spawn_clear_groups(void)
{
	/* May fail (no CAP_SETGID here): spawn_set_creds tries again. */
	setgroups(0, NULL);
}

int spawn_set_creds(const struct spawn_creds *c, struct nsx_err *err)
{
	if (c->set_groups && setgroups(c->ngroups, c->groups) < 0) {
		int e = errno;

		/* A user namespace whose setgroups is "deny" refuses even
		 * an empty list: enough if spawn_clear_groups emptied it
		 * before entering, as nsenter lets it be. */
		if (c->ngroups != 0 || getgroups(0, NULL) != 0)
			return nsx_fail(err, e, "setgroups");
	}
	if (c->set_gid && setresgid(c->gid, c->gid, c->gid) < 0)
		return nsx_fail(err, errno, "setgid %u", (unsigned)c->gid);
	if (c->set_uid && setresuid(c->uid, c->uid, c->uid) < 0)
		return nsx_fail(err, errno, "setuid %u", (unsigned)c->uid);
	return 0;
}

static volatile sig_atomic_t child_pid;

static void forward_signal(int sig)
{
	int saved = errno;

	if (child_pid > 0)
		kill((pid_t)child_pid, sig);
	errno = saved;
}

/* Signals a user sends to the foreground nsx that belong to the program. */
static const int forwarded[] = { SIGHUP,  SIGINT,  SIGQUIT, SIGTERM,
				 SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT,
				 SIGALRM };

/* The caller's dispositions of the forwarded signals, for the child. */
static struct sigaction caller_action[ARRAY_SIZE(forwarded)];

/*
 * Forward while waiting, or give the child back the caller's
 * dispositions. A signal the caller ignores (nohup, a daemon) stays
 * ignored in both: the program inherits SIG_IGN across exec, as it does
 * under nsenter, and the parent has nothing of it to forward.
 */
static void set_forwarding(bool on)
{
	struct sigaction sa = { .sa_handler = forward_signal,
				.sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++) {
		if (!on) {
			sigaction(forwarded[i], &caller_action[i], NULL);
			continue;
		}
		sigaction(forwarded[i], NULL, &caller_action[i]);
		if (caller_action[i].sa_handler != SIG_IGN)
			sigaction(forwarded[i], &sa, NULL);
	}
}

int spawn_fork_wait(int *status, struct nsx_err *err)
{
	sigset_t block, old;
	pid_t pid;
	int st;

	/* Held back until the parent knows whom to forward to, and the
	 * child has the caller's dispositions again: none is lost. */
	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaddset(&block, forwarded[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	set_forwarding(true);
	pid = fork();
	if (pid <= 0) {
		int e = errno;

		set_forwarding(false);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return pid < 0 ? nsx_fail(err, e, "fork") : 0;
	}
	child_pid = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	/* The parent only waits: it does so as the caller, with nothing. */
	if (privs_drop(err) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -err->code;
	}
	for (;;) {
		pid_t r = waitpid(pid, &st, WUNTRACED);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return nsx_fail(err, errno, "wait");
		}
		if (!WIFSTOPPED(st))
			break;
		/* The program was suspended: suspend with it, so the
		 * shell's job control sees us, then wake it with us. */
		kill(getpid(), SIGSTOP);
		kill(pid, SIGCONT);
	}
	if (WIFEXITED(st))
		*status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		*status = 128 + WTERMSIG(st);
	else
		*status = 1;
	return 1;
}

int spawn_exec(char *const argv[])
{
	int e;

	execvp(argv[0], argv);
	e = errno;
	nsx_warnx("failed to execute %s: %s", argv[0], strerror(e));
	/* As nsenter and the shells: only a missing file is "not found";
	 * a path through a non-directory (ENOTDIR) cannot be executed. */
	return e == ENOENT ? 127 : 126;
}
