/*
 * store-session.c: protocol sessions and their event log, the
 * transcript. Events are only ever appended here, in commit order, by the
 * journal (journal.c).
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

#define SESSION_COLS \
    "s.id, s.sid, s.template, s.title, s.record, s.status, s.created_by, " \
    "coalesce(u.name, ''), s.created, s.started, s.ended, s.snap_wall, " \
    "s.last_seq"

static const char sql_session_add[] =
    "INSERT INTO sessions (sid, template, title, record, status, "
    "created_by, created, snap_wall) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_session_get[] =
    "SELECT " SESSION_COLS " FROM sessions s "
    "LEFT JOIN users u ON u.uid = s.created_by WHERE s.id = ?";
static const char sql_session_list[] =
    "SELECT " SESSION_COLS " FROM sessions s "
    "LEFT JOIN users u ON u.uid = s.created_by "
    "WHERE s.sid = ? AND (? = 0 OR s.id < ?) ORDER BY s.id DESC LIMIT ?";
/* The index, or SQLite walks every session row in id order. */
static const char sql_session_live[] =
    "SELECT " SESSION_COLS ", p.snapshot FROM sessions s "
    "INDEXED BY sessions_live "
    "LEFT JOIN users u ON u.uid = s.created_by "
    "LEFT JOIN session_snapshots p ON p.session = s.id "
    "WHERE s.status < 3 ORDER BY s.id";
static const char sql_session_save[] =
    "UPDATE sessions SET status = ?, started = ?, ended = ?, snap_wall = ?, "
    "last_seq = ? WHERE id = ?";
static const char sql_session_forget_people[] =
    "UPDATE sessions SET created_by = NULL WHERE id = ?";
static const char sql_snapshot_put[] =
    "INSERT INTO session_snapshots (session, snapshot) VALUES (?1, ?2) "
    "ON CONFLICT (session) DO UPDATE SET snapshot = excluded.snapshot";
static const char sql_snapshot_drop[] =
    "DELETE FROM session_snapshots WHERE session = ?";
static const char sql_session_save_row[] =
    "UPDATE sessions SET status = ?, started = ?, ended = ?, last_seq = ? "
    "WHERE id = ?";
static const char sql_session_count_live[] =
    "SELECT count(*) FROM sessions WHERE sid = ? AND status < 3";
static const char sql_event_add[] =
    "INSERT INTO session_events (session, seq, at, kind, phase, phase_id, "
    "floor, round, actor, target, left_ms, total_ms, value, reason, text, "
    "tag, card, parent, ord, msg) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_event_list[] =
    "SELECT session, seq, at, kind, phase, phase_id, floor, round, actor, "
    "target, left_ms, total_ms, value, reason, text, tag, card, parent, "
    "ord, msg FROM session_events WHERE session = ? AND seq > ? "
    "ORDER BY seq LIMIT ?";

/* Copy a text column into a fixed buffer. */
static void
store_session_text(sqlite3_stmt *s, int col, char *buf, size_t len)
{
	const char	*p = (const char *)sqlite3_column_text(s, col);

	snprintf(buf, len, "%s", p != NULL ? p : "");
}

/* Copy a result row into a session. */
static void
store_session_row(sqlite3_stmt *s, struct store_session *ss)
{
	memset(ss, 0, sizeof *ss);
	ss->id = sqlite3_column_int64(s, 0);
	ss->sid = sqlite3_column_int64(s, 1);
	store_session_text(s, 2, ss->template_name, sizeof ss->template_name);
	store_session_text(s, 3, ss->title, sizeof ss->title);
	ss->record = sqlite3_column_int(s, 4);
	ss->status = sqlite3_column_int(s, 5);
	ss->created_by = sqlite3_column_int64(s, 6);
	store_session_text(s, 7, ss->created_by_name,
	    sizeof ss->created_by_name);
	ss->created = sqlite3_column_int64(s, 8);
	ss->started = sqlite3_column_int64(s, 9);
	ss->ended = sqlite3_column_int64(s, 10);
	ss->snap_wall = sqlite3_column_int64(s, 11);
	ss->last_seq = sqlite3_column_int64(s, 12);
}

/*
 * Store a session's snapshot, or drop it when snap is NULL; in the
 * caller's transaction.
 */
static int
store_session_snapshot(struct store *st, int64_t id, const uint8_t *snap,
    size_t len)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, snap != NULL ? sql_snapshot_put :
	    sql_snapshot_drop)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, id);
	if (snap != NULL)
		sqlite3_bind_blob(s, 2, snap, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "session snapshot");
	store_done(s);
	return (rc);
}

/* Add a session with its first snapshot; fills ss->id. */
int
store_session_add(struct store *st, struct store_session *ss,
    const uint8_t *snap, size_t len)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_session_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, ss->sid);
	sqlite3_bind_text(s, 2, ss->template_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ss->title, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, ss->record);
	sqlite3_bind_int(s, 5, ss->status);
	if (ss->created_by != 0)
		sqlite3_bind_int64(s, 6, ss->created_by);
	sqlite3_bind_int64(s, 7, ss->created);
	sqlite3_bind_int64(s, 8, ss->snap_wall);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		ss->id = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else
		rc = store_fail(st, "session add");
	store_done(s);
	if (rc == STORE_OK)
		rc = store_session_snapshot(st, ss->id, snap, len);
	return (rc);
}

/* Read one session (without its snapshot). */
int
store_session_get(struct store *st, int64_t id, struct store_session *ss)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_session_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_session_row(s, ss);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "session get");
	store_done(s);
	return (rc);
}

