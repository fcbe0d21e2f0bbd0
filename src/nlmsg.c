/* nlmsg.c - netlink sockets, requests built with bounds, replies read with care */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "nsx/nlmsg.h"

/* ---- the socket ---- */

int nlsock_open(int bus)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, bus);
}

int nlsock_bind(int fd, uint32_t *portid)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(sa);

	/* Port 0: the kernel chooses a free one, which getsockname tells. */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		return -1;
	if (len != sizeof(sa) || sa.nl_family != AF_NETLINK) {
		errno = EINVAL;
		return -1;
	}
	*portid = sa.nl_pid;
	return 0;
}

int nlsock_setopt(int fd, int opt, int val)
{
	return setsockopt(fd, SOL_NETLINK, opt, &val, sizeof(val));
}

ssize_t nlsock_send(int fd, const void *buf, size_t len)
{
	const struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	return sendto(fd, buf, len, 0, (const struct sockaddr *)&kernel,
		      sizeof(kernel));
}

ssize_t nlsock_recv(int fd, void *buf, size_t size)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(fd, &msg, 0);

	if (n < 0)
		return n;
	/* The rest of a datagram larger than buf is gone: the messages
	 * read would be a part taken for the whole. */
	if (msg.msg_flags & MSG_TRUNC) {
		errno = ENOSPC;
		return -1;
	}
	if (msg.msg_namelen != sizeof(from)) {
		errno = EINVAL;
		return -1;
	}
	return n;
}

/* ---- building a request ---- */

struct nlmsghdr *nlmsg_put_header(struct nlmsg_buf *m, void *buf,
				  size_t size)
{
	if (size < NLMSG_HDRLEN) {
		fprintf(stderr, "nsx: netlink buffer of %zu bytes\n", size);
		abort();
	}
	*m = (struct nlmsg_buf){ .nlh = buf, .size = size };
	memset(buf, 0, NLMSG_HDRLEN);
	m->nlh->nlmsg_len = NLMSG_HDRLEN;
	return m->nlh;
}

/* len more bytes at the end of the message (len aligned), or NULL. */
static void *nlmsg_grow(struct nlmsg_buf *m, size_t len)
{
	size_t used = nlmsg_align(m->nlh->nlmsg_len);
	char *tail = (char *)m->nlh + used;

	if (m->full || used > m->size || len > m->size - used ||
	    used + len > UINT32_MAX) {
		m->full = true;
		return NULL;
	}
	m->nlh->nlmsg_len = (uint32_t)(used + len);
	return tail;
}

void *nlmsg_put_extra(struct nlmsg_buf *m, size_t len)
{
	void *p;

	if (len > m->size) {
		m->full = true;
		return NULL;
	}
	p = nlmsg_grow(m, nlmsg_align(len));
	if (p)
		memset(p, 0, nlmsg_align(len));
	return p;
}

void nla_put(struct nlmsg_buf *m, uint16_t type, size_t len,
	     const void *data)
{
	struct nlattr *a;
	size_t total;

	/* nla_len is 16 bits. */
	if (len > UINT16_MAX - NLA_HDRLEN) {
		m->full = true;
		return;
	}
	total = nlmsg_align(NLA_HDRLEN + len);
	a = nlmsg_grow(m, total);
	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	/* The kernel must not be sent stale bytes as padding. */
	memset((char *)a + NLA_HDRLEN + len, 0, total - NLA_HDRLEN - len);
}

void nla_put_u8(struct nlmsg_buf *m, uint16_t type, uint8_t v)
{
	nla_put(m, type, sizeof(v), &v);
}

void nla_put_u16(struct nlmsg_buf *m, uint16_t type, uint16_t v)
{
	nla_put(m, type, sizeof(v), &v);
}

void nla_put_u32(struct nlmsg_buf *m, uint16_t type, uint32_t v)
{
	nla_put(m, type, sizeof(v), &v);
}

void nla_put_strz(struct nlmsg_buf *m, uint16_t type, const char *s)
{
	nla_put(m, type, strlen(s) + 1, s);
}

struct nlattr *nla_nest_start(struct nlmsg_buf *m, uint16_t type)
{
	struct nlattr *a = nlmsg_grow(m, NLA_HDRLEN);

	if (a) {
		a->nla_type = NLA_F_NESTED | type;
		a->nla_len = NLA_HDRLEN;
	}
	return a;
}

void nla_nest_end(struct nlmsg_buf *m, struct nlattr *nest)
{
	size_t len;

	if (!nest || m->full)
		return;
	/* Everything put since the start, up to the message's end. */
	len = (size_t)((char *)m->nlh + m->nlh->nlmsg_len - (char *)nest);
	if (len > UINT16_MAX) {
		m->full = true;
		return;
	}
	nest->nla_len = (uint16_t)len;
}

/* ---- reading a reply ---- */

int nlmsg_error(const struct nlmsghdr *nlh)
{
	int32_t e;

	if (nlmsg_datalen(nlh) < sizeof(e))
		return -EBADMSG;
	memcpy(&e, nlmsg_data(nlh), sizeof(e));
	/* The kernel sends -errno (MAX_ERRNO is 4095); anything else is a
	 * broken reply, and INT_MIN could not even be negated. */
	if (e < -4095 || e > 4095)
		return -EPROTO;
	return e > 0 ? -e : e;
}

