/* engine-stub.c - container engines for the target harness: none.
 * The real lookups run engine tools; a harness must not start programs. */
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
		return nsx_failx(err, ENOTSUP, "%s:%s: no engine in the harness",
				 engine, name);
	return nsx_failx(err, ENOENT, "no container engine asked");
}
