/* link_check.c - interface names, MAC addresses and MTUs, checked whole */
#include <ctype.h>
#include <errno.h>

#include "nsx/net/link.h"

int link_check_name(const char *name, const char *what, struct nsx_err *err)
{
	size_t n = strlen(name);

	if (n == 0)
		return nsx_failx(err, EINVAL, "%s: empty interface name", what);
	if (n >= IFNAMSIZ)
		return nsx_failx(err, EINVAL, "%s: interface name '%s' is "
				 "longer than %d bytes", what, name,
				 IFNAMSIZ - 1);
	if (streq(name, ".") || streq(name, ".."))
		return nsx_failx(err, EINVAL, "%s: '%s' cannot be an "
				 "interface name", what, name);
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == ':' || isspace((unsigned char)*p))
			return nsx_failx(err, EINVAL, "%s: interface name "
					 "'%s' contains '%s'", what, name,
					 *p == '/' ? "/" : *p == ':' ? ":" :
					 "whitespace");
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int link_parse_mac(const char *s, uint8_t mac[6], struct nsx_err *err)
{
	const char *p = s;

	for (int i = 0; i < 6; i++) {
		int hi = hexval((unsigned char)p[0]), lo;

		if (hi < 0)
			goto bad;
		lo = hexval((unsigned char)p[1]);
		if (lo < 0) {
			mac[i] = (uint8_t)hi;
			p += 1;
		} else {
			mac[i] = (uint8_t)(hi << 4 | lo);
			p += 2;
		}
		if (*p != (i == 5 ? '\0' : ':'))
			goto bad;
		p += i < 5;
	}
	if (mac[0] & 1)
		return nsx_failx(err, EINVAL, "address %s: a multicast address "
				 "cannot be a link's own", s);
	if (!(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return nsx_failx(err, EINVAL, "address %s: all zero", s);
	return 0;
bad:
	return nsx_failx(err, EINVAL, "address '%s': not a MAC address "
			 "(like 02:00:00:00:00:01)", s);
}

int link_parse_mtu(const char *s, uint32_t *mtu, struct nsx_err *err)
{
	unsigned long v;
	int r = parse_ulong(s, ULONG_MAX, &v);

	if (r == -EINVAL)
		return nsx_failx(err, EINVAL, "mtu '%s': not a number", s);
	if (r < 0 || v < LINK_MTU_MIN || v > LINK_MTU_MAX)
		return nsx_failx(err, ERANGE, "mtu %s: out of range (%d-%d)", s,
				 LINK_MTU_MIN, LINK_MTU_MAX);
	*mtu = (uint32_t)v;
	return 0;
}
