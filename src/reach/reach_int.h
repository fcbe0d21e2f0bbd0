/* reach_int.h - what the files of the reach module share */
#ifndef NSX_REACH_INT_H
#define NSX_REACH_INT_H

#include <limits.h>
#include <sys/types.h>

#include "nsx/net/addr.h"
#include "nsx/net/inet.h"
#include "nsx/net/nl.h"
#include "nsx/reach/reach.h"

#define RNS_MAX 4096
#define RPORT_MAX 128
#define RVID_MAX 8

struct fw; /* firewall rules of one namespace (fw.c) */

/* One network namespace nsx can look into: A, B, its own, each named one. */
struct rns {
	int fd;                 /* nsfs */
	ino_t ino;
	char name[NAME_MAX + 1]; /* /run/netns name, or "" */
	char spec[256];          /* the TARGET for nsx -n -t when unnamed */
	bool self;               /* nsx's own */
	int allowed;             /* may nsx look inside: 1, -1 no, 0 not
				    asked yet (the checks run when needed) */
	char label[128];         /* for sentences */
	struct nl nl;
	int nl_state;            /* 0 not tried, 1 open, <0 failed */
	struct addr_table tab;   /* links with their addresses */
	bool have_tab;
	struct rport {
		int ifindex;
		int state;       /* BR_STATE_*, -1: not a port */
		int pvid;        /* 0: none */
		int nvids;       /* VLANs it is in (the first RVID_MAX) */
		uint16_t vids[RVID_MAX];
	} ports[RPORT_MAX];      /* bridge ports, and bridges themselves */
	int nports;              /* -1: not read */
	struct fw *fw;
	bool fw_tried;
	/* NETNSIDs this namespace gives others, found so far: peer[k] is
	 * the namespace with id peer_id[k]. */
	int peer_id[8], peer[8];
	int npeers;
};

struct rctx {
	const struct reach_req *req;
	struct reach_result *res;
	struct rns *ns;
	int n, cap;
	int a, b;                /* indexes; b -1 for an address */
	struct inet_prefix dst;
	struct inet_prefix src;  /* the flow's source at the hop walked */
	int prev_ns, prev_if;    /* the hop before: its namespace and link */
	bool refused;            /* the probe's port answered with a reset */
	bool silent;             /* udp: sent, nothing came back */
	bool probed;             /* a probe got through or failed for sure */
};

/* A route get's answer. */
struct rroute {
	int type;                /* RTN_* */
	int oif;
	bool has_gw;
	struct inet_prefix gw, prefsrc;
};

/* ---- state.c: reading a namespace ---- */
int rns_nl(struct rctx *c, int i, struct nsx_err *err);
const struct addr_table *rns_table(struct rctx *c, int i);
const struct addr_link *rns_link(struct rctx *c, int i, int ifindex);
/* bridge.c: a bridge port's STP state and VLANs, and whether a bridge
 * filters VLANs (1, 0, -1 unknown). */
const struct rport *rns_port(struct rctx *c, int i, int ifindex);
int rns_port_state(struct rctx *c, int i, int ifindex);
bool rport_in_vlan(const struct rport *p, int vid);
int rns_br_vlan_filtering(struct rctx *c, int i, int br);
int rns_route_get(struct rctx *c, int i, const struct inet_prefix *dst,
		  struct rroute *rt);
int rns_neigh_state(struct rctx *c, int i, int ifindex,
		    const struct inet_prefix *addr);
int rns_sysctl(struct rctx *c, int i, const char *path);
/* The namespace and ifindex at the other end of veth li in ns i. */
bool rns_peer(struct rctx *c, int i, const struct link_info *li, int *pj,
	      int *pidx);
/* Which namespace and link hold address a (exactly). */
bool rns_find_addr(struct rctx *c, const struct inet_prefix *a, int *pi,
		   int *pidx);
void rns_free(struct rns *n);

/* ---- inet helpers (path.c) ---- */
bool rinet_eq(const struct inet_prefix *a, const struct inet_prefix *b);
bool rinet_in(const struct inet_prefix *net, const struct inet_prefix *a);
bool rinet_private(const struct inet_prefix *a);
const char *rinet_str(const struct inet_prefix *a, bool len, char *buf);

/* ---- findings (reach.c) ---- */
/* A command that runs in namespace i: "ip -n blue link set x up" for
 * an ip command (ip true), "ip netns exec blue sysctl ..." otherwise. */
void rfix(struct rctx *c, int i, bool ip, char *buf, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void rfind(struct rctx *c, const char *cause, const char *fix,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void rnote(struct rctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- path.c: the walk from A to B ---- */
void reach_path(struct rctx *c);
/* hop.c: the flow goes through router i (in: the link it came in by),
 * leaving as rt says; or it arrived in i. */
void reach_path_hop(struct rctx *c, int i, int in, const struct rroute *rt);
void reach_path_end(struct rctx *c, int i, int in);

/* ---- seg.c: what is on the other side of a link ---- */
struct rhop {
	int ns, ifindex;         /* where the next hop's address lives */
	int bridge_ns;           /* the bridge crossed, or -1 */
	int br, in_port, out_port;
};
/* Look for address a beyond link ifindex of ns i (a veth, a bridge's
 * ports); with report, name every link and port crossed that stops the
 * flow. True when found. */
bool rseg_find(struct rctx *c, int i, int ifindex,
	       const struct inet_prefix *a, struct rhop *h, bool report);
/* A finding when link ifindex of ns i is down; true when it is. */
bool rseg_down(struct rctx *c, int i, int ifindex);

/* ---- fw.c: iptables rules ---- */
struct rflow {
	const char *in, *out;    /* link names, NULL for none */
	const struct inet_prefix *src, *dst;
	enum reach_proto proto;
	unsigned port;
	/* Bridged between two ports (bridge-netfilter): their names. */
	const char *phys_in, *phys_out;
};
enum fw_verdict { FW_ACCEPT, FW_DROP, FW_UNKNOWN };
/* The verdict of table's chain in ns i on the flow; rule gets the rule
 * that decided ("" for the chain's policy). */
enum fw_verdict fw_judge(struct rctx *c, int i, const char *table,
			 const char *chain, const struct rflow *f,
			 char *rule, size_t size);
/* Does nat POSTROUTING in ns i rewrite the flow's source? 1 yes, 0 no,
 * -1 when the rules cannot be read. */
int fw_snat(struct rctx *c, int i, const struct rflow *f);
void fw_free(struct fw *fw);

/* ---- probe.c ---- */
void reach_probe(struct rctx *c);

/* ---- nslist.c: the namespaces to look into ---- */
int rns_add_target(struct rctx *c, const char *spec, struct nsx_err *err);
/* Does the policy let the caller look inside ns i? Asked once, the first
 * time anything inside it is read. */
bool rns_allowed(struct rctx *c, int i);
void rns_add_named(struct rctx *c);
const char *rquote(const char *s, char *buf, size_t size);

#endif
