/* engine.h - container engines (docker, podman, CRI) by name or ID */
#ifndef NSX_ENGINE_H
#define NSX_ENGINE_H

#include <sys/types.h>

#include "nsx/util.h"

/*
 * Find a running container by name, full ID or unique ID prefix.
 * engine: "docker", "podman", "cri", or NULL to ask every engine present.
 * On success *pid is the container's init PID, found_engine names the
 * engine that answered. -ENOENT when no engine knows the name (err says
 * which engines were asked), other negative errno for real failures
 * (ambiguous, not running, engine hung).
 */
int engine_resolve(const char *engine, const char *name, pid_t *pid,
		   char *found_engine, size_t found_size, struct nsx_err *err);
/* Is name a container engine source prefix? */
int engine_is_source(const char *source);

#endif
