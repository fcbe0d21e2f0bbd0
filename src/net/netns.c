/* netns.c - named network namespaces under /run/netns, as iproute2 keeps them */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "nsx/net/netns.h"

int netns_name_check(const char *name, struct nsx_err *err)
{
	const char *why = NULL;

	if (!name[0])
		why = "empty";
	else if (streq(name, ".") || streq(name, ".."))
		why = "not a file name";
	else if (strchr(name, '/'))
		why = "contains '/'";
	else if (strlen(name) > NAME_MAX)
		why = "longer than 255 bytes";
	if (why)
		return nsx_failx(err, EINVAL, "invalid name '%.64s%s': %s",
				 name, strlen(name) > 64 ? "..." : "", why);
	return 0;
}

static void netns_path(char *path, size_t size, const char *name)
{
	snprintf(path, size, "%s/%s", NETNS_RUN_DIR, name);
}

/*
 * As iproute2: /run/netns is a mount point (a bind mount of itself if it
 * was not) with shared propagation, so a name made here reaches mount
 * namespaces copied from ours later, and their names reach us.
 */
static int netns_dir_prepare(struct nsx_err *err)
{
	bool made = false;

	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return nsx_fail(err, errno, "create %s", NETNS_RUN_DIR);
	while (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
		if (errno != EINVAL || made)
			return nsx_fail(err, errno, "make %s shared",
					NETNS_RUN_DIR);
		if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none",
			  MS_BIND | MS_REC, NULL) < 0)
			return nsx_fail(err, errno, "bind %s onto itself",
					NETNS_RUN_DIR);
		made = true;
	}
	return 0;
}

/* The empty file a namespace is bound onto; never an existing one. */
static int netns_file_create(const char *name, char *path, size_t size,
			     struct nsx_err *err)
{
	int fd, r = netns_name_check(name, err);

	if (r < 0)
		return r;
	r = netns_dir_prepare(err);
	if (r < 0)
		return r;
	netns_path(path, size, name);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		if (errno == EEXIST)
			return nsx_failx(err, EEXIST, "%s already exists",
					 path);
		return nsx_fail(err, errno, "create %s", path);
	}
	close(fd);
	return 0;
}

static int netns_bind(const char *source, const char *path,
		      struct nsx_err *err)
{
	int e;

	if (mount(source, path, "none", MS_BIND, NULL) == 0)
		return 0;
	e = errno;
	unlink(path);
	return nsx_fail(err, e, "bind the namespace onto %s", path);
}

int netns_attach(const char *name, int nsfd, struct nsx_err *err)
{
	char path[PATH_MAX], source[64];
	int r = netns_file_create(name, path, sizeof(path), err);

	if (r < 0)
		return r;
	snprintf(source, sizeof(source), "/proc/self/fd/%d", nsfd);
	return netns_bind(source, path, err);
}

int netns_add(const char *name, struct nsx_err *err)
{
	_cleanup_close_ int saved = -1;
	char path[PATH_MAX];
	int r = netns_file_create(name, path, sizeof(path), err);

	if (r < 0)
		return r;
	/* Make the namespace by moving into a new one, bind it, come back. */
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0) {
		r = nsx_fail(err, errno, "open our network namespace");
		unlink(path);
		return r;
	}
	if (unshare(CLONE_NEWNET) < 0) {
		r = nsx_fail(err, errno, "create a network namespace");
		unlink(path);
		return r;
	}
	r = netns_bind("/proc/thread-self/ns/net", path, err);
	if (setns(saved, CLONE_NEWNET) < 0 && r == 0) {
		r = nsx_fail(err, errno, "return to our network namespace");
		umount2(path, MNT_DETACH);
		unlink(path);
	}
	return r;
}

int netns_del(const char *name, struct nsx_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	int r = netns_name_check(name, err);

	if (r < 0)
		return r;
	netns_path(path, sizeof(path), name);
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return nsx_failx(err, ENOENT, "no such name (%s)", path);
		return nsx_fail(err, errno, "%s", path);
	}
	/* A name file whose mount went away is still removed. */
	umount2(path, MNT_DETACH);
	if (unlink(path) < 0)
		return nsx_fail(err, errno, "remove %s", path);
	return 0;
}

void netns_names_free(struct netns_names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->name[i]);
	free(names->name);
	*names = (struct netns_names){ 0 };
}

/* gcc 12's -fanalyzer follows one turn of the loop that frees an array of
 * strings, then calls the strings leaked: it is told not to say so here. */
