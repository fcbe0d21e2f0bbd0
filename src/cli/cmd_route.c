/* cmd_route.c - nsx route: show, add, replace, del routes inside a target */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/cli/cmd_route.h"
#include "nsx/lib/json.h"
#include "nsx/net/route.h"

enum {
	COL_DST, COL_GATEWAY, COL_DEV, COL_PROTO, COL_SCOPE, COL_SRC,
	COL_METRIC, COL_TABLE, COL_TYPE, COL_FLAGS, COL_PREF, COL_FAMILY,
	COL_TOS, COL_METRICS, COL_EXPIRES, COL_WEIGHT, COL_COUNT
};

static const struct out_column cols[COL_COUNT] = {
	[COL_DST] = { "DST", 0.2, 0, OUT_JSON_STRING,
		      "destination: default or a prefix" },
	[COL_GATEWAY] = { "GATEWAY", 0.2, 0, OUT_JSON_STRING, "next hop" },
	[COL_DEV] = { "DEV", 0.1, 0, OUT_JSON_STRING, "output interface" },
	[COL_PROTO] = { "PROTO", 6, 0, OUT_JSON_STRING,
			"who added it: kernel, boot, static, ..." },
	[COL_SCOPE] = { "SCOPE", 6, 0, OUT_JSON_STRING,
			"global, link or host" },
	[COL_SRC] = { "SRC", 0.2, 0, OUT_JSON_STRING,
		      "preferred source address" },
	[COL_METRIC] = { "METRIC", 4, OUT_COL_RIGHT, OUT_JSON_STRING,
			 "priority (lower wins)" },
	[COL_TABLE] = { "TABLE", 5, 0, OUT_JSON_STRING, "routing table" },
	[COL_TYPE] = { "TYPE", 7, 0, OUT_JSON_STRING,
		       "unicast, local, broadcast, ..." },
	[COL_FLAGS] = { "FLAGS", 0.1, 0, OUT_JSON_STRING,
			"onlink, linkdown, ..." },
	[COL_PREF] = { "PREF", 6, 0, OUT_JSON_STRING,
		       "IPv6 router preference" },
	[COL_FAMILY] = { "FAMILY", 5, 0, OUT_JSON_STRING, "inet or inet6" },
	[COL_TOS] = { "TOS", 4, 0, OUT_JSON_STRING, "type of service" },
	[COL_METRICS] = { "METRICS", 0.1, 0, OUT_JSON_STRING,
			  "mtu, advmss, ... (route metrics)" },
	[COL_EXPIRES] = { "EXPIRES", 4, OUT_COL_RIGHT, OUT_JSON_STRING,
			  "seconds left (IPv6)" },
	[COL_WEIGHT] = { "WEIGHT", 4, 0, OUT_JSON_STRING,
			 "weight of each next hop (multipath)" },
};


static const int default_cols[] = { COL_DST, COL_GATEWAY, COL_DEV,
				    COL_PROTO, COL_SCOPE, COL_SRC,
				    COL_METRIC };

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx route [-t <target>] [-o] [-d] [-j [-p]] [--table | --output <list>] [-4|-6]\n"
	      "           show|list [<selector>...]\n"
	      " nsx route [-t <target>] [-4|-6] flush <selector>...\n"
	      " nsx route [-t <target>] [-o] [-d] [-j [-p]] [-4|-6] get [to] <addr>\n"
	      "           [from <addr>] [iif <dev>] [oif <dev>] [mark <n>] [tos <tos>] [fibmatch]\n"
	      " nsx route [-t <target>] [-4|-6] add|del|change|replace|append|prepend <route>\n"
	      "\n"
	      "<selector>: [to] [root|match|exact] <prefix>, dev|oif <dev>, via <addr>, src <addr>,\n"
	      "  proto <proto>|all, scope <scope>|all, type <type>, tos <tos>, metric <n>,\n"
	      "  table <table>|all\n"
	      "<route>: [<type>] <dst> [via [inet|inet6] <gw>] [dev <dev>] [src <addr>]\n"
	      "  [metric|preference|priority <n>] [table <table>] [proto <proto>]\n"
	      "  [scope <scope>] [tos|dsfield <tos>] [onlink] [pref low|medium|high]\n"
	      "  [expires <secs>] [realm [<from>/]<to>] [<metric> [lock] <value>]...\n"
	      "  [nexthop [via <gw>] [dev <dev>] [weight <1-256>] [onlink]]...\n"
	      "<type>: unicast, local, broadcast, multicast, anycast, blackhole,\n"
	      "  unreachable, prohibit, throw, nat\n"
	      "<metric>: mtu, advmss, window, rtt, rttvar, reordering, hoplimit, initcwnd,\n"
	      "  initrwnd, cwnd, ssthresh, features ecn, quickack 0|1, congctl <name>,\n"
	      "  fastopen_no_cookie 0|1, rto_min <time>\n"
	      "<table>: a number or a name of /etc/iproute2/rt_tables (main, local, ...)\n"
	      "\n"
	      "IPv4 and IPv6 routes inside a target's network namespace, in ip route's\n"
	      "words. <dst> is 'default' or a prefix; 'default' without a gateway is\n"
	      "IPv4 unless -6 is given. show lists the IPv4 routes of the main\n"
	      "table unless -6 is given ('table all': every table, both families).\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>  PID, PID:INODE, nsfs path or name\n"
	      "                        (default: nsx's own namespace)\n"
	      " -j, --json             JSON output, as ip -j route prints it\n"
	      " -p, -pretty            with -j: indented, as ip -p -j\n"
	      " -o, -oneline           each route on one line, as ip -o\n"
	      " -d, -details, --details\n"
	      "                        what ip -d route adds (type, table, proto, scope)\n"
	      "     --table            a table of the default columns\n"
	      "     --output <list>    a table of these columns (+LIST adds to the default)\n"
	      " -4, --ipv4             IPv4 only\n"
	      " -6, --ipv6             IPv6 only\n"
	      " -h, --help             show this help\n"
	      "\n", out);
	out_columns_help(out, "Columns:\n", cols, COL_COUNT);
	fputs("\nSee nsx(1).\n", out);
}

