/* route.h - IPv4 and IPv6 routes inside a target, through rtnetlink */
#ifndef NSX_ROUTE_H
#define NSX_ROUTE_H

#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "nsx/net/inet.h"
#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/net/words.h"
#include "nsx/lib/util.h"

enum route_op { ROUTE_SHOW, ROUTE_ADD, ROUTE_DEL, ROUTE_REPLACE,
		ROUTE_CHANGE, ROUTE_APPEND, ROUTE_PREPEND, ROUTE_FLUSH,
		ROUTE_GET };

#define ROUTE_NH_MAX 16

/* One "nexthop via GW dev DEV weight W onlink" of a multipath route. */
struct route_nh_req {
	struct inet_prefix gw;   /* family 0 when none; another family than
				  * the route's: RTA_VIA */
	char dev[IFNAMSIZ];
	unsigned weight;         /* 1..256, 0 when not given */
	bool onlink;
	uint32_t realms;
	bool has_realms;
};

/*
 * What show and flush select, ip's words: the table (0 = all), the
 * family (AF_UNSPEC = both), and each "has_" selector. A field the
 * selection pins is one ip does not print.
 */
struct route_filter {
	int family;
	uint32_t table;
	char dev[IFNAMSIZ];      /* "dev"/"oif", "" = any */
	int oif;                 /* dev's index, filled when run */
	uint8_t protocol, scope, tos;
	bool has_protocol, has_scope, has_tos;
	uint32_t typemask;       /* 1 << RTN_* of "type", 0 = any */
	uint32_t metric;
	bool has_metric;
	struct inet_prefix root; /* "to root P": routes inside P */
	struct inet_prefix match; /* "to match P": routes holding P */
	bool has_root, has_match;
	struct inet_prefix via, src;
	bool has_via, has_src;
	bool any;                /* no selector written */
};

/* One "route" request, as parsed from a command line or a batch line. */
struct route_req {
	struct net_opts opts;  /* -t, -j, -o, -4, -6, -h */
	enum route_op op;
	int family;              /* AF_INET, AF_INET6; SHOW: AF_UNSPEC = both */
	struct inet_prefix dst;  /* "default": len 0 */
	bool has_dst;
	bool dst_default;        /* "default" was written: family may follow gw */
	struct inet_prefix gw;   /* "via [FAMILY] GW" (RTA_VIA if another family) */
	bool has_gw;
	struct inet_prefix src;  /* "src IP" */
	bool has_src;
	char dev[IFNAMSIZ];      /* "dev DEV", "" when not given */
	uint32_t metric;         /* "metric N" */
	bool has_metric;
	uint32_t table;          /* "table ID|NAME" (show: 0 = all) */
	bool has_table;          /* written: a local type keeps it */
	bool onlink;             /* "onlink": gateway on the link, no check */
	uint8_t type;            /* RTN_*, 0 = unicast */
	uint8_t protocol;        /* with has_protocol; boot otherwise */
	uint8_t scope;           /* with has_scope; ip's choice otherwise */
	bool has_protocol, has_scope;
	uint8_t tos;
	uint8_t pref;            /* RTA_PREF, with has_pref */
	bool has_pref;
	uint32_t expires;        /* seconds, with has_expires */
	bool has_expires;
	uint32_t realms;         /* RTA_FLOW, with has_realms */
	bool has_realms;
	uint32_t metrics[RTAX_MAX + 1]; /* RTA_METRICS, by RTAX_* */
	uint32_t metrics_mask;   /* 1 << RTAX_* of each one given */
	uint32_t lock;           /* RTAX_LOCK */
	char congctl[16];        /* RTAX_CC_ALGO, "" when not given */
	struct route_nh_req nh[ROUTE_NH_MAX];
	size_t n_nh;
	struct route_filter filter; /* SHOW and FLUSH */
	/* GET: dst is the address asked about */
	struct inet_prefix from;
	bool has_from;
	char iif[IFNAMSIZ];
	uint32_t mark;
	bool fibmatch;
};

/*
 * Parse a route command line: argv[0] is "route", then options (-t, -j,
 * -o, -4, -6, -h) and iproute2's words ("add default via 10.1.1.254"); no
 * verb means show. A bare "default" is IPv4 unless -6 is given or the
 * gateway is IPv6. Does no I/O; the request keeps no pointer into argv.
 * Returns 0; -NSX_EUSAGE for an unknown, unexpected or missing word (the
 * closest one suggested); -EINVAL for a bad value, err naming it.
 */
int route_cmd_parse(int argc, char **argv, struct route_req *req,
		    struct nsx_err *err);

/*
 * Carry out a request against nl's namespace (the socket of
 * req->opts.target); SHOW prints on stdout as text or, with -j,
 * iproute2's JSON (this one lives in cmd_route.c, since commands own
 * output). Returns 0 or -errno with err set.
 */
int route_cmd_run(struct nl *nl, const struct route_req *req,
		  struct nsx_err *err);

/* ADD, DEL or REPLACE (no output). */
int route_apply(struct nl *nl, const struct route_req *req,
		struct nsx_err *err);

#define ROUTE_MSG_SIZE 4096 /* a request or reply buffer */

