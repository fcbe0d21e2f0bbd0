/* engine.c - docker, podman and CRI containers by name, ID or ID prefix */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>

#include "nsx/engine/engine.h"
#include "nsx/engine/engine_query.h"

int engine_is_source(const char *source)
{
	return engine_tool(source) != NULL;
}

/* Docker's and podman's rule, which also covers CRI's DNS labels; it
 * keeps anything an engine's tool could take for an option out. */
static bool name_is_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 253 || !isalnum((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

/* "docker", "docker and podman", "docker, podman and crictl" */
static void join_engines(const struct query *qs, size_t n, int result,
			 char *buf, size_t size)
{
	size_t total = 0, seen = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		total += result < 0 || (int)qs[i].result == result;
	for (size_t i = 0; i < n; i++) {
		if (result >= 0 && (int)qs[i].result != result)
			continue;
		seen++;
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s",
			 seen == 1 ? "" : seen == total ? " and " : ", ",
			 query_tool(&qs[i]));
	}
}

static int fail_ambiguous(const struct query *qs, size_t n,
			  const char *label, struct nsx_err *err)
{
	char list[NSX_ERR_MAX] = "";
	size_t shown = 0, total = 0;

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < qs[i].nhits; k++, total++) {
			const struct engine_container *c = &qs[i].hits[k];

			if (shown == 6)
				continue;
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%s%s:%s (%.12s)", shown ? ", " : "",
				 c->engine, c->name[0] ? c->name : "?", c->id);
			shown++;
		}
	}
	if (total > shown)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 " and %zu more", total - shown);
	return nsx_failx(err, ENOTUNIQ, "%s: matches several containers: %s",
			 label, list);
}

/* Nothing found: say whom we asked, and what the failing ones said. */
static int fail_unknown(const struct query *qs, size_t n, const char *label,
			bool forced, struct nsx_err *err)
{
	char asked[64], notes[NSX_ERR_MAX] = "";

	for (size_t i = 0; i < n; i++)
		if (qs[i].result == R_FAILED)
			snprintf(notes + strlen(notes),
				 sizeof(notes) - strlen(notes), "%s%s: %s",
				 notes[0] ? "; " : "", query_tool(&qs[i]),
				 qs[i].first_err);
	if (forced && notes[0])
		return nsx_failx(err, EIO, "%s: %s", label, notes);
	if (forced)
		return nsx_failx(err, ENOENT, "%s: no such container", label);
	join_engines(qs, n, -1, asked, sizeof(asked));
	if (notes[0])
		return nsx_failx(err, ENOENT, "asked %s (%s)", asked, notes);
	return nsx_failx(err, ENOENT, "asked %s", asked);
}

static int resolve_decide(const struct query *qs, size_t n,
			  const char *label, bool forced,
			  struct engine_container *c, struct nsx_err *err)
{
	const struct engine_container *hit = NULL;
	char who[64];
	size_t total = 0;

	/* A silent engine might hold a second match: refuse to guess. An
	 * engine that failed outright (no daemon) holds no running one. */
	join_engines(qs, n, R_TIMEDOUT, who, sizeof(who));
	if (who[0])
		return nsx_failx(err, ETIMEDOUT,
				 "%s: %s did not answer within %d s", label,
				 who, ENGINE_TIMEOUT_MS / 1000);
	for (size_t i = 0; i < n; i++) {
		total += qs[i].nhits;
		if (qs[i].nhits)
			hit = &qs[i].hits[0];
	}
	if (total > 1)
		return fail_ambiguous(qs, n, label, err);
	if (!hit)
		return fail_unknown(qs, n, label, forced, err);
	if (hit->pid <= 0)
		return nsx_failx(err, ESRCH,
				 "%s: %s container %s is not running (%s)",
				 label, hit->engine, hit->name,
				 hit->state[0] ? hit->state : "no process");
	*c = *hit;
	return 0;
}

/*
 * Ask the engines in first about name and decide; if none of them knows
 * it, ask the engines in then as well and decide on all the answers.
 */
static int resolve_with(unsigned first, unsigned then, const char *name,
			const char *label, bool forced,
			struct engine_container *c, struct nsx_err *err)
{
	struct query qs[ENGINE_MAX];
	size_t n = queries_init(qs, first, Q_RESOLVE, name), more;
	int r = n ? queries_run(qs, n, err) : 0;

