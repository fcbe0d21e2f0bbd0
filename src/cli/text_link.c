/* text_link.c - one link as ip prints it in text: the header line, the
 * link-layer line (-d's details: print_link.c); the names behind
 * link-netnsids */
#include <net/if.h>
#include <stdlib.h>

#include "nsx/cli/print_link.h"

/* "<UP,LOWER_UP,M-DOWN> " */
static void text_flags(FILE *out, const struct cmd_net_links *s,
		       const struct link_info *li)
{
	const char *w[24];
	size_t n = link_flag_names(li->flags, w, ARRAY_SIZE(w));

	fputc('<', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? "," : "", w[i]);
	if (cmd_net_link_mdown(s, li))
		fputs(",M-DOWN", out);
	fputs("> ", out);
}

/* "NAME@PEER: ", the peer "ifN" when it lives elsewhere. */
static void text_name(FILE *out, const struct cmd_net_links *s,
		      const struct link_info *li)
{
	char buf[32];

	if (!li->link)
		fprintf(out, "%s: ", li->ifname);
	else if (li->has_netnsid)
		fprintf(out, "%s@if%d: ", li->ifname, li->link);
	else
		fprintf(out, "%s@%s: ", li->ifname,
			cmd_net_link_name(s, li->link, buf, sizeof(buf)));
}

/* "    link/ether ADDR brd ADDR", then the peer's namespace. */
static void text_hw(FILE *out, const struct link_info *li,
		    const struct cmd_net_show *o)
{
	char buf[100];

	fprintf(out, "%s    link/%s ", CMD_NET_SL(o),
		link_type_name(li->type, buf, sizeof(buf)));
	cmd_net_hw_str(li->addr, li->addr_len, buf, sizeof(buf));
	fputs(buf, out);
	if (li->brd_len) {
		cmd_net_hw_str(li->brd, li->brd_len, buf, sizeof(buf));
		fprintf(out, " %s %s", li->flags & IFF_POINTOPOINT ? "peer"
								 : "brd", buf);
	}
}

static void text_netns(FILE *out, const struct link_info *li,
		       cmd_nsid_name_fn nsid_name, void *ctx)
{
	const char *name;

	if (!li->has_netnsid)
		return;
	if (li->netnsid < 0) {
		fputs(" link-netnsid unknown", out);
		return;
	}
	name = nsid_name ? nsid_name(ctx, li->netnsid) : NULL;
	if (name)
		fprintf(out, " link-netns %s", name);
	else
		fprintf(out, " link-netnsid %d", li->netnsid);
}

void text_link(FILE *out, const struct cmd_net_links *s,
	       const struct link_info *li, unsigned what,
	       const struct cmd_net_show *o, cmd_nsid_name_fn nsid_name,
	       void *nsid_ctx)
{
	static const char *const modes[] = { "DEFAULT", "DORMANT" };
	const char *state = link_operstate_name(li->operstate);
	char buf[32];

	fprintf(out, "%d: ", li->ifindex);
	text_name(out, s, li);
	text_flags(out, s, li);
	fprintf(out, "mtu %u ", li->mtu);
	if (li->qdisc[0])
		fprintf(out, "qdisc %s ", li->qdisc);
	if (li->master)
		fprintf(out, "master %s ", cmd_net_link_name(s, li->master, buf,
							     sizeof(buf)));
	if (li->operstate <= 6) /* IF_OPER_UP, in <linux/if.h> */
		fprintf(out, "state %s ", state);
	else
		fprintf(out, "state %#x ", li->operstate);
	if ((what & CMD_NET_LINK_MODE) && li->linkmode < ARRAY_SIZE(modes))
		fprintf(out, "mode %s ", modes[li->linkmode]);
	else if (what & CMD_NET_LINK_MODE)
		fprintf(out, "mode %d ", li->linkmode);
	if (li->has_group && li->group)
		fprintf(out, "group %u ", li->group);
	else if (li->has_group)
		fputs("group default ", out);
	if (li->txqlen)
		fprintf(out, "qlen %u", li->txqlen);
	if (what & CMD_NET_LINK_HW)
		text_hw(out, li, o);
	text_netns(out, li, nsid_name, nsid_ctx);
	if (what & CMD_NET_LINK_DETAILS)
		link_print_details(&(struct link_print){ .out = out, .s = s,
							 .sl = CMD_NET_SL(o) },
				   li, what);
	if ((what & CMD_NET_LINK_ALIAS) && li->ifalias[0])
		fprintf(out, "%s    alias %s", CMD_NET_SL(o), li->ifalias);
	if ((what & CMD_NET_LINK_MODE) && o->stats && li->has_stats) {
		fputs(CMD_NET_SL(o), out);
		text_link_stats(out, li, o);
	}
	for (const char *a = link_altname_next(li, NULL); a;
	     a = link_altname_next(li, a))
		fprintf(out, "%s    altname %s", CMD_NET_SL(o), a);
}

/* ---- link-netns NAME ---- */

static void nsid_names_load(struct cmd_nsid_names *n)
{
	struct nsx_err err;
	struct netns_idq *q;
	char (*paths)[300];

	n->loaded = true;
	if (netns_names_read(&n->names, &err) < 0 || !n->names.n)
		return;
	q = calloc(n->names.n, sizeof(*q));
	paths = calloc(n->names.n, sizeof(*paths));
	n->id = calloc(n->names.n, sizeof(*n->id));
	if (q && paths && n->id) {
		for (size_t i = 0; i < n->names.n; i++) {
			snprintf(paths[i], sizeof(paths[i]), "/run/netns/%s",
				 n->names.name[i]);
			q[i] = (struct netns_idq){ .path = paths[i], .fd = -1 };
		}
		/* ip prints the id when no name is found: so does a
		 * failed lookup here. */
		if (netns_ids_get_nl(n->nl, q, n->names.n, &err) < 0)
			for (size_t i = 0; i < n->names.n; i++)
				q[i].id = -1;
		for (size_t i = 0; i < n->names.n; i++)
			n->id[i] = q[i].id;
	} else {
		free(n->id);
		n->id = NULL;
	}
	free(q);
	free(paths);
}

const char *cmd_nsid_name(void *names, int id)
{
	struct cmd_nsid_names *n = names;

	if (!n->loaded)
		nsid_names_load(n);
	for (size_t i = 0; n->id && i < n->names.n; i++)
		if (n->id[i] == id)
			return n->names.name[i];
	return NULL;
}

void cmd_nsid_names_free(struct cmd_nsid_names *n)
{
	if (n->loaded && n->names.n)
		netns_names_free(&n->names);
	free(n->id);
	n->id = NULL;
}
