/* out.h - nsx's tables: aligned columns, raw lines, trees and JSON */
#ifndef NSX_OUT_H
#define NSX_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "nsx/util.h"

#define OUT_MAX_COLUMNS 32

/* How a column is aligned and fitted to a terminal. */
enum out_column_flags {
	OUT_COL_RIGHT = 1 << 0, /* right-aligned (numbers) */
	OUT_COL_TRUNC = 1 << 1, /* cut to fit a terminal, never wrapped */
};

/* What a column's cells are in JSON. */
enum out_json_type {
	OUT_JSON_STRING,  /* "text", null when empty */
	OUT_JSON_NUMBER,  /* the text as it is, null when empty */
	OUT_JSON_BOOLEAN, /* false for "0", "n..." or "N...", null when empty */
	OUT_JSON_ARRAY,   /* a list (out_set_list): [ "a", "b" ] */
};

/*
 * A column, described once: selection, alignment, raw output, trees and
 * JSON come from it. The JSON key is the lower-cased name.
 */
struct out_column {
	const char *name; /* header: "NPROCS" */
	/* Width hint: >= 1 the least width of a column with any text; < 1
	 * a fraction of the terminal, which a column may be cut down to
	 * (wrapping its overflow to a next line) when a table is too wide. */
	double whint;
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

/* One row; its children (a tree) print under it. */
struct out_line {
	struct out_line *next;   /* in the order the lines were made */
	struct out_line *parent; /* NULL: a root */
	struct out_line *child, *last_child, *sibling;
	char *cell[];            /* one per shown column, NULL when empty */
};

struct out {
	const char *name; /* JSON top-level key */
	const struct out_column *cols;
	size_t ncols;
	/* The shown columns, in order, as ids (indexes into cols). */
	int id[OUT_MAX_COLUMNS];
	size_t n;
	unsigned flags;
	struct out_line *first, *last;
	struct out_block *blocks; /* where lines and cells are kept */
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
struct out_line *out_line(struct out *o, struct out_line *parent);
/* Move a top-level line under parent, as its last child; -ELOOP when
 * parent is ln or under it. */
int out_line_adopt(struct out_line *parent, struct out_line *ln);
/* Set a cell; columns not shown are ignored. NULL data leaves it empty. */
int out_set(struct out *o, struct out_line *ln, int id, const char *data);
int out_setf(struct out *o, struct out_line *ln, int id,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A list: comma-separated in a table, an array in JSON. */
int out_set_list(struct out *o, struct out_line *ln, int id,
		 const char *const *items, size_t n);

/* Print the table to stdout. */
int out_print(struct out *o, struct nsx_err *err);

/* "Available output columns:" with each column's help, for usage(). */
void out_columns_help(FILE *f, const struct out_column *cols, size_t ncols);

#endif
