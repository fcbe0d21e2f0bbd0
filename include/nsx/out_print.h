/* out_print.h - what out.c shares with its printers, out_table.c and
 * out_json.c */
#ifndef NSX_OUT_PRINT_H
#define NSX_OUT_PRINT_H

#include "nsx/out.h"

/* Is the table a tree (OUT_TREE with a column to draw it in)? */
bool out_is_tree(const struct out *o);
/* The lines in print order: a tree's depth-first, its roots in the order
 * they were made. NULL after the last. */
const struct out_line *out_first(const struct out *o);
const struct out_line *out_next(const struct out *o,
				const struct out_line *ln);
/*
 * The tree drawing left of a line's text: per level "| " (more siblings
 * follow) or "  ", and for the line's own level "|-" or "`-" when own,
 * else "| " or "  " as for the lines that continue it. Sets *art to a
 * malloc'd string (NULL on ENOMEM); returns its length.
 */
size_t out_tree_art(const struct out_line *ln, bool own, char **art);

/* The aligned table (out_table.c) and JSON (out_json.c); -errno. */
int out_print_table(const struct out *o, FILE *f);
void out_print_json(const struct out *o, FILE *f);

#endif
