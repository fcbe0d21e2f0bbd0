/* text_addr.c - addresses as ip addr show prints them in text */
#include <linux/if_addr.h>
#include <sys/socket.h>

#include "nsx/cli/cmd_net.h"
#include "nsx/net/addr.h"

/* "valid_lft forever" or "valid_lft 300sec". */
static void text_lft(FILE *out, const char *name, uint32_t lft, bool sign)
{
	if (lft == UINT32_MAX)
		fprintf(out, "%sforever", name);
	else if (sign) /* ip prints a deprecated address's as signed */
		fprintf(out, "%s%dsec", name, (int32_t)lft);
	else
		fprintf(out, "%s%usec", name, lft);
}

void text_addr(FILE *out, const struct addr_link *l,
	       const struct addr_entry *e, const struct cmd_net_show *o)
{
	char a[INET_PREFIX_STRLEN];
	const char *w[16];
	size_t n = cmd_addr_flag_names(e, w);

	if (o->oneline)
		fprintf(out, "%d: %s", l->li.ifindex, l->li.ifname);
	fprintf(out, "    %s %s", addr_family_name(e->local.family),
		inet_prefix_str(&e->local, false, a, sizeof(a)));
	if (e->peer.family)
		fprintf(out, " peer %s",
			inet_prefix_str(&e->peer, false, a, sizeof(a)));
	fprintf(out, "/%u ", e->local.len);
	if (e->has_metric)
		fprintf(out, "metric %u ", e->metric);
	if (e->brd.family)
		fprintf(out, "brd %s ",
			inet_prefix_str(&e->brd, false, a, sizeof(a)));
	fprintf(out, "scope %s ", addr_scope_name(e->scope, a, sizeof(a)));
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s ", w[i]);
	fputs(e->label, out);
	fprintf(out, "%s       ", CMD_NET_SL(o));
	text_lft(out, "valid_lft ", e->valid_lft, false);
	text_lft(out, " preferred_lft ", e->preferred_lft,
		 e->flags & IFA_F_DEPRECATED);
	fputc('\n', out);
}
