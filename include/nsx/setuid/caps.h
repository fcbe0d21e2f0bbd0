/* caps.h - the calling thread's capabilities: libcap-ng to change them,
 * the kernel's own calls to read them */
#ifndef NSX_CAPS_H
#define NSX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

/* The three sets of capabilities(7), one bit per capability number. */
struct caps {
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
};

#define CAPS_BIT(cap) (UINT64_C(1) << (cap))

/* Read this thread's sets (capget). 0, or -errno. */
int caps_get(struct caps *c);
/* Make c this thread's sets. 0, or -EPERM. */
int caps_set(const struct caps *c);
/* Empty the bounding set (needs CAP_SETPCAP) and keep only permitted,
 * nothing effective or inheritable. 0, or -EPERM. */
int caps_start(uint64_t permitted);
/* No capability left in any set but the bounding one. */
int caps_clear(void);
/* What is permitted becomes inheritable and ambient, so that it
 * survives an exec (--keep-caps). */
int caps_keep_ambient(void);
/* Is any capability left in the bounding or the ambient set? Asked of
 * the kernel cap by cap until it says there are no more. */
bool caps_bounding_or_ambient(void);

#endif
