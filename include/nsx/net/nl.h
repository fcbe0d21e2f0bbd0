/* nl.h - rtnetlink through libmnl, with a socket bound to a target's netns */
#ifndef NSX_NL_H
#define NSX_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "nsx/target/target.h"
#include "nsx/lib/util.h"

/*
 * What the command layer lets the transport do for its caller. nl.c and
 * the modules on it know nothing of privileges or policy: a setuid nsx's
 * commands pass these, everything else passes NULL.
 *   check  may the caller look at (write false) or change (write true) t?
 *          It may narrow t. Called for every other TARGET a request names
 *          (a veth peer's, a move's); the command checks nl's own.
 *   raise, lower  bracket the socket's creation and every send: rtnetlink
 *          checks the sender's capabilities inside sendmsg.
 */
struct nl_guard {
	int (*check)(struct target *t, bool write, struct nsx_err *err);
	int (*raise)(struct nsx_err *err);
	void (*lower)(void);
};

/*
 * One NETLINK_ROUTE socket created inside a target's network namespace:
 * nsx enters the namespace, creates the socket, and returns to its own,
 * without forking. The socket keeps talking to the namespace it was made in.
 */
struct nl_pipe;

/* Called once per pipelined request when its answer arrives: err is NULL
 * on success, else "<what>: <why>"; tag is nl->tag when it was queued. */
typedef void (*nl_ack_fn)(void *data, int tag, const struct nsx_err *err);
/* Called for each reply message of a pipelined request before its ack. */
typedef void (*nl_reply_fn)(void *data, int tag, const struct nlmsghdr *nlh);
/* Forget what a dump callback has gathered: the dump starts again. */
typedef void (*nl_reset_fn)(void *data);

struct nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;      /* last sequence number used */
	int netns_fd;      /* the namespace's nsfs fd (for IFLA_NET_NS_FD) */
	char label[PATH_MAX + 32];
	char *rbuf;        /* receive buffer, NL_RECV_SIZE bytes */
	const struct nl_guard *guard;  /* NULL: no privileges to mind */
	/* Pipelining, off unless nl_pipeline() was called. */
	bool defer;        /* nl_talk queues plain requests instead of waiting */
	int tag;           /* the caller's label for what it queues now */
	struct nl_pipe *pipe;
};

/* Large enough for the biggest datagram a dump sends (32 KiB). */
#define NL_RECV_SIZE 32768
/* How long a reply may take: the kernel answers at once, and a listing
 * must fail rather than hang. */
#define NL_RECV_TIMEOUT_SEC 10
/* Tries of a dump the kernel reports interrupted (NLM_F_DUMP_INTR). */
#define NL_DUMP_TRIES 4

/* Open a socket in t's network namespace (TARGET_SELF: ours). guard may
 * be NULL. */
int nl_open(struct nl *nl, const struct target *t,
	    const struct nl_guard *guard, struct nsx_err *err);
/* The same in the namespace of nsfs fd nsfd (-1: ours), named label in
 * messages; nsfd is duplicated, the caller keeps its own. */
int nl_open_fd(struct nl *nl, int nsfd, const char *label,
	       const struct nl_guard *guard, struct nsx_err *err);
void nl_close(struct nl *nl);

/* Room for one request: libmnl's MNL_SOCKET_BUFFER_SIZE is a run-time
 * value, and request buffers are zeroed by their initialiser. */
#define NL_MSG_SIZE 8192

/* Start a message in buf: header with type, flags | NLM_F_REQUEST, next
 * sequence number. buf must start zeroed: libmnl does not clear
 * attribute padding, and the kernel must not be sent stale stack bytes.
 * Attributes are added with libmnl's mnl_attr_put_*_check and the
 * buffer's size; a request one did not fit is not sent: nl_full. */
struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint16_t type,
			uint16_t flags);
/* The error of a request that did not fit its buffer: -EMSGSIZE. */
int nl_full(struct nsx_err *err, const char *what);

/*
 * Send one request with NLM_F_ACK and wait for its answer. cb (may be NULL)
 * sees every reply message. A kernel error becomes err: "<what>:
 * <extended ack text or strerror>". A dump goes through nl_dump.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    const char *what, struct nsx_err *err);
/*
 * A dump (NLM_F_DUMP is set here): cb sees every message until
 * NLMSG_DONE. When the kernel says the dump was interrupted by a change,
 * reset(data) forgets what cb gathered and the dump runs again, up to
 * NL_DUMP_TRIES times; then (or at once with no reset) it fails with
 * EINTR and "Dump was interrupted and may be inconsistent.", as ip says.
 */
int nl_dump(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
	    nl_reset_fn reset, void *data, const char *what,
	    struct nsx_err *err);

/* The reading state of one exchange. */
struct nl_xfer {
	uint32_t portid, seq;  /* the answers wanted */
	mnl_cb_t cb;           /* may be NULL */
	void *data;
	const char *what;
	struct nsx_err *err;
	bool intr;             /* NLM_F_DUMP_INTR seen: the rest is dropped */
	int status;            /* set with err when a callback fails */
};
/*
 * nl_talk's reading half, through mnl_cb_run2: the messages of one
 * datagram buf (at most NL_RECV_SIZE bytes) that answer x->seq go to
 * x->cb, except after an interruption. Returns 1 once an NLMSG_DONE or
 * ack ends the exchange (x->intr says whether it was interrupted), 0
 * when more is to come, <0 on a kernel error or a failed cb (x->err set).
 */
int nl_reply(struct nl_xfer *x, const void *buf, size_t len);

/*
 * Pipelining. After nl_pipeline(), while nl->defer is true, nl_talk with
 * no cb on a request that is not a dump only queues it (several requests
 * share one sendmsg) and returns 0; its reply messages reach on_reply
 * (may be NULL) and its answer on_ack later, tagged with nl->tag. A
 * nl_talk that needs replies first waits for every answer outstanding. At
 * most NL_INFLIGHT requests are unanswered at once, so the acks always
 * fit in the receive buffer.
 */
#define NL_INFLIGHT 64
int nl_pipeline(struct nl *nl, nl_ack_fn on_ack, nl_reply_fn on_reply,
		void *data, struct nsx_err *err);
/*
 * nl_talk's pipelined form for a request the kernel answers with exactly
 * one message, its reply or an error (a get that is not a dump): no ack
 * is asked, so the reply alone ends it, reaching on_reply, then on_ack.
 * Unpipelined, the same as nl_talk.
 */
int nl_ask(struct nl *nl, struct nlmsghdr *req, const char *what,
	   struct nsx_err *err);
/* Send what is queued without waiting: rtnetlink acts on a request
 * while it is being sent, so after this the kernel has done them all. */
int nl_flush(struct nl *nl, struct nsx_err *err);
/* Send what is queued and wait for every outstanding answer. */
int nl_sync(struct nl *nl, struct nsx_err *err);
/* Requests queued or sent whose answers have not arrived. */
unsigned nl_pending(const struct nl *nl);

#endif
