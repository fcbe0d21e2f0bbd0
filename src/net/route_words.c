/* route_words.c - ip route's words: a route to add, change or delete,
 * with its metrics and next hops */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "nsx/net/route.h"
#include "route_int.h"

const char *const route_metric_names[RTAX_MAX + 1] = {
	[RTAX_MTU] = "mtu", [RTAX_WINDOW] = "window", [RTAX_RTT] = "rtt",
	[RTAX_RTTVAR] = "rttvar", [RTAX_SSTHRESH] = "ssthresh",
	[RTAX_CWND] = "cwnd", [RTAX_ADVMSS] = "advmss",
	[RTAX_REORDERING] = "reordering", [RTAX_HOPLIMIT] = "hoplimit",
	[RTAX_INITCWND] = "initcwnd", [RTAX_FEATURES] = "features",
	[RTAX_RTO_MIN] = "rto_min", [RTAX_INITRWND] = "initrwnd",
	[RTAX_QUICKACK] = "quickack", [RTAX_CC_ALGO] = "congctl",
	[RTAX_FASTOPEN_NO_COOKIE] = "fastopen_no_cookie",
};

const char *route_words_next(struct route_words *w)
{
	if (w->i + 1 >= w->argc) {
		nsx_failx(w->err, NSX_EUSAGE, "route: '%s' needs a value",
			  w->argv[w->i]);
		return NULL;
	}
	return w->argv[++w->i];
}

int route_words_bad(struct route_words *w, const char *what)
{
	return nsx_failx(w->err, EINVAL, "%s %s: invalid value",
			 w->argv[w->i - 1], what);
}

/* ip reads an IPv4 address as up to four numbers (C's prefixes, each
 * 0..255) joined by dots, the missing ones 0: "10.1/16" is 10.1.0.0/16.
 * Writes the dotted quad (with "/LEN" kept) to out; -EINVAL if s is not
 * such an address. */
static int route_ipv4_words(const char *s, char *out, size_t size)
{
	unsigned long b[4] = { 0 };
	const char *p = s;
	char *end;

	for (int i = 0; i < 4; i++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		b[i] = strtoul(p, &end, 0);
		if (b[i] > 255)
			return -EINVAL;
		if (!*end || *end == '/')
			break;
		if (i == 3 || *end != '.')
			return -EINVAL;
		p = end + 1;
	}
	snprintf(out, size, "%lu.%lu.%lu.%lu%s", b[0], b[1], b[2], b[3], end);
	return 0;
}

/* An address of the line's family, as ip's get_addr: the first one
 * chooses the family; one of the other family is ip's error 1. */
int route_words_addr(struct route_words *w, const char *s, bool prefix,
		     int *family, struct inet_prefix *p)
{
	char quad[INET_PREFIX_STRLEN + 8];
	int r;

	if (!strchr(s, ':') && strlen(s) < 40 &&
	    route_ipv4_words(s, quad, sizeof(quad)) == 0)
		s = quad;
	r = prefix ? inet_parse_prefix(s, p, w->err)
		   : inet_parse_ip(s, p, w->err);

	/* ip's get_addr and get_prefix leave with 1 */
	if (r < 0) {
		w->err->code = EAFNOSUPPORT;
		return -EAFNOSUPPORT;
	}
	if (*family && p->family != *family)
		return nsx_failx(w->err, EAFNOSUPPORT, "route: %s: an %s "
				 "address is expected", s,
				 *family == AF_INET ? "IPv4" : "IPv6");
	*family = p->family;
	return 0;
}

/* "via [inet|inet6] ADDR": another family than the route's makes an
 * RTA_VIA (an IPv4 route through an IPv6 neighbour). */
int route_words_via(struct route_words *w, int *family,
		    struct inet_prefix *gw)
{
	const char *v = route_words_next(w);
	int fam = *family;

	if (!v)
		return -NSX_EUSAGE;
	if (streq(v, "inet") || streq(v, "inet6")) {
		fam = streq(v, "inet") ? AF_INET : AF_INET6;
		if (!(v = route_words_next(w)))
			return -NSX_EUSAGE;
	} else if (streq(v, "link") || streq(v, "mpls") || streq(v, "bridge")) {
		return nsx_failx(w->err, NSX_EUSAGE, "route: 'via %s' is ip's, "
				 "nsx does not support it", v);
	}
	if (route_words_addr(w, v, false, &fam, gw) < 0)
		return -w->err->code;
	if (!*family)
		*family = fam;
	return 0;
}

