/*
 * nlcheck.h - nsx's netlink messages and attributes (src/nlmsg.c) against
 * libmnl, an independent implementation of the same kernel format, on the
 * bytes of one datagram (the nlreply harness's input)
 *
 * - Every message's attributes, and those nested in them: both walks find
 *   the same ones, of the same type and length, each valid or not alike
 *   for every kind; nla_parse keeps what a libmnl callback applying the
 *   same policy keeps.
 * - Every message built again from what was read (header, family header,
 *   attributes, nests) by both: the same bytes. nsx builds it once more in
 *   a smaller buffer: all of it, or the request is full, and nothing is
 *   written past the buffer.
 * - The datagram read strictly by nlmsg_run and by mnl_cb_run2 as
 *   netns_nl.c used it: the same messages reach the callback and the same
 *   end or error comes out.
 */
#ifndef NSX_FUZZ_NLCHECK_H
#define NSX_FUZZ_NLCHECK_H

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "nsx/nlmsg.h"
#include "reqcheck.h"

#define NLCHECK_MAX_ATTRS 512
#define NLCHECK_BUF 65536

/* The bytes of the whole messages at the start of buf. libmnl 1.0.4 takes
 * a length of 2 GiB or more for a valid one (it compares it as an int) and
 * steps 4 GiB ahead: it is given only what it can walk. */
static inline size_t nlcheck_whole(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	while (mnl_nlmsg_ok(nlh, left) && nlh->nlmsg_len <= (unsigned)left)
		nlh = mnl_nlmsg_next(nlh, &left);
	return (size_t)((const char *)nlh - (const char *)buf);
}

/* The family header before a message's attributes, by its type. */
static inline size_t nlcheck_hdrlen(const struct nlmsghdr *nlh)
{
	switch (nlh->nlmsg_type & ~3) {
	case RTM_BASE:
		return sizeof(struct ifinfomsg);
	case RTM_BASE + 4:
		return sizeof(struct ifaddrmsg);
	case RTM_BASE + 8:
		return sizeof(struct rtmsg);
	}
	return nlh->nlmsg_type == RTM_NEWNSID ? sizeof(struct rtgenmsg) : 0;
}

/* ---- walking and validating ---- */

static const struct {
	enum nla_kind nsx;
	enum mnl_attr_data_type mnl;
} nlcheck_kinds[] = {
	{ NLA_ANY, MNL_TYPE_UNSPEC },    { NLA_U8, MNL_TYPE_U8 },
	{ NLA_U16, MNL_TYPE_U16 },       { NLA_U32, MNL_TYPE_U32 },
	{ NLA_U64, MNL_TYPE_U64 },       { NLA_FLAG, MNL_TYPE_FLAG },
	{ NLA_STRING, MNL_TYPE_STRING }, { NLA_NUL_STRING, MNL_TYPE_NUL_STRING },
	{ NLA_NESTED, MNL_TYPE_NESTED },
};
_Static_assert(NLA_EXACT == ARRAY_SIZE(nlcheck_kinds), "NLA_EXACT is last");

static inline void nlcheck_attr(const struct nlattr *a)
{
	/* validate2 takes 0 for "any length"; nla_valid_len, for empty. */
	static const size_t lens[] = { 1, 2, 4, 8, 16, 20 };

	if (nla_type(a) != mnl_attr_get_type(a) ||
	    nla_datalen(a) != mnl_attr_get_payload_len(a) ||
	    nla_data(a) != mnl_attr_get_payload(a))
		fuzz_fail("attribute: type, length or payload differ");
	for (size_t k = 0; k < ARRAY_SIZE(nlcheck_kinds); k++)
		if (nla_valid(a, nlcheck_kinds[k].nsx) !=
		    (mnl_attr_validate(a, nlcheck_kinds[k].mnl) == 0))
			fuzz_fail("attribute of %u bytes: kind %d judged "
				  "otherwise", nla_datalen(a),
				  nlcheck_kinds[k].nsx);
	for (size_t k = 0; k < ARRAY_SIZE(lens); k++)
		if (nla_valid_len(a, lens[k]) !=
		    (mnl_attr_validate2(a, MNL_TYPE_UNSPEC, lens[k]) == 0))
			fuzz_fail("attribute of %u bytes: length %zu judged "
				  "otherwise", nla_datalen(a), lens[k]);
}

