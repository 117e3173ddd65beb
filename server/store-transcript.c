/*
 * store-transcript.c: the SQL of transcript review. Reads run on the
 * worker threads through read-only connections (store_open_reader; WAL
 * lets them read beside the loop's writer), writes on the loop through
 * the server's one writer: redactions, tombstone events of sessions not
 * loaded, notes, the access log, policies, the retention purge and the
 * full-text index's merges.
 *
 * The index (migration 4) is an external-content FTS5 table over a view
 * of the words of posts, cards and notes. A session is indexed when it
 * ends (store-transcript-index.c); from then on triggers on
 * session_events keep it in step, so a redaction (text set to NULL)
 * takes the words out of it in the same transaction. FTS5 only marks
 * them deleted in a new segment: merging the segments
 * (store_tx_fts_merge, stepped from a timer) is what drops them, and
 * PRAGMA secure_delete zeroes the freed space.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"
#include "xmalloc.h"


static const char sql_tx_sessions[] =
    "SELECT s.id, s.sid, s.template, s.title, s.record, s.status, "
    "s.created_by, coalesce(u.name, ''), s.created, s.started, s.ended, "
    "s.snap_wall, s.last_seq FROM sessions s "
    "LEFT JOIN users u ON u.uid = s.created_by "
    "WHERE s.sid = ?1 AND s.status = 3 AND (?2 = 0 OR s.id < ?2) AND "
    "(?3 = 0 OR EXISTS (SELECT 1 FROM session_events j "
    "INDEXED BY session_events_joins WHERE j.session = s.id AND "
    "j.kind = 'join' AND j.actor = ?3)) "
    "ORDER BY s.id DESC LIMIT ?4";
static const char sql_tx_session_count[] =
    "SELECT count(*) FROM sessions s WHERE s.sid = ?1 AND s.status = 3 AND "
    "(?2 = 0 OR EXISTS (SELECT 1 FROM session_events j "
    "INDEXED BY session_events_joins WHERE j.session = s.id AND "
    "j.kind = 'join' AND j.actor = ?2))";
static const char sql_tx_events[] =
    "SELECT session, seq, at, kind, phase, phase_id, floor, round, actor, "
    "target, left_ms, total_ms, value, reason, text, tag, card, parent, "
    "ord, redacted_at, redacted_by FROM session_events "
    "WHERE session = ?1 AND seq > ?2 AND (?3 = 0 OR seq <= ?3) "
    "ORDER BY seq LIMIT ?4";
static const char sql_tx_entry_get[] =
    "SELECT kind, actor, phase, text IS NOT NULL, redacted_at "
    "FROM session_events WHERE session = ? AND seq = ?";
static const char sql_tx_joined[] =
    "SELECT 1 FROM session_events INDEXED BY session_events_joins "
    "WHERE session = ? AND kind = 'join' AND actor = ?";
static const char sql_tx_people[] =
    "SELECT actor, coalesce(text, '') FROM session_events "
    "INDEXED BY session_events_joins WHERE session = ? AND kind = 'join'";
static const char sql_tx_alias_key[] =
    "SELECT alias_key FROM sessions WHERE id = ?";
static const char sql_tx_snapshot[] =
    "SELECT snapshot FROM session_snapshots WHERE session = ?";
static const char sql_tx_search[] =
    "SELECT e.session, e.seq, e.at, e.kind, e.actor, e.phase, s.title, "
    "s.record, rt_snippet(transcript_fts, e.text, char(1), char(2), '…', 16) "
    "FROM transcript_fts "
    "JOIN session_events e ON e.session = (transcript_fts.rowid >> 32) "
    "AND e.seq = (transcript_fts.rowid & 4294967295) "
    "JOIN sessions s ON s.id = e.session "
    "WHERE transcript_fts MATCH ?1 AND s.sid = ?2 AND s.status = 3 AND "
    "(?3 = 0 OR s.id = ?3) AND "
    "(?4 = 0 OR EXISTS (SELECT 1 FROM session_events j "
    "INDEXED BY session_events_joins WHERE j.session = s.id AND "
    "j.kind = 'join' AND j.actor = ?4)) "
    "ORDER BY rank, transcript_fts.rowid LIMIT ?5 OFFSET ?6";
static const char sql_tx_redact[] =
    "UPDATE session_events SET text = NULL, redacted_at = ?3, "
    "redacted_by = ?4 WHERE session = ?1 AND seq = ?2 AND "
    "kind IN ('post', 'board-post', 'note') AND redacted_at = 0";
/*
 * The scrub of the access log (store_tx_scrub_queries): two in-memory
 * FTS5 tables (temp_store is MEMORY), with the index's own tokenizer, and
 * their terms. Made once per connection.
 */
