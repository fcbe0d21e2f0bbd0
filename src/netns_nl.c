/* netns_nl.c - the rtnetlink a netns needs: NETNSIDs, links and addresses */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "nsx/netns.h"

#define NSID_BATCH 64 /* replies queued at once stay well under SO_RCVBUF */
#define NL_DUMP_SIZE 32768 /* a dump reply, as the kernel sizes them */

struct nlsock {
	struct mnl_socket *nl;
	uint32_t portid, seq;
};

static void nls_close(struct nlsock *s)
{
	if (s->nl)
		mnl_socket_close(s->nl);
	s->nl = NULL;
}

static int nls_open_here(struct nlsock *s, struct nsx_err *err)
{
	struct timeval limit = { .tv_sec = 10 };
	int one = 1;

	s->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!s->nl)
		return nsx_fail(err, errno, "netlink socket");
	if (mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		nls_close(s);
		return nsx_fail(err, e, "netlink bind");
	}
	/* Error replies then carry the kernel's own explanation. */
	setsockopt(mnl_socket_get_fd(s->nl), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	/* The kernel answers at once; a reply that never comes is an error,
	 * not a listing that hangs. */
	setsockopt(mnl_socket_get_fd(s->nl), SOL_SOCKET, SO_RCVTIMEO, &limit,
		   sizeof(limit));
	s->portid = mnl_socket_get_portid(s->nl);
	s->seq = (uint32_t)time(NULL);
	return 0;
}

/* A socket talks to the namespace it was created in: create it there. */
static int nls_open(struct nlsock *s, int nsfd, struct nsx_err *err)
{
	_cleanup_close_ int saved = -1;
	int r;

	*s = (struct nlsock){ 0 };
	if (nsfd < 0)
		return nls_open_here(s, err);
	saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (saved < 0)
		return nsx_fail(err, errno, "open our network namespace");
	if (setns(nsfd, CLONE_NEWNET) < 0)
		return nsx_fail(err, errno, "enter the network namespace");
	r = nls_open_here(s, err);
	if (setns(saved, CLONE_NEWNET) < 0) {
		nls_close(s);
		return nsx_fail(err, errno, "return to our network namespace");
	}
	return r;
}

static struct nlmsghdr *nls_msg(struct nlsock *s, void *buf, uint16_t type,
				uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++s->seq;
	return nlh;
}

static int ext_ack_attr(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		*(const char **)data = mnl_attr_get_str(a);
	return MNL_CB_OK;
}

/* One exchange: the caller's callback, and the kernel's explanation of an
 * error (extended ack) when it gives one. */
struct talk {
	mnl_cb_t cb;
	void *data;
	char ext[256];
};

static int cb_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	const char *msg = NULL;
	unsigned int off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		mnl_attr_parse(nlh, off, ext_ack_attr, &msg);
		if (msg)
			snprintf(t->ext, sizeof(t->ext), "%s", msg);
	}
	errno = -e->error;
	return MNL_CB_ERROR;
}

static int cb_data(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/* Send one request; feed every reply to cb until the ack or the dump's end. */
static int nls_talk(struct nlsock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
		    void *data, const char *what, struct nsx_err *err)
{
	static mnl_cb_t ctl[NLMSG_ERROR + 1] = { [NLMSG_ERROR] = cb_error };
	char buf[NL_DUMP_SIZE];
	struct talk t = { .cb = cb, .data = data };
	uint32_t seq = nlh->nlmsg_seq;
	int r;

	if (mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0)
		return nsx_fail(err, errno, "%s", what);
	do {
		ssize_t n = mnl_socket_recvfrom(s->nl, buf, sizeof(buf));

		if (n < 0)
			return nsx_fail(err, errno, "%s", what);
		r = mnl_cb_run2(buf, (size_t)n, seq, s->portid, cb_data, &t,
				ctl, ARRAY_SIZE(ctl));
	} while (r > MNL_CB_STOP);
	if (r < 0) {
		if (t.ext[0])
			return nsx_failx(err, errno, "%s: %s", what, t.ext);
		return nsx_fail(err, errno, "%s", what);
	}
	return 0;
}

static int nsid_attr(const struct nlmsghdr *nlh, int *id)
{
	struct nlattr *a;

	*id = -1;
	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg)) {
		if (mnl_attr_get_type(a) == NETNSA_NSID &&
		    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
			*id = (int)mnl_attr_get_u32(a);
	}
	return *id;
}

