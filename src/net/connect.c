/* connect.c - one veth between two targets (or a target and a bridge),
 * addressed, up and routed, as a transaction that undoes itself */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <sys/socket.h>

#include "nsx/net/connect.h"
#include "nsx/net/link.h"
#include "nsx/lib/ns.h"
#include "nsx/net/route.h"

/* One namespace taking part: the target and a socket inside it. */
struct side {
	struct target t;
	struct nl nl;
	bool open;
};

enum step_kind { STEP_VETH, STEP_MASTER, STEP_ADDR, STEP_UP, STEP_ROUTE };

/* A change made, with what it takes to undo it. */
struct step {
	enum step_kind kind;
	struct nl *nl;
	char dev[IFNAMSIZ];
	int ifindex;
	struct inet_prefix p; /* STEP_ADDR: the address; STEP_ROUTE: gw */
};

/* veth, master, two addresses, two links up, one route. */
#define CONNECT_STEPS 8

struct txn {
	struct step steps[CONNECT_STEPS];
	size_t n;
};

static void txn_log(struct txn *tx, enum step_kind kind, struct nl *nl,
		    const char *dev, int ifindex, const struct inet_prefix *p)
{
	struct step *s = &tx->steps[tx->n++];

	*s = (struct step){ .kind = kind, .nl = nl, .ifindex = ifindex };
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	if (p)
		s->p = *p;
}

/* The default route "via gw dev dev", to add or to delete. */
static void gw_route(struct route_req *rr, enum route_op op,
		     const struct inet_prefix *gw, const char *dev)
{
	*rr = (struct route_req){ .op = op, .family = gw->family,
				  .has_dst = true, .dst_default = true,
				  .gw = *gw, .has_gw = true,
				  .table = RT_TABLE_MAIN };
	rr->dst = (struct inet_prefix){ .family = gw->family, .has_len = true };
	snprintf(rr->dev, sizeof(rr->dev), "%s", dev);
}

static int step_undo(const struct step *s, struct nsx_err *err)
{
	struct route_req rr;

	switch (s->kind) {
	case STEP_VETH:
		return link_del(s->nl, s->dev, err);
	case STEP_MASTER:
		return link_set_master(s->nl, s->dev, NULL, err);
	case STEP_ADDR:
		return addr_change(s->nl, false, s->ifindex, s->dev, &s->p,
				   false, err);
	case STEP_UP:
		return link_set_up(s->nl, s->dev, false, err);
	case STEP_ROUTE:
		gw_route(&rr, ROUTE_DEL, &s->p, s->dev);
		return route_apply(s->nl, &rr, err);
	}
	return 0;
}

/*
 * Undo every step, last first, leaving err (the failure that caused
 * this) alone unless something could not be undone. Every step after the
 * first acts on one of the veth's ends, so once the veth is gone so is
 * everything else: only the veth's own undo failing leaves anything.
 */
static void txn_rollback(struct txn *tx, struct nsx_err *err)
{
	struct nsx_err undo = { 0 };

	while (tx->n > 0) {
		const struct step *s = &tx->steps[--tx->n];

		if (step_undo(s, &undo) < 0 && s->kind == STEP_VETH) {
			size_t len = strlen(err->msg);

			snprintf(err->msg + len, sizeof(err->msg) - len,
				 " (and undoing it failed: %s)", undo.msg);
		}
	}
}

/* ---- names ---- */

static const char *where(const struct nl *nl, char *buf, size_t size)
{
	if (streq(nl->label, "self"))
		return "";
	snprintf(buf, size, " in %s", nl->label);
	return buf;
}

static bool name_taken(const struct link_info *list, size_t n,
		       const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (streq(list[i].ifname, name))
			return true;
	return false;
}

/*
 * The first of base0, base1, ... (number_first) or base, base-1, ... that
 * no link of nl's namespace has and that is not avoid.
 */
static int pick_name(struct nl *nl, const char *base, bool number_first,
		     const char *avoid, char *out, struct nsx_err *err)
{
	struct link_info *list = NULL;
	size_t n = 0;
	int r = link_list_lean(nl, &list, &n, err);

	if (r < 0)
		return r;
	r = -EEXIST;
	for (unsigned i = 0; i < 1000 && r < 0; i++) {
		char name[32];

		if (!number_first && i == 0)
			snprintf(name, sizeof(name), "%s", base);
		else if (number_first)
			snprintf(name, sizeof(name), "%s%u", base, i);
		else
			snprintf(name, sizeof(name), "%s-%u", base, i);
		if (strlen(name) < IFNAMSIZ && !name_taken(list, n, name) &&
		    !(avoid && streq(name, avoid))) {
			memcpy(out, name, strlen(name) + 1);
			r = 0;
		}
	}
	free(list);
	if (r < 0)
		return nsx_failx(err, EEXIST, "no free interface name like %s",
				 base);
	return 0;
}

