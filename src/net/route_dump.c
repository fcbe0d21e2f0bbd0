/* route_dump.c - reading routes: a dump with its filters, each route's
 * gateways, metrics and lifetime */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "route_int.h"


static int route_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RTA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RTA_OIF:
	case RTA_IIF:
	case RTA_PRIORITY:
	case RTA_TABLE:
	case RTA_FLOW:
	case RTA_UID:
	case RTA_MARK:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_OK;
		break;
	case RTA_PREF:
		if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
			return MNL_CB_OK;
		break;
	case RTA_METRICS:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			return MNL_CB_OK;
		break;
	case RTA_CACHEINFO:
		if (mnl_attr_validate2(a, MNL_TYPE_UNSPEC,
				       sizeof(struct rta_cacheinfo)) < 0)
			return MNL_CB_OK;
		break;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

static void route_get_addr(const struct nlattr *a, int family, uint8_t len,
			   struct inet_prefix *p)
{
	size_t size = inet_family_size(family);

	*p = (struct inet_prefix){ 0 };
	if (!a || mnl_attr_get_payload_len(a) != size)
		return;
	p->family = family;
	p->len = len;
	p->has_len = true;
	memcpy(p->bytes, mnl_attr_get_payload(a), size);
}

/* RTA_VIA: a gateway of another family than the route's. */
static void route_get_via(const struct nlattr *a, struct inet_prefix *gw)
{
	const struct rtvia *v = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	if (len < sizeof(*v) || (v->rtvia_family != AF_INET &&
				 v->rtvia_family != AF_INET6) ||
	    len - sizeof(*v) != inet_family_size(v->rtvia_family))
		return;
	*gw = (struct inet_prefix){ .family = v->rtvia_family };
	memcpy(gw->bytes, v->rtvia_addr, len - sizeof(*v));
}

static int route_metric_cb(const struct nlattr *a, void *data)
{
	struct route_entry *e = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type == RTAX_CC_ALGO) {
		size_t len = mnl_attr_get_payload_len(a);

		if (len >= sizeof(e->congctl))
			len = sizeof(e->congctl) - 1;
		memcpy(e->congctl, mnl_attr_get_payload(a), len);
		e->congctl[len] = '\0';
		e->metrics_mask |= 1u << type;
		return MNL_CB_OK;
	}
	if (type > RTAX_MAX || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	e->metrics[type] = mnl_attr_get_u32(a);
	e->metrics_mask |= 1u << type;
	return MNL_CB_OK;
}

/* The kernel counts in USER_HZ (clock_t), as ip divides it back. */
static void route_get_expires(const struct nlattr *a, struct route_entry *e)
{
	const struct rta_cacheinfo *ci = mnl_attr_get_payload(a);
	long hz = sysconf(_SC_CLK_TCK);

	if (ci->rta_expires) {
		e->expires = (int32_t)ci->rta_expires / (hz > 0 ? hz : 100);
		e->has_expires = true;
	}
}

/* RTA_MULTIPATH: struct rtnexthop after struct rtnexthop, each followed
 * by its own attributes (the gateway). */
static void route_get_nexthops(const struct nlattr *a, int family,
			       struct route_entry *e)
{
	const uint8_t *p = mnl_attr_get_payload(a);
	size_t left = mnl_attr_get_payload_len(a);

	while (left >= sizeof(struct rtnexthop) && e->n_nh < ROUTE_NH_MAX) {
		const struct rtnexthop *nh = (const void *)p;
		const struct nlattr *gw = NULL, *at;
		struct route_nh *out;
		size_t step;

		if (nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > left)
			break;
		out = &e->nh[e->n_nh++];
		*out = (struct route_nh){ .oif = nh->rtnh_ifindex,
					  .weight = nh->rtnh_hops + 1u,
					  .flags = nh->rtnh_flags };
		for (at = (const void *)(p + RTNH_ALIGN(sizeof(*nh)));
		     mnl_attr_ok(at, (int)((const uint8_t *)p + nh->rtnh_len -
					   (const uint8_t *)at));
		     at = mnl_attr_next(at))
			if (mnl_attr_get_type(at) == RTA_GATEWAY)
				gw = at;
			else if (mnl_attr_get_type(at) == RTA_VIA)
				route_get_via(at, &out->gw);
			else if (mnl_attr_get_type(at) == RTA_FLOW &&
				 mnl_attr_validate(at, MNL_TYPE_U32) == 0) {
				out->realms = mnl_attr_get_u32(at);
				out->has_realms = true;
			}
		if (gw)
			route_get_addr(gw, family, 0, &out->gw);
		step = (size_t)RTNH_ALIGN(nh->rtnh_len);
		if (step >= left)
			break;
		left -= step;
		p += step;
	}
}

/* What get answers with, and the rarer attributes. */
static void route_fill_more(struct route_entry *e, const struct rtmsg *rtm,
			    const struct nlattr **tb)
{
	if (tb[RTA_VIA] && !e->gw.family)
		route_get_via(tb[RTA_VIA], &e->gw);
	route_get_addr(tb[RTA_SRC], rtm->rtm_family, rtm->rtm_src_len,
		       &e->from);
	if (!e->from.family && rtm->rtm_src_len)
		e->from = (struct inet_prefix){ .family = rtm->rtm_family,
						.len = rtm->rtm_src_len,
						.has_len = true };
	if (tb[RTA_FLOW]) {
		e->realms = mnl_attr_get_u32(tb[RTA_FLOW]);
		e->has_realms = true;
	}
	if (tb[RTA_UID]) {
		e->uid = mnl_attr_get_u32(tb[RTA_UID]);
		e->has_uid = true;
	}
	if (tb[RTA_MARK])
		e->mark = mnl_attr_get_u32(tb[RTA_MARK]);
	if (tb[RTA_IIF])
		e->iif = (int)mnl_attr_get_u32(tb[RTA_IIF]);
}

