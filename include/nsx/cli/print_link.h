/* print_link.h - a link's -d details as ip prints them, its text and its
 * JSON written from one code path (print_link.c, print_vxlan.c,
 * print_bridge.c) */
#ifndef NSX_CLI_PRINT_LINK_H
#define NSX_CLI_PRINT_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nsx/cli/cmd_net.h"
#include "nsx/lib/json.h"
#include "nsx/net/link.h"

/* Where the details go: ip's text on out (sl between the lines of one
 * record: "\n", or "\\" with -o), or with json members of j. */
struct link_print {
	bool json;
	struct json *j;
	FILE *out;
	const char *sl;
	const struct cmd_net_links *s; /* names of lower links and ports */
};

/* What ip -d adds to a link, in its order: after the link-layer line in
 * text, after "link_netnsid" in JSON (what: CMD_NET_LINK_*). */
void link_print_details(struct link_print *p, const struct link_info *li,
			unsigned what);
/* A vxlan's own settings; a bridge's (port false) or a bridge port's. */
void link_print_vxlan(struct link_print *p, const struct link_vxlan *v);
void link_print_bridge(struct link_print *p, const struct link_kind_data *d,
		       bool port);

/*
 * One field, named once for both forms: "word val " in text, "key": val
 * in JSON. A NULL key leaves it out of the JSON, a NULL word out of the
 * text: the fields ip prints in one form only.
 */
void link_put_uint(struct link_print *p, const char *key, const char *word,
		   uint64_t val);
void link_put_int(struct link_print *p, const char *key, const char *word,
		  int64_t val);
void link_put_str(struct link_print *p, const char *key, const char *word,
		  const char *val);
/* "%#x" in both forms, a string in JSON. */
void link_put_hex(struct link_print *p, const char *key, const char *word,
		  uint64_t val);
/* "word on" or "word off"; true or false. */
void link_put_onoff(struct link_print *p, const char *key, const char *word,
		    bool val);
/* "word " or "noword "; true or false. */
void link_put_bool(struct link_print *p, const char *key, const char *word,
		   bool val);
/* A flag that is set: "word "; true. */
void link_put_flag(struct link_print *p, const char *key, const char *word);
/* An object of the JSON ({"key": {...}}); nothing in text. */
void link_put_open(struct link_print *p, const char *key);
void link_put_close(struct link_print *p);

#endif
