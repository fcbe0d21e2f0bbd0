/* creds.c - the ids a program runs with: -S, -G, names, follow, user ns */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nsx/lib/ids.h"
#include "nsx/target/target.h"
#include "enter_int.h"

/* The directory user and group names are looked up under. */
static int ids_root(const struct enter_state *s, struct nsx_err *err)
{
	int fd;

	if (s->root_fd >= 0)
		return fcntl(s->root_fd, F_DUPFD_CLOEXEC, 3);
	if (s->t.kind == TARGET_PID)
		return target_open_proc(&s->t, "root", O_PATH | O_DIRECTORY,
					err);
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? nsx_fail(err, errno, "/") : fd;
}

/* -S follow / -G follow: hold the target's /proc/PID, whose owner is
 * the ids it runs with; follow_ids reads them once entered. */
static int follow_open(struct enter_state *s, struct nsx_err *err)
{
	if (s->t.kind != TARGET_PID)
		return nsx_failx(err, EINVAL, "'follow' needs a process target");
	if (s->ids_fd >= 0)
		return 0;
	s->ids_fd = target_open_proc(&s->t, "", O_PATH | O_DIRECTORY, err);
	return s->ids_fd < 0 ? s->ids_fd : 0;
}

/*
 * After setns, as nsenter does: stat gives the ids as the user namespace
 * we are now in maps them, which is what setuid and setgid take there.
 * Read from the host, a container's root would be 100000, not 0.
 */
int enter_creds_follow(struct enter_state *s, struct nsx_err *err)
{
	struct stat st;

	if (s->ids_fd < 0)
		return 0;
	if (fstat(s->ids_fd, &st) < 0)
		return nsx_fail(err, errno, "%s", s->t.label);
	close(take_fd(&s->ids_fd));
	if (s->follow_uid)
		s->creds.uid = st.st_uid;
	if (s->follow_gid)
		s->creds.gid = st.st_gid;
	return 0;
}

static bool is_number(const char *s)
{
	unsigned long v;

	return parse_ulong(s, UINT_MAX - 1, &v) == 0;
}

static int resolve_uid(const struct enter_opts *o, struct enter_state *s,
		       int root, struct nsx_err *err)
{
	struct spawn_creds *c = &s->creds;
	unsigned long v;
	gid_t gid;
	int r;

	c->set_uid = true;
	if (streq(o->uid, "follow")) {
		s->follow_uid = true;
		return follow_open(s, err);
	}
	if (is_number(o->uid)) {
		parse_ulong(o->uid, UINT_MAX - 1, &v);
		c->uid = (uid_t)v;
		return 0;
	}
	r = ids_user(root, o->uid, &c->uid, &gid, err);
	if (r < 0)
		return nsx_wrap(err, "--setuid");
	/* A name brings its primary group and its groups, as login does. */
	if (!o->gid) {
		c->set_gid = true;
		c->gid = gid;
	}
	c->ngroups = SPAWN_MAX_GROUPS;
	r = ids_user_groups(root, o->uid, c->set_gid ? c->gid : gid,
			    c->groups, &c->ngroups, err);
	return r < 0 ? nsx_wrap(err, "--setuid") : 0;
}

static int resolve_gid(const struct enter_opts *o, struct enter_state *s,
		       int root, struct nsx_err *err)
{
	struct spawn_creds *c = &s->creds;
	unsigned long v;

	c->set_gid = true;
	if (streq(o->gid, "follow")) {
		s->follow_gid = true;
		return follow_open(s, err);
	}
	if (is_number(o->gid)) {
		parse_ulong(o->gid, UINT_MAX - 1, &v);
		c->gid = (gid_t)v;
		return 0;
	}
	if (ids_group(root, o->gid, &c->gid, err) < 0)
		return nsx_wrap(err, "--setgid");
	return 0;
}

/*
 * nsenter's rules: entering a user namespace makes us uid 0, gid 0 with
 * no groups there unless --preserve-credentials; -S and -G choose others.
 */
int enter_creds_resolve(const struct enter_opts *o, struct enter_state *s,
			struct nsx_err *err)
{
	bool userns = s->fd[NS_USER] >= 0 || (s->pidfd_flags & CLONE_NEWUSER);
	_cleanup_close_ int root = -1;
	struct spawn_creds *c = &s->creds;

	if (o->preserve_cred || (!userns && !o->uid && !o->gid))
		return 0;
	c->set_groups = true;
	c->ngroups = 0;
	if (userns) {
		c->set_uid = c->set_gid = true;
		c->uid = 0;
		c->gid = 0;
	}
	if ((o->uid && !streq(o->uid, "follow") && !is_number(o->uid)) ||
	    (o->gid && !streq(o->gid, "follow") && !is_number(o->gid))) {
		root = ids_root(s, err);
		if (root < 0)
			return root;
	}
	if (o->gid && resolve_gid(o, s, root, err) < 0)
		return -err->code;
	if (o->uid && resolve_uid(o, s, root, err) < 0)
		return -err->code;
	return 0;
}
