/* cmd_ls.c - nsx ls: every namespace on the host, however it is held */
#include <errno.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdatomic.h>

#include "nsx/engine/engine.h"
#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_peer.h"
#include "nsx/lib/ids.h"
#include "nsx/net/netns.h"
#include "nsx/lib/ns.h"
#include "nsx/lib/out.h"
#include "nsx/scan/proc.h"
#include "nsx/target/target.h"

enum {
	COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_NETNSID,
	COL_NAMES, COL_COMMAND, COL_PNS, COL_ONS, COL_PATH, COL_LINKS,
};

static const struct out_column columns[] = {
	[COL_NS] = { "NS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		     "namespace identifier (inode number)" },
	[COL_TYPE] = { "TYPE", 5, 0, OUT_JSON_STRING,
		       "kind of namespace" },
	[COL_NPROCS] = { "NPROCS", 5, OUT_COL_RIGHT, OUT_JSON_NUMBER,
			 "number of processes in the namespace" },
	[COL_PID] = { "PID", 5, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		      "lowest PID in the namespace" },
	[COL_USER] = { "USER", 0, 0, OUT_JSON_STRING,
		       "owner of that PID" },
	[COL_NETNSID] = { "NETNSID", 0, OUT_COL_RIGHT, OUT_JSON_NUMBER,
			  "id our network namespace gives it" },
	[COL_NAMES] = { "NAMES", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			"names: netns:NAME, docker-netns:ID" },
	[COL_COMMAND] = { "COMMAND", 0, OUT_COL_TRUNC, OUT_JSON_STRING,
			  "command line of that PID" },
	[COL_PNS] = { "PNS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		      "parent namespace (pid and user)" },
	[COL_ONS] = { "ONS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		      "owning user namespace" },
	[COL_PATH] = { "PATH", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
		       "bind mounts and descriptors that hold it" },
	[COL_LINKS] = { "LINKS", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			"net: its veths and their far ends, eth0->veth1@host" },
};

struct ls_opts {
	unsigned types;   /* 1 << enum ns_index */
	unsigned flags;   /* OUT_* */
	const char *task; /* -p */
	struct out_selection sel;
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx ls [options]\n"
	      "\n"
	      "List every namespace on the host: those with processes, and\n"
	      "those held only by a bind mount or an open descriptor.\n"
	      "\n"
	      "Options:\n"
	      " -t, --type <type>[,<type>]  only these types (net, uts, ipc, pid,\n"
	      "                             user, mnt, cgroup, time)\n"
	      " -p, --task <target>         only the namespaces of a target\n"
	      " -o, --output <list>         columns to show (+list: add to them)\n"
	      " -J, -j, --json              JSON output\n"
	      " -r, --raw                   raw output\n"
	      " -n, --noheadings            no column headings\n"
	      " -T, --tree                  show user namespace ownership as a tree\n"
	      " -h, --help                  show this help\n",
	      out);
	out_columns_help(out, "\nAvailable output columns:\n", columns,
			 ARRAY_SIZE(columns));
	fputs("\nSee nsx(1).\n", out);
}

static int parse_types(const char *list, unsigned *types)
{
	_cleanup_free_ char *copy = strdup(list);
	char *save = NULL, *word;

	if (!copy)
		return -ENOMEM;
	*types = 0;
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		int i = ns_index_by_name(word);

		if (i < 0) {
			const char *words[NS_COUNT + 1];

			for (int k = 0; k < NS_COUNT; k++)
				words[k] = ns_types[k].name;
			words[NS_COUNT] = NULL;
			if (nsx_closest(word, words))
				return nsx_usage_error("ls", "unknown namespace "
						       "type '%s' (did you mean "
						       "'%s'?)", word,
						       nsx_closest(word, words));
			return nsx_usage_error("ls", "unknown namespace type "
					       "'%s'", word);
		}
		*types |= 1u << i;
	}
	if (!*types)
		return nsx_usage_error("ls", "--type: no type given");
	return 0;
}

/* Returns -1 to go on, or the exit status. */
static int parse_opts(int argc, char **argv, struct ls_opts *o)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "task", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "tree", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nsx_err err = { 0 };
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:p:o:JjrnTh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if ((r = parse_types(optarg, &o->types)) != 0)
				return r < 0 ? 1 : r;
			break;
		case 'p':
			o->task = optarg;
			break;
		case 'o':
			if (out_select(columns, ARRAY_SIZE(columns), optarg,
				       &o->sel, &err) < 0)
				return nsx_usage_error("ls", "%s", err.msg);
			break;
		case 'J':
		case 'j':
			o->flags |= OUT_JSON;
			break;
		case 'r':
			o->flags |= OUT_RAW;
			break;
		case 'n':
			o->flags |= OUT_NOHEADINGS;
			break;
		case 'T':
			o->flags |= OUT_TREE;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return nsx_usage_error("ls", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nsx_usage_error("ls", "unexpected argument '%s'",
				       argv[optind]);
	return -1;
}

/* What the listing needs beyond the scan, filled once per run. */
struct ls_ctx {
	const struct ls_opts *opts;
	struct out o;
	struct proc_scan scan;
	struct proc_ns **rows; /* the namespaces shown, by inode */
	size_t nrows;
	int *nsid;             /* NETNSID per row, -1 when none */
	ino_t only[NS_COUNT];  /* -p: the target's namespaces */
	size_t nonly;
	int rootfd;            /* "/" for /etc/passwd */
	struct {
		uid_t uid;
		char name[64];
	} users[32];
	size_t nusers;
	/* Running containers and the inodes of their namespaces, asked of
	 * the engines once, the first time a NAMES cell is filled; only the
	 * engines whose container monitors the scan met are asked. */
	atomic_uint monitors;
	struct engine_container *ct;
	ino_t (*ct_ino)[NS_COUNT];
	size_t nct;
	bool ct_asked;
};

/* -p TARGET: the inodes of the namespaces it is in (or the one it is). */
static int task_inodes(struct ls_ctx *c, const char *spec,
		       struct nsx_err *err)
{
	struct target t;
	ino_t ino;

	if (target_resolve(spec, &t, err) < 0)
		return -err->code;
	for (int i = 0; i < NS_COUNT; i++) {
		_cleanup_close_ int fd = -1;

		if (t.kind == TARGET_NSFS && i != t.nsidx)
			continue;
		fd = target_open_ns(&t, i, err);
		if (fd >= 0 && ns_fd_id(fd, &ino, NULL) == 0)
			c->only[c->nonly++] = ino;
	}
	target_release(&t);
	if (!c->nonly)
		return nsx_failx(err, ESRCH, "%s: no namespace readable", spec);
	return 0;
}

static bool row_wanted(const struct ls_ctx *c, const struct proc_ns *ns)
{
	if (!(c->opts->types & (1u << ns->type)))
		return false;
	if (!c->nonly)
		return true;
	for (size_t i = 0; i < c->nonly; i++)
		if (c->only[i] == ns->ino)
			return true;
	return false;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct proc_ns *x = *(const struct proc_ns *const *)a;
	const struct proc_ns *y = *(const struct proc_ns *const *)b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int select_rows(struct ls_ctx *c, struct nsx_err *err)
{
	c->rows = calloc(c->scan.n + 1, sizeof(*c->rows));
	if (!c->rows)
		return nsx_fail(err, ENOMEM, "ls");
	for (size_t k = 0; k < c->scan.n; k++)
		if (row_wanted(c, &c->scan.v[k]))
			c->rows[c->nrows++] = &c->scan.v[k];
	qsort(c->rows, c->nrows, sizeof(*c->rows), cmp_rows);
	return 0;
}

/* A path that opens a namespace that no process is in. */
static char *holder_path(const struct proc_ns *ns)
{
	char *p = NULL;

	if (ns->npaths)
		return strdup(ns->paths[0]);
	if (ns->fd_pid && asprintf(&p, "/proc/%d/fd/%d", (int)ns->fd_pid,
				   ns->fd) < 0)
		return NULL;
	return p;
}

/* NETNSIDs of the net rows: those with a process are asked by PID, and
 * first, as nothing has to be opened for them. */
static int fill_nsids(struct ls_ctx *c, struct nsx_err *err)
{
	_cleanup_free_ struct netns_idq *q = NULL;
	_cleanup_free_ size_t *at = NULL;
	size_t n = 0;
	int r;

	c->nsid = malloc((c->nrows + 1) * sizeof(*c->nsid));
	if (!c->nsid)
		return nsx_fail(err, ENOMEM, "ls");
	for (size_t i = 0; i < c->nrows; i++)
		c->nsid[i] = -1;
	if (!out_has(&c->o, COL_NETNSID) || !(c->opts->types & (1u << NS_NET)))
		return 0;
	q = calloc(c->nrows + 1, sizeof(*q));
	at = calloc(c->nrows + 1, sizeof(*at));
	if (!q || !at)
		return nsx_fail(err, ENOMEM, "ls");
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < c->nrows; i++) {
			const struct proc_ns *ns = c->rows[i];

			if (ns->type != NS_NET || (ns->pid == 0) != (pass == 1))
				continue;
			q[n] = (struct netns_idq){ .fd = -1, .pid = ns->pid };
			if (!ns->pid && !(q[n].path = holder_path(ns)))
				continue;
			at[n++] = i;
		}
	}
	r = netns_ids_get(q, n, err);
	for (size_t j = 0; j < n; j++) {
		c->nsid[at[j]] = q[j].id;
		free((char *)q[j].path);
	}
	return r;
}

