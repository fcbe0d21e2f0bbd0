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
struct nl_pipe;

/* Called once per pipelined request when its answer arrives: err is NULL
 * on success, else "<what>: <why>"; tag is nl->tag when it was queued. */
typedef void (*nl_ack_fn)(void *data, int tag, const struct nsx_err *err);

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;      /* last sequence number used */
	int netns_fd;      /* the namespace's nsfs fd (for IFLA_NET_NS_FD) */
	char label[PATH_MAX + 32];
	char *rbuf;        /* receive buffer, NL_RECV_SIZE bytes */
	/* Pipelining, off unless nl_pipeline() was called. */
	bool defer;        /* nl_talk queues plain requests instead of waiting */
	int tag;           /* the caller's label for what it queues now */
	struct nl_pipe *pipe;
};

/* Large enough for the biggest datagram a dump sends (32 KiB). */
#define NL_RECV_SIZE 32768

/* Open a socket in t's network namespace (TARGET_SELF: ours). */
int nl_open(struct nl *nl, const struct target *t, struct nsx_err *err);
/*
 * The same for a command: a setuid nsx first asks the policy whether the
 * caller may look at (write false) or change (write true) t's links, which
 * may narrow t to the namespace checked, then makes the socket with the
 * capabilities the grant allows. The socket keeps those credentials, so
 * this is the only way commands open one.
 */
int nl_open_checked(struct nl *nl, struct target *t, bool write,
		    struct nsx_err *err);
void nl_close(struct nl *nl);

/* Room for one request: libmnl's MNL_SOCKET_BUFFER_SIZE is a run-time
 * value, and request buffers are zeroed by their initialiser. */
#define NL_MSG_SIZE 8192

/* Start a message in buf (NL_MSG_SIZE bytes): header with type,
 * flags | NLM_F_REQUEST, next sequence number. buf must start zeroed:
 * libmnl does not clear attribute padding, and the kernel must not be
 * sent stale stack bytes. */
struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint16_t type,
			uint16_t flags);

/*
 * Send one request with NLM_F_ACK and wait for its answer. cb (may be NULL)
 * sees every reply message; for dumps (NLM_F_DUMP) it runs until NLMSG_DONE.
 * A kernel error becomes err: "<what>: <extended ack text or strerror>".
 */
int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    const char *what, struct nsx_err *err);

/*
 * nl_talk's reading half: the messages of one datagram buf (at most
 * NL_RECV_SIZE bytes) that answer request seq of portid go to cb, as in
 * nl_talk. Returns 1 once an NLMSG_DONE or ack ends the exchange, 0 when
 * more is to come, <0 on a kernel error or a failed cb (err set).
 */
int nl_reply(const void *buf, size_t len, uint32_t portid, uint32_t seq,
	     mnl_cb_t cb, void *data, const char *what, struct nsx_err *err);

/*
 * Pipelining. After nl_pipeline(), while nl->defer is true, nl_talk with
 * no cb on a request that is not a dump only queues it (several requests
 * share one sendmsg) and returns 0; its answer reaches on_ack later,
 * tagged with nl->tag. A nl_talk that needs replies first waits for every
 * answer outstanding. At most NL_INFLIGHT requests are unanswered at once,
 * so the acks always fit in the receive buffer.
 */
#define NL_INFLIGHT 64
int nl_pipeline(struct nl *nl, nl_ack_fn on_ack, void *data,
		struct nsx_err *err);
/* Send what is queued without waiting: rtnetlink acts on a request
 * while it is being sent, so after this the kernel has done them all. */
int nl_flush(struct nl *nl, struct nsx_err *err);
/* Send what is queued and wait for every outstanding answer. */
int nl_sync(struct nl *nl, struct nsx_err *err);
/* Requests queued or sent whose answers have not arrived. */
unsigned nl_pending(const struct nl *nl);

#endif
