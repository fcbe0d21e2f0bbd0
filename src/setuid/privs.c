/* privs.c - the credentials a setuid nsx runs with, and dropping them
 *
 * Who runs what, in a setuid nsx started by a non-root caller:
 *   privs_init       root, all capabilities, until it returns; then
 *   everywhere else  ruid = euid = fsuid = the caller, suid = 0, no
 *                    effective capability, a few permitted;
 *   raise..lower     the same ids, the allowed capabilities effective;
 *   privs_drop       for good: all ids the caller's, nothing permitted.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <linux/capability.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "nsx/setuid/caps.h"
#include "nsx/lib/ns.h"
#include "nsx/setuid/privs.h"

#ifndef NSX_SETUID
#define NSX_SETUID 0
#endif

enum privs_mode {
	PRIVS_OFF,     /* not setuid: the kernel decides everything */
	PRIVS_SETUID,  /* setuid-root for a non-root caller */
	PRIVS_DROPPED, /* was setuid, now the caller for good */
};

static struct {
	enum privs_mode mode;
	uid_t uid;
	gid_t gid;
	gid_t *groups;
	size_t ngroups;
	bool confined;
	unsigned allowed;  /* what privs_raise() brings into effect */
	bool new_session;
} st;

static const struct {
	unsigned bit;
	unsigned cap;
} priv_caps[] = {
	{ PRIV_ADMIN, CAP_SYS_ADMIN },   { PRIV_PTRACE, CAP_SYS_PTRACE },
	{ PRIV_NET, CAP_NET_ADMIN },     { PRIV_DAC, CAP_DAC_READ_SEARCH },
	{ PRIV_SETGID, CAP_SETGID },
};

/* A closed 0, 1 or 2 would be taken by nsx's next open (the policy file,
 * a namespace) and written to as if it were stdout. */
static int std_fds_open(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int nfd;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		nfd = open("/dev/null", O_RDWR | O_NOCTTY);
		if (nfd != fd) {
			if (nfd >= 0)
				close(nfd);
			return -EBADF;
		}
	}
	return 0;
}

/* The kernels that number the initial namespaces (user, pid and cgroup
 * for long, net and mnt since 6.18) let us tell without reading PID 1. A
 * caller in another pid namespace is confined too: its PIDs would not
 * name the processes /proc shows. Only net and mnt fall back to PID 1,
 * and only once the pid namespace is known to be the initial one: in
 * another, /proc/1 may be the caller's own init. */
static const struct {
	int idx;
	ino_t ino;
	bool fixed; /* numbered by every kernel nsx runs on */
} initial_ns[] = {
	{ NS_USER, 0xEFFFFFFDU, true },
	{ NS_PID, 0xEFFFFFFCU, true },
	{ NS_CGROUP, 0xEFFFFFFBU, true },
	{ NS_NET, 0xEFFFFFF9U, false },
	{ NS_MNT, 0xEFFFFFF8U, false },
};

/* Is the caller inside a user, pid, cgroup, net or mount namespace other
 * than the initial one? Unknown counts as confined. Runs as root. */
static bool caller_confined(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(initial_ns); i++) {
		const char *name = ns_types[initial_ns[i].idx].name;
		char path[64];
		struct stat self, init;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
		if (stat(path, &self) < 0)
			return true;
		if (self.st_ino == initial_ns[i].ino)
			continue;
		if (initial_ns[i].fixed)
			return true;
		snprintf(path, sizeof(path), "/proc/1/ns/%s", name);
		if (stat(path, &init) < 0 || init.st_ino != self.st_ino ||
		    init.st_dev != self.st_dev)
			return true;
	}
	return false;
}

static int record_caller(struct nsx_err *err)
{
	int n = getgroups(0, NULL);

	st.uid = getuid();
	st.gid = getgid();
	if (n < 0)
		return nsx_fail(err, errno, "getgroups");
	st.groups = calloc((size_t)n + 1, sizeof(gid_t));
	if (!st.groups)
		return nsx_fail(err, ENOMEM, "getgroups");
	n = getgroups(n, st.groups);
	if (n < 0)
		return nsx_fail(err, errno, "getgroups");
	st.ngroups = (size_t)n;
	st.confined = caller_confined();
	return 0;
}

/* The capabilities of the bits in set (PRIV_*), as a capability mask. */
static uint64_t priv_mask(unsigned set)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < ARRAY_SIZE(priv_caps); i++)
		if (set & priv_caps[i].bit)
			mask |= CAPS_BIT(priv_caps[i].cap);
	return mask;
}

/* Make c this thread's capability sets, or fail. */
static int caps_apply(const struct caps *c, const char *what,
		      struct nsx_err *err)
{
	if (caps_set(c) < 0)
		return nsx_failx(err, EPERM, "%s: cannot set capabilities",
				 what);
	return 0;
}

