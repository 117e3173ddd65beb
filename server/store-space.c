/*
 * store-space.c: spaces themselves, and an account's relation to one,
 * read in a single query so that every lookup costs the same whether or
 * not the space exists.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

/* The columns every space query returns, in store_space_row's order. */
#define SPACE_COLS \
    "s.sid, s.slug, s.title, s.description, s.statement, s.kind, " \
    "s.archived, s.created, coalesce(s.created_by, 0), " \
    "coalesce(m.role, 0), coalesce(m.mentor, 0), r.uid IS NOT NULL"
#define SPACE_JOINS \
    "LEFT JOIN space_members m ON m.sid = s.sid AND m.uid = ?1 " \
    "LEFT JOIN space_requests r ON r.sid = s.sid AND r.uid = ?1 "

static const char sql_space_add[] =
    "INSERT INTO spaces (slug, title, description, statement, kind, "
    "created, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_space_view[] =
    "SELECT " SPACE_COLS " FROM spaces s " SPACE_JOINS "WHERE s.slug = ?2";
static const char sql_space_view_sid[] =
    "SELECT " SPACE_COLS " FROM spaces s " SPACE_JOINS "WHERE s.sid = ?2";
static const char sql_space_update[] =
    "UPDATE spaces SET title = ?, description = ?, statement = ?, "
    "kind = ? WHERE sid = ?";
static const char sql_space_set_archived[] =
    "UPDATE spaces SET archived = ? WHERE sid = ?";
static const char sql_space_count_created[] =
    "SELECT count(*) FROM spaces WHERE created_by = ?";
static const char sql_space_list_public[] =
    "SELECT " SPACE_COLS ", 0 FROM spaces s " SPACE_JOINS
    "WHERE s.archived = 0 AND (s.kind != 3 OR ?2) AND s.slug > ?3 "
    "ORDER BY s.slug LIMIT ?4";
static const char sql_space_list_mine[] =
    "SELECT " SPACE_COLS ", 0 FROM spaces s " SPACE_JOINS
    "WHERE (m.uid IS NOT NULL OR r.uid IS NOT NULL) "
    "AND s.slug > ?3 ORDER BY s.slug LIMIT ?4";
static const char sql_space_list_all[] =
    "SELECT " SPACE_COLS ", (SELECT count(*) FROM space_members c "
    "WHERE c.sid = s.sid) FROM spaces s " SPACE_JOINS
    "WHERE s.slug > ?3 ORDER BY s.slug LIMIT ?4";

/* Copy a text column into a fixed buffer. */
static void
store_space_text(sqlite3_stmt *s, int col, char *out, size_t outlen)
{
	const char	*p;

	if ((p = (const char *)sqlite3_column_text(s, col)) != NULL)
		snprintf(out, outlen, "%s", p);
	else
		out[0] = '\0';
}

/* Copy a result row into a space and the account's relation to it. */
static void
store_space_row(sqlite3_stmt *s, struct store_space *sp,
    struct store_space_rel *rel)
{
	memset(sp, 0, sizeof *sp);
	sp->sid = sqlite3_column_int64(s, 0);
	store_space_text(s, 1, sp->slug, sizeof sp->slug);
	store_space_text(s, 2, sp->title, sizeof sp->title);
	store_space_text(s, 3, sp->description, sizeof sp->description);
	store_space_text(s, 4, sp->statement, sizeof sp->statement);
	sp->kind = sqlite3_column_int(s, 5);
	sp->archived = sqlite3_column_int64(s, 6);
	sp->created = sqlite3_column_int64(s, 7);
	sp->created_by = sqlite3_column_int64(s, 8);
	if (rel != NULL) {
		memset(rel, 0, sizeof *rel);
		rel->role = sqlite3_column_int(s, 9);
		rel->mentor = sqlite3_column_int(s, 10) != 0;
		rel->pending = sqlite3_column_int(s, 11) != 0;
		if (sqlite3_column_count(s) > 12)
			rel->nmembers = sqlite3_column_int64(s, 12);
	}
}

