/* route_select.c - which routes show and flush mean: ip's selectors,
 * read into a filter, matched against each route; flush */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "route_int.h"

/* ip's selectors nsx does not take (the kernel's cache, VRFs, realms,
 * source routes, marks and input links of cached routes). */
static const char *const refused[] = {
	"vrf", "cached", "cloned", "iif", "mark", "realm", "realms", "from",
	NULL,
};

/* "[to] [root|match|exact] PREFIX"; "default" is the /0 of any family
 * (the dump's). */
static int filter_prefix(struct route_words *w, const char *word,
			 struct route_filter *f)
{
	const char *how = "exact";
	struct inet_prefix p = { .family = f->family, .has_len = true };
	int fam = f->family;

	if (streq(word, "to") && !(word = route_words_next(w)))
		return -NSX_EUSAGE;
	if (streq(word, "root") || streq(word, "match") ||
	    streq(word, "exact")) {
		how = word;
		if (!(word = route_words_next(w)))
			return -NSX_EUSAGE;
	}
	if (streq(word, "all") || streq(word, "any"))
		return 0; /* ip: every route */
	if (!streq(word, "default")) {
		if (net_refuse_ip_word("route", word, w->err) < 0)
			return -NSX_EUSAGE;
		if (route_words_addr(w, word, true, &fam, &p) < 0)
			return -w->err->code;
	}
	if (!streq(how, "match")) {
		f->root = p;
		f->has_root = true;
	}
	if (!streq(how, "root")) {
		f->match = p;
		f->has_match = true;
	}
	return 0;
}

static int filter_table(struct route_words *w, const char *v,
			struct route_filter *f)
{
	if (route_table_id(v, &f->table) == 0)
		return 0;
	if (streq(v, "all")) {
		f->table = 0;
		return 0;
	}
	if (streq(v, "cache"))
		return nsx_failx(w->err, NSX_EUSAGE, "route: 'table cache' is "
				 "ip's, nsx does not support it");
	return route_words_bad(w, v);
}

/* "proto P|all", "scope S|all". */
static int filter_name(struct route_words *w, const char *v, bool proto,
		       struct route_filter *f)
{
	if (streq(v, "all"))
		return 0;
	if (proto) {
		f->has_protocol = true;
		return route_protocol_id(v, &f->protocol) < 0 ?
			route_words_bad(w, v) : 0;
	}
	f->has_scope = true;
	return route_scope_id(v, &f->scope) < 0 ? route_words_bad(w, v) : 0;
}

static int filter_word(struct route_words *w, struct route_filter *f)
{
	const char *word = w->argv[w->i], *v;
	unsigned long n;
	uint8_t t;
	int fam = f->family;

	for (size_t k = 0; refused[k]; k++)
		if (streq(refused[k], word))
			return nsx_failx(w->err, NSX_EUSAGE, "route: '%s' is "
					 "ip's, nsx does not support it", word);
	if (!streq(word, "table") && !streq(word, "tos") &&
	    !streq(word, "dsfield") && !streq(word, "proto") &&
	    !streq(word, "protocol") && !streq(word, "scope") &&
	    !streq(word, "type") && !streq(word, "dev") &&
	    !streq(word, "oif") && !streq(word, "metric") &&
	    !streq(word, "priority") && !streq(word, "preference") &&
	    !streq(word, "via") && !streq(word, "src"))
		return filter_prefix(w, word, f);
	if (streq(word, "via")) {
		f->has_via = true;
		return route_words_via(w, &fam, &f->via);
	}
	if (!(v = route_words_next(w)))
		return -NSX_EUSAGE;
	if (streq(word, "table"))
		return filter_table(w, v, f);
	if (streq(word, "proto") || streq(word, "protocol") ||
	    streq(word, "scope"))
		return filter_name(w, v, word[0] == 'p', f);
	if (streq(word, "dev") || streq(word, "oif"))
		return net_parse_dev(v, f->dev, w->err);
	if (streq(word, "src")) {
		f->has_src = true;
		return route_words_addr(w, v, true, &fam, &f->src);
	}
	if (streq(word, "type")) {
		if (route_type_id(v, true, &t) < 0 || t >= 32)
			return route_words_bad(w, v);
		f->typemask = 1u << t;
		return 0;
	}
	if (streq(word, "tos") || streq(word, "dsfield")) {
		f->has_tos = true;
		return route_dsfield_id(v, &f->tos) < 0 ?
			route_words_bad(w, v) : 0;
	}
	if (route_num(v, 0, UINT32_MAX, &n) < 0)
		return route_words_bad(w, v);
	f->metric = (uint32_t)n;
	f->has_metric = true;
	return 0;
}

int route_parse_filter(int argc, char **argv, struct route_req *req,
		       struct nsx_err *err)
{
	struct route_words w = { .argc = argc, .argv = argv, .err = err };
	struct route_filter *f = &req->filter;

	*f = (struct route_filter){ .family = req->opts.family,
				    .table = RT_TABLE_MAIN };
	f->any = argc == 0;
	for (w.i = 0; w.i < argc; w.i++)
		if (filter_word(&w, f) < 0)
			return -err->code;
	/* As ip: one table is IPv4's unless -6 says otherwise. */
	if (!f->family && f->table)
		f->family = AF_INET;
	req->family = f->family;
	req->table = f->table;
	memcpy(req->dev, f->dev, sizeof(req->dev));
	return 0;
}

/* The first bits bits of a and b agree (ip's inet_addr_match). */
static bool bits_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole))
		return false;
	return !rest || !((a[whole] ^ b[whole]) & (0xff00 >> rest));
}

