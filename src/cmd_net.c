/* cmd_net.c - what the rtnetlink commands (link, addr, route) share */
#include <errno.h>

#include "nsx/addr.h"
#include "nsx/cmd_net.h"
#include "nsx/target.h"

/* More than any command's columns: names for addr_parse_columns. */
#define CMD_NET_MAX_COLS 32

int cmd_net_open(const char *spec, bool write, struct nl *nl,
		 struct nsx_err *err)
{
	struct target t;
	int r;

	if (!spec[0])
		target_self(&t);
	else if ((r = target_resolve(spec, &t, err)) < 0)
		return r;
	/* The socket keeps its own descriptor of the namespace. */
	r = nl_open_checked(nl, &t, write, err);
	target_release(&t);
	return r;
}

int cmd_net_report(const char *cmd, const struct nsx_err *err)
{
	if (err->code == NSX_EUSAGE)
		return nsx_usage_error(cmd, "%s", err->msg);
	return report(err);
}

void cmd_net_usage_columns(FILE *out, const struct cmd_col *cols, size_t n)
{
	fputs("Columns:\n", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %10s  %s\n", cols[i].name, cols[i].help);
}

int cmd_net_columns(const char *cmd, const char *spec,
		    const struct cmd_col *cols, size_t ncols,
		    const int *defaults, size_t ndef, int *sel, size_t max,
		    struct nsx_err *err)
{
	const char *names[CMD_NET_MAX_COLS + 1] = { NULL };

	if (ncols > CMD_NET_MAX_COLS)
		return nsx_failx(err, EINVAL, "%s: too many columns", cmd);
	for (size_t i = 0; i < ncols; i++)
		names[i] = cols[i].name;
	return addr_parse_columns(cmd, spec, names, defaults, ndef, sel, max,
				  err);
}

struct libscols_table *cmd_net_table(const struct cmd_col *cols,
				     const int *sel, int nsel)
{
	struct libscols_table *tb = scols_new_table();

	for (int i = 0; tb && i < nsel; i++) {
		const struct cmd_col *c = &cols[sel[i]];

		if (!scols_table_new_column(tb, c->name, c->whint, c->flags)) {
			scols_unref_table(tb);
			tb = NULL;
		}
	}
	return tb;
}

int cmd_net_table_line(struct libscols_table *tb, const int *sel, int nsel,
		       cmd_col_text_fn text, const void *ctx, const void *row)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[256];

	if (!ln)
		return -ENOMEM;
	for (int i = 0; i < nsel; i++) {
		const char *t = text(ctx, row, sel[i], buf, sizeof(buf));

		if (t && scols_line_set_data(ln, (size_t)i, t) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cmd_net_table_end(struct libscols_table *tb, int r)
{
	if (r == 0)
		scols_print_table(tb);
	scols_unref_table(tb);
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
