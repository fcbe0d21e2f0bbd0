/* seg.c - what is on the other side of a link: the veth's peer, or the
 * ports of the bridge the peer is in, and whether each lets the flow by */
#include <linux/if_bridge.h>
#include <net/if.h>

#include "reach_int.h"

static const char *const stp_states[] = {
	[BR_STATE_DISABLED] = "disabled", [BR_STATE_LISTENING] = "listening",
	[BR_STATE_LEARNING] = "learning", [BR_STATE_FORWARDING] = "forwarding",
	[BR_STATE_BLOCKING] = "blocking",
};

static bool has_addr(const struct addr_link *l, const struct inet_prefix *a)
{
	for (size_t e = 0; l && e < l->n_addrs; e++)
		if (rinet_eq(&l->addrs[e].local, a))
			return true;
	return false;
}

bool rseg_down(struct rctx *c, int i, int ifindex)
{
	const struct addr_link *l = rns_link(c, i, ifindex);
	char fix[REACH_TEXT];

	if (!l || (l->li.flags & IFF_UP))
		return false;
	rfix(c, i, true, fix, "link set %s up", l->li.ifname);
	rfind(c, "link-down", fix, "%s in %s is down", l->li.ifname,
	      c->ns[i].label);
	return true;
}

/* A bridge port that is not forwarding (STP) stops the flow. */
static bool port_blocked(struct rctx *c, int j, int port, const char *br)
{
	const struct addr_link *l = rns_link(c, j, port);
	int st = rns_port_state(c, j, port);
	char fix[REACH_TEXT];

	if (!l || st < 0 || st == BR_STATE_FORWARDING)
		return false;
	rfix(c, j, false, fix, "bridge link set dev %s state 3", l->li.ifname);
	rfind(c, "bridge-port", fix, "port %s of bridge %s in %s is %s, not "
	      "forwarding", l->li.ifname, br, c->ns[j].label,
	      st < (int)ARRAY_SIZE(stp_states) && stp_states[st] ?
	      stp_states[st] : "not forwarding");
	return true;
}

/* Frames between two ports of a bridge go through iptables' FORWARD
 * chain of the bridge's namespace when bridge-nf-call-iptables is 1. */
static bool bridge_nf_drops(struct rctx *c, int j, const char *br, int in,
			    int out)
{
	const struct addr_link *pi = rns_link(c, j, in), *po = rns_link(c, j, out);
	struct rflow f = { br, br, &c->src, &c->dst, c->req->proto,
			   c->req->port, pi ? pi->li.ifname : "",
			   po ? po->li.ifname : "" };
	const char *key = c->dst.family == AF_INET6 ?
		"net/bridge/bridge-nf-call-ip6tables" :
		"net/bridge/bridge-nf-call-iptables";
	char rule[REACH_TEXT], fix[REACH_TEXT];

	if (rns_sysctl(c, j, key) != 1 ||
	    fw_judge(c, j, "filter", "FORWARD", &f, rule, sizeof(rule)) !=
		    FW_DROP)
		return false;
	if (rule[0])
		rfix(c, j, false, fix, "%s -D %s",
		     c->dst.family == AF_INET6 ? "ip6tables" : "iptables", rule);
	else
		rfix(c, j, false, fix, "%s -I FORWARD -i %s -o %s -j ACCEPT",
		     c->dst.family == AF_INET6 ? "ip6tables" : "iptables", br,
		     br);
	rfind(c, "bridge-netfilter", fix, "bridge %s in %s hands its frames "
	      "to iptables (%s=1), and %s drops them", br, c->ns[j].label,
	      c->dst.family == AF_INET6 ? "net.bridge.bridge-nf-call-ip6tables"
					: "net.bridge.bridge-nf-call-iptables",
	      rule[0] ? rule : "the FORWARD policy DROP");
	return true;
}

/* With VLAN filtering, an untagged frame from port in belongs to its
 * PVID, and leaves by port out only if out is in that VLAN. */