/* A name given by the user must not exist yet (the kernel would refuse
 * it too, but this says where). */
static int check_free(struct nl *nl, const char *name, struct nsx_err *err)
{
	struct link_info li;
	char w[sizeof(nl->label) + 8];

	if (link_get(nl, name, &li, err) < 0)
		return err->code == ENODEV ? 0 : -err->code;
	return nsx_failx(err, EEXIST, "%s already exists%s", name,
			 where(nl, w, sizeof(w)));
}

/* Both ends' names: given ones checked, missing ones chosen (ethN in a
 * target; nsx<inode of A's netns> on a bridge, to say where it leads). */
static int choose_names(struct connect_req *req, struct side *a,
			struct side *b, bool same_ns, struct nsx_err *err)
{
	char base[32];
	ino_t ino = 0;
	dev_t dev;

	if (req->name[0] && check_free(&a->nl, req->name, err) < 0)
		return -err->code;
	if (req->peer_name[0] && check_free(&b->nl, req->peer_name, err) < 0)
		return -err->code;
	if (same_ns && req->name[0] && streq(req->name, req->peer_name))
		return nsx_failx(err, EEXIST, "both ends would be named %s in "
				 "the same namespace", req->name);
	if (!req->name[0] &&
	    pick_name(&a->nl, "eth", true, same_ns ? req->peer_name : NULL,
		      req->name, err) < 0)
		return -err->code;
	if (req->peer_name[0])
		return 0;
	if (!req->bridge[0])
		return pick_name(&b->nl, "eth", true,
				 same_ns ? req->name : NULL, req->peer_name,
				 err);
	if (ns_fd_id(a->nl.netns_fd, &ino, &dev) < 0)
		return nsx_fail(err, errno, "%s: namespace inode", a->t.label);
	snprintf(base, sizeof(base), "nsx%lu", (unsigned long)ino);
	return pick_name(&b->nl, base, false, same_ns ? req->name : NULL,
			 req->peer_name, err);
}

/* ---- the sides ---- */

static int side_open(struct side *s, const char *spec,
		     const struct nl_guard *guard, struct nsx_err *err)
{
	*s = (struct side){ 0 };
	target_self(&s->t);
	if (spec[0] && target_resolve(spec, &s->t, err) < 0)
		return -err->code;
	if ((guard && guard->check && guard->check(&s->t, true, err) < 0) ||
	    nl_open(&s->nl, &s->t, guard, err) < 0) {
		target_release(&s->t);
		return -err->code;
	}
	s->open = true;
	return 0;
}

static void side_close(struct side *s)
{
	if (!s->open)
		return;
	nl_close(&s->nl);
	target_release(&s->t);
	s->open = false;
}

static bool same_netns(const struct side *a, const struct side *b)
{
	ino_t ia, ib;
	dev_t da, db;

	return ns_fd_id(a->nl.netns_fd, &ia, &da) == 0 &&
	       ns_fd_id(b->nl.netns_fd, &ib, &db) == 0 && ia == ib && da == db;
}

static int check_bridge(struct side *host, const char *bridge,
			struct nsx_err *err)
{
	struct link_info li;

	char w[sizeof(host->nl.label) + 8];

	int r = link_get(&host->nl, bridge, &li, err);

	if (r == -ENODEV)
		return nsx_failx(err, ENODEV, "bridge %s: no such device%s",
				 bridge, where(&host->nl, w, sizeof(w)));
	if (r < 0)
		return r;
	if (!streq(li.kind, "bridge"))
		return nsx_failx(err, EINVAL, "%s is %s%s, not a bridge",
				 bridge, li.kind[0] ? "a " : "not a virtual "
				 "device", li.kind);
	return 0;
}

