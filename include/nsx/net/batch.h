/* batch.h - many link/addr/route lines, one socket per namespace, pipelined */
#ifndef NSX_BATCH_H
#define NSX_BATCH_H

#include <stdbool.h>

#include "nsx/net/addr.h"
#include "nsx/net/link.h"
#include "nsx/net/route.h"
#include "nsx/lib/util.h"

#define BATCH_MAX_WORDS 128

struct batch;

enum batch_cmd { BATCH_LINK, BATCH_ADDR, BATCH_ROUTE };

/* One line, parsed: the command its first word names, and its request. */
struct batch_req {
	enum batch_cmd cmd;
	union {
		struct link_req link;
		struct addr_req addr;
		struct route_req route;
	};
};

/*
 * How a batch tells its command about failures: line is the failing
 * line, or 0 for a message about the batch as a whole (an undo that did
 * not work).
 */
typedef void (*batch_error_fn)(void *data, int line, const struct nsx_err *err);

/*
 * Without force, the first failing line stops the batch and the lines
 * after it that the pipeline had already sent are undone, so a batch that
 * fails at line N has applied exactly lines 1..N-1; with force, every line
 * is tried and every failure reported. guard (may be NULL) decides
 * whether the caller may change each namespace a line names.
 */
struct batch *batch_new(bool force, const struct nl_guard *guard,
			batch_error_fn on_error, void *data);
void batch_free(struct batch *b);

/*
 * Run one line, split into words (argv[0] is "link", "addr", ...).
 * Returns 0 to go on, -1 when the batch must stop (the failure is reported
 * by batch_end, once every earlier line is known to have worked).
 */
int batch_line(struct batch *b, int line, int argc, char **argv);
/* A line that failed before it could run (it could not be split):
 * counts as batch_line's failures do. 0 to go on, -1 to stop. */
int batch_line_failed(struct batch *b, int line, const struct nsx_err *err);
/* Wait for every answer, undo after a failure, report it. 0 or -1. */
int batch_end(struct batch *b);

/*
 * Parse one line's words as batch_line does before it runs them, without
 * any I/O. Returns 0, or -errno with err set: an unknown first word, a
 * bad word of the command, or a line that changes nothing (show).
 */
int batch_parse_line(int argc, char **argv, struct batch_req *q,
		     struct nsx_err *err);

/*
 * Split a line into words in place: blanks separate, "..." and '...'
 * quote, # starts a comment. Returns the number of words, or -EINVAL
 * (unterminated quote, too many words) with err set.
 */
int batch_split(char *line, char **argv, int max, struct nsx_err *err);

#endif