static const char *user_name(struct ls_ctx *c, uid_t uid, char *num,
			     size_t size)
{
	size_t i;

	for (i = 0; i < c->nusers; i++)
		if (c->users[i].uid == uid)
			return c->users[i].name;
	snprintf(num, size, "%u", (unsigned)uid);
	if (i == ARRAY_SIZE(c->users))
		return num;
	c->users[i].uid = uid;
	/* /etc/passwd read as text: no NSS module runs in nsx. */
	if (c->rootfd < 0 || ids_user_name(c->rootfd, uid, c->users[i].name,
					   sizeof(c->users[i].name)) < 0)
		snprintf(c->users[i].name, sizeof(c->users[i].name), "%s", num);
	c->nusers++;
	return c->users[i].name;
}

/* Ask the engines for their running containers, and note the inode of
 * each namespace of each container's first process. */
static void containers_load(struct ls_ctx *c)
{
	struct nsx_err err = { 0 };
	char path[64];
	struct stat st;

	c->ct_asked = true;
	if (!c->monitors ||
	    engine_list(c->monitors, &c->ct, &c->nct, &err) < 0 || !c->nct)
		return;
	c->ct_ino = calloc(c->nct, sizeof(*c->ct_ino));
	if (!c->ct_ino) {
		c->nct = 0;
		return;
	}
	for (size_t i = 0; i < c->nct; i++)
		for (int t = 0; t < NS_COUNT && c->ct[i].pid > 0; t++) {
			snprintf(path, sizeof(path), "/proc/%d/ns/%s",
				 (int)c->ct[i].pid, ns_types[t].name);
			if (stat(path, &st) == 0)
				c->ct_ino[i][t] = st.st_ino;
		}
}

