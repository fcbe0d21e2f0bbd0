/* proc.h - find every namespace on the host: processes, descriptors, mounts */
#ifndef NSX_PROC_H
#define NSX_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "nsx/lib/util.h"

/* One namespace, and what keeps it alive. */
struct proc_ns {
	ino_t ino;           /* unique across types: one nsfs for all */
	int type;            /* enum ns_index */
	unsigned nprocs;     /* processes in it */
	pid_t pid;           /* the lowest of them; 0 when none */
	uid_t uid;           /* its owner (PROC_SCAN_OWNERS) */
	char *command;       /* its command line (PROC_SCAN_COMMANDS) */
	pid_t fd_pid;        /* a process holding it by descriptor, or 0 */
	int fd;              /* ... and that descriptor */
	char **paths;        /* nsfs bind mounts of it (mount points) */
	size_t npaths;
	ino_t owner;         /* owning user namespace (proc_scan_relations) */
	ino_t parent;        /* parent pid or user namespace, or 0 */
	int hold_fd;         /* open fd of a namespace found only as an owner */
};

struct proc_scan {
	struct proc_ns *v;   /* in the order found */
	size_t n, cap;
	uint32_t *slot;      /* hash of ino -> index + 1 */
	size_t nslots;
	dev_t nsfs_dev;      /* the nsfs superblock: st_dev of every ns file */
	unsigned types;      /* 1 << enum ns_index for each type wanted */
	/* Mount namespaces other than ours, with one process in each. */
	struct { ino_t ino; pid_t pid; } *mnt;
	size_t nmnt, capmnt;
	ino_t self_mnt;
	dev_t root_dev;      /* our root directory */
	ino_t root_ino;
};

enum proc_scan_flags {
	PROC_SCAN_FDS = 1 << 0,        /* descriptors of every process */
	PROC_SCAN_MOUNTS = 1 << 1,     /* nsfs mounts in our mount table */
	PROC_SCAN_ALL_MOUNTS = 1 << 2, /* ... and in other mount namespaces' */
	PROC_SCAN_COMMANDS = 1 << 3,   /* the command line of each ns->pid */
	PROC_SCAN_OWNERS = 1 << 4,     /* and its owner */
};

/*
 * Something to learn of every process while the scan walks /proc anyway:
 * fn is called once for each, pid its /proc entry under procfd and prog
 * the program it runs (proc_program), from several threads at once.
 */
struct proc_visit {
	void (*fn)(int procfd, const char *pid, const char *prog, void *ctx);
	void *ctx;
};

/*
 * Find the namespaces of the types in the mask (1 << enum ns_index):
 * every process's, and as flags ask, those held open by descriptors or
 * by nsfs bind mounts. Processes that vanish or refuse are skipped.
 * visit may be NULL.
 */
int proc_scan(struct proc_scan *s, unsigned types, unsigned flags,
	      const struct proc_visit *visit, struct nsx_err *err);
void proc_scan_free(struct proc_scan *s);
struct proc_ns *proc_scan_find(const struct proc_scan *s, ino_t ino);
/*
 * Fill owner and parent of every namespace (NS_GET_USERNS, NS_GET_PARENT),
 * adding the user namespaces that are only owners or parents.
 */
int proc_scan_relations(struct proc_scan *s, struct nsx_err *err);
/* The names its bind mounts give it: "netns:blue" for /run/netns/blue,
 * "docker-netns:ID" for /run/docker/netns/ID. Each malloc'd. */
size_t proc_ns_names(const struct proc_ns *ns, char **names, size_t max);

/* Call fn for each process in the namespace (type, ino), in PID order. */
int proc_each_pid_in(int type, ino_t ino, int (*fn)(pid_t pid, void *data),
		     void *data, struct nsx_err *err);
/*
 * The name of the program process pid (its /proc entry under procfd)
 * runs: the file name of its executable (one readlink), or, for another
 * user's process, whose executable is not ours to see, its comm. Empty,
 * and -ENOENT, for a kernel thread or a process gone.
 */
int proc_program(int procfd, const char *pid, char *buf, size_t size);
/* "cmdline with spaces", or "[comm]" for a process without one. */
int proc_command(pid_t pid, char *buf, size_t size);

#endif
