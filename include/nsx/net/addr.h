/* addr.h - IPv4 and IPv6 addresses inside a target, through rtnetlink */
#ifndef NSX_ADDR_H
#define NSX_ADDR_H

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsx/net/inet.h"
#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/net/words.h"
#include "nsx/lib/util.h"


/* The verbs; REPLACE creates or replaces, CHANGE only replaces. */
enum addr_op { ADDR_SHOW, ADDR_ADD, ADDR_DEL, ADDR_FLUSH, ADDR_REPLACE,
	       ADDR_CHANGE };

/* ip's "brd": none, an address, "+" (host bits set), "-" (cleared). */
enum addr_brd { ADDR_BRD_NONE, ADDR_BRD_ADDR, ADDR_BRD_PLUS, ADDR_BRD_MINUS };

/*
 * The selectors of show and flush, as ip applies them: an address is kept
 * when its family, scope, flags, label (fnmatch) and local address match.
 */
struct addr_filter {
	int family;              /* AF_UNSPEC: both */
	uint8_t scope;
	bool scope_set;          /* "scope all" leaves it unset */
	uint32_t flags, flagmask; /* IFA_F_*: (flags ^ f) & flagmask == 0 */
	char label[64];          /* "" or an fnmatch pattern */
	struct inet_prefix to;   /* family 0: any */
	bool up;                 /* show: links that are up */
	char kind[32];           /* show: "type KIND", "" for any */
	bool any;                /* a word was given (flush needs one) */
};

/* One "addr" request, as parsed from a command line or a batch line. */
struct addr_req {
	struct net_opts opts;
	struct inet_prefix local; /* ADD, DEL, REPLACE, CHANGE */
	struct inet_prefix peer;  /* "peer"/"remote"; family 0 when none */
	struct inet_prefix brd;   /* with brd_mode ADDR_BRD_ADDR */
	enum addr_brd brd_mode;
	enum addr_op op;
	char dev[IFNAMSIZ];       /* "" (SHOW only): every link */
	const char *verb;         /* as written (static: one of the verbs) */
	int family;               /* -4/-6, or the first address's family */
	bool family_opt;          /* family is -4/-6's */
	uint32_t flags;           /* IFA_F_* words: nodad, home, ... */
	char label[64];           /* "" when none; the kernel checks it */
	uint8_t scope;
	bool scoped;              /* "scope" was given */
	bool has_metric;
	uint32_t metric;
	bool has_lft;             /* valid_lft or preferred_lft was given */
	uint32_t valid_lft, preferred_lft;
	struct addr_filter filter; /* SHOW, FLUSH */
	char warn[96];            /* a word ip takes with a warning and drops */
	bool nodad;               /* ADD: IPv6 address usable at once */
};

/* The name /etc/iproute2/rt_scopes gives scope, or NULL. */
const char *addr_scope_file_name(uint8_t scope);
/* ip's scope names (global, site, link, host, nowhere, and those of
 * /etc/iproute2/rt_scopes) or a number 0..255. */
int addr_scope_parse(const char *word, uint8_t *scope);

/* The words of add, del, replace and change, after the verb. */
int addr_parse_change(int argc, char **argv, struct addr_req *req,
		      struct nsx_err *err);
/* An address (prefix: with an optional /LEN) of req->family, or of any
 * family while it is 0, which it then sets; EAFNOSUPPORT if not. */
int addr_parse_inet(const char *w, bool prefix, struct addr_req *req,
		    struct inet_prefix *p, struct nsx_err *err);
/* argv[i] (w) has its value after it, or -NSX_EUSAGE saying so. */
int addr_need_value(int argc, int i, const char *w, struct nsx_err *err);
/* ip's number words: strtoul in any base, whole, 32 bits. */
int addr_parse_u32(const char *s, uint32_t *v);
/* Words "-FLAG" (-tentative...) taken out of getopt's way, and how the
 * selectors know them afterwards. */
void addr_protect_words(int argc, char **argv);
bool addr_flag_inverted(const char *w);
/* A flag selector of show and flush ("secondary", "-tentative",
 * "dynamic", "primary"...) into flags and mask; false if w is none. */
bool addr_flag_selector(const char *w, uint32_t *flags, uint32_t *mask);

