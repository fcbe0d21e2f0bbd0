/* ns.h - namespace types: names, flags, identification and entry */
#ifndef NSX_NS_H
#define NSX_NS_H

#include <stdbool.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

/* Index into ns_types[]: the order nsenter enters them in (user first). */
enum ns_index {
	NS_USER,
	NS_CGROUP,
	NS_IPC,
	NS_UTS,
	NS_NET,
	NS_PID,
	NS_MNT,
	NS_TIME,
	NS_COUNT
};

struct ns_type {
	const char *name;  /* "net": the name under /proc/PID/ns */
	int flag;          /* CLONE_NEWNET */
	char option;       /* nsenter's option letter: 'n' */
};

extern const struct ns_type ns_types[NS_COUNT];

/* Lookups: -1 / NULL when unknown. */
int ns_index_by_name(const char *name);
int ns_index_by_flag(int flag);

/* The CLONE_NEW* type of an nsfs fd, after checking it is one (statfs). */
int ns_fd_type(int fd, struct nsx_err *err);
/* Inode and device of an nsfs fd. */
int ns_fd_id(int fd, ino_t *ino, dev_t *dev);
/* The inode of our own namespace of a type (0 when unreadable). */
ino_t ns_self_ino(int idx);
/* Does fd refer to the namespace we are in already? */
bool ns_fd_is_self(int fd, int idx);

/*
 * Enter every namespace whose fd[] is >= 0, closing each once entered.
 * Two passes as nsenter: the user namespace is tried last first, so a
 * caller that drops privilege keeps it for the other setns calls, and
 * entered first where the others need the privilege it grants.
 */
int ns_enter_fds(int fd[NS_COUNT], struct nsx_err *err);
/* Enter the namespaces in flags of the process behind pidfd, atomically. */
int ns_enter_pidfd(int pidfd, int flags, struct nsx_err *err);
/*
 * Step into the namespace of type idx on fd, run fn(data, err), and step
 * back into ours. Returns fn's result (0, or -errno with err set by fn),
 * or -errno (err set) when a step fails: staying in the other namespace
 * would make every later step act on the wrong one, so failing to come
 * back is never quiet.
 */
int ns_visit(int fd, int idx, int (*fn)(void *data, struct nsx_err *err),
	     void *data, struct nsx_err *err);
/* Names of the types in flags, "net,uts", for messages. */
void ns_flags_str(int flags, char *buf, size_t size);

#endif
