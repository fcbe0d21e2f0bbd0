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
	struct fuzz_words w;
	char d1[2048], d2[2048];
	int r1, r2;

	if (fuzz_words_split(&w, "route", data, size) < 0)
		return 0;
	parse(&w, &r1, d1, sizeof(d1));
	parse(&w, &r2, d2, sizeof(d2));
	if (getenv("NSX_FUZZ_VERBOSE"))
		fprintf(stderr, "%s\n", d1);
	if (r1 != r2 || strcmp(d1, d2))
		fuzz_fail("parsed twice, two answers:\n%s\n%s", d1, d2);
	free(w.text);
	return 0;
}
