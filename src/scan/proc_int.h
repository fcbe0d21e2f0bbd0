/* proc_int.h - shared by proc.c and proc_mount.c, and by nothing else */
#ifndef NSX_PROC_INT_H
#define NSX_PROC_INT_H

#include "nsx/scan/proc.h"

/* The entry for ino, added (with type) when new; NULL when out of memory. */
struct proc_ns *proc_scan_get(struct proc_scan *s, int type, ino_t ino);
/* "net:[4026531840]", as a namespace link reads or a mountinfo root. */
int proc_parse_ns_link(const char *s, int *type, ino_t *ino);
/* PID of a /proc entry name, or 0. */
pid_t proc_name_pid(const char *s);

/* nsfs mounts in our mount table; in other mount namespaces (s->mnt),
 * only the namespaces ours does not show. */
int proc_scan_mounts_self(struct proc_scan *s, struct nsx_err *err);
int proc_scan_mounts_other(struct proc_scan *s, struct nsx_err *err);

#endif
