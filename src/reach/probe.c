/* probe.c - try the flow for real from inside A's network namespace: an
 * ICMP echo (a ping socket, else a raw one), a TCP connect or a UDP
 * datagram, with a deadline */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "nsx/lib/ns.h"
#include "reach_int.h"

struct sock_q {
	int family, type, proto;
	int fd;
};

static int sock_make(void *data, struct nsx_err *err)
{
	struct sock_q *q = data;

	q->fd = socket(q->family, q->type | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       q->proto);
	return q->fd < 0 ? nsx_fail(err, errno, "socket") : 0;
}

/* A socket made inside A's namespace: it stays there when we return. */
static int probe_socket(struct rctx *c, int type, int proto,
			struct nsx_err *err)
{
	const struct nl_guard *g = c->req->guard;
	struct sock_q q = { c->dst.family, type, proto, -1 };
	int r;

	if (c->ns[c->a].self)
		return sock_make(&q, err) < 0 ? -err->code : q.fd;
	if (g && g->raise && (r = g->raise(err)) < 0)
		return r;
	r = ns_visit(c->ns[c->a].fd, NS_NET, sock_make, &q, err);
	if (g && g->lower)
		g->lower();
	return r < 0 ? r : q.fd;
}

static socklen_t probe_addr(const struct rctx *c, unsigned port,
			    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (c->dst.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		memcpy(&s6->sin6_addr, c->dst.bytes, 16);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons((uint16_t)port);
	memcpy(&s4->sin_addr, c->dst.bytes, 4);
	return sizeof(*s4);
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* The source address the kernel gave the connected socket. */
static void probe_src(struct rctx *c, int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const void *a = NULL;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return;
	a = ss.ss_family == AF_INET6 ?
		    (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr :
		    (const void *)&((struct sockaddr_in *)&ss)->sin_addr;
	inet_ntop(ss.ss_family, a, c->res->probe.src,
		  sizeof(c->res->probe.src));
}

static uint16_t icmp_sum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t s = 0;

	for (size_t k = 0; k + 1 < len; k += 2)
		s += (uint32_t)(p[k] << 8 | p[k + 1]);
	if (len & 1)
		s += (uint32_t)(p[len - 1] << 8);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

#define PROBE_COOKIE "nsx reach probe!"

/* Is buf (a raw IPv4 socket's: with the IP header) our echo's reply? */
static bool icmp_is_reply(const struct rctx *c, const uint8_t *buf,
			  ssize_t n, bool raw)
{
	size_t off = 0;
	uint8_t want = c->dst.family == AF_INET6 ? ICMP6_ECHO_REPLY :
						   ICMP_ECHOREPLY;

	if (raw && c->dst.family == AF_INET && n > 0)
		off = (size_t)(buf[0] & 0x0f) * 4;
	if (n < (ssize_t)(off + 8 + sizeof(PROBE_COOKIE) - 1))
		return false;
	return buf[off] == want &&
	       !memcmp(buf + off + 8, PROBE_COOKIE, sizeof(PROBE_COOKIE) - 1);
}

/* Wait for fd to be ready for events until the deadline (us). */
static int probe_wait(int fd, short events, long long deadline)
{
	struct pollfd p = { fd, events, 0 };
	long long left = deadline - now_us();

	if (left <= 0)
		return 0;
	return poll(&p, 1, (int)((left + 999) / 1000));
}

static void probe_result(struct rctx *c, bool ok, long long t0,
			 const char *fmt, const char *why)
{
	struct reach_probe *p = &c->res->probe;

	p->answered = ok;
	p->ms = (unsigned)((now_us() - t0) / 1000);
	snprintf(p->result, sizeof(p->result), fmt, why);
	c->probed = true;
}

static void probe_icmp_wait(struct rctx *c, int fd, bool raw, long long t0)
{
	long long deadline = t0 + (long long)c->req->timeout_ms * 1000;
	uint8_t buf[1500];
	ssize_t n;

	for (;;) {
		if (probe_wait(fd, POLLIN, deadline) <= 0) {
			probe_result(c, false, t0, "no answer within the "
				     "timeout%s", "");
			return;
		}
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			probe_result(c, false, t0, "%s", strerror(errno));
			return;
		}
		if (n > 0 && icmp_is_reply(c, buf, n, raw)) {
			probe_result(c, true, t0, "echo reply%s", "");
			return;
		}
	}
}

static void probe_icmp(struct rctx *c, struct nsx_err *err)
{
	bool v6 = c->dst.family == AF_INET6;
	int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	uint8_t pkt[8 + sizeof(PROBE_COOKIE) - 1] = { 0 };
	struct sockaddr_storage ss;
	socklen_t len = probe_addr(c, 0, &ss);
	_cleanup_close_ int fd = probe_socket(c, SOCK_DGRAM, proto, err);
	bool raw = false;
	long long t0;

	snprintf(c->res->probe.what, sizeof(c->res->probe.what), "icmp echo");
	/* A ping socket needs the namespace's ping_group_range to hold the
	 * caller's group; a raw one needs CAP_NET_RAW. */
	if (fd < 0) {
		fd = probe_socket(c, SOCK_RAW, proto, err);
		raw = true;
	}
	if (fd < 0 && err->code == EPERM)
		snprintf(c->res->probe.result, sizeof(c->res->probe.result),
			 "not tried: net.ipv4.ping_group_range in A leaves "
			 "out your group, and a raw socket needs CAP_NET_RAW");
	else if (fd < 0)
		snprintf(c->res->probe.result, sizeof(c->res->probe.result),
			 "not tried: %.140s", err->msg);
	if (fd < 0)
		return;
	pkt[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	pkt[5] = 1; /* sequence 1; the id is the socket's (ping) or 0 */
	memcpy(pkt + 8, PROBE_COOKIE, sizeof(PROBE_COOKIE) - 1);
	if (!v6)
		memcpy(pkt + 2, &(uint16_t){ icmp_sum(pkt, sizeof(pkt)) }, 2);
	t0 = now_us();
	c->res->probe.tried = true;
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 ||
	    send(fd, pkt, sizeof(pkt), 0) < 0) {
		probe_result(c, false, t0, "%s", strerror(errno));
		return;
	}
	probe_src(c, fd);
	probe_icmp_wait(c, fd, raw, t0);
}

static void probe_tcp(struct rctx *c, int fd, long long t0)
{
	long long deadline = t0 + (long long)c->req->timeout_ms * 1000;
	int e = 0;
	socklen_t len = sizeof(e);

	if (probe_wait(fd, POLLOUT, deadline) <= 0) {
		probe_result(c, false, t0, "no answer within the timeout%s",
			     "");
		return;
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len);
	c->refused = e == ECONNREFUSED;
	probe_result(c, e == 0, t0, "%s", e ? strerror(e) : "connected");
}

static void probe_udp(struct rctx *c, int fd, long long t0)
{
	long long deadline = t0 + (long long)c->req->timeout_ms * 1000;
	char b[64];
	ssize_t n;

	if (send(fd, PROBE_COOKIE, sizeof(PROBE_COOKIE) - 1, 0) < 0 ||
	    probe_wait(fd, POLLIN, deadline) > 0) {
		n = recv(fd, b, sizeof(b), 0);
		c->refused = n < 0 && errno == ECONNREFUSED;
		probe_result(c, n >= 0, t0, "%s",
			     n >= 0 ? "answered" : strerror(errno));
		return;
	}
	/* Silence says nothing: a UDP service need not answer. */
	probe_result(c, false, t0, "sent, no answer within the timeout%s", "");
	c->probed = false;
	c->silent = true;
}

void reach_probe(struct rctx *c)
{
	struct reach_probe *p = &c->res->probe;
	struct nsx_err err = { 0 };
	struct sockaddr_storage ss;
	bool tcp = c->req->proto == REACH_TCP;
	socklen_t len;
	long long t0;
	_cleanup_close_ int fd = -1;

	rinet_str(&c->dst, false, p->dst);
	if (c->req->proto == REACH_ICMP) {
		probe_icmp(c, &err);
		return;
	}
	snprintf(p->what, sizeof(p->what), "%s to port %u",
		 tcp ? "tcp connect" : "udp datagram", c->req->port);
	fd = probe_socket(c, tcp ? SOCK_STREAM : SOCK_DGRAM, 0, &err);
	if (fd < 0) {
		snprintf(p->result, sizeof(p->result), "not tried: %.140s", err.msg);
		return;
	}
	len = probe_addr(c, c->req->port, &ss);
	t0 = now_us();
	p->tried = true;
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 &&
	    errno != EINPROGRESS) {
		c->refused = errno == ECONNREFUSED;
		probe_result(c, false, t0, "%s", strerror(errno));
		return;
	}
	probe_src(c, fd);
	if (tcp)
		probe_tcp(c, fd, t0);
	else
		probe_udp(c, fd, t0);
}
