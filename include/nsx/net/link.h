/* link.h - network links through rtnetlink: parse, create, change, delete, list */
#ifndef NSX_LINK_H
#define NSX_LINK_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_link.h>

#include "nsx/net/nl.h"
#include "nsx/lib/util.h"

#define LINK_MTU_MIN 68
#define LINK_MTU_MAX 65536
#define LINK_SPEC_MAX 256 /* room for a TARGET spec */

enum link_verb { LINK_SHOW, LINK_ADD, LINK_SET, LINK_DEL, LINK_PROP };

/* Room for a type's own options (IFLA_INFO_DATA or IFLA_INFO_SLAVE_DATA),
 * built as attributes while the line is read. */
#define LINK_KIND_DATA 768
#define LINK_ALIAS_MAX 256
#define LINK_ALTNAME_MAX 256
/* A line ip reads whole and then refuses by its own check (status 1, as
 * "Cannot find device"), not the kernel (2) nor a bad word (255). */
#define LINK_ECHECK ENOTSUP
/* A name on the line that ip resolves while reading it (master, netns)
 * and that is not there: ip's status 255, though found out later. */
#define LINK_EUNREAD EBADRQC
enum link_del_by { LINK_DEL_DEV, LINK_DEL_TYPE, LINK_DEL_GROUP };

/* One `link` command line, parsed; self-contained (no pointers into argv),
 * so a batch can keep it after the line buffer is gone. */
struct link_req {
	enum link_verb verb;
	char target[LINK_SPEC_MAX];      /* -t; "" = the caller's own */
	char name[IFNAMSIZ];             /* add NAME, set/del/show DEV */
	/* show */
	bool json;
	bool brief;                      /* -br */
	bool details;                    /* -d */
	char columns[256];               /* -o */
	/* show's selectors (name above is DEV) */
	char show_kind[32];              /* type T ("X_slave": ports of X) */
	char show_master[IFNAMSIZ];      /* master M */
	bool show_up, show_nomaster, show_has_group;
	/* add */
	char kind[16];                   /* veth bridge dummy vlan vxlan macvlan */
	char peer[IFNAMSIZ];             /* veth */
	bool has_peer;                   /* the word peer was there */
	char peer_target[LINK_SPEC_MAX]; /* veth peer's TARGET, "" = same */
	char lower[IFNAMSIZ];            /* vlan/macvlan link, vxlan dev */
	uint32_t id;                     /* vlan id, vxlan VNI */
	bool has_id;
	/* The veth peer's own mtu and address: written after "peer". */
	uint32_t peer_mtu;               /* 0: the kernel's default */
	bool peer_has_mac;
	uint8_t peer_mac[6];
	uint32_t macvlan_mode;
	uint16_t macvlan_flags;          /* nopromisc */
	char name_target[LINK_SPEC_MAX]; /* add ... netns NS: made there */
	/* ip's word netns (not nsx's target) named peer_target (bit 0),
	 * move_target (bit 1): a failure then has ip's status */
	unsigned netns_words;
	/* The type's options beyond those above, as attributes in a
	 * netlink message of their own (payload after its header). */
	uint32_t kind_data[LINK_KIND_DATA / 4];
	bool slave;                      /* set ... type bridge_slave */
	int vx_family;                   /* AF_INET(6) of remote/local, or 0 */
	bool has_remote, has_local, has_dstport;
	struct in6_addr remote, local;   /* AF_INET uses the first 4 bytes */
	uint16_t dstport;
	/* set (mtu and address also with add) */
	int up;                          /* -1 unchanged, 0 down, 1 up */
	uint32_t mtu;                    /* 0: unchanged */
	bool has_mac;
	uint8_t mac[6];
	char newname[IFNAMSIZ];
	char master[IFNAMSIZ];
	bool nomaster;
	char move_target[LINK_SPEC_MAX]; /* set ... target T: move there */
	/* add and set */
	unsigned ifi_change, ifi_flags;  /* promisc, allmulticast, arp, ... */
	bool has_txqlen, has_alias, has_group;
	uint32_t txqlen, num_tx, num_rx;
	char alias[LINK_ALIAS_MAX];
	/* property add|del dev D altname NAME...: NUL after each */
	bool prop_del;
	char altname[LINK_ALTNAME_MAX];
	size_t altname_len;
	/* del */
	enum link_del_by del_by;
	uint32_t group;
};

/* What a vxlan's IFLA_INFO_DATA says (IFLA_VXLAN_*, in host order); has_*
 * and -1 for what the kernel did not send. */
struct link_vxlan {
	bool external, vnifilter, has_id;
	uint32_t id;
	int group_family, local_family;  /* AF_INET(6), 0: none */
	uint8_t group[16], local[16];
	uint32_t link;
	bool has_ports, has_port;
	uint16_t port_low, port_high, port;
	int learning;                    /* -1: not sent */
	bool proxy, rsc, l2miss, l3miss, ttl_inherit, has_ttl, has_df;
	uint8_t tos, ttl, df;
	uint32_t label;
	bool has_ageing;
	uint32_t ageing, limit;
	int udp_csum, zero_csum6_tx, zero_csum6_rx; /* -1: not sent */
	bool remcsum_tx, remcsum_rx, gbp, gpe;
};

