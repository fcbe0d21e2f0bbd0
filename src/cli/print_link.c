/* print_link.c - what ip -d prints of a link, text and JSON from one code
 * path: the fields both forms share, each named once, the kind's and the
 * port's data (macvlan here; vxlan and bridge in their own files) */
#include <inttypes.h>
#include <linux/if_link.h>

#include "nsx/cli/print_link.h"

void link_put_uint(struct link_print *p, const char *key, const char *word,
		   uint64_t val)
{
	if (p->json && key)
		json_uint(p->j, key, val);
	else if (!p->json && word)
		fprintf(p->out, "%s %" PRIu64 " ", word, val);
}

void link_put_int(struct link_print *p, const char *key, const char *word,
		  int64_t val)
{
	if (p->json && key)
		json_int(p->j, key, val);
	else if (!p->json && word)
		fprintf(p->out, "%s %" PRId64 " ", word, val);
}

void link_put_str(struct link_print *p, const char *key, const char *word,
		  const char *val)
{
	if (p->json && key)
		json_str(p->j, key, val);
	else if (!p->json && word)
		fprintf(p->out, "%s %s ", word, val);
}

void link_put_hex(struct link_print *p, const char *key, const char *word,
		  uint64_t val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%#" PRIx64, val);
	link_put_str(p, key, word, buf);
}

void link_put_onoff(struct link_print *p, const char *key, const char *word,
		    bool val)
{
	if (p->json && key)
		json_bool(p->j, key, val);
	else if (!p->json && word)
		fprintf(p->out, "%s %s ", word, val ? "on" : "off");
}

void link_put_bool(struct link_print *p, const char *key, const char *word,
		   bool val)
{
	if (p->json && key)
		json_bool(p->j, key, val);
	else if (!p->json && word)
		fprintf(p->out, "%s%s ", val ? "" : "no", word);
}

void link_put_flag(struct link_print *p, const char *key, const char *word)
{
	link_put_bool(p, key, word, true);
}

void link_put_open(struct link_print *p, const char *key)
{
	if (p->json)
		json_obj_open(p->j, key);
}

void link_put_close(struct link_print *p)
{
	if (p->json)
		json_obj_close(p->j);
}

/* A kind's name: on a line of its own in text ("    veth ",
 * "    bridge_slave "), "info_kind" or "info_slave_kind" in JSON. */
static void put_kind(struct link_print *p, const char *key, const char *kind,
		     const char *suffix)
{
	if (p->json)
		json_str(p->j, key, kind);
	else
		fprintf(p->out, "%s    %s%s ", p->sl, kind, suffix);
}

static const char *macvlan_mode_name(uint32_t mode)
{
	switch (mode) {
	case MACVLAN_MODE_PRIVATE: return "private";
	case MACVLAN_MODE_VEPA: return "vepa";
	case MACVLAN_MODE_BRIDGE: return "bridge";
	case MACVLAN_MODE_PASSTHRU: return "passthru";
	case MACVLAN_MODE_SOURCE: return "source";
	}
	return "unknown";
}

static void put_macvlan(struct link_print *p, const struct link_info *li)
{
	if (li->has_macvlan_mode)
		link_put_str(p, "mode", "mode",
			     macvlan_mode_name(li->macvlan_mode));
	if (li->has_bcqueuelen)
		link_put_uint(p, "bcqueuelen", "bcqueuelen",
			      li->macvlan_bcqueuelen);
	if (li->has_used_bcqueuelen)
		link_put_uint(p, "usedbcqueuelen", "usedbcqueuelen",
			      li->macvlan_used_bcqueuelen);
}

/* The kind's own data ("info_data"), of the kinds nsx reads it of. */
static void put_info_data(struct link_print *p, const struct link_info *li)
{
	bool vxlan = streq(li->kind, "vxlan"), br = streq(li->kind, "bridge");
	/* ip -j has a macvlan's info_data only with its mode */
	bool mv = link_kind_macvlan(li->kind) &&
		  (li->has_macvlan_mode || !p->json);

	if (!vxlan && !br && !mv)
		return;
	link_put_open(p, "info_data");
	if (vxlan)
		link_print_vxlan(p, &li->vxlan);
	else if (br)
		link_print_bridge(p, &li->br, false);
	else
		put_macvlan(p, li);
	link_put_close(p);
}

/* The kind and the port's kind with their data ("linkinfo"). */
static void put_linkinfo(struct link_print *p, const struct link_info *li)
{
	if (!li->kind[0] && !li->slave_kind[0])
		return;
	link_put_open(p, "linkinfo");
	if (li->kind[0]) {
		put_kind(p, "info_kind", li->kind, "");
		put_info_data(p, li);
	}
	if (li->slave_kind[0])
		put_kind(p, "info_slave_kind", li->slave_kind, "_slave");
	if (streq(li->slave_kind, "bridge")) {
		link_put_open(p, "info_slave_data");
		link_print_bridge(p, &li->brport, true);
		link_put_close(p);
	}
	link_put_close(p);
}

static const char *addr_gen_mode_name(int mode)
{
	static const char *const names[] = { "eui64", "none",
					     "stable_secret", "random" };

	return mode >= 0 && (size_t)mode < ARRAY_SIZE(names) ? names[mode]
							     : NULL;
}

void link_print_details(struct link_print *p, const struct link_info *li,
			unsigned what)
{
	const char *gen = addr_gen_mode_name(li->addr_gen_mode);

	/* ip's text has a space before these two */
	if (li->has_promiscuity)
		link_put_uint(p, "promiscuity", " promiscuity",
			      li->promiscuity);
	if (li->has_allmulti)
		link_put_uint(p, "allmulti", " allmulti", li->allmulti);
	if (li->has_min_mtu)
		link_put_uint(p, "min_mtu", "minmtu", li->min_mtu);
	if (li->has_max_mtu)
		link_put_uint(p, "max_mtu", "maxmtu", li->max_mtu);
	put_linkinfo(p, li);
	if (gen && (what & CMD_NET_LINK_MODE))
		link_put_str(p, "inet6_addr_gen_mode", "addrgenmode", gen);
	if (li->has_queues) {
		link_put_uint(p, "num_tx_queues", "numtxqueues",
			      li->num_tx_queues);
		link_put_uint(p, "num_rx_queues", "numrxqueues",
			      li->num_rx_queues);
		link_put_uint(p, "gso_max_size", "gso_max_size",
			      li->gso_max_size);
		link_put_uint(p, "gso_max_segs", "gso_max_segs",
			      li->gso_max_segs);
	}
	if (li->has_tso) {
		link_put_uint(p, "tso_max_size", "tso_max_size",
			      li->tso_max_size);
		link_put_uint(p, "tso_max_segs", "tso_max_segs",
			      li->tso_max_segs);
	}
	if (li->has_gro)
		link_put_uint(p, "gro_max_size", "gro_max_size",
			      li->gro_max_size);
}
