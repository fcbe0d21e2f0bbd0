/* addr_parse.c - the words of add, del, replace and change, as ip reads them */
#include <errno.h>
#include <limits.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/addr.h"

/* ip's address flag words: which it lets a user set, which only IPv6. */
static const struct addr_flag_word {
	const char *name;
	uint32_t flag;
	bool readonly, v6only;
} flag_words[] = {
	{ "secondary", IFA_F_SECONDARY, true, false },
	{ "temporary", IFA_F_SECONDARY, true, false },
	{ "nodad", IFA_F_NODAD, false, true },
	{ "optimistic", IFA_F_OPTIMISTIC, false, true },
	{ "dadfailed", IFA_F_DADFAILED, true, true },
	{ "home", IFA_F_HOMEADDRESS, false, true },
	{ "deprecated", IFA_F_DEPRECATED, true, true },
	{ "tentative", IFA_F_TENTATIVE, true, true },
	{ "permanent", IFA_F_PERMANENT, true, true },
	{ "mngtmpaddr", IFA_F_MANAGETEMPADDR, false, true },
	{ "noprefixroute", IFA_F_NOPREFIXROUTE, false, false },
	{ "autojoin", IFA_F_MCAUTOJOIN, false, false },
	{ "stable-privacy", IFA_F_STABLE_PRIVACY, true, true },
};

static const struct addr_flag_word *flag_word(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(flag_words); i++)
		if (streq(w, flag_words[i].name))
			return &flag_words[i];
	return NULL;
}

/* A show/flush flag selector: a flag word, "dynamic", "primary", each
 * also with a leading '-' that turns it round. */
bool addr_flag_selector(const char *w, uint32_t *flags, uint32_t *mask)
{
	bool inv = addr_flag_inverted(w);
	const struct addr_flag_word *f;

	if (streq(w, "dynamic") || streq(w, "primary")) {
		inv = !inv;
		w = streq(w, "dynamic") ? "permanent" : "secondary";
	}
	f = flag_word(w);
	if (!f)
		return false;
	if (inv)
		*flags &= ~f->flag;
	else
		*flags |= f->flag;
	*mask |= f->flag;
	return true;
}

/*
 * "-tentative" and the like are words, not options: before getopt sees
 * them, each becomes a pointer into this table (the word without its
 * '-'), which addr_flag_inverted recognises.
 */
static const char inverted[][16] = {
	"secondary", "temporary", "nodad", "optimistic", "dadfailed", "home",
	"deprecated", "tentative", "permanent", "mngtmpaddr", "noprefixroute",
	"autojoin", "stable-privacy", "dynamic", "primary",
};

void addr_protect_words(int argc, char **argv)
{
	for (int i = 1; i < argc && !streq(argv[i], "--"); i++) {
		if (argv[i][0] != '-')
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(inverted); k++)
			if (streq(argv[i] + 1, inverted[k]))
				argv[i] = (char *)inverted[k];
	}
}

bool addr_flag_inverted(const char *w)
{
	const char *first = (const char *)inverted;

	return w >= first && w < first + sizeof(inverted);
}

/* ip's get_u32: any base strtoul reads, whole, within 32 bits. */
int addr_parse_u32(const char *s, uint32_t *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (end == s || *end || (n == ULONG_MAX && errno == ERANGE) ||
	    n > UINT32_MAX)
		return -EINVAL;
	*v = (uint32_t)n;
	return 0;
}

/* The names of /etc/iproute2/rt_scopes ("NUM NAME" lines), read once. */
static struct scope_names {
	bool loaded;
	char name[256][32];
} scopes;

static void scope_names_load(void)
{
	FILE *f;
	char line[256], name[32];
	unsigned num;

	if (scopes.loaded)
		return;
	scopes.loaded = true;
	f = fopen("/etc/iproute2/rt_scopes", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t");

		if (*p == '#')
			continue;
		if ((sscanf(p, "0x%x %31s", &num, name) == 2 ||
		     sscanf(p, "%u %31s", &num, name) == 2) &&
		    num <= 255 && name[0] != '#')
			memcpy(scopes.name[num], name, sizeof(name));
	}
	fclose(f);
}

