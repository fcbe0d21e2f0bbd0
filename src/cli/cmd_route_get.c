/* cmd_route_get.c - nsx route get: the kernel's answer, printed as ip
 * route get prints it, through show's printer */
#include <sys/socket.h>

#include "nsx/cli/cmd_route.h"
#include "nsx/net/addr.h"

int cmd_route_get(struct nl *nl, const struct route_req *req,
		  const struct cmd_net_show *o, struct nsx_err *err)
{
	static const struct route_filter none;
	struct nsx_err lerr = { 0 };
	struct addr_table links;
	struct route_print p;
	struct route_entry e;
	int r = route_get(nl, req, &e, err);
	/* Without the names of links, ip's "ifN". */
	bool named = r == 0 &&
		     addr_dump(nl, "", AF_UNSPEC, false, &links, &lerr) == 0;

	if (r < 0)
		return r;
	route_print_begin(&p, stdout, req->opts.json, o,
			  named ? &links : NULL, &none);
	route_print(&p, &e);
	route_print_end(&p);
	if (named)
		addr_table_free(&links);
	return 0;
}
