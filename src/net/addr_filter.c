/* addr_filter.c - the selectors of addr show and flush, as ip applies them */
#include <errno.h>
#include <fnmatch.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"

#define FILTER_MSG_SIZE 4096

/* "type KIND"; ip's KIND_slave (a port's master kind) is not taken. */
static int filter_kind(const char *kind, struct addr_filter *f,
		       struct nsx_err *err)
{
	size_t n = strlen(kind);

	if (n >= 6 && streq(kind + n - 6, "_slave"))
		return nsx_failx(err, NSX_EUSAGE, "addr: type %s: '_slave' "
				 "kinds are ip's, nsx does not support them",
				 kind);
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	return 0;
}

static int filter_word(int argc, char **argv, int *i, struct addr_req *req,
		       bool *have_dev, struct nsx_err *err)
{
	struct addr_filter *f = &req->filter;
	const char *w = argv[*i];
	bool value = streq(w, "to") || streq(w, "scope") ||
		     streq(w, "label") || streq(w, "type") || streq(w, "dev");

	if (streq(w, "up")) {
		f->up = true;
		return 0;
	}
	if (addr_flag_selector(w, &f->flags, &f->flagmask))
		return 0;
	if (streq(w, "group") || streq(w, "master") || streq(w, "vrf") ||
	    streq(w, "nomaster"))
		return net_refuse_ip_word("addr", w, err);
	if (value && addr_need_value(argc, *i, w, err) < 0)
		return -NSX_EUSAGE;
	if (value)
		++*i;
	if (streq(w, "to")) {
		int fam = req->family;
		int r;

		req->family = f->family;
		r = addr_parse_inet(argv[*i], true, req, &f->to, err);
		f->family = req->family;
		req->family = fam;
		return r;
	}
	if (streq(w, "scope")) {
		f->scope_set = !streq(argv[*i], "all");
		if (f->scope_set && addr_scope_parse(argv[*i], &f->scope) < 0)
			return nsx_failx(err, NSX_EUSAGE, "addr: scope '%s': not "
					 "a scope name, 0..255 or all", argv[*i]);
		return 0;
	}
	if (streq(w, "label")) {
		snprintf(f->label, sizeof(f->label), "%s", argv[*i]);
		return 0;
	}
	if (streq(w, "type"))
		return filter_kind(argv[*i], f, err);
	/* "dev NAME", or any other word names the link, as in ip. */
	if (*have_dev)
		return nsx_failx(err, NSX_EUSAGE, "addr: '%s': a second "
				 "device, or a word nsx does not know",
				 argv[*i]);
	*have_dev = true;
	return net_parse_dev(argv[*i], req->dev, err);
}

int addr_filter_parse(int argc, char **argv, struct addr_req *req,
		      struct nsx_err *err)
{
	bool have_dev = false;

	req->filter.family = req->opts.family;
	req->filter.any = argc > 0;
	for (int i = 0; i < argc; i++)
		if (filter_word(argc, argv, &i, req, &have_dev, err) < 0)
			return -err->code;
	return 0;
}

/* The first len bits of a and b are equal. */
static bool prefix_match(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned bytes = len / 8, bits = len % 8;

	if (memcmp(a, b, bytes))
		return false;
	return !bits || !((a[bytes] ^ b[bytes]) & (0xff00u >> bits));
}

bool addr_filter_match(const struct addr_filter *f, const struct addr_link *l,
		       const struct addr_entry *e)
{
	const char *label = e->label[0] ? e->label : l->li.ifname;

	if (f->family && e->local.family != f->family)
		return false;
	if (f->scope_set && e->scope != f->scope)
		return false;
	if ((f->flags ^ e->flags) & f->flagmask)
		return false;
	if (f->label[0] && fnmatch(f->label, label, 0))
		return false;
	if (f->to.family && f->to.len &&
	    (f->to.family != e->local.family ||
	     !prefix_match(f->to.bytes, e->local.bytes, f->to.len)))
		return false;
	return true;
}

/* ---- "type KIND": the links the kernel's own kind filter returns ---- */

struct kind_ctx {
	int *ids;
	size_t n;
};

static int kind_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct kind_ctx *k = data;
	int *grown;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	grown = reallocarray(k->ids, k->n + 1, sizeof(*grown));
	if (!grown) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	k->ids = grown;
	k->ids[k->n++] = ifi->ifi_index;
	return MNL_CB_OK;
}

static void kind_reset(void *data)
{
	struct kind_ctx *k = data;

	free(k->ids);
	*k = (struct kind_ctx){ 0 };
}

/* A kind the kernel does not know filters nothing there, as for ip. */
static int kind_dump(struct nl *nl, const char *kind, struct kind_ctx *k,
		     struct nsx_err *err)
{
	char buf[FILTER_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct nlattr *nest;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	nest = mnl_attr_nest_start_check(nlh, sizeof(buf), IFLA_LINKINFO);
	if (!nest || !mnl_attr_put_strz_check(nlh, sizeof(buf),
					      IFLA_INFO_KIND, kind))
		return nl_full(err, "link dump");
	mnl_attr_nest_end(nlh, nest);
	return nl_dump(nl, nlh, kind_cb, kind_reset, k, "link dump", err);
}

static bool kind_has(const struct kind_ctx *k, int ifindex)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->ids[i] == ifindex)
			return true;
	return false;
}

/* Mark l's addresses that do not match; how ip then prints the link. */
static enum addr_link_show filter_link(const struct addr_filter *f,
				       struct addr_link *l)
{
	size_t kept = 0, had = l->n_addrs;

	/* ip leaves an empty JSON object where an address does not match. */
	for (size_t i = 0; i < l->n_addrs; i++) {
		l->addrs[i].hidden = !addr_filter_match(f, l, &l->addrs[i]);
		kept += !l->addrs[i].hidden;
	}
	if (!kept && (had || f->family != AF_UNSPEC))
		return ADDR_LINK_HIDDEN;
	if (f->up && !(l->li.flags & IFF_UP))
		return ADDR_LINK_EMPTY;
	if (f->label[0])
		return ADDR_LINK_ADDRS;
	if (f->kind[0] && !streq(f->kind, l->li.kind))
		return ADDR_LINK_EMPTY;
	return ADDR_LINK_FULL;
}

int addr_filter_apply(struct nl *nl, const struct addr_filter *f,
		      struct addr_table *tab, struct nsx_err *err)
{
	struct kind_ctx k = { 0 };
	bool by_kind = f->kind[0] && !tab->only;
	int r = by_kind ? kind_dump(nl, f->kind, &k, err) : 0;

	for (size_t i = 0; r == 0 && i < tab->n; i++) {
		struct addr_link *l = &tab->links[i];

		if ((tab->only && l->li.ifindex != tab->only) ||
		    (by_kind && !kind_has(&k, l->li.ifindex)))
			l->show = ADDR_LINK_HIDDEN;
		else
			l->show = filter_link(f, l);
	}
	free(k.ids);
	return r;
}
