/* link.c - create, change and delete links through rtnetlink */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nsx/net/link.h"
#include "nsx/lib/ns.h"
#include "nsx/target/target.h"
#include "link_int.h"

/* A group number for `del type`, away from the small ones people use. */
#define LINK_DEL_GROUP_BASE 0x6e737800u

static struct nlmsghdr *link_msg(struct nl *nl, char *buf, uint16_t type,
				 uint16_t flags, int ifindex)
{
	struct nlmsghdr *h = nl_msg(nl, buf, type, flags);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return h;
}

static const char *link_where(const struct nl *nl, char *buf, size_t size)
{
	if (streq(nl->label, "self"))
		return "";
	snprintf(buf, size, " in %s", nl->label);
	return buf;
}

/* Send h; a device the kernel cannot find is named, with where it looked. */
static int link_talk(struct nl *nl, struct nlmsghdr *h, const char *dev,
		     const char *what, struct nsx_err *err)
{
	char where[sizeof(nl->label) + 8];
	int r = nl_talk(nl, h, NULL, NULL, what, err);

	if (r == -ENODEV && dev && !(nl->pipe && nl->defer))
		return nsx_failx(err, ENODEV, "%s: no such device%s", what,
				 link_where(nl, where, sizeof(where)));
	return r;
}

/* The nsfs fd of another TARGET named in a request. */
static int link_other_ns(struct nl *nl, const char *spec, link_ns_fn ns,
			 void *data, int *owned, struct nsx_err *err)
{
	struct target t;
	int fd;

	if (ns)
		return ns(data, spec, err);
	if (target_resolve(spec, &t, err) < 0)
		return -err->code;
	/* A link sent to another namespace changes that one too: the
	 * command's guard says whether the caller may. */
	if (nl->guard && nl->guard->check &&
	    nl->guard->check(&t, true, err) < 0) {
		target_release(&t);
		return -err->code;
	}
	fd = target_open_ns(&t, NS_NET, err);
	target_release(&t);
	if (fd >= 0)
		*owned = fd;
	return fd;
}

/* A TARGET that ip's netns named and that could not be opened: ip reads
 * a name it cannot find as a bad line (255) and sends a number to the
 * kernel as a PID (which refuses a missing one: 2). */
static int link_netns_status(const char *spec, bool netns, struct nsx_err *err)
{
	if (netns && spec[strspn(spec, "0123456789")] == '\0')
		err->kernel = true;
	else if (netns)
		err->code = LINK_EUNREAD;
	return -err->code;
}

/* ---- add ---- */

/*
 * Requests are built in buffers of NL_MSG_SIZE with libmnl's bounded
 * puts: each put_* returns false when something did not fit, and the
 * request is then refused (nl_full), never sent cut short.
 */
#define LINK_BUF NL_MSG_SIZE

/* One RTM_NEWLINK that makes the whole link, in place. */
static int link_add_req(struct nl *nl, const struct link_req *r, int name_ns,
			int peer_ns, int lower, int master, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, what[64];
	struct nlmsghdr *h = link_msg(nl, buf, RTM_NEWLINK,
				      NLM_F_CREATE | NLM_F_EXCL, 0);
	/* no name: the kernel picks one (bridge0, veth0, ...), as with ip */
	bool ok = !r->name[0] ||
		  mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFNAME, r->name);

	if (name_ns >= 0)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NET_NS_FD,
					     (uint32_t)name_ns);
	ok &= link_put_common(h, r);
	if (master > 0)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_MASTER,
					     (uint32_t)master);
	if (lower && !streq(r->kind, "vxlan"))
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_LINK,
					     (uint32_t)lower);
	ok = ok && link_put_linkinfo(h, r, peer_ns, lower);
	snprintf(what, sizeof(what), "link add %s", r->name);
	if (!ok)
		return nl_full(err, what);
	return link_talk(nl, h, NULL, what, err);
}

/* The ifindex of master; whether it can hold ports is the kernel's to
 * say (EOPNOTSUPP, status 2), as with ip. */
