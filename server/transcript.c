/*
 * transcript.c: the machinery of transcript review.
 *
 * Worker jobs. A read, a search, a report or an export step runs on a
 * thread of the transcripts' own worker pool (worker.c), as many threads
 * as read-only database connections (transcripts.readers), so a job
 * never waits for a connection on its thread, and password hashing, on
 * the server's pool, never waits behind long reports or searches. A job
 * borrows one of the connections for its duration: WAL lets them
 * read beside the loop's writer, and a job touches nothing but its own
 * struct, its connection and the read-only template set. Its reply is
 * built on the worker and sent from the job's done function on the loop;
 * the client's connection is held (reading paused) meanwhile, so its
 * requests are still answered in order.
 *
 * Upkeep after a redaction or a purge. The index drops deleted words
 * only when its segments are merged, so a timer merges them in small
 * steps (one short transaction each on the loop's writer, so the journal
 * never waits long), and when there is nothing left to merge it
 * checkpoints the WAL and truncates it, retrying (backing off to once a
 * minute, warning in the log after a minute) for as long as a reader is
 * in the way: then the words are gone from every file, zeroed by
 * secure_delete.
 *
 * Retention. A timer (transcripts.purge_interval) looks for ended
 * sessions past their space's retention or the server's, and deletes
 * each in steps of TX_PURGE_EVENTS events per transaction, on the loop:
 * the loop's connection is the only writer, and a second writer on a
 * thread would hold the write lock and make the journal wait instead.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "transcript.h"
#include "xmalloc.h"

#define TX_STEP_MS		5	/* between merge or purge steps */
#define TX_CHECKPOINT_RETRY_MS	1000	/* readers were in the way: at first */
#define TX_CHECKPOINT_RETRY_MAX	60000	/* ... backing off to this */
#define TX_CHECKPOINT_WARN_MS	60000	/* warn after failing this long */
#define TX_CHECKPOINT_REWARN_MS	600000	/* ... and again this often */

static struct {
	struct worker	 *worker;	/* the transcripts' threads */
	struct store	**readers;
	bool		 *busy;
	size_t		  n;
	pthread_mutex_t	  lock;
	pthread_cond_t	  cond;
	bool		  locks;	/* lock and cond are set up */
	size_t		  njobs;	/* jobs queued or running */

	struct event	 *upkeep;	/* merge steps, then a checkpoint */
	bool		  merging;
	bool		  checkpointing; /* until one succeeds */
	uint64_t	  ckpt_wait;	/* the next retry, ms */
	uint64_t	  ckpt_since;	/* failing since (monotonic ms) */
	uint64_t	  ckpt_warned;	/* last warned (monotonic ms), or 0 */

	struct event	 *purge;	/* every purge_interval */
	struct event	 *purge_step;
	int64_t		  purging;	/* the session being purged, or 0 */
	int64_t		  purge_after;	/* look for the next one after this */
} tx;

/* Return the wall clock in Unix milliseconds. */
int64_t
tx_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * From a worker: a copy of a template by name, which the caller frees
 * with engine_template_free (a reload may swap the set meanwhile); NULL
 * if gone.
 */
struct engine_template *
tx_template(const char *name)
{
	return (session_template_copy(name));
}

/* Borrow a read-only connection; wait while all are lent. */
struct store *
tx_reader_get(void)
{
	struct store	*st = NULL;
	size_t		 i;

	pthread_mutex_lock(&tx.lock);
	for (;;) {
		for (i = 0; i < tx.n; i++) {
			if (!tx.busy[i]) {
				tx.busy[i] = true;
				st = tx.readers[i];
				break;
			}
		}
		if (st != NULL || tx.n == 0)
			break;
		pthread_cond_wait(&tx.cond, &tx.lock);
	}
	pthread_mutex_unlock(&tx.lock);
	return (st);
}

/* Give a read-only connection back. */
void
tx_reader_put(struct store *st)
{
	size_t	i;

	pthread_mutex_lock(&tx.lock);
	for (i = 0; i < tx.n; i++) {
		if (tx.readers[i] == st)
			tx.busy[i] = false;
	}
	pthread_cond_signal(&tx.cond);
	pthread_mutex_unlock(&tx.lock);
}

/*
 * Make a job for a request: the caller, the request's type and id, what
 * the check step resolved (tx_ctx), and the work to do on a worker.
 */
