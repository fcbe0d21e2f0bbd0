/* cmd_show.c - nsx show: one target inside out */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <sys/utsname.h>

#include "nsx/setuid/privs.h"
#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_peer.h"
#include "nsx/net/netns.h"
#include "nsx/lib/ns.h"
#include "nsx/lib/out.h"
#include "nsx/scan/proc.h"
#include "nsx/target/target.h"

enum {
	COL_TYPE, COL_NS, COL_SHARED, COL_NPROCS, COL_NAMES, COL_INFO,
	COL_HOSTNAME, COL_DOMAIN, COL_UIDMAP, COL_GIDMAP, COL_LINK,
	COL_STATE, COL_ADDRS, COL_PEER, COL_PEERNS, COL_PEERNAMES,
	COL_PEERMASTER,
};

static const struct out_column columns[] = {
	[COL_TYPE] = { "TYPE", 6, 0, OUT_JSON_STRING,
		       "namespace type, or link for a network link" },
	[COL_NS] = { "NS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
		     "namespace identifier (inode number)" },
	[COL_SHARED] = { "SHARED", 3, 0, OUT_JSON_BOOLEAN,
			 "whether nsx is in this namespace too" },
	[COL_NPROCS] = { "NPROCS", 5, OUT_COL_RIGHT, OUT_JSON_NUMBER,
			 "number of processes in the namespace" },
	[COL_NAMES] = { "NAMES", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			"names: netns:NAME, docker-netns:ID" },
	[COL_INFO] = { "INFO", 0, OUT_COL_WRAP, OUT_JSON_STRING,
		       "hostname, id maps, or a link's state and addresses" },
	[COL_HOSTNAME] = { "HOSTNAME", 0, 0, OUT_JSON_STRING,
			   "host name (uts)" },
	[COL_DOMAIN] = { "DOMAIN", 0, 0, OUT_JSON_STRING,
			 "NIS domain name (uts)" },
	[COL_UIDMAP] = { "UIDMAP", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			 "uid_map lines: inside outside count (user)" },
	[COL_GIDMAP] = { "GIDMAP", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			 "gid_map lines (user)" },
	[COL_LINK] = { "LINK", 0, 0, OUT_JSON_STRING, "link name" },
	[COL_STATE] = { "STATE", 0, 0, OUT_JSON_STRING,
			"link operational state" },
	[COL_ADDRS] = { "ADDRS", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			"link addresses" },
	[COL_PEER] = { "PEER", 0, 0, OUT_JSON_STRING,
		       "a veth's far end: its interface name" },
	[COL_PEERNS] = { "PEERNS", 10, OUT_COL_RIGHT, OUT_JSON_NUMBER,
			 "the network namespace of the far end (inode)" },
	[COL_PEERNAMES] = { "PEERNAMES", 0, OUT_COL_WRAP, OUT_JSON_ARRAY,
			    "that namespace's names: host, docker:NAME, netns:NAME, pid:N" },
	[COL_PEERMASTER] = { "PEERMASTER", 0, 0, OUT_JSON_STRING,
			     "the bridge the far end is a port of" },
};

/* One namespace of the target. */
struct show_ns {
	int type; /* enum ns_index */
	int fd;
	ino_t ino;
};

struct show {
	struct target t;
	struct out o;
	struct proc_scan scan;
	struct show_ns ns[NS_COUNT];
	size_t n;
	struct peers peers;   /* the far ends of the net namespace's veths */
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx show [options] <target>\n"
	      "\n"
	      "Show each namespace of a target: its inode, whether nsx shares\n"
	      "it, its names and processes, the host and domain name, the user\n"
	      "id maps, and the network links with their addresses; for a veth,\n"
	      "its far end: name, bridge, and the namespace it is in.\n"
	      "\n"
	      "Options:\n"
	      " -o, --output <list>  columns to show (+list: add to them)\n"
	      " -J, -j, --json       JSON output (with the detail columns)\n"
	      " -r, --raw            raw output\n"
	      " -n, --noheadings     no column headings\n"
	      " -h, --help           show this help\n"
	      "\n"
	      "Targets: 40257, 40257:INODE, /run/netns/blue, blue, pid:N, path:P,\n"
	      "netns:NAME, docker-netns:ID, docker:NAME, podman:NAME, cri:ID,\n"
	      "link:IFNAME.\n",
	      out);
	out_columns_help(out, "\nAvailable output columns:\n", columns,
			 ARRAY_SIZE(columns));
	fputs("\nSee nsx(1).\n", out);
}

