/* out.h - tables, raw lines, trees and JSON through libsmartcols */
#ifndef NSX_OUT_H
#define NSX_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <libsmartcols.h>

#include "nsx/lib/util.h"

#define OUT_MAX_COLUMNS 32

/* How a column is aligned and fitted to a terminal: libsmartcols' own
 * flags, under the names the column tables use. */
enum out_column_flags {
	OUT_COL_RIGHT = SCOLS_FL_RIGHT, /* right-aligned (numbers) */
	OUT_COL_TRUNC = SCOLS_FL_TRUNC, /* cut to fit a terminal */
	OUT_COL_WRAP = SCOLS_FL_WRAP,   /* on more lines to fit a terminal */
};

/* What a column's cells are in JSON (libsmartcols' JSON types). */
enum out_json_type {
	OUT_JSON_STRING = SCOLS_JSON_STRING,
	OUT_JSON_NUMBER = SCOLS_JSON_NUMBER,
	OUT_JSON_BOOLEAN = SCOLS_JSON_BOOLEAN,
	OUT_JSON_ARRAY = SCOLS_JSON_ARRAY_STRING, /* a list (out_set_list) */
};

/*
 * A column, described once: libsmartcols does alignment, raw output,
 * trees and JSON from it. The JSON key is the lower-cased name.
 */
struct out_column {
	const char *name; /* header: "NPROCS" */
	double whint;     /* width hint: < 1 a fraction of the terminal */
	int flags;        /* OUT_COL_* */
	int json_type;    /* OUT_JSON_* */
	const char *help; /* one line for --help */
};

enum out_flags {
	OUT_JSON = 1 << 0,
	OUT_RAW = 1 << 1,
	OUT_NOHEADINGS = 1 << 2,
	OUT_TREE = 1 << 3,   /* the first selected column draws the tree */
	OUT_REPEAT = 1 << 4, /* a column selected twice is shown twice */
};

struct out {
	struct libscols_table *tb;
	const struct out_column *cols;
	size_t ncols;
	/* The shown columns, in order, as ids (indexes into cols); the
	 * table's column i is id[i]. */
	int id[OUT_MAX_COLUMNS];
	size_t n;
	unsigned flags;
};

/* The chosen columns, as indexes into a column table. */
struct out_selection {
	int id[OUT_MAX_COLUMNS];
	size_t n;
};

/*
 * Parse an -o list of column names (case-insensitive). "A,B" replaces the
 * selection, "+A,B" appends to it. An unknown name fails and, when one is
 * close, suggests it.
 */
int out_select(const struct out_column *cols, size_t ncols, const char *list,
	       struct out_selection *sel, struct nsx_err *err);

/* Make the table; name is the JSON top-level key ("namespaces"). */
int out_init(struct out *o, const char *name, const struct out_column *cols,
	     size_t ncols, const struct out_selection *sel, unsigned flags,
	     struct nsx_err *err);
void out_free(struct out *o);
/* Is column id shown? Lets callers skip the work of filling it. */
bool out_has(const struct out *o, int id);

/* A new line, under parent in a tree (NULL: top level). NULL on ENOMEM. */
struct libscols_line *out_line(struct out *o, struct libscols_line *parent);
/* Move a top-level line under parent, as its last child; -ELOOP when
 * parent is ln or under it. */
int out_line_adopt(struct libscols_line *parent, struct libscols_line *ln);
/* Set a cell; columns not shown are ignored. NULL data leaves it empty. */
int out_set(struct out *o, struct libscols_line *ln, int id,
	    const char *data);
int out_setf(struct out *o, struct libscols_line *ln, int id,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A list: comma-separated in a table, an array in JSON. */
int out_set_list(struct out *o, struct libscols_line *ln, int id,
		 const char *const *items, size_t n);

/* Print the table to stdout. */
int out_print(struct out *o, struct nsx_err *err);

/* heading (its own newlines), then each column's name and help, for
 * usage(). */
void out_columns_help(FILE *f, const char *heading,
		      const struct out_column *cols, size_t ncols);

#endif
