/*
 * store-space-request.c: pending requests to join affinity spaces. A
 * request is deleted when it is approved, declined or withdrawn; the
 * membership record keeps what happened.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_request_add[] =
    "INSERT INTO space_requests (sid, uid, message, created, invite) "
    "VALUES (?, ?, ?, ?, ?)";
static const char sql_request_get[] =
    "SELECT r.uid, u.name, r.message, r.created, coalesce(r.invite, 0) "
    "FROM space_requests r JOIN users u ON u.uid = r.uid "
    "WHERE r.sid = ? AND r.uid = ?";
static const char sql_request_remove[] =
    "DELETE FROM space_requests WHERE sid = ? AND uid = ?";
static const char sql_request_list[] =
    "SELECT r.uid, u.name, r.message, r.created, coalesce(r.invite, 0) "
    "FROM space_requests r JOIN users u ON u.uid = r.uid "
    "WHERE r.sid = ?1 AND u.name > ?2 ORDER BY u.name LIMIT ?3";

/* Copy a result row into a request. */
static void
store_request_row(sqlite3_stmt *s, struct store_request *r)
{
	const char	*p;

	memset(r, 0, sizeof *r);
	r->uid = sqlite3_column_int64(s, 0);
	if ((p = (const char *)sqlite3_column_text(s, 1)) != NULL)
		snprintf(r->name, sizeof r->name, "%s", p);
	if ((p = (const char *)sqlite3_column_text(s, 2)) != NULL)
		snprintf(r->message, sizeof r->message, "%s", p);
	r->created = sqlite3_column_int64(s, 3);
	r->invite = sqlite3_column_int64(s, 4);
}

/*
 * File uid's request to join sid, with the code it came with (0: none).
 * STORE_EXISTS if one is pending already.
 */
int
store_request_add(struct store *st, int64_t sid, int64_t uid,
    const char *message, int64_t now, int64_t invite)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_request_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	sqlite3_bind_text(s, 3, message != NULL ? message : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	if (invite != 0)
		sqlite3_bind_int64(s, 5, invite);
	else
		sqlite3_bind_null(s, 5);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		rc = STORE_OK;
	else if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(st->db) ==
	    SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = STORE_EXISTS;
	else if (rc == SQLITE_CONSTRAINT && sqlite3_extended_errcode(st->db) ==
	    SQLITE_CONSTRAINT_FOREIGNKEY)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "request add");
	store_done(s);
	return (rc);
}

/* Find uid's pending request to join sid. */
int
store_request_get(struct store *st, int64_t sid, int64_t uid,
    struct store_request *r)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_request_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_request_row(s, r);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "request get");
	store_done(s);
	return (rc);
}

/* Delete uid's pending request to join sid. */
int
store_request_remove(struct store *st, int64_t sid, int64_t uid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_request_remove)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "request remove");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/*
 * Call fn for up to limit pending requests to join sid (0: no limit)
 * whose account names sort after after, in name order.
 */
int
store_request_list(struct store *st, int64_t sid, const char *after,
    size_t limit, void (*fn)(const struct store_request *, void *), void *arg)
{
	struct store_request	 r;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_request_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_text(s, 2, after != NULL ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, limit == 0 ? -1 : (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_request_row(s, &r);
		fn(&r, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "request list");
	store_done(s);
	return (rc);
}
