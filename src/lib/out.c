/* out.c - tables, raw lines, trees and JSON through libsmartcols */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <strings.h>

#include "nsx/lib/json.h"
#include "nsx/lib/out.h"

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
	bool json = o->flags & OUT_JSON;
	bool list = json && c->json_type == OUT_JSON_ARRAY;
	struct libscols_column *cl;

	cl = scols_table_new_column(o->tb, c->name, c->whint,
				    c->flags | (tree ? SCOLS_FL_TREE : 0) |
					    (list ? SCOLS_FL_WRAP : 0));
	if (!cl)
		return -ENOMEM;
	if (json && scols_column_set_json_type(cl, c->json_type) < 0)
		return -ENOMEM;
	/* In JSON a list is one item a line (out_set_list), and the
	 * column's chunks, its lines, are the array's values. */
	if (list && scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
					      scols_wrapnl_nextchunk,
					      NULL) < 0)
		return -ENOMEM;
	o->id[o->n++] = id;
	return 0;
}

int out_init(struct out *o, const char *name, const struct out_column *cols,
	     size_t ncols, const struct out_selection *sel, unsigned flags,
	     struct nsx_err *err)
{
	*o = (struct out){ .cols = cols, .ncols = ncols, .flags = flags };
	if (ncols > OUT_MAX_COLUMNS || sel->n > OUT_MAX_COLUMNS)
		return nsx_failx(err, E2BIG, "too many columns");
	/* A table prints names as text where the locale says they are
	 * characters, as \xHH where not: LC_CTYPE alone, and only here.
	 * nsx has no message catalogues and formats no number by locale;
	 * what prints no table (entry mode, changes, ip's -j) loads no
	 * locale data and parses its words in the C locale. */
	setlocale(LC_CTYPE, "");
	o->tb = scols_new_table();
	if (!o->tb || scols_table_set_name(o->tb, name) < 0)
		goto enomem;
	scols_table_enable_json(o->tb, !!(flags & OUT_JSON));
	scols_table_enable_raw(o->tb, !!(flags & OUT_RAW));
	scols_table_enable_noheadings(o->tb, !!(flags & OUT_NOHEADINGS));
	for (size_t i = 0; i < sel->n; i++) {
		if (sel->id[i] < 0 || (size_t)sel->id[i] >= ncols) {
			out_free(o);
			return nsx_failx(err, EINVAL, "no such column");
		}
		if (!(flags & OUT_REPEAT) && out_has(o, sel->id[i]))
			continue; /* named twice: show it once */
		if (out_add_column(o, sel->id[i],
				   (flags & OUT_TREE) && o->n == 0) < 0)
			goto enomem;
	}
	return 0;
enomem:
	out_free(o);
	return nsx_fail(err, ENOMEM, "table");
}

void out_free(struct out *o)
{
	scols_unref_table(o->tb);
	o->tb = NULL;
	o->n = 0;
}

bool out_has(const struct out *o, int id)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->id[i] == id)
			return true;
	return false;
}

struct libscols_line *out_line(struct out *o, struct libscols_line *parent)
{
	return scols_table_new_line(o->tb, parent);
}

int out_line_adopt(struct libscols_line *parent, struct libscols_line *ln)
{
	/* A line under itself or one of its own descendants would be in
	 * no tree: is ln parent, or above it? */
	if (scols_line_is_ancestor(ln, parent))
		return -ELOOP;
	if (scols_line_get_parent(ln))
		return -EBUSY;
	return scols_line_add_child(parent, ln);
}

/* Give the line s (malloc'd, NULL on ENOMEM) in every place column id is
 * shown: the first place takes it, any other a copy. */
static int out_take(struct out *o, struct libscols_line *ln, int id, char *s)
{
	const char *taken = NULL;
	int r = 0;

	if (s && (o->flags & OUT_JSON)) {
		char *valid = json_utf8_dup(s);

		free(s);
		s = valid;
	}
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < o->n; i++) {
		if (o->id[i] != id)
			continue;
		if (taken) {
			r = scols_line_set_data(ln, i, taken);
		} else {
			r = scols_line_refer_data(ln, i, s);
			if (r == 0)
				taken = s;
		}
		if (r < 0)
			break;
	}
	if (!taken)
		free(s);
	return r < 0 ? r : 0;
}

int out_set(struct out *o, struct libscols_line *ln, int id, const char *data)
{
	if (!out_has(o, id) || !data)
		return 0;
	return out_take(o, ln, id, strdup(data));
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
	return out_take(o, ln, id, r < 0 ? NULL : s);
}

int out_set_list(struct out *o, struct libscols_line *ln, int id,
		 const char *const *items, size_t n)
{
	/* JSON's array is the cell's lines (out_add_column): a newline in
	 * an item would split it in two, so there it is the text "\x0a",
	 * as a table shows it. */
	bool json = o->flags & OUT_JSON;
	size_t len = 1, at = 0;
	char *s;

	if (!out_has(o, id) || n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		for (const char *p = items[i]; *p; p++)
			len += json && *p == '\n' ? 4 : 1;
	s = malloc(len + n);
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (i)
			s[at++] = json ? '\n' : ',';
		for (const char *p = items[i]; *p; p++) {
			if (json && *p == '\n') {
				memcpy(s + at, "\\x0a", 4);
				at += 4;
			} else {
				s[at++] = *p;
			}
		}
	}
	s[at] = '\0';
	return out_take(o, ln, id, s);
}

int out_print(struct out *o, struct nsx_err *err)
{
	int r;

	/* An empty listing prints nothing, not even its headings; in JSON
	 * it is an empty array. */
	if (!(o->flags & OUT_JSON) &&
	    (!o->n || scols_table_get_nlines(o->tb) == 0))
		return 0;
	r = scols_print_table(o->tb);
	if (r < 0)
		return nsx_fail(err, -r, "print table");
	return 0;
}

void out_columns_help(FILE *f, const char *heading,
		      const struct out_column *cols, size_t ncols)
{
	fputs(heading, f);
	for (size_t i = 0; i < ncols; i++)
		fprintf(f, " %10s  %s\n", cols[i].name, cols[i].help);
}
