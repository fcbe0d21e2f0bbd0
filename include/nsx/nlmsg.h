/* nlmsg.h - netlink sockets, messages and attributes, from the kernel's formats */
#ifndef NSX_NLMSG_H
#define NSX_NLMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <linux/netlink.h>

/*
 * The wire format is <linux/netlink.h>'s: a message is a struct nlmsghdr,
 * a family header (ifinfomsg, rtmsg...) and attributes; an attribute is a
 * struct nlattr and its payload. Headers and attributes start on 4-byte
 * boundaries (NLMSG_ALIGN, NLA_ALIGN) and the lengths in them leave the
 * padding out. Buffers given to any function here are 4-byte aligned.
 */

/* NLMSG_ALIGN and NLA_ALIGN (both 4) in size_t: the kernel's macros mask
 * with an unsigned int, which drops the upper half of a size_t. */
static inline size_t nlmsg_align(size_t len)
{
	return (len + 3) & ~(size_t)3;
}

/* ---- the socket ---- */

/* socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, bus); -1 and errno. */
int nlsock_open(int bus);
/* Bind fd to a port the kernel picks, which goes to *portid. */
int nlsock_bind(int fd, uint32_t *portid);
/* setsockopt(fd, SOL_NETLINK, opt, &val): NETLINK_EXT_ACK, ... */
int nlsock_setopt(int fd, int opt, int val);
/* Send len bytes (one or more messages) to the kernel. */
ssize_t nlsock_send(int fd, const void *buf, size_t len);
/* Receive one datagram into buf; one larger than size is an error
 * (ENOSPC), not a silently cut reply. */
ssize_t nlsock_recv(int fd, void *buf, size_t size);

/* ---- building a request ---- */

/*
 * A message built in a caller's buffer of size bytes. Every put checks
 * the room left: what does not fit is not written, and the message is
 * marked full, which the senders refuse (EMSGSIZE). Every byte up to
 * nlmsg_len is written (padding as zeros), so buf need not be cleared.
 */
struct nlmsg_buf {
	struct nlmsghdr *nlh;
	size_t size;
	bool full;
};

/* A header with nlmsg_len NLMSG_HDRLEN and all else 0, at the start of
 * buf; size must hold at least the header (a smaller buffer is a bug in
 * nsx, and aborts). */
struct nlmsghdr *nlmsg_put_header(struct nlmsg_buf *m, void *buf,
				  size_t size);
/* len zeroed bytes (a family header) at the end of the message, padded
 * to NLMSG_ALIGN; NULL when they do not fit. */
void *nlmsg_put_extra(struct nlmsg_buf *m, size_t len);

/* An attribute of type with len bytes of data, padded to NLA_ALIGN. */
void nla_put(struct nlmsg_buf *m, uint16_t type, size_t len,
	     const void *data);
void nla_put_u8(struct nlmsg_buf *m, uint16_t type, uint8_t v);
void nla_put_u16(struct nlmsg_buf *m, uint16_t type, uint16_t v);
void nla_put_u32(struct nlmsg_buf *m, uint16_t type, uint32_t v);
/* s with its terminating NUL. */
void nla_put_strz(struct nlmsg_buf *m, uint16_t type, const char *s);
/* A nested attribute (NLA_F_NESTED | type): the puts up to its
 * nla_nest_end are inside it. NULL when it does not fit; nla_nest_end
 * then does nothing. */
struct nlattr *nla_nest_start(struct nlmsg_buf *m, uint16_t type);
void nla_nest_end(struct nlmsg_buf *m, struct nlattr *nest);

/* ---- reading a reply ---- */

/* Called for one message of a reply: 0 to read on, -errno to stop. */
typedef int (*nlmsg_cb_fn)(const struct nlmsghdr *nlh, void *data);

/* Is there a whole message at nlh, among the left bytes of a datagram? */
static inline bool nlmsg_ok(const struct nlmsghdr *nlh, size_t left)
{
	return left >= NLMSG_HDRLEN && nlh->nlmsg_len >= NLMSG_HDRLEN &&
	       nlh->nlmsg_len <= left;
}

/* The message after nlh (nlmsg_ok), with *left counting down; past the
 * last one, *left is 0. */
static inline const struct nlmsghdr *nlmsg_next(const struct nlmsghdr *nlh,
						size_t *left)
{
	size_t step = nlmsg_align(nlh->nlmsg_len);

	if (step >= *left) {
		*left = 0;
		return nlh;
	}
	*left -= step;
	return (const void *)((const char *)nlh + step);
}