static int enter_setuid(struct nsx_err *err)
{
	struct caps c;

	if (record_caller(err) < 0)
		return -err->code;
	if (caps_start(priv_mask(PRIV_ALL)) < 0)
		return nsx_failx(err, EPERM, "start: cannot clear the bounding "
				 "set and reduce capabilities");
	/* The saved uid stays 0 so the permitted set survives; the
	 * effective and fs uid become the caller's. */
	if (setresuid((uid_t)-1, st.uid, (uid_t)-1) < 0)
		return nsx_fail(err, errno, "seteuid %u", (unsigned)st.uid);
	if (geteuid() != st.uid || getegid() != st.gid)
		return nsx_failx(err, EPERM, "effective ids are not the "
				 "caller's");
	if (caps_get(&c) < 0 || c.effective || c.inheritable ||
	    c.permitted & ~priv_mask(PRIV_ALL))
		return nsx_failx(err, EPERM, "capabilities were not reduced");
	st.mode = PRIVS_SETUID;
	return 0;
}

/*
 * The stack nsx needs: entry itself takes under 64 KiB, but reading a
 * container engine's answer takes a 64 KiB buffer, and worker threads
 * get stacks of RLIMIT_STACK's size. Below this, nsx would die of
 * SIGSEGV somewhere on the way, perhaps half-way through a change; it
 * says so and stops instead. A limit the caller sets cannot be raised
 * for them: they may have lowered the hard one too.
 */
#define STACK_MIN (256 * 1024)

static int stack_enough(struct nsx_err *err)
{
	static char line[NSX_ERR_MAX + 16];
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) < 0)
		return nsx_fail(err, errno, "getrlimit");
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= STACK_MIN)
		return 0;
	/* glibc prints to an unbuffered stream through a buffer of 8 KiB
	 * on the stack, more than is left under ulimit -s 16: the message
	 * gets a stderr buffer of its own (nothing was printed yet). */
	setvbuf(stderr, line, _IOLBF, sizeof(line));
	return nsx_failx(err, ENOMEM, "the stack limit (ulimit -s) of "
				 "%llu KiB is too small: nsx needs %d KiB",
				 (unsigned long long)rl.rlim_cur / 1024,
				 STACK_MIN / 1024);
}

int privs_init(struct nsx_err *err)
{
	if (std_fds_open() < 0)
		return nsx_failx(err, EBADF,
				 "cannot open /dev/null for a closed standard "
				 "descriptor");
	if (stack_enough(err) < 0)
		return -err->code;
	if (getuid() == 0 || !getauxval(AT_SECURE))
		return 0;
	if (!NSX_SETUID)
		return nsx_failx(err, EPERM,
				 "built without setuid support (rebuild with "
				 "make SETUID=1, or run it as root)");
	if (geteuid() != 0)
		return nsx_failx(err, EPERM,
				 "file capabilities are not supported: install "
				 "nsx setuid-root (make SETUID=1 "
				 "install-setuid), or run it as root");
	if (getegid() != getgid())
		return nsx_failx(err, EPERM, "setgid installation is not "
				 "supported: install nsx setuid-root");
	return enter_setuid(err);
}

bool privs_setuid(void)
{
	return st.mode != PRIVS_OFF;
}

uid_t privs_caller_uid(void)
{
	return st.mode == PRIVS_OFF ? getuid() : st.uid;
}

gid_t privs_caller_gid(void)
{
	return st.mode == PRIVS_OFF ? getgid() : st.gid;
}

const gid_t *privs_caller_groups(size_t *n)
{
	*n = st.ngroups;
	return st.groups;
}

bool privs_confined(void)
{
	return st.confined;
}

/* A union: one command may check several targets (connect A B, a veth
 * peer in another namespace, a batch), and each socket opened after an
 * earlier check must keep what that check allowed. */
void privs_allow(unsigned set, bool new_session)
{
	st.allowed |= set;
	st.new_session |= new_session;
}

bool privs_must_fork(void)
{
	return st.mode == PRIVS_SETUID && st.new_session;
}

/* Set (add) or clear the effective bits of set. */
static int caps_effective(unsigned set, bool on, struct nsx_err *err)
{
	const char *what = on ? "raise" : "lower";
	struct caps c;

	if (caps_get(&c) < 0)
		return nsx_failx(err, EPERM, "%s: cannot read capabilities",
				 what);
	if (on)
		c.effective |= priv_mask(set) & c.permitted;
	else
		c.effective &= ~priv_mask(set);
	return caps_apply(&c, what, err);
}

int privs_raise(struct nsx_err *err)
{
	if (st.mode != PRIVS_SETUID || !st.allowed)
		return 0;
	return caps_effective(st.allowed, true, err);
}

