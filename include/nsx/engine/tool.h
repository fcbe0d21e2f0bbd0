/* tool.h - run an outside tool (docker, podman, crictl) as the caller */
#ifndef NSX_TOOL_H
#define NSX_TOOL_H

#include <stdbool.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

#define TOOL_OUT_MAX (4 << 20) /* more than any engine's answer we ask for */

/*
 * One run of a tool. It runs with the caller's real uid and gid (never
 * with a setuid nsx's privileges), default signal handling, stdin from
 * /dev/null, in its own process group so that a deadline kills it and
 * everything it started.
 */
struct tool_job {
	pid_t pid;        /* also its process group; 0 when not running */
	int pidfd;        /* readable when it exits */
	int out_fd, err_fd;
	char *out;        /* all of stdout, NUL-terminated */
	size_t out_len, out_cap;
	char err[256];    /* the start of stderr, NUL-terminated */
	size_t err_len;
	int status;       /* wait status, once done */
	bool done;        /* exited and both pipes drained */
	bool timed_out;   /* killed at the deadline */
};

/*
 * How a tool's process gives up nsx's privileges before its exec: a
 * setuid nsx sets its one checked drop (privs_drop), so the engine code
 * itself knows nothing of privileges. Unset, the tool runs with nsx's
 * own credentials (root running nsx: root).
 */
typedef int (*tool_drop_fn)(struct nsx_err *err);
void tool_set_drop(tool_drop_fn fn);

/* An empty job that tool_release may be called on. */
void tool_init(struct tool_job *j);
/*
 * Find an executable named name in the caller's PATH ($PATH, or the
 * usual directories), checked with the real uid. 0 or -ENOENT.
 */
int tool_find(const char *name, char *path, size_t size);
/* Start path with argv (argv[0] included). */
int tool_start(struct tool_job *j, const char *path, char *const argv[],
	       struct nsx_err *err);
/*
 * Move output along until at least one of the n running jobs is done.
 * At deadline_ms (tool_now_ms clock) every unfinished job's process
 * group is killed and -ETIMEDOUT returned; they count as done then.
 */
int tool_wait_any(struct tool_job *const jobs[], size_t n,
		  long long deadline_ms, struct nsx_err *err);
/* Did the job exit with status 0? */
bool tool_succeeded(const struct tool_job *j);
/* The first line of what the job said on stderr, for messages. */
const char *tool_err_line(struct tool_job *j);
/* Kill a job still running, reap it, close and free everything. */
void tool_release(struct tool_job *j);
/* A monotonic clock in milliseconds, for deadlines. */
long long tool_now_ms(void);

#endif