/* One next hop of a multipath route. */
struct route_nh {
	struct inet_prefix gw;   /* family 0 when none */
	int oif;
	unsigned weight;         /* rtnh_hops + 1, as ip prints it */
	uint32_t flags;          /* RTNH_F_* */
	uint32_t realms;         /* RTA_FLOW, with has_realms */
	bool has_realms;
};
/* One route as the kernel reports it. */
struct route_entry {
	int family;
	uint8_t type;            /* RTN_* */
	uint8_t protocol;        /* RTPROT_* */
	uint8_t scope;           /* RT_SCOPE_* */
	uint32_t table;
	uint32_t flags;          /* RTNH_F_* and RTM_F_* */
	struct inet_prefix dst;  /* len 0 for default */
	struct inet_prefix gw;   /* family 0 when none */
	struct inet_prefix prefsrc;
	int oif;                 /* 0 when none */
	uint32_t metric;
	bool has_metric;
	uint8_t pref;            /* IPv6 router preference, RTA_PREF */
	bool has_pref;
	uint8_t tos;
	uint32_t metrics[RTAX_MAX + 1]; /* RTA_METRICS, by RTAX_* */
	uint32_t metrics_mask;   /* 1 << RTAX_* of each one given */
	int32_t expires;         /* seconds left, with has_expires */
	bool has_expires;
	struct route_nh nh[ROUTE_NH_MAX]; /* RTA_MULTIPATH */
	size_t n_nh;
	struct inet_prefix from; /* RTA_SRC with rtm_src_len */
	uint32_t realms;         /* RTA_FLOW, with has_realms */
	bool has_realms;
	uint32_t uid;            /* RTA_UID (get), with has_uid */
	bool has_uid;
	uint32_t mark;           /* RTA_MARK (get), 0 when none */
	int iif;                 /* RTA_IIF, 0 when none */
	char congctl[16];        /* RTAX_CC_ALGO */
};

struct route_table {
	struct route_entry *routes;
	size_t n;
};

/* Routes of nl's namespace the filter selects, without the kernel's
 * cache (f->oif must be filled from f->dev before). */
int route_dump(struct nl *nl, const struct route_filter *f,
	       struct route_table *tab, struct nsx_err *err);
void route_table_free(struct route_table *tab);

/* route_dump's state while the kernel answers, with its filter. */
struct route_dump_ctx {
	struct route_table *tab;
	size_t cap;              /* room in tab->routes */
	const struct route_filter *f;
};
/* mnl_cb_t: one message of a route dump; an RTM_NEWROUTE that passes the
 * filter (and is no cached clone) is appended to ctx->tab. */
int route_dump_cb(const struct nlmsghdr *nlh, void *data);
/* nl_reset_fn: forget the routes gathered, as a dump starts again. */
void route_dump_reset(void *data);
/* An RTM_NEWROUTE's rtmsg and attributes as a route_entry; -EINVAL for
 * a message too short to be one. */
int route_entry_parse(const struct nlmsghdr *nlh, struct route_entry *e);
/* Whether f selects route e, as ip's filter does. */
bool route_filter_match(const struct route_filter *f,
			const struct route_entry *e);

/* Whether f pins e's gateway (what 'g') or preferred source ('s') to
 * one whole address: ip then leaves it out of what it prints. */
bool route_filter_pins(const struct route_filter *f,
		       const struct route_entry *e, char what);

/* FLUSH: delete every route the filter selects, again until none is
 * left, as ip does. */
int route_flush(struct nl *nl, const struct route_req *req,
		struct nsx_err *err);

/* GET: the kernel's answer for req->dst, as one route. */
int route_get(struct nl *nl, const struct route_req *req,
	      struct route_entry *e, struct nsx_err *err);

/* "route add default via 10.1.1.254 dev veth0", for messages. */
const char *route_req_str(const struct route_req *req, char *buf,
			  size_t size);

/* Names as iproute2 prints and reads them, its built-in ones and those
 * of /etc/iproute2 (rt_tables and rt_tables.d/\*.conf, rt_protos and
 * rt_protos.d, rt_scopes, rt_dsfield, rt_realms); a number otherwise.
 * The *_id functions take a name or a number and return 0 or -EINVAL. */
const char *route_protocol_name(uint8_t proto, char *buf, size_t size);
const char *route_type_name(uint8_t type, char *buf, size_t size);
const char *route_table_name(uint32_t table, char *buf, size_t size);
const char *route_scope_name(uint8_t scope, char *buf, size_t size);
int route_table_id(const char *w, uint32_t *id);
int route_protocol_id(const char *w, uint8_t *id);
int route_scope_id(const char *w, uint8_t *id);
int route_dsfield_id(const char *w, uint8_t *id);
/* A TOS as ip prints it: its rt_dsfield name ("AF11") or "0x10". */
const char *route_dsfield_name(uint8_t tos, char *buf, size_t size);
int route_realm_id(const char *w, uint32_t *id);
const char *route_realm_name(uint32_t realm, char *buf, size_t size);
/* "[FROM/]TO" realms, into RTA_FLOW's from << 16 | to. */
int route_realms(const char *w, uint32_t *realms);
/* A type's name ("blackhole"); with numbers, a number 0..255 too. */
int route_type_id(const char *w, bool numbers, uint8_t *id);
/* A number as ip reads it (strtoul in base, 0 = C's prefixes), whole,
 * at most max. */
int route_num(const char *s, int base, unsigned long max,
	      unsigned long *out);

/* ip's names of the metrics, by RTAX_* ("mtu", "congctl"), NULL for
 * none; RTAX_RTT, RTAX_RTTVAR and RTAX_RTO_MIN are times. */
extern const char *const route_metric_names[RTAX_MAX + 1];

#endif
