/* cmd_net_link.c - one link as ip prints it: JSON members and -br lines,
 * shared by link show and addr show */
#include <arpa/inet.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/cli/cmd_net.h"

const char *cmd_net_link_name(const struct cmd_net_links *s, int ifindex,
			      char *buf, size_t size)
{
	const struct link_info *li = s->find(s->ctx, ifindex);

	if (li)
		return li->ifname;
	snprintf(buf, size, "if%d", ifindex);
	return buf;
}

bool cmd_net_link_mdown(const struct cmd_net_links *s,
			const struct link_info *li)
{
	const struct link_info *lower;

	if (!li->link || li->has_netnsid)
		return false;
	lower = s->find(s->ctx, li->link);
	return !lower || !(lower->flags & IFF_UP);
}

/* "flags": [...], as ip, M-DOWN last. */
static void json_flags(struct json *j, const struct cmd_net_links *s,
		       const struct link_info *li)
{
	const char *w[24];
	size_t n = link_flag_names(li->flags, w, ARRAY_SIZE(w));

	json_arr_open(j, "flags");
	for (size_t i = 0; i < n; i++)
		json_str(j, NULL, w[i]);
	if (cmd_net_link_mdown(s, li))
		json_str(j, NULL, "M-DOWN");
	json_arr_close(j);
}

/* "link" (its name here) or "link_index" (in another namespace). */
static void json_lower(struct json *j, const struct cmd_net_links *s,
		       const struct link_info *li)
{
	char buf[32];

	/* A link whose peer is elsewhere may have the same index as it. */
	if (!li->link)
		return;
	if (li->has_netnsid)
		json_int(j, "link_index", li->link);
	else
		json_str(j, "link", cmd_net_link_name(s, li->link, buf,
						      sizeof(buf)));
}

static const char *addr_gen_mode_name(int mode)
{
	static const char *const names[] = { "eui64", "none",
					     "stable_secret", "random" };

	return mode >= 0 && (size_t)mode < ARRAY_SIZE(names) ? names[mode]
							     : NULL;
}

/* "remote": "10.0.0.2" or "group6": "ff05::1", and "local". */
static void json_vxlan_addrs(struct json *j, const struct link_vxlan *v)
{
	char buf[INET6_ADDRSTRLEN];
	static const uint8_t zero[16];
	bool six = v->group_family == AF_INET6;
	bool mc = six ? v->group[0] == 0xff : (v->group[0] & 0xf0) == 0xe0;

	if (v->group_family && memcmp(v->group, zero, six ? 16 : 4) &&
	    inet_ntop(v->group_family, v->group, buf, sizeof(buf)))
		json_str(j, mc ? (six ? "group6" : "group")
			       : (six ? "remote6" : "remote"), buf);
	six = v->local_family == AF_INET6;
	if (v->local_family && memcmp(v->local, zero, six ? 16 : 4) &&
	    inet_ntop(v->local_family, v->local, buf, sizeof(buf)))
		json_str(j, six ? "local6" : "local", buf);
}

static void json_hex(struct json *j, const char *key, unsigned v)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%#x", v);
	json_str(j, key, buf);
}

static void json_vxlan_tail(struct json *j, const struct link_vxlan *v)
{
	static const char *const df[] = { "unset", "set", "inherit" };

	if (v->tos)
		json_hex(j, "tos", v->tos);
	if (!v->ttl_inherit && v->has_ttl)
		json_uint(j, "ttl", v->ttl);
	if (v->has_df && v->df < ARRAY_SIZE(df))
		json_str(j, "df", df[v->df]);
	if (v->label)
		json_hex(j, "label", v->label);
	if (v->has_ageing)
		json_uint(j, "ageing", v->ageing);
	if (v->limit)
		json_uint(j, "limit", v->limit);
	if (v->udp_csum >= 0)
		json_bool(j, "udp_csum", v->udp_csum);
	if (v->zero_csum6_tx >= 0)
		json_bool(j, "udp_zero_csum6_tx", v->zero_csum6_tx);
	if (v->zero_csum6_rx >= 0)
		json_bool(j, "udp_zero_csum6_rx", v->zero_csum6_rx);
}

