/* netns_nl.c - the rtnetlink a netns needs: NETNSIDs, links and addresses */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <sys/time.h>
#include <time.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "nsx/netns.h"
#include "nsx/nlmsg.h"

#define NSID_BATCH 64 /* replies queued at once stay well under SO_RCVBUF */
#define NL_DUMP_SIZE 32768 /* a dump reply, as the kernel sizes them */
#define NL_REQ_SIZE 4096   /* one request */

struct nlsock {
	int fd;
	uint32_t portid, seq;
};

static void nls_close(struct nlsock *s)
{
	closep(&s->fd);
	s->fd = -1;
}

static int nls_open_here(struct nlsock *s, struct nsx_err *err)
{
	struct timeval limit = { .tv_sec = 10 };

	s->fd = nlsock_open(NETLINK_ROUTE);
	if (s->fd < 0)
		return nsx_fail(err, errno, "netlink socket");
	if (nlsock_bind(s->fd, &s->portid) < 0) {
		int e = errno;

		nls_close(s);
		return nsx_fail(err, e, "netlink bind");
	}
	/* Error replies then carry the kernel's own explanation. */
	nlsock_setopt(s->fd, NETLINK_EXT_ACK, 1);
	/* The kernel answers at once; a reply that never comes is an error,
	 * not a listing that hangs. */
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
	s->seq = (uint32_t)time(NULL);
	return 0;
}

/* A socket talks to the namespace it was created in: create it there. */
static int nls_open(struct nlsock *s, int nsfd, struct nsx_err *err)
{
	_cleanup_close_ int saved = -1;
	int r;

	*s = (struct nlsock){ .fd = -1 };
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

/* A request in m, in buf of size bytes, followed by a struct rtgenmsg or
 * another family header of hdrlen bytes, zeroed (AF_UNSPEC). */
static void nls_msg(struct nlsock *s, struct nlmsg_buf *m, void *buf,
		    size_t size, uint16_t type, uint16_t flags, size_t hdrlen)
{
	struct nlmsghdr *nlh = nlmsg_put_header(m, buf, size);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++s->seq;
	nlmsg_put_extra(m, hdrlen);
}

/* Send one request; feed every reply to cb until the ack or the dump's end. */
static int nls_talk(struct nlsock *s, const struct nlmsg_buf *m,
		    nlmsg_cb_fn cb, void *data, const char *what,
		    struct nsx_err *err)
{
	char buf[NL_DUMP_SIZE] __attribute__((aligned(8)));
	uint32_t seq = m->nlh->nlmsg_seq;
	const char *ext;
	int r;

	if (m->full)
		return nsx_fail(err, EMSGSIZE, "%s", what);
	if (nlsock_send(s->fd, m->nlh, m->nlh->nlmsg_len) < 0)
		return nsx_fail(err, errno, "%s", what);
	do {
		ssize_t n = nlsock_recv(s->fd, buf, sizeof(buf));

		if (n < 0)
			return nsx_fail(err, errno, "%s", what);
		r = nlmsg_run(buf, (size_t)n, seq, s->portid, cb, data, &ext);
	} while (r > 0);
	if (r < 0 && ext)
		return nsx_failx(err, -r, "%s: %s", what, ext);
	if (r < 0)
		return nsx_fail(err, -r, "%s", what);
	return 0;
}

static int nsid_attr(const struct nlmsghdr *nlh, int *id)
{
	const struct nlattr *a;
	struct nla_iter it;

	*id = -1;
	nla_for_each_msg(a, it, nlh, sizeof(struct rtgenmsg))
		if (nla_type(a) == NETNSA_NSID && nla_valid(a, NLA_U32))
			*id = (int)nla_get_u32(a);
	return *id;
}

static int cb_nsid_count(const struct nlmsghdr *nlh, void *data)
{
	int id;

	if (nlh->nlmsg_type == RTM_NEWNSID && nsid_attr(nlh, &id) >= 0)
		++*(size_t *)data;
	return 0;
}

/* How many peers our namespace gives an id to. */
static int nsid_count(struct nlsock *s, size_t *count, struct nsx_err *err)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8)));
	struct nlmsg_buf m;

	*count = 0;
	nls_msg(s, &m, buf, sizeof(buf), RTM_GETNSID, NLM_F_DUMP,
		sizeof(struct rtgenmsg));
	return nls_talk(s, &m, cb_nsid_count, count, "list NETNSIDs", err);
}

/* Put one RTM_GETNSID per query in buf (size bytes); returns the bytes
 * used, or 0 when they did not all fit. */
static size_t nsid_requests(struct nlsock *s, char *buf, size_t size,
			    const struct netns_idq *q, size_t n)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		struct nlmsg_buf m;

		/* Could not open it: no id to ask for, and no sequence
		 * number used, as replies are matched to them in order. */
		if (q[i].path && q[i].fd < 0)
			continue;
		if (size - len < NLMSG_HDRLEN)
			return 0;
		nls_msg(s, &m, buf + len, size - len, RTM_GETNSID, 0,
			sizeof(struct rtgenmsg));
		if (q[i].fd >= 0)
			nla_put_u32(&m, NETNSA_FD, (uint32_t)q[i].fd);
		else
			nla_put_u32(&m, NETNSA_PID, (uint32_t)q[i].pid);
		if (m.full)
			return 0;
		len += m.nlh->nlmsg_len;
	}
	return len;
}

