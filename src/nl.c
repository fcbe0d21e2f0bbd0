/* nl.c - rtnetlink sockets made inside a target's netns, acks, dumps */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "nsx/nl.h"
#include "nsx/privs.h"
#include "nsx/ns.h"

/* Coalesced requests are sent once this much is queued. */
#define NL_SEND_SIZE 65536

struct nl_pending {
	uint32_t seq;
	int tag;
	char what[128];
};

struct nl_pipe {
	nl_ack_fn on_ack;
	void *data;
	char *sbuf;                     /* queued, not sent yet */
	size_t slen;
	unsigned unsent;                /* requests in sbuf */
	struct nl_pending ring[NL_INFLIGHT];
	unsigned head, count;           /* FIFO of unanswered requests */
};

static void nl_tune(struct nl *nl)
{
	int fd = mnl_socket_get_fd(nl->sock), one = 1, rcv = 1 << 20;

	/* The kernel's reasons ("Unknown device type") instead of a bare
	 * errno, and acks without a copy of the request. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for every ack of a full pipeline; FORCE needs CAP_NET_ADMIN,
	 * which nsx has whenever it may change links at all. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
}

/* Create the socket in the namespace of fd, and come back to ours. */
static struct mnl_socket *nl_socket_in(int netns_fd, struct nsx_err *err)
{
	_cleanup_close_ int own = -1;
	struct mnl_socket *sock;
	int saved;

	if (ns_fd_is_self(netns_fd, NS_NET)) {
		sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
		if (!sock)
			nsx_fail(err, errno, "netlink socket");
		return sock;
	}
	own = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (own < 0) {
		nsx_fail(err, errno, "open own network namespace");
		return NULL;
	}
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		nsx_fail(err, errno, "enter network namespace");
		return NULL;
	}
	sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	saved = errno;
	/* Staying in the target's namespace would make every later step
	 * act on the wrong host: this must not fail quietly. */
	if (setns(own, CLONE_NEWNET) < 0) {
		if (sock)
			mnl_socket_close(sock);
		nsx_fail(err, errno, "return to own network namespace");
		return NULL;
	}
	if (!sock)
		nsx_fail(err, saved, "netlink socket");
	return sock;
}

int nl_open(struct nl *nl, const struct target *t, struct nsx_err *err)
{
	int r;

	*nl = (struct nl){ .netns_fd = -1 };
	snprintf(nl->label, sizeof(nl->label), "%s", t->label);
	r = target_open_ns(t, NS_NET, err);
	if (r < 0)
		return r;
	nl->netns_fd = r;
	nl->rbuf = malloc(NL_RECV_SIZE);
	if (!nl->rbuf) {
		nl_close(nl);
		return nsx_fail(err, ENOMEM, "netlink buffer");
	}
	nl->sock = nl_socket_in(nl->netns_fd, err);
	if (!nl->sock) {
		nl_close(nl);
		return nsx_wrap(err, "%s", t->label);
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = nsx_fail(err, errno, "%s: netlink bind", t->label);
		nl_close(nl);
		return r;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl_tune(nl);
	return 0;
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
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(e->msg);
	}
	if (MNL_ALIGN(off) > mnl_nlmsg_get_payload_len(nlh))
		return NULL;
	mnl_attr_parse(nlh, (unsigned)MNL_ALIGN(off), nl_ext_msg_cb, &msg);
	return msg && msg[0] ? msg : NULL;
}

/* The error carried by an NLMSG_ERROR or NLMSG_DONE (0 for an ack). */
static int nl_msg_error(const struct nlmsghdr *nlh)
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

static int nl_fail_kernel(struct nsx_err *err, const struct nlmsghdr *nlh,
			  int error, const char *what)
{
	const char *text = nl_ext_msg(nlh);

	if (text)
		return nsx_failx(err, -error, "%s: %s", what, text);
	return nsx_fail(err, -error, "%s", what);
}

static ssize_t nl_recv(struct nl *nl, struct nsx_err *err)
{
	ssize_t n;

	do
		n = mnl_socket_recvfrom(nl->sock, nl->rbuf, NL_RECV_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == ENOBUFS)
		return nsx_failx(err, ENOBUFS, "%s: netlink answers lost "
				 "(receive buffer overrun)", nl->label);
	if (n < 0)
		return nsx_fail(err, errno, "%s: netlink receive", nl->label);
	return n;
}

