/* words.c - the words addr and route share: options, verb, dev, -o columns */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "nsx/net/link.h"
#include "nsx/net/words.h"

static const struct option opt_table[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "target", required_argument, NULL, 't' },
	{ "json", no_argument, NULL, 'j' },
	{ "ipv4", no_argument, NULL, '4' },
	{ "ipv6", no_argument, NULL, '6' },
	{ "output", required_argument, NULL, 'o' },
	{ "details", no_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

bool net_take_brief(int *argc, char **argv)
{
	bool found = false;
	int i = 0;

	while (i < *argc && !streq(argv[i], "--")) {
		if (streq(argv[i], "-br") || streq(argv[i], "-brief") ||
		    streq(argv[i], "--brief")) {
			memmove(&argv[i], &argv[i + 1],
				(size_t)(*argc - i) * sizeof(*argv));
			(*argc)--;
			found = true;
		} else {
			i++;
		}
	}
	return found;
}

int net_parse_opts(int argc, char **argv, struct net_opts *o,
		    struct nsx_err *err)
{
	const char *cmd = argc > 0 ? argv[0] : "addr";
	int c;

	*o = (struct net_opts){ .family = AF_UNSPEC };
	optind = 0; /* glibc: start afresh, this may run once per batch line */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ht:j46o:d", opt_table, NULL)) !=
	       -1) {
		switch (c) {
		case 'h':
			o->help = true;
			break;
		case 't':
			if (nsx_strlcpy(o->target, optarg,
					sizeof(o->target)) < 0)
				return nsx_failx(err, EINVAL,
						 "-t: target too long");
			break;
		case 'j':
			o->json = true;
			break;
		case 'd':
			o->details = true;
			break;
		case 'o':
			if (nsx_strlcpy(o->columns, optarg,
					sizeof(o->columns)) < 0)
				return nsx_failx(err, EINVAL, "-o: too long");
			break;
		case '4':
		case '6':
			o->family = c == '4' ? AF_INET : AF_INET6;
			break;
		case ':':
			return nsx_failx(err, NSX_EUSAGE, "%s: option '%s' "
					 "needs a value", cmd, argv[optind - 1]);
		default:
			if (optopt)
				return nsx_failx(err, NSX_EUSAGE, "%s: unknown "
						 "option '-%c'", cmd, optopt);
			return nsx_failx(err, NSX_EUSAGE, "%s: unknown option "
					 "'%s'", cmd, argv[optind - 1]);
		}
	}
	return optind;
}

/* ip's words (ip-link(8), ip-address(8), ip-route(8)) nsx does not take. */
static const char *const ip_link_words[] = {
	"txqlen", "qlen", "alias", "group", "promisc", "allmulticast", "arp",
	"multicast", "property", "altname", "vf", "xdp", "numtxqueues",
	"numrxqueues", "gso_max_size", "gso_max_segs", "protodown",
	"addrgenmode", "link-netns", "link-netnsid", "index", "stp_state",
	"forward_delay", "hello_time", "max_age", "ageing_time",
	"vlan_filtering", "vlan_protocol", "ttl", "tos", "learning",
	"nolearning", "proxy", "l2miss", "l3miss", "udpcsum", "ageing",
	"change", "xstats", "afstats", "master", "vrf", "up", NULL,
};
static const char *const ip_addr_words[] = {
	"anycast", "group", "master", "vrf", "nomaster", "save", "restore",
	"showdump", NULL,
};
static const char *const ip_route_words[] = {
	"blackhole", "unreachable", "prohibit", "throw", "unicast", "local",
	"broadcast", "multicast", "nat", "nexthop", "nhid", "weight", "proto",
	"protocol", "scope", "mtu", "advmss", "window", "rtt", "rttvar",
	"rto_min", "ssthresh", "cwnd", "initcwnd", "initrwnd", "hoplimit",
	"reordering", "features", "quickack", "congctl", "fastopen_no_cookie",
	"tos", "dsfield", "realm", "realms", "pref", "expires", "encap", "as",
	"append", "change", "prepend", "flush", "get", "save", "restore",
	"showdump", "root", "match", "exact", "from", "iif", "oif", "vrf",
	"type", "mark", "uid", NULL,
};

int net_refuse_ip_word(const char *cmd, const char *word,
		       struct nsx_err *err)
{
	const char *const *w = streq(cmd, "link") ? ip_link_words
			       : streq(cmd, "addr") ? ip_addr_words
			       : streq(cmd, "route") ? ip_route_words : NULL;

	for (; w && *w; w++)
		if (streq(*w, word))
			return nsx_failx(err, NSX_EUSAGE, "%s: '%s' is ip's, "
					 "nsx does not support it", cmd, word);
	return 0;
}

/* "dev DEV": a real interface name (1..15 bytes, no '/', no space). */
int net_parse_dev(const char *word, char *dev, struct nsx_err *err)
{
	if (!word)
		return nsx_failx(err, NSX_EUSAGE, "dev: missing interface name");
	/* No link can have such a name: ip's "Cannot find device". */
	if (link_check_name(word, "dev", err) < 0) {
		err->code = ENODEV;
		return -ENODEV;
	}
	memcpy(dev, word, strlen(word) + 1);
	return 0;
}

int net_parse_verb(const char *cmd, const char *verb,
		    const char *const *verbs, struct nsx_err *err)
{
	const char *near = nsx_closest(verb, verbs);

	for (int i = 0; verbs[i]; i++)
		if (streq(verb, verbs[i]))
			return i;
	if (net_refuse_ip_word(cmd, verb, err) < 0)
		return -NSX_EUSAGE;
	if (near)
		return nsx_failx(err, NSX_EUSAGE,
				 "%s %s: unknown command (did you mean '%s'?)",
				 cmd, verb, near);
	return nsx_failx(err, NSX_EUSAGE, "%s %s: unknown command (one of %s, "
			 "%s, %s, %s)", cmd, verb, verbs[0], verbs[1], verbs[2],
			 verbs[3]);
}

int net_parse_head(int *argc, char **argv, const char *cmd,
		    const char *const *verbs, struct net_opts *o,
		    const char **verb, int *first, struct nsx_err *err)
{
	bool brief = net_take_brief(argc, argv);
	int v = 0;

	*verb = verbs[0];
	*first = net_parse_opts(*argc, argv, o, err);
	if (*first < 0)
		return *first;
	o->brief = brief;
	if (!o->help && *first < *argc) {
		*verb = argv[(*first)++];
		v = net_parse_verb(cmd, *verb, verbs, err);
	}
	return v;
}

int net_parse_columns(const char *cmd, const char *spec,
		       const char *const *names, const int *defaults,
		       size_t ndef, int *sel, size_t max, struct nsx_err *err)
{
	size_t n = 0;

	if (!spec[0] || spec[0] == '+') {
		for (size_t i = 0; i < ndef && n < max; i++)
			sel[n++] = defaults[i];
		spec += spec[0] == '+';
	}
	while (*spec) {
		size_t len = strcspn(spec, ",");
		int c = -1;

		for (int i = 0; names[i] && c < 0; i++)
			if (strlen(names[i]) == len &&
			    !strncasecmp(names[i], spec, len))
				c = i;
		if (c < 0)
			return nsx_failx(err, NSX_EUSAGE, "%s: unknown column "
					 "'%.*s'", cmd, (int)len, spec);
		if (n < max)
			sel[n++] = c;
		spec += len + (spec[len] == ',');
	}
	return (int)n;
}
