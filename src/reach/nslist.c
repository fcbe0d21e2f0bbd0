/* nslist.c - the network namespaces reach looks into: A and B, nsx's own,
 * and each one named in /run/netns or /run/docker/netns (bridges and
 * routers live there). Each passes the same checks as a TARGET. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

#include "nsx/lib/ns.h"
#include "nsx/target/target.h"
#include "reach_int.h"

static int rns_find_ino(const struct rctx *c, ino_t ino)
{
	for (int i = 0; i < c->n; i++)
		if (c->ns[i].ino == ino)
			return i;
	return -1;
}

/* Take fd as a new namespace (or the one with its inode); its index. */
static int rns_take(struct rctx *c, int fd, const char *spec,
		    const char *name, struct nsx_err *err)
{
	struct stat st;
	struct rns *n;
	int i;

	if (fstat(fd, &st) < 0) {
		close(fd);
		return nsx_fail(err, errno, "%s", spec);
	}
	i = rns_find_ino(c, st.st_ino);
	if (i >= 0) {
		close(fd);
		if (name && !c->ns[i].name[0] && !c->ns[i].self)
			nsx_strlcpy(c->ns[i].name, name, sizeof(c->ns[i].name));
		return i;
	}
	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 16;
		struct rns *g = cap <= RNS_MAX ?
			realloc(c->ns, (size_t)cap * sizeof(*g)) : NULL;

		if (!g) {
			close(fd);
			return nsx_failx(err, E2BIG, "%s: too many namespaces",
					 spec);
		}
		c->ns = g, c->cap = cap;
	}
	n = &c->ns[c->n];
	*n = (struct rns){ .fd = fd, .ino = st.st_ino, .nports = -1 };
	n->self = ns_fd_is_self(fd, NS_NET);
	if (name && !n->self)
		nsx_strlcpy(n->name, name, sizeof(n->name));
	snprintf(n->spec, sizeof(n->spec), "%s", spec);
	snprintf(n->label, sizeof(n->label), "%s",
		 n->self ? "this namespace" : name ? name : spec);
	return c->n++;
}

int rns_add_target(struct rctx *c, const char *spec, struct nsx_err *err)
{
	const struct nl_guard *g = c->req->guard;
	struct target t;
	int fd;

	if (target_resolve(spec, &t, err) < 0)
		return -err->code;
	if (g && g->check && g->check(&t, false, err) < 0) {
		target_release(&t);
		return -err->code;
	}
	fd = target_open_ns(&t, NS_NET, err);
	if (fd >= 0)
		fd = rns_take(c, fd, spec,
			      streq(t.source, "netns") ? t.name : NULL, err);
	if (fd >= 0)
		c->ns[fd].allowed = 1;
	target_release(&t);
	return fd;
}

/*
 * A namespace by its file, opened as the caller: knowing which namespace
 * a veth's peer is in takes no look inside. The checks run when nsx first
 * reads inside it (rns_allowed), so a setuid nsx asks the policy about
 * the namespaces on the way, not about every one on the host.
 */
static void rns_add_path(struct rctx *c, const char *path, const char *name)
{
	struct nsx_err err = { 0 };
	struct stat st;
	int fd, i;

	/* Known already: only the name is new. */
	if (stat(path, &st) == 0 && (i = rns_find_ino(c, st.st_ino)) >= 0) {
		if (name && !c->ns[i].name[0] && !c->ns[i].self)
			nsx_strlcpy(c->ns[i].name, name, sizeof(c->ns[i].name));
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (ns_fd_type(fd, &err) != CLONE_NEWNET) {
		close(fd);
		return;
	}
	rns_take(c, fd, path, name, &err);
}

bool rns_allowed(struct rctx *c, int i)
{
	const struct nl_guard *g = c->req->guard;
	struct rns *n = &c->ns[i];
	struct nsx_err err = { 0 };
	char spec[PATH_MAX + 8];
	struct target t;
	struct stat st;

	if (n->allowed)
		return n->allowed > 0;
	n->allowed = 1;
	if (!g || !g->check || n->self)
		return true;
	n->allowed = -1;
	snprintf(spec, sizeof(spec), "path:%s", n->spec);
	if (target_resolve(spec, &t, &err) < 0)
		return false;
	/* The namespace judged must be the one held: a name may have been
	 * moved to another since it was opened. */
	if (g->check(&t, false, &err) == 0 && t.kind == TARGET_NSFS &&
	    fstat(t.nsfd, &st) == 0 && st.st_ino == n->ino)
		n->allowed = 1;
	target_release(&t);
	if (n->allowed < 0)
		rnote(c, "not permitted to look into %s", n->label);
	return n->allowed > 0;
}

static void rns_add_dir(struct rctx *c, const char *dir, bool named)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	if (!d)
		return;
	while ((e = readdir(d)) && c->n < RNS_MAX) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		rns_add_path(c, path, named ? e->d_name : NULL);
	}
	closedir(d);
}

void rns_add_named(struct rctx *c)
{
	rns_add_path(c, "/proc/thread-self/ns/net", NULL);
	rns_add_dir(c, "/run/netns", true);
	rns_add_dir(c, "/run/docker/netns", false);
	if (c->n >= RNS_MAX)
		rnote(c, "only the first %d network namespaces were looked at",
		      c->n);
}

/* s as one shell word: as it is when it is plain, else in quotes. */
const char *rquote(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	if (s[0] && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
			   "TUVWXYZ0123456789_.:/@%+=,-") == strlen(s))
		return s;
	buf[o++] = '\'';
	for (; *s && o + 6 < size; s++) {
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}
