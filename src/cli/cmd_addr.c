/* cmd_addr.c - nsx addr: show, add, del, flush addresses inside a target */
#include <errno.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/lib/json.h"

enum {
	COL_IFINDEX, COL_IFNAME, COL_STATE, COL_FAMILY, COL_ADDRESS,
	COL_SCOPE, COL_BROADCAST, COL_PEER, COL_FLAGS, COL_LABEL, COL_VALID,
	COL_PREFERRED, COL_COUNT
};

static const struct out_column cols[COL_COUNT] = {
	[COL_IFINDEX] = { "IFINDEX", 3, OUT_COL_RIGHT, OUT_JSON_STRING,
			  "interface index" },
	[COL_IFNAME] = { "IFNAME", 0.1, 0, OUT_JSON_STRING, "interface name" },
	[COL_STATE] = { "STATE", 7, 0, OUT_JSON_STRING,
			"operational state of the link" },
	[COL_FAMILY] = { "FAMILY", 5, 0, OUT_JSON_STRING, "inet or inet6" },
	[COL_ADDRESS] = { "ADDRESS", 0.3, 0, OUT_JSON_STRING,
			  "address/prefix length" },
	[COL_SCOPE] = { "SCOPE", 6, 0, OUT_JSON_STRING,
			"global, link, host, ..." },
	[COL_BROADCAST] = { "BROADCAST", 15, 0, OUT_JSON_STRING,
			    "IPv4 broadcast address" },
	[COL_PEER] = { "PEER", 15, 0, OUT_JSON_STRING,
		       "peer of a point-to-point address" },
	[COL_FLAGS] = { "FLAGS", 0.1, 0, OUT_JSON_STRING,
			"tentative, nodad, dynamic, ..." },
	[COL_LABEL] = { "LABEL", 0.1, 0, OUT_JSON_STRING,
			"IPv4 address label" },
	[COL_VALID] = { "VALID", 8, OUT_COL_RIGHT, OUT_JSON_STRING,
			"valid lifetime (s)" },
	[COL_PREFERRED] = { "PREFERRED", 8, OUT_COL_RIGHT, OUT_JSON_STRING,
			    "preferred lifetime (s)" },
};

static const int default_cols[] = { COL_IFINDEX, COL_IFNAME, COL_STATE,
				    COL_FAMILY, COL_ADDRESS, COL_SCOPE };

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx addr [-t <target>] [-o] [-d] [-s] [-j [-p]] [-br] [-4|-6]\n"
	      "          [--table | --output <list>] show [<selector>...]\n"
	      " nsx addr [-t <target>] [-4|-6] add|replace|change|del [local] <addr>[/<len>]\n"
	      "          dev <dev> [peer|remote <addr>[/<len>]] [brd|broadcast <addr>|+|-]\n"
	      "          [label <name>] [scope <scope>] [metric|priority <n>]\n"
	      "          [valid_lft <secs>|forever] [preferred_lft <secs>|forever]\n"
	      "          [noprefixroute] [nodad] [optimistic] [home] [mngtmpaddr] [autojoin]\n"
	      " nsx addr [-t <target>] [-4|-6] flush <selector>...\n"
	      "\n"
	      "Selectors: [dev] <dev>, scope <scope>|all, to <prefix>, label <pattern>,\n"
	      " [-]dynamic|permanent|primary|secondary|temporary|tentative|deprecated|\n"
	      " dadfailed|nodad|home|mngtmpaddr|noprefixroute|autojoin, up, type <kind>\n"
	      "Scopes: global, site, link, host, nowhere, /etc/iproute2/rt_scopes, 0..255\n"
	      "\n"
	      "IPv4 and IPv6 addresses inside a target's network namespace.\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>  PID, PID:INODE, nsfs path or name\n"
	      "                        (default: nsx's own namespace)\n"
	      " -j, --json             JSON output, as ip -j addr prints it\n"
	      " -p, -pretty            with -j: indented, as ip -p -j\n"
	      " -o, -oneline           each address on one line, as ip -o\n"
	      " -d, -details, --details\n"
	      "                        the links' details, as ip -d addr\n"
	      " -s, -stats             the links' counters (twice: with the errors)\n"
	      " -br, -brief, --brief  one line a link, as ip -br addr prints it\n"
	      "     --table            a table of the default columns\n"
	      "     --output <list>    a table of these columns (+LIST adds to the default)\n"
	      " -4, --ipv4             IPv4 only\n"
	      " -6, --ipv6             IPv6 only\n"
	      " -h, --help             show this help\n"
	      "\n", out);
	out_columns_help(out, "Columns:\n", cols, COL_COUNT);
	fputs("\nSee nsx(1).\n", out);
}