static int cb_nsid_count(const struct nlmsghdr *nlh, void *data)
{
	int id;

	if (nlh->nlmsg_type == RTM_NEWNSID && nsid_attr(nlh, &id) >= 0)
		++*(size_t *)data;
	return MNL_CB_OK;
}

/* How many peers our namespace gives an id to. */
static int nsid_count(struct nlsock *s, size_t *count, struct nsx_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;

	*count = 0;
	nlh = nls_msg(s, buf, RTM_GETNSID, NLM_F_DUMP);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	return nls_talk(s, nlh, cb_nsid_count, count, "list NETNSIDs", err);
}

/* Put one RTM_GETNSID per query in buf; returns the bytes used. */
static size_t nsid_requests(struct nlsock *s, char *buf,
			    const struct netns_idq *q, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		struct nlmsghdr *nlh;
		struct rtgenmsg *g;

		/* Could not open it: no id to ask for, and no sequence
		 * number used, as replies are matched to them in order. */
		if (q[i].path && q[i].fd < 0)
			continue;
		nlh = nls_msg(s, buf + len, RTM_GETNSID, 0);
		g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
		g->rtgen_family = AF_UNSPEC;
		if (q[i].fd >= 0)
			mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)q[i].fd);
		else
			mnl_attr_put_u32(nlh, NETNSA_PID, (uint32_t)q[i].pid);
		len += nlh->nlmsg_len;
	}
	return len;
}

/* One batch: n requests in one send, then exactly one reply for each (an
 * RTM_NEWNSID, or an error for a peer that is gone). Returns the number of
 * ids found. */
static int nsid_batch(struct nlsock *s, struct netns_idq *q, size_t n,
		      struct nsx_err *err)
{
	char buf[NL_DUMP_SIZE];
	uint32_t first = s->seq + 1;
	size_t len, asked = 0, got = 0;
	int found = 0;

