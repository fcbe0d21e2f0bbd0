/* cmd_route.h - what nsx route's files share */
#ifndef NSX_CLI_CMD_ROUTE_H
#define NSX_CLI_CMD_ROUTE_H

#include <stdio.h>

#include "nsx/cli/cmd_net.h"
#include "nsx/lib/json.h"
#include "nsx/net/route.h"

struct addr_table;

/*
 * Where routes are printed (print_route.c): ip's text, or with json
 * ip -j's array; show and get print through the same code. What the
 * filter pins (a dev, a table, a protocol, ...) is left out, as ip does.
 */
struct route_print {
	FILE *out;
	struct json j;
	bool json, oneline, details;
	const struct addr_table *links; /* names of links; NULL: "ifN" */
	const struct route_filter *f;   /* never NULL */
};

/* Start printing on out (the JSON array opens), as o asks. */
void route_print_begin(struct route_print *p, FILE *out, bool json,
		       const struct cmd_net_show *o,
		       const struct addr_table *links,
		       const struct route_filter *f);
/* One route, its last newline included. */
void route_print(struct route_print *p, const struct route_entry *e);
/* The JSON array closes. */
void route_print_end(struct route_print *p);

/*
 * The words of a route, as ip prints them, for the text, the JSON and
 * the table: the name of link ifindex ("ifN" when unknown), a
 * destination ("default", a host route without its length), an IPv6
 * preference, flags (into w, room for 16; how many), one metric
 * ("mtu lock 1300", "rtt 1.5s"; NULL when ip does not print it).
 */
const char *cmd_route_dev(const struct addr_table *links, int ifindex,
			  char *buf, size_t size);
const char *cmd_route_dst(const struct inet_prefix *dst, char *buf,
			  size_t size);
const char *cmd_route_pref(uint8_t pref);
size_t cmd_route_flag_names(uint32_t flags, const char **w);
const char *cmd_route_metric(const struct route_entry *e, int m, char *buf,
			     size_t size);

/* "route get": ask the kernel, print its answer as ip does (text or,
 * with -j, JSON). Returns 0 or -errno with err set. */
int cmd_route_get(struct nl *nl, const struct route_req *req,
		  const struct cmd_net_show *o, struct nsx_err *err);

#endif
