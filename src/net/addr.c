/* addr.c - parse "addr" requests, add, delete and flush addresses */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <strings.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "nsx/net/link.h"

const char *addr_family_name(int family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	default:
		return "unknown";
	}
}

const char *addr_scope_name(uint8_t scope, char *buf, size_t size)
{
	const char *name = addr_scope_file_name(scope);

	if (name) /* as ip, the file's names first */
		return name;
	switch (scope) {
	case RT_SCOPE_UNIVERSE:
		return "global";
	case RT_SCOPE_SITE:
		return "site";
	case RT_SCOPE_LINK:
		return "link";
	case RT_SCOPE_HOST:
		return "host";
	case RT_SCOPE_NOWHERE:
		return "nowhere";
	}
	snprintf(buf, size, "%u", scope);
	return buf;
}

/* ---- the command words ---- */

int addr_cmd_parse(int argc, char **argv, struct addr_req *req,
		   struct nsx_err *err)
{
	/* The order of enum addr_op, then the other spellings. */
	static const char *const verbs[] = { "show", "add", "del", "flush",
					     "replace", "change", "list",
					     "delete", "lst", "chg", NULL };
	static const enum addr_op ops[] = { ADDR_SHOW, ADDR_ADD, ADDR_DEL,
					    ADDR_FLUSH, ADDR_REPLACE,
					    ADDR_CHANGE, ADDR_SHOW, ADDR_DEL,
					    ADDR_SHOW, ADDR_CHANGE };
	const char *verb;
	int first, v;

	*req = (struct addr_req){ .op = ADDR_SHOW, .verb = verbs[0] };
	addr_protect_words(argc, argv);
	v = net_parse_head(&argc, argv, "addr", verbs, &req->opts, &verb,
			    &first, err);
	if (v < 0 || req->opts.help)
		return v < 0 ? v : 0;
	req->op = ops[v];
	req->verb = verbs[v];
	req->family = req->opts.family;
	req->family_opt = req->family != AF_UNSPEC;
	if (req->op != ADDR_SHOW && req->op != ADDR_FLUSH)
		return addr_parse_change(argc - first, argv + first, req, err);
	v = addr_filter_parse(argc - first, argv + first, req, err);
	/* What the printers leave out with -4/-6 follows the selectors. */
	req->family = req->filter.family;
	return v;
}

/* ---- requests ---- */

/* Room for any request nsx builds (a few attributes). */
#define ADDR_MSG_SIZE 4096

int addr_dev_index(struct nl *nl, const char *dev, int *ifindex,
		   struct nsx_err *err)
{
	struct link_info li;
	int r = link_get(nl, dev, &li, err);

	*ifindex = r < 0 ? 0 : li.ifindex;
	/* The word the user wrote leads the message: "dev X: ...". */
	if (r == -ENODEV)
		return nsx_failx(err, ENODEV, "dev %s: no such device in %s",
				 dev, nl->label);
	return r;
}

static const char *const op_names[] = { "show", "add", "del", "flush",
					"replace", "change" };

static uint16_t op_flags(enum addr_op op)
{
	switch (op) {
	case ADDR_ADD:
		return NLM_F_CREATE | NLM_F_EXCL;
	case ADDR_REPLACE:
		return NLM_F_CREATE | NLM_F_REPLACE;
	case ADDR_CHANGE:
		return NLM_F_REPLACE;
	default:
		return 0;
	}
}

/* ip's "brd +" and "brd -": the peer (or local) address with its host
 * bits set or cleared, for prefixes up to /30. */
static bool addr_brd_auto(const struct addr_req *req, struct inet_prefix *b)
{
	const struct inet_prefix *base = req->peer.family ? &req->peer
							  : &req->local;
	uint32_t a, host;

	if (base->len > 30)
		return false;
	*b = *base;
	memcpy(&a, b->bytes, 4);
	host = htonl(base->len ? (1u << (32 - base->len)) - 1 : UINT32_MAX);
	a = req->brd_mode == ADDR_BRD_PLUS ? (a | host) : (a & ~host);
	memcpy(b->bytes, &a, 4);
	return true;
}