/* "rtt 10ms": milliseconds, as ip's get_time_rtt; *raw when no unit was
 * written (the value then goes to the kernel as it is). */
static int route_time(const char *s, uint32_t *ms, bool *raw)
{
	double t;
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	t = strchr(s, '.') ? strtod(s, &end) : (double)strtoul(s, &end, 0);
	if (end == s || errno == ERANGE || t < 0 || t > UINT32_MAX)
		return -EINVAL;
	*raw = !*end;
	if (!strcasecmp(end, "s") || !strcasecmp(end, "sec") ||
	    !strcasecmp(end, "secs"))
		t *= 1000;
	else if (*end && strcasecmp(end, "ms") && strcasecmp(end, "msec") &&
		 strcasecmp(end, "msecs"))
		return -EINVAL;
	if (t > UINT32_MAX)
		return -EINVAL;
	*ms = (uint32_t)t;
	if (*ms < t)
		++*ms;
	return 0;
}

static int route_metric_value(struct route_words *w, int m, const char *v,
			      struct route_req *req)
{
	unsigned long n = 0;
	uint32_t ms;
	bool raw;

	switch (m) {
	case RTAX_RTT:
	case RTAX_RTTVAR:
	case RTAX_RTO_MIN:
		if (route_time(v, &ms, &raw) < 0)
			return route_words_bad(w, v);
		/* The kernel keeps rtt in 1/8 ms, rttvar in 1/4 ms. */
		n = raw || m == RTAX_RTO_MIN ? ms :
		    m == RTAX_RTT ? ms * 8ul : ms * 4ul;
		break;
	case RTAX_CC_ALGO:
		if (nsx_strlcpy(req->congctl, v, sizeof(req->congctl)) < 0)
			return route_words_bad(w, v);
		break;
	default:
		if (route_num(v, 0, m == RTAX_HOPLIMIT ? 255 :
			      m == RTAX_QUICKACK ||
			      m == RTAX_FASTOPEN_NO_COOKIE ? 1 : UINT32_MAX,
			      &n) < 0)
			return route_words_bad(w, v);
	}
	req->metrics[m] = (uint32_t)n;
	req->metrics_mask |= 1u << m;
	return 0;
}

/* "features ecn [ecn...]": the words after it that are features. */
static int route_features(struct route_words *w, struct route_req *req)
{
	uint32_t f = 0;

	while (w->i + 1 < w->argc && streq(w->argv[w->i + 1], "ecn")) {
		f |= RTAX_FEATURE_ECN;
		w->i++;
	}
	if (!f)
		return nsx_failx(w->err, EINVAL, "features: invalid value%s%s",
				 w->i + 1 < w->argc ? " " : "",
				 w->i + 1 < w->argc ? w->argv[w->i + 1] : "");
	req->metrics[RTAX_FEATURES] = f;
	req->metrics_mask |= 1u << RTAX_FEATURES;
	return 0;
}

/* A metric word and its value ("mtu lock 1400"); 1 when w is none. */
static int route_metric(struct route_words *w, const char *word,
			struct route_req *req)
{
	const char *v;
	int m;

	for (m = 1; m <= RTAX_MAX; m++)
		if (route_metric_names[m] && streq(route_metric_names[m], word))
			break;
	if (m > RTAX_MAX)
		return 1;
	if (m == RTAX_FEATURES)
		return route_features(w, req);
	if (!(v = route_words_next(w)))
		return -NSX_EUSAGE;
	if (streq(v, "lock") && m != RTAX_RTO_MIN && m != RTAX_QUICKACK &&
	    m != RTAX_FASTOPEN_NO_COOKIE) {
		req->lock |= 1u << m;
		if (!(v = route_words_next(w)))
			return -NSX_EUSAGE;
	}
	if (m == RTAX_RTO_MIN) /* ip always locks it */
		req->lock |= 1u << m;
	return route_metric_value(w, m, v, req);
}