/* 1: the exchange is over, 0: read on, <0: error (err set). */
static int nl_handle(const struct nlmsghdr *nlh, uint32_t seq, mnl_cb_t cb,
		     void *data, const char *what, struct nsx_err *err)
{
	int r;

	if (nlh->nlmsg_seq != seq)
		return 0; /* a late answer to an abandoned dump */
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 0;
	case NLMSG_OVERRUN:
		return nsx_failx(err, EOVERFLOW, "%s: netlink overrun", what);
	case NLMSG_ERROR:
	case NLMSG_DONE:
		r = nl_msg_error(nlh);
		if (r < 0)
			return nl_fail_kernel(err, nlh, r, what);
		return 1;
	}
	if (!cb)
		return 0;
	errno = 0;
	r = cb(nlh, data);
	if (r == MNL_CB_ERROR)
		return nsx_fail(err, errno ? errno : EPROTO, "%s", what);
	return 0;
}

/*
 * mnl_nlmsg_ok, and a length that fits in what is left: libmnl 1.0.4
 * compares nlmsg_len as an int, so one of 2 GiB or more passed its check
 * and mnl_nlmsg_next stepped 4 GiB past the buffer.
 */
static bool nl_msg_ok(const struct nlmsghdr *nlh, int left)
{
	return mnl_nlmsg_ok(nlh, left) && nlh->nlmsg_len <= (uint32_t)left;
}

int nl_reply(const void *buf, size_t len, uint32_t portid, uint32_t seq,
	     mnl_cb_t cb, void *data, const char *what, struct nsx_err *err)
{
	const struct nlmsghdr *nlh = buf;
	int left = len > NL_RECV_SIZE ? NL_RECV_SIZE : (int)len, r;

	for (; nl_msg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_pid && nlh->nlmsg_pid != portid)
			continue;
		r = nl_handle(nlh, seq, cb, data, what, err);
		if (r != 0)
			return r;
	}
	return 0;
}

static int nl_wait(struct nl *nl, uint32_t seq, mnl_cb_t cb, void *data,
		   const char *what, struct nsx_err *err)
{
	for (;;) {
		ssize_t n = nl_recv(nl, err);
		int r;

		if (n < 0)
			return (int)n;
		r = nl_reply(nl->rbuf, (size_t)n, nl->portid, seq, cb, data,
			     what, err);
		if (r != 0)
			return r < 0 ? r : 0;
	}
}

static int nl_queue(struct nl *nl, struct nlmsghdr *req, const char *what,
		    struct nsx_err *err);

/*
 * rtnetlink handles a request inside sendmsg and checks the capabilities
 * of both the socket's opener and the sender: a setuid nsx holds what its
 * grant allows in effect for exactly that call. Elsewhere this is a send.
 */
static ssize_t nl_send(struct nl *nl, const void *buf, size_t len)
{
	struct nsx_err ignored;
	ssize_t n;
	int e;

	if (privs_raise(&ignored) < 0) {
		errno = EPERM;
		return -1;
	}
	n = mnl_socket_sendto(nl->sock, buf, len);
	e = errno;
	privs_lower();
	errno = e;
	return n;
}

int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data,
	    const char *what, struct nsx_err *err)
{
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	int r;

	if (!dump)
		req->nlmsg_flags |= NLM_F_ACK;
	if (nl->pipe && nl->defer && !cb && !dump)
		return nl_queue(nl, req, what, err);
	/* Replies must not mix with outstanding acks. */
	if (nl->pipe && nl_pending(nl)) {
		r = nl_sync(nl, err);
		if (r < 0)
			return r;
	}
	if (nl_send(nl, req, req->nlmsg_len) < 0)
		return nsx_fail(err, errno, "%s: netlink send", what);
	return nl_wait(nl, req->nlmsg_seq, cb, data, what, err);
}

/* ---- pipelining ---- */

