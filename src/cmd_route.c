/* cmd_route.c - nsx route: show, add, replace, del routes inside a target */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "nsx/cmd.h"
#include "nsx/route.h"

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx route [-t <target>] [-j] [-4|-6] show [dev <dev>] [table <table>]\n"
	      " nsx route [-t <target>] [-4|-6] add|replace <dst> [via <gw>] [dev <dev>]\n"
	      "           [src <addr>] [metric <n>] [table <table>] [onlink]\n"
	      " nsx route [-t <target>] [-4|-6] del <dst> [via <gw>] [dev <dev>] ...\n"
	      "\n"
	      "IPv4 and IPv6 routes inside a target's network namespace.\n"
	      "<dst> is 'default' or a CIDR; 'default' without a gateway is\n"
	      "IPv4 unless -6 is given. show lists both families of the main\n"
	      "table ('table all' for every table).\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>  PID, PID:INODE, nsfs path or name\n"
	      "                        (default: nsx's own namespace)\n"
	      " -j, --json             show as JSON, with iproute2's field names\n"
	      " -4, --ipv4             IPv4 only\n"
	      " -6, --ipv6             IPv6 only\n"
	      " -h, --help             show this help\n"
	      "\n"
	      "See nsx(1).\n",
	      out);
}

/* ---- output, iproute2's layout ---- */

static const char *dev_name(const struct addr_table *links, int ifindex,
			    char *buf, size_t size)
{
	const struct addr_link *l = addr_table_find(links, ifindex);

	if (l)
		return l->ifname;
	snprintf(buf, size, "if%d", ifindex);
	return buf;
}

static const char *dst_str(const struct inet_prefix *dst, char *buf,
			   size_t size)
{
	if (dst->len == 0)
		return "default";
	/* A host route is written without its /32 or /128, as ip does. */
	return addr_prefix_str(dst, dst->len != addr_family_size(dst->family) * 8,
			       buf, size);
}

static const char *pref_name(uint8_t pref)
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

static void text_route(const struct addr_table *links,
		       const struct route_entry *e)
{
	char a[INET_PREFIX_STRLEN], n[16], dev[IFNAMSIZ + 8];

	if (e->type != RTN_UNICAST)
		printf("%s ", route_type_name(e->type, n, sizeof(n)));
	fputs(dst_str(&e->dst, a, sizeof(a)), stdout);
	if (e->gw.family)
		printf(" via %s", addr_prefix_str(&e->gw, false, a, sizeof(a)));
	if (e->oif)
		printf(" dev %s", dev_name(links, e->oif, dev, sizeof(dev)));
	if (e->table != RT_TABLE_MAIN)
		printf(" table %s", route_table_name(e->table, n, sizeof(n)));
	if (e->protocol != RTPROT_BOOT)
		printf(" proto %s", route_protocol_name(e->protocol, n,
							sizeof(n)));
	if (e->scope != RT_SCOPE_UNIVERSE)
		printf(" scope %s", addr_scope_name(e->scope, n, sizeof(n)));
	if (e->prefsrc.family)
		printf(" src %s", addr_prefix_str(&e->prefsrc, false, a,
						   sizeof(a)));
	if (e->has_metric)
		printf(" metric %u", e->metric);
	if (e->flags & RTNH_F_ONLINK)
		fputs(" onlink", stdout);
	if (e->flags & RTNH_F_LINKDOWN)
		fputs(" linkdown", stdout);
	if (e->has_pref)
		printf(" pref %s", pref_name(e->pref));
	fputc('\n', stdout);
}

static int route_show(struct nl *nl, const struct route_req *req,
		      struct nsx_err *err)
{
	struct addr_table links;
	struct route_table tab;
	int oif = 0, r;

	r = addr_dump(nl, "", AF_UNSPEC, false, &links, err);
	if (r < 0)
		return r;
	if (req->dev[0] && (r = addr_dev_index(nl, req->dev, &oif, err)) < 0)
		goto out;
	r = route_dump(nl, req->family, req->table, oif, &tab, err);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < tab.n; i++)
		text_route(&links, &tab.routes[i]);
	route_table_free(&tab);
out:
	addr_table_free(&links);
	return r;
}

int route_cmd_run(struct nl *nl, const struct route_req *req,
		  struct nsx_err *err)
{
	if (req->op == ROUTE_SHOW)
		return route_show(nl, req, err);
	return route_apply(nl, req, err);
}

/* ---- the command ---- */

static int route_run_in(const struct route_req *req, struct nsx_err *err)
{
	struct target t;
	struct nl nl;
	int r;

	target_self(&t);
	if (req->opts.target[0] &&
	    (r = target_resolve(req->opts.target, &t, err)) < 0)
		return r;
	r = nl_open(&nl, &t, err);
	if (r == 0) {
		r = route_cmd_run(&nl, req, err);
		nl_close(&nl);
	}
	target_release(&t);
	return r;
}

int cmd_route(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct route_req req;

	if (route_cmd_parse(argc, argv, &req, &err) < 0) {
		if (err.code == NSX_EUSAGE)
			return nsx_usage_error("route", "%s", err.msg);
		return report(&err);
	}
	if (req.opts.help) {
		usage(stdout);
		return 0;
	}
	if (route_run_in(&req, &err) < 0)
		return report(&err);
	return 0;
}
