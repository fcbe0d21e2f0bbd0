/* ns.c - namespace type table, identification of nsfs files, setns */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <linux/nsfs.h>

#include "nsx/lib/ns.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

const struct ns_type ns_types[NS_COUNT] = {
	[NS_USER] = { "user", CLONE_NEWUSER, 'U' },
	[NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP, 'C' },
	[NS_IPC] = { "ipc", CLONE_NEWIPC, 'i' },
	[NS_UTS] = { "uts", CLONE_NEWUTS, 'u' },
	[NS_NET] = { "net", CLONE_NEWNET, 'n' },
	[NS_PID] = { "pid", CLONE_NEWPID, 'p' },
	[NS_MNT] = { "mnt", CLONE_NEWNS, 'm' },
	[NS_TIME] = { "time", CLONE_NEWTIME, 'T' },
};

int ns_index_by_name(const char *name)
{
	for (int i = 0; i < NS_COUNT; i++)
		if (streq(ns_types[i].name, name))
			return i;
	return -1;
}

int ns_index_by_flag(int flag)
{
	for (int i = 0; i < NS_COUNT; i++)
		if (ns_types[i].flag == flag)
			return i;
	return -1;
}

int ns_fd_type(int fd, struct nsx_err *err)
{
	struct statfs sfs;
	int type;

	if (fstatfs(fd, &sfs) < 0)
		return nsx_fail(err, errno, "statfs");
	if (sfs.f_type != NSFS_MAGIC)
		return nsx_failx(err, EINVAL, "not a namespace file");
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type < 0)
		return nsx_fail(err, errno, "NS_GET_NSTYPE");
	return type;
}

int ns_fd_id(int fd, ino_t *ino, dev_t *dev)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	if (dev)
		*dev = st.st_dev;
	return 0;
}

ino_t ns_self_ino(int idx)
{
	static ino_t cache[NS_COUNT];
	char path[64];
	struct stat st;

	if (cache[idx])
		return cache[idx];
	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[idx].name);
	if (stat(path, &st) < 0)
		return 0;
	return cache[idx] = st.st_ino;
}

bool ns_fd_is_self(int fd, int idx)
{
	ino_t ino;

	return ns_fd_id(fd, &ino, NULL) == 0 && ino == ns_self_ino(idx);
}

int ns_enter_fds(int fd[NS_COUNT], struct nsx_err *err)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = pass ? 0 : 1; i < NS_COUNT; i++) {
			if (fd[i] < 0)
				continue;
			if (setns(fd[i], ns_types[i].flag) < 0) {
				if (pass == 0)
					continue;
				return nsx_fail(err, errno,
						"enter %s namespace",
						ns_types[i].name);
			}
			close(fd[i]);
			fd[i] = -1;
		}
	}
	return 0;
}

int ns_enter_pidfd(int pidfd, int flags, struct nsx_err *err)
{
	char names[128];

	if (setns(pidfd, flags) == 0)
		return 0;
	ns_flags_str(flags, names, sizeof(names));
	return nsx_fail(err, errno, "enter %s namespace%s", names,
			(flags & (flags - 1)) ? "s" : "");
}

void ns_flags_str(int flags, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < NS_COUNT && len < size; i++) {
		if (!(flags & ns_types[i].flag))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? "," : "", ns_types[i].name);
	}
}

int ns_visit(int fd, int idx, int (*fn)(void *data, struct nsx_err *err),
	     void *data, struct nsx_err *err)
{
	const struct ns_type *type = &ns_types[idx];
	_cleanup_close_ int own = -1;
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/thread-self/ns/%s", type->name);
	own = open(path, O_RDONLY | O_CLOEXEC);
	if (own < 0)
		return nsx_fail(err, errno, "open our %s namespace", type->name);
	if (setns(fd, type->flag) < 0)
		return nsx_fail(err, errno, "enter the %s namespace", type->name);
	r = fn(data, err);
	if (setns(own, type->flag) < 0)
		return nsx_fail(err, errno, "return to our %s namespace",
				type->name);
	return r;
}
