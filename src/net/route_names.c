/* route_names.c - the names ip gives route tables, protocols, scopes,
 * types, DS fields and realms: its built-in ones and those of
 * /etc/iproute2 (rt_tables, rt_tables.d/\*.conf, rt_protos, ...) */
#include <dirent.h>
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsx/net/route.h"

/* ip's files, not nsx's: both tools must agree on every name. */
#define ROUTE_NAMES_DIR "/etc/iproute2"

int route_num(const char *s, int base, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, base);
	if (end == s || *end || errno == ERANGE || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* One "ID NAME" line as ip reads it (ID decimal or 0x hex); 1 when it
 * is one, 0 for a comment or a blank, -1 for a line ip stops at. */
static int names_line(char *p, unsigned long *id, char **name)
{
	char *end;

	p += strspn(p, " \t");
	if (*p == '#' || *p == '\n' || !*p)
		return 0;
	errno = 0;
	*id = strtoul(p, &end, strncmp(p, "0x", 2) ? 10 : 16);
	if (end == p || (*end != ' ' && *end != '\t'))
		return -1;
	end += strspn(end, " \t");
	*name = end;
	end += strcspn(end, " \t\n#");
	if (end == *name)
		return -1;
	*end = '\0';
	return 1;
}

/* The lines of one kind's files, read once a run: ip's files do not
 * change while a command or a batch runs, and a listing names every
 * route. */
struct names_entry {
	unsigned long id;
	char name[64];
};

struct names_set {
	const char *base;        /* "rt_tables" */
	struct names_entry *e;
	size_t n;
};

static void names_file(const char *path, struct names_set *set)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[256], *name;
	unsigned long id;
	int r;

	while (f && fgets(line, sizeof(line), f)) {
		struct names_entry *e;

		if ((r = names_line(line, &id, &name)) < 0)
			return; /* ip stops reading a file it cannot parse */
		if (r == 0)
			continue;
		e = reallocarray(set->e, set->n + 1, sizeof(*e));
		if (!e)
			return; /* the names found so far, numbers for the rest */
		set->e = e;
		e[set->n].id = id;
		snprintf(e[set->n].name, sizeof(e->name), "%s", name);
		set->n++;
	}
}

/* base ("rt_tables"), then, with dir, base.d/\*.conf, read on first use. */
static const struct names_set *names_load(const char *base, bool dir)
{
	static struct names_set sets[8];
	struct names_set *set = NULL;
	char path[512];
	struct dirent *de;
	DIR *d;

	for (size_t i = 0; i < ARRAY_SIZE(sets) && !set; i++)
		if (!sets[i].base || streq(sets[i].base, base))
			set = &sets[i];
	if (!set || set->base)
		return set;
	set->base = base;
	snprintf(path, sizeof(path), ROUTE_NAMES_DIR "/%s", base);
	names_file(path, set);
	snprintf(path, sizeof(path), ROUTE_NAMES_DIR "/%s.d", base);
	if (!dir || !(d = opendir(path)))
		return set;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len <= 5 ||
		    !streq(de->d_name + len - 5, ".conf"))
			continue;
		snprintf(path, sizeof(path), ROUTE_NAMES_DIR "/%s.d/%s", base,
			 de->d_name);
		names_file(path, set);
	}
	closedir(d);
	return set;
}

struct builtin {
	unsigned long id;
	const char *name;
};

