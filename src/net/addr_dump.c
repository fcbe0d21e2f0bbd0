/* addr_dump.c - links and their addresses, as the kernel reports them */
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "nsx/net/link.h"

#define DUMP_MSG_SIZE 4096

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFA_MAX) < 0)
		return MNL_CB_OK;
	if ((type == IFA_FLAGS || type == IFA_RT_PRIORITY) &&
	    mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return MNL_CB_OK;
	if (type == IFA_LABEL &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
		return MNL_CB_OK;
	if (type == IFA_CACHEINFO &&
	    mnl_attr_validate2(a, MNL_TYPE_UNSPEC,
			       sizeof(struct ifa_cacheinfo)) < 0)
		return MNL_CB_OK;
	tb[type] = a;
	return MNL_CB_OK;
}

/* An address attribute of the right size for the family, or false. */
static bool addr_get(const struct nlattr *a, int family, uint8_t len,
		     struct inet_prefix *p)
{
	size_t size = inet_family_size(family);

	if (!a || mnl_attr_get_payload_len(a) != size)
		return false;
	*p = (struct inet_prefix){ .family = family, .len = len,
				   .has_len = true };
	memcpy(p->bytes, mnl_attr_get_payload(a), size);
	return true;
}

static int addr_fill(struct addr_entry *e, const struct ifaddrmsg *ifa,
		     const struct nlattr **tb)
{
	int fam = ifa->ifa_family;
	struct inet_prefix address = { 0 };
	bool has_address = addr_get(tb[IFA_ADDRESS], fam, ifa->ifa_prefixlen,
				    &address);

	*e = (struct addr_entry){ .scope = ifa->ifa_scope,
				  .flags = ifa->ifa_flags,
				  .valid_lft = UINT32_MAX,
				  .preferred_lft = UINT32_MAX };
	if (!addr_get(tb[IFA_LOCAL], fam, ifa->ifa_prefixlen, &e->local)) {
		if (!has_address)
			return -1;
		e->local = address;
	} else if (has_address &&
		   memcmp(address.bytes, e->local.bytes, sizeof(address.bytes))) {
		e->peer = address;
	}
	addr_get(tb[IFA_BROADCAST], fam, 0, &e->brd);
	if (tb[IFA_FLAGS])
		e->flags = mnl_attr_get_u32(tb[IFA_FLAGS]);
	if (tb[IFA_RT_PRIORITY]) {
		e->metric = mnl_attr_get_u32(tb[IFA_RT_PRIORITY]);
		e->has_metric = true;
	}
	if (tb[IFA_LABEL])
		snprintf(e->label, sizeof(e->label), "%s",
			 mnl_attr_get_str(tb[IFA_LABEL]));
	if (tb[IFA_RT_PRIORITY]) {
		e->has_metric = true;
		e->metric = mnl_attr_get_u32(tb[IFA_RT_PRIORITY]);
	}
	if (tb[IFA_CACHEINFO]) {
		const struct ifa_cacheinfo *ci =
			mnl_attr_get_payload(tb[IFA_CACHEINFO]);

		e->valid_lft = ci->ifa_valid;
		e->preferred_lft = ci->ifa_prefered;
	}
	return 0;
}

static struct addr_link *table_find_mut(struct addr_table *tab, int ifindex)
{
	return (struct addr_link *)addr_table_find(tab, ifindex);
}

/*
 * gcc 12's -fanalyzer loses a pointer stored into a table entry that a
 * search found (at an index it cannot follow) and reports it as leaked.
 */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak"
#endif
static int addr_append(struct addr_link *l, const struct addr_entry *e)
{
	struct addr_entry *grown = reallocarray(l->addrs, l->n_addrs + 1,
						sizeof(*grown));

	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->addrs = grown;
	l->addrs[l->n_addrs++] = *e;
	return MNL_CB_OK;
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#pragma GCC diagnostic pop
#endif

/* Is the address of ifa one the dump keeps? */
static bool addr_wanted(const struct ifaddrmsg *ifa,
			const struct addr_dump_ctx *ctx)
{
	/* An AF_UNSPEC dump also brings other families' addresses (MCTP,
	 * phonet), which neither show nor flush can deal with. */
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return false;
	if (ctx->family != AF_UNSPEC && ifa->ifa_family != ctx->family)
		return false;
	return !ctx->tab->only || (int)ifa->ifa_index == ctx->tab->only;
}

int addr_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFA_MAX + 1] = { NULL };
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addr_dump_ctx *ctx = data;
	struct addr_link *l;
	struct addr_entry e;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa) ||
	    !addr_wanted(ifa, ctx))
		return MNL_CB_OK;
	l = table_find_mut(ctx->tab, (int)ifa->ifa_index);
	if (!l || mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb) < 0)
		return MNL_CB_OK;
	if (addr_fill(&e, ifa, tb) < 0)
		return MNL_CB_OK;
	return addr_append(l, &e);
}

