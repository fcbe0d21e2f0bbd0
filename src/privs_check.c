/* privs_check.c - what a setuid nsx lets a non-root caller do, and the log
 *
 * Every decision is made on descriptors nsx holds (the target's pidfd,
 * the nsfs fds opened from it or given to it) and on kernel facts read
 * through them; nothing is looked up again by name afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <syslog.h>

#include "nsx/ns.h"
#include "nsx/policy.h"
#include "nsx/privs.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define POLICY_PATH SYSCONFDIR "/nsx.conf"

/* What no rule gives a non-root caller (see nsx.conf(5) for why). */
#define NEVER (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWCGROUP | \
	       ns_types[NS_TIME].flag)

static struct {
	int state;        /* 0 loaded, -ENOENT none, other: refused */
	bool loaded;
	struct policy p;
	struct nsx_err err;
	bool env;         /* -e was asked: part of the uniform answer */
	char program[256]; /* for the log */
} pol;

/* One syslog line per decision; nothing in it can start a new line. */
static void privs_log(bool granted, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void privs_log(bool granted, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	openlog("nsx", LOG_PID, LOG_AUTHPRIV);
	syslog(granted ? LOG_NOTICE : LOG_WARNING, "uid %u: %s: %s",
	       (unsigned)privs_caller_uid(), granted ? "permitted" : "refused",
	       msg);
	closelog();
}

/* The policy file is read with CAP_DAC_READ_SEARCH (it may be 0600),
 * which is then given up for good. */
static int policy_get(struct nsx_err *err)
{
	if (!pol.loaded) {
		pol.loaded = true;
		pol.state = privs_raise_only(PRIV_DAC, &pol.err);
		if (pol.state == 0) {
			pol.state = policy_load(&pol.p, POLICY_PATH, &pol.err);
			privs_lower();
		}
		if (privs_forget(PRIV_DAC, err) < 0)
			return -err->code;
		if (pol.state < 0 && pol.state != -ENOENT)
			privs_log(false, "%s", pol.err.msg);
		/* The rule text (names of users, groups, containers) is
		 * for root and the log, not for whoever runs nsx. */
		if (pol.state < 0 && pol.p.bad_line)
			nsx_failx(&pol.err, -pol.state, "%s:%d: syntax error: "
				  "every request is denied", POLICY_PATH,
				  pol.p.bad_line);
	}
	if (pol.state < 0 && pol.state != -ENOENT) {
		*err = pol.err;
		return pol.state;
	}
	return 0;
}

static int refuse_option(const char *opt, const char *why,
			 struct nsx_err *err)
{
	privs_log(false, "option %s", opt);
	return nsx_failx(err, EPERM, "%s: not permitted to non-root callers "
			 "of a setuid nsx (%s)", opt, why);
}

/* -S/-G: only the caller's own number, which changes nothing. */
static int own_id(const char **arg, unsigned id, const char *opt,
		  struct nsx_err *err)
{
	unsigned long v;

	if (!*arg)
		return 0;
	if (parse_ulong(*arg, UINT_MAX, &v) < 0 || v != id)
		return refuse_option(opt, "only your own numeric id", err);
	*arg = NULL;
	return 0;
}

int privs_check_opts(struct enter_opts *o, char *const *program,
		     struct nsx_err *err)
{
	static const struct {
		int idx;
		const char *opt, *why;
	} ns_refused[] = {
		{ NS_USER, "--user", "it grants the namespace's capabilities" },
		{ NS_PID, "--pid", "only net, uts and ipc" },
		{ NS_MNT, "--mount", "another root is another /etc" },
		{ NS_CGROUP, "--cgroup", "only net, uts and ipc" },
		{ NS_TIME, "--time", "only net, uts and ipc" },
	};

	if (!privs_setuid())
		return 0;
	if (o->all)
		return refuse_option("--all", "it includes the user, mount "
				     "and pid namespaces", err);
	for (size_t i = 0; i < ARRAY_SIZE(ns_refused); i++)
		if (o->want[ns_refused[i].idx])
			return refuse_option(ns_refused[i].opt,
					     ns_refused[i].why, err);
	if (o->user_parent)
		return refuse_option("--user-parent", "no user namespaces",
				     err);
	if (o->root)
		return refuse_option("--root", "another root is another /etc",
				     err);
	if (o->join_cgroup)
		return refuse_option("--join-cgroup", "cgroups are not yours",
				     err);
	if (o->keep_caps)
		return refuse_option("--keep-caps", "no capabilities", err);
	if (o->preserve_cred)
		return refuse_option("--preserve-credentials",
				     "you always keep yours", err);
	if (own_id(&o->uid, privs_caller_uid(), "--setuid", err) < 0 ||
	    own_id(&o->gid, privs_caller_gid(), "--setgid", err) < 0)
		return -err->code;
	pol.env = o->env;
	snprintf(pol.program, sizeof(pol.program), "%s",
		 program && program[0] ? program[0] : "(shell)");
	return policy_get(err);
}

int privs_refuse_target(const char *label, const char *reason,
			struct nsx_err *err)
{
	privs_log(false, "%s: %s", label, reason);
	return nsx_failx(err, EPERM,
			 "%s: no such process, or not permitted by %s%s", label,
			 POLICY_PATH,
			 pol.env ? " (--env needs a process of your own)" : "");
}

int privs_require_root(const char *what, struct nsx_err *err)
{
	if (!privs_setuid())
		return 0;
	privs_log(false, "%s", what);
	return nsx_failx(err, EPERM, "%s: only root may do this (nsx is "
			 "setuid-root here, and you are uid %u)", what,
			 (unsigned)privs_caller_uid());
}

static int caller_of(struct policy_caller *c)
{
	c->uid = privs_caller_uid();
	c->gid = privs_caller_gid();
	c->groups = privs_caller_groups(&c->ngroups);
	c->confined = privs_confined();
	return 0;
}

/*
 * The facts below are read fail-closed: a process whose status or cgroup
 * cannot be read (RLIMIT_NOFILE, a race, a kernel that refuses) is a
 * refusal, never a process with no uid or cgroup that a deny rule misses.
 */

/* Read /proc/PID/<what> whole into buf, NUL-terminated. */
static int read_proc(const struct target *t, const char *what, char *buf,
		     size_t size, struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	ssize_t n;

	fd = target_open_proc(t, what, O_RDONLY, err);
	if (fd < 0)
		return fd;
	n = read(fd, buf, size - 1);
	if (n < 0)
		return nsx_fail(err, errno, "%s: read %s", t->label, what);
	buf[n] = '\0';
	return 0;
}

/* "Uid:\tR\tE\tS\tF" */
static int facts_uid(const struct target *t, struct policy_facts *f,
		     struct nsx_err *err)
{
	char buf[4096], *line;
	unsigned u[4];

	if (read_proc(t, "status", buf, sizeof(buf), err) < 0)
		return -err->code;
	line = strstr(buf, "\nUid:");
	if (!line || sscanf(line + 5, "%u %u %u %u", &u[0], &u[1], &u[2],
			    &u[3]) != 4)
		return nsx_failx(err, EPROTO, "%s: no Uid line in its status",
				 t->label);
	for (size_t i = 0; i < ARRAY_SIZE(u); i++)
		f->uid[i] = u[i];
	return 0;
}

/* The cgroup v2 path; left "" (unknown to the policy) on a host without
 * cgroup v2 or when too long to hold whole, never a truncated match. */
static int facts_cgroup(const struct target *t, struct policy_facts *f,
			struct nsx_err *err)
{
	char buf[PATH_MAX + 64], *line;

	if (read_proc(t, "cgroup", buf, sizeof(buf), err) < 0)
		return -err->code;
	line = strstr(buf, "0::/");
	if (!line || (line != buf && line[-1] != '\n'))
		return 0;
	line += 3;
	line[strcspn(line, "\n")] = '\0';
	if (nsx_strlcpy(f->cgroup, line, sizeof(f->cgroup)) < 0)
		f->cgroup[0] = '\0';
	return 0;
}

static int facts_ns(int fd, int idx, struct policy_facts *f,
		    struct nsx_err *err)
{
	struct stat s, own;
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[idx].name);
	if (fstat(fd, &s) < 0 || stat(path, &own) < 0)
		return nsx_fail(err, errno, "%s namespace",
				ns_types[idx].name);
	if (s.st_ino == own.st_ino && s.st_dev == own.st_dev)
		f->own_nsflags |= ns_types[idx].flag;
	if (idx == NS_NET) {
		f->net_known = true;
		f->net_ino = s.st_ino;
		f->net_dev = s.st_dev;
	}
	f->ns_known |= ns_types[idx].flag;
	f->ns_ino[idx] = s.st_ino;
	f->ns_dev[idx] = s.st_dev;
	f->nsfs_dev = own.st_dev;
	return 0;
}