/* One "nexthop" group's words; stops at the next "nexthop". */
static int route_nexthop(struct route_words *w, struct route_req *req)
{
	struct route_nh_req *nh = &req->nh[req->n_nh];
	unsigned long n;
	const char *v;

	if (req->n_nh == ROUTE_NH_MAX)
		return nsx_failx(w->err, EINVAL, "nexthop: more than %d",
				 ROUTE_NH_MAX);
	if (w->i + 1 >= w->argc)
		return nsx_failx(w->err, NSX_EUSAGE, "nexthop: nothing after "
				 "it");
	req->n_nh++;
	*nh = (struct route_nh_req){ 0 };
	while (++w->i < w->argc) {
		const char *word = w->argv[w->i];

		if (streq(word, "via")) {
			if (route_words_via(w, &req->family, &nh->gw) < 0)
				return -w->err->code;
		} else if (streq(word, "dev")) {
			if (!(v = route_words_next(w)) ||
			    net_parse_dev(v, nh->dev, w->err) < 0)
				return -w->err->code;
		} else if (streq(word, "weight")) {
			if (!(v = route_words_next(w)))
				return -NSX_EUSAGE;
			if (route_num(v, 0, 256, &n) < 0 || n == 0)
				return route_words_bad(w, v);
			nh->weight = (unsigned)n;
		} else if (streq(word, "onlink")) {
			nh->onlink = true;
		} else if (streq(word, "realms") || streq(word, "realm")) {
			if (!(v = route_words_next(w)))
				return -NSX_EUSAGE;
			if (route_realms(v, &nh->realms) < 0)
				return route_words_bad(w, v);
			nh->has_realms = true;
		} else if (streq(word, "nexthop")) {
			return route_nexthop(w, req);
		} else if (streq(word, "encap") || streq(word, "as")) {
			return nsx_failx(w->err, NSX_EUSAGE, "route: '%s' is "
					 "ip's, nsx does not support it", word);
		} else {
			return nsx_failx(w->err, NSX_EUSAGE, "route: 'nexthop' "
					 "or the end of the line expected, not "
					 "'%s'", word);
		}
	}
	return 0;
}

static int route_u32(const char *v, uint32_t *out, bool *has)
{
	unsigned long n;

	if (route_num(v, 0, UINT32_MAX, &n) < 0)
		return -EINVAL;
	*out = (uint32_t)n;
	*has = true;
	return 0;
}

/* "pref low|medium|high|N": RTA_PREF's ICMPV6_ROUTER_PREF_*. */
static int route_pref(const char *v, struct route_req *req)
{
	unsigned long n;

	if (streq(v, "low"))
		n = 0x3;
	else if (streq(v, "medium"))
		n = 0x0;
	else if (streq(v, "high"))
		n = 0x1;
	else if (route_num(v, 0, 255, &n) < 0)
		return -EINVAL;
	req->pref = (uint8_t)n;
	req->has_pref = true;
	return 0;
}

/* The value of a word that takes one into the request. */
static int route_value(const char *word, const char *v,
		       struct route_req *req)
{
	if (streq(word, "tos") || streq(word, "dsfield"))
		return route_dsfield_id(v, &req->tos);
	if (streq(word, "expires"))
		return route_u32(v, &req->expires, &req->has_expires);
	if (streq(word, "metric") || streq(word, "priority") ||
	    streq(word, "preference"))
		return route_u32(v, &req->metric, &req->has_metric);
	if (streq(word, "scope")) {
		req->has_scope = true;
		return route_scope_id(v, &req->scope);
	}
	if (streq(word, "proto") || streq(word, "protocol")) {
		req->has_protocol = true;
		return route_protocol_id(v, &req->protocol);
	}
	if (streq(word, "table")) {
		req->has_table = true;
		return route_table_id(v, &req->table);
	}
	if (streq(word, "pref"))
		return route_pref(v, req);
	req->has_realms = true;
	return route_realms(v, &req->realms);
}

/* The words that take one value into the request ("proto", "table").
 * 1 when word is none of them. */
