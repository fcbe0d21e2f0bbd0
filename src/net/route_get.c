/* route_get.c - "route get ADDR": the route the kernel would take */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"
#include "route_int.h"

/* ip's words of get that nsx does not take. */
static const char *const refused[] = {
	"notify", "connected", "vrf", "uid", "as", "sport", "dport",
	"ipproto", NULL,
};

static int get_word(struct route_words *w, struct route_req *req)
{
	const char *word = w->argv[w->i], *v;
	unsigned long n;

	for (size_t k = 0; refused[k]; k++)
		if (streq(refused[k], word))
			return nsx_failx(w->err, NSX_EUSAGE, "route: '%s' is "
					 "ip's, nsx does not support it", word);
	if (streq(word, "fibmatch")) {
		req->fibmatch = true;
		return 0;
	}
	if (streq(word, "from")) {
		req->has_from = true;
		return !(v = route_words_next(w)) ? -NSX_EUSAGE :
			route_words_addr(w, v, true, &req->family, &req->from);
	}
	if (streq(word, "iif") || streq(word, "oif") || streq(word, "dev"))
		return !(v = route_words_next(w)) ? -NSX_EUSAGE :
			net_parse_dev(v, word[0] == 'i' ? req->iif : req->dev,
				      w->err);
	if (streq(word, "mark")) {
		if (!(v = route_words_next(w)))
			return -NSX_EUSAGE;
		if (route_num(v, 0, UINT32_MAX, &n) < 0)
			return route_words_bad(w, v);
		req->mark = (uint32_t)n;
		return 0;
	}
	if (streq(word, "tos") || streq(word, "dsfield"))
		return !(v = route_words_next(w)) ? -NSX_EUSAGE :
			route_dsfield_id(v, &req->tos) < 0 ?
			route_words_bad(w, v) : 0;
	if (streq(word, "to") && !(word = route_words_next(w)))
		return -NSX_EUSAGE;
	if (net_refuse_ip_word("route", word, w->err) < 0)
		return -NSX_EUSAGE;
	req->has_dst = true;
	if (streq(word, "default") || streq(word, "all") || streq(word, "any")) {
		/* the unspecified address of the line's family */
		req->dst = (struct inet_prefix){ .family = req->family ?
						 req->family : AF_INET };
		req->family = req->dst.family;
		return 0;
	}
	return route_words_addr(w, word, true, &req->family, &req->dst);
}

int route_parse_get(int argc, char **argv, struct route_req *req,
		    struct nsx_err *err)
{
	struct route_words w = { .argc = argc, .argv = argv, .err = err };

	req->family = req->opts.family;
	for (w.i = 0; w.i < argc; w.i++)
		if (get_word(&w, req) < 0)
			return -err->code;
	if (!req->has_dst) /* route_get says so, with ip's 1 */
		return 0;
	/* ip asks for the host whatever length was written. */
	req->dst.len = (uint8_t)(inet_family_size(req->dst.family) * 8);
	if (req->has_from && !req->from.has_len)
		req->from.len = req->dst.len;
	return 0;
}

struct get_ctx {
	struct route_entry *e;
	bool found;
};

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	struct get_ctx *c = data;

	if (!c->found && route_entry_parse(nlh, c->e) == 0)
		c->found = true;
	return MNL_CB_OK;
}

static int get_index(struct nl *nl, const char *dev, int *ifindex,
		     struct nsx_err *err)
{
	*ifindex = 0;
	return dev[0] ? addr_dev_index(nl, dev, ifindex, err) : 0;
}

int route_get(struct nl *nl, const struct route_req *req,
	      struct route_entry *e, struct nsx_err *err)
{
	char buf[ROUTE_MSG_SIZE] __attribute__((aligned(8))) = { 0 };
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct get_ctx c = { .e = e };
	size_t size = inet_family_size(req->family);
	int iif, oif, r;
	bool ok = true;

	if (!req->has_dst)
		return nsx_failx(err, EINVAL, "route get: needs a destination "
				 "address");
	if ((r = get_index(nl, req->iif, &iif, err)) < 0 ||
	    (r = get_index(nl, req->dev, &oif, err)) < 0)
		return r;
	rtm->rtm_family = (uint8_t)req->family;
	rtm->rtm_tos = req->tos;
	rtm->rtm_dst_len = req->dst.len;
	/* Only IPv4 knows RTM_F_LOOKUP_TABLE, which names the table. */
	if (req->family == AF_INET)
		rtm->rtm_flags |= RTM_F_LOOKUP_TABLE;
	if (req->fibmatch)
		rtm->rtm_flags |= RTM_F_FIB_MATCH;
	ok &= mnl_attr_put_check(nlh, sizeof(buf), RTA_DST, size,
				 req->dst.bytes);
	if (req->has_from) {
		rtm->rtm_src_len = req->from.len;
		ok &= mnl_attr_put_check(nlh, sizeof(buf), RTA_SRC, size,
					 req->from.bytes);
	}
	if (iif)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_IIF,
					     (uint32_t)iif);
	if (oif)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_OIF,
					     (uint32_t)oif);
	if (req->mark)
		ok &= mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_MARK,
					     req->mark);
	if (!ok)
		return nl_full(err, "route get");
	r = nl_talk(nl, nlh, get_cb, &c, "route get", err);
	if (r == 0 && !c.found)
		return nsx_failx(err, EPROTO, "route get: no route in the "
				 "kernel's answer");
	return r;
}