/* "info_data" of a vxlan, as ip -d -j prints it. */
static void json_vxlan(struct json *j, const struct cmd_net_links *s,
		       const struct link_vxlan *v)
{
	const struct { bool on; const char *key; } flags[] = {
		{ v->proxy, "proxy" }, { v->rsc, "rsc" },
		{ v->l2miss, "l2miss" }, { v->l3miss, "l3miss" },
	}, tail[] = {
		{ v->remcsum_tx, "remcsum_tx" }, { v->remcsum_rx, "remcsum_rx" },
		{ v->gbp, "gbp" }, { v->gpe, "gpe" },
	};
	char buf[32];

	if (v->external)
		json_bool(j, "external", true);
	if (v->vnifilter)
		json_bool(j, "vnifilter", true);
	if (v->has_id)
		json_uint(j, "id", v->id);
	json_vxlan_addrs(j, v);
	if (v->link)
		json_str(j, "link", cmd_net_link_name(s, (int)v->link, buf,
						      sizeof(buf)));
	if (v->has_ports) {
		json_obj_open(j, "port_range");
		json_uint(j, "low", v->port_low);
		json_uint(j, "high", v->port_high);
		json_obj_close(j);
	}
	if (v->has_port)
		json_uint(j, "port", v->port);
	if (v->learning >= 0)
		json_bool(j, "learning", v->learning);
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (flags[i].on)
			json_bool(j, flags[i].key, true);
	json_vxlan_tail(j, v);
	for (size_t i = 0; i < ARRAY_SIZE(tail); i++)
		if (tail[i].on)
			json_bool(j, tail[i].key, true);
}

/* "info_data" of the kinds that have it: macvlan, vxlan, bridge. */
static void json_info_data(struct json *j, const struct cmd_net_links *s,
			   const struct link_info *li)
{
	static const char *const modes[] = { [1] = "private", [2] = "vepa",
					     [4] = "bridge", [8] = "passthru",
					     [16] = "source" };
	uint32_t m = li->macvlan_mode;

	if (streq(li->kind, "vxlan") || streq(li->kind, "bridge")) {
		json_obj_open(j, "info_data");
		if (streq(li->kind, "vxlan"))
			json_vxlan(j, s, &li->vxlan);
		else
			json_bridge(j, s, &li->br, false);
		json_obj_close(j);
	}
	if (!streq(li->kind, "macvlan") || !li->has_macvlan_mode)
		return;
	json_obj_open(j, "info_data");
	json_str(j, "mode", m < ARRAY_SIZE(modes) && modes[m] ? modes[m]
							       : "unknown");
	if (li->has_bcqueuelen)
		json_uint(j, "bcqueuelen", li->macvlan_bcqueuelen);
	if (li->has_used_bcqueuelen)
		json_uint(j, "usedbcqueuelen", li->macvlan_used_bcqueuelen);
	json_obj_close(j);
}

/* What ip -d adds, in its order. */
static void json_details(struct json *j, const struct cmd_net_links *s,
			 const struct link_info *li, unsigned what)
{
	const char *gen = addr_gen_mode_name(li->addr_gen_mode);

	if (li->has_promiscuity)
		json_uint(j, "promiscuity", li->promiscuity);
	if (li->has_allmulti)
		json_uint(j, "allmulti", li->allmulti);
	if (li->has_min_mtu)
		json_uint(j, "min_mtu", li->min_mtu);
	if (li->has_max_mtu)
		json_uint(j, "max_mtu", li->max_mtu);
	if (li->kind[0] || li->slave_kind[0]) {
		json_obj_open(j, "linkinfo");
		if (li->kind[0])
			json_str(j, "info_kind", li->kind);
		if (li->kind[0])
			json_info_data(j, s, li);
		if (li->slave_kind[0])
			json_str(j, "info_slave_kind", li->slave_kind);
		if (streq(li->slave_kind, "bridge")) {
			json_obj_open(j, "info_slave_data");
			json_bridge(j, s, &li->brport, true);
			json_obj_close(j);
		}
		json_obj_close(j);
	}
	if (gen && (what & CMD_NET_LINK_MODE))
		json_str(j, "inet6_addr_gen_mode", gen);
	if (li->has_queues) {
		json_uint(j, "num_tx_queues", li->num_tx_queues);
		json_uint(j, "num_rx_queues", li->num_rx_queues);
		json_uint(j, "gso_max_size", li->gso_max_size);
		json_uint(j, "gso_max_segs", li->gso_max_segs);
	}
	if (li->has_tso) {
		json_uint(j, "tso_max_size", li->tso_max_size);
		json_uint(j, "tso_max_segs", li->tso_max_segs);
	}
	if (li->has_gro)
		json_uint(j, "gro_max_size", li->gro_max_size);
}