static const char sql_tx_scrub_setup[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tx_scrub_words USING "
    "  fts5(text, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tx_scrub_queries USING "
    "  fts5(text, tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tx_scrub_wv USING "
    "  fts5vocab(temp, tx_scrub_words, row);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tx_scrub_qv USING "
    "  fts5vocab(temp, tx_scrub_queries, instance);";
static const char sql_tx_scrub_clear[] =
    "DELETE FROM temp.tx_scrub_words; DELETE FROM temp.tx_scrub_queries;";
static const char sql_tx_scrub_words[] =
    "INSERT INTO temp.tx_scrub_words (text) SELECT text FROM session_events "
    "WHERE session = ?1 AND seq = ?2 AND text IS NOT NULL";
static const char sql_tx_scrub_queries[] =
    "INSERT INTO temp.tx_scrub_queries (rowid, text) "
    "SELECT a.seq, a.detail FROM transcript_access a, sessions s "
    "WHERE s.id = ?1 AND s.status = 3 AND a.sid = s.sid AND "
    "a.what = 'search' AND a.at >= s.ended * 1000";
static const char sql_tx_scrub_apply[] =
    "UPDATE transcript_access SET detail = '(withheld: the query had "
    "words of an entry redacted since)' WHERE seq IN (SELECT q.doc FROM "
    "temp.tx_scrub_qv q JOIN temp.tx_scrub_wv w ON w.term = q.term)";
static const char sql_tx_last_seq[] =
    "SELECT last_seq FROM sessions WHERE id = ?";
static const char sql_tx_set_last_seq[] =
    "UPDATE sessions SET last_seq = ?2 WHERE id = ?1";
static const char sql_tx_note_add[] =
    "INSERT INTO transcript_notes (session, seq_from, seq_to, author, "
    "created, text) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_tx_note_get[] =
    "SELECT n.nid, n.session, n.seq_from, n.seq_to, "
    "coalesce(n.author, 0), coalesce(u.name, ''), n.created, n.text "
    "FROM transcript_notes n LEFT JOIN users u ON u.uid = n.author "
    "WHERE n.nid = ?";
static const char sql_tx_note_delete[] =
    "DELETE FROM transcript_notes WHERE nid = ?";
static const char sql_tx_notes[] =
    "SELECT n.nid, n.session, n.seq_from, n.seq_to, "
    "coalesce(n.author, 0), coalesce(u.name, ''), n.created, n.text "
    "FROM transcript_notes n LEFT JOIN users u ON u.uid = n.author "
    "WHERE n.session = ?1 AND n.nid > ?2 ORDER BY n.nid LIMIT ?3";
static const char sql_tx_notes_span[] =
    "SELECT n.nid, n.session, n.seq_from, n.seq_to, "
    "coalesce(n.author, 0), coalesce(u.name, ''), n.created, n.text "
    "FROM transcript_notes n LEFT JOIN users u ON u.uid = n.author "
    "WHERE n.session = ?1 AND n.seq_from BETWEEN ?2 AND ?3 "
    "ORDER BY n.seq_from, n.nid";
static const char sql_tx_access_add[] =
    "INSERT INTO transcript_access (sid, at, uid, session, what, detail) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_tx_access_list[] =
    "SELECT a.seq, a.at, coalesce(a.uid, 0), coalesce(u.name, ''), "
    "a.session, a.what, a.detail FROM transcript_access a "
    "LEFT JOIN users u ON u.uid = a.uid "
    "WHERE a.sid = ?1 AND (?2 = 0 OR a.seq < ?2) "
    "ORDER BY a.seq DESC LIMIT ?3";
static const char sql_tx_policy_get[] =
    "SELECT readers, notes, retention FROM transcript_policy WHERE sid = ?";
static const char sql_tx_policy_set[] =
    "INSERT INTO transcript_policy (sid, readers, notes, retention) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sid) DO UPDATE SET "
    "readers = excluded.readers, notes = excluded.notes, "
    "retention = excluded.retention";
/*
 * Past the server's cap (an index range on the end time), or past the
 * retention of a space that has one: never a scan of every session.
 */
static const char sql_tx_expired[] =
    "SELECT s.id FROM sessions s INDEXED BY sessions_ended "
    "WHERE ?3 > 0 AND s.status = 3 AND s.ended > 0 AND "
    "s.ended <= ?2 - ?3 AND s.id > ?1 "
    "UNION ALL "
    "SELECT s.id FROM transcript_policy p CROSS JOIN sessions s "
    "ON s.sid = p.sid "
    "WHERE p.retention > 0 AND s.status = 3 AND s.ended > 0 AND "
    "s.ended + p.retention <= ?2 AND s.id > ?1 "
    "ORDER BY 1 LIMIT 1";
static const char sql_tx_purge_events[] =
    "DELETE FROM session_events WHERE session = ?1 AND seq IN "
    "(SELECT seq FROM session_events WHERE session = ?1 ORDER BY seq "
    "LIMIT ?2)";
static const char sql_tx_purge_session[] =
    "DELETE FROM sessions WHERE id = ? AND status = 3";
static const char sql_tx_fts_merge[] =
    "INSERT INTO transcript_fts (transcript_fts, rank) VALUES ('merge', ?)";

/* The kinds of entry that hold what someone said. */
static const char *const store_tx_speech_kinds[] = {
	"post", "board-post", "note"
};

/* Return true if entries of this kind hold words (and are indexed). */
bool
store_tx_speech(const char *kind)
{
	size_t	i;

	for (i = 0; i < sizeof store_tx_speech_kinds /
	    sizeof store_tx_speech_kinds[0]; i++) {
		if (strcmp(kind, store_tx_speech_kinds[i]) == 0)
			return (true);
	}
	return (false);
}

/*
 * Open a read-only connection to the database at path, for one worker
 * at a time. Return NULL with err filled on failure.
 */
struct store *
store_open_reader(const char *path, char *err, size_t errlen)
{
	struct store	*st;

	st = xcalloc(1, sizeof *st);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		store_close(st);
		return (NULL);
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (store_exec(st, "PRAGMA query_only=1; PRAGMA temp_store=MEMORY;") !=
	    STORE_OK || store_snippet_register(st) != STORE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->err);
		store_close(st);
		return (NULL);
	}
	return (st);
}