/* The payload of a message (nlmsg_ok): its family header first. */
static inline const void *nlmsg_data(const struct nlmsghdr *nlh)
{
	return (const char *)nlh + NLMSG_HDRLEN;
}

static inline size_t nlmsg_datalen(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len - NLMSG_HDRLEN;
}

/*
 * The error an NLMSG_ERROR or NLMSG_DONE carries: 0 for an ack or the end
 * of a dump, else -errno; -EBADMSG when it is too short to hold one, and
 * -EPROTO when it is no errno at all (the kernel's are under 4096).
 */
int nlmsg_error(const struct nlmsghdr *nlh);
/* The kernel's explanation in an NLMSG_ERROR or NLMSG_DONE (the extended
 * ack's NLMSGERR_ATTR_MSG), inside the message; NULL when none. */
const char *nlmsg_ext_ack(const struct nlmsghdr *nlh);

/*
 * The messages of one datagram, read strictly as the answer to request
 * seq from port portid (0 for either: any): a message for another port
 * (-ESRCH) or request (-EPROTO), or a dump interrupted by a change
 * (NLM_F_DUMP_INTR, -EINTR) is an error. Data messages (NLMSG_MIN_TYPE
 * and up) go to cb, if any; an NLMSG_ERROR ends the exchange, with its
 * error; an NLMSG_DONE ends a dump; other control messages are skipped.
 * Returns 1 when more is to come, 0 at the end, -errno on an error, with
 * *ext the kernel's explanation (inside buf) or NULL.
 */
int nlmsg_run(const void *buf, size_t len, uint32_t seq, uint32_t portid,
	      nlmsg_cb_fn cb, void *data, const char **ext);

/* ---- attributes ---- */

static inline uint16_t nla_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline const void *nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static inline uint16_t nla_datalen(const struct nlattr *a)
{
	return (uint16_t)(a->nla_len - NLA_HDRLEN);
}

/* The getters read what nla_valid() checked is there. */
static inline uint8_t nla_get_u8(const struct nlattr *a)
{
	return *(const uint8_t *)nla_data(a);
}

static inline uint16_t nla_get_u16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static inline uint32_t nla_get_u32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, nla_data(a), sizeof(v));
	return v;
}

static inline const char *nla_get_str(const struct nlattr *a)
{
	return nla_data(a);
}

/*
 * Every whole attribute in a run of them: one that would end past the
 * run, or claims less than its own header, ends the walk.
 */
struct nla_iter {
	const char *pos;
	size_t left;
};

/* The attributes of a message after a family header of hdrlen bytes. */
void nla_iter_msg(struct nla_iter *it, const struct nlmsghdr *nlh,
		  size_t hdrlen);
/* The attributes inside the payload of nest. */
void nla_iter_nested(struct nla_iter *it, const struct nlattr *nest);
/* The next attribute, or NULL at the end. */
const struct nlattr *nla_iter_next(struct nla_iter *it);

#define nla_for_each_msg(a, it, nlh, hdrlen) \
	for (nla_iter_msg(&(it), (nlh), (hdrlen)); ((a) = nla_iter_next(&(it)));)
#define nla_for_each_nested(a, it, nest) \
	for (nla_iter_nested(&(it), (nest)); ((a) = nla_iter_next(&(it)));)

/* What an attribute's payload must be. */
enum nla_kind {
	NLA_ANY,        /* anything, empty too */
	NLA_U8,         /* exactly 1 byte; U16 2, U32 4, U64 8 */
	NLA_U16,
	NLA_U32,
	NLA_U64,
	NLA_FLAG,       /* empty */
	NLA_STRING,     /* at least 1 byte, terminated or not */
	NLA_NUL_STRING, /* at least 1 byte, the last one NUL */
	NLA_NESTED,     /* empty, or at least one attribute header */
	NLA_EXACT,      /* exactly nla_policy.len bytes */
};

struct nla_policy {
	enum nla_kind kind;
	uint16_t len; /* NLA_EXACT */
};

/* Does a's payload have the size and form kind asks (NLA_EXACT: use
 * nla_valid_len)? */
bool nla_valid(const struct nlattr *a, enum nla_kind kind);
/* Exactly len bytes of payload. */
bool nla_valid_len(const struct nlattr *a, size_t len);

/*
 * tb[0..max]: the attributes of a message after its family header of
 * hdrlen bytes, by type; the last valid one of a type wins. Types above
 * max, and attributes policy[type] (max + 1 entries; NULL: no checks)
 * refuses, are skipped; tb[type] is NULL for a type not there.
 */
void nla_parse(const struct nlmsghdr *nlh, size_t hdrlen,
	       const struct nlattr **tb, uint16_t max,
	       const struct nla_policy *policy);

#endif