static int link_master_index(struct nl *nl, const char *what,
			     const char *master, struct nsx_err *err)
{
	int index = link_index_by_name(nl, master, err);

	if (index == -ENODEV)
		err->code = LINK_EUNREAD;
	if (index < 0)
		return nsx_wrap(err, "%s: master", what);
	return index;
}

static int exec_add(struct nl *nl, const struct link_req *r, link_ns_fn ns,
		    void *data, struct nsx_err *err)
{
	_cleanup_close_ int owned = -1, owned2 = -1;
	int peer_ns = -1, name_ns = -1, lower = 0, master = 0;
	char what[64];

	/* ip's own check, made once the line is read (status 1, not a
	 * usage error); with no vxlan option at all the kernel is asked,
	 * and refuses. */
	if (streq(r->kind, "vxlan") && !r->has_id && link_put_has_data(r) &&
	    !link_kind_external(r))
		return nsx_failx(err, EINVAL, "link add %s: vxlan: missing "
				 "virtual network identifier", r->name);
	if (r->peer_target[0]) {
		peer_ns = link_other_ns(nl, r->peer_target, ns, data, &owned, err);
		if (peer_ns < 0) {
			link_netns_status(r->peer_target, r->netns_words & 1, err);
			return nsx_wrap(err, "link add %s: peer", r->name);
		}
	}
	if (r->name_target[0]) {
		name_ns = link_other_ns(nl, r->name_target, ns, data, &owned2,
					err);
		if (name_ns < 0) {
			link_netns_status(r->name_target, true, err);
			return nsx_wrap(err, "link add %s: netns", r->name);
		}
	}
	if (r->lower[0]) {
		lower = link_index_by_name(nl, r->lower, err);
		if (lower < 0)
			return nsx_wrap(err, "link add %s", r->name);
	}
	if (r->master[0]) {
		snprintf(what, sizeof(what), "link add %s", r->name);
		master = link_master_index(nl, what, r->master, err);
		if (master < 0)
			return master;
	}
	return link_add_req(nl, r, name_ns, peer_ns, lower, master, err);
}

int link_add_veth(struct nl *nl, const char *name, int name_ns,
		  const char *peer, int peer_ns, uint32_t mtu,
		  struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_ADD, .up = -1, .mtu = mtu,
			      .peer_mtu = mtu, .kind = "veth" };

	if (link_check_name(name, "link add", err) < 0 ||
	    link_check_name(peer, "link add peer", err) < 0)
		return -err->code;
	memcpy(r.name, name, strlen(name) + 1);
	memcpy(r.peer, peer, strlen(peer) + 1);
	return link_add_req(nl, &r, name_ns, peer_ns, 0, 0, err);
}

int link_add_simple(struct nl *nl, const char *name, const char *kind,
		    struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_ADD, .up = -1 };

	if (link_check_name(name, "link add", err) < 0)
		return -err->code;
	if (nsx_strlcpy(r.kind, kind, sizeof(r.kind)) < 0)
		return nsx_failx(err, EINVAL, "link add %s: unknown type '%s'",
				 name, kind);
	memcpy(r.name, name, strlen(name) + 1);
	return link_add_req(nl, &r, -1, -1, 0, 0, err);
}

/* ---- set ---- */

