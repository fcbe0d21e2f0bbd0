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

/* IFLA_LINKINFO of r (kind, and its data or a veth's peer) into h. */
bool link_put_linkinfo(struct nlmsghdr *h, const struct link_req *r,
		       int peer_ns, int lower);
/* Flags, mtu, address, txqlen, alias, group, queues of r into h. */
bool link_put_common(struct nlmsghdr *h, const struct link_req *r);
/* Does an add of r's kind carry IFLA_INFO_DATA? */
bool link_put_has_data(const struct link_req *r);

#endif
