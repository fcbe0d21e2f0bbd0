/* text_route.c - the words of a route as ip prints them, which the
 * text, the JSON (print_route.c) and the table (cmd_route.c) share */
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nsx/cli/cmd_route.h"
#include "nsx/net/addr.h"
#include "nsx/net/route.h"

const char *cmd_route_dev(const struct addr_table *links, int ifindex,
			  char *buf, size_t size)
{
	const struct addr_link *l = links ? addr_table_find(links, ifindex)
					  : NULL;

	if (l)
		return l->li.ifname;
	snprintf(buf, size, "if%d", ifindex);
	return buf;
}

const char *cmd_route_dst(const struct inet_prefix *dst, char *buf,
			  size_t size)
{
	/* A host route is written without its /32 or /128, as ip does. */
	bool with_len = dst->len != inet_family_size(dst->family) * 8;

	if (dst->len == 0)
		return "default";
	return inet_prefix_str(dst, with_len, buf, size);
}

const char *cmd_route_pref(uint8_t pref)
{
	switch (pref) {
	case 0x3: /* ICMPV6_ROUTER_PREF_LOW */
		return "low";
	case 0x1:
		return "high";
	case 0x0:
		return "medium";
	default:
		return "invalid";
	}
}

/* ip's flags of a route or a next hop, in its order. */
size_t cmd_route_flag_names(uint32_t flags, const char **w)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{ RTNH_F_DEAD, "dead" }, { RTNH_F_ONLINK, "onlink" },
		{ RTNH_F_PERVASIVE, "pervasive" }, { RTNH_F_OFFLOAD, "offload" },
		{ RTNH_F_TRAP, "trap" }, { RTM_F_NOTIFY, "notify" },
		{ RTNH_F_LINKDOWN, "linkdown" },
		{ RTNH_F_UNRESOLVED, "unresolved" },
		{ RTM_F_OFFLOAD, "rt_offload" }, { RTM_F_TRAP, "rt_trap" },
		{ RTM_F_OFFLOAD_FAILED, "rt_offload_failed" },
	};
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (flags & names[i].flag)
			w[n++] = names[i].name;
	return n;
}

/* A metric's value in ip's text: times in ms ("1.5s", "20ms"), the
 * congestion control by name, features "ecn". */
static void metric_value(const struct route_entry *e, int m, char *buf,
			 size_t size)
{
	uint32_t v = e->metrics[m];

	if (m == RTAX_RTT || m == RTAX_RTTVAR || m == RTAX_RTO_MIN) {
		v = m == RTAX_RTT ? v / 8 : m == RTAX_RTTVAR ? v / 4 : v;
		if (v >= 1000)
			snprintf(buf, size, "%gs", v / 1e3);
		else
			snprintf(buf, size, "%ums", v);
	} else if (m == RTAX_CC_ALGO) {
		snprintf(buf, size, "%s", e->congctl);
	} else if (m == RTAX_FEATURES && v == RTAX_FEATURE_ECN) {
		snprintf(buf, size, "ecn");
	} else {
		snprintf(buf, size, m == RTAX_FEATURES ? "%#x" : "%u", v);
	}
}

const char *cmd_route_metric(const struct route_entry *e, int m, char *buf,
			     size_t size)
{
	uint32_t lock = (e->metrics_mask & (1u << RTAX_LOCK)) ?
			e->metrics[RTAX_LOCK] : 0;
	char v[32];

	if (m < 2 || m > RTAX_MAX || !(e->metrics_mask & (1u << m)) ||
	    !route_metric_names[m] ||
	    (m == RTAX_HOPLIMIT && e->metrics[m] == UINT32_MAX))
		return NULL;
	metric_value(e, m, v, sizeof(v));
	snprintf(buf, size, "%s %s%s", route_metric_names[m],
		 lock & (1u << m) ? "lock " : "", v);
	return buf;
}
