/* tool.c - run docker, podman or crictl as the caller, with a deadline */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <time.h>

#include "nsx/engine/tool.h"

#define TOOL_MAX_JOBS 8
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

extern char **environ;

void tool_init(struct tool_job *j)
{
	*j = (struct tool_job){ .pidfd = -1, .out_fd = -1, .err_fd = -1 };
}

long long tool_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tool_find(const char *name, char *path, size_t size)
{
	const char *p = getenv("PATH");
	struct stat st;

	if (!p || !p[0])
		p = DEFAULT_PATH;
	while (*p) {
		size_t len = strcspn(p, ":");

		/* Only absolute directories: an empty or relative entry would
		 * pick a "docker" from whatever directory nsx runs in. */
		if (len && p[0] == '/' && len + strlen(name) + 2 <= size) {
			snprintf(path, size, "%.*s/%s", (int)len, p, name);
			/* faccessat without AT_EACCESS asks as the real uid. */
			if (faccessat(AT_FDCWD, path, X_OK, 0) == 0 &&
			    stat(path, &st) == 0 && S_ISREG(st.st_mode))
				return 0;
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return -ENOENT;
}

/*
 * docker, podman and crictl are Go programs whose one query costs mostly
 * their own start: with the runtime's defaults, a podman lookup spends
 * a quarter of its CPU time collecting a few megabytes of garbage it is
 * about to exit with, in threads that compete with the other engine's
 * tool for the same cores. So, unless the caller chose
 * otherwise, the collector waits for GOMEMLIMIT (Go 1.19 and later) and
 * one thread runs Go code. The answers are the same; only a Go older
 * than 1.19 grows its heap unbounded, for the one short query.
 */
static const char *const go_defaults[] = {
	"GOGC=off",
	"GOMEMLIMIT=256MiB",
	"GOMAXPROCS=1",
};

static bool env_has(const char *entry)
{
	size_t len = strcspn(entry, "=") + 1;

	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, entry, len) == 0)
			return true;
	return false;
}

/* environ plus the defaults the caller did not set; free() the array
 * only, its strings are borrowed. */
static char **tool_env(void)
{
	static char *const none[] = { NULL };
	/* clearenv() leaves environ NULL. */
	char *const *src = environ ? environ : none;
	size_t n = 0, k = 0;
	char **env;

	while (src[n])
		n++;
	env = calloc(n + ARRAY_SIZE(go_defaults) + 1, sizeof(char *));
	if (!env)
		return NULL;
	for (k = 0; k < n; k++)
		env[k] = src[k];
	for (size_t i = 0; i < ARRAY_SIZE(go_defaults); i++)
		if (!env_has(go_defaults[i]))
			env[k++] = (char *)go_defaults[i];
	return env;
}

static tool_drop_fn drop;

void tool_set_drop(tool_drop_fn fn)
{
	drop = fn;
}

/*
 * In the child: only async-signal-safe calls from here to exec, and the
 * drop, which makes system calls and reads glibc's and libcap-ng's
 * fork-safe state. A setuid nsx hands its privs_drop (tool_set_drop) and
 * runs the tool as the caller for good, through the one drop that is
 * checked: all ids (a saved uid 0 would let
 * a setuid program the tool starts regain root after setuid(getuid()),
 * the sendmail CVE-2000-0506 class), the caller's own groups (the
 * "docker" group among them is how the user reaches dockerd), no
 * capability and no_new_privs.
 */