static const struct builtin tables[] = {
	{ RT_TABLE_DEFAULT, "default" }, { RT_TABLE_MAIN, "main" },
	{ RT_TABLE_LOCAL, "local" }, { 0, NULL },
};
static const struct builtin protocols[] = {
	{ RTPROT_UNSPEC, "unspec" }, { RTPROT_REDIRECT, "redirect" },
	{ RTPROT_KERNEL, "kernel" }, { RTPROT_BOOT, "boot" },
	{ RTPROT_STATIC, "static" }, { 8, "gated" }, { RTPROT_RA, "ra" },
	{ 10, "mrt" }, { RTPROT_ZEBRA, "zebra" }, { RTPROT_BIRD, "bird" },
	{ RTPROT_BABEL, "babel" }, { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" }, { RTPROT_DHCP, "dhcp" },
	{ RTPROT_KEEPALIVED, "keepalived" }, { RTPROT_BGP, "bgp" },
	{ RTPROT_ISIS, "isis" }, { RTPROT_OSPF, "ospf" },
	{ RTPROT_RIP, "rip" }, { RTPROT_EIGRP, "eigrp" }, { 0, NULL },
};
static const struct builtin scopes[] = {
	{ RT_SCOPE_UNIVERSE, "global" }, { RT_SCOPE_NOWHERE, "nowhere" },
	{ RT_SCOPE_HOST, "host" }, { RT_SCOPE_LINK, "link" },
	{ RT_SCOPE_SITE, "site" }, { 0, NULL },
};
static const struct builtin dsfields[] = { { 0, "0" }, { 0, NULL } };
static const struct builtin realms[] = { { 0, "cosmos" }, { 0, NULL } };
static const struct builtin types[] = {
	{ RTN_UNSPEC, "none" }, { RTN_UNICAST, "unicast" },
	{ RTN_LOCAL, "local" }, { RTN_BROADCAST, "broadcast" },
	{ RTN_BROADCAST, "brd" }, { RTN_ANYCAST, "anycast" },
	{ RTN_MULTICAST, "multicast" }, { RTN_BLACKHOLE, "blackhole" },
	{ RTN_UNREACHABLE, "unreachable" }, { RTN_PROHIBIT, "prohibit" },
	{ RTN_THROW, "throw" }, { RTN_NAT, "nat" },
	{ RTN_XRESOLVE, "xresolve" }, { 0, NULL },
};

/* The files first for a name that is also built in, as ip's tables are
 * filled from them over the built-in ones. */
static int names_find(const struct builtin *b, const char *file, bool dir,
		      const char *w, int base, unsigned long max,
		      unsigned long *id)
{
	const struct names_set *set = file ? names_load(file, dir) : NULL;

	/* The first line naming w. */
	for (size_t i = 0; set && i < set->n; i++)
		if (streq(set->e[i].name, w) && set->e[i].id <= max) {
			*id = set->e[i].id;
			return 0;
		}
	for (; b->name; b++)
		if (streq(b->name, w)) {
			*id = b->id;
			return 0;
		}
	return route_num(w, base, max, id);
}

static const char *names_of(const struct builtin *b, const char *file,
			    bool dir, unsigned long id, char *buf, size_t size)
{
	const struct names_set *set = file ? names_load(file, dir) : NULL;

	/* The last line giving id a name (read once, kept to the end). */
	for (size_t i = set ? set->n : 0; i-- > 0;)
		if (set->e[i].id == id)
			return set->e[i].name;
	for (; b->name; b++)
		if (b->id == id)
			return b->name;
	snprintf(buf, size, "%lu", id);
	return buf;
}

static int names_u8(const struct builtin *b, const char *file, bool dir,
		    const char *w, int base, uint8_t *out)
{
	unsigned long v;

	if (names_find(b, file, dir, w, base, 255, &v) < 0)
		return -EINVAL;
	*out = (uint8_t)v;
	return 0;
}

int route_table_id(const char *w, uint32_t *id)
{
	unsigned long v;

	if (names_find(tables, "rt_tables", true, w, 0, UINT32_MAX, &v) < 0)
		return -EINVAL;
	*id = (uint32_t)v;
	return 0;
}

const char *route_table_name(uint32_t table, char *buf, size_t size)
{
	return names_of(tables, "rt_tables", true, table, buf, size);
}

int route_protocol_id(const char *w, uint8_t *id)
{
	return names_u8(protocols, "rt_protos", true, w, 0, id);
}

const char *route_protocol_name(uint8_t proto, char *buf, size_t size)
{
	return names_of(protocols, "rt_protos", true, proto, buf, size);
}

int route_scope_id(const char *w, uint8_t *id)
{
	return names_u8(scopes, "rt_scopes", false, w, 0, id);
}

const char *route_scope_name(uint8_t scope, char *buf, size_t size)
{
	return names_of(scopes, "rt_scopes", false, scope, buf, size);
}

int route_dsfield_id(const char *w, uint8_t *id)
{
	return names_u8(dsfields, "rt_dsfield", false, w, 16, id);
}

const char *route_dsfield_name(uint8_t tos, char *buf, size_t size)
{
	const struct names_set *set = names_load("rt_dsfield", false);

	for (size_t i = set ? set->n : 0; i-- > 0;)
		if (set->e[i].id == tos) {
			snprintf(buf, size, "%s", set->e[i].name);
			return buf;
		}
	snprintf(buf, size, "0x%02x", tos);
	return buf;
}

int route_realm_id(const char *w, uint32_t *id)
{
	uint8_t v = 0;
	int r = names_u8(realms, "rt_realms", false, w, 0, &v);

	*id = v;
	return r;
}

const char *route_realm_name(uint32_t realm, char *buf, size_t size)
{
	return names_of(realms, "rt_realms", false, realm, buf, size);
}

/* ip's "realms [FROM/]TO". */
int route_realms(const char *w, uint32_t *realms_out)
{
	char from[64];
	const char *slash = strchr(w, '/');
	uint32_t a = 0, b = 0;

	if (slash) {
		if ((size_t)(slash - w) >= sizeof(from))
			return -EINVAL;
		memcpy(from, w, (size_t)(slash - w));
		from[slash - w] = '\0';
		if (route_realm_id(from, &a) < 0)
			return -EINVAL;
		w = slash + 1;
	}
	if (*w && route_realm_id(w, &b) < 0)
		return -EINVAL;
	*realms_out = a << 16 | b;
	return 0;
}

/* Before a prefix a type is a word, never a number (ip reads "10" as
 * the prefix); as the value of "type" a number is a type too. */
int route_type_id(const char *w, bool numbers, uint8_t *id)
{
	for (const struct builtin *b = types; b->name; b++)
		if (b->id != RTN_UNSPEC && streq(b->name, w)) {
			*id = (uint8_t)b->id;
			return 0;
		}
	unsigned long v;

	if (!numbers || route_num(w, 0, 255, &v) < 0)
		return -EINVAL;
	*id = (uint8_t)v;
	return 0;
}

const char *route_type_name(uint8_t type, char *buf, size_t size)
{
	/* "brd" reads as broadcast; ip prints "broadcast". */
	for (const struct builtin *b = types; b->name; b++)
		if (b->id == type && !streq(b->name, "brd"))
			return b->name;
	snprintf(buf, size, "%u", type);
	return buf;
}
