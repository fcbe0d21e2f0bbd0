/* nl.c - rtnetlink sockets made inside a target's netns, acks, dumps */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>

#include "nsx/net/nl.h"
#include "nsx/lib/ns.h"
#include "nl_int.h"

static void nl_tune(struct nl *nl)
{
	struct timeval limit = { .tv_sec = NL_RECV_TIMEOUT_SEC };
	int fd = mnl_socket_get_fd(nl->sock), one = 1, rcv = 1 << 20;

	/* The kernel's reasons ("Unknown device type") instead of a bare
	 * errno, and acks without a copy of the request. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for every ack of a full pipeline; FORCE needs CAP_NET_ADMIN,
	 * which nsx has whenever it may change links at all. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	/* An answer that never comes is an error, not a command that hangs. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
}

static int nl_raise(const struct nl *nl, struct nsx_err *err)
{
	return nl->guard && nl->guard->raise ? nl->guard->raise(err) : 0;
}

static void nl_lower(const struct nl *nl)
{
	if (nl->guard && nl->guard->lower)
		nl->guard->lower();
}

static int nl_socket_open(void *data, struct nsx_err *err)
{
	struct mnl_socket **sock = data;

	*sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	return *sock ? 0 : nsx_fail(err, errno, "netlink socket");
}

/* Create the socket in the namespace of fd (-1: ours), and come back to
 * ours: the one place nsx steps into a network namespace for netlink. */
static struct mnl_socket *nl_socket_in(int netns_fd, struct nsx_err *err)
{
	struct mnl_socket *sock = NULL;
	int r;

	if (netns_fd < 0 || ns_fd_is_self(netns_fd, NS_NET))
		r = nl_socket_open(&sock, err);
	else
		r = ns_visit(netns_fd, NS_NET, nl_socket_open, &sock, err);
	if (r < 0 && sock)
		mnl_socket_close(sock); /* made there, but we did not return */
	return r < 0 ? NULL : sock;
}

/* nl->netns_fd and nl->label are set: make the socket. */
static int nl_start(struct nl *nl, struct nsx_err *err)
{
	int r;

	nl->rbuf = malloc(NL_RECV_SIZE);
	if (!nl->rbuf)
		return nsx_fail(err, ENOMEM, "netlink buffer");
	r = nl_raise(nl, err);
	if (r < 0)
		return r;
	nl->sock = nl_socket_in(nl->netns_fd, err);
	nl_lower(nl);
	if (!nl->sock)
		return nsx_wrap(err, "%s", nl->label);
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return nsx_fail(err, errno, "%s: netlink bind", nl->label);
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl_tune(nl);
	return 0;
}

int nl_open(struct nl *nl, const struct target *t,
	    const struct nl_guard *guard, struct nsx_err *err)
{
	int r;

	*nl = (struct nl){ .netns_fd = -1, .guard = guard };
	snprintf(nl->label, sizeof(nl->label), "%s", t->label);
	r = target_open_ns(t, NS_NET, err);
	if (r < 0)
		return r;
	nl->netns_fd = r;
	r = nl_start(nl, err);
	if (r < 0)
		nl_close(nl);
	return r;
}

int nl_open_fd(struct nl *nl, int nsfd, const char *label,
	       const struct nl_guard *guard, struct nsx_err *err)
{
	int r;

	*nl = (struct nl){ .netns_fd = -1, .guard = guard };
	snprintf(nl->label, sizeof(nl->label), "%s", label);
	if (nsfd >= 0) {
		nl->netns_fd = fcntl(nsfd, F_DUPFD_CLOEXEC, 3);
		if (nl->netns_fd < 0)
			return nsx_fail(err, errno, "%s", label);
	}
	r = nl_start(nl, err);
	if (r < 0)
		nl_close(nl);
	return r;
}

void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
	closep(&nl->netns_fd);
	nl->netns_fd = -1;
	free(nl->rbuf);
	nl->rbuf = NULL;
	if (nl->pipe)
		free(nl->pipe->sbuf);
	free(nl->pipe);
	nl->pipe = NULL;
}

struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint16_t type,
			uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

int nl_full(struct nsx_err *err, const char *what)
{
	return nsx_fail(err, EMSGSIZE, "%s", what);
}

