/* hop.c - what a namespace on the way does to the flow: a router's
 * forwarding, firewall and NAT, and the destination's firewall, reverse
 * path filter and route back */
#include <net/if.h>

#include "reach_int.h"

static const char *ipt(const struct rctx *c)
{
	return c->dst.family == AF_INET6 ? "ip6tables" : "iptables";
}

static const char *ifname(struct rctx *c, int i, int ifindex)
{
	const struct addr_link *l = rns_link(c, i, ifindex);

	return l ? l->li.ifname : NULL;
}

/* Entering ns i by link in, can the flow's replies go back, and does the
 * reverse path filter let the flow in? */
static void route_back(struct rctx *c, int i, int in)
{
	char fix[REACH_TEXT], a[INET_PREFIX_STRLEN], b[INET_PREFIX_STRLEN];
	const char *name = ifname(c, i, in);
	struct rroute rt;
	int all, one;

	if (!c->src.family || i == c->a)
		return;
	if (rns_route_get(c, i, &c->src, &rt) < 0) {
		fix[0] = '\0';
		if (name)
			rfix(c, i, true, fix, "route add %s dev %s",
			     rinet_str(&c->src, false, a), name);
		rfind(c, "no-route-back", fix, "%s has no route back to %s",
		      c->ns[i].label, rinet_str(&c->src, false, b));
		return;
	}
	if (!name || rt.oif == in || c->dst.family != AF_INET)
		return;
	snprintf(a, sizeof(a), "net/ipv4/conf/%s/rp_filter", name);
	all = rns_sysctl(c, i, "net/ipv4/conf/all/rp_filter");
	one = rns_sysctl(c, i, a);
	if ((all > one ? all : one) != 1)
		return;
	rfix(c, i, false, fix, "sysctl -w net.ipv4.conf.all.rp_filter=2 "
	     "net.ipv4.conf.%s.rp_filter=2", name);
	rfind(c, "rp-filter", fix, "%s drops what comes in by %s from %s: "
	      "rp_filter is strict and the route back leaves by %s", c->ns[i].label,
	      name, rinet_str(&c->src, false, b),
	      ifname(c, i, rt.oif) ? ifname(c, i, rt.oif) : "another link");
}

/* The FORWARD or INPUT chain of ns i drops the flow. */
static bool fw_drops(struct rctx *c, int i, const char *chain,
		     const struct rflow *f)
{
	char rule[REACH_TEXT], fix[REACH_TEXT], m[64] = "";

	if (fw_judge(c, i, "filter", chain, f, rule, sizeof(rule)) != FW_DROP)
		return false;
	if (rule[0]) {
		rfix(c, i, false, fix, "%s -D %s", ipt(c), rule);
	} else {
		if (c->req->proto == REACH_ICMP)
			snprintf(m, sizeof(m), "-p %s", c->dst.family ==
				 AF_INET6 ? "ipv6-icmp" : "icmp");
		else
			snprintf(m, sizeof(m), "-p %s --dport %u",
				 c->req->proto == REACH_TCP ? "tcp" : "udp",
				 c->req->port);
		if (streq(chain, "FORWARD"))
			rfix(c, i, false, fix, "%s -I FORWARD -i %s -o %s %s "
			     "-j ACCEPT", ipt(c), f->in, f->out, m);
		else
			rfix(c, i, false, fix, "%s -I INPUT %s -j ACCEPT",
			     ipt(c), m);
	}
	if (rule[0])
		rfind(c, streq(chain, "INPUT") ? "firewall-input" :
		      "firewall-forward", fix, "the %s rule '-A %s' in %s "
		      "drops the flow", ipt(c), rule, c->ns[i].label);
	else
		rfind(c, streq(chain, "INPUT") ? "firewall-input" :
		      "firewall-forward", fix, "the %s %s policy DROP in %s "
		      "drops the flow", ipt(c), chain, c->ns[i].label);
	return true;
}

/* Private addresses leave for a public one without a source NAT. */
static void masquerade(struct rctx *c, int i, const struct rroute *rt,
		       const struct rflow *f)
{
	const struct addr_table *ta = rns_table(c, c->a);
	char fix[REACH_TEXT], a[INET_PREFIX_STRLEN], b[INET_PREFIX_STRLEN];
	struct inet_prefix net = c->src;

	if (!rinet_private(&c->src) || rinet_private(&c->dst))
		return;
	if (fw_snat(c, i, f) == 0) {
		for (size_t k = 0; ta && k < ta->n; k++)
			for (size_t e = 0; e < ta->links[k].n_addrs; e++)
				if (rinet_eq(&ta->links[k].addrs[e].local,
					     &c->src))
					net = ta->links[k].addrs[e].local;
		for (size_t k = net.len; k < inet_family_size(net.family) * 8;
		     k++)
			net.bytes[k / 8] &= (uint8_t)~(0x80 >> (k % 8));
		rfix(c, i, false, fix, "%s -t nat -A POSTROUTING -s %s -o %s "
		     "-j MASQUERADE", ipt(c), rinet_str(&net, true, a), f->out);
		rfind(c, "no-masquerade", fix, "%s sends %s out by %s to %s "
		      "without a source NAT: the answer cannot come back",
		      c->ns[i].label, rinet_str(&net, true, b), f->out,
		      rinet_str(&c->dst, false, a));
	}
	if (rt->prefsrc.family)
		c->src = rt->prefsrc;
}

void reach_path_hop(struct rctx *c, int i, int in, const struct rroute *rt)
{
	struct rflow f = { ifname(c, i, in), ifname(c, i, rt->oif), &c->src,
			   &c->dst, c->req->proto, c->req->port, NULL, NULL };
	const char *key = c->dst.family == AF_INET6 ?
		"net/ipv6/conf/all/forwarding" : "net/ipv4/ip_forward";
	char fix[REACH_TEXT];

	route_back(c, i, in);
	if (c->res->n)
		return;
	if (rns_sysctl(c, i, key) == 0) {
		rfix(c, i, false, fix, "sysctl -w %s=1", c->dst.family ==
		     AF_INET6 ? "net.ipv6.conf.all.forwarding" :
		     "net.ipv4.ip_forward");
		rfind(c, "ip-forward", fix, "%s routes the flow from %s to %s, "
		      "but forwarding is off", c->ns[i].label,
		      f.in ? f.in : "?", f.out ? f.out : "?");
		return;
	}
	if (f.in && f.out && fw_drops(c, i, "FORWARD", &f))
		return;
	if (f.out)
		masquerade(c, i, rt, &f);
}

void reach_path_end(struct rctx *c, int i, int in)
{
	struct rflow f = { in ? ifname(c, i, in) : "lo", NULL, &c->src,
			   &c->dst, c->req->proto, c->req->port, NULL, NULL };

	/* To one of A's own addresses: by the loopback link, index 1. */
	if (i == c->a && !in) {
		rseg_down(c, i, 1);
		return;
	}
	route_back(c, i, in);
	if (!c->res->n)
		fw_drops(c, i, "INPUT", &f);
}
