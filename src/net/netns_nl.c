/* netns_nl.c - the rtnetlink a netns needs: NETNSIDs, links and addresses */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

#include "nsx/net/netns.h"
#include "nsx/net/nl.h"

#define NSID_BATCH NETNS_ID_BATCH
_Static_assert(NSID_BATCH <= NL_INFLIGHT, "NETNSID batch size");

static int nsid_attr_cb(const struct nlattr *a, void *data)
{
	if (mnl_attr_get_type(a) == NETNSA_NSID &&
	    mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		*(int *)data = (int)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int nsid_attr(const struct nlmsghdr *nlh, int *id)
{
	*id = -1;
	if (nlh->nlmsg_type == RTM_NEWNSID &&
	    mnl_nlmsg_get_payload_len(nlh) >= sizeof(struct rtgenmsg))
		mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, id);
	return *id;
}

static int cb_nsid_count(const struct nlmsghdr *nlh, void *data)
{
	int id;

	if (nsid_attr(nlh, &id) >= 0)
		++*(size_t *)data;
	return MNL_CB_OK;
}

static void nsid_count_reset(void *data)
{
	*(size_t *)data = 0;
}

/* How many peers our namespace gives an id to. */
static int nsid_count(struct nl *nl, size_t *count, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;

	*count = 0;
	nlh = nl_msg(nl, buf, RTM_GETNSID, NLM_F_DUMP);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	return nl_dump(nl, nlh, cb_nsid_count, nsid_count_reset, count,
		       "list NETNSIDs", err);
}

/* The answers of one batch: the query of each is its tag. */
struct nsid_batch {
	struct netns_idq *q;
	int found;
};

static void nsid_reply(void *data, int tag, const struct nlmsghdr *nlh)
{
	struct nsid_batch *b = data;

	if (nsid_attr(nlh, &b->q[tag].id) >= 0)
		b->found++;
}

/* An error is a peer gone meanwhile: it has no id. */
static void nsid_ack(void *data, int tag, const struct nsx_err *err)
{
	(void)data;
	(void)tag;
	(void)err;
}

static int nsid_query(struct nl *nl, const struct netns_idq *q,
		      struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETNSID, 0);
	struct rtgenmsg *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	bool ok;

	g->rtgen_family = AF_UNSPEC;
	if (q->fd >= 0)
		ok = mnl_attr_put_u32_check(nlh, sizeof(buf), NETNSA_FD,
					    (uint32_t)q->fd);
	else
		ok = mnl_attr_put_u32_check(nlh, sizeof(buf), NETNSA_PID,
					    (uint32_t)q->pid);
	if (!ok)
		return nl_full(err, "get NETNSID");
	return nl_ask(nl, nlh, "get NETNSID", err);
}

/* One batch: n queries pipelined (several to a sendmsg), then their
 * answers, an RTM_NEWNSID and an ack, or an error for a peer that is
 * gone. Returns the number of ids found. */
int netns_ids_batch(struct nl *nl, struct netns_idq *q, size_t n,
		    struct nsx_err *err)
{
	struct nsid_batch b = { .q = q };
	int r;

	for (size_t i = 0; i < n; i++) {
		q[i].id = -1;
		if (q[i].path)
			q[i].fd = open(q[i].path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	}
	r = nl_pipeline(nl, nsid_ack, nsid_reply, &b, err);
	nl->defer = true;
	for (size_t i = 0; r == 0 && i < n; i++) {
		/* Could not open it: no id to ask for. */
		if (q[i].path && q[i].fd < 0)
			continue;
		nl->tag = (int)i;
		r = nsid_query(nl, &q[i], err);
	}
	if (r == 0)
		r = nl_sync(nl, err);
	nl->defer = false;
	for (size_t i = 0; i < n; i++)
		if (q[i].path)
			closep(&q[i].fd);
	return r < 0 ? r : b.found;
}

int netns_ids_get_nl(struct nl *nl, struct netns_idq *q, size_t n,
		     struct nsx_err *err)
{
	size_t want, found = 0;
	int r;

