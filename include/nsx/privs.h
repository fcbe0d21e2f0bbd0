/* privs.h - privileges: capabilities, and what a privileged nsx may do */
#ifndef NSX_PRIVS_H
#define NSX_PRIVS_H

#include "nsx/util.h"

/* --keep-caps: raise every permitted capability into the ambient set, so
 * the program keeps what the user namespace granted across execve. */
int privs_keep_caps(struct nsx_err *err);

#endif
