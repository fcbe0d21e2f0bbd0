/*
 * nl_dump.c - nl.c's dumps against a scripted kernel
 *
 * The kernel cannot be made to interrupt a dump on demand, so this program
 * stands in for it: it defines mnl_socket_sendto and mnl_socket_recvfrom,
 * which the linker then takes instead of libmnl's for nl.o, and answers
 * each RTM_GETLINK dump with datagrams it builds with libmnl. Everything
 * else (the reading through mnl_cb_run2, the retries, the reset, the
 * messages) is nsx's code as it runs. Prints one line a check, "ok" or
 * "not ok", and exits 1 if any failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "nsx/net/link.h"
#include "nsx/net/nl.h"

#define PORTID 4242

/* The script: how many of the next dumps the kernel interrupts. */
static int interrupt_next;
static int dumps;              /* dump requests received */
static uint32_t last_seq;
static char pending[8192];     /* the datagram the next recv returns */
static size_t pending_len;

/* One RTM_NEWLINK for ifindex, name, flagged or not, at buf + *off. */
static void put_link(char *buf, size_t *off, uint32_t seq, int ifindex,
		     const char *name, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *off);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = PORTID;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_index = ifindex;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	*off += MNL_ALIGN(nlh->nlmsg_len);
}

static void put_done(char *buf, size_t *off, uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + *off);
	int *err;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = PORTID;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	*err = 0;
	*off += MNL_ALIGN(nlh->nlmsg_len);
}

ssize_t mnl_socket_sendto(const struct mnl_socket *nl, const void *req,
			  size_t len)
{
	const struct nlmsghdr *nlh = req;
	uint16_t intr = 0;
	size_t off = 0;

	(void)nl;
	if (len < sizeof(*nlh) || nlh->nlmsg_type != RTM_GETLINK ||
	    !(nlh->nlmsg_flags & NLM_F_DUMP)) {
		errno = EINVAL;
		return -1;
	}
	dumps++;
	last_seq = nlh->nlmsg_seq;
	memset(pending, 0, sizeof(pending));
	if (interrupt_next > 0) {
		interrupt_next--;
		intr = NLM_F_DUMP_INTR;
		/* What was read before the change, then the rest flagged. */
		put_link(pending, &off, last_seq, 1, "stale0", 0);
		put_link(pending, &off, last_seq, 2, "stale1", intr);
	} else {
		put_link(pending, &off, last_seq, 1, "lo", 0);
		put_link(pending, &off, last_seq, 2, "eth0", 0);
	}
	put_done(pending, &off, last_seq, intr);
	pending_len = off;
	return (ssize_t)len;
}

ssize_t mnl_socket_recvfrom(const struct mnl_socket *nl, void *buf,
			    size_t size)
{
	(void)nl;
	if (!pending_len || pending_len > size) {
		errno = EAGAIN;
		return -1;
	}
	memcpy(buf, pending, pending_len);
	size = pending_len;
	pending_len = 0;
	return (ssize_t)size;
}

static int failures;

static void check(int ok, const char *what)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", what);
	failures += !ok;
}

int main(void)
{
	static char sock_stand_in;
	struct nl nl = { .sock = (struct mnl_socket *)(void *)&sock_stand_in,
			 .portid = PORTID, .netns_fd = -1, .label = "test" };
	struct link_info *v = NULL;
	struct nsx_err err = { 0 };
	size_t n = 0;
	int r;

	nl.rbuf = malloc(NL_RECV_SIZE);
	if (!nl.rbuf)
		return 2;

	r = link_list(&nl, NULL, &v, &n, &err);
	check(r == 0 && dumps == 1 && n == 2, "a clean dump is read once");
	free(v);
	v = NULL;

	dumps = 0;
	interrupt_next = 1;
	r = link_list(&nl, NULL, &v, &n, &err);
	check(r == 0 && dumps == 2, "an interrupted dump runs again");
	check(r == 0 && n == 2 && strcmp(v[0].ifname, "lo") == 0 &&
	      strcmp(v[1].ifname, "eth0") == 0,
	      "what the interrupted dump gave is forgotten");
	free(v);
	v = NULL;

	dumps = 0;
	interrupt_next = NL_DUMP_TRIES - 1;
	r = link_list(&nl, NULL, &v, &n, &err);
	check(r == 0 && dumps == NL_DUMP_TRIES && n == 2,
	      "the last try may succeed");
	free(v);
	v = NULL;

	dumps = 0;
	interrupt_next = 1000;
	r = link_list(&nl, NULL, &v, &n, &err);
	check(r == -EINTR && dumps == NL_DUMP_TRIES,
	      "a dump interrupted every time fails after NL_DUMP_TRIES");
	check(r < 0 && err.code == EINTR &&
	      strstr(err.msg, "Dump was interrupted and may be inconsistent.")
		      != NULL,
	      "and says so as ip does");
	if (r < 0)
		printf("# %s\n", err.msg);
	check(v == NULL, "and keeps nothing");

	free(nl.rbuf);
	return failures ? 1 : 0;
}