/* Container names ("docker:web") of the containers ns belongs to. */
static size_t ls_names_add_containers(struct ls_ctx *c,
				      const struct proc_ns *ns, char **names,
				      size_t n, size_t max)
{
	if (!c->ct_asked)
		containers_load(c);
	for (size_t i = 0; i < c->nct && n < max; i++) {
		if (c->ct_ino[i][ns->type] != ns->ino)
			continue;
		if (asprintf(&names[n], "%s:%s", c->ct[i].engine,
			     c->ct[i].name) < 0)
			break;
		n++;
	}
	return n;
}

/* Every name of ns, malloc'd; returns how many. */
static size_t ns_names(struct ls_ctx *c, const struct proc_ns *ns,
		       char **names, size_t max)
{
	size_t n = proc_ns_names(ns, names, max);

	return ls_names_add_containers(c, ns, names, n, max);
}

static void fill_names(struct ls_ctx *c, struct libscols_line *ln,
		       const struct proc_ns *ns)
{
	char *names[64];
	size_t n;

	if (!out_has(&c->o, COL_NAMES))
		return;
	n = ns_names(c, ns, names, ARRAY_SIZE(names));
	out_set_list(&c->o, ln, COL_NAMES, (const char *const *)names, n);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}

static void fill_paths(struct ls_ctx *c, struct libscols_line *ln,
		       const struct proc_ns *ns)
{
	_cleanup_free_ const char **v = NULL;
	char fdpath[64];
	size_t n = 0;

	if (!out_has(&c->o, COL_PATH))
		return;
	v = calloc(ns->npaths + 1, sizeof(*v));
	if (!v)
		return;
	for (size_t i = 0; i < ns->npaths; i++)
		v[n++] = ns->paths[i];
	if (ns->fd_pid) {
		snprintf(fdpath, sizeof(fdpath), "/proc/%d/fd/%d",
			 (int)ns->fd_pid, ns->fd);
		v[n++] = fdpath;
	}
	out_set_list(&c->o, ln, COL_PATH, v, n);
}

