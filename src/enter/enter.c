/* enter.c - open everything an entry needs, then enter and run */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/nsfs.h>
#include <linux/sockios.h>

#include "nsx/enter/enter.h"
#include "enter_int.h"
#include "nsx/setuid/privs.h"
#include "nsx/enter/spawn.h"
#include "nsx/target/target.h"


static void state_release(struct enter_state *s)
{
	target_release(&s->t);
	for (int i = 0; i < NS_COUNT; i++)
		closep(&s->fd[i]);
	closep(&s->root_fd);
	closep(&s->wd_fd);
	closep(&s->ids_fd);
	free(s->env);
	free(s->env_buf);
}

/* Open a namespace given as -n=FILE and check its type. */
static int open_ns_file(const char *path, int idx, struct nsx_err *err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int type;

	if (fd < 0)
		return nsx_fail(err, errno, "%s", path);
	type = ns_fd_type(fd, err);
	if (type < 0)
		return nsx_wrap(err, "%s", path);
	if (type != ns_types[idx].flag) {
		int other = ns_index_by_flag(type);

		return nsx_failx(err, EINVAL, "%s is a %s namespace, not %s",
				 path, other >= 0 ? ns_types[other].name : "?",
				 ns_types[idx].name);
	}
	return take_fd(&fd);
}

/* -N: the net namespace of a socket the target process holds. */
static int open_net_socket(struct enter_state *s, int sockfd,
			   struct nsx_err *err)
{
	_cleanup_close_ int sock = -1;
	int fd;

	if (s->t.kind != TARGET_PID)
		return nsx_failx(err, EINVAL,
				 "--net-socket needs a process target");
	sock = (int)syscall(SYS_pidfd_getfd, s->t.pidfd, sockfd, 0);
	if (sock < 0)
		return nsx_fail(err, errno, "%s: socket %d", s->t.label,
				sockfd);
	fd = ioctl(sock, SIOCGSKNS);
	if (fd < 0)
		return nsx_fail(err, errno, "%s: fd %d: not a socket's "
				"network namespace", s->t.label, sockfd);
	s->fd[NS_NET] = fd;
	return 0;
}

/* Pick the source of namespace i: a file, the path target, the pidfd. */
static int select_ns(const struct enter_opts *o, struct enter_state *s,
		     int i, struct nsx_err *err)
{
	int r;

	if (o->file[i]) {
		s->fd[i] = open_ns_file(o->file[i], i, err);
		return s->fd[i] < 0 ? s->fd[i] : 0;
	}
	if (!o->want[i]) {
		/* -a: every namespace the kernel has, as nsenter does, even
		 * one we share (entering our own mount namespace again moves
		 * us to its root), but not our own user namespace, which
		 * setns refuses. */
		if (!o->all || (s->t.kind == TARGET_NSFS && s->t.nsidx != i))
			return 0;
		r = target_ns_is_self(&s->t, i);
		if (r == -ENOENT || (r == 1 && i == NS_USER))
			return 0;
		if (r < 0)
			return nsx_fail(err, -r, "%s: %s namespace", s->t.label,
					ns_types[i].name);
	}
	if (s->t.kind == TARGET_SELF)
		return nsx_failx(err, EINVAL,
				 "--%s needs --target or a file (--%s=FILE)",
				 i == NS_MNT ? "mount" : ns_types[i].name,
				 i == NS_MNT ? "mount" : ns_types[i].name);
	if (s->t.kind == TARGET_PID) {
		s->pidfd_flags |= ns_types[i].flag;
		return 0;
	}
	s->fd[i] = target_open_ns(&s->t, i, err);
	return s->fd[i] < 0 ? s->fd[i] : 0;
}

/* The pidfd enters several namespaces in one call; a file among them
 * means every namespace goes through a file, in nsenter's order. */
static int pidfd_to_files(struct enter_state *s, bool force,
			  struct nsx_err *err)
{
	bool files = force;

	for (int i = 0; i < NS_COUNT; i++)
		files = files || s->fd[i] >= 0;
	if (!files || !s->pidfd_flags)
		return 0;
	for (int i = 0; i < NS_COUNT; i++) {
		if (!(s->pidfd_flags & ns_types[i].flag))
			continue;
		s->fd[i] = target_open_ns(&s->t, i, err);
		if (s->fd[i] < 0)
			return s->fd[i];
	}
	s->pidfd_flags = 0;
	return 0;
}

