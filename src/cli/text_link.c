/* text_link.c - one link as ip prints it in text: the header line, the
 * link-layer line, -d's details; the names behind link-netnsids */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <stdlib.h>

#include "nsx/cli/cmd_net.h"

/* "<UP,LOWER_UP,M-DOWN> " */
static void text_flags(FILE *out, const struct cmd_net_links *s,
		       const struct link_info *li)
{
	const char *w[24];
	size_t n = link_flag_names(li->flags, w, ARRAY_SIZE(w));

	fputc('<', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? "," : "", w[i]);
	if (cmd_net_link_mdown(s, li))
		fputs(",M-DOWN", out);
	fputs("> ", out);
}

/* "NAME@PEER: ", the peer "ifN" when it lives elsewhere. */
static void text_name(FILE *out, const struct cmd_net_links *s,
		      const struct link_info *li)
{
	char buf[32];

	if (!li->link)
		fprintf(out, "%s: ", li->ifname);
	else if (li->has_netnsid)
		fprintf(out, "%s@if%d: ", li->ifname, li->link);
	else
		fprintf(out, "%s@%s: ", li->ifname,
			cmd_net_link_name(s, li->link, buf, sizeof(buf)));
}

/* "    link/ether ADDR brd ADDR", then the peer's namespace. */
static void text_hw(FILE *out, const struct link_info *li,
		    const struct cmd_net_show *o)
{
	char buf[100];

	fprintf(out, "%s    link/%s ", CMD_NET_SL(o),
		link_type_name(li->type, buf, sizeof(buf)));
	cmd_net_hw_str(li->addr, li->addr_len, buf, sizeof(buf));
	fputs(buf, out);
	if (li->brd_len) {
		cmd_net_hw_str(li->brd, li->brd_len, buf, sizeof(buf));
		fprintf(out, " %s %s", li->flags & IFF_POINTOPOINT ? "peer"
								 : "brd", buf);
	}
}

static void text_netns(FILE *out, const struct link_info *li,
		       cmd_nsid_name_fn nsid_name, void *ctx)
{
	const char *name;

	if (!li->has_netnsid)
		return;
	if (li->netnsid < 0) {
		fputs(" link-netnsid unknown", out);
		return;
	}
	name = nsid_name ? nsid_name(ctx, li->netnsid) : NULL;
	if (name)
		fprintf(out, " link-netns %s", name);
	else
		fprintf(out, " link-netnsid %d", li->netnsid);
}

static const char *macvlan_mode_name(uint32_t mode)
{
	switch (mode) {
	case MACVLAN_MODE_PRIVATE: return "private";
	case MACVLAN_MODE_VEPA: return "vepa";
	case MACVLAN_MODE_BRIDGE: return "bridge";
	case MACVLAN_MODE_PASSTHRU: return "passthru";
	case MACVLAN_MODE_SOURCE: return "source";
	}
	return "unknown";
}

/* "group 239.1.1.1 " or "remote 10.0.0.2 ", by whether it is multicast. */
static void text_vxlan_addrs(FILE *out, const struct link_vxlan *v)
{
	char buf[INET6_ADDRSTRLEN];
	static const uint8_t zero[16];
	size_t n = v->group_family == AF_INET ? 4 : 16;
	bool mc = v->group_family == AF_INET ? (v->group[0] & 0xf0) == 0xe0
					     : v->group[0] == 0xff;

	if (v->group_family && memcmp(v->group, zero, n) &&
	    inet_ntop(v->group_family, v->group, buf, sizeof(buf)))
		fprintf(out, "%s %s ", mc ? "group" : "remote", buf);
	n = v->local_family == AF_INET ? 4 : 16;
	if (v->local_family && memcmp(v->local, zero, n) &&
	    inet_ntop(v->local_family, v->local, buf, sizeof(buf)))
		fprintf(out, "local %s ", buf);
}

/* The flags ip prints only when set. */
static void text_vxlan_flags(FILE *out, const struct link_vxlan *v)
{
	if (v->learning == 0)
		fputs("nolearning ", out);
	if (v->proxy)
		fputs("proxy ", out);
	if (v->rsc)
		fputs("rsc ", out);
	if (v->l2miss)
		fputs("l2miss ", out);
	if (v->l3miss)
		fputs("l3miss ", out);
	if (v->tos == 1)
		fputs("tos inherit ", out);
	else if (v->tos)
		fprintf(out, "tos %#x ", v->tos);
	if (v->ttl_inherit)
		fputs("ttl inherit ", out);
	else if (v->has_ttl && v->ttl)
		fprintf(out, "ttl %u ", v->ttl);
	else if (v->has_ttl)
		fputs("ttl auto ", out);
	if (v->has_df && v->df == VXLAN_DF_SET)
		fputs("df set ", out);
	else if (v->has_df && v->df == VXLAN_DF_INHERIT)
		fputs("df inherit ", out);
}