/* A host's address written whole: ip then also hides it when printing. */
static bool prefix_ok(const struct inet_prefix *sel, bool root, int family,
		      const struct inet_prefix *dst, uint8_t len)
{
	if (sel->family && sel->family != family)
		return false;
	if (root ? sel->len > len : sel->len < len)
		return false;
	return bits_match(dst->bytes, sel->bytes, root ? sel->len : len);
}

static bool filter_addrs(const struct route_filter *f,
			 const struct route_entry *e)
{
	static const struct inet_prefix none = { 0 };
	const struct inet_prefix *gw = e->gw.family ? &e->gw : &none;
	int via_family = e->gw.family ? e->gw.family : e->family;

	if (f->has_root && !prefix_ok(&f->root, true, e->family, &e->dst,
				      e->dst.len))
		return false;
	if (f->has_match && !prefix_ok(&f->match, false, e->family, &e->dst,
				       e->dst.len))
		return false;
	if (f->has_via && (via_family != f->via.family ||
			   !bits_match(gw->bytes, f->via.bytes, f->via.len)))
		return false;
	if (f->has_src && (e->family != f->src.family ||
			   !bits_match(e->prefsrc.bytes, f->src.bytes,
				       f->src.len)))
		return false;
	return true;
}

bool route_filter_match(const struct route_filter *f,
			const struct route_entry *e)
{
	if ((f->family && e->family != f->family) ||
	    (f->table && e->table != f->table) ||
	    (f->has_protocol && e->protocol != f->protocol) ||
	    (f->has_scope && e->scope != f->scope) ||
	    (f->typemask && !(f->typemask & (1u << (e->type & 31)))) ||
	    (f->has_tos && e->tos != f->tos) ||
	    (f->dev[0] && e->oif != f->oif) ||
	    (f->has_metric && e->metric != f->metric))
		return false;
	return filter_addrs(f, e);
}

bool route_filter_pins(const struct route_filter *f,
		       const struct route_entry *e, char what)
{
	unsigned host = (unsigned)inet_family_size(e->family) * 8;

	if (what == 'g')
		return f->has_via && f->via.len == host;
	return f->has_src && f->src.len == host;
}

/* ---- flush ---- */

/* The routes to delete, each the kernel's own message. */
struct flush_ctx {
	const struct route_filter *f;
	struct nlmsghdr **msgs;
	size_t n, cap;
};

static int flush_cb(const struct nlmsghdr *nlh, void *data)
{
	struct flush_ctx *c = data;
	struct route_entry e;
	struct nlmsghdr *copy;

	if (route_entry_parse(nlh, &e) < 0 || !route_filter_match(c->f, &e))
		return MNL_CB_OK;
	/* The kernel's own unreachable default of IPv6, which ip leaves. */
	if (e.family == AF_INET6 && e.dst.len == 0 &&
	    e.type == RTN_UNREACHABLE && e.has_metric &&
	    e.metric == UINT32_MAX)
		return MNL_CB_OK;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct nlmsghdr **m = reallocarray(c->msgs, cap, sizeof(*m));

		if (!m)
			goto nomem;
		c->msgs = m;
		c->cap = cap;
	}
	if (!(copy = malloc(nlh->nlmsg_len)))
		goto nomem;
	memcpy(copy, nlh, nlh->nlmsg_len);
	c->msgs[c->n++] = copy;
	return MNL_CB_OK;
nomem:
	errno = ENOMEM;
	return MNL_CB_ERROR;
}

static void flush_reset(void *data)
{
	struct flush_ctx *c = data;

	while (c->n)
		free(c->msgs[--c->n]);
}

/* The route as the kernel gave it, sent back to be deleted, as ip does. */
static int flush_one(struct nl *nl, const struct nlmsghdr *m,
		     struct nsx_err *err)
{
	char buf[ROUTE_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_DELROUTE, 0);
	size_t len = mnl_nlmsg_get_payload_len(m);

	if (len > sizeof(buf) - nlh->nlmsg_len)
		return nl_full(err, "route flush");
	memcpy(mnl_nlmsg_get_payload_tail(nlh), mnl_nlmsg_get_payload(m), len);
	nlh->nlmsg_len += MNL_ALIGN(len);
	return nl_talk(nl, nlh, NULL, NULL, "route flush", err);
}

static int flush_round(struct nl *nl, struct flush_ctx *c,
		       struct nsx_err *err)
{
	int r = route_dump_run(nl, c->f, flush_cb, flush_reset, c,
			       "route flush", err);

	for (size_t k = 0; r == 0 && k < c->n; k++) {
		r = flush_one(nl, c->msgs[k], err);
		/* Gone with another already (a route of a link's address). */
		if (r == -ESRCH)
			r = 0;
	}
	return r;
}

int route_flush(struct nl *nl, const struct route_req *req,
		struct nsx_err *err)
{
	struct route_filter f = req->filter;
	struct flush_ctx c = { .f = &f };
	int r = 0;

	/* ip's own check, after the line was read whole: 1, not 255 */
	if (f.any)
		return nsx_failx(err, EINVAL, "route flush: needs selectors "
				 "(flush everything: 'flush table main')");
	if (f.dev[0] && (r = addr_dev_index(nl, f.dev, &f.oif, err)) < 0)
		return r;
	/* ip's rounds: again while a dump still finds something. */
	for (int round = 0; r == 0 && round < 16; round++) {
		r = flush_round(nl, &c, err);
		if (r < 0 || c.n == 0)
			break;
		flush_reset(&c);
	}
	flush_reset(&c);
	free(c.msgs);
	return r;
}
