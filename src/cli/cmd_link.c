/* cmd_link.c - nsx link: show, add, set, del links inside a target */
#include <errno.h>

#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/cli/cmd_peer.h"
#include "nsx/lib/json.h"
#include "nsx/net/link.h"

enum {
	COL_IFINDEX, COL_IFNAME, COL_TYPE, COL_STATE, COL_MTU, COL_MASTER,
	COL_LINK, COL_ADDRESS, COL_FLAGS, COL_QDISC, COL_GROUP, COL_TXQLEN,
	COL_LINKTYPE, COL_BROADCAST, COL_NETNSID, COL_LINKMODE, COL_COUNT
};

static const struct out_column cols[COL_COUNT] = {
	[COL_IFINDEX] = { "IFINDEX", 3, OUT_COL_RIGHT, OUT_JSON_STRING,
			  "interface index" },
	[COL_IFNAME] = { "IFNAME", 0.1, 0, OUT_JSON_STRING, "interface name" },
	[COL_TYPE] = { "TYPE", 6, 0, OUT_JSON_STRING,
		       "kind: veth, bridge, ..." },
	[COL_STATE] = { "STATE", 7, 0, OUT_JSON_STRING, "operational state" },
	[COL_MTU] = { "MTU", 5, OUT_COL_RIGHT, OUT_JSON_STRING,
		      "maximum transfer unit" },
	[COL_MASTER] = { "MASTER", 6, 0, OUT_JSON_STRING,
			 "bridge (or bond) it is a port of" },
	[COL_LINK] = { "LINK", 6, 0, OUT_JSON_STRING,
		       "peer or lower link; a veth's far end as IFNAME@NAMESPACE" },
	[COL_ADDRESS] = { "ADDRESS", 17, 0, OUT_JSON_STRING,
			  "link-layer address" },
	[COL_FLAGS] = { "FLAGS", 0.2, 0, OUT_JSON_STRING, "interface flags" },
	[COL_QDISC] = { "QDISC", 7, 0, OUT_JSON_STRING, "queueing discipline" },
	[COL_GROUP] = { "GROUP", 7, 0, OUT_JSON_STRING, "link group" },
	[COL_TXQLEN] = { "TXQLEN", 4, OUT_COL_RIGHT, OUT_JSON_STRING,
			 "transmit queue length" },
	[COL_LINKTYPE] = { "LINKTYPE", 6, 0, OUT_JSON_STRING,
			   "link-layer type" },
	[COL_BROADCAST] = { "BROADCAST", 17, 0, OUT_JSON_STRING,
			    "link-layer broadcast" },
	[COL_NETNSID] = { "NETNSID", 3, OUT_COL_RIGHT, OUT_JSON_STRING,
			  "netns id of LINK" },
	[COL_LINKMODE] = { "LINKMODE", 7, 0, OUT_JSON_STRING,
			   "DEFAULT or DORMANT" },
};

static const int default_cols[] = { COL_IFINDEX, COL_IFNAME, COL_TYPE,
				    COL_STATE, COL_MTU, COL_MASTER, COL_LINK,
				    COL_ADDRESS };

