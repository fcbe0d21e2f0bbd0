/* commands.c - the command table: every word that is not entry mode */
#include <stdio.h>

#include "nsx/cli/cmd.h"
#include "nsx/lib/util.h"

/*
 * unprivileged: the command never raises a capability (ls reads /proc
 * as the caller; netns changes names for root alone, and lists and
 * watches them as the caller), so a setuid nsx drops everything before
 * it runs: nothing it parses can be turned into root.
 */
static const struct command commands[] = {
	{ "ls", cmd_ls, "list every namespace on the host", true },
	{ "show", cmd_show, "show one target inside out", false },
	{ "netns", cmd_netns, "named network namespaces, as ip netns", true },
	{ "link", cmd_link, "network links inside a target", false },
	{ "addr", cmd_addr, "IPv4 and IPv6 addresses inside a target", false },
	{ "route", cmd_route, "routes inside a target", false },
	{ "connect", cmd_connect, "wire two targets, or a target and a bridge",
	  false },
	{ "batch", cmd_batch, "run many link, addr and route lines", false },
	{ "reach", cmd_reach, "can A reach B, and if not, why", false },
	{ NULL, NULL, NULL, false },
};

const struct command *commands_find(const char *word)
{
	for (const struct command *c = commands; c->name; c++)
		if (streq(word, c->name))
			return c;
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