/* LINKS: a socket in each network namespace, so only when asked. */
static void fill_links(struct ls_ctx *c, struct libscols_line *ln,
		       const struct proc_ns *ns)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;
	char *w[64];
	size_t k;

	if (!out_has(&c->o, COL_LINKS) || ns->type != NS_NET)
		return;
	if (ns->pid && asprintf(&path, "/proc/%d/ns/net", (int)ns->pid) < 0)
		return;
	if (!path && !(path = holder_path(ns)))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return;
	k = cmd_peer_lead_out(fd, w, ARRAY_SIZE(w));
	out_set_list(&c->o, ln, COL_LINKS, (const char *const *)w, k);
	for (size_t i = 0; i < k; i++)
		free(w[i]);
}

static void fill_process(struct ls_ctx *c, size_t i,
			 struct libscols_line *ln)
{
	const struct proc_ns *ns = c->rows[i];
	char num[16];

	if (!ns->pid)
		return;
	out_setf(&c->o, ln, COL_PID, "%d", (int)ns->pid);
	if (out_has(&c->o, COL_USER))
		out_set(&c->o, ln, COL_USER,
			user_name(c, ns->uid, num, sizeof(num)));
	out_set(&c->o, ln, COL_COMMAND, ns->command);
}

static int fill_row(struct ls_ctx *c, size_t i, struct libscols_line *ln)
{
	const struct proc_ns *ns = c->rows[i];

	out_setf(&c->o, ln, COL_NS, "%lu", (unsigned long)ns->ino);
	out_set(&c->o, ln, COL_TYPE, ns_types[ns->type].name);
	out_setf(&c->o, ln, COL_NPROCS, "%u", ns->nprocs);
	fill_process(c, i, ln);
	if (c->nsid[i] >= 0)
		out_setf(&c->o, ln, COL_NETNSID, "%d", c->nsid[i]);
	fill_names(c, ln, ns);
	if (ns->parent)
		out_setf(&c->o, ln, COL_PNS, "%lu", (unsigned long)ns->parent);
	if (ns->owner)
		out_setf(&c->o, ln, COL_ONS, "%lu", (unsigned long)ns->owner);
	fill_paths(c, ln, ns);
	fill_links(c, ln, ns);
	return 0;
}

