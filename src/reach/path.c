/* path.c - the walk from A to B, namespace by namespace, as the kernel
 * would route the flow, naming what stops it */
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include "reach_int.h"

#define REACH_HOPS 8

bool rinet_eq(const struct inet_prefix *a, const struct inet_prefix *b)
{
	return a->family && a->family == b->family &&
	       !memcmp(a->bytes, b->bytes, inet_family_size(a->family));
}

/* Is a inside the prefix net (net's address and length)? */
bool rinet_in(const struct inet_prefix *net, const struct inet_prefix *a)
{
	unsigned bits = net->len, k;

	if (!net->family || net->family != a->family)
		return false;
	for (k = 0; bits >= 8; k++, bits -= 8)
		if (net->bytes[k] != a->bytes[k])
			return false;
	return !bits || !((net->bytes[k] ^ a->bytes[k]) &
			  (uint8_t)(0xff << (8 - bits)));
}

bool rinet_private(const struct inet_prefix *a)
{
	const uint8_t *b = a->bytes;

	if (a->family == AF_INET6)
		return (b[0] & 0xfe) == 0xfc;
	return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
	       (b[0] == 192 && b[1] == 168) ||
	       (b[0] == 100 && (b[1] & 0xc0) == 64);
}

const char *rinet_str(const struct inet_prefix *a, bool len, char *buf)
{
	return inet_prefix_str(a, len, buf, INET_PREFIX_STRLEN);
}

/* The prefix of p's network: host bits cleared. */
static struct inet_prefix rinet_net(const struct inet_prefix *p)
{
	struct inet_prefix n = *p;
	size_t size = inet_family_size(p->family);

	for (size_t k = 0; k < size; k++) {
		int keep = (int)p->len - (int)k * 8;

		if (keep <= 0)
			n.bytes[k] = 0;
		else if (keep < 8)
			n.bytes[k] &= (uint8_t)(0xff << (8 - keep));
	}
	n.has_len = true;
	return n;
}

/* The address (with its length) of link ifindex of ns i in a's subnet,
 * or of any when a is NULL. */
static const struct addr_entry *link_addr(struct rctx *c, int i, int ifindex,
					  const struct inet_prefix *a)
{
	const struct addr_link *l = rns_link(c, i, ifindex);

	for (size_t e = 0; l && e < l->n_addrs; e++) {
		const struct addr_entry *x = &l->addrs[e];

		if (x->scope == 0 && (a ? rinet_in(&x->local, a) :
				      x->local.family == c->dst.family))
			return x;
	}
	return NULL;
}

/* An address in d's subnet that no namespace nsx sees has. */
static bool free_addr(struct rctx *c, const struct addr_entry *d,
		      struct inet_prefix *out)
{
	size_t last = inet_family_size(d->local.family) - 1;
	struct inet_prefix net = rinet_net(&d->local);
	int ni, nidx;

	for (unsigned h = 1; h < 255; h++) {
		*out = net;
		out->bytes[last] |= (uint8_t)h;
		if (rinet_in(&net, out) && !rinet_eq(out, &net) &&
		    !rns_find_addr(c, out, &ni, &nidx))
			return true;
	}
	return false;
}

/* Link l of ns i leads to the namespace holding the destination, but
 * there is no route: down, a missing prefix route, or another subnet. */
static void no_route_direct(struct rctx *c, int i, const struct link_info *l,
			    const struct rhop *h)
{
	const struct addr_entry *d = link_addr(c, h->ns, h->ifindex, &c->dst);
	const struct addr_entry *mine = d ? link_addr(c, i, l->ifindex,
						       &d->local) : NULL;
	char fix[REACH_TEXT], a[INET_PREFIX_STRLEN], b[INET_PREFIX_STRLEN];
	struct inet_prefix net, nw;

	if (rseg_down(c, i, l->ifindex) || !d)
		return;
	net = rinet_net(&d->local);
	if (mine) {
		rfix(c, i, true, fix, "route add %s dev %s",
		     rinet_str(&net, true, a), l->ifname);
		rfind(c, "no-route", fix, "%s has no route to %s, though %s is "
		      "on %s", c->ns[i].label, rinet_str(&net, true, a),
		      l->ifname, rinet_str(&mine->local, true, b));
		return;
	}
	if (!free_addr(c, d, &nw))
		fix[0] = '\0';
	else
		rfix(c, i, true, fix, "addr add %s/%u dev %s",
		     rinet_str(&nw, false, a), d->local.len, l->ifname);
	rfind(c, "wrong-subnet", fix, "%s in %s leads to %s, but has no "
	      "address in its subnet %s", l->ifname, c->ns[i].label,
	      c->ns[h->ns].label, rinet_str(&net, true, b));
}

