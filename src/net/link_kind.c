/* link_kind.c - the options of each link type (and of a bridge's ports),
 * read into attributes as the line is read */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_link.h>

#include "nsx/net/link.h"

/* How a word's value becomes an attribute. */
enum kval {
	KV_U8, KV_U16, KV_U32, KV_U64, /* a number, as ip reads it (0x.. too) */
	KV_ONOFF,   /* on | off -> u8 */
	KV_SET1,    /* the word alone -> u8 1 */
	KV_SET0,    /* the word alone -> u8 0 */
	KV_FLAG,    /* the word alone -> an empty attribute */
	KV_PROTO,   /* 802.1Q | 802.1ad -> be16 */
	KV_MAC,     /* a link-layer address */
	KV_TTL,     /* 1..255 | auto | inherit */
	KV_TOS,     /* a number | inherit */
	KV_AGE,     /* seconds | none */
	KV_LIMIT,   /* a number | unlimited */
	KV_PORTS,   /* MIN MAX -> struct ifla_vxlan_port_range */
	KV_LABEL,   /* an IPv6 flow label, 20 bits -> be32 */
	KV_DF,      /* unset | set | inherit */
	KV_MVMODE,  /* macvlan's modes -> u32 */
	KV_MVFLAG,  /* nopromisc, nodst: macvlan's u16 flags */
	KV_IPVMODE, /* l2 | l3 | l3s -> u16 */
	KV_IPVFLAG, /* bridge | private | vepa (the word itself) -> u16 */
	KV_REQ,     /* kept in struct link_req: id, remote, local, dev, ... */
};

struct kword {
	const char *kind;  /* "bridge", "bridge_slave", "macvlan", ... */
	const char *word;
	uint16_t attr;
	enum kval how;
	uint32_t arg;      /* KV_MVFLAG, KV_IPVFLAG: the value */
};

#define BR(w, a, h) { "bridge", w, IFLA_BR_##a, h, 0 }
#define BP(w, a, h) { "bridge_slave", w, IFLA_BRPORT_##a, h, 0 }
#define VX(w, a, h) { "vxlan", w, IFLA_VXLAN_##a, h, 0 }

