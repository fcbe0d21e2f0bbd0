/* cmd.h - the commands main() dispatches to; each returns the exit status */
#ifndef NSX_CMD_H
#define NSX_CMD_H

#include <stdbool.h>
#include <stdio.h>

int cmd_enter(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_netns(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_addr(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_reach(int argc, char **argv);

/* An entry of the command table. */
struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
	bool unprivileged; /* a setuid nsx drops everything before it runs */
};

/* The command named word, matched exactly (never by prefix), or NULL. */
const struct command *commands_find(const char *word);
/* The command list for --help, from the command table. */
void commands_print(FILE *out);
/* The command name closest to word (a typo), or NULL. */
const char *commands_closest(const char *word);

#endif