/* The attributes of req after the header, in ip's order. */
static bool addr_put_attrs(struct nlmsghdr *nlh, size_t size,
			   const struct addr_req *req)
{
	const struct inet_prefix *l = &req->local, *pe = &req->peer;
	struct inet_prefix b;
	bool ok = true;

	if (l->family)
		ok &= mnl_attr_put_check(nlh, size, IFA_LOCAL,
					 inet_family_size(l->family), l->bytes);
	if (pe->family)
		ok &= mnl_attr_put_check(nlh, size, IFA_ADDRESS,
					 inet_family_size(pe->family), pe->bytes);
	/* An IPv4 del without /LEN matches any prefix length, as ip's. */
	else if (l->family && !(req->op == ADDR_DEL && l->family == AF_INET &&
				!l->has_len))
		ok &= mnl_attr_put_check(nlh, size, IFA_ADDRESS,
					 inet_family_size(l->family), l->bytes);
	if (req->flags > 0xff)
		ok &= mnl_attr_put_u32_check(nlh, size, IFA_FLAGS, req->flags);
	if (req->brd_mode == ADDR_BRD_ADDR)
		ok &= mnl_attr_put_check(nlh, size, IFA_BROADCAST,
					 inet_family_size(req->brd.family),
					 req->brd.bytes);
	else if (req->brd_mode && req->op != ADDR_DEL && addr_brd_auto(req, &b))
		ok &= mnl_attr_put_check(nlh, size, IFA_BROADCAST, 4, b.bytes);
	if (req->label[0])
		ok &= mnl_attr_put_strz_check(nlh, size, IFA_LABEL, req->label);
	if (req->has_metric)
		ok &= mnl_attr_put_u32_check(nlh, size, IFA_RT_PRIORITY,
					     req->metric);
	if (req->has_lft) {
		struct ifa_cacheinfo ci = { .ifa_prefered = req->preferred_lft,
					    .ifa_valid = req->valid_lft };

		ok &= mnl_attr_put_check(nlh, size, IFA_CACHEINFO, sizeof(ci),
					 &ci);
	}
	return ok;
}

/* Send req (add, del, replace, change) for the link ifindex. */
static int addr_send(struct nl *nl, int ifindex, const struct addr_req *req,
		     struct nsx_err *err)
{
	char buf[ADDR_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	char what[IFNAMSIZ + INET_PREFIX_STRLEN + 32], cidr[INET_PREFIX_STRLEN];
	const struct inet_prefix *l = &req->local;
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	nlh = nl_msg(nl, buf, req->op == ADDR_DEL ? RTM_DELADDR : RTM_NEWADDR,
		     op_flags(req->op));
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)req->family;
	ifa->ifa_prefixlen = req->peer.family ? req->peer.len : 0;
	if (!ifa->ifa_prefixlen)
		ifa->ifa_prefixlen = l->family ? l->len : 0;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_flags = req->flags <= 0xff ? (uint8_t)req->flags : 0;
	/* Unless told, ip gives 127/8 host scope (not on del). */
	if (req->scoped)
		ifa->ifa_scope = req->scope;
	else if (req->op != ADDR_DEL && l->family == AF_INET && l->bytes[0] == 127)
		ifa->ifa_scope = RT_SCOPE_HOST;
	snprintf(what, sizeof(what), "addr %s %s dev %s", op_names[req->op],
		 l->family ? inet_prefix_str(l, l->has_len, cidr, sizeof(cidr))
			   : "", req->dev);
	if (!addr_put_attrs(nlh, sizeof(buf), req))
		return nl_full(err, what);
	return nl_talk(nl, nlh, NULL, NULL, what, err);
}

int addr_change(struct nl *nl, bool add, int ifindex, const char *dev,
		const struct inet_prefix *p, bool nodad, struct nsx_err *err)
{
	struct addr_req req = { .op = add ? ADDR_ADD : ADDR_DEL,
				.local = *p, .family = p->family };

	if (nodad && p->family == AF_INET6)
		req.flags = IFA_F_NODAD;
	snprintf(req.dev, sizeof(req.dev), "%s", dev);
	return addr_send(nl, ifindex, &req, err);
}

static bool addr_is_multicast(const struct inet_prefix *p)
{
	return p->family == AF_INET ? (p->bytes[0] & 0xf0) == 0xe0
	       : p->family == AF_INET6 && p->bytes[0] == 0xff;
}

