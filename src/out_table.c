/* out_table.c - the aligned table: column widths, fitting a terminal */
#include <errno.h>
#include <limits.h>
#include <sys/ioctl.h>

#include "nsx/out_print.h"

/* The table as it prints: a row per line, in print order, after the
 * headings (row 0), each cell encoded (see encode). */
struct table {
	const struct out *o;
	bool tree;
	size_t nrows;
	const struct out_line **line; /* the line of each row; NULL: headings */
	char **text;                  /* nrows * o->n cells */
	size_t width[OUT_MAX_COLUMNS];
	size_t min[OUT_MAX_COLUMNS];  /* the heading's width, at least 1 */
	size_t art;                   /* widest tree drawing */
	size_t term;                  /* terminal width; 0: not a terminal */
};

/*
 * A cell as it can be shown on a terminal: control characters, bytes
 * outside ASCII and the backslash of a literal "\x" become \xHH. nsx
 * never sets a locale, and in the C locale no byte above 0x7f is a
 * character. Every byte of the result is one column wide.
 */
static char *encode(const char *art, const char *s)
{
	size_t la = art ? strlen(art) : 0, ls = s ? strlen(s) : 0;
	_cleanup_free_ char *raw = malloc(la + ls + 1);
	char *r = malloc(4 * (la + ls) + 1), *q = r;

	if (!raw || !r) {
		free(r);
		return NULL;
	}
	memcpy(raw, art ? art : "", la);
	memcpy(raw + la, s ? s : "", ls + 1);
	for (const unsigned char *p = (unsigned char *)raw; *p; p++) {
		if (*p < 0x20 || *p >= 0x7f || (p[0] == '\\' && p[1] == 'x'))
			q += sprintf(q, "\\x%02x", *p);
		else
			*q++ = (char)*p;
	}
	*q = '\0';
	return r;
}

/* The width of the terminal stdout is, or 0 when it is not one. */
static size_t term_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end = NULL;
	long v;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env) {
		errno = 0;
		v = strtol(env, &end, 10);
		if (errno == 0 && end > env && !*end && v > 0 && v <= INT_MAX)
			return (size_t)v;
	}
	return 80;
}

static int table_row(struct table *t, size_t r, const struct out_line *ln)
{
	const struct out *o = t->o;

	t->line[r] = ln;
	for (size_t i = 0; i < o->n; i++) {
		char *art = NULL;
		size_t la = 0;

		if (!ln) {
			t->text[i] = encode(NULL, o->cols[o->id[i]].name);
		} else {
			if (i == 0 && t->tree && ln->parent) {
				la = out_tree_art(ln, true, &art);
				if (!art)
					return -ENOMEM;
			}
			t->text[r * o->n + i] = encode(art, ln->cell[i]);
			free(art);
			if (la > t->art)
				t->art = la;
		}
		if (!t->text[r * o->n + i])
			return -ENOMEM;
	}
	return 0;
}

static int table_load(struct table *t)
{
	const struct out *o = t->o;
	const struct out_line *ln;
	size_t r = 0;
	int e = 0;

	for (ln = o->first; ln; ln = ln->next)
		t->nrows++;
	t->nrows++;
	t->line = calloc(t->nrows, sizeof(*t->line));
	t->text = calloc(t->nrows * o->n, sizeof(*t->text));
	if (!t->line || !t->text)
		return -ENOMEM;
	e = table_row(t, r++, NULL);
	for (ln = out_first(o); ln && e == 0; ln = out_next(o, ln))
		e = table_row(t, r++, ln);
	return e;
}

/* Each column as wide as its widest cell, no narrower than its heading;
 * a hint of 1 or more widens a column with text to it. */
static void table_widths(struct table *t)
{
	const struct out *o = t->o;

	for (size_t i = 0; i < o->n; i++) {
		double hint = o->cols[o->id[i]].whint;
		size_t w = 0;

		t->min[i] = strlen(t->text[i]) ? strlen(t->text[i]) : 1;
		for (size_t r = 1; r < t->nrows; r++) {
			size_t len = strlen(t->text[r * o->n + i]);

			if (len > w)
				w = len;
		}
		if (w < t->min[i])
			w = t->min[i];
		else if (hint >= 1 && w < (size_t)hint &&
			 t->min[i] < (size_t)hint)
			w = (size_t)hint;
		t->width[i] = w;
	}
}

