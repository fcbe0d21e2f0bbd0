/* nl.h - rtnetlink through libmnl, with a socket bound to a target's netns */
#ifndef NSX_NL_H
#define NSX_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "nsx/target.h"
#include "nsx/util.h"

/*
 * One NETLINK_ROUTE socket created inside a target's network namespace:
 * nsx enters the namespace, creates the socket, and returns to its own,
 * without forking. The socket keeps talking to the namespace it was made in.
 */
struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;      /* last sequence number used */
	int netns_fd;      /* the namespace's nsfs fd (for IFLA_NET_NS_FD) */
	char label[PATH_MAX + 32];
};

/* Open a socket in t's network namespace (TARGET_SELF: ours). */
int nl_open(struct nl *nl, const struct target *t, struct nsx_err *err);
void nl_close(struct nl *nl);

/* Start a message in buf (MNL_SOCKET_BUFFER_SIZE bytes): header with type,
 * flags | NLM_F_REQUEST, next sequence number. */
struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint16_t type,
			uint16_t flags);

/*
 * Send one request with NLM_F_ACK and wait for its answer. cb (may be NULL)
 * sees every reply message; for dumps (NLM_F_DUMP) it runs until NLMSG_DONE.
 * A kernel error becomes err: "<what>: <extended ack text or strerror>".
 */
int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    const char *what, struct nsx_err *err);

#endif