/* Copy a text column into a fixed buffer. */
static void
store_tx_text(sqlite3_stmt *s, int col, char *buf, size_t len)
{
	const char	*p = (const char *)sqlite3_column_text(s, col);

	snprintf(buf, len, "%s", p != NULL ? p : "");
}

/*
 * Call fn for a space's ended sessions, newest first, below id before
 * (0: from the newest); with uid, only those uid joined.
 */
int
store_tx_sessions(struct store *st, int64_t sid, int64_t before, int64_t uid,
    size_t limit, void (*fn)(const struct store_session *, void *),
    void *arg)
{
	struct store_session	 ss;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_tx_sessions)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, before);
	sqlite3_bind_int64(s, 3, uid);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&ss, 0, sizeof ss);
		ss.id = sqlite3_column_int64(s, 0);
		ss.sid = sqlite3_column_int64(s, 1);
		store_tx_text(s, 2, ss.template_name, sizeof ss.template_name);
		store_tx_text(s, 3, ss.title, sizeof ss.title);
		ss.record = sqlite3_column_int(s, 4);
		ss.status = sqlite3_column_int(s, 5);
		ss.created_by = sqlite3_column_int64(s, 6);
		store_tx_text(s, 7, ss.created_by_name,
		    sizeof ss.created_by_name);
		ss.created = sqlite3_column_int64(s, 8);
		ss.started = sqlite3_column_int64(s, 9);
		ss.ended = sqlite3_column_int64(s, 10);
		ss.snap_wall = sqlite3_column_int64(s, 11);
		ss.last_seq = sqlite3_column_int64(s, 12);
		fn(&ss, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "transcript list");
	store_done(s);
	return (rc);
}