static int route_valued(struct route_words *w, const char *word,
			struct route_req *req)
{
	static const char *const words[] = {
		"tos", "dsfield", "expires", "metric", "priority",
		"preference", "scope", "proto", "protocol", "table", "pref",
		"realm", "realms", NULL };
	const char *v;
	int k = 0;

	while (words[k] && !streq(words[k], word))
		k++;
	if (!words[k])
		return 1;
	if (!(v = route_words_next(w)))
		return -NSX_EUSAGE;
	return route_value(word, v, req) < 0 ? route_words_bad(w, v) : 0;
}

/* ip's words that nsx does not take, on a route to add or delete. */
static const char *const refused[] = {
	"as", "from", "nhid", "encap", "ttl-propagate", "vrf", NULL,
};

/* The destination, with the type before it ("blackhole 10.0.0.0/8"). */
static int route_dst(struct route_words *w, const char *word,
		     struct route_req *req)
{
	if (streq(word, "to") && !(word = route_words_next(w)))
		return -NSX_EUSAGE;
	if (word[0] < '0' || word[0] > '9') {
		uint8_t type;

		if (route_type_id(word, false, &type) == 0) {
			req->type = type;
			if (!(word = route_words_next(w)))
				return -NSX_EUSAGE;
		}
	}
	if (req->has_dst) {
		static const char *const near[] = {
			"via", "dev", "src", "metric", "table", "onlink",
			"nexthop", "proto", "scope", "weight", "mtu", NULL };
		const char *n = nsx_closest(word, near);

		return nsx_failx(w->err, NSX_EUSAGE, "route: a second "
				 "destination '%s'%s%s%s", word,
				 n ? " (did you mean '" : "", n ? n : "",
				 n ? "'?)" : "");
	}
	/* ip reads "any" as an abbreviation of "anycast". */
	if (streq(word, "any"))
		return nsx_failx(w->err, NSX_EUSAGE, "route: 'any' is ip's, "
				 "nsx does not support it");
	req->has_dst = true;
	if (streq(word, "default") || streq(word, "all")) {
		req->dst_default = true;
		req->dst = (struct inet_prefix){ .has_len = true };
		return 0;
	}
	if (net_refuse_ip_word("route", word, w->err) < 0)
		return -NSX_EUSAGE;
	return route_words_addr(w, word, true, &req->family, &req->dst);
}

static int route_modify_word(struct route_words *w, struct route_req *req)
{
	const char *word = w->argv[w->i], *v;
	int r;

	for (size_t k = 0; refused[k]; k++)
		if (streq(refused[k], word))
			return nsx_failx(w->err, NSX_EUSAGE, "route: '%s' is "
					 "ip's, nsx does not support it", word);
	if (streq(word, "src")) {
		req->has_src = true;
		return !(v = route_words_next(w)) ? -NSX_EUSAGE :
			route_words_addr(w, v, false, &req->family, &req->src);
	}
	if (streq(word, "via")) {
		if (req->has_gw)
			return nsx_failx(w->err, EINVAL, "route: a second "
					 "'via' (use nexthop for several)");
		req->has_gw = true;
		return route_words_via(w, &req->family, &req->gw);
	}
	if (streq(word, "onlink")) {
		req->onlink = true;
		return 0;
	}
	if (streq(word, "dev") || streq(word, "oif"))
		return !(v = route_words_next(w)) ? -NSX_EUSAGE :
			net_parse_dev(v, req->dev, w->err);
	if (streq(word, "nexthop")) /* the rest of the line */
		return route_nexthop(w, req);
	if ((r = route_valued(w, word, req)) <= 0 ||
	    (r = route_metric(w, word, req)) <= 0)
		return r;
	return route_dst(w, word, req);
}

int route_parse_modify(int argc, char **argv, struct route_req *req,
		       struct nsx_err *err)
{
	struct route_words w = { .argc = argc, .argv = argv, .err = err };

	req->family = req->opts.family;
	for (w.i = 0; w.i < argc; w.i++)
		if (route_modify_word(&w, req) < 0)
			return -err->code;
	if (!req->has_dst)
		return nsx_failx(err, NSX_EUSAGE, "route: missing destination "
				 "('default' or a prefix)");
	if (!req->family)
		req->family = AF_INET;
	if (req->dst_default)
		req->dst.family = req->family;
	return 0;
}
