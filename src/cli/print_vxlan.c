/* print_vxlan.c - a vxlan's own settings as ip -d prints them: the words
 * after "vxlan" in text, the members of "info_data" in JSON */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/cli/print_link.h"

/* One address, unless none or all zeros: JSON names an IPv6 one
 * "group6", "remote6", "local6". */
static void put_addr(struct link_print *p, const char *word, int family,
		     const uint8_t *a)
{
	static const uint8_t zero[16];
	char buf[INET6_ADDRSTRLEN], key[16];

	if (!family || !memcmp(a, zero, family == AF_INET ? 4 : 16) ||
	    !inet_ntop(family, a, buf, sizeof(buf)))
		return;
	snprintf(key, sizeof(key), "%s%s", word,
		 family == AF_INET6 ? "6" : "");
	link_put_str(p, key, word, buf);
}

/* "group" when the address is multicast, else "remote"; "local". */
static void put_addrs(struct link_print *p, const struct link_vxlan *v)
{
	bool mc = v->group_family == AF_INET ? (v->group[0] & 0xf0) == 0xe0
					     : v->group[0] == 0xff;

	put_addr(p, mc ? "group" : "remote", v->group_family, v->group);
	put_addr(p, "local", v->local_family, v->local);
}

/* "srcport LOW HIGH "; "port_range": {"low", "high"}. */
static void put_ports(struct link_print *p, const struct link_vxlan *v)
{
	if (!p->json) {
		fprintf(p->out, "srcport %u %u ", v->port_low, v->port_high);
		return;
	}
	json_obj_open(p->j, "port_range");
	json_uint(p->j, "low", v->port_low);
	json_uint(p->j, "high", v->port_high);
	json_obj_close(p->j);
}

/* From the learning flag to df: where the two forms differ most. */
static void put_middle(struct link_print *p, const struct link_vxlan *v)
{
	static const char *const df[] = { "unset", "set", "inherit" };

	/* text names learning only when off */
	if (v->learning >= 0 && (p->json || !v->learning))
		link_put_bool(p, "learning", "learning", v->learning);
	if (v->proxy)
		link_put_flag(p, "proxy", "proxy");
	if (v->rsc)
		link_put_flag(p, "rsc", "rsc");
	if (v->l2miss)
		link_put_flag(p, "l2miss", "l2miss");
	if (v->l3miss)
		link_put_flag(p, "l3miss", "l3miss");
	/* tos 1 is "inherit" in text, 0x1 in JSON */
	if (v->tos == 1)
		link_put_str(p, NULL, "tos", "inherit");
	if (v->tos && (v->tos != 1 || p->json))
		link_put_hex(p, "tos", "tos", v->tos);
	/* a ttl inherited is in text only; 0 is "auto" in text */
	if (v->ttl_inherit)
		link_put_str(p, NULL, "ttl", "inherit");
	else if (v->has_ttl && (v->ttl || p->json))
		link_put_uint(p, "ttl", "ttl", v->ttl);
	else if (v->has_ttl)
		link_put_str(p, NULL, "ttl", "auto");
	/* "df unset" is in JSON only */
	if (v->has_df && v->df < ARRAY_SIZE(df) &&
	    (v->df != VXLAN_DF_UNSET || p->json))
		link_put_str(p, "df", "df", df[v->df]);
}

static void put_tail(struct link_print *p, const struct link_vxlan *v)
{
	if (v->label)
		link_put_hex(p, "label", "flowlabel", v->label);
	/* ageing 0 is "none" in text */
	if (v->has_ageing && (v->ageing || p->json))
		link_put_uint(p, "ageing", "ageing", v->ageing);
	else if (v->has_ageing)
		link_put_str(p, NULL, "ageing", "none");
	if (v->limit)
		link_put_uint(p, "limit", "maxaddr", v->limit);
	if (v->udp_csum >= 0)
		link_put_bool(p, "udp_csum", "udpcsum", v->udp_csum);
	if (v->zero_csum6_tx >= 0)
		link_put_bool(p, "udp_zero_csum6_tx", "udp6zerocsumtx",
			      v->zero_csum6_tx);
	if (v->zero_csum6_rx >= 0)
		link_put_bool(p, "udp_zero_csum6_rx", "udp6zerocsumrx",
			      v->zero_csum6_rx);
	if (v->remcsum_tx)
		link_put_flag(p, "remcsum_tx", "remcsumtx");
	if (v->remcsum_rx)
		link_put_flag(p, "remcsum_rx", "remcsumrx");
	if (v->gbp)
		link_put_flag(p, "gbp", "gbp");
	if (v->gpe)
		link_put_flag(p, "gpe", "gpe");
}

void link_print_vxlan(struct link_print *p, const struct link_vxlan *v)
{
	char buf[32];

	if (v->external)
		link_put_flag(p, "external", "external");
	/* ip's text has no space after "vnifilter" */
	if (v->vnifilter && p->json)
		json_bool(p->j, "vnifilter", true);
	else if (v->vnifilter)
		fputs("vnifilter", p->out);
	if (v->has_id)
		link_put_uint(p, "id", "id", v->id);
	put_addrs(p, v);
	if (v->link)
		link_put_str(p, "link", "dev",
			     cmd_net_link_name(p->s, (int)v->link, buf,
					       sizeof(buf)));
	if (v->has_ports)
		put_ports(p, v);
	if (v->has_port)
		link_put_uint(p, "port", "dstport", v->port);
	put_middle(p, v);
	put_tail(p, v);
}