/* ip -d's words for a vxlan's own settings, in its order. */
static void text_vxlan(FILE *out, const struct cmd_net_links *s,
		       const struct link_vxlan *v)
{
	char buf[32];

	if (v->external)
		fputs("external ", out);
	if (v->vnifilter)
		fputs("vnifilter", out);
	if (v->has_id)
		fprintf(out, "id %u ", v->id);
	text_vxlan_addrs(out, v);
	if (v->link)
		fprintf(out, "dev %s ", cmd_net_link_name(s, (int)v->link, buf,
							  sizeof(buf)));
	if (v->has_ports)
		fprintf(out, "srcport %u %u ", v->port_low, v->port_high);
	if (v->has_port)
		fprintf(out, "dstport %u ", v->port);
	text_vxlan_flags(out, v);
	if (v->label)
		fprintf(out, "flowlabel %#x ", v->label);
	if (v->has_ageing && v->ageing)
		fprintf(out, "ageing %u ", v->ageing);
	else if (v->has_ageing)
		fputs("ageing none ", out);
	if (v->limit)
		fprintf(out, "maxaddr %u ", v->limit);
	if (v->udp_csum >= 0)
		fprintf(out, "%sudpcsum ", v->udp_csum ? "" : "no");
	if (v->zero_csum6_tx >= 0)
		fprintf(out, "%sudp6zerocsumtx ", v->zero_csum6_tx ? "" : "no");
	if (v->zero_csum6_rx >= 0)
		fprintf(out, "%sudp6zerocsumrx ", v->zero_csum6_rx ? "" : "no");
	if (v->remcsum_tx)
		fputs("remcsumtx ", out);
	if (v->remcsum_rx)
		fputs("remcsumrx ", out);
	if (v->gbp)
		fputs("gbp ", out);
	if (v->gpe)
		fputs("gpe ", out);
}

/* The kind's line: "    veth ", "    macvlan mode bridge ...", and the
 * port's ("    bridge_slave "). Of the kinds' own data macvlan's and
 * vxlan's are printed. */
static void text_kind(FILE *out, const struct cmd_net_links *s,
		      const struct link_info *li, const struct cmd_net_show *o)
{
	if (li->kind[0]) {
		fprintf(out, "%s    %s ", CMD_NET_SL(o), li->kind);
		if (streq(li->kind, "vxlan"))
			text_vxlan(out, s, &li->vxlan);
		if (streq(li->kind, "bridge"))
			text_bridge(out, s, &li->br, false);
		if (streq(li->kind, "macvlan") && li->has_macvlan_mode)
			fprintf(out, "mode %s ",
				macvlan_mode_name(li->macvlan_mode));
		if (streq(li->kind, "macvlan") && li->has_bcqueuelen)
			fprintf(out, "bcqueuelen %u ", li->macvlan_bcqueuelen);
		if (streq(li->kind, "macvlan") && li->has_used_bcqueuelen)
			fprintf(out, "usedbcqueuelen %u ",
				li->macvlan_used_bcqueuelen);
	}
	if (li->slave_kind[0])
		fprintf(out, "%s    %s_slave ", CMD_NET_SL(o), li->slave_kind);
	if (streq(li->slave_kind, "bridge"))
		text_bridge(out, s, &li->brport, true);
}

static const char *addr_gen_mode_name(int mode)
{
	static const char *const names[] = { "eui64", "none",
					     "stable_secret", "random" };

	return mode >= 0 && (size_t)mode < ARRAY_SIZE(names) ? names[mode]
							     : NULL;
}

/* What -d adds after the link-layer line, in ip's order. */
static void text_details(FILE *out, const struct cmd_net_links *s,
			 const struct link_info *li, unsigned what,
			 const struct cmd_net_show *o)
{
	const char *gen = addr_gen_mode_name(li->addr_gen_mode);

	if (li->has_promiscuity)
		fprintf(out, " promiscuity %u ", li->promiscuity);
	if (li->has_allmulti)
		fprintf(out, " allmulti %u ", li->allmulti);
	if (li->has_min_mtu)
		fprintf(out, "minmtu %u ", li->min_mtu);
	if (li->has_max_mtu)
		fprintf(out, "maxmtu %u ", li->max_mtu);
	text_kind(out, s, li, o);
	if (gen && (what & CMD_NET_LINK_MODE))
		fprintf(out, "addrgenmode %s ", gen);
	if (li->has_queues)
		fprintf(out, "numtxqueues %u numrxqueues %u gso_max_size %u "
			"gso_max_segs %u ", li->num_tx_queues,
			li->num_rx_queues, li->gso_max_size, li->gso_max_segs);
	if (li->has_tso)
		fprintf(out, "tso_max_size %u tso_max_segs %u ",
			li->tso_max_size, li->tso_max_segs);
	if (li->has_gro)
		fprintf(out, "gro_max_size %u ", li->gro_max_size);
}