	/* A request is 28 bytes: a batch always fits the buffer. */
	_Static_assert(NSID_BATCH * 64 <= NL_DUMP_SIZE, "batch size");
	for (size_t i = 0; i < n; i++) {
		q[i].id = -1;
		if (q[i].path)
			q[i].fd = open(q[i].path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		asked += !q[i].path || q[i].fd >= 0;
	}
	len = nsid_requests(s, buf, q, n);
	if (asked && mnl_socket_sendto(s->nl, buf, len) < 0)
		found = nsx_fail(err, errno, "get NETNSIDs");
	while (found >= 0 && got < asked) {
		ssize_t r = mnl_socket_recvfrom(s->nl, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const void *)buf;
		int rest = (int)r;

		if (r < 0) {
			found = nsx_fail(err, errno, "get NETNSIDs");
			break;
		}
		for (; mnl_nlmsg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest)) {
			uint32_t seq = nlh->nlmsg_seq - first;

			if (seq >= asked)
				continue;
			got++;
			for (size_t i = 0, k = 0; i < n; i++) {
				if (q[i].path && q[i].fd < 0)
					continue;
				if (k++ != seq)
					continue;
				if (nlh->nlmsg_type == RTM_NEWNSID &&
				    nsid_attr(nlh, &q[i].id) >= 0)
					found++;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		if (q[i].path)
			closep(&q[i].fd);
	return found;
}

int netns_ids_get(struct netns_idq *q, size_t n, struct nsx_err *err)
{
	struct nlsock s;
	size_t want, found = 0;
	int r = nls_open(&s, -1, err);

	for (size_t i = 0; i < n; i++)
		q[i].id = -1;
	if (r == 0)
		r = nsid_count(&s, &want, err);
	/* Each id belongs to one peer: once all are found, the rest have
	 * none. The fds of a batch are only open for that batch. */
	for (size_t i = 0; r == 0 && i < n && found < want; i += NSID_BATCH) {
		int f = nsid_batch(&s, q + i,
				   n - i < NSID_BATCH ? n - i : NSID_BATCH, err);

		if (f < 0)
			r = f;
		else
			found += (size_t)f;
	}
	nls_close(&s);
	return r;
}

int netns_id_set(int nsfd, int id, struct nsx_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlsock s;
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	int r = nls_open(&s, -1, err);

	if (r < 0)
		return r;
	nlh = nls_msg(&s, buf, RTM_NEWNSID, NLM_F_ACK);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	mnl_attr_put_u32(nlh, NETNSA_NSID, (uint32_t)id);
	r = nls_talk(&s, nlh, NULL, NULL, "set NETNSID", err);
	nls_close(&s);
	return r;
}

struct link_list {
	struct netns_link *v;
	size_t n, cap;
};

static const char *const operstates[] = {
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
	"TESTING", "DORMANT",    "UP",
};

static int cb_link(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_list *l = data;
	struct netns_link *k;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct netns_link *v = realloc(l->v, cap * sizeof(*v));

		if (!v) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
		l->v = v;
		l->cap = cap;
	}
	k = &l->v[l->n++];
	*k = (struct netns_link){ .index = ifi->ifi_index };
	snprintf(k->state, sizeof(k->state), "UNKNOWN");
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		int type = mnl_attr_get_type(a);

		if (type == IFLA_IFNAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
			snprintf(k->name, sizeof(k->name), "%s",
				 mnl_attr_get_str(a));
		else if (type == IFLA_OPERSTATE &&
			 mnl_attr_validate(a, MNL_TYPE_U8) == 0 &&
			 mnl_attr_get_u8(a) < ARRAY_SIZE(operstates))
			snprintf(k->state, sizeof(k->state), "%s",
				 operstates[mnl_attr_get_u8(a)]);
	}
	return MNL_CB_OK;
}

/* gcc 12's -fanalyzer follows one turn of the loop that frees an array of
 * strings, then calls the strings leaked: it is told not to say so here. */
#ifndef __clang__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int link_add_addr(struct netns_link *k, const char *addr)
{
	char *copy = strdup(addr);
	char **v;

	if (!copy)
		return -ENOMEM;
	v = realloc(k->addrs, (k->naddrs + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return -ENOMEM;
	}
	v[k->naddrs++] = copy;
	k->addrs = v;
	return 0;
}

static int cb_addr(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct link_list *l = data;
	const void *local = NULL, *address = NULL;
	char text[INET6_ADDRSTRLEN], addr[INET6_ADDRSTRLEN + 8];
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		size_t want = ifa->ifa_family == AF_INET ? 4 : 16;

		if (mnl_attr_get_payload_len(a) != want)
			continue;
		if (mnl_attr_get_type(a) == IFA_LOCAL)
			local = mnl_attr_get_payload(a);
		else if (mnl_attr_get_type(a) == IFA_ADDRESS)
			address = mnl_attr_get_payload(a);
	}
	/* IFA_LOCAL is the interface's own address on point-to-point links. */
	if (!local)
		local = address;
	if (!local || !inet_ntop(ifa->ifa_family, local, text, sizeof(text)))
		return MNL_CB_OK;
	snprintf(addr, sizeof(addr), "%s/%u", text, ifa->ifa_prefixlen);
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].index != (int)ifa->ifa_index)
			continue;
		if (link_add_addr(&l->v[i], addr) < 0) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

static int dump(struct nlsock *s, uint16_t type, size_t hdr, mnl_cb_t cb,
		void *data, const char *what, struct nsx_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nls_msg(s, buf, type, NLM_F_DUMP);

	/* ifinfomsg and ifaddrmsg both start with the family: AF_UNSPEC. */
	memset(mnl_nlmsg_put_extra_header(nlh, hdr), 0, hdr);
	return nls_talk(s, nlh, cb, data, what, err);
}

int netns_links(int nsfd, struct netns_link **links, size_t *n,
		struct nsx_err *err)
{
	struct link_list l = { 0 };
	struct nlsock s;
	int r = nls_open(&s, nsfd, err);

	if (r < 0)
		return r;
	r = dump(&s, RTM_GETLINK, sizeof(struct ifinfomsg), cb_link, &l,
		 "list links", err);
	if (r == 0)
		r = dump(&s, RTM_GETADDR, sizeof(struct ifaddrmsg), cb_addr,
			 &l, "list addresses", err);
	nls_close(&s);
	if (r < 0) {
		netns_links_free(l.v, l.n);
		return r;
	}
	*links = l.v;
	*n = l.n;
	return 0;
}

void netns_links_free(struct netns_link *links, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < links[i].naddrs; j++)
			free(links[i].addrs[j]);
		free(links[i].addrs);
	}
	free(links);
}