/*
 * The selector words of show and flush (dev, scope, to, label, flags,
 * up, type); the first word not one of them names the link, as ip's.
 */
int addr_filter_parse(int argc, char **argv, struct addr_req *req,
		      struct nsx_err *err);

/*
 * Parse an addr command line: argv[0] is "addr", then options (-t, -j,
 * -o, -4, -6, -h) and iproute2's words ("add 10.1.1.1/24 dev veth0");
 * no verb means show. Does no I/O; the request keeps no pointer into argv.
 * Returns 0; -NSX_EUSAGE for an unknown, unexpected or missing word (the
 * closest verb suggested); -EINVAL for a bad value, err naming it.
 */
int addr_cmd_parse(int argc, char **argv, struct addr_req *req,
		   struct nsx_err *err);

/*
 * Carry out a request against nl's namespace (the socket of
 * req->opts.target); SHOW prints on stdout as text or, with -j,
 * iproute2's JSON (this one lives in cmd_addr.c, since commands own
 * output). Returns 0 or -errno with err set.
 */
int addr_cmd_run(struct nl *nl, const struct addr_req *req,
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

/* How a link is printed after show's selectors, as ip prints it. */
enum addr_link_show {
	ADDR_LINK_FULL,   /* the link, then its addresses */
	ADDR_LINK_HIDDEN, /* nothing at all */
	ADDR_LINK_EMPTY,  /* nothing; in JSON an empty object (up, type) */
	ADDR_LINK_ADDRS,  /* its addresses only, without the link (label) */
};

/* A link (as link_list reports it) with its addresses. */
struct addr_link {
	struct link_info li;
	enum addr_link_show show;
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
	bool has_metric;
	uint32_t metric;            /* IFA_RT_PRIORITY */
	bool hidden;                /* left out by show's selectors */
	char label[IFNAMSIZ];
};

struct addr_table {
	struct addr_link *links;
	size_t n;
	int only; /* the ifindex of dev when one was asked for, else 0 */
};

/*
 * Every link of nl's namespace in ifindex order, each with its addresses
 * of the given family (AF_UNSPEC: both); with dev not "", only dev has
 * addresses and tab->only is its index (-ENODEV if there is none).
 * with_addrs false skips the address dump (link names for routes).
 */
int addr_dump(struct nl *nl, const char *dev, int family, bool with_addrs,
	      struct addr_table *tab, struct nsx_err *err);
void addr_table_free(struct addr_table *tab);

/*
 * addr_dump in parts, for replies read elsewhere. First the links of a
 * link dump go into tab, in ifindex order (with dev not "", tab->only is
 * its index, -ENODEV naming label when there is no such link; on error
 * addr_table_free(tab) all the same); then addr_dump_cb, an mnl_cb_t,
 * adds the address of each RTM_NEWADDR message to its link.
 */
int addr_table_set_links(struct addr_table *tab, const struct link_info *list,
			 size_t n, const char *dev, const char *label,
			 struct nsx_err *err);
struct addr_dump_ctx {
	struct addr_table *tab;
	int family;       /* keep this family only; AF_UNSPEC: both */
};
int addr_dump_cb(const struct nlmsghdr *nlh, void *data);
/* nl_reset_fn: drop the addresses gathered, keep the links. */
void addr_dump_reset(void *data);
/* The link with this index in tab, or NULL. */
const struct addr_link *addr_table_find(const struct addr_table *tab,
					int ifindex);

/*
 * Apply f to a dumped table as ip does: a link with addresses of which
 * none matches is hidden, the addresses that do not match are dropped,
 * and up, type and label decide how the link itself is printed (its
 * show field). nl is asked which links a "type" selects.
 */
int addr_filter_apply(struct nl *nl, const struct addr_filter *f,
		      struct addr_table *tab, struct nsx_err *err);
/* show's dump: addr_dump with req's selectors applied. */
int addr_show_dump(struct nl *nl, const struct addr_req *req,
		   struct addr_table *tab, struct nsx_err *err);
/* Does address e of link l pass f's address selectors? */
bool addr_filter_match(const struct addr_filter *f, const struct addr_link *l,
		       const struct addr_entry *e);

/* Names for messages and output: "inet", "inet6"; "global", "link"... */
const char *addr_family_name(int family);
const char *addr_scope_name(uint8_t scope, char *buf, size_t size);

#endif