/* Every link of one show, for names of masters and peers. */
struct link_set {
	struct link_info *v;
	size_t n;
	struct peers peers;   /* the far ends of its veths */
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx link [-t TARGET] show [[dev] DEV] [type TYPE] [master BR | nomaster] [up]\n"
	      "                            [group N] [-o] [-d] [-s [-s]] [-j [-p]] [-br]\n"
	      "                            [--table | --output COLUMNS]\n"
	      " nsx link [-t TARGET] add [name] NAME [OPTS] [netns TARGET2] type veth\n"
	      "                            [peer [name] NAME2 [mtu N] [address MAC] [netns|target TARGET2]]\n"
	      " nsx link [-t TARGET] add NAME [OPTS] type bridge [BRIDGE-OPTS] | dummy | ifb\n"
	      " nsx link [-t TARGET] add NAME type vlan link DEV id N\n"
	      " nsx link [-t TARGET] add NAME type vxlan id N [remote|group|local IP] [dev DEV]\n"
	      "                            [dstport P] [srcport MIN MAX] [ttl N] [tos N] [[no]learning]\n"
	      "                            [ageing S] [maxaddress N] [[no]proxy] [[no]l2miss] [[no]l3miss]\n"
	      "                            [[no]udpcsum] [flowlabel L] [external] ...\n"
	      " nsx link [-t TARGET] add NAME link DEV type macvlan|macvtap [mode private|vepa|bridge|\n"
	      "                            passthru [nopromisc]|source] [bcqueuelen N]\n"
	      " nsx link [-t TARGET] add NAME link DEV type ipvlan [mode l2|l3|l3s] [private|vepa|bridge]\n"
	      " nsx link [-t TARGET] set DEV [OPTS] [name NEW] [master BR | nomaster]\n"
	      "                            [netns|target TARGET2] [type bridge BRIDGE-OPTS]\n"
	      " nsx link [-t TARGET] set DEV type bridge_slave [state N] [priority N] [cost N]\n"
	      "                            [learning|flood|hairpin|guard|fastleave|root_block|\n"
	      "                             mcast_flood|bcast_flood|proxy_arp|isolated|... on|off]\n"
	      " nsx link [-t TARGET] property add|del dev DEV [altname NAME]...\n"
	      " nsx link [-t TARGET] del DEV | del type TYPE | del group N\n"
	      "\n"
	      "OPTS: up | down | mtu N | address MAC | txqlen N | alias TEXT | group N |\n"
	      "      promisc|allmulticast|arp|multicast on|off | master BR |\n"
	      "      numtxqueues N | numrxqueues N (add)\n"
	      "BRIDGE-OPTS: stp_state forward_delay hello_time max_age ageing_time priority\n"
	      "      vlan_filtering vlan_protocol vlan_default_pvid group_fwd_mask group_address\n"
	      "      mcast_snooping mcast_router mcast_querier nf_call_iptables ... N (see nsx(1))\n"
	      "\n"
	      "Show and change network links inside a target, through rtnetlink.\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>   whose network namespace (default: nsx's own)\n"
	      " -j, --json              JSON output, with iproute2's field names\n"
	      " -p, -pretty             with -j: indented, as ip -p -j\n"
	      " -o, -oneline            each link on one line, as ip -o\n"
	      " -d, -details, --details\n"
	      "                         the details ip -d link prints\n"
	      " -s, -stats              the counters (twice: with the errors)\n"
	      " -br, -brief, --brief   one line a link, as ip -br link prints it\n"
	      "     --table             a table of the default columns\n"
	      "     --output <list>     a table of these columns (+LIST adds to the default)\n"
	      " -h, --help              show this help\n"
	      "\n", out);
	out_columns_help(out, "Columns:\n", cols, COL_COUNT);
	fputs("\n'set ... target T' moves the link into T. 'del type veth' and\n"
	      "'del group N' delete every such link in one kernel request.\n"
	      "\nSee nsx(1).\n", out);
}

static const struct link_info *set_find(const void *ctx, int ifindex)
{
	const struct link_set *s = ctx;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].ifindex == ifindex)
			return &s->v[i];
	return NULL;
}

static const char *link_name_of(const struct link_set *s, int ifindex,
				char *buf, size_t size)
{
	struct cmd_net_links ls = { set_find, s };

	return cmd_net_link_name(&ls, ifindex, buf, size);
}

/* iproute2's words for a link's flags, M-DOWN last. */
static size_t flag_words(const struct link_set *s, const struct link_info *li,
			 const char **w, size_t max)
{
	struct cmd_net_links ls = { set_find, s };
	size_t n = link_flag_names(li->flags, w, max - 1);

	if (cmd_net_link_mdown(&ls, li))
		w[n++] = "M-DOWN";
	return n;
}

