/*
 * reqcheck.h - fuzz input as command words, and what must hold of the
 * link, addr and route requests parsed from them (shared by the harnesses
 * of those parsers and of batch lines)
 *
 * Every check compares with what the parser promises in its header: a
 * success holds only valid names and values, a failure says why, and a
 * parse does not depend on the one before it (getopt keeps state between
 * calls, and a batch parses line after line).
 */
#ifndef NSX_FUZZ_REQCHECK_H
#define NSX_FUZZ_REQCHECK_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "nsx/net/link.h"
#include "nsx/net/route.h"

#define FUZZ_MAX_WORDS 128

/* The input, one word a line, after the command word argv[0]. */
struct fuzz_words {
	char *text;
	int argc;
	char *argv[FUZZ_MAX_WORDS + 2];
};

static inline int fuzz_words_split(struct fuzz_words *w, const char *cmd,
				   const uint8_t *data, size_t size)
{
	char *p;

	w->text = malloc(size + 1);
	if (!w->text)
		return -1;
	memcpy(w->text, data, size);
	w->text[size] = '\0';
	w->argc = 0;
	w->argv[w->argc++] = (char *)cmd;
	p = w->text;
	/* An empty input is the bare command; any other ends in a word. */
	while (size && p && w->argc <= FUZZ_MAX_WORDS)
		w->argv[w->argc++] = strsep(&p, "\n");
	w->argv[w->argc] = NULL;
	return 0;
}

/* getopt reorders argv: each parse gets its own copy of the pointers. */
static inline void fuzz_words_copy(const struct fuzz_words *w, char **argv)
{
	memcpy(argv, w->argv, sizeof(w->argv));
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static inline bool fuzz_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}
#define FUZZ_STR_OK(field) fuzz_terminated((field), sizeof(field))

/* A failed parse: its code returned, one line saying why. */
static inline void fuzz_check_error(const char *what, int r,
				    const struct nsx_err *err)
{
	if (r >= 0)
		return;
	if (r != -err->code || err->code <= 0)
		fuzz_fail("%s: returned %d with err->code %d", what, r,
			  err->code);
	if (!FUZZ_STR_OK(err->msg) || !err->msg[0])
		fuzz_fail("%s: failed (%d) without a message", what, r);
}

/* An interface name the kernel would take, or "" where allowed. */
static inline void fuzz_check_name(const char *what, const char *name,
				   bool may_be_empty)
{
	struct nsx_err err;

	if (!fuzz_terminated(name, IFNAMSIZ))
		fuzz_fail("%s: name not terminated", what);
	if (may_be_empty && !name[0])
		return;
	if (link_check_name(name, what, &err) < 0)
		fuzz_fail("%s: '%s' accepted: %s", what, name, err.msg);
}

static inline void fuzz_check_prefix(const char *what,
				     const struct inet_prefix *p)
{
	if (p->family != AF_INET && p->family != AF_INET6)
		fuzz_fail("%s: family %d", what, p->family);
	if (p->len > inet_family_size(p->family) * 8)
		fuzz_fail("%s: prefix length %u", what, p->len);
}

/* ---- link ---- */

static inline void fuzz_check_link_add(const struct link_req *r)
{
	static const char *const kinds[] = { "veth", "bridge", "dummy",
					     "ifb", "vlan", "vxlan",
					     "macvlan", "macvtap", "ipvlan",
					     NULL };
	bool known = false;

	/* Without a name, as with ip, the kernel picks one. */
	fuzz_check_name("link add", r->name, true);
	for (const char *const *k = kinds; *k; k++)
		known = known || streq(*k, r->kind);
	if (!known)
		fuzz_fail("link add: type '%s' accepted", r->kind);
	fuzz_check_name("peer", r->peer, true);
	fuzz_check_name("link", r->lower, true);
	if (streq(r->kind, "vlan") && (r->id < 1 || r->id > 4094))
		fuzz_fail("link add: vlan id %u accepted", r->id);
	if (streq(r->kind, "vxlan") && r->id > 0xffffff)
		fuzz_fail("link add: vxlan id %u accepted", r->id);
	if ((streq(r->kind, "vlan") || streq(r->kind, "macvlan") ||
	     streq(r->kind, "macvtap")) && !r->lower[0])
		fuzz_fail("link add: %s without a lower link", r->kind);
	if (!streq(r->kind, "veth") && (r->peer[0] || r->peer_target[0]))
		fuzz_fail("link add: a peer for type %s", r->kind);
}

