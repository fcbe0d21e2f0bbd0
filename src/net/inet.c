/* inet.c - IPv4 and IPv6 addresses with a prefix length, as words */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nsx/net/inet.h"

size_t inet_family_size(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

static int parse_ip(const char *s, size_t n, struct inet_prefix *p)
{
	char buf[INET6_ADDRSTRLEN];

	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*p = (struct inet_prefix){ 0 };
	p->family = memchr(buf, ':', n) ? AF_INET6 : AF_INET;
	if (inet_pton(p->family, buf, p->bytes) != 1)
		return -EINVAL;
	p->len = (uint8_t)(inet_family_size(p->family) * 8);
	return 0;
}

int inet_parse_prefix(const char *s, struct inet_prefix *p,
		      struct nsx_err *err)
{
	const char *slash = strchr(s, '/');
	unsigned long len;

	if (parse_ip(s, slash ? (size_t)(slash - s) : strlen(s), p) < 0)
		return nsx_failx(err, EINVAL, "%s: not an IPv4 or IPv6 address%s",
				 s, slash ? " with prefix length" : "");
	if (!slash)
		return 0;
	if (parse_ulong(slash + 1, p->len, &len) < 0)
		return nsx_failx(err, EINVAL, "%s: prefix length must be 0 to %u",
				 s, p->len);
	p->len = (uint8_t)len;
	p->has_len = true;
	return 0;
}

int inet_parse_ip(const char *s, struct inet_prefix *p, struct nsx_err *err)
{
	if (parse_ip(s, strlen(s), p) < 0)
		return nsx_failx(err, EINVAL, "%s: not an IPv4 or IPv6 address",
				 s);
	return 0;
}

/* n in decimal at d, which has room for 10 digits; returns the end. */
static char *put_uint(char *d, unsigned n)
{
	char tmp[10];
	size_t k = 0;

	do
		tmp[k++] = (char)('0' + n % 10);
	while ((n /= 10));
	while (k)
		*d++ = tmp[--k];
	return d;
}

/*
 * A listing writes thousands of addresses, and glibc's inet_ntop writes
 * an IPv4 one with sprintf: a dotted quad is written here; IPv6 (with
 * its zero runs and embedded IPv4) is left to inet_ntop.
 */
const char *inet_prefix_str(const struct inet_prefix *p, bool with_len,
			    char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN + 4], *d = ip;

	if (p->family == AF_INET) {
		for (int i = 0; i < 4; i++) {
			if (i)
				*d++ = '.';
			d = put_uint(d, p->bytes[i]);
		}
	} else if (inet_ntop(p->family, p->bytes, ip, INET6_ADDRSTRLEN)) {
		d = ip + strlen(ip);
	} else {
		*d++ = '?';
	}
	if (with_len) {
		*d++ = '/';
		d = put_uint(d, p->len);
	}
	if (size) { /* cut to size, as snprintf would */
		size_t n = (size_t)(d - ip) < size ? (size_t)(d - ip) : size - 1;

		memcpy(buf, ip, n);
		buf[n] = '\0';
	}
	return buf;
}
