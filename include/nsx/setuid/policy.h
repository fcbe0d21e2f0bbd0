/* policy.h - /etc/nsx.conf: who may use a setuid nsx on which namespaces */
#ifndef NSX_POLICY_H
#define NSX_POLICY_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "nsx/lib/ns.h"
#include "nsx/lib/util.h"

#define POLICY_TARGET_MAX 256

/* Rule options that are not matched on but change what a grant allows. */
enum {
	POLICY_LINKS_WRITE = 1 << 0, /* links=write: link/addr/route changes */
	POLICY_TTY = 1 << 1,         /* tty: keep the caller's terminal */
	POLICY_CONFINED = 1 << 2,    /* confined: also for sandboxed callers */
};

/* One line: permit|deny USER|:GROUP [ns=...] [target=...] [options]. */
struct policy_rule {
	int line;
	bool permit;
	bool is_group;
	unsigned id;        /* uid, or gid for :GROUP */
	int nsflags;        /* CLONE_NEW* the rule covers */
	char target[POLICY_TARGET_MAX]; /* "" matches every target */
	unsigned options;
};

struct policy {
	char path[PATH_MAX];
	struct policy_rule *rules;
	size_t n;
	int bad_line; /* the line a parse error is on, or 0 */
};

/* Who asks. groups: the caller's supplementary groups. */
struct policy_caller {
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t ngroups;
	bool confined; /* in a non-initial user, net, mount or cgroup ns */
};

/*
 * What the kernel says about the target, gathered by privs.c from the
 * pidfd and the namespace fds themselves, never from files inside it.
 */
struct policy_facts {
	bool process;            /* uid and cgroup describe the process */
	uid_t uid[4];            /* real, effective, saved and fs uid */
	char cgroup[PATH_MAX];   /* cgroup v2 path, "" when unknown */
	bool net_known;          /* the network namespace to be entered */
	ino_t net_ino;
	dev_t net_dev;
	/* Each namespace of the request, for ns:INODE: which are known
	 * (CLONE_NEW*), their inode and device, and the device of nsfs
	 * itself, which every namespace file is on. */
	int ns_known;
	ino_t ns_ino[NS_COUNT];
	dev_t ns_dev[NS_COUNT];
	dev_t nsfs_dev;
	/* Their 64-bit ids (NS_GET_ID, Linux 6.18), never reused, for
	 * nsid:ID; ns_id_known: those the kernel gave. */
	int ns_id_known;
	uint64_t ns_id[NS_COUNT];
	int own_nsflags;         /* CLONE_NEW* of those that are the caller's */
};

/* What is asked: namespaces to enter, or a link change, or a look. */
struct policy_request {
	int nsflags;
	bool links_write;
};

/*
 * Read and parse path. A missing file is -ENOENT with p->n == 0 (no
 * policy); a file not owned by root, writable by group or others, or with
 * any error in it is refused whole: -EPERM or -EINVAL, err says why.
 */
int policy_load(struct policy *p, const char *path, struct nsx_err *err);
/* Parse rules from f; errors name the line (also in p->bad_line). name:
 * the file, for messages. */
int policy_parse(struct policy *p, FILE *f, const char *name,
		 struct nsx_err *err);
void policy_free(struct policy *p);

/*
 * The first rule that matches, or NULL: the default is to deny. A permit
 * matches only if its target vouches for every namespace asked for: a
 * netns: pattern for the network namespace alone, an ns: pattern for the
 * namespace whose inode it names, a process pattern (or *) for all of
 * the process's. A fact a
 * rule's target needs but f does not hold (a cgroup that could not be
 * read, a /run/netns that could not be listed) makes a deny rule match
 * and a permit rule not: what nsx cannot see must never let it grant.
 */
const struct policy_rule *policy_match(const struct policy *p,
				       const struct policy_caller *c,
				       const struct policy_facts *f,
				       const struct policy_request *r);

#endif