/* The text of one column of link li of s; NULL when it has none. */
static const char *col_text(const void *s_, const void *li_, int col,
			    char *buf, size_t size)
{
	const struct link_set *s = s_;
	const struct link_info *li = li_;
	const char *w[24];

	switch (col) {
	case COL_IFINDEX: snprintf(buf, size, "%d", li->ifindex); return buf;
	case COL_IFNAME: return li->ifname;
	case COL_TYPE: return li->kind[0] ? li->kind : NULL;
	case COL_STATE: return link_operstate_name(li->operstate);
	case COL_MTU: snprintf(buf, size, "%u", li->mtu); return buf;
	case COL_MASTER:
		return li->master ? link_name_of(s, li->master, buf, size) : NULL;
	case COL_LINK:
		/* A peer elsewhere may have the link's own index. */
		if (!li->link)
			return NULL;
		if (li->has_netnsid && peers_of(&s->peers, li->ifindex) &&
		    cmd_peer_label(&s->peers, peers_of(&s->peers, li->ifindex),
				   buf, size))
			return buf;
		if (li->has_netnsid)
			snprintf(buf, size, "if%d", li->link);
		return li->has_netnsid ? buf
				       : link_name_of(s, li->link, buf, size);
	case COL_ADDRESS:
		cmd_net_hw_str(li->addr, li->addr_len, buf, size);
		return buf;
	case COL_BROADCAST:
		cmd_net_hw_str(li->brd, li->brd_len, buf, size);
		return buf;
	case COL_FLAGS:
		return cmd_net_join(w, flag_words(s, li, w, ARRAY_SIZE(w)), buf,
				    size);
	case COL_QDISC: return li->qdisc[0] ? li->qdisc : NULL;
	case COL_GROUP:
		if (!li->group)
			return "default";
		snprintf(buf, size, "%u", li->group);
		return buf;
	case COL_TXQLEN: snprintf(buf, size, "%u", li->txqlen); return buf;
	case COL_LINKMODE: return li->linkmode ? "DORMANT" : "DEFAULT";
	case COL_LINKTYPE: return link_type_name(li->type, buf, size);
	case COL_NETNSID:
		if (!li->has_netnsid)
			return NULL;
		snprintf(buf, size, "%d", li->netnsid);
		return buf;
	}
	return NULL;
}

static int show_table(const struct link_set *s, const char *only,
		      const int *sel, int nsel)
{
	struct out o;
	int r = cmd_net_table(&o, cols, COL_COUNT, sel, nsel);

	for (size_t k = 0; k < s->n && r == 0; k++)
		if (!s->v[k].hidden && (!only || link_has_name(&s->v[k], only)))
			r = cmd_net_table_line(&o, col_text, s, &s->v[k]);
	return cmd_net_table_end(&o, r);
}

/* iproute2's names of the members that are plain strings. */
static const char *const keys[COL_COUNT] = {
	[COL_IFNAME] = "ifname", [COL_STATE] = "operstate",
	[COL_MASTER] = "master", [COL_ADDRESS] = "address",
	[COL_QDISC] = "qdisc", [COL_GROUP] = "group",
	[COL_LINKTYPE] = "link_type", [COL_BROADCAST] = "broadcast",
	[COL_LINKMODE] = "linkmode",
};

