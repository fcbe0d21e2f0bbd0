/*
 * fuzz_route_parse.c - route_cmd_parse() on arbitrary command words
 *
 * Input: the words after "route", one a line ("add\ndefault\nvia\n...").
 * A success holds a destination, gateway and source of one family (the
 * one -4/-6 asked for), a failure says why, and the same words parsed
 * again give the same answer.
 */
#include "reqcheck.h"

static void parse(const struct fuzz_words *w, int *r, char *desc,
		  size_t size)
{
	char *argv[FUZZ_MAX_WORDS + 2];
	struct nsx_err err = { 0 };
	struct route_req req;

	fuzz_words_copy(w, argv);
	*r = route_cmd_parse(w->argc, argv, &req, &err);
	fuzz_check_error("route_cmd_parse", *r, &err);
	if (*r < 0) {
		snprintf(desc, size, "error %d: %s", err.code, err.msg);
		return;
	}
	if (*r != 0)
		fuzz_fail("route_cmd_parse returned %d", *r);
	fuzz_check_route_req(&req);
	fuzz_describe_route(&req, desc, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_parse_twice("route", data, size, parse);
}