int nl_pipeline(struct nl *nl, nl_ack_fn on_ack, void *data,
		struct nsx_err *err)
{
	if (!nl->pipe) {
		nl->pipe = calloc(1, sizeof(*nl->pipe));
		if (!nl->pipe)
			return nsx_fail(err, ENOMEM, "netlink pipeline");
		nl->pipe->sbuf = malloc(NL_SEND_SIZE);
		if (!nl->pipe->sbuf) {
			free(nl->pipe);
			nl->pipe = NULL;
			return nsx_fail(err, ENOMEM, "netlink pipeline");
		}
	}
	nl->pipe->on_ack = on_ack;
	nl->pipe->data = data;
	return 0;
}

unsigned nl_pending(const struct nl *nl)
{
	return nl->pipe ? nl->pipe->count : 0;
}

int nl_flush(struct nl *nl, struct nsx_err *err)
{
	struct nl_pipe *p = nl->pipe;

	if (!p || !p->slen)
		return 0;
	/* rtnetlink handles every message of the datagram in this call;
	 * when the send fails, none of them reached it. */
	if (nl_send(nl, p->sbuf, p->slen) < 0) {
		nsx_fail(err, errno, "%s: netlink send", nl->label);
		for (; p->unsent; p->unsent--) {
			p->count--;
			if (p->on_ack)
				p->on_ack(p->data,
					  p->ring[(p->head + p->count) %
						  NL_INFLIGHT].tag, err);
		}
		p->slen = 0;
		return -err->code;
	}
	p->slen = 0;
	p->unsent = 0;
	return 0;
}

/* Deliver answers until at most keep requests remain unanswered. */
static int nl_collect(struct nl *nl, unsigned keep, struct nsx_err *err)
{
	struct nl_pipe *p = nl->pipe;
	struct nsx_err kerr;

	while (p->count > keep) {
		ssize_t n = nl_recv(nl, err);
		const struct nlmsghdr *nlh = (const void *)nl->rbuf;
		int left = (int)n;

		if (n < 0)
			return (int)n;
		for (; nl_msg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
			struct nl_pending *q = &p->ring[p->head];
			int e;

			if (nlh->nlmsg_type != NLMSG_ERROR || !p->count ||
			    nlh->nlmsg_seq != q->seq)
				continue;
			e = nl_msg_error(nlh);
			if (e < 0)
				nl_fail_kernel(&kerr, nlh, e, q->what);
			p->head = (p->head + 1) % NL_INFLIGHT;
			p->count--;
			if (p->on_ack)
				p->on_ack(p->data, q->tag, e < 0 ? &kerr : NULL);
		}
	}
	return 0;
}

static int nl_queue(struct nl *nl, struct nlmsghdr *req, const char *what,
		    struct nsx_err *err)
{
	struct nl_pipe *p = nl->pipe;
	struct nl_pending *q;
	int r;

	if (p->count == NL_INFLIGHT) {
		r = nl_flush(nl, err);
		if (r == 0)
			r = nl_collect(nl, NL_INFLIGHT / 2, err);
		if (r < 0)
			return r;
	}
	if (p->slen + MNL_ALIGN(req->nlmsg_len) > NL_SEND_SIZE) {
		r = nl_flush(nl, err);
		if (r < 0)
			return r;
	}
	memset(p->sbuf + p->slen, 0, MNL_ALIGN(req->nlmsg_len));
	memcpy(p->sbuf + p->slen, req, req->nlmsg_len);
	p->slen += MNL_ALIGN(req->nlmsg_len);
	p->unsent++;
	q = &p->ring[(p->head + p->count) % NL_INFLIGHT];
	q->seq = req->nlmsg_seq;
	q->tag = nl->tag;
	snprintf(q->what, sizeof(q->what), "%s", what);
	p->count++;
	return 0;
}

int nl_sync(struct nl *nl, struct nsx_err *err)
{
	int r;

	if (!nl->pipe)
		return 0;
	r = nl_flush(nl, err);
	if (r < 0)
		return r;
	return nl_collect(nl, 0, err);
}

int nl_open_checked(struct nl *nl, struct target *t, bool write,
		    struct nsx_err *err)
{
	int r = write ? privs_check_links_write(t, err)
		      : privs_check_show(t, err);

	if (r < 0)
		return r;
	r = privs_raise(err);
	if (r < 0)
		return r;
	r = nl_open(nl, t, err);
	privs_lower();
	return r;
}
