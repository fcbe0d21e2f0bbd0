/* cmd_netns.c - nsx netns: named network namespaces, as ip netns */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sys/stat.h>

#include "nsx/setuid/privs.h"
#include "nsx/cli/cmd.h"
#include "nsx/net/netns.h"
#include "nsx/lib/ns.h"
#include "nsx/lib/out.h"
#include "nsx/scan/proc.h"
#include "nsx/enter/spawn.h"
#include "nsx/target/target.h"

/* -o, -r or -n ask for the table instead of ip's list format. */
#define OUT_TABLE (1u << 30)

struct sub {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
	const char *help;
};

static const struct sub *subs(void);

static void usage(FILE *out)
{
	fputs("Usage:\n", out);
	for (const struct sub *s = subs(); s->name; s++)
		if (s->args)
			fprintf(out, " nsx netns %s%s%s\n", s->name,
				*s->args ? " " : "", s->args);
	fputs("\nNamed network namespaces under " NETNS_RUN_DIR
	      ", shared with ip netns.\n\n", out);
	for (const struct sub *s = subs(); s->name; s++)
		if (s->help)
			fprintf(out, " %-9s %s\n", s->name, s->help);
	fputs("\nOptions of list (a table instead of ip's format):\n"
	      " -j, -J, --json       JSON output\n"
	      " -o, --output <list>  columns: NAME, ID, NS, PATH (+list: add)\n"
	      " -r, --raw            raw output\n"
	      " -n, --noheadings     no column headings\n"
	      "Option of del:\n"
	      "     --all            remove every name\n"
	      "\nTARGET is a PID, PID:INODE, an nsfs path or a name "
	      "(see nsx(1)).\n"
	      "With no command, nsx netns lists the names.\n", out);
}

static int usage_error(const char *fmt, const char *arg)
{
	return nsx_usage_error("netns", fmt, arg);
}

/*
 * Options of a subcommand that takes only --help; nargs_min..nargs_max
 * words must follow. Returns -1 to go on, or the exit status.
 */
static int simple_opts(int argc, char **argv, int nargs_min, int nargs_max)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		return nsx_usage_error("netns", "netns %s: unknown option '%s'",
				       argv[0], argv[optind - 1]);
	}
	n = argc - optind;
	if (n < nargs_min)
		return usage_error("netns %s: missing argument", argv[0]);
	if (n > nargs_max)
		return nsx_usage_error("netns", "netns %s: unexpected '%s'",
				       argv[0], argv[optind + nargs_max]);
	return -1;
}

/* Report a failure of "netns sub [name]": the name is left out of the
 * line when it is the problem, or when the message names it already. */
static int failed(struct nsx_err *err, const char *sub, const char *name)
{
	if (name)
		nsx_wrap(err, "netns %s %s", sub, name);
	else
		nsx_wrap(err, "netns %s", sub);
	return report(err);
}

/* The namespace named name in /run/netns, as a target. */
static int resolve_name(const char *name, struct target *t,
			struct nsx_err *err)
{
	char spec[NAME_MAX + 16];
	int r = netns_name_check(name, err);

	if (r < 0)
		return r;
	snprintf(spec, sizeof(spec), "netns:%s", name);
	return target_resolve(spec, t, err);
}

static int run_add(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	int r = simple_opts(argc, argv, 1, 1);

	if (r >= 0)
		return r;
	if (netns_add(argv[optind], &err) < 0)
		return failed(&err, "add", NULL);
	return 0;
}

static int run_attach(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	_cleanup_close_ int fd = -1;
	struct target t;
	const char *name;
	int r = simple_opts(argc, argv, 2, 2);

	if (r >= 0)
		return r;
	name = argv[optind];
	/* Every check before the name file exists, so nothing is left. */
	if (netns_name_check(name, &err) < 0)
		return failed(&err, "attach", NULL);
	if (target_resolve(argv[optind + 1], &t, &err) < 0)
		return failed(&err, "attach", name);
	fd = target_open_ns(&t, NS_NET, &err);
	target_release(&t);
	if (fd < 0 || netns_attach(name, fd, &err) < 0)
		return failed(&err, "attach", NULL);
	return 0;
}

