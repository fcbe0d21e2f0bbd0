/* proc_pid.c - one process's files: its namespaces and its command line */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include "nsx/lib/ns.h"
#include "nsx/scan/proc.h"
#include "proc_int.h"

int proc_each_pid_in(int type, ino_t ino, int (*fn)(pid_t pid, void *data),
		     void *data, struct nsx_err *err)
{
	char path[NAME_MAX + 32];
	struct dirent *d;
	struct stat st;
	DIR *dir = opendir("/proc");
	int r = 0;

	if (!dir)
		return nsx_fail(err, errno, "/proc");
	while (r == 0 && (d = readdir(dir))) {
		pid_t pid = proc_name_pid(d->d_name);

		if (!pid)
			continue;
		snprintf(path, sizeof(path), "%s/ns/%s", d->d_name,
			 ns_types[type].name);
		if (fstatat(dirfd(dir), path, &st, 0) == 0 &&
		    st.st_ino == ino)
			r = fn(pid, data);
	}
	closedir(dir);
	return r;
}

/* One read: a command line longer than the buffer is cut, not re-read. */
static ssize_t read_once(const char *path, char *buf, size_t size)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return n;
}

int proc_program(int procfd, const char *pid, char *buf, size_t size)
{
	char path[NAME_MAX + 32], exe[PATH_MAX];
	ssize_t len;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/exe", pid);
	len = readlinkat(procfd, path, exe, sizeof(exe) - 1);
	if (len > 0) {
		const char *base;

		exe[len] = '\0';
		base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
		len = (ssize_t)strnlen(base, size - 1);
		memcpy(buf, base, (size_t)len);
		buf[len] = '\0';
		return 0;
	}
	if (len == 0 || errno != EACCES)
		return len == 0 ? -ENOENT : -errno;
	snprintf(path, sizeof(path), "%s/comm", pid);
	if (read_file_at(procfd, path, buf, size) > 0)
		buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int proc_command(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = read_once(path, buf, size);
	if (n > 0) {
		/* Arguments are NUL-separated, and a trailing NUL ends them. */
		while (n > 0 && buf[n - 1] == '\0')
			n--;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\0')
				buf[i] = ' ';
		buf[n] = '\0';
		if (n)
			return 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	if (size < 3 || read_file_at(AT_FDCWD, path, buf + 1, size - 2) <= 0) {
		buf[0] = '\0';
		return -ENOENT;
	}
	buf[0] = '[';
	buf[strcspn(buf, "\n")] = '\0';
	strcat(buf, "]");
	return 0;
}
