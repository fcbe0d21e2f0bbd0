/* privs_check.c - what a setuid nsx lets a non-root caller do
 *
 * Every decision is made on descriptors nsx holds (the target's pidfd,
 * the nsfs fds opened from it or given to it) and on kernel facts read
 * through them; nothing is looked up again by name afterwards.
 */
#include <errno.h>
#include <sched.h>

#include "nsx/lib/ns.h"
#include "nsx/setuid/policy.h"
#include "nsx/setuid/privs.h"
#include "nsx/setuid/privs_facts.h"
#include "nsx/setuid/privs_log.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define POLICY_PATH SYSCONFDIR "/nsx.conf"

/* What no rule gives a non-root caller (see nsx.conf(5) for why). */
#define NEVER (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWCGROUP | \
	       ns_types[NS_TIME].flag)

struct rootless_opt;

static struct {
	int state;        /* 0 loaded, -ENOENT none, other: refused */
	bool loaded;
	struct policy p;
	struct nsx_err err;
	bool env;         /* -e was asked: part of the uniform answer */
	/* For the log: what is asked, before and after it is resolved. */
	char program[256];
	const char *target;
	char ns[64];
	/* The option that makes this a request only done with no privilege
	 * (rootless), or NULL. */
	const struct rootless_opt *rootless;
} pol;

/* target NULL: the target as the caller gave it. */
static void log_decision(bool granted, int rule, const char *target,
			 const char *why)
{
	privs_log_record(&(struct privs_record){
		.granted = granted,
		.rule = rule,
		.program = pol.program[0] ? pol.program : NULL,
		.ns = pol.ns,
		.target = target ? target : pol.target,
		.why = why,
	});
}

