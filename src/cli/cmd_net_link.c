/* cmd_net_link.c - one link as ip prints it: JSON members and -br lines,
 * shared by link show and addr show (-d's details: print_link.c) */
#include <net/if.h>
#include <string.h>

#include "nsx/cli/print_link.h"

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
		link_print_details(&(struct link_print){ .json = true, .j = j,
							 .s = s },
				   li, what);
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
