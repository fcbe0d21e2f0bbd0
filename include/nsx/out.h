/* out.h - tables, raw lines, trees and JSON through libsmartcols */
#ifndef NSX_OUT_H
#define NSX_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <libsmartcols.h>

#include "nsx/util.h"

#define OUT_MAX_COLUMNS 32

/*
 * A column, described once: libsmartcols does selection, alignment, raw
 * output, trees and JSON from it. The JSON key is the lower-cased name.
 */
struct out_column {
	const char *name;  /* header: "NPROCS" */
	double whint;      /* width hint: < 1 a fraction of the terminal */
	int flags;         /* SCOLS_FL_RIGHT, SCOLS_FL_TRUNC, ... */
	int json_type;     /* SCOLS_JSON_STRING, _NUMBER, _BOOLEAN, _ARRAY_STRING */
	const char *help;  /* one line for --help */
};

enum out_flags {
	OUT_JSON = 1 << 0,
	OUT_RAW = 1 << 1,
	OUT_NOHEADINGS = 1 << 2,
	OUT_TREE = 1 << 3, /* the first selected column draws the tree */
};

struct out {
	struct libscols_table *tb;
	const struct out_column *cols;
	size_t ncols;
	/* column id (index into cols) -> its libsmartcols column, or NULL */
	struct libscols_column *sc[OUT_MAX_COLUMNS];
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

/* "Available output columns:" with each column's help, for usage(). */
void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols);

#endif
