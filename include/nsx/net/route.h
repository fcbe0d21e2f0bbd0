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

enum route_op { ROUTE_SHOW, ROUTE_ADD, ROUTE_DEL, ROUTE_REPLACE };

/* One "route" request, as parsed from a command line or a batch line. */
struct route_req {
	struct net_opts opts;  /* -t, -j, -o, -4, -6, -h */
	enum route_op op;
	int family;              /* AF_INET, AF_INET6; SHOW: AF_UNSPEC = both */
	struct inet_prefix dst;  /* "default": len 0 */
	bool has_dst;
	bool dst_default;        /* "default" was written: family may follow gw */
	struct inet_prefix gw;   /* "via GW" */
	bool has_gw;
	struct inet_prefix src;  /* "src IP" */
	bool has_src;
	char dev[IFNAMSIZ];      /* "dev DEV", "" when not given */
	uint32_t metric;         /* "metric N" */
	bool has_metric;
	uint32_t table;          /* "table N|main|local|all" (all: 0) */
	bool onlink;             /* "onlink": gateway on the link, no check */
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
};
#define ROUTE_NH_MAX 16

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
};

struct route_table {
	struct route_entry *routes;
	size_t n;
};

/* Routes of nl's namespace, without the kernel's cache: family
 * AF_UNSPEC = both; table 0 = every table; oif 0 = every link. */
int route_dump(struct nl *nl, int family, uint32_t table, int oif,
	       struct route_table *tab, struct nsx_err *err);
void route_table_free(struct route_table *tab);

/* route_dump's state while the kernel answers, with its filters. */
struct route_dump_ctx {
	struct route_table *tab;
	size_t cap;              /* room in tab->routes */
	int family;
	uint32_t table;
	int oif;
};
/* mnl_cb_t: one message of a route dump; an RTM_NEWROUTE that passes the
 * filters (and is no cached clone) is appended to ctx->tab. */
int route_dump_cb(const struct nlmsghdr *nlh, void *data);
/* nl_reset_fn: forget the routes gathered, as a dump starts again. */
void route_dump_reset(void *data);

/* "route add default via 10.1.1.254 dev veth0", for messages. */
const char *route_req_str(const struct route_req *req, char *buf,
			  size_t size);

/* Names as iproute2 prints them: "kernel", "unicast", "main". */
const char *route_protocol_name(uint8_t proto, char *buf, size_t size);
const char *route_type_name(uint8_t type, char *buf, size_t size);
const char *route_table_name(uint32_t table, char *buf, size_t size);

#endif
