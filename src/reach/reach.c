/* reach.c - can A reach B: the probe first, then, when it fails, the
 * walk through every namespace on the way for the causes */
#include <errno.h>
#include <stdarg.h>
#include <sys/socket.h>

#include "reach_int.h"

void rfix(struct rctx *c, int i, bool ip, char *buf, const char *fmt, ...)
{
	const struct rns *n = &c->ns[i];
	char cmd[REACH_TEXT], q[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (n->self)
		snprintf(buf, REACH_TEXT, "%s%.240s", ip ? "ip " : "", cmd);
	else if (n->name[0])
		snprintf(buf, REACH_TEXT, "ip %s %.64s %.160s",
			 ip ? "-n" : "netns exec",
			 rquote(n->name, q, sizeof(q)), cmd);
	else
		snprintf(buf, REACH_TEXT, "nsx -n -t %.64s %s%.160s",
			 rquote(n->spec, q, sizeof(q)), ip ? "ip " : "", cmd);
}

void rfind(struct rctx *c, const char *cause, const char *fix,
	   const char *fmt, ...)
{
	struct reach_result *res = c->res;
	struct reach_finding *f;
	va_list ap;

	if (res->n >= REACH_MAX_FINDINGS)
		return;
	f = &res->f[res->n++];
	snprintf(f->cause, sizeof(f->cause), "%s", cause);
	snprintf(f->fix, sizeof(f->fix), "%s", fix ? fix : "");
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

void rnote(struct rctx *c, const char *fmt, ...)
{
	size_t len = strlen(c->res->note);
	va_list ap;

	if (len && len + 2 < sizeof(c->res->note)) {
		strcpy(c->res->note + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(c->res->note + len, sizeof(c->res->note) - len, fmt, ap);
	va_end(ap);
}

/* How well B's address e suits A: in a subnet A has, then IPv4. */
static int addr_score(struct rctx *c, const struct addr_entry *e)
{
	const struct addr_table *ta = rns_table(c, c->a);
	int s = 0;

	if (e->scope != 0)
		return -1;
	if (e->local.family == AF_INET)
		s += 1;
	for (size_t k = 0; ta && k < ta->n; k++)
		for (size_t x = 0; x < ta->links[k].n_addrs; x++)
			if (rinet_in(&ta->links[k].addrs[x].local, &e->local))
				s += 2;
	return s;
}

/* B is a target: the address of it to reach. */
static int reach_pick_dst(struct rctx *c, struct nsx_err *err)
{
	const struct addr_table *t = rns_table(c, c->b);
	int best = -1;

	for (size_t k = 0; t && k < t->n; k++)
		for (size_t x = 0; x < t->links[k].n_addrs; x++) {
			const struct addr_entry *e = &t->links[k].addrs[x];
			int s = addr_score(c, e);

			if (s > best) {
				best = s;
				c->dst = e->local;
			}
		}
	if (!t)
		return nsx_failx(err, EIO, "%s: cannot read its addresses",
				 c->ns[c->b].label);
	if (best < 0)
		return nsx_failx(err, EADDRNOTAVAIL,
				 "%s has no global address to reach",
				 c->ns[c->b].label);
	c->dst.len = (uint8_t)(inet_family_size(c->dst.family) * 8);
	return 0;
}

static int reach_resolve(struct rctx *c, struct nsx_err *err)
{
	struct nsx_err perr = { 0 };
	int r;

	if ((r = rns_add_target(c, c->req->a, err)) < 0)
		return r;
	c->a = r;
	c->b = -1;
	if (inet_parse_ip(c->req->b, &c->dst, &perr) == 0)
		return 0;
	if ((r = rns_add_target(c, c->req->b, err)) < 0)
		return r;
	c->b = r;
	return reach_pick_dst(c, err);
}

/* The probe failed or could not say: look for the causes. */
static void reach_explain(struct rctx *c)
{
	struct reach_result *res = c->res;

	rns_add_named(c);
	c->prev_ns = -1;
	reach_path(c);
	if (c->refused && !res->n)
		rfind(c, "port-closed", NULL, "%s answered %s port %u with %s: "
		      "nothing listens there", res->b_label,
		      c->req->proto == REACH_TCP ? "tcp" : "udp", c->req->port,
		      c->req->proto == REACH_TCP ? "a reset" :
		      "ICMP port unreachable");
	if (c->probed && !c->silent && !res->n)
		rfind(c, "unknown", NULL, "the probe got no answer, and "
		      "nothing on the way in the namespaces nsx can see "
		      "explains it");
}

int reach_run(const struct reach_req *req, struct reach_result *res,
	      struct nsx_err *err)
{
	struct rctx *c = calloc(1, sizeof(*c));
	char buf[INET_PREFIX_STRLEN];
	int r;

	if (!c)
		return nsx_fail(err, ENOMEM, "reach");
	*res = (struct reach_result){ 0 };
	c->req = req;
	c->res = res;
	c->a = c->b = -1;
	r = reach_resolve(c, err);
	if (r == 0) {
		snprintf(res->a_label, sizeof(res->a_label), "%s", req->a);
		if (c->b >= 0)
			snprintf(res->b_label, sizeof(res->b_label), "%s (%s)",
				 rinet_str(&c->dst, false, buf), req->b);
		else
			snprintf(res->b_label, sizeof(res->b_label), "%s",
				 rinet_str(&c->dst, false, buf));
		reach_probe(c);
		res->reachable = res->probe.answered;
		if (!res->reachable) {
			reach_explain(c);
			res->reachable = !c->probed && !res->n;
		}
	}
	for (int i = 0; i < c->n; i++)
		rns_free(&c->ns[i]);
	free(c->ns);
	free(c);
	return r;
}
