/* inet.h - IPv4 and IPv6 addresses with a prefix length, as words */
#ifndef NSX_INET_H
#define NSX_INET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nsx/lib/util.h"

/* An address with its prefix length: "10.1.1.1/24", "fd00::1/64". */
struct inet_prefix {
	int family;        /* AF_INET or AF_INET6; 0 when unset */
	uint8_t bytes[16]; /* network byte order, 4 or 16 used */
	uint8_t len;       /* prefix length; 32 or 128 when not written */
	bool has_len;      /* "/N" was written */
};

/* INET6_ADDRSTRLEN plus "/128". */
#define INET_PREFIX_STRLEN 52

/* "ADDR[/LEN]", strict: dotted quad or IPv6, LEN whole and in range. */
int inet_parse_prefix(const char *s, struct inet_prefix *p,
		      struct nsx_err *err);
/* "ADDR" only (a gateway, a source): no "/LEN". */
int inet_parse_ip(const char *s, struct inet_prefix *p, struct nsx_err *err);
/* Format p as "ADDR/LEN", or "ADDR" when with_len is false; returns buf. */
const char *inet_prefix_str(const struct inet_prefix *p, bool with_len,
			    char *buf, size_t size);
/* 4 or 16. */
size_t inet_family_size(int family);

#endif
