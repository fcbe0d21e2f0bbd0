/* main.c - the first word picks a command; anything else is entry mode */
#include <stdio.h>
#include <string.h>

#include "nsx/cli/cmd.h"
#include "nsx/engine/tool.h"
#include "nsx/net/peer.h"
#include "nsx/setuid/privs.h"
#include "nsx/target/target.h"
#include "nsx/lib/util.h"

int main(int argc, char **argv)
{
	struct nsx_err err = { 0 };

	/* Before anything opens a file: fds 0-2, and setuid awareness. */
	if (privs_init(&err) < 0)
		return report(&err);
	target_set_link(peer_ns_open);
	if (privs_setuid()) {
		target_set_refuse(privs_refuse_target);
		tool_set_drop(privs_drop);
	}
	/* execve with an empty argv (which Linux 5.18+ turns into one empty
	 * argv[0]): nothing sensible to do, and pkexec's CVE-2021-4034 shows
	 * what walking past it does. */
	if (argc < 1 || !argv[0] || !argv[0][0]) {
		fputs("nsx: usage: nsx [options] [program [argument...]]\n",
		      stderr);
		return 2;
	}
	if (argc > 1) {
		const struct command *c = commands_find(argv[1]);

		if (c && c->unprivileged && privs_drop(&err) < 0)
			return report(&err);
		if (c)
			return nsx_close_stdout(c->run(argc - 1, argv + 1));
	}
	return nsx_close_stdout(cmd_enter(argc, argv));
}
