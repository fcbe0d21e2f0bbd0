/* cmd_enter.c - entry mode: nsenter's options, nsx's targets */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>

#include "nsx/cli/cmd.h"
#include "nsx/enter/enter.h"
#include "nsx/lib/ns.h"
#include "nsx/setuid/privs.h"

enum { OPT_PRESERVE = 256, OPT_KEEP_CAPS, OPT_USER_PARENT };

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "all", no_argument, NULL, 'a' },
	{ "target", required_argument, NULL, 't' },
	{ "mount", optional_argument, NULL, 'm' },
	{ "uts", optional_argument, NULL, 'u' },
	{ "ipc", optional_argument, NULL, 'i' },
	{ "net", optional_argument, NULL, 'n' },
	{ "net-socket", required_argument, NULL, 'N' },
	{ "pid", optional_argument, NULL, 'p' },
	{ "cgroup", optional_argument, NULL, 'C' },
	{ "user", optional_argument, NULL, 'U' },
	{ "time", optional_argument, NULL, 'T' },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", required_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "follow-context", no_argument, NULL, 'Z' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx [options] [--] [program [argument...]]\n"
	      " nsx <command> [argument...]\n"
	      "\n"
	      "Run a program in the namespaces of a target ($SHELL by default).\n"
	      "\n"
	      "Entry options (as nsenter):\n"
	      " -t, --target <target>     PID, PID:INODE, nsfs path or name\n"
	      " -a, --all                 enter every namespace of the target\n"
	      " -m, --mount[=<file>]      enter the mount namespace\n"
	      " -u, --uts[=<file>]        enter the UTS namespace\n"
	      " -i, --ipc[=<file>]        enter the IPC namespace\n"
	      " -n, --net[=<file>]        enter the network namespace\n"
	      " -N, --net-socket <fd>     enter the netns of the target's socket <fd>\n"
	      " -p, --pid[=<file>]        enter the PID namespace\n"
	      " -C, --cgroup[=<file>]     enter the cgroup namespace\n"
	      " -U, --user[=<file>]       enter the user namespace\n"
	      "     --user-parent         enter the parent of the user namespace\n"
	      " -T, --time[=<file>]       enter the time namespace\n"
	      " -S, --setuid <user>       uid or user name (in the target), or 'follow'\n"
	      " -G, --setgid <group>      gid or group name (in the target), or 'follow'\n"
	      "     --preserve-credentials  keep uid, gid and groups\n"
	      "     --keep-caps           keep the user namespace's capabilities\n"
	      " -r, --root[=<dir>]        set the root directory\n"
	      " -w, --wd[=<dir>]          set the working directory\n"
	      " -W, --wdns <dir>          set the working directory in the namespace\n"
	      " -e, --env                 take the target's environment\n"
	      " -F, --no-fork             do not fork before running the program\n"
	      " -c, --join-cgroup         join the target's cgroup\n"
	      " -Z, --follow-context      (SELinux, not supported)\n"
	      " -h, --help                show this help\n"
	      " -V, --version             show the version\n"
	      "\n"
	      "Targets: 40257, 40257:INODE, /run/netns/blue, blue, pid:N, path:P,\n"
	      "netns:NAME, docker-netns:ID, docker:NAME, podman:NAME, cri:ID,\n"
	      "link:IFNAME (the namespace at the far end of a veth; a bare name\n"
	      "found nowhere else is tried as one).\n",
	      out);
	commands_print(out);
	fputs("\nSee nsx(1).\n", out);
}

static int version(void)
{
	printf("nsx %s (%s)\n", NSX_VERSION, NSX_FEATURES);
	return 0;
}

/* Record one namespace option; returns 0 or -1 on a usage error. */
static int opt_namespace(struct enter_opts *o, int c, const char *arg)
{
	for (int i = 0; i < NS_COUNT; i++) {
		if (ns_types[i].option != c)
			continue;
		o->want[i] = true;
		if (arg)
			o->file[i] = arg;
		return 0;
	}
	return -1;
}

static int opt_net_socket(struct enter_opts *o, const char *arg)
{
	unsigned long v;

	if (parse_ulong(arg, INT_MAX, &v) < 0) {
		nsx_warnx("--net-socket: invalid file descriptor: %s", arg);
		return -1;
	}
	o->net_socket = (int)v;
	return 0;
}

