/* cmd_route_get.c - nsx route get: the kernel's answer, printed as ip
 * route get prints it, text or JSON from one code path */
#include <errno.h>
#include <linux/in_route.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <sys/socket.h>

#include "nsx/cli/cmd_route.h"
#include "nsx/lib/json.h"
#include "nsx/net/addr.h"

/* Where a field goes: ip's "key value " in text, "key": value in JSON. */
struct emit {
	struct json j;
	bool json;
};

static void put_str(struct emit *o, const char *key, const char *word,
		    const char *val)
{
	if (o->json)
		json_str(&o->j, key, val);
	else
		printf("%s%s%s ", word ? word : "", word ? " " : "", val);
}

static void put_uint(struct emit *o, const char *key, const char *word,
		     unsigned long val)
{
	if (o->json)
		json_uint(&o->j, key, val);
	else
		printf("%s %lu ", word, val);
}

static const char *addr_text(const struct inet_prefix *p, bool with_len,
			     char *buf, size_t size)
{
	return inet_prefix_str(p, with_len && p->len !=
			       inet_family_size(p->family) * 8, buf, size);
}

static void put_dev(struct emit *o, struct nl *nl, const char *key,
		    int ifindex)
{
	struct addr_table links;
	const struct addr_link *l;
	struct nsx_err err = { 0 };
	char buf[32];

	snprintf(buf, sizeof(buf), "if%d", ifindex);
	if (addr_dump(nl, "", AF_UNSPEC, false, &links, &err) == 0) {
		if ((l = addr_table_find(&links, ifindex)))
			snprintf(buf, sizeof(buf), "%s", l->li.ifname);
		addr_table_free(&links);
	}
	put_str(o, key, key, buf);
}

/* "via GW", or "via inet6 GW" ({"via": {family, host}}) for a gateway of
 * the other family than the route's. */
static void put_gw(struct emit *o, int family, const struct inet_prefix *gw)
{
	char buf[INET_PREFIX_STRLEN];
	const char *fam = gw->family == AF_INET ? "inet" : "inet6";

	inet_prefix_str(gw, false, buf, sizeof(buf));
	if (gw->family == family) {
		put_str(o, "gateway", "via", buf);
	} else if (o->json) {
		json_obj_open(&o->j, "via");
		json_str(&o->j, "family", fam);
		json_str(&o->j, "host", buf);
		json_obj_close(&o->j);
	} else {
		printf("via %s %s ", fam, buf);
	}
}

/* RTA_FLOW: "realms FROM/TO" or "realm TO" ({"flow": {from, to}}). */
static void put_flow(struct emit *o, uint32_t realms)
{
	char a[16], b[16];
	const char *from = route_realm_name(realms >> 16, a, sizeof(a));
	const char *to = route_realm_name(realms & 0xffff, b, sizeof(b));

	if (!o->json) {
		if (realms >> 16)
			printf("realms %s/%s ", from, to);
		else
			printf("realm %s ", to);
		return;
	}
	json_obj_open(&o->j, "flow");
	if (realms >> 16)
		json_str(&o->j, "from", from);
	json_str(&o->j, "to", to);
	json_obj_close(&o->j);
}

static void put_flags(struct emit *o, uint32_t flags);

/* The next hops of a route of several, one a line in text. */
static void put_nexthops(struct emit *o, struct nl *nl,
			 const struct route_entry *e)
{
	if (o->json)
		json_arr_open(&o->j, "nexthops");
	for (size_t i = 0; i < e->n_nh; i++) {
		const struct route_nh *nh = &e->nh[i];

		if (o->json)
			json_obj_open(&o->j, NULL);
		else
			printf("\n\tnexthop ");
		if (nh->gw.family)
			put_gw(o, e->family, &nh->gw);
		if (nh->has_realms)
			put_flow(o, nh->realms);
		put_dev(o, nl, "dev", nh->oif);
		if (o->json)
			json_int(&o->j, "weight", nh->weight);
		else
			printf("weight %u ", nh->weight);
		put_flags(o, nh->flags);
		if (o->json)
			json_obj_close(&o->j);
	}
	if (o->json)
		json_arr_close(&o->j);
}

