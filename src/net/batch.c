/* batch.c - link/addr/route lines on one pipelined socket per namespace */
#include <errno.h>
#include <sys/stat.h>

#include "nsx/net/addr.h"
#include "nsx/net/batch.h"
#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/lib/ns.h"
#include "nsx/net/route.h"
#include "nsx/target/target.h"

/* Lines kept for undo before the batch waits for every answer. */
#define BATCH_UNDO_WINDOW 256

struct batch;

/* One kind of line: the parser and operations its module provides. */
struct batch_kind {
	const char *word;
	int (*parse)(int argc, char **argv, struct batch_req *q,
		     struct nsx_err *err);
	const char *(*target)(const struct batch_req *q);
	/* Can a done line be undone exactly? Only those are pipelined. */
	bool (*undoable)(const struct batch_req *q);
	int (*exec)(struct batch *b, struct nl *nl, const struct batch_req *q,
		    struct nsx_err *err);
	int (*undo)(struct nl *nl, const struct batch_req *q,
		    struct nsx_err *err);
};

struct batch_sock {
	struct nl nl;
	dev_t dev;
	ino_t ino;
};

struct batch_alias {
	char spec[LINK_SPEC_MAX];
	size_t sock;
};

enum done_state { DONE_PENDING, DONE_OK, DONE_FAILED };

/* A pipelined line, kept until it is known to be final. */
struct batch_done {
	int line;
	size_t sock;
	const struct batch_kind *kind;
	enum done_state state;
	struct batch_req req;
};

struct batch {
	bool force;
	const struct nl_guard *guard;
	batch_error_fn on_error;
	void *data;
	struct batch_sock **socks;
	size_t nsocks;
	struct batch_alias *aliases;
	size_t naliases;
	struct batch_done *done;
	size_t ndone;
	int line;            /* the line being run */
	int fail_line;       /* without force: the first line that failed */
	struct nsx_err fail_err;
	int errors;          /* with force: how many failed */
};

/* ---- the kinds of lines ---- */

static int not_a_change(const char *what, struct nsx_err *err)
{
	return nsx_failx(err, EINVAL, "%s changes nothing: a batch holds "
			 "changes (add, set, del, ...)", what);
}

static int link_parse_line(int argc, char **argv, struct batch_req *q,
			   struct nsx_err *err)
{
	int r = link_cmd_parse(argc, argv, &q->link, err);

	if (r == 0 && q->link.verb == LINK_SHOW)
		return not_a_change("link show", err);
	return r;
}

static const char *link_target(const struct batch_req *q)
{
	return q->link.target;
}

static bool link_undoable(const struct batch_req *q)
{
	return link_cmd_undoable(&q->link);
}

static int batch_ns(void *data, const char *spec, struct nsx_err *err);

static int link_exec(struct batch *b, struct nl *nl, const struct batch_req *q,
		     struct nsx_err *err)
{
	return link_cmd_exec(nl, &q->link, batch_ns, b, err);
}

static int link_undo(struct nl *nl, const struct batch_req *q,
		     struct nsx_err *err)
{
	return link_cmd_undo(nl, &q->link, err);
}

static int addr_parse_line(int argc, char **argv, struct batch_req *q,
			   struct nsx_err *err)
{
	int r = addr_cmd_parse(argc, argv, &q->addr, err);

	if (r == 0 && (q->addr.op == ADDR_SHOW || q->addr.opts.help))
		return not_a_change("addr show", err);
	return r;
}

static const char *addr_target(const struct batch_req *q)
{
	return q->addr.opts.target;
}

static bool addr_undoable(const struct batch_req *q)
{
	return q->addr.op == ADDR_ADD;
}

static int addr_exec(struct batch *b, struct nl *nl, const struct batch_req *q,
		     struct nsx_err *err)
{
	(void)b;
	return addr_apply(nl, &q->addr, err);
}

static int addr_undo(struct nl *nl, const struct batch_req *q,
		     struct nsx_err *err)
{
	struct addr_req del = q->addr;

	del.op = ADDR_DEL;
	return addr_apply(nl, &del, err);
}

