/* route.c - parse "route" requests; add, replace and delete routes */
#include <errno.h>
#include <getopt.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "nsx/net/route.h"

static const struct {
	uint8_t id;
	const char *name;
} protocols[] = {
	{ RTPROT_UNSPEC, "unspec" },	{ RTPROT_REDIRECT, "redirect" },
	{ RTPROT_KERNEL, "kernel" },	{ RTPROT_BOOT, "boot" },
	{ RTPROT_STATIC, "static" },	{ RTPROT_RA, "ra" },
	{ RTPROT_ZEBRA, "zebra" },	{ RTPROT_BIRD, "bird" },
	{ RTPROT_DHCP, "dhcp" },	{ RTPROT_KEEPALIVED, "keepalived" },
	{ RTPROT_BABEL, "babel" },	{ RTPROT_BGP, "bgp" },
	{ RTPROT_ISIS, "isis" },	{ RTPROT_OSPF, "ospf" },
	{ RTPROT_RIP, "rip" },		{ RTPROT_EIGRP, "eigrp" },
	/* Not in the kernel's headers; /etc/iproute2/rt_protos names them. */
	{ 8, "gated" },			{ 10, "mrt" },
	{ 13, "dnrouted" },		{ 14, "xorp" },
	{ 15, "ntk" },			{ 99, "openr" },
};

static const char *const types[] = {
	[RTN_UNSPEC] = "none",	       [RTN_UNICAST] = "unicast",
	[RTN_LOCAL] = "local",	       [RTN_BROADCAST] = "broadcast",
	[RTN_ANYCAST] = "anycast",     [RTN_MULTICAST] = "multicast",
	[RTN_BLACKHOLE] = "blackhole", [RTN_UNREACHABLE] = "unreachable",
	[RTN_PROHIBIT] = "prohibit",   [RTN_THROW] = "throw",
	[RTN_NAT] = "nat",	       [RTN_XRESOLVE] = "xresolve",
};

const char *route_protocol_name(uint8_t proto, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(protocols); i++)
		if (protocols[i].id == proto)
			return protocols[i].name;
	snprintf(buf, size, "%u", proto);
	return buf;
}

const char *route_type_name(uint8_t type, char *buf, size_t size)
{
	if (type < ARRAY_SIZE(types) && types[type])
		return types[type];
	snprintf(buf, size, "%u", type);
	return buf;
}

const char *route_table_name(uint32_t table, char *buf, size_t size)
{
	switch (table) {
	case RT_TABLE_MAIN:
		return "main";
	case RT_TABLE_LOCAL:
		return "local";
	case RT_TABLE_DEFAULT:
		return "default";
	}
	snprintf(buf, size, "%u", table);
	return buf;
}

/* ---- the command words ---- */

static int route_parse_table(const char *w, bool show, uint32_t *table,
			     struct nsx_err *err)
{
	unsigned long v;

	if (!w)
		return nsx_failx(err, NSX_EUSAGE, "table: missing table");
	if (streq(w, "main"))
		*table = RT_TABLE_MAIN;
	else if (streq(w, "local"))
		*table = RT_TABLE_LOCAL;
	else if (streq(w, "default"))
		*table = RT_TABLE_DEFAULT;
	else if (show && streq(w, "all"))
		*table = 0;
	else if (parse_ulong(w, UINT32_MAX, &v) == 0 && v > 0)
		*table = (uint32_t)v;
	else
		return nsx_failx(err, EINVAL,
				 "table %s: not a table (main, local, %s1..%u)",
				 w, show ? "all, " : "", UINT32_MAX);
	return 0;
}

static int route_parse_dst(const char *w, struct route_req *req,
			   struct nsx_err *err)
{
	static const char *const words[] = { "via", "dev", "src", "metric",
					     "table", "onlink", "to", NULL };
	const char *near = nsx_closest(w, words);

	if (net_refuse_ip_word("route", w, err) < 0)
		return -NSX_EUSAGE;
	if (req->has_dst && near)
		return nsx_failx(err, NSX_EUSAGE, "route: unexpected '%s' (did "
				 "you mean '%s'?)", w, near);
	if (req->has_dst)
		return nsx_failx(err, NSX_EUSAGE, "route: unexpected '%s'", w);
	req->has_dst = true;
	if (streq(w, "default")) {
		req->dst_default = true;
		req->dst = (struct inet_prefix){ .family = AF_INET,
						 .has_len = true };
		return 0;
	}
	return inet_parse_prefix(w, &req->dst, err);
}