struct tx_job *
tx_job_new(struct conn *c, const struct proto_msg *req, tx_work_fn work)
{
	struct tx_job	*j;

	j = xcalloc(1, sizeof *j);
	j->c = c;
	j->req_type = req->type;
	j->req_id = req->id;
	j->ctx = tx_ctx;
	j->uid = c->uid;
	j->work = work;
	/* A job cancelled at shutdown never runs its work: say so. */
	j->err = ERR_SHUTDOWN;
	snprintf(j->errmsg, sizeof j->errmsg, "the server is shutting down");
	return (j);
}

/* Set a job's error. */
void
tx_job_fail(struct tx_job *j, int code, const char *fmt, ...)
{
	va_list	ap;

	j->err = code;
	va_start(ap, fmt);
	vsnprintf(j->errmsg, sizeof j->errmsg, fmt, ap);
	va_end(ap);
	proto_msg_free(&j->reply);
}

/* On a worker: run the job with a borrowed connection. */
static void
tx_job_work(void *arg)
{
	struct tx_job	*j = arg;
	struct store	*st;
	uint64_t	 t0 = metrics_usec();

	j->err = 0;
	j->errmsg[0] = '\0';
	if ((st = tx_reader_get()) == NULL) {
		tx_job_fail(j, ERR_STORAGE, "the database is unavailable");
		return;
	}
	j->work(j, st);
	tx_reader_put(st);
	metrics_observe(METRIC_TX_JOB, metrics_usec() - t0);
}

/* Free a job and what it owns. */
static void
tx_job_free(struct tx_job *j)
{
	proto_msg_free(&j->reply);
	if (j->free_arg != NULL)
		j->free_arg(j->arg);
	else
		free(j->arg);
	free(j);
}

/* On the loop: send the reply (or the error) and let the connection go. */
static void
tx_job_done(void *arg)
{
	struct tx_job		*j = arg;
	struct conn		*c = j->c;
	struct proto_msg	 req;

	if (!(c->flags & CONN_DEAD)) {
		memset(&req, 0, sizeof req);
		req.type = j->req_type;
		req.id = j->req_id;
		if (j->err != 0)
			conn_error(c, &req, j->err, "%s", j->errmsg);
		else if (j->reply.type == MSG_NONE)
			conn_error(c, &req, ERR_INTERNAL, "no reply was made");
		else {
			metrics_inc(METRIC_TX_READS);
			conn_reply(c, &req, &j->reply);
		}
	}
	conn_job_end(c);
	tx_job_free(j);
	tx.njobs--;
}

/* Return how many jobs are queued or running, for the metrics. */
size_t
tx_job_count(void)
{
	return (tx.njobs);
}

/* Return the transcripts' worker pool (for export steps). */
struct worker *
tx_worker(void)
{
	return (tx.worker);
}

/*
 * Run a job on a transcripts worker; it owns j from now on. Return -1
 * (and free j) if the queue is full: the caller answers busy.
 */
int
tx_job_run(struct tx_job *j)
{
	conn_hold(j->c);
	if (worker_submit(tx.worker, tx_job_work, tx_job_done, j) == -1) {
		conn_release(j->c);
		tx_job_free(j);
		return (-1);
	}
	tx.njobs++;
	return (0);
}

/*
 * Checkpoint and truncate the WAL, unless a reader is in the way: then
 * try again later, backing off to a minute, for as long as it takes
 * (deleted words stay in the WAL's frames until then), and warn when it
 * has not worked for a minute, and every ten minutes after.
 */
static void
tx_upkeep_checkpoint(void)
{
	struct timeval	tv;
	uint64_t	now = now_ms();
	int		frames;

	if (!tx.checkpointing) {
		tx.checkpointing = true;
		tx.ckpt_wait = TX_CHECKPOINT_RETRY_MS;
		tx.ckpt_since = now;
		tx.ckpt_warned = 0;
	}
	if (store_checkpoint(srv.store, 0, &frames) == STORE_OK) {
		if (tx.ckpt_warned != 0)
			log_info("transcripts: the WAL is checkpointed and "
			    "truncated at last (%d frames)", frames);
		else
			log_debug("transcripts: checkpointed after upkeep (%d "
			    "frames)", frames);
		tx.checkpointing = false;
		return;
	}
	log_debug("transcripts: checkpoint postponed: %s",
	    store_errmsg(srv.store));
	if (now - tx.ckpt_since >= TX_CHECKPOINT_WARN_MS &&
	    (tx.ckpt_warned == 0 ||
	    now - tx.ckpt_warned >= TX_CHECKPOINT_REWARN_MS)) {
		log_warnx("transcripts: the WAL could not be truncated for "
		    "%llu s (%s): redacted or purged words stay in its "
		    "frames until it is; still trying",
		    (unsigned long long)((now - tx.ckpt_since) / 1000),
		    store_errmsg(srv.store));
		tx.ckpt_warned = now;
	}
	tv.tv_sec = (time_t)(tx.ckpt_wait / 1000);
	tv.tv_usec = (suseconds_t)(tx.ckpt_wait % 1000) * 1000;
	evtimer_add(tx.upkeep, &tv);
	tx.ckpt_wait = tx.ckpt_wait * 2 > TX_CHECKPOINT_RETRY_MAX ?
	    TX_CHECKPOINT_RETRY_MAX : tx.ckpt_wait * 2;
}

