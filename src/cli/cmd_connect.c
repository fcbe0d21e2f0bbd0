/* cmd_connect.c - nsx connect: pipework in one command, all or nothing */
#include <errno.h>
#include <getopt.h>
#include <signal.h>

#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/net/connect.h"
#include "nsx/net/link.h"

enum {
	OPT_NAME = 256, OPT_PEER_NAME, OPT_ADDR, OPT_PEER_ADDR, OPT_GW,
	OPT_MTU, OPT_BRIDGE
};

static const struct option long_options[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "name", required_argument, NULL, OPT_NAME },
	{ "peer-name", required_argument, NULL, OPT_PEER_NAME },
	{ "addr", required_argument, NULL, OPT_ADDR },
	{ "peer-addr", required_argument, NULL, OPT_PEER_ADDR },
	{ "gw", required_argument, NULL, OPT_GW },
	{ "mtu", required_argument, NULL, OPT_MTU },
	{ "bridge", required_argument, NULL, OPT_BRIDGE },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx connect <A> <B> [--name <if>] [--peer-name <if>] [--addr <cidr>]\n"
	      "             [--peer-addr <cidr>] [--gw <ip>] [--mtu <n>]\n"
	      " nsx connect <A> --bridge <br> [--name <if>] [--peer-name <if>]\n"
	      "             [--addr <cidr>] [--gw <ip>] [--mtu <n>]\n"
	      "\n"
	      "Wire target A to target B with a veth pair, or to a bridge in\n"
	      "nsx's own namespace: names, addresses, links up and a default\n"
	      "route in A, all or nothing (a failure undoes every step).\n"
	      "\n"
	      "Options:\n"
	      "     --name <if>        the interface in A (default: first free ethN)\n"
	      "     --peer-name <if>   the interface in B (default: first free ethN)\n"
	      "                        or on the bridge (default: nsx<A's netns inode>)\n"
	      "     --addr <cidr>      address of the interface in A\n"
	      "     --peer-addr <cidr> address of the interface in B\n"
	      "     --gw <ip>          default route in A through this gateway\n"
	      "     --mtu <n>          MTU of both ends\n"
	      "     --bridge <br>      the bridge to attach A to, instead of B\n"
	      " -h, --help             show this help\n"
	      "\n"
	      "Targets: PID, PID:INODE, nsfs path or name, as for -t.\n"
	      "\n"
	      "See nsx(1).\n",
	      out);
}

static int take_name(char *dst, const char *v, const char *what,
		     struct nsx_err *err)
{
	if (link_check_name(v, what, err) < 0)
		return -err->code;
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

/* A CIDR with its length: a bare address on a veth is almost always a
 * forgotten /24. */
static int take_cidr(struct inet_prefix *p, bool *has, const char *v,
		     const char *what, struct nsx_err *err)
{
	if (inet_parse_prefix(v, p, err) < 0)
		return nsx_wrap(err, "%s", what);
	if (!p->has_len)
		return nsx_failx(err, EINVAL, "%s %s: give a prefix length "
				 "(e.g. %s/24)", what, v, v);
	*has = true;
	return 0;
}

static int take_option(struct connect_req *req, int c, const char *v,
		       struct nsx_err *err)
{
	switch (c) {
	case OPT_NAME:
		return take_name(req->name, v, "--name", err);
	case OPT_PEER_NAME:
		return take_name(req->peer_name, v, "--peer-name", err);
	case OPT_BRIDGE:
		return take_name(req->bridge, v, "--bridge", err);
	case OPT_ADDR:
		return take_cidr(&req->addr, &req->has_addr, v, "--addr", err);
	case OPT_PEER_ADDR:
		return take_cidr(&req->peer_addr, &req->has_peer_addr, v,
				 "--peer-addr", err);
	case OPT_GW:
		req->has_gw = true;
		if (inet_parse_ip(v, &req->gw, err) < 0)
			return nsx_wrap(err, "--gw");
		return 0;
	case OPT_MTU:
		if (link_parse_mtu(v, &req->mtu, err) < 0)
			return -err->code;
		return 0;
	}
	return nsx_failx(err, NSX_EUSAGE, "connect: unknown option");
}

/* Returns -1 to go on, else the exit status (help: 0, bad input: 1, 2). */
static int parse(int argc, char **argv, struct connect_req *req,
		 struct nsx_err *err)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		if (c == '?') {
			fputs("Try 'nsx connect --help' for more information.\n",
			      stderr);
			return 2;
		}
		if (take_option(req, c, optarg, err) < 0)
			return err->code == NSX_EUSAGE ? 2 : report(err);
	}
	if (argc - optind > 2)
		return nsx_usage_error("connect", "connect: unexpected '%s'",
				       argv[optind + 2]);
	for (int i = 0; optind + i < argc; i++)
		if (nsx_strlcpy(i ? req->b : req->a, argv[optind + i],
				sizeof(req->a)) < 0)
			return nsx_usage_error("connect", "target too long");
	if (connect_check(req, err) < 0) {
		if (err->code == NSX_EUSAGE)
			return nsx_usage_error("connect", "%s", err->msg);
		return report(err);
	}
	return -1;
}

int cmd_connect(int argc, char **argv)
{
	struct connect_req req = { 0 };
	struct nsx_err err = { 0 };
	sigset_t stop, old;
	int r = parse(argc, argv, &req, &err);

	if (r >= 0)
		return r;
	/* A Ctrl-C half-way would leave half a connection: the signals wait
	 * until the transaction is done or undone. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	sigprocmask(SIG_BLOCK, &stop, &old);
	r = connect_run(&req, &cmd_net_guard, &err);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (r < 0)
		return report(&err);
	if (req.bridge[0])
		printf("%s %s <-> %s on bridge %s\n", req.a_label, req.name,
		       req.peer_name, req.bridge);
	else
		printf("%s %s <-> %s %s\n", req.a_label, req.name,
		       req.b_label, req.peer_name);
	return 0;
}