void text_link(FILE *out, const struct cmd_net_links *s,
	       const struct link_info *li, unsigned what,
	       const struct cmd_net_show *o, cmd_nsid_name_fn nsid_name,
	       void *nsid_ctx)
{
	static const char *const modes[] = { "DEFAULT", "DORMANT" };
	const char *state = link_operstate_name(li->operstate);
	char buf[32];

	fprintf(out, "%d: ", li->ifindex);
	text_name(out, s, li);
	text_flags(out, s, li);
	fprintf(out, "mtu %u ", li->mtu);
	if (li->qdisc[0])
		fprintf(out, "qdisc %s ", li->qdisc);
	if (li->master)
		fprintf(out, "master %s ", cmd_net_link_name(s, li->master, buf,
							     sizeof(buf)));
	if (li->operstate <= 6) /* IF_OPER_UP, in <linux/if.h> */
		fprintf(out, "state %s ", state);
	else
		fprintf(out, "state %#x ", li->operstate);
	if ((what & CMD_NET_LINK_MODE) && li->linkmode < ARRAY_SIZE(modes))
		fprintf(out, "mode %s ", modes[li->linkmode]);
	else if (what & CMD_NET_LINK_MODE)
		fprintf(out, "mode %d ", li->linkmode);
	if (li->has_group && li->group)
		fprintf(out, "group %u ", li->group);
	else if (li->has_group)
		fputs("group default ", out);
	if (li->txqlen)
		fprintf(out, "qlen %u", li->txqlen);
	if (what & CMD_NET_LINK_HW)
		text_hw(out, li, o);
	text_netns(out, li, nsid_name, nsid_ctx);
	if (what & CMD_NET_LINK_DETAILS)
		text_details(out, s, li, what, o);
	if ((what & CMD_NET_LINK_ALIAS) && li->ifalias[0])
		fprintf(out, "%s    alias %s", CMD_NET_SL(o), li->ifalias);
	if ((what & CMD_NET_LINK_MODE) && o->stats && li->has_stats) {
		fputs(CMD_NET_SL(o), out);
		text_link_stats(out, li, o);
	}
	for (const char *a = link_altname_next(li, NULL); a;
	     a = link_altname_next(li, a))
		fprintf(out, "%s    altname %s", CMD_NET_SL(o), a);
}

/* ---- link-netns NAME ---- */

static void nsid_names_load(struct cmd_nsid_names *n)
{
	struct nsx_err err;
	struct netns_idq *q;
	char (*paths)[300];

	n->loaded = true;
	if (netns_names_read(&n->names, &err) < 0 || !n->names.n)
		return;
	q = calloc(n->names.n, sizeof(*q));
	paths = calloc(n->names.n, sizeof(*paths));
	n->id = calloc(n->names.n, sizeof(*n->id));
	if (q && paths && n->id) {
		for (size_t i = 0; i < n->names.n; i++) {
			snprintf(paths[i], sizeof(paths[i]), "/run/netns/%s",
				 n->names.name[i]);
			q[i] = (struct netns_idq){ .path = paths[i], .fd = -1 };
		}
		/* ip prints the id when no name is found: so does a
		 * failed lookup here. */
		if (netns_ids_get_nl(n->nl, q, n->names.n, &err) < 0)
			for (size_t i = 0; i < n->names.n; i++)
				q[i].id = -1;
		for (size_t i = 0; i < n->names.n; i++)
			n->id[i] = q[i].id;
	} else {
		free(n->id);
		n->id = NULL;
	}
	free(q);
	free(paths);
}

const char *cmd_nsid_name(void *names, int id)
{
	struct cmd_nsid_names *n = names;

	if (!n->loaded)
		nsid_names_load(n);
	for (size_t i = 0; n->id && i < n->names.n; i++)
		if (n->id[i] == id)
			return n->names.name[i];
	return NULL;
}

void cmd_nsid_names_free(struct cmd_nsid_names *n)
{
	if (n->loaded && n->names.n)
		netns_names_free(&n->names);
	free(n->id);
	n->id = NULL;
}