static const char *forwarding_key(const struct rctx *c)
{
	return c->dst.family == AF_INET6 ? "net/ipv6/conf/all/forwarding" :
					   "net/ipv4/ip_forward";
}

/* A router beyond link l of ns i, in one of i's subnets: a gateway. */
static bool find_gateway(struct rctx *c, int i, const struct link_info *l,
			 struct inet_prefix *gw)
{
	const struct addr_link *me = rns_link(c, i, l->ifindex);
	struct rhop h;

	for (int j = 0; me && j < c->n; j++) {
		const struct addr_table *t = j == i ? NULL : rns_table(c, j);

		for (size_t k = 0; t && k < t->n; k++)
			for (size_t e = 0; e < t->links[k].n_addrs; e++) {
				const struct inet_prefix *x =
					&t->links[k].addrs[e].local;

				if (!link_addr(c, i, l->ifindex, x) ||
				    !rseg_find(c, i, l->ifindex, x, &h, false) ||
				    rns_sysctl(c, j, forwarding_key(c)) != 1)
					continue;
				*gw = *x;
				return true;
			}
	}
	return false;
}

/* Ns i has no route to the destination. */
static void no_route(struct rctx *c, int i)
{
	const struct addr_table *t = rns_table(c, i);
	char fix[REACH_TEXT], a[INET_PREFIX_STRLEN], g[INET_PREFIX_STRLEN];
	struct inet_prefix gw;
	struct rhop h;

	for (size_t k = 0; t && k < t->n; k++)
		if (rseg_find(c, i, t->links[k].li.ifindex, &c->dst, &h,
			      false)) {
			no_route_direct(c, i, &t->links[k].li, &h);
			return;
		}
	for (size_t k = 0; t && k < t->n; k++)
		if (find_gateway(c, i, &t->links[k].li, &gw)) {
			rinet_str(&gw, false, g);
			rfix(c, i, true, fix, "route add default via %s dev %s",
			     g, t->links[k].li.ifname);
			rfind(c, "no-route", fix, "%s has no route to %s; %s, "
			      "a router on %s, could be its gateway",
			      c->ns[i].label, rinet_str(&c->dst, false, a), g,
			      t->links[k].li.ifname);
			return;
		}
	rfind(c, "no-route", NULL, "%s has no route to %s, and nsx sees no "
	      "gateway for it", c->ns[i].label, rinet_str(&c->dst, false, a));
}

/* The flow's next hop is nowhere nsx can see: what the neighbour table
 * says of it. */
static void no_hop(struct rctx *c, int i, int oif,
		   const struct inet_prefix *nh)
{
	const struct addr_link *l = rns_link(c, i, oif);
	int st = rns_neigh_state(c, i, oif, nh);
	char a[INET_PREFIX_STRLEN];

	/* Nothing nsx can see holds the address: no command brings it. */
	if (st >= 0 && (st & (NUD_FAILED | NUD_INCOMPLETE))) {
		rfind(c, "neighbour", NULL, "%s does not answer %s on %s in %s "
		      "(%s), and no namespace nsx can see has it",
		      rinet_str(nh, false, a),
		      nh->family == AF_INET6 ? "neighbour discovery" : "ARP",
		      l ? l->li.ifname : "?", c->ns[i].label,
		      st & NUD_FAILED ? "FAILED" : "INCOMPLETE");
		return;
	}
	rnote(c, "the path leaves the namespaces nsx can see at %s in %s",
	      l ? l->li.ifname : "?", c->ns[i].label);
}

void reach_path(struct rctx *c)
{
	int i = c->a, in = 0;
	struct rroute rt;
	struct rhop h;

	for (int hop = 0; hop < REACH_HOPS && !c->res->n; hop++) {
		const struct inet_prefix *nh;

		if (rns_route_get(c, i, &c->dst, &rt) < 0) {
			no_route(c, i);
			return;
		}
		if (i == c->a)
			c->src = rt.prefsrc;
		if (rt.type == RTN_LOCAL) {
			reach_path_end(c, i, in);
			return;
		}
		if (rseg_down(c, i, rt.oif))
			return;
		if (i != c->a)
			reach_path_hop(c, i, in, &rt);
		nh = rt.has_gw ? &rt.gw : &c->dst;
		if (!c->res->n && !rseg_find(c, i, rt.oif, nh, &h, true)) {
			no_hop(c, i, rt.oif, nh);
			return;
		}
		c->prev_ns = i, c->prev_if = rt.oif;
		i = h.ns, in = h.ifindex;
	}
}
