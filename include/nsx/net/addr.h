/* addr.h - IPv4 and IPv6 addresses inside a target, through rtnetlink */
#ifndef NSX_ADDR_H
#define NSX_ADDR_H

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsx/net/inet.h"
#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/net/words.h"
#include "nsx/lib/util.h"


enum addr_op { ADDR_SHOW, ADDR_ADD, ADDR_DEL, ADDR_FLUSH };

/* One "addr" request, as parsed from a command line or a batch line. */
struct addr_req {
	struct net_opts opts;
	struct inet_prefix local; /* ADD, DEL */
	enum addr_op op;
	char dev[IFNAMSIZ];       /* "" (SHOW only): every link */
	int family;               /* -4/-6: SHOW and FLUSH only that family */
	bool nodad;               /* ADD: IPv6 address usable at once */
};

/*
 * Parse an addr command line: argv[0] is "addr", then options (-t, -j,
 * -o, -4, -6, -h) and iproute2's words ("add 10.1.1.1/24 dev veth0");
 * no verb means show. Does no I/O; the request keeps no pointer into argv.
 * Returns 0; -NSX_EUSAGE for an unknown, unexpected or missing word (the
 * closest verb suggested); -EINVAL for a bad value, err naming it.
 */
int addr_cmd_parse(int argc, char **argv, struct addr_req *req,
		   struct nsx_err *err);

/*
 * Carry out a request against nl's namespace (the socket of
 * req->opts.target); SHOW prints on stdout as text or, with -j,
 * iproute2's JSON (this one lives in cmd_addr.c, since commands own
 * output). Returns 0 or -errno with err set.
 */
int addr_cmd_run(struct nl *nl, const struct addr_req *req,
		 struct nsx_err *err);

/* ADD, DEL or FLUSH (no output). */
int addr_apply(struct nl *nl, const struct addr_req *req,
	       struct nsx_err *err);

/* Add or delete one address on a link known by index (dev: for messages). */
int addr_change(struct nl *nl, bool add, int ifindex, const char *dev,
		const struct inet_prefix *p, bool nodad, struct nsx_err *err);

/* Index of link dev in nl's namespace; "dev X: no such device" if none. */
int addr_dev_index(struct nl *nl, const char *dev, int *ifindex,
		   struct nsx_err *err);

/* A link (as link_list reports it) with its addresses. */
struct addr_link {
	struct link_info li;
	struct addr_entry *addrs;
	size_t n_addrs;
};

/* One address as the kernel reports it. */
struct addr_entry {
	struct inet_prefix local;
	struct inet_prefix peer;    /* IFA_ADDRESS when it differs */
	struct inet_prefix brd;     /* family 0 when none */
	uint8_t scope;
	uint32_t flags;             /* IFA_F_* */
	uint32_t valid_lft, preferred_lft;
	char label[IFNAMSIZ];
	uint32_t metric;            /* IFA_RT_PRIORITY, with has_metric */
	bool has_metric;
};

struct addr_table {
	struct addr_link *links;
	size_t n;
	int only; /* the ifindex of dev when one was asked for, else 0 */
};

/*
 * Every link of nl's namespace in ifindex order, each with its addresses
 * of the given family (AF_UNSPEC: both); with dev not "", only dev has
 * addresses and tab->only is its index (-ENODEV if there is none).
 * with_addrs false skips the address dump (link names for routes).
 */
int addr_dump(struct nl *nl, const char *dev, int family, bool with_addrs,
	      struct addr_table *tab, struct nsx_err *err);
void addr_table_free(struct addr_table *tab);

/*
 * addr_dump in parts, for replies read elsewhere. First the links of a
 * link dump go into tab, in ifindex order (with dev not "", tab->only is
 * its index, -ENODEV naming label when there is no such link; on error
 * addr_table_free(tab) all the same); then addr_dump_cb, an mnl_cb_t,
 * adds the address of each RTM_NEWADDR message to its link.
 */
int addr_table_set_links(struct addr_table *tab, const struct link_info *list,
			 size_t n, const char *dev, const char *label,
			 struct nsx_err *err);
struct addr_dump_ctx {
	struct addr_table *tab;
	int family;       /* keep this family only; AF_UNSPEC: both */
};
int addr_dump_cb(const struct nlmsghdr *nlh, void *data);
/* nl_reset_fn: drop the addresses gathered, keep the links. */
void addr_dump_reset(void *data);
/* The link with this index in tab, or NULL. */
const struct addr_link *addr_table_find(const struct addr_table *tab,
					int ifindex);

/* Names for messages and output: "inet", "inet6"; "global", "link"... */
const char *addr_family_name(int family);
const char *addr_scope_name(uint8_t scope, char *buf, size_t size);

#endif
