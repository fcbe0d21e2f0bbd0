/* link_int.h - what the files of `link`'s parser share */
#ifndef NSX_NET_LINK_INT_H
#define NSX_NET_LINK_INT_H

#include "nsx/net/link.h"

/* A keyword after the verb; flags take no value (val is NULL). */
struct word {
	const char *name;
	bool flag;
	int (*take)(struct link_req *r, const char *val, struct nsx_err *err);
};

/* The words add and set share beyond mtu, address and master: txqlen,
 * alias, group, promisc, allmulticast, arp, multicast, up, down, ... */
extern const struct word link_common_words[];

/* show's words: [dev] DEV, type T, master M, nomaster, up, group G. */
int link_parse_show(struct link_req *r, int argc, char **argv,
		    struct nsx_err *err);
/* property add|del dev DEV altname NAME */
int link_parse_prop(struct link_req *r, int argc, char **argv,
		    struct nsx_err *err);

#endif
