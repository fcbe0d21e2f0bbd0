/* ids.c - parse passwd and group files as text, inside a target's root */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include "nsx/lib/ids.h"

#define DB_MAX (4 << 20)
#define DB_LINE 8192

/* Open a file under root_fd; RESOLVE_IN_ROOT keeps symlinks inside it. */
static FILE *db_open(int root_fd, const char *path)
{
	struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
				.resolve = RESOLVE_IN_ROOT |
					   RESOLVE_NO_MAGICLINKS };
	int fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "re");
	if (!f)
		close(fd);
	return f;
}

/*
 * Read the next entry of f into line (DB_LINE bytes), without its newline.
 * Comments, NIS lines (+, -), empty lines, and lines with a NUL byte or
 * longer than the buffer are skipped whole: the tail of a long line must
 * never pass for an entry of its own. Returns 1, 0 at the end, or -errno.
 */
static int db_next(FILE *f, char *line, size_t *total)
{
	for (;;) {
		bool bad = false;
		size_t n = 0;
		int c;

		while ((c = getc_unlocked(f)) != EOF && c != '\n') {
			if (++*total > DB_MAX)
				return -EFBIG;
			if (c == '\0' || n + 1 >= DB_LINE)
				bad = true;
			else
				line[n++] = (char)c;
		}
		line[n] = '\0';
		if (!bad && n > 0 && !strchr("#+-", line[0]))
			return 1;
		if (c == EOF)
			return ferror(f) ? -EIO : 0;
		++*total;
	}
}

/* Split a colon-separated line into at most max fields, in place. */
static size_t split_fields(char *line, char **field, size_t max)
{
	size_t n = 0;

	while (n < max) {
		field[n++] = line;
		line = strchr(line, ':');
		if (!line)
			break;
		*line++ = '\0';
	}
	return n;
}

static int parse_id(const char *s, unsigned *id)
{
	unsigned long v;

	/* (uid_t)-1 means "unchanged" to setresuid: never a real id. */
	if (parse_ulong(s, UINT_MAX - 1, &v) < 0)
		return -EINVAL;
	*id = (unsigned)v;
	return 0;
}

/*
 * Find the line of db whose field key_field equals key; fields[] gets its
 * fields. Returns the number of fields, 0 when not found, -errno.
 */
static int db_find(FILE *f, size_t key_field, const char *key, char *line,
		   char **fields, size_t max)
{
	size_t total = 0;
	int r;

	while ((r = db_next(f, line, &total)) > 0) {
		size_t n = split_fields(line, fields, max);

		if (n > key_field && streq(fields[key_field], key))
			return (int)n;
	}
	return r;
}

int ids_user(int root_fd, const char *name, uid_t *uid, gid_t *gid,
	     struct nsx_err *err)
{
	_cleanup_fclose_ FILE *f = db_open(root_fd, "/etc/passwd");
	char line[DB_LINE], *fld[7];
	unsigned u, g;
	int n;

	if (!name[0])
		return nsx_failx(err, EINVAL, "empty user name");
	if (!f)
		return nsx_fail(err, errno, "user %s: /etc/passwd", name);
	n = db_find(f, 0, name, line, fld, 7);
	if (n < 0)
		return nsx_fail(err, -n, "user %s: /etc/passwd", name);
	if (n == 0)
		return nsx_failx(err, ENOENT,
				 "user %s: no such user in the target's "
				 "/etc/passwd", name);
	if (n < 4 || parse_id(fld[2], &u) < 0 || parse_id(fld[3], &g) < 0)
		return nsx_failx(err, EINVAL,
				 "user %s: malformed entry in /etc/passwd",
				 name);
	*uid = u;
	*gid = g;
	return 0;
}

int ids_group(int root_fd, const char *name, gid_t *gid, struct nsx_err *err)
{
	_cleanup_fclose_ FILE *f = db_open(root_fd, "/etc/group");
	char line[DB_LINE], *fld[4];
	unsigned g;
	int n;

	if (!name[0])
		return nsx_failx(err, EINVAL, "empty group name");
	if (!f)
		return nsx_fail(err, errno, "group %s: /etc/group", name);
	n = db_find(f, 0, name, line, fld, 4);
	if (n < 0)
		return nsx_fail(err, -n, "group %s: /etc/group", name);
	if (n == 0)
		return nsx_failx(err, ENOENT,
				 "group %s: no such group in the target's "
				 "/etc/group", name);
	if (n < 3 || parse_id(fld[2], &g) < 0)
		return nsx_failx(err, EINVAL,
				 "group %s: malformed entry in /etc/group",
				 name);
	*gid = g;
	return 0;
}

static bool list_has(const char *list, const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return false; /* "a,,b" has no member named "" */
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, name, len))
			return true;
		p += n;
		if (*p)
			p++;
	}
	return false;
}

int ids_user_groups(int root_fd, const char *user, gid_t primary,
		    gid_t *groups, size_t *n, struct nsx_err *err)
{
	_cleanup_fclose_ FILE *f = db_open(root_fd, "/etc/group");
	char line[DB_LINE], *fld[4];
	size_t room = *n, count = 0, total = 0;
	unsigned g;
	int r = 0;

	if (room == 0)
		return nsx_failx(err, ENOSPC, "user %s: too many groups", user);
	groups[count++] = primary;
	while (f && (r = db_next(f, line, &total)) > 0) {
		if (split_fields(line, fld, 4) < 4 ||
		    parse_id(fld[2], &g) < 0 || g == primary ||
		    !list_has(fld[3], user))
			continue;
		if (count == room)
			return nsx_failx(err, ENOSPC,
					 "user %s: too many groups", user);
		groups[count++] = g;
	}
	if (r < 0)
		return nsx_fail(err, -r, "user %s: /etc/group", user);
	*n = count;
	return 0;
}

int ids_user_name(int root_fd, uid_t uid, char *name, size_t size)
{
	_cleanup_fclose_ FILE *f = db_open(root_fd, "/etc/passwd");
	char line[DB_LINE], *fld[7], key[16];
	int n;

	name[0] = '\0';
	if (!f)
		return -errno;
	snprintf(key, sizeof(key), "%u", (unsigned)uid);
	n = db_find(f, 2, key, line, fld, 7);
	if (n <= 0)
		return n ? n : -ENOENT;
	return nsx_strlcpy(name, fld[0], size);
}
