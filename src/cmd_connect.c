/* cmd_connect.c - nsx connect */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_connect(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("connect: not implemented yet");
	return 1;
}
