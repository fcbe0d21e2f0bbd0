/* nl_pipe.c - many rtnetlink requests in flight on one socket (batch) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsx/net/nl.h"
#include "nl_int.h"

int nl_pipeline(struct nl *nl, nl_ack_fn on_ack, nl_reply_fn on_reply,
		void *data, struct nsx_err *err)
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
	nl->pipe->on_reply = on_reply;
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

/* One message while answers are outstanding: a reply or the answer of
 * the oldest request (the kernel handles them in order). */
static void nl_collect_one(struct nl_pipe *p, const struct nlmsghdr *nlh)
{
	struct nl_pending *q = &p->ring[p->head];
	struct nsx_err kerr;
	int e;

	if (!p->count || nlh->nlmsg_seq != q->seq)
		return;
	if (nlh->nlmsg_type != NLMSG_ERROR) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && p->on_reply)
			p->on_reply(p->data, q->tag, nlh);
		if (!q->lone)
			return;
		e = 0;
	} else if ((e = nl_msg_error(nlh)) < 0) {
		nl_fail_kernel(&kerr, nlh, e, q->what);
	}
	p->head = (p->head + 1) % NL_INFLIGHT;
	p->count--;
	if (p->on_ack)
		p->on_ack(p->data, q->tag, e < 0 ? &kerr : NULL);
}

/* Deliver answers until at most keep requests remain unanswered. */
static int nl_collect(struct nl *nl, unsigned keep, struct nsx_err *err)
{
	struct nl_pipe *p = nl->pipe;

	while (p->count > keep) {
		ssize_t n = nl_recv(nl, err);
		const struct nlmsghdr *nlh = (const void *)nl->rbuf;
		int left = (int)n;

		if (n < 0)
			return (int)n;
		for (; nl_msg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left))
			nl_collect_one(p, nlh);
	}
	return 0;
}

int nl_queue(struct nl *nl, struct nlmsghdr *req, const char *what,
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
	q->lone = !(req->nlmsg_flags & NLM_F_ACK);
	snprintf(q->what, sizeof(q->what), "%s", what);
	p->count++;
	return 0;
}

int nl_ask(struct nl *nl, struct nlmsghdr *req, const char *what,
	   struct nsx_err *err)
{
	if (!nl->pipe || !nl->defer)
		return nl_talk(nl, req, NULL, NULL, what, err);
	return nl_queue(nl, req, what, err);
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
