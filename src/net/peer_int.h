/* peer_int.h - the NETNSID search that peer.c and peer_ns.c share */
#ifndef NSX_PEER_INT_H
#define NSX_PEER_INT_H

#include "nsx/net/netns.h"
#include "nsx/net/peer.h"

/* Room for the network namespaces met in /proc (more are asked again). */
#define PEER_SEEN 4096

/* One namespace to ask about, and how to name it if it is one wanted. */
struct peer_cand {
	char *path;      /* an nsfs file, malloc'd, or NULL */
	int fd;          /* path, opened by the search (-1: not open) */
	pid_t pid;       /* else a process in it */
	ino_t ino;       /* known beforehand, or 0 */
	bool self;
	char name[NAME_MAX + 16];
};

struct peer_search {
	struct nl *nl;             /* the near namespace */
	struct peer_ns *ns;        /* the ids wanted (ns[i].nsid) */
	size_t nns, left;
	struct peer_cand cand[NETNS_ID_BATCH];
	struct netns_idq q[NETNS_ID_BATCH];
	size_t nq;
	ino_t seen[PEER_SEEN];
	size_t nseen;
	struct peers *names;       /* read far ends' names in each ns found */
	int home;                  /* the caller's network namespace, or -1 */
	bool away;                 /* the thread is in another one */
};

/* Find every wanted id: fills ino, pid, self, names and path of each. */
int peer_search_run(struct peer_search *s, struct nsx_err *err);
/*
 * The names of the far ends in p->ns[idx], read with SIOCGIFNAME on a
 * socket of that namespace: entered by nsfd first (and s->away set) unless
 * nsfd is -1, the namespace the thread is in. A namespace that will not
 * let us in leaves its names empty.
 */
void peer_names_in(struct peer_search *s, size_t idx, int nsfd);
/* Back to s->home after peer_names_in entered another namespace. */
int peer_names_home(struct peer_search *s, struct nsx_err *err);
/* An nsfs fd of a namespace the search found, checked to be it still. */
int peer_search_open(struct peer_search *s, const struct peer_ns *ns,
		     struct nsx_err *err);

#endif