static int exec_set(struct nl *nl, const struct link_req *r, link_ns_fn ns,
		    void *data, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, what[64];
	_cleanup_close_ int owned = -1;
	int index = 0, master = -1, move_ns = -1;
	struct nlmsghdr *h;
	bool ok;

	snprintf(what, sizeof(what), "link set %s", r->name);
	/* A rename names the link by index: IFLA_IFNAME is the new name. */
	if (r->newname[0]) {
		index = link_index_by_name(nl, r->name, err);
		if (index < 0)
			return nsx_wrap(err, "link set");
	}
	if (r->master[0]) {
		master = link_master_index(nl, what, r->master, err);
		if (master < 0)
			return master;
	} else if (r->nomaster) {
		master = 0;
	}
	if (r->move_target[0]) {
		move_ns = link_other_ns(nl, r->move_target, ns, data, &owned, err);
		if (move_ns < 0) {
			link_netns_status(r->move_target, r->netns_words & 2, err);
			return nsx_wrap(err, "%s: target", what);
		}
	}
	h = link_msg(nl, buf, RTM_NEWLINK, 0, index);
	ok = mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFNAME,
				     index ? r->newname : r->name);
	ok &= link_put_common(h, r);
	if (r->kind[0])
		ok = ok && link_put_linkinfo(h, r, -1, 0);
	if (master >= 0)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_MASTER,
					     (uint32_t)master);
	if (move_ns >= 0)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NET_NS_FD,
					     (uint32_t)move_ns);
	if (!ok)
		return nl_full(err, what);
	return link_talk(nl, h, r->name, what, err);
}

static int link_set_one(struct nl *nl, const struct link_req *r,
			struct nsx_err *err)
{
	if (link_check_name(r->name, "link set", err) < 0)
		return -err->code;
	return exec_set(nl, r, NULL, NULL, err);
}

int link_set_up(struct nl *nl, const char *dev, bool up, struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_SET, .up = up };

	snprintf(r.name, sizeof(r.name), "%s", dev);
	return link_set_one(nl, &r, err);
}

int link_set_mtu(struct nl *nl, const char *dev, uint32_t mtu,
		 struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_SET, .up = -1, .mtu = mtu };

	snprintf(r.name, sizeof(r.name), "%s", dev);
	return link_set_one(nl, &r, err);
}

int link_set_master(struct nl *nl, const char *dev, const char *master,
		    struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_SET, .up = -1, .nomaster = !master };

	snprintf(r.name, sizeof(r.name), "%s", dev);
	if (master && link_check_name(master, "master", err) < 0)
		return -err->code;
	if (master)
		snprintf(r.master, sizeof(r.master), "%s", master);
	return link_set_one(nl, &r, err);
}

int link_set_name(struct nl *nl, const char *dev, const char *newname,
		  struct nsx_err *err)
{
	struct link_req r = { .verb = LINK_SET, .up = -1 };

	if (link_check_name(newname, "name", err) < 0)
		return -err->code;
	snprintf(r.name, sizeof(r.name), "%s", dev);
	snprintf(r.newname, sizeof(r.newname), "%s", newname);
	return link_set_one(nl, &r, err);
}

int link_move(struct nl *nl, const char *dev, int netns_fd,
	      const char *newname, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, what[64];
	struct nlmsghdr *h;
	int index = 0;

	snprintf(what, sizeof(what), "link set %s", dev);
	if (newname) {
		if (link_check_name(newname, "name", err) < 0)
			return -err->code;
		index = link_index_by_name(nl, dev, err);
		if (index < 0)
			return nsx_wrap(err, "link set");
	}
	h = link_msg(nl, buf, RTM_NEWLINK, 0, index);
	if (!mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFNAME,
				     newname ? newname : dev) ||
	    !mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NET_NS_FD,
				    (uint32_t)netns_fd))
		return nl_full(err, what);
	return link_talk(nl, h, dev, what, err);
}

/* ---- del ---- */

int link_del(struct nl *nl, const char *dev, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, what[64];
	struct nlmsghdr *h = link_msg(nl, buf, RTM_DELLINK, 0, 0);

	snprintf(what, sizeof(what), "link del %s", dev);
	if (!mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFNAME, dev))
		return nl_full(err, what);
	return link_talk(nl, h, dev, what, err);
}

static int link_del_group_as(struct nl *nl, uint32_t group, const char *what,
			     struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, where[sizeof(nl->label) + 8];
	struct nlmsghdr *h = link_msg(nl, buf, RTM_DELLINK, 0, 0);
	int r;

	/* ifindex 0 with a group: the kernel unregisters the whole group at
	 * once, waiting for RCU once instead of once per link. */
	if (!mnl_attr_put_u32_check(h, LINK_BUF, IFLA_GROUP, group))
		return nl_full(err, what);
	r = nl_talk(nl, h, NULL, NULL, what, err);
	if (r == -ENODEV)
		return nsx_failx(err, ENODEV, "%s: no link in group %u%s",
				 what, group, link_where(nl, where,
							 sizeof(where)));
	return r;
}

