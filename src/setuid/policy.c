/* policy.c - parse /etc/nsx.conf and match requests against its rules */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sched.h>
#include <sys/stat.h>

#include "nsx/lib/ids.h"
#include "nsx/lib/ns.h"
#include "nsx/setuid/policy.h"

#define POLICY_FILE_MAX (64 * 1024)
#define POLICY_LINE_MAX 1024
#define POLICY_RULES_MAX 4096
#define NETNS_DIR "/run/netns"

/* The namespaces a rule may grant: the others are never given to a
 * non-root caller, whatever the file says. */
#define GRANTABLE (CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC)

static const char *const target_kinds[] = { "netns", "docker", "podman",
					    "cri",   "cgroup", "uid",
					    "ns",    "nsid",   NULL };

/*
 * The uid of a user, or gid of a group, named in the host's /etc/passwd
 * or /etc/group, read as text (as ids.c reads a target's): no NSS module
 * is ever loaded into nsx. 0, or -errno.
 */
static int host_id(bool group, const char *tok, unsigned *id)
{
	_cleanup_close_ int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct nsx_err ignored;
	uid_t uid;
	gid_t gid;
	int r;

	if (root < 0)
		return -errno;
	r = group ? ids_group(root, tok, &gid, &ignored)
		  : ids_user(root, tok, &uid, &gid, &ignored);
	if (r == 0)
		*id = group ? gid : uid;
	return r;
}

/* A user or group named in the file: a number or a name on the host. */
static int parse_identity(struct policy_rule *r, const char *tok,
			  const char *name, struct nsx_err *err)
{
	unsigned long v;

	r->is_group = tok[0] == ':';
	if (r->is_group)
		tok++;
	if (!tok[0])
		return nsx_failx(err, EINVAL, "%s:%d: missing %s", name,
				 r->line, r->is_group ? "group" : "user");
	if (parse_ulong(tok, UINT_MAX - 1, &v) == 0) {
		r->id = (unsigned)v;
		return 0;
	}
	/* An unknown name is an error, not a rule that never matches: a
	 * misspelt deny must not silently let a later permit through. */
	if (host_id(r->is_group, tok, &r->id) < 0)
		return nsx_failx(err, EINVAL, "%s:%d: no such %s: %s", name,
				 r->line, r->is_group ? "group" : "user", tok);
	return 0;
}

static int parse_ns(struct policy_rule *r, char *list, const char *name,
		    struct nsx_err *err)
{
	char *save = NULL;

	r->nsflags = 0;
	for (char *n = strtok_r(list, ",", &save); n;
	     n = strtok_r(NULL, ",", &save)) {
		int i = ns_index_by_name(n);

		if (i < 0)
			return nsx_failx(err, EINVAL,
					 "%s:%d: ns=%s: unknown namespace type",
					 name, r->line, n);
		if (!(ns_types[i].flag & GRANTABLE))
			return nsx_failx(err, EINVAL,
					 "%s:%d: ns=%s: only net, uts and ipc "
					 "can be granted", name, r->line, n);
		r->nsflags |= ns_types[i].flag;
	}
	if (!r->nsflags)
		return nsx_failx(err, EINVAL, "%s:%d: ns= is empty", name,
				 r->line);
	return 0;
}

/* target=KIND:VALUE or *, checked here so a typo denies everything. */
static int parse_target(struct policy_rule *r, const char *val,
			const char *name, struct nsx_err *err)
{
	const char *colon = strchr(val, ':');
	unsigned long v;

	if (streq(val, "*"))
		return 0;
	if (!colon || !colon[1])
		return nsx_failx(err, EINVAL,
				 "%s:%d: target=%s: expected KIND:PATTERN "
				 "or *", name, r->line, val);
	for (const char *const *k = target_kinds; *k; k++) {
		size_t n = strlen(*k);

		if ((size_t)(colon - val) != n || strncmp(val, *k, n))
			continue;
		if (streq(*k, "uid")) {
			unsigned uid;

			if (parse_ulong(colon + 1, UINT_MAX - 1, &v) < 0) {
				if (host_id(false, colon + 1, &uid) < 0)
					return nsx_failx(err, EINVAL,
							 "%s:%d: target=%s: "
							 "no such user", name,
							 r->line, val);
				v = uid;
			}
			snprintf(r->target, sizeof(r->target), "uid:%lu", v);
			return 0;
		}
		if ((streq(*k, "ns") || streq(*k, "nsid")) &&
		    parse_ulong(colon + 1, ULONG_MAX, &v) < 0)
			return nsx_failx(err, EINVAL,
					 "%s:%d: target=%s: not a namespace "
					 "number", name, r->line, val);
		if (nsx_strlcpy(r->target, val, sizeof(r->target)) < 0)
			return nsx_failx(err, EINVAL,
					 "%s:%d: target= is too long", name,
					 r->line);
		return 0;
	}
	return nsx_failx(err, EINVAL,
			 "%s:%d: target=%s: unknown kind (netns, docker, "
			 "podman, cri, cgroup, uid, ns, nsid)", name, r->line,
			 val);
}