static int open_namespaces(const struct enter_opts *o, struct enter_state *s,
			   struct nsx_err *err)
{
	int r;

	for (int i = 0; i < NS_COUNT; i++) {
		r = select_ns(o, s, i, err);
		if (r < 0)
			return r;
	}
	if (o->net_socket >= 0 && open_net_socket(s, o->net_socket, err) < 0)
		return -err->code;
	r = pidfd_to_files(s, o->user_parent, err);
	if (r < 0)
		return r;
	if (o->user_parent) {
		int parent;

		if (s->fd[NS_USER] < 0)
			return nsx_failx(err, EINVAL,
					 "--user-parent: no user namespace "
					 "to enter");
		parent = ioctl(s->fd[NS_USER], NS_GET_PARENT);
		if (parent < 0)
			return nsx_fail(err, errno,
					"--user-parent: parent user namespace");
		close(s->fd[NS_USER]);
		s->fd[NS_USER] = parent;
	}
	return 0;
}

/* -r and -w: a directory given, or the target's own root and cwd. */
static int open_dir(const struct enter_state *s, const char *dir,
		    const char *proc_what, const char *opt, struct nsx_err *err)
{
	int fd;

	if (dir) {
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return nsx_fail(err, errno, "%s %s", opt, dir);
		return fd;
	}
	if (s->t.kind != TARGET_PID)
		return nsx_failx(err, EINVAL,
				 "%s without a directory needs a process "
				 "target", opt);
	return target_open_proc(&s->t, proc_what, O_RDONLY | O_DIRECTORY, err);
}

static bool enters_mounts(const struct enter_opts *o,
			  const struct enter_state *s)
{
	return o->root || s->fd[NS_MNT] >= 0 || (s->pidfd_flags & CLONE_NEWNS);
}

static int open_dirs(const struct enter_opts *o, struct enter_state *s,
		     struct nsx_err *err)
{
	if (o->root) {
		s->root_fd = open_dir(s, o->root_dir, "root", "--root", err);
		if (s->root_fd < 0)
			return s->root_fd;
	}
	/* A directory named by -w is the caller's, as nsenter opens it
	 * before entering; -W names one inside. */
	if (o->wd) {
		s->wd_fd = open_dir(s, o->wd_dir, "cwd", "--wd", err);
		if (s->wd_fd < 0)
			return s->wd_fd;
	}
	return 0;
}

/* Read all of fd into a NUL-terminated buffer; its size in *len. */
static int read_whole(int fd, char **buf, size_t *len)
{
	size_t size = 65536;
	ssize_t got;
	char *p;

	*len = 0;
	*buf = malloc(size);
	if (!*buf)
		return -ENOMEM;
	for (;;) {
		if (*len + 1 >= size) {
			p = size > SIZE_MAX / 2 ? NULL : realloc(*buf, size * 2);
			if (!p)
				return -ENOMEM;
			*buf = p;
			size *= 2;
		}
		got = read(fd, *buf + *len, size - *len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -errno;
		if (got == 0)
			break;
		*len += (size_t)got;
	}
	(*buf)[*len] = '\0';
	return 0;
}

/* -e: the target's environment replaces ours, whole: no size cap cuts
 * a variable short (the kernel's own limit is the target's stack). */
static int load_env(struct enter_state *s, struct nsx_err *err)
{
	_cleanup_close_ int fd = target_open_proc(&s->t, "environ", O_RDONLY,
						  err);
	size_t n = 0, len = 0;
	int r;

	if (fd < 0)
		return fd;
	r = read_whole(fd, &s->env_buf, &len);
	if (r < 0)
		return nsx_fail(err, -r, "%s: environ", s->t.label);
	for (size_t i = 0; i < len; i++)
		n += s->env_buf[i] == '\0';
	s->env = calloc(n + 2, sizeof(char *));
	if (!s->env)
		return nsx_fail(err, ENOMEM, "--env");
	n = 0;
	for (size_t i = 0; i < len; i += strlen(s->env_buf + i) + 1)
		if (strchr(s->env_buf + i, '='))
			s->env[n++] = s->env_buf + i;
	return 0;
}

/* Where the cgroup2 hierarchy is mounted: /sys/fs/cgroup on a pure v2
 * system, /sys/fs/cgroup/unified on a hybrid one. */
static int cgroup2_mount(char *mnt, size_t size)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096], *sep, *fields[6];

	while (f && fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - ");
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		/* id parent major:minor root mountpoint ... */
		fields[0] = strtok(line, " ");
		for (int i = 1; i < 5 && fields[i - 1]; i++)
			fields[i] = strtok(NULL, " ");
		if (fields[0] && fields[4])
			return nsx_strlcpy(mnt, fields[4], size);
	}
	return -ENOENT;
}

