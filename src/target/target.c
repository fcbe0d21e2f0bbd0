/* target.c - TARGET spec -> struct target (pidfd or nsfs fd, label) */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>

#include "nsx/engine/engine.h"
#include "nsx/lib/ns.h"
#include "nsx/target/target.h"

#ifndef PID_FS_MAGIC
#define PID_FS_MAGIC 0x50494446
#endif

/* Directories of bind-mounted network namespaces, in lookup order. */
static const struct {
	const char *source;
	const char *dir;
} name_dirs[] = {
	{ "netns", "/run/netns" },
	{ "docker-netns", "/run/docker/netns" },
};

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

/*
 * A pidfd for a process or a thread: nsenter enters a thread id's
 * /proc/TID/ns, so a TID that is not its group's leader is held by a
 * thread pidfd (Linux 6.9), which setns enters with the thread's own
 * namespaces.
 */
static int sys_pidfd_open(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	/* ENOENT: pid exists but leads no thread group. */
	if (fd < 0 && errno == ENOENT)
		fd = (int)syscall(SYS_pidfd_open, pid, PIDFD_THREAD);
	return fd;
}

static int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static void target_init(struct target *t)
{
	*t = (struct target){ .kind = TARGET_SELF, .pidfd = -1, .nsfd = -1,
			      .nsidx = -1 };
}

void target_self(struct target *t)
{
	target_init(t);
	snprintf(t->source, sizeof(t->source), "self");
	snprintf(t->label, sizeof(t->label), "self");
}

void target_release(struct target *t)
{
	closep(&t->pidfd);
	closep(&t->nsfd);
	t->pidfd = t->nsfd = -1;
}

static target_refuse_fn refuse;
static target_link_fn link_lookup;

void target_set_link(target_link_fn fn)
{
	link_lookup = fn;
}

void target_set_refuse(target_refuse_fn fn)
{
	refuse = fn;
}

int target_from_pid(pid_t pid, struct target *t, struct nsx_err *err)
{
	target_init(t);
	t->kind = TARGET_PID;
	t->pid = pid;
	snprintf(t->source, sizeof(t->source), "pid");
	snprintf(t->label, sizeof(t->label), "pid %d", (int)pid);
	t->pidfd = sys_pidfd_open(pid);
	if (t->pidfd < 0) {
		/* A setuid nsx must not tell a hidden process from none. */
		if (refuse)
			return refuse(t->label, strerror(errno), err);
		if (errno == ESRCH)
			return nsx_failx(err, ESRCH, "%s: no such process",
					 t->label);
		return nsx_fail(err, errno, "%s", t->label);
	}
	return 0;
}

/* PID:INODE, the inode being the process's pidfd inode (pidfs). */
static int target_from_pid_inode(const char *spec, const char *colon,
				 struct target *t, struct nsx_err *err)
{
	char pidstr[32];
	unsigned long inode;
	struct statfs sfs;
	struct stat st;
	int pid, r;

	if ((size_t)(colon - spec) >= sizeof(pidstr))
		return nsx_failx(err, EINVAL, "%s: invalid PID", spec);
	memcpy(pidstr, spec, (size_t)(colon - spec));
	pidstr[colon - spec] = '\0';
	if (parse_pid(pidstr, &pid) < 0)
		return nsx_failx(err, EINVAL, "%s: invalid PID", spec);
	if (parse_ulong(colon + 1, ULONG_MAX, &inode) < 0)
		return nsx_failx(err, EINVAL, "%s: invalid inode", spec);
	/* No pidfd has inode 0; nsenter refuses it as out of range. */
	if (inode == 0)
		return nsx_failx(err, EINVAL,
				 "%s: invalid inode: 0 is no pidfd's inode", spec);
	r = target_from_pid(pid, t, err);
	if (r < 0)
		return r;
	if (fstatfs(t->pidfd, &sfs) < 0 || sfs.f_type != PID_FS_MAGIC ||
	    fstat(t->pidfd, &st) < 0) {
		target_release(t);
		return nsx_failx(err, ENOTSUP,
				 "%s: PID:INODE needs pidfs (Linux 6.9 or later)",
				 spec);
	}
	if (st.st_ino != inode) {
		target_release(t);
		if (refuse)
			return refuse(t->label, "PID:INODE mismatch", err);
		return nsx_failx(err, ESRCH,
				 "%s: process %d has pidfd inode %lu: the PID "
				 "was reused", spec, pid, (unsigned long)st.st_ino);
	}
	snprintf(t->label, sizeof(t->label), "pid %d", pid);
	return 0;
}

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return " (a directory)";
	if (S_ISREG(mode))
		return " (a regular file)";
	return "";
}