/* Bind a uid, or NULL for 0 (the operator). */
static void
store_space_bind_uid(sqlite3_stmt *s, int col, int64_t uid)
{
	if (uid == 0)
		sqlite3_bind_null(s, col);
	else
		sqlite3_bind_int64(s, col, uid);
}

/* Add a space; STORE_EXISTS if the slug is taken. */
int
store_space_add(struct store *st, const struct store_space *sp,
    int64_t *sid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_space_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, sp->slug, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sp->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sp->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, sp->statement, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, sp->kind);
	sqlite3_bind_int64(s, 6, sp->created);
	store_space_bind_uid(s, 7, sp->created_by);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (sid != NULL)
			*sid = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else if (rc == SQLITE_CONSTRAINT &&
	    sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE)
		rc = STORE_EXISTS;
	else
		rc = store_fail(st, "space add");
	store_done(s);
	return (rc);
}

/* Run a view query with its key bound; fill sp and rel. */
static int
store_space_view_run(struct store *st, sqlite3_stmt *s,
    struct store_space *sp, struct store_space_rel *rel)
{
	int	rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_space_row(s, sp, rel);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "space view");
	store_done(s);
	return (rc);
}

/*
 * Find a space by slug, and what uid is to it, in one indexed query.
 * uid 0 reads the space alone.
 */
int
store_space_view(struct store *st, const char *slug, int64_t uid,
    struct store_space *sp, struct store_space_rel *rel)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_space_view)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_text(s, 2, slug, -1, SQLITE_STATIC);
	return (store_space_view_run(st, s, sp, rel));
}

/* Find a space by id, and what uid is to it. */
int
store_space_view_sid(struct store *st, int64_t sid, int64_t uid,
    struct store_space *sp, struct store_space_rel *rel)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_space_view_sid)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_int64(s, 2, sid);
	return (store_space_view_run(st, s, sp, rel));
}

/* Replace a space's title, texts and kind. */
int
store_space_update(struct store *st, const struct store_space *sp)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_space_update)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, sp->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sp->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sp->statement, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, sp->kind);
	sqlite3_bind_int64(s, 5, sp->sid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "space update");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Archive a space (when > 0) or restore it (0). */
int
store_space_set_archived(struct store *st, int64_t sid, int64_t when)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_space_set_archived)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, when);
	sqlite3_bind_int64(s, 2, sid);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_fail(st, "space archive");
	else
		rc = sqlite3_changes(st->db) ? STORE_OK : STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Count the spaces an account created. */
int
store_space_count_created(struct store *st, int64_t uid, int64_t *n)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_space_count_created)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	return (store_int64(st, s, "space count", n));
}

/*
 * Call fn for up to limit spaces (0: no limit) whose slug sorts after
 * after (NULL: from the start), in slug order, each with uid's relation
 * to it. affinity says whether STORE_SPACES_PUBLIC includes affinity
 * spaces.
 */
int
store_space_list(struct store *st, enum store_space_list which, int64_t uid,
    bool affinity, const char *after, size_t limit,
    void (*fn)(const struct store_space *, const struct store_space_rel *,
    void *), void *arg)
{
	static const char *const sqls[] = {
		[STORE_SPACES_PUBLIC] = sql_space_list_public,
		[STORE_SPACES_MINE] = sql_space_list_mine,
		[STORE_SPACES_ALL] = sql_space_list_all,
	};
	struct store_space	 sp;
	struct store_space_rel	 rel;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sqls[which])) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, uid);
	sqlite3_bind_int(s, 2, affinity);
	sqlite3_bind_text(s, 3, after != NULL ? after : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, limit == 0 ? -1 : (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_space_row(s, &sp, &rel);
		fn(&sp, &rel, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "space list");
	store_done(s);
	return (rc);
}
