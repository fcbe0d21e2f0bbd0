/*
 * fuzz_addr_parse.c - addr_cmd_parse() on arbitrary command words, and
 * the -o column list through net_parse_columns()
 *
 * Input: the words after "addr", one a line ("add\n10.1.1.1/24\ndev\nv0").
 * A success holds a valid address and device for the verb, a failure says
 * why, and the same words parsed again give the same answer.
 */
#include "reqcheck.h"

/* addr show's columns and defaults, and its room: twice as many. */
static const char *const columns[] = { "IFINDEX", "IFNAME", "STATE",
				       "FAMILY", "ADDRESS", "SCOPE",
				       "BROADCAST", "PEER", "FLAGS", "LABEL",
				       "VALID", "PREFERRED", NULL };
static const int defaults[] = { 0, 1, 2, 3, 4, 5 };

static void check_columns(const char *spec)
{
	struct nsx_err err = { 0 };
	int sel[2 * (ARRAY_SIZE(columns) - 1)], n;

	n = net_parse_columns("addr", spec, columns, defaults,
			       ARRAY_SIZE(defaults), sel, ARRAY_SIZE(sel), &err);
	fuzz_check_error("net_parse_columns", n, &err);
	if (n > (int)ARRAY_SIZE(sel))
		fuzz_fail("-o %s: %d columns in room for %zu", spec, n,
			  ARRAY_SIZE(sel));
	for (int i = 0; i < n; i++)
		if (sel[i] < 0 || sel[i] >= (int)ARRAY_SIZE(columns) - 1)
			fuzz_fail("-o %s: column %d", spec, sel[i]);
	if (n == 0 && !spec[0])
		fuzz_fail("-o '': no default columns");
}

static void parse(const struct fuzz_words *w, int *r, char *desc,
		  size_t size)
{
	char *argv[FUZZ_MAX_WORDS + 2];
	struct nsx_err err = { 0 };
	struct addr_req req;

	fuzz_words_copy(w, argv);
	*r = addr_cmd_parse(w->argc, argv, &req, &err);
	fuzz_check_error("addr_cmd_parse", *r, &err);
	if (*r < 0) {
		snprintf(desc, size, "error %d: %s", err.code, err.msg);
		return;
	}
	if (*r != 0)
		fuzz_fail("addr_cmd_parse returned %d", *r);
	fuzz_check_addr_req(&req);
	check_columns(req.opts.columns);
	fuzz_describe_addr(&req, desc, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_parse_twice("addr", data, size, parse);
}
