/* fw.c - iptables rules as iptables-save prints them, run as the caller
 * inside the namespace, and what a chain does to one flow. A rule with a
 * match nsx does not know (conntrack state, marks, sets) is taken not to
 * match a new flow's first packet. */
#include <errno.h>
#include <netinet/in.h>

#include "nsx/engine/tool.h"
#include "nsx/lib/ns.h"
#include "reach_int.h"

#define FW_DEPTH 8
#define FW_WORDS 64

struct fw_rule {
	char table[16], chain[32];
	char text[REACH_TEXT];    /* "CHAIN -s ... -j DROP" */
	char in[IFNAMSIZ + 1], out[IFNAMSIZ + 1];
	bool in_not, out_not, s_not, d_not, p_not, unknown;
	/* -m conntrack --ctstate / -m state --state: 1 when the list has
	 * NEW (a flow's first packet), -1 when it has not, 0 no match */
	int new_state;
	char phys_in[IFNAMSIZ + 1], phys_out[IFNAMSIZ + 1]; /* -m physdev */
	bool phys_bridged, phys_in_not, phys_out_not;
	struct inet_prefix s, d;
	int proto;                /* 0: any */
	unsigned dlo, dhi;        /* --dport; 0: any */
	char target[32];
};

struct fw_chain {
	char table[16], name[32], policy[16];
};

struct fw {
	struct fw_rule *r;
	size_t n, cap;
	struct fw_chain ch[128];
	size_t nch;
	char table[16];
};

void fw_free(struct fw *fw)
{
	if (fw)
		free(fw->r);
	free(fw);
}

/* Split a line into words, "quoted strings" as one. */
static int fw_words(char *s, char **w)
{
	int n = 0;

	while (*s && n < FW_WORDS) {
		s += strspn(s, " \t");
		if (!*s)
			break;
		if (*s == '"') {
			w[n++] = ++s;
			s += strcspn(s, "\"");
		} else {
			w[n++] = s;
			s += strcspn(s, " \t");
		}
		if (*s)
			*s++ = '\0';
	}
	return n;
}

static int fw_proto(const char *p)
{
	if (streq(p, "tcp") || streq(p, "6"))
		return IPPROTO_TCP;
	if (streq(p, "udp") || streq(p, "17"))
		return IPPROTO_UDP;
	if (streq(p, "icmp") || streq(p, "1"))
		return IPPROTO_ICMP;
	if (streq(p, "ipv6-icmp") || streq(p, "icmpv6") || streq(p, "58"))
		return IPPROTO_ICMPV6;
	if (streq(p, "all") || streq(p, "0"))
		return 0;
	return -1;
}

/* One option of a rule (w[k] and its value); returns the words used. */
static int fw_opt(struct fw_rule *r, char **w, int k, int n, bool neg)
{
	const char *o = w[k], *v = k + 1 < n ? w[k + 1] : "";
	struct nsx_err err = { 0 };

	if (streq(o, "-i") || streq(o, "-o")) {
		snprintf(o[1] == 'i' ? r->in : r->out, sizeof(r->in), "%s", v);
		*(o[1] == 'i' ? &r->in_not : &r->out_not) = neg;
	} else if (streq(o, "-s") || streq(o, "-d")) {
		if (inet_parse_prefix(v, o[1] == 's' ? &r->s : &r->d, &err))
			r->unknown = true;
		*(o[1] == 's' ? &r->s_not : &r->d_not) = neg;
	} else if (streq(o, "-p")) {
		r->proto = fw_proto(v);
		r->p_not = neg;
		r->unknown |= r->proto < 0;
	} else if (streq(o, "-m")) {
		r->unknown |= !(streq(v, "tcp") || streq(v, "udp") ||
				streq(v, "icmp") || streq(v, "comment") ||
				streq(v, "icmp6") || streq(v, "conntrack") ||
				streq(v, "state") || streq(v, "physdev"));
	} else if (streq(o, "--ctstate") || streq(o, "--state")) {
		bool has_new = strstr(v, "NEW") != NULL;

		r->new_state = has_new != neg ? 1 : -1;
	} else if (streq(o, "--physdev-is-bridged")) {
		r->phys_bridged = true;
		r->unknown |= neg;
		return 1;
	} else if (streq(o, "--physdev-in") || streq(o, "--physdev-out")) {
		bool in = streq(o, "--physdev-in");

		snprintf(in ? r->phys_in : r->phys_out, sizeof(r->phys_in),
			 "%s", v);
		*(in ? &r->phys_in_not : &r->phys_out_not) = neg;
	} else if (streq(o, "--dport")) {
		char *end;

		r->dlo = r->dhi = (unsigned)strtoul(v, &end, 10);
		if (*end == ':')
			r->dhi = (unsigned)strtoul(end + 1, NULL, 10);
		r->unknown |= neg;
	} else if (streq(o, "--comment")) {
	} else if (streq(o, "-j") || streq(o, "-g")) {
		snprintf(r->target, sizeof(r->target), "%s", v);
		return n - k; /* the target's own options follow */
	} else {
		r->unknown = true;
		return v[0] == '-' || !v[0] ? 1 : 2;
	}
	return 2;
}

