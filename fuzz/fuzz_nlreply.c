/*
 * fuzz_nlreply.c - arbitrary bytes as a kernel reply, read by the
 * callbacks `link show`, `addr show` and `route show` use
 *
 * Input: one netlink datagram (the seeds are dumps captured from a scratch
 * namespace: RTM_NEWLINK, RTM_NEWADDR and RTM_NEWROUTE messages, then
 * NLMSG_DONE; and error replies with extended ack text). It goes through
 * nl_reply, the reading nl_talk and nl_dump run on what the socket
 * received (libmnl's mnl_cb_run2 with nsx's callbacks), with the port and
 * sequence number of the first message as the request's. The addresses
 * go into a table of the links of the same reply, as addr_dump builds it.
 * What is kept must be whole (names terminated, addresses of a known
 * family and size) and an error must say why; nothing may leak.
 */
#include <linux/rtnetlink.h>
#include <net/if_arp.h>

#include "nsx/net/addr.h"
#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/net/route.h"
#include "reqcheck.h"

struct reply {
	const void *buf;
	size_t len;
	uint32_t portid, seq;
};

/*
 * Read the datagram as nl_talk and nl_dump read what the socket received:
 * nl_reply, which hands it to libmnl's mnl_cb_run2 with nsx's callbacks
 * (cb for data, NULL for an ack). When the kernel says the dump was
 * interrupted, the same exchange reads the datagram again, as it would
 * the rest of the dump: nothing more may reach cb. Returns x->intr.
 */
static bool read_reply(const struct reply *rp, mnl_cb_t cb, void *data,
		       size_t (*count)(const void *data), const char *what)
{
	struct nsx_err err = { 0 };
	struct nl_xfer x = { .portid = rp->portid, .seq = rp->seq, .cb = cb,
			     .data = data, .what = what, .err = &err };
	int r = nl_reply(&x, rp->buf, rp->len);
	size_t before;

	fuzz_check_error("nl_reply", r, &err);
	if (r > 1)
		fuzz_fail("nl_reply returned %d", r);
	if (!x.intr || r != 0)
		return x.intr;
	before = count ? count(data) : 0;
	r = nl_reply(&x, rp->buf, rp->len);
	fuzz_check_error("nl_reply", r, &err);
	if (count && count(data) != before)
		fuzz_fail("%s: %zu kept after an interrupted dump, %zu before",
			  what, count(data), before);
	return true;
}

static size_t count_links(const void *data)
{
	return ((const struct link_dump *)data)->n;
}

static void check_link(const struct link_info *li)
{
	const char *words[32];
	char buf[32];

	if (!FUZZ_STR_OK(li->ifname) || !FUZZ_STR_OK(li->kind) ||
	    !FUZZ_STR_OK(li->qdisc))
		fuzz_fail("link %d: a name not terminated", li->ifindex);
	if (li->addr_len > sizeof(li->addr) || li->brd_len > sizeof(li->brd))
		fuzz_fail("link %d: address of %u bytes", li->ifindex,
			  li->addr_len);
	/* The words link show prints for what the kernel said. */
	if (!link_operstate_name(li->operstate) ||
	    !link_type_name(li->type, buf, sizeof(buf)) ||
	    link_flag_names(li->flags, words, ARRAY_SIZE(words)) >
		    ARRAY_SIZE(words))
		fuzz_fail("link %d: no name", li->ifindex);
}

static void check_links(const struct link_dump *d)
{
	if (d->n > d->cap)
		fuzz_fail("link dump: %zu links in room for %zu", d->n,
			  d->cap);
	for (size_t i = 0; i < d->n; i++)
		check_link(&d->v[i]);
}

static void check_inet(const char *what, const struct inet_prefix *p,
		       int family)
{
	char buf[INET_PREFIX_STRLEN];

	if (p->family && p->family != family)
		fuzz_fail("%s: family %d in a message of family %d", what,
			  p->family, family);
	inet_prefix_str(p, true, buf, sizeof(buf));
}

static void check_addrs(const struct addr_table *tab)
{
	char buf[16];

	for (size_t i = 0; i < tab->n; i++) {
		const struct addr_link *l = &tab->links[i];

		if (i && l->li.ifindex < tab->links[i - 1].li.ifindex)
			fuzz_fail("addr table: links out of order");
		if (l->n_addrs && tab->only && l->li.ifindex != tab->only)
			fuzz_fail("addr table: addresses of another link");
		for (size_t j = 0; j < l->n_addrs; j++) {
			const struct addr_entry *e = &l->addrs[j];
			int fam = e->local.family;

			if ((fam != AF_INET && fam != AF_INET6) ||
			    !FUZZ_STR_OK(e->label))
				fuzz_fail("link %d: address of family %d kept, "
					  "or its label not terminated",
					  l->li.ifindex, fam);
			check_inet("local", &e->local, fam);
			check_inet("peer", &e->peer, fam);
			check_inet("brd", &e->brd, fam);
			addr_scope_name(e->scope, buf, sizeof(buf));
			addr_family_name(fam);
		}
	}
}