static int route_parse_line(int argc, char **argv, struct batch_req *q,
			    struct nsx_err *err)
{
	int r = route_cmd_parse(argc, argv, &q->route, err);

	if (r == 0 && (q->route.op == ROUTE_SHOW || q->route.opts.help))
		return not_a_change("route show", err);
	if (r == 0 && q->route.op == ROUTE_GET)
		return not_a_change("route get", err);
	return r;
}

static const char *route_target(const struct batch_req *q)
{
	return q->route.opts.target;
}

static bool route_undoable(const struct batch_req *q)
{
	return q->route.op == ROUTE_ADD;
}

static int route_exec(struct batch *b, struct nl *nl, const struct batch_req *q,
		      struct nsx_err *err)
{
	(void)b;
	return route_apply(nl, &q->route, err);
}

static int route_undo(struct nl *nl, const struct batch_req *q,
		      struct nsx_err *err)
{
	struct route_req del = q->route;

	del.op = ROUTE_DEL;
	return route_apply(nl, &del, err);
}

static const struct batch_kind kinds[] = {
	[BATCH_LINK] = { "link", link_parse_line, link_target, link_undoable,
			 link_exec, link_undo },
	[BATCH_ADDR] = { "addr", addr_parse_line, addr_target, addr_undoable,
			 addr_exec, addr_undo },
	[BATCH_ROUTE] = { "route", route_parse_line, route_target,
			  route_undoable, route_exec, route_undo },
};

/* Words a batch line may start with, for suggestions. */
static const char *const kind_words[] = { "link", "addr", "route", "netns",
					  NULL };

/* The kind of a line by its first word: its enum batch_cmd, or -errno. */
static int kind_find(const char *word, struct nsx_err *err)
{
	const char *best;

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (streq(kinds[i].word, word))
			return (int)i;
	if (streq(word, "netns"))
		return nsx_failx(err, ENOTSUP, "netns lines are not supported "
				 "in a batch (link, addr and route lines are)");
	best = nsx_closest(word, kind_words);
	return nsx_failx(err, EINVAL, "unknown command '%s'%s%s%s", word,
			 best ? " (did you mean " : "", best ? best : "",
			 best ? "?)" : "");
}

int batch_parse_line(int argc, char **argv, struct batch_req *q,
		     struct nsx_err *err)
{
	int k;

	if (argc < 1)
		return nsx_failx(err, EINVAL, "empty line");
	k = kind_find(argv[0], err);
	if (k < 0)
		return k;
	q->cmd = (enum batch_cmd)k;
	return kinds[k].parse(argc, argv, q, err);
}

/* ---- failures ---- */

/* Without force, remember the earliest failing line; with force, say it. */
static void batch_fail(struct batch *b, int line, const struct nsx_err *err)
{
	if (b->force) {
		b->errors++;
		b->on_error(b->data, line, err);
		return;
	}
	if (!b->fail_line || line < b->fail_line) {
		b->fail_line = line;
		b->fail_err = *err;
	}
}

static bool batch_stopped(const struct batch *b)
{
	return !b->force && b->fail_line;
}

static struct batch_done *done_find(struct batch *b, int line)
{
	size_t lo = 0, hi = b->ndone;

	/* Lines are appended in order: search by halves. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->done[mid].line == line)
			return &b->done[mid];
		if (b->done[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void batch_on_ack(void *data, int tag, const struct nsx_err *err)
{
	struct batch *b = data;
	struct batch_done *d = done_find(b, tag);

	if (d)
		d->state = err ? DONE_FAILED : DONE_OK;
	if (err)
		batch_fail(b, tag, err);
}

/* Wait for every answer on every socket. */
static void batch_sync(struct batch *b)
{
	struct nsx_err err;

	for (size_t i = 0; i < b->nsocks; i++)
		if (nl_sync(&b->socks[i]->nl, &err) < 0)
			batch_fail(b, b->line, &err);
}

/* ---- one socket per network namespace ---- */

static int alias_add(struct batch *b, const char *spec, size_t sock,
		     struct nsx_err *err)
{
	struct batch_alias *v = reallocarray(b->aliases, b->naliases + 1,
					     sizeof(*v));