/* May column i lose one more character in this stage of table_fit? */
static bool may_cut(const struct table *t, size_t i, int stage,
		    size_t total)
{
	const struct out_column *c = &t->o->cols[t->o->id[i]];
	bool trunc = c->flags & OUT_COL_TRUNC;
	bool frac = c->whint > 0 && c->whint < 1;

	if (t->width[i] == t->min[i])
		return false;
	/* A tree's column is left whole while the table is no wider than
	 * the drawing. */
	if (i == 0 && t->tree && total <= t->art)
		return false;
	switch (stage) {
	case 1: /* cut columns to their fraction of the terminal */
		return trunc && frac &&
		       t->width[i] >= (size_t)(c->whint * (double)t->term);
	case 2:
		return trunc;
	default: /* then those with a fraction that overflow, not cut */
		return frac;
	}
}

/* Narrow the columns, a character at a time each, in three stages, until
 * the table fits the terminal or no column can give more. */
static void table_fit(struct table *t)
{
	size_t total = t->o->n - 1;

	for (size_t i = 0; i < t->o->n; i++)
		total += t->width[i];
	for (int stage = 1; total > t->term && stage <= 3;) {
		size_t before = total;

		for (size_t i = 0; i < t->o->n && total > t->term; i++) {
			if (may_cut(t, i, stage, total)) {
				t->width[i]--;
				total--;
			}
		}
		if (total == before)
			stage++;
	}
}

static void spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* After a cell wider than its column (up to column upto), the rest of the
 * row goes on a new line, under its own column; the tree's drawing goes
 * on down the first. */
static void continue_row(const struct table *t, size_t r, size_t upto,
			 FILE *f)
{
	fputc('\n', f);
	for (size_t i = 0; i <= upto; i++) {
		char *art = NULL;
		size_t len = 0;

		if (i == 0 && t->tree && t->line[r])
			len = out_tree_art(t->line[r], false, &art);
		if (art)
			fputs(art, f);
		free(art);
		spaces(f, t->width[i] > len ? t->width[i] - len : 0);
		fputc(' ', f);
	}
}

/* Cells one space apart, padded to their column; the last one not. */
static void print_row(const struct table *t, size_t r, FILE *f)
{
	const struct out *o = t->o;

	for (size_t i = 0; i < o->n; i++) {
		const struct out_column *c = &o->cols[o->id[i]];
		const char *s = t->text[r * o->n + i];
		size_t len = strlen(s), w = t->width[i];
		bool last = i + 1 == o->n, right = c->flags & OUT_COL_RIGHT;

		if (last && len < w && !right)
			w = len;
		if (len > w && (c->flags & OUT_COL_TRUNC))
			len = w;
		if (len && right) {
			/* Text wider than its column is not moved to a next
			 * line when right-aligned: it pushes the rest along. */
			spaces(f, len < w ? w - len : 0);
			w = len;
		}
		fwrite(s, 1, len, f);
		if (last)
			break;
		if (len > w)
			continue_row(t, r, i, f);
		else {
			spaces(f, w - len);
			fputc(' ', f);
		}
	}
	fputc('\n', f);
}

int out_print_table(const struct out *o, FILE *f)
{
	struct table t = { .o = o, .tree = out_is_tree(o) };
	int r = table_load(&t);

	if (r == 0) {
		table_widths(&t);
		t.term = term_width();
		if (t.term)
			table_fit(&t);
		for (size_t k = (o->flags & OUT_NOHEADINGS) ? 1 : 0;
		     k < t.nrows; k++)
			print_row(&t, k, f);
	}
	for (size_t k = 0; t.text && k < t.nrows * o->n; k++)
		free(t.text[k]);
	free(t.text);
	free(t.line);
	return r;
}
