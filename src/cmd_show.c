/* cmd_show.c - nsx show */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_show(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("show: not implemented yet");
	return 1;
}
