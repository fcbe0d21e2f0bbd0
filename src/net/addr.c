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

/* The words after the verb; "local" before an address is optional. */
static int addr_parse_words(int argc, char **argv, const char *verb,
			    struct addr_req *req, struct nsx_err *err)
{
	bool mutating = req->op == ADDR_ADD || req->op == ADDR_DEL;
	bool have_local = false;

	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (streq(w, "dev")) {
			if (net_parse_dev(i + 1 < argc ? argv[++i] : NULL,
					   req->dev, err) < 0)
				return -err->code;
		} else if (streq(w, "nodad") && req->op == ADDR_ADD) {
			req->nodad = true;
		} else if (mutating && !have_local) {
			if (streq(w, "local") && ++i >= argc)
				return nsx_failx(err, NSX_EUSAGE,
						 "local: missing address");
			if (inet_parse_prefix(argv[i], &req->local, err) < 0)
				return -EINVAL;
			have_local = true;
		} else if (net_refuse_ip_word("addr", w, err) < 0) {
			return -NSX_EUSAGE;
		} else {
			return nsx_failx(err, NSX_EUSAGE,
					 "addr %s: unexpected '%s'", verb, w);
		}
	}
	if (mutating && !have_local)
		return nsx_failx(err, NSX_EUSAGE, "addr %s: missing address "
				 "(CIDR, e.g. 10.1.1.1/24)", verb);
	if (req->op != ADDR_SHOW && !req->dev[0])
		return nsx_failx(err, NSX_EUSAGE, "addr %s: missing 'dev DEV'",
				 verb);
	return 0;
}

int addr_cmd_parse(int argc, char **argv, struct addr_req *req,
		   struct nsx_err *err)
{
	/* The order of enum addr_op, then the other spellings. */
	static const char *const verbs[] = { "show", "add", "del", "flush",
					     "list", "delete", NULL };
	static const enum addr_op ops[] = { ADDR_SHOW, ADDR_ADD, ADDR_DEL,
					    ADDR_FLUSH, ADDR_SHOW, ADDR_DEL };
	const char *verb;
	int first, v;

	*req = (struct addr_req){ .op = ADDR_SHOW };
	v = net_parse_head(&argc, argv, "addr", verbs, &req->opts, &verb,
			    &first, err);
	if (v < 0 || req->opts.help)
		return v < 0 ? v : 0;
	req->op = ops[v];
	v = addr_parse_words(argc - first, argv + first, verb, req, err);
	if (v < 0)
		return v;
	req->family = req->opts.family;
	if (req->family && (req->op == ADDR_ADD || req->op == ADDR_DEL) &&
	    req->local.family != req->family)
		return nsx_failx(err, EAFNOSUPPORT, "addr %s: -%c given for an %s "
				 "address", verb, req->family == AF_INET ? '4' :
				 '6', req->family == AF_INET ? "IPv6" : "IPv4");
	return 0;
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

/* An address p on the link; IPv4's IFA_ADDRESS is its peer, p itself
 * when it has none, and the kernel finds an address to delete by both. */
static int addr_send(struct nl *nl, bool add, int ifindex, const char *dev,
		     const struct inet_prefix *p,
		     const struct inet_prefix *peer, bool nodad,
		     struct nsx_err *err)
{
	char buf[ADDR_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	char what[IFNAMSIZ + INET_PREFIX_STRLEN + 32], cidr[INET_PREFIX_STRLEN];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t size = inet_family_size(p->family);
	bool ok;

	nlh = nl_msg(nl, buf, add ? RTM_NEWADDR : RTM_DELADDR,
		     add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)p->family;
	ifa->ifa_prefixlen = p->len;
	ifa->ifa_index = (uint32_t)ifindex;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	if (nodad && p->family == AF_INET6)
		ifa->ifa_flags = IFA_F_NODAD;
	ok = mnl_attr_put_check(nlh, sizeof(buf), IFA_LOCAL, size, p->bytes);
	if (p->family == AF_INET)
		ok &= mnl_attr_put_check(nlh, sizeof(buf), IFA_ADDRESS, size,
					 peer ? peer->bytes : p->bytes);
	snprintf(what, sizeof(what), "addr %s %s dev %s", add ? "add" : "del",
		 inet_prefix_str(p, true, cidr, sizeof(cidr)), dev);
	if (!ok)
		return nl_full(err, what);
	return nl_talk(nl, nlh, NULL, NULL, what, err);
}

int addr_change(struct nl *nl, bool add, int ifindex, const char *dev,
		const struct inet_prefix *p, bool nodad, struct nsx_err *err)
{
	return addr_send(nl, add, ifindex, dev, p, NULL, nodad, err);
}

/* The prefix length an address has on the link (for "del" without one). */
static int addr_find_len(struct nl *nl, const struct addr_req *req,
			 struct inet_prefix *p, struct nsx_err *err)
{
	struct addr_table tab = { 0 };
	char ip[INET_PREFIX_STRLEN];
	int r;

	r = addr_dump(nl, req->dev, req->local.family, true, &tab, err);
	if (r < 0)
		return r;
	r = -EADDRNOTAVAIL;
	for (size_t i = 0; i < tab.n && r < 0; i++) {
		for (size_t j = 0; j < tab.links[i].n_addrs; j++) {
			const struct inet_prefix *a =
				&tab.links[i].addrs[j].local;

			if (a->family == p->family &&
			    !memcmp(a->bytes, p->bytes,
				    inet_family_size(p->family))) {
				p->len = a->len;
				r = 0;
				break;
			}
		}
	}
	addr_table_free(&tab);
	if (r < 0) {
		nsx_failx(err, EADDRNOTAVAIL,
			  "addr del %s dev %s: no such address",
			  inet_prefix_str(p, false, ip, sizeof(ip)), req->dev);
		/* ip asks the kernel, which refuses: the same status. */
		err->kernel = true;
	}
	return r;
}

static int addr_flush(struct nl *nl, const struct addr_req *req,
		      struct nsx_err *err)
{
	struct addr_table tab = { 0 };
	int r;

	r = addr_dump(nl, req->dev, req->family, true, &tab, err);
	for (size_t i = 0; r == 0 && i < tab.n; i++) {
		const struct addr_link *l = &tab.links[i];

		for (size_t j = 0; r == 0 && j < l->n_addrs; j++) {
			const struct addr_entry *e = &l->addrs[j];

			r = addr_send(nl, false, l->li.ifindex, l->li.ifname,
				      &e->local, e->peer.family ? &e->peer : NULL,
				      false, err);
			/* Deleting a primary IPv4 address takes its
			 * secondaries with it. */
			if (r == -EADDRNOTAVAIL)
				r = 0;
		}
	}
	addr_table_free(&tab);
	return r;
}

int addr_apply(struct nl *nl, const struct addr_req *req,
	       struct nsx_err *err)
{
	struct inet_prefix p = req->local;
	int ifindex, r;

	if (req->op == ADDR_FLUSH)
		return addr_flush(nl, req, err);
	if (req->op != ADDR_ADD && req->op != ADDR_DEL)
		return nsx_failx(err, EINVAL, "addr: nothing to apply");
	r = addr_dev_index(nl, req->dev, &ifindex, err);
	if (r < 0)
		return r;
	if (req->op == ADDR_DEL && !p.has_len) {
		r = addr_find_len(nl, req, &p, err);
		if (r < 0)
			return r;
	}
	return addr_change(nl, req->op == ADDR_ADD, ifindex, req->dev, &p,
			   req->nodad, err);
}