/* The attributes nested in nest, by both, depth levels down. */
static inline void nlcheck_nested(const struct nlattr *nest, int depth)
{
	const struct nlattr *a, *mine[NLCHECK_MAX_ATTRS];
	struct nla_iter it;
	struct nlattr *m;
	size_t n = 0, k = 0;

	nla_for_each_nested(a, it, nest)
		if (n < NLCHECK_MAX_ATTRS)
			mine[n++] = a;
	mnl_attr_for_each_nested(m, nest) {
		if (k >= n || mine[k] != m)
			fuzz_fail("nested attribute %zu: not nsx's", k);
		if (++k == NLCHECK_MAX_ATTRS)
			break;
	}
	if (k != n)
		fuzz_fail("nested: %zu attributes, libmnl %zu", n, k);
	for (size_t i = 0; i < n; i++) {
		nlcheck_attr(mine[i]);
		if (depth && nla_valid(mine[i], NLA_NESTED))
			nlcheck_nested(mine[i], depth - 1);
	}
}

struct nlcheck_parse {
	const struct nla_policy *policy;
	uint16_t max;
	const struct nlattr **tb;
};

/* nla_parse as a libmnl callback: mnl_attr_type_valid, then the check. */
static inline int nlcheck_parse_cb(const struct nlattr *a, void *data)
{
	const struct nlcheck_parse *p = data;
	const struct nla_policy *pol;

	if (mnl_attr_type_valid(a, p->max) < 0)
		return MNL_CB_OK;
	pol = &p->policy[mnl_attr_get_type(a)];
	if (pol->kind == NLA_EXACT && !pol->len ?
		    mnl_attr_get_payload_len(a) != 0 :
	    pol->kind == NLA_EXACT ?
		    mnl_attr_validate2(a, MNL_TYPE_UNSPEC, pol->len) < 0 :
		    mnl_attr_validate(a, nlcheck_kinds[pol->kind].mnl) < 0)
		return MNL_CB_OK;
	p->tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

/* A policy drawn from the message's own sequence number and port. */
static inline void nlcheck_parse(const struct nlmsghdr *nlh, size_t hdrlen)
{
	struct nla_policy policy[64];
	const struct nlattr *tb[64], *ref[64] = { NULL };
	uint64_t bits = ((uint64_t)nlh->nlmsg_seq << 32) | nlh->nlmsg_pid;
	uint16_t max = (uint16_t)(bits % 64);
	struct nlcheck_parse p = { .policy = policy, .max = max, .tb = ref };

	for (size_t i = 0; i < ARRAY_SIZE(policy); i++) {
		bits = bits * 6364136223846793005u + 1442695040888963407u;
		policy[i] = (struct nla_policy){
			.kind = (enum nla_kind)((bits >> 33) % (NLA_EXACT + 1)),
			.len = (uint16_t)((bits >> 40) % 24) };
	}
	nla_parse(nlh, hdrlen, tb, max, policy);
	mnl_attr_parse(nlh, (unsigned)hdrlen, nlcheck_parse_cb, &p);
	for (size_t i = 0; i <= max; i++)
		if (tb[i] != ref[i])
			fuzz_fail("nla_parse: type %zu kept otherwise", i);
}

/* One message's attributes; copy has room for it, aligned. */
static inline void nlcheck_walk(const struct nlmsghdr *msg, char *copy)
{
	/* libmnl walks to the aligned end of a message, nsx to its length:
	 * the two agree on a copy whose length is aligned. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)copy;
	size_t hdrlen = nlcheck_hdrlen(msg), n = 0, k = 0;
	const struct nlattr *a, *mine[NLCHECK_MAX_ATTRS];
	struct nla_iter it;
	struct nlattr *m;

	/* In the datagram itself: nothing past the message's length. */
	nla_for_each_msg(a, it, msg, hdrlen)
		if ((const char *)a + a->nla_len >
		    (const char *)msg + msg->nlmsg_len)
			fuzz_fail("attribute past the message's length");
	memset(copy, 0, nlmsg_align(msg->nlmsg_len));
	memcpy(copy, msg, msg->nlmsg_len);
	nlh->nlmsg_len = (uint32_t)nlmsg_align(msg->nlmsg_len);
	nla_for_each_msg(a, it, nlh, hdrlen)
		if (n < NLCHECK_MAX_ATTRS)
			mine[n++] = a;
	mnl_attr_for_each(m, nlh, hdrlen) {
		if (k >= n || mine[k] != m)
			fuzz_fail("attribute %zu: not nsx's", k);
		if (++k == NLCHECK_MAX_ATTRS)
			break;
	}
	if (k != n)
		fuzz_fail("%zu attributes, libmnl %zu", n, k);
	for (size_t i = 0; i < n; i++) {
		nlcheck_attr(mine[i]);
		if (nla_valid(mine[i], NLA_NESTED))
			nlcheck_nested(mine[i], 3);
	}
	nlcheck_parse(nlh, hdrlen);
}

/* ---- building ---- */

struct nlcheck_build {
	struct nlmsghdr *ref; /* libmnl's, NLCHECK_BUF bytes */
	struct nlmsg_buf m;   /* nsx's */
};

/* The attributes of a run again, into both: a valid nest as a nest. */
static inline void nlcheck_put_attrs(struct nlcheck_build *b,
				     struct nla_iter *it, int depth)
{
	const struct nlattr *a;

	while ((a = nla_iter_next(it))) {
		struct nla_iter in;

		if (depth && (a->nla_type & NLA_F_NESTED) &&
		    nla_valid(a, NLA_NESTED)) {
			struct nlattr *rn = mnl_attr_nest_start(b->ref,
								nla_type(a));
			struct nlattr *mn = nla_nest_start(&b->m, nla_type(a));

			nla_iter_nested(&in, a);
			nlcheck_put_attrs(b, &in, depth - 1);
			mnl_attr_nest_end(b->ref, rn);
			nla_nest_end(&b->m, mn);
			continue;
		}
		mnl_attr_put(b->ref, a->nla_type, nla_datalen(a), nla_data(a));
		nla_put(&b->m, a->nla_type, nla_datalen(a), nla_data(a));
	}
}

/* msg again, in nsx's buffer of size bytes and libmnl's. */
static inline void nlcheck_build_one(const struct nlmsghdr *msg, char *ref,
				     char *mine, size_t size)
{
	struct nlcheck_build b = { .ref = (struct nlmsghdr *)ref };
	size_t hdrlen = nlcheck_hdrlen(msg);
	struct nla_iter it;

	/* Garbage under nsx's request: it must write every byte. */
	memset(mine, 0xa5, size);
	/* A message built again is at most a few bytes of padding longer
	 * than the original (under NLCHECK_BUF / 2): libmnl's part of ref
	 * is cleared, as it does not clear padding itself. */
	memset(ref, 0, NLCHECK_BUF);
	mnl_nlmsg_put_header(b.ref);
	nlmsg_put_header(&b.m, mine, size);
	b.ref->nlmsg_type = b.m.nlh->nlmsg_type = msg->nlmsg_type;
	if (hdrlen <= nlmsg_datalen(msg)) {
		memcpy(mnl_nlmsg_put_extra_header(b.ref, hdrlen),
		       nlmsg_data(msg), hdrlen);
		if (nlmsg_put_extra(&b.m, hdrlen))
			memcpy((char *)b.m.nlh + NLMSG_HDRLEN, nlmsg_data(msg),
			       hdrlen);
		nla_iter_msg(&it, msg, hdrlen);
		nlcheck_put_attrs(&b, &it, 4);
	}
	if (!b.m.full && (b.m.nlh->nlmsg_len != b.ref->nlmsg_len ||
			  memcmp(mine, ref, b.ref->nlmsg_len)))
		fuzz_fail("message of %u bytes built again: not libmnl's "
			  "(%u bytes)", b.m.nlh->nlmsg_len, b.ref->nlmsg_len);
	if (b.m.full != (b.ref->nlmsg_len > size))
		fuzz_fail("message of %u bytes: full %d in %zu",
			  b.ref->nlmsg_len, b.m.full, size);
}

/* ---- a strict reading of the datagram ---- */

struct nlcheck_count {
	unsigned calls, fail_at; /* the callback fails on call fail_at */
};

static inline int nlcheck_nsx_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlcheck_count *c = data;

	(void)nlh;
	return ++c->calls == c->fail_at ? -ENOMEM : 0;
}

