/* link_list.c - reading links: dumps, one link by name, iproute2's words */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nsx/net/link.h"

/* In <linux/if.h>, which cannot be included with <net/if.h>. */
#ifndef ARPHRD_IP6GRE
#define ARPHRD_IP6GRE 823
#endif
#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#define IFF_DORMANT 0x20000
#define IFF_ECHO 0x40000
#endif

static void put_u32_has(uint32_t *v, bool *has, const struct nlattr *a);
static uint32_t get_u32(const struct nlattr *a, uint32_t dflt);

static void put_str(char *dst, size_t size, const struct nlattr *a)
{
	if (mnl_attr_validate(a, MNL_TYPE_STRING) == 0)
		snprintf(dst, size, "%.*s", (int)mnl_attr_get_payload_len(a),
			 (const char *)mnl_attr_get_payload(a));
}

/* IFLA_INFO_DATA of a macvlan: what ip -d prints of it. */
static int macvlan_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_MACVLAN_MODE:
		put_u32_has(&li->macvlan_mode, &li->has_macvlan_mode, a);
		break;
	case IFLA_MACVLAN_BC_QUEUE_LEN:
		put_u32_has(&li->macvlan_bcqueuelen, &li->has_bcqueuelen, a);
		break;
	case IFLA_MACVLAN_BC_QUEUE_LEN_USED:
		put_u32_has(&li->macvlan_used_bcqueuelen,
			    &li->has_used_bcqueuelen, a);
		break;
	}
	return MNL_CB_OK;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return mnl_attr_validate(a, MNL_TYPE_U8) == 0 ? mnl_attr_get_u8(a) : 0;
}

/* An address attribute of a vxlan, 4 or 16 bytes. */
static void put_inet(int *family, uint8_t *dst, const struct nlattr *a)
{
	uint16_t n = mnl_attr_get_payload_len(a);

	if (n != 4 && n != 16)
		return;
	memcpy(dst, mnl_attr_get_payload(a), n);
	*family = n == 4 ? AF_INET : AF_INET6;
}

/* The flags of a vxlan, each a u8 that is 1 or 0. */
static bool vxlan_flag(struct link_vxlan *v, const struct nlattr *a)
{
	bool on = get_u8(a) != 0;

	switch (mnl_attr_get_type(a)) {
	case IFLA_VXLAN_COLLECT_METADATA: v->external = on; break;
	case IFLA_VXLAN_VNIFILTER: v->vnifilter = on; break;
	case IFLA_VXLAN_LEARNING: v->learning = on; break;
	case IFLA_VXLAN_PROXY: v->proxy = on; break;
	case IFLA_VXLAN_RSC: v->rsc = on; break;
	case IFLA_VXLAN_L2MISS: v->l2miss = on; break;
	case IFLA_VXLAN_L3MISS: v->l3miss = on; break;
	case IFLA_VXLAN_TTL_INHERIT: v->ttl_inherit = on; break;
	case IFLA_VXLAN_UDP_CSUM: v->udp_csum = on; break;
	case IFLA_VXLAN_UDP_ZERO_CSUM6_TX: v->zero_csum6_tx = on; break;
	case IFLA_VXLAN_UDP_ZERO_CSUM6_RX: v->zero_csum6_rx = on; break;
	case IFLA_VXLAN_REMCSUM_TX: v->remcsum_tx = on; break;
	case IFLA_VXLAN_REMCSUM_RX: v->remcsum_rx = on; break;
	case IFLA_VXLAN_GBP: v->gbp = true; break;
	case IFLA_VXLAN_GPE: v->gpe = true; break;
	default: return false;
	}
	return true;
}

