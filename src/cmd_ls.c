/* cmd_ls.c - nsx ls */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_ls(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("ls: not implemented yet");
	return 1;
}