/* A bridge's or a bridge port's own settings (IFLA_INFO_DATA or
 * IFLA_INFO_SLAVE_DATA): the payload of each attribute of at most 8
 * bytes, by its type; len 0 for one the kernel did not send. */
#define LINK_KIND_ATTRS 64
struct link_kind_data {
	uint8_t len[LINK_KIND_ATTRS];
	uint8_t val[LINK_KIND_ATTRS][8];
};

/* A macvtap is a macvlan with a tap: the same words, the same data. */
static inline bool link_kind_macvlan(const char *kind)
{
	return streq(kind, "macvlan") || streq(kind, "macvtap");
}

/* What `link show` reports for one link (iproute2's fields). */
struct link_info {
	int ifindex;
	char ifname[IFNAMSIZ];
	unsigned flags;                  /* IFF_* */
	uint32_t mtu, group, txqlen;
	bool has_group, has_txqlen;      /* an AF_INET6 dump sends neither */
	uint16_t type;                   /* ARPHRD_* */
	uint8_t operstate, linkmode;
	int master;                      /* ifindex or 0 */
	int link;                        /* IFLA_LINK or 0 */
	bool has_netnsid;
	int32_t netnsid;                 /* IFLA_LINK_NETNSID */
	char kind[32];                   /* IFLA_INFO_KIND, "" for none */
	char qdisc[32];
	uint8_t addr[32], brd[32];
	unsigned addr_len, brd_len;
	char ifalias[256];               /* IFLA_IFALIAS, "" for none */
	char altnames[256];              /* IFLA_ALT_IFNAMEs, each ends in NUL */
	size_t altnames_len;             /* bytes used in altnames */
	bool hidden;                     /* left out by show's selectors */
	/* What `-d` adds (iproute2's names); has_* for attributes older
	 * kernels leave out. */
	char slave_kind[32];             /* IFLA_INFO_SLAVE_KIND */
	uint32_t promiscuity, allmulti, min_mtu, max_mtu;
	uint32_t num_tx_queues, num_rx_queues, gso_max_size, gso_max_segs;
	uint32_t tso_max_size, tso_max_segs, gro_max_size;
	bool has_allmulti, has_min_mtu, has_max_mtu, has_tso, has_gro;
	bool has_promiscuity, has_queues; /* queues and gso: not in AF_INET6's */
	int addr_gen_mode;               /* IFLA_INET6_ADDR_GEN_MODE, -1: none */
	/* What `-s` shows: IFLA_STATS64 and IFLA_CARRIER_CHANGES. */
	struct rtnl_link_stats64 stats;
	bool has_stats, has_carrier_changes;
	uint32_t carrier_changes;
	/* The kind's IFLA_INFO_DATA, for the kinds -d prints. */
	uint32_t macvlan_mode, macvlan_bcqueuelen, macvlan_used_bcqueuelen;
	bool has_macvlan_mode, has_bcqueuelen, has_used_bcqueuelen;
	struct link_vxlan vxlan;         /* with kind "vxlan" */
	struct link_kind_data br;        /* with kind "bridge" */
	struct link_kind_data brport;    /* with slave kind "bridge" */
};


/* The next altname of li after prev (NULL: the first), or NULL. */
const char *link_altname_next(const struct link_info *li, const char *prev);
/* Is name li's name or one of its altnames? */
bool link_has_name(const struct link_info *li, const char *name);

/* How an exec finds namespaces a request names besides nl's own (peer and
 * move targets): an nsfs fd that stays open while requests may still be
 * queued on a pipelined socket; the resolver owns it. */
typedef int (*link_ns_fn)(void *data, const char *spec, struct nsx_err *err);

/* ---- the command line, shared by `nsx link` and `nsx batch` ---- */

/* argv as a command's: argv[0] is "link", then options (-t, -j, -o) and
 * words in any order (`link -t blue add veth0 type veth`). */
int link_cmd_parse(int argc, char **argv, struct link_req *r,
		   struct nsx_err *err);
/* Carry out an add, set or del on nl (the socket of r->target). With
 * ns == NULL other targets are resolved here and closed on return, which
 * is right unless nl pipelines. */
int link_cmd_exec(struct nl *nl, const struct link_req *r, link_ns_fn ns,
		  void *ns_data, struct nsx_err *err);
/* Can a done r be undone exactly (an add: delete what it made)? */
bool link_cmd_undoable(const struct link_req *r);
int link_cmd_undo(struct nl *nl, const struct link_req *r,
		  struct nsx_err *err);

/* Mark in v[0..n) the links r's show selectors leave out (hidden);
 * -ENODEV when DEV or master M is not there, as ip's statuses want. */
int link_show_filter(const struct nl *nl, const struct link_req *r,
		     struct link_info *v, size_t n, struct nsx_err *err);