int link_del_group(struct nl *nl, uint32_t group, struct nsx_err *err)
{
	char what[64];

	snprintf(what, sizeof(what), "link del group %u", group);
	return link_del_group_as(nl, group, what, err);
}

static int link_set_group(struct nl *nl, int ifindex, uint32_t group,
			  const char *what, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *h = link_msg(nl, buf, RTM_NEWLINK, 0, ifindex);

	if (!mnl_attr_put_u32_check(h, LINK_BUF, IFLA_GROUP, group))
		return nl_full(err, what);
	return nl_talk(nl, h, NULL, NULL, what, err);
}

static uint32_t link_free_group(const struct link_info *v, size_t n)
{
	uint32_t g = LINK_DEL_GROUP_BASE;

	for (size_t i = 0; i < n; i++)
		if (v[i].group == g) {
			g++;
			i = (size_t)-1; /* start over */
		}
	return g;
}

/* Put links of kind into a group of their own, then delete that group. */
int link_del_kind(struct nl *nl, const char *kind, struct nsx_err *err)
{
	_cleanup_free_ struct link_info *v = NULL;
	char where[sizeof(nl->label) + 8];
	char what[64];
	size_t n, hits = 0;
	uint32_t g;
	int r = link_list_lean(nl, &v, &n, err);

	snprintf(what, sizeof(what), "link del type %.32s", kind);
	if (r < 0)
		return nsx_wrap(err, "%s", what);
	g = link_free_group(v, n);
	for (size_t i = 0; i < n && r >= 0; i++) {
		if (!streq(v[i].kind, kind))
			continue;
		r = link_set_group(nl, v[i].ifindex, g, what, err);
		if (r == -ENODEV) /* gone meanwhile: nothing to delete */
			r = 0;
		hits += r == 0;
	}
	if (r == 0 && hits == 0)
		return nsx_failx(err, ENODEV, "%s: no %s link%s", what, kind,
				 link_where(nl, where, sizeof(where)));
	if (r == 0)
		r = link_del_group_as(nl, g, what, err);
	if (r < 0) {
		struct nsx_err ignored;

		/* Leave the survivors in the groups they had. */
		for (size_t i = 0; i < n; i++)
			if (streq(v[i].kind, kind))
				link_set_group(nl, v[i].ifindex, v[i].group,
					       what, &ignored);
	}
	return r;
}

/* ---- the command line's requests ---- */

int link_cmd_exec(struct nl *nl, const struct link_req *r, link_ns_fn ns,
		  void *ns_data, struct nsx_err *err)
{
	switch (r->verb) {
	case LINK_ADD:
		return exec_add(nl, r, ns, ns_data, err);
	case LINK_SET:
		return exec_set(nl, r, ns, ns_data, err);
	case LINK_DEL:
		if (r->del_by == LINK_DEL_GROUP)
			return link_del_group(nl, r->group, err);
		if (r->del_by == LINK_DEL_TYPE)
			return link_del_kind(nl, r->kind, err);
		return link_del(nl, r->name, err);
	case LINK_PROP:
		return link_prop(nl, r, err);
	case LINK_SHOW:
		break;
	}
	return nsx_failx(err, EINVAL, "link show changes nothing");
}

bool link_cmd_undoable(const struct link_req *r)
{
	/* made in another namespace: not where an undo would look */
	return r->verb == LINK_ADD && !r->name_target[0] && r->name[0];
}

int link_cmd_undo(struct nl *nl, const struct link_req *r,
		  struct nsx_err *err)
{
	if (r->verb != LINK_ADD)
		return nsx_failx(err, EINVAL, "only link add can be undone");
	return link_del(nl, r->name, err);
}
