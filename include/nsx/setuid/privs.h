/* privs.h - privileges: capabilities, and what a privileged nsx may do
 *
 * nsx runs in one of two ways. Normally (root, sudo, or an ordinary user
 * running an ordinary binary) none of this changes anything: every
 * function below returns 0 and the kernel alone decides. Installed
 * setuid-root (built with SETUID=1) and run by another user, nsx starts
 * with the caller's effective uid and fs uid and an empty effective
 * capability set; only a handful of capabilities stay permitted, and
 * they come into effect only between privs_raise() and privs_lower(),
 * around the setns() and socket() calls a check has allowed. Files,
 * paths and engines are therefore always reached with the caller's
 * credentials.
 *
 * Callers in other commands (wired in after a target is resolved):
 *   nsx show TARGET         privs_check_show(&t, &err)
 *   link/addr/route writes  privs_check_links_write(&t, &err), once per
 *                           target the change touches (a veth peer's
 *                           target, a link's new namespace)
 *   netns add/del/attach,   privs_require_root("netns add", &err)
 *   connect, batch writes
 * The network commands hand the checks and privs_raise()/privs_lower()
 * to the netlink transport as cmd_net_guard (cmd_net.c): it checks each
 * further target a request names, and raises around the socket and every
 * send. A grant for a process target narrows t to the network namespace that
 * was checked (TARGET_NSFS holding its fd), so the namespace used is the
 * one the policy saw. Code that runs another program (container engines)
 * calls privs_drop() in the child before exec: the one drop there is,
 * checked, that leaves no saved uid 0 and sets no_new_privs.
 */
#ifndef NSX_PRIVS_H
#define NSX_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

#include "nsx/target/request.h"
#include "nsx/target/target.h"
#include "nsx/lib/util.h"

/* The capabilities a setuid nsx keeps permitted, as bits for the sets. */
enum {
	PRIV_ADMIN = 1 << 0,  /* CAP_SYS_ADMIN: setns */
	PRIV_PTRACE = 1 << 1, /* CAP_SYS_PTRACE: look at others' processes */
	PRIV_NET = 1 << 2,    /* CAP_NET_ADMIN: a link-changing socket */
	PRIV_DAC = 1 << 3,    /* CAP_DAC_READ_SEARCH: read the policy file */
	PRIV_SETGID = 1 << 4, /* CAP_SETGID: restore the caller's groups */
	PRIV_ALL = (1 << 5) - 1,
};

/*
 * First thing in main(): make sure fds 0-2 are open (on /dev/null), and
 * when nsx finds itself privileged (AT_SECURE) for a non-root caller,
 * refuse to run unless built with SETUID=1 and installed setuid-root
 * (file capabilities and setgid are refused), then keep only the
 * capabilities above, permitted but not effective, and switch the
 * effective uid to the caller's. -1 with err set: exit 1.
 */
int privs_init(struct nsx_err *err);
/* Is this a setuid nsx run by a non-root caller? */
bool privs_setuid(void);
/* The caller's real uid and gid. */
uid_t privs_caller_uid(void);
gid_t privs_caller_gid(void);

/*
 * Entry mode, before anything is resolved: load the policy, note whether
 * the request carries what no rule ever grants (pid, time, cgroup, user
 * and mount namespaces, --all, -r, -c, --keep-caps,
 * --preserve-credentials, -S/-G to another id), which only a request
 * needing no privilege may, and otherwise clear -S/-G when they name the
 * caller's own ids (the program runs as the caller anyway).
 */
int privs_check_opts(struct enter_opts *o, char *const *program,
		     struct nsx_err *err);

/* An entry, resolved and opened, about to be entered. */
struct privs_entry {
	const struct enter_opts *opts;
	struct target *target;
	int *fd;          /* [NS_COUNT]: namespaces entered through a file */
	int *pidfd_flags; /* namespaces entered through the target's pidfd */
};

/*
 * Decide, after the namespaces are opened and before anything is read
 * from the target (-e) or entered, on the pidfd and nsfs fds themselves:
 * a policy grant (the namespaces checked are opened here and replace the
 * pidfd entry, so what is entered is what was checked), or, with no
 * rule, the kernel's own judgement (entry through the pidfd with
 * CAP_SYS_PTRACE gone from every set), or a refusal. A request no rule
 * may grant is done with no privilege (privs_drop before returning 0) if
 * every namespace it enters is of a user namespace the caller owns, and
 * refused otherwise. Grants and refusals go to syslog (LOG_AUTHPRIV).
 */
int privs_check_enter(struct privs_entry *e, struct nsx_err *err);

/* Entry mode, on the way out after a failure: log it as refused, unless
 * nsx's own refusal was logged already (the kernel's refusal of a setns
 * it was allowed to try, an open as the caller, an error). */
void privs_log_failure(const struct nsx_err *err);

/* Bring the capabilities the last check allowed into effect, and put
 * them away again. privs_lower() aborts if it cannot: nsx must never go
 * on with capabilities in effect that it believes are gone. */
int privs_raise(struct nsx_err *err);
void privs_lower(void);

/* A grant runs the program in a new session: nsx must fork for it. */
bool privs_must_fork(void);
/*
 * For good: supplementary groups, gid and uid set to the caller's with
 * setgroups/setresgid/setresuid, every capability set cleared (bounding
 * was emptied at start), PR_SET_NO_NEW_PRIVS, then checked: the ids are
 * the caller's, no capability is left, and regaining root fails.
 */
int privs_drop(struct nsx_err *err);
/* privs_drop, first starting a new session when the grant asks for it. */
int privs_drop_for_exec(struct nsx_err *err);

/* Commands: see the top of this file. */
int privs_check_show(struct target *t, struct nsx_err *err);
int privs_check_links_write(struct target *t, struct nsx_err *err);
int privs_require_root(const char *what, struct nsx_err *err);

/*
 * The one answer a non-root caller gets about a process target that does
 * not exist, is hidden, or is not permitted, so nsx cannot be used to
 * probe for processes; the real reason goes to syslog.
 */
int privs_refuse_target(const char *label, const char *reason,
			struct nsx_err *err);

/* --keep-caps: raise every permitted capability into the ambient set, so
 * the program keeps what the user namespace granted across execve. */
int privs_keep_caps(struct nsx_err *err);

/*
 * For privs_check.c: forget capabilities for good; add to what
 * privs_raise() brings into effect (grants add up over the targets of one
 * command); bring exactly set into effect for a check, whatever the
 * grants allow, until privs_lower().
 */
int privs_forget(unsigned set, struct nsx_err *err);
void privs_allow(unsigned set, bool new_session);
int privs_raise_only(unsigned set, struct nsx_err *err);
bool privs_confined(void);
const gid_t *privs_caller_groups(size_t *n);

#endif
