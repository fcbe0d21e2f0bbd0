/* link_put.c - the attributes of a link request: a type's linkinfo (with
 * a veth's peer, a vxlan's own) and what add and set share */
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "link_int.h"

/*
 * Requests are built in buffers of NL_MSG_SIZE with libmnl's bounded
 * puts: each put_* returns false when something did not fit, and the
 * request is then refused (nl_full), never sent cut short.
 */
#define LINK_BUF NL_MSG_SIZE

static bool put_veth_peer(struct nlmsghdr *h, const struct link_req *r,
			  int peer_ns)
{
	struct nlattr *data, *peer;
	bool ok = true;

	data = mnl_attr_nest_start_check(h, LINK_BUF, IFLA_INFO_DATA);
	peer = data ? mnl_attr_nest_start_check(h, LINK_BUF, VETH_INFO_PEER)
		    : NULL;
	/* The peer is described by a whole ifinfomsg and its attributes. */
	if (!peer || h->nlmsg_len + MNL_ALIGN(sizeof(struct ifinfomsg)) >
		     LINK_BUF)
		return false;
	mnl_nlmsg_put_extra_header(h, sizeof(struct ifinfomsg));
	if (r->peer[0])
		ok &= mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFNAME, r->peer);
	if (peer_ns >= 0)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NET_NS_FD,
					     (uint32_t)peer_ns);
	if (r->peer_mtu)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_MTU, r->peer_mtu);
	if (r->peer_has_mac)
		ok &= mnl_attr_put_check(h, LINK_BUF, IFLA_ADDRESS,
					 sizeof(r->peer_mac), r->peer_mac);
	mnl_attr_nest_end(h, peer);
	mnl_attr_nest_end(h, data);
	return ok;
}

/* vxlan's own attributes; ip always sends learning with an add. */
static bool put_vxlan(struct nlmsghdr *h, const struct link_req *r,
		      int lower)
{
	bool v6 = r->vx_family == AF_INET6, ok = true;
	size_t alen = v6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);

	if (r->has_id)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_VXLAN_ID, r->id);
	if (r->has_remote)
		ok &= mnl_attr_put_check(h, LINK_BUF, v6 ? IFLA_VXLAN_GROUP6 :
					 IFLA_VXLAN_GROUP, alen, &r->remote);
	if (r->has_local)
		ok &= mnl_attr_put_check(h, LINK_BUF, v6 ? IFLA_VXLAN_LOCAL6 :
					 IFLA_VXLAN_LOCAL, alen, &r->local);
	if (r->has_dstport)
		ok &= mnl_attr_put_u16_check(h, LINK_BUF, IFLA_VXLAN_PORT,
					     htons(r->dstport));
	if (lower)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_VXLAN_LINK,
					     (uint32_t)lower);
	/* external turns learning off unless the line says otherwise */
	if (r->verb == LINK_ADD)
		ok &= mnl_attr_put_u8_check(h, LINK_BUF, IFLA_VXLAN_LEARNING,
					    !link_kind_external(r));
	return ok;
}

/* Does an add of r's kind carry IFLA_INFO_DATA? */
bool link_put_has_data(const struct link_req *r)
{
	if (link_kind_has_data(r) || r->macvlan_flags)
		return true;
	if (streq(r->kind, "vxlan"))
		return r->has_id || r->has_remote || r->has_local ||
		       r->has_dstport || r->lower[0];
	return streq(r->kind, "vlan");
}

bool link_put_linkinfo(struct nlmsghdr *h, const struct link_req *r,
			 int peer_ns, int lower)
{
	struct nlattr *info = mnl_attr_nest_start_check(h, LINK_BUF,
							IFLA_LINKINFO);
	struct nlattr *data;
	bool ok = true;

	if (!info || !mnl_attr_put_strz_check(h, LINK_BUF, r->slave ?
					      IFLA_INFO_SLAVE_KIND :
					      IFLA_INFO_KIND, r->kind))
		return false;
	if (streq(r->kind, "veth") && r->verb == LINK_ADD) {
		ok = put_veth_peer(h, r, peer_ns);
	} else if (link_put_has_data(r)) {
		data = mnl_attr_nest_start_check(h, LINK_BUF, r->slave ?
						 IFLA_INFO_SLAVE_DATA :
						 IFLA_INFO_DATA);
		if (!data)
			return false;
		if (streq(r->kind, "vxlan"))
			ok = put_vxlan(h, r, lower);
		else if (streq(r->kind, "vlan"))
			ok = mnl_attr_put_u16_check(h, LINK_BUF, IFLA_VLAN_ID,
						    (uint16_t)r->id);
		ok = ok && link_kind_put(h, LINK_BUF, r) &&
		     link_kind_put_flags(h, LINK_BUF, r);
		mnl_attr_nest_end(h, data);
	}
	mnl_attr_nest_end(h, info);
	return ok;
}

/* What add and set share: flags, queue length, alias, group, queues. */
bool link_put_common(struct nlmsghdr *h, const struct link_req *r)
{
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(h);
	bool ok = true;

	ifm->ifi_change = r->ifi_change;
	ifm->ifi_flags = r->ifi_flags;
	if (r->up >= 0) {
		ifm->ifi_change |= IFF_UP;
		ifm->ifi_flags |= r->up ? IFF_UP : 0;
	}
	if (r->mtu)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_MTU, r->mtu);
	if (r->has_mac)
		ok &= mnl_attr_put_check(h, LINK_BUF, IFLA_ADDRESS,
					 sizeof(r->mac), r->mac);
	if (r->has_txqlen)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_TXQLEN, r->txqlen);
	if (r->has_alias)
		ok &= mnl_attr_put_strz_check(h, LINK_BUF, IFLA_IFALIAS,
					      r->alias);
	if (r->has_group)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_GROUP, r->group);
	if (r->num_tx)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NUM_TX_QUEUES,
					     r->num_tx);
	if (r->num_rx)
		ok &= mnl_attr_put_u32_check(h, LINK_BUF, IFLA_NUM_RX_QUEUES,
					     r->num_rx);
	return ok;
}