static inline void fuzz_check_link_req(const struct link_req *r)
{
	if (!FUZZ_STR_OK(r->target) || !FUZZ_STR_OK(r->columns) ||
	    !FUZZ_STR_OK(r->kind) || !FUZZ_STR_OK(r->peer_target) ||
	    !FUZZ_STR_OK(r->move_target))
		fuzz_fail("link: a string not terminated");
	/* An mtu out of range is the kernel's to refuse, as with ip. */
	if (!FUZZ_STR_OK(r->alias) || !FUZZ_STR_OK(r->name_target) ||
	    !FUZZ_STR_OK(r->show_kind) || !FUZZ_STR_OK(r->show_master))
		fuzz_fail("link: a string not terminated");
	if (r->altname_len > sizeof(r->altname))
		fuzz_fail("link: altnames overrun");
	if (r->has_mac && ((r->mac[0] & 1) ||
			   !(r->mac[0] | r->mac[1] | r->mac[2] | r->mac[3] |
			     r->mac[4] | r->mac[5])))
		fuzz_fail("link: multicast or zero MAC accepted");
	switch (r->verb) {
	case LINK_SHOW:
		fuzz_check_name("link show", r->name, true);
		break;
	case LINK_ADD:
		fuzz_check_link_add(r);
		break;
	case LINK_SET:
		fuzz_check_name("link set", r->name, false);
		fuzz_check_name("name", r->newname, true);
		fuzz_check_name("master", r->master, true);
		if (r->master[0] && r->nomaster)
			fuzz_fail("link set: master and nomaster");
		if (r->up < 0 && !r->mtu && !r->has_mac && !r->newname[0] &&
		    !r->master[0] && !r->nomaster && !r->move_target[0] &&
		    !r->ifi_change && !r->has_txqlen && !r->has_alias &&
		    !r->has_group && !r->kind[0] && !r->num_tx && !r->num_rx)
			fuzz_fail("link set: nothing to change accepted");
		break;
	case LINK_PROP:
		fuzz_check_name("link property dev", r->name, false);
		break;
	case LINK_DEL:
		if (r->del_by == LINK_DEL_DEV)
			fuzz_check_name("link del", r->name, false);
		else if (r->del_by == LINK_DEL_TYPE && !r->kind[0])
			fuzz_fail("link del type: empty type");
		else if (r->del_by == LINK_DEL_GROUP && !r->group)
			fuzz_fail("link del group 0 accepted");
		break;
	default:
		fuzz_fail("link: verb %d", r->verb);
	}
}

static inline void fuzz_describe_link(const struct link_req *r, char *buf,
				      size_t size)
{
	snprintf(buf, size, "verb=%d target=%s name=%s json=%d o=%s kind=%s "
		 "peer=%s@%s lower=%s id=%u mode=%u vx=%d/%d%d%d port=%u "
		 "up=%d mtu=%u mac=%d:%02x%02x newname=%s master=%s/%d "
		 "move=%s del=%d group=%u", r->verb, r->target, r->name,
		 r->json, r->columns, r->kind, r->peer, r->peer_target,
		 r->lower, r->id, r->macvlan_mode, r->vx_family,
		 r->has_remote, r->has_local, r->has_dstport, r->dstport,
		 r->up, r->mtu, r->has_mac, r->mac[0], r->mac[5], r->newname,
		 r->master, r->nomaster, r->move_target, r->del_by, r->group);
}

/* ---- addr and route ---- */

/* struct net_opts, as addr and route parse it. */
#define fuzz_check_opts(o)                                                   \
	do {                                                                 \
		if (!FUZZ_STR_OK((o)->target) || !FUZZ_STR_OK((o)->columns)) \
			fuzz_fail("opts: a string not terminated");          \
		if ((o)->family != AF_UNSPEC && (o)->family != AF_INET &&    \
		    (o)->family != AF_INET6)                                 \
			fuzz_fail("opts: family %d", (o)->family);           \
	} while (0)

static inline void fuzz_check_addr_req(const struct addr_req *q)
{
	fuzz_check_opts(&q->opts);
	if (q->opts.help)
		return;
	/* A missing dev or address is refused when the request runs, as
	 * ip refuses it after reading the line (exit 1 or the kernel's
	 * answer): parsing may leave either empty. */
	fuzz_check_name("addr dev", q->dev, true);
	switch (q->op) {
	case ADDR_ADD:
	case ADDR_DEL:
	case ADDR_REPLACE:
	case ADDR_CHANGE:
		if (q->local.family)
			fuzz_check_prefix("addr", &q->local);
		if (q->peer.family)
			fuzz_check_prefix("addr peer", &q->peer);
		if (q->family && q->local.family &&
		    q->family != q->local.family)
			fuzz_fail("addr: -4/-6 and the address disagree");
		break;
	case ADDR_SHOW:
	case ADDR_FLUSH:
		break;
	default:
		fuzz_fail("addr: op %d", q->op);
	}
}