/* Returns -1 to go on (spec set), or the exit status. */
static int parse_opts(int argc, char **argv, struct out_selection *sel,
		      unsigned *flags, const char **spec)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'J' },
		{ "raw", no_argument, NULL, 'r' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct out_selection json_default = {
		{ COL_TYPE, COL_NS, COL_SHARED, COL_NPROCS, COL_NAMES,
		  COL_HOSTNAME, COL_DOMAIN, COL_UIDMAP, COL_GIDMAP, COL_LINK,
		  COL_STATE, COL_ADDRS, COL_PEER, COL_PEERNS, COL_PEERNAMES,
		  COL_PEERMASTER }, 16
	};
	struct nsx_err err = { 0 };
	bool chosen = false;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:Jjrnh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (out_select(columns, ARRAY_SIZE(columns), optarg,
				       sel, &err) < 0)
				return nsx_usage_error("show", "%s", err.msg);
			chosen = true;
			break;
		case 'J':
		case 'j':
			*flags |= OUT_JSON;
			break;
		case 'r':
			*flags |= OUT_RAW;
			break;
		case 'n':
			*flags |= OUT_NOHEADINGS;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return nsx_usage_error("show", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	/* JSON is read by programs: the fields, not the summary for eyes. */
	if ((*flags & OUT_JSON) && !chosen)
		*sel = json_default;
	if (optind >= argc)
		return nsx_usage_error("show", "missing target");
	if (optind + 1 < argc)
		return nsx_usage_error("show", "unexpected argument '%s'",
				       argv[optind + 1]);
	*spec = argv[optind];
	return -1;
}

/* Each namespace the target has: all of a process's, or the one a path is. */
static int open_namespaces(struct show *sh, struct nsx_err *err)
{
	for (int i = 0; i < NS_COUNT; i++) {
		struct show_ns *n = &sh->ns[sh->n];

		if (sh->t.kind == TARGET_NSFS && i != sh->t.nsidx)
			continue;
		n->type = i;
		n->fd = target_open_ns(&sh->t, i, err);
		if (n->fd < 0) {
			/* A kernel without this type has no file for it. */
			if (err->code == ENOENT && sh->t.kind == TARGET_PID &&
			    target_check_alive(&sh->t, err) == 0)
				continue;
			return -err->code;
		}
		if (ns_fd_id(n->fd, &n->ino, NULL) < 0) {
			close(n->fd);
			return nsx_fail(err, errno, "stat");
		}
		sh->n++;
	}
	return 0;
}

/* uname(2) answers for the UTS namespace we are in: step into the
 * target's, ask, and step back. */
static int uts_uname(void *data, struct nsx_err *err)
{
	return uname(data) < 0 ? nsx_fail(err, errno, "uname") : 0;
}

static int uts_names(int fd, struct utsname *u, struct nsx_err *err)
{
	/* Our own namespace needs no setns, which a setuid nsx may not be
	 * allowed to make. */
	if (ns_fd_is_self(fd, NS_UTS))
		return uts_uname(u, err);
	return ns_visit(fd, NS_UTS, uts_uname, u, err);
}

/* A process in the namespace, to read its /proc files: the target, or
 * for a path target the lowest PID the scan found in it. */
static pid_t show_pid(const struct show *sh, const struct proc_ns *e)
{
	if (sh->t.kind == TARGET_PID)
		return sh->t.pid;
	return e ? e->pid : 0;
}

/* uid_map or gid_map as lines "inside outside count". */
static size_t read_map(pid_t pid, const char *file, char **lines,
		       size_t max)
{
	char path[64], buf[4096], *save = NULL, *line;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (!pid || read_file_at(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long a, b, c;

		if (sscanf(line, "%lu %lu %lu", &a, &b, &c) == 3 &&
		    asprintf(&lines[n], "%lu %lu %lu", a, b, c) >= 0)
			n++;
	}
	return n;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

static void show_user(struct show *sh, struct libscols_line *ln, pid_t pid)
{
	char *uid[64], *gid[64], *info = NULL;
	size_t nu = read_map(pid, "uid_map", uid, ARRAY_SIZE(uid));
	size_t ng = read_map(pid, "gid_map", gid, ARRAY_SIZE(gid));

	out_set_list(&sh->o, ln, COL_UIDMAP, (const char *const *)uid, nu);
	out_set_list(&sh->o, ln, COL_GIDMAP, (const char *const *)gid, ng);
	if (nu && ng && asprintf(&info, "uid_map %s%s, gid_map %s%s", uid[0],
				 nu > 1 ? " ..." : "", gid[0],
				 ng > 1 ? " ..." : "") >= 0)
		out_set(&sh->o, ln, COL_INFO, info);
	free(info);
	free_strings(uid, nu);
	free_strings(gid, ng);
}

static void show_uts(struct show *sh, struct libscols_line *ln, int fd)
{
	struct nsx_err err = { 0 };
	struct utsname u;

	if (uts_names(fd, &u, &err) < 0) {
		out_set(&sh->o, ln, COL_INFO, err.msg);
		return;
	}
	out_set(&sh->o, ln, COL_HOSTNAME, u.nodename);
	out_set(&sh->o, ln, COL_DOMAIN, u.domainname);
	out_setf(&sh->o, ln, COL_INFO, "hostname %s, domain %s", u.nodename,
		 u.domainname);
}

/* The far end of a veth: PEER columns, and its words in INFO. */
static size_t show_peer(struct show *sh, struct libscols_line *ln,
			const struct peer *e, char *info, size_t len,
			size_t size)
{
	const struct peer_ns *ns;
	char where[320], label[400];

	if (!e || len >= size)
		return len;
	out_set(&sh->o, ln, COL_PEER, e->ifname[0] ? e->ifname : NULL);
	out_set(&sh->o, ln, COL_PEERMASTER, e->master[0] ? e->master : NULL);
	if (cmd_peer_label(&sh->peers, e, label, sizeof(label)))
		len += (size_t)snprintf(info + len, size - len, " peer %s",
					label);
	if (e->master[0] && len < size)
		len += (size_t)snprintf(info + len, size - len, " master %s",
					e->master);
	if (e->ns < 0)
		return len;
	ns = &sh->peers.ns[e->ns];
	if (ns->ino)
		out_setf(&sh->o, ln, COL_PEERNS, "%lu", (unsigned long)ns->ino);
	if (ns->nnames)
		out_set_list(&sh->o, ln, COL_PEERNAMES,
			     (const char *const *)ns->names, ns->nnames);
	else
		out_set_list(&sh->o, ln, COL_PEERNAMES,
			     (const char *const[]){ cmd_peer_ns_label(
				     &sh->peers, e, where, sizeof(where)) }, 1);
	return len;
}

static void show_link(struct show *sh, struct libscols_line *parent,
		      const struct netns_link *k)
{
	struct libscols_line *ln = out_line(&sh->o, parent);
	char info[1024];
	size_t len;

	if (!ln)
		return;
	out_set(&sh->o, ln, COL_TYPE, "link");
	out_set(&sh->o, ln, COL_LINK, k->name);
	out_set(&sh->o, ln, COL_STATE, k->state[0] ? k->state : NULL);
	out_set_list(&sh->o, ln, COL_ADDRS, (const char *const *)k->addrs,
		     k->naddrs);
	len = (size_t)snprintf(info, sizeof(info), "%s %s", k->name,
			       k->state[0] ? k->state : "");
	for (size_t i = 0; i < k->naddrs && len < sizeof(info); i++)
		len += (size_t)snprintf(info + len, sizeof(info) - len, " %s",
					k->addrs[i]);
	show_peer(sh, ln, peers_of(&sh->peers, k->index), info, len,
		  sizeof(info));
	out_set(&sh->o, ln, COL_INFO, info);
}

/* Link names from /proc/PID/net/dev, when netlink cannot be asked. */
static size_t links_from_proc(pid_t pid, struct netns_link *v, size_t max)
{
	char path[64], buf[16384], *save = NULL, *line;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%d/net/dev", (int)pid);
	if (!pid || read_file_at(AT_FDCWD, path, buf, sizeof(buf)) <= 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue; /* the two header lines */
		*colon = '\0';
		line += strspn(line, " ");
		v[n] = (struct netns_link){ 0 };
		snprintf(v[n].name, sizeof(v[n].name), "%s", line);
		n++;
	}
	return n;
}

/* What a far end is, asked on a socket of the namespace's own. */
static void show_peers(struct show *sh, int fd)
{
	struct link_info *v = NULL;
	struct nsx_err err = { 0 };
	struct nl nl;
	size_t n = 0;

	if (privs_setuid() || nl_open_fd(&nl, fd, "network namespace", NULL,
					 &err) < 0)
		return;
	if (link_list_lean(&nl, &v, &n, &err) == 0) {
		cmd_peer_find(&nl, v, n, PEERS_MASTERS, &sh->peers, &err);
		free(v);
	}
	nl_close(&nl);
}

static void show_net(struct show *sh, struct libscols_line *ln, int fd,
		     pid_t pid)
{
	struct netns_link *links = NULL, fallback[64] = { { 0 } };
	struct nsx_err err = { 0 };
	size_t n = 0;
	int r = -1;

	if (privs_raise(&err) == 0) {
		r = netns_links(fd, &links, &n, &err);
		privs_lower();
	}
	if (r == 0)
		show_peers(sh, fd);
	if (r == 0) {
		for (size_t i = 0; i < n; i++)
			show_link(sh, ln, &links[i]);
		netns_links_free(links, n);
		return;
	}
	n = links_from_proc(pid, fallback, ARRAY_SIZE(fallback));
	if (!n)
		out_set(&sh->o, ln, COL_INFO, err.msg);
	for (size_t i = 0; i < n; i++)
		show_link(sh, ln, &fallback[i]);
}

static void show_names(struct show *sh, struct libscols_line *ln,
		       const struct proc_ns *e)
{
	char *names[64];
	size_t n;

	if (!e)
		return;
	/* Container names join here as they do in nsx ls. */
	n = proc_ns_names(e, names, ARRAY_SIZE(names));
	out_set_list(&sh->o, ln, COL_NAMES, (const char *const *)names, n);
	free_strings(names, n);
}

static int show_row(struct show *sh, const struct show_ns *n)
{
	const struct proc_ns *e = proc_scan_find(&sh->scan, n->ino);
	struct libscols_line *ln = out_line(&sh->o, NULL);

	if (!ln)
		return -ENOMEM;
	out_set(&sh->o, ln, COL_TYPE, ns_types[n->type].name);
	out_setf(&sh->o, ln, COL_NS, "%lu", (unsigned long)n->ino);
	out_set(&sh->o, ln, COL_SHARED,
		n->ino == ns_self_ino(n->type) ? "yes" : "no");
	out_setf(&sh->o, ln, COL_NPROCS, "%u", e ? e->nprocs : 0);
	show_names(sh, ln, e);
	if (n->type == NS_UTS)
		show_uts(sh, ln, n->fd);
	else if (n->type == NS_USER)
		show_user(sh, ln, show_pid(sh, e));
	else if (n->type == NS_NET)
		show_net(sh, ln, n->fd, show_pid(sh, e));
	return 0;
}

static int show_run(struct show *sh, const char *spec, struct nsx_err *err)
{
	unsigned types = 0;
	int r;

	if (target_resolve(spec, &sh->t, err) < 0)
		return -err->code;
	if (sh->t.kind == TARGET_SELF)
		return nsx_failx(err, EINVAL, "no target");
	/* A setuid nsx shows what a rule for net allows: the check may
	 * narrow the target to that one network namespace. */
	if (privs_check_show(&sh->t, err) < 0)
		return -err->code;
	r = open_namespaces(sh, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sh->n; i++)
		types |= 1u << sh->ns[i].type;
	r = proc_scan(&sh->scan, types, PROC_SCAN_MOUNTS, NULL, err);
	for (size_t i = 0; r == 0 && i < sh->n; i++)
		if (show_row(sh, &sh->ns[i]) < 0)
			r = nsx_fail(err, ENOMEM, "show");
	if (r == 0)
		r = out_print(&sh->o, err);
	return r;
}

int cmd_show(int argc, char **argv)
{
	struct out_selection sel = { { COL_TYPE, COL_NS, COL_SHARED,
				       COL_NPROCS, COL_NAMES, COL_INFO }, 6 };
	struct nsx_err err = { 0 };
	const char *spec = NULL;
	unsigned flags = 0;
	struct show sh = { 0 };
	int r = parse_opts(argc, argv, &sel, &flags, &spec);

	if (r >= 0)
		return r;
	target_self(&sh.t);
	if (out_init(&sh.o, "namespaces", columns, ARRAY_SIZE(columns), &sel,
		     flags | OUT_TREE, &err) < 0)
		return report(&err);
	r = show_run(&sh, spec, &err);
	out_free(&sh.o);
	proc_scan_free(&sh.scan);
	peers_free(&sh.peers);
	for (size_t i = 0; i < sh.n; i++)
		close(sh.ns[i].fd);
	target_release(&sh.t);
	if (r < 0) {
		nsx_wrap(&err, "show %s", spec);
		return report(&err);
	}
	return 0;
}