static size_t count_addrs(const struct addr_table *tab)
{
	size_t n = 0;

	for (size_t i = 0; i < tab->n; i++)
		n += tab->links[i].n_addrs;
	return n;
}

static size_t count_ctx_addrs(const void *data)
{
	return count_addrs(((const struct addr_dump_ctx *)data)->tab);
}

/* The links of the reply, then its addresses on them; then the reset a
 * restarted dump makes must leave the links and no address. */
static void read_addrs(const struct reply *rp, const struct link_dump *ld,
		       const char *dev)
{
	struct addr_table ta;
	struct addr_dump_ctx ca = { .tab = &ta };
	struct nsx_err err = { 0 };
	int r;

	r = addr_table_set_links(&ta, ld->v, ld->n, dev, "fuzz", &err);
	fuzz_check_error("addr_table_set_links", r, &err);
	if (r == 0 && !dev[0] && ta.only)
		fuzz_fail("addr table: no dev asked, only %d kept", ta.only);
	if (r == 0) {
		read_reply(rp, addr_dump_cb, &ca, count_ctx_addrs,
			   "address dump");
		check_addrs(&ta);
		if (getenv("NSX_FUZZ_VERBOSE"))
			fprintf(stderr, "links %zu, addresses of '%s': %zu\n",
				ta.n, dev, count_addrs(&ta));
		addr_dump_reset(&ca);
		if (count_addrs(&ta) || ta.n != ld->n)
			fuzz_fail("address dump: reset kept addresses");
	}
	addr_table_free(&ta);
}

static void check_routes(const struct route_table *t, const struct link_dump *ld,
			 const char *dev)
{
	struct addr_table links;
	struct nsx_err err;
	char buf[32];

	/* route show names each route's link from the link table. */
	if (addr_table_set_links(&links, ld->v, ld->n, dev, "fuzz", &err) < 0)
		memset(&links, 0, sizeof(links));
	for (size_t i = 0; i < t->n; i++) {
		const struct route_entry *e = &t->routes[i];

		if (e->family != AF_INET && e->family != AF_INET6)
			fuzz_fail("route: family %d kept", e->family);
		if (e->dst.family != e->family)
			fuzz_fail("route: destination of family %d",
				  e->dst.family);
		check_inet("gateway", &e->gw, e->family);
		check_inet("prefsrc", &e->prefsrc, e->family);
		if (e->n_nh > ROUTE_NH_MAX)
			fuzz_fail("route: %zu next hops kept", e->n_nh);
		for (size_t k = 0; k < e->n_nh && k < ROUTE_NH_MAX; k++)
			check_inet("nexthop gateway", &e->nh[k].gw, e->family);
		route_protocol_name(e->protocol, buf, sizeof(buf));
		route_type_name(e->type, buf, sizeof(buf));
		route_table_name(e->table, buf, sizeof(buf));
		addr_table_find(&links, e->oif);
	}
	addr_table_free(&links);
}

static size_t count_routes(const void *data)
{
	return ((const struct route_dump_ctx *)data)->tab->n;
}

static void read_routes(const struct reply *rp, const struct link_dump *ld,
			const char *dev)
{
	struct route_table ta = { 0 };
	struct route_filter every = { 0 }; /* show's, with no selector */
	struct route_dump_ctx ca = { .tab = &ta, .f = &every };

	read_reply(rp, route_dump_cb, &ca, count_routes, "route dump");
	if (getenv("NSX_FUZZ_VERBOSE"))
		fprintf(stderr, "routes %zu\n", ta.n);
	check_routes(&ta, ld, dev);
	route_dump_reset(&ca);
	if (ta.n)
		fuzz_fail("route dump: reset kept routes");
	route_table_free(&ta);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_dump lb = { 0 };
	const struct nlmsghdr *first;
	struct reply rp;
	void *buf;

	/* One datagram at most; libmnl wants its headers aligned. */
	if (size > NL_RECV_SIZE || !(buf = malloc(size ? size : 1)))
		return 0;
	memcpy(buf, data, size);
	first = buf;
	rp = (struct reply){ .buf = buf, .len = size };
	if (size >= sizeof(*first)) {
		rp.portid = first->nlmsg_pid;
		rp.seq = first->nlmsg_seq;
	}
	/* The ack and error path: no callback, as a change is answered. */
	read_reply(&rp, NULL, NULL, NULL, "link set");
	read_reply(&rp, link_dump_cb, &lb, count_links, "link show");
	if (getenv("NSX_FUZZ_VERBOSE"))
		fprintf(stderr, "links %zu\n", lb.n);
	check_links(&lb);
	/* addr show and route show with no dev, and with the first link's. */
	read_addrs(&rp, &lb, "");
	read_routes(&rp, &lb, "");
	if (lb.n) {
		char dev[IFNAMSIZ];

		memcpy(dev, lb.v[0].ifname, sizeof(dev));
		read_addrs(&rp, &lb, dev);
	}
	free(lb.v);
	free(buf);
	return 0;
}
