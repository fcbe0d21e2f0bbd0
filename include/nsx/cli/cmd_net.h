/* cmd_net.h - what the rtnetlink commands (link, addr, route) share */
#ifndef NSX_CMD_NET_H
#define NSX_CMD_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nsx/lib/json.h"
#include "nsx/net/link.h"
#include "nsx/net/netns.h"
#include "nsx/net/nl.h"
#include "nsx/lib/out.h"
#include "nsx/lib/util.h"

/* What the network commands let the transport do: the setuid policy's
 * checks, and privileges raised around the socket and each send. */
extern const struct nl_guard cmd_net_guard;

/*
 * Open the rtnetlink socket of spec's network namespace ("" = nsx's own)
 * for a command, with cmd_net_guard: the policy decides whether the
 * caller may look (write false) or change (write true). Returns 0 or
 * -errno with err set; nl_close(nl) when done.
 */
int cmd_net_open(const char *spec, bool write, struct nl *nl,
		 struct nsx_err *err);

/* A command line link, addr or route could not read (a word unknown or
 * missing, a bad value): one line, with the pointer to cmd's --help for
 * a usage error; returns 255, ip's status for a line it cannot parse,
 * or 1 where ip fails its own check (ENODEV: a device name no link can
 * have; EAFNOSUPPORT: an address of the other family). */
int cmd_net_report(const char *cmd, const struct nsx_err *err);
/* Any other failure: one line; returns 2 when the kernel refused, 1 for
 * nsx's own (a device not found), as ip. */
int cmd_net_fail(const struct nsx_err *err);
/* ip's options of output, taken before the commands' parsers see the
 * line: -o (-oneline), -s (-stats, -statistics; twice for more), -p
 * (-pretty), -d (-details, --details), -json; and nsx's --table. Each
 * also with two dashes, as ip takes them. */
struct cmd_net_show {
	bool oneline, pretty, table, details, json;
	int stats;
};
/* Take these words out of argv (up to a "--"), *argc lowered. */
void cmd_net_take_show(int *argc, char **argv, struct cmd_net_show *o);
/* -br with --table or --output (columns): a usage error. Returns 0 or
 * -NSX_EUSAGE. */
int cmd_net_check_show(const char *cmd, bool brief, bool table,
		       const char *columns, struct nsx_err *err);

/*
 * --output LIST or +LIST, as net_parse_columns reads it, against the names
 * of cols (at most 32): into sel[] (room for max). Returns how many, or
 * -NSX_EUSAGE with err naming the unknown column.
 */
int cmd_net_columns(const char *cmd, const char *spec,
		    const struct out_column *cols, size_t ncols,
		    const int *defaults, size_t ndef, int *sel, size_t max,
		    struct nsx_err *err);

/* The text of column col of one row (NULL: none); buf may hold it. */
typedef const char *(*cmd_col_text_fn)(const void *ctx, const void *row,
				       int col, char *buf, size_t size);

/* A table of the selected columns of cols, in their order, a column
 * selected twice shown twice. Returns 0 or -errno. */
int cmd_net_table(struct out *o, const struct out_column *cols,
		  size_t ncols, const int *sel, int nsel);
/* One line of the table: the text of each selected column of row. */
int cmd_net_table_line(struct out *o, cmd_col_text_fn text, const void *ctx,
		       const void *row);
/* Print the table on stdout when r is 0, free it; returns r. */
int cmd_net_table_end(struct out *o, int r);

/* Words joined by commas into buf ("UP,LOWER_UP"); returns buf. */
const char *cmd_net_join(const char *const *words, size_t n, char *buf,
			 size_t size);
/* A link-layer address as "aa:bb:cc:dd:ee:ff" ("" when len is 0). */
void cmd_net_hw_str(const uint8_t *a, unsigned len, char *buf, size_t size);

/* ---- one link as ip prints it (cmd_net_link.c) ---- */

