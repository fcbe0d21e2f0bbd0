/* link_parse.c - `link` command words -> struct link_req, checked whole */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_link.h>

#include "nsx/net/words.h"
#include "link_int.h"

static const char *const verbs[] = { "show", "list", "add", "set", "del",
				     "delete", "property", NULL };
static const char *const kinds[] = { "veth", "bridge", "dummy", "ifb",
				     "vlan", "vxlan", "macvlan", "macvtap",
				     "ipvlan", NULL };

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
	if (r->verb == LINK_SET && streq(v, "bridge_slave")) {
		r->slave = true;
		return nsx_strlcpy(r->kind, "bridge", sizeof(r->kind));
	}
	for (const char *const *k = kinds; *k; k++)
		if (streq(*k, v))
			return nsx_strlcpy(r->kind, v, sizeof(r->kind));
	usage_fail(err, "unknown type '%s'", v, kinds);
	err->code = EINVAL; /* a bad value, not a bad command line */
	return -EINVAL;
}

/* "peer": the words after it are the veth peer's (peer_word). */
static int take_peer(struct link_req *r, const char *v, struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->has_peer = true;
	return 0;
}

/* add: the peer's TARGET (nsx's word, after peer or not); set: move. */
static int take_target(struct link_req *r, const char *v, struct nsx_err *err)
{
	return copy_spec(r->verb == LINK_ADD ? r->peer_target : r->move_target,
			 v, err);
}

