/* cmd_peer.h - the far ends of veths as link, show and ls print them */
#ifndef NSX_CMD_PEER_H
#define NSX_CMD_PEER_H

#include <stddef.h>

#include "nsx/lib/json.h"
#include "nsx/net/peer.h"

/*
 * peers_find (flags as there), then the containers among the far namespaces named
 * ("docker:web", first), asking the engines only when a far namespace has
 * no netns name and an engine has a container running. A setuid nsx run
 * by a user names no far end: p stays empty and 0 is returned.
 */
int cmd_peer_find(struct nl *nl, const struct link_info *v, size_t n,
		  unsigned flags, struct peers *p, struct nsx_err *err);
/* How the namespace of e is named: "host", "docker:web", "netns:blue",
 * "pid:4242", "net:[4026532278]", "netnsid:3"; "" for the near one. */
const char *cmd_peer_ns_label(const struct peers *p, const struct peer *e,
			      char *buf, size_t size);
/* "eth0@docker:web" (the name alone in the near namespace; "if12@..."
 * when the kernel would not name the far end), or NULL when neither its
 * name nor its namespace is known. */
const char *cmd_peer_label(const struct peers *p, const struct peer *e,
			   char *buf, size_t size);
/* The far end in JSON, under names ip does not use: peer_ifname,
 * peer_master (when asked for), peer_netns {ns, names, pid, host}. */
void cmd_peer_json(struct json *j, const struct peers *p,
		   const struct peer *e);
/* The veths of the network namespace nsfd whose far end is in another,
 * as "eth0->veth78e976d@host", malloc'd into w; how many. */
size_t cmd_peer_lead_out(int nsfd, char **w, size_t max);

#endif