static ssize_t row_of(const struct ls_ctx *c, ino_t ino)
{
	size_t lo = 0, hi = c->nrows;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->rows[mid]->ino == ino)
			return (ssize_t)mid;
		if (c->rows[mid]->ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* --tree: a user namespace under its parent, anything else under its owner. */
static void link_tree(struct ls_ctx *c, struct libscols_line **lines)
{
	for (size_t i = 0; i < c->nrows; i++) {
		const struct proc_ns *ns = c->rows[i];
		ino_t up = ns->type == NS_USER ? ns->parent : ns->owner;
		ssize_t p = up ? row_of(c, up) : -1;

		/* out_line_adopt refuses a loop: the line stays a root. */
		if (p >= 0)
			out_line_adopt(lines[p], lines[i]);
	}
}

static int print_rows(struct ls_ctx *c, struct nsx_err *err)
{
	_cleanup_free_ struct libscols_line **lines = NULL;

	lines = calloc(c->nrows + 1, sizeof(*lines));
	if (!lines)
		return nsx_fail(err, ENOMEM, "ls");
	for (size_t i = 0; i < c->nrows; i++) {
		lines[i] = out_line(&c->o, NULL);
		if (!lines[i])
			return nsx_fail(err, ENOMEM, "ls");
		fill_row(c, i, lines[i]);
	}
	if (c->opts->flags & OUT_TREE)
		link_tree(c, lines);
	return out_print(&c->o, err);
}

/* Called by the scan for every process, from its threads. */
static void note_monitor(int procfd, const char *pid, const char *prog,
			 void *ctx)
{
	atomic_uint *monitors = ctx;

	if (atomic_load_explicit(monitors, memory_order_relaxed) != ENGINES_ALL)
		atomic_fetch_or(monitors,
				engines_monitor(procfd, pid, prog, NULL));
}

static int ls_run(struct ls_ctx *c, struct nsx_err *err)
{
	const struct ls_opts *o = c->opts;
	struct proc_visit monitors = { note_monitor, &c->monitors };
	bool names = out_has(&c->o, COL_NAMES) &&
		     engines_installed(ENGINES_ALL);
	int r;

	if (o->task && task_inodes(c, o->task, err) < 0)
		return -err->code;
	/* Container monitors are looked for in the same walk of /proc. */
	r = proc_scan(&c->scan, o->types,
		      PROC_SCAN_FDS | PROC_SCAN_MOUNTS | PROC_SCAN_ALL_MOUNTS |
			      (out_has(&c->o, COL_COMMAND) ? PROC_SCAN_COMMANDS : 0) |
			      (out_has(&c->o, COL_USER) ? PROC_SCAN_OWNERS : 0),
		      names ? &monitors : NULL, err);
	if (r < 0)
		return r;
	if (out_has(&c->o, COL_PNS) || out_has(&c->o, COL_ONS) ||
	    (o->flags & OUT_TREE)) {
		r = proc_scan_relations(&c->scan, err);
		if (r < 0)
			return r;
	}
	r = select_rows(c, err);
	if (r == 0)
		r = fill_nsids(c, err);
	if (r == 0)
		r = print_rows(c, err);
	return r;
}

int cmd_ls(int argc, char **argv)
{
	struct ls_opts o = {
		.types = (1u << NS_COUNT) - 1,
		.sel = { { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER,
			   COL_NETNSID, COL_NAMES, COL_COMMAND }, 8 },
	};
	struct ls_ctx c = { .opts = &o, .rootfd = -1 };
	struct nsx_err err = { 0 };
	int r = parse_opts(argc, argv, &o);

	if (r >= 0)
		return r;
	if (out_init(&c.o, "namespaces", columns, ARRAY_SIZE(columns), &o.sel,
		     o.flags, &err) < 0)
		return report(&err);
	c.rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	r = ls_run(&c, &err);
	out_free(&c.o);
	proc_scan_free(&c.scan);
	free(c.rows);
	free(c.nsid);
	free(c.ct);
	free(c.ct_ino);
	closep(&c.rootfd);
	if (r < 0) {
		nsx_wrap(&err, "ls");
		return report(&err);
	}
	return 0;
}
