/* route_int.h - what the route files share: reading a line's words */
#ifndef NSX_NET_ROUTE_INT_H
#define NSX_NET_ROUTE_INT_H

#include "nsx/net/route.h"

/* A cursor over a route line's words (after the verb). */
struct route_words {
	int argc;
	char **argv;
	int i;                  /* the word being read */
	struct nsx_err *err;
};

/* The value after the current word, or NULL with err saying it is
 * missing (ip's "Command line is incomplete", 255). */
const char *route_words_next(struct route_words *w);
/* -EINVAL: the value what of the word before it is not one ip takes. */
int route_words_bad(struct route_words *w, const char *what);
/* An address ("ADDR", or with prefix "ADDR/LEN") of *family, which the
 * first address of a line chooses; another family is ip's error 1. */
int route_words_addr(struct route_words *w, const char *s, bool prefix,
		     int *family, struct inet_prefix *p);
/* "via [inet|inet6] ADDR" after the current word. */
int route_words_via(struct route_words *w, int *family,
		    struct inet_prefix *gw);

/* The words of add, del, change, replace, append, prepend. */
int route_parse_modify(int argc, char **argv, struct route_req *req,
		       struct nsx_err *err);
/* The selectors of show and flush, into req->filter. */
int route_parse_filter(int argc, char **argv, struct route_req *req,
		       struct nsx_err *err);
/* The words of get. */
int route_parse_get(int argc, char **argv, struct route_req *req,
		    struct nsx_err *err);

/* A dump of the routes of f's family (and table: one that does not
 * exist is the kernel's error, as for ip), each message to cb. */
int route_dump_run(struct nl *nl, const struct route_filter *f,
		   mnl_cb_t cb, nl_reset_fn reset, void *data,
		   const char *what, struct nsx_err *err);

/* Send one RTM_NEWROUTE or RTM_DELROUTE built from req (flags the
 * NLM_F_* of its verb). */
int route_send(struct nl *nl, const struct route_req *req, uint16_t type,
	       uint16_t flags, struct nsx_err *err);

#endif