/* ---- the table ---- */

/* "mtu 1300 advmss 1000", in ip's words and order; NULL for none. */
static const char *metrics_text(const struct route_entry *e, char *buf,
				size_t size)
{
	size_t off = 0;
	char one[64];

	buf[0] = '\0';
	for (int m = 2; m <= RTAX_MAX && off < size; m++)
		if (cmd_route_metric(e, m, one, sizeof(one)))
			off += (size_t)snprintf(buf + off, size - off, "%s%s",
						off ? " " : "", one);
	return buf[0] ? buf : NULL;
}

/* The gateways, links or weights of a multipath route, comma-joined. */
static const char *nexthops_text(const struct addr_table *links,
				 const struct route_entry *e, int col,
				 char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < e->n_nh && off < size; i++) {
		const struct route_nh *nh = &e->nh[i];
		char one[INET_PREFIX_STRLEN + 16] = "";

		if (col == COL_GATEWAY && nh->gw.family)
			inet_prefix_str(&nh->gw, false, one, sizeof(one));
		else if (col == COL_DEV && nh->oif)
			snprintf(one, sizeof(one), "%s",
				 cmd_route_dev(links, nh->oif, one, sizeof(one)));
		else if (col == COL_WEIGHT)
			snprintf(one, sizeof(one), "%u", nh->weight);
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
					i ? "," : "", one);
	}
	return buf;
}

/* The text of one column of route e; NULL when it has none. */
static const char *col_text(const void *links_, const void *e_, int col,
			    char *buf, size_t size)
{
	const struct addr_table *links = links_;
	const struct route_entry *e = e_;
	const char *w[16];

	if (e->n_nh && (col == COL_GATEWAY || col == COL_DEV ||
			col == COL_WEIGHT))
		return nexthops_text(links, e, col, buf, size);
	switch (col) {
	case COL_DST: return cmd_route_dst(&e->dst, buf, size);
	case COL_GATEWAY:
		return e->gw.family ? inet_prefix_str(&e->gw, false, buf, size)
				    : NULL;
	case COL_DEV: return e->oif ? cmd_route_dev(links, e->oif, buf, size) : NULL;
	case COL_TOS:
		if (!e->tos)
			return NULL;
		return route_dsfield_name(e->tos, buf, size);
	case COL_METRICS: return metrics_text(e, buf, size);
	case COL_EXPIRES:
		if (!e->has_expires)
			return NULL;
		snprintf(buf, size, "%d", e->expires);
		return buf;
	case COL_WEIGHT: return NULL;
	case COL_PROTO: return route_protocol_name(e->protocol, buf, size);
	case COL_SCOPE: return route_scope_name(e->scope, buf, size);
	case COL_SRC:
		return e->prefsrc.family ?
			inet_prefix_str(&e->prefsrc, false, buf, size) : NULL;
	case COL_METRIC:
		if (!e->has_metric)
			return NULL;
		snprintf(buf, size, "%u", e->metric);
		return buf;
	case COL_TABLE: return route_table_name(e->table, buf, size);
	case COL_TYPE: return route_type_name(e->type, buf, size);
	case COL_PREF: return e->has_pref ? cmd_route_pref(e->pref) : NULL;
	case COL_FAMILY: return addr_family_name(e->family);
	}
	return cmd_net_join(w, cmd_route_flag_names(e->flags, w), buf, size);
}