static int count_pid(pid_t pid, void *data)
{
	(void)pid;
	++*(size_t *)data;
	return 0;
}

/* Remove one name; say so when processes still keep the namespace. */
static int del_one(const char *name)
{
	struct nsx_err err = { 0 };
	char path[PATH_MAX];
	struct stat st;
	size_t procs = 0;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	if (netns_name_check(name, &err) == 0 && stat(path, &st) == 0 &&
	    st.st_ino != 0)
		proc_each_pid_in(NS_NET, st.st_ino, count_pid, &procs, &err);
	if (netns_del(name, &err) < 0)
		return failed(&err, "del", NULL);
	if (procs)
		nsx_warnx("netns del %s: name removed; the namespace lives on "
			  "in %zu process%s (see nsx ls -t net)", name, procs,
			  procs == 1 ? "" : "es");
	return 0;
}

static int run_del(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct netns_names names;
	int r;

	if (argc == 2 && streq(argv[1], "--all")) {
		if (netns_names_read(&names, &err) < 0)
			return report(&err);
		r = 0;
		for (size_t i = 0; i < names.n; i++)
			r |= del_one(names.name[i]);
		netns_names_free(&names);
		return r;
	}
	r = simple_opts(argc, argv, 1, 1);
	if (r >= 0)
		return r;
	return del_one(argv[optind]);
}

static int run_set(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	unsigned long id;
	struct target t;
	const char *name, *idstr;
	int r = simple_opts(argc, argv, 2, 2);

	if (r >= 0)
		return r;
	name = argv[optind];
	idstr = argv[optind + 1];
	if (streq(idstr, "auto"))
		id = (unsigned long)-1;
	else if (parse_ulong(idstr, INT_MAX, &id) < 0)
		return nsx_usage_error("netns", "netns set %s: invalid id '%s' "
				       "(0 to %d, or auto)", name, idstr,
				       INT_MAX);
	if (netns_name_check(name, &err) < 0)
		return failed(&err, "set", NULL);
	if (resolve_name(name, &t, &err) < 0)
		return failed(&err, "set", NULL);
	r = netns_id_set(t.nsfd, (int)id, &err);
	target_release(&t);
	return r < 0 ? failed(&err, "set", name) : 0;
}

static int print_name(const char *name, void *data)
{
	(void)data;
	puts(name);
	return 0;
}

/* The inode and device of a target's network namespace. */
static int target_net_id(const char *spec, ino_t *ino, dev_t *dev,
			 struct nsx_err *err)
{
	_cleanup_close_ int fd = -1;
	struct target t;

	if (!spec)
		target_self(&t);
	else if (target_resolve(spec, &t, err) < 0)
		return -err->code;
	if (t.kind == TARGET_SELF)
		fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	else
		fd = target_open_ns(&t, NS_NET, err);
	target_release(&t);
	if (fd < 0)
		return t.kind == TARGET_SELF ?
			       nsx_fail(err, errno, "/proc/self/ns/net") : fd;
	if (ns_fd_id(fd, ino, dev) < 0)
		return nsx_fail(err, errno, "stat");
	return 0;
}

static int run_identify(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	const char *spec;
	dev_t dev;
	ino_t ino;
	int r = simple_opts(argc, argv, 0, 1);

	if (r >= 0)
		return r;
	spec = optind < argc ? argv[optind] : NULL;
	if (target_net_id(spec, &ino, &dev, &err) < 0 ||
	    netns_identify(ino, dev, print_name, NULL, &err) < 0) {
		nsx_wrap(&err, "netns identify");
		return report(&err);
	}
	return 0;
}

static int print_pid(pid_t pid, void *data)
{
	(void)data;
	printf("%d\n", (int)pid);
	return 0;
}

static int run_pids(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	dev_t dev;
	ino_t ino;
	int r = simple_opts(argc, argv, 1, 1);

	if (r >= 0)
		return r;
	if (target_net_id(argv[optind], &ino, &dev, &err) < 0 ||
	    proc_each_pid_in(NS_NET, ino, print_pid, NULL, &err) < 0) {
		nsx_wrap(&err, "netns pids %s", argv[optind]);
		return report(&err);
	}
	return 0;
}

