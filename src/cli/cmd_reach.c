/* cmd_reach.c - nsx reach: can A reach B, and if not, why */
#include <getopt.h>
#include <math.h>

#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/lib/json.h"
#include "nsx/reach/reach.h"
#include "nsx/setuid/privs.h"

#define REACH_TIMEOUT_MAX_S 60

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx reach [options] <A> <B>\n"
	      " nsx reach [options] -t <A> <B>\n"
	      "\n"
	      "Can A reach B? A is a target; B is a target or an IP address.\n"
	      "nsx sends the flow for real from inside A's network namespace\n"
	      "(an ICMP echo, a TCP connect, a UDP datagram) and answers yes or\n"
	      "no; when no, it walks the way from A to B through the network\n"
	      "namespaces it can see and prints one cause a line, each with the\n"
	      "command that fixes it: a link down, no route, another subnet, a\n"
	      "neighbour that does not answer, a bridge port not forwarding,\n"
	      "bridge-netfilter with a FORWARD drop, ip_forward off, rp_filter,\n"
	      "no masquerade, a firewall rule. It changes nothing.\n"
	      "\n"
	      "Options:\n"
	      " -t, --target <target>  A, as the other commands take it\n"
	      " -p, --port <port>      the port of a tcp or udp flow\n"
	      " -P, --proto <proto>    icmp, tcp or udp (default: icmp, tcp with --port)\n"
	      " -w, --timeout <secs>   how long the probe waits (default 1)\n"
	      " -j, --json             JSON output\n"
	      " -h, --help             show this help\n"
	      "\n"
	      "Exit status: 0 reachable, 1 not (or an error), 2 usage.\n"
	      "See nsx(1).\n", out);
}

struct reach_opts {
	struct reach_req req;
	bool json, has_proto;
	const char *target;
};

static int parse_value(const char *opt, const char *arg, struct reach_opts *o)
{
	unsigned long v;
	char *end;
	double s;

	if (streq(opt, "port")) {
		if (parse_ulong(arg, 65535, &v) < 0 || v == 0)
			return nsx_usage_error("reach", "invalid port '%s'", arg);
		o->req.port = (unsigned)v;
	} else if (streq(opt, "proto")) {
		o->has_proto = true;
		if (streq(arg, "icmp"))
			o->req.proto = REACH_ICMP;
		else if (streq(arg, "tcp"))
			o->req.proto = REACH_TCP;
		else if (streq(arg, "udp"))
			o->req.proto = REACH_UDP;
		else
			return nsx_usage_error("reach", "unknown protocol '%s'",
					       arg);
	} else {
		s = strtod(arg, &end);
		if (!arg[0] || *end || !isfinite(s) || s <= 0 ||
		    s > REACH_TIMEOUT_MAX_S)
			return nsx_usage_error("reach", "invalid timeout '%s'",
					       arg);
		o->req.timeout_ms = (unsigned)(s * 1000 + 0.5);
		if (!o->req.timeout_ms)
			o->req.timeout_ms = 1;
	}
	return -1;
}

