/*
 * fuzz_ids.c - /etc/passwd and /etc/group as a container would write them
 *
 * Input: the user name to look up, a newline, the group name, a newline,
 * the passwd text, then optionally a line "%%" and the group text. The
 * files are written into a scratch root (sandbox.h) and read by ids.c
 * through that root's fd, as nsx reads a target's. Each answer is checked
 * against a plain reading of the same text: the first line (not #, + or -)
 * whose name matches decides, a line with a NUL byte or longer than ids.c's
 * buffer is not an entry, and an empty name matches nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nsx/lib/ids.h"
#include "sandbox.h"

#define MAX_FIELDS 8
#define ROOM 8

static int root = -1, passwd_fd = -1, group_fd = -1;
static int lowest_fd;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	root = sandbox_enter();
	sandbox_mkdir(root, "etc");
	passwd_fd = sandbox_file(root, "etc/passwd", NULL);
	group_fd = sandbox_file(root, "etc/group", NULL);
	lowest_fd = sandbox_lowest_fd();
	return 0;
}

static void put_file(int fd, const char *text, size_t len)
{
	if (ftruncate(fd, 0) < 0 ||
	    (len && pwrite(fd, text, len, 0) != (ssize_t)len))
		abort();
}

/* A line of text as the reference reads it: fields split on ':', the last
 * keeping any further colons. */
struct ref_line {
	char buf[8192]; /* ids.c's DB_LINE: longer lines are skipped */
	char *field[MAX_FIELDS];
	size_t n;
};

/* Find the first line whose field key equals value; 1 when found. */
static int ref_find(const char *text, size_t len, size_t max, size_t key,
		    const char *value, struct ref_line *l, size_t *pos)
{
	while (*pos < len) {
		const char *start = text + *pos;
		const char *nl = memchr(start, '\n', len - *pos);
		size_t n = nl ? (size_t)(nl - start) : len - *pos;
		char *p;

		*pos += n + (nl ? 1 : 0);
		if (n >= sizeof(l->buf) || memchr(start, '\0', n) || n == 0 ||
		    start[0] == '#' || start[0] == '+' || start[0] == '-')
			continue;
		memcpy(l->buf, start, n);
		l->buf[n] = '\0';
		l->n = 0;
		for (p = l->buf; l->n < max;) {
			l->field[l->n++] = p;
			p = strchr(p, ':');
			if (!p)
				break;
			*p++ = '\0';
		}
		if (l->n > key && (!value || strcmp(l->field[key], value) == 0))
			return 1;
	}
	return 0;
}

static int ref_id(const char *s, unsigned *id)
{
	unsigned long long v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > 4294967294ULL)
			return -1;
	}
	*id = (unsigned)v;
	return 0;
}

static bool ref_member(const char *list, const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return false;
	for (const char *p = list;;) {
		size_t n = strcspn(p, ",");

		if (n == len && !strncmp(p, name, len))
			return true;
		if (!p[n])
			return false;
		p += n + 1;
	}
}

static void check_err(int r, const struct nsx_err *err)
{
	if (r < 0 && (r != -err->code || !err->msg[0] ||
		      !memchr(err->msg, '\0', sizeof(err->msg))))
		abort();
}

static void check_user(const char *pw, size_t len, const char *name,
		       uid_t *found)
{
	static struct ref_line l;
	struct nsx_err err = { 0 };
	unsigned u = 0, g = 0;
	uid_t uid = 0;
	gid_t gid = 0;
	size_t pos = 0;
	int r = ids_user(root, name, &uid, &gid, &err), want;

	check_err(r, &err);
	if (!name[0])
		want = -EINVAL;
	else if (!ref_find(pw, len, 7, 0, name, &l, &pos))
		want = -ENOENT;
	else if (l.n < 4 || ref_id(l.field[2], &u) || ref_id(l.field[3], &g))
		want = -EINVAL;
	else
		want = 0;
	if (r != want || (r == 0 && (uid != u || gid != g))) {
		fprintf(stderr, "ids_user(%s) = %d (%u:%u), expected %d\n",
			name, r, (unsigned)uid, (unsigned)gid, want);
		abort();
	}
	*found = r == 0 ? uid : 0;
}

