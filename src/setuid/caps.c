/*
 * caps.c - capability sets: changed through libcap-ng, read from the kernel
 *
 * Every change goes through libcap-ng (capng_clear, capng_update,
 * capng_apply). Reading the current state does not: libcap-ng's
 * capng_get_caps_process() takes the bounding and ambient sets from
 * /proc/<tid>/status, with the tid as seen in nsx's own pid namespace,
 * which names another process (or none) when nsx runs in a pid
 * namespace with the host's /proc mounted. The state is read with
 * capget(2) and prctl(2) instead, and handed to libcap-ng before each
 * change; that also covers libcap-ng forgetting its state in a child
 * after fork().
 */
#include <errno.h>
#include <cap-ng.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsx/setuid/caps.h"

static uint64_t join(uint32_t lo, uint32_t hi)
{
	return (uint64_t)hi << 32 | lo;
}

int caps_get(struct caps *c)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &hdr, d) < 0)
		return -errno;
	c->effective = join(d[0].effective, d[1].effective);
	c->permitted = join(d[0].permitted, d[1].permitted);
	c->inheritable = join(d[0].inheritable, d[1].inheritable);
	return 0;
}

/* Add the bits of mask to libcap-ng's sets of type (CAPNG_EFFECTIVE...). */
static int caps_load(capng_type_t type, uint64_t mask)
{
	for (unsigned cap = 0; cap < 64; cap++)
		if ((mask & CAPS_BIT(cap)) &&
		    capng_update(CAPNG_ADD, type, cap) < 0)
			return -EINVAL;
	return 0;
}

/* libcap-ng's effective, permitted and inheritable sets become c's. */
static int caps_stage(const struct caps *c)
{
	capng_clear(CAPNG_SELECT_CAPS);
	if (caps_load(CAPNG_EFFECTIVE, c->effective) < 0 ||
	    caps_load(CAPNG_PERMITTED, c->permitted) < 0 ||
	    caps_load(CAPNG_INHERITABLE, c->inheritable) < 0)
		return -EINVAL;
	return 0;
}

int caps_set(const struct caps *c)
{
	if (caps_stage(c) < 0 || capng_apply(CAPNG_SELECT_CAPS) < 0)
		return -EPERM;
	return 0;
}

int caps_start(uint64_t permitted)
{
	/* An empty bounding set, while CAP_SETPCAP is still ours: nothing
	 * nsx ever executes can gain a capability, whatever it is. The
	 * bounding set is applied first, then the three sets. */
	capng_clear(CAPNG_SELECT_BOTH);
	if (caps_load(CAPNG_PERMITTED, permitted) < 0 ||
	    capng_apply(CAPNG_SELECT_BOTH) < 0)
		return -EPERM;
	return 0;
}

int caps_clear(void)
{
	capng_clear(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
	if (capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT) < 0)
		return -EPERM;
	return 0;
}

int caps_keep_ambient(void)
{
	struct caps c;

	if (caps_get(&c) < 0)
		return -errno;
	/* Ambient needs each capability permitted and inheritable. */
	c.inheritable |= c.permitted;
	capng_clear(CAPNG_SELECT_AMBIENT);
	if (caps_stage(&c) < 0 || caps_load(CAPNG_AMBIENT, c.permitted) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT) < 0)
		return -EPERM;
	return 0;
}

bool caps_bounding_or_ambient(void)
{
	for (unsigned long cap = 0;; cap++) {
		int b = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);

		if (b < 0)
			return false;
		if (b == 1 || prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap,
				    0, 0) == 1)
			return true;
	}
}
