/* link_parse.c - `link` command words -> struct link_req, checked whole */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>

#include "nsx/net/link.h"
#include "nsx/net/words.h"

/* A keyword after the verb; flags take no value (val is NULL). */
struct word {
	const char *name;
	bool flag;
	int (*take)(struct link_req *r, const char *val, struct nsx_err *err);
};

static const char *const verbs[] = { "show", "list", "add", "set", "del",
				     "delete", NULL };
static const char *const kinds[] = { "veth", "bridge", "dummy", "ifb",
				     "vlan", "vxlan", "macvlan", NULL };

static int usage_fail(struct nsx_err *err, const char *fmt, const char *word,
		      const char *const *words)
{
	const char *best = words ? nsx_closest(word, words) : NULL;
	char hint[64] = "";

	if (best)
		snprintf(hint, sizeof(hint), " (did you mean %s?)", best);
	nsx_failx(err, NSX_EUSAGE, fmt, word);
	snprintf(err->msg + strlen(err->msg), sizeof(err->msg) - strlen(err->msg),
		 "%s", hint);
	return -NSX_EUSAGE;
}

int link_check_name(const char *name, const char *what, struct nsx_err *err)
{
	size_t n = strlen(name);

	if (n == 0)
		return nsx_failx(err, EINVAL, "%s: empty interface name", what);
	if (n >= IFNAMSIZ)
		return nsx_failx(err, EINVAL, "%s: interface name '%s' is "
				 "longer than %d bytes", what, name,
				 IFNAMSIZ - 1);
	if (streq(name, ".") || streq(name, ".."))
		return nsx_failx(err, EINVAL, "%s: '%s' cannot be an "
				 "interface name", what, name);
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return nsx_failx(err, EINVAL, "%s: interface name "
					 "'%s' contains '%s'", what, name,
					 *p == '/' ? "/" : *p == ':' ? ":" :
					 "whitespace");
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int link_parse_mac(const char *s, uint8_t mac[6], struct nsx_err *err)
{
	const char *p = s;

	for (int i = 0; i < 6; i++) {
		int hi = hexval((unsigned char)p[0]), lo;

		if (hi < 0)
			goto bad;
		lo = hexval((unsigned char)p[1]);
		if (lo < 0) {
			mac[i] = (uint8_t)hi;
			p += 1;
		} else {
			mac[i] = (uint8_t)(hi << 4 | lo);
			p += 2;
		}
		if (*p != (i == 5 ? '\0' : ':'))
			goto bad;
		p += i < 5;
	}
	if (mac[0] & 1)
		return nsx_failx(err, EINVAL, "address %s: a multicast address "
				 "cannot be a link's own", s);
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return nsx_failx(err, EINVAL, "address %s: all zero", s);
	return 0;
bad:
	return nsx_failx(err, EINVAL, "address '%s': not a MAC address "
			 "(like 02:00:00:00:00:01)", s);
}

int link_parse_mtu(const char *s, uint32_t *mtu, struct nsx_err *err)
{
	unsigned long v;
	int r = parse_ulong(s, ULONG_MAX, &v);

	if (r == -EINVAL)
		return nsx_failx(err, EINVAL, "mtu '%s': not a number", s);
	if (r < 0 || v < LINK_MTU_MIN || v > LINK_MTU_MAX)
		return nsx_failx(err, ERANGE, "mtu %s: out of range (%d-%d)", s,
				 LINK_MTU_MIN, LINK_MTU_MAX);
	*mtu = (uint32_t)v;
	return 0;
}

static int copy_name(char *dst, const char *val, const char *what,
		     struct nsx_err *err)
{
	int r = link_check_name(val, what, err);

	if (r == 0)
		memcpy(dst, val, strlen(val) + 1);
	return r;
}

static int copy_spec(char *dst, const char *val, struct nsx_err *err)
{
	if (!val[0] || nsx_strlcpy(dst, val, LINK_SPEC_MAX) < 0)
		return nsx_failx(err, EINVAL, "target '%.64s': %s", val,
				 val[0] ? "too long" : "empty");
	return 0;
}

static int take_type(struct link_req *r, const char *v, struct nsx_err *err)
{
	for (const char *const *k = kinds; *k; k++)
		if (streq(*k, v))
			return nsx_strlcpy(r->kind, v, sizeof(r->kind));
	usage_fail(err, "unknown type '%s'", v, kinds);
	err->code = EINVAL; /* a bad value, not a bad command line */
	return -EINVAL;
}

static int take_peer(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_name(r->peer, v, "peer", err);
}

static int take_target(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_spec(r->verb == LINK_ADD ? r->peer_target : r->move_target,
			 v, err);
}

static int take_lower(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_name(r->lower, v, "link", err);
}

static int take_id(struct link_req *r, const char *v, struct nsx_err *err)
{
	unsigned long id;

	if (parse_ulong(v, UINT32_MAX, &id) < 0)
		return nsx_failx(err, EINVAL, "id '%s': not a number", v);
	r->id = (uint32_t)id;
	r->has_id = true;
	return 0;
}

static int take_mode(struct link_req *r, const char *v, struct nsx_err *err)
{
	static const char *const modes[] = { "private", "vepa", "bridge",
					     "passthru", NULL };
	static const uint32_t vals[] = { MACVLAN_MODE_PRIVATE,
					 MACVLAN_MODE_VEPA, MACVLAN_MODE_BRIDGE,
					 MACVLAN_MODE_PASSTHRU };

	for (size_t i = 0; modes[i]; i++)
		if (streq(modes[i], v)) {
			r->macvlan_mode = vals[i];
			return 0;
		}
	usage_fail(err, "mode '%s': not bridge, private, vepa or passthru",
		   v, modes);
	err->code = EINVAL;
	return -EINVAL;
}

static int take_ip(struct link_req *r, const char *v, struct in6_addr *a,
		   struct nsx_err *err)
{
	int family = strchr(v, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(family, v, a) != 1)
		return nsx_failx(err, EINVAL, "'%s': not an IP address", v);
	if (r->vx_family && r->vx_family != family)
		return nsx_failx(err, EINVAL, "remote and local must both be "
				 "IPv4 or both IPv6");
	r->vx_family = family;
	return 0;
}

static int take_remote(struct link_req *r, const char *v, struct nsx_err *err)
{
	r->has_remote = true;
	return take_ip(r, v, &r->remote, err);
}

static int take_local(struct link_req *r, const char *v, struct nsx_err *err)
{
	r->has_local = true;
	return take_ip(r, v, &r->local, err);
}

static int take_dstport(struct link_req *r, const char *v, struct nsx_err *err)
{
	unsigned long p;

	if (parse_ulong(v, 65535, &p) < 0)
		return nsx_failx(err, EINVAL, "dstport '%s': not a port "
				 "(0-65535)", v);
	r->has_dstport = true;
	r->dstport = (uint16_t)p;
	return 0;
}

static int take_mtu(struct link_req *r, const char *v, struct nsx_err *err)
{
	return link_parse_mtu(v, &r->mtu, err);
}

static int take_mac(struct link_req *r, const char *v, struct nsx_err *err)
{
	r->has_mac = true;
	return link_parse_mac(v, r->mac, err);
}

/* After "peer", mtu and address are the peer's, as ip reads them. */
static int take_peer_mtu(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	return link_parse_mtu(v, &r->peer_mtu, err);
}

static int take_peer_mac(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	r->peer_has_mac = true;
	return link_parse_mac(v, r->peer_mac, err);
}

static int take_name(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_name(r->newname, v, "name", err);
}

static int take_master(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_name(r->master, v, "master", err);
}

static int take_group(struct link_req *r, const char *v, struct nsx_err *err)
{
	unsigned long g;

	if (parse_ulong(v, UINT32_MAX, &g) < 0 || g == 0)
		return nsx_failx(err, EINVAL, "group '%s': not a group number "
				 "(1-4294967295)", v);
	r->group = (uint32_t)g;
	return 0;
}

static int take_up(struct link_req *r, const char *v, struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->up = 1;
	return 0;
}

static int take_down(struct link_req *r, const char *v, struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->up = 0;
	return 0;
}

static int take_nomaster(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->nomaster = true;
	return 0;
}

static const struct word add_words[] = {
	{ "type", false, take_type },     { "peer", false, take_peer },
	{ "target", false, take_target }, { "link", false, take_lower },
	{ "dev", false, take_lower },     { "id", false, take_id },
	{ "mode", false, take_mode },     { "remote", false, take_remote },
	{ "local", false, take_local },   { "dstport", false, take_dstport },
	{ "mtu", false, take_mtu },       { "address", false, take_mac },
	{ NULL, false, NULL },
};

static const struct word set_words[] = {
	{ "up", true, take_up },          { "down", true, take_down },
	{ "mtu", false, take_mtu },       { "name", false, take_name },
	{ "address", false, take_mac },   { "master", false, take_master },
	{ "nomaster", true, take_nomaster }, { "target", false, take_target },
	{ "netns", false, take_target },  { NULL, false, NULL },
};

static int parse_words(struct link_req *r, int argc, char **argv,
		       const struct word *tab, struct nsx_err *err)
{
	const char *names[32];
	size_t n = 0;
	bool in_peer = false;

	for (const struct word *w = tab; w->name && n + 1 < ARRAY_SIZE(names); w++)
		names[n++] = w->name;
	names[n] = NULL;
	for (int i = 0; i < argc; i++) {
		const struct word *w = tab;
		int r2;

		while (w->name && !streq(w->name, argv[i]))
			w++;
		if (!w->name && net_refuse_ip_word("link", argv[i], err) < 0)
			return -NSX_EUSAGE;
		if (!w->name)
			return usage_fail(err, "unknown word '%s'", argv[i],
					  names);
		if (!w->flag && i + 1 >= argc)
			return nsx_failx(err, NSX_EUSAGE, "'%s' needs a value",
					 w->name);
		/* iproute2 spells it "peer name NAME". */
		if (w->take == take_peer && streq(argv[i + 1], "name") &&
		    i + 2 < argc)
			i++;
		in_peer |= w->take == take_peer;
		r2 = (in_peer && w->take == take_mtu ? take_peer_mtu
		      : in_peer && w->take == take_mac ? take_peer_mac
		      : w->take)(r, w->flag ? NULL : argv[i + 1], err);
		if (r2 < 0)
			return r2;
		i += !w->flag;
	}
	return 0;
}

static int bad_for_kind(const struct link_req *r, const char *word,
			struct nsx_err *err)
{
	return nsx_failx(err, NSX_EUSAGE, "'%s' does not apply to type %s",
			 word, r->kind);
}

/* Which options each type takes, and which it needs. */
static int check_add(const struct link_req *r, struct nsx_err *err)
{
	bool veth = streq(r->kind, "veth"), vlan = streq(r->kind, "vlan");
	bool vxlan = streq(r->kind, "vxlan"), mv = streq(r->kind, "macvlan");

	if (!r->kind[0])
		return nsx_failx(err, NSX_EUSAGE, "link add %s: 'type' is "
				 "missing", r->name);
	if (!veth && (r->peer[0] || r->peer_target[0]))
		return bad_for_kind(r, r->peer[0] ? "peer" : "target", err);
	if (!vlan && !mv && !vxlan && r->lower[0])
		return bad_for_kind(r, "link", err);
	if (!vlan && !vxlan && r->id)
		return bad_for_kind(r, "id", err);
	if (!mv && r->macvlan_mode)
		return bad_for_kind(r, "mode", err);
	if (!vxlan && (r->has_remote || r->has_local || r->has_dstport))
		return bad_for_kind(r, r->has_remote ? "remote" :
				    r->has_local ? "local" : "dstport", err);
	if ((vlan || mv) && !r->lower[0])
		return nsx_failx(err, NSX_EUSAGE, "link add %s: type %s needs "
				 "'link DEV'", r->name, r->kind);
	if (vlan && (r->id < 1 || r->id > 4094))
		return nsx_failx(err, EINVAL, "link add %s: vlan id must be "
				 "1-4094", r->name);
	if (!veth && (r->peer_mtu || r->peer_has_mac))
		return bad_for_kind(r, "peer", err);
	if (vxlan && r->id > 0xffffff)
		return nsx_failx(err, EINVAL, "link add %s: vxlan id must be "
				 "0-16777215", r->name);
	return 0;
}

static int parse_add(struct link_req *r, int argc, char **argv,
		     struct nsx_err *err)
{
	int rc;

	if (argc < 1)
		return nsx_failx(err, NSX_EUSAGE, "link add: NAME is missing");
	rc = copy_name(r->name, argv[0], "link add", err);
	if (rc == 0)
		rc = parse_words(r, argc - 1, argv + 1, add_words, err);
	if (rc == 0)
		rc = check_add(r, err);
	return rc;
}

static int parse_set(struct link_req *r, int argc, char **argv,
		     struct nsx_err *err)
{
	int rc;

	if (argc >= 1 && streq(argv[0], "dev")) {
		argc--;
		argv++;
	}
	if (argc < 1)
		return nsx_failx(err, NSX_EUSAGE, "link set: DEV is missing");
	rc = copy_name(r->name, argv[0], "link set", err);
	if (rc == 0)
		rc = parse_words(r, argc - 1, argv + 1, set_words, err);
	if (rc < 0)
		return rc;
	if (r->master[0] && r->nomaster)
		return nsx_failx(err, NSX_EUSAGE, "link set %s: master and "
				 "nomaster together", r->name);
	if (r->up < 0 && !r->mtu && !r->has_mac && !r->newname[0] &&
	    !r->master[0] && !r->nomaster && !r->move_target[0])
		return nsx_failx(err, NSX_EUSAGE, "link set %s: nothing to "
				 "change", r->name);
	return 0;
}

static int parse_del(struct link_req *r, int argc, char **argv,
		     struct nsx_err *err)
{
	const char *what = argc >= 1 ? argv[0] : "";

	if (argc == 2 && streq(what, "type")) {
		r->del_by = LINK_DEL_TYPE;
		if (!argv[1][0] || nsx_strlcpy(r->kind, argv[1],
					       sizeof(r->kind)) < 0)
			return nsx_failx(err, EINVAL, "link del type '%.32s': "
					 "not a link type", argv[1]);
		return 0;
	}
	if (argc == 2 && streq(what, "group")) {
		r->del_by = LINK_DEL_GROUP;
		return take_group(r, argv[1], err);
	}
	if (argc == 2 && streq(what, "dev"))
		what = argv[1];
	else if (argc != 1)
		return nsx_failx(err, NSX_EUSAGE, "link del: expected DEV, "
				 "'type TYPE' or 'group N'");
	r->del_by = LINK_DEL_DEV;
	return copy_name(r->name, what, "link del", err);
}

static int parse_show(struct link_req *r, int argc, char **argv,
		      struct nsx_err *err)
{
	if (argc >= 1 && streq(argv[0], "dev")) {
		argc--;
		argv++;
	}
	if (argc > 1)
		return usage_fail(err, "link show: unexpected '%s'", argv[1],
				  NULL);
	if (argc == 1)
		return copy_name(r->name, argv[0], "link show", err);
	return 0;
}

static const struct option parse_options[] = {
	{ "target", required_argument, NULL, 't' },
	{ "json", no_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "details", no_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 },
};

/* -t, -j and -o, before the verb or among the words (`link show -j`):
 * getopt moves the words after the options, keeping their order. */
static int parse_opts(struct link_req *r, int argc, char **argv,
		      struct nsx_err *err)
{
	int c;

	optind = 0; /* glibc: start afresh, this may run once per batch line */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:jo:d", parse_options, NULL)) != -1) {
		switch (c) {
		case 't':
			if (copy_spec(r->target, optarg, err) < 0)
				return -EINVAL;
			break;
		case 'j':
			r->json = true;
			break;
		case 'd':
			r->details = true;
			break;
		case 'o':
			if (nsx_strlcpy(r->columns, optarg,
					sizeof(r->columns)) < 0)
				return nsx_failx(err, EINVAL, "-o: too long");
			break;
		case ':':
			return nsx_failx(err, NSX_EUSAGE, "link: option '%s' "
					 "needs a value", argv[optind - 1]);
		default:
			if (optopt)
				return nsx_failx(err, NSX_EUSAGE, "link: unknown "
						 "option '-%c'", optopt);
			return nsx_failx(err, NSX_EUSAGE, "link: unknown "
					 "option '%s'", argv[optind - 1]);
		}
	}
	return optind;
}

