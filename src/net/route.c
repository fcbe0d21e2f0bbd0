/* route.c - a route line's verb; add, change, replace, append, prepend
 * and delete routes */
#include <errno.h>
#include <stddef.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "route_int.h"

/* The order of enum route_op, then the other spellings. */
static const char *const verbs[] = {
	"show", "add", "del", "replace", "change", "append", "prepend",
	"flush", "get", "list", "delete", "lst", NULL,
};
static const enum route_op ops[] = {
	ROUTE_SHOW, ROUTE_ADD, ROUTE_DEL, ROUTE_REPLACE, ROUTE_CHANGE,
	ROUTE_APPEND, ROUTE_PREPEND, ROUTE_FLUSH, ROUTE_GET, ROUTE_SHOW,
	ROUTE_DEL, ROUTE_SHOW,
};

int route_cmd_parse(int argc, char **argv, struct route_req *req,
		    struct nsx_err *err)
{
	const char *verb = verbs[0];
	int first, v = 0;

	*req = (struct route_req){ .op = ROUTE_SHOW, .table = RT_TABLE_MAIN };
	v = net_parse_head(&argc, argv, "route", verbs, &req->opts, &verb,
			   &first, err);
	if (v < 0 || req->opts.help)
		return v < 0 ? v : 0;
	if (req->opts.brief || req->opts.details)
		return nsx_failx(err, NSX_EUSAGE, "route: '%s' is ip's, nsx "
				 "does not support it",
				 req->opts.brief ? "-br" : "-d");
	req->op = ops[v];
	argc -= first;
	argv += first;
	switch (req->op) {
	case ROUTE_SHOW:
	case ROUTE_FLUSH:
		return route_parse_filter(argc, argv, req, err);
	case ROUTE_GET:
		return route_parse_get(argc, argv, req, err);
	default:
		return route_parse_modify(argc, argv, req, err);
	}
}

/* ---- requests ---- */

const char *route_req_str(const struct route_req *req, char *buf,
			  size_t size)
{
	char dst[INET_PREFIX_STRLEN], gw[INET_PREFIX_STRLEN];

	snprintf(buf, size, "route %s %s%s%s%s%s", verbs[req->op],
		 req->dst_default ? "default" :
		 inet_prefix_str(&req->dst, true, dst, sizeof(dst)),
		 req->has_gw ? " via " : "",
		 req->has_gw ? inet_prefix_str(&req->gw, false, gw, sizeof(gw)) :
		 "", req->dev[0] ? " dev " : "", req->dev);
	return buf;
}

/* A gateway: RTA_GATEWAY in the route's family, RTA_VIA in another. */
static bool route_put_gw(struct nlmsghdr *nlh, int family,
			 const struct inet_prefix *gw)
{
	size_t len = inet_family_size(gw->family);
	/* struct rtvia ends in a flexible array: its family, then the
	 * address, laid out in bytes. */
	uint8_t via[sizeof(struct rtvia) + 16];
	__kernel_sa_family_t fam = (__kernel_sa_family_t)gw->family;

	if (gw->family == family)
		return mnl_attr_put_check(nlh, ROUTE_MSG_SIZE, RTA_GATEWAY, len,
					  gw->bytes);
	memcpy(via + offsetof(struct rtvia, rtvia_family), &fam, sizeof(fam));
	memcpy(via + offsetof(struct rtvia, rtvia_addr), gw->bytes, len);
	return mnl_attr_put_check(nlh, ROUTE_MSG_SIZE, RTA_VIA,
				  sizeof(struct rtvia) + len, via);
}

/* The scope ip gives a route it is not told one for. */
static uint8_t route_scope(const struct route_req *req, bool del)
{
	if (req->family == AF_INET6)
		return RT_SCOPE_UNIVERSE;
	switch (req->type) {
	case RTN_LOCAL:
	case RTN_NAT:
		return RT_SCOPE_HOST;
	case RTN_BROADCAST:
	case RTN_MULTICAST:
	case RTN_ANYCAST:
		return RT_SCOPE_LINK;
	case RTN_UNSPEC:
	case RTN_UNICAST:
		if (del)
			return RT_SCOPE_NOWHERE;
		return req->has_gw || req->n_nh ? RT_SCOPE_UNIVERSE
						: RT_SCOPE_LINK;
	}
	return del ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
}