static int vxlan_cb(const struct nlattr *a, void *data)
{
	struct link_vxlan *v = &((struct link_info *)data)->vxlan;
	const struct ifla_vxlan_port_range *r;

	if (vxlan_flag(v, a))
		return MNL_CB_OK;
	switch (mnl_attr_get_type(a)) {
	case IFLA_VXLAN_ID: put_u32_has(&v->id, &v->has_id, a); break;
	case IFLA_VXLAN_GROUP:
	case IFLA_VXLAN_GROUP6: put_inet(&v->group_family, v->group, a); break;
	case IFLA_VXLAN_LOCAL:
	case IFLA_VXLAN_LOCAL6: put_inet(&v->local_family, v->local, a); break;
	case IFLA_VXLAN_LINK: v->link = get_u32(a, 0); break;
	case IFLA_VXLAN_PORT_RANGE:
		if (mnl_attr_get_payload_len(a) < sizeof(*r))
			break;
		r = mnl_attr_get_payload(a);
		v->port_low = ntohs(r->low);
		v->port_high = ntohs(r->high);
		v->has_ports = true;
		break;
	case IFLA_VXLAN_PORT:
		if (mnl_attr_validate(a, MNL_TYPE_U16) == 0) {
			v->port = ntohs(mnl_attr_get_u16(a));
			v->has_port = true;
		}
		break;
	case IFLA_VXLAN_TOS: v->tos = get_u8(a); break;
	case IFLA_VXLAN_TTL: v->ttl = get_u8(a); v->has_ttl = true; break;
	case IFLA_VXLAN_DF: v->df = get_u8(a); v->has_df = true; break;
	case IFLA_VXLAN_LABEL: v->label = ntohl(get_u32(a, 0)); break;
	case IFLA_VXLAN_AGEING: put_u32_has(&v->ageing, &v->has_ageing, a); break;
	case IFLA_VXLAN_LIMIT: v->limit = get_u32(a, 0); break;
	}
	return MNL_CB_OK;
}

/* One attribute of a bridge's or a port's data, kept as it came. */
static int kind_data_cb(const struct nlattr *a, void *data)
{
	struct link_kind_data *d = data;
	uint16_t type = mnl_attr_get_type(a), n = mnl_attr_get_payload_len(a);

	if (type < LINK_KIND_ATTRS && n > 0 && n <= sizeof(d->val[0])) {
		memcpy(d->val[type], mnl_attr_get_payload(a), n);
		d->len[type] = (uint8_t)n;
	}
	return MNL_CB_OK;
}

static int info_kind_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	/* The kind comes before its data. */
	if (mnl_attr_get_type(a) == IFLA_INFO_DATA &&
	    link_kind_macvlan(li->kind) &&
	    mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(a, macvlan_cb, li);
	else if (mnl_attr_get_type(a) == IFLA_INFO_DATA &&
		 streq(li->kind, "vxlan") &&
		 mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(a, vxlan_cb, li);
	else if (mnl_attr_get_type(a) == IFLA_INFO_DATA &&
		 streq(li->kind, "bridge") &&
		 mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(a, kind_data_cb, &li->br);
	else if (mnl_attr_get_type(a) == IFLA_INFO_SLAVE_DATA &&
		 streq(li->slave_kind, "bridge") &&
		 mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(a, kind_data_cb, &li->brport);
	else if (mnl_attr_get_type(a) == IFLA_INFO_KIND)
		put_str(li->kind, sizeof(li->kind), a);
	else if (mnl_attr_get_type(a) == IFLA_INFO_SLAVE_KIND)
		put_str(li->slave_kind, sizeof(li->slave_kind), a);
	return MNL_CB_OK;
}

/* IFLA_PROP_LIST: the altnames, kept one after another. */
static int altname_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;
	size_t room = sizeof(li->altnames) - li->altnames_len, len;

	if (mnl_attr_get_type(a) != IFLA_ALT_IFNAME ||
	    mnl_attr_validate(a, MNL_TYPE_STRING) < 0)
		return MNL_CB_OK;
	len = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	if (len == 0 || len + 1 > room)
		return MNL_CB_OK;
	memcpy(li->altnames + li->altnames_len, mnl_attr_get_payload(a), len);
	li->altnames[li->altnames_len + len] = '\0';
	li->altnames_len += len + 1;
	return MNL_CB_OK;
}

static int inet6_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	if (mnl_attr_get_type(a) == IFLA_INET6_ADDR_GEN_MODE &&
	    mnl_attr_validate(a, MNL_TYPE_U8) == 0)
		li->addr_gen_mode = mnl_attr_get_u8(a);
	return MNL_CB_OK;
}

static int af_spec_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == AF_INET6 &&
	    mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
		mnl_attr_parse_nested(a, inet6_cb, data);
	return MNL_CB_OK;
}

