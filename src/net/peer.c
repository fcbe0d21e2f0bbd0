/* peer.c - the far end of each veth: name and bridge by IFLA_TARGET_NETNSID */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "nsx/net/peer.h"
#include "peer_int.h"

static bool is_veth(const struct link_info *li)
{
	return streq(li->kind, "veth") && li->link > 0;
}

static const struct link_info *find(const struct link_info *v, size_t n,
				    int ifindex)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].ifindex == ifindex)
			return &v[i];
	return NULL;
}

/* The ns entry of id, added when new; -1 when out of memory. */
static int ns_slot(struct peers *p, int id)
{
	struct peer_ns *v;

	for (size_t i = 0; i < p->nns; i++)
		if (p->ns[i].nsid == id)
			return (int)i;
	v = reallocarray(p->ns, p->nns + 1, sizeof(*v));
	if (!v)
		return -1;
	p->ns = v;
	p->ns[p->nns] = (struct peer_ns){ .nsid = id, .first = -1 };
	return (int)p->nns++;
}

/* Far ends in the near namespace itself are read from links. */
static int peers_collect(struct peers *p, const struct link_info *v,
			 size_t n, struct nsx_err *err)
{
	p->v = calloc(n + 1, sizeof(*p->v));
	if (!p->v)
		return nsx_fail(err, ENOMEM, "peer");
	for (size_t i = 0; i < n; i++) {
		struct peer *e = &p->v[p->n];
		const struct link_info *far, *br;

		if (!is_veth(&v[i]))
			continue;
		*e = (struct peer){ .ifindex = v[i].ifindex,
				    .far_index = v[i].link, .ns = -1,
				    .next = -1 };
		p->n++;
		if (v[i].has_netnsid) {
			e->ns = ns_slot(p, v[i].netnsid);
			if (e->ns < 0)
				return nsx_fail(err, ENOMEM, "peer");
			e->next = p->ns[e->ns].first;
			p->ns[e->ns].first = (int)(p->n - 1);
			continue;
		}
		if (!(far = find(v, n, v[i].link)))
			continue;
		snprintf(e->ifname, sizeof(e->ifname), "%s", far->ifname);
		if (far->master && (br = find(v, n, far->master)))
			snprintf(e->master, sizeof(e->master), "%s", br->ifname);
	}
	return 0;
}

/* Answers to the pipelined questions: the link each tag asked about. */
struct far_ask {
	struct link_dump d;
	int *tag_of;  /* d.v[i] answers tag_of[i] */
	size_t cap;
};

static void far_reply(void *data, int tag, const struct nlmsghdr *nlh)
{
	struct far_ask *a = data;
	size_t before = a->d.n;

	if (link_dump_cb(nlh, &a->d) != MNL_CB_OK || a->d.n == before)
		return;
	if (a->d.n > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		int *t = reallocarray(a->tag_of, cap, sizeof(*t));

		if (!t) {
			a->d.n = before;
			return;
		}
		a->tag_of = t;
		a->cap = cap;
	}
	a->tag_of[a->d.n - 1] = tag;
}

/* A link the kernel will not show (gone, or not ours to see) is left. */
static void far_ack(void *data, int tag, const struct nsx_err *err)
{
	(void)data;
	(void)tag;
	(void)err;
}

static int far_get(struct nl *nl, int nsid, int ifindex, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 };
	struct nlmsghdr *h = nl_msg(nl, buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));

	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	if (!mnl_attr_put_u32_check(h, sizeof(buf), IFLA_TARGET_NETNSID,
				    (uint32_t)nsid) ||
	    !mnl_attr_put_u32_check(h, sizeof(buf), IFLA_EXT_MASK,
				    RTEXT_FILTER_SKIP_STATS))
		return nl_full(err, "peer");
	return nl_ask(nl, h, "peer", err);
}

/* Ask for n links (nsid[i], index[i]) at once; a->d gathers them. */
static int far_ask_all(struct nl *nl, struct far_ask *a, const int *nsid,
		       const int *index, size_t n, struct nsx_err *err)
{
	int r = nl_pipeline(nl, far_ack, far_reply, a, err);

	nl->defer = true;
	for (size_t i = 0; r == 0 && i < n; i++) {
		nl->tag = (int)i;
		r = far_get(nl, nsid[i], index[i], err);
	}
	if (r == 0)
		r = nl_sync(nl, err);
	nl->defer = false;
	return r;
}

static const struct link_info *far_answer(const struct far_ask *a, int tag)
{
	for (size_t i = 0; i < a->d.n; i++)
		if (a->tag_of[i] == tag)
			return &a->d.v[i];
	return NULL;
}

/* Round one: each far end not yet named; round two, with masters: the
 * bridges they are ports of. */
