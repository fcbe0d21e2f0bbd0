/* proc.c - find every namespace on the host: processes and descriptors */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

#include "nsx/lib/ns.h"
#include "nsx/scan/par.h"
#include "nsx/scan/proc.h"
#include "proc_int.h"

/* Is a /proc entry name a PID (digits only)? Returns it, or 0. */
pid_t proc_name_pid(const char *s)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > INT_MAX / 10)
			return 0;
		v = v * 10 + (*s - '0');
	}
	return v <= INT_MAX ? (pid_t)v : 0;
}

static size_t ino_hash(ino_t ino, size_t nslots)
{
	return (size_t)(((uint64_t)ino * 0x9E3779B97F4A7C15ull) >> 32) &
	       (nslots - 1);
}

struct proc_ns *proc_scan_find(const struct proc_scan *s, ino_t ino)
{
	if (!s->nslots)
		return NULL;
	for (size_t i = ino_hash(ino, s->nslots);; i = (i + 1) & (s->nslots - 1)) {
		uint32_t at = s->slot[i];

		if (!at)
			return NULL;
		if (s->v[at - 1].ino == ino)
			return &s->v[at - 1];
	}
}

static int scan_rehash(struct proc_scan *s)
{
	size_t nslots = s->nslots ? s->nslots * 2 : 1024;
	uint32_t *slot = calloc(nslots, sizeof(*slot));

	if (!slot)
		return -ENOMEM;
	free(s->slot);
	s->slot = slot;
	s->nslots = nslots;
	for (size_t k = 0; k < s->n; k++) {
		size_t i = ino_hash(s->v[k].ino, nslots);

		while (slot[i])
			i = (i + 1) & (nslots - 1);
		slot[i] = (uint32_t)(k + 1);
	}
	return 0;
}

/* The entry for ino, added when new. NULL only when out of memory. */
struct proc_ns *proc_scan_get(struct proc_scan *s, int type, ino_t ino)
{
	struct proc_ns *ns = proc_scan_find(s, ino);
	size_t i;

	if (ns)
		return ns;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct proc_ns *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		s->v = v;
		s->cap = cap;
	}
	if ((s->n + 1) * 2 > s->nslots && scan_rehash(s) < 0)
		return NULL;
	s->v[s->n] = (struct proc_ns){ .ino = ino, .type = type, .fd = -1,
				       .hold_fd = -1 };
	i = ino_hash(ino, s->nslots);
	while (s->slot[i])
		i = (i + 1) & (s->nslots - 1);
	s->slot[i] = (uint32_t)(s->n + 1);
	return &s->v[s->n++];
}

void proc_scan_free(struct proc_scan *s)
{
	for (size_t k = 0; k < s->n; k++) {
		for (size_t j = 0; j < s->v[k].npaths; j++)
			free(s->v[k].paths[j]);
		free(s->v[k].paths);
		free(s->v[k].command);
		closep(&s->v[k].hold_fd);
	}
	free(s->v);
	free(s->slot);
	free(s->mnt);
	*s = (struct proc_scan){ 0 };
}

/* "net:[4026531840]" (a readlink of an ns file, or a mountinfo root). */
int proc_parse_ns_link(const char *s, int *type, ino_t *ino)
{
	const char *open = strchr(s, ':');
	char name[16], *end;
	unsigned long long v;

	if (!open || (size_t)(open - s) >= sizeof(name) || open[1] != '[')
		return -EINVAL;
	memcpy(name, s, (size_t)(open - s));
	name[open - s] = '\0';
	*type = ns_index_by_name(name);
	errno = 0;
	v = strtoull(open + 2, &end, 10);
	if (*type < 0 || errno || *end != ']' || v == 0)
		return -EINVAL;
	*ino = (ino_t)v;
	return 0;
}

/*
 * Remember a mount namespace other than ours, and one process in it, to
 * read its mount table later. A namespace whose root is our root is a copy
 * of ours (unshare -m, ip netns exec): its table repeats ours, and reading
 * a thousand lines again for each would cost more than the whole scan.
 * Those are kept with pid 0, so each is looked at once.
 */
static bool mnt_known(const struct proc_scan *s, ino_t ino)
{
	if (ino == s->self_mnt)
		return true;
	for (size_t i = 0; i < s->nmnt; i++)
		if (s->mnt[i].ino == ino)
			return true;
	return false;
}