size_t cmd_addr_flag_names(const struct addr_entry *e, const char **w)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{ IFA_F_NODAD, "nodad" },
		{ IFA_F_OPTIMISTIC, "optimistic" },
		{ IFA_F_DADFAILED, "dadfailed" },
		{ IFA_F_HOMEADDRESS, "home" },
		{ IFA_F_DEPRECATED, "deprecated" },
		{ IFA_F_TENTATIVE, "tentative" },
		{ IFA_F_MANAGETEMPADDR, "mngtmpaddr" },
		{ IFA_F_NOPREFIXROUTE, "noprefixroute" },
		{ IFA_F_MCAUTOJOIN, "autojoin" },
		{ IFA_F_STABLE_PRIVACY, "stable-privacy" },
	};
	size_t n = 0;

	if (e->flags & IFA_F_SECONDARY)
		w[n++] = e->local.family == AF_INET6 ? "temporary" :
						       "secondary";
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (names[i].flag == IFA_F_MANAGETEMPADDR &&
		    !(e->flags & IFA_F_PERMANENT))
			w[n++] = "dynamic";
		if (e->flags & names[i].flag)
			w[n++] = names[i].name;
	}
	return n;
}

/* ---- table ---- */

static const char *lifetime_str(uint32_t lft, char *buf, size_t size)
{
	if (lft == UINT32_MAX)
		return "forever";
	snprintf(buf, size, "%u", lft);
	return buf;
}

/* The text of one column of one address of link l (e NULL: a link
 * without any). */
static const char *col_text(const void *l_, const void *e_, int col,
			    char *buf, size_t size)
{
	const struct addr_link *l = l_;
	const struct addr_entry *e = e_;
	const char *w[16];

	switch (col) {
	case COL_IFINDEX: snprintf(buf, size, "%d", l->li.ifindex); return buf;
	case COL_IFNAME: return l->li.ifname;
	case COL_STATE: return link_operstate_name(l->li.operstate);
	}
	if (!e)
		return NULL;
	switch (col) {
	case COL_FAMILY: return addr_family_name(e->local.family);
	case COL_ADDRESS:
		return inet_prefix_str(&e->local, !e->peer.family, buf, size);
	case COL_SCOPE: return addr_scope_name(e->scope, buf, size);
	case COL_BROADCAST:
		return e->brd.family ? inet_prefix_str(&e->brd, false, buf, size)
				     : NULL;
	case COL_PEER:
		return e->peer.family ? inet_prefix_str(&e->peer, true, buf, size)
				      : NULL;
	case COL_LABEL: return e->label[0] ? e->label : NULL;
	case COL_VALID: return lifetime_str(e->valid_lft, buf, size);
	case COL_PREFERRED: return lifetime_str(e->preferred_lft, buf, size);
	}
	return cmd_net_join(w, cmd_addr_flag_names(e, w), buf, size);
}

static int show_table(const struct addr_table *tab, int family,
		      const int *sel, int nsel)
{
	struct out o;
	int r = cmd_net_table(&o, cols, COL_COUNT, sel, nsel);

	for (size_t k = 0; r == 0 && k < tab->n; k++) {
		const struct addr_link *l = &tab->links[k];

		if (l->show == ADDR_LINK_HIDDEN || l->show == ADDR_LINK_EMPTY)
			continue;
		/* As ip -4/-6: links without such addresses are left out. */
		if (!l->n_addrs && family == AF_UNSPEC)
			r = cmd_net_table_line(&o, col_text, l, NULL);
		for (size_t i = 0; r == 0 && i < l->n_addrs; i++)
			if (!l->addrs[i].hidden)
				r = cmd_net_table_line(&o, col_text, l,
						       &l->addrs[i]);
	}
	return cmd_net_table_end(&o, r);
}

/* ---- JSON, as ip -j addr ---- */

/* One address; with -o (l not NULL) naming its link first. */
static void json_addr(struct json *j, const struct addr_link *l,
		      const struct addr_entry *e)
{
	char a[INET_PREFIX_STRLEN];
	const char *w[16];
	size_t n = cmd_addr_flag_names(e, w);

	json_obj_open(j, NULL);
	if (e->hidden) { /* as ip: an empty object */
		json_obj_close(j);
		return;
	}
	if (l) {
		json_int(j, "index", l->li.ifindex);
		json_str(j, "dev", l->li.ifname);
	}
	json_str(j, "family", addr_family_name(e->local.family));
	json_str(j, "local", inet_prefix_str(&e->local, false, a, sizeof(a)));
	if (e->peer.family)
		json_str(j, "address",
			 inet_prefix_str(&e->peer, false, a, sizeof(a)));
	json_uint(j, "prefixlen", e->local.len);
	if (e->has_metric)
		json_uint(j, "metric", e->metric);
	if (e->brd.family)
		json_str(j, "broadcast",
			 inet_prefix_str(&e->brd, false, a, sizeof(a)));
	json_str(j, "scope", addr_scope_name(e->scope, a, sizeof(a)));
	for (size_t i = 0; i < n; i++)
		json_bool(j, w[i], true);
	if (e->label[0])
		json_str(j, "label", e->label);
	json_uint(j, "valid_life_time", e->valid_lft);
	json_uint(j, "preferred_life_time", e->preferred_lft);
	json_obj_close(j);
}

