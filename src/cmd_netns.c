/* cmd_netns.c - nsx netns */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_netns(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("netns: not implemented yet");
	return 1;
}
