/* privs_log.c - one syslog line per decision of a setuid nsx */
#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>

#include "nsx/setuid/privs.h"
#include "nsx/setuid/privs_log.h"

/* Under the 1024 bytes of RFC 3164, with room for syslog's own header. */
#define LOG_LINE_MAX 900
#define LOG_PROGRAM_MAX 128
#define LOG_TARGET_MAX 400
_Static_assert(LOG_PROGRAM_MAX + 160 < LOG_LINE_MAX - LOG_TARGET_MAX,
	       "the head of a line always fits before the target");

static struct {
	bool checked;  /* the syslog socket was looked for */
	bool refused;  /* the last decision logged */
} logst;

/* The length of the UTF-8 character at s and its code point, or 0 when
 * s does not start a valid, shortest-form one. */
static size_t utf8_char(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t need;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		need = 1, min = 0x80, c &= 0x1f;
	else if ((c & 0xf0) == 0xe0)
		need = 2, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, min = 0x10000, c &= 0x07;
	else
		return 0;
	/* A NUL is not a continuation byte: the string's end stops this. */
	for (size_t i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need + 1;
}

/* What a terminal acts on, or a reader takes for a new line or reads in
 * another order: C0, DEL, C1, the line and paragraph separators and the
 * bidirectional marks, embeddings, overrides and isolates. */
static bool unsafe(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* One character of s, escaped as needed, into piece; its length in s. */
static size_t escape_one(const unsigned char *s, bool space, char *piece,
			 size_t *k)
{
	unsigned cp = 0;
	size_t len = utf8_char(s, &cp);

	*k = 0;
	if (len == 0 || unsafe(cp) || (space && cp == ' ')) {
		len = len ? len : 1;
		for (size_t i = 0; i < len; i++)
			*k += (size_t)snprintf(piece + *k, 5, "\\x%02x", s[i]);
	} else if (cp == '\\') {
		memcpy(piece, "\\\\", 2);
		*k = 2;
	} else {
		memcpy(piece, s, len);
		*k = len;
	}
	return len;
}

size_t privs_log_escape(char *dst, size_t size, const char *src, bool space)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t n = 0;

	if (size < 4)
		return size ? (dst[0] = '\0', 0) : 0;
	while (*s) {
		char piece[4 * 4 + 1];
		size_t k, len = escape_one(s, space, piece, &k);

		/* Keep room for "..." and the NUL whatever comes next. */
		if (n + k > size - 4) {
			memcpy(dst + n, "...", 3);
			n += 3;
			break;
		}
		memcpy(dst + n, piece, k);
		n += k;
		s += len;
	}
	dst[n] = '\0';
	return n;
}

/* Is there a syslog socket that will take the line? glibc's syslog(3)
 * drops it silently when there is none. */
static bool syslog_reachable(void)
{
	static const int types[] = { SOCK_DGRAM, SOCK_STREAM };
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = _PATH_LOG };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		_cleanup_close_ int s = socket(AF_UNIX, types[i] | SOCK_CLOEXEC,
					       0);

		if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof(a)) == 0)
			return true;
		if (s >= 0 && errno != EPROTOTYPE)
			return false;
	}
	return false;
}

/* "refused uid=1001 rule=3 program=sh ns=net " into line. */
static size_t log_head(const struct privs_record *r, char *line, size_t size)
{
	char program[LOG_PROGRAM_MAX], rule[16] = "none";
	int n;

	privs_log_escape(program, sizeof(program),
			 r->program ? r->program : "-", true);
	if (r->rule != PRIVS_LOG_NO_RULE)
		snprintf(rule, sizeof(rule), "%d", r->rule);
	n = snprintf(line, size, "%s uid=%u rule=%s program=%s ns=%s ",
		     r->granted ? "permitted" : "refused",
		     (unsigned)privs_caller_uid(), rule, program,
		     r->ns && r->ns[0] ? r->ns : "-");
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

void privs_log_record(const struct privs_record *r)
{
	char line[LOG_LINE_MAX];
	size_t n = log_head(r, line, sizeof(line));

	if (!logst.checked) {
		logst.checked = true;
		/* For the person at the terminal, who may be the admin trying
		 * a policy out: the only sign that the record is missing.
		 * Scripts reading nsx's stderr are spared it. */
		if (isatty(STDERR_FILENO) && !syslog_reachable())
			nsx_warnx("warning: no syslog socket at %s: what this "
				  "setuid nsx grants and refuses is not being "
				  "logged", _PATH_LOG);
	}
	logst.refused = !r->granted;
	/* The head is bounded (LOG_PROGRAM_MAX, short numbers and names)
	 * well under LOG_LINE_MAX: the target always has room to start. */
	memcpy(line + n, "target=", 8);
	n += 7;
	n += privs_log_escape(line + n, sizeof(line) - n < LOG_TARGET_MAX ?
					sizeof(line) - n : LOG_TARGET_MAX,
			      r->target ? r->target : "-", false);
	if (r->why && sizeof(line) - n > 8) {
		memcpy(line + n, ": ", 3);
		n += 2;
		privs_log_escape(line + n, sizeof(line) - n, r->why, false);
	}
	openlog("nsx", LOG_PID, LOG_AUTHPRIV);
	syslog(r->granted ? LOG_NOTICE : LOG_WARNING, "%s", line);
	closelog();
}

bool privs_log_refused(void)
{
	return logst.refused;
}
