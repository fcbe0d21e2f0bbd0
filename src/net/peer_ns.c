/* peer_ns.c - which namespace a NETNSID names: candidates, cheapest first */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "nsx/lib/ns.h"
#include "nsx/net/netns.h"
#include "nsx/net/peer.h"
#include "peer_int.h"

/* Directories of named network namespaces, as the resolver's. */
static const struct {
	const char *source;
	const char *dir;
} peer_dirs[] = {
	{ "netns", "/run/netns" },
	{ "docker-netns", "/run/docker/netns" },
};

/* gcc 12's -fanalyzer loses strings stored into an array of the struct
 * the caller owns (peers_free frees them) and calls them leaked: it is
 * told not to say so for the two functions that store them. */
#ifndef __clang__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
int peer_ns_add_name(struct peer_ns *ns, const char *name, bool first)
{
	char *copy;

	if (ns->nnames == ARRAY_SIZE(ns->names))
		return 0;
	for (size_t i = 0; i < ns->nnames; i++)
		if (streq(ns->names[i], name))
			return 0;
	copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	if (first) {
		memmove(ns->names + 1, ns->names, ns->nnames * sizeof(char *));
		ns->names[0] = copy;
	} else {
		ns->names[ns->nnames] = copy;
	}
	ns->nnames++;
	return 0;
}

static struct peer_ns *wanted(struct peer_search *s, int id)
{
	for (size_t i = 0; id >= 0 && i < s->nns; i++)
		if (s->ns[i].nsid == id)
			return &s->ns[i];
	return NULL;
}

/* Read the far ends' names in a namespace just found by candidate c. */
static void names_of(struct peer_search *s, const struct peer_cand *c,
		     const struct peer_ns *ns)
{
	_cleanup_close_ int fd = -1;
	char path[64];
	struct stat st;

	if (c->self) {
		peer_names_in(s, (size_t)(ns - s->ns), -1);
		return;
	}
	if (c->fd >= 0) {
		peer_names_in(s, (size_t)(ns - s->ns), c->fd);
		return;
	}
	/* By PID: the process must still be in the namespace asked about. */
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)c->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == ns->ino)
		peer_names_in(s, (size_t)(ns - s->ns), fd);
}

