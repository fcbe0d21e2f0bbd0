/* cmd_batch.c - nsx batch */
#include <errno.h>

#include "nsx/cmd.h"
#include "nsx/util.h"

int cmd_batch(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	nsx_warnx("batch: not implemented yet");
	return 1;
}
