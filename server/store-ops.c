/*
 * store-ops.c: the database operations that keep a server running: a
 * health check that never waits, the WAL checkpoint at shutdown, online
 * backups with SQLite's backup API, and checking a copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store-impl.h"

#define BACKUP_BUSY_MAX_MS	30000	/* give up if locked this long */

/*
 * Check that the database answers: one indexed read, without waiting for
 * a lock held elsewhere. Return STORE_OK or STORE_ERR.
 */
int
store_ping(struct store *st)
{
	int64_t	v;
	int	rc;

	if (st == NULL || st->db == NULL)
		return (STORE_ERR);
	sqlite3_busy_timeout(st->db, 0);
	rc = store_meta_get(st, "schema_version", &v);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return (rc == STORE_OK ? STORE_OK : STORE_ERR);
}

/* Run one PRAGMA wal_checkpoint(mode); return its row, or -1. */
static int
store_checkpoint_run(struct store *st, const char *sql, int *busy,
    int *logged, int *done)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return (-1);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*busy = sqlite3_column_int(s, 0);
		*logged = sqlite3_column_int(s, 1);
		*done = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	return (rc == SQLITE_ROW ? 0 : -1);
}

/*
 * Copy every WAL frame into the database and truncate the WAL to zero
 * bytes (PRAGMA wal_checkpoint(TRUNCATE)), waiting at most timeout_ms for
 * readers in other processes; *frames is how many frames the WAL held.
 * Return STORE_OK, or STORE_ERR when it could not finish (the WAL is then
 * replayed at the next start, losing nothing).
 */
int
store_checkpoint(struct store *st, int timeout_ms, int *frames)
{
	int	rc, busy = 0, logged = 0, done = 0;

	*frames = 0;
	if (sqlite3_get_autocommit(st->db) == 0) {
		snprintf(st->err, sizeof st->err, "checkpoint: a transaction "
		    "is open");
		return (STORE_ERR);
	}
	sqlite3_busy_timeout(st->db, timeout_ms);
	rc = store_checkpoint_run(st, "PRAGMA wal_checkpoint(PASSIVE)", &busy,
	    &logged, &done);
	if (rc == 0) {
		*frames = logged;
		rc = store_checkpoint_run(st, "PRAGMA wal_checkpoint(TRUNCATE)",
		    &busy, &logged, &done);
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (rc == -1)
		return (store_fail(st, "checkpoint"));
	if (busy) {
		snprintf(st->err, sizeof st->err, "checkpoint: the database "
		    "is in use elsewhere (%d of %d frames copied)", done,
		    logged);
		return (STORE_ERR);
	}
	return (STORE_OK);
}

/* Flush a file to disk. Return 0 or -1 (errno set). */
static int
store_fsync_path(const char *path)
{
	int	fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return (rc);
}

/*
 * Copy the open database into the file at path (which must exist, empty,
 * or be creatable) with the online backup API: step pages at a time,
 * pausing pause_ms between steps so that the server keeps the database
 * to itself most of the time. A copy that the server's writes restart is
 * resumed with larger steps, so it always finishes. The copy is left in
 * rollback-journal mode (one self-contained file) and flushed to disk.
 */
int
store_backup(struct store *st, const char *path, int step, int pause_ms,
    struct store_backup_stats *bs, char *err, size_t errlen)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*b;
	int		 rc, last = -1, left, waited = 0;

	memset(bs, 0, sizeof *bs);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, dst ?
		    sqlite3_errmsg(dst) : "cannot open");
		goto fail;
	}
	if ((b = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		snprintf(err, errlen, "backup: %s", sqlite3_errmsg(dst));
		goto fail;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, step);
		bs->steps++;
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			if ((waited += pause_ms > 0 ? pause_ms : 1) >
			    BACKUP_BUSY_MAX_MS)
				break;
		} else if (rc != SQLITE_OK)
			break;
		left = sqlite3_backup_remaining(b);
		if (last != -1 && left > last) {
			/* Written meanwhile: the copy started over. */
			bs->restarts++;
			if (step > 0 && step < (1 << 24))
				step *= 2;
		}
		last = left;
		sqlite3_sleep(pause_ms);
	}
	bs->pages = sqlite3_backup_pagecount(b);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		snprintf(err, errlen, "backup: %s", rc == SQLITE_BUSY ||
		    rc == SQLITE_LOCKED ? "the database stayed locked" :
		    sqlite3_errmsg(dst));
		goto fail;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(dst));
		goto fail;
	}
	if (sqlite3_close(dst) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot close", path);
		return (STORE_ERR);
	}
	if (store_fsync_path(path) == -1) {
		snprintf(err, errlen, "%s: fsync: %s", path, strerror(errno));
		return (STORE_ERR);
	}
	return (STORE_OK);
fail:
	sqlite3_close(dst);
	return (STORE_ERR);
}

/* Run a PRAGMA check; the first row must be want (NULL: no rows). */
static int
store_verify_pragma(sqlite3 *db, const char *sql, const char *want,
    char *err, size_t errlen)
{
	sqlite3_stmt		*s;
	const unsigned char	*text;
	int			 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", sql, sqlite3_errmsg(db));
		return (-1);
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		text = sqlite3_column_text(s, 0);
		if (want == NULL || text == NULL ||
		    strcmp((const char *)text, want) != 0) {
			snprintf(err, errlen, "%s: %s", sql, text ?
			    (const char *)text : "a row");
			sqlite3_finalize(s);
			return (-1);
		}
	} else if (rc != SQLITE_DONE || want != NULL) {
		snprintf(err, errlen, "%s: %s", sql, rc == SQLITE_DONE ?
		    "no answer" : sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return (-1);
	}
	sqlite3_finalize(s);
	return (0);
}

/*
 * Check a database file without changing it: PRAGMA integrity_check and
 * foreign_key_check must pass, and it must carry a schema version.
 * Return STORE_OK with *version set, or STORE_ERR with err filled.
 */
int
store_verify_file(const char *path, int *version, char *err, size_t errlen)
{
	sqlite3		*db = NULL;
	sqlite3_stmt	*s;
	int		 rc = STORE_ERR;

	*version = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db ?
		    sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	if (store_verify_pragma(db, "PRAGMA integrity_check", "ok", err,
	    errlen) == -1 || store_verify_pragma(db,
	    "PRAGMA foreign_key_check", NULL, err, errlen) == -1)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = "
	    "'schema_version'", -1, &s, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: no schema version: %s", path,
		    sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		rc = STORE_OK;
	} else
		snprintf(err, errlen, "%s: no schema version", path);
	sqlite3_finalize(s);
out:
	sqlite3_close(db);
	return (rc);
}