/* One line for an unknown option, with the closest real one. */
static void bad_option(const char *arg, int short_opt)
{
	const char *names[ARRAY_SIZE(long_options)];
	char word[64];
	const char *best;
	size_t n = 0;

	if (short_opt) {
		nsx_warnx("-%c: unknown option (see 'nsx --help')", short_opt);
		return;
	}
	for (const struct option *lo = long_options; lo->name; lo++)
		names[n++] = lo->name;
	names[n] = NULL;
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(arg + 2, "="),
		 arg + 2);
	best = nsx_closest(word, names);
	if (best)
		nsx_warnx("%s: unknown option (did you mean --%s?)", arg, best);
	else
		nsx_warnx("%s: unknown option (see 'nsx --help')", arg);
}

/* Returns 0 to go on, 1 when help or version was shown, 2 on a usage error. */
static int parse_opts(int argc, char **argv, struct enter_opts *o)
{
	int c;

	*o = (struct enter_opts){ .net_socket = -1 };
	optind = 1;
	while ((c = getopt_long(argc, argv,
				"+:hVat:m::u::i::n::N:p::C::U::T::S:G:r::w::W:eFcZ",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			version();
			return 1;
		case 'a':
			o->all = true;
			break;
		case 't':
			if (o->target) {
				nsx_warnx("--target given twice");
				return 2;
			}
			o->target = optarg;
			break;
		case 'N':
			if (opt_net_socket(o, optarg) < 0)
				return 2;
			break;
		case 'S':
			o->uid = optarg;
			break;
		case 'G':
			o->gid = optarg;
			break;
		case OPT_PRESERVE:
			o->preserve_cred = true;
			break;
		case OPT_KEEP_CAPS:
			o->keep_caps = true;
			break;
		case OPT_USER_PARENT:
			o->user_parent = true;
			break;
		case 'r':
			o->root = true;
			o->root_dir = optarg;
			break;
		case 'w':
			o->wd = true;
			o->wd_dir = optarg;
			break;
		case 'W':
			o->wdns = optarg;
			break;
		case 'e':
			o->env = true;
			break;
		case 'F':
			o->no_fork = true;
			break;
		case 'c':
			o->join_cgroup = true;
			break;
		case 'Z':
			nsx_warnx("--follow-context: SELinux is not supported "
				  "by nsx");
			return 2;
		case ':':
			nsx_warnx("%s: option needs an argument (see 'nsx --help')",
				  argv[optind - 1]);
			return 2;
		case '?':
			bad_option(argv[optind - 1], optopt);
			return 2;
		default:
			if (opt_namespace(o, c, optarg) == 0)
				break;
			return 2;
		}
	}
	return 0;
}

static int check_opts(const struct enter_opts *o, struct nsx_err *err)
{
	bool any = o->all || o->net_socket >= 0;

	for (int i = 0; i < NS_COUNT; i++)
		any = any || o->want[i];
	/* nsenter's rule: a forgotten -t must not run the program here,
	 * with nothing entered, even when files name some namespaces. */
	if (o->all && !o->target)
		return nsx_failx(err, EINVAL,
				 "no target PID specified for --all");
	if (!any && !o->root && !o->wd && !o->wdns && !o->uid && !o->gid &&
	    !o->join_cgroup && !o->env)
		return nsx_failx(err, EINVAL,
				 "no namespace selected (use -a or one of "
				 "-m -u -i -n -p -U -C -T)");
	if (o->wd && o->wdns)
		return nsx_failx(err, EINVAL,
				 "--wd and --wdns cannot be used together");
	if (o->user_parent && !o->want[NS_USER] && !o->all)
		return nsx_failx(err, EINVAL, "--user-parent needs --user");
	if (o->net_socket >= 0 && (o->want[NS_NET] || !o->target))
		return nsx_failx(err, EINVAL,
				 "--net-socket needs --target and excludes "
				 "--net");
	if (o->preserve_cred && (o->uid || o->gid))
		return nsx_failx(err, EINVAL,
				 "--preserve-credentials excludes --setuid "
				 "and --setgid");
	return 0;
}


int cmd_enter(int argc, char **argv)
{
	struct enter_opts o;
	struct nsx_err err = { 0 };
	int r = parse_opts(argc, argv, &o);

	/* parse_opts: help and version return 1, a usage error 2. */
	if (r == 1)
		return 0;
	if (r)
		return 1;
	if (check_opts(&o, &err) < 0) {
		/* "nsx lnk show": a mistyped command, not a program to run. */
		const char *near = optind == 1 && argc > 1 ?
					   commands_closest(argv[1]) : NULL;

		if (near) {
			nsx_warnx("%s: unknown command (did you mean 'nsx %s'?)",
				  argv[1], near);
			return 2;
		}
		return report(&err);
	}
	if (privs_check_opts(&o, optind < argc ? argv + optind : NULL,
			     &err) < 0)
		return report(&err);
	return enter_run(&o, optind < argc ? argv + optind : NULL);
}
