/* commands.c - the command table: every word that is not entry mode */
#include <stdio.h>

#include "nsx/cli/cmd.h"
#include "nsx/lib/util.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "ls", cmd_ls, "list every namespace on the host" },
	{ "show", cmd_show, "show one target inside out" },
	{ "netns", cmd_netns, "named network namespaces, as ip netns" },
	{ "link", cmd_link, "network links inside a target" },
	{ "addr", cmd_addr, "IPv4 and IPv6 addresses inside a target" },
	{ "route", cmd_route, "routes inside a target" },
	{ "connect", cmd_connect, "wire two targets, or a target and a bridge" },
	{ "batch", cmd_batch, "run many link, addr and route lines" },
	{ NULL, NULL, NULL },
};

int (*commands_find(const char *word))(int, char **)
{
	for (const struct command *c = commands; c->name; c++)
		if (streq(word, c->name))
			return c->run;
	return NULL;
}

const char *commands_closest(const char *word)
{
	const char *names[ARRAY_SIZE(commands)];
	size_t n = 0;

	for (const struct command *c = commands; c->name; c++)
		names[n++] = c->name;
	names[n] = NULL;
	return nsx_closest(word, names);
}

void commands_print(FILE *out)
{
	if (!commands[0].name)
		return;
	fputs("\nCommands (nsx <command> --help for each):\n", out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, " %-10s %s\n", c->name, c->help);
}
