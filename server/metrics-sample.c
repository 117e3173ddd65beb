/*
 * metrics-sample.c: the gauges read from the server's state when /metrics
 * is scraped, rather than kept up to date as things happen: connections,
 * the queues (jobs for the worker threads, transcript work, session
 * events waiting for their commit, output waiting to be sent) and the
 * live sessions by status and phase. On the loop's thread.
 */
#include <sys/queue.h>

#include <stdint.h>

#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "transcript.h"

/* The unsent output of every connection: the sum, and the largest. */
static void
metrics_sample_output(void)
{
	struct conn	*c;
	size_t		 n, total = 0, max = 0;

	TAILQ_FOREACH(c, &srv.conns, entry) {
		n = conn_queued(c);
		total += n;
		if (n > max)
			max = n;
	}
	metrics_set(METRIC_OUTPUT_BYTES, (int64_t)total);
	metrics_set(METRIC_OUTPUT_MAX, (int64_t)max);
}

/* Bring the sampled gauges up to date. */
void
metrics_sample(void)
{
	metrics_set(METRIC_CONNECTIONS, (int64_t)srv.nconns);
	metrics_set(METRIC_WORKER_QUEUE,
	    (int64_t)(srv.worker != NULL ? worker_depth(srv.worker) : 0));
	metrics_set(METRIC_TX_JOBS,
	    (int64_t)(tx_job_count() + tx_export_count()));
	metrics_set(METRIC_JOURNAL_PENDING, (int64_t)journal_pending());
	metrics_sample_output();
	session_metrics_sample();
}
