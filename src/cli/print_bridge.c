/* print_bridge.c - a bridge's and a bridge port's own settings, as ip -d
 * link show prints them: the text and the JSON from one table, each
 * attribute named once with its word and its key */
#include <arpa/inet.h>
#include <inttypes.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <netinet/ether.h>
#include <string.h>

#include "nsx/cli/print_link.h"

/* How ip prints an attribute. */
enum br_how {
	BR_UINT,    /* "%u", of the attribute's width */
	BR_INT,     /* "%d" */
	BR_HEX,     /* "%#llx" */
	BR_ONOFF,   /* a u8: "on" or "off" */
	BR_TIMER,   /* a u64 of centiseconds: "%4i.%.2i" */
	BR_ID,      /* a struct ifla_bridge_id: "8000.a:b:c:d:e:f" */
	BR_ROOT,    /* ip names the bridge's own id designated_root */
	BR_MAC,     /* "01:80:c2:00:00:00" */
	BR_PROTO,   /* 802.1Q, 802.1ad */
	BR_BOOLOPT, /* struct br_boolopt_multi */
	BR_STATE,   /* a port's STP state */
	BR_FWDMASK, /* group_fwd_mask and its words */
	BR_DEV,     /* an ifindex */
};

struct br_attr {
	uint8_t type;
	uint8_t how;
	const char *name; /* in text */
	const char *key;  /* in JSON; NULL: the same, "": not there */
};

/* In ip's order. */
static const struct br_attr bridge_attrs[] = {
	{ IFLA_BR_FORWARD_DELAY, BR_UINT, "forward_delay", NULL },
	{ IFLA_BR_HELLO_TIME, BR_UINT, "hello_time", NULL },
	{ IFLA_BR_MAX_AGE, BR_UINT, "max_age", NULL },
	{ IFLA_BR_AGEING_TIME, BR_UINT, "ageing_time", NULL },
	{ IFLA_BR_STP_STATE, BR_UINT, "stp_state", NULL },
	{ IFLA_BR_PRIORITY, BR_UINT, "priority", NULL },
	{ IFLA_BR_VLAN_FILTERING, BR_UINT, "vlan_filtering", NULL },
	{ IFLA_BR_VLAN_PROTOCOL, BR_PROTO, "vlan_protocol", NULL },
	{ IFLA_BR_BRIDGE_ID, BR_ID, "bridge_id", NULL },
	{ IFLA_BR_ROOT_ID, BR_ROOT, "designated_root", "root_id" },
	{ IFLA_BR_ROOT_PORT, BR_UINT, "root_port", NULL },
	{ IFLA_BR_ROOT_PATH_COST, BR_UINT, "root_path_cost", NULL },
	{ IFLA_BR_TOPOLOGY_CHANGE, BR_UINT, "topology_change", NULL },
	{ IFLA_BR_TOPOLOGY_CHANGE_DETECTED, BR_UINT,
	  "topology_change_detected", NULL },
	{ IFLA_BR_HELLO_TIMER, BR_TIMER, "hello_timer", NULL },
	{ IFLA_BR_TCN_TIMER, BR_TIMER, "tcn_timer", NULL },
	{ IFLA_BR_TOPOLOGY_CHANGE_TIMER, BR_TIMER, "topology_change_timer", NULL },
	{ IFLA_BR_GC_TIMER, BR_TIMER, "gc_timer", NULL },
	{ IFLA_BR_VLAN_DEFAULT_PVID, BR_UINT, "vlan_default_pvid", NULL },
	{ IFLA_BR_VLAN_STATS_ENABLED, BR_UINT, "vlan_stats_enabled", NULL },
	{ IFLA_BR_VLAN_STATS_PER_PORT, BR_UINT, "vlan_stats_per_port", NULL },
	{ IFLA_BR_GROUP_FWD_MASK, BR_HEX, "group_fwd_mask", NULL },
	{ IFLA_BR_GROUP_ADDR, BR_MAC, "group_address", "group_addr" },
	{ IFLA_BR_MCAST_SNOOPING, BR_UINT, "mcast_snooping", NULL },
	{ IFLA_BR_MULTI_BOOLOPT, BR_BOOLOPT, "", NULL },
	{ IFLA_BR_MCAST_ROUTER, BR_UINT, "mcast_router", NULL },
	{ IFLA_BR_MCAST_QUERY_USE_IFADDR, BR_UINT, "mcast_query_use_ifaddr", NULL },
	{ IFLA_BR_MCAST_QUERIER, BR_UINT, "mcast_querier", NULL },
	{ IFLA_BR_MCAST_HASH_ELASTICITY, BR_UINT, "mcast_hash_elasticity", NULL },
	{ IFLA_BR_MCAST_HASH_MAX, BR_UINT, "mcast_hash_max", NULL },
	{ IFLA_BR_MCAST_LAST_MEMBER_CNT, BR_UINT, "mcast_last_member_count",
	  "mcast_last_member_cnt" },
	{ IFLA_BR_MCAST_STARTUP_QUERY_CNT, BR_UINT,
	  "mcast_startup_query_count", "mcast_startup_query_cnt" },
	{ IFLA_BR_MCAST_LAST_MEMBER_INTVL, BR_UINT,
	  "mcast_last_member_interval",
	  "mcast_last_member_intvl" },
	{ IFLA_BR_MCAST_MEMBERSHIP_INTVL, BR_UINT,
	  "mcast_membership_interval",
	  "mcast_membership_intvl" },
	{ IFLA_BR_MCAST_QUERIER_INTVL, BR_UINT, "mcast_querier_interval",
	  "mcast_querier_intvl" },
	{ IFLA_BR_MCAST_QUERY_INTVL, BR_UINT, "mcast_query_interval",
	  "mcast_query_intvl" },
	{ IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, BR_UINT,
	  "mcast_query_response_interval",
	  "mcast_query_response_intvl" },
	{ IFLA_BR_MCAST_STARTUP_QUERY_INTVL, BR_UINT,
	  "mcast_startup_query_interval",
	  "mcast_startup_query_intvl" },
	{ IFLA_BR_MCAST_STATS_ENABLED, BR_UINT, "mcast_stats_enabled", NULL },
	{ IFLA_BR_MCAST_IGMP_VERSION, BR_UINT, "mcast_igmp_version", NULL },
	{ IFLA_BR_MCAST_MLD_VERSION, BR_UINT, "mcast_mld_version", NULL },
	{ IFLA_BR_NF_CALL_IPTABLES, BR_UINT, "nf_call_iptables", NULL },
	{ IFLA_BR_NF_CALL_IP6TABLES, BR_UINT, "nf_call_ip6tables", NULL },
	{ IFLA_BR_NF_CALL_ARPTABLES, BR_UINT, "nf_call_arptables", NULL },
};

