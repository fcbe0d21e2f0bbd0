/*
 * caps.c - capability sets through the kernel's own interface
 *
 * capget/capset with the 64-bit (version 3) layout, and prctl for the
 * bounding and ambient sets: four system calls are all a setuid nsx
 * needs, and none of them reads a file or looks a user up.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nsx/caps.h"

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

int caps_set(const struct caps *c)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {
		{ (uint32_t)c->effective, (uint32_t)c->permitted,
		  (uint32_t)c->inheritable },
		{ (uint32_t)(c->effective >> 32), (uint32_t)(c->permitted >> 32),
		  (uint32_t)(c->inheritable >> 32) },
	};

	return syscall(SYS_capset, &hdr, d) < 0 ? -errno : 0;
}

int caps_bounding_clear(void)
{
	for (unsigned long cap = 0;; cap++) {
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0)
			return cap ? 0 : -errno; /* past the last one */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return -errno;
	}
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

int caps_ambient_raise(unsigned cap)
{
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)cap,
		  0, 0) < 0)
		return -errno;
	return 0;
}
