/* cmd_addr.c - nsx addr: show, add, del, flush addresses inside a target */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/socket.h>

#include "nsx/addr.h"
#include "nsx/cmd.h"

/* Not in glibc's <net/if.h>, which cannot be mixed with <linux/if.h>. */
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#define IFF_DORMANT 0x20000
#define IFF_ECHO 0x40000
#endif

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx addr [-t <target>] [-j] [-4|-6] show [dev <dev>]\n"
	      " nsx addr [-t <target>] add <cidr> dev <dev> [nodad]\n"
	      " nsx addr [-t <target>] del <addr>[/<len>] dev <dev>\n"
	      " nsx addr [-t <target>] [-4|-6] flush dev <dev>\n"
	      "\n"
	      "IPv4 and IPv6 addresses inside a target's network namespace.\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>  PID, PID:INODE, nsfs path or name\n"
	      "                        (default: nsx's own namespace)\n"
	      " -j, --json             show as JSON, with iproute2's field names\n"
	      " -4, --ipv4             IPv4 only (show, flush)\n"
	      " -6, --ipv6             IPv6 only (show, flush)\n"
	      " -h, --help             show this help\n"
	      "\n"
	      "See nsx(1).\n",
	      out);
}

/* ---- text output, iproute2's layout ---- */

static const struct {
	unsigned int flag;
	const char *name;
} link_flags[] = {
	{ IFF_LOOPBACK, "LOOPBACK" },	{ IFF_BROADCAST, "BROADCAST" },
	{ IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_MULTICAST, "MULTICAST" },
	{ IFF_NOARP, "NOARP" },		{ IFF_ALLMULTI, "ALLMULTI" },
	{ IFF_PROMISC, "PROMISC" },	{ IFF_NOTRAILERS, "NOTRAILERS" },
	{ IFF_DEBUG, "DEBUG" },		{ IFF_DYNAMIC, "DYNAMIC" },
	{ IFF_AUTOMEDIA, "AUTOMEDIA" }, { IFF_PORTSEL, "PORTSEL" },
	{ IFF_MASTER, "MASTER" },	{ IFF_SLAVE, "SLAVE" },
	{ IFF_UP, "UP" },		{ IFF_LOWER_UP, "LOWER_UP" },
	{ IFF_DORMANT, "DORMANT" },	{ IFF_ECHO, "ECHO" },
};

static const char *const operstates[] = { "UNKNOWN", "NOTPRESENT", "DOWN",
					  "LOWERLAYERDOWN", "TESTING",
					  "DORMANT", "UP" };

static const char *link_type_name(uint16_t type)
{
	switch (type) {
	case ARPHRD_ETHER:
		return "ether";
	case ARPHRD_LOOPBACK:
		return "loopback";
	case ARPHRD_NONE:
		return "none";
	case ARPHRD_IPGRE:
		return "gre";
	case ARPHRD_TUNNEL:
		return "ipip";
	case ARPHRD_TUNNEL6:
		return "tunnel6";
	case ARPHRD_SIT:
		return "sit";
	default:
		return "unknown";
	}
}

static const char *operstate_name(uint8_t state)
{
	return state < ARRAY_SIZE(operstates) ? operstates[state] : "UNKNOWN";
}

static void hw_str(const uint8_t *a, uint8_t len, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (uint8_t i = 0; i < len && off + 4 <= size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%02x",
					i ? ":" : "", a[i]);
}

static void text_link(const struct addr_table *tab, const struct addr_link *l)
{
	const struct addr_link *m = addr_table_find(tab, l->master);
	char hw[100], brd[100];
	bool first = true;

	printf("%d: %s", l->ifindex, l->ifname);
	if (l->iflink && l->iflink != l->ifindex) {
		const struct addr_link *peer = addr_table_find(tab, l->iflink);

		if (peer && !l->has_link_netnsid)
			printf("@%s", peer->ifname);
		else
			printf("@if%d", l->iflink);
	}
	fputs(": <", stdout);
	if ((l->flags & IFF_UP) && !(l->flags & IFF_RUNNING)) {
		fputs("NO-CARRIER", stdout);
		first = false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(link_flags); i++) {
		if (!(l->flags & link_flags[i].flag))
			continue;
		printf("%s%s", first ? "" : ",", link_flags[i].name);
		first = false;
	}
	printf("> mtu %u", l->mtu);
	if (m)
		printf(" master %s", m->ifname);
	printf(" state %s\n", operstate_name(l->operstate));
	hw_str(l->address, l->addr_len, hw, sizeof(hw));
	hw_str(l->broadcast, l->addr_len, brd, sizeof(brd));
	printf("    link/%s %s brd %s\n", link_type_name(l->type), hw, brd);
}

static void text_lifetime(const char *name, uint32_t lft)
{
	if (lft == UINT32_MAX)
		printf("%s forever", name);
	else
		printf("%s %usec", name, lft);
}

static void text_addr(const struct addr_link *l, const struct addr_entry *e)
{
	char a[INET_PREFIX_STRLEN], scope[8];

	printf("    %s %s", addr_family_name(e->local.family),
	       addr_prefix_str(&e->local, !e->peer.family, a, sizeof(a)));
	if (e->peer.family)
		printf(" peer %s", addr_prefix_str(&e->peer, true, a,
						    sizeof(a)));
	if (e->brd.family)
		printf(" brd %s", addr_prefix_str(&e->brd, false, a,
						   sizeof(a)));
	printf(" scope %s", addr_scope_name(e->scope, scope, sizeof(scope)));
	if (e->flags & IFA_F_TENTATIVE)
		fputs(" tentative", stdout);
	if (e->flags & IFA_F_NODAD)
		fputs(" nodad", stdout);
	if (e->local.family == AF_INET)
		printf(" %s", e->label[0] ? e->label : l->ifname);
	fputs("\n       ", stdout);
	text_lifetime("valid_lft", e->valid_lft);
	fputc(' ', stdout);
	text_lifetime("preferred_lft", e->preferred_lft);
	fputc('\n', stdout);
}

static void text_table(const struct addr_table *tab, int family)
{
	for (size_t i = 0; i < tab->n; i++) {
		const struct addr_link *l = &tab->links[i];

		/* As ip -4/-6: links without such addresses are left out. */
		if (family != AF_UNSPEC && !l->n_addrs)
			continue;
		text_link(tab, l);
		for (size_t j = 0; j < l->n_addrs; j++)
			text_addr(l, &l->addrs[j]);
	}
}

int addr_cmd_run(struct nl *nl, const struct addr_req *req,
		 struct nsx_err *err)
{
	struct addr_table tab;
	int r;

	if (req->op != ADDR_SHOW)
		return addr_apply(nl, req, err);
	r = addr_dump(nl, req->dev, req->family, true, &tab, err);
	if (r < 0)
		return r;
	text_table(&tab, req->family);
	addr_table_free(&tab);
	return 0;
}

/* ---- the command ---- */

static int addr_run_in(const struct addr_req *req, struct nsx_err *err)
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
		r = addr_cmd_run(&nl, req, err);
		nl_close(&nl);
	}
	target_release(&t);
	return r;
}

int cmd_addr(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct addr_req req;

	if (addr_cmd_parse(argc, argv, &req, &err) < 0) {
		if (err.code == NSX_EUSAGE)
			return nsx_usage_error("addr", "%s", err.msg);
		return report(&err);
	}
	if (req.opts.help) {
		usage(stdout);
		return 0;
	}
	if (addr_run_in(&req, &err) < 0)
		return report(&err);
	return 0;
}
