/*
 * store-user.c: accounts.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_user_add[] =
    "INSERT INTO users (name, pwhash, admin, must_change, created) "
    "VALUES (?, ?, ?, ?, ?)";
static const char sql_user_get[] =
    "SELECT uid, name, pwhash, admin, disabled, must_change, created "
    "FROM users WHERE name = ?";
static const char sql_user_get_uid[] =
    "SELECT uid, name, pwhash, admin, disabled, must_change, created "
    "FROM users WHERE uid = ?";
static const char sql_user_set_password[] =
    "UPDATE users SET pwhash = ?, must_change = ? WHERE uid = ?";
static const char sql_user_set_disabled[] =
    "UPDATE users SET disabled = ? WHERE uid = ?";
static const char sql_user_set_admin[] =
    "UPDATE users SET admin = ? WHERE uid = ?";
static const char sql_user_count[] = "SELECT count(*) FROM users";
static const char sql_user_list[] =
    "SELECT uid, name, pwhash, admin, disabled, must_change, created "
    "FROM users ORDER BY name";

/* Copy a result row into an account. */
static void
store_user_row(sqlite3_stmt *s, struct store_user *u)
{
	const char	*p;

	memset(u, 0, sizeof *u);
	u->uid = sqlite3_column_int64(s, 0);
	if ((p = (const char *)sqlite3_column_text(s, 1)) != NULL)
		snprintf(u->name, sizeof u->name, "%s", p);
	if ((p = (const char *)sqlite3_column_text(s, 2)) != NULL)
		snprintf(u->pwhash, sizeof u->pwhash, "%s", p);
	u->admin = sqlite3_column_int(s, 3) != 0;
	u->disabled = sqlite3_column_int(s, 4) != 0;
	u->must_change = sqlite3_column_int(s, 5) != 0;
	u->created = sqlite3_column_int64(s, 6);
}

/* Add an account; STORE_EXISTS if the name is taken (ignoring case). */
int
store_user_add(struct store *st, const char *name, const char *pwhash,
    bool admin, bool must_change, int64_t *uid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_user_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, admin);
	sqlite3_bind_int(s, 4, must_change);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (uid != NULL)
			*uid = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else if (rc == SQLITE_CONSTRAINT)
		rc = STORE_EXISTS;
	else
		rc = store_fail(st, "user add");
	store_done(s);
	return (rc);
}

/* Look up one account with a prepared statement and a bound key. */
static int
store_user_lookup(struct store *st, sqlite3_stmt *s, struct store_user *u)
{
	int	rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_user_row(s, u);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "user get");
	store_done(s);
	return (rc);
}

/* Find an account by name, ignoring case. */
int
store_user_get(struct store *st, const char *name, struct store_user *u)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_user_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return (store_user_lookup(st, s, u));
}

/* Find an account by id. */
int
store_user_get_uid(struct store *st, int64_t uid, struct store_user *u)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_user_get_uid)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	return (store_user_lookup(st, s, u));
}

/* Run an update bound to (value, uid); STORE_NOTFOUND if no row. */
static int
store_user_update(struct store *st, const char *sql, int value, int64_t uid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int(s, 1, value);
	sqlite3_bind_int64(s, 2, uid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "user update");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Replace an account's password hash and set its must-change flag. */
int
store_user_set_password(struct store *st, int64_t uid, const char *pwhash,
    bool must_change)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_user_set_password)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, must_change);
	sqlite3_bind_int64(s, 3, uid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "user set password");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Disable or enable an account. */
int
store_user_set_disabled(struct store *st, int64_t uid, bool disabled)
{
	return (store_user_update(st, sql_user_set_disabled, disabled, uid));
}

/* Grant or remove server administration. */
int
store_user_set_admin(struct store *st, int64_t uid, bool admin)
{
	return (store_user_update(st, sql_user_set_admin, admin, uid));
}

/* Count the accounts. */
int
store_user_count(struct store *st, int64_t *n)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_user_count)) == NULL)
		return (STORE_ERR);
	return (store_int64(st, s, "user count", n));
}

/* Call fn for every account, in name order. */
int
store_user_list(struct store *st, void (*fn)(const struct store_user *,
    void *), void *arg)
{
	struct store_user	 u;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_user_list)) == NULL)
		return (STORE_ERR);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_user_row(s, &u);
		fn(&u, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "user list");
	store_done(s);
	return (rc);
}