static uint32_t get_u32(const struct nlattr *a, uint32_t dflt)
{
	return mnl_attr_validate(a, MNL_TYPE_U32) == 0 ? mnl_attr_get_u32(a)
						      : dflt;
}

static void put_hw(uint8_t *dst, unsigned *len, const struct nlattr *a)
{
	uint16_t n = mnl_attr_get_payload_len(a);

	if (n > 32)
		n = 32;
	memcpy(dst, mnl_attr_get_payload(a), n);
	*len = n;
}

/* A u32 that only some kernels send: *has says whether it came. */
static void put_u32_has(uint32_t *v, bool *has, const struct nlattr *a)
{
	*has = mnl_attr_validate(a, MNL_TYPE_U32) == 0;
	*v = get_u32(a, 0);
}

/* The attributes `-d`, altnames and the alias show. */
static void link_attr_more(const struct nlattr *a, struct link_info *li)
{
	bool has;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFALIAS: put_str(li->ifalias, sizeof(li->ifalias), a); break;
	case IFLA_PROP_LIST:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
			mnl_attr_parse_nested(a, altname_cb, li);
		break;
	case IFLA_AF_SPEC:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
			mnl_attr_parse_nested(a, af_spec_cb, li);
		break;
	case IFLA_PROMISCUITY:
		put_u32_has(&li->promiscuity, &li->has_promiscuity, a);
		break;
	case IFLA_ALLMULTI: put_u32_has(&li->allmulti, &li->has_allmulti, a); break;
	case IFLA_MIN_MTU: put_u32_has(&li->min_mtu, &li->has_min_mtu, a); break;
	case IFLA_MAX_MTU: put_u32_has(&li->max_mtu, &li->has_max_mtu, a); break;
	case IFLA_NUM_TX_QUEUES:
		put_u32_has(&li->num_tx_queues, &li->has_queues, a);
		break;
	case IFLA_NUM_RX_QUEUES: li->num_rx_queues = get_u32(a, 0); break;
	case IFLA_GSO_MAX_SIZE: li->gso_max_size = get_u32(a, 0); break;
	case IFLA_GSO_MAX_SEGS: li->gso_max_segs = get_u32(a, 0); break;
	case IFLA_TSO_MAX_SIZE: put_u32_has(&li->tso_max_size, &li->has_tso, a); break;
	case IFLA_TSO_MAX_SEGS: put_u32_has(&li->tso_max_segs, &has, a); break;
	case IFLA_GRO_MAX_SIZE: put_u32_has(&li->gro_max_size, &li->has_gro, a); break;
	case IFLA_CARRIER_CHANGES:
		put_u32_has(&li->carrier_changes, &li->has_carrier_changes, a);
		break;
	case IFLA_STATS64: {
		/* A kernel older or newer than these headers sends less or
		 * more: take what both know, as ip does. */
		size_t n = mnl_attr_get_payload_len(a);

		if (n > sizeof(li->stats))
			n = sizeof(li->stats);
		memcpy(&li->stats, mnl_attr_get_payload(a), n);
		li->has_stats = true;
		break;
	}
	}
}

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		put_str(li->ifname, sizeof(li->ifname), a);
		break;
	case IFLA_QDISC:
		put_str(li->qdisc, sizeof(li->qdisc), a);
		break;
	case IFLA_MTU:
		li->mtu = get_u32(a, 0);
		break;
	case IFLA_GROUP:
		li->group = get_u32(a, 0);
		li->has_group = true;
		break;
	case IFLA_TXQLEN:
		li->txqlen = get_u32(a, 0);
		li->has_txqlen = true;
		break;
	case IFLA_MASTER:
		li->master = (int)get_u32(a, 0);
		break;
	case IFLA_LINK:
		li->link = (int)get_u32(a, 0);
		break;
	case IFLA_LINK_NETNSID:
		li->has_netnsid = mnl_attr_validate(a, MNL_TYPE_U32) == 0;
		li->netnsid = (int32_t)get_u32(a, 0);
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			li->operstate = mnl_attr_get_u8(a);
		break;
	case IFLA_LINKMODE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) == 0)
			li->linkmode = mnl_attr_get_u8(a);
		break;
	case IFLA_ADDRESS:
		put_hw(li->addr, &li->addr_len, a);
		break;
	case IFLA_BROADCAST:
		put_hw(li->brd, &li->brd_len, a);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) == 0)
			mnl_attr_parse_nested(a, info_kind_cb, li);
		break;
	default:
		link_attr_more(a, li);
	}
	return MNL_CB_OK;
}

