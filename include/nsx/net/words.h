/* words.h - the words addr and route share: options, verb, dev, -o columns */
#ifndef NSX_NET_WORDS_H
#define NSX_NET_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "nsx/lib/util.h"

/* Options of addr and route, before the verb or among the words. */
struct net_opts {
	char target[256]; /* -t; "" = the caller's own namespace */
	bool json;        /* -j */
	char columns[256]; /* -o LIST or +LIST, "" = the default columns */
	int family;       /* -4, -6: AF_INET, AF_INET6; AF_UNSPEC */
	bool help;        /* -h: the command prints its usage */
	bool brief;       /* -br: iproute2's brief lines */
	bool details;     /* -d */
};

/*
 * iproute2's -br (also -brief, --brief), which getopt would read as -b
 * -r: taken out of argv (before any "--"), *argc lowered. Returns whether
 * it was there.
 */
bool net_take_brief(int *argc, char **argv);

/*
 * getopt_long over argv (argv[0] is the command word, "addr" or "route"),
 * restarted each call so it can run once per batch line; the words are
 * moved after the options, in their order. Returns the index of the
 * first word (the verb), or -NSX_EUSAGE / -EINVAL.
 */
int net_parse_opts(int argc, char **argv, struct net_opts *o,
		    struct nsx_err *err);
/* The index of verb in the NULL-terminated verbs, or -NSX_EUSAGE naming
 * the closest one. */
int net_parse_verb(const char *cmd, const char *verb,
		    const char *const *verbs, struct nsx_err *err);

/*
 * The start of an addr or route line: its options, then the verb (one of
 * the NULL-terminated verbs, verbs[0] when none is written; not read
 * after -h). Returns the verb's index, *verb as written and *first the
 * index of the word after it; or -NSX_EUSAGE / -EINVAL. -br is taken
 * out of argv first (net_take_brief), *argc lowered.
 */
int net_parse_head(int *argc, char **argv, const char *cmd,
		    const char *const *verbs, struct net_opts *o,
		    const char **verb, int *first, struct nsx_err *err);

/*
 * Column selection for -o: "A,B" or "+A,B" (the defaults, then these),
 * names matched whatever their case, into sel[] (at most max). Returns the
 * number selected or -NSX_EUSAGE naming the unknown column.
 */
int net_parse_columns(const char *cmd, const char *spec,
		       const char *const *names, const int *defaults,
		       size_t ndef, int *sel, size_t max, struct nsx_err *err);

/*
 * A word of ip's grammar for cmd ("link", "addr", "route") that nsx does
 * not take: returns -NSX_EUSAGE with err saying so, naming the word (a
 * user then knows it is nsx's limit, not a typo); 0 for any other word.
 */
int net_refuse_ip_word(const char *cmd, const char *word,
		       struct nsx_err *err);

/* An interface name as a "dev" word: 1..15 bytes, no '/', ':' or space. */
int net_parse_dev(const char *word, char *dev, struct nsx_err *err);

#endif
