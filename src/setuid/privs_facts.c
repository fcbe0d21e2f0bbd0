/* privs_facts.c - what the kernel says about a target, for a decision
 *
 * Read through the descriptors nsx holds (the target's pidfd, nsfs fds)
 * and under a /proc of the caller's own pid namespace; never from files
 * inside the target, never looked up again by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "nsx/setuid/privs.h"
#include "nsx/setuid/privs_facts.h"

#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 0xd, __u64) /* Linux 6.18 */
#endif

/*
 * The facts below are read fail-closed: a process whose status or cgroup
 * cannot be read (RLIMIT_NOFILE, a race, a kernel that refuses) is a
 * refusal, never a process with no uid or cgroup that a deny rule misses.
 */

/* Read /proc/PID/<what> whole into buf, NUL-terminated. */
static int read_proc(const struct target *t, const char *what, char *buf,
		     size_t size, struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	ssize_t n;

	fd = target_open_proc(t, what, O_RDONLY, err);
	if (fd < 0)
		return fd;
	n = read(fd, buf, size - 1);
	if (n < 0)
		return nsx_fail(err, errno, "%s: read %s", t->label, what);
	buf[n] = '\0';
	return 0;
}

/* "Uid:\tR\tE\tS\tF" */
static int facts_uid(const struct target *t, struct policy_facts *f,
		     struct nsx_err *err)
{
	char buf[4096], *line;
	unsigned u[4];

	if (read_proc(t, "status", buf, sizeof(buf), err) < 0)
		return -err->code;
	line = strstr(buf, "\nUid:");
	if (!line || sscanf(line + 5, "%u %u %u %u", &u[0], &u[1], &u[2],
			    &u[3]) != 4)
		return nsx_failx(err, EPROTO, "%s: no Uid line in its status",
				 t->label);
	for (size_t i = 0; i < ARRAY_SIZE(u); i++)
		f->uid[i] = u[i];
	return 0;
}

/* The cgroup v2 path; left "" (unknown to the policy) on a host without
 * cgroup v2 or when too long to hold whole, never a truncated match. */
static int facts_cgroup(const struct target *t, struct policy_facts *f,
			struct nsx_err *err)
{
	char buf[PATH_MAX + 64], *line;

	if (read_proc(t, "cgroup", buf, sizeof(buf), err) < 0)
		return -err->code;
	line = strstr(buf, "0::/");
	if (!line || (line != buf && line[-1] != '\n'))
		return 0;
	line += 3;
	line[strcspn(line, "\n")] = '\0';
	if (nsx_strlcpy(f->cgroup, line, sizeof(f->cgroup)) < 0)
		f->cgroup[0] = '\0';
	return 0;
}

int privs_facts_ns(int fd, int idx, struct policy_facts *f,
		   struct nsx_err *err)
{
	struct stat s, own;
	__u64 id;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[idx].name);
	if (fstat(fd, &s) < 0 || stat(path, &own) < 0)
		return nsx_fail(err, errno, "%s namespace",
				ns_types[idx].name);
	if (s.st_ino == own.st_ino && s.st_dev == own.st_dev)
		f->own_nsflags |= ns_types[idx].flag;
	if (idx == NS_NET) {
		f->net_known = true;
		f->net_ino = s.st_ino;
		f->net_dev = s.st_dev;
	}
	f->ns_known |= ns_types[idx].flag;
	f->ns_ino[idx] = s.st_ino;
	f->ns_dev[idx] = s.st_dev;
	f->nsfs_dev = own.st_dev;
	/* Older kernels have no id: nsid: rules then see it unknown. */
	if (ioctl(fd, NS_GET_ID, &id) == 0) {
		f->ns_id_known |= ns_types[idx].flag;
		f->ns_id[idx] = id;
	}
	return 0;
}

/* The pidfd holds the process, but its namespaces and status are read
 * under /proc/PID: a /proc of another pid namespace (a caller in a pid
 * namespace of its own with the host's /proc) names another process. */
static int proc_is_ours(struct nsx_err *err)
{
	char buf[32], want[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	snprintf(want, sizeof(want), "%d", (int)getpid());
	if (n > 0)
		buf[n] = '\0';
	if (n <= 0 || !streq(buf, want))
		return nsx_failx(err, EPERM, "/proc is not of the caller's pid "
				 "namespace: its PIDs name other processes");
	return 0;
}

/* A process target: open the namespaces in flags (and the network one,
 * which netns: rules look at) with CAP_SYS_PTRACE in effect, read its uid
 * and cgroup, then make sure through the pidfd that it is still the same
 * process. fds[] keeps what was opened. Any failure refuses. */
int privs_facts_process(const struct target *t, int flags,
			int fds[NS_COUNT], struct policy_facts *f,
			struct nsx_err *err)
{
	int r = proc_is_ours(err);

	if (r < 0)
		return r;
	r = privs_raise_only(PRIV_PTRACE, err);
	for (int i = 0; r == 0 && i < NS_COUNT; i++) {
		if (!(flags & ns_types[i].flag) && i != NS_NET)
			continue;
		fds[i] = target_open_ns(t, i, err);
		r = fds[i] < 0 ? fds[i] : privs_facts_ns(fds[i], i, f, err);
	}
	if (r == 0)
		r = facts_uid(t, f, err);
	if (r == 0)
		r = facts_cgroup(t, f, err);
	f->process = r == 0;
	privs_lower();
	return r < 0 ? r : target_check_alive(t, err);
}

void privs_close_fds(int fds[NS_COUNT])
{
	for (int i = 0; i < NS_COUNT; i++) {
		closep(&fds[i]);
		fds[i] = -1;
	}
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/*
 * Would the kernel let the caller setns into the namespace on fd with no
 * privilege of its own? Only if the namespace belongs to a user namespace
 * the caller made (or one nested in it), where the caller holds every
 * capability: the child of the initial user namespace on its way up must
 * be owned by the caller. A user namespace (is_user) must be such a one
 * itself. The caller's own user namespace is the initial one (in another,
 * the setuid bit does nothing).
 */
int privs_owned_by_caller(int fd, bool is_user, struct nsx_err *err)
{
	_cleanup_close_ int user = is_user ? fcntl(fd, F_DUPFD_CLOEXEC, 3) :
					     ioctl(fd, NS_GET_USERNS);
	struct stat init, s;
	uid_t owner;

	if (user < 0 || stat("/proc/self/ns/user", &init) < 0 ||
	    fstat(user, &s) < 0)
		return nsx_fail(err, errno, "its user namespace");
	if (same_file(&s, &init))
		return nsx_failx(err, EPERM, "it belongs to the initial user "
				 "namespace");
	for (;;) {
		_cleanup_close_ int parent = ioctl(user, NS_GET_PARENT);

		if (parent < 0 || fstat(parent, &s) < 0)
			return nsx_fail(err, errno, "its user namespace's "
					"parent");
		if (same_file(&s, &init))
			break;
		closep(&user);
		user = take_fd(&parent);
	}
	if (ioctl(user, NS_GET_OWNER_UID, &owner) < 0)
		return nsx_fail(err, errno, "its user namespace's owner");
	if (owner != privs_caller_uid())
		return nsx_failx(err, EPERM, "its user namespace belongs to "
				 "uid %u", (unsigned)owner);
	return 0;
}
