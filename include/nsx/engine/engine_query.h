/* engine_query.h - run the engines' tools for one question, all at once */
#ifndef NSX_ENGINE_QUERY_H
#define NSX_ENGINE_QUERY_H

#include <limits.h>
#include <stdbool.h>

#include "nsx/engine/engine.h"
#include "nsx/engine/tool.h"

struct engine_def;

enum query_kind { Q_RESOLVE, Q_LIST };
enum query_result { R_RUNNING, R_DONE, R_FAILED, R_TIMEDOUT };

/* One engine's part of a question: one or two runs of its tool. */
struct query {
	const struct engine_def *def; /* its engine's tools and words */
	char path[PATH_MAX];
	enum query_kind kind;
	const char *name;      /* Q_RESOLVE: what the user typed */
	int step;
	struct tool_job job;
	char first_err[256];   /* the first run's error line */
	enum query_result result;
	struct engine_container *hits;
	size_t nhits;
};

/* The tool behind an engine prefix ("cri" -> "crictl"), or NULL. */
const char *engine_tool(const char *engine);
/* The tool a query runs, for messages. */
const char *query_tool(const struct query *q);
/*
 * Set up qs[] (room for ENGINE_MAX) for each engine in the mask which
 * has its tool in the caller's PATH. Q_RESOLVE collects in hits the
 * containers that answer to name (full ID or name first, as the engines
 * rank them, else ID prefixes); Q_LIST the running ones. Returns how
 * many engines are installed.
 */
size_t queries_init(struct query *qs, unsigned which, enum query_kind kind,
		    const char *name);
/*
 * Ask every query's engine at once, within one deadline of
 * ENGINE_TIMEOUT_MS: each query ends R_DONE, R_FAILED (first_err says
 * why) or R_TIMEDOUT. 0, or -errno when nsx itself failed.
 */
int queries_run(struct query *qs, size_t n, struct nsx_err *err);
void queries_release(struct query *qs, size_t n);

#endif
