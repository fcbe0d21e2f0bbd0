/* link_select.c - which links `link show` lists (its selectors), and the
 * words of `link property` */
#include <errno.h>

#include "link_int.h"

static int show_group(struct link_req *r, const char *v, struct nsx_err *err)
{
	unsigned long long g;
	char *end;

	r->show_has_group = true;
	if (streq(v, "default")) {
		r->group = 0;
		return 0;
	}
	errno = 0;
	g = strtoull(v, &end, 0);
	if (!v[0] || v[0] == '-' || *end || errno || g > UINT32_MAX)
		return nsx_failx(err, EINVAL, "group '%s': not a group "
				 "(a number or default)", v);
	r->group = (uint32_t)g;
	return 0;
}

/* One selector with its value at argv[0..1]. */
static int show_valued(struct link_req *r, const char *w, const char *v,
		       struct nsx_err *err)
{
	if (streq(w, "group"))
		return show_group(r, v, err);
	if (streq(w, "type")) {
		if (nsx_strlcpy(r->show_kind, v, sizeof(r->show_kind)) < 0)
			return nsx_failx(err, EINVAL, "type '%.32s': not a "
					 "link type", v);
		return 0;
	}
	if (streq(w, "master"))
		return link_check_name(v, "master", err) < 0 ? -EINVAL
		       : nsx_strlcpy(r->show_master, v, IFNAMSIZ);
	/* dev */
	if (r->name[0])
		return nsx_failx(err, NSX_EUSAGE, "link show: either \"dev\" "
				 "is duplicate, or \"%s\" is garbage", v);
	/* No link can have such a name: ip's "Cannot find device". */
	if (link_check_name(v, "link show", err) < 0) {
		err->code = ENODEV;
		return -ENODEV;
	}
	return nsx_strlcpy(r->name, v, IFNAMSIZ);
}

int link_parse_show(struct link_req *r, int argc, char **argv,
		    struct nsx_err *err)
{
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		int rc;

		if (streq(w, "up")) {
			r->show_up = true;
			continue;
		}
		if (streq(w, "nomaster")) {
			r->show_nomaster = true;
			continue;
		}
		if (streq(w, "type") || streq(w, "master") ||
		    streq(w, "group") || streq(w, "dev")) {
			if (i + 1 >= argc)
				return nsx_failx(err, NSX_EUSAGE, "'%s' needs "
						 "a value", w);
			rc = show_valued(r, w, argv[++i], err);
		} else if (streq(w, "vrf")) {
			return nsx_failx(err, NSX_EUSAGE, "link: '%s' is ip's, "
					 "nsx does not support it", w);
		} else {
			rc = show_valued(r, "dev", w, err);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Does li's kind match "T" or, for "T_slave", its port kind? */
static bool show_kind_match(const char *want, const struct link_info *li)
{
	size_t n = strlen(want), s = strlen("_slave");

	if (n > s && streq(want + n - s, "_slave"))
		return strlen(li->slave_kind) == n - s &&
		       strncmp(li->slave_kind, want, n - s) == 0;
	return streq(li->kind, want);
}

static bool show_wanted(const struct link_req *r, const struct link_info *li,
			int master)
{
	if (r->name[0] && !link_has_name(li, r->name))
		return false;
	if (r->show_kind[0] && !show_kind_match(r->show_kind, li))
		return false;
	if (r->show_master[0] && li->master != master)
		return false;
	if (r->show_nomaster && li->master)
		return false;
	if (r->show_up && !(li->flags & IFF_UP))
		return false;
	return !r->show_has_group || li->group == r->group;
}

int link_show_filter(const struct nl *nl, const struct link_req *r,
		     struct link_info *v, size_t n, struct nsx_err *err)
{
	bool self = streq(nl->label, "self");
	int master = 0;
	bool found = !r->name[0];

	for (size_t i = 0; i < n; i++) {
		if (r->show_master[0] && !master &&
		    link_has_name(&v[i], r->show_master))
			master = v[i].ifindex;
		found |= r->name[0] && link_has_name(&v[i], r->name);
	}
	if (!found)
		return nsx_failx(err, ENODEV, "link show %s: no such device%s%s",
				 r->name, self ? "" : " in ",
				 self ? "" : nl->label);
	/* ip reads master's name into an index while it reads the line. */
	if (r->show_master[0] && !master)
		return nsx_failx(err, EINVAL, "master %s: device does not "
				 "exist", r->show_master);
	for (size_t i = 0; i < n; i++)
		v[i].hidden = !show_wanted(r, &v[i], master);
	return 0;
}

/* property add|del dev DEV [altname NAME...]: the names one after
 * another in r->altname, each ending in NUL. */
static int prop_altname(struct link_req *r, const char *v, struct nsx_err *err)
{
	size_t n = strlen(v) + 1;

	if (n == 1 || r->altname_len + n > sizeof(r->altname))
		return nsx_failx(err, EINVAL, "altname '%.32s': %s", v,
				 n == 1 ? "empty" : "too long");
	memcpy(r->altname + r->altname_len, v, n);
	r->altname_len += n;
	return 0;
}

int link_parse_prop(struct link_req *r, int argc, char **argv,
		    struct nsx_err *err)
{
	int rc = 0;

	if (argc < 1 || (!streq(argv[0], "add") && !streq(argv[0], "del")))
		return nsx_failx(err, NSX_EUSAGE, "link property: expected add "
				 "or del");
	r->prop_del = streq(argv[0], "del");
	for (int i = 1; i < argc && rc == 0; i += 2) {
		if (i + 1 >= argc)
			return nsx_failx(err, NSX_EUSAGE, "link property: "
					 "'%s' needs a value", argv[i]);
		if (streq(argv[i], "dev") && !r->name[0]) {
			if (link_check_name(argv[i + 1], "dev", err) < 0) {
				err->code = ENODEV;
				return -ENODEV;
			}
			nsx_strlcpy(r->name, argv[i + 1], sizeof(r->name));
		} else if (streq(argv[i], "altname")) {
			rc = prop_altname(r, argv[i + 1], err);
		} else {
			return nsx_failx(err, NSX_EUSAGE, "link property: "
					 "unexpected '%s'", argv[i]);
		}
	}
	if (rc == 0 && !r->name[0])
		return nsx_failx(err, NSX_EUSAGE, "link property %s: \"dev\" "
				 "is required", argv[0]);
	return rc;
}
