/* reach.h - can A reach B, and if not, why */
#ifndef NSX_REACH_H
#define NSX_REACH_H

#include <stdbool.h>
#include <stdint.h>

#include "nsx/net/inet.h"
#include "nsx/net/nl.h"
#include "nsx/lib/util.h"

enum reach_proto { REACH_ICMP, REACH_TCP, REACH_UDP };

/* One question: A (a TARGET) to B (a TARGET or an address). */
struct reach_req {
	const char *a, *b;
	enum reach_proto proto;
	unsigned port;        /* tcp, udp: 1..65535 */
	unsigned timeout_ms;  /* how long the probe waits for an answer */
	/* The setuid policy's checks and the raising of privileges around
	 * each setns and socket (NULL: none to mind), as for link show. */
	const struct nl_guard *guard;
	/* A setuid nsx run by another user: no firewall tool is run (reading
	 * rules takes CAP_NET_ADMIN the caller does not have). */
	bool confined;
};

/* What the probe did. */
struct reach_probe {
	bool tried;           /* a packet went out */
	bool answered;        /* the flow worked */
	char what[64];        /* "icmp echo", "tcp connect to port 80" */
	char src[INET_PREFIX_STRLEN], dst[INET_PREFIX_STRLEN];
	char result[160];     /* "reply in 0.1 ms", "no answer within 1 s" */
	unsigned ms;          /* how long it took (answered) */
};

#define REACH_TEXT 256
#define REACH_MAX_FINDINGS 16

/* One cause: a word for scripts, a sentence, the command that fixes it
 * ("" when nsx knows of none). */
struct reach_finding {
	char cause[32];
	char detail[REACH_TEXT];
	char fix[REACH_TEXT];
};

struct reach_result {
	bool reachable;
	char a_label[128], b_label[128];
	struct reach_probe probe;
	struct reach_finding f[REACH_MAX_FINDINGS];
	unsigned n;
	char note[REACH_TEXT]; /* what could not be looked at, or "" */
};

/*
 * Probe the flow from inside A's network namespace; when it fails (or
 * cannot be tried), read the state of every namespace on the way (links,
 * addresses, routes, neighbours, bridge ports, sysctls, firewall rules)
 * and name the causes. Changes nothing. Returns 0 (the answer is in res)
 * or -errno with err set (a target not found, not allowed).
 */
int reach_run(const struct reach_req *req, struct reach_result *res,
	      struct nsx_err *err);

#endif