/* Returns -1 to go on, or the exit status. */
static int parse_opts(int argc, char **argv, struct reach_opts *o)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "port", required_argument, NULL, 'p' },
		{ "proto", required_argument, NULL, 'P' },
		{ "timeout", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r = -1;

	optind = 1;
	opterr = 0;
	while (r < 0 && (c = getopt_long(argc, argv, "t:p:P:w:jh", opts,
					 NULL)) != -1) {
		switch (c) {
		case 't':
			o->target = optarg;
			break;
		case 'p':
			r = parse_value("port", optarg, o);
			break;
		case 'P':
			r = parse_value("proto", optarg, o);
			break;
		case 'w':
			r = parse_value("timeout", optarg, o);
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case '?':
			if (optopt)
				return nsx_usage_error("reach", "option '-%c' "
						       "needs a value", optopt);
			/* fallthrough */
		default:
			return nsx_usage_error("reach", "unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	return r;
}

static int check_args(int argc, char **argv, struct reach_opts *o)
{
	int left = argc - optind;

	if (o->target)
		o->req.a = o->target;
	else if (left > 0)
		o->req.a = argv[optind++], left--;
	if (!o->req.a)
		return nsx_usage_error("reach", "missing A and B");
	if (left < 1)
		return nsx_usage_error("reach", "missing B");
	if (left > 1)
		return nsx_usage_error("reach", "unexpected argument '%s'",
				       argv[optind + 1]);
	o->req.b = argv[optind];
	if (!o->req.a[0] || !o->req.b[0])
		return nsx_usage_error("reach", "empty target");
	if (!o->has_proto && o->req.port)
		o->req.proto = REACH_TCP;
	if (o->req.proto == REACH_ICMP && o->req.port)
		return nsx_usage_error("reach", "--port goes with tcp or udp");
	if (o->req.proto != REACH_ICMP && !o->req.port)
		return nsx_usage_error("reach", "%s needs --port",
				       o->req.proto == REACH_TCP ? "tcp" :
								   "udp");
	return -1;
}

static void print_json(const struct reach_result *res)
{
	const struct reach_probe *p = &res->probe;
	struct json j;

	json_begin(&j, stdout);
	json_obj_open(&j, NULL);
	json_bool(&j, "reachable", res->reachable);
	json_str(&j, "from", res->a_label);
	json_str(&j, "to", p->dst);
	json_obj_open(&j, "probe");
	json_str(&j, "kind", p->what);
	json_bool(&j, "tried", p->tried);
	json_bool(&j, "answered", p->answered);
	if (p->src[0])
		json_str(&j, "src", p->src);
	json_str(&j, "dst", p->dst);
	json_str(&j, "result", p->result);
	if (p->tried)
		json_uint(&j, "ms", p->ms);
	json_obj_close(&j);
	json_arr_open(&j, "findings");
	for (unsigned k = 0; k < res->n; k++) {
		json_obj_open(&j, NULL);
		json_str(&j, "cause", res->f[k].cause);
		json_str(&j, "detail", res->f[k].detail);
		if (res->f[k].fix[0])
			json_str(&j, "fix", res->f[k].fix);
		else
			json_null(&j, "fix");
		json_obj_close(&j);
	}
	json_arr_close(&j);
	if (res->note[0])
		json_str(&j, "note", res->note);
	json_obj_close(&j);
	json_end(&j);
}

static void print_text(const struct reach_result *res)
{
	const struct reach_probe *p = &res->probe;

	printf("%s -> %s: %s%s\n", res->a_label, res->b_label,
	       res->reachable ? "yes" : "no",
	       p->tried ? "" : " (not probed: from what nsx can see)");
	printf("probe: %s", p->what);
	if (p->src[0])
		printf(" from %s", p->src);
	if (p->tried)
		printf(": %s (%u ms)\n", p->result, p->ms);
	else
		printf(": %s\n", p->result);
	for (unsigned k = 0; k < res->n; k++) {
		printf("%s: %s", res->f[k].cause, res->f[k].detail);
		if (res->f[k].fix[0])
			printf("; fix: %s", res->f[k].fix);
		putchar('\n');
	}
	if (res->note[0])
		printf("note: %s\n", res->note);
}

int cmd_reach(int argc, char **argv)
{
	struct reach_opts o = { .req = { .timeout_ms = 1000,
					 .guard = &cmd_net_guard } };
	struct reach_result res;
	struct nsx_err err = { 0 };
	int r = parse_opts(argc, argv, &o);

	if (r >= 0)
		return r;
	if ((r = check_args(argc, argv, &o)) >= 0)
		return r;
	o.req.confined = privs_setuid();
	if (reach_run(&o.req, &res, &err) < 0) {
		nsx_wrap(&err, "reach");
		return report(&err);
	}
	if (o.json)
		print_json(&res);
	else
		print_text(&res);
	return res.reachable ? 0 : 1;
}
