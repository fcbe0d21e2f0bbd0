/* par.h - work shared by threads: items taken in chunks, and one job more */
#ifndef NSX_PAR_H
#define NSX_PAR_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "nsx/lib/util.h"

#define PAR_THREADS_MAX 4

struct par;

struct par_thread {
	struct par *p;
	void *part;        /* this thread's own results */
	pthread_t thread;
	int r;             /* the item error that stopped it, or 0 */
};

/*
 * Threads started before the items are known: each first offers to do
 * the one extra job (the first thread free does it), then waits for the
 * items and takes chunks of them until none are left. The caller is
 * thread 0; it does the extra job last, if no helper has come for it.
 */
struct par {
	/* Set by the caller. item and extra may run in any thread, each on
	 * that thread's part. */
	int (*item)(void *ctx, void *part, size_t i);
	int (*extra)(void *ctx, void *part, struct nsx_err *err); /* or NULL */
	void *ctx;
	/* Private. */
	size_t n;
	atomic_size_t next;
	atomic_bool extra_taken;
	int extra_r;
	struct nsx_err extra_err;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool ready;
	cpu_set_t cpus;    /* where the caller may run: where helpers may */
	int nth;
	struct par_thread t[PAR_THREADS_MAX];
};

/* How many threads (the caller one of them) about hint items are worth:
 * one for few, or on one CPU. */
int par_threads(size_t hint);
/* Start threads 1..nth-1, thread k working on parts[k]; parts[0] is the
 * caller's. Returns how many threads there are, as far as creation went. */
int par_start(struct par *p, int nth, void *const *parts);
/* The items are known: there are n. Must follow par_start, whatever
 * happens: the helpers wait for it. */
void par_go(struct par *p, size_t n);
/* Do the caller's share and wait for the others. Returns an item error
 * (err untouched); else the extra job's, with err set by it; else 0. */
int par_finish(struct par *p, struct nsx_err *err);

#endif
