/* cmd.h - the commands main() dispatches to; each returns the exit status */
#ifndef NSX_CMD_H
#define NSX_CMD_H

#include <stdio.h>

int cmd_enter(int argc, char **argv);

/* The command list for --help, from main.c's table. */
void commands_print(FILE *out);

#endif
