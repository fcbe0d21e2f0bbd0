/* netns.h - named network namespaces under /run/netns, as iproute2 keeps them */
#ifndef NSX_NETNS_H
#define NSX_NETNS_H

#include <net/if.h>
#include <stdbool.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_ETC_DIR "/etc/netns"

/* A valid name: not empty, not . or .., no '/', at most NAME_MAX bytes. */
int netns_name_check(const char *name, struct nsx_err *err);

/* Create a new network namespace and name it. */
int netns_add(const char *name, struct nsx_err *err);
/* Name the network namespace behind nsfd. */
int netns_attach(const char *name, int nsfd, struct nsx_err *err);
/* Remove a name; the namespace lives on while anything else holds it. */
int netns_del(const char *name, struct nsx_err *err);

/* The names in /run/netns, in directory order (as ip netns list). */
struct netns_names {
	char **name;
	size_t n;
};
int netns_names_read(struct netns_names *names, struct nsx_err *err);
void netns_names_free(struct netns_names *names);
/* Call fn with each name whose namespace has this inode and device. */
int netns_identify(ino_t ino, dev_t dev,
		   int (*fn)(const char *name, void *data), void *data,
		   struct nsx_err *err);

/*
 * Watch /run/netns and call fn(added, name) for each name created or
 * removed, until fn returns non-zero or reading fails.
 */
int netns_monitor(int (*fn)(bool added, const char *name, void *data),
		  void *data, struct nsx_err *err);

/*
 * What `ip netns exec` does before running the program: enter the
 * namespace, take a private copy of the mount namespace, mount a /sys
 * that shows this namespace's devices, and bind /etc/netns/NAME/FILE over
 * /etc/FILE. A FILE that cannot be bound is passed to warn, as iproute2
 * goes on without it.
 */
int netns_switch(const char *name, int nsfd,
		 void (*warn)(const struct nsx_err *e), struct nsx_err *err);

/* NETNSID: the id our network namespace gives a peer namespace. */
struct netns_idq {
	const char *path; /* the peer, by an nsfs file, opened when asked ... */
	int fd;           /* ... by an open nsfs fd (when path is NULL) ... */
	pid_t pid;        /* ... or by a process in it (when fd < 0) */
	int id;           /* out: the id, or -1 when none is assigned */
};
/*
 * Look up many ids: one dump says how many ids exist (often none, and
 * then nothing is asked), then questions go out pipelined in batches, in
 * the order given, until every existing id has been found.
 */
int netns_ids_get(struct netns_idq *q, size_t n, struct nsx_err *err);
/* The same, asked of nl's namespace: the ids it gives its peers. */
struct nl;
int netns_ids_get_nl(struct nl *nl, struct netns_idq *q, size_t n,
		     struct nsx_err *err);
/*
 * One batch of at most NETNS_ID_BATCH questions on nl, the socket of the
 * namespace whose ids are wanted: ids as that namespace gives them.
 * Returns how many have an id.
 */
#define NETNS_ID_BATCH 64
int netns_ids_batch(struct nl *nl, struct netns_idq *q, size_t n,
		    struct nsx_err *err);
/* Assign id to the peer behind nsfd (-1: let the kernel pick). */
int netns_id_set(int nsfd, int id, struct nsx_err *err);

/* The links of a network namespace, with state and addresses. */
struct netns_link {
	int index;
	char name[IF_NAMESIZE];
	char state[16];   /* operstate as ip shows it: UP, DOWN, UNKNOWN ... */
	char **addrs;     /* "10.0.0.2/24", "fe80::1/64" */
	size_t naddrs;
};
int netns_links(int nsfd, struct netns_link **links, size_t *n,
		struct nsx_err *err);
void netns_links_free(struct netns_link *links, size_t n);

#endif