static const struct kword kwords[] = {
	BR("forward_delay", FORWARD_DELAY, KV_U32),
	BR("hello_time", HELLO_TIME, KV_U32),
	BR("max_age", MAX_AGE, KV_U32),
	BR("ageing_time", AGEING_TIME, KV_U32),
	BR("stp_state", STP_STATE, KV_U32),
	BR("priority", PRIORITY, KV_U16),
	BR("vlan_filtering", VLAN_FILTERING, KV_U8),
	BR("vlan_protocol", VLAN_PROTOCOL, KV_PROTO),
	BR("vlan_default_pvid", VLAN_DEFAULT_PVID, KV_U16),
	BR("vlan_stats_enabled", VLAN_STATS_ENABLED, KV_U8),
	BR("vlan_stats_per_port", VLAN_STATS_PER_PORT, KV_U8),
	BR("group_fwd_mask", GROUP_FWD_MASK, KV_U16),
	BR("group_address", GROUP_ADDR, KV_MAC),
	BR("fdb_flush", FDB_FLUSH, KV_FLAG),
	BR("mcast_router", MCAST_ROUTER, KV_U8),
	BR("mcast_snooping", MCAST_SNOOPING, KV_U8),
	BR("mcast_query_use_ifaddr", MCAST_QUERY_USE_IFADDR, KV_U8),
	BR("mcast_querier", MCAST_QUERIER, KV_U8),
	BR("mcast_hash_elasticity", MCAST_HASH_ELASTICITY, KV_U32),
	BR("mcast_hash_max", MCAST_HASH_MAX, KV_U32),
	BR("mcast_last_member_count", MCAST_LAST_MEMBER_CNT, KV_U32),
	BR("mcast_startup_query_count", MCAST_STARTUP_QUERY_CNT, KV_U32),
	BR("mcast_last_member_interval", MCAST_LAST_MEMBER_INTVL, KV_U64),
	BR("mcast_membership_interval", MCAST_MEMBERSHIP_INTVL, KV_U64),
	BR("mcast_querier_interval", MCAST_QUERIER_INTVL, KV_U64),
	BR("mcast_query_interval", MCAST_QUERY_INTVL, KV_U64),
	BR("mcast_query_response_interval", MCAST_QUERY_RESPONSE_INTVL, KV_U64),
	BR("mcast_startup_query_interval", MCAST_STARTUP_QUERY_INTVL, KV_U64),
	BR("mcast_stats_enabled", MCAST_STATS_ENABLED, KV_U8),
	BR("mcast_igmp_version", MCAST_IGMP_VERSION, KV_U8),
	BR("mcast_mld_version", MCAST_MLD_VERSION, KV_U8),
	BR("nf_call_iptables", NF_CALL_IPTABLES, KV_U8),
	BR("nf_call_ip6tables", NF_CALL_IP6TABLES, KV_U8),
	BR("nf_call_arptables", NF_CALL_ARPTABLES, KV_U8),
	BP("fdb_flush", FLUSH, KV_FLAG),
	BP("state", STATE, KV_U8),
	BP("priority", PRIORITY, KV_U16),
	BP("cost", COST, KV_U32),
	BP("guard", GUARD, KV_ONOFF),
	BP("hairpin", MODE, KV_ONOFF),
	BP("fastleave", FAST_LEAVE, KV_ONOFF),
	BP("root_block", PROTECT, KV_ONOFF),
	BP("learning", LEARNING, KV_ONOFF),
	BP("flood", UNICAST_FLOOD, KV_ONOFF),
	BP("proxy_arp", PROXYARP, KV_ONOFF),
	BP("proxy_arp_wifi", PROXYARP_WIFI, KV_ONOFF),
	BP("mcast_router", MULTICAST_ROUTER, KV_U8),
	BP("mcast_fast_leave", FAST_LEAVE, KV_ONOFF),
	BP("mcast_flood", MCAST_FLOOD, KV_ONOFF),
	BP("bcast_flood", BCAST_FLOOD, KV_ONOFF),
	BP("mcast_to_unicast", MCAST_TO_UCAST, KV_ONOFF),
	BP("group_fwd_mask", GROUP_FWD_MASK, KV_U16),
	BP("neigh_suppress", NEIGH_SUPPRESS, KV_ONOFF),
	BP("vlan_tunnel", VLAN_TUNNEL, KV_ONOFF),
	BP("isolated", ISOLATED, KV_ONOFF),
	BP("locked", LOCKED, KV_ONOFF),
	VX("id", ID, KV_REQ), VX("vni", ID, KV_REQ),
	VX("remote", GROUP, KV_REQ), VX("group", GROUP, KV_REQ),
	VX("local", LOCAL, KV_REQ), VX("dev", LINK, KV_REQ),
	VX("dstport", PORT, KV_REQ),
	VX("ttl", TTL, KV_TTL), VX("hoplimit", TTL, KV_TTL),
	VX("tos", TOS, KV_TOS), VX("dsfield", TOS, KV_TOS),
	VX("df", DF, KV_DF), VX("flowlabel", LABEL, KV_LABEL),
	VX("ageing", AGEING, KV_AGE), VX("maxaddress", LIMIT, KV_LIMIT),
	VX("srcport", PORT_RANGE, KV_PORTS), VX("port", PORT_RANGE, KV_PORTS),
	VX("learning", LEARNING, KV_SET1), VX("nolearning", LEARNING, KV_SET0),
	VX("proxy", PROXY, KV_SET1), VX("noproxy", PROXY, KV_SET0),
	VX("rsc", RSC, KV_SET1), VX("norsc", RSC, KV_SET0),
	VX("l2miss", L2MISS, KV_SET1), VX("nol2miss", L2MISS, KV_SET0),
	VX("l3miss", L3MISS, KV_SET1), VX("nol3miss", L3MISS, KV_SET0),
	VX("udpcsum", UDP_CSUM, KV_SET1), VX("noudpcsum", UDP_CSUM, KV_SET0),
	VX("udp6zerocsumtx", UDP_ZERO_CSUM6_TX, KV_SET1),
	VX("noudp6zerocsumtx", UDP_ZERO_CSUM6_TX, KV_SET0),
	VX("udp6zerocsumrx", UDP_ZERO_CSUM6_RX, KV_SET1),
	VX("noudp6zerocsumrx", UDP_ZERO_CSUM6_RX, KV_SET0),
	VX("remcsumtx", REMCSUM_TX, KV_SET1), VX("noremcsumtx", REMCSUM_TX, KV_SET0),
	VX("remcsumrx", REMCSUM_RX, KV_SET1), VX("noremcsumrx", REMCSUM_RX, KV_SET0),
	VX("external", COLLECT_METADATA, KV_SET1),
	VX("noexternal", COLLECT_METADATA, KV_SET0),
	VX("gbp", GBP, KV_FLAG), VX("gpe", GPE, KV_FLAG),
	{ "macvlan", "mode", IFLA_MACVLAN_MODE, KV_MVMODE, 0 },
	{ "macvlan", "nopromisc", IFLA_MACVLAN_FLAGS, KV_MVFLAG,
	  MACVLAN_FLAG_NOPROMISC },
	{ "macvlan", "nodst", IFLA_MACVLAN_FLAGS, KV_MVFLAG, MACVLAN_FLAG_NODST },
	{ "macvlan", "bcqueuelen", IFLA_MACVLAN_BC_QUEUE_LEN, KV_U32, 0 },
	{ "ipvlan", "mode", IFLA_IPVLAN_MODE, KV_IPVMODE, 0 },
	{ "ipvlan", "bridge", IFLA_IPVLAN_FLAGS, KV_IPVFLAG, 0 },
	{ "ipvlan", "private", IFLA_IPVLAN_FLAGS, KV_IPVFLAG, IPVLAN_F_PRIVATE },
	{ "ipvlan", "vepa", IFLA_IPVLAN_FLAGS, KV_IPVFLAG, IPVLAN_F_VEPA },
};