static inline void fuzz_describe_addr(const struct addr_req *q, char *buf,
				      size_t size)
{
	char p[INET_PREFIX_STRLEN] = "";

	if (q->local.family)
		inet_prefix_str(&q->local, true, p, sizeof(p));
	snprintf(buf, size, "op=%d t=%s j=%d o=%s f=%d h=%d local=%s/%d "
		 "dev=%s nodad=%d", q->op, q->opts.target, q->opts.json,
		 q->opts.columns, q->family, q->opts.help, p,
		 q->local.has_len, q->dev, q->nodad);
}

static inline void fuzz_check_route_req(const struct route_req *q)
{
	char text[256];

	fuzz_check_opts(&q->opts);
	if (q->opts.help)
		return;
	fuzz_check_name("route dev", q->dev, true);
	if (q->op == ROUTE_SHOW || q->op == ROUTE_FLUSH || q->op == ROUTE_GET)
		return;
	if (q->op != ROUTE_ADD && q->op != ROUTE_DEL &&
	    q->op != ROUTE_REPLACE && q->op != ROUTE_CHANGE &&
	    q->op != ROUTE_APPEND && q->op != ROUTE_PREPEND)
		fuzz_fail("route: op %d", q->op);
	if (!q->has_dst)
		fuzz_fail("route: no destination accepted");
	fuzz_check_prefix("route to", &q->dst);
	if (q->family != q->dst.family)
		fuzz_fail("route: family %d, destination %d", q->family,
			  q->dst.family);
	if (q->has_src && q->src.family != q->family)
		fuzz_fail("route: source of another family");
	if (q->opts.family && q->opts.family != q->family)
		fuzz_fail("route: -4/-6 and the addresses disagree");
	/* A gateway of the other family (via inet6), a route with neither
	 * via nor dev (blackhole, or one the kernel refuses) are ip's to
	 * send as written. */
	/* The text of its messages, as route_apply makes it. */
	route_req_str(q, text, sizeof(text));
	if (strncmp(text, "route ", 6))
		fuzz_fail("route_req_str: '%s'", text);
}

static inline void fuzz_describe_route(const struct route_req *q, char *buf,
				       size_t size)
{
	char d[INET_PREFIX_STRLEN] = "", g[INET_PREFIX_STRLEN] = "",
	     s[INET_PREFIX_STRLEN] = "";

	if (q->dst.family)
		inet_prefix_str(&q->dst, true, d, sizeof(d));
	if (q->has_gw)
		inet_prefix_str(&q->gw, true, g, sizeof(g));
	if (q->has_src)
		inet_prefix_str(&q->src, true, s, sizeof(s));
	snprintf(buf, size, "op=%d t=%s j=%d o=%s f=%d/%d h=%d dst=%d%d:%s "
		 "gw=%s src=%s dev=%s metric=%d:%u table=%u onlink=%d", q->op,
		 q->opts.target, q->opts.json, q->opts.columns,
		 q->opts.family, q->family, q->opts.help, q->has_dst,
		 q->dst_default, d, g, s, q->dev, q->has_metric, q->metric,
		 q->table, q->onlink);
}

/* One parse of the words: *r its result, desc what it made of them. */
typedef void (*fuzz_parse_fn)(const struct fuzz_words *w, int *r, char *desc,
			      size_t size);

/*
 * The body of the link, addr and route harnesses: split the input into
 * words after cmd, parse them twice, and fail unless both parses agree.
 */
static inline int fuzz_parse_twice(const char *cmd, const uint8_t *data,
				   size_t size, fuzz_parse_fn parse)
{
	struct fuzz_words w;
	char d1[2048], d2[2048];
	int r1, r2;

	if (fuzz_words_split(&w, cmd, data, size) < 0)
		return 0;
	parse(&w, &r1, d1, sizeof(d1));
	parse(&w, &r2, d2, sizeof(d2));
	if (getenv("NSX_FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", d1);
	if (r1 != r2 || strcmp(d1, d2))
		fuzz_fail("parsed twice, two answers:\n%s\n%s", d1, d2);
	free(w.text);
	return 0;
}

#endif