int privs_raise_only(unsigned set, struct nsx_err *err)
{
	if (st.mode != PRIVS_SETUID)
		return 0;
	return caps_effective(set, true, err);
}

void privs_lower(void)
{
	struct nsx_err err;

	if (st.mode != PRIVS_SETUID)
		return;
	/* Going on with capabilities in effect that every later line
	 * assumes are gone would be worse than stopping here. */
	if (caps_effective(PRIV_ALL, false, &err) < 0)
		abort();
}

int privs_forget(unsigned set, struct nsx_err *err)
{
	struct caps c;

	if (st.mode != PRIVS_SETUID)
		return 0;
	if (caps_get(&c) < 0)
		return nsx_failx(err, EPERM, "drop: cannot read capabilities");
	c.effective &= ~priv_mask(set);
	c.permitted &= ~priv_mask(set);
	c.inheritable &= ~priv_mask(set);
	st.allowed &= ~set;
	return caps_apply(&c, "drop", err);
}

/* Are the supplementary groups exactly the caller's? */
static bool groups_are_callers(void)
{
	_cleanup_free_ gid_t *now = calloc(st.ngroups + 1, sizeof(gid_t));
	int n;

	if (!now)
		return false;
	n = getgroups((int)st.ngroups + 1, now);
	return n >= 0 && (size_t)n == st.ngroups &&
	       !memcmp(now, st.groups, st.ngroups * sizeof(gid_t));
}

/* After privs_drop: believe nothing, look. */
static int verify_dropped(struct nsx_err *err)
{
	struct caps c;
	uid_t r, e, s;
	gid_t rg, eg, sg;

	/* If root can be had back, no error path is safe to walk. */
	if (setresuid(0, 0, 0) == 0 || setuid(0) == 0 || seteuid(0) == 0)
		abort();
	if (getresuid(&r, &e, &s) < 0 || r != st.uid || e != st.uid ||
	    s != st.uid || getresgid(&rg, &eg, &sg) < 0 || rg != st.gid ||
	    eg != st.gid || sg != st.gid)
		return nsx_failx(err, EPERM, "drop: ids are not the caller's");
	if (!groups_are_callers())
		return nsx_failx(err, EPERM, "drop: groups are not the "
				 "caller's");
	if (caps_get(&c) < 0 || c.effective || c.permitted || c.inheritable ||
	    caps_bounding_or_ambient())
		return nsx_failx(err, EPERM, "drop: capabilities remain");
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return nsx_failx(err, EPERM, "drop: no_new_privs is not set");
	return 0;
}

/* The drop itself: ids, groups, capabilities, no_new_privs. */
static int drop_all(struct nsx_err *err)
{
	if (caps_effective(PRIV_SETGID, true, err) < 0)
		return -err->code;
	if (setgroups(st.ngroups, st.groups) < 0)
		return nsx_fail(err, errno, "drop: setgroups");
	if (setresgid(st.gid, st.gid, st.gid) < 0)
		return nsx_fail(err, errno, "drop: setresgid %u",
				(unsigned)st.gid);
	/* With no uid 0 left, the kernel clears the permitted, effective
	 * and ambient sets; the rest is cleared and then checked. */
	if (setresuid(st.uid, st.uid, st.uid) < 0)
		return nsx_fail(err, errno, "drop: setresuid %u",
				(unsigned)st.uid);
	if (caps_clear() < 0)
		return nsx_failx(err, EPERM, "drop: cannot clear capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return nsx_fail(err, errno, "drop: no_new_privs");
	return 0;
}

int privs_drop(struct nsx_err *err)
{
	struct nsx_err ignored;

	if (st.mode != PRIVS_SETUID)
		return 0;
	/* A drop that failed half-way keeps no capability it could raise
	 * again: every caller stops, and nothing may run privileged on its
	 * way out. */
	if (drop_all(err) < 0) {
		privs_forget(PRIV_ALL, &ignored);
		return -err->code;
	}
	st.mode = PRIVS_DROPPED;
	return verify_dropped(err);
}

int privs_drop_for_exec(struct nsx_err *err)
{
	if (st.mode != PRIVS_SETUID)
		return 0;
	/* Away from the caller's terminal: TIOCSTI on a terminal that is
	 * not our controlling one needs CAP_SYS_ADMIN (bubblewrap's
	 * CVE-2017-5226). */
	if (st.new_session && setsid() < 0)
		return nsx_fail(err, errno, "setsid");
	return privs_drop(err);
}

int privs_keep_caps(struct nsx_err *err)
{
	if (caps_keep_ambient() < 0)
		return nsx_failx(err, EPERM, "--keep-caps: cannot raise "
				 "ambient capabilities");
	return 0;
}