static int nl_ext_msg_cb(const struct nlattr *attr, void *data)
{
	const char **msg = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		*msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

/* The extended ack text of an NLMSG_ERROR or NLMSG_DONE, or NULL. */
static const char *nl_ext_msg(const struct nlmsghdr *nlh)
{
	const char *msg = NULL;
	size_t off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int);
	} else {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*e))
			return NULL;
		off = sizeof(*e);
		/* The copy of the request: its length is the sender's, and
		 * is checked against the payload below. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < sizeof(e->msg))
				return NULL;
			off += e->msg.nlmsg_len - sizeof(e->msg);
		}
	}
	if (MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return NULL;
	mnl_attr_parse(nlh, (unsigned)MNL_ALIGN(off), nl_ext_msg_cb, &msg);
	return msg && msg[0] ? msg : NULL;
}

/* The error carried by an NLMSG_ERROR or NLMSG_DONE (0 for an ack). */
int nl_msg_error(const struct nlmsghdr *nlh)
{
	const int *e = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
		return -EBADMSG;
	/* The kernel sends -errno (MAX_ERRNO is 4095); anything else is a
	 * broken reply, and INT_MIN could not even be negated. */
	if (*e < -4095 || *e > 4095)
		return -EPROTO;
	return *e > 0 ? -*e : *e;
}

int nl_fail_kernel(struct nsx_err *err, const struct nlmsghdr *nlh,
		   int error, const char *what)
{
	const char *text = nl_ext_msg(nlh);
	int r = text ? nsx_failx(err, -error, "%s: %s", what, text)
		     : nsx_fail(err, -error, "%s", what);

	err->kernel = true;
	return r;
}

ssize_t nl_recv(struct nl *nl, struct nsx_err *err)
{
	ssize_t n;

	do
		n = mnl_socket_recvfrom(nl->sock, nl->rbuf, NL_RECV_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ENOBUFS)
		return nsx_failx(err, ENOBUFS, "%s: netlink answers lost "
				 "(receive buffer overrun)", nl->label);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return nsx_failx(err, ETIMEDOUT, "%s: no netlink answer in %d "
				 "seconds", nl->label, NL_RECV_TIMEOUT_SEC);
	if (n < 0)
		return nsx_fail(err, errno, "%s: netlink receive", nl->label);
	return n;
}

/*
 * mnl_nlmsg_ok, and a length that fits in what is left: libmnl 1.0.4
 * compares nlmsg_len as an int, so one of 2 GiB or more passed its check
 * and mnl_nlmsg_next stepped 4 GiB past the buffer.
 */
bool nl_msg_ok(const struct nlmsghdr *nlh, int left)
{
	return mnl_nlmsg_ok(nlh, left) && nlh->nlmsg_len <= (uint32_t)left;
}

/* ---- reading one exchange through mnl_cb_run2 ---- */

/* A message of another exchange (an abandoned dump's tail) is skipped. */
static bool nl_ours(const struct nl_xfer *x, const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_seq == x->seq;
}

static int nl_cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct nl_xfer *x = data;
	int r;

	/* After an interruption, what follows is read only to reach the
	 * end: the caller starts the dump again. */
	if (!nl_ours(x, nlh) || x->intr || !x->cb)
		return MNL_CB_OK;
	errno = 0;
	r = x->cb(nlh, x->data);
	if (r == MNL_CB_ERROR)
		x->status = nsx_fail(x->err, errno ? errno : EPROTO, "%s",
				     x->what);
	return r == MNL_CB_ERROR ? MNL_CB_ERROR : MNL_CB_OK;
}

static int nl_cb_noop(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_OK;
}