/* The answers of one batch: note where each wanted id was found. */
static int search_batch(struct peer_search *s, struct nsx_err *err)
{
	int r = s->nq ? netns_ids_batch(s->nl, s->q, s->nq, err) : 0, home;

	for (size_t i = 0; r >= 0 && i < s->nq; i++) {
		struct peer_cand *c = &s->cand[i];
		struct peer_ns *ns = wanted(s, s->q[i].id);
		struct stat st;

		if (!ns || (ns->ino && ns->ino != c->ino && c->ino))
			continue;
		if (!c->ino && c->fd >= 0 && fstat(c->fd, &st) == 0)
			c->ino = st.st_ino;
		if (!c->ino)
			continue;
		if (!ns->ino) {
			ns->ino = c->ino;
			ns->pid = c->self ? 0 : c->pid;
			ns->self = c->self;
			s->left--;
			if (s->names)
				names_of(s, c, ns);
		}
		if (c->name[0] && peer_ns_add_name(ns, c->name, false) < 0)
			r = nsx_fail(err, ENOMEM, "peer");
		if (c->path && !ns->path)
			ns->path = strdup(c->path);
	}
	for (size_t i = 0; i < s->nq; i++) {
		free(s->cand[i].path);
		closep(&s->cand[i].fd);
		s->cand[i] = (struct peer_cand){ .fd = -1 };
	}
	s->nq = 0;
	/* Back home even after an error: that one matters most. */
	home = peer_names_home(s, err);
	if (home < 0)
		return home;
	return r < 0 ? r : 0;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

/* Queue one candidate; a full batch is asked at once. A file is opened
 * here, and kept open for the batch: its names are read through it. */
static int search_add(struct peer_search *s, const struct peer_cand *c,
		      struct nsx_err *err)
{
	struct peer_cand *q = &s->cand[s->nq];

	*q = *c;
	q->fd = -1;
	if (c->path) {
		q->fd = open(c->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		/* Gone meanwhile: nothing to ask. */
		if (q->fd < 0) {
			free(q->path);
			return 0;
		}
	}
	s->q[s->nq] = (struct netns_idq){ .fd = q->fd, .pid = c->pid };
	if (++s->nq < NETNS_ID_BATCH)
		return 0;
	return search_batch(s, err);
}

static int search_dir(struct peer_search *s, size_t k, struct nsx_err *err)
{
	DIR *d = opendir(peer_dirs[k].dir);
	struct dirent *e;
	int r = 0;

	if (!d)
		return 0;
	while (r == 0 && s->left && (e = readdir(d))) {
		struct peer_cand c = { 0 };

		if (e->d_name[0] == '.')
			continue;
		snprintf(c.name, sizeof(c.name), "%s:%s", peer_dirs[k].source,
			 e->d_name);
		if (asprintf(&c.path, "%s/%s", peer_dirs[k].dir, e->d_name) < 0) {
			r = nsx_fail(err, ENOMEM, "peer");
			break;
		}
		r = search_add(s, &c, err);
	}
	closedir(d);
	return r == 0 ? search_batch(s, err) : r;
}

/* Has the inode been met in /proc already? A small open hash. */
static bool seen(struct peer_search *s, ino_t ino)
{
	size_t i = (size_t)ino % PEER_SEEN;

	while (s->seen[i]) {
		if (s->seen[i] == ino)
			return true;
		i = (i + 1) % PEER_SEEN;
	}
	if (s->nseen + 1 < PEER_SEEN) {
		s->seen[i] = ino;
		s->nseen++;
	}
	return false;
}

/* One process of each network namespace, by PID: nothing is opened. */
static int search_proc(struct peer_search *s, struct nsx_err *err)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int r = 0;

	if (!d)
		return 0;
	while (r == 0 && s->left && (e = readdir(d))) {
		struct peer_cand c = { 0 };
		char path[64];
		struct stat st;
		int pid;

		if (parse_pid(e->d_name, &pid) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
		if (stat(path, &st) < 0 || seen(s, st.st_ino))
			continue;
		c.pid = pid;
		c.ino = st.st_ino;
		r = search_add(s, &c, err);
	}
	closedir(d);
	return r == 0 ? search_batch(s, err) : r;
}

int peer_search_run(struct peer_search *s, struct nsx_err *err)
{
	struct peer_cand self = { .pid = getpid(), .self = true,
				  .ino = ns_self_ino(NS_NET) };
	int r;

	s->left = s->nns;
	s->home = -1;
	s->away = false;
	if (!s->left)
		return 0;
	s->seen[0] = 0;
	r = search_add(s, &self, err);
	if (r == 0)
		r = search_batch(s, err);
	seen(s, self.ino);
	for (size_t k = 0; r == 0 && s->left && k < ARRAY_SIZE(peer_dirs); k++)
		r = search_dir(s, k, err);
	if (r == 0 && s->left)
		r = search_proc(s, err);
	closep(&s->home);
	return r;
}

/* Is fd, as nl's namespace sees it, the namespace of id? */
static bool fd_has_id(struct nl *nl, int fd, int id, struct nsx_err *err)
{
	struct netns_idq q = { .fd = fd };

	return netns_ids_batch(nl, &q, 1, err) == 1 && q.id == id;
}

/* Open what the search found; asked again, so a namespace that changed
 * meanwhile (a PID reused) is not the one handed out. */
int peer_search_open(struct peer_search *s, const struct peer_ns *ns,
		     struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	char path[64];

	if (ns->self)
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	else if (!ns->path)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)ns->pid);
	fd = open(ns->path && !ns->self ? ns->path : path,
		  O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return nsx_fail(err, errno, "open %s",
				ns->path && !ns->self ? ns->path : path);
	if (!fd_has_id(s->nl, fd, ns->nsid, err))
		return nsx_failx(err, ESRCH, "the namespace changed meanwhile");
	return take_fd(&fd);
}
