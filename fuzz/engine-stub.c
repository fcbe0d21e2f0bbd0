/* engine-stub.c - what the target harness links instead of the engines:
 * no engine (the real lookups run engine tools, and a harness must not
 * start programs). */
#include <errno.h>

#include "nsx/engine/engine.h"

int engine_is_source(const char *source)
{
	return streq(source, "docker") || streq(source, "podman") ||
	       streq(source, "cri");
}

int engine_resolve(const char *engine, const char *name,
		   struct engine_container *c, struct nsx_err *err)
{
	(void)c;
	if (engine)
		return nsx_failx(err, ENOTSUP, "%s:%s: no engine in the harness",
				 engine, name);
	return nsx_failx(err, ENOENT, "no container engine asked");
}

int engine_check_pidfd(const struct engine_container *c, int pidfd,
		       struct nsx_err *err)
{
	(void)c;
	(void)pidfd;
	return nsx_failx(err, ESRCH, "no engine in the harness");
}
