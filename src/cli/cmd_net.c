/* cmd_net.c - what the rtnetlink commands (link, addr, route) share */
#include <errno.h>
#include <string.h>

#include "nsx/net/addr.h"
#include "nsx/cli/cmd_net.h"
#include "nsx/setuid/privs.h"
#include "nsx/target/target.h"

/* More than any command's columns: names for net_parse_columns. */
#define CMD_NET_MAX_COLS 32

/* A setuid nsx asks the policy whether the caller may look at (write
 * false) or change (write true) t's links; this may narrow t to the
 * namespace checked. */
static int cmd_net_check(struct target *t, bool write, struct nsx_err *err)
{
	return write ? privs_check_links_write(t, err)
		     : privs_check_show(t, err);
}

/* The socket is made, and every request sent, with the capabilities the
 * grants allow (rtnetlink checks the sender's in sendmsg). */
const struct nl_guard cmd_net_guard = {
	.check = cmd_net_check,
	.raise = privs_raise,
	.lower = privs_lower,
};

int cmd_net_open(const char *spec, bool write, struct nl *nl,
		 struct nsx_err *err)
{
	struct target t;
	int r;

	if (!spec[0])
		target_self(&t);
	else if ((r = target_resolve(spec, &t, err)) < 0)
		return r;
	r = cmd_net_check(&t, write, err);
	/* The socket keeps its own descriptor of the namespace. */
	if (r == 0)
		r = nl_open(nl, &t, &cmd_net_guard, err);
	target_release(&t);
	return r;
}

#define CMD_NET_EXIT_PARSE 255

int cmd_net_report(const char *cmd, const struct nsx_err *err)
{
	if (err->code == NSX_EUSAGE)
		nsx_usage_error(cmd, "%s", err->msg);
	else
		report(err);
	/* ip reads these lines whole, then fails its own checks with 1: a
	 * device that cannot exist, an address of the other family. */
	if (err->code == ENODEV || err->code == EAFNOSUPPORT ||
	    err->code == ENOTSUP)
		return 1;
	return CMD_NET_EXIT_PARSE;
}

int cmd_net_fail(const struct nsx_err *err)
{
	report(err);
	if (err->code == LINK_EUNREAD)
		return CMD_NET_EXIT_PARSE;
	return err->kernel ? 2 : 1;
}

void cmd_net_take_show(int *argc, char **argv, struct cmd_net_show *o)
{
	int i = 0;

	*o = (struct cmd_net_show){ 0 };
	while (i < *argc && !streq(argv[i], "--")) {
		/* ip takes each of its options with one dash or two. */
		const char *w = argv[i][0] == '-' && argv[i][1] == '-'
					? argv[i] + 1 : argv[i];

		if (streq(w, "-o") || streq(w, "-oneline"))
			o->oneline = true;
		else if (streq(w, "-s") || streq(w, "-stats") ||
			 streq(w, "-statistics"))
			o->stats++;
		else if (streq(w, "-p") || streq(w, "-pretty"))
			o->pretty = true;
		else if (streq(argv[i], "--table"))
			o->table = true;
		else if (streq(w, "-d") || streq(w, "-details"))
			o->details = true;
		else if (streq(argv[i], "-json"))
			o->json = true;
		else {
			i++;
			continue;
		}
		memmove(&argv[i], &argv[i + 1],
			(size_t)(*argc - i) * sizeof(*argv));
		(*argc)--;
	}
}

int cmd_net_check_show(const char *cmd, bool brief, bool table,
		       const char *columns, struct nsx_err *err)
{
	if (brief && (columns[0] || table))
		return nsx_failx(err, NSX_EUSAGE, "%s: %s and -br together",
				 cmd, table ? "--table" : "--output");
	return 0;
}

int cmd_net_columns(const char *cmd, const char *spec,
		    const struct out_column *cols, size_t ncols,
		    const int *defaults, size_t ndef, int *sel, size_t max,
		    struct nsx_err *err)
{
	const char *names[CMD_NET_MAX_COLS + 1] = { NULL };

	if (ncols > CMD_NET_MAX_COLS)
		return nsx_failx(err, EINVAL, "%s: too many columns", cmd);
	for (size_t i = 0; i < ncols; i++)
		names[i] = cols[i].name;
	return net_parse_columns(cmd, spec, names, defaults, ndef, sel, max,
				  err);
}

int cmd_net_table(struct out *o, const struct out_column *cols,
		  size_t ncols, const int *sel, int nsel)
{
	struct out_selection s = { .n = 0 };
	struct nsx_err err = { 0 };

	for (int i = 0; i < nsel && s.n < OUT_MAX_COLUMNS; i++)
		s.id[s.n++] = sel[i];
	return out_init(o, "", cols, ncols, &s, OUT_REPEAT, &err);
}

int cmd_net_table_line(struct out *o, cmd_col_text_fn text, const void *ctx,
		       const void *row)
{
	struct libscols_line *ln = out_line(o, NULL);
	char buf[256];

	if (!ln)
		return -ENOMEM;
	for (size_t i = 0; i < o->n; i++) {
		const char *t = text(ctx, row, o->id[i], buf, sizeof(buf));

		if (t && out_set(o, ln, o->id[i], t) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cmd_net_table_end(struct out *o, int r)
{
	struct nsx_err err = { 0 };

	if (r == 0)
		out_print(o, &err);
	out_free(o);
	return r;
}

const char *cmd_net_join(const char *const *words, size_t n, char *buf,
			 size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
					i ? "," : "", words[i]);
	return buf;
}

void cmd_net_hw_str(const uint8_t *a, unsigned len, char *buf, size_t size)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < len && off + 4 < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%02x",
					i ? ":" : "", a[i]);
}