static void __attribute__((noreturn))
child_exec(const char *path, char *const argv[], char *const envp[], int in,
	   int out, int errfd, pid_t parent)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;

	setpgid(0, 0);
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Sources above 2 first, so no dup2 overwrites another's source. */
	in = fcntl(in, F_DUPFD_CLOEXEC, 3);
	out = fcntl(out, F_DUPFD_CLOEXEC, 3);
	errfd = fcntl(errfd, F_DUPFD_CLOEXEC, 3);
	if (in < 0 || out < 0 || errfd < 0 || dup2(in, 0) < 0 ||
	    dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(127);
	syscall(SYS_close_range, 3U, ~0U, 0U);
	/* A setuid nsx that was given no drop runs no tool at all. */
	if (drop ? drop(&(struct nsx_err){ 0 }) < 0 : getauxval(AT_SECURE))
		_exit(126);
	/* An nsx killed while it waits takes the tool along. Set after the
	 * credentials change, which clears it; the parent may be gone by
	 * then already. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() != parent)
		_exit(127);
	execve(path, argv, envp);
	_exit(127);
}

int tool_start(struct tool_job *j, const char *path, char *const argv[],
	       struct nsx_err *err)
{
	_cleanup_close_ int null = -1, out_r = -1, out_w = -1, err_r = -1,
			    err_w = -1;
	_cleanup_free_ char **envp = NULL;
	struct sigaction sa;
	pid_t pid, parent;
	int p[2];

	tool_init(j);
	/* With SIGCHLD ignored the kernel would reap the tool for us, and
	 * its exit status would be lost. */
	if (sigaction(SIGCHLD, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		signal(SIGCHLD, SIG_DFL);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0)
		return nsx_fail(err, errno, "/dev/null");
	if (pipe2(p, O_CLOEXEC) < 0)
		return nsx_fail(err, errno, "pipe");
	out_r = p[0], out_w = p[1];
	if (pipe2(p, O_CLOEXEC) < 0)
		return nsx_fail(err, errno, "pipe");
	err_r = p[0], err_w = p[1];
	envp = tool_env();
	if (!envp)
		return nsx_fail(err, ENOMEM, "environment");
	parent = getpid();
	pid = fork();
	if (pid < 0)
		return nsx_fail(err, errno, "fork");
	if (pid == 0)
		child_exec(path, argv, envp, null, out_w, err_w, parent);
	/* Both sides set the group, so a deadline that comes before the
	 * child runs still finds it in its own group. */
	setpgid(pid, pid);
	j->pid = pid;
	j->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (j->pidfd < 0) {
		int e = errno;

		tool_release(j);
		return nsx_fail(err, e, "pidfd_open");
	}
	j->out_fd = take_fd(&out_r);
	j->err_fd = take_fd(&err_r);
	return 0;
}

/* Read what is there; close the pipe at end of file. */
static void job_read(struct tool_job *j, int *fd, bool is_out)
{
	char buf[65536];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		closep(fd);
		*fd = -1;
		return;
	}
	if (!is_out) {
		size_t room = sizeof(j->err) - 1 - j->err_len;

		if ((size_t)n > room)
			n = (ssize_t)room;
		memcpy(j->err + j->err_len, buf, (size_t)n);
		j->err_len += (size_t)n;
		j->err[j->err_len] = '\0';
		return;
	}
	if (j->out_len + (size_t)n + 1 > j->out_cap &&
	    j->out_len + (size_t)n < TOOL_OUT_MAX) {
		size_t cap = j->out_cap ? j->out_cap : 4096;
		char *grown;

		while (cap < j->out_len + (size_t)n + 1)
			cap *= 2;
		grown = realloc(j->out, cap);
		if (!grown)
			return;
		j->out = grown;
		j->out_cap = cap;
	}
	if (j->out_len + (size_t)n + 1 <= j->out_cap) {
		memcpy(j->out + j->out_len, buf, (size_t)n);
		j->out_len += (size_t)n;
		j->out[j->out_len] = '\0';
	}
}

static void job_reap(struct tool_job *j, bool block)
{
	int st;

	if (waitpid(j->pid, &st, block ? 0 : WNOHANG) == j->pid) {
		j->status = st;
		j->pid = 0;
		j->done = true;
		closep(&j->pidfd);
		j->pidfd = -1;
	}
}

/* The process group goes whole: a tool that started helpers takes them
 * along. The leader is unreaped until here, so its PID, and the group's
 * ID, cannot have been reused. */
