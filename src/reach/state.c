/* state.c - what reach reads in one namespace: links, addresses, bridge
 * ports, routes, neighbours, NETNSIDs and sysctls. Nothing is changed. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "nsx/lib/ns.h"
#include "reach_int.h"

int rns_nl(struct rctx *c, int i, struct nsx_err *err)
{
	struct rns *n = &c->ns[i];

	if (n->nl_state == 0 && !rns_allowed(c, i))
		n->nl_state = -EPERM;
	if (n->nl_state == 0) {
		n->nl_state = nl_open_fd(&n->nl, n->self ? -1 : n->fd,
					 n->label, c->req->guard, err);
		if (n->nl_state == 0)
			n->nl_state = 1;
	}
	return n->nl_state == 1 ? 0 : -EIO;
}

const struct addr_table *rns_table(struct rctx *c, int i)
{
	struct rns *n = &c->ns[i];
	struct nsx_err err = { 0 };

	if (n->have_tab || n->nl_state < 0)
		return n->have_tab ? &n->tab : NULL;
	if (rns_nl(c, i, &err) == 0 &&
	    addr_dump(&n->nl, "", AF_UNSPEC, true, &n->tab, &err) == 0)
		n->have_tab = true;
	/* Hundreds of namespaces may be read for one address: a socket
	 * is kept only where more is asked (A, B, the path), made again. */
	if (n->nl_state == 1 && i != c->a && i != c->b) {
		nl_close(&n->nl);
		n->nl_state = 0;
	}
	return n->have_tab ? &n->tab : NULL;
}

const struct addr_link *rns_link(struct rctx *c, int i, int ifindex)
{
	const struct addr_table *t = rns_table(c, i);

	return t ? addr_table_find(t, ifindex) : NULL;
}

/* ---- route get ---- */

static void attr_addr(const struct nlattr *a, int family,
		      struct inet_prefix *p)
{
	size_t len = inet_family_size(family);

	if (mnl_attr_get_payload_len(a) < len)
		return;
	*p = (struct inet_prefix){ .family = family,
				   .len = (uint8_t)(len * 8) };
	memcpy(p->bytes, mnl_attr_get_payload(a), len);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rroute *rt = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	rt->type = rtm->rtm_type;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		switch (mnl_attr_get_type(a)) {
		case RTA_OIF:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				rt->oif = (int)mnl_attr_get_u32(a);
			break;
		case RTA_GATEWAY:
			attr_addr(a, rtm->rtm_family, &rt->gw);
			rt->has_gw = rt->gw.family != 0;
			break;
		case RTA_PREFSRC:
			attr_addr(a, rtm->rtm_family, &rt->prefsrc);
			break;
		}
	}
	return MNL_CB_OK;
}

/* 0, or -errno: -ENETUNREACH, -EHOSTUNREACH when there is no route. */
int rns_route_get(struct rctx *c, int i, const struct inet_prefix *dst,
		  struct rroute *rt)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nsx_err err = { 0 };
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	int r;

	*rt = (struct rroute){ 0 };
	if ((r = rns_nl(c, i, &err)) < 0)
		return r;
	nlh = nl_msg(&c->ns[i].nl, buf, RTM_GETROUTE, 0);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)dst->family;
	rtm->rtm_dst_len = (uint8_t)(inet_family_size(dst->family) * 8);
	if (!mnl_attr_put_check(nlh, sizeof(buf), RTA_DST,
				inet_family_size(dst->family), dst->bytes))
		return nl_full(&err, "route get");
	r = nl_talk(&c->ns[i].nl, nlh, route_cb, rt, "route get", &err);
	if (r == 0 && rt->type != RTN_UNICAST && rt->type != RTN_LOCAL)
		r = -EHOSTUNREACH;
	return r;
}

/* ---- neighbours ---- */

struct neigh_q {
	int ifindex;
	const struct inet_prefix *addr;
	int state;
};

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct neigh_q *q = data;
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	struct inet_prefix p = { 0 };

	if (nlh->nlmsg_type != RTM_NEWNEIGH || ndm->ndm_ifindex != q->ifindex)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ndm))
		if (mnl_attr_get_type(a) == NDA_DST)
			attr_addr(a, ndm->ndm_family, &p);
	if (p.family == q->addr->family &&
	    !memcmp(p.bytes, q->addr->bytes, inet_family_size(p.family)))
		q->state = ndm->ndm_state;
	return MNL_CB_OK;
}