static int show_table(const struct addr_table *links,
		      const struct route_table *tab, const int *sel, int nsel)
{
	struct out o;
	int r = cmd_net_table(&o, cols, COL_COUNT, sel, nsel);

	for (size_t k = 0; r == 0 && k < tab->n; k++)
		r = cmd_net_table_line(&o, col_text, links, &tab->routes[k]);
	return cmd_net_table_end(&o, r);
}

/* ---- running a request ---- */

static int columns(const struct route_req *req, int *sel, struct nsx_err *err)
{
	return cmd_net_columns("route", req->opts.columns, cols, COL_COUNT,
			       default_cols, ARRAY_SIZE(default_cols), sel,
			       COL_COUNT * 2, err);
}

/* ip's text, or with -j its JSON. */
static void show_routes(const struct addr_table *links,
			const struct route_table *tab,
			const struct route_req *req,
			const struct cmd_net_show *o)
{
	struct route_print p;

	route_print_begin(&p, stdout, req->opts.json, o, links, &req->filter);
	for (size_t k = 0; k < tab->n; k++)
		route_print(&p, &tab->routes[k]);
	route_print_end(&p);
}

/* show: ip's text by default; -j; the table with --table or --output. */
static int route_show(struct nl *nl, const struct route_req *req,
		      const struct cmd_net_show *o, struct nsx_err *err)
{
	struct route_filter f = req->filter;
	struct addr_table links;
	struct route_table tab;
	int sel[COL_COUNT * 2], nsel = 0, r;
	bool table = !req->opts.json && (o->table || req->opts.columns[0]);

	if (table && (nsel = columns(req, sel, err)) < 0)
		return nsel;
	r = addr_dump(nl, "", AF_UNSPEC, false, &links, err);
	if (r < 0)
		return r;
	if (f.dev[0] && (r = addr_dev_index(nl, f.dev, &f.oif, err)) < 0)
		goto out;
	r = route_dump(nl, &f, &tab, err);
	if (r < 0)
		goto out;
	if (req->opts.json || !table)
		show_routes(&links, &tab, req, o);
	else if ((r = show_table(&links, &tab, sel, nsel)) < 0)
		nsx_fail(err, -r, "route show");
	route_table_free(&tab);
out:
	addr_table_free(&links);
	return r;
}

int route_cmd_run(struct nl *nl, const struct route_req *req,
		  struct nsx_err *err)
{
	struct cmd_net_show o = { .details = req->opts.details };

	if (req->op == ROUTE_SHOW)
		return route_show(nl, req, &o, err);
	if (req->op == ROUTE_GET)
		return cmd_route_get(nl, req, &o, err);
	return route_apply(nl, req, err);
}

int cmd_route(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct cmd_net_show o;
	struct route_req req;
	struct nl nl;
	int sel[COL_COUNT * 2], r;

	cmd_net_take_show(&argc, argv, &o);
	if (o.stats) /* ip -s route adds the cache's use counts */
		nsx_failx(&err, NSX_EUSAGE, "route: '-s' is ip's, nsx does "
			  "not support it");
	if (o.stats || route_cmd_parse(argc, argv, &req, &err) < 0 ||
	    (req.op == ROUTE_SHOW && columns(&req, sel, &err) < 0))
		return cmd_net_report("route", &err);
	if (req.opts.help) {
		usage(stdout);
		return 0;
	}
	req.opts.details |= o.details;
	req.opts.json |= o.json;
	o.details = req.opts.details;
	if (cmd_net_open(req.opts.target, req.op != ROUTE_SHOW &&
			 req.op != ROUTE_GET, &nl, &err) < 0)
		return cmd_net_fail(&err);
	r = req.op == ROUTE_SHOW  ? route_show(&nl, &req, &o, &err)
	    : req.op == ROUTE_GET ? cmd_route_get(&nl, &req, &o, &err)
				  : route_apply(&nl, &req, &err);
	nl_close(&nl);
	if (r < 0 && err.code == NSX_EUSAGE)
		return cmd_net_report("route", &err);
	return r < 0 ? cmd_net_fail(&err) : 0;
}