	if (!v)
		return nsx_fail(err, ENOMEM, "batch");
	b->aliases = v;
	snprintf(v[b->naliases].spec, sizeof(v->spec), "%s", spec);
	v[b->naliases++].sock = sock;
	return (int)sock;
}

static int sock_new(struct batch *b, const struct target *t, dev_t dev,
		    ino_t ino, struct nsx_err *err)
{
	struct batch_sock **v, *s;
	int r;

	v = reallocarray(b->socks, b->nsocks + 1, sizeof(*v));
	if (!v)
		return nsx_fail(err, ENOMEM, "batch");
	b->socks = v;
	s = calloc(1, sizeof(*s));
	if (!s)
		return nsx_fail(err, ENOMEM, "batch");
	r = nl_open(&s->nl, t, b->guard, err);
	if (r < 0 ||
	    nl_pipeline(&s->nl, batch_on_ack, NULL, b, err) < 0) {
		nl_close(&s->nl);
		free(s);
		return -err->code;
	}
	s->dev = dev;
	s->ino = ino;
	b->socks[b->nsocks] = s;
	return (int)b->nsocks++;
}

/*
 * The socket of spec's network namespace. Two specs naming the same
 * namespace share one, so its requests reach the kernel in line order.
 */
static int batch_sock_for(struct batch *b, const char *spec,
			  struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	struct target t;
	struct stat st;
	int r;

	for (size_t i = 0; i < b->naliases; i++)
		if (streq(b->aliases[i].spec, spec))
			return (int)b->aliases[i].sock;
	if (!spec[0])
		target_self(&t);
	else if (target_resolve(spec, &t, err) < 0)
		return -err->code;
	/* Every namespace a batch touches is one it changes. */
	if (b->guard && b->guard->check &&
	    b->guard->check(&t, true, err) < 0) {
		target_release(&t);
		return -err->code;
	}
	fd = target_open_ns(&t, NS_NET, err);
	if (fd < 0 || fstat(fd, &st) < 0) {
		target_release(&t);
		return fd < 0 ? fd : nsx_fail(err, errno, "%s", spec);
	}
	r = -1;
	for (size_t i = 0; i < b->nsocks && r < 0; i++)
		if (b->socks[i]->dev == st.st_dev &&
		    b->socks[i]->ino == st.st_ino)
			r = (int)i;
	if (r < 0)
		r = sock_new(b, &t, st.st_dev, st.st_ino, err);
	target_release(&t);
	return r < 0 ? r : alias_add(b, spec, (size_t)r, err);
}

/* Other targets in a line (veth peer, move): the socket's nsfs fd stays
 * open for the whole batch, as queued requests may name it. */
static int batch_ns(void *data, const char *spec, struct nsx_err *err)
{
	struct batch *b = data;
	int i = batch_sock_for(b, spec, err);

	return i < 0 ? i : b->socks[i]->nl.netns_fd;
}

/* ---- running lines ---- */

struct batch *batch_new(bool force, const struct nl_guard *guard,
			batch_error_fn on_error, void *data)
{
	struct batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->done = calloc(BATCH_UNDO_WINDOW, sizeof(*b->done));
	if (!b->done) {
		free(b);
		return NULL;
	}
	b->force = force;
	b->guard = guard;
	b->on_error = on_error;
	b->data = data;
	return b;
}

void batch_free(struct batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nsocks; i++) {
		nl_close(&b->socks[i]->nl);
		free(b->socks[i]);
	}
	free(b->socks);
	free(b->aliases);
	free(b->done);
	free(b);
}

/* Send what other sockets hold, so the kernel sees lines in order. */
static int batch_flush_others(struct batch *b, size_t sock,
			      struct nsx_err *err)
{
	for (size_t i = 0; i < b->nsocks; i++)
		if (i != sock && nl_flush(&b->socks[i]->nl, err) < 0)
			return -err->code;
	return 0;
}

