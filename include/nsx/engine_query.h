/* engine_query.h - run the engines' tools for one question, all at once */
#ifndef NSX_ENGINE_QUERY_H
#define NSX_ENGINE_QUERY_H

#include <limits.h>
#include <stdbool.h>

#include "nsx/engine.h"
#include "nsx/tool.h"

#define ENGINE_MAX 3 /* docker, podman, cri */
/* Engines as a mask: bit i for the i-th of docker, podman, cri. */
#define ENGINES_ALL ((1u << ENGINE_MAX) - 1)

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
/* One engine's bit ("podman"), or 0 for a word that names none. */
unsigned engine_mask(const char *engine);
/* How many of the engines in the mask have their tool in PATH. */
size_t engines_installed(unsigned which);
/*
 * The engines that can have a container running that answers to name
 * (any container when name is NULL): those one of whose container
 * monitors (containerd-shim; conmon, conmonrs) is among the processes
 * nsx can see, and, where the monitor's command line names its
 * container (podman's conmon), names it so or by an ID that name begins.
 * Every running container has a monitor, so an engine left out has no
 * such container running and need not be started to be asked.
 * ENGINES_ALL when /proc cannot be read.
 */
unsigned engines_running(const char *name);
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