int connect_check(const struct connect_req *req, struct nsx_err *err)
{
	const char *names[] = { req->name, req->peer_name, req->bridge };
	const char *what[] = { "--name", "--peer-name", "--bridge" };

	if (!req->a[0])
		return nsx_failx(err, NSX_EUSAGE, "connect: missing target A");
	if (!req->bridge[0] && !req->b[0])
		return nsx_failx(err, NSX_EUSAGE, "connect: missing target B "
				 "(or --bridge BR)");
	if (req->bridge[0] && req->b[0])
		return nsx_failx(err, NSX_EUSAGE, "connect: target B and "
				 "--bridge exclude each other");
	if (req->bridge[0] && req->has_peer_addr)
		return nsx_failx(err, NSX_EUSAGE, "connect: --peer-addr needs "
				 "target B (give the bridge its address with "
				 "nsx addr)");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i][0] && link_check_name(names[i], what[i], err) < 0)
			return -err->code;
	if (req->has_gw && req->has_addr &&
	    req->gw.family != req->addr.family)
		return nsx_failx(err, EINVAL, "connect: --gw and --addr are "
				 "not of the same IP version");
	return 0;
}

/* ---- the transaction ---- */

/* Address the end dev of side s, and log it. */
static int add_addr(struct txn *tx, struct side *s, const char *dev,
		    const struct inet_prefix *p, struct nsx_err *err)
{
	int ifindex, r;

	r = addr_dev_index(&s->nl, dev, &ifindex, err);
	if (r == 0)
		r = addr_change(&s->nl, true, ifindex, dev, p, false, err);
	if (r == 0)
		txn_log(tx, STEP_ADDR, &s->nl, dev, ifindex, p);
	return r;
}

static int set_up(struct txn *tx, struct side *s, const char *dev,
		  struct nsx_err *err)
{
	int r = link_set_up(&s->nl, dev, true, err);

	if (r == 0)
		txn_log(tx, STEP_UP, &s->nl, dev, 0, NULL);
	return r;
}

/*
 * The steps, each logged once done. The veth is made by one request on
 * b's socket with the other end placed in A by IFLA_NET_NS_FD: never
 * made in one namespace and moved, which costs the kernel far more.
 */
static int connect_steps(struct txn *tx, const struct connect_req *req,
			 struct side *a, struct side *b, struct nsx_err *err)
{
	struct route_req rr;

	if (link_add_veth(&b->nl, req->peer_name, -1, req->name,
			  a->nl.netns_fd, req->mtu, err) < 0)
		return -err->code;
	txn_log(tx, STEP_VETH, &b->nl, req->peer_name, 0, NULL);
	if (req->bridge[0]) {
		if (link_set_master(&b->nl, req->peer_name, req->bridge,
				    err) < 0)
			return -err->code;
		txn_log(tx, STEP_MASTER, &b->nl, req->peer_name, 0, NULL);
	}
	if (req->has_addr && add_addr(tx, a, req->name, &req->addr, err) < 0)
		return -err->code;
	if (req->has_peer_addr &&
	    add_addr(tx, b, req->peer_name, &req->peer_addr, err) < 0)
		return -err->code;
	if (set_up(tx, a, req->name, err) < 0 ||
	    set_up(tx, b, req->peer_name, err) < 0)
		return -err->code;
	if (!req->has_gw)
		return 0;
	gw_route(&rr, ROUTE_ADD, &req->gw, req->name);
	if (route_apply(&a->nl, &rr, err) < 0)
		return -err->code;
	txn_log(tx, STEP_ROUTE, &a->nl, req->name, 0, &req->gw);
	return 0;
}

int connect_run(struct connect_req *req, const struct nl_guard *guard,
		struct nsx_err *err)
{
	struct side a, b = { 0 };
	struct txn tx = { .n = 0 };
	int r;

	if (connect_check(req, err) < 0)
		return -err->code; /* says "connect: ..." already */
	/* Everything is resolved and checked before the first change. */
	r = side_open(&a, req->a, guard, err);
	if (r == 0)
		r = side_open(&b, req->bridge[0] ? "" : req->b, guard, err);
	if (r == 0 && req->bridge[0])
		r = check_bridge(&b, req->bridge, err);
	if (r == 0)
		r = choose_names(req, &a, &b, same_netns(&a, &b), err);
	if (r == 0) {
		snprintf(req->a_label, sizeof(req->a_label), "%s", a.t.label);
		snprintf(req->b_label, sizeof(req->b_label), "%s", b.t.label);
		r = connect_steps(&tx, req, &a, &b, err);
		if (r < 0)
			txn_rollback(&tx, err);
	}
	side_close(&b);
	side_close(&a);
	return r < 0 ? nsx_wrap(err, "connect") : 0;
}