static void job_kill(struct tool_job *j)
{
	if (j->pid <= 0)
		return;
	kill(-j->pid, SIGKILL);
	kill(j->pid, SIGKILL);
	job_reap(j, true);
	closep(&j->out_fd);
	closep(&j->err_fd);
	j->out_fd = j->err_fd = -1;
	j->status = W_EXITCODE(0, SIGKILL);
	j->done = true;
}

/* pollfds for one job: its pipes, and once they are drained, its exit. */
static size_t job_fds(struct tool_job *j, struct pollfd *pfd)
{
	size_t k = 0;

	if (j->out_fd >= 0)
		pfd[k++] = (struct pollfd){ .fd = j->out_fd, .events = POLLIN };
	if (j->err_fd >= 0)
		pfd[k++] = (struct pollfd){ .fd = j->err_fd, .events = POLLIN };
	if (!k)
		pfd[k++] = (struct pollfd){ .fd = j->pidfd, .events = POLLIN };
	return k;
}

static void job_events(struct tool_job *j, const struct pollfd *pfd,
		       size_t k)
{
	for (size_t i = 0; i < k; i++) {
		if (!pfd[i].revents)
			continue;
		if (pfd[i].fd == j->out_fd)
			job_read(j, &j->out_fd, true);
		else if (pfd[i].fd == j->err_fd)
			job_read(j, &j->err_fd, false);
		else if (pfd[i].fd == j->pidfd)
			job_reap(j, false);
	}
}

int tool_wait_any(struct tool_job *const jobs[], size_t n,
		  long long deadline_ms, struct nsx_err *err)
{
	struct pollfd pfd[TOOL_MAX_JOBS * 2];
	size_t first[TOOL_MAX_JOBS], count[TOOL_MAX_JOBS];

	if (n > TOOL_MAX_JOBS)
		return nsx_failx(err, EINVAL, "too many tools at once");
	for (;;) {
		size_t k = 0, running = 0;
		long long left = deadline_ms - tool_now_ms();

		for (size_t i = 0; i < n; i++) {
			count[i] = 0;
			if (!jobs[i] || jobs[i]->done || jobs[i]->pid <= 0)
				continue;
			running++;
			first[i] = k;
			count[i] = job_fds(jobs[i], pfd + k);
			k += count[i];
		}
		if (!running)
			return 0;
		if (left <= 0) {
			for (size_t i = 0; i < n; i++)
				if (jobs[i] && !jobs[i]->done) {
					job_kill(jobs[i]);
					jobs[i]->timed_out = true;
				}
			return nsx_failx(err, ETIMEDOUT, "timed out");
		}
		if (poll(pfd, k, left > INT_MAX ? INT_MAX : (int)left) < 0 &&
		    errno != EINTR)
			return nsx_fail(err, errno, "poll");
		for (size_t i = 0; i < n; i++) {
			if (!count[i])
				continue;
			job_events(jobs[i], pfd + first[i], count[i]);
			if (jobs[i]->done)
				return 0;
		}
	}
}

bool tool_succeeded(const struct tool_job *j)
{
	return j->done && WIFEXITED(j->status) && WEXITSTATUS(j->status) == 0;
}

const char *tool_err_line(struct tool_job *j)
{
	char *s = j->err;

	while (*s == '\n' || *s == ' ')
		s++;
	s[strcspn(s, "\n")] = '\0';
	if (!*s) {
		if (WIFSIGNALED(j->status))
			snprintf(j->err, sizeof(j->err), "killed by signal %d",
				 WTERMSIG(j->status));
		else
			snprintf(j->err, sizeof(j->err), "exit status %d",
				 WEXITSTATUS(j->status));
		s = j->err;
	}
	return s;
}

void tool_release(struct tool_job *j)
{
	if (j->pid > 0 && !j->done)
		job_kill(j);
	closep(&j->pidfd);
	closep(&j->out_fd);
	closep(&j->err_fd);
	free(j->out);
	tool_init(j);
}