/* Count a space's ended sessions (with uid: those uid joined). */
int
store_tx_session_count(struct store *st, int64_t sid, int64_t uid,
    int64_t *n)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_tx_session_count)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, uid);
	return (store_int64(st, s, "transcript count", n));
}

/*
 * Call fn for up to limit entries of a session after seq after (and up
 * to seq to, unless 0), in order, until fn returns non-zero.
 */
int
store_tx_events(struct store *st, int64_t session, int64_t after, int64_t to,
    size_t limit, int (*fn)(const struct store_tx_event *, void *), void *arg)
{
	struct store_event	 ev;
	struct store_tx_event	 te;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_tx_events)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, to);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof ev);
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
		te.ev = &ev;
		te.redacted_at = sqlite3_column_int64(s, 19);
		te.redacted_by = sqlite3_column_int64(s, 20);
		if (ev.kind == NULL)
			ev.kind = "";
		if (fn(&te, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "transcript read");
	store_done(s);
	return (rc);
}

/* Read what a redaction needs to know about one entry. */
int
store_tx_entry_get(struct store *st, int64_t session, int64_t seq,
    struct store_tx_entry *e)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_entry_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		memset(e, 0, sizeof *e);
		store_tx_text(s, 0, e->kind, sizeof e->kind);
		e->actor = sqlite3_column_int64(s, 1);
		e->phase = (uint32_t)sqlite3_column_int(s, 2);
		e->has_text = sqlite3_column_int(s, 3) != 0;
		e->redacted_at = sqlite3_column_int64(s, 4);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "transcript entry");
	store_done(s);
	return (rc);
}

/* Did account uid ever join the session? */
int
store_tx_joined(struct store *st, int64_t session, int64_t uid, bool *joined)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_joined)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, uid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*joined = rc == SQLITE_ROW;
		rc = STORE_OK;
	} else
		rc = store_fail(st, "transcript joined");
	store_done(s);
	return (rc);
}

/*
 * Call fn once for each account that joined a session, with the name it
 * joined under (the first time), in uid order.
 */
int
store_tx_people(struct store *st, int64_t session,
    void (*fn)(int64_t, const char *, void *), void *arg)
{
	sqlite3_stmt	*s;
	int64_t		 uid, last = 0;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_people)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		uid = sqlite3_column_int64(s, 0);
		if (uid == 0 || uid == last)
			continue;
		last = uid;
		fn(uid, (const char *)sqlite3_column_text(s, 1), arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "transcript people");
	store_done(s);
	return (rc);
}

/* Read the random key a session's pseudonyms are made from. */
int
store_tx_alias_key(struct store *st, int64_t session,
    uint8_t key[STORE_ALIAS_KEY])
{
	sqlite3_stmt	*s;
	const void	*p;
	int		 rc, n;

	if ((s = store_stmt(st, sql_tx_alias_key)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	rc = sqlite3_step(s);
	memset(key, 0, STORE_ALIAS_KEY);
	if (rc == SQLITE_ROW) {
		p = sqlite3_column_blob(s, 0);
		n = sqlite3_column_bytes(s, 0);
		if (p != NULL)
			memcpy(key, p, n < STORE_ALIAS_KEY ? (size_t)n :
			    STORE_ALIAS_KEY);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "transcript alias key");
	store_done(s);
	return (rc);
}

/* Copy a session's last snapshot; *blob is NULL if it has none. */
int
store_tx_snapshot(struct store *st, int64_t session, uint8_t **blob,
    size_t *len)
{
	sqlite3_stmt	*s;
	const void	*p;
	int		 rc, n;

	*blob = NULL;
	*len = 0;
	if ((s = store_stmt(st, sql_tx_snapshot)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		p = sqlite3_column_blob(s, 0);
		n = sqlite3_column_bytes(s, 0);
		if (p != NULL && n > 0) {
			*blob = xmalloc((size_t)n);
			memcpy(*blob, p, (size_t)n);
			*len = (size_t)n;
		}
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "transcript snapshot");
	store_done(s);
	return (rc);
}

/*
 * Search a space's ended sessions (one session, unless 0; with uid,
 * those uid joined) for an FTS5 query, best first: call fn for up to
 * limit hits after skipping offset.
 */
int
store_tx_search(struct store *st, int64_t sid, const char *match,
    int64_t session, int64_t uid, size_t offset, size_t limit,
    void (*fn)(const struct store_tx_hit *, void *), void *arg)
{
	struct store_tx_hit	 h;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_tx_search)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, sid);
	sqlite3_bind_int64(s, 3, session);
	sqlite3_bind_int64(s, 4, uid);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)limit);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&h, 0, sizeof h);
		h.session = sqlite3_column_int64(s, 0);
		h.seq = sqlite3_column_int64(s, 1);
		h.at = sqlite3_column_int64(s, 2);
		h.kind = (const char *)sqlite3_column_text(s, 3);
		h.actor = sqlite3_column_int64(s, 4);
		h.phase = (uint32_t)sqlite3_column_int(s, 5);
		h.title = (const char *)sqlite3_column_text(s, 6);
		h.record = sqlite3_column_int(s, 7);
		h.snippet = (const char *)sqlite3_column_text(s, 8);
		if (h.kind == NULL)
			h.kind = "";
		fn(&h, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "transcript search");
	store_done(s);
	return (rc);
}