static int parse_option(struct policy_rule *r, char *tok, unsigned *seen,
			const char *name, struct nsx_err *err)
{
	static const struct {
		const char *word;
		unsigned bit;
	} flags[] = { { "links=write", POLICY_LINKS_WRITE },
		      { "tty", POLICY_TTY },
		      { "confined", POLICY_CONFINED } };

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!streq(tok, flags[i].word))
			continue;
		if (!r->permit)
			return nsx_failx(err, EINVAL,
					 "%s:%d: %s only applies to permit "
					 "rules", name, r->line, tok);
		r->options |= flags[i].bit;
		return 0;
	}
	if (!strncmp(tok, "ns=", 3) || !strncmp(tok, "target=", 7)) {
		unsigned bit = tok[0] == 'n' ? 1 : 2;

		if (*seen & bit)
			return nsx_failx(err, EINVAL, "%s:%d: %.*s given twice",
					 name, r->line,
					 (int)strcspn(tok, "="), tok);
		*seen |= bit;
		if (bit == 1)
			return parse_ns(r, tok + 3, name, err);
		return parse_target(r, tok + 7, name, err);
	}
	return nsx_failx(err, EINVAL, "%s:%d: %s: unknown word", name,
			 r->line, tok);
}

static int parse_line(struct policy_rule *r, char *line, const char *name,
		      struct nsx_err *err)
{
	char *save = NULL, *tok = strtok_r(line, " \t", &save);
	unsigned seen = 0;

	if (streq(tok, "permit"))
		r->permit = true;
	else if (!streq(tok, "deny"))
		return nsx_failx(err, EINVAL,
				 "%s:%d: %s: expected permit or deny", name,
				 r->line, tok);
	tok = strtok_r(NULL, " \t", &save);
	if (!tok)
		return nsx_failx(err, EINVAL, "%s:%d: missing user or :group",
				 name, r->line);
	if (parse_identity(r, tok, name, err) < 0)
		return -err->code;
	/* Without ns=, a permit gives the network namespace only, and a
	 * deny covers every namespace. */
	r->nsflags = r->permit ? CLONE_NEWNET : GRANTABLE;
	while ((tok = strtok_r(NULL, " \t", &save)))
		if (parse_option(r, tok, &seen, name, err) < 0)
			return -err->code;
	return 0;
}

static int add_rule(struct policy *p, const struct policy_rule *r,
		    struct nsx_err *err)
{
	struct policy_rule *more;

	if (p->n == POLICY_RULES_MAX)
		return nsx_failx(err, E2BIG, "%s:%d: too many rules", p->path,
				 r->line);
	more = realloc(p->rules, (p->n + 1) * sizeof(*more));
	if (!more)
		return nsx_fail(err, ENOMEM, "%s", p->path);
	p->rules = more;
	p->rules[p->n++] = *r;
	return 0;
}

int policy_parse(struct policy *p, FILE *f, const char *name,
		 struct nsx_err *err)
{
	_cleanup_free_ char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0;

	while ((len = getline(&line, &cap, f)) >= 0) {
		struct policy_rule r = { .line = ++lineno };
		char *c;

		p->bad_line = lineno;
		if (len > POLICY_LINE_MAX)
			return nsx_failx(err, EINVAL, "%s:%d: line too long",
					 name, lineno);
		if (strlen(line) != (size_t)len)
			return nsx_failx(err, EINVAL, "%s:%d: NUL byte", name,
					 lineno);
		if ((c = strchr(line, '#')))
			*c = '\0';
		line[strcspn(line, "\n")] = '\0';
		if (!line[strspn(line, " \t")])
			continue;
		if (parse_line(&r, line, name, err) < 0 ||
		    add_rule(p, &r, err) < 0)
			return -err->code;
	}
	p->bad_line = 0;
	if (ferror(f))
		return nsx_fail(err, EIO, "%s", name);
	return 0;
}

/* The file decides who gets root's help: it must be root's alone. */
static int policy_check_file(int fd, const char *path, struct nsx_err *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return nsx_fail(err, errno, "%s", path);
	if (!S_ISREG(st.st_mode))
		return nsx_failx(err, EPERM,
				 "%s is not a regular file: every request "
				 "is denied", path);
	if (st.st_uid != 0)
		return nsx_failx(err, EPERM,
				 "%s is owned by uid %u, not root: every "
				 "request is denied", path,
				 (unsigned)st.st_uid);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return nsx_failx(err, EPERM,
				 "%s is writable by %s: every request is "
				 "denied", path,
				 st.st_mode & S_IWOTH ? "others" : "its group");
	if (st.st_size > POLICY_FILE_MAX)
		return nsx_failx(err, EFBIG, "%s is larger than %d bytes: "
				 "every request is denied", path,
				 POLICY_FILE_MAX);
	return 0;
}

