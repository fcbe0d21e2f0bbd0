/* engine.h - container engines (docker, podman, CRI) by name or ID */
#ifndef NSX_ENGINE_H
#define NSX_ENGINE_H

#include <stddef.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

/* How long the engines together may take to answer one question. */
#define ENGINE_TIMEOUT_MS 5000

/*
 * A container as its engine describes it. Engines are asked through their
 * own command-line tools (docker, podman, crictl), found in the caller's
 * PATH and run with the caller's real uid and gid, never with the
 * privileges of a setuid nsx, each in its own process group, killed at
 * the deadline. An engine that is not installed is not asked.
 */
struct engine_container {
	char engine[8];  /* "docker", "podman" or "cri" */
	char id[72];     /* the full ID, lowercase hex */
	char name[256];  /* its name, without docker's leading '/' */
	char state[24];  /* the engine's word: running, exited, created... */
	pid_t pid;       /* its first process, host PID; 0 when not running */
};

/* Is source one of the engine prefixes of a TARGET (docker: podman: cri:)? */
int engine_is_source(const char *source);

/*
 * Find a running container by name, full ID or unique ID prefix.
 * engine: "docker", "podman", "cri", or NULL to ask every engine that is
 * installed, all at once. On success *c describes it (c->pid > 0).
 * Errors, each with a one-line message in err:
 *   -ENOENT     no engine knows the name; the message says which engines
 *               were asked ("asked docker and podman"), made to follow
 *               the resolver's "not found (looked in ..., and " text
 *   -ENOTUNIQ   matches in two engines, or an ambiguous ID prefix: the
 *               message lists the candidates
 *   -ESRCH      the container exists but is not running
 *   -ETIMEDOUT  an engine did not answer within ENGINE_TIMEOUT_MS
 *   -EIO        an engine named by a prefix failed (its first error line)
 */
int engine_resolve(const char *engine, const char *name,
		   struct engine_container *c, struct nsx_err *err);

/*
 * After pidfd_open(c->pid): is the process the pidfd holds still one of
 * c's? It is if it is alive and sits in a cgroup named by c's full ID
 * (docker, podman, containerd and CRI-O all name it so); otherwise the
 * engine is asked again, by full ID, and must report the same PID. So a
 * container that exits and whose PID is reused between the engine's
 * answer and pidfd_open is refused, never entered. 0, -ESRCH, or the
 * errors of engine_resolve.
 */
int engine_check_pidfd(const struct engine_container *c, int pidfd,
		       struct nsx_err *err);

/*
 * Every running container of the installed engines in the mask
 * (engines_running(NULL) gives those that can have one; engines asked
 * all at once, within ENGINE_TIMEOUT_MS), for listings and completion:
 * *out is a malloc'd array of *n entries (NULL and 0 when there are
 * none), freed with free(). Returns 0 when every engine answered; a
 * positive count of engines that failed or did not answer in time, err
 * naming them ("docker: Cannot connect to the Docker daemon..."), with
 * *out holding what the others said; or -errno with nothing in *out.
 * Engines not installed are left out silently.
 */
int engine_list(unsigned engines, struct engine_container **out, size_t *n,
		struct nsx_err *err);

#define ENGINE_MAX 3 /* docker, podman, cri */
/* Engines as a mask: bit i for the i-th of docker, podman, cri. */
#define ENGINES_ALL ((1u << ENGINE_MAX) - 1)

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
/* The same for one process, pid its /proc entry under procfd, running
 * prog (proc_program): the engines it is a container monitor of. Safe to
 * call from threads. */
unsigned engines_monitor(int procfd, const char *pid, const char *prog,
			 const char *name);

#endif
