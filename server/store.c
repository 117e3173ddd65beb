/*
 * store.c: opening the database, its settings, the prepared-statement
 * cache and transactions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "metrics.h"
#include "store.h"
#include "store-impl.h"
#include "xmalloc.h"

/* Record and log a database failure; return STORE_ERR. */
int
store_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof st->err, "%s: %s", what,
	    sqlite3_errmsg(st->db));
	log_warnx("database: %s", st->err);
	metrics_inc(METRIC_DB_ERRORS);
	return (STORE_ERR);
}

/* Return the last failure's text. */
const char *
store_errmsg(struct store *st)
{
	return (st->err);
}

/* Run SQL with no results; return STORE_OK or STORE_ERR. */
int
store_exec(struct store *st, const char *sql)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(st->err, sizeof st->err, "%s", msg ? msg : "?");
		log_warnx("database: %s", st->err);
		metrics_inc(METRIC_DB_ERRORS);
		sqlite3_free(msg);
		return (STORE_ERR);
	}
	return (STORE_OK);
}

/*
 * Return the prepared statement for sql (a string constant: the cache is
 * keyed by its address), ready to bind. Return NULL on failure.
 */
sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	size_t	i;

	for (i = 0; i < st->nstmts; i++) {
		if (st->stmts[i].sql == sql)
			return (st->stmts[i].stmt);
	}
	if (st->nstmts == STORE_STMT_MAX)
		fatalx("store: more than %d statements", STORE_STMT_MAX);
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st->stmts[st->nstmts].stmt, NULL) != SQLITE_OK) {
		store_fail(st, "prepare");
		return (NULL);
	}
	st->stmts[st->nstmts].sql = sql;
	return (st->stmts[st->nstmts++].stmt);
}

/* Reset a statement after use so it can run again. */
void
store_done(sqlite3_stmt *stmt)
{
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

/*
 * Open (creating if needed) the database at path, apply its settings and
 * bring its schema up to date. Return NULL with err filled on failure.
 */
struct store *
store_open(const char *path, bool sync_full, char *err, size_t errlen)
{
	return (store_open_at(path, sync_full, store_schema_latest(), err,
	    errlen));
}

/*
 * Open the database at path and bring its schema to version (the tests
 * of migrations build old databases this way). Return NULL with err
 * filled on failure.
 */
struct store *
store_open_at(const char *path, bool sync_full, int version, char *err,
    size_t errlen)
{
	struct store	*st;
	char		 sql[256];

	st = xcalloc(1, sizeof *st);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	/*
	 * The page cache: SQLite's default, 2 MiB, holds less than the
	 * pages a commit touches with a hundred sessions writing at once
	 * (each session's end of the log, their rows), and the evicted
	 * ones were read back from the WAL at the next commit. It is
	 * allocated as pages are used, so an idle server does not pay for
	 * it.
	 */
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; "
	    "PRAGMA synchronous=%s; PRAGMA foreign_keys=ON; "
	    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-%d;",
	    sync_full ? "FULL" : "NORMAL", STORE_CACHE_KIB);
	if (store_exec(st, sql) != STORE_OK ||
	    store_snippet_register(st) != STORE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->err);
		goto fail;
	}
	if (store_migrate_to(st, version, err, errlen) != STORE_OK)
		goto fail;
	return (st);
fail:
	store_close(st);
	return (NULL);
}

/* Finalize every statement and close the database. */
void
store_close(struct store *st)
{
	size_t	i;

	if (st == NULL)
		return;
	store_ckpt_stop(st);
	for (i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st);
}

/* Start a write transaction. */
int
store_begin(struct store *st)
{
	return (store_exec(st, "BEGIN IMMEDIATE"));
}

/* Commit the transaction, timing it for the commit-latency histogram. */
int
store_commit(struct store *st)
{
	uint64_t	start = metrics_usec();
	int		rc;

	rc = store_exec(st, "COMMIT");
	metrics_observe(METRIC_DB_COMMIT, metrics_usec() - start);
	return (rc);
}

/* Roll the transaction back, if one is open. */
void
store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		(void)store_exec(st, "ROLLBACK");
}

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?";
static const char sql_meta_set[] =
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

/* Read an integer from the meta table. */
int
store_meta_get(struct store *st, const char *key, int64_t *value)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_meta_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return (store_int64(st, s, "meta get", value));
}

/*
 * Step a bound statement for one integer: STORE_OK with it in *out, or
 * STORE_NOTFOUND when there is no row. Finishes with the statement.
 */
int
store_int64(struct store *st, sqlite3_stmt *s, const char *what,
    int64_t *out)
{
	int	 rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, what);
	store_done(s);
	return (rc);
}

/*
 * The database's data version: it changes when another connection (a
 * `roundtabled space ...` command, say) commits, never for this one's own
 * writes, so it says whether what this connection read may be stale.
 */
int
store_data_version(struct store *st, int64_t *version)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, "PRAGMA data_version")) == NULL)
		return (STORE_ERR);
	return (store_int64(st, s, "data version", version));
}

/* Write an integer to the meta table. */
int
store_meta_set(struct store *st, const char *key, int64_t value)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_meta_set)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, value);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "meta set");
	store_done(s);
	return (rc);
}