static inline int nlcheck_mnl_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlcheck_count *c = data;

	(void)nlh;
	if (++c->calls != c->fail_at)
		return MNL_CB_OK;
	errno = ENOMEM;
	return MNL_CB_ERROR;
}

/* An error message as netns_nl.c had libmnl take it. */
static inline int nlcheck_mnl_error(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (e->error == 0)
		return MNL_CB_STOP;
	/* Not an errno: no comparison is made (nlcheck_errors_plain). */
	errno = e->error < 0 && e->error >= -4095 ? -e->error : EPROTO;
	return MNL_CB_ERROR;
}

/* Is every error in buf the kernel's kind (0 or -errno)? libmnl took any
 * int for an errno; nsx refuses one that is not. */
static inline bool nlcheck_errors_plain(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;

	for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		const struct nlmsgerr *e = nlmsg_data(nlh);

		if (nlh->nlmsg_type == NLMSG_ERROR &&
		    nlmsg_datalen(nlh) >= sizeof(*e) &&
		    (e->error > 0 || e->error < -4095))
			return false;
	}
	return true;
}

static inline void nlcheck_run(const void *buf, size_t len, uint32_t seq,
			       uint32_t portid, unsigned fail_at)
{
	static mnl_cb_t ctl[NLMSG_ERROR + 1] = {
		[NLMSG_ERROR] = nlcheck_mnl_error
	};
	struct nlcheck_count a = { .fail_at = fail_at }, b = a;
	const char *ext;
	int r, ref, ref_errno;

	r = nlmsg_run(buf, len, seq, portid, nlcheck_nsx_cb, &a, &ext);
	errno = 0;
	ref = mnl_cb_run2(buf, nlcheck_whole(buf, len), seq, portid,
			  nlcheck_mnl_cb, &b, ctl, ARRAY_SIZE(ctl));
	ref_errno = errno;
	if (r > 1 || (ext && (r >= 0 || !*ext)))
		fuzz_fail("nlmsg_run: %d, explanation '%s'", r, ext ? ext : "");
	if (!nlcheck_errors_plain(buf, len))
		return;
	if (a.calls != b.calls)
		fuzz_fail("nlmsg_run: %u messages, libmnl %u", a.calls, b.calls);
	if ((r > 0) != (ref > MNL_CB_STOP) ||
	    (r == 0) != (ref == MNL_CB_STOP) || (r < 0 && -r != ref_errno))
		fuzz_fail("nlmsg_run: %d, libmnl %d (errno %d)", r, ref,
			  ref_errno);
}

