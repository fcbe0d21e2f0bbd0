/* cmd_route.c - nsx route */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_route(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("route: not implemented yet");
	return 1;
}