static void mnt_add(struct proc_scan *s, ino_t ino, pid_t pid)
{
	if (s->nmnt == s->capmnt) {
		size_t cap = s->capmnt ? s->capmnt * 2 : 16;
		void *m = realloc(s->mnt, cap * sizeof(*s->mnt));

		if (!m)
			return; /* only a missed mount table, not an error */
		s->mnt = m;
		s->capmnt = cap;
	}
	s->mnt[s->nmnt].ino = ino;
	s->mnt[s->nmnt++].pid = pid;
}

static void note_mnt_ns(struct proc_scan *s, int procfd, ino_t ino,
			pid_t pid, const char *name)
{
	char path[NAME_MAX + 32];
	struct stat st;

	if (mnt_known(s, ino))
		return;
	snprintf(path, sizeof(path), "%s/root", name);
	if (fstatat(procfd, path, &st, 0) == 0 && st.st_dev == s->root_dev &&
	    st.st_ino == s->root_ino)
		pid = 0;
	mnt_add(s, ino, pid);
}

/* The command line of the lowest PID in each namespace, read as the scan
 * meets it: a thread walks /proc upwards, so the first process it sees in
 * a namespace is the lowest it will see there. */
static int scan_command(struct proc_scan *s, pid_t pid, const size_t *at,
			size_t n)
{
	char buf[4096];

	if (proc_command(pid, buf, sizeof(buf)) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		free(s->v[at[i]].command);
		s->v[at[i]].command = strdup(buf);
		if (!s->v[at[i]].command)
			return -ENOMEM;
	}
	return 0;
}

/* A process's namespaces of the wanted types (and its mount ns). Returns
 * 1 when the process let us read them, 0 when not, -ENOMEM. */
static int scan_pid_ns(struct proc_scan *s, int procfd, pid_t pid,
		       const char *name, unsigned flags, size_t *first,
		       size_t *nfirst)
{
	bool want_mnt = flags & PROC_SCAN_ALL_MOUNTS;
	char path[NAME_MAX + 32];
	struct stat st;
	int readable = 0;

	*nfirst = 0;
	for (int t = 0; t < NS_COUNT; t++) {
		bool wanted = s->types & (1u << t);
		struct proc_ns *ns;

		if (!wanted && !(want_mnt && t == NS_MNT))
			continue;
		snprintf(path, sizeof(path), "%s/ns/%s", name, ns_types[t].name);
		if (fstatat(procfd, path, &st, 0) < 0)
			continue; /* gone, or not ours to read (PID 1 here) */
		readable = 1;
		if (want_mnt && t == NS_MNT)
			note_mnt_ns(s, procfd, st.st_ino, pid, name);
		if (!wanted)
			continue;
		ns = proc_scan_get(s, t, st.st_ino);
		if (!ns)
			return -ENOMEM;
		ns->nprocs++;
		if (!ns->pid || pid < ns->pid) {
			ns->pid = pid;
			first[(*nfirst)++] = (size_t)(ns - s->v);
		}
	}
	return readable;
}

/* One descriptor, by its link text: "net:[4026532177]" for a namespace.
 * readlink, not stat: stat would ask the file's filesystem (a hung FUSE
 * or NFS server would hang the listing); readlink only reads the path. */
static int scan_fd(struct proc_scan *s, const char *link, pid_t pid, int fd)
{
	struct proc_ns *ns;
	ino_t ino;
	int type;

	if (proc_parse_ns_link(link, &type, &ino) < 0 ||
	    !(s->types & (1u << type)))
		return 0;
	ns = proc_scan_get(s, type, ino);
	if (!ns)
		return -ENOMEM;
	if (!ns->fd_pid) {
		ns->fd_pid = pid;
		ns->fd = fd;
	}
	return 0;
}

static int scan_fd_at(struct proc_scan *s, int dirfd, const char *path,
		      pid_t pid, int fd)
{
	char link[64];
	ssize_t n = readlinkat(dirfd, path, link, sizeof(link) - 1);

	if (n < 0)
		return -errno;
	link[n] = '\0';
	return scan_fd(s, link, pid, fd);
}

/* Namespaces a process holds open: every descriptor, listed with
 * getdents64 (no DIR to allocate for each of thousands of processes). */
