/* privs_facts.h - what the kernel says about a target, for privs_check.c
 *
 * Every fact a decision is made on is read fail-closed: a process whose
 * status, cgroup or namespaces cannot be read (RLIMIT_NOFILE, a race, a
 * kernel that refuses) is a refusal, never a process with no uid or
 * cgroup that a deny rule would miss.
 */
#ifndef NSX_PRIVS_FACTS_H
#define NSX_PRIVS_FACTS_H

#include <stdbool.h>

#include "nsx/lib/ns.h"
#include "nsx/setuid/policy.h"
#include "nsx/target/target.h"
#include "nsx/lib/util.h"

/*
 * A process target: open the namespaces in flags (and the network one,
 * which netns: rules look at) with CAP_SYS_PTRACE in effect, read its uid
 * and cgroup, then make sure through the pidfd that it is still the same
 * process. fds[] keeps what was opened (close with privs_close_fds).
 */
int privs_facts_process(const struct target *t, int flags, int fds[NS_COUNT],
			struct policy_facts *f, struct nsx_err *err);
/* The namespace on fd, of type idx: its inode, device, whether it is the
 * caller's own. */
int privs_facts_ns(int fd, int idx, struct policy_facts *f,
		   struct nsx_err *err);
void privs_close_fds(int fds[NS_COUNT]);

/*
 * Does the namespace on fd belong to a user namespace the caller owns
 * (is_user: is it one), so that the kernel would let the caller setns
 * into it with no privilege? 0, or -EPERM (or -errno) with err saying why.
 */
int privs_owned_by_caller(int fd, bool is_user, struct nsx_err *err);

#endif
