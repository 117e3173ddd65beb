/*
 * store-checkpoint.c: WAL checkpoints on a thread of their own.
 *
 * SQLite checkpoints a WAL database from the connection that commits
 * once the WAL passes 1,000 pages: inside that COMMIT it copies the pages
 * into the database file and, unless synchronous is OFF, waits for two
 * fsyncs. For the server that connection is the event loop's, so every
 * second or so of heavy posting the loop stood still for the copy (about
 * 4 ms on the benchmark machine, and as long as the disk takes to sync
 * on a slower one). Here the writer's automatic checkpoints are turned off
 * and a commit that leaves the WAL past the threshold wakes a thread that
 * runs a PASSIVE checkpoint on its own connection: PASSIVE takes no lock
 * that writers or readers wait for, so the loop goes on committing while
 * the pages are copied. The shutdown's TRUNCATE checkpoint
 * (store_checkpoint) runs after this thread has stopped.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "log.h"
#include "metrics.h"
#include "store.h"
#include "store-impl.h"
#include "xmalloc.h"

struct store_ckpt {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	sqlite3		*db;		/* the thread's own connection */
	bool		 kicked;
	bool		 stopping;
};

/*
 * SQLite's WAL hook, after every commit of the writer (on its thread):
 * wake the checkpointer once the WAL holds STORE_CKPT_PAGES frames.
 */
static int
store_ckpt_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store_ckpt	*k = arg;

	(void)db;
	(void)name;
	if (pages < STORE_CKPT_PAGES)
		return (SQLITE_OK);
	pthread_mutex_lock(&k->lock);
	k->kicked = true;
	pthread_cond_signal(&k->cond);
	pthread_mutex_unlock(&k->lock);
	return (SQLITE_OK);
}

/* Run one PASSIVE checkpoint and count it, and what it copied. */
static void
store_ckpt_run(struct store_ckpt *k)
{
	int	log = 0, done = 0, rc;

	rc = sqlite3_wal_checkpoint_v2(k->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &log, &done);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
		log_warnx("database: checkpoint: %s", sqlite3_errmsg(k->db));
		return;
	}
	/* The registry's counters are atomic: safe from this thread. */
	metrics_inc(METRIC_DB_CHECKPOINTS);
	metrics_add(METRIC_DB_CHECKPOINT_FRAMES, done > 0 ? (uint64_t)done : 0);
	log_debug("database: checkpoint copied %d of %d WAL frames", done,
	    log);
}

/* Thread body: checkpoint whenever kicked, until told to stop. */
static void *
store_ckpt_thread(void *arg)
{
	struct store_ckpt	*k = arg;

	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (!k->kicked && !k->stopping)
			pthread_cond_wait(&k->cond, &k->lock);
		if (k->stopping)
			break;
		k->kicked = false;
		pthread_mutex_unlock(&k->lock);
		store_ckpt_run(k);
		pthread_mutex_lock(&k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return (NULL);
}

/*
 * Move the checkpoints of st (open on path) to a thread with its own
 * connection. Return STORE_OK, or STORE_ERR with err filled.
 */
int
store_ckpt_start(struct store *st, const char *path, char *err,
    size_t errlen)
{
	struct store_ckpt	*k;

	if (st->ckpt != NULL)
		fatalx("store_ckpt_start: already started");
	k = xcalloc(1, sizeof *k);
	/*
	 * A connection opens the file only when first used, and until then
	 * a checkpoint on it finds no WAL (and reports -1 frames): so ask
	 * for the journal mode, which the writer has already made WAL.
	 */
	if (sqlite3_open_v2(path, &k->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(k->db, "PRAGMA journal_mode=WAL", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: checkpoint connection: %s", path,
		    k->db != NULL ? sqlite3_errmsg(k->db) : "cannot open");
		sqlite3_close(k->db);
		free(k);
		return (STORE_ERR);
	}
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->cond, NULL);
	if (pthread_create(&k->thread, NULL, store_ckpt_thread, k) != 0) {
		snprintf(err, errlen, "cannot start the checkpoint thread");
		pthread_cond_destroy(&k->cond);
		pthread_mutex_destroy(&k->lock);
		sqlite3_close(k->db);
		free(k);
		return (STORE_ERR);
	}
	/* This replaces the writer's own automatic checkpoints. */
	sqlite3_wal_hook(st->db, store_ckpt_hook, k);
	st->ckpt = k;
	return (STORE_OK);
}

/*
 * Stop the checkpoint thread (a checkpoint under way finishes first) and
 * give the writer its automatic checkpoints back. Nothing if none runs.
 */
void
store_ckpt_stop(struct store *st)
{
	struct store_ckpt	*k = st->ckpt;

	if (k == NULL)
		return;
	pthread_mutex_lock(&k->lock);
	k->stopping = true;
	pthread_cond_signal(&k->cond);
	pthread_mutex_unlock(&k->lock);
	if (pthread_join(k->thread, NULL) != 0)
		fatalx("store_ckpt_stop: pthread_join");
	sqlite3_wal_autocheckpoint(st->db, STORE_CKPT_PAGES);
	pthread_cond_destroy(&k->cond);
	pthread_mutex_destroy(&k->lock);
	sqlite3_close(k->db);
	free(k);
	st->ckpt = NULL;
}