static int target_from_path(const char *path, struct target *t,
			    struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;
	int type;

	target_init(t);
	/* In a setuid nsx this runs with the caller's credentials: a path
	 * they cannot open is not a target they can name. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return nsx_fail(err, errno, "%s", path);
	type = ns_fd_type(fd, err);
	if (type < 0) {
		if (fstat(fd, &st) == 0 && err->code == EINVAL)
			return nsx_failx(err, EINVAL,
					 "%s: not a namespace file%s", path,
					 file_kind(st.st_mode));
		return nsx_wrap(err, "%s", path);
	}
	t->kind = TARGET_NSFS;
	t->nsidx = ns_index_by_flag(type);
	if (t->nsidx < 0)
		return nsx_failx(err, EINVAL, "%s: unknown namespace type",
				 path);
	t->nsfd = take_fd(&fd);
	snprintf(t->source, sizeof(t->source), "path");
	snprintf(t->label, sizeof(t->label), "%s", path);
	return 0;
}

/* Is name usable as one path component (no '/', not . or ..)? */
static bool name_is_component(const char *name)
{
	return name[0] && !strchr(name, '/') && !streq(name, ".") &&
	       !streq(name, "..") && strlen(name) <= NAME_MAX;
}

static int target_from_name_dir(int i, const char *name, struct target *t,
				struct nsx_err *err)
{
	char path[PATH_MAX];
	int r;

	snprintf(path, sizeof(path), "%s/%s", name_dirs[i].dir, name);
	r = target_from_path(path, t, err);
	if (r < 0)
		return r;
	snprintf(t->source, sizeof(t->source), "%s", name_dirs[i].source);
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->label, sizeof(t->label), "%s:%s", name_dirs[i].source,
		 name);
	return 0;
}

static int target_from_engine(const char *engine, const char *name,
			      struct target *t, struct nsx_err *err)
{
	struct engine_container c;
	int r;

	r = engine_resolve(engine, name, &c, err);
	if (r < 0)
		return r;
	r = target_from_pid(c.pid, t, err);
	if (r < 0)
		return nsx_wrap(err, "%s:%s", c.engine, name);
	/* The PID is held now: make sure it is still the container's. */
	r = engine_check_pidfd(&c, t->pidfd, err);
	if (r < 0) {
		target_release(t);
		return r;
	}
	snprintf(t->source, sizeof(t->source), "%s", c.engine);
	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->label, sizeof(t->label), "%s:%s", c.engine, name);
	return 0;
}

/* link:IFNAME, a veth of ours: the namespace its far end is in. */
static int target_from_link(const char *ifname, struct target *t,
			    struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;

	if (!ifname[0] || strlen(ifname) >= IFNAMSIZ ||
	    !name_is_component(ifname))
		return nsx_failx(err, EINVAL, "link:%s: invalid interface name",
				 ifname);
	if (!link_lookup)
		return nsx_failx(err, ENOTSUP, "link:%s: not available here",
				 ifname);
	fd = link_lookup(ifname, err);
	if (fd < 0)
		return nsx_wrap(err, "link:%s", ifname);
	if (ns_fd_type(fd, err) != CLONE_NEWNET)
		return nsx_failx(err, EINVAL, "link:%s: not a network namespace",
				 ifname);
	t->kind = TARGET_NSFS;
	t->nsidx = NS_NET;
	t->nsfd = take_fd(&fd);
	snprintf(t->source, sizeof(t->source), "link");
	snprintf(t->name, sizeof(t->name), "%s", ifname);
	snprintf(t->label, sizeof(t->label), "link:%s", ifname);
	return 0;
}

