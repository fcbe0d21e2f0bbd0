/* spawn.h - root, working directory, credentials, fork, exec, wait */
#ifndef NSX_SPAWN_H
#define NSX_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

#define SPAWN_MAX_GROUPS 256

struct spawn_creds {
	bool set_uid, set_gid, set_groups;
	uid_t uid;
	gid_t gid;
	size_t ngroups; /* with set_groups: 0 clears them */
	gid_t groups[SPAWN_MAX_GROUPS];
};

/*
 * Change root to root_fd (>= 0) and the working directory to wd_fd (>= 0)
 * or the in-namespace path wdns. Both fds are closed. With a new root and
 * no working directory, stays in the old one only if it is reachable from
 * the new root, and goes to "/" otherwise, so no host directory leaks.
 * A wd_fd under a new root, or under confine (a mount namespace was
 * entered), must be the same directory, on the same mount, as the path
 * getcwd() gives for it there; otherwise EACCES.
 */
int spawn_chroot_chdir(int root_fd, int wd_fd, const char *wdns,
		       bool confine, struct nsx_err *err);
/*
 * Drop the supplementary groups before entering a user namespace, as
 * nsenter does: inside one whose setgroups is "deny" it is too late.
 * Failure is left for spawn_set_creds to judge.
 */
void spawn_clear_groups(void);
/*
 * setgroups, setgid, setuid as asked; each return checked. A refused
 * empty setgroups is no error when there are no groups left to drop.
 */
int spawn_set_creds(const struct spawn_creds *c, struct nsx_err *err);
/*
 * Fork. Returns 0 in the child. In the parent, waits for the child,
 * passing on the signals nsx receives and following job control, and
 * returns 1 with *status the exit status to give.
 */
int spawn_fork_wait(int *status, struct nsx_err *err);
/* execvp(argv); returns only on failure: 126 or 127 after a message. */
int spawn_exec(char *const argv[]);

#endif