/* A line that can be undone goes into the pipeline. */
static int batch_run_piped(struct batch *b, const struct batch_kind *k,
			   size_t sock, const struct batch_req *q,
			   struct nsx_err *err)
{
	struct nl *nl = &b->socks[sock]->nl;
	struct batch_done *d = NULL;
	int r;

	if (b->ndone == BATCH_UNDO_WINDOW) {
		batch_sync(b);
		if (batch_stopped(b))
			return 0;
		b->ndone = 0;
	}
	if (batch_flush_others(b, sock, err) < 0)
		return -err->code;
	if (!b->force) {
		d = &b->done[b->ndone++];
		*d = (struct batch_done){ .line = b->line, .sock = sock,
					  .kind = k, .state = DONE_PENDING };
		d->req = *q;
	}
	nl->defer = true;
	nl->tag = b->line;
	r = k->exec(b, nl, q, err);
	nl->defer = false;
	if (r < 0 && d)
		d->state = DONE_FAILED;
	return r;
}

/* Any other line waits until every earlier one is known to have worked. */
static int batch_run_barrier(struct batch *b, const struct batch_kind *k,
			     size_t sock, const struct batch_req *q,
			     struct nsx_err *err)
{
	batch_sync(b);
	if (batch_stopped(b))
		return 0;
	b->ndone = 0;
	return k->exec(b, &b->socks[sock]->nl, q, err);
}

int batch_line(struct batch *b, int line, int argc, char **argv)
{
	struct batch_req q;
	const struct batch_kind *k = NULL;
	struct nsx_err err;
	int sock = -1, r;

	if (batch_stopped(b))
		return -1;
	b->line = line;
	r = batch_parse_line(argc, argv, &q, &err);
	if (r >= 0) {
		k = &kinds[q.cmd];
		sock = batch_sock_for(b, k->target(&q), &err);
		r = sock;
	}
	if (r >= 0 && k->undoable(&q))
		r = batch_run_piped(b, k, (size_t)sock, &q, &err);
	else if (r >= 0)
		r = batch_run_barrier(b, k, (size_t)sock, &q, &err);
	if (r < 0)
		batch_fail(b, line, &err);
	return batch_stopped(b) ? -1 : 0;
}

int batch_line_failed(struct batch *b, int line, const struct nsx_err *err)
{
	if (!batch_stopped(b))
		batch_fail(b, line, err);
	return batch_stopped(b) ? -1 : 0;
}

/* Undo, newest first, the lines after the failing one that worked. */
static void batch_undo(struct batch *b)
{
	struct nsx_err err;

	for (size_t i = b->ndone; i-- > 0;) {
		struct batch_done *d = &b->done[i];
		struct nl *nl = &b->socks[d->sock]->nl;

		if (d->line <= b->fail_line || d->state != DONE_OK)
			continue;
		if (d->kind->undo(nl, &d->req, &err) < 0) {
			nsx_wrap(&err, "line %d could not be undone", d->line);
			b->on_error(b->data, 0, &err);
		}
	}
	b->ndone = 0;
}

int batch_end(struct batch *b)
{
	batch_sync(b);
	if (b->force)
		return b->errors ? -1 : 0;
	if (!b->fail_line)
		return 0;
	b->on_error(b->data, b->fail_line, &b->fail_err);
	batch_undo(b);
	return -1;
}

int batch_split(char *line, char **argv, int max, struct nsx_err *err)
{
	char *r = line, *w;
	int argc = 0;

	for (;;) {
		bool more;

		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (!*r || *r == '#')
			break;
		if (argc + 1 >= max)
			return nsx_failx(err, EINVAL, "more than %d words",
					 max - 1);
		argv[argc++] = w = r;
		while (*r && *r != ' ' && *r != '\t' && *r != '\r' &&
		       *r != '\n') {
			if (*r == '"' || *r == '\'') {
				char q = *r++;

				while (*r && *r != q)
					*w++ = *r++;
				if (!*r)
					return nsx_failx(err, EINVAL, "missing "
							 "closing %c", q);
				r++;
			} else {
				*w++ = *r++;
			}
		}
		more = *r != '\0';
		*w = '\0';
		r += more;
	}
	argv[argc] = NULL;
	return argc;
}