static const struct br_attr port_attrs[] = {
	{ IFLA_BRPORT_STATE, BR_STATE, "state", "state" },
	{ IFLA_BRPORT_PRIORITY, BR_INT, "priority", NULL },
	{ IFLA_BRPORT_COST, BR_INT, "cost", NULL },
	{ IFLA_BRPORT_MODE, BR_ONOFF, "hairpin", NULL },
	{ IFLA_BRPORT_GUARD, BR_ONOFF, "guard", NULL },
	{ IFLA_BRPORT_PROTECT, BR_ONOFF, "root_block", NULL },
	{ IFLA_BRPORT_FAST_LEAVE, BR_ONOFF, "fastleave", NULL },
	{ IFLA_BRPORT_LEARNING, BR_ONOFF, "learning", NULL },
	{ IFLA_BRPORT_UNICAST_FLOOD, BR_ONOFF, "flood", NULL },
	{ IFLA_BRPORT_ID, BR_HEX, "port_id", "id" },
	{ IFLA_BRPORT_NO, BR_HEX, "port_no", "no" },
	{ IFLA_BRPORT_DESIGNATED_PORT, BR_UINT, "designated_port", NULL },
	{ IFLA_BRPORT_DESIGNATED_COST, BR_UINT, "designated_cost", NULL },
	{ IFLA_BRPORT_BRIDGE_ID, BR_ID, "designated_bridge", "bridge_id" },
	{ IFLA_BRPORT_ROOT_ID, BR_ID, "designated_root", "root_id" },
	{ IFLA_BRPORT_HOLD_TIMER, BR_TIMER, "hold_timer", NULL },
	{ IFLA_BRPORT_MESSAGE_AGE_TIMER, BR_TIMER, "message_age_timer", NULL },
	{ IFLA_BRPORT_FORWARD_DELAY_TIMER, BR_TIMER, "forward_delay_timer", NULL },
	{ IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, BR_UINT, "topology_change_ack", NULL },
	{ IFLA_BRPORT_CONFIG_PENDING, BR_UINT, "config_pending", NULL },
	{ IFLA_BRPORT_PROXYARP, BR_ONOFF, "proxy_arp", NULL },
	{ IFLA_BRPORT_PROXYARP_WIFI, BR_ONOFF, "proxy_arp_wifi", NULL },
	{ IFLA_BRPORT_MULTICAST_ROUTER, BR_UINT, "mcast_router",
	  "multicast_router" },
	{ IFLA_BRPORT_FAST_LEAVE, BR_ONOFF, "mcast_fast_leave", "" },
	{ IFLA_BRPORT_MCAST_FLOOD, BR_ONOFF, "mcast_flood", NULL },
	{ IFLA_BRPORT_BCAST_FLOOD, BR_ONOFF, "bcast_flood", NULL },
	{ IFLA_BRPORT_MCAST_TO_UCAST, BR_ONOFF, "mcast_to_unicast", NULL },
	{ IFLA_BRPORT_NEIGH_SUPPRESS, BR_ONOFF, "neigh_suppress", NULL },
	{ IFLA_BRPORT_GROUP_FWD_MASK, BR_FWDMASK, "group_fwd_mask", NULL },
	{ IFLA_BRPORT_VLAN_TUNNEL, BR_ONOFF, "vlan_tunnel", NULL },
	{ IFLA_BRPORT_ISOLATED, BR_ONOFF, "isolated", NULL },
	{ IFLA_BRPORT_LOCKED, BR_ONOFF, "locked", NULL },
	{ IFLA_BRPORT_BACKUP_PORT, BR_DEV, "backup_port", NULL },
};