static bool vlan_apart(struct rctx *c, int j, const struct addr_link *br,
		       int in, int out)
{
	const struct rport *pi, *po;
	const struct addr_link *li = rns_link(c, j, in), *lo;
	char fix[REACH_TEXT];

	if (rns_br_vlan_filtering(c, j, br->li.ifindex) != 1 ||
	    !(pi = rns_port(c, j, in)) || !(po = rns_port(c, j, out)) || !li)
		return false;
	lo = rns_link(c, j, out);
	if (!pi->pvid) {
		rfix(c, j, false, fix, "bridge vlan add dev %s vid 1 pvid "
		     "untagged", li->li.ifname);
		rfind(c, "bridge-vlan", fix, "port %s of bridge %s in %s has "
		      "no PVID: the bridge drops its untagged frames",
		      li->li.ifname, br->li.ifname, c->ns[j].label);
		return true;
	}
	if (!lo || rport_in_vlan(po, pi->pvid))
		return false;
	rfix(c, j, false, fix, "bridge vlan add dev %s vid %d pvid untagged",
	     lo->li.ifname, pi->pvid);
	rfind(c, "bridge-vlan", fix, "port %s of bridge %s in %s is not in "
	      "VLAN %d, where port %s puts the flow", lo->li.ifname,
	      br->li.ifname, c->ns[j].label, pi->pvid, li->li.ifname);
	return true;
}

/* The flow crosses bridge br of ns j from port in (0: from j itself) to
 * the port out (0: to j itself): name what stops it. */
static void bridge_check(struct rctx *c, int j, const struct addr_link *br,
			 int in, int out)
{
	/* A bridge that is down holds every port disabled: say it first. */
	if (rseg_down(c, j, br->li.ifindex))
		return;
	if (in && (rseg_down(c, j, in) || port_blocked(c, j, in,
						       br->li.ifname)))
		return;
	if (out && (rseg_down(c, j, out) || port_blocked(c, j, out,
							 br->li.ifname)))
		return;
	if (in && out && !vlan_apart(c, j, br, in, out))
		bridge_nf_drops(c, j, br->li.ifname, in, out);
}

/* Look for a among bridge br of ns j and what its ports lead to. */
static bool bridge_search(struct rctx *c, int j, const struct addr_link *br,
			  int in, const struct inet_prefix *a, struct rhop *h,
			  bool report)
{
	const struct addr_table *t = rns_table(c, j);

	h->bridge_ns = j;
	h->br = br->li.ifindex;
	h->in_port = in;
	if (has_addr(br, a)) {
		h->ns = j, h->ifindex = br->li.ifindex, h->out_port = 0;
		if (report)
			bridge_check(c, j, br, in, 0);
		return true;
	}
	for (size_t k = 0; t && k < t->n; k++) {
		const struct link_info *q = &t->links[k].li;
		int pj, pidx;

		if (q->master != br->li.ifindex || q->ifindex == in ||
		    !rns_peer(c, j, q, &pj, &pidx) ||
		    !has_addr(rns_link(c, pj, pidx), a))
			continue;
		h->ns = pj, h->ifindex = pidx, h->out_port = q->ifindex;
		if (report) {
			bridge_check(c, j, br, in, q->ifindex);
			if (!c->res->n)
				rseg_down(c, pj, pidx);
		}
		return true;
	}
	return false;
}

bool rseg_find(struct rctx *c, int i, int ifindex,
	       const struct inet_prefix *a, struct rhop *h, bool report)
{
	const struct addr_link *l = rns_link(c, i, ifindex), *p;
	int j, pidx;

	*h = (struct rhop){ .bridge_ns = -1 };
	if (!l)
		return false;
	if (streq(l->li.kind, "bridge"))
		return bridge_search(c, i, l, 0, a, h, report);
	if (!rns_peer(c, i, &l->li, &j, &pidx))
		return false;
	p = rns_link(c, j, pidx);
	if (has_addr(p, a)) {
		h->ns = j, h->ifindex = pidx;
		if (report)
			rseg_down(c, j, pidx);
		return true;
	}
	if (p && p->li.master > 0) {
		const struct addr_link *br = rns_link(c, j, p->li.master);

		if (br && streq(br->li.kind, "bridge"))
			return bridge_search(c, j, br, pidx, a, h, report);
	}
	return false;
}
