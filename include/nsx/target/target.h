/* target.h - one resolver for every TARGET spec */
#ifndef NSX_TARGET_H
#define NSX_TARGET_H

#include <limits.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

enum target_kind {
	TARGET_SELF, /* the caller's own namespaces */
	TARGET_PID,  /* a process, held by a pidfd */
	TARGET_NSFS, /* one namespace, held by an open nsfs file */
};

struct target {
	enum target_kind kind;
	pid_t pid;        /* TARGET_PID */
	int pidfd;        /* TARGET_PID: held from resolution to release */
	int nsfd;         /* TARGET_NSFS; a process: a pinned namespace or -1 */
	int nsidx;        /* enum ns_index of nsfd */
	char source[16];  /* where it was found: pid, path, netns, docker, ... */
	char name[256];   /* the name it was found by, or "" */
	char label[PATH_MAX + 32]; /* for messages: "netns:blue", "pid 40257" */
};

/*
 * Resolve a spec: PID, PID:INODE, a path to an nsfs file, NAME (looked up
 * in /run/netns, /run/docker/netns, then container engines), or any of
 * these behind a forced source prefix (pid: path: netns: docker: ...).
 * On success t holds a pidfd or an nsfs fd; release it with target_release.
 */
int target_resolve(const char *spec, struct target *t, struct nsx_err *err);
/* A target for the caller's own namespaces. */
void target_self(struct target *t);
/* Hold a process we already know by PID, checking it is alive. */
int target_from_pid(pid_t pid, struct target *t, struct nsx_err *err);
void target_release(struct target *t);

/*
 * How a process that cannot be held, or whose PID:INODE does not match,
 * is reported: by default as it is ("no such process", "the PID was
 * reused"). A setuid nsx sets its own, which does not tell a process
 * hidden from the caller from none and logs the refusal; the resolver
 * itself knows nothing of privileges.
 */
typedef int (*target_refuse_fn)(const char *label, const char *reason,
				struct nsx_err *err);
void target_set_refuse(target_refuse_fn fn);

/*
 * link:IFNAME: the network namespace at the far end of the veth IFNAME
 * of nsx's own namespace, as an nsfs fd. Netlink lives above the
 * resolver, so the command layer hands it the lookup; fn runs with the
 * caller's own rights, as opening a path target does. Without one,
 * link: targets are refused.
 */
typedef int (*target_link_fn)(const char *ifname, struct nsx_err *err);
void target_set_link(target_link_fn fn);
/* Fail with "PID exited" if the process the target holds is gone. */
int target_check_alive(const struct target *t, struct nsx_err *err);
/*
 * Open the target's namespace of type idx (enum ns_index), O_CLOEXEC.
 * For a process, the file is opened under /proc and the pidfd checked
 * afterwards, so the fd cannot belong to a process that reused the PID.
 * For a path target, asking for another type is an error naming its type.
 */
int target_open_ns(const struct target *t, int idx, struct nsx_err *err);
/*
 * Pin a process target's namespace of type idx to fd (taken): from now
 * on target_open_ns gives that namespace, not the one the process is in
 * by then. A check that judged a namespace pins what it judged.
 */
void target_pin_ns(struct target *t, int idx, int fd);
/* Open /proc/PID/<what> of a process target, checked the same way. */
int target_open_proc(const struct target *t, const char *what, int flags,
		     struct nsx_err *err);
/* Does the target's namespace of type idx equal the caller's? */
int target_ns_is_self(const struct target *t, int idx);

#endif