/* One column as iproute2's JSON member(s). */
static void json_col(struct json *j, const struct link_set *s,
		     const struct link_info *li, int col)
{
	char buf[256];
	const char *t = col_text(s, li, col, buf, sizeof(buf));
	const char *w[24];
	size_t n;

	switch (col) {
	case COL_IFINDEX: json_int(j, "ifindex", li->ifindex); return;
	case COL_MTU: json_uint(j, "mtu", li->mtu); return;
	case COL_TXQLEN:
		if (li->txqlen) /* as iproute2: 0 is not shown */
			json_uint(j, "txqlen", li->txqlen);
		return;
	case COL_FLAGS:
		n = flag_words(s, li, w, ARRAY_SIZE(w));
		json_arr_open(j, "flags");
		for (size_t i = 0; i < n; i++)
			json_str(j, NULL, w[i]);
		json_arr_close(j);
		return;
	case COL_LINK:
		cmd_peer_json(j, &s->peers, peers_of(&s->peers, li->ifindex));
		if (t && li->has_netnsid)
			json_int(j, "link_index", li->link);
		else if (t)
			json_str(j, "link", t);
		return;
	case COL_NETNSID:
		if (li->has_netnsid)
			json_int(j, "link_netnsid", li->netnsid);
		return;
	case COL_TYPE:
		if (!t)
			return;
		json_obj_open(j, "linkinfo");
		json_str(j, "info_kind", t);
		json_obj_close(j);
		return;
	}
	if (!t || (!t[0] && (col == COL_ADDRESS || col == COL_BROADCAST)))
		return;
	if (keys[col])
		json_str(j, keys[col], t);
}