static int link_parse_msg(const struct nlmsghdr *nlh, struct link_info *li)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm))
		return -1;
	*li = (struct link_info){ .ifindex = ifm->ifi_index,
				  .flags = ifm->ifi_flags,
				  .type = ifm->ifi_type,
				  .addr_gen_mode = -1,
				  .vxlan = { .learning = -1, .udp_csum = -1,
					     .zero_csum6_tx = -1,
					     .zero_csum6_rx = -1 } };
	mnl_attr_parse(nlh, sizeof(*ifm), link_attr_cb, li);
	return 0;
}

int link_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_dump *s = data;
	struct link_info li;

	if (link_parse_msg(nlh, &li) < 0)
		return MNL_CB_OK;
	if (s->only && !link_has_name(&li, s->only))
		return MNL_CB_OK;
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 32;
		struct link_info *v = reallocarray(s->v, cap, sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = li;
	return MNL_CB_OK;
}

void link_dump_reset(void *data)
{
	struct link_dump *s = data;

	s->n = 0;
}

static int by_ifindex(const void *a, const void *b)
{
	const struct link_info *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* An AF_INET6 link message has no queue length; ip asks the device
 * (SIOCGIFTXQLEN, answered on any socket of the namespace, ours too). */
static void link_txqlen_ioctl(struct nl *nl, struct link_info *li)
{
	struct ifreq ifr = { 0 };

	memcpy(ifr.ifr_name, li->ifname, sizeof(ifr.ifr_name) - 1);
	if (ioctl(mnl_socket_get_fd(nl->sock), SIOCGIFTXQLEN, &ifr) == 0)
		li->txqlen = (uint32_t)ifr.ifr_qlen;
}

static int link_list_mask(struct nl *nl, int family, const char *name,
			  uint32_t mask, struct link_info **list, size_t *n,
			  struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct link_dump s = { .only = name };
	struct nlmsghdr *h = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
	int r;

	ifm->ifi_family = (uint8_t)family;
	if (mask && !mnl_attr_put_u32_check(h, sizeof(buf), IFLA_EXT_MASK,
					    mask))
		return nl_full(err, "link show");
	r = nl_dump(nl, h, link_dump_cb, link_dump_reset, &s, "link show",
		    err);
	if (r < 0) {
		free(s.v);
		return r;
	}
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), by_ifindex);
	for (size_t i = 0; i < s.n; i++)
		if (!s.v[i].has_txqlen)
			link_txqlen_ioctl(nl, &s.v[i]);
	*list = s.v;
	*n = s.n;
	return 0;
}

int link_list(struct nl *nl, const char *name, struct link_info **list,
	      size_t *n, struct nsx_err *err)
{
	return link_list_mask(nl, AF_UNSPEC, name, 0, list, n, err);
}

int link_list_af(struct nl *nl, int family, const char *name,
		 struct link_info **list, size_t *n, struct nsx_err *err)
{
	return link_list_mask(nl, family, name, 0, list, n, err);
}

int link_list_lean(struct nl *nl, struct link_info **list, size_t *n,
		   struct nsx_err *err)
{
	return link_list_mask(nl, AF_UNSPEC, NULL, RTEXT_FILTER_SKIP_STATS,
			      list, n, err);
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	link_parse_msg(nlh, data);
	return MNL_CB_OK;
}