const char *addr_scope_file_name(uint8_t scope)
{
	scope_names_load();
	return scopes.name[scope][0] ? scopes.name[scope] : NULL;
}

static int scope_from_file(const char *word, uint8_t *scope)
{
	scope_names_load();
	for (unsigned i = 0; i < 256; i++)
		if (streq(scopes.name[i], word)) {
			*scope = (uint8_t)i;
			return 0;
		}
	return -ENOENT;
}

int addr_scope_parse(const char *word, uint8_t *scope)
{
	static const struct { const char *name; uint8_t v; } names[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
		{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST },
		{ "nowhere", RT_SCOPE_NOWHERE },
	};
	uint32_t n;

	if (scope_from_file(word, scope) == 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (streq(word, names[i].name)) {
			*scope = names[i].v;
			return 0;
		}
	if (addr_parse_u32(word, &n) < 0 || n > 255)
		return -EINVAL;
	*scope = (uint8_t)n;
	return 0;
}

/* An address of the request's family so far (ip's get_prefix/get_addr:
 * a wrong one is its own check, status 1); it fixes the family. */
int addr_parse_inet(const char *w, bool prefix, struct addr_req *req,
		    struct inet_prefix *p, struct nsx_err *err)
{
	int r = prefix ? inet_parse_prefix(w, p, err) : inet_parse_ip(w, p, err);
	const char *fam = req->family == AF_INET ? "4" : "6";

	if (r < 0) {
		err->code = EAFNOSUPPORT;
		return -EAFNOSUPPORT;
	}
	if (req->family && p->family != req->family && req->family_opt)
		return nsx_failx(err, EAFNOSUPPORT, "addr %s: -%s given for an "
				 "IPv%s address", req->verb, fam,
				 *fam == '4' ? "6" : "4");
	if (req->family && p->family != req->family)
		return nsx_failx(err, EAFNOSUPPORT, "addr %s: %s: not an IPv%s "
				 "address, as the one before", req->verb, w, fam);
	if (!req->family)
		req->family = p->family;
	return 0;
}

int addr_need_value(int argc, int i, const char *w, struct nsx_err *err)
{
	if (i + 1 >= argc && streq(w, "dev"))
		return net_parse_dev(NULL, NULL, err);
	if (i + 1 >= argc)
		return nsx_failx(err, NSX_EUSAGE, "addr: %s: missing value", w);
	return 0;
}

static int dup_word(const char *w, struct nsx_err *err)
{
	return nsx_failx(err, NSX_EUSAGE, "addr: '%s' given twice", w);
}

static int parse_lft(const char *w, const char *v, uint32_t *lft,
		     bool *seen, struct nsx_err *err)
{
	if (*seen)
		return dup_word(w, err);
	*seen = true;
	if (streq(v, "forever")) {
		*lft = UINT32_MAX;
		return 0;
	}
	if (addr_parse_u32(v, lft) < 0)
		return nsx_failx(err, NSX_EUSAGE, "addr: %s '%s': not a number "
				 "of seconds or forever", w, v);
	return 0;
}

static int parse_flag(const struct addr_flag_word *f, struct addr_req *req)
{
	if (f->readonly)
		snprintf(req->warn, sizeof(req->warn), "addr: %s is set by the "
			 "kernel only, ignored", f->name);
	else if (f->v6only && req->family != AF_INET6)
		snprintf(req->warn, sizeof(req->warn), "addr: %s is for IPv6 "
			 "addresses only, ignored", f->name);
	else
		req->flags |= f->flag;
	return 0;
}

static int parse_value(const char *w, const char *v, struct addr_req *req,
		       bool seen[3], struct nsx_err *err);

/* One word (and its value) at argv[*i]; the states ip keeps in order. */
static int parse_word(int argc, char **argv, int *i, struct addr_req *req,
		      bool seen[3], struct nsx_err *err)
{
	const char *w = argv[*i];
	const struct addr_flag_word *f = addr_flag_inverted(w) ? NULL
							   : flag_word(w);
	bool value = streq(w, "peer") || streq(w, "remote") ||
		     streq(w, "brd") || streq(w, "broadcast") ||
		     streq(w, "scope") || streq(w, "dev") ||
		     streq(w, "label") || streq(w, "metric") ||
		     streq(w, "priority") || streq(w, "preference") ||
		     streq(w, "valid_lft") || streq(w, "preferred_lft") ||
		     streq(w, "local");
	const char *v;

	if (f)
		return parse_flag(f, req);
	if (streq(w, "anycast") && net_refuse_ip_word("addr", w, err) < 0)
		return -NSX_EUSAGE;
	if (!value) /* a bare word is the local address, as in ip */
		v = w, w = "local";
	else if (addr_need_value(argc, *i, w, err) < 0)
		return -NSX_EUSAGE;
	else
		v = argv[++*i];
	return parse_value(w, v, req, seen, err);
}

/* A word w that takes a value v. */
static int parse_value(const char *w, const char *v, struct addr_req *req,
		       bool seen[3], struct nsx_err *err)
{
	if (streq(w, "peer") || streq(w, "remote")) {
		if (req->peer.family)
			return dup_word("peer", err);
		return addr_parse_inet(v, true, req, &req->peer, err);
	}
	if (streq(w, "brd") || streq(w, "broadcast")) {
		if (req->brd_mode)
			return dup_word("broadcast", err);
		req->brd_mode = streq(v, "+") ? ADDR_BRD_PLUS :
				streq(v, "-") ? ADDR_BRD_MINUS : ADDR_BRD_ADDR;
		return req->brd_mode != ADDR_BRD_ADDR ? 0 :
		       addr_parse_inet(v, false, req, &req->brd, err);
	}
	if (streq(w, "scope")) {
		req->scoped = true;
		if (addr_scope_parse(v, &req->scope) < 0)
			return nsx_failx(err, NSX_EUSAGE, "addr: scope '%s': "
					 "not a scope name or 0..255", v);
		return 0;
	}
	if (streq(w, "dev")) /* the last one counts, as in ip */
		return net_parse_dev(v, req->dev, err);
	if (streq(w, "label")) {
		/* Cut, a label this long is still one the kernel refuses. */
		snprintf(req->label, sizeof(req->label), "%s", v);
		return 0;
	}
	if (streq(w, "valid_lft"))
		return parse_lft(w, v, &req->valid_lft, &seen[0], err);
	if (streq(w, "preferred_lft"))
		return parse_lft(w, v, &req->preferred_lft, &seen[1], err);
	if (!streq(w, "local")) { /* metric, priority, preference */
		req->has_metric = true;
		if (addr_parse_u32(v, &req->metric) < 0)
			return nsx_failx(err, NSX_EUSAGE, "addr: %s '%s': not "
					 "a number", w, v);
		return 0;
	}
	if (seen[2])
		return nsx_failx(err, NSX_EUSAGE, "addr %s: unexpected '%s' (a "
				 "second address?)", req->verb, v);
	seen[2] = true;
	return addr_parse_inet(v, true, req, &req->local, err);
}

/* The words of add, del, replace and change: ip's grammar, in its order. */
int addr_parse_change(int argc, char **argv, struct addr_req *req,
		      struct nsx_err *err)
{
	bool seen[3] = { false, false, false }; /* valid, preferred, local */

	req->valid_lft = req->preferred_lft = UINT32_MAX;
	for (int i = 0; i < argc; i++)
		if (parse_word(argc, argv, &i, req, seen, err) < 0)
			return -err->code;
	req->has_lft = seen[0] || seen[1];
	req->nodad = req->flags & IFA_F_NODAD;
	return 0;
}