static void json_hw(struct json *j, const char *key, const uint8_t *a,
		    unsigned len)
{
	char buf[100];

	cmd_net_hw_str(a, len, buf, sizeof(buf));
	if (buf[0])
		json_str(j, key, buf);
}

void cmd_net_link_json(struct json *j, const struct cmd_net_links *s,
		       const struct link_info *li, unsigned what)
{
	char buf[100];

	json_int(j, "ifindex", li->ifindex);
	json_lower(j, s, li);
	json_str(j, "ifname", li->ifname);
	json_flags(j, s, li);
	json_uint(j, "mtu", li->mtu);
	if (li->qdisc[0])
		json_str(j, "qdisc", li->qdisc);
	if (li->master)
		json_str(j, "master", cmd_net_link_name(s, li->master, buf,
							sizeof(buf)));
	json_str(j, "operstate", link_operstate_name(li->operstate));
	if (what & CMD_NET_LINK_MODE)
		json_str(j, "linkmode", li->linkmode ? "DORMANT" : "DEFAULT");
	if (li->group)
		snprintf(buf, sizeof(buf), "%u", li->group);
	if (li->has_group)
		json_str(j, "group", li->group ? buf : "default");
	if (li->txqlen) /* as ip: 0 is not shown */
		json_uint(j, "txqlen", li->txqlen);
	if (what & CMD_NET_LINK_HW) {
		json_str(j, "link_type",
			 link_type_name(li->type, buf, sizeof(buf)));
		json_hw(j, "address", li->addr, li->addr_len);
		json_hw(j, "broadcast", li->brd, li->brd_len);
	}
	if (li->has_netnsid)
		json_int(j, "link_netnsid", li->netnsid);
	if (what & CMD_NET_LINK_DETAILS)
		json_details(j, s, li, what);
	if ((what & CMD_NET_LINK_ALIAS) && li->ifalias[0])
		json_str(j, "ifalias", li->ifalias);
	if ((what & CMD_NET_LINK_STATS) && li->has_stats)
		json_link_stats(j, li, what & CMD_NET_LINK_STATS2 ? 2 : 1);
	if (li->altnames_len) {
		json_arr_open(j, "altnames");
		for (const char *a = link_altname_next(li, NULL); a;
		     a = link_altname_next(li, a))
			json_str(j, NULL, a);
		json_arr_close(j);
	}
}

/* ---- -br ---- */

void cmd_net_link_brief(FILE *out, struct json *j,
			const struct cmd_net_links *s,
			const struct link_info *li)
{
	char name[64], buf[32];

	if (j) {
		json_lower(j, s, li);
		json_str(j, "ifname", li->ifname);
		json_str(j, "operstate", link_operstate_name(li->operstate));
		return;
	}
	if (li->link)
		snprintf(name, sizeof(name), "%s@%s", li->ifname,
			 li->has_netnsid ? (snprintf(buf, sizeof(buf), "if%d",
						     li->link), buf)
					 : cmd_net_link_name(s, li->link, buf,
							     sizeof(buf)));
	else
		snprintf(name, sizeof(name), "%s", li->ifname);
	fprintf(out, "%-16s %-14s ", name, link_operstate_name(li->operstate));
}

void cmd_net_link_brief_hw(FILE *out, struct json *j,
			   const struct cmd_net_links *s,
			   const struct link_info *li)
{
	const char *w[24];
	size_t n = link_flag_names(li->flags, w, ARRAY_SIZE(w) - 1);
	char buf[160];

	if (cmd_net_link_mdown(s, li))
		w[n++] = "M-DOWN";
	if (j) {
		json_hw(j, "address", li->addr, li->addr_len);
		json_arr_open(j, "flags");
		for (size_t i = 0; i < n; i++)
			json_str(j, NULL, w[i]);
		json_arr_close(j);
		return;
	}
	cmd_net_hw_str(li->addr, li->addr_len, buf, sizeof(buf));
	fprintf(out, "%s ", buf);
	fprintf(out, "<%s> ", cmd_net_join(w, n, buf, sizeof(buf)));
}
