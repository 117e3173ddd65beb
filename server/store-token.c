/*
 * store-token.c: resume tokens. Only each token's SHA-256 is stored, so a
 * copy of the database does not let anyone log in.
 */
#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_token_add[] =
    "INSERT INTO tokens (uid, hash, created, expires) VALUES (?, ?, ?, ?)";
static const char sql_token_find[] =
    "SELECT tid, uid, created, expires FROM tokens WHERE hash = ?";
static const char sql_token_revoke[] = "DELETE FROM tokens WHERE tid = ?";
static const char sql_token_revoke_user[] =
    "DELETE FROM tokens WHERE uid = ? AND tid != ?";
static const char sql_token_purge[] = "DELETE FROM tokens WHERE expires <= ?";

/* Store a token's digest for an account, valid until expires. */
int
store_token_add(struct store *st, int64_t uid, const uint8_t digest[32],
    int64_t created, int64_t expires, int64_t *tid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_token_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_blob(s, 2, digest, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, created);
	sqlite3_bind_int64(s, 4, expires);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		*tid = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else if (rc == SQLITE_CONSTRAINT)
		rc = STORE_EXISTS;
	else
		rc = store_fail(st, "token add");
	store_done(s);
	return (rc);
}

/* Find a token by its digest. */
int
store_token_find(struct store *st, const uint8_t digest[32],
    struct store_token *t)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_token_find)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_blob(s, 1, digest, 32, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		t->tid = sqlite3_column_int64(s, 0);
		t->uid = sqlite3_column_int64(s, 1);
		t->created = sqlite3_column_int64(s, 2);
		t->expires = sqlite3_column_int64(s, 3);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "token find");
	store_done(s);
	return (rc);
}

/* Run a delete bound to one or two integers. */
static int
store_token_delete(struct store *st, const char *sql, int64_t a, int64_t b,
    int nbind)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, a);
	if (nbind > 1)
		sqlite3_bind_int64(s, 2, b);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "token delete");
	store_done(s);
	return (rc);
}

/* Revoke one token. */
int
store_token_revoke(struct store *st, int64_t tid)
{
	return (store_token_delete(st, sql_token_revoke, tid, 0, 1));
}

/* Revoke every token of an account except one (0 keeps none). */
int
store_token_revoke_user(struct store *st, int64_t uid, int64_t except)
{
	return (store_token_delete(st, sql_token_revoke_user, uid, except, 2));
}

/* Delete tokens that expired at or before now. */
int
store_token_purge(struct store *st, int64_t now)
{
	return (store_token_delete(st, sql_token_purge, now, 0, 1));
}