/* The flags of a route, then an IPv4 answer's "cache <local>". */
static void put_flags(struct emit *o, uint32_t flags)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} nh[] = {
		{ RTNH_F_DEAD, "dead" }, { RTNH_F_ONLINK, "onlink" },
		{ RTNH_F_PERVASIVE, "pervasive" }, { RTNH_F_OFFLOAD, "offload" },
		{ RTM_F_NOTIFY, "notify" }, { RTNH_F_LINKDOWN, "linkdown" },
		{ RTNH_F_UNRESOLVED, "unresolved" }, { RTM_F_TRAP, "rt_trap" },
	};

	if (o->json)
		json_arr_open(&o->j, "flags");
	for (size_t i = 0; i < ARRAY_SIZE(nh); i++)
		if (flags & nh[i].flag)
			put_str(o, NULL, NULL, nh[i].name);
	if (o->json)
		json_arr_close(&o->j);
}

static void put_cache(struct emit *o, const struct route_entry *e)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} cf[] = {
		{ RTCF_LOCAL, "local" }, { RTCF_REJECT, "reject" },
		{ RTCF_MULTICAST, "mc" }, { RTCF_BROADCAST, "brd" },
		{ RTCF_DNAT, "dst-nat" }, { RTCF_SNAT, "src-nat" },
		{ RTCF_MASQ, "masq" }, { RTCF_DIRECTDST, "dst-direct" },
		{ RTCF_DIRECTSRC, "src-direct" },
		{ RTCF_REDIRECTED, "redirected" },
		{ RTCF_DOREDIRECT, "redirect" }, { RTCF_FAST, "fastroute" },
		{ RTCF_NOTIFY, "notify" }, { RTCF_TPROXY, "proxy" },
	};
	uint32_t left = e->flags & ~0xFFFFu;

	if (o->json)
		json_arr_open(&o->j, "cache");
	else
		printf("\n    cache %s", left ? "<" : "");
	for (size_t i = 0; i < ARRAY_SIZE(cf); i++) {
		if (!(left & cf[i].flag))
			continue;
		left &= ~cf[i].flag;
		if (o->json)
			json_str(&o->j, NULL, cf[i].name);
		else
			printf("%s%s", cf[i].name, left ? "," : "> ");
	}
	if (o->json)
		json_arr_close(&o->j);
}

/* One metric's value as ip prints it: times in ms ("1.5s", "20ms"),
 * features by name. */
static void put_metric(struct emit *o, const struct route_entry *e, int m)
{
	const char *name = route_metric_names[m];
	uint32_t v = e->metrics[m];

	if (m == RTAX_RTT || m == RTAX_RTTVAR || m == RTAX_RTO_MIN) {
		v = m == RTAX_RTT ? v / 8 : m == RTAX_RTTVAR ? v / 4 : v;
		if (o->json)
			json_uint(&o->j, name, v);
		else if (v >= 1000)
			printf("%gs ", v / 1e3);
		else
			printf("%ums ", v);
	} else if (m == RTAX_CC_ALGO) {
		if (o->json)
			json_str(&o->j, "congestion", e->congctl);
		else
			printf("%s ", e->congctl);
	} else if (m == RTAX_FEATURES && v == RTAX_FEATURE_ECN) {
		if (o->json)
			json_null(&o->j, "ecn");
		else
			printf("ecn ");
	} else if (o->json) {
		json_uint(&o->j, name, v);
	} else {
		printf(m == RTAX_FEATURES ? "%#x " : "%u ", v);
	}
}

