/* enter.h - carry out an entry request: namespaces, root, ids, program */
#ifndef NSX_ENTER_H
#define NSX_ENTER_H

#include <stdbool.h>

#include "nsx/ns.h"

/* An entry request as the command line gave it. */
struct enter_opts {
	const char *target;
	bool all;
	bool want[NS_COUNT];
	const char *file[NS_COUNT];
	const char *uid, *gid; /* -S, -G: number, name or "follow" */
	bool preserve_cred, keep_caps, user_parent, env, no_fork, join_cgroup;
	bool root, wd;         /* -r, -w given */
	const char *root_dir, *wd_dir, *wdns;
	int net_socket;        /* -N: the target's socket fd, or -1 */
};

/*
 * Resolve the target, open every namespace, directory and id before
 * entering anything, enter, then run argv (NULL: the shell). Returns the
 * exit status: the program's, 126/127 when it cannot run, 1 for errors.
 */
int enter_run(const struct enter_opts *o, char **argv);

#endif
