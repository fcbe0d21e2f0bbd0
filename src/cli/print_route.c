/* print_route.c - a route as ip route show and ip route get print it:
 * the text (with -o and -d) and the JSON from one code path */
#include <linux/in_route.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "nsx/cli/cmd_route.h"
#include "nsx/net/addr.h"

#define WORD_SIZE (INET_PREFIX_STRLEN + 16)

/* "word val " in text ("val " without a word), "key": "val" in JSON. */
static void put_str(struct route_print *p, const char *key, const char *word,
		    const char *val)
{
	if (p->json) {
		json_str(&p->j, key, val);
		return;
	}
	if (word) {
		fputs(word, p->out);
		putc(' ', p->out);
	}
	fputs(val, p->out);
	putc(' ', p->out);
}

static void put_uint(struct route_print *p, const char *key, const char *word,
		     unsigned long val)
{
	if (p->json)
		json_uint(&p->j, key, val);
	else
		fprintf(p->out, "%s %lu ", word, val);
}

static void put_dev(struct route_print *p, const char *key, int ifindex)
{
	char buf[WORD_SIZE];

	put_str(p, key, key, cmd_route_dev(p->links, ifindex, buf,
					   sizeof(buf)));
}

/* "via GW", or "via inet6 GW" ({"via": {family, host}}) for a gateway of
 * the other family than the route's (RTA_VIA). */
static void put_gw(struct route_print *p, int family,
		   const struct inet_prefix *gw)
{
	char buf[INET_PREFIX_STRLEN];
	const char *fam = addr_family_name(gw->family);

	inet_prefix_str(gw, false, buf, sizeof(buf));
	if (gw->family == family) {
		put_str(p, "gateway", "via", buf);
	} else if (p->json) {
		json_obj_open(&p->j, "via");
		json_str(&p->j, "family", fam);
		json_str(&p->j, "host", buf);
		json_obj_close(&p->j);
	} else {
		fprintf(p->out, "via %s %s ", fam, buf);
	}
}

/* RTA_FLOW: "realms FROM/TO" or "realm TO" ({"flow": {from, to}}). */
static void put_flow(struct route_print *p, uint32_t realms)
{
	char a[16], b[16];
	const char *from = route_realm_name(realms >> 16, a, sizeof(a));
	const char *to = route_realm_name(realms & 0xffff, b, sizeof(b));

	if (!p->json) {
		if (realms >> 16)
			fprintf(p->out, "realms %s/%s ", from, to);
		else
			fprintf(p->out, "realm %s ", to);
		return;
	}
	json_obj_open(&p->j, "flow");
	if (realms >> 16)
		json_str(&p->j, "from", from);
	json_str(&p->j, "to", to);
	json_obj_close(&p->j);
}

static void put_flags(struct route_print *p, uint32_t flags)
{
	const char *w[16];
	size_t n = cmd_route_flag_names(flags, w);

	if (p->json)
		json_arr_open(&p->j, "flags");
	for (size_t i = 0; i < n; i++)
		put_str(p, NULL, NULL, w[i]);
	if (p->json)
		json_arr_close(&p->j);
}

/* The next hops of a route of several, one a line in text. */
static void put_nexthops(struct route_print *p, const struct route_entry *e)
{
	if (p->json)
		json_arr_open(&p->j, "nexthops");
	for (size_t i = 0; i < e->n_nh; i++) {
		const struct route_nh *nh = &e->nh[i];

		if (p->json)
			json_obj_open(&p->j, NULL);
		else
			fprintf(p->out, "%s\tnexthop ",
				p->oneline ? "\\" : "\n");
		if (nh->gw.family)
			put_gw(p, e->family, &nh->gw);
		if (nh->has_realms)
			put_flow(p, nh->realms);
		if (nh->oif)
			put_dev(p, "dev", nh->oif);
		put_uint(p, "weight", "weight", nh->weight);
		put_flags(p, nh->flags);
		if (p->json)
			json_obj_close(&p->j);
	}
	if (p->json)
		json_arr_close(&p->j);
}

/* An IPv4 answer of get: "cache <local,...>" on a line of its own. */
static void put_cache(struct route_print *p, const struct route_entry *e)
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

	if (p->json)
		json_arr_open(&p->j, "cache");
	else
		fprintf(p->out, "%s    cache %s", p->oneline ? "\\" : "\n",
			left ? "<" : "");
	for (size_t i = 0; i < ARRAY_SIZE(cf); i++) {
		if (!(left & cf[i].flag))
			continue;
		left &= ~cf[i].flag;
		if (p->json)
			json_str(&p->j, NULL, cf[i].name);
		else
			fprintf(p->out, "%s%s", cf[i].name, left ? "," : "> ");
	}
	if (p->json)
		json_arr_close(&p->j);
}