const char *nlmsg_ext_ack(const struct nlmsghdr *nlh)
{
	const char *msg = NULL;
	const struct nlattr *a;
	struct nla_iter it;
	size_t off;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = sizeof(int32_t);
	} else {
		const struct nlmsgerr *e = nlmsg_data(nlh);

		if (nlmsg_datalen(nlh) < sizeof(*e))
			return NULL;
		off = sizeof(*e);
		/* Uncapped, the whole request follows its header. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e->msg.nlmsg_len < sizeof(e->msg))
				return NULL;
			off += e->msg.nlmsg_len - sizeof(e->msg);
		}
	}
	nla_for_each_msg(a, it, nlh, off)
		if (nla_type(a) == NLMSGERR_ATTR_MSG &&
		    nla_valid(a, NLA_NUL_STRING))
			msg = nla_get_str(a);
	return msg && msg[0] ? msg : NULL;
}

/* 1: go on, else what nlmsg_run returns for this message. */
static int nlmsg_run_one(const struct nlmsghdr *nlh, uint32_t seq,
			 uint32_t portid, nlmsg_cb_fn cb, void *data,
			 const char **ext)
{
	int r;

	if (nlh->nlmsg_pid && portid && nlh->nlmsg_pid != portid)
		return -ESRCH;
	if (nlh->nlmsg_seq && seq && nlh->nlmsg_seq != seq)
		return -EPROTO;
	/* The objects changed during the dump: it may miss some. */
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		return -EINTR;
	if (nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
		r = cb ? cb(nlh, data) : 0;
		return r < 0 ? r : 1;
	}
	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		if (nlmsg_datalen(nlh) < sizeof(struct nlmsgerr))
			return -EBADMSG;
		r = nlmsg_error(nlh);
		if (r < 0)
			*ext = nlmsg_ext_ack(nlh);
		return r;
	case NLMSG_DONE:
		return 0;
	}
	return 1; /* NLMSG_NOOP, NLMSG_OVERRUN, reserved types */
}

int nlmsg_run(const void *buf, size_t len, uint32_t seq, uint32_t portid,
	      nlmsg_cb_fn cb, void *data, const char **ext)
{
	const struct nlmsghdr *nlh = buf;

	*ext = NULL;
	for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		int r = nlmsg_run_one(nlh, seq, portid, cb, data, ext);

		if (r != 1)
			return r;
	}
	return 1;
}

/* ---- attributes ---- */

void nla_iter_msg(struct nla_iter *it, const struct nlmsghdr *nlh,
		  size_t hdrlen)
{
	size_t off = NLMSG_HDRLEN + nlmsg_align(hdrlen);

	/* The message's own length bounds its attributes, padding or not. */
	it->pos = (const char *)nlh;
	it->left = 0;
	if (hdrlen <= nlh->nlmsg_len && off <= nlh->nlmsg_len) {
		it->pos += off;
		it->left = nlh->nlmsg_len - off;
	}
}

void nla_iter_nested(struct nla_iter *it, const struct nlattr *nest)
{
	it->pos = nla_data(nest);
	it->left = nest->nla_len >= NLA_HDRLEN ? nla_datalen(nest) : 0;
}

const struct nlattr *nla_iter_next(struct nla_iter *it)
{
	const struct nlattr *a = (const void *)it->pos;
	size_t step;

	if (it->left < NLA_HDRLEN || a->nla_len < NLA_HDRLEN ||
	    a->nla_len > it->left) {
		it->left = 0;
		return NULL;
	}
	step = nlmsg_align(a->nla_len);
	if (step >= it->left) {
		it->left = 0;
	} else {
		it->pos += step;
		it->left -= step;
	}
	return a;
}

bool nla_valid(const struct nlattr *a, enum nla_kind kind)
{
	size_t len;

	if (a->nla_len < NLA_HDRLEN)
		return false;
	len = nla_datalen(a);
	switch (kind) {
	case NLA_ANY:
		return true;
	case NLA_U8:
		return len == 1;
	case NLA_U16:
		return len == 2;
	case NLA_U32:
		return len == 4;
	case NLA_U64:
		return len == 8;
	case NLA_FLAG:
		return len == 0;
	case NLA_STRING:
		return len >= 1;
	case NLA_NUL_STRING:
		return len >= 1 && nla_get_str(a)[len - 1] == '\0';
	case NLA_NESTED:
		return len == 0 || len >= NLA_HDRLEN;
	case NLA_EXACT:
		break; /* needs its length: nla_valid_len */
	}
	return false;
}

bool nla_valid_len(const struct nlattr *a, size_t len)
{
	return a->nla_len >= NLA_HDRLEN && nla_datalen(a) == len;
}

void nla_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	       const struct nlattr **tb, uint16_t max,
	       const struct nla_policy *policy)
{
	const struct nlattr *a;
	struct nla_iter it;

	memset(tb, 0, ((size_t)max + 1) * sizeof(*tb));
	nla_for_each_msg(a, it, nlh, hdrlen) {
		uint16_t type = nla_type(a);
		const struct nla_policy *p;

		if (type > max)
			continue;
		p = policy ? &policy[type] : NULL;
		if (p && (p->kind == NLA_EXACT ? !nla_valid_len(a, p->len)
					       : !nla_valid(a, p->kind)))
			continue;
		tb[type] = a;
	}
}
