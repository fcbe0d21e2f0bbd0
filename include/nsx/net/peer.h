/* peer.h - the far end of each veth: its name, bridge and namespace */
#ifndef NSX_PEER_H
#define NSX_PEER_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "nsx/net/link.h"
#include "nsx/net/nl.h"
#include "nsx/lib/util.h"

/* A namespace a far end lives in, and how it was found. */
struct peer_ns {
	ino_t ino;        /* its inode, 0 when none of the places knew it */
	int nsid;         /* the id the near namespace gives it */
	bool self;        /* nsx's own network namespace */
	pid_t pid;        /* a process in it, 0 when it was found by a file */
	char *path;       /* the nsfs file it was found by, or NULL */
	char *names[8];   /* "docker:web", "netns:blue", "docker-netns:ID" */
	size_t nnames;
	int first;        /* its first far end in peers.v; then peer.next */
};

/* The far end of one veth of the near namespace. */
struct peer {
	int ifindex;           /* the near end */
	int far_index;         /* the far end's (IFLA_LINK) */
	char ifname[IFNAMSIZ]; /* the far end's name, "" when not readable */
	char master[IFNAMSIZ]; /* the far end's bridge, "" for none */
	int ns;                /* index into peers.ns, -1: the near namespace */
	int next;              /* the next far end in the same ns, or -1 */
};

struct peers {
	struct peer *v;
	size_t n;
	struct peer_ns *ns;
	size_t nns;
};

/*
 * The far ends of the veths among links (those of nl's namespace, as
 * link_list gives them). Each other namespace is found by asking nl's
 * namespace for the NETNSID of candidates, cheapest first, until every id
 * is known: nsx's own, /run/netns, /run/docker/netns, then one process of
 * each network namespace in /proc.
 *
 * Names alone (flags 0) are read inside each namespace as it is found:
 * setns, then SIOCGIFNAME on a socket of that namespace, one system call a
 * far end where netlink would build a whole link message. With
 * PEERS_MASTERS, and for a far end no setns could reach, the kernel is
 * asked for the link by IFLA_TARGET_NETNSID, pipelined: its name and its
 * bridge. What cannot be read (no right to ask) stays empty; a failing
 * socket, or no way back to the namespace the caller was in, is an error.
 */
#define PEERS_MASTERS 1u
int peers_find(struct nl *nl, const struct link_info *links, size_t n,
	       unsigned flags, struct peers *p, struct nsx_err *err);
void peers_free(struct peers *p);
/* The far end of the near link ifindex, or NULL. */
const struct peer *peers_of(const struct peers *p, int ifindex);
/* Add a name to a namespace (malloc'd copy); first names come first. */
int peer_ns_add_name(struct peer_ns *ns, const char *name, bool first);

/*
 * link:IFNAME: the network namespace at the far end of the veth IFNAME of
 * nsx's own namespace, as an nsfs fd (O_CLOEXEC). Found with the
 * caller's own rights: a namespace it may not open is not found.
 */
int peer_ns_open(const char *ifname, struct nsx_err *err);

#endif
