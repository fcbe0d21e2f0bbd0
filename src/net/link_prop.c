/* link_prop.c - a link's alternative names: link property add|del */
#include <errno.h>
#include <linux/rtnetlink.h>

#include "nsx/net/link.h"

int link_prop(struct nl *nl, const struct link_req *r, struct nsx_err *err)
{
	char buf[NL_MSG_SIZE] = { 0 }, what[64];
	struct nlmsghdr *h = nl_msg(nl, buf, r->prop_del ? RTM_DELLINKPROP
					   : RTM_NEWLINKPROP,
				    r->prop_del ? 0 : NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(h, sizeof(*ifm));
	struct nlattr *list;
	int rc;

	ifm->ifi_family = AF_UNSPEC;
	snprintf(what, sizeof(what), "link property %s %s",
		 r->prop_del ? "del" : "add", r->name);
	if (!mnl_attr_put_strz_check(h, NL_MSG_SIZE, IFLA_IFNAME, r->name))
		return nl_full(err, what);
	list = mnl_attr_nest_start_check(h, NL_MSG_SIZE, IFLA_PROP_LIST);
	if (!list)
		return nl_full(err, what);
	for (size_t at = 0; at < r->altname_len; at += strlen(r->altname + at) + 1)
		if (!mnl_attr_put_strz_check(h, NL_MSG_SIZE, IFLA_ALT_IFNAME,
					     r->altname + at))
			return nl_full(err, what);
	mnl_attr_nest_end(h, list);
	rc = nl_talk(nl, h, NULL, NULL, what, err);
	/* ip looks the device up first: its "Cannot find device" is 1. */
	if (rc == -ENODEV && !(nl->pipe && nl->defer))
		return nsx_failx(err, ENODEV, "%s: no such device", what);
	return rc;
}