/* One batch: n requests in one send, then exactly one reply for each (an
 * RTM_NEWNSID, or an error for a peer that is gone). Returns the number of
 * ids found. */
static int nsid_batch(struct nlsock *s, struct netns_idq *q, size_t n,
		      struct nsx_err *err)
{
	char buf[NL_DUMP_SIZE] __attribute__((aligned(8)));
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
	len = nsid_requests(s, buf, sizeof(buf), q, n);
	if (asked && !len)
		found = nsx_fail(err, EMSGSIZE, "get NETNSIDs");
	else if (asked && nlsock_send(s->fd, buf, len) < 0)
		found = nsx_fail(err, errno, "get NETNSIDs");
	while (found >= 0 && got < asked) {
		ssize_t r = nlsock_recv(s->fd, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const void *)buf;
		size_t rest = r < 0 ? 0 : (size_t)r;

		if (r < 0) {
			found = nsx_fail(err, errno, "get NETNSIDs");
			break;
		}
		for (; nlmsg_ok(nlh, rest); nlh = nlmsg_next(nlh, &rest)) {
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
	char buf[NL_REQ_SIZE] __attribute__((aligned(8)));
	struct nlsock s;
	struct nlmsg_buf m;
	int r = nls_open(&s, -1, err);

	if (r < 0)
		return r;
	nls_msg(&s, &m, buf, sizeof(buf), RTM_NEWNSID, NLM_F_ACK,
		sizeof(struct rtgenmsg));
	nla_put_u32(&m, NETNSA_FD, (uint32_t)nsfd);
	nla_put_u32(&m, NETNSA_NSID, (uint32_t)id);
	r = nls_talk(&s, &m, NULL, NULL, "set NETNSID", err);
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
	const struct ifinfomsg *ifi = nlmsg_data(nlh);
	struct link_list *l = data;
	struct netns_link *k;
	const struct nlattr *a;
	struct nla_iter it;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_datalen(nlh) < sizeof(*ifi))
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct netns_link *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	k = &l->v[l->n++];
	*k = (struct netns_link){ .index = ifi->ifi_index };
	snprintf(k->state, sizeof(k->state), "UNKNOWN");
	nla_for_each_msg(a, it, nlh, sizeof(*ifi)) {
		int type = nla_type(a);

		if (type == IFLA_IFNAME && nla_valid(a, NLA_NUL_STRING))
			snprintf(k->name, sizeof(k->name), "%s",
				 nla_get_str(a));
		else if (type == IFLA_OPERSTATE && nla_valid(a, NLA_U8) &&
			 nla_get_u8(a) < ARRAY_SIZE(operstates))
			snprintf(k->state, sizeof(k->state), "%s",
				 operstates[nla_get_u8(a)]);
	}
	return 0;
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
	const struct ifaddrmsg *ifa = nlmsg_data(nlh);
	struct link_list *l = data;
	const void *local = NULL, *address = NULL;
	char text[INET6_ADDRSTRLEN], addr[INET6_ADDRSTRLEN + 8];
	const struct nlattr *a;
	struct nla_iter it;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    nlmsg_datalen(nlh) < sizeof(*ifa) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return 0;
	nla_for_each_msg(a, it, nlh, sizeof(*ifa)) {
		size_t want = ifa->ifa_family == AF_INET ? 4 : 16;

		if (!nla_valid_len(a, want))
			continue;
		if (nla_type(a) == IFA_LOCAL)
			local = nla_data(a);
		else if (nla_type(a) == IFA_ADDRESS)
			address = nla_data(a);
	}
	/* IFA_LOCAL is the interface's own address on point-to-point links. */
	if (!local)
		local = address;
	if (!local || !inet_ntop(ifa->ifa_family, local, text, sizeof(text)))
		return 0;
	snprintf(addr, sizeof(addr), "%s/%u", text, ifa->ifa_prefixlen);
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].index != (int)ifa->ifa_index)
			continue;
		if (link_add_addr(&l->v[i], addr) < 0)
			return -ENOMEM;
	}
	return 0;
}
#ifndef __clang__
#pragma GCC diagnostic pop
#endif

static int dump(struct nlsock *s, uint16_t type, size_t hdr, nlmsg_cb_fn cb,
		void *data, const char *what, struct nsx_err *err)
{
	char buf[NL_REQ_SIZE] __attribute__((aligned(8)));
	struct nlmsg_buf m;

	/* ifinfomsg and ifaddrmsg both start with the family: AF_UNSPEC. */
	nls_msg(s, &m, buf, sizeof(buf), type, NLM_F_DUMP, hdr);
	return nls_talk(s, &m, cb, data, what, err);
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
