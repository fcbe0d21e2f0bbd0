/* privs_log.h - the record of what a setuid nsx granted and refused
 *
 * One syslog(3) line (LOG_AUTHPRIV) per decision, for the administrator
 * who reads it on a terminal or feeds it to a parser:
 *
 *   refused uid=1001 rule=3 program=sh ns=net,uts target=pid 4242: why
 *
 * The decision, the caller, the rule (a line of nsx.conf, or "none") and
 * the program come first, so that a line cut at syslog's limit keeps
 * them; the target and the reason, which the caller may make long, come
 * last. Every byte a terminal acts on is escaped as \xHH: controls, DEL,
 * the UTF-8 C1 controls, line separators and bidirectional overrides, and
 * bytes that are not UTF-8; a backslash is doubled, and the program's
 * spaces escaped, so no field can pass for another.
 */
#ifndef NSX_PRIVS_LOG_H
#define NSX_PRIVS_LOG_H

#include <stdbool.h>
#include <stddef.h>

/* The rule field for a decision no rule made. */
#define PRIVS_LOG_NO_RULE 0

struct privs_record {
	bool granted;
	int rule;            /* the nsx.conf line, or PRIVS_LOG_NO_RULE */
	const char *program; /* what the caller asked to run, or NULL */
	const char *ns;      /* "net,uts", or NULL */
	const char *target;  /* the target's label, or the -n=FILE file */
	const char *why;     /* the reason, or NULL */
};

/* Log one decision. When there is no syslog socket, say once on stderr,
 * if it is a terminal, that decisions are not being logged. */
void privs_log_record(const struct privs_record *r);
/* Was the last decision logged by this process a refusal? */
bool privs_log_refused(void);

/*
 * Escape src into dst (size bytes, NUL-terminated) as described above,
 * never cutting an escape or a character in half; a cut is marked "...".
 * space: escape spaces too. Returns the length written.
 */
size_t privs_log_escape(char *dst, size_t size, const char *src, bool space);

#endif
