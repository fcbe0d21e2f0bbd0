/* caps.h - the calling thread's capability sets, through capget/capset */
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

/* Read or replace this thread's sets. 0, or -errno. */
int caps_get(struct caps *c);
int caps_set(const struct caps *c);
/* Drop every capability from the bounding set (needs CAP_SETPCAP). */
int caps_bounding_clear(void);
/* Is any capability left in the bounding or the ambient set? Asked of
 * the kernel cap by cap until it says there are no more (reading
 * /proc/<pid>/status would, in a pid namespace with the host's /proc,
 * read another process's). */
bool caps_bounding_or_ambient(void);
/* Raise cap in the ambient set; it must be permitted and inheritable. */
int caps_ambient_raise(unsigned cap);

#endif