static const struct link_info *tab_find(const void *ctx, int ifindex)
{
	const struct addr_link *l = addr_table_find(ctx, ifindex);

	return l ? &l->li : NULL;
}

/* One address of ip -br addr: "ADDR[ peer PEER]/LEN[ metric N] ". */
static void brief_addr(struct json *j, const struct addr_entry *e)
{
	char a[INET_PREFIX_STRLEN], p[INET_PREFIX_STRLEN];

	if (e->hidden) { /* as ip: nothing, or an empty object */
		if (j) {
			json_obj_open(j, NULL);
			json_obj_close(j);
		}
		return;
	}
	inet_prefix_str(&e->local, false, a, sizeof(a));
	if (e->peer.family)
		inet_prefix_str(&e->peer, false, p, sizeof(p));
	if (!j) {
		printf("%s%s%s/%u ", a, e->peer.family ? " peer " : "",
		       e->peer.family ? p : "", e->local.len);
		if (e->has_metric)
			printf("metric %u ", e->metric);
		return;
	}
	json_obj_open(j, NULL);
	json_str(j, "local", a);
	if (e->peer.family)
		json_str(j, "address", p);
	json_uint(j, "prefixlen", e->local.len);
	if (e->has_metric)
		json_uint(j, "metric", e->metric);
	json_obj_close(j);
}

/* ip -br addr: NAME STATE ADDR/LEN ..., or its JSON. */
static void brief_addrs(struct json *j, const struct addr_link *l)
{
	if (j)
		json_arr_open(j, "addr_info");
	for (size_t i = 0; i < l->n_addrs; i++)
		brief_addr(j, &l->addrs[i]);
	if (j)
		json_arr_close(j);
	else
		putchar('\n');
}

static bool shown(const struct addr_table *tab, const struct addr_link *l,
		  int family)
{
	(void)tab;
	(void)family;
	/* The selectors decided (addr_filter_apply). */
	return l->show != ADDR_LINK_HIDDEN;
}

static void show_brief(const struct addr_table *tab, int family)
{
	struct cmd_net_links ls = { tab_find, tab };

	for (size_t k = 0; k < tab->n; k++) {
		if (!shown(tab, &tab->links[k], family) ||
		    tab->links[k].show == ADDR_LINK_EMPTY)
			continue;
		if (tab->links[k].show == ADDR_LINK_FULL)
			cmd_net_link_brief(stdout, NULL, &ls,
					   &tab->links[k].li);
		brief_addrs(NULL, &tab->links[k]);
	}
}

/* ip addr show in text: each link, its addresses, its counters. */
static void show_text(struct nl *nl, const struct addr_table *tab,
		      int family, const struct cmd_net_show *o)
{
	struct cmd_net_links ls = { tab_find, tab };
	struct cmd_nsid_names names = { .nl = nl };
	unsigned what = o->details ? CMD_NET_LINK_DETAILS | CMD_NET_LINK_ALIAS |
				     CMD_NET_LINK_HW
			: family == AF_UNSPEC ? CMD_NET_LINK_HW : 0;

	for (size_t k = 0; k < tab->n; k++) {
		const struct addr_link *l = &tab->links[k];

		if (!shown(tab, l, family) || l->show == ADDR_LINK_EMPTY)
			continue;
		if (!o->oneline && l->show == ADDR_LINK_FULL) {
			text_link(stdout, &ls, &l->li, what, o, cmd_nsid_name,
				  &names);
			putchar('\n');
		}
		for (size_t i = 0; i < l->n_addrs; i++)
			if (!l->addrs[i].hidden)
				text_addr(stdout, l, &l->addrs[i], o);
		if (!o->oneline && l->show == ADDR_LINK_FULL && o->stats &&
		    l->li.has_stats) {
			text_link_stats(stdout, &l->li, o);
			putchar('\n');
		}
	}
	cmd_nsid_names_free(&names);
}

