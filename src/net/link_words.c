/* link_words.c - the words `link add` and `link set` share: queue length,
 * alias, group, the on/off flags, up and down */
#include <errno.h>
#include <net/if.h>

#include "link_int.h"

/* A number whole, 0x.. and 0.. as ip reads them, at most max. */
static int words_num(const char *s, unsigned long long max, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > max)
		return -EINVAL;
	*v = (uint32_t)n;
	return 0;
}

static int take_txqlen(struct link_req *r, const char *v, struct nsx_err *err)
{
	if (words_num(v, UINT32_MAX, &r->txqlen) < 0)
		return nsx_failx(err, EINVAL, "txqlen '%s': not a number", v);
	r->has_txqlen = true;
	return 0;
}

static int take_alias(struct link_req *r, const char *v, struct nsx_err *err)
{
	if (nsx_strlcpy(r->alias, v, sizeof(r->alias)) < 0)
		return nsx_failx(err, EINVAL, "alias: longer than %d bytes",
				 LINK_ALIAS_MAX - 1);
	r->has_alias = true;
	return 0;
}

static int take_group(struct link_req *r, const char *v, struct nsx_err *err)
{
	if (streq(v, "default"))
		r->group = 0;
	else if (words_num(v, UINT32_MAX, &r->group) < 0)
		return nsx_failx(err, EINVAL, "group '%s': not a group "
				 "(a number or default)", v);
	r->has_group = true;
	return 0;
}

static int take_queues(uint32_t *q, const char *w, const char *v,
		       struct nsx_err *err)
{
	if (words_num(v, UINT32_MAX, q) < 0)
		return nsx_failx(err, EINVAL, "%s '%s': not a number", w, v);
	return 0;
}

static int take_numtx(struct link_req *r, const char *v, struct nsx_err *err)
{
	return take_queues(&r->num_tx, "numtxqueues", v, err);
}

static int take_numrx(struct link_req *r, const char *v, struct nsx_err *err)
{
	return take_queues(&r->num_rx, "numrxqueues", v, err);
}

/* on|off for flag; inverted for arp, which the kernel keeps as NOARP. */
static int take_onoff(struct link_req *r, const char *w, const char *v,
		      unsigned flag, bool inverted, struct nsx_err *err)
{
	bool on = streq(v, "on");

	if (!on && !streq(v, "off"))
		return nsx_failx(err, LINK_ECHECK, "%s: must be on or off, "
				 "not '%s'", w, v);
	r->ifi_change |= flag;
	if (on != inverted)
		r->ifi_flags |= flag;
	else
		r->ifi_flags &= ~flag;
	return 0;
}

static int take_promisc(struct link_req *r, const char *v, struct nsx_err *err)
{
	return take_onoff(r, "promisc", v, IFF_PROMISC, false, err);
}

static int take_allmulti(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	return take_onoff(r, "allmulticast", v, IFF_ALLMULTI, false, err);
}

static int take_multicast(struct link_req *r, const char *v,
			  struct nsx_err *err)
{
	return take_onoff(r, "multicast", v, IFF_MULTICAST, false, err);
}

static int take_arp(struct link_req *r, const char *v, struct nsx_err *err)
{
	return take_onoff(r, "arp", v, IFF_NOARP, true, err);
}

static int take_up(struct link_req *r, const char *v, struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->up = 1;
	return 0;
}

static int take_down(struct link_req *r, const char *v, struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->up = 0;
	return 0;
}

const struct word link_common_words[] = {
	{ "up", true, take_up },              { "down", true, take_down },
	{ "txqlen", false, take_txqlen },     { "qlen", false, take_txqlen },
	{ "txqueuelen", false, take_txqlen }, { "alias", false, take_alias },
	{ "group", false, take_group },       { "promisc", false, take_promisc },
	{ "allmulticast", false, take_allmulti },
	{ "multicast", false, take_multicast }, { "arp", false, take_arp },
	{ "numtxqueues", false, take_numtx }, { "numrxqueues", false, take_numrx },
	{ NULL, false, NULL },
};