int link_get(struct nl *nl, const char *name, struct link_info *li,
	     struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *h = nl_msg(nl, buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
	int r;

	ifm->ifi_family = AF_UNSPEC;
	*li = (struct link_info){ 0 };
	if (!mnl_attr_put_strz_check(h, sizeof(buf), IFLA_IFNAME, name) ||
	    !mnl_attr_put_u32_check(h, sizeof(buf), IFLA_EXT_MASK,
				    RTEXT_FILTER_SKIP_STATS))
		return nl_full(err, name);
	r = nl_talk(nl, h, get_cb, li, name, err);
	if (r == -ENODEV || (r == 0 && li->ifindex <= 0))
		return nsx_failx(err, ENODEV, "%s: no such device in %s", name,
				 nl->label);
	return r;
}

int link_index_by_name(struct nl *nl, const char *name, struct nsx_err *err)
{
	struct link_info li;
	int r = link_get(nl, name, &li, err);

	return r < 0 ? r : li.ifindex;
}

const char *link_operstate_name(uint8_t state)
{
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
		"TESTING", "DORMANT", "UP",
	};

	return state < ARRAY_SIZE(names) ? names[state] : "UNKNOWN";
}

const char *link_type_name(uint16_t type, char *buf, size_t size)
{
	static const struct {
		uint16_t type;
		const char *name;
	} types[] = {
		{ ARPHRD_ETHER, "ether" },       { ARPHRD_LOOPBACK, "loopback" },
		{ ARPHRD_NONE, "none" },         { ARPHRD_VOID, "void" },
		{ ARPHRD_TUNNEL, "ipip" },       { ARPHRD_TUNNEL6, "tunnel6" },
		{ ARPHRD_SIT, "sit" },           { ARPHRD_IPGRE, "gre" },
		{ ARPHRD_IP6GRE, "gre6" },       { ARPHRD_PPP, "ppp" },
		{ ARPHRD_INFINIBAND, "infiniband" },
		{ ARPHRD_IEEE80211, "ieee802.11" },
		{ ARPHRD_IEEE80211_RADIOTAP, "ieee802.11/radiotap" },
		{ ARPHRD_CAN, "can" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		if (types[i].type == type)
			return types[i].name;
	snprintf(buf, size, "[%u]", type);
	return buf;
}

size_t link_flag_names(unsigned flags, const char **words, size_t max)
{
	static const struct {
		unsigned flag;
		const char *name;
	} names[] = {
		{ IFF_LOOPBACK, "LOOPBACK" },   { IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" },
		{ IFF_MULTICAST, "MULTICAST" }, { IFF_NOARP, "NOARP" },
		{ IFF_ALLMULTI, "ALLMULTI" },   { IFF_PROMISC, "PROMISC" },
		{ IFF_MASTER, "MASTER" },       { IFF_SLAVE, "SLAVE" },
		{ IFF_DEBUG, "DEBUG" },         { IFF_DYNAMIC, "DYNAMIC" },
		{ IFF_AUTOMEDIA, "AUTOMEDIA" }, { IFF_PORTSEL, "PORTSEL" },
		{ IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_UP, "UP" },
		{ IFF_LOWER_UP, "LOWER_UP" },   { IFF_DORMANT, "DORMANT" },
		{ IFF_ECHO, "ECHO" },
	};
	size_t n = 0;

	/* iproute2 puts NO-CARRIER first: up, but nothing on the wire. */
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING) && n < max)
		words[n++] = "NO-CARRIER";
	for (size_t i = 0; i < ARRAY_SIZE(names) && n < max; i++)
		if (flags & names[i].flag)
			words[n++] = names[i].name;
	return n;
}

const char *link_altname_next(const struct link_info *li, const char *prev)
{
	const char *p = prev ? prev + strlen(prev) + 1 : li->altnames;

	return p < li->altnames + li->altnames_len ? p : NULL;
}

bool link_has_name(const struct link_info *li, const char *name)
{
	if (streq(li->ifname, name))
		return true;
	for (const char *a = link_altname_next(li, NULL); a;
	     a = link_altname_next(li, a))
		if (streq(a, name))
			return true;
	return false;
}
