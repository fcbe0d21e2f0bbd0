/* request.h - an entry request: what the command line asks to enter, and how
 *
 * Parsed by entry mode's command line, judged by the setuid checks and
 * carried out by enter.c: a plain description, shared by all three.
 */
#ifndef NSX_REQUEST_H
#define NSX_REQUEST_H

#include <stdbool.h>

#include "nsx/lib/ns.h"

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

#endif
