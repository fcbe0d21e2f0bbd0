/* enter_int.h - what enter.c and creds.c share of an entry in progress */
#ifndef NSX_ENTER_INT_H
#define NSX_ENTER_INT_H

#include <stdbool.h>

#include "nsx/enter/enter.h"
#include "nsx/enter/spawn.h"
#include "nsx/target/target.h"

/* Everything an entry opened, before anything is entered. */
struct enter_state {
	struct target t;
	int fd[NS_COUNT];   /* namespaces entered through a file */
	int pidfd_flags;    /* namespaces entered through the pidfd */
	int root_fd, wd_fd; /* -r, -w */
	struct spawn_creds creds;
	int ids_fd;         /* -S/-G follow: /proc/PID, fstat once entered */
	bool follow_uid, follow_gid;
	char **env;         /* -e: the target's environment */
	char *env_buf;
};
/*
 * nsenter's rules: entering a user namespace makes the program uid 0,
 * gid 0 with no groups there unless --preserve-credentials; -S and -G
 * (numbers, names from the target's passwd and group, or "follow")
 * choose others. Names are read before anything is entered.
 */
int enter_creds_resolve(const struct enter_opts *o, struct enter_state *s,
			struct nsx_err *err);
/* Once entered: the ids "follow" asked for, as this user ns maps them. */
int enter_creds_follow(struct enter_state *s, struct nsx_err *err);

#endif