int policy_load(struct policy *p, const char *path, struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	_cleanup_fclose_ FILE *f = NULL;
	int r;

	*p = (struct policy){ 0 };
	if (nsx_strlcpy(p->path, path, sizeof(p->path)) < 0)
		return nsx_failx(err, ENAMETOOLONG, "policy path too long");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
			       O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return -ENOENT;
		return nsx_fail(err, errno, "%s: every request is denied",
				path);
	}
	r = policy_check_file(fd, path, err);
	if (r < 0)
		return r;
	f = fdopen(fd, "re");
	if (!f)
		return nsx_fail(err, errno, "%s", path);
	fd = -1;
	r = policy_parse(p, f, path, err);
	if (r < 0) {
		char why[NSX_ERR_MAX];

		policy_free(p);
		snprintf(why, sizeof(why), "%s", err->msg);
		return nsx_failx(err, -r, "%.400s: every request is denied",
				 why);
	}
	return 0;
}

void policy_free(struct policy *p)
{
	free(p->rules);
	p->rules = NULL;
	p->n = 0;
}

static bool caller_matches(const struct policy_rule *r,
			   const struct policy_caller *c)
{
	if (!r->is_group)
		return c->uid == r->id;
	if (c->gid == r->id)
		return true;
	for (size_t i = 0; i < c->ngroups; i++)
		if (c->groups[i] == r->id)
			return true;
	return false;
}

/* A rule's target against the facts: unknown when a fact it needs is
 * missing, so that a deny can match it and a permit cannot. */
enum match { MATCH_NO, MATCH_YES, MATCH_UNKNOWN };

/* An ip-netns name is matched on the inode its bind mount holds, so the
 * name the caller typed, or whether they typed one, does not matter. No
 * /run/netns means no names; any other failure to read it is unknown. */
static enum match netns_matches(const char *glob, const struct policy_facts *f)
{
	enum match r = MATCH_NO;
	struct dirent *e;
	DIR *d;

	if (!f->net_known)
		return MATCH_UNKNOWN;
	d = opendir(NETNS_DIR);
	if (!d)
		return errno == ENOENT ? MATCH_NO : MATCH_UNKNOWN;
	for (;;) {
		struct stat st;

		errno = 0;
		e = readdir(d);
		if (!e) {
			if (errno)
				r = MATCH_UNKNOWN;
			break;
		}
		if (e->d_name[0] == '.' || fnmatch(glob, e->d_name, 0))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			/* Deleted while we looked: not a name any more. */
			if (errno != ENOENT)
				r = MATCH_UNKNOWN;
			continue;
		}
		if (st.st_ino == f->net_ino && st.st_dev == f->net_dev) {
			r = MATCH_YES;
			break;
		}
	}
	closedir(d);
	return r;
}

/*
 * The container ID in a cgroup path, where the engine puts it. The path
 * must start at the engine's own root-owned subtree: a user with a
 * delegated cgroup can name a directory docker-<id>.scope too.
 */
static bool container_id(const char *cgroup, const char *kind, char *id,
			 size_t size)
{
	const char *p = NULL, *end;
	size_t n;

	if (streq(kind, "docker")) {
		if (!strncmp(cgroup, "/system.slice/docker-", 21))
			p = cgroup + 21;
		else if (!strncmp(cgroup, "/docker/", 8))
			p = cgroup + 8;
	} else if (streq(kind, "podman")) {
		if (!strncmp(cgroup, "/machine.slice/libpod-", 22))
			p = cgroup + 22;
	} else if (!strncmp(cgroup, "/kubepods", 9)) {
		const char *c = strstr(cgroup, "/cri-containerd-");

		p = c ? c + 16 : strstr(cgroup, "/crio-");
		if (p && !c)
			p += 6;
	}
	if (!p)
		return false;
	end = p + strcspn(p, "/");
	n = (size_t)(end - p);
	if (n > 6 && !strncmp(end - 6, ".scope", 6))
		n -= 6;
	if (n == 0 || n >= size)
		return false;
	memcpy(id, p, n);
	id[n] = '\0';
	return true;
}

/* uid:N: yes when every uid of the process is N, unknown when only some
 * are (a deny then still applies). */