/* The attribute's value, of its width, in host order. */
static uint64_t br_value(const struct link_kind_data *d, unsigned type)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64 = 0;

	switch (d->len[type]) {
	case 1: memcpy(&u8, d->val[type], 1); return u8;
	case 2: memcpy(&u16, d->val[type], 2); return u16;
	case 4: memcpy(&u32, d->val[type], 4); return u32;
	case 8: memcpy(&u64, d->val[type], 8); return u64;
	}
	return 0;
}

/* "8000.b2:87:fc:2b:98:29", as ip writes a bridge id (ether_ntoa's
 * digits, without leading zeros); nothing unless 8 bytes were sent. */
static void put_id(struct link_print *p, const char *key, const char *word,
		   const struct link_kind_data *d, unsigned type)
{
	const uint8_t *v = d->val[type];
	char mac[18], buf[32];

	if (d->len[type] != 8)
		return;
	ether_ntoa_r((const struct ether_addr *)(v + 2), mac);
	snprintf(buf, sizeof(buf), "%.2x%.2x.%s", v[0], v[1], mac);
	link_put_str(p, key, word, buf);
}

/* A timer of centiseconds: "%4d.%.2d" in text, a bare number in JSON. */
static void put_timer(struct link_print *p, const char *key,
		      const char *word, uint64_t v)
{
	char buf[32];

	if (!p->json) {
		fprintf(p->out, "%s %4d.%.2d ", word, (int)(v / 100),
			(int)(v % 100));
		return;
	}
	snprintf(buf, sizeof(buf), "%d.%.2d", (int)(v / 100), (int)(v % 100));
	json_raw(p->j, key, buf);
}

/* "stp,lacp,0x10" for a group_fwd_mask, "0x0" for none. */
static const char *br_fwdmask_str(unsigned mask, char *buf, size_t size)
{
	static const char *const words[16] = { [0] = "stp", [2] = "lacp",
					       [14] = "lldp" };
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned i = 0; mask && off < size; i++, mask >>= 1) {
		if (!(mask & 1))
			continue;
		if (words[i])
			off += (size_t)snprintf(buf + off, size - off, "%s%s",
						off ? "," : "", words[i]);
		else
			off += (size_t)snprintf(buf + off, size - off, "%s%#x",
						off ? "," : "", 1u << i);
	}
	return off ? buf : "0x0";
}

