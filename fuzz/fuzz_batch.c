/*
 * fuzz_batch.c - batch lines: batch_split() and batch_parse_line()
 *
 * Input: the text of a batch file, each line split into words and parsed
 * as `nsx batch` does before it runs a line (no socket is opened). The
 * words of a split must be pieces of the line, as many as returned; a
 * parsed line holds a request its command's checks accept; a failure
 * says why, and the same line parsed again gives the same answer.
 */
#include "nsx/net/batch.h"
#include "reqcheck.h"

static void check_split(const char *line, size_t len, char **argv, int argc,
			const struct nsx_err *err)
{
	fuzz_check_error("batch_split", argc, err);
	if (argc < 0)
		return;
	if (argc >= BATCH_MAX_WORDS || argv[argc])
		fuzz_fail("batch_split: %d words, not NULL-terminated", argc);
	for (int i = 0; i < argc; i++) {
		/* Words are rewritten in place, never longer than the line. */
		if (argv[i] < line || argv[i] + strlen(argv[i]) > line + len)
			fuzz_fail("batch_split: word %d outside the line", i);
		if (i && argv[i] <= argv[i - 1])
			fuzz_fail("batch_split: words out of order");
	}
}

static void describe(const struct batch_req *q, char *buf, size_t size)
{
	switch (q->cmd) {
	case BATCH_LINK:
		fuzz_check_link_req(&q->link);
		if (q->link.verb == LINK_SHOW)
			fuzz_fail("batch: link show accepted");
		fuzz_describe_link(&q->link, buf, size);
		break;
	case BATCH_ADDR:
		fuzz_check_addr_req(&q->addr);
		if (q->addr.op == ADDR_SHOW || q->addr.opts.help)
			fuzz_fail("batch: addr show accepted");
		fuzz_describe_addr(&q->addr, buf, size);
		break;
	case BATCH_ROUTE:
		fuzz_check_route_req(&q->route);
		if (q->route.op == ROUTE_SHOW || q->route.opts.help)
			fuzz_fail("batch: route show accepted");
		fuzz_describe_route(&q->route, buf, size);
		break;
	default:
		fuzz_fail("batch: command %d", q->cmd);
	}
}

static void parse(int argc, char **words, char *desc, size_t size)
{
	char *argv[BATCH_MAX_WORDS];
	struct nsx_err err = { 0 };
	struct batch_req q;
	int r;

	memcpy(argv, words, sizeof(argv));
	r = batch_parse_line(argc, argv, &q, &err);
	fuzz_check_error("batch_parse_line", r, &err);
	if (r < 0)
		snprintf(desc, size, "error %d: %s", err.code, err.msg);
	else
		describe(&q, desc, size);
}

static void run_line(char *line)
{
	char *argv[BATCH_MAX_WORDS];
	struct nsx_err err = { 0 };
	size_t len = strlen(line);
	char d1[2048], d2[2048];
	int argc;

	argc = batch_split(line, argv, BATCH_MAX_WORDS, &err);
	check_split(line, len, argv, argc, &err);
	if (argc <= 0)
		return;
	parse(argc, argv, d1, sizeof(d1));
	parse(argc, argv, d2, sizeof(d2));
	if (getenv("NSX_FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", d1);
	if (strcmp(d1, d2))
		fuzz_fail("parsed twice, two answers:\n%s\n%s", d1, d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *p, *line;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = text; (line = strsep(&p, "\n"));)
		run_line(line);
	free(text);
	return 0;
}
