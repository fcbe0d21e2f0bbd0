/* util.c - error reporting and small helpers shared by every module */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "nsx/lib/util.h"

static int vfail(struct nsx_err *err, int errnum, bool with_errno,
		 const char *fmt, va_list ap)
{
	/* Built aside: an argument may be err->msg itself, the message a
	 * caller is adding context to. */
	char msg[sizeof(err->msg)];
	int n;

	if (errnum <= 0)
		errnum = EINVAL;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (with_errno && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	memcpy(err->msg, msg, sizeof(msg));
	err->code = errnum;
	err->kernel = false;
	return -errnum;
}

int nsx_fail(struct nsx_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(err, errnum, true, fmt, ap);
	va_end(ap);
	return r;
}

int nsx_failx(struct nsx_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfail(err, errnum, false, fmt, ap);
	va_end(ap);
	return r;
}

int nsx_wrap(struct nsx_err *err, const char *fmt, ...)
{
	char prefix[NSX_ERR_MAX], both[2 * NSX_ERR_MAX + 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	snprintf(both, sizeof(both), "%s: %s", prefix, err->msg);
	snprintf(err->msg, sizeof(err->msg), "%.*s", NSX_ERR_MAX - 1, both);
	if (err->code <= 0)
		err->code = EINVAL;
	return -err->code;
}

int report(const struct nsx_err *err)
{
	fprintf(stderr, "nsx: %s\n", err->msg[0] ? err->msg : "unknown error");
	return 1;
}

void nsx_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("nsx: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int nsx_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("nsx: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'nsx %s%s--help')\n", cmd ? cmd : "",
		cmd ? " " : "");
	return 2;
}

int nsx_close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			nsx_warnx("write error: %s", strerror(errno));
		return status ? status : 1;
	}
	return status;
}

int parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_pid(const char *s, int *pid)
{
	unsigned long v;
	int r = parse_ulong(s, INT_MAX, &v);

	if (r < 0)
		return r;
	if (v == 0)
		return -ERANGE;
	*pid = (int)v;
	return 0;
}

int nsx_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(dst, src, n + 1);
	return 0;
}

ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -errno;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return (ssize_t)len;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[64], i, j;

	if (la >= ARRAY_SIZE(row) || lb >= ARRAY_SIZE(row))
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *nsx_closest(const char *word, const char *const *words)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;

	for (; *words; words++) {
		size_t d = edit_distance(word, *words);

		if (d < best_d) {
			best_d = d;
			best = *words;
		}
	}
	/* Only suggest when the typo is small compared with the word. */
	if (best && best_d <= 2 && best_d < strlen(word))
		return best;
	return NULL;
}