/* ip's netns NS: in add, where the link itself is made. */
static int take_netns(struct link_req *r, const char *v, struct nsx_err *err)
{
	r->netns_words |= r->verb == LINK_ADD ? 0 : 2;
	return copy_spec(r->verb == LINK_ADD ? r->name_target : r->move_target,
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

/* After type vxlan, group is the multicast group; before, the link's. */
static int take_group_or(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	const struct word *w = link_common_words;

	if (streq(r->kind, "vxlan"))
		return take_remote(r, v, err);
	while (!streq(w->name, "group"))
		w++;
	return w->take(r, v, err);
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

/* Any mtu the kernel could take: it alone knows the device's range. */
static int link_word_mtu(const char *v, uint32_t *mtu, struct nsx_err *err)
{
	unsigned long m;
	char *end;

	errno = 0;
	m = strtoul(v, &end, 0);
	if (!v[0] || v[0] == '-' || *end || errno || m == 0 || m > INT32_MAX)
		return nsx_failx(err, EINVAL, "mtu '%s': not a number", v);
	*mtu = (uint32_t)m;
	return 0;
}

static int take_mtu(struct link_req *r, const char *v, struct nsx_err *err)
{
	return link_word_mtu(v, &r->mtu, err);
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
	return link_word_mtu(v, &r->peer_mtu, err);
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

static int take_nomaster(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	(void)v;
	(void)err;
	r->nomaster = true;
	return 0;
}

static const struct word add_words[] = {
	{ "type", false, take_type },     { "peer", true, take_peer },
	{ "target", false, take_target }, { "netns", false, take_netns },
	{ "link", false, take_lower },    { "id", false, take_id },
	{ "vni", false, take_id },        { "remote", false, take_remote },
	{ "group", false, take_group_or }, { "local", false, take_local },
	{ "dstport", false, take_dstport }, { "mtu", false, take_mtu },
	{ "address", false, take_mac },   { "master", false, take_master },
	{ NULL, false, NULL },
};

static const struct word set_words[] = {
	{ "mtu", false, take_mtu },       { "name", false, take_name },
	{ "address", false, take_mac },   { "master", false, take_master },
	{ "nomaster", true, take_nomaster }, { "target", false, take_target },
	{ "netns", false, take_netns },   { "type", false, take_type },
	{ NULL, false, NULL },
};

static const struct word *find_word(const struct word *tab, const char *w)
{
	for (; tab->name; tab++)
		if (streq(tab->name, w))
			return tab;
	return NULL;
}

/* add's NAME: a bare word, "name NAME" or "dev NAME", once. */
static int take_add_name(struct link_req *r, const char *v,
			 struct nsx_err *err)
{
	if (r->name[0])
		return nsx_failx(err, NSX_EUSAGE, "link add: both \"name\" and "
				 "\"dev\" cannot be used when creating "
				 "devices");
	return copy_name(r->name, v, "link add", err);
}

/* A word after "peer": the veth peer's name, mtu, address, netns. */
static int peer_word(struct link_req *r, int argc, char **argv,
		     struct nsx_err *err)
{
	const char *w = argv[0];
	int rc;

	if (streq(w, "name") || streq(w, "dev") || streq(w, "mtu") ||
	    streq(w, "address") || streq(w, "netns") || streq(w, "target")) {
		if (argc < 2)
			return nsx_failx(err, NSX_EUSAGE, "'%s' needs a value",
					 w);
		rc = streq(w, "mtu") ? take_peer_mtu(r, argv[1], err)
		     : streq(w, "address") ? take_peer_mac(r, argv[1], err)
		     : streq(w, "netns") || streq(w, "target")
		     ? (r->netns_words |= streq(w, "netns"),
			copy_spec(r->peer_target, argv[1], err))
		     : r->peer[0] ? nsx_failx(err, NSX_EUSAGE, "peer: both "
					      "\"name\" and \"dev\" given")
		     : copy_name(r->peer, argv[1], "peer", err);
		return rc < 0 ? rc : 2;
	}
	if (find_word(add_words, w) || find_word(link_common_words, w) ||
	    net_refuse_ip_word("link", w, err) < 0)
		return nsx_failx(err, NSX_EUSAGE, "link: '%s' for a veth peer "
				 "is ip's, nsx does not support it", w);
	if (r->peer[0])
		return nsx_failx(err, NSX_EUSAGE, "peer: unexpected '%s'", w);
	rc = copy_name(r->peer, w, "peer", err);
	return rc < 0 ? rc : 1;
}

/* "unknown word", with the nearest word of tab or the common ones. */
static int unknown_word(const char *a, const struct word *tab,
			struct nsx_err *err)
{
	const char *names[64];
	size_t n = 0;

	for (const struct word *w = tab; w->name && n + 1 < ARRAY_SIZE(names); w++)
		names[n++] = w->name;
	for (const struct word *w = link_common_words;
	     w->name && n + 1 < ARRAY_SIZE(names); w++)
		names[n++] = w->name;
	names[n] = NULL;
	return usage_fail(err, "unknown word '%s'", a, names);
}

/* One word at argv[0] (not after peer): how many words it took. */
static int one_word(struct link_req *r, int argc, char **argv,
		    const struct word *tab, struct nsx_err *err)
{
	const char *a = argv[0];
	bool vx = streq(r->kind, "vxlan");
	const struct word *w;
	int rc;

	if (r->verb == LINK_ADD && (streq(a, "name") || (streq(a, "dev") && !vx))) {
		if (argc < 2)
			return nsx_failx(err, NSX_EUSAGE, "'%s' needs a value", a);
		rc = take_add_name(r, argv[1], err);
		return rc < 0 ? rc : 2;
	}
	w = streq(a, "dev") && vx ? find_word(tab, "link") : find_word(tab, a);
	if (!w)
		w = find_word(link_common_words, a);
	if (!w && r->verb == LINK_ADD && !r->kind[0] &&
	    net_refuse_ip_word("link", a, err) == 0) {
		rc = take_add_name(r, a, err);
		return rc < 0 ? rc : 1;
	}
	if (!w && net_refuse_ip_word("link", a, err) < 0)
		return -NSX_EUSAGE;
	if (!w)
		return unknown_word(a, tab, err);
	if (!w->flag && argc < 2)
		return nsx_failx(err, NSX_EUSAGE, "'%s' needs a value", w->name);
	rc = w->take(r, w->flag ? NULL : argv[1], err);
	return rc < 0 ? rc : w->flag ? 1 : 2;
}

/* After "type K", ip hands the rest of the line to K's own parser:
 * a word it does not know ends the line (status 1). vxlan's id, remote,
 * local, dstport, dev and group, and the lower link of macvlan, macvtap
 * and ipvlan (nsx also reads "link DEV" there) pass. */
static int kind_strict(const struct link_req *r, const char *w,
		       struct nsx_err *err)
{
	static const char *const strict[] = { "bridge", "vxlan", "macvlan",
					      "macvtap", "ipvlan", NULL };
	static const char *const vx[] = { "id", "vni", "remote", "group",
					  "local", "dstport", "dev", NULL };
	const char *const *k = strict;

	while (*k && !streq(*k, r->kind))
		k++;
	if (!*k)
		return 0;
	if (streq(r->kind, "vxlan"))
		for (k = vx; *k; k++)
			if (streq(*k, w))
				return 0;
	if (!streq(r->kind, "vxlan") && !streq(r->kind, "bridge") &&
	    streq(w, "link"))
		return 0;
	return nsx_failx(err, LINK_ECHECK, "%s: unknown command \"%s\"",
			 r->slave ? "bridge_slave" : r->kind, w);
}

static int parse_words(struct link_req *r, int argc, char **argv,
		       const struct word *tab, struct nsx_err *err)
{
	bool in_peer = false;

	for (int i = 0; i < argc;) {
		int n = 0;

		/* A type's own words come first: vxlan's group, bridge's
		 * priority are not the link's group or a port's. */
		if (r->kind[0] && !in_peer)
			n = link_kind_word(r, argc - i, argv + i, err);
		if (n == 0 && r->kind[0] && !in_peer)
			n = kind_strict(r, argv[i], err);
		if (n == 0 && in_peer)
			n = peer_word(r, argc - i, argv + i, err);
		else if (n == 0)
			n = one_word(r, argc - i, argv + i, tab, err);
		if (n < 0)
			return n;
		in_peer |= streq(argv[i], "peer") && !in_peer;
		i += n;
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
	bool vxlan = streq(r->kind, "vxlan");
	bool mv = link_kind_macvlan(r->kind) || streq(r->kind, "ipvlan");

	if (!r->kind[0])
		return nsx_failx(err, NSX_EUSAGE, "link add %s: 'type' is "
				 "missing", r->name);
	if (!veth && (r->has_peer || r->peer_target[0]))
		return bad_for_kind(r, r->has_peer ? "peer" : "target", err);
	if (!vlan && !mv && !vxlan && r->lower[0])
		return bad_for_kind(r, "link", err);
	if (!vlan && !vxlan && r->has_id)
		return bad_for_kind(r, "id", err);
	if (!vxlan && (r->has_remote || r->has_local || r->has_dstport))
		return bad_for_kind(r, r->has_remote ? "remote" :
				    r->has_local ? "local" : "dstport", err);
	if ((vlan || mv) && !r->lower[0])
		return nsx_failx(err, NSX_EUSAGE, "link add %s: type %s needs "
				 "'link DEV'", r->name, r->kind);
	if (vlan && (r->id < 1 || r->id > 4094))
		return nsx_failx(err, EINVAL, "link add %s: vlan id must be "
				 "1-4094", r->name);
	if (vxlan && r->id > 0xffffff)
		return nsx_failx(err, EINVAL, "link add %s: vxlan id must be "
				 "0-16777215", r->name);
	return link_kind_check(r, err);
}

static int parse_add(struct link_req *r, int argc, char **argv,
		     struct nsx_err *err)
{
	int rc = parse_words(r, argc, argv, add_words, err);

	return rc < 0 ? rc : check_add(r, err);
}

static bool set_changes(const struct link_req *r)
{
	return r->up >= 0 || r->mtu || r->has_mac || r->newname[0] ||
	       r->master[0] || r->nomaster || r->move_target[0] ||
	       r->ifi_change || r->has_txqlen || r->has_alias ||
	       r->has_group || r->num_tx || r->num_rx || r->kind[0];
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
	if (!set_changes(r))
		return nsx_failx(err, NSX_EUSAGE, "link set %s: nothing to "
				 "change", r->name);
	return link_kind_check(r, err);
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
		rc = link_parse_show(r, argc, argv, err);
	} else if (streq(verb, "add")) {
		r->verb = LINK_ADD;
		rc = parse_add(r, argc, argv, err);
	} else if (streq(verb, "set")) {
		r->verb = LINK_SET;
		rc = parse_set(r, argc, argv, err);
	} else if (streq(verb, "del") || streq(verb, "delete")) {
		r->verb = LINK_DEL;
		rc = parse_del(r, argc, argv, err);
	} else if (streq(verb, "property")) {
		r->verb = LINK_PROP;
		rc = link_parse_prop(r, argc, argv, err);
	} else if (net_refuse_ip_word("link", verb, err) < 0) {
		return -NSX_EUSAGE;
	} else {
		return usage_fail(err, "link: unknown command '%s'", verb,
				  verbs);
	}
	return rc;
}
