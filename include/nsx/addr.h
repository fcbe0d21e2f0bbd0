/* addr.h - IPv4 and IPv6 addresses inside a target, through rtnetlink */
#ifndef NSX_ADDR_H
#define NSX_ADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsx/nl.h"
#include "nsx/util.h"

/* An address with its prefix length: "10.1.1.1/24", "fd00::1/64". */
struct inet_prefix {
	int family;        /* AF_INET or AF_INET6; 0 when unset */
	uint8_t bytes[16]; /* network byte order, 4 or 16 used */
	uint8_t len;       /* prefix length; 32 or 128 when not written */
	bool has_len;      /* "/N" was written */
};

/* INET6_ADDRSTRLEN plus "/128". */
#define INET_PREFIX_STRLEN 52

/* "ADDR[/LEN]", strict: dotted quad or IPv6, LEN whole and in range. */
int addr_parse_prefix(const char *s, struct inet_prefix *p,
		      struct nsx_err *err);
/* "ADDR" only (a gateway, a source): no "/LEN". */
int addr_parse_ip(const char *s, struct inet_prefix *p, struct nsx_err *err);
/* Format p as "ADDR/LEN", or "ADDR" when with_len is false; returns buf. */
const char *addr_prefix_str(const struct inet_prefix *p, bool with_len,
			    char *buf, size_t size);
/* 4 or 16. */
size_t addr_family_size(int family);

/* An interface name as a "dev" word: 1..15 bytes, no '/', ':' or space. */
int addr_parse_dev(const char *word, char *dev, struct nsx_err *err);

enum addr_op { ADDR_SHOW, ADDR_ADD, ADDR_DEL, ADDR_FLUSH };

/* One "addr" request, as parsed from a command line or a batch line. */
struct addr_req {
	enum addr_op op;
	struct inet_prefix local; /* ADD, DEL */
	char dev[IFNAMSIZ];       /* "" (SHOW only): every link */
	int family;               /* SHOW, FLUSH: AF_UNSPEC, AF_INET, AF_INET6 */
	bool nodad;               /* ADD: IPv6 address usable at once */
};

/*
 * Parse the words that follow "addr" and its options: argv[0] is the verb
 * ("show", "add", "del", "flush"), then iproute2's words. Does no I/O.
 * Returns 0; -ENOENT for an unknown verb (a usage error, with the closest
 * verb suggested); -EINVAL for anything else wrong, err naming the word.
 */
int addr_cmd_parse(int argc, char **argv, struct addr_req *req,
		   struct nsx_err *err);

/*
 * Carry out a request against nl's namespace; SHOW prints on stdout as
 * text or, json true, iproute2's JSON (this one lives in cmd_addr.c,
 * since commands own output). Returns 0 or -errno with err set.
 */
int addr_cmd_run(struct nl *nl, const struct addr_req *req, bool json,
		 struct nsx_err *err);

/* ADD, DEL or FLUSH (no output). */
int addr_apply(struct nl *nl, const struct addr_req *req,
	       struct nsx_err *err);

/* Add or delete one address on a link known by index (dev: for messages). */
int addr_change(struct nl *nl, bool add, int ifindex, const char *dev,
		const struct inet_prefix *p, bool nodad, struct nsx_err *err);

/* Index of link dev in nl's namespace; "dev X: no such device" if none. */
int addr_dev_index(struct nl *nl, const char *dev, int *ifindex,
		   struct nsx_err *err);

/* What show needs to know about a link. */
struct addr_link {
	int ifindex;
	char ifname[IFNAMSIZ];
	unsigned int flags;    /* IFF_* */
	uint32_t mtu;
	uint8_t operstate;     /* IF_OPER_* */
	uint16_t type;         /* ARPHRD_* */
	int master;            /* ifindex of the master, 0 if none */
	int iflink;            /* peer's ifindex (veth), 0 if none */
	bool has_link_netnsid; /* the peer lives in another namespace */
	uint8_t address[32], broadcast[32];
	uint8_t addr_len;
	struct addr_entry *addrs;
	size_t n_addrs;
};

/* One address as the kernel reports it. */
struct addr_entry {
	struct inet_prefix local;
	struct inet_prefix peer;    /* IFA_ADDRESS when it differs */
	struct inet_prefix brd;     /* family 0 when none */
	uint8_t scope;
	uint32_t flags;             /* IFA_F_* */
	uint32_t valid_lft, preferred_lft;
	char label[IFNAMSIZ];
};

struct addr_table {
	struct addr_link *links;
	size_t n;
};

/*
 * Every link of nl's namespace (or only dev, when not ""), each with its
 * addresses of the given family (AF_UNSPEC: both), in ifindex order.
 * with_addrs false skips the address dump (link names for routes).
 */
int addr_dump(struct nl *nl, const char *dev, int family, bool with_addrs,
	      struct addr_table *tab, struct nsx_err *err);
void addr_table_free(struct addr_table *tab);
/* The link with this index in tab, or NULL. */
const struct addr_link *addr_table_find(const struct addr_table *tab,
					int ifindex);

/* Names for messages and output: "inet", "inet6"; "global", "link"... */
const char *addr_family_name(int family);
const char *addr_scope_name(uint8_t scope, char *buf, size_t size);

#endif
