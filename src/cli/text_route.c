/* text_route.c - a route as ip route show prints it in text, and the
 * words of a route that the text, the JSON and the table share */
#include <linux/rtnetlink.h>

#include "nsx/cli/cmd_net.h"
#include "nsx/net/addr.h"
#include "nsx/net/route.h"

/* ip's names of the metrics with a number for value, by RTAX_*. */
const char *const cmd_route_metric_names[RTAX_MAX + 1] = {
	[RTAX_MTU] = "mtu", [RTAX_WINDOW] = "window",
	[RTAX_SSTHRESH] = "ssthresh", [RTAX_CWND] = "cwnd",
	[RTAX_ADVMSS] = "advmss", [RTAX_REORDERING] = "reordering",
	[RTAX_HOPLIMIT] = "hoplimit", [RTAX_INITCWND] = "initcwnd",
	[RTAX_INITRWND] = "initrwnd", [RTAX_QUICKACK] = "quickack",
	[RTAX_FASTOPEN_NO_COOKIE] = "fastopen_no_cookie",
};

const char *cmd_route_dev(const struct addr_table *links, int ifindex,
			  char *buf, size_t size)
{
	const struct addr_link *l = addr_table_find(links, ifindex);

	if (l)
		return l->li.ifname;
	snprintf(buf, size, "if%d", ifindex);
	return buf;
}

const char *cmd_route_dst(const struct inet_prefix *dst, char *buf,
			  size_t size)
{
	if (dst->len == 0)
		return "default";
	/* A host route is written without its /32 or /128, as ip does. */
	return inet_prefix_str(dst, dst->len != inet_family_size(dst->family) * 8,
			       buf, size);
}

const char *cmd_route_pref(uint8_t pref)
{
	switch (pref) {
	case 0x3: /* ICMPV6_ROUTER_PREF_LOW */
		return "low";
	case 0x1:
		return "high";
	case 0x0:
		return "medium";
	default:
		return "invalid";
	}
}

size_t cmd_route_flag_names(uint32_t flags, const char **w)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{ RTNH_F_DEAD, "dead" },	 { RTNH_F_ONLINK, "onlink" },
		{ RTNH_F_PERVASIVE, "pervasive" }, { RTNH_F_OFFLOAD, "offload" },
		{ RTNH_F_TRAP, "trap" },	 { RTM_F_NOTIFY, "notify" },
		{ RTNH_F_LINKDOWN, "linkdown" }, { RTNH_F_UNRESOLVED, "unresolved" },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag)
			w[n++] = names[i].name;
	return n;
}

static void text_flags(FILE *out, uint32_t flags)
{
	const char *w[8];
	size_t n = cmd_route_flag_names(flags, w);

	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s ", w[i]);
}

/* "\tnexthop via GW dev DEV weight N" for each hop of a multipath. */
static void text_nexthops(FILE *out, const struct addr_table *links,
			  const struct route_entry *e,
			  const struct cmd_net_show *o)
{
	char buf[INET_PREFIX_STRLEN + 16];

	for (size_t i = 0; i < e->n_nh; i++) {
		const struct route_nh *nh = &e->nh[i];

		fprintf(out, "%s\tnexthop ", CMD_NET_SL(o));
		if (nh->gw.family)
			fprintf(out, "via %s ", inet_prefix_str(&nh->gw, false,
								buf, sizeof(buf)));
		fprintf(out, "dev %s ", cmd_route_dev(links, nh->oif, buf,
						      sizeof(buf)));
		fprintf(out, "weight %u ", nh->weight);
		text_flags(out, nh->flags);
	}
}

/* What ip prints after the flags: expires, metrics, pref, next hops. */
static void text_tail(FILE *out, const struct addr_table *links,
		      const struct route_entry *e,
		      const struct cmd_net_show *o)
{
	if (e->has_expires)
		fprintf(out, "expires %dsec ", e->expires);
	for (int m = 0; m <= RTAX_MAX; m++)
		if (cmd_route_metric_names[m] && (e->metrics_mask & (1u << m)))
			fprintf(out, "%s %u ", cmd_route_metric_names[m],
				e->metrics[m]);
	if (e->has_pref)
		fprintf(out, "pref %s", cmd_route_pref(e->pref));
	text_nexthops(out, links, e, o);
}

void text_route(FILE *out, const struct addr_table *links,
		const struct route_entry *e, unsigned what,
		const struct cmd_net_show *o)
{
	char buf[INET_PREFIX_STRLEN + 16];
	bool d = o->details;

	if (e->type != RTN_UNICAST || d)
		fprintf(out, "%s ", route_type_name(e->type, buf, sizeof(buf)));
	fprintf(out, "%s ", cmd_route_dst(&e->dst, buf, sizeof(buf)));
	if (e->tos)
		fprintf(out, "tos 0x%02x ", e->tos);
	if (e->gw.family)
		fprintf(out, "via %s ", inet_prefix_str(&e->gw, false, buf,
							sizeof(buf)));
	if (e->oif && (what & CMD_ROUTE_DEV))
		fprintf(out, "dev %s ", cmd_route_dev(links, e->oif, buf,
						      sizeof(buf)));
	if ((what & CMD_ROUTE_TABLE) && e->table &&
	    (e->table != RT_TABLE_MAIN || d))
		fprintf(out, "table %s ", route_table_name(e->table, buf,
							   sizeof(buf)));
	if (e->protocol != RTPROT_BOOT || d)
		fprintf(out, "proto %s ", route_protocol_name(e->protocol, buf,
							      sizeof(buf)));
	if (e->scope != RT_SCOPE_UNIVERSE || d)
		fprintf(out, "scope %s ", addr_scope_name(e->scope, buf,
							  sizeof(buf)));
	if (e->prefsrc.family)
		fprintf(out, "src %s ", inet_prefix_str(&e->prefsrc, false, buf,
							sizeof(buf)));
	if (e->has_metric)
		fprintf(out, "metric %u ", e->metric);
	text_flags(out, e->flags);
	text_tail(out, links, e, o);
	fputc('\n', out);
}