static int print_event(bool added, const char *name, void *data)
{
	(void)data;
	printf("%s %s\n", added ? "add" : "delete", name);
	/* Someone is watching: each event is seen as it happens. */
	return fflush(stdout) != 0;
}

static int run_monitor(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	int r = simple_opts(argc, argv, 0, 0);

	if (r >= 0)
		return r;
	if (netns_monitor(print_event, NULL, &err) < 0) {
		nsx_wrap(&err, "netns monitor");
		return report(&err);
	}
	return 0;
}

static void warn_line(const struct nsx_err *e)
{
	report(e);
}

static int run_exec(int argc, char **argv)
{
	struct nsx_err err = { 0 };
	struct target t;
	const char *name;
	int r = simple_opts(argc, argv, 2, INT_MAX);

	if (r >= 0)
		return r;
	name = argv[optind];
	if (resolve_name(name, &t, &err) < 0)
		return failed(&err, "exec", NULL);
	if (netns_switch(name, t.nsfd, warn_line, &err) < 0)
		return failed(&err, "exec", name);
	target_release(&t);
	fflush(stdout);
	return spawn_exec(argv + optind + 1);
}

enum { COL_NAME, COL_ID, COL_NS, COL_PATH };

static const struct out_column list_columns[] = {
	[COL_NAME] = { "NAME", 0.3, 0, OUT_JSON_STRING,
		       "the name in " NETNS_RUN_DIR },
	[COL_ID] = { "ID", 4, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		     "NETNSID in our namespace, empty when none" },
	[COL_NS] = { "NS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		     "namespace inode" },
	[COL_PATH] = { "PATH", 0.4, 0, OUT_JSON_STRING, "the name's file" },
};

/* NETNSIDs of the names (-1: none). A name file with no namespace
 * mounted on it has none: the kernel refuses the question. */
static int list_ids(const struct netns_names *names, int *ids,
		    struct nsx_err *err)
{
	_cleanup_free_ struct netns_idq *q = NULL;
	int r = 0;

	q = calloc(names->n + 1, sizeof(*q));
	if (!q)
		return nsx_fail(err, ENOMEM, "list");
	for (size_t i = 0; i < names->n && r == 0; i++) {
		char *path = NULL;

		if (asprintf(&path, "%s/%s", NETNS_RUN_DIR,
			     names->name[i]) < 0)
			r = nsx_fail(err, ENOMEM, "list");
		q[i] = (struct netns_idq){ .path = path, .fd = -1 };
	}
	if (r == 0)
		r = netns_ids_get(q, names->n, err);
	for (size_t i = 0; i < names->n; i++) {
		ids[i] = q[i].id;
		free((char *)q[i].path);
	}
	return r;
}

static int list_table(const struct netns_names *names, const int *ids,
		      const struct out_selection *sel, unsigned flags,
		      struct nsx_err *err)
{
	char path[PATH_MAX];
	struct out o;
	struct stat st;
	int r = out_init(&o, "netns", list_columns, ARRAY_SIZE(list_columns),
			 sel, flags, err);

	if (r < 0)
		return r;
	for (size_t i = 0; i < names->n && r == 0; i++) {
		struct libscols_line *ln = out_line(&o, NULL);

		if (!ln) {
			r = nsx_fail(err, ENOMEM, "list");
			break;
		}
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR,
			 names->name[i]);
		out_set(&o, ln, COL_NAME, names->name[i]);
		if (ids[i] >= 0)
			out_setf(&o, ln, COL_ID, "%d", ids[i]);
		if (out_has(&o, COL_NS) && stat(path, &st) == 0)
			out_setf(&o, ln, COL_NS, "%lu", (unsigned long)st.st_ino);
		out_set(&o, ln, COL_PATH, path);
	}
	if (r == 0)
		r = out_print(&o, err);
	out_free(&o);
	return r;
}

