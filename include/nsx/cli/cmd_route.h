/* cmd_route.h - what nsx route's files share */
#ifndef NSX_CLI_CMD_ROUTE_H
#define NSX_CLI_CMD_ROUTE_H

#include "nsx/net/route.h"

/* "route get": ask the kernel, print its answer as ip does (text or,
 * with -j, JSON). Returns 0 or -errno with err set. */
int cmd_route_get(struct nl *nl, const struct route_req *req,
		  struct nsx_err *err);

#endif