/* The NUD_* state of addr's entry on ifindex, or -1 when there is none. */
int rns_neigh_state(struct rctx *c, int i, int ifindex,
		    const struct inet_prefix *addr)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct neigh_q q = { ifindex, addr, -1 };
	struct nsx_err err = { 0 };
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	if (rns_nl(c, i, &err) < 0)
		return -1;
	nlh = nl_msg(&c->ns[i].nl, buf, RTM_GETNEIGH, 0);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = (uint8_t)addr->family;
	if (nl_dump(&c->ns[i].nl, nlh, neigh_cb, NULL, &q, "neighbours",
		    &err) < 0)
		return -1;
	return q.state;
}

/* ---- NETNSIDs: which namespace a veth's peer is in ---- */

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(a) == NETNSA_NSID &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			*(int *)data = (int)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

/* The id namespace i gives namespace j, -1 when none. */
static int rns_nsid(struct rctx *c, int i, int j)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nsx_err err = { 0 };
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	int id = -1;

	if (rns_nl(c, i, &err) < 0)
		return -1;
	nlh = nl_msg(&c->ns[i].nl, buf, RTM_GETNSID, 0);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), NETNSA_FD,
				    (uint32_t)c->ns[j].fd))
		return -1;
	if (nl_talk(&c->ns[i].nl, nlh, nsid_cb, &id, "netns id", &err) < 0)
		return -1;
	return id;
}

/* The namespace namespace i calls id, or -1: asked of each in turn
 * once, then remembered. */
static int rns_by_nsid(struct rctx *c, int i, int id)
{
	struct rns *n = &c->ns[i];

	for (int k = 0; k < n->npeers; k++)
		if (n->peer_id[k] == id)
			return n->peer[k];
	for (int j = 0; j < c->n; j++) {
		if (j == i || rns_nsid(c, i, j) != id)
			continue;
		if (n->npeers < (int)ARRAY_SIZE(n->peer)) {
			n->peer_id[n->npeers] = id;
			n->peer[n->npeers++] = j;
		}
		return j;
	}
	return -1;
}

bool rns_peer(struct rctx *c, int i, const struct link_info *li, int *pj,
	      int *pidx)
{
	const struct addr_link *p;
	int j;

	if (!streq(li->kind, "veth") || li->link <= 0)
		return false;
	*pidx = li->link;
	j = li->has_netnsid ? rns_by_nsid(c, i, li->netnsid) : i;
	p = j >= 0 ? rns_link(c, j, li->link) : NULL;
	if (!p || (li->has_netnsid && p->li.link != li->ifindex))
		return false;
	*pj = j;
	return true;
}

bool rns_find_addr(struct rctx *c, const struct inet_prefix *a, int *pi,
		   int *pidx)
{
	for (int i = 0; i < c->n; i++) {
		const struct addr_table *t = rns_table(c, i);

		for (size_t k = 0; t && k < t->n; k++)
			for (size_t e = 0; e < t->links[k].n_addrs; e++)
				if (rinet_eq(&t->links[k].addrs[e].local, a)) {
					*pi = i;
					*pidx = t->links[k].li.ifindex;
					return true;
				}
	}
	return false;
}

/* ---- sysctls, read inside the namespace: /proc/sys/net is the
 * opener's ---- */

struct sysctl_q {
	const char *path;
	int val;
};

static int sysctl_read(void *data, struct nsx_err *err)
{
	struct sysctl_q *q = data;
	char buf[32];

	(void)err;
	if (read_file_at(AT_FDCWD, q->path, buf, sizeof(buf)) > 0)
		q->val = atoi(buf);
	return 0;
}

/* The value of /proc/sys/PATH in ns i, -1 when it cannot be read. */
int rns_sysctl(struct rctx *c, int i, const char *path)
{
	char full[256];
	struct sysctl_q q = { full, -1 };
	const struct nl_guard *g = c->req->guard;
	struct nsx_err err = { 0 };

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	if (!rns_allowed(c, i))
		return -1;
	if (c->ns[i].self)
		sysctl_read(&q, &err);
	else if (!g || !g->raise || g->raise(&err) == 0) {
		ns_visit(c->ns[i].fd, NS_NET, sysctl_read, &q, &err);
		if (g && g->lower)
			g->lower();
	}
	return q.val;
}

void rns_free(struct rns *n)
{
	if (n->have_tab)
		addr_table_free(&n->tab);
	if (n->nl_state == 1)
		nl_close(&n->nl);
	fw_free(n->fw);
	closep(&n->fd);
}