/* The upkeep timer: one merge step, or the checkpoint after the last. */
static void
tx_upkeep_cb(int fd, short events, void *arg)
{
	struct timeval	tv = { 0, TX_STEP_MS * 1000 };
	bool		worked = false;
	int		rc;

	(void)fd;
	(void)events;
	(void)arg;
	if (tx.merging) {
		rc = store_begin(srv.store);
		if (rc == STORE_OK)
			rc = store_tx_fts_merge(srv.store, TX_MERGE_PAGES,
			    &worked);
		if (rc == STORE_OK)
			rc = store_commit(srv.store);
		if (rc != STORE_OK) {
			store_rollback(srv.store);
			log_warnx("transcripts: index merge failed; retrying");
			tv.tv_sec = 1;
			tv.tv_usec = 0;
			evtimer_add(tx.upkeep, &tv);
			return;
		}
		if (worked) {
			evtimer_add(tx.upkeep, &tv);
			return;
		}
		tx.merging = false;
	}
	tx_upkeep_checkpoint();
}

/*
 * Words were deleted (a redaction, a purge): merge the index so they
 * leave it, then checkpoint.
 */
void
tx_upkeep_schedule(void)
{
	struct timeval	tv = { 0, TX_STEP_MS * 1000 };

	if (tx.upkeep == NULL)
		return;
	tx.merging = true;
	evtimer_add(tx.upkeep, &tv);	/* sooner than a checkpoint's retry */
}

/* A redaction committed: count it, log it, and start the upkeep. */
void
tx_redacted(int64_t session, int64_t seq, int64_t by)
{
	metrics_inc(METRIC_TX_REDACTIONS);
	log_info("session %lld: entry %lld redacted by %s", (long long)session,
	    (long long)seq, session_user_name(NULL, by));
	tx_upkeep_schedule();
}

/* Find the next transcript past its retention; start deleting it. */
static bool
tx_purge_next(void)
{
	struct timeval	 tv = { 0, 0 };
	struct live	*ls;
	struct sess_link *l, *next;
	int64_t		 id, cap;
	int		 rc;

	cap = (int64_t)(srv.conf->tx_retention / 1000);
	for (;;) {
		rc = store_tx_expired(srv.store, (int64_t)time(NULL), cap,
		    tx.purge_after, &id);
		if (rc != STORE_OK)
			return (false);
		tx.purge_after = id;
		if ((ls = session_find(id)) == NULL)
			break;
		/*
		 * Ended, but still loaded for the connections joined to it:
		 * nothing more can happen in it, so they are let go, and it
		 * is unloaded (once committed) and purged next time.
		 */
		TAILQ_FOREACH_SAFE(l, &ls->links, in_session, next)
			session_detach(ls, l->c, true);
	}
	tx.purging = id;
	log_info("session %lld: purging its transcript (retention)",
	    (long long)id);
	evtimer_add(tx.purge_step, &tv);
	return (true);
}

