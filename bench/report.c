/*
 * report.c: the results: latency histograms as JSON, the setup figures
 * (connection and login rates), progress lines on stderr, the one-line
 * summary, and the JSON document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "bench.h"

static char	report_summary[1024];

/* Return a histogram as {count, p50, p90, p99, p99_9, max, mean} in ms. */
json_t *
report_hist(const struct hist *h)
{
	return (json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f}",
	    "count", (json_int_t)h->total,
	    "p50", hist_percentile(h, 50) / 1e6,
	    "p90", hist_percentile(h, 90) / 1e6,
	    "p99", hist_percentile(h, 99) / 1e6,
	    "p99_9", hist_percentile(h, 99.9) / 1e6,
	    "max", h->total ? h->max / 1e6 : 0.0,
	    "mean", hist_mean(h) / 1e6));
}

/* Print a progress line, and keep it as the summary so far. */
void
report_line(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(report_summary, sizeof report_summary, fmt, ap);
	va_end(ap);
	if (!B.conf.quiet)
		fprintf(stderr, "roundtable-bench: %s\n", report_summary);
}

/* Return seconds between two ns instants, 0 when either is unset. */
static double
report_span(uint64_t from, uint64_t to)
{
	if (from == 0 || to <= from)
		return (0);
	return ((double)(to - from) / BENCH_SEC);
}

/* Record how fast the clients connected and logged in. */
void
report_setup(void)
{
	json_t			*o;
	struct proc_sample	 ps;
	double			 tls_s, login_s, join_s, cpu;

	tls_s = report_span(B.setup_start, B.setup_tls_last);
	login_s = report_span(B.setup_login_first, B.setup_ready_last);
	join_s = report_span(B.setup_start, B.setup_joined_last);
	proc_sample(&ps);
	cpu = ps.ok ? ps.cpu - B.setup_cpu0 : 0;
	o = json_pack("{s:i, s:i, s:i, s:i, s:I, s:I, s:f, s:f, s:f, s:f, "
	    "s:f, s:I, s:I, s:f, s:f, s:I, s:f, s:o, s:o}",
	    "clients", (json_int_t)B.conf.nclients,
	    "ready", (json_int_t)B.nready,
	    "joined", (json_int_t)B.njoined,
	    "failed", (json_int_t)B.nfailed,
	    "attempts", (json_int_t)B.attempts,
	    "refused", (json_int_t)B.refused,
	    "connect_s", tls_s,
	    "connects_per_s", tls_s > 0 ? B.ntls / tls_s : 0.0,
	    "login_s", login_s,
	    "logins_per_s", login_s > 0 ? B.nready / login_s : 0.0,
	    "all_joined_s", join_s,
	    "logins_password", (json_int_t)B.logins_password,
	    "logins_token", (json_int_t)B.logins_token,
	    "server_cpu_s", cpu,
	    "server_cpu_ms_per_client", B.nready > 0 ? 1000 * cpu / B.nready :
	    0.0,
	    "server_rss_kib", (json_int_t)ps.rss_kib,
	    "driver_cpu_s", proc_self_cpu(),
	    "connect_ms", report_hist(&B.h_connect),
	    "login_ms", report_hist(&B.h_login));
	json_object_set_new(B.result, "setup", o);
	report_line("setup %u/%u logged in, %u failed: %.0f TLS connects/s "
	    "(p50 %.1f p99 %.1f ms), %.0f logins/s (p50 %.1f p99 %.1f ms)%s",
	    B.nready, B.conf.nclients, B.nfailed,
	    tls_s > 0 ? B.ntls / tls_s : 0.0,
	    hist_percentile(&B.h_connect, 50) / 1e6,
	    hist_percentile(&B.h_connect, 99) / 1e6,
	    login_s > 0 ? B.nready / login_s : 0.0,
	    hist_percentile(&B.h_login, 50) / 1e6,
	    hist_percentile(&B.h_login, 99) / 1e6,
	    B.njoined > 0 ? ", all joined" : "");
	if (B.nfailed > 0 && B.exitcode == 0)
		B.exitcode = 2;
}

/* Summarize a fan-out: the highest rate that did not saturate. */
void
report_fanout_summary(json_t *steps)
{
	json_t	*s, *best = NULL;
	size_t	 i;

	json_array_foreach(steps, i, s) {
		if (!json_is_true(json_object_get(s, "saturated")))
			best = s;
	}
	if (best == NULL) {
		report_line("fanout %u room(s) x %u: saturated at the first "
		    "step", B.conf.nrooms, B.members);
		return;
	}
	report_line("fanout %u room(s) x %u: %.0f deliveries/s at %.0f "
	    "posts/s per room, p99 %.2f ms, %.0f deliveries per server "
	    "CPU-s", B.conf.nrooms, B.members,
	    json_real_value(json_object_get(best, "deliveries_per_s")),
	    json_real_value(json_object_get(best, "rate_per_room")),
	    json_real_value(json_object_get(json_object_get(best,
	    "latency_ms"), "p99")),
	    json_real_value(json_object_get(best, "deliveries_per_cpu_s")));
}

/*
 * Print the one-line summary (stdout, or stderr when the JSON goes to
 * stdout) and write the JSON document. Return 0 or -1.
 */
int
report_write(void)
{
	FILE	*fp;
	int	 rc = 0;

	json_object_set_new(B.result, "summary", json_string(report_summary));
	json_object_set_new(B.result, "exit", json_integer(B.exitcode));
	fp = B.conf.json != NULL && strcmp(B.conf.json, "-") == 0 ? stderr :
	    stdout;
	fprintf(fp, "%s %s %s%s%s: %s\n", "roundtable-bench",
	    B.conf.drv->name, wl_name(), B.conf.label ? " " : "",
	    B.conf.label ? B.conf.label : "", report_summary);
	fflush(fp);
	if (B.conf.json == NULL)
		return (0);
	if (strcmp(B.conf.json, "-") == 0)
		rc = json_dumpf(B.result, stdout, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	else
		rc = json_dump_file(B.result, B.conf.json, JSON_INDENT(2) |
		    JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (rc == 0 && strcmp(B.conf.json, "-") == 0)
		printf("\n");
	if (rc != 0)
		bench_log("%s: cannot write the JSON result", B.conf.json);
	return (rc == 0 ? 0 : -1);
}
