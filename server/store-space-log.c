/*
 * store-space-log.c: the membership record of each space: who did what to
 * whom, and when. Entries are only ever added.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_log_add[] =
    "INSERT INTO space_log (sid, at, actor, action, subject, detail) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_log_list[] =
    "SELECT l.seq, l.sid, l.at, coalesce(l.actor, 0), coalesce(a.name, ''), "
    "l.action, coalesce(l.subject, 0), coalesce(s.name, ''), l.detail "
    "FROM space_log l LEFT JOIN users a ON a.uid = l.actor "
    "LEFT JOIN users s ON s.uid = l.subject "
    "WHERE l.sid = ?1 AND l.seq < ?2 ORDER BY l.seq DESC LIMIT ?3";
static const char sql_log_since[] =
    "SELECT seq, sid, at, coalesce(actor, 0), '', action, "
    "coalesce(subject, 0), '', detail FROM space_log "
    "WHERE seq > ?1 ORDER BY seq LIMIT ?2";
static const char sql_log_newest[] =
    "SELECT coalesce(max(seq), 0) FROM space_log";

/* Copy a text column into a fixed buffer. */
static void
store_log_text(sqlite3_stmt *s, int col, char *out, size_t outlen)
{
	const char	*p;

	if ((p = (const char *)sqlite3_column_text(s, col)) != NULL)
		snprintf(out, outlen, "%s", p);
	else
		out[0] = '\0';
}

/* Read the row a log query stands on into l. */
static void
store_log_row(sqlite3_stmt *s, struct store_log *l)
{
	memset(l, 0, sizeof *l);
	l->seq = sqlite3_column_int64(s, 0);
	l->sid = sqlite3_column_int64(s, 1);
	l->at = sqlite3_column_int64(s, 2);
	l->actor = sqlite3_column_int64(s, 3);
	store_log_text(s, 4, l->actor_name, sizeof l->actor_name);
	l->action = sqlite3_column_int(s, 5);
	l->subject = sqlite3_column_int64(s, 6);
	store_log_text(s, 7, l->subject_name, sizeof l->subject_name);
	store_log_text(s, 8, l->detail, sizeof l->detail);
}

/*
 * Step a bound log query to its end, calling fn for each entry and
 * counting them in *n unless n is NULL; what names it in errors.
 */
static int
store_log_each(struct store *st, sqlite3_stmt *s,
    void (*fn)(const struct store_log *, void *), void *arg, size_t *n,
    const char *what)
{
	struct store_log	l;
	int			rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_log_row(s, &l);
		if (n != NULL)
			(*n)++;
		fn(&l, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, what);
	store_done(s);
	return (rc);
}

/*
 * Record that actor (0: the operator) did action to subject (0: none) in
 * sid at time now, with a short detail (NULL: none). The entry's sequence
 * number goes to *seq unless seq is NULL.
 */
int
store_log_add(struct store *st, int64_t sid, int64_t actor, int action,
    int64_t subject, const char *detail, int64_t now, int64_t *seq)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_log_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, now);
	if (actor != 0)
		sqlite3_bind_int64(s, 3, actor);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_int(s, 4, action);
	if (subject != 0)
		sqlite3_bind_int64(s, 5, subject);
	else
		sqlite3_bind_null(s, 5);
	sqlite3_bind_text(s, 6, detail != NULL ? detail : "", -1,
	    SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "log add");
	store_done(s);
	if (rc == STORE_OK && seq != NULL)
		*seq = sqlite3_last_insert_rowid(st->db);
	return (rc);
}

/*
 * Call fn for up to limit entries of sid (0: no limit) with sequence
 * numbers below before (0: from the newest), newest first.
 */
int
store_log_list(struct store *st, int64_t sid, int64_t before, size_t limit,
    void (*fn)(const struct store_log *, void *), void *arg)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_log_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, before > 0 ? before : INT64_MAX);
	sqlite3_bind_int64(s, 3, limit == 0 ? -1 : (sqlite3_int64)limit);
	return (store_log_each(st, s, fn, arg, NULL, "log list"));
}

/*
 * Call fn for up to limit entries of every space with sequence numbers
 * above after, oldest first; the names are left empty. Return the number
 * of entries in *n.
 */
int
store_log_since(struct store *st, int64_t after, size_t limit,
    void (*fn)(const struct store_log *, void *), void *arg, size_t *n)
{
	sqlite3_stmt	*s;

	*n = 0;
	if ((s = store_stmt(st, sql_log_since)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	return (store_log_each(st, s, fn, arg, n, "log since"));
}

/* Put the sequence number of the newest entry (0: none) in *seq. */
int
store_log_newest(struct store *st, int64_t *seq)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_log_newest)) == NULL)
		return (STORE_ERR);
	return (store_int64(st, s, "log newest", seq));
}