	if (r == 0 && n)
		r = resolve_decide(qs, n, label, forced, c, err);
	if ((r == -ENOENT || !n) &&
	    (more = queries_init(qs + n, then & ~first, Q_RESOLVE, name))) {
		r = queries_run(qs + n, more, err);
		n += more;
		if (r == 0)
			r = resolve_decide(qs, n, label, forced, c, err);
	}
	if (!n)
		r = nsx_failx(err, ENOENT, "no container engine is installed");
	queries_release(qs, n);
	return r;
}

int engine_resolve(const char *engine, const char *name,
		   struct engine_container *c, struct nsx_err *err)
{
	char label[300];

	snprintf(label, sizeof(label), "%s%s%s", engine ? engine : "",
		 engine ? ":" : "", name);
	if (engine && !engine_is_source(engine))
		return nsx_failx(err, EINVAL, "%s: unknown container engine",
				 label);
	if (!name_is_valid(name)) {
		if (engine)
			return nsx_failx(err, EINVAL,
					 "%s: not a container name or ID",
					 label);
		return nsx_failx(err, ENOENT, "'%s' cannot name a container",
				 name);
	}
	if (engine && !engines_installed(engine_mask(engine)))
		return nsx_failx(err, ENOENT, "%s: %s is not installed (no %s "
				 "in PATH)", label, engine_tool(engine),
				 engine_tool(engine));
	if (engine)
		return resolve_with(engine_mask(engine), 0, name, label, true,
				    c, err);
	/* Engines with no running container that may answer to the name are
	 * asked only if the others do not know it (podman alone takes longer
	 * to start than docker takes to answer): for one that is stopped, to
	 * say so, or has just started. */
	return resolve_with(engines_running(name), ENGINES_ALL, name, label,
			    false, c, err);
}

static bool pidfd_alive(int pidfd)
{
	return syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) == 0 ||
	       errno != ESRCH;
}

int engine_check_pidfd(const struct engine_container *c, int pidfd,
		       struct nsx_err *err)
{
	struct engine_container again;
	char path[64], buf[16384];
	bool in_cgroup;
	ssize_t len;
	int r;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)c->pid);
	len = read_file_at(AT_FDCWD, path, buf, sizeof(buf));
	/* Read before the liveness check: if the pidfd's process is still
	 * alive now, the file read was its own. */
	in_cgroup = len > 0 && strlen(c->id) >= 32 && strstr(buf, c->id);
	if (!pidfd_alive(pidfd))
		return nsx_failx(err, ESRCH, "%s:%s: container process %d "
				 "exited", c->engine, c->name, (int)c->pid);
	if (in_cgroup)
		return 0;
	r = engine_resolve(c->engine, c->id, &again, err);
	if (r < 0)
		return r;
	if (again.pid != c->pid || !pidfd_alive(pidfd))
		return nsx_failx(err, ESRCH, "%s:%s: container process %d "
				 "changed while being looked up", c->engine,
				 c->name, (int)c->pid);
	return 0;
}

static int list_collect(struct query *qs, size_t nq,
			struct engine_container **out, size_t *n)
{
	size_t total = 0;

	for (size_t i = 0; i < nq; i++)
		total += qs[i].result == R_DONE ? qs[i].nhits : 0;
	if (!total)
		return 0;
	*out = calloc(total, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < nq; i++) {
		if (qs[i].result != R_DONE || !qs[i].nhits)
			continue;
		memcpy(*out + *n, qs[i].hits, qs[i].nhits * sizeof(**out));
		*n += qs[i].nhits;
	}
	return 0;
}

int engine_list(unsigned engines, struct engine_container **out, size_t *n,
		struct nsx_err *err)
{
	struct query qs[ENGINE_MAX];
	char notes[NSX_ERR_MAX] = "";
	size_t nq;
	int r, failed = 0;

	*out = NULL;
	*n = 0;
	nq = queries_init(qs, engines, Q_LIST, NULL);
	r = queries_run(qs, nq, err);
	if (r == 0 && (r = list_collect(qs, nq, out, n)) < 0)
		nsx_fail(err, -r, "container engines");
	for (size_t i = 0; r == 0 && i < nq; i++) {
		if (qs[i].result == R_DONE)
			continue;
		failed++;
		snprintf(notes + strlen(notes), sizeof(notes) - strlen(notes),
			 "%s%s: %s", notes[0] ? "; " : "", query_tool(&qs[i]),
			 qs[i].result == R_TIMEDOUT ? "did not answer in time"
						    : qs[i].first_err);
	}
	queries_release(qs, nq);
	if (r < 0)
		return r;
	if (failed)
		nsx_failx(err, EIO, "%s", notes);
	return failed;
}