/* Run a statement bound to a session and a seq to its end. */
static int
store_tx_run2(struct store *st, const char *sql, int64_t session,
    int64_t seq, const char *what)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, seq);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK : store_fail(st, what);
	store_done(s);
	return (rc);
}

/*
 * Before an entry's words go: withhold the logged search queries of its
 * space that share a word with it (as the index folds words, so "café"
 * and "cafe" are one), so that the access log does not keep what was
 * redacted. Only the searches since its session ended could have found
 * it (search sees ended sessions only), so only those are looked at, and
 * none for a live session. Owners still see who searched, when, and
 * where. The words pass only through in-memory tables, emptied at once.
 */
static int
store_tx_scrub_queries(struct store *st, int64_t session, int64_t seq)
{
	int	rc;

	rc = store_exec(st, sql_tx_scrub_clear);
	if (rc == STORE_OK)
		rc = store_tx_run2(st, sql_tx_scrub_words, session, seq,
		    "scrub words");
	if (rc == STORE_OK)
		rc = store_tx_run2(st, sql_tx_scrub_queries, session, 0,
		    "scrub queries");
	if (rc == STORE_OK)
		rc = store_tx_run2(st, sql_tx_scrub_apply, 0, 0,
		    "scrub the access log");
	if (rc == STORE_OK)
		rc = store_exec(st, sql_tx_scrub_clear);
	return (rc);
}

/*
 * Take the words out of an entry (post, card or note) and leave its
 * tombstone: who, when. The index loses them through its trigger, and
 * the access log the search queries that had them. STORE_NOTFOUND if
 * there is no such entry, or it is already redacted.
 */
int
store_tx_redact(struct store *st, int64_t session, int64_t seq, int64_t by,
    int64_t at)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (store_tx_scrub_queries(st, session, seq) != STORE_OK)
		return (STORE_ERR);
	if ((s = store_stmt(st, sql_tx_redact)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, seq);
	sqlite3_bind_int64(s, 3, at);
	sqlite3_bind_int64(s, 4, by);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "transcript redact");
	if (rc == STORE_OK && sqlite3_changes(st->db) == 0)
		rc = STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/*
 * Append an event to a session that is not loaded (so no journal hands
 * out its sequence numbers): the next seq after the stored last one.
 * Fills ev->seq. Run inside a transaction.
 */
int
store_tx_append(struct store *st, struct store_event *ev)
{
	sqlite3_stmt	*s;
	int64_t		 last = 0;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_last_seq)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, ev->session);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	store_done(s);
	if (rc == SQLITE_DONE)
		return (STORE_NOTFOUND);
	if (rc != SQLITE_ROW)
		return (store_fail(st, "transcript last seq"));
	ev->seq = last + 1;
	if ((rc = store_event_add(st, ev)) != STORE_OK)
		return (rc);
	if ((s = store_stmt(st, sql_tx_set_last_seq)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, ev->session);
	sqlite3_bind_int64(s, 2, ev->seq);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "transcript set last seq");
	store_done(s);
	return (rc);
}