static void route_fill(struct route_entry *e, const struct rtmsg *rtm,
		       const struct nlattr **tb)
{
	int fam = rtm->rtm_family;

	*e = (struct route_entry){ .family = fam, .type = rtm->rtm_type,
				   .protocol = rtm->rtm_protocol,
				   .scope = rtm->rtm_scope,
				   .table = rtm->rtm_table,
				   .flags = rtm->rtm_flags,
				   .tos = rtm->rtm_tos };
	route_get_addr(tb[RTA_DST], fam, rtm->rtm_dst_len, &e->dst);
	if (!e->dst.family)
		e->dst = (struct inet_prefix){ .family = fam,
					       .len = rtm->rtm_dst_len,
					       .has_len = true };
	route_get_addr(tb[RTA_GATEWAY], fam, 0, &e->gw);
	route_get_addr(tb[RTA_PREFSRC], fam, 0, &e->prefsrc);
	if (tb[RTA_TABLE])
		e->table = mnl_attr_get_u32(tb[RTA_TABLE]);
	if (tb[RTA_OIF])
		e->oif = (int)mnl_attr_get_u32(tb[RTA_OIF]);
	if (tb[RTA_PRIORITY]) {
		e->metric = mnl_attr_get_u32(tb[RTA_PRIORITY]);
		e->has_metric = true;
	}
	if (tb[RTA_PREF]) {
		e->pref = mnl_attr_get_u8(tb[RTA_PREF]);
		e->has_pref = true;
	}
	if (tb[RTA_METRICS])
		mnl_attr_parse_nested(tb[RTA_METRICS], route_metric_cb, e);
	if (tb[RTA_CACHEINFO])
		route_get_expires(tb[RTA_CACHEINFO], e);
	if (tb[RTA_MULTIPATH])
		route_get_nexthops(tb[RTA_MULTIPATH], fam, e);
	route_fill_more(e, rtm, tb);
}

int route_entry_parse(const struct nlmsghdr *nlh, struct route_entry *e)
{
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) ||
	    (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) ||
	    mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, tb) < 0)
		return -EINVAL;
	route_fill(e, rtm, tb);
	return 0;
}

int route_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct route_dump_ctx *ctx = data;
	struct route_table *tab = ctx->tab;
	struct route_entry e;

	if (route_entry_parse(nlh, &e) < 0)
		return MNL_CB_OK;
	/* Cached clones are the kernel's, not the table's (ip hides them). */
	if ((rtm->rtm_flags & RTM_F_CLONED) || !route_filter_match(ctx->f, &e))
		return MNL_CB_OK;
	if (tab->n == ctx->cap) {
		size_t cap = ctx->cap ? 2 * ctx->cap : 16;
		struct route_entry *r = reallocarray(tab->routes, cap,
						     sizeof(*r));

		if (!r) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		tab->routes = r;
		ctx->cap = cap;
	}
	tab->routes[tab->n++] = e;
	return MNL_CB_OK;
}

void route_dump_reset(void *data)
{
	struct route_dump_ctx *ctx = data;

	ctx->tab->n = 0;
}

int route_dump_run(struct nl *nl, const struct route_filter *f,
		   mnl_cb_t cb, nl_reset_fn reset, void *data,
		   const char *what, struct nsx_err *err)
{
	char buf[ROUTE_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	int on = 1, off = 0, r;

	rtm->rtm_family = (uint8_t)f->family;
	if (!f->table)
		return nl_dump(nl, nlh, cb, reset, data, what, err);
	/* The kernel looks the table up itself, as for ip, and says when
	 * there is no such table ("FIB table does not exist"); only a
	 * strictly checked dump takes RTA_TABLE, and only for this one. */
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_TABLE, f->table))
		return nl_full(err, what);
	if (mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &on,
				  sizeof(on)) < 0)
		return nsx_fail(err, errno, "%s: strict checking", what);
	r = nl_dump(nl, nlh, cb, reset, data, what, err);
	mnl_socket_setsockopt(nl->sock, NETLINK_GET_STRICT_CHK, &off,
			      sizeof(off));
	return r;
}

int route_dump(struct nl *nl, const struct route_filter *f,
	       struct route_table *tab, struct nsx_err *err)
{
	struct route_dump_ctx ctx = { .tab = tab, .f = f };
	int r;

	*tab = (struct route_table){ 0 };
	r = route_dump_run(nl, f, route_dump_cb, route_dump_reset, &ctx,
			   "route dump", err);
	/* A namespace with no route yet has no main table: ip shows it
	 * empty (but fails to flush it). */
	if (r == -ENOENT && f->table == RT_TABLE_MAIN) {
		*err = (struct nsx_err){ 0 };
		return 0;
	}
	if (r < 0)
		route_table_free(tab);
	return r;
}

void route_table_free(struct route_table *tab)
{
	free(tab->routes);
	*tab = (struct route_table){ 0 };
}