#ifndef __clang__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
int netns_names_read(struct netns_names *names, struct nsx_err *err)
{
	/* Built in locals and handed over at the end: nothing half-made is
	 * ever seen through names. */
	struct netns_names got = { 0 };
	size_t cap = 0;
	struct dirent *d;
	DIR *dir;

	*names = got;
	dir = opendir(NETNS_RUN_DIR);
	if (!dir)
		return errno == ENOENT ? 0 : nsx_fail(err, errno, "%s",
						      NETNS_RUN_DIR);
	while ((d = readdir(dir))) {
		char *copy;

		if (streq(d->d_name, ".") || streq(d->d_name, ".."))
			continue;
		if (got.n == cap) {
			char **v = realloc(got.name, (cap = cap ? cap * 2 : 64) *
							     sizeof(*v));

			if (!v)
				goto nomem;
			got.name = v;
		}
		copy = strdup(d->d_name);
		if (!copy)
			goto nomem;
		got.name[got.n++] = copy;
	}
	closedir(dir);
	*names = got;
	return 0;
nomem:
	closedir(dir);
	netns_names_free(&got);
	return nsx_fail(err, ENOMEM, "%s", NETNS_RUN_DIR);
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

int netns_identify(ino_t ino, dev_t dev,
		   int (*fn)(const char *name, void *data), void *data,
		   struct nsx_err *err)
{
	struct dirent *d;
	struct stat st;
	DIR *dir = opendir(NETNS_RUN_DIR);
	int r = 0;

	if (!dir)
		return errno == ENOENT ? 0 : nsx_fail(err, errno, "%s",
						      NETNS_RUN_DIR);
	while (r == 0 && (d = readdir(dir))) {
		if (d->d_name[0] == '.' &&
		    (!d->d_name[1] || streq(d->d_name, "..")))
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, 0) == 0 &&
		    st.st_ino == ino && st.st_dev == dev)
			r = fn(d->d_name, data);
	}
	closedir(dir);
	return r;
}

static volatile sig_atomic_t monitor_stop;

static void monitor_on_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

/* Ctrl-C or kill ends the watch like its end of input: nsx closes what
 * it holds and exits 0, as a reader of a stream would. */
static void monitor_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = monitor_on_signal };
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP };

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

int netns_monitor(int (*fn)(bool added, const char *name, void *data),
		  void *data, struct nsx_err *err)
{
	_Alignas(struct inotify_event) char buf[64 * 1024];
	_cleanup_close_ int fd = -1;

	monitor_catch_signals();

	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST)
		return nsx_fail(err, errno, "create %s", NETNS_RUN_DIR);
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0)
		return nsx_fail(err, errno, "inotify");
	if (inotify_add_watch(fd, NETNS_RUN_DIR, IN_CREATE | IN_DELETE) < 0)
		return nsx_fail(err, errno, "watch %s", NETNS_RUN_DIR);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (monitor_stop)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return nsx_fail(err, n < 0 ? errno : EIO, "read events");
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			int r = 0;

			if (ev->len && (ev->mask & IN_CREATE))
				r = fn(true, ev->name, data);
			if (r == 0 && ev->len && (ev->mask & IN_DELETE))
				r = fn(false, ev->name, data);
			if (r)
				return 0;
			p += sizeof(*ev) + ev->len;
		}
	}
}

/* /etc/netns/NAME/FILE over /etc/FILE, for each FILE there. */
static void netns_bind_etc(const char *name,
			   void (*warn)(const struct nsx_err *e))
{
	char dir[PATH_MAX], from[PATH_MAX + NAME_MAX + 2], to[NAME_MAX + 8];
	struct nsx_err e = { 0 };
	struct dirent *d;
	DIR *etc;

	snprintf(dir, sizeof(dir), "%s/%s", NETNS_ETC_DIR, name);
	etc = opendir(dir);
	if (!etc)
		return;
	while ((d = readdir(etc))) {
		if (streq(d->d_name, ".") || streq(d->d_name, ".."))
			continue;
		snprintf(from, sizeof(from), "%s/%s", dir, d->d_name);
		snprintf(to, sizeof(to), "/etc/%s", d->d_name);
		if (mount(from, to, "none", MS_BIND, NULL) < 0 && warn) {
			nsx_fail(&e, errno, "bind %s over %s", from, to);
			warn(&e);
		}
	}
	closedir(etc);
}

int netns_switch(const char *name, int nsfd,
		 void (*warn)(const struct nsx_err *e), struct nsx_err *err)
{
	unsigned long flags = 0;
	struct statvfs sv;

	if (setns(nsfd, CLONE_NEWNET) < 0)
		return nsx_fail(err, errno, "enter the network namespace");
	if (unshare(CLONE_NEWNS) < 0)
		return nsx_fail(err, errno, "create a mount namespace");
	/* Nothing mounted from here on may propagate back to the host. */
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		return nsx_fail(err, errno, "make / a slave mount");
	/* A sysfs shows the network devices of the namespace that mounts it.
	 * A /sys that cannot be unmounted is covered, read-only if it was. */
	if (umount2("/sys", MNT_DETACH) < 0 && statvfs("/sys", &sv) == 0 &&
	    (sv.f_flag & ST_RDONLY))
		flags = MS_RDONLY;
	if (mount(name, "/sys", "sysfs", flags, NULL) < 0)
		return nsx_fail(err, errno, "mount /sys");
	netns_bind_etc(name, warn);
	return 0;
}