/* The other links of a listing, for names of peers and masters. */
struct cmd_net_links {
	const struct link_info *(*find)(const void *ctx, int ifindex);
	const void *ctx;
};
/* The name of link ifindex, or "ifN" when it is not in s. */
const char *cmd_net_link_name(const struct cmd_net_links *s, int ifindex,
			      char *buf, size_t size);
/* ip's M-DOWN: the link li is stacked on (here) is down. */
bool cmd_net_link_mdown(const struct cmd_net_links *s,
			const struct link_info *li);

#define CMD_NET_LINK_MODE    0x1 /* "linkmode", with -d "inet6_addr_gen_mode"
				     (link show, not addr show) */
#define CMD_NET_LINK_ALIAS   0x2 /* "ifalias" (link show, or -d) */
#define CMD_NET_LINK_DETAILS 0x4 /* -d */
#define CMD_NET_LINK_HW      0x8 /* link_type, address: ip leaves them
				     out of addr show -4 and -6 */
#define CMD_NET_LINK_STATS  0x10 /* -s: "stats64" (link show) */
#define CMD_NET_LINK_STATS2 0x20 /* -s -s: with the errors */
/* The members of one link, as ip -j prints them, in ip's order. */
void cmd_net_link_json(struct json *j, const struct cmd_net_links *s,
		       const struct link_info *li, unsigned what);
/* -br: the name (NAME@PEER) and state, as text on out or, with j not
 * NULL, JSON members; then, for link show, the address and flags. */
void cmd_net_link_brief(FILE *out, struct json *j,
			const struct cmd_net_links *s,
			const struct link_info *li);
void cmd_net_link_brief_hw(FILE *out, struct json *j,
			   const struct cmd_net_links *s,
			   const struct link_info *li);

/* ---- ip's text (text_link.c, text_addr.c; routes: cmd_route.h) ---- */

/* What separates the lines of one record: a newline, or with -o ip's
 * backslash. */
#define CMD_NET_SL(o) ((o)->oneline ? "\\" : "\n")

/* One link as ip link show prints it, up to and without its last
 * newline (what: CMD_NET_LINK_*; the counters with o->stats and
 * CMD_NET_LINK_MODE, as ip link: addr show prints them after the
 * addresses); nsid_name gives the name of a namespace by its id, or
 * NULL. */
typedef const char *(*cmd_nsid_name_fn)(void *ctx, int id);
void text_link(FILE *out, const struct cmd_net_links *s,
	       const struct link_info *li, unsigned what,
	       const struct cmd_net_show *o, cmd_nsid_name_fn nsid_name,
	       void *nsid_ctx);
/* The RX and TX lines of -s (twice: the error lines too). */
void text_link_stats(FILE *out, const struct link_info *li,
		     const struct cmd_net_show *o);
/* "stats64": {...}, as ip -s -j. */
void json_link_stats(struct json *j, const struct link_info *li, int level);

/* One address of link l as ip addr show prints it, with its newline;
 * with -o after "N: NAME". */
struct addr_link;
struct addr_entry;
struct addr_table;
void text_addr(FILE *out, const struct addr_link *l,
	       const struct addr_entry *e, const struct cmd_net_show *o);
/* ip's words for an address's flags, in its order ("dynamic" is the
 * absence of IFA_F_PERMANENT), into w (room for 16); how many. */
size_t cmd_addr_flag_names(const struct addr_entry *e, const char **w);

/* The names in /run/netns of the namespaces behind link-netnsids, as
 * ip prints them: asked of nl's namespace (whose ids they are) the
 * first time one is wanted. */
struct cmd_nsid_names {
	struct nl *nl;
	bool loaded;
	struct netns_names names;
	int *id;  /* id[i]: the id of names.name[i], -1 when none */
};
/* cmd_nsid_name_fn on a struct cmd_nsid_names. */
const char *cmd_nsid_name(void *names, int id);
void cmd_nsid_names_free(struct cmd_nsid_names *n);

#endif
