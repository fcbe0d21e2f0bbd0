/* out.c - tables, raw lines, trees and JSON through libsmartcols */
#include <errno.h>
#include <stdarg.h>
#include <strings.h>

#include "nsx/out.h"

/* The column named name (any case), or -1. */
static int out_column_id(const struct out_column *cols, size_t ncols,
			 const char *name)
{
	for (size_t i = 0; i < ncols; i++)
		if (strcasecmp(cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int unknown_column(const struct out_column *cols, size_t ncols,
			  const char *name, struct nsx_err *err)
{
	const char *words[OUT_MAX_COLUMNS + 1];
	char upper[64];
	const char *hint;
	size_t i;

	for (i = 0; i < ncols && i < OUT_MAX_COLUMNS; i++)
		words[i] = cols[i].name;
	words[i] = NULL;
	for (i = 0; name[i] && i + 1 < sizeof(upper); i++)
		upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ?
				  name[i] - 'a' + 'A' : name[i]);
	upper[i] = '\0';
	hint = nsx_closest(upper, words);
	if (hint)
		return nsx_failx(err, EINVAL,
				 "unknown column '%s' (did you mean %s?)",
				 name, hint);
	return nsx_failx(err, EINVAL, "unknown column '%s'", name);
}

int out_select(const struct out_column *cols, size_t ncols, const char *list,
	       struct out_selection *sel, struct nsx_err *err)
{
	_cleanup_free_ char *copy = NULL;
	char *save = NULL, *word;

	if (*list == '+')
		list++;
	else
		sel->n = 0;
	copy = strdup(list);
	if (!copy)
		return nsx_fail(err, ENOMEM, "columns");
	for (word = strtok_r(copy, ",", &save); word;
	     word = strtok_r(NULL, ",", &save)) {
		int id = out_column_id(cols, ncols, word);

		if (id < 0)
			return unknown_column(cols, ncols, word, err);
		if (sel->n >= OUT_MAX_COLUMNS)
			return nsx_failx(err, E2BIG, "too many columns");
		sel->id[sel->n++] = id;
	}
	if (sel->n == 0)
		return nsx_failx(err, EINVAL, "no columns selected");
	return 0;
}

static int out_add_column(struct out *o, int id, bool tree)
{
	const struct out_column *c = &o->cols[id];
	struct libscols_column *cl;
	bool json = o->flags & OUT_JSON;
	bool list = json && c->json_type == SCOLS_JSON_ARRAY_STRING;
	int flags = c->flags | (tree ? SCOLS_FL_TREE : 0) |
		    (list ? SCOLS_FL_WRAP : 0);

	cl = scols_table_new_column(o->tb, c->name, c->whint, flags);
	if (!cl)
		return -ENOMEM;
	if (json)
		scols_column_set_json_type(cl, c->json_type);
	/* A list is one string per line for JSON's arrays (see out_set_list):
	 * a wrapped column, split at newlines. */
	if (list)
		scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
					  scols_wrapnl_nextchunk, NULL);
	o->sc[id] = cl;
	return 0;
}

int out_init(struct out *o, const char *name, const struct out_column *cols,
	     size_t ncols, const struct out_selection *sel, unsigned flags,
	     struct nsx_err *err)
{
	*o = (struct out){ .cols = cols, .ncols = ncols, .flags = flags };
	if (ncols > OUT_MAX_COLUMNS)
		return nsx_failx(err, E2BIG, "too many columns");
	o->tb = scols_new_table();
	if (!o->tb)
		return nsx_fail(err, ENOMEM, "table");
	scols_table_set_name(o->tb, name);
	scols_table_enable_json(o->tb, !!(flags & OUT_JSON));
	scols_table_enable_raw(o->tb, !!(flags & OUT_RAW));
	scols_table_enable_noheadings(o->tb, !!(flags & OUT_NOHEADINGS));
	for (size_t i = 0; i < sel->n; i++) {
		if (o->sc[sel->id[i]])
			continue; /* named twice: show it once */
		if (out_add_column(o, sel->id[i],
				   (flags & OUT_TREE) && i == 0) < 0) {
			out_free(o);
			return nsx_fail(err, ENOMEM, "table");
		}
	}
	return 0;
}

void out_free(struct out *o)
{
	scols_unref_table(o->tb);
	o->tb = NULL;
}

bool out_has(const struct out *o, int id)
{
	return id >= 0 && (size_t)id < o->ncols && o->sc[id];
}

struct libscols_line *out_line(struct out *o, struct libscols_line *parent)
{
	return scols_table_new_line(o->tb, parent);
}

int out_set(struct out *o, struct libscols_line *ln, int id,
	    const char *data)
{
	if (!out_has(o, id) || !data)
		return 0;
	return scols_line_set_column_data(ln, o->sc[id], data);
}

int out_setf(struct out *o, struct libscols_line *ln, int id,
	     const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int r;

	if (!out_has(o, id))
		return 0;
	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	/* The line takes the string and frees it with itself. */
	r = scols_line_refer_column_data(ln, o->sc[id], s);
	if (r < 0)
		free(s);
	return r;
}

int out_set_list(struct out *o, struct libscols_line *ln, int id,
		 const char *const *items, size_t n)
{
	char sep = (o->flags & OUT_JSON) ? '\n' : ',';
	size_t len = 1, at = 0;
	char *s;
	int r;

	if (!out_has(o, id) || n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(items[i]) + 1;
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(items[i]);

		if (i)
			s[at++] = sep;
		memcpy(s + at, items[i], l);
		at += l;
	}
	s[at] = '\0';
	r = scols_line_refer_column_data(ln, o->sc[id], s);
	if (r < 0)
		free(s);
	return r;
}

int out_print(struct out *o, struct nsx_err *err)
{
	int r = scols_print_table(o->tb);

	if (r < 0)
		return nsx_fail(err, -r, "print table");
	return 0;
}

void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols)
{
	fputs("\nAvailable output columns:\n", f);
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, " %10s  %s\n", cols[i].name, cols[i].help);
}