/* -c: move ourselves into the target's cgroup (v2) before entering. */
static int join_cgroup(struct enter_state *s, struct nsx_err *err)
{
	_cleanup_close_ int fd = target_open_proc(&s->t, "cgroup", O_RDONLY,
						  err);
	char buf[4096], path[2 * PATH_MAX], mnt[PATH_MAX], pid[24], *line;
	_cleanup_close_ int procs = -1;
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		return nsx_fail(err, errno, "%s: cgroup", s->t.label);
	buf[n] = '\0';
	line = strstr(buf, "0::");
	if (!line || (line != buf && line[-1] != '\n'))
		return nsx_failx(err, ENOTSUP,
				 "--join-cgroup: %s is not in a cgroup v2 "
				 "hierarchy", s->t.label);
	line += 3;
	line[strcspn(line, "\n")] = '\0';
	if (cgroup2_mount(mnt, sizeof(mnt)) < 0)
		return nsx_failx(err, ENOTSUP,
				 "--join-cgroup: no cgroup2 file system mounted");
	if ((size_t)snprintf(path, sizeof(path), "%s%s/cgroup.procs", mnt,
			     line) >= sizeof(path))
		return nsx_failx(err, ENAMETOOLONG,
				 "--join-cgroup: cgroup path too long");
	procs = open(path, O_WRONLY | O_CLOEXEC);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (procs < 0 || write(procs, pid, strlen(pid)) < 0)
		return nsx_fail(err, errno, "--join-cgroup: %s", path);
	return 0;
}

static int prepare(const struct enter_opts *o, struct enter_state *s,
		   struct nsx_err *err)
{
	int r;

	if (o->target) {
		r = target_resolve(o->target, &s->t, err);
		if (r < 0)
			return r;
		if ((o->env || o->join_cgroup) && s->t.kind != TARGET_PID)
			return nsx_failx(err, EINVAL,
					 "--%s needs a process target",
					 o->env ? "env" : "join-cgroup");
	} else if (o->env || o->join_cgroup) {
		return nsx_failx(err, EINVAL, "--%s needs --target",
				 o->env ? "env" : "join-cgroup");
	}
	if ((r = open_namespaces(o, s, err)) < 0 ||
	    (r = open_dirs(o, s, err)) < 0 ||
	    (r = enter_creds_resolve(o, s, err)) < 0 ||
	    (r = privs_check_enter(&(struct privs_entry){
					   .opts = o, .target = &s->t,
					   .fd = s->fd,
					   .pidfd_flags = &s->pidfd_flags },
				   err)) < 0)
		return r;
	if (o->env && (r = load_env(s, err)) < 0)
		return r;
	if (o->join_cgroup && (r = join_cgroup(s, err)) < 0)
		return r;
	return target_check_alive(&s->t, err);
}

static int enter_namespaces_raised(struct enter_state *s,
				   struct nsx_err *err)
{
	int r;

	if (s->pidfd_flags) {
		r = ns_enter_pidfd(s->t.pidfd, s->pidfd_flags, err);
		if (r < 0) {
			if (target_check_alive(&s->t, err) < 0)
				return -err->code;
			return nsx_wrap(err, "%s", s->t.label);
		}
	}
	return ns_enter_fds(s->fd, err);
}

/* setns needs the capabilities a setuid nsx's check allowed, and no more. */
static int enter_namespaces(struct enter_state *s, struct nsx_err *err)
{
	int r = privs_raise(err);

	if (r < 0)
		return r;
	r = enter_namespaces_raised(s, err);
	privs_lower();
	return r;
}

