/* out_table.c - the aligned table: column widths, fitting a terminal */
#include <errno.h>
#include <limits.h>
#include <sys/ioctl.h>

#include "nsx/out_print.h"

/* The table as it prints: headings, then the lines in print order. Cells
 * are encoded (see encoded_len) as they print, never stored. */
struct table {
	const struct out *o;
	bool tree;
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
static bool needs_escape(const unsigned char *p)
{
	return *p < 0x20 || *p >= 0x7f || (p[0] == '\\' && p[1] == 'x');
}

static size_t encoded_len(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		n += needs_escape(p) ? 4 : 1;
	return n;
}

/* Print s encoded, up to max bytes of the result. */
static void put_encoded(FILE *f, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char esc[5];

	for (; p && *p && max; p++) {
		size_t k;

		if (!needs_escape(p)) {
			max--;
			continue;
		}
		fwrite(run, 1, (size_t)(p - run), f);
		snprintf(esc, sizeof(esc), "\\x%02x", *p);
		k = max < 4 ? max : 4;
		fwrite(esc, 1, k, f);
		max -= k;
		run = p + 1;
	}
	if (p)
		fwrite(run, 1, (size_t)(p - run), f);
}

/* How deep a line is in its tree: its drawing is two columns a level. */
static size_t art_len(const struct table *t, const struct out_line *ln)
{
	size_t depth = 0;

	if (!t->tree)
		return 0;
	for (; ln->parent; ln = ln->parent)
		depth++;
	return 2 * depth;
}

/* A cell's width: its encoded text, after the drawing in a tree's first
 * column. ln NULL: the headings. */
static size_t cell_len(const struct table *t, const struct out_line *ln,
		       size_t i)
{
	if (!ln)
		return encoded_len(t->o->cols[t->o->id[i]].name);
	return (i == 0 ? art_len(t, ln) : 0) + encoded_len(ln->cell[i]);
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

/* Each column as wide as its widest cell, no narrower than its heading;
 * a hint of 1 or more widens a column with text to it. */
static void table_widths(struct table *t)
{
	const struct out *o = t->o;

	for (size_t i = 0; i < o->n; i++) {
		size_t len = cell_len(t, NULL, i);

		t->min[i] = len ? len : 1;
	}
	for (const struct out_line *ln = o->first; ln; ln = ln->next) {
		size_t art = art_len(t, ln);

		if (art > t->art)
			t->art = art;
		for (size_t i = 0; i < o->n; i++) {
			size_t len = cell_len(t, ln, i);

			if (len > t->width[i])
				t->width[i] = len;
		}
	}
	for (size_t i = 0; i < o->n; i++) {
		double hint = o->cols[o->id[i]].whint;

		if (t->width[i] < t->min[i])
			t->width[i] = t->min[i];
		else if (hint >= 1 && t->width[i] < (size_t)hint &&
			 t->min[i] < (size_t)hint)
			t->width[i] = (size_t)hint;
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
	static const char blank[] = "                                ";

	for (size_t k; n; n -= k) {
		k = n < sizeof(blank) - 1 ? n : sizeof(blank) - 1;
		fwrite(blank, 1, k, f);
	}
}

/* After a cell wider than its column (up to column upto), the rest of the
 * row goes on a new line, under its own column; the tree's drawing goes
 * on down the first. */
static void continue_row(const struct table *t, const struct out_line *ln,
			 size_t upto, FILE *f)
{
	fputc('\n', f);
	for (size_t i = 0; i <= upto; i++) {
		char *art = NULL;
		size_t len = 0;

		if (i == 0 && t->tree && ln)
			len = out_tree_art(ln, false, &art);
		if (art)
			fputs(art, f);
		free(art);
		spaces(f, t->width[i] > len ? t->width[i] - len : 0);
		fputc(' ', f);
	}
}

/* A cell, encoded, up to max bytes: the drawing first in a tree's first
 * column. -ENOMEM when the drawing cannot be made. */
static int put_cell(const struct table *t, const struct out_line *ln,
		    size_t i, size_t max, FILE *f)
{
	char *art = NULL;
	size_t la;

	if (!ln) {
		put_encoded(f, t->o->cols[t->o->id[i]].name, max);
		return 0;
	}
	if (i == 0 && t->tree && ln->parent) {
		la = out_tree_art(ln, true, &art);
		if (!art)
			return -ENOMEM;
		fwrite(art, 1, la < max ? la : max, f);
		free(art);
		max = la < max ? max - la : 0;
	}
	put_encoded(f, ln->cell[i], max);
	return 0;
}

/* Cells one space apart, padded to their column; the last one not.
 * ln NULL: the headings. */
static int print_row(const struct table *t, const struct out_line *ln,
		     FILE *f)
{
	const struct out *o = t->o;

	for (size_t i = 0; i < o->n; i++) {
		const struct out_column *c = &o->cols[o->id[i]];
		size_t len = cell_len(t, ln, i), w = t->width[i];
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
		if (put_cell(t, ln, i, len, f) < 0)
			return -ENOMEM;
		if (last)
			break;
		if (len > w)
			continue_row(t, ln, i, f);
		else {
			spaces(f, w - len);
			fputc(' ', f);
		}
	}
	fputc('\n', f);
	return 0;
}

int out_print_table(const struct out *o, FILE *f)
{
	struct table t = { .o = o, .tree = out_is_tree(o) };
	int r = 0;

	table_widths(&t);
	t.term = term_width();
	if (t.term)
		table_fit(&t);
	/* One lock for the table, not one for each piece of it. */
	flockfile(f);
	if (!(o->flags & OUT_NOHEADINGS))
		r = print_row(&t, NULL, f);
	for (const struct out_line *ln = out_first(o); ln && r == 0;
	     ln = out_next(o, ln))
		r = print_row(&t, ln, f);
	funlockfile(f);
	return r;
}
