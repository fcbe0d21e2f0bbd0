/* util.h - error reporting, cleanup attributes and strict parsers */
#ifndef NSX_UTIL_H
#define NSX_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NSX_ERR_MAX 512

/* err->code of a parse error that is a usage error (exit 2): a word the
 * command does not know, or one missing. Bad values are EINVAL (exit 1). */
#define NSX_EUSAGE ENOMSG

/*
 * Modules never print and never exit: they return -errno and leave the
 * user-facing text here, "<what>: <why>". Commands print it with report().
 */
struct nsx_err {
	int code;
	char msg[NSX_ERR_MAX];
	/* The kernel refused the request (an rtnetlink error): the network
	 * commands exit 2 then, as ip does. Cleared by nsx_fail(x). */
	bool kernel;
};

/* Set err to "<fmt...>: strerror(errnum)"; returns -errnum. */
int nsx_fail(struct nsx_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set err to "<fmt...>" only; returns -errnum. */
int nsx_failx(struct nsx_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefix the message already in err with "<fmt...>: "; returns -err->code. */
int nsx_wrap(struct nsx_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print "nsx: <msg>" on stderr; returns 1 (the commands' error status). */
int report(const struct nsx_err *err);
/* Print "nsx: <fmt...>" on stderr. */
void nsx_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "nsx: <fmt...>" and a hint to use --help; returns 2 (usage). */
int nsx_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Flush stdout and report a write error (full disk, closed pipe). */
int nsx_close_stdout(int status);

/* Strict whole-string unsigned parse in [0, max]; -EINVAL or -ERANGE. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* A PID: decimal, 1..INT_MAX, nothing else. */
int parse_pid(const char *s, int *pid);

/* Copy with truncation check: -ENAMETOOLONG when src does not fit. */
int nsx_strlcpy(char *dst, const char *src, size_t size);

/* Read a whole small file (under the given dirfd) into buf, NUL-terminated. */
ssize_t read_file_at(int dirfd, const char *path, char *buf, size_t size);

/* The string that the closest of words[] to word, or NULL (edit distance). */
const char *nsx_closest(const char *word, const char *const *words);

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
static inline void freep(void *p)
{
	free(*(void **)p);
}
static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_close_ __attribute__((cleanup(closep)))
#define _cleanup_free_ __attribute__((cleanup(freep)))
#define _cleanup_fclose_ __attribute__((cleanup(fclosep)))

/* Hand an fd out of a _cleanup_close_ variable. */
static inline int take_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define streq(a, b) (strcmp((a), (b)) == 0)

#endif