void privs_log_failure(const struct nsx_err *err)
{
	/* A refusal nsx made is logged already; this is the kernel's (a
	 * setns, an open as the caller) or an error on the way. */
	if (privs_setuid() && !privs_log_refused())
		log_decision(false, PRIVS_LOG_NO_RULE, NULL, err->msg);
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
			log_decision(false, PRIVS_LOG_NO_RULE, NULL,
				     pol.err.msg);
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

/* An option only a request that needs no privilege may carry, and why
 * no rule gives it. */
struct rootless_opt {
	const char *opt, *why;
};

static const struct rootless_opt *rootless_ns_opt(const struct enter_opts *o)
{
	static const struct {
		int idx;
		struct rootless_opt ro;
	} ns_opts[] = {
		{ NS_USER, { "--user", "it grants the namespace's capabilities" } },
		{ NS_PID, { "--pid", "only net, uts and ipc" } },
		{ NS_MNT, { "--mount", "another root is another /etc" } },
		{ NS_CGROUP, { "--cgroup", "only net, uts and ipc" } },
		{ NS_TIME, { "--time", "only net, uts and ipc" } },
	};
	static const struct rootless_opt all = {
		"--all", "it includes the user, mount and pid namespaces"
	};

	if (o->all)
		return &all;
	for (size_t i = 0; i < ARRAY_SIZE(ns_opts); i++)
		if (o->want[ns_opts[i].idx])
			return &ns_opts[i].ro;
	return NULL;
}

/* -S/-G: the caller's own number changes nothing; any other id does. */
static bool other_id(const char *arg, unsigned id)
{
	unsigned long v;

	return arg && (parse_ulong(arg, UINT_MAX, &v) < 0 || v != id);
}

static const struct rootless_opt *rootless_option(const struct enter_opts *o)
{
	static const struct rootless_opt opts[] = {
		{ "--user-parent", "no user namespaces" },
		{ "--root", "another root is another /etc" },
		{ "--join-cgroup", "cgroups are not yours" },
		{ "--keep-caps", "no capabilities" },
		{ "--preserve-credentials", "you always keep yours" },
		{ "--setuid", "only your own numeric id" },
		{ "--setgid", "only your own numeric id" },
	};
	const bool given[] = {
		o->user_parent, o->root, o->join_cgroup, o->keep_caps,
		o->preserve_cred, other_id(o->uid, privs_caller_uid()),
		other_id(o->gid, privs_caller_gid()),
	};
	const struct rootless_opt *ro = rootless_ns_opt(o);

	for (size_t i = 0; !ro && i < ARRAY_SIZE(opts); i++)
		if (given[i])
			ro = &opts[i];
	return ro;
}

int privs_check_opts(struct enter_opts *o, char *const *program,
		     struct nsx_err *err)
{
	if (!privs_setuid())
		return 0;
	pol.env = o->env;
	pol.target = o->target;
	snprintf(pol.program, sizeof(pol.program), "%s",
		 program && program[0] ? program[0] : "(shell)");
	/* Decided once the target is resolved: with no privilege at all,
	 * or not. Otherwise the caller's own ids change nothing. */
	pol.rootless = rootless_option(o);
	if (!pol.rootless)
		o->uid = o->gid = NULL;
	return policy_get(err);
}

int privs_refuse_target(const char *label, const char *reason,
			struct nsx_err *err)
{
	log_decision(false, PRIVS_LOG_NO_RULE, label, reason);
	return nsx_failx(err, EPERM,
			 "%s: no such process, or not permitted by %s%s", label,
			 POLICY_PATH,
			 pol.env ? " (--env needs a process of your own)" : "");
}

int privs_require_root(const char *what, struct nsx_err *err)
{
	if (!privs_setuid())
		return 0;
	log_decision(false, PRIVS_LOG_NO_RULE, NULL, what);
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

/* reason may be err->msg itself: it is copied before err is written.
 * rule: the line of the deny rule, or PRIVS_LOG_NO_RULE. */
static int refuse(const struct target *t, const char *label, int rule,
		  const char *reason, struct nsx_err *err)
{
	char why[NSX_ERR_MAX];

	snprintf(why, sizeof(why), "%s", reason);
	log_decision(false, rule, label, why);
	if (t->kind == TARGET_PID)
		return nsx_failx(err, EPERM, "%s: no such process, or not "
				 "permitted by %s%s", label, POLICY_PATH,
				 pol.env ? " (--env needs a process of your "
				 "own)" : "");
	return nsx_failx(err, EPERM, "%s: not permitted by %s (%s)", label,
			 POLICY_PATH, why);
}

/*
 * No rule: what an unprivileged nsenter would get. Only a process
 * target, whose namespace files are opened with CAP_SYS_PTRACE gone from
 * every set, so the kernel's own ptrace check judges the caller (and the
 * refusal can say why). Each namespace must also be one the caller holds
 * CAP_SYS_ADMIN over (its rootless user namespace), the check setns
 * makes and nsx's own CAP_SYS_ADMIN would otherwise answer. The files
 * checked are the ones entered (kept[]).
 */
static int kernel_judges(const struct target *t, const char *label,
			 int flags, bool file, int kept[NS_COUNT],
			 struct nsx_err *err)
{
	char why[NSX_ERR_MAX + 64];

	if (privs_confined())
		return refuse(t, label, PRIVS_LOG_NO_RULE, "caller confined in "
			      "a non-initial namespace, and no rule for it",
			      err);
	if (file || t->kind != TARGET_PID)
		return refuse(t, label, PRIVS_LOG_NO_RULE, "no rule matches, "
			      "and a namespace file proves nothing", err);
	if (privs_forget(PRIV_PTRACE | PRIV_NET | PRIV_DAC, err) < 0)
		return -err->code;
	/* What was checked is what gets entered: kept[] holds each file,
	 * so a target that changes namespaces after this cannot swap in
	 * one the check never saw. */
	for (int i = 0; i < NS_COUNT; i++) {
		if (!(flags & ns_types[i].flag))
			continue;
		kept[i] = target_open_ns(t, i, err);
		if (kept[i] < 0 || privs_owned_by_caller(kept[i], false, err) < 0) {
			snprintf(why, sizeof(why), "no rule, and %s%s%s",
				 kept[i] < 0 ? "" : ns_types[i].name,
				 kept[i] < 0 ? "" : " namespace: ", err->msg);
			privs_close_fds(kept);
			return refuse(t, label, PRIVS_LOG_NO_RULE, why, err);
		}
	}
	/* CAP_SYS_ADMIN only for setns's check in the caller's own user
	 * namespace; the one over the target's was settled above. */
	privs_allow(PRIV_ADMIN, false);
	return 0;
}

static int grant(struct privs_entry *e, const struct policy_rule *rule,
		 int fds[NS_COUNT], const char *label, struct nsx_err *err)
{
	int flags = *e->pidfd_flags;

	/* Enter exactly the namespaces that were checked, not whatever the
	 * process is in by the time of setns. */
	for (int i = 0; i < NS_COUNT; i++)
		if (flags & ns_types[i].flag)
			e->fd[i] = take_fd(&fds[i]);
	*e->pidfd_flags = 0;
	privs_close_fds(fds);
	if (privs_forget(PRIV_PTRACE | PRIV_NET | PRIV_DAC, err) < 0)
		return -err->code;
	privs_allow(PRIV_ADMIN, !(rule->options & POLICY_TTY));
	log_decision(true, rule->line, label, NULL);
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
	    privs_facts_process(t, *e->pidfd_flags, fds, f, err) < 0)
		return -err->code;
	if (e->opts->env && !process_is_callers(f))
		return nsx_failx(err, EPERM, "--env: not the caller's process");
	if (src >= 0) {
		*f = (struct policy_facts){ 0 };
		return privs_facts_ns(e->fd[src], src, f, err);
	}
	return 0;
}

/* Is namespace i of the entry of a user namespace the caller owns? Asked
 * of the kernel as the caller: the namespace is opened with no
 * capability in effect. *opened: whether it could be opened at all. */
static int entry_ns_owned(const struct privs_entry *e, int i, bool *opened,
			  struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;

	*opened = e->fd[i] >= 0;
	if (!*opened) {
		fd = target_open_ns(e->target, i, err);
		if (fd < 0)
			return fd;
		*opened = true;
	}
	return privs_owned_by_caller(e->fd[i] >= 0 ? e->fd[i] : fd,
				     i == NS_USER, err);
}

/*
 * A request no rule may grant (-U, -m, -p, --preserve-credentials, -S 0,
 * ...) is done with no privilege at all, or not: every namespace it
 * enters must be of a user namespace the caller owns, and no rule is
 * looked at. Decided and logged here, on namespaces opened as the caller;
 * then privs_drop gives up everything (ids, groups, every capability set,
 * no_new_privs) before anything is entered, so what follows is what
 * unprivileged nsenter does, and the kernel judges it. Nothing read after
 * the drop is trusted: there is nothing left to trust it with. No
 * descriptor is opened with a capability on this path (the policy file's
 * is closed once read), so those left are the caller's own, the pidfd and
 * namespaces opened as the caller. All or nothing: one namespace that is
 * not the caller's refuses the request, whatever a rule says of it.
 */
static int rootless(struct privs_entry *e, const char *label, int flags,
		    struct nsx_err *err)
{
	const char *opt = pol.rootless ? pol.rootless->opt : "--all";
	const char *why = pol.rootless ? pol.rootless->why : "";
	char reason[NSX_ERR_MAX + 64];
	bool opened;

	if (privs_forget(PRIV_PTRACE | PRIV_NET | PRIV_DAC, err) < 0)
		return -err->code;
	for (int i = 0; i < NS_COUNT; i++) {
		if (!(flags & ns_types[i].flag) ||
		    entry_ns_owned(e, i, &opened, err) == 0)
			continue;
		if (!opened)
			return refuse(e->target, label, PRIVS_LOG_NO_RULE,
				      err->msg, err);
		snprintf(reason, sizeof(reason), "%s: %s namespace: %s", opt,
			 ns_types[i].name, err->msg);
		log_decision(false, PRIVS_LOG_NO_RULE, label, reason);
		return nsx_failx(err, EPERM, "%s: not permitted to non-root "
				 "callers of a setuid nsx (%s), but in "
				 "namespaces of their own user namespaces "
				 "(%s)", opt, why, reason + strlen(opt) + 2);
	}
	log_decision(true, PRIVS_LOG_NO_RULE, label,
		     "no privilege: entered as the caller, as by nsenter");
	return privs_drop(err);
}

/* net, uts and ipc, through a rule or, with none, as the kernel allows. */
static int decide(struct privs_entry *e, const char *label, int src,
		  const struct policy_request *req, struct nsx_err *err)
{
	struct policy_facts f = { 0 };
	struct policy_caller c;
	const struct policy_rule *rule = NULL;
	const struct target *t = e->target;
	char why[64];
	int fds[NS_COUNT];

	for (int i = 0; i < NS_COUNT; i++)
		fds[i] = -1;
	if (entry_facts(e, src, fds, &f, err) < 0) {
		privs_close_fds(fds);
		return refuse(t, label, PRIVS_LOG_NO_RULE, err->msg, err);
	}
	caller_of(&c);
	if (pol.state == 0 && req->nsflags)
		rule = policy_match(&pol.p, &c, &f, req);
	if (rule && rule->permit)
		return grant(e, rule, fds, label, err);
	privs_close_fds(fds);
	if (rule) {
		snprintf(why, sizeof(why), "denied by line %d", rule->line);
		return refuse(t, label, rule->line, why, err);
	}
	/* Nothing to enter: nothing needs privilege. */
	if (!req->nsflags)
		return privs_forget(PRIV_ADMIN | PRIV_PTRACE | PRIV_NET |
				    PRIV_DAC, err);
	if (kernel_judges(t, label, req->nsflags, src >= 0, fds, err) < 0)
		return -err->code;
	for (int i = 0; i < NS_COUNT; i++)
		if (fds[i] >= 0)
			e->fd[i] = take_fd(&fds[i]);
	*e->pidfd_flags = 0;
	log_decision(true, PRIVS_LOG_NO_RULE, label,
		     "no rule: as the kernel allows");
	return 0;
}

int privs_check_enter(struct privs_entry *e, struct nsx_err *err)
{
	struct policy_request req = { .nsflags = *e->pidfd_flags };
	const struct target *t = e->target;
	const char *label = t->label;
	int nfd = 0, src = -1;

	if (!privs_setuid())
		return 0;
	for (int i = 0; i < NS_COUNT; i++) {
		if (e->fd[i] >= 0) {
			nfd++;
			src = i;
			req.nsflags |= ns_types[i].flag;
		}
	}
	/* A grant through -n=FILE names the file, not "self". */
	if (src >= 0 && e->opts->file[src])
		label = e->opts->file[src];
	ns_flags_str(req.nsflags, pol.ns, sizeof(pol.ns));
	if (pol.rootless || (req.nsflags & NEVER))
		return rootless(e, label, req.nsflags, err);
	if (nfd > 1 || (nfd && *e->pidfd_flags)) {
		log_decision(false, PRIVS_LOG_NO_RULE, label,
			     "more than one namespace file");
		return nsx_failx(err, EPERM, "non-root callers enter one "
				 "namespace file at a time");
	}
	return decide(e, label, src, &req, err);
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
	snprintf(pol.ns, sizeof(pol.ns), "net");
	if (t->kind == TARGET_SELF)
		return write ? refuse(t, "your own namespaces",
				      PRIVS_LOG_NO_RULE,
				      "links=write needs a rule", err) : 0;
	if (t->kind == TARGET_NSFS && t->nsidx != NS_NET)
		return refuse(t, t->label, PRIVS_LOG_NO_RULE,
			      "not a network namespace", err);
	if (t->kind == TARGET_PID &&
	    privs_facts_process(t, CLONE_NEWNET, fds, &f, err) < 0) {
		privs_close_fds(fds);
		return refuse(t, t->label, PRIVS_LOG_NO_RULE, err->msg, err);
	}
	if (t->kind == TARGET_NSFS && privs_facts_ns(t->nsfd, NS_NET, &f, err) < 0)
		return refuse(t, t->label, PRIVS_LOG_NO_RULE, err->msg, err);
	caller_of(&c);
	if (pol.state == 0)
		rule = policy_match(&pol.p, &c, &f, &req);
	if (rule && rule->permit) {
		if (t->kind == TARGET_PID) {
			t->nsfd = take_fd(&fds[NS_NET]);
			t->nsidx = NS_NET;
			t->kind = TARGET_NSFS;
		}
		privs_close_fds(fds);
		/* CAP_SYS_PTRACE stays permitted (never effective outside a
		 * check) for the command's next target: connect A B, a veth
		 * peer's namespace, a batch's second PID. */
		privs_allow(PRIV_ADMIN | (write ? PRIV_NET : 0), false);
		log_decision(true, rule->line, t->label, what);
		return 0;
	}
	privs_close_fds(fds);
	if (rule || write)
		return refuse(t, t->label,
			      rule ? rule->line : PRIVS_LOG_NO_RULE,
			      rule ? "denied by a rule" :
				     "no rule with links=write", err);
	if (kernel_judges(t, t->label, CLONE_NEWNET, false, fds, err) < 0)
		return -err->code;
	/* The namespace checked is the one used; the process's other
	 * namespaces (show) are opened as the caller. */
	target_pin_ns(t, NS_NET, take_fd(&fds[NS_NET]));
	log_decision(true, PRIVS_LOG_NO_RULE, t->label,
		     write ? "change links: no rule, as the kernel allows" :
			     "show: no rule, as the kernel allows");
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