/* rtmsg fields as iproute2 sets them, so routes look the same to both. */
static void route_fill_rtmsg(struct rtmsg *rtm, const struct route_req *req,
			     bool del)
{
	uint32_t table = req->table;
	uint8_t t = req->type;

	if (!req->has_table && (t == RTN_LOCAL || t == RTN_BROADCAST ||
				t == RTN_NAT || t == RTN_ANYCAST))
		table = RT_TABLE_LOCAL;
	rtm->rtm_family = (uint8_t)req->family;
	rtm->rtm_dst_len = req->dst.len;
	rtm->rtm_tos = req->tos;
	rtm->rtm_table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	rtm->rtm_type = req->type || del ? req->type : RTN_UNICAST;
	rtm->rtm_protocol = req->has_protocol ? req->protocol :
			    del ? RTPROT_UNSPEC : RTPROT_BOOT;
	rtm->rtm_scope = req->has_scope ? req->scope : route_scope(req, del);
	if (req->onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
}

/* RTA_METRICS, with RTAX_LOCK for the locked ones. */
static bool route_put_metrics(struct nlmsghdr *nlh,
			      const struct route_req *req)
{
	struct nlattr *nest;
	bool ok = true;

	if (!req->metrics_mask)
		return true;
	if (!(nest = mnl_attr_nest_start_check(nlh, ROUTE_MSG_SIZE,
					       RTA_METRICS)))
		return false;
	for (int m = 1; m <= RTAX_MAX; m++) {
		if (!(req->metrics_mask & (1u << m)))
			continue;
		if (m == RTAX_CC_ALGO)
			ok &= mnl_attr_put_check(nlh, ROUTE_MSG_SIZE, (uint16_t)m,
						 strlen(req->congctl),
						 req->congctl);
		else
			ok &= mnl_attr_put_u32_check(nlh, ROUTE_MSG_SIZE,
						     (uint16_t)m,
						     req->metrics[m]);
	}
	if (req->lock)
		ok &= mnl_attr_put_u32_check(nlh, ROUTE_MSG_SIZE, RTAX_LOCK,
					     req->lock);
	mnl_attr_nest_end(nlh, nest);
	return ok;
}

/* RTA_MULTIPATH: a struct rtnexthop then its attributes, for each. */
static bool route_put_nexthops(struct nlmsghdr *nlh,
			       const struct route_req *req, const int *oifs)
{
	struct nlattr *nest;
	bool ok = true;

	if (!req->n_nh)
		return true;
	if (!(nest = mnl_attr_nest_start_check(nlh, ROUTE_MSG_SIZE,
					       RTA_MULTIPATH)))
		return false;
	for (size_t k = 0; ok && k < req->n_nh; k++) {
		const struct route_nh_req *nh = &req->nh[k];
		struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(nlh);

		if (nlh->nlmsg_len + RTNH_ALIGN(sizeof(*rtnh)) > ROUTE_MSG_SIZE)
			return false;
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		*rtnh = (struct rtnexthop){
			.rtnh_ifindex = oifs[k],
			.rtnh_hops = (uint8_t)(nh->weight ? nh->weight - 1 : 0),
			.rtnh_flags = nh->onlink ? RTNH_F_ONLINK : 0 };
		if (nh->gw.family)
			ok &= route_put_gw(nlh, req->family, &nh->gw);
		if (nh->has_realms)
			ok &= mnl_attr_put_u32_check(nlh, ROUTE_MSG_SIZE,
						     RTA_FLOW, nh->realms);
		rtnh->rtnh_len = (unsigned short)((char *)
			mnl_nlmsg_get_payload_tail(nlh) - (char *)rtnh);
	}
	mnl_attr_nest_end(nlh, nest);
	return ok;
}

static bool route_put_attrs(struct nlmsghdr *nlh, const struct route_req *req,
			    int oif, const int *oifs)
{
	const size_t size = ROUTE_MSG_SIZE;
	bool ok = true;

	if (req->table >= 256)
		ok &= mnl_attr_put_u32_check(nlh, size, RTA_TABLE, req->table);
	if (req->dst.len)
		ok &= mnl_attr_put_check(nlh, size, RTA_DST,
					 inet_family_size(req->family),
					 req->dst.bytes);
	if (req->has_gw)
		ok &= route_put_gw(nlh, req->family, &req->gw);
	if (req->has_src)
		ok &= mnl_attr_put_check(nlh, size, RTA_PREFSRC,
					 inet_family_size(req->family),
					 req->src.bytes);
	if (oif)
		ok &= mnl_attr_put_u32_check(nlh, size, RTA_OIF, (uint32_t)oif);
	if (req->has_metric)
		ok &= mnl_attr_put_u32_check(nlh, size, RTA_PRIORITY,
					     req->metric);
	if (req->has_expires)
		ok &= mnl_attr_put_u32_check(nlh, size, RTA_EXPIRES,
					     req->expires);
	if (req->has_pref)
		ok &= mnl_attr_put_u8_check(nlh, size, RTA_PREF, req->pref);
	if (req->has_realms)
		ok &= mnl_attr_put_u32_check(nlh, size, RTA_FLOW, req->realms);
	return ok && route_put_metrics(nlh, req) &&
	       route_put_nexthops(nlh, req, oifs);
}

/* The index of dev in nl's namespace ("dev X: no such device", ip's 1). */
static int route_dev(struct nl *nl, const char *dev, int *ifindex,
		     struct nsx_err *err)
{
	struct link_info li;
	int r;

	*ifindex = 0;
	if (!dev[0])
		return 0;
	r = link_get(nl, dev, &li, err);
	/* The word the user wrote leads the message: "dev X: ...". */
	if (r == -ENODEV)
		return nsx_failx(err, ENODEV, "dev %s: no such device in %s",
				 dev, nl->label);
	if (r < 0)
		return r;
	*ifindex = li.ifindex;
	return 0;
}

int route_send(struct nl *nl, const struct route_req *req, uint16_t type,
	       uint16_t flags, struct nsx_err *err)
{
	char buf[ROUTE_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	int oifs[ROUTE_NH_MAX] = { 0 }, oif, r;
	char what[160];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	if ((r = route_dev(nl, req->dev, &oif, err)) < 0)
		return r;
	for (size_t k = 0; k < req->n_nh; k++) {
		r = route_dev(nl, req->nh[k].dev, &oifs[k], err);
		/* ip reads a next hop's device with the line: 255 */
		if (r == -ENODEV) {
			err->code = NSX_EUSAGE;
			return -NSX_EUSAGE;
		}
		if (r < 0)
			return r;
	}
	nlh = nl_msg(nl, buf, type, flags);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	route_fill_rtmsg(rtm, req, type == RTM_DELROUTE);
	route_req_str(req, what, sizeof(what));
	if (!route_put_attrs(nlh, req, oif, oifs))
		return nl_full(err, what);
	r = nl_talk(nl, nlh, NULL, NULL, what, err);
	/* The kernel's "No such process" means no route matched. */
	if (r == -ESRCH && type == RTM_DELROUTE) {
		nsx_failx(err, ESRCH, "%s: no such route", what);
		err->kernel = true; /* still the kernel's answer */
	}
	return r;
}

int route_apply(struct nl *nl, const struct route_req *req,
		struct nsx_err *err)
{
	switch (req->op) {
	case ROUTE_ADD:
		return route_send(nl, req, RTM_NEWROUTE,
				  NLM_F_CREATE | NLM_F_EXCL, err);
	case ROUTE_REPLACE:
		return route_send(nl, req, RTM_NEWROUTE,
				  NLM_F_CREATE | NLM_F_REPLACE, err);
	case ROUTE_CHANGE:
		return route_send(nl, req, RTM_NEWROUTE, NLM_F_REPLACE, err);
	case ROUTE_APPEND:
		return route_send(nl, req, RTM_NEWROUTE,
				  NLM_F_CREATE | NLM_F_APPEND, err);
	case ROUTE_PREPEND:
		return route_send(nl, req, RTM_NEWROUTE, NLM_F_CREATE, err);
	case ROUTE_DEL:
		return route_send(nl, req, RTM_DELROUTE, 0, err);
	case ROUTE_FLUSH:
		return route_flush(nl, req, err);
	default:
		return nsx_failx(err, EINVAL, "route %s: not a change",
				 verbs[req->op]);
	}
}