static void put_boolopt(struct link_print *p, const uint8_t *v)
{
	struct br_boolopt_multi bm;
	unsigned ll = 1u << BR_BOOLOPT_NO_LL_LEARN;
	unsigned vs = 1u << BR_BOOLOPT_MCAST_VLAN_SNOOPING;

	memcpy(&bm, v, sizeof(bm));
	if (bm.optmask & ll)
		link_put_uint(p, "no_linklocal_learn", "no_linklocal_learn",
			      !!(bm.optval & ll));
	if (bm.optmask & vs)
		link_put_uint(p, "mcast_vlan_snooping", "mcast_vlan_snooping",
			      !!(bm.optval & vs));
}

/* A port's STP state; one ip has no name of: "state (N)", "state_index". */
static void put_state(struct link_print *p, const char *key,
		      const char *word, uint64_t v)
{
	static const char *const states[] = { "disabled", "listening",
					      "learning", "forwarding",
					      "blocking" };
	char buf[24];

	if (v < ARRAY_SIZE(states)) {
		link_put_str(p, key, word, states[v]);
		return;
	}
	snprintf(buf, sizeof(buf), "(%d)", (int)v);
	link_put_str(p, NULL, word, buf);
	link_put_int(p, "state_index", NULL, (int64_t)v);
}

/* The values that are no plain number. */
static void put_special(struct link_print *p, const struct link_kind_data *d,
			const struct br_attr *a, const char *key)
{
	uint64_t v = br_value(d, a->type);
	char buf[128];

	switch (a->how) {
	case BR_STATE:
		put_state(p, key, a->name, v);
		break;
	case BR_MAC:
		cmd_net_hw_str(d->val[a->type], d->len[a->type], buf,
			       sizeof(buf));
		link_put_str(p, key, a->name, buf);
		break;
	case BR_PROTO:
		v = ntohs((uint16_t)v);
		snprintf(buf, sizeof(buf), "[%" PRIu64 "]", v);
		link_put_str(p, key, a->name, v == ETH_P_8021Q ? "802.1Q"
				 : v == ETH_P_8021AD ? "802.1ad" : buf);
		break;
	case BR_BOOLOPT:
		put_boolopt(p, d->val[a->type]);
		break;
	case BR_FWDMASK:
		link_put_hex(p, key, a->name, v);
		link_put_str(p, "group_fwd_mask_str", "group_fwd_mask_str",
			     br_fwdmask_str((unsigned)v, buf, sizeof(buf)));
		break;
	case BR_DEV:
		link_put_str(p, key, a->name,
			     cmd_net_link_name(p->s, (int)v, buf, sizeof(buf)));
		break;
	}
}

static void put_attr(struct link_print *p, const struct link_kind_data *d,
		     const struct br_attr *a)
{
	/* a key of "" is not in the JSON */
	const char *key = !a->key ? a->name : a->key[0] ? a->key : NULL;
	uint64_t v = br_value(d, a->type);

	switch (a->how) {
	case BR_UINT: link_put_uint(p, key, a->name, v); break;
	case BR_INT: link_put_int(p, key, a->name, (int)v); break;
	case BR_HEX: link_put_hex(p, key, a->name, v); break;
	case BR_ONOFF: link_put_onoff(p, key, a->name, v != 0); break;
	case BR_TIMER: put_timer(p, key, a->name, v); break;
	case BR_ID: put_id(p, key, a->name, d, a->type); break;
	case BR_ROOT: /* ip's own choice of attribute */
		put_id(p, key, a->name, d, IFLA_BR_BRIDGE_ID);
		break;
	default: put_special(p, d, a, key);
	}
}

void link_print_bridge(struct link_print *p, const struct link_kind_data *d,
		       bool port)
{
	const struct br_attr *t = port ? port_attrs : bridge_attrs;
	size_t n = port ? ARRAY_SIZE(port_attrs) : ARRAY_SIZE(bridge_attrs);

	for (size_t i = 0; i < n; i++)
		if (d->len[t[i].type])
			put_attr(p, d, &t[i]);
}
