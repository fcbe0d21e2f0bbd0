/* proc_mount.c - namespaces held by nsfs mounts, and their owners */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/nsfs.h>

#include "nsx/lib/ns.h"
#include "nsx/scan/proc.h"
#include "proc_int.h"

/* gcc 12's -fanalyzer follows one turn of the loop that frees an array of
 * strings, then calls the strings leaked: it is told not to say so here. */
#ifndef __clang__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int ns_add_path(struct proc_ns *ns, const char *path)
{
	char **paths, *copy;

	for (size_t j = 0; j < ns->npaths; j++)
		if (streq(ns->paths[j], path))
			return 0;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	paths = realloc(ns->paths, (ns->npaths + 1) * sizeof(*paths));
	if (!paths) {
		free(copy);
		return -ENOMEM;
	}
	paths[ns->npaths++] = copy;
	ns->paths = paths;
	return 0;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

/* Decode the octal escapes (\040) of a mountinfo field in place. */
static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/*
 * One mountinfo line: "id parent maj:min root mountpoint ...". nsfs mounts
 * are recognised by the nsfs device number before anything is parsed.
 */
static int scan_mount_line(struct proc_scan *s, char *line, const char *dev,
			   const char *prefix, bool discover_only)
{
	char *f[5] = { NULL }, *p = line;
	struct proc_ns *ns;
	char path[PATH_MAX];
	ino_t ino;
	int type;

	for (int i = 0; i < 5; i++) {
		f[i] = p;
		p = strchr(p, ' ');
		if (!p)
			return 0;
		*p++ = '\0';
	}
	if (!streq(f[2], dev) || proc_parse_ns_link(f[3], &type, &ino) < 0 ||
	    !(s->types & (1u << type)))
		return 0;
	unescape(f[4]);
	ns = proc_scan_find(s, ino);
	/* Another mount namespace only adds what ours does not show. */
	if (discover_only && ns && ns->npaths)
		return 0;
	if (!ns && !(ns = proc_scan_get(s, type, ino)))
		return -ENOMEM;
	if ((size_t)snprintf(path, sizeof(path), "%s%s", prefix, f[4]) >=
	    sizeof(path))
		return 0;
	return ns_add_path(ns, path);
}

/* Complete lines in buf[0..len): each is scanned; returns the length of
 * the unfinished last line, now moved to the start of buf. */
static ssize_t scan_lines(struct proc_scan *s, char *buf, size_t len,
			  const char *dev, const char *prefix,
			  bool discover_only)
{
	char *line = buf, *nl;
	size_t rest;
	int r;

	buf[len] = '\0';
	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		r = scan_mount_line(s, line, dev, prefix, discover_only);
		if (r < 0)
			return r;
		line = nl + 1;
	}
	rest = len - (size_t)(line - buf);
	memmove(buf, line, rest);
	return (ssize_t)rest;
}

/* Read in pieces into a buffer on the stack: a mount table of thousands of
 * lines needs no allocation, and a line holds at most two paths. */
static int scan_mountinfo(struct proc_scan *s, const char *file,
			  const char *prefix, bool discover_only)
{
	_cleanup_close_ int fd = open(file, O_RDONLY | O_CLOEXEC);
	char buf[16 * PATH_MAX], dev[32];
	size_t have = 0;

	if (fd < 0)
		return -errno;
	snprintf(dev, sizeof(dev), "%u:%u", major(s->nsfs_dev),
		 minor(s->nsfs_dev));
	for (;;) {
		ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0) {
			/* A last line without a newline gets one. */
			if (!have)
				return 0;
			buf[have] = '\n';
			n = 1;
		}
		n = scan_lines(s, buf, have + (size_t)n, dev, prefix,
			       discover_only);
		if (n < 0)
			return (int)n;
		/* A line longer than the buffer is no mount line: drop it. */
		have = (size_t)n < sizeof(buf) - 1 ? (size_t)n : 0;
	}
}

/* Directories whose nsfs mounts are names, and the source they give. */
static const struct {
	const char *dir;
	const char *source;
} name_dirs[] = {
	{ "/run/netns/", "netns" },
	{ "/run/docker/netns/", "docker-netns" },
};