	for (size_t i = 0; i < n; i++)
		q[i].id = -1;
	r = nsid_count(nl, &want, err);
	/* Each id belongs to one peer: once all are found, the rest have
	 * none. The fds of a batch are only open for that batch. */
	for (size_t i = 0; r == 0 && i < n && found < want; i += NSID_BATCH) {
		int f = netns_ids_batch(nl, q + i,
				   n - i < NSID_BATCH ? n - i : NSID_BATCH, err);

		if (f < 0)
			r = f;
		else
			found += (size_t)f;
	}
	return r;
}

int netns_ids_get(struct netns_idq *q, size_t n, struct nsx_err *err)
{
	struct nl nl;
	int r = nl_open_fd(&nl, -1, "self", NULL, err);

	for (size_t i = 0; r < 0 && i < n; i++)
		q[i].id = -1;
	if (r == 0)
		r = netns_ids_get_nl(&nl, q, n, err);
	nl_close(&nl);
	return r;
}

int netns_id_set(int nsfd, int id, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nl nl;
	struct nlmsghdr *nlh;
	struct rtgenmsg *g;
	int r = nl_open_fd(&nl, -1, "self", NULL, err);

	if (r < 0)
		return r;
	nlh = nl_msg(&nl, buf, RTM_NEWNSID, 0);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (mnl_attr_put_u32_check(nlh, sizeof(buf), NETNSA_FD,
				   (uint32_t)nsfd) &&
	    mnl_attr_put_u32_check(nlh, sizeof(buf), NETNSA_NSID,
				   (uint32_t)id))
		r = nl_talk(&nl, nlh, NULL, NULL, "set NETNSID", err);
	else
		r = nl_full(err, "set NETNSID");
	nl_close(&nl);
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

static int link_attr_cb(const struct nlattr *a, void *data)
{
	struct netns_link *k = data;
	int type = mnl_attr_get_type(a);

	if (type == IFLA_IFNAME &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(k->name, sizeof(k->name), "%s", mnl_attr_get_str(a));
	else if (type == IFLA_OPERSTATE &&
		 mnl_attr_validate(a, MNL_TYPE_U8) == 0 &&
		 mnl_attr_get_u8(a) < ARRAY_SIZE(operstates))
		snprintf(k->state, sizeof(k->state), "%s",
			 operstates[mnl_attr_get_u8(a)]);
	return MNL_CB_OK;
}

static int cb_link(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_list *l = data;
	struct netns_link *k;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
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
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, k);
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

struct addr_attrs {
	size_t want;                 /* 4 or 16 bytes */
	const void *local, *address;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	struct addr_attrs *x = data;

	if (mnl_attr_get_payload_len(a) != x->want)
		return MNL_CB_OK;
	if (mnl_attr_get_type(a) == IFA_LOCAL)
		x->local = mnl_attr_get_payload(a);
	else if (mnl_attr_get_type(a) == IFA_ADDRESS)
		x->address = mnl_attr_get_payload(a);
	return MNL_CB_OK;
}

static int cb_addr(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct link_list *l = data;
	struct addr_attrs x = { 0 };
	const void *local;
	char text[INET6_ADDRSTRLEN], addr[INET6_ADDRSTRLEN + 8];

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6))
		return MNL_CB_OK;
	x.want = ifa->ifa_family == AF_INET ? 4 : 16;
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, &x);
	local = x.local;
	/* IFA_LOCAL is the interface's own address on point-to-point links. */
	if (!local)
		local = x.address;
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

/* The links and addresses gathered go, as their dump starts again. */
static void links_reset(void *data)
{
	struct link_list *l = data;

	netns_links_free(l->v, l->n);
	*l = (struct link_list){ 0 };
}

static void addrs_reset(void *data)
{
	struct link_list *l = data;

	for (size_t i = 0; i < l->n; i++) {
		for (size_t j = 0; j < l->v[i].naddrs; j++)
			free(l->v[i].addrs[j]);
		free(l->v[i].addrs);
		l->v[i].addrs = NULL;
		l->v[i].naddrs = 0;
	}
}

static int dump(struct nl *nl, uint16_t type, size_t hdr, mnl_cb_t cb,
		nl_reset_fn reset, void *data, const char *what,
		struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, type, NLM_F_DUMP);

	/* ifinfomsg and ifaddrmsg both start with the family: AF_UNSPEC. */
	mnl_nlmsg_put_extra_header(nlh, hdr);
	return nl_dump(nl, nlh, cb, reset, data, what, err);
}

int netns_links(int nsfd, struct netns_link **links, size_t *n,
		struct nsx_err *err)
{
	struct link_list l = { 0 };
	struct nl nl;
	int r = nl_open_fd(&nl, nsfd, "network namespace", NULL, err);

	if (r < 0)
		return r;
	r = dump(&nl, RTM_GETLINK, sizeof(struct ifinfomsg), cb_link,
		 links_reset, &l, "list links", err);
	if (r == 0)
		r = dump(&nl, RTM_GETADDR, sizeof(struct ifaddrmsg), cb_addr,
			 addrs_reset, &l, "list addresses", err);
	nl_close(&nl);
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
