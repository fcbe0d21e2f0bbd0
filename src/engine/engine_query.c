/* engine_query.c - one question to docker, podman and crictl, at once */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "nsx/engine/engine_query.h"
#include "nsx/scan/proc.h"

/* The answers nsx asks for: one line per container, tab-separated, the
 * name last, PID STATE ID NAME. Docker and podman inspect know the same
 * fields. */
#define INSPECT_FMT "{{.State.Pid}}\t{{.State.Status}}\t{{.Id}}\t{{.Name}}"
/* podman ps has the PID too; its State is a word, or "Up 3 minutes" in
 * older versions, so only the first word is read. */
#define PS_FMT "{{.Pid}}\t{{.State}}\t{{.ID}}\t{{.Names}}"
#define CRI_ONE                                                           \
	"{{.info.pid}}\t{{.status.state}}\t{{.status.id}}\t"              \
	"{{.status.metadata.name}}\n"
/* crictl hands the template one object for one ID; newer versions hand
 * it an array for several. */
#define CRI_FMT                                                           \
	"{{if eq (printf \"%T\" .) \"map[string]interface {}\"}}" CRI_ONE \
	"{{else}}{{range .}}" CRI_ONE "{{end}}{{end}}"

#define ARGV_MAX 8

/*
 * How an engine's tool is asked. Each way takes the fewest runs of the
 * tool the tool allows, since those runs are what a lookup costs (tens
 * of milliseconds each, most of it the tool's own start).
 */
enum lookup {
	/* A name: docker and podman inspect resolve names, IDs and prefixes
	 * themselves, and say "no such container" for none; only another
	 * failure needs a listing, to tell ambiguous from broken. */
	BY_INSPECT,
	/* The running ones: podman's ps prints PIDs, so one listing
	 * answers. */
	BY_LISTING,
	/* crictl inspect takes IDs only (and docker ps prints no PIDs): list
	 * IDs, then inspect them. */
	BY_IDS,
};

struct engine_def {
	const char *name;              /* the TARGET prefix: docker */
	const char *tool;              /* the program: docker */
	enum lookup resolve;           /* BY_INSPECT or BY_IDS */
	enum lookup list;              /* BY_LISTING or BY_IDS */
	const char *inspect[ARGV_MAX]; /* + names or IDs: INSPECT_FMT lines */
	const char *all[ARGV_MAX];     /* every container: BY_INSPECT
					* "ID\tNAMES", BY_IDS one ID a line */
	const char *running[ARGV_MAX]; /* the running ones: BY_LISTING
					* PID STATE ID NAME lines, BY_IDS IDs */
	const char *monitors[4];       /* the process (comm) that watches
					* each of its running containers */
	const char *monitor_name_opt;  /* its option for the container's */
	const char *monitor_id_opt;    /* name and ID, when it has them */
};

static const struct engine_def engines[] = {
	{ "docker", "docker", BY_INSPECT, BY_IDS,
	  { "docker", "inspect", "--type", "container", "--format",
	    INSPECT_FMT, "--", NULL },
	  { "docker", "ps", "-a", "--no-trunc", "--format",
	    "{{.ID}}\t{{.Names}}", NULL },
	  { "docker", "ps", "-q", "--no-trunc", NULL },
	  { "containerd-shim", NULL }, NULL, NULL },
	{ "podman", "podman", BY_INSPECT, BY_LISTING,
	  { "podman", "container", "inspect", "--format", INSPECT_FMT, "--",
	    NULL },
	  { "podman", "ps", "-a", "--no-trunc", "--format",
	    "{{.ID}}\t{{.Names}}", NULL },
	  { "podman", "ps", "--no-trunc", "--format", PS_FMT, NULL },
	  { "conmon", NULL }, "-n", "-c" },
	{ "cri", "crictl", BY_IDS, BY_IDS,
	  { "crictl", "inspect", "--output", "go-template", "--template",
	    CRI_FMT, NULL },
	  { "crictl", "ps", "-a", "-q", NULL },
	  { "crictl", "ps", "-q", NULL },
	  { "containerd-shim", "conmon", "conmonrs", NULL }, NULL, NULL },
};

_Static_assert(ARRAY_SIZE(engines) == ENGINE_MAX, "ENGINE_MAX is stale");

const char *engine_tool(const char *engine)
{
	for (size_t i = 0; i < ARRAY_SIZE(engines); i++)
		if (streq(engine, engines[i].name))
			return engines[i].tool;
	return NULL;
}

const char *query_tool(const struct query *q)
{
	return q->def->tool;
}

static bool is_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && (*s < 'a' || *s > 'f'))
			return false;
	return true;
}

