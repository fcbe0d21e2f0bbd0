/* cmd_batch.c - nsx batch: link, addr and route lines from a file */
#include <errno.h>
#include <getopt.h>

#include "nsx/net/batch.h"
#include "nsx/cli/cmd.h"
#include "nsx/cli/cmd_net.h"

static const struct option long_options[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *out)
{
	fputs("Usage:\n"
	      " nsx batch [--force] FILE|-\n"
	      "\n"
	      "Run link, addr and route lines, as on the command line without\n"
	      "the leading 'nsx' (\"link -t blue add veth0 type veth peer eth0\").\n"
	      "Blank lines and # comments are skipped; \"...\" and '...' quote;\n"
	      "a line ending in \\ goes on on the next. One netlink socket per\n"
	      "namespace serves every line, with several requests in flight.\n"
	      "\n"
	      "The first failing line stops the batch and is named (batch:17: ...);\n"
	      "what the lines after it had done is undone, so a batch that fails\n"
	      "at line N has applied exactly lines 1 to N-1.\n"
	      "\n"
	      "Options:\n"
	      " -f, --force   go on after a failing line, report every failure\n"
	      " -h, --help    show this help\n"
	      "\nSee nsx(1).\n", out);
}

static void print_error(void *data, int line, const struct nsx_err *err)
{
	(void)data;
	if (line > 0)
		nsx_warnx("batch:%d: %s", line, err->msg);
	else
		nsx_warnx("batch: %s", err->msg);
}

/*
 * Read one logical line: a physical line, joined with the next while it
 * ends in a backslash. *lineno is the number of its first physical line.
 */
static ssize_t read_line(FILE *in, char **buf, size_t *size, int *lineno,
			 int *next)
{
	_cleanup_free_ char *part = NULL;
	size_t part_size = 0, len = 0;
	ssize_t n;

	*lineno = *next;
	n = getline(buf, size, in);
	if (n < 0)
		return n;
	(*next)++;
	len = (size_t)n;
	while (len && ((*buf)[len - 1] == '\n' || (*buf)[len - 1] == '\r'))
		len--;
	while (len && (*buf)[len - 1] == '\\') {
		char *grown;

		len--;
		n = getline(&part, &part_size, in);
		if (n < 0)
			break;
		(*next)++;
		grown = realloc(*buf, len + (size_t)n + 1);
		if (!grown)
			return -1;
		*buf = grown;
		*size = len + (size_t)n + 1;
		memcpy(*buf + len, part, (size_t)n);
		len += (size_t)n;
		while (len && ((*buf)[len - 1] == '\n' ||
			       (*buf)[len - 1] == '\r'))
			len--;
	}
	(*buf)[len] = '\0';
	return (ssize_t)len;
}

static int batch_run_file(FILE *in, bool force)
{
	struct batch *b = batch_new(force, &cmd_net_guard, print_error, NULL);
	char *argv[BATCH_MAX_WORDS], *buf = NULL;
	size_t size = 0;
	int lineno, next = 1, argc, rc = 0;
	struct nsx_err err;

	if (!b) {
		nsx_warnx("batch: out of memory");
		return 1;
	}
	errno = 0;
	while (read_line(in, &buf, &size, &lineno, &next) >= 0) {
		argc = batch_split(buf, argv, BATCH_MAX_WORDS, &err);
		if (argc < 0 ? batch_line_failed(b, lineno, &err) < 0 :
		    argc > 0 && batch_line(b, lineno, argc, argv) < 0)
			break;
		errno = 0;
	}
	if (ferror(in)) {
		nsx_warnx("batch: read error: %s", strerror(errno));
		rc = 1;
	}
	free(buf);
	if (batch_end(b) < 0)
		rc = 1;
	batch_free(b);
	return rc;
}

int cmd_batch(int argc, char **argv)
{
	_cleanup_fclose_ FILE *f = NULL;
	bool force = false;
	int c;

	while ((c = getopt_long(argc, argv, "+fh", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return nsx_usage_error("batch", "batch: unknown option");
		}
	}
	if (optind != argc - 1)
		return nsx_usage_error("batch", "batch: expected one FILE, or - "
				       "for standard input");
	if (streq(argv[optind], "-"))
		return batch_run_file(stdin, force);
	f = fopen(argv[optind], "re");
	if (!f) {
		nsx_warnx("batch: %s: %s", argv[optind], strerror(errno));
		return 1;
	}
	return batch_run_file(f, force);
}