/* A word of r->kind's own options (or of bridge_slave's with r->slave)
 * at argv[0]: returns how many words it took (> 0), 0 when it is not one
 * of them, < 0 on a bad value. */
int link_kind_word(struct link_req *r, int argc, char **argv,
		   struct nsx_err *err);
/* Are there options in r->kind_data? */
bool link_kind_has_data(const struct link_req *r);
/* Copy r->kind_data's attributes into h (built in a buffer of size). */
bool link_kind_put(struct nlmsghdr *h, size_t size, const struct link_req *r);
bool link_kind_put_flags(struct nlmsghdr *h, size_t size,
			 const struct link_req *r);
/* Is vxlan's external (collect metadata) among r's options? */
bool link_kind_external(const struct link_req *r);
/* The checks ip makes once the type's words are read. */
int link_kind_check(const struct link_req *r, struct nsx_err *err);

/* ---- operations, for connect and the like ---- */

/* The links of a dump as they arrive (link_list's state). */
struct link_dump {
	struct link_info *v;  /* free(v) */
	size_t n, cap;
	const char *only;     /* keep just the link of this name, if not NULL */
};
/* mnl_cb_t: one message of a link dump; an RTM_NEWLINK is appended to
 * the struct link_dump at data, anything else skipped. */
int link_dump_cb(const struct nlmsghdr *nlh, void *data);
/* nl_reset_fn: forget the links gathered, as a dump starts again. */
void link_dump_reset(void *data);

/* ifindex of name (> 0), or -ENODEV with "<name>: no such device in X". */
int link_index_by_name(struct nl *nl, const char *name, struct nsx_err *err);
/* One link by name, with its kind. */
int link_get(struct nl *nl, const char *name, struct link_info *li,
	     struct nsx_err *err);
/* Every link (or the one named name), in ifindex order; free(*list). */
int link_list(struct nl *nl, const char *name, struct link_info **list,
	      size_t *n, struct nsx_err *err);
/* The same, asking family's view of each link (AF_INET6: the kernel's
 * IPv6 link messages, with fewer attributes, as ip -6 asks). */
int link_list_af(struct nl *nl, int family, const char *name,
		 struct link_info **list, size_t *n, struct nsx_err *err);
/* Every link without what costs the kernel most to gather: no counters
 * (has_stats false), and no IPv6 token or address generation mode. */
int link_list_lean(struct nl *nl, struct link_info **list, size_t *n,
		   struct nsx_err *err);

/*
 * A veth pair made by one request: name in name_ns, peer in peer_ns (nsfs
 * fds; -1 means nl's namespace). mtu, on both ends; 0 leaves the kernel's
 * default.
 * Never created in one place and moved, which costs the kernel far more.
 */
int link_add_veth(struct nl *nl, const char *name, int name_ns,
		  const char *peer, int peer_ns, uint32_t mtu,
		  struct nsx_err *err);
/* A bridge (or another kind without options: "dummy", "ifb"). */
int link_add_simple(struct nl *nl, const char *name, const char *kind,
		    struct nsx_err *err);
int link_set_up(struct nl *nl, const char *dev, bool up, struct nsx_err *err);
int link_set_mtu(struct nl *nl, const char *dev, uint32_t mtu,
		 struct nsx_err *err);
/* master NULL: nomaster. master must be a bridge (or bond, team, vrf). */
int link_set_master(struct nl *nl, const char *dev, const char *master,
		    struct nsx_err *err);
int link_set_name(struct nl *nl, const char *dev, const char *newname,
		  struct nsx_err *err);
/* Move dev into netns_fd, renamed to newname there when not NULL. */
int link_move(struct nl *nl, const char *dev, int netns_fd,
	      const char *newname, struct nsx_err *err);
int link_del(struct nl *nl, const char *dev, struct nsx_err *err);
/* property add|del dev DEV altname NAME, as r has it. */
int link_prop(struct nl *nl, const struct link_req *r, struct nsx_err *err);
/* Every link of a group, or of a kind, by one kernel request. */
int link_del_group(struct nl *nl, uint32_t group, struct nsx_err *err);
int link_del_kind(struct nl *nl, const char *kind, struct nsx_err *err);

/* ---- checks and names, shared with the parsers of other modules ---- */

/* 1..15 bytes, no '/', ':' or whitespace, not "." or "..". */
int link_check_name(const char *name, const char *what, struct nsx_err *err);
int link_parse_mac(const char *s, uint8_t mac[6], struct nsx_err *err);
int link_parse_mtu(const char *s, uint32_t *mtu, struct nsx_err *err);
/* "UP", "DOWN", ... for IF_OPER_*. */
const char *link_operstate_name(uint8_t state);
/* "ether", "loopback", ... for ARPHRD_*; buf used for unknown ones. */
const char *link_type_name(uint16_t type, char *buf, size_t size);
/* iproute2's flag words for flags, in its order, into words[]; count. */
size_t link_flag_names(unsigned flags, const char **words, size_t max);

#endif
