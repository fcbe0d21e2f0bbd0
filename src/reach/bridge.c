/* bridge.c - what reach reads of a bridge: each port's STP state and
 * VLANs (an AF_BRIDGE link dump, as `bridge link` and `bridge vlan`), and
 * whether the bridge filters VLANs at all */
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "reach_int.h"

static void port_vlans(struct rport *p, const struct nlattr *spec)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, spec) {
		const struct bridge_vlan_info *v;

		if (mnl_attr_get_type(a) != IFLA_BRIDGE_VLAN_INFO ||
		    mnl_attr_get_payload_len(a) < sizeof(*v))
			continue;
		v = mnl_attr_get_payload(a);
		if (v->flags & BRIDGE_VLAN_INFO_PVID)
			p->pvid = v->vid;
		if (p->nvids < RVID_MAX)
			p->vids[p->nvids++] = v->vid;
	}
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rns *n = data;
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *s;
	struct rport *p;

	if (nlh->nlmsg_type != RTM_NEWLINK || n->nports >= RPORT_MAX)
		return MNL_CB_OK;
	p = &n->ports[n->nports++];
	*p = (struct rport){ .ifindex = ifm->ifi_index, .state = -1 };
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			continue;
		if (mnl_attr_get_type(a) == IFLA_AF_SPEC)
			port_vlans(p, a);
		if (mnl_attr_get_type(a) != IFLA_PROTINFO)
			continue;
		mnl_attr_for_each_nested(s, a)
			if (mnl_attr_get_type(s) == IFLA_BRPORT_STATE &&
			    mnl_attr_validate(s, MNL_TYPE_U8) == 0)
				p->state = mnl_attr_get_u8(s);
	}
	return MNL_CB_OK;
}

static void port_reset(void *data)
{
	((struct rns *)data)->nports = 0;
}

static void ports_read(struct rctx *c, int i)
{
	struct rns *n = &c->ns[i];
	char buf[NL_MSG_SIZE] = { 0 };
	struct nsx_err err = { 0 };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;

	n->nports = 0;
	if (rns_nl(c, i, &err) < 0)
		return;
	nlh = nl_msg(&n->nl, buf, RTM_GETLINK, 0);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_BRIDGE;
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), IFLA_EXT_MASK,
				    RTEXT_FILTER_BRVLAN) ||
	    nl_dump(&n->nl, nlh, port_cb, port_reset, n, "bridge ports",
		    &err) < 0)
		n->nports = 0;
}

const struct rport *rns_port(struct rctx *c, int i, int ifindex)
{
	struct rns *n = &c->ns[i];

	if (n->nports < 0)
		ports_read(c, i);
	for (int k = 0; k < n->nports; k++)
		if (n->ports[k].ifindex == ifindex)
			return &n->ports[k];
	return NULL;
}

int rns_port_state(struct rctx *c, int i, int ifindex)
{
	const struct rport *p = rns_port(c, i, ifindex);

	return p ? p->state : -1;
}

bool rport_in_vlan(const struct rport *p, int vid)
{
	for (int k = 0; k < p->nvids; k++)
		if (p->vids[k] == vid)
			return true;
	/* More VLANs than were kept: say yes rather than blame it. */
	return p->nvids >= RVID_MAX;
}

/* IFLA_LINKINFO / IFLA_INFO_DATA / IFLA_BR_VLAN_FILTERING of a bridge. */
static int filtering_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *b, *d;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg)) {
		if (mnl_attr_get_type(a) != IFLA_LINKINFO ||
		    mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			continue;
		mnl_attr_for_each_nested(b, a) {
			if (mnl_attr_get_type(b) != IFLA_INFO_DATA ||
			    mnl_attr_validate(b, MNL_TYPE_NESTED) < 0)
				continue;
			mnl_attr_for_each_nested(d, b)
				if (mnl_attr_get_type(d) ==
					    IFLA_BR_VLAN_FILTERING &&
				    mnl_attr_validate(d, MNL_TYPE_U8) == 0)
					*(int *)data = mnl_attr_get_u8(d);
		}
	}
	return MNL_CB_OK;
}

int rns_br_vlan_filtering(struct rctx *c, int i, int br)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nsx_err err = { 0 };
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	int on = -1;

	if (rns_nl(c, i, &err) < 0)
		return -1;
	nlh = nl_msg(&c->ns[i].nl, buf, RTM_GETLINK, 0);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = br;
	if (nl_talk(&c->ns[i].nl, nlh, filtering_cb, &on, "bridge", &err) < 0)
		return -1;
	return on;
}