/* NLMSG_ERROR (an ack or an error) and NLMSG_DONE end the exchange. */
static int nl_cb_end(const struct nlmsghdr *nlh, void *data)
{
	struct nl_xfer *x = data;
	int e;

	if (!nl_ours(x, nlh))
		return MNL_CB_OK;
	e = nl_msg_error(nlh);
	if (e < 0) {
		x->status = nl_fail_kernel(x->err, nlh, e, x->what);
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int nl_cb_overrun(const struct nlmsghdr *nlh, void *data)
{
	struct nl_xfer *x = data;

	if (!nl_ours(x, nlh))
		return MNL_CB_OK;
	x->status = nsx_failx(x->err, EOVERFLOW, "%s: netlink overrun",
			      x->what);
	return MNL_CB_ERROR;
}

static mnl_cb_t nl_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = nl_cb_noop,
	[NLMSG_ERROR] = nl_cb_end,
	[NLMSG_DONE] = nl_cb_end,
	[NLMSG_OVERRUN] = nl_cb_overrun,
};

int nl_reply(struct nl_xfer *x, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int start = len > NL_RECV_SIZE ? NL_RECV_SIZE : (int)len;
	int left = start, r;
	size_t whole;
	bool flagged = false;

	/* Walk the datagram first: only whole messages go to libmnl, and
	 * an interrupted dump is told from a failure (mnl_cb_run2 stops at
	 * NLM_F_DUMP_INTR with EINTR, before the messages after it). */
	for (; nl_msg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (!(nlh->nlmsg_flags & NLM_F_DUMP_INTR))
			continue;
		flagged = true;
		if (nl_ours(x, nlh))
			x->intr = true;
	}
	/* The last message may lack its padding: left is then below 0. */
	whole = (size_t)(start - (left > 0 ? left : 0));
	if (flagged) {
		/* Nothing of it is kept: look only for the end. */
		nlh = buf;
		left = (int)whole;
		for (; nl_msg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type != NLMSG_ERROR &&
			    nlh->nlmsg_type != NLMSG_DONE)
				continue;
			r = nl_cb_end(nlh, x);
			if (r != MNL_CB_OK)
				return r == MNL_CB_STOP ? 1 : x->status;
		}
		return 0;
	}
	x->status = 0;
	r = mnl_cb_run2(buf, whole, 0, x->portid, nl_cb_data, x,
			nl_ctl, ARRAY_SIZE(nl_ctl));
	if (r == MNL_CB_ERROR)
		return x->status < 0 ? x->status
				     : nsx_fail(x->err, errno, "%s", x->what);
	return r == MNL_CB_STOP ? 1 : 0;
}

static int nl_wait(struct nl *nl, struct nl_xfer *x)
{
	for (;;) {
		ssize_t n = nl_recv(nl, x->err);
		int r;

		if (n < 0)
			return (int)n;
		r = nl_reply(x, nl->rbuf, (size_t)n);
		if (r != 0)
			return r < 0 ? r : 0;
	}
}

/* rtnetlink handles a request inside sendmsg and checks the capabilities
 * of the sender: the command's guard brackets exactly that call. */
ssize_t nl_send(struct nl *nl, const void *buf, size_t len)
{
	struct nsx_err ignored;
	ssize_t n;
	int e;

	if (nl_raise(nl, &ignored) < 0) {
		errno = EPERM;
		return -1;
	}
	n = mnl_socket_sendto(nl->sock, buf, len);
	e = errno;
	nl_lower(nl);
	errno = e;
	return n;
}

/* Send req (waiting first for answers outstanding) and read its answer. */
static int nl_exchange(struct nl *nl, struct nlmsghdr *req,
		       struct nl_xfer *x)
{
	int r;

	/* Replies must not mix with outstanding acks. */
	if (nl->pipe && nl_pending(nl)) {
		r = nl_sync(nl, x->err);
		if (r < 0)
			return r;
	}
	if (nl_send(nl, req, req->nlmsg_len) < 0)
		return nsx_fail(x->err, errno, "%s: netlink send", x->what);
	return nl_wait(nl, x);
}

int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    const char *what, struct nsx_err *err)
{
	struct nl_xfer x = { .portid = nl->portid, .seq = req->nlmsg_seq,
			     .cb = cb, .data = data, .what = what, .err = err };

	if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return nl_dump(nl, req, cb, NULL, data, what, err);
	req->nlmsg_flags |= NLM_F_ACK;
	if (nl->pipe && nl->defer && !cb)
		return nl_queue(nl, req, what, err);
	return nl_exchange(nl, req, &x);
}

int nl_dump(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
	    nl_reset_fn reset, void *data, const char *what,
	    struct nsx_err *err)
{
	req->nlmsg_flags |= NLM_F_DUMP;
	for (int tries = 1;; tries++) {
		struct nl_xfer x = { .portid = nl->portid,
				     .seq = req->nlmsg_seq, .cb = cb,
				     .data = data, .what = what, .err = err };
		int r = nl_exchange(nl, req, &x);

		if (r < 0 || !x.intr)
			return r;
		/* A link or address changed while the kernel was walking
		 * its list: what cb has may miss some or hold stale ones. */
		if (!reset || tries == NL_DUMP_TRIES)
			return nsx_failx(err, EINTR, "%s: Dump was interrupted "
					 "and may be inconsistent.", what);
		reset(data);
		req->nlmsg_seq = ++nl->seq;
	}
}