/* Add a note; fills n->nid. */
int
store_tx_note_add(struct store *st, struct store_tx_note *n)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_note_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, n->session);
	sqlite3_bind_int64(s, 2, n->from);
	sqlite3_bind_int64(s, 3, n->to);
	if (n->author != 0)
		sqlite3_bind_int64(s, 4, n->author);
	sqlite3_bind_int64(s, 5, n->created);
	sqlite3_bind_text(s, 6, n->text, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		n->nid = sqlite3_last_insert_rowid(st->db);
		rc = STORE_OK;
	} else
		rc = store_fail(st, "note add");
	store_done(s);
	return (rc);
}

/* Copy a note row (text valid until the statement moves on). */
static void
store_tx_note_row(sqlite3_stmt *s, struct store_tx_note *n)
{
	memset(n, 0, sizeof *n);
	n->nid = sqlite3_column_int64(s, 0);
	n->session = sqlite3_column_int64(s, 1);
	n->from = sqlite3_column_int64(s, 2);
	n->to = sqlite3_column_int64(s, 3);
	n->author = sqlite3_column_int64(s, 4);
	store_tx_text(s, 5, n->author_name, sizeof n->author_name);
	n->created = sqlite3_column_int64(s, 6);
	n->text = (const char *)sqlite3_column_text(s, 7);
	if (n->text == NULL)
		n->text = "";
}

/* Read one note, without its text. */
int
store_tx_note_get(struct store *st, int64_t nid, struct store_tx_note *n)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_note_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, nid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_tx_note_row(s, n);
		n->text = NULL;
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = store_fail(st, "note get");
	store_done(s);
	return (rc);
}

/* Delete a note. */
int
store_tx_note_delete(struct store *st, int64_t nid)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_note_delete)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, nid);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "note delete");
	if (rc == STORE_OK && sqlite3_changes(st->db) == 0)
		rc = STORE_NOTFOUND;
	store_done(s);
	return (rc);
}

/* Run a query of notes, calling fn for each. */
static int
store_tx_notes_run(struct store *st, sqlite3_stmt *s,
    void (*fn)(const struct store_tx_note *, void *), void *arg)
{
	struct store_tx_note	n;
	int			rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_tx_note_row(s, &n);
		fn(&n, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "notes");
	store_done(s);
	return (rc);
}

/* Call fn for up to limit notes of a session after note number after. */
int
store_tx_notes(struct store *st, int64_t session, int64_t after, size_t limit,
    void (*fn)(const struct store_tx_note *, void *), void *arg)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_tx_notes)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	return (store_tx_notes_run(st, s, fn, arg));
}

/* Call fn for the notes of a session that start at seq lo to hi. */
int
store_tx_notes_span(struct store *st, int64_t session, int64_t lo,
    int64_t hi, void (*fn)(const struct store_tx_note *, void *), void *arg)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_tx_notes_span)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, lo);
	sqlite3_bind_int64(s, 3, hi);
	return (store_tx_notes_run(st, s, fn, arg));
}

/* Log a read of a space's transcripts. */
int
store_tx_access_add(struct store *st, int64_t sid, int64_t uid,
    int64_t session, const char *what, const char *detail, int64_t at)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_access_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, at);
	if (uid != 0)
		sqlite3_bind_int64(s, 3, uid);
	sqlite3_bind_int64(s, 4, session);
	sqlite3_bind_text(s, 5, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, detail != NULL ? detail : "", -1,
	    SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "access log add");
	store_done(s);
	return (rc);
}

/* Call fn for up to limit entries of the access log below before. */
int
store_tx_access_list(struct store *st, int64_t sid, int64_t before,
    size_t limit, void (*fn)(const struct store_tx_access *, void *),
    void *arg)
{
	struct store_tx_access	 a;
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_stmt(st, sql_tx_access_list)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int64(s, 2, before);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&a, 0, sizeof a);
		a.seq = sqlite3_column_int64(s, 0);
		a.at = sqlite3_column_int64(s, 1);
		a.uid = sqlite3_column_int64(s, 2);
		store_tx_text(s, 3, a.user, sizeof a.user);
		a.session = sqlite3_column_int64(s, 4);
		a.what = (const char *)sqlite3_column_text(s, 5);
		a.detail = (const char *)sqlite3_column_text(s, 6);
		if (a.what == NULL)
			a.what = "";
		fn(&a, arg);
	}
	rc = rc == SQLITE_DONE ? STORE_OK : store_fail(st, "access log list");
	store_done(s);
	return (rc);
}

