/* nl_int.h - what nl.c and nl_pipe.c share of the netlink module */
#ifndef NSX_NL_INT_H
#define NSX_NL_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "nsx/net/nl.h"

/* Coalesced requests are sent once this much is queued. */
#define NL_SEND_SIZE 65536

struct nl_pending {
	uint32_t seq;
	int tag;
	bool lone;       /* its reply is the whole answer: no ack asked */
	char what[128];
};

struct nl_pipe {
	nl_ack_fn on_ack;
	nl_reply_fn on_reply;
	void *data;
	char *sbuf;                     /* queued, not sent yet */
	size_t slen;
	unsigned unsent;                /* requests in sbuf */
	struct nl_pending ring[NL_INFLIGHT];
	unsigned head, count;           /* FIFO of unanswered requests */
};

/* Send len bytes, inside the guard's raise and lower. -1 and errno. */
ssize_t nl_send(struct nl *nl, const void *buf, size_t len);
/* One datagram into nl->rbuf; its length, or -errno (err set). */
ssize_t nl_recv(struct nl *nl, struct nsx_err *err);
/* A whole message at nlh within left bytes (libmnl's check, and more). */
bool nl_msg_ok(const struct nlmsghdr *nlh, int left);
/* The error an NLMSG_ERROR or NLMSG_DONE carries: 0 for an ack, -errno. */
int nl_msg_error(const struct nlmsghdr *nlh);
/* err from the kernel's error and its extended-ack text; returns -errno. */
int nl_fail_kernel(struct nsx_err *err, const struct nlmsghdr *nlh, int error,
		   const char *what);
/* Queue req on the pipeline (nl_talk while nl->defer). */
int nl_queue(struct nl *nl, struct nlmsghdr *req, const char *what,
	     struct nsx_err *err);

#endif
