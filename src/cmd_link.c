/* cmd_link.c - nsx link */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_link(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("link: not implemented yet");
	return 1;
}