static struct nlmsghdr *kind_msg(struct link_req *r)
{
	struct nlmsghdr *h = (struct nlmsghdr *)r->kind_data;

	if (h->nlmsg_len == 0)
		h->nlmsg_len = MNL_NLMSG_HDRLEN;
	return h;
}

bool link_kind_has_data(const struct link_req *r)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)r->kind_data;

	return h->nlmsg_len > MNL_NLMSG_HDRLEN;
}

bool link_kind_put(struct nlmsghdr *h, size_t size, const struct link_req *r)
{
	const struct nlmsghdr *k = (const struct nlmsghdr *)r->kind_data;
	size_t len;

	if (!link_kind_has_data(r))
		return true;
	len = k->nlmsg_len - MNL_NLMSG_HDRLEN;
	if (h->nlmsg_len + len > size)
		return false;
	memcpy(mnl_nlmsg_get_payload_tail(h), mnl_nlmsg_get_payload(k), len);
	h->nlmsg_len += (uint32_t)len;
	return true;
}

/* A number whole, in ip's bases (0x.., 0..), at most max. */
static int kind_num(const char *s, unsigned long long max,
		    unsigned long long *v)
{
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end || *v > max ? -EINVAL : 0;
}

static int bad_value(const char *word, const char *val, struct nsx_err *err)
{
	/* ip's invarg(): the line cannot be read, status 255 */
	return nsx_failx(err, EINVAL, "%s '%s': invalid value", word, val);
}

/* ip's own refusals after reading (status 1). */
static int kind_refuse(struct nsx_err *err, const char *fmt, const char *a)
{
	return nsx_failx(err, LINK_ECHECK, fmt, a);
}

static int pick(const char *v, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (streq(v, names[i]))
			return i;
	return -1;
}

/* The words that take no value. */
static bool kind_alone(enum kval how)
{
	return how == KV_SET1 || how == KV_SET0 || how == KV_FLAG ||
	       how == KV_MVFLAG || how == KV_IPVFLAG;
}

/* srcport MIN MAX */
static int kind_ports(struct nlmsghdr *h, const struct kword *k,
		      const char *lo, const char *hi, struct nsx_err *err)
{
	struct ifla_vxlan_port_range pr;
	unsigned long long a, b;

	if (!hi || kind_num(lo, 65535, &a) < 0 ||
	    kind_num(hi, 65535, &b) < 0 || b < a)
		return bad_value(k->word, lo, err);
	pr.low = htons((uint16_t)a);
	pr.high = htons((uint16_t)b);
	return mnl_attr_put_check(h, LINK_KIND_DATA, k->attr, sizeof(pr), &pr)
		? 3 : -EMSGSIZE;
}

/* flowlabel LABEL: 20 bits, in network order */
static int kind_label(struct nlmsghdr *h, const struct kword *k,
		      const char *v, struct nsx_err *err)
{
	unsigned long long n;

	if (kind_num(v, 0xfffff, &n) < 0)
		return bad_value(k->word, v, err);
	return mnl_attr_put_u32_check(h, LINK_KIND_DATA, k->attr,
				      htonl((uint32_t)n)) ? 2 : -EMSGSIZE;
}