static void put_metrics(struct emit *o, const struct route_entry *e)
{
	uint32_t lock = (e->metrics_mask & (1u << RTAX_LOCK)) ?
			e->metrics[RTAX_LOCK] : 0;

	if (!e->metrics_mask)
		return;
	if (o->json) {
		json_arr_open(&o->j, "metrics");
		json_obj_open(&o->j, NULL);
	}
	for (int m = 2; m <= RTAX_MAX; m++) {
		if (!(e->metrics_mask & (1u << m)) || !route_metric_names[m] ||
		    (m == RTAX_HOPLIMIT && e->metrics[m] == UINT32_MAX))
			continue;
		if (!o->json)
			printf("%s %s", route_metric_names[m],
			       lock & (1u << m) ? "lock " : "");
		put_metric(o, e, m);
	}
	if (o->json) {
		json_obj_close(&o->j);
		json_arr_close(&o->j);
	}
}

/* The fields ip prints before the flags, in its order. */
static void put_head(struct emit *o, struct nl *nl, const struct route_entry *e)
{
	char buf[INET_PREFIX_STRLEN + 16];

	if (e->type != RTN_UNICAST)
		put_str(o, "type", NULL,
			route_type_name(e->type, buf, sizeof(buf)));
	put_str(o, "dst", NULL, e->dst.len == 0 ? "default" :
		addr_text(&e->dst, true, buf, sizeof(buf)));
	if (e->from.family)
		put_str(o, "from", "from", addr_text(&e->from, true, buf,
						     sizeof(buf)));
	if (e->tos)
		put_str(o, "tos", "tos",
			route_dsfield_name(e->tos, buf, sizeof(buf)));
	if (e->gw.family)
		put_gw(o, e->family, &e->gw);
	if (e->oif)
		put_dev(o, nl, "dev", e->oif);
	if (e->table && e->table != RT_TABLE_MAIN)
		put_str(o, "table", "table",
			route_table_name(e->table, buf, sizeof(buf)));
	if (!(e->flags & RTM_F_CLONED) && e->protocol != RTPROT_BOOT)
		put_str(o, "protocol", "proto",
			route_protocol_name(e->protocol, buf, sizeof(buf)));
	if (!(e->flags & RTM_F_CLONED) && e->scope != RT_SCOPE_UNIVERSE)
		put_str(o, "scope", "scope",
			route_scope_name(e->scope, buf, sizeof(buf)));
	if (e->prefsrc.family)
		put_str(o, "prefsrc", "src", inet_prefix_str(&e->prefsrc, false,
							     buf, sizeof(buf)));
	if (e->has_metric)
		put_uint(o, "metric", "metric", e->metric);
}

static void put_route(struct emit *o, struct nl *nl, const struct route_entry *e)
{
	static const char *const prefs[] = { "medium", "high", "", "low" };

	if (o->json)
		json_obj_open(&o->j, NULL);
	put_head(o, nl, e);
	put_flags(o, e->flags);
	if (e->mark)
		put_uint(o, "mark", "mark", e->mark);
	if (e->has_realms)
		put_flow(o, e->realms);
	if (e->has_uid)
		put_uint(o, "uid", "uid", e->uid);
	if (e->family == AF_INET && (e->flags & RTM_F_CLONED))
		put_cache(o, e);
	if (e->has_expires && o->json)
		json_int(&o->j, "expires", e->expires);
	else if (e->has_expires)
		printf("expires %dsec ", e->expires);
	put_metrics(o, e);
	if (e->iif)
		put_dev(o, nl, "iif", e->iif);
	if (e->has_pref && e->pref < 4 && e->pref != 2) {
		if (o->json)
			json_str(&o->j, "pref", prefs[e->pref]);
		else
			printf("pref %s", prefs[e->pref]);
	}
	if (e->n_nh)
		put_nexthops(o, nl, e);
	if (o->json)
		json_obj_close(&o->j);
	else
		putchar('\n');
}

int cmd_route_get(struct nl *nl, const struct route_req *req,
		  struct nsx_err *err)
{
	struct route_entry e;
	struct emit o = { .json = req->opts.json };
	int r = route_get(nl, req, &e, err);

	if (r < 0)
		return r;
	if (o.json) {
		json_begin(&o.j, stdout);
		json_arr_open(&o.j, NULL);
	}
	put_route(&o, nl, &e);
	if (o.json) {
		json_arr_close(&o.j);
		json_end(&o.j);
	}
	return 0;
}