static void show_json(const struct link_set *s, const struct link_req *r,
		      const struct cmd_net_show *o, const int *sel, int nsel)
{
	struct cmd_net_links ls = { set_find, s };
	unsigned what = CMD_NET_LINK_MODE | CMD_NET_LINK_ALIAS | CMD_NET_LINK_HW |
			(r->details ? CMD_NET_LINK_DETAILS : 0) |
			(o->stats ? CMD_NET_LINK_STATS : 0) |
			(o->stats > 1 ? CMD_NET_LINK_STATS2 : 0);
	const char *only = r->name[0] ? r->name : NULL;
	struct json j;

	json_begin(&j, stdout);
	j.pretty = o->pretty;
	json_arr_open(&j, NULL);
	for (size_t k = 0; k < s->n; k++) {
		if (s->v[k].hidden || (only && !link_has_name(&s->v[k], only)))
			continue;
		json_obj_open(&j, NULL);
		if (r->brief) {
			cmd_net_link_brief(NULL, &j, &ls, &s->v[k]);
			cmd_net_link_brief_hw(NULL, &j, &ls, &s->v[k]);
		} else if (!sel) {
			cmd_net_link_json(&j, &ls, &s->v[k], what);
			cmd_peer_json(&j, &s->peers,
				      peers_of(&s->peers, s->v[k].ifindex));
		}
		for (int i = 0; sel && i < nsel; i++)
			json_col(&j, s, &s->v[k], sel[i]);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_end(&j);
}

/* ip -br link: one line a link. */
static void show_brief(const struct link_set *s, const char *only)
{
	struct cmd_net_links ls = { set_find, s };

	for (size_t k = 0; k < s->n; k++) {
		if (s->v[k].hidden || (only && !link_has_name(&s->v[k], only)))
			continue;
		cmd_net_link_brief(stdout, NULL, &ls, &s->v[k]);
		cmd_net_link_brief_hw(stdout, NULL, &ls, &s->v[k]);
		fputc('\n', stdout);
	}
}

/* ip link show: each link in ip's text. */
static void show_text(struct nl *nl, const struct link_set *s,
		      const char *only, const struct cmd_net_show *o)
{
	struct cmd_net_links ls = { set_find, s };
	struct cmd_nsid_names names = { .nl = nl };
	unsigned what = CMD_NET_LINK_MODE | CMD_NET_LINK_ALIAS | CMD_NET_LINK_HW |
			(o->details ? CMD_NET_LINK_DETAILS : 0);

	for (size_t k = 0; k < s->n; k++) {
		if (s->v[k].hidden || (only && !link_has_name(&s->v[k], only)))
			continue;
		text_link(stdout, &ls, &s->v[k], what, o, cmd_nsid_name, &names);
		fputc('\n', stdout);
	}
	cmd_nsid_names_free(&names);
}

static void link_set_free(struct link_set *s)
{
	peers_free(&s->peers);
}

static bool link_show_wants_peers(const struct link_req *r, const int *sel,
				  int nsel)
{
	if (r->json && !r->columns[0])
		return true;
	for (int i = 0; i < nsel; i++)
		if (sel[i] == COL_LINK)
			return true;
	return false;
}

static int link_show(struct nl *nl, const struct link_req *r,
		     const struct cmd_net_show *o)
{
	_cleanup_free_ struct link_info *v = NULL;
	struct link_set s __attribute__((cleanup(link_set_free))) = { 0 };
	struct nsx_err err;
	int sel[COL_COUNT * 2], nsel = 0;
	const char *only = r->name[0] ? r->name : NULL;
	size_t n;
	bool found = !only;
	bool table = r->columns[0] || (o->table && !r->brief);

	if (table) {
		nsel = cmd_net_columns("link", r->columns, cols, COL_COUNT,
				       default_cols, ARRAY_SIZE(default_cols),
				       sel, ARRAY_SIZE(sel), &err);
		if (nsel < 0)
			return cmd_net_report("link", &err);
	}
	/* Counters and IPv6 details cost the kernel most: asked when shown. */
	if ((o->stats || o->details ? link_list(nl, NULL, &v, &n, &err) :
	     link_list_lean(nl, &v, &n, &err)) < 0)
		return cmd_net_fail(&err);
	if (link_show_filter(nl, r, v, n, &err) < 0)
		return cmd_net_report("link", &err);
	s.v = v;
	s.n = n;
	for (size_t i = 0; i < n && !found; i++)
		found = link_has_name(&v[i], only);
	if (!found) {
		nsx_failx(&err, ENODEV, "link show %s: no such device%s%s",
			  only, streq(nl->label, "self") ? "" : " in ",
			  streq(nl->label, "self") ? "" : nl->label);
		return cmd_net_fail(&err);
	}
	/* Far ends cost questions: only for the LINK column or the JSON;
	 * their bridges cost one more each, so only with -d. */
	if (!r->brief && link_show_wants_peers(r, sel, nsel) &&
	    cmd_peer_find(nl, v, n, o->details ? PEERS_MASTERS : 0, &s.peers,
			  &err) < 0)
		return cmd_net_fail(&err);
	if (r->json) {
		show_json(&s, r, o, table ? sel : NULL, nsel);
		return 0;
	}
	if (r->brief) {
		show_brief(&s, only);
		return 0;
	}
	if (!table) {
		show_text(nl, &s, only, o);
		return 0;
	}
	if (show_table(&s, only, sel, nsel) < 0) {
		nsx_warnx("link show: out of memory");
		return 1;
	}
	return 0;
}

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (streq(argv[i], "--"))
			return false;
		if (streq(argv[i], "-h") || streq(argv[i], "--help"))
			return true;
	}
	return false;
}

int cmd_link(int argc, char **argv)
{
	struct cmd_net_show o;
	struct link_req r;
	struct nsx_err err;
	struct nl nl;
	int rc;

	if (wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	cmd_net_take_show(&argc, argv, &o);
	if (link_cmd_parse(argc, argv, &r, &err) < 0 ||
	    (r.verb == LINK_SHOW &&
	     cmd_net_check_show("link", r.brief, o.table, r.columns, &err) < 0))
		return cmd_net_report("link", &err);
	r.details |= o.details;
	r.json |= o.json;
	o.details = r.details;
	if (cmd_net_open(r.target, r.verb != LINK_SHOW, &nl, &err) < 0)
		return cmd_net_fail(&err);
	if (r.verb == LINK_SHOW)
		rc = link_show(&nl, &r, &o);
	else
		rc = link_cmd_exec(&nl, &r, NULL, NULL, &err) < 0 ? cmd_net_fail(&err)
								  : 0;
	nl_close(&nl);
	return rc;
}
