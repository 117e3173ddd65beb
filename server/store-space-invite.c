/*
 * store-space-invite.c: invite codes. Only each code's SHA-256 is stored,
 * so a copy of the database does not let anyone join a space. A use is
 * counted by one conditional update, so a code is never used more often
 * than it allows, nor after it expires or is revoked.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

#define INVITE_COLS \
    "i.iid, i.sid, i.role, i.request, i.max_uses, i.uses, i.created, " \
    "i.expires, i.revoked, coalesce(i.created_by, 0), coalesce(u.name, '')"

static const char sql_invite_add[] =
    "INSERT INTO space_invites (sid, hash, role, request, max_uses, "
    "created, expires, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_invite_find[] =
    "SELECT " INVITE_COLS " FROM space_invites i "
    "LEFT JOIN users u ON u.uid = i.created_by WHERE i.hash = ?";
static const char sql_invite_get[] =
    "SELECT " INVITE_COLS " FROM space_invites i "
    "LEFT JOIN users u ON u.uid = i.created_by "
    "WHERE i.sid = ? AND i.iid = ?";
static const char sql_invite_use[] =
    "UPDATE space_invites SET uses = uses + 1 WHERE iid = ?1 AND "
    "revoked = 0 AND uses < max_uses AND expires > ?2";
static const char sql_invite_revoke[] =
    "UPDATE space_invites SET revoked = ?2 WHERE iid = ?1 AND revoked = 0";
static const char sql_invite_list[] =
    "SELECT " INVITE_COLS " FROM space_invites i "
    "LEFT JOIN users u ON u.uid = i.created_by "
    "WHERE i.sid = ?1 AND i.iid > ?2 ORDER BY i.iid LIMIT ?3";

/* Copy a result row into an invite. */
static void
store_invite_row(sqlite3_stmt *s, struct store_invite *iv)
{
	const char	*p;

	memset(iv, 0, sizeof *iv);
	iv->iid = sqlite3_column_int64(s, 0);
	iv->sid = sqlite3_column_int64(s, 1);
	iv->role = sqlite3_column_int(s, 2);
	iv->request = sqlite3_column_int(s, 3) != 0;
	iv->max_uses = sqlite3_column_int64(s, 4);
	iv->uses = sqlite3_column_int64(s, 5);
	iv->created = sqlite3_column_int64(s, 6);
	iv->expires = sqlite3_column_int64(s, 7);
	iv->revoked = sqlite3_column_int64(s, 8);
	iv->created_by = sqlite3_column_int64(s, 9);
	if ((p = (const char *)sqlite3_column_text(s, 10)) != NULL)
		snprintf(iv->by, sizeof iv->by, "%s", p);
}

/* Store a new code's digest and terms; return its id. */
int
store_invite_add(struct store *st, const struct store_invite *iv,
    const uint8_t digest[32], int64_t *iid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_invite_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, iv->sid);
	sqlite3_bind_blob(s, 2, digest, 32, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, iv->role);
	sqlite3_bind_int(s, 4, iv->request);
	sqlite3_bind_int64(s, 5, iv->max_uses);
	sqlite3_bind_int64(s, 6, iv->created);
	sqlite3_bind_int64(s, 7, iv->expires);
	if (iv->created_by != 0)
		sqlite3_bind_int64(s, 8, iv->created_by);
	else
		sqlite3_bind_null(s, 8);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		*iid = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else if (rc == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
		rc = STORE_EXISTS;
	else
		rc = store_fail(st, "invite add");
	store_done(s);
	return (rc);
}

/* Run an invite lookup with its key bound. */
static int
store_invite_lookup(struct store *st, sqlite3_stmt *s, struct store_invite *iv)
{
	int	rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_invite_row(s, iv);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "invite get");
	store_done(s);
	return (rc);
}

/* Find a code by its digest, whatever its state. */
int
store_invite_find(struct store *st, const uint8_t digest[32],
    struct store_invite *iv)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_invite_find)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_blob(s, 1, digest, 32, SQLITE_STATIC);
	return (store_invite_lookup(st, s, iv));
}

/* Find code iid of space sid. */
int
store_invite_get(struct store *st, int64_t sid, int64_t iid,
    struct store_invite *iv)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_invite_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, iid);
	return (store_invite_lookup(st, s, iv));
}

/* Run an update bound to (iid, t); STORE_NOTFOUND if no row changed. */
static int
store_invite_update(struct store *st, const char *sql, int64_t iid,
    int64_t t)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, iid);
	sqlite3_bind_int64(s, 2, t);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "invite update");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/*
 * Count one use of a code at time now. STORE_NOTFOUND if it is spent,
 * expired or revoked (nothing is changed then).
 */
int
store_invite_use(struct store *st, int64_t iid, int64_t now)
{
	return (store_invite_update(st, sql_invite_use, iid, now));
}

/* Revoke a code at time now; STORE_NOTFOUND if it already was. */
int
store_invite_revoke(struct store *st, int64_t iid, int64_t now)
{
	return (store_invite_update(st, sql_invite_revoke, iid, now));
}

/*
 * Call fn for up to limit codes of sid (0: no limit) with ids above
 * after, in id order.
 */
int
store_invite_list(struct store *st, int64_t sid, int64_t after, size_t limit,
    void (*fn)(const struct store_invite *, void *), void *arg)
{
	struct store_invite	 iv;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_invite_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, limit == 0 ? -1 : (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_invite_row(s, &iv);
		fn(&iv, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "invite list");
	store_done(s);
	return (rc);
}
