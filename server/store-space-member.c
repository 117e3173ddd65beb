/*
 * store-space-member.c: who belongs to a space, and in which role.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_member_add[] =
    "INSERT INTO space_members (sid, uid, role, mentor, since) "
    "VALUES (?, ?, ?, ?, ?)";
static const char sql_member_get[] =
    "SELECT m.uid, u.name, m.role, m.mentor, m.since FROM space_members m "
    "JOIN users u ON u.uid = m.uid WHERE m.sid = ? AND m.uid = ?";
static const char sql_member_set_role[] =
    "UPDATE space_members SET role = ?, mentor = ? WHERE sid = ? AND uid = ?";
static const char sql_member_remove[] =
    "DELETE FROM space_members WHERE sid = ? AND uid = ?";
static const char sql_member_count[] =
    "SELECT count(*) FROM space_members WHERE sid = ?1 AND "
    "(?2 = 0 OR role = ?2)";
static const char sql_member_list[] =
    "SELECT m.uid, u.name, m.role, m.mentor, m.since FROM space_members m "
    "JOIN users u ON u.uid = m.uid WHERE m.sid = ?1 AND u.name > ?2 "
    "ORDER BY u.name LIMIT ?3";

/* Copy a result row into a member. */
static void
store_member_row(sqlite3_stmt *s, struct store_member *m)
{
	const char	*p;

	memset(m, 0, sizeof *m);
	m->uid = sqlite3_column_int64(s, 0);
	if ((p = (const char *)sqlite3_column_text(s, 1)) != NULL)
		snprintf(m->name, sizeof m->name, "%s", p);
	m->role = sqlite3_column_int(s, 2);
	m->mentor = sqlite3_column_int(s, 3) != 0;
	m->since = sqlite3_column_int64(s, 4);
}

/*
 * Make uid a member of sid. STORE_EXISTS if it already is one,
 * STORE_NOTFOUND if the space or the account does not exist.
 */
int
store_member_add(struct store *st, int64_t sid, int64_t uid, int role,
    bool mentor, int64_t now)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_member_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	sqlite3_bind_int(s, 3, role);
	sqlite3_bind_int(s, 4, mentor);
	sqlite3_bind_int64(s, 5, now);
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
		rc = store_fail(st, "member add");
	store_done(s);
	return (rc);
}

/* Find uid's membership of sid. */
int
store_member_get(struct store *st, int64_t sid, int64_t uid,
    struct store_member *m)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_member_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_member_row(s, m);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "member get");
	store_done(s);
	return (rc);
}

/* Change a member's role and mentor flag. */
int
store_member_set_role(struct store *st, int64_t sid, int64_t uid, int role,
    bool mentor)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_member_set_role)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int(s, 1, role);
	sqlite3_bind_int(s, 2, mentor);
	sqlite3_bind_int64(s, 3, sid);
	sqlite3_bind_int64(s, 4, uid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "member set role");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* End uid's membership of sid. */
int
store_member_remove(struct store *st, int64_t sid, int64_t uid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_member_remove)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "member remove");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Count the members of sid in one role, or in any (ROLE_NONE). */
int
store_member_count(struct store *st, int64_t sid, int role, int64_t *n)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_member_count)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int(s, 2, role);
	return (store_int64(st, s, "member count", n));
}

/*
 * Call fn for up to limit members of sid (0: no limit) whose names sort
 * after after (NULL: from the start), in name order, ignoring case.
 */
int
store_member_list(struct store *st, int64_t sid, const char *after,
    size_t limit, void (*fn)(const struct store_member *, void *), void *arg)
{
	struct store_member	 m;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_member_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_text(s, 2, after != NULL ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, limit == 0 ? -1 : (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_member_row(s, &m);
		fn(&m, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "member list");
	store_done(s);
	return (rc);
}