void addr_dump_reset(void *data)
{
	struct addr_dump_ctx *ctx = data;

	for (size_t i = 0; i < ctx->tab->n; i++) {
		free(ctx->tab->links[i].addrs);
		ctx->tab->links[i].addrs = NULL;
		ctx->tab->links[i].n_addrs = 0;
	}
}

static int link_cmp(const void *a, const void *b)
{
	const struct addr_link *x = a, *y = b;

	return (x->li.ifindex > y->li.ifindex) - (x->li.ifindex < y->li.ifindex);
}

const struct addr_link *addr_table_find(const struct addr_table *tab,
					int ifindex)
{
	struct addr_link key = { .li.ifindex = ifindex };

	if (!tab->n || ifindex <= 0)
		return NULL;
	return bsearch(&key, tab->links, tab->n, sizeof(key), link_cmp);
}

void addr_table_free(struct addr_table *tab)
{
	for (size_t i = 0; i < tab->n; i++)
		free(tab->links[i].addrs);
	free(tab->links);
	*tab = (struct addr_table){ 0 };
}

int addr_table_set_links(struct addr_table *tab, const struct link_info *list,
			 size_t n, const char *dev, const char *label,
			 struct nsx_err *err)
{
	*tab = (struct addr_table){ 0 };
	if (n && !(tab->links = calloc(n, sizeof(*tab->links))))
		return nsx_fail(err, ENOMEM, "link dump");
	for (size_t i = 0; i < n; i++) {
		tab->links[i].li = list[i];
		/* "" asks for every link, even one whose name is missing. */
		if (dev && dev[0] && link_has_name(&list[i], dev))
			tab->only = list[i].ifindex;
	}
	tab->n = n;
	if (n) /* links is NULL then, which qsort must not be given */
		qsort(tab->links, n, sizeof(*tab->links), link_cmp);
	if (dev && dev[0] && !tab->only)
		return nsx_failx(err, ENODEV, "dev %s: no such device in %s",
				 dev, label);
	return 0;
}

/* Every link (names of peers and masters are needed even for one dev). */
static int dump_links(struct nl *nl, const char *dev, int family,
		      struct addr_table *tab, struct nsx_err *err)
{
	struct link_info *list = NULL;
	size_t n = 0;
	int r;

	/* With a dev, its altnames are needed: only the full view has them. */
	r = link_list_af(nl, dev && dev[0] ? AF_UNSPEC : family, NULL, &list,
			 &n, err);
	if (r < 0)
		return r;
	r = addr_table_set_links(tab, list, n, dev, nl->label, err);
	free(list);
	return r;
}

static int dump_addrs(struct nl *nl, struct addr_dump_ctx *ctx,
		      struct nsx_err *err)
{
	char buf[DUMP_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = (uint8_t)ctx->family;
	return nl_dump(nl, nlh, addr_dump_cb, addr_dump_reset, ctx,
		       "address dump", err);
}

int addr_dump(struct nl *nl, const char *dev, int family, bool with_addrs,
	      struct addr_table *tab, struct nsx_err *err)
{
	struct addr_dump_ctx ctx = { .tab = tab, .family = family };
	int r;

	*tab = (struct addr_table){ 0 };
	r = dump_links(nl, dev, family, tab, err);
	if (r == 0 && with_addrs)
		r = dump_addrs(nl, &ctx, err);
	if (r < 0)
		addr_table_free(tab);
	return r;
}

int addr_show_dump(struct nl *nl, const struct addr_req *req,
		   struct addr_table *tab, struct nsx_err *err)
{
	/* The links as -4/-6 ask for them, the addresses of the family a
	 * "to" prefix may have chosen. */
	struct addr_dump_ctx ctx = { .tab = tab, .family = req->filter.family };
	int r;

	*tab = (struct addr_table){ 0 };
	r = dump_links(nl, req->dev, req->opts.family, tab, err);
	if (r == 0)
		r = dump_addrs(nl, &ctx, err);
	if (r == 0)
		r = addr_filter_apply(nl, &req->filter, tab, err);
	if (r < 0)
		addr_table_free(tab);
	return r;
}