static void check_group(const char *gr, size_t len, const char *name)
{
	static struct ref_line l;
	struct nsx_err err = { 0 };
	gid_t gid = 0;
	unsigned g = 0;
	size_t pos = 0;
	int r = ids_group(root, name, &gid, &err), want;

	check_err(r, &err);
	if (!name[0])
		want = -EINVAL;
	else if (!ref_find(gr, len, 4, 0, name, &l, &pos))
		want = -ENOENT;
	else if (l.n < 3 || ref_id(l.field[2], &g))
		want = -EINVAL;
	else
		want = 0;
	if (r != want || (r == 0 && gid != g)) {
		fprintf(stderr, "ids_group(%s) = %d (%u), expected %d\n", name,
			r, (unsigned)gid, want);
		abort();
	}
}

static void check_groups(const char *gr, size_t len, const char *user)
{
	static struct ref_line l;
	struct nsx_err err = { 0 };
	gid_t groups[ROOM], want[ROOM + 1], primary = 4242;
	size_t n = ROOM, count = 0, pos = 0;
	unsigned g = 0;
	int r = ids_user_groups(root, user, primary, groups, &n, &err);

	check_err(r, &err);
	want[count++] = primary;
	while (count <= ROOM && ref_find(gr, len, 4, 0, NULL, &l, &pos)) {
		if (l.n < 4 || ref_id(l.field[2], &g) || g == primary ||
		    !ref_member(l.field[3], user))
			continue;
		want[count++] = g;
	}
	if (count > ROOM ? r != -ENOSPC
			 : (r != 0 || n != count ||
			    memcmp(groups, want, count * sizeof(gid_t)))) {
		fprintf(stderr, "ids_user_groups(%s) = %d, %zu groups, "
			"expected %zu\n", user, r, n, count);
		abort();
	}
}

static void check_user_name(const char *pw, size_t len, uid_t uid)
{
	static struct ref_line l;
	char name[16], key[16];
	size_t pos = 0;
	int r = ids_user_name(root, uid, name, sizeof(name)), want;

	snprintf(key, sizeof(key), "%u", (unsigned)uid);
	if (!ref_find(pw, len, 7, 2, key, &l, &pos))
		want = -ENOENT;
	else if (strlen(l.field[0]) >= sizeof(name))
		want = -ENAMETOOLONG;
	else
		want = 0;
	if (r != want || (r == 0 && strcmp(name, l.field[0]))) {
		fprintf(stderr, "ids_user_name(%u) = %d, expected %d\n",
			(unsigned)uid, r, want);
		abort();
	}
}

/* Take the next line of the input as a string (no NUL inside). */
static char *take_line(const uint8_t **data, size_t *size)
{
	const uint8_t *nl = memchr(*data, '\n', *size);
	size_t n = nl ? (size_t)(nl - *data) : *size;
	char *s = strndup((const char *)*data, n);

	*data += n + (nl ? 1 : 0);
	*size -= n + (nl ? 1 : 0);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *user = take_line(&data, &size), *group = take_line(&data, &size);
	const char *pw = (const char *)data, *gr = "";
	size_t pw_len = size, gr_len = 0;
	const uint8_t *sep = memmem(data, size, "\n%%\n", 4);
	uid_t uid;

	if (!user || !group)
		abort();
	if (sep) {
		pw_len = (size_t)(sep - data) + 1;
		gr = (const char *)sep + 4;
		gr_len = size - pw_len - 3;
	}
	put_file(passwd_fd, pw, pw_len);
	put_file(group_fd, gr, gr_len);
	check_user(pw, pw_len, user, &uid);
	check_group(gr, gr_len, group);
	check_groups(gr, gr_len, user);
	check_user_name(pw, pw_len, uid);
	free(user);
	free(group);
	if (sandbox_lowest_fd() != lowest_fd)
		abort();
	return 0;
}