/* Values that are words or pairs, not plain numbers. */
static int kind_special(struct link_req *r, const struct kword *k,
			char **argv, struct nsx_err *err)
{
	static const char *const mv[] = { "private", "vepa", "bridge",
					  "passthru", "source", NULL };
	static const uint32_t mvv[] = { MACVLAN_MODE_PRIVATE,
					MACVLAN_MODE_VEPA, MACVLAN_MODE_BRIDGE,
					MACVLAN_MODE_PASSTHRU,
					MACVLAN_MODE_SOURCE };
	static const char *const ipv[] = { "l2", "l3", "l3s", NULL };
	static const char *const df[] = { "unset", "set", "inherit", NULL };
	struct nlmsghdr *h = kind_msg(r);
	const char *v = argv[1];
	int i;

	switch (k->how) {
	case KV_MVMODE:
		i = pick(v, mv);
		if (i < 0)
			return kind_refuse(err, "mode '%s': not private, vepa, "
					   "bridge, passthru or source", v);
		r->macvlan_mode = mvv[i];
		return mnl_attr_put_u32_check(h, LINK_KIND_DATA, k->attr,
					      mvv[i]) ? 2 : -EMSGSIZE;
	case KV_IPVMODE:
		i = pick(v, ipv);
		if (i < 0)
			return bad_value(k->word, v, err);
		return mnl_attr_put_u16_check(h, LINK_KIND_DATA, k->attr,
					      (uint16_t)i) ? 2 : -EMSGSIZE;
	case KV_DF:
		i = pick(v, df);
		if (i < 0)
			return bad_value(k->word, v, err);
		return mnl_attr_put_u8_check(h, LINK_KIND_DATA, k->attr,
					     (uint8_t)i) ? 2 : -EMSGSIZE;
	case KV_PORTS:
		return kind_ports(h, k, v, argv[2], err);
	case KV_LABEL:
		return kind_label(h, k, v, err);
	case KV_MAC: {
		uint8_t mac[6];
		int end = 0;

		/* a group address is multicast: not link_parse_mac's */
		if (sscanf(v, "%2hhx:%2hhx:%2hhx:%2hhx:%2hhx:%2hhx%n", &mac[0],
			   &mac[1], &mac[2], &mac[3], &mac[4], &mac[5],
			   &end) != 6 || v[end])
			return bad_value(k->word, v, err);
		return mnl_attr_put_check(h, LINK_KIND_DATA, k->attr,
					  sizeof(mac), mac) ? 2 : -EMSGSIZE;
	}
	default:
		break;
	}
	return 0;
}

/* A word with one value that is a number (or one of a few words). */
static int kind_value(struct link_req *r, const struct kword *k,
		      const char *v, struct nsx_err *err)
{
	struct nlmsghdr *h = kind_msg(r);
	unsigned long long n = 0;
	bool ok;

	if (k->how == KV_ONOFF && !streq(v, "on") && !streq(v, "off"))
		return kind_refuse(err, "%s: must be on or off", k->word);
	if (k->how == KV_ONOFF)
		n = streq(v, "on");
	else if ((k->how == KV_TTL && streq(v, "auto")) ||
		 (k->how == KV_AGE && streq(v, "none")) ||
		 (k->how == KV_LIMIT && streq(v, "unlimited")))
		n = 0;
	else if (k->how == KV_TOS && streq(v, "inherit"))
		n = 1;
	else if (k->how == KV_TTL && streq(v, "inherit"))
		return mnl_attr_put_check(h, LINK_KIND_DATA,
					  IFLA_VXLAN_TTL_INHERIT, 0, NULL)
			? 2 : -EMSGSIZE;
	else if (kind_num(v, k->how == KV_U64 ? ~0ULL :
			  k->how == KV_U16 || k->how == KV_PROTO ? 0xffff :
			  k->how == KV_U32 || k->how == KV_AGE ||
			  k->how == KV_LIMIT ? 0xffffffffULL : 0xff, &n) < 0)
		return bad_value(k->word, v, err);
	switch (k->how) {
	case KV_U16:
		ok = mnl_attr_put_u16_check(h, LINK_KIND_DATA, k->attr,
					    (uint16_t)n);
		break;
	case KV_U32: case KV_AGE: case KV_LIMIT:
		ok = mnl_attr_put_u32_check(h, LINK_KIND_DATA, k->attr,
					    (uint32_t)n);
		break;
	case KV_U64:
		ok = mnl_attr_put_u64_check(h, LINK_KIND_DATA, k->attr, n);
		break;
	default:
		ok = mnl_attr_put_u8_check(h, LINK_KIND_DATA, k->attr,
					   (uint8_t)n);
	}
	return ok ? 2 : -EMSGSIZE;
}