static int scan_pid_fds(struct proc_scan *s, int procfd, pid_t pid,
			const char *name, uid_t *owner)
{
	_Alignas(struct dirent64) char buf[16384];
	_cleanup_close_ int dfd = -1;
	char path[NAME_MAX + 32];
	struct stat st;
	ssize_t n;
	int r = 0;

	snprintf(path, sizeof(path), "%s/fd", name);
	dfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return 0;
	/* Like /proc/PID, the directory belongs to the process's owner: an
	 * fstat of it costs no walk through /proc. */
	if (owner && fstat(dfd, &st) == 0)
		*owner = st.st_uid;
	while (r == 0 && (n = getdents64(dfd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; r == 0 && off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			r = scan_fd_at(s, dfd, d->d_name, pid, atoi(d->d_name));
			if (r != -ENOMEM)
				r = 0;
		}
		/* procfs stops filling only when the buffer is full: with
		 * room left, that was every descriptor, and asking again to
		 * hear "no more" costs a syscall per process. */
		if ((size_t)n < sizeof(buf) - 512)
			break;
	}
	return r;
}

/* The PIDs in /proc, in its (ascending) order. */
static int list_pids(int procfd, pid_t **out, size_t *n)
{
	_cleanup_close_ int fd = fcntl(procfd, F_DUPFD_CLOEXEC, 3);
	size_t cap = 512;
	pid_t *v = malloc(cap * sizeof(*v));
	struct dirent *d;
	DIR *dir;

	*n = 0;
	if (!v || fd < 0 || !(dir = fdopendir(fd))) {
		free(v);
		return -errno;
	}
	fd = -1; /* the DIR owns it now */
	while ((d = readdir(dir))) {
		pid_t pid = proc_name_pid(d->d_name);

		if (!pid)
			continue;
		if (*n == cap) {
			pid_t *nv = realloc(v, (cap *= 2) * sizeof(*v));

			if (!nv) {
				closedir(dir);
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		v[(*n)++] = pid;
	}
	closedir(dir);
	*out = v;
	return 0;
}

struct scan_job {
	const pid_t *pid;
	int procfd;
	unsigned flags;
	const struct proc_visit *visit;
};

static int scan_one(void *ctx, void *arg, size_t i)
{
	const struct scan_job *j = ctx;
	struct proc_scan *part = arg;
	pid_t pid = j->pid[i];
	size_t first[NS_COUNT], nfirst;
	uid_t uid = (uid_t)-1;
	bool owners, fds = j->flags & PROC_SCAN_FDS;
	char name[16], prog[64];
	struct stat st;
	int r;

	snprintf(name, sizeof(name), "%d", (int)pid);
	if (j->visit) {
		/* A kernel thread has no descriptors: it need not be asked.
		 * (A process with no executable that is gone, or going, has
		 * none to find either.) */
		if (proc_program(j->procfd, name, prog, sizeof(prog)) == -ENOENT)
			fds = false;
		j->visit->fn(j->procfd, name, prog, j->visit->ctx);
	}
	r = scan_pid_ns(part, j->procfd, pid, name, j->flags, first, &nfirst);
	/* A process whose namespaces we may not see keeps its descriptors
	 * from us too: do not try each one. */
	if (r <= 0)
		return r;
	r = 0;
	owners = nfirst && (j->flags & PROC_SCAN_OWNERS);
	if (fds)
		r = scan_pid_fds(part, j->procfd, pid, name,
				 owners ? &uid : NULL);
	else if (owners && fstatat(j->procfd, name, &st, 0) == 0)
		uid = st.st_uid;
	for (size_t k = 0; r == 0 && owners && k < nfirst; k++)
		part->v[first[k]].uid = uid;
	if (r == 0 && nfirst && (j->flags & PROC_SCAN_COMMANDS))
		r = scan_command(part, pid, first, nfirst);
	return r;
}

/* The mount points of e, moved to m. */
static int merge_paths(struct proc_ns *m, struct proc_ns *e)
{
	char **paths;

	if (!e->npaths)
		return 0;
	paths = realloc(m->paths, (m->npaths + e->npaths) * sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	memcpy(paths + m->npaths, e->paths, e->npaths * sizeof(*paths));
	m->paths = paths;
	m->npaths += e->npaths;
	free(e->paths);
	e->paths = NULL;
	e->npaths = 0;
	return 0;
}

/* Another thread's findings into ours. */
static int scan_merge(struct proc_scan *s, struct proc_scan *part)
{
	for (size_t k = 0; k < part->n; k++) {
		struct proc_ns *e = &part->v[k];
		struct proc_ns *m = proc_scan_get(s, e->type, e->ino);

		if (!m || merge_paths(m, e) < 0)
			return -ENOMEM;
		m->nprocs += e->nprocs;
		if (e->pid && (!m->pid || e->pid < m->pid)) {
			m->pid = e->pid;
			m->uid = e->uid;
			free(m->command);
			m->command = e->command;
			e->command = NULL;
		}
		if (!m->fd_pid && e->fd_pid) {
			m->fd_pid = e->fd_pid;
			m->fd = e->fd;
		}
	}
	for (size_t i = 0; i < part->nmnt; i++)
		if (!mnt_known(s, part->mnt[i].ino))
			mnt_add(s, part->mnt[i].ino, part->mnt[i].pid);
	return 0;
}

/* Our own mount table: the one job of the scan that is not a process. */
static int scan_mounts_job(void *ctx, void *part, struct nsx_err *err)
{
	(void)ctx;
	return proc_scan_mounts_self(part, err);
}

static int scan_processes(struct proc_scan *s, int procfd, unsigned flags,
			  const struct proc_visit *visit, struct nsx_err *err)
{
	struct proc_scan parts[PAR_THREADS_MAX];
	void *part[PAR_THREADS_MAX] = { s };
	_cleanup_free_ pid_t *pids = NULL;
	struct scan_job job = { .procfd = procfd, .flags = flags,
				.visit = visit };
	struct par p = { .item = scan_one, .ctx = &job };
	struct nsx_err perr = { 0 };
	struct sysinfo si;
	size_t n = 0;
	int nth, r, listed;

	if (flags & (PROC_SCAN_MOUNTS | PROC_SCAN_ALL_MOUNTS))
		p.extra = scan_mounts_job;
	for (int k = 1; k < PAR_THREADS_MAX; k++) {
		parts[k] = (struct proc_scan){
			.nsfs_dev = s->nsfs_dev, .types = s->types,
			.self_mnt = s->self_mnt, .root_dev = s->root_dev,
			.root_ino = s->root_ino,
		};
		part[k] = &parts[k];
	}
	/* When the kernel's count of tasks (threads included, 16 bits)
	 * says there are enough, the helpers start before /proc is listed,
	 * and read our mount table meanwhile; else once the list says so. */
	nth = par_threads(sysinfo(&si) == 0 ? si.procs : 0);
	if (nth > 1)
		par_start(&p, nth, part);
	listed = list_pids(procfd, &pids, &n);
	job.pid = pids;
	if (nth == 1)
		par_start(&p, par_threads(listed < 0 ? 0 : n), part);
	par_go(&p, listed < 0 ? 0 : n);
	r = par_finish(&p, &perr);
	if (r < 0 && perr.code)
		*err = perr;
	else if (r < 0)
		nsx_fail(err, -r, "scan /proc");
	if (r == 0 && listed < 0)
		r = nsx_fail(err, -listed, "/proc");
	for (int k = 1; k < PAR_THREADS_MAX; k++) {
		if (r == 0 && scan_merge(s, &parts[k]) < 0)
			r = nsx_fail(err, ENOMEM, "scan /proc");
		proc_scan_free(&parts[k]);
	}
	return r;
}

int proc_scan(struct proc_scan *s, unsigned types, unsigned flags,
	      const struct proc_visit *visit, struct nsx_err *err)
{
	_cleanup_close_ int procfd = -1;
	struct stat st;
	int r;

	*s = (struct proc_scan){ .types = types };
	if (stat("/proc/self/ns/net", &st) < 0)
		return nsx_fail(err, errno, "/proc/self/ns/net");
	s->nsfs_dev = st.st_dev;
	if (stat("/proc/self/root", &st) < 0)
		return nsx_fail(err, errno, "/proc/self/root");
	s->root_dev = st.st_dev;
	s->root_ino = st.st_ino;
	s->self_mnt = ns_self_ino(NS_MNT);
	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return nsx_fail(err, errno, "/proc");
	r = scan_processes(s, procfd, flags, visit, err);
	if (r == 0 && (flags & PROC_SCAN_ALL_MOUNTS))
		r = proc_scan_mounts_other(s, err);
	if (r < 0)
		proc_scan_free(s);
	return r;
}