static enum match uid_matches(unsigned long v, const struct policy_facts *f)
{
	int n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(f->uid); i++)
		n += f->uid[i] == v;
	return n == ARRAY_SIZE(f->uid) ? MATCH_YES :
	       n ? MATCH_UNKNOWN : MATCH_NO;
}

/*
 * ns:INODE and nsid:ID: which namespaces of the types asked (the rule's
 * ns= list and the request's) have this inode on nsfs, or this 64-bit id.
 * The type is part of the match: an inode number freed by a namespace of
 * one type may be given to one of another (an id is never reused).
 */
static enum match ns_number_matches(bool id, const char *val, int types,
				    const struct policy_facts *f, int *which)
{
	int known = id ? f->ns_id_known : f->ns_known;
	enum match m = MATCH_NO;
	unsigned long v;

	if (parse_ulong(val, ULONG_MAX, &v) < 0)
		return MATCH_NO;
	for (int i = 0; i < NS_COUNT; i++) {
		int flag = ns_types[i].flag;

		if (!(types & flag))
			continue;
		if (!(known & flag)) {
			if (m == MATCH_NO)
				m = MATCH_UNKNOWN;
		} else if (id ? f->ns_id[i] == v :
				f->ns_ino[i] == v && f->ns_dev[i] == f->nsfs_dev) {
			*which |= flag;
			m = MATCH_YES;
		}
	}
	return m;
}

/* A process pattern: docker:, podman:, cri:, cgroup:, uid:. */
static enum match process_matches(const char *kind, const char *val,
				  const struct policy_facts *f)
{
	char id[128];
	unsigned long v;

	/* A namespace file, or a name for one, carries no process; it may
	 * be the very namespace a process-pattern deny is about. */
	if (!f->process)
		return MATCH_UNKNOWN;
	if (streq(kind, "uid"))
		return parse_ulong(val, UINT_MAX, &v) < 0 ? MATCH_NO :
		       uid_matches(v, f);
	if (!f->cgroup[0])
		return MATCH_UNKNOWN;
	if (streq(kind, "cgroup"))
		return fnmatch(val, f->cgroup, 0) ? MATCH_NO : MATCH_YES;
	return container_id(f->cgroup, kind, id, sizeof(id)) &&
	       fnmatch(val, id, 0) == 0 ? MATCH_YES : MATCH_NO;
}

/*
 * Does the rule's target match, and for which of the namespaces in types
 * does it vouch (*which, CLONE_NEW*)? A netns: or ns: pattern vouches
 * for the namespace it matched and nothing else; a process pattern for
 * every namespace of the process.
 */
static enum match target_matches(const struct policy_rule *rule, int types,
				 const struct policy_facts *f, int *which)
{
	const char *pattern = rule->target, *val = strchr(pattern, ':');
	char kind[16];

	*which = 0;
	if (!pattern[0] || streq(pattern, "*")) {
		*which = types;
		return MATCH_YES;
	}
	snprintf(kind, sizeof(kind), "%.*s", (int)(val - pattern), pattern);
	val++;
	if (streq(kind, "ns") || streq(kind, "nsid"))
		return ns_number_matches(streq(kind, "nsid"), val, types, f,
					 which);
	if (streq(kind, "netns")) {
		*which = types & CLONE_NEWNET;
		return netns_matches(val, f);
	}
	*which = types;
	return process_matches(kind, val, f);
}

/*
 * Does the rule name the namespace itself? Only then may it cover the
 * caller's own: a container on the host network, or the caller's own
 * shell, matches docker:* or uid:U, and links=write there would rewire
 * the host.
 */
static bool names_namespace(const struct policy_rule *rule)
{
	return !strncmp(rule->target, "ns:", 3) ||
	       !strncmp(rule->target, "nsid:", 5) ||
	       !strncmp(rule->target, "netns:", 6);
}

const struct policy_rule *policy_match(const struct policy *p,
				       const struct policy_caller *c,
				       const struct policy_facts *f,
				       const struct policy_request *r)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct policy_rule *rule = &p->rules[i];
		int types = r->nsflags & rule->nsflags, which;
		enum match m;

		if (!caller_matches(rule, c))
			continue;
		m = target_matches(rule, types, f, &which);
		if (!rule->permit) {
			if (m != MATCH_NO && types)
				return rule;
			continue;
		}
		/* A permit must cover the whole request, on facts known, and
		 * its target vouch for each namespace it grants. */
		if (m != MATCH_YES || (r->nsflags & ~rule->nsflags) ||
		    (r->nsflags & ~which) ||
		    ((r->nsflags & f->own_nsflags) && !names_namespace(rule)) ||
		    (r->links_write && !(rule->options & POLICY_LINKS_WRITE)) ||
		    (c->confined && !(rule->options & POLICY_CONFINED)))
			continue;
		return rule;
	}
	return NULL;
}