static int list_parse(int argc, char **argv, struct out_selection *sel,
		      unsigned *flags, struct nsx_err *err)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jJo:rnh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
		case 'J':
			*flags |= OUT_JSON;
			break;
		case 'o':
			if (out_select(list_columns, ARRAY_SIZE(list_columns),
				       optarg, sel, err) < 0)
				return nsx_usage_error("netns", "netns list: %s",
						       err->msg);
			*flags |= OUT_TABLE;
			break;
		case 'r':
			*flags |= OUT_RAW | OUT_TABLE;
			break;
		case 'n':
			*flags |= OUT_NOHEADINGS | OUT_TABLE;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return nsx_usage_error("netns", "netns list: unknown "
					       "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return nsx_usage_error("netns", "netns list: unexpected '%s'",
				       argv[optind]);
	return -1;
}

static int run_list(int argc, char **argv)
{
	struct out_selection sel = { { COL_NAME, COL_ID }, 2 };
	struct nsx_err err = { 0 };
	_cleanup_free_ int *ids = NULL;
	struct netns_names names;
	unsigned flags = 0;
	int r = list_parse(argc, argv, &sel, &flags, &err);

	if (r >= 0)
		return r;
	if (netns_names_read(&names, &err) < 0)
		return report(&err);
	ids = calloc(names.n + 1, sizeof(*ids));
	r = ids ? list_ids(&names, ids, &err) : nsx_fail(&err, ENOMEM, "list");
	if (r == 0 && (flags & (OUT_JSON | OUT_TABLE)))
		r = list_table(&names, ids, &sel, flags & ~OUT_TABLE, &err);
	else if (r == 0) {
		/* ip netns list's own format, which scripts parse. */
		for (size_t i = 0; i < names.n; i++) {
			if (ids[i] >= 0)
				printf("%s (id: %d)\n", names.name[i], ids[i]);
			else
				puts(names.name[i]);
		}
	}
	netns_names_free(&names);
	if (r < 0) {
		nsx_wrap(&err, "netns list");
		return report(&err);
	}
	return 0;
}

static const struct sub sub_table[] = {
	{ "list", run_list, "[-j] [-o COLUMNS] [-r] [-n]",
	  "list the names, with their NETNSID" },
	{ "add", run_add, "NAME", "create a network namespace named NAME" },
	{ "attach", run_attach, "NAME TARGET",
	  "name the network namespace of TARGET" },
	{ "del", run_del, "NAME | --all",
	  "remove a name (the namespace ends when nothing else holds it)" },
	{ "delete", run_del, NULL, NULL },
	{ "set", run_set, "NAME ID|auto", "give NAME the NETNSID ID" },
	{ "identify", run_identify, "[TARGET]",
	  "the names of TARGET's network namespace (default: ours)" },
	{ "pids", run_pids, "NAME|TARGET",
	  "the processes in a network namespace" },
	{ "monitor", run_monitor, "", "print names as they are added and deleted" },
	{ "exec", run_exec, "NAME PROGRAM [ARG...]",
	  "run PROGRAM in NAME with /etc/netns/NAME and its own /sys" },
	{ NULL, NULL, NULL, NULL },
};

static const struct sub *subs(void)
{
	return sub_table;
}

int cmd_netns(int argc, char **argv)
{
	const char *words[ARRAY_SIZE(sub_table)];
	const char *hint;
	size_t n = 0;

	if (argc < 2)
		return run_list(argc, argv);
	if (streq(argv[1], "-h") || streq(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (const struct sub *s = sub_table; s->name; s++) {
		words[n++] = s->name;
		if (!streq(argv[1], s->name))
			continue;
		/* Names are the host's, and exec runs a program: a setuid
		 * nsx changes or enters them for root alone. */
		if (s->run != run_list && s->run != run_identify &&
		    s->run != run_pids && s->run != run_monitor) {
			struct nsx_err err = { 0 };
			char what[32];

			snprintf(what, sizeof(what), "netns %s", s->name);
			if (privs_require_root(what, &err) < 0)
				return report(&err);
		}
		return s->run(argc - 1, argv + 1);
	}
	words[n] = NULL;
	hint = nsx_closest(argv[1], words);
	if (hint)
		return nsx_usage_error("netns", "unknown netns command '%s' "
				       "(did you mean '%s'?)", argv[1], hint);
	return usage_error("unknown netns command '%s'", argv[1]);
}
