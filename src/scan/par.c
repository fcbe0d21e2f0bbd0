/* par.c - work shared by threads: items taken in chunks, and one job more */
#include <sched.h>
#include <unistd.h>

#include "nsx/scan/par.h"

/* Items are taken this many at a time: few enough that the threads end
 * together, enough that taking them costs nothing. */
#define PAR_CHUNK 16

int par_threads(size_t hint)
{
	cpu_set_t set;
	int cpus;

	/* The CPUs we may run on (taskset, cpusets), not all there are. */
	if (sched_getaffinity(0, sizeof(set), &set) < 0)
		return 1;
	cpus = CPU_COUNT(&set);
	if (hint < 8 * PAR_CHUNK || cpus < 2)
		return 1;
	return cpus > PAR_THREADS_MAX ? PAR_THREADS_MAX : cpus;
}

static void par_extra(struct par_thread *t)
{
	struct par *p = t->p;

	if (p->extra && !atomic_exchange(&p->extra_taken, true))
		p->extra_r = p->extra(p->ctx, t->part, &p->extra_err);
}

static void par_items(struct par_thread *t)
{
	struct par *p = t->p;

	for (;;) {
		size_t i = atomic_fetch_add(&p->next, PAR_CHUNK);
		size_t end = i + PAR_CHUNK < p->n ? i + PAR_CHUNK : p->n;

		if (i >= p->n)
			return;
		for (; i < end; i++) {
			int r = p->item(p->ctx, t->part, i);

			if (r < 0) {
				t->r = r;
				return;
			}
		}
	}
}

static void *par_helper(void *arg)
{
	struct par_thread *t = arg;
	struct par *p = t->p;

	/* Started away from the caller's CPU (see par_start), it may go
	 * anywhere now. */
	if (CPU_COUNT(&p->cpus) > 0)
		sched_setaffinity(0, sizeof(p->cpus), &p->cpus);
	par_extra(t);
	pthread_mutex_lock(&p->lock);
	while (!p->ready)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
	par_items(t);
	return NULL;
}

/*
 * Helpers start on a CPU other than the caller's. A new thread is queued
 * beside its creator, and on an otherwise idle machine can wait there a
 * few milliseconds, until the scheduler next balances, for the creator
 * to give way: a scan of /proc is over in about that time.
 */
static void start_elsewhere(struct par *p, pthread_attr_t *attr)
{
	cpu_set_t other;
	int me = sched_getcpu();

	if (me < 0 || sched_getaffinity(0, sizeof(p->cpus), &p->cpus) < 0)
		return;
	other = p->cpus;
	CPU_CLR(me, &other);
	if (CPU_COUNT(&other) > 0)
		pthread_attr_setaffinity_np(attr, sizeof(other), &other);
}

int par_start(struct par *p, int nth, void *const *parts)
{
	pthread_attr_t attr;
	int k;

	p->n = 0;
	p->ready = false;
	p->extra_r = 0;
	atomic_init(&p->next, 0);
	atomic_init(&p->extra_taken, false);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	pthread_attr_init(&attr);
	CPU_ZERO(&p->cpus);
	if (nth < 1)
		nth = 1;
	for (k = 0; k < nth && k < PAR_THREADS_MAX; k++)
		p->t[k] = (struct par_thread){ .p = p, .part = parts[k] };
	if (nth > 1)
		start_elsewhere(p, &attr);
	for (k = 1; k < nth && k < PAR_THREADS_MAX; k++) {
		if (pthread_create(&p->t[k].thread, &attr, par_helper,
				   &p->t[k]) == 0)
			continue;
		/* A mask that cannot be applied (a cpuset changed, a filter
		 * refuses it) fails the creation: try once without one. */
		pthread_attr_destroy(&attr);
		pthread_attr_init(&attr);
		if (pthread_create(&p->t[k].thread, &attr, par_helper,
				   &p->t[k]) != 0)
			break;
	}
	pthread_attr_destroy(&attr);
	p->nth = k;
	return k;
}

void par_go(struct par *p, size_t n)
{
	pthread_mutex_lock(&p->lock);
	p->n = n;
	p->ready = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

int par_finish(struct par *p, struct nsx_err *err)
{
	int r;

	par_items(&p->t[0]);
	par_extra(&p->t[0]);
	r = p->t[0].r;
	for (int k = 1; k < p->nth; k++) {
		pthread_join(p->t[k].thread, NULL);
		if (r == 0)
			r = p->t[k].r;
	}
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	if (r == 0 && p->extra_r < 0) {
		*err = p->extra_err;
		r = p->extra_r;
	}
	return r;
}