/* One metric in ip -j's words: times in ms, "congestion", "ecn": null. */
static void json_metric(struct json *j, const struct route_entry *e, int m)
{
	const char *name = route_metric_names[m];
	uint32_t v = e->metrics[m];

	if (m == RTAX_CC_ALGO)
		json_str(j, "congestion", e->congctl);
	else if (m == RTAX_FEATURES && v == RTAX_FEATURE_ECN)
		json_null(j, "ecn");
	else
		json_uint(j, name, m == RTAX_RTT ? v / 8 :
			  m == RTAX_RTTVAR ? v / 4 : v);
}

static void put_metrics(struct route_print *p, const struct route_entry *e)
{
	char buf[64];

	if (!e->metrics_mask)
		return;
	if (p->json) {
		json_arr_open(&p->j, "metrics");
		json_obj_open(&p->j, NULL);
	}
	for (int m = 2; m <= RTAX_MAX; m++) {
		if (!cmd_route_metric(e, m, buf, sizeof(buf)))
			continue;
		if (p->json)
			json_metric(&p->j, e, m);
		else
			fprintf(p->out, "%s ", buf);
	}
	if (p->json) {
		json_obj_close(&p->j);
		json_arr_close(&p->j);
	}
}

/* The fields ip prints before the flags, in its order, but for those
 * the filter pinned and, with -d only, the defaults. */
static void put_head(struct route_print *p, const struct route_entry *e)
{
	const struct route_filter *f = p->f;
	bool d = p->details, cloned = e->flags & RTM_F_CLONED;
	char buf[WORD_SIZE];

	if (e->type != RTN_UNICAST || d)
		put_str(p, "type", NULL, route_type_name(e->type, buf,
							 sizeof(buf)));
	put_str(p, "dst", NULL, cmd_route_dst(&e->dst, buf, sizeof(buf)));
	if (e->from.family)
		put_str(p, "from", "from", inet_prefix_str(&e->from,
			e->from.len != inet_family_size(e->from.family) * 8,
			buf, sizeof(buf)));
	if (e->tos && !f->has_tos)
		put_str(p, "tos", "tos", route_dsfield_name(e->tos, buf,
							    sizeof(buf)));
	if (e->gw.family && !route_filter_pins(f, e, 'g'))
		put_gw(p, e->family, &e->gw);
	if (e->oif && !f->dev[0])
		put_dev(p, "dev", e->oif);
	if (!f->table && e->table && (e->table != RT_TABLE_MAIN || d))
		put_str(p, "table", "table", route_table_name(e->table, buf,
							      sizeof(buf)));
	if (!cloned && (e->protocol != RTPROT_BOOT || d) && !f->has_protocol)
		put_str(p, "protocol", "proto",
			route_protocol_name(e->protocol, buf, sizeof(buf)));
	if (!cloned && (e->scope != RT_SCOPE_UNIVERSE || d) && !f->has_scope)
		put_str(p, "scope", "scope", route_scope_name(e->scope, buf,
							      sizeof(buf)));
	if (e->prefsrc.family && !route_filter_pins(f, e, 's'))
		put_str(p, "prefsrc", "src", inet_prefix_str(&e->prefsrc, false,
							     buf, sizeof(buf)));
	if (e->has_metric && !f->has_metric)
		put_uint(p, "metric", "metric", e->metric);
}

/* What ip prints after the flags, up to the next hops. */
static void put_tail(struct route_print *p, const struct route_entry *e)
{
	if (e->mark)
		put_uint(p, "mark", "mark", e->mark);
	if (e->has_realms)
		put_flow(p, e->realms);
	if (e->has_uid)
		put_uint(p, "uid", "uid", e->uid);
	if (e->family == AF_INET && (e->flags & RTM_F_CLONED))
		put_cache(p, e);
	if (e->has_expires && p->json)
		json_int(&p->j, "expires", e->expires);
	else if (e->has_expires)
		fprintf(p->out, "expires %dsec ", e->expires);
	put_metrics(p, e);
	if (e->iif)
		put_dev(p, "iif", e->iif);
	/* ip's "pref %s" has no space after it */
	if (e->has_pref && p->json)
		json_str(&p->j, "pref", cmd_route_pref(e->pref));
	else if (e->has_pref)
		fprintf(p->out, "pref %s", cmd_route_pref(e->pref));
}

void route_print(struct route_print *p, const struct route_entry *e)
{
	if (p->json)
		json_obj_open(&p->j, NULL);
	put_head(p, e);
	put_flags(p, e->flags);
	put_tail(p, e);
	if (e->n_nh)
		put_nexthops(p, e);
	if (p->json)
		json_obj_close(&p->j);
	else
		fputc('\n', p->out);
}

void route_print_begin(struct route_print *p, FILE *out, bool json,
		       const struct cmd_net_show *o,
		       const struct addr_table *links,
		       const struct route_filter *f)
{
	*p = (struct route_print){ .out = out, .json = json,
				   .oneline = o->oneline,
				   .details = o->details,
				   .links = links, .f = f };
	if (!json)
		return;
	json_begin(&p->j, out);
	p->j.pretty = o->pretty;
	json_arr_open(&p->j, NULL);
}

void route_print_end(struct route_print *p)
{
	if (!p->json)
		return;
	json_arr_close(&p->j);
	json_end(&p->j);
}