/* Last of all, a name may be a veth of ours (vethXXXX on a host): its
 * far end's namespace. 0 when it is one, 1 when there is no such veth,
 * else the error about the veth that is there. */
static int name_as_link(const char *name, struct target *t,
			struct nsx_err *err)
{
	struct nsx_err lerr = { 0 };
	int r;

	if (!link_lookup || strlen(name) >= IFNAMSIZ)
		return 1;
	r = target_from_link(name, t, &lerr);
	if (r == 0)
		return 0;
	/* Not a link, or a link that is not a veth: not this name. */
	if (lerr.code == ENODEV || lerr.code == EINVAL)
		return 1;
	*err = lerr;
	return r;
}

static int target_from_name(const char *name, struct target *t,
			    struct nsx_err *err)
{
	char looked[256] = "", engines[NSX_ERR_MAX];
	int r;

	if (!name_is_component(name))
		return nsx_failx(err, EINVAL, "%s: invalid target name", name);
	for (size_t i = 0; i < ARRAY_SIZE(name_dirs); i++) {
		r = target_from_name_dir((int)i, name, t, err);
		/* A directory the caller may not search (docker's is 0700)
		 * holds no name for them: look further. */
		if (r == 0 || (err->code != ENOENT && err->code != EACCES))
			return r;
		snprintf(looked + strlen(looked),
			 sizeof(looked) - strlen(looked), "%s%s",
			 i ? ", " : "", name_dirs[i].dir);
	}
	r = target_from_engine(NULL, name, t, err);
	if (r == 0 || err->code != ENOENT)
		return r;
	/* err->msg is both an argument and the destination: copy it. */
	snprintf(engines, sizeof(engines), "%s", err->msg);
	r = name_as_link(name, t, err);
	if (r <= 0)
		return r;
	return nsx_failx(err, ENOENT, "target '%s': not found (looked in %s, "
			 "nsx's own veths, and %s)", name, looked, engines);
}

static int target_from_source(const char *source, const char *rest,
			      struct target *t, struct nsx_err *err)
{
	int pid;

	if (streq(source, "link"))
		return target_from_link(rest, t, err);

	if (streq(source, "pid")) {
		if (parse_pid(rest, &pid) < 0)
			return nsx_failx(err, EINVAL, "pid:%s: invalid PID",
					 rest);
		return target_from_pid(pid, t, err);
	}
	if (streq(source, "path"))
		return target_from_path(rest, t, err);
	for (size_t i = 0; i < ARRAY_SIZE(name_dirs); i++) {
		if (!streq(source, name_dirs[i].source))
			continue;
		if (!name_is_component(rest))
			return nsx_failx(err, EINVAL,
					 "%s:%s: invalid name", source, rest);
		if (target_from_name_dir((int)i, rest, t, err) < 0 &&
		    err->code == ENOENT)
			return nsx_failx(err, ENOENT, "%s:%s: no such name in %s",
					 source, rest, name_dirs[i].dir);
		return t->kind == TARGET_NSFS ? 0 : -err->code;
	}
	return target_from_engine(source, rest, t, err);
}

