/* peer_name.c - far ends' names, read inside the namespace they live in */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "nsx/net/peer.h"
#include "peer_int.h"

/*
 * A netlink answer about a far end is a whole link message, built with
 * its flags, queues and per-protocol settings; SIOCGIFNAME is an index
 * looked up in the namespace's table. The socket is what ties the ioctl
 * to the namespace: an AF_UNIX one costs least to make and to close.
 */
void peer_names_in(struct peer_search *s, size_t idx, int nsfd)
{
	struct nsx_err ignored;
	struct peers *p = s->names;
	int sock;

	/* -1 is the caller's own namespace: come back to it first. */
	if (nsfd < 0 && peer_names_home(s, &ignored) < 0)
		return;
	if (nsfd >= 0) {
		if (s->home < 0)
			s->home = open("/proc/thread-self/ns/net",
				       O_RDONLY | O_CLOEXEC | O_NOCTTY);
		/* Without a way back, the namespace is not entered. */
		if (s->home < 0 || setns(nsfd, CLONE_NEWNET) < 0)
			return;
		s->away = true;
	}
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return;
	for (int i = p->ns[idx].first; i >= 0; i = p->v[i].next) {
		struct peer *e = &p->v[i];
		struct ifreq ifr = { .ifr_ifindex = e->far_index };

		if (e->ifname[0])
			continue;
		if (ioctl(sock, SIOCGIFNAME, &ifr) == 0)
			snprintf(e->ifname, sizeof(e->ifname), "%.*s",
				 IFNAMSIZ - 1, ifr.ifr_name);
	}
	close(sock);
}

int peer_names_home(struct peer_search *s, struct nsx_err *err)
{
	if (!s->away)
		return 0;
	if (setns(s->home, CLONE_NEWNET) < 0)
		return nsx_fail(err, errno, "peer: back to the caller's "
				"network namespace");
	s->away = false;
	return 0;
}
