/*
 * fuzz_link_parse.c - link_cmd_parse() on arbitrary command words
 *
 * Input: the words after "link", one a line ("-t\nblue\nadd\nveth0\n...").
 * A success must hold only what the kernel would be asked for (valid
 * names, ids, MTU, MAC), a failure must say why; the same words parsed
 * again must give the same answer, whatever the input before them left in
 * getopt's state.
 */
#include "reqcheck.h"

static void parse(const struct fuzz_words *w, int *r, char *desc,
		  size_t size)
{
	char *argv[FUZZ_MAX_WORDS + 2];
	struct nsx_err err = { 0 };
	struct link_req req;

	fuzz_words_copy(w, argv);
	*r = link_cmd_parse(w->argc, argv, &req, &err);
	fuzz_check_error("link_cmd_parse", *r, &err);
	if (*r < 0) {
		snprintf(desc, size, "error %d: %s", err.code, err.msg);
		return;
	}
	if (*r != 0)
		fuzz_fail("link_cmd_parse returned %d", *r);
	fuzz_check_link_req(&req);
	fuzz_describe_link(&req, desc, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_parse_twice("link", data, size, parse);
}
