/* engine.c - container engines (docker, podman, CRI) by name or ID */
#include <errno.h>

#include "nsx/engine.h"

int engine_is_source(const char *source)
{
	return streq(source, "docker") || streq(source, "podman") ||
	       streq(source, "cri");
}

int engine_resolve(const char *engine, const char *name, pid_t *pid,
		   char *found_engine, size_t found_size, struct nsx_err *err)
{
	(void)pid;
	(void)found_engine;
	(void)found_size;
	if (engine)
		return nsx_failx(err, ENOTSUP,
				 "%s:%s: container engines are not supported "
				 "by this build", engine, name);
	return nsx_failx(err, ENOENT, "no container engine installed");
}