/* ip's own checks of a change, after its words and the device. */
static int addr_check(const struct addr_req *req, struct nsx_err *err)
{
	const char *verb = op_names[req->op];

	if (req->has_lft && !req->valid_lft)
		return nsx_failx(err, EINVAL, "addr %s: valid_lft is zero",
				 verb);
	if (req->has_lft && req->valid_lft < req->preferred_lft)
		return nsx_failx(err, EINVAL, "addr %s: preferred_lft is "
				 "greater than valid_lft", verb);
	if ((req->flags & IFA_F_MCAUTOJOIN) && !addr_is_multicast(&req->local))
		return nsx_failx(err, EINVAL, "addr %s: autojoin needs a "
				 "multicast address", verb);
	if (!req->local.family && !req->peer.family) {
		nsx_failx(err, EAFNOSUPPORT, "addr %s: no address given", verb);
		err->kernel = true; /* ip sends it, and the kernel refuses */
		return -EAFNOSUPPORT;
	}
	return 0;
}

static int addr_modify(struct nl *nl, const struct addr_req *req,
		       struct nsx_err *err)
{
	const char *verb = op_names[req->op];
	int ifindex, r;

	if (!req->dev[0])
		return nsx_failx(err, EINVAL, "addr %s: missing 'dev DEV'", verb);
	if ((req->brd_mode == ADDR_BRD_PLUS || req->brd_mode == ADDR_BRD_MINUS) &&
	    req->op != ADDR_DEL && req->family != AF_INET)
		return nsx_failx(err, EINVAL, "addr %s: brd is for IPv4 "
				 "addresses only", verb);
	r = addr_dev_index(nl, req->dev, &ifindex, err);
	if (r < 0)
		return r;
	r = addr_check(req, err);
	return r < 0 ? r : addr_send(nl, ifindex, req, err);
}

/* One round of flush: delete every address that matches; *n counts. */
static int addr_flush_round(struct nl *nl, const struct addr_req *req,
			    size_t *n, struct nsx_err *err)
{
	struct addr_table tab = { 0 };
	int r;

	*n = 0;
	r = addr_dump(nl, req->dev, req->filter.family, true, &tab, err);
	for (size_t i = 0; r == 0 && i < tab.n; i++) {
		const struct addr_link *l = &tab.links[i];

		for (size_t j = 0; r == 0 && j < l->n_addrs; j++) {
			const struct addr_entry *e = &l->addrs[j];
			struct addr_req del = { .op = ADDR_DEL, .local = e->local,
						.peer = e->peer,
						.family = e->local.family };

			if (!addr_filter_match(&req->filter, l, e))
				continue;
			snprintf(del.dev, sizeof(del.dev), "%s", l->li.ifname);
			(*n)++;
			r = addr_send(nl, l->li.ifindex, &del, err);
			/* Deleting a primary IPv4 address takes its
			 * secondaries with it. */
			if (r == -EADDRNOTAVAIL)
				r = 0;
		}
	}
	addr_table_free(&tab);
	return r;
}

/* As ip: rounds until nothing matches (a secondary promoted when its
 * primary goes matches again), one round for "primary", ten at most. */
static int addr_flush(struct nl *nl, const struct addr_req *req,
		      struct nsx_err *err)
{
	const struct addr_filter *f = &req->filter;
	size_t n;

	if (!f->any)
		return nsx_failx(err, EINVAL, "addr flush: give at least one "
				 "selector (dev DEV, scope, to, label...)");
	for (int round = 0; round < 10; round++) {
		int r = addr_flush_round(nl, req, &n, err);

		if (r < 0 || n == 0)
			return r;
		if (!(f->flags & IFA_F_SECONDARY) &&
		    (f->flagmask & IFA_F_SECONDARY))
			return 0;
	}
	return nsx_failx(err, EBUSY, "addr flush: still addresses to flush "
			 "after 10 rounds");
}

int addr_apply(struct nl *nl, const struct addr_req *req,
	       struct nsx_err *err)
{
	if (req->op == ADDR_FLUSH)
		return addr_flush(nl, req, err);
	if (req->op == ADDR_SHOW)
		return nsx_failx(err, EINVAL, "addr: nothing to apply");
	return addr_modify(nl, req, err);
}