/* Does a container answer to what the user typed, as the engines do? */
static bool container_matches(const char *typed, const char *id,
			      const char *name)
{
	return (name && streq(typed, name)) ||
	       (is_hex(typed) && strncmp(id, typed, strlen(typed)) == 0);
}

static int hits_add(struct query *q, const struct engine_container *c)
{
	struct engine_container *grown;

	grown = realloc(q->hits, (q->nhits + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	q->hits = grown;
	q->hits[q->nhits++] = *c;
	return 0;
}

/* "PID\tSTATE\tID\tNAME" -> c; -EINVAL for anything else. */
static int parse_inspect_line(char *line, const char *engine,
			      struct engine_container *c)
{
	unsigned long pid = 0;
	char *f[4], *state;

	for (int i = 0; i < 4; i++) {
		f[i] = strsep(&line, "\t");
		if (!f[i])
			return -EINVAL;
	}
	/* crictl prints "<no value>" where a runtime gives no PID. */
	if (parse_ulong(f[0], INT_MAX, &pid) < 0)
		pid = 0;
	state = f[1];
	state[strcspn(state, " ")] = '\0';
	if (strncasecmp(state, "container_", 10) == 0)
		state += 10;
	if (strcasecmp(state, "up") == 0)
		state = "running";
	if (!is_hex(f[2]) || f[3][0] == '\0')
		return -EINVAL;
	*c = (struct engine_container){ .pid = (pid_t)pid };
	snprintf(c->engine, sizeof(c->engine), "%s", engine);
	if (nsx_strlcpy(c->id, f[2], sizeof(c->id)) < 0 ||
	    nsx_strlcpy(c->name, f[3] + (f[3][0] == '/'), sizeof(c->name)) < 0)
		return -EINVAL;
	snprintf(c->state, sizeof(c->state), "%s", state);
	for (char *s = c->state; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	if (!streq(c->state, "running") && !streq(c->state, "paused"))
		c->pid = 0;
	return 0;
}

/* A full ID or a name outranks an ID prefix, in every engine's lookup. */
static void hits_prefer_exact(struct query *q, const char *typed)
{
	size_t n = 0;

	for (size_t i = 0; i < q->nhits; i++)
		if (streq(q->hits[i].id, typed) || streq(q->hits[i].name, typed))
			q->hits[n++] = q->hits[i];
	if (n)
		q->nhits = n;
}

/* Inspect lines -> hits: those the user meant (resolve), or the running
 * ones (list). Returns how many lines made sense, or -ENOMEM. */
static int parse_inspect(struct query *q)
{
	struct engine_container c;
	char *save = NULL, *line;
	int parsed = 0;

	if (!q->job.out)
		return 0;
	for (line = strtok_r(q->job.out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (parse_inspect_line(line, q->def->name, &c) < 0)
			continue;
		parsed++;
		if (q->kind == Q_RESOLVE &&
		    !container_matches(q->name, c.id, c.name))
			continue;
		if (q->kind == Q_LIST && c.pid <= 0)
			continue;
		if (hits_add(q, &c) < 0)
			return -ENOMEM;
	}
	if (q->kind == Q_RESOLVE)
		hits_prefer_exact(q, q->name);
	return parsed;
}

/* "ID[\tNAME,NAME...]" lines -> the containers the user's word names. */
static int parse_listing(struct query *q)
{
	char *save = NULL, *line;

	if (!q->job.out)
		return 0;
	for (line = strtok_r(q->job.out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct engine_container c = { 0 };
		char *names = strchr(line, '\t'), *nsave = NULL, *nm;
		bool hit;

		if (names)
			*names++ = '\0';
		if (!is_hex(line) || nsx_strlcpy(c.id, line, sizeof(c.id)) < 0)
			continue;
		snprintf(c.engine, sizeof(c.engine), "%s", q->def->name);
		hit = container_matches(q->name, c.id, NULL);
		for (nm = names ? strtok_r(names, ",", &nsave) : NULL; nm;
		     nm = strtok_r(NULL, ",", &nsave)) {
			if (!c.name[0] || streq(nm, q->name))
				snprintf(c.name, sizeof(c.name), "%s", nm);
			hit = hit || streq(nm, q->name);
		}
		if (hit && hits_add(q, &c) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* One ID a line -> a malloc'd array of strdup'd IDs. */
static int parse_ids(struct query *q, char ***ids, size_t *n)
{
	char *save = NULL, *line;

	*ids = NULL;
	*n = 0;
	if (!q->job.out)
		return 0;
	for (line = strtok_r(q->job.out, "\n \t", &save); line;
	     line = strtok_r(NULL, "\n \t", &save)) {
		char **grown;

		if (!is_hex(line))
			continue;
		grown = realloc(*ids, (*n + 2) * sizeof(char *));
		if (!grown)
			return -ENOMEM;
		*ids = grown;
		if (!((*ids)[(*n)++] = strdup(line)))
			return -ENOMEM;
		(*ids)[*n] = NULL;
	}
	return 0;
}

static void ids_free(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Run the engine's tool: base argv, then the extra words. */
static int query_run(struct query *q, const char *const *base,
		     char *const *extra, size_t nextra, struct nsx_err *err)
{
	_cleanup_free_ char **argv = NULL;
	size_t nb = 0;

	while (base[nb])
		nb++;
	argv = calloc(nb + nextra + 1, sizeof(char *));
	if (!argv)
		return nsx_fail(err, ENOMEM, "%s", q->def->tool);
	memcpy(argv, base, nb * sizeof(char *));
	if (nextra)
		memcpy(argv + nb, extra, nextra * sizeof(char *));
	tool_release(&q->job);
	if (tool_start(&q->job, q->path, argv, err) < 0) {
		q->result = R_FAILED;
		snprintf(q->first_err, sizeof(q->first_err), "%.*s",
			 (int)sizeof(q->first_err) - 1, err->msg);
		return 0;
	}
	q->result = R_RUNNING;
	return 0;
}

static int query_first(struct query *q, struct nsx_err *err)
{
	char *name = (char *)q->name;

	if (q->kind == Q_LIST)
		return query_run(q, q->def->running, NULL, 0, err);
	if (q->def->resolve == BY_INSPECT)
		return query_run(q, q->def->inspect, &name, 1, err);
	return query_run(q, q->def->all, NULL, 0, err);
}

static void query_fail(struct query *q, const char *why)
{
	if (why != q->first_err)
		snprintf(q->first_err, sizeof(q->first_err), "%s", why);
	q->result = R_FAILED;
}

/* Lines of INSPECT_FMT -> hits; the run is over for this engine. */
static int query_take_lines(struct query *q, bool ok, struct nsx_err *err)
{
	int r = parse_inspect(q);

	if (r < 0)
		return nsx_fail(err, -r, "%s", q->def->tool);
	/* Several IDs: one may have gone since the listing; keep the rest. */
	if (!ok && r == 0)
		query_fail(q, tool_err_line(&q->job));
	else
		q->result = R_DONE;
	return 0;
}

/* One ID a line -> inspect them all, or done when there are none. */
static int query_inspect_ids(struct query *q, struct nsx_err *err)
{
	char **ids = NULL;
	size_t n = 0;
	int r;

	if (parse_ids(q, &ids, &n) < 0) {
		ids_free(ids, n);
		return nsx_fail(err, ENOMEM, "%s", q->def->tool);
	}
	if (!n) {
		q->result = R_DONE;
		return 0;
	}
	q->step = 1;
	r = query_run(q, q->def->inspect, ids, n, err);
	ids_free(ids, n);
	return r;
}

/* Both engines' words for a name, full ID or prefix that matches none
 * of their containers ("No such container: x", "no such container x"),
 * never for an ambiguous prefix. */
static bool said_no_such(const struct query *q)
{
	return strcasestr(q->job.err, "no such container") != NULL;
}

/* inspect NAME is done: found, none, or ask for the listing. */
static int query_inspected(struct query *q, bool ok, struct nsx_err *err)
{
	int r = ok ? parse_inspect(q) : 0;

	if (r < 0)
		return nsx_fail(err, -r, "%s", q->def->tool);
	/* The common miss, a name another engine holds, costs one run. */
	if (q->nhits || (!ok && said_no_such(q))) {
		q->result = R_DONE;
		return 0;
	}
	/* Unknown or ambiguous? The listing tells, and names the
	 * candidates, where the engines' messages differ. */
	q->step = 1;
	return query_run(q, q->def->all, NULL, 0, err);
}

static int query_classified(struct query *q, bool ok, struct nsx_err *err)
{
	if (!ok) {
		query_fail(q, q->first_err);
		return 0;
	}
	if (parse_listing(q) < 0)
		return nsx_fail(err, ENOMEM, "%s", q->def->tool);
	/* Listed but not inspectable: the inspect error says why. */
	if (q->nhits == 1)
		query_fail(q, q->first_err);
	else
		q->result = R_DONE;
	return 0;
}

static int query_advance(struct query *q, struct nsx_err *err)
{
	bool ok = tool_succeeded(&q->job);
	bool by_inspect = q->def->resolve == BY_INSPECT && q->kind == Q_RESOLVE;

	if (q->step == 1)
		return by_inspect ? query_classified(q, ok, err)
				  : query_take_lines(q, ok, err);
	snprintf(q->first_err, sizeof(q->first_err), "%s",
		 ok ? "" : tool_err_line(&q->job));
	if (by_inspect)
		return query_inspected(q, ok, err);
	if (!ok) {
		query_fail(q, q->first_err);
		return 0;
	}
	if (q->kind == Q_LIST && q->def->list == BY_LISTING)
		return query_take_lines(q, ok, err);
	return query_inspect_ids(q, err);
}

int queries_run(struct query *qs, size_t n, struct nsx_err *err)
{
	long long deadline = tool_now_ms() + ENGINE_TIMEOUT_MS;
	struct tool_job *jobs[ARRAY_SIZE(engines)];
	size_t running;
	int r;

	for (size_t i = 0; i < n; i++)
		if ((r = query_first(&qs[i], err)) < 0)
			return r;
	for (;;) {
		running = 0;
		for (size_t i = 0; i < n; i++) {
			jobs[i] = qs[i].result == R_RUNNING ? &qs[i].job : NULL;
			running += jobs[i] != NULL;
		}
		if (!running)
			return 0;
		r = tool_wait_any(jobs, n, deadline, err);
		if (r == -ETIMEDOUT) {
			for (size_t i = 0; i < n; i++)
				if (jobs[i] && jobs[i]->timed_out)
					qs[i].result = R_TIMEDOUT;
		} else if (r < 0) {
			return r;
		}
		for (size_t i = 0; i < n; i++) {
			if (!jobs[i] || qs[i].result != R_RUNNING)
				continue;
			if (jobs[i]->done && (r = query_advance(&qs[i], err)) < 0)
				return r;
		}
	}
}

void queries_release(struct query *qs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tool_release(&qs[i].job);
		free(qs[i].hits);
	}
}

size_t queries_init(struct query *qs, unsigned which, enum query_kind kind,
		    const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(engines); i++) {
		struct query *q = &qs[n];

		if (!(which & 1u << i))
			continue;
		*q = (struct query){ .def = &engines[i], .kind = kind,
				     .name = name };
		tool_init(&q->job);
		if (tool_find(engines[i].tool, q->path, sizeof(q->path)) == 0)
			n++;
	}
	return n;
}

size_t engines_installed(unsigned which)
{
	char path[PATH_MAX];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(engines); i++)
		if (which & 1u << i &&
		    tool_find(engines[i].tool, path, sizeof(path)) == 0)
			n++;
	return n;
}

unsigned engine_mask(const char *engine)
{
	for (size_t i = 0; i < ARRAY_SIZE(engines); i++)
		if (streq(engine, engines[i].name))
			return 1u << i;
	return 0;
}

/*
 * Can the monitor pid, of the engine def, watch a container that answers
 * to name? Only when its command line names the container (podman's
 * conmon: -n NAME -c ID) can the answer be no.
 */
static bool monitor_may_hold(const struct engine_def *def, int procfd,
			     const char *pid, const char *name)
{
	char path[300], args[8192];
	ssize_t len;

	if (!name || !def->monitor_name_opt)
		return true;
	snprintf(path, sizeof(path), "%s/cmdline", pid);
	len = read_file_at(procfd, path, args, sizeof(args));
	if (len <= 0 || (size_t)len >= sizeof(args) - 1)
		return true; /* unread or cut short: it may */
	args[len] = '\0';
	for (const char *a = args, *next; a < args + len; a = next) {
		next = a + strlen(a) + 1;
		if (next >= args + len)
			break;
		if (streq(a, def->monitor_name_opt) && streq(next, name))
			return true;
		if (streq(a, def->monitor_id_opt) &&
		    !strncmp(next, name, strlen(name)))
			return true;
	}
	return false;
}

/* The engines that process pid, running prog, shows may hold name. */
static unsigned monitored_by(int procfd, const char *pid, const char *prog,
			     const char *name)
{
	unsigned mask = 0;

	for (size_t i = 0; i < ARRAY_SIZE(engines); i++)
		for (const char *const *m = engines[i].monitors; *m; m++)
			if (!strncmp(prog, *m, strlen(*m)) &&
			    monitor_may_hold(&engines[i], procfd, pid, name))
				mask |= 1u << i;
	return mask;
}

unsigned engines_monitor(int procfd, const char *pid, const char *prog,
			 const char *name)
{
	return prog[0] ? monitored_by(procfd, pid, prog, name) : 0;
}

unsigned engines_running(const char *name)
{
	_cleanup_close_ int procfd = -1;
	DIR *dir;
	struct dirent *d;
	unsigned mask = 0;
	char prog[64];

	if (!engines_installed(ENGINES_ALL))
		return 0;
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return ENGINES_ALL;
	dir = fdopendir(fcntl(procfd, F_DUPFD_CLOEXEC, 3));
	if (!dir)
		return ENGINES_ALL;
	while (mask != ENGINES_ALL && (d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		proc_program(procfd, d->d_name, prog, sizeof(prog));
		mask |= engines_monitor(procfd, d->d_name, prog, name);
	}
	closedir(dir);
	return mask;
}