/* Read a space's policy; a space that never set one has the defaults. */
int
store_tx_policy_get(struct store *st, int64_t sid, struct store_tx_policy *p)
{
	sqlite3_stmt	*s;
	int		 rc;

	p->readers = TX_READERS_PARTICIPANTS;
	p->notes = TX_NOTES_REVIEWERS;
	p->retention = 0;
	if ((s = store_stmt(st, sql_tx_policy_get)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		p->readers = sqlite3_column_int(s, 0);
		p->notes = sqlite3_column_int(s, 1);
		p->retention = sqlite3_column_int64(s, 2);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "policy get");
	store_done(s);
	return (rc);
}

/* Write a space's policy. */
int
store_tx_policy_set(struct store *st, int64_t sid,
    const struct store_tx_policy *p)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_policy_set)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, sid);
	sqlite3_bind_int(s, 2, p->readers);
	sqlite3_bind_int(s, 3, p->notes);
	sqlite3_bind_int64(s, 4, p->retention);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "policy set");
	store_done(s);
	return (rc);
}

/*
 * Find the first ended session after id after whose transcript is past
 * its space's retention, or the server's (cap, seconds; 0 none), at Unix
 * time now. STORE_NOTFOUND if there is none.
 */
int
store_tx_expired(struct store *st, int64_t now, int64_t cap, int64_t after,
    int64_t *session)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_tx_expired)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, cap);
	return (store_int64(st, s, "transcript expired", session));
}

/*
 * Delete up to limit events of an ended session, oldest first; when none
 * are left, the session itself (its notes go with it). *deleted is how
 * many events went; 0 means the session is gone. Run in a transaction.
 */
int
store_tx_purge_step(struct store *st, int64_t session, size_t limit,
    size_t *deleted)
{
	sqlite3_stmt	*s;
	int		 rc;

	*deleted = 0;
	if ((s = store_stmt(st, sql_tx_purge_events)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "purge events");
	if (rc == STORE_OK)
		*deleted = (size_t)sqlite3_changes(st->db);
	store_done(s);
	if (rc != STORE_OK || *deleted > 0)
		return (rc);
	if ((s = store_stmt(st, sql_tx_purge_session)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "purge session");
	store_done(s);
	return (rc);
}

/*
 * Merge the index's segments, writing about pages pages, towards one
 * segment (FTS5's 'merge' with a negative count is an 'optimize' done in
 * steps: every segment is merged into one, whatever its level). A merge
 * into that last segment drops deleted entries, and a term none is left
 * for, so a redacted word leaves the index itself, not only its content.
 * (FTS5's secure-delete option would do it at once, but it came with
 * SQLite 3.42; Debian 12 has 3.40.) *worked is false once there is
 * nothing left to merge.
 */
int
store_tx_fts_merge(struct store *st, int pages, bool *worked)
{
	sqlite3_stmt	*s;
	sqlite3_int64	 before;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_fts_merge)) == NULL)
		return (STORE_ERR);
	before = sqlite3_total_changes64(st->db);
	sqlite3_bind_int(s, 1, -pages);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "index merge");
	/* The FTS5 documentation: fewer than 2 changes means no work. */
	*worked = rc == STORE_OK &&
	    sqlite3_total_changes64(st->db) - before >= 2;
	store_done(s);
	return (rc);
}

/* Check the full-text index, and that it matches its content view. */
int
store_tx_fts_check(struct store *st)
{
	return (store_exec(st, "INSERT INTO transcript_fts (transcript_fts, "
	    "rank) VALUES ('integrity-check', 1)"));
}

/*
 * Make deleted content be overwritten with zeros on this connection, and
 * the WAL be cut back to a few megabytes whenever a checkpoint resets it,
 * so that old frames (redacted words among them) do not linger in a WAL
 * that once grew large; make the tables redaction scrubs queries with.
 */
int
store_tx_secure_delete(struct store *st)
{
	if (store_exec(st, "PRAGMA secure_delete=ON; "
	    "PRAGMA journal_size_limit=4194304") != STORE_OK)
		return (STORE_ERR);
	return (store_exec(st, sql_tx_scrub_setup));
}