static int run_program(const struct enter_opts *o, struct enter_state *s,
		       char **argv)
{
	char *shell_argv[2], arg0[PATH_MAX];
	const char *shell;

	if (o->env)
		environ = s->env;
	if (!argv) {
		/* No program: a login shell, as nsenter starts it. */
		shell = getenv("SHELL");
		if (!shell || !shell[0])
			shell = "/bin/sh";
		snprintf(arg0, sizeof(arg0), "-%s",
			 strrchr(shell, '/') ? strrchr(shell, '/') + 1 : shell);
		shell_argv[0] = arg0;
		shell_argv[1] = NULL;
		execv(shell, shell_argv);
		nsx_warnx("failed to execute %s: %s", shell, strerror(errno));
		return errno == ENOENT ? 127 : 126;
	}
	return spawn_exec(argv);
}

/* Enter; then root, working directory, and the ids 'follow' reads. */
static int enter_all(const struct enter_opts *o, struct enter_state *s,
		     bool userns, struct nsx_err *err)
{
	/* A -w directory, the caller's or the target's cwd, must be
	 * reachable from the mount namespace entered: from one on another
	 * namespace's mount, ".." walks that tree (runc CVE-2024-21626). */
	bool confine = enters_mounts(o, s);

	if (userns && s->creds.set_groups)
		spawn_clear_groups();
	if (enter_namespaces(s, err) < 0)
		return -err->code;
	if (spawn_chroot_chdir(take_fd(&s->root_fd), take_fd(&s->wd_fd),
			       o->wdns, confine, err) < 0) {
		if (err->code == EACCES && o->wd_dir)
			return nsx_failx(err, EACCES,
					 "--wd %s: outside the new root or the "
					 "mount namespace entered (-W names a "
					 "directory inside)", o->wd_dir);
		return -err->code;
	}
	return enter_creds_follow(s, err);
}

int enter_run(const struct enter_opts *o, char **argv)
{
	struct enter_state s = { .root_fd = -1, .wd_fd = -1, .ids_fd = -1 };
	struct nsx_err err = { 0 };
	bool userns, pidns, entered = false;
	int status, r;

	for (int i = 0; i < NS_COUNT; i++)
		s.fd[i] = -1;
	target_self(&s.t);
	if (prepare(o, &s, &err) < 0)
		goto fail;
	userns = s.fd[NS_USER] >= 0 || (s.pidfd_flags & CLONE_NEWUSER);
	pidns = s.fd[NS_PID] >= 0 || (s.pidfd_flags & CLONE_NEWPID);
	entered = true;
	if (enter_all(o, &s, userns, &err) < 0)
		goto fail;
	/* Nothing of the target is needed past here: the waiting parent
	 * must not hold its pidfd. */
	target_release(&s.t);
	/* A new PID namespace only applies to children: fork, and wait. */
	if ((pidns && !o->no_fork) || privs_must_fork()) {
		r = spawn_fork_wait(&status, &err);
		if (r < 0)
			goto fail;
		if (r == 1) {
			/* Leave without atexit handlers: this process stays
			 * outside the PID namespace its children are born in,
			 * and LeakSanitizer's exit check clones a helper into
			 * it that cannot see its parent and never finishes. */
			state_release(&s);
			fflush(NULL);
			_exit(status);
		}
	}
	if (spawn_set_creds(&s.creds, &err) < 0 ||
	    (o->keep_caps && userns && privs_keep_caps(&err) < 0) ||
	    privs_drop_for_exec(&err) < 0)
		goto fail;
	target_release(&s.t);
	status = run_program(o, &s, argv);
	/* The program could not be executed: leave as on any failure past
	 * setns. Inside a PID namespace whose /proc is not ours, the leak
	 * checker's thread list names other processes and it fails. */
	state_release(&s);
	fflush(NULL);
	_exit(status);
fail:
	state_release(&s);
	privs_log_failure(&err);
	report(&err);
	/* Past setns and chroot this process is no longer where it started:
	 * no exit handler (a sanitizer's, stdio's) should run there. */
	if (entered) {
		fflush(NULL);
		_exit(1);
	}
	return 1;
}
