/* ids.h - user and group names from a target's own /etc/passwd, /etc/group */
#ifndef NSX_IDS_H
#define NSX_IDS_H

#include <sys/types.h>

#include "nsx/lib/util.h"

/*
 * The files are read as text through root_fd (the target's root
 * directory), resolved inside it, and never through NSS: a container's
 * nsswitch.conf or libnss module must never run in nsx.
 */
int ids_user(int root_fd, const char *name, uid_t *uid, gid_t *gid,
	     struct nsx_err *err);
int ids_group(int root_fd, const char *name, gid_t *gid, struct nsx_err *err);
/* Groups listing user as a member, plus primary; *n in: room, out: count. */
int ids_user_groups(int root_fd, const char *user, gid_t primary,
		    gid_t *groups, size_t *n, struct nsx_err *err);
/* The passwd entry of uid (for a name in messages); "" when none. */
int ids_user_name(int root_fd, uid_t uid, char *name, size_t size);

#endif
