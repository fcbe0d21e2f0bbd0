/* main.c - the first word picks a command; anything else is entry mode */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "nsx/cmd.h"
#include "nsx/privs.h"
#include "nsx/util.h"

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

/* The command named by argv[1], or NULL: matched exactly, never by prefix. */
static const struct command *command_find(const char *word)
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

int main(int argc, char **argv)
{
	struct nsx_err err = { 0 };

	/* Before anything opens a file: fds 0-2, and setuid awareness. */
	if (privs_init(&err) < 0)
		return report(&err);
	/* execve with an empty argv (which Linux 5.18+ turns into one empty
	 * argv[0]): nothing sensible to do, and pkexec's CVE-2021-4034 shows
	 * what walking past it does. */
	if (argc < 1 || !argv[0] || !argv[0][0]) {
		fputs("nsx: usage: nsx [options] [program [argument...]]\n",
		      stderr);
		return 2;
	}
	if (argc > 1) {
		const struct command *c = command_find(argv[1]);

		if (c) {
			/* Commands print names as text where the locale says
			 * they are characters, as \xHH where not: that is
			 * LC_CTYPE alone. nsx has no message catalogues and
			 * formats no number or date by locale, and the other
			 * categories would be a dozen more files to open.
			 * Entry mode prints nothing of its own and loads no
			 * locale data: it is a setns and an exec. */
			setlocale(LC_CTYPE, "");
			return nsx_close_stdout(c->run(argc - 1, argv + 1));
		}
	}
	return nsx_close_stdout(cmd_enter(argc, argv));
}