int link_cmd_parse(int argc, char **argv, struct link_req *r,
		   struct nsx_err *err)
{
	int first, rc;
	const char *verb;

	*r = (struct link_req){ .up = -1 };
	r->brief = net_take_brief(&argc, argv);
	first = parse_opts(r, argc, argv, err);
	if (first < 0)
		return first;
	argc -= first;
	argv += first;
	verb = "show";
	if (argc > 0) {
		verb = argv[0];
		argc--;
		argv++;
	}
	if (streq(verb, "show") || streq(verb, "list")) {
		r->verb = LINK_SHOW;
		rc = parse_show(r, argc, argv, err);
	} else if (streq(verb, "add")) {
		r->verb = LINK_ADD;
		rc = parse_add(r, argc, argv, err);
	} else if (streq(verb, "set")) {
		r->verb = LINK_SET;
		rc = parse_set(r, argc, argv, err);
	} else if (streq(verb, "del") || streq(verb, "delete")) {
		r->verb = LINK_DEL;
		rc = parse_del(r, argc, argv, err);
	} else if (net_refuse_ip_word("link", verb, err) < 0) {
		return -NSX_EUSAGE;
	} else {
		return usage_fail(err, "link: unknown command '%s'", verb,
				  verbs);
	}
	return rc;
}