static void show_json(const struct addr_table *tab, int family, bool brief,
		      bool details, const struct cmd_net_show *o)
{
	struct cmd_net_links ls = { tab_find, tab };
	/* As ip: -d adds the link's details and alias, and the link-layer
	 * address that -4 and -6 leave out. */
	unsigned what = details ? CMD_NET_LINK_DETAILS | CMD_NET_LINK_ALIAS |
				  CMD_NET_LINK_HW
				: family == AF_UNSPEC ? CMD_NET_LINK_HW : 0;
	struct json j;

	json_begin(&j, stdout);
	j.pretty = o->pretty;
	json_arr_open(&j, NULL);
	for (size_t k = 0; k < tab->n; k++) {
		const struct addr_link *l = &tab->links[k];

		if (!shown(tab, l, family))
			continue;
		json_obj_open(&j, NULL);
		/* ip's up and type selectors leave an empty object. */
		if (l->show == ADDR_LINK_EMPTY) {
			json_obj_close(&j);
			continue;
		}
		if (o->oneline && !brief) {
			/* As ip -o: the addresses alone, each naming its
			 * link. */
			json_arr_open(&j, "addr_info");
			for (size_t i = 0; i < l->n_addrs; i++)
				json_addr(&j, l, &l->addrs[i]);
			json_arr_close(&j);
			json_obj_close(&j);
			continue;
		}
		if (brief) {
			if (l->show == ADDR_LINK_FULL)
				cmd_net_link_brief(NULL, &j, &ls, &l->li);
			brief_addrs(&j, l);
			json_obj_close(&j);
			continue;
		}
		if (l->show == ADDR_LINK_FULL)
			cmd_net_link_json(&j, &ls, &l->li, what);
		json_arr_open(&j, "addr_info");
		for (size_t i = 0; i < l->n_addrs; i++)
			json_addr(&j, NULL, &l->addrs[i]);
		json_arr_close(&j);
		if (o->stats && l->li.has_stats)
			json_link_stats(&j, &l->li, o->stats);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_end(&j);
}

/* ---- running a request ---- */

static int columns(const struct addr_req *req, int *sel, struct nsx_err *err)
{
	return cmd_net_columns("addr", req->opts.columns, cols, COL_COUNT,
			       default_cols, ARRAY_SIZE(default_cols), sel,
			       COL_COUNT * 2, err);
}

/* show: ip's text by default; -j; -br; the table with --table or
 * --output. */
static int addr_show(struct nl *nl, const struct addr_req *req,
		     const struct cmd_net_show *o, struct nsx_err *err)
{
	struct addr_table tab;
	int sel[COL_COUNT * 2], nsel = 0, r;
	bool table = !req->opts.json && !req->opts.brief &&
		     (o->table || req->opts.columns[0]);

	if (table && (nsel = columns(req, sel, err)) < 0)
		return nsel;
	r = addr_show_dump(nl, req, &tab, err);
	if (r < 0)
		return r;
	if (req->opts.json)
		show_json(&tab, req->family, req->opts.brief,
			  req->opts.details, o);
	else if (req->opts.brief)
		show_brief(&tab, req->family);
	else if (!table)
		show_text(nl, &tab, req->family, o);
	else if ((r = show_table(&tab, req->family, sel, nsel)) < 0)
		nsx_fail(err, -r, "addr show");
	addr_table_free(&tab);
	return r;
}

int addr_cmd_run(struct nl *nl, const struct addr_req *req,
		 struct nsx_err *err)
{
	struct cmd_net_show o = { .details = req->opts.details };

	if (req->op != ADDR_SHOW)
		return addr_apply(nl, req, err);
	return addr_show(nl, req, &o, err);
}

int cmd_addr(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct cmd_net_show o;
	struct addr_req req;
	struct nl nl;
	int sel[COL_COUNT * 2], r;

	cmd_net_take_show(&argc, argv, &o);
	if (addr_cmd_parse(argc, argv, &req, &err) < 0 ||
	    (req.op == ADDR_SHOW &&
	     (cmd_net_check_show("addr", req.opts.brief, o.table,
				 req.opts.columns, &err) < 0 ||
	      columns(&req, sel, &err) < 0)))
		return cmd_net_report("addr", &err);
	if (req.opts.help) {
		usage(stdout);
		return 0;
	}
	if (req.warn[0]) /* ip takes the line all the same */
		nsx_warnx("%s", req.warn);
	req.opts.details |= o.details;
	req.opts.json |= o.json;
	o.details = req.opts.details;
	if (cmd_net_open(req.opts.target, req.op != ADDR_SHOW, &nl, &err) < 0)
		return cmd_net_fail(&err);
	r = req.op == ADDR_SHOW ? addr_show(&nl, &req, &o, &err)
				: addr_apply(&nl, &req, &err);
	nl_close(&nl);
	return r < 0 ? cmd_net_fail(&err) : 0;
}