static void fw_rule_add(struct fw *fw, char *line)
{
	char *w[FW_WORDS], text[REACH_TEXT];
	struct fw_rule *r;
	int n;

	snprintf(text, sizeof(text), "%s", line + 3);
	if (fw->n == fw->cap) {
		size_t cap = fw->cap ? fw->cap * 2 : 64;
		struct fw_rule *g = realloc(fw->r, cap * sizeof(*g));

		if (!g)
			return;
		fw->r = g, fw->cap = cap;
	}
	n = fw_words(line + 3, w);
	if (n < 1)
		return;
	r = &fw->r[fw->n++];
	*r = (struct fw_rule){ 0 };
	snprintf(r->table, sizeof(r->table), "%s", fw->table);
	snprintf(r->chain, sizeof(r->chain), "%s", w[0]);
	snprintf(r->text, sizeof(r->text), "%s", text);
	for (int k = 1; k < n;) {
		bool neg = streq(w[k], "!");

		if (neg && ++k >= n)
			break;
		k += fw_opt(r, w, k, n, neg);
	}
}

static void fw_parse(struct fw *fw, char *out)
{
	char *save = NULL;

	for (char *l = strtok_r(out, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (l[0] == '*') {
			snprintf(fw->table, sizeof(fw->table), "%s", l + 1);
		} else if (l[0] == ':' && fw->nch < ARRAY_SIZE(fw->ch)) {
			struct fw_chain *ch = &fw->ch[fw->nch++];

			snprintf(ch->table, sizeof(ch->table), "%s", fw->table);
			if (sscanf(l + 1, "%31s %15s", ch->name, ch->policy) != 2)
				fw->nch--;
		} else if (!strncmp(l, "-A ", 3)) {
			fw_rule_add(fw, l);
		}
	}
}

struct fw_start {
	struct tool_job *job;
	const char *path;
};

static int fw_start_fn(void *data, struct nsx_err *err)
{
	struct fw_start *s = data;
	char *argv[] = { (char *)s->path, NULL };

	return tool_start(s->job, s->path, argv, err);
}

/* iptables-save of ns i, run there as the caller. */
static struct fw *fw_load(struct rctx *c, int i)
{
	const char *tool = c->dst.family == AF_INET6 ? "ip6tables-save" :
						       "iptables-save";
	struct tool_job job, *jobs[1] = { &job };
	struct fw_start s = { &job, NULL };
	struct nsx_err err = { 0 };
	char path[PATH_MAX];
	long long deadline;
	struct fw *fw;
	int r;

	if (c->req->confined) {
		rnote(c, "firewall rules not read: %s needs root", tool);
		return NULL;
	}
	if (!rns_allowed(c, i))
		return NULL;
	if (tool_find(tool, path, sizeof(path)) < 0) {
		rnote(c, "firewall rules not read: no %s", tool);
		return NULL;
	}
	s.path = path;
	tool_init(&job);
	deadline = tool_now_ms() + 5000;
	r = c->ns[i].self ? fw_start_fn(&s, &err) :
			    ns_visit(c->ns[i].fd, NS_NET, fw_start_fn, &s, &err);

	while (r == 0 && !job.done)
		r = tool_wait_any(jobs, 1, deadline, &err);
	fw = r == 0 && tool_succeeded(&job) ? calloc(1, sizeof(*fw)) : NULL;
	if (fw && job.out)
		fw_parse(fw, job.out);
	else if (!fw)
		rnote(c, "firewall rules of %s not read: %s", c->ns[i].label,
		      r < 0 ? err.msg : tool_err_line(&job));
	tool_release(&job);
	return fw;
}

static bool fw_if(const char *pat, bool neg, const char *name)
{
	size_t len = strlen(pat);
	bool m;

	if (!pat[0])
		return true;
	if (!name)
		return neg;
	m = len && pat[len - 1] == '+' ? !strncmp(pat, name, len - 1) :
					 streq(pat, name);
	return m != neg;
}

static bool fw_match(const struct fw_rule *r, const struct rflow *f)
{
	static const int protos[] = { [REACH_TCP] = IPPROTO_TCP,
				      [REACH_UDP] = IPPROTO_UDP };
	int p = f->proto == REACH_ICMP ? (f->dst->family == AF_INET6 ?
					 IPPROTO_ICMPV6 : IPPROTO_ICMP) :
					 protos[f->proto];

	if (r->unknown || r->new_state < 0 ||
	    !fw_if(r->in, r->in_not, f->in) ||
	    !fw_if(r->out, r->out_not, f->out) ||
	    (r->phys_bridged && !f->phys_out) ||
	    ((r->phys_in[0] || r->phys_out[0]) && !f->phys_out) ||
	    !fw_if(r->phys_in, r->phys_in_not, f->phys_in) ||
	    !fw_if(r->phys_out, r->phys_out_not, f->phys_out))
		return false;
	if (r->s.family && (r->s.family != f->src->family ||
			    rinet_in(&r->s, f->src) == r->s_not))
		return false;
	if (r->d.family && (r->d.family != f->dst->family ||
			    rinet_in(&r->d, f->dst) == r->d_not))
		return false;
	if (r->proto > 0 && (r->proto == p) == r->p_not)
		return false;
	return !r->dlo || (f->proto != REACH_ICMP && f->port >= r->dlo &&
			   f->port <= r->dhi);
}

static const struct fw_chain *fw_chain(const struct fw *fw, const char *table,
				       const char *name)
{
	for (size_t k = 0; k < fw->nch; k++)
		if (streq(fw->ch[k].table, table) && streq(fw->ch[k].name, name))
			return &fw->ch[k];
	return NULL;
}

enum { FW_RETURN = 10, FW_SNAT };

static int fw_walk(const struct fw *fw, const char *table, const char *chain,
		   const struct rflow *f, char *rule, size_t size, int depth)
{
	for (size_t k = 0; k < fw->n && depth < FW_DEPTH; k++) {
		const struct fw_rule *r = &fw->r[k];
		const char *t = r->target;
		int v;

		if (!streq(r->table, table) || !streq(r->chain, chain) ||
		    !fw_match(r, f))
			continue;
		snprintf(rule, size, "%s", r->text);
		if (streq(t, "ACCEPT"))
			return FW_ACCEPT;
		if (streq(t, "DROP") || streq(t, "REJECT"))
			return FW_DROP;
		if (streq(t, "MASQUERADE") || streq(t, "SNAT"))
			return FW_SNAT;
		if (streq(t, "RETURN"))
			return FW_RETURN;
		if (!fw_chain(fw, table, t))
			continue; /* LOG, MARK and the like go on */
		v = fw_walk(fw, table, t, f, rule, size, depth + 1);
		if (v != FW_RETURN)
			return v;
	}
	rule[0] = '\0';
	return FW_RETURN;
}

static struct fw *fw_get(struct rctx *c, int i)
{
	if (!c->ns[i].fw_tried) {
		c->ns[i].fw_tried = true;
		c->ns[i].fw = fw_load(c, i);
	}
	return c->ns[i].fw;
}

enum fw_verdict fw_judge(struct rctx *c, int i, const char *table,
			 const char *chain, const struct rflow *f,
			 char *rule, size_t size)
{
	const struct fw *fw = fw_get(c, i);
	const struct fw_chain *ch;
	int v;

	rule[0] = '\0';
	if (!fw)
		return FW_UNKNOWN;
	v = fw_walk(fw, table, chain, f, rule, size, 0);
	if (v == FW_RETURN) {
		ch = fw_chain(fw, table, chain);
		return ch && streq(ch->policy, "DROP") ? FW_DROP : FW_ACCEPT;
	}
	return v == FW_DROP ? FW_DROP : FW_ACCEPT;
}

int fw_snat(struct rctx *c, int i, const struct rflow *f)
{
	const struct fw *fw = fw_get(c, i);
	char rule[REACH_TEXT];

	if (!fw)
		return -1;
	return fw_walk(fw, "nat", "POSTROUTING", f, rule, sizeof(rule), 0) ==
	       FW_SNAT;
}
