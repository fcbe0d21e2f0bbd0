/* libs.h - libmnl and libsmartcols, opened by the commands that use them */
#ifndef NSX_LIBS_H
#define NSX_LIBS_H

/*
 * nsx is not linked against libmnl or libsmartcols: src/libs.c defines
 * every function of theirs that nsx calls and forwards it to the library,
 * which libs_load() opens by its soname. A command word loads both before
 * it runs (before any namespace is entered, so a container's copy of a
 * library can never be the one opened); entry mode loads neither and
 * starts with libc alone mapped. Returns 0, or -1 with the reason in err.
 */
struct nsx_err;
int libs_load(struct nsx_err *err);

#endif
