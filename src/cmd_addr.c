/* cmd_addr.c - nsx addr */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_addr(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("addr: not implemented yet");
	return 1;
}
