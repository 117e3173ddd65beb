/*
 * proc.c: samples of the server under test from /proc: CPU time
 * (utime + stime of every thread), resident memory and its peak, and the
 * machine's kernel slab; and this process's own CPU time.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

/* Return the server's pid: --pid, else the first line of --pid-file. */
int
proc_server_pid(void)
{
	FILE	*fp;
	int	 pid = 0;

	if (B.conf.pid > 0)
		return (B.conf.pid);
	if (B.conf.pidfile == NULL || (fp = fopen(B.conf.pidfile, "r")) ==
	    NULL)
		return (0);
	if (fscanf(fp, "%d", &pid) != 1)
		pid = 0;
	fclose(fp);
	return (pid);
}

/* Read "Key:   123 kB" from a status-style file; 0 if absent. */
static uint64_t
proc_kib(const char *path, const char *key)
{
	FILE		*fp;
	char		 line[256];
	size_t		 n = strlen(key);
	uint64_t	 v = 0;

	if ((fp = fopen(path, "r")) == NULL)
		return (0);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtoull(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(fp);
	return (v);
}

/*
 * Sample the server: fields 14 and 15 of /proc/PID/stat (after the
 * parenthesised command name, which may hold spaces), VmRSS and VmHWM.
 */
void
proc_sample(struct proc_sample *s)
{
	FILE			*fp;
	char			 path[64], buf[1024], *p;
	unsigned long long	 ut, st;
	int			 pid;

	memset(s, 0, sizeof *s);
	s->slab_kib = proc_kib("/proc/meminfo", "Slab");
	if ((pid = proc_server_pid()) <= 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	p = fgets(buf, sizeof buf, fp);
	fclose(fp);
	if (p == NULL || (p = strrchr(buf, ')')) == NULL)
		return;
	/* After ") ": state is field 3, utime 14, stime 15. */
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	    "%llu %llu", &ut, &st) != 2)
		return;
	s->cpu = (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	s->rss_kib = proc_kib(path, "VmRSS");
	s->hwm_kib = proc_kib(path, "VmHWM");
	s->ok = true;
}

/* Return this process's user + system CPU time in seconds. */
double
proc_self_cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ((double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
}