/* ---- all of it ---- */

static inline void nlcheck_datagram(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	char *ref = malloc(NLCHECK_BUF), *copy = malloc(NLCHECK_BUF);
	size_t left = len;

	if (!ref || !copy)
		goto out;
	for (; nlmsg_ok(nlh, left); nlh = nlmsg_next(nlh, &left)) {
		/* The sizes around what it takes: too small, just enough. */
		size_t sizes[] = { NLMSG_HDRLEN, nlh->nlmsg_len / 2,
				   nlh->nlmsg_len, NLCHECK_BUF };

		if (nlmsg_align(nlh->nlmsg_len) > NLCHECK_BUF / 2)
			continue;
		nlcheck_walk(nlh, copy);
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
			char *mine = malloc(sizes[i] < NLMSG_HDRLEN ?
						    NLMSG_HDRLEN : sizes[i]);

			if (!mine)
				break;
			nlcheck_build_one(nlh, ref, mine,
					  sizes[i] < NLMSG_HDRLEN ? NLMSG_HDRLEN
								  : sizes[i]);
			free(mine);
		}
	}
	nlh = buf;
	if (len >= NLMSG_HDRLEN) {
		nlcheck_run(buf, len, nlh->nlmsg_seq, nlh->nlmsg_pid,
			    nlh->nlmsg_seq % 8);
		nlcheck_run(buf, len, 0, 0, 0);
	}
out:
	free(copy);
	free(ref);
}

#endif
