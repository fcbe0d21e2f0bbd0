/* privs.c - capabilities (libcap-ng) and privilege policy */
#include <errno.h>
#include <cap-ng.h>

#include "nsx/privs.h"

int privs_keep_caps(struct nsx_err *err)
{
	int last = capng_get_caps_process();

	if (last < 0)
		return nsx_failx(err, EPERM, "--keep-caps: cannot read "
				 "capabilities");
	for (unsigned cap = 0; cap <= CAP_LAST_CAP; cap++) {
		if (!capng_have_capability(CAPNG_PERMITTED, cap))
			continue;
		if (capng_update(CAPNG_ADD, CAPNG_INHERITABLE | CAPNG_AMBIENT,
				 cap) < 0)
			return nsx_failx(err, EPERM, "--keep-caps: capability %u",
					 cap);
	}
	if (capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT) < 0)
		return nsx_failx(err, EPERM,
				 "--keep-caps: cannot raise ambient "
				 "capabilities");
	return 0;
}