/* One keyword and its value at argv[*i]; advances *i past the value. */
static int route_parse_word(int argc, char **argv, int *i,
			    struct route_req *req, struct nsx_err *err)
{
	const char *w = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;
	bool show = req->op == ROUTE_SHOW;
	unsigned long n;

	if (streq(w, "dev")) {
		++*i;
		return net_parse_dev(v, req->dev, err);
	}
	if (streq(w, "table")) {
		++*i;
		return route_parse_table(v, show, &req->table, err);
	}
	if (show && net_refuse_ip_word("route", w, err) < 0)
		return -NSX_EUSAGE;
	if (show)
		return nsx_failx(err, NSX_EUSAGE, "route show: unexpected '%s'",
				 w);
	if (streq(w, "onlink")) {
		req->onlink = true;
		return 0;
	}
	if (!streq(w, "via") && !streq(w, "src") && !streq(w, "metric") &&
	    !streq(w, "priority") && !streq(w, "to"))
		return route_parse_dst(w, req, err);
	if (!v)
		return nsx_failx(err, NSX_EUSAGE, "%s: missing value", w);
	++*i;
	if (streq(w, "via")) {
		req->has_gw = true;
		return inet_parse_ip(v, &req->gw, err);
	}
	if (streq(w, "src")) {
		req->has_src = true;
		return inet_parse_ip(v, &req->src, err);
	}
	if (streq(w, "to"))
		return route_parse_dst(v, req, err);
	if (parse_ulong(v, UINT32_MAX, &n) < 0)
		return nsx_failx(err, EINVAL,
				 "%s %s: not a number from 0 to %u", w, v,
				 UINT32_MAX);
	req->metric = (uint32_t)n;
	req->has_metric = true;
	return 0;
}

/* The family every address of the request agrees on, or an error. */
static int route_check_family(struct route_req *req, int forced,
			      struct nsx_err *err)
{
	const struct inet_prefix *with[] = {
		req->dst_default ? NULL : &req->dst,
		req->has_gw ? &req->gw : NULL,
		req->has_src ? &req->src : NULL,
	};

	/* A bare "default" is IPv4 as in ip, unless -6 or the gateway
	 * says otherwise. -4/-6 holds for the destination too, as with ip. */
	if (req->dst_default)
		req->dst.family = forced ? forced :
			req->has_gw ? req->gw.family : AF_INET;
	req->family = forced ? forced : req->dst.family;
	for (size_t k = 0; k < ARRAY_SIZE(with); k++) {
		if (!with[k] || with[k]->family == req->family)
			continue;
		if (forced)
			return nsx_failx(err, EAFNOSUPPORT, "route: -%c given for "
					 "an %s address",
					 forced == AF_INET ? '4' : '6',
					 forced == AF_INET ? "IPv6" : "IPv4");
		return nsx_failx(err, EINVAL,
				 "route: IPv4 and IPv6 addresses mixed");
	}
	return 0;
}

static int route_parse_words(int argc, char **argv, const char *verb,
			     struct route_req *req, struct nsx_err *err)
{
	for (int i = 0; i < argc; i++)
		if (route_parse_word(argc, argv, &i, req, err) < 0)
			return -err->code;
	if (req->op == ROUTE_SHOW) {
		req->family = req->opts.family;
		return 0;
	}
	if (!req->has_dst)
		return nsx_failx(err, NSX_EUSAGE, "route %s: missing "
				 "destination ('default' or a CIDR)", verb);
	if (req->op != ROUTE_DEL && !req->has_gw && !req->dev[0])
		return nsx_failx(err, NSX_EUSAGE,
				 "route %s: needs 'via GW' or 'dev DEV'", verb);
	return route_check_family(req, req->opts.family, err);
}