/* One purge step: a short transaction deleting a batch of events. */
static void
tx_purge_step_cb(int fd, short events, void *arg)
{
	struct timeval	tv = { 0, TX_STEP_MS * 1000 };
	size_t		deleted = 0;
	int		rc;

	(void)fd;
	(void)events;
	(void)arg;
	rc = store_begin(srv.store);
	if (rc == STORE_OK)
		rc = store_tx_purge_step(srv.store, tx.purging,
		    TX_PURGE_EVENTS, &deleted);
	if (rc == STORE_OK)
		rc = store_commit(srv.store);
	if (rc != STORE_OK) {
		store_rollback(srv.store);
		log_warnx("session %lld: purge failed; retrying at the next "
		    "interval", (long long)tx.purging);
		tx.purging = 0;
		tx_upkeep_schedule();
		return;
	}
	if (deleted > 0) {
		evtimer_add(tx.purge_step, &tv);
		return;
	}
	log_info("session %lld: transcript purged", (long long)tx.purging);
	metrics_inc(METRIC_TX_PURGED);
	tx.purging = 0;
	if (!tx_purge_next())
		tx_upkeep_schedule();
}

/* Look for transcripts past their retention now. */
void
tx_purge_run(void)
{
	if (tx.purging != 0 || tx.purge_step == NULL)
		return;
	tx.purge_after = 0;
	(void)tx_purge_next();
}

/* The purge interval passed. */
static void
tx_purge_cb(int fd, short events, void *arg)
{
	struct timeval	tv;
	uint64_t	ms = srv.conf->tx_purge_interval;

	(void)fd;
	(void)events;
	(void)arg;
	tx_purge_run();
	tv.tv_sec = (time_t)(ms / 1000);
	tv.tv_usec = (suseconds_t)(ms % 1000) * 1000;
	evtimer_add(tx.purge, &tv);
}

/*
 * Open the read-only connections, make the writer zero what it deletes,
 * and start the timers. Return 0, or -1 with err.
 */
int
transcript_init(char *err, size_t errlen)
{
	struct timeval	 tv = { 1, 0 };
	char		 path[4096], sub[512];
	size_t		 i;

	if (store_tx_secure_delete(srv.store) != STORE_OK) {
		snprintf(err, errlen, "cannot set secure_delete: %s",
		    store_errmsg(srv.store));
		return (-1);
	}
	if (pthread_mutex_init(&tx.lock, NULL) != 0 ||
	    pthread_cond_init(&tx.cond, NULL) != 0)
		fatalx("transcript_init: cannot initialise locks");
	tx.locks = true;
	snprintf(path, sizeof path, "%s/%s", srv.conf->datadir, RT_DB_FILE);
	tx.n = srv.conf->tx_readers;
	tx.readers = xcalloc(tx.n, sizeof *tx.readers);
	tx.busy = xcalloc(tx.n, sizeof *tx.busy);
	for (i = 0; i < tx.n; i++) {
		if ((tx.readers[i] = store_open_reader(path, sub,
		    sizeof sub)) == NULL) {
			snprintf(err, errlen, "transcript reader: %s", sub);
			tx.n = i;
			return (-1);
		}
	}
	tx.worker = worker_new(srv.base, (unsigned int)tx.n,
	    srv.conf->worker_queue);
	tx.upkeep = evtimer_new(srv.base, tx_upkeep_cb, NULL);
	tx.purge = evtimer_new(srv.base, tx_purge_cb, NULL);
	tx.purge_step = evtimer_new(srv.base, tx_purge_step_cb, NULL);
	if (tx.upkeep == NULL || tx.purge == NULL || tx.purge_step == NULL)
		fatalx("transcript_init: evtimer_new");
	/* The first look a second after the start, then every interval. */
	evtimer_add(tx.purge, &tv);
	tx_index_init();
	log_info("transcripts: %zu read-only connections", tx.n);
	return (0);
}

/*
 * Stop the transcripts' threads and timers and close the read-only
 * connections. Call after every connection is aborted.
 */
void
transcript_shutdown(void)
{
	size_t	i;

	if (tx.worker != NULL)
		worker_free(tx.worker);	/* running jobs end; waiting ones not */
	tx.worker = NULL;
	tx_export_abort_all();
	tx_index_free();
	if (tx.upkeep != NULL)
		event_free(tx.upkeep);
	if (tx.purge != NULL)
		event_free(tx.purge);
	if (tx.purge_step != NULL)
		event_free(tx.purge_step);
	tx.upkeep = tx.purge = tx.purge_step = NULL;
	for (i = 0; i < tx.n; i++)
		store_close(tx.readers[i]);
	free(tx.readers);
	free(tx.busy);
	tx.readers = NULL;
	tx.busy = NULL;
	tx.n = 0;
	if (tx.locks) {
		pthread_cond_destroy(&tx.cond);
		pthread_mutex_destroy(&tx.lock);
		tx.locks = false;
	}
}