/* The pidfd holds the process, but its namespaces and status are read
 * under /proc/PID: a /proc of another pid namespace (a caller in a pid
 * namespace of its own with the host's /proc) names another process. */
static int proc_is_ours(struct nsx_err *err)
{
	char buf[32], want[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	snprintf(want, sizeof(want), "%d", (int)getpid());
	if (n > 0)
		buf[n] = '\0';
	if (n <= 0 || !streq(buf, want))
		return nsx_failx(err, EPERM, "/proc is not of the caller's pid "
				 "namespace: its PIDs name other processes");
	return 0;
}

/* A process target: open the namespaces in flags (and the network one,
 * which netns: rules look at) with CAP_SYS_PTRACE in effect, read its uid
 * and cgroup, then make sure through the pidfd that it is still the same
 * process. fds[] keeps what was opened. Any failure refuses. */
static int facts_process(const struct target *t, int flags, int fds[NS_COUNT],
			 struct policy_facts *f, struct nsx_err *err)
{
	int r = proc_is_ours(err);

	if (r < 0)
		return r;
	r = privs_raise_only(PRIV_PTRACE, err);
	for (int i = 0; r == 0 && i < NS_COUNT; i++) {
		if (!(flags & ns_types[i].flag) && i != NS_NET)
			continue;
		fds[i] = target_open_ns(t, i, err);
		r = fds[i] < 0 ? fds[i] : facts_ns(fds[i], i, f, err);
	}
	if (r == 0)
		r = facts_uid(t, f, err);
	if (r == 0)
		r = facts_cgroup(t, f, err);
	f->process = r == 0;
	privs_lower();
	return r < 0 ? r : target_check_alive(t, err);
}

static void close_fds(int fds[NS_COUNT])
{
	for (int i = 0; i < NS_COUNT; i++) {
		closep(&fds[i]);
		fds[i] = -1;
	}
}

/* What was asked, for the log: "net,uts" and the program. */
static void describe(int flags, char *buf, size_t size)
{
	char names[128];

	ns_flags_str(flags, names, sizeof(names));
	snprintf(buf, size, "ns=%s program=%s", names[0] ? names : "none",
		 pol.program);
}

/* reason may be err->msg itself: it is copied before err is written. */
static int refuse(const struct target *t, const char *label,
		  const char *reason, struct nsx_err *err)
{
	char why[NSX_ERR_MAX];

	snprintf(why, sizeof(why), "%s", reason);
	if (t->kind == TARGET_PID)
		return privs_refuse_target(label, why, err);
	privs_log(false, "%s: %s", label, why);
	return nsx_failx(err, EPERM, "%s: not permitted by %s (%s)", label,
			 POLICY_PATH, why);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/*
 * Would the kernel let the caller setns into the namespace on fd with no
 * privilege of its own? Only if the namespace belongs to a user namespace
 * the caller made (or one nested in it), where the caller holds every
 * capability: the child of the initial user namespace on its way up must
 * be owned by the caller. The caller is not confined, so its own user
 * namespace is the initial one.
 */
static int owned_by_caller(int fd, struct nsx_err *err)
{
	_cleanup_close_ int user = ioctl(fd, NS_GET_USERNS);
	struct stat init, s;
	uid_t owner;

	if (user < 0 || stat("/proc/self/ns/user", &init) < 0 ||
	    fstat(user, &s) < 0)
		return nsx_fail(err, errno, "its user namespace");
	if (same_file(&s, &init))
		return nsx_failx(err, EPERM, "it belongs to the initial user "
				 "namespace");
	for (;;) {
		_cleanup_close_ int parent = ioctl(user, NS_GET_PARENT);

		if (parent < 0 || fstat(parent, &s) < 0)
			return nsx_fail(err, errno, "its user namespace's "
					"parent");
		if (same_file(&s, &init))
			break;
		closep(&user);
		user = take_fd(&parent);
	}
	if (ioctl(user, NS_GET_OWNER_UID, &owner) < 0)
		return nsx_fail(err, errno, "its user namespace's owner");
	if (owner != privs_caller_uid())
		return nsx_failx(err, EPERM, "its user namespace belongs to "
				 "uid %u", (unsigned)owner);
	return 0;
}

/*
 * No rule: what an unprivileged nsenter would get. Only a process
 * target, entered through its pidfd with CAP_SYS_PTRACE gone from every
 * set, so the kernel's own ptrace check judges the caller; opening the
 * namespaces as the caller first asks the kernel the same question, so
 * the refusal can say why. Each namespace must also be one the caller
 * holds CAP_SYS_ADMIN over (its rootless user namespace), the check
 * setns makes and nsx's own CAP_SYS_ADMIN would otherwise answer.
 */
static int kernel_judges(const struct target *t, const char *label,
			 int flags, bool file, struct nsx_err *err)
{
	char why[NSX_ERR_MAX + 64];

	if (privs_confined())
		return refuse(t, label, "caller confined in a non-initial "
			      "namespace, and no rule for it", err);
	if (file || t->kind != TARGET_PID)
		return refuse(t, label, "no rule matches, and a namespace "
			      "file proves nothing", err);
	if (privs_forget(PRIV_PTRACE | PRIV_NET | PRIV_DAC, err) < 0)
		return -err->code;
	for (int i = 0; i < NS_COUNT; i++) {
		_cleanup_close_ int fd = -1;

		if (!(flags & ns_types[i].flag))
			continue;
		fd = target_open_ns(t, i, err);
		if (fd < 0 || owned_by_caller(fd, err) < 0) {
			snprintf(why, sizeof(why), "no rule, and %s%s%s",
				 fd < 0 ? "" : ns_types[i].name,
				 fd < 0 ? "" : " namespace: ", err->msg);
			return refuse(t, label, why, err);
		}
	}
	/* CAP_SYS_ADMIN only for setns's check in the caller's own user
	 * namespace; the one over the target's was settled above. */
	privs_allow(PRIV_ADMIN, false);
	return 0;
}

static int grant(struct privs_entry *e, const struct policy_rule *rule,
		 int fds[NS_COUNT], const char *what, struct nsx_err *err)
{
	int flags = *e->pidfd_flags;

	/* Enter exactly the namespaces that were checked, not whatever the
	 * process is in by the time of setns. */
	for (int i = 0; i < NS_COUNT; i++)
		if (flags & ns_types[i].flag)
			e->fd[i] = take_fd(&fds[i]);
	*e->pidfd_flags = 0;
	close_fds(fds);
	if (privs_forget(PRIV_PTRACE | PRIV_NET | PRIV_DAC, err) < 0)
		return -err->code;
	privs_allow(PRIV_ADMIN, !(rule->options & POLICY_TTY));
	privs_log(true, "%s %s (%s:%d)", e->target->label, what, POLICY_PATH,
		  rule->line);
	return 0;
}

/* Every uid of the process is the caller's. */
static bool process_is_callers(const struct policy_facts *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(f->uid); i++)
		if (!f->process || f->uid[i] != privs_caller_uid())
			return false;
	return true;
}

/*
 * The facts the decision is made on. A namespace file (or a socket's
 * namespace, src >= 0) is judged alone: the process says nothing about
 * it. fds[] gets what was opened from a process target.
 */
static int entry_facts(const struct privs_entry *e, int src,
		       int fds[NS_COUNT], struct policy_facts *f,
		       struct nsx_err *err)
{
	const struct target *t = e->target;

	if (t->kind == TARGET_PID &&
	    facts_process(t, *e->pidfd_flags, fds, f, err) < 0)
		return -err->code;
	if (e->opts->env && !process_is_callers(f))
		return nsx_failx(err, EPERM, "--env: not the caller's process");
	if (src >= 0) {
		*f = (struct policy_facts){ 0 };
		return facts_ns(e->fd[src], src, f, err);
	}
	return 0;
}

int privs_check_enter(struct privs_entry *e, struct nsx_err *err)
{
	struct policy_facts f = { 0 };
	struct policy_request req = { .nsflags = *e->pidfd_flags };
	struct policy_caller c;
	const struct policy_rule *rule = NULL;
	const struct target *t = e->target;
	int fds[NS_COUNT], nfd = 0, src = -1;
	const char *label = t->label;
	char what[PATH_MAX + 160];

	if (!privs_setuid())
		return 0;
	for (int i = 0; i < NS_COUNT; i++) {
		fds[i] = -1;
		if (e->fd[i] >= 0) {
			nfd++;
			src = i;
			req.nsflags |= ns_types[i].flag;
		}
	}
	if (src >= 0 && e->opts->file[src])
		label = e->opts->file[src];
	describe(req.nsflags, what, sizeof(what));
	if (req.nsflags & NEVER)
		return refuse(t, label, what, err);
	if (nfd > 1 || (nfd && *e->pidfd_flags))
		return nsx_failx(err, EPERM, "non-root callers enter one "
				 "namespace file at a time");
	if (entry_facts(e, src, fds, &f, err) < 0) {
		close_fds(fds);
		return refuse(t, label, err->msg, err);
	}
	caller_of(&c);
	if (pol.state == 0 && req.nsflags)
		rule = policy_match(&pol.p, &c, &f, &req);
	if (rule && rule->permit)
		return grant(e, rule, fds, what, err);
	close_fds(fds);
	if (rule) {
		snprintf(what + strlen(what), sizeof(what) - strlen(what),
			 ": denied by line %d", rule->line);
		return refuse(t, label, what, err);
	}
	if (!req.nsflags) {
		/* Nothing to enter: nothing needs privilege. */
		return privs_forget(PRIV_ADMIN | PRIV_PTRACE | PRIV_NET |
				    PRIV_DAC, err);
	}
	if (kernel_judges(t, label, req.nsflags, nfd > 0, err) < 0)
		return -err->code;
	privs_log(true, "%s %s (no rule: as the kernel allows)", label, what);
	return 0;
}

/* show and link changes: the target's network namespace. */
static int check_net(struct target *t, bool write, struct nsx_err *err)
{
	struct policy_facts f = { 0 };
	struct policy_request req = { .nsflags = CLONE_NEWNET,
				      .links_write = write };
	struct policy_caller c;
	const struct policy_rule *rule = NULL;
	int fds[NS_COUNT];
	const char *what = write ? "change links" : "show";

	for (int i = 0; i < NS_COUNT; i++)
		fds[i] = -1;
	if (policy_get(err) < 0)
		return -err->code;
	if (t->kind == TARGET_SELF)
		return write ? refuse(t, "your own namespaces",
				      "links=write needs a rule", err) : 0;
	if (t->kind == TARGET_NSFS && t->nsidx != NS_NET)
		return refuse(t, t->label, "not a network namespace", err);
	if (t->kind == TARGET_PID &&
	    facts_process(t, CLONE_NEWNET, fds, &f, err) < 0) {
		close_fds(fds);
		return refuse(t, t->label, err->msg, err);
	}
	if (t->kind == TARGET_NSFS && facts_ns(t->nsfd, NS_NET, &f, err) < 0)
		return refuse(t, t->label, err->msg, err);
	caller_of(&c);
	if (pol.state == 0)
		rule = policy_match(&pol.p, &c, &f, &req);
	if (rule && rule->permit) {
		if (t->kind == TARGET_PID) {
			t->nsfd = take_fd(&fds[NS_NET]);
			t->nsidx = NS_NET;
			t->kind = TARGET_NSFS;
		}
		close_fds(fds);
		/* CAP_SYS_PTRACE stays permitted (never effective outside a
		 * check) for the command's next target: connect A B, a veth
		 * peer's namespace, a batch's second PID. */
		privs_allow(PRIV_ADMIN | (write ? PRIV_NET : 0), false);
		privs_log(true, "%s %s (%s:%d)", t->label, what, POLICY_PATH,
			  rule->line);
		return 0;
	}
	close_fds(fds);
	if (rule || write)
		return refuse(t, t->label, rule ? "denied by a rule" :
			      "no rule with links=write", err);
	if (kernel_judges(t, t->label, CLONE_NEWNET, false, err) < 0)
		return -err->code;
	privs_log(true, "%s %s (no rule: as the kernel allows)", t->label,
		  what);
	return 0;
}

int privs_check_show(struct target *t, struct nsx_err *err)
{
	return privs_setuid() ? check_net(t, false, err) : 0;
}

int privs_check_links_write(struct target *t, struct nsx_err *err)
{
	return privs_setuid() ? check_net(t, true, err) : 0;
}