int route_cmd_parse(int argc, char **argv, struct route_req *req,
		    struct nsx_err *err)
{
	/* The order of enum route_op, then the other spellings. */
	static const char *const verbs[] = { "show", "add", "del", "replace",
					     "list", "delete", NULL };
	static const enum route_op ops[] = { ROUTE_SHOW, ROUTE_ADD, ROUTE_DEL,
					     ROUTE_REPLACE, ROUTE_SHOW,
					     ROUTE_DEL };
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
	return route_parse_words(argc - first, argv + first, verb, req, err);
}

/* ---- requests ---- */

const char *route_req_str(const struct route_req *req, char *buf,
			  size_t size)
{
	static const char *const verbs[] = { "show", "add", "del", "replace" };
	char dst[INET_PREFIX_STRLEN], gw[INET_PREFIX_STRLEN];

	snprintf(buf, size, "route %s %s%s%s%s%s", verbs[req->op],
		 req->dst_default ? "default" :
		 inet_prefix_str(&req->dst, true, dst, sizeof(dst)),
		 req->has_gw ? " via " : "",
		 req->has_gw ? inet_prefix_str(&req->gw, false, gw, sizeof(gw)) :
		 "", req->dev[0] ? " dev " : "", req->dev);
	return buf;
}

static bool route_put_addr(struct nlmsghdr *nlh, uint16_t type,
			   const struct inet_prefix *p)
{
	return mnl_attr_put_check(nlh, ROUTE_MSG_SIZE, type,
				  inet_family_size(p->family), p->bytes);
}

/* rtmsg fields as iproute2 sets them, so routes look the same to both. */
static void route_fill_rtmsg(struct rtmsg *rtm, const struct route_req *req)
{
	rtm->rtm_family = (uint8_t)req->family;
	rtm->rtm_dst_len = req->dst.len;
	rtm->rtm_table = req->table < 256 ? (uint8_t)req->table :
					    RT_TABLE_UNSPEC;
	if (req->op == ROUTE_DEL) {
		/* Any scope, type and protocol matches. */
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
		return;
	}
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_type = RTN_UNICAST;
	rtm->rtm_scope = req->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	if (req->onlink)
		rtm->rtm_flags |= RTNH_F_ONLINK;
}

int route_apply(struct nl *nl, const struct route_req *req,
		struct nsx_err *err)
{
	char buf[ROUTE_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	char what[160];
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint16_t flags = 0;
	int ifindex = 0, r;
	bool ok = true;

	if (req->op == ROUTE_SHOW)
		return nsx_failx(err, EINVAL, "route: nothing to apply");
	if (req->dev[0]) {
		struct link_info li;

		r = link_get(nl, req->dev, &li, err);
		/* The word the user wrote leads the message: "dev X: ...". */
		if (r == -ENODEV)
			return nsx_failx(err, ENODEV, "dev %s: no such device "
					 "in %s", req->dev, nl->label);
		if (r < 0)
			return r;
		ifindex = li.ifindex;
	}
	if (req->op == ROUTE_ADD)
		flags = NLM_F_CREATE | NLM_F_EXCL;
	else if (req->op == ROUTE_REPLACE)
		flags = NLM_F_CREATE | NLM_F_REPLACE;
	nlh = nl_msg(nl, buf, req->op == ROUTE_DEL ? RTM_DELROUTE :
						       RTM_NEWROUTE, flags);
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	route_fill_rtmsg(rtm, req);
	if (req->table >= 256)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_TABLE,
					     req->table);
	if (req->dst.len)
		ok &= route_put_addr(nlh, RTA_DST, &req->dst);
	if (req->has_gw)
		ok &= route_put_addr(nlh, RTA_GATEWAY, &req->gw);
	if (req->has_src)
		ok &= route_put_addr(nlh, RTA_PREFSRC, &req->src);
	if (ifindex)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_OIF,
					     (uint32_t)ifindex);
	if (req->has_metric)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_PRIORITY,
					     req->metric);
	route_req_str(req, what, sizeof(what));
	if (!ok)
		return nl_full(err, what);
	r = nl_talk(nl, nlh, NULL, NULL, what, err);
	/* The kernel's "No such process" means no route matched. */
	if (r == -ESRCH && req->op == ROUTE_DEL) {
		nsx_failx(err, ESRCH, "%s: no such route", what);
		err->kernel = true; /* still the kernel's answer */
	}
	return r;
}
