/* enter.h - carry out an entry request: namespaces, root, ids, program */
#ifndef NSX_ENTER_H
#define NSX_ENTER_H

#include <stdbool.h>

#include "nsx/target/request.h"

/*
 * Resolve the target, open every namespace, directory and id before
 * entering anything, enter, then run argv (NULL: the shell). Returns the
 * exit status: the program's, 126/127 when it cannot run, 1 for errors.
 */
int enter_run(const struct enter_opts *o, char **argv);

#endif
