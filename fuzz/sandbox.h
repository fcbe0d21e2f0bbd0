/* sandbox.h - a private scratch tree for harnesses that open files */
#ifndef NSX_FUZZ_SANDBOX_H
#define NSX_FUZZ_SANDBOX_H

/*
 * Move the harness into its own PID and mount namespaces, with an empty
 * tmpfs of its own; returns an O_PATH fd of that tmpfs's root. The calling
 * process stays outside, waits for the harness, removes the mount point and
 * exits with the harness's status, so nothing outlives a run, even a crash.
 * Call it first thing in LLVMFuzzerInitialize (libFuzzer has set nothing
 * up yet there). Exits on failure: a harness must not run unconfined.
 */
int sandbox_enter(void);

/* Helpers under the sandbox root; each exits on failure. */
void sandbox_mkdir(int root, const char *path);
int sandbox_file(int root, const char *path, const char *text);
void sandbox_bind(int root, const char *src, const char *path);
void sandbox_symlink(int root, const char *target, const char *path);
void sandbox_fifo(int root, const char *path);

/* The lowest free fd now: an fd a run leaked shows up as a higher one. */
int sandbox_lowest_fd(void);

#endif
