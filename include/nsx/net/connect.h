/* connect.h - wire two targets, or a target and a bridge, as one transaction */
#ifndef NSX_CONNECT_H
#define NSX_CONNECT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "nsx/net/addr.h"
#include "nsx/net/nl.h"
#include "nsx/lib/util.h"

/* What to build; names left "" are chosen and written back by connect_run. */
struct connect_req {
	char a[256];               /* TARGET A ("" : the caller's namespace) */
	char b[256];               /* TARGET B; "" with bridge */
	char bridge[IFNAMSIZ];     /* a bridge in the caller's namespace */
	char name[IFNAMSIZ];       /* the end in A */
	char peer_name[IFNAMSIZ];  /* the end in B, or on the bridge */
	struct inet_prefix addr, peer_addr, gw;
	bool has_addr, has_peer_addr, has_gw;
	uint32_t mtu;              /* 0: the kernel's default */
	/* Filled by connect_run, for the report line. */
	char a_label[PATH_MAX + 32], b_label[PATH_MAX + 32];
};

/* Check the request on its own (no I/O): names, families, combinations. */
int connect_check(const struct connect_req *req, struct nsx_err *err);

/*
 * Build it: one veth made with each end already in its namespace, the
 * bridge port, addresses, links up, the default route. Every step taken
 * is undone, in reverse, when a later one fails, so a failure leaves
 * nothing behind; err then says which step failed (and any undo that
 * could not be done). Returns 0 or -errno.
 */
int connect_run(struct connect_req *req, const struct nl_guard *guard,
		struct nsx_err *err);

#endif