size_t proc_ns_names(const struct proc_ns *ns, char **names, size_t max)
{
	size_t n = 0;

	for (size_t p = 0; p < ns->npaths; p++) {
		for (size_t d = 0; d < ARRAY_SIZE(name_dirs) && n < max; d++) {
			size_t len = strlen(name_dirs[d].dir);
			const char *rest = ns->paths[p] + len;

			if (strncmp(ns->paths[p], name_dirs[d].dir, len) ||
			    !*rest || strchr(rest, '/'))
				continue;
			if (asprintf(&names[n], "%s:%s", name_dirs[d].source,
				     rest) >= 0)
				n++;
		}
	}
	return n;
}

int proc_scan_mounts_self(struct proc_scan *s, struct nsx_err *err)
{
	int r = scan_mountinfo(s, "/proc/self/mountinfo", "", false);

	if (r < 0)
		return nsx_fail(err, -r, "/proc/self/mountinfo");
	return 0;
}

int proc_scan_mounts_other(struct proc_scan *s, struct nsx_err *err)
{
	char file[64], prefix[64];

	/* Their mount points are relative to that process's root, which the
	 * host reaches as /proc/PID/root. Unreadable ones are skipped. */
	for (size_t i = 0; i < s->nmnt; i++) {
		if (!s->mnt[i].pid)
			continue;
		snprintf(file, sizeof(file), "/proc/%d/mountinfo",
			 (int)s->mnt[i].pid);
		snprintf(prefix, sizeof(prefix), "/proc/%d/root",
			 (int)s->mnt[i].pid);
		if (scan_mountinfo(s, file, prefix, true) == -ENOMEM)
			return nsx_fail(err, ENOMEM, "%s", file);
	}
	return 0;
}

/* Open a namespace through whatever holds it; -errno when it is gone. */
static int proc_ns_open(const struct proc_ns *ns)
{
	char path[64];
	struct stat st;
	int fd = -1;

	if (ns->hold_fd >= 0)
		return fcntl(ns->hold_fd, F_DUPFD_CLOEXEC, 3);
	if (ns->pid) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)ns->pid,
			 ns_types[ns->type].name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 && ns->npaths)
		fd = open(ns->paths[0], O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && ns->fd_pid) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)ns->fd_pid,
			 ns->fd);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	if (fd < 0)
		return -ENOENT;
	/* The holder may have changed since the scan: check it is the same. */
	if (fstat(fd, &st) < 0 || st.st_ino != ns->ino) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* Owner or parent of the namespace behind fd: its inode, and the entry
 * for it (added, holding the fd, when it was not found by the scan). */
static int relation(struct proc_scan *s, int fd, unsigned long req,
		    ino_t *out)
{
	_cleanup_close_ int rel = ioctl(fd, req);
	struct proc_ns *ns;
	struct stat st;

	*out = 0;
	if (rel < 0)
		return 0; /* EPERM: outside what we can see; EINVAL: none */
	if (fstat(rel, &st) < 0)
		return 0;
	*out = st.st_ino;
	if (proc_scan_find(s, st.st_ino))
		return 0;
	ns = proc_scan_get(s, NS_USER, st.st_ino);
	if (!ns)
		return -ENOMEM;
	if (req == NS_GET_PARENT) {
		int type = ioctl(rel, NS_GET_NSTYPE);

		ns->type = type > 0 && ns_index_by_flag(type) >= 0 ?
				   ns_index_by_flag(type) : NS_USER;
	}
	ns->hold_fd = take_fd(&rel);
	return 0;
}

int proc_scan_relations(struct proc_scan *s, struct nsx_err *err)
{
	/* Entries added on the way (owners, parents) are visited too. */
	for (size_t k = 0; k < s->n; k++) {
		_cleanup_close_ int fd = proc_ns_open(&s->v[k]);
		int type = s->v[k].type;
		ino_t ino;

		if (fd < 0)
			continue;
		if (relation(s, fd, NS_GET_USERNS, &ino) < 0)
			return nsx_fail(err, ENOMEM, "namespace owners");
		s->v[k].owner = ino;
		if (type != NS_USER && type != NS_PID)
			continue;
		if (relation(s, fd, NS_GET_PARENT, &ino) < 0)
			return nsx_fail(err, ENOMEM, "namespace parents");
		s->v[k].parent = ino;
	}
	return 0;
}