static bool all_digits(const char *s, const char *end)
{
	if (s == end)
		return false;
	for (; s < end; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int target_resolve(const char *spec, struct target *t, struct nsx_err *err)
{
	const char *colon = strchr(spec, ':');
	const char *end = spec + strlen(spec);
	int pid;

	target_init(t);
	if (!spec[0])
		return nsx_failx(err, EINVAL, "empty target");
	if (all_digits(spec, end)) {
		if (parse_pid(spec, &pid) < 0)
			return nsx_failx(err, ERANGE, "%s: invalid PID", spec);
		return target_from_pid(pid, t, err);
	}
	if (spec[0] == '-' || spec[0] == '+')
		return nsx_failx(err, EINVAL, "%s: invalid PID", spec);
	if (colon && all_digits(spec, colon))
		return target_from_pid_inode(spec, colon, t, err);
	if (strchr(spec, '/') && (!colon || strchr(spec, '/') < colon))
		return target_from_path(spec, t, err);
	if (colon) {
		char source[16];
		size_t n = (size_t)(colon - spec);
		const char *known[] = { "pid", "path", "netns", "docker-netns",
					"docker", "podman", "cri", "link",
					NULL };

		if (n < sizeof(source)) {
			memcpy(source, spec, n);
			source[n] = '\0';
			for (const char **k = known; *k; k++)
				if (streq(*k, source))
					return target_from_source(source,
								  colon + 1, t,
								  err);
		}
		return nsx_failx(err, EINVAL,
				 "%s: unknown target source (one of pid, path, "
				 "netns, docker-netns, docker, podman, cri, "
				 "link)",
				 spec);
	}
	return target_from_name(spec, t, err);
}

int target_check_alive(const struct target *t, struct nsx_err *err)
{
	if (t->kind != TARGET_PID)
		return 0;
	if (sys_pidfd_send_signal(t->pidfd, 0) < 0 && errno == ESRCH)
		return nsx_failx(err, ESRCH, "%s: process exited", t->label);
	return 0;
}

int target_open_proc(const struct target *t, const char *what, int flags,
		     struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	char path[64 + NAME_MAX];
	int r;

	if (t->kind == TARGET_SELF)
		snprintf(path, sizeof(path), "/proc/self/%s", what);
	else
		snprintf(path, sizeof(path), "/proc/%d/%s", (int)t->pid, what);
	fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		r = errno;
		if (target_check_alive(t, err) < 0)
			return -err->code;
		return nsx_fail(err, r, "%s: open %s", t->label, path);
	}
	/* The file was opened under /proc/PID: it is our process's as long
	 * as the process the pidfd holds has not exited since. */
	r = target_check_alive(t, err);
	if (r < 0)
		return r;
	return take_fd(&fd);
}

int target_open_ns(const struct target *t, int idx, struct nsx_err *err)
{
	char what[32];
	int fd;

	if (t->kind == TARGET_NSFS) {
		if (idx != t->nsidx)
			return nsx_failx(err, EINVAL,
					 "%s is a %s namespace, not %s",
					 t->label, ns_types[t->nsidx].name,
					 ns_types[idx].name);
		fd = fcntl(t->nsfd, F_DUPFD_CLOEXEC, 3);
		if (fd < 0)
			return nsx_fail(err, errno, "dup");
		return fd;
	}
	/* A process target with one namespace pinned (target_pin_ns). */
	if (t->nsfd >= 0 && idx == t->nsidx) {
		fd = fcntl(t->nsfd, F_DUPFD_CLOEXEC, 3);
		return fd < 0 ? nsx_fail(err, errno, "dup") : fd;
	}
	snprintf(what, sizeof(what), "ns/%s", ns_types[idx].name);
	return target_open_proc(t, what, O_RDONLY, err);
}

void target_pin_ns(struct target *t, int idx, int fd)
{
	closep(&t->nsfd);
	t->nsfd = fd;
	t->nsidx = idx;
}

int target_ns_is_self(const struct target *t, int idx)
{
	char path[64];
	struct stat st;

	if (t->kind == TARGET_SELF)
		return 1;
	if (t->kind == TARGET_NSFS)
		return ns_fd_is_self(t->nsfd, idx);
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)t->pid,
		 ns_types[idx].name);
	if (stat(path, &st) < 0)
		return -errno;
	return st.st_ino == ns_self_ino(idx);
}