/* Call fn for a space's sessions, newest first, below id before (0: all). */
int
store_session_list(struct store *st, int64_t sid, int64_t before,
    size_t limit, void (*fn)(const struct store_session *, void *),
    void *arg)
{
	struct store_session	 ss;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_session_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, before);
	sqlite3_bind_int64(s, 3, before);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_session_row(s, &ss);
		fn(&ss, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "session list");
	store_done(s);
	return (rc);
}

/* Call fn for every session not ended, with its snapshot. */
int
store_session_live(struct store *st,
    void (*fn)(const struct store_session *, void *), void *arg)
{
	struct store_session	 ss;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_session_live)) == NULL)
		return (STORE_ERR);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_session_row(s, &ss);
		ss.snapshot = sqlite3_column_blob(s, 13);
		ss.snaplen = (size_t)sqlite3_column_bytes(s, 13);
		fn(&ss, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "session live");
	store_done(s);
	return (rc);
}

/* Save a session's status, snapshot and last sequence number. */
int
store_session_save(struct store *st, const struct store_session *ss,
    const uint8_t *snap, size_t len)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_session_save)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int(s, 1, ss->status);
	sqlite3_bind_int64(s, 2, ss->started);
	sqlite3_bind_int64(s, 3, ss->ended);
	sqlite3_bind_int64(s, 4, ss->snap_wall);
	sqlite3_bind_int64(s, 5, ss->last_seq);
	sqlite3_bind_int64(s, 6, ss->id);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "session save");
	store_done(s);
	if (rc == STORE_OK)
		rc = store_session_snapshot(st, ss->id, snap, len);
	return (rc);
}

/*
 * Drop what of a session names people: its snapshot (the roster) and its
 * creator (for an ended session off the record).
 */
int
store_session_forget_people(struct store *st, int64_t id)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_session_forget_people)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "session forget people");
	store_done(s);
	if (rc == STORE_OK)
		rc = store_session_snapshot(st, id, NULL, 0);
	return (rc);
}

/* Save a session's status and last sequence number, not its snapshot. */
int
store_session_save_row(struct store *st, const struct store_session *ss)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_session_save_row)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int(s, 1, ss->status);
	sqlite3_bind_int64(s, 2, ss->started);
	sqlite3_bind_int64(s, 3, ss->ended);
	sqlite3_bind_int64(s, 4, ss->last_seq);
	sqlite3_bind_int64(s, 5, ss->id);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "session save");
	store_done(s);
	return (rc);
}

/* Count a space's sessions that have not ended. */
int
store_session_count_live(struct store *st, int64_t sid, int64_t *n)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_session_count_live)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	return (store_int64(st, s, "session count", n));
}

/* Bind a string that may be NULL. */
static void
store_bind_opt(sqlite3_stmt *s, int col, const char *v)
{
	if (v != NULL)
		sqlite3_bind_text(s, col, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, col);
}

/* Append one event to a session's log. */
int
store_event_add(struct store *st, const struct store_event *ev)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_event_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, ev->session);
	sqlite3_bind_int64(s, 2, ev->seq);
	sqlite3_bind_int64(s, 3, ev->at);
	sqlite3_bind_text(s, 4, ev->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, (int)ev->phase);
	store_bind_opt(s, 6, ev->phase_id);
	store_bind_opt(s, 7, ev->floor);
	sqlite3_bind_int(s, 8, (int)ev->round);
	sqlite3_bind_int64(s, 9, ev->actor);
	sqlite3_bind_int64(s, 10, ev->target);
	sqlite3_bind_int64(s, 11, ev->left_ms);
	sqlite3_bind_int64(s, 12, ev->total_ms);
	sqlite3_bind_int64(s, 13, ev->value);
	store_bind_opt(s, 14, ev->reason);
	store_bind_opt(s, 15, ev->text);
	store_bind_opt(s, 16, ev->tag);
	sqlite3_bind_int(s, 17, (int)ev->card);
	sqlite3_bind_int(s, 18, (int)ev->parent);
	store_bind_opt(s, 19, ev->ord);
	store_bind_opt(s, 20, ev->msg);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "event add");
	store_done(s);
	return (rc);
}

/* Call fn for up to limit events of a session after seq, in order. */
int
store_event_list(struct store *st, int64_t session, int64_t after,
    size_t limit, void (*fn)(const struct store_event *, void *), void *arg)
{
	struct store_event	 ev;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_event_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ev.session = sqlite3_column_int64(s, 0);
		ev.seq = sqlite3_column_int64(s, 1);
		ev.at = sqlite3_column_int64(s, 2);
		ev.kind = (const char *)sqlite3_column_text(s, 3);
		ev.phase = (uint32_t)sqlite3_column_int(s, 4);
		ev.phase_id = (const char *)sqlite3_column_text(s, 5);
		ev.floor = (const char *)sqlite3_column_text(s, 6);
		ev.round = (uint32_t)sqlite3_column_int(s, 7);
		ev.actor = sqlite3_column_int64(s, 8);
		ev.target = sqlite3_column_int64(s, 9);
		ev.left_ms = sqlite3_column_int64(s, 10);
		ev.total_ms = sqlite3_column_int64(s, 11);
		ev.value = sqlite3_column_int64(s, 12);
		ev.reason = (const char *)sqlite3_column_text(s, 13);
		ev.text = (const char *)sqlite3_column_text(s, 14);
		ev.tag = (const char *)sqlite3_column_text(s, 15);
		ev.card = (uint32_t)sqlite3_column_int(s, 16);
		ev.parent = (uint32_t)sqlite3_column_int(s, 17);
		ev.ord = (const char *)sqlite3_column_text(s, 18);
		ev.msg = (const char *)sqlite3_column_text(s, 19);
		fn(&ev, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "event list");
	store_done(s);
	return (rc);
}