static int peers_far(struct nl *nl, struct peers *p, const struct link_info *v,
		     size_t n, bool masters, struct nsx_err *err)
{
	_cleanup_free_ int *nsid = calloc(2 * p->n + 1, sizeof(int));
	_cleanup_free_ int *idx = calloc(2 * p->n + 1, sizeof(int));
	_cleanup_free_ size_t *who = calloc(p->n + 1, sizeof(size_t));
	struct far_ask a = { 0 }, b = { 0 };
	size_t m = 0, k = 0;
	int r;

	if (!nsid || !idx || !who)
		return nsx_fail(err, ENOMEM, "peer");
	for (size_t i = 0; i < p->n; i++) {
		const struct link_info *li;

		if (p->v[i].ns < 0 || p->v[i].ifname[0] ||
		    !(li = find(v, n, p->v[i].ifindex)))
			continue;
		nsid[m] = li->netnsid;
		idx[m] = li->link;
		who[m++] = i;
	}
	r = m ? far_ask_all(nl, &a, nsid, idx, m, err) : 0;
	for (size_t j = 0; r == 0 && j < m; j++) {
		const struct link_info *f = far_answer(&a, (int)j);

		if (!f)
			continue;
		snprintf(p->v[who[j]].ifname, IFNAMSIZ, "%s", f->ifname);
		if (masters && f->master) {
			nsid[m + k] = nsid[j];
			idx[m + k] = f->master;
			who[k++] = who[j];
		}
	}
	if (r == 0 && k)
		r = far_ask_all(nl, &b, nsid + m, idx + m, k, err);
	for (size_t j = 0; r == 0 && j < k; j++) {
		const struct link_info *f = far_answer(&b, (int)j);

		if (f)
			snprintf(p->v[who[j]].master, IFNAMSIZ, "%s", f->ifname);
	}
	free(a.d.v);
	free(a.tag_of);
	free(b.d.v);
	free(b.tag_of);
	return r;
}

int peers_find(struct nl *nl, const struct link_info *links, size_t n,
	       unsigned flags, struct peers *p, struct nsx_err *err)
{
	bool masters = flags & PEERS_MASTERS;
	struct peer_search *s;
	int r;

	*p = (struct peers){ 0 };
	r = peers_collect(p, links, n, err);
	if (r < 0 || !p->nns)
		return r;
	if (masters && (r = peers_far(nl, p, links, n, true, err)) < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return nsx_fail(err, ENOMEM, "peer");
	s->nl = nl;
	s->ns = p->ns;
	s->nns = p->nns;
	s->names = masters ? NULL : p;
	r = peer_search_run(s, err);
	free(s);
	/* Those no setns reached (not found, or not ours to enter). */
	if (r == 0 && !masters)
		r = peers_far(nl, p, links, n, false, err);
	return r;
}

void peers_free(struct peers *p)
{
	for (size_t i = 0; i < p->nns; i++) {
		for (size_t k = 0; k < p->ns[i].nnames; k++)
			free(p->ns[i].names[k]);
		free(p->ns[i].path);
	}
	free(p->ns);
	free(p->v);
	*p = (struct peers){ 0 };
}

const struct peer *peers_of(const struct peers *p, int ifindex)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].ifindex == ifindex)
			return &p->v[i];
	return NULL;
}

/* link:IFNAME, after the veth is known to lead to namespace id. */
static int open_far_ns(struct nl *nl, int id, struct nsx_err *err)
{
	struct peer_ns ns = { .nsid = id, .first = -1 };
	struct peer_search *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return nsx_fail(err, ENOMEM, "peer");
	*s = (struct peer_search){ .nl = nl, .ns = &ns, .nns = 1 };
	r = peer_search_run(s, err);
	if (r == 0 && !ns.ino && !ns.self && !ns.pid && !ns.path)
		r = nsx_failx(err, ENOENT, "its peer's namespace (netnsid %d) "
			      "is not one the caller can open", id);
	if (r == 0)
		r = peer_search_open(s, &ns, err);
	for (size_t k = 0; k < ns.nnames; k++)
		free(ns.names[k]);
	free(ns.path);
	free(s);
	return r;
}

int peer_ns_open(const char *ifname, struct nsx_err *err)
{
	struct link_info li;
	struct nl nl;
	int r = nl_open_fd(&nl, -1, "self", NULL, err);

	if (r < 0)
		return r;
	r = link_get(&nl, ifname, &li, err);
	if (r == -ENODEV)
		r = nsx_failx(err, ENODEV, "no such device");
	else if (r == 0 && !streq(li.kind, "veth"))
		r = nsx_failx(err, EINVAL, "not a veth%s%s",
			      li.kind[0] ? " but a " : "", li.kind);
	if (r == 0 && !li.has_netnsid)
		r = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	else if (r == 0)
		r = open_far_ns(&nl, li.netnsid, err);
	nl_close(&nl);
	return r;
}