static int kind_proto(struct link_req *r, const struct kword *k,
		      const char *v, struct nsx_err *err)
{
	uint16_t p;

	if (streq(v, "802.1Q") || streq(v, "802.1q"))
		p = 0x8100;
	else if (streq(v, "802.1ad"))
		p = 0x88a8;
	else
		return bad_value(k->word, v, err);
	return mnl_attr_put_u16_check(kind_msg(r), LINK_KIND_DATA, k->attr,
				      htons(p)) ? 2 : -EMSGSIZE;
}

static int kind_alone_put(struct link_req *r, const struct kword *k)
{
	struct nlmsghdr *h = kind_msg(r);

	switch (k->how) {
	case KV_FLAG:
		return mnl_attr_put_check(h, LINK_KIND_DATA, k->attr, 0, NULL)
			? 1 : -EMSGSIZE;
	case KV_MVFLAG:
		r->macvlan_flags |= (uint16_t)k->arg;
		return 1; /* put once the line is read */
	case KV_IPVFLAG:
		return mnl_attr_put_u16_check(h, LINK_KIND_DATA, k->attr,
					      (uint16_t)k->arg) ? 1 : -EMSGSIZE;
	default:
		return mnl_attr_put_u8_check(h, LINK_KIND_DATA, k->attr,
					     k->how == KV_SET1) ? 1 : -EMSGSIZE;
	}
}

static const struct kword *kind_find(const struct link_req *r,
				     const char *word)
{
	const char *kind = r->slave ? "bridge_slave" :
			   link_kind_macvlan(r->kind) ? "macvlan" : r->kind;

	for (size_t i = 0; i < ARRAY_SIZE(kwords); i++)
		if (streq(kwords[i].kind, kind) && streq(kwords[i].word, word))
			return &kwords[i];
	return NULL;
}

int link_kind_word(struct link_req *r, int argc, char **argv,
		   struct nsx_err *err)
{
	const struct kword *k = kind_find(r, argv[0]);
	int n;

	if (!k || k->how == KV_REQ)
		return 0;
	if (kind_alone(k->how))
		n = kind_alone_put(r, k);
	else if (argc < 2 || (k->how == KV_PORTS && argc < 3))
		return nsx_failx(err, NSX_EUSAGE, "'%s' needs a value",
				 k->word);
	else if (k->how == KV_PROTO)
		n = kind_proto(r, k, argv[1], err);
	else if ((n = kind_special(r, k, argv, err)) == 0)
		n = kind_value(r, k, argv[1], err);
	if (n == -EMSGSIZE)
		return nsx_failx(err, NSX_EUSAGE, "%s: too many options",
				 r->kind);
	return n;
}

static bool kind_has(const struct link_req *r, uint16_t attr)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)r->kind_data;
	const struct nlattr *a;

	if (!link_kind_has_data(r))
		return false;
	mnl_attr_for_each(a, h, 0)
		if (mnl_attr_get_type(a) == attr)
			return true;
	return false;
}

int link_kind_check(const struct link_req *r, struct nsx_err *err)
{
	bool vx = streq(r->kind, "vxlan");

	if (r->macvlan_flags & MACVLAN_FLAG_NOPROMISC &&
	    r->macvlan_mode != MACVLAN_MODE_PASSTHRU)
		return kind_refuse(err, "%s: nopromisc flag only valid in "
				   "passthru mode", r->kind);
	if (vx && r->has_id && kind_has(r, IFLA_VXLAN_COLLECT_METADATA))
		return kind_refuse(err, "%s: both 'external' and vni cannot "
				   "be specified", "vxlan");
	if (vx && r->has_remote && !r->lower[0] &&
	    (r->vx_family == AF_INET6 ? r->remote.s6_addr[0] == 0xff
	     : (r->remote.s6_addr[0] & 0xf0) == 0xe0))
		return kind_refuse(err, "%s: 'group' requires 'dev' to be "
				   "specified", "vxlan");
	return 0;
}

/* The macvlan flags, put after the line is read (ip puts them last). */
bool link_kind_put_flags(struct nlmsghdr *h, size_t size,
			 const struct link_req *r)
{
	if (!r->macvlan_flags)
		return true;
	return mnl_attr_put_u16_check(h, size, IFLA_MACVLAN_FLAGS,
				      r->macvlan_flags);
}

bool link_kind_external(const struct link_req *r)
{
	return kind_has(r, IFLA_VXLAN_COLLECT_METADATA);
}
