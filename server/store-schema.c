/*
 * store-schema.c: the schema, as an ordered list of migrations. Migration
 * N takes a database from version N-1 to N; a new database runs them all.
 * Never edit a migration that has shipped: add a new one.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"
#include "store-impl.h"

/*
 * Since migration 5: the WHEN of a trigger that fires for an event row r
 * ("old" or "new") whose words are in the full-text index, and the
 * statement that takes the old row's words out of it.
 */
#define FTS_INDEXED(r)							\
	r ".text IS NOT NULL AND "					\
	r ".kind IN ('post', 'board-post', 'note') AND "		\
	r ".seq <= (SELECT fts_seq FROM sessions WHERE id = " r ".session) "
#define FTS_FORGET_OLD							\
	"INSERT INTO transcript_fts (transcript_fts, rowid, text) "	\
	"VALUES ('delete', old.session * 4294967296 + old.seq, old.text);"

static const char *migrations[] = {
	/* 1: settings, accounts and resume tokens. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE users ("
	"  uid INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pwhash TEXT NOT NULL,"
	"  admin INTEGER NOT NULL DEFAULT 0,"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  must_change INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL"
	");"
	"CREATE TABLE tokens ("
	"  tid INTEGER PRIMARY KEY,"
	"  uid INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,"
	"  hash BLOB NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL"
	");"
	"CREATE INDEX tokens_uid ON tokens (uid);",

	/*
	 * 2: spaces, their members, pending requests to join, invite codes
	 * (SHA-256 only) and the membership record. Kinds, roles and
	 * actions are the numbers of enum space_kind, space_role and
	 * space_action in store.h. Spaces are archived, never deleted.
	 */
	"CREATE TABLE spaces ("
	"  sid INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  statement TEXT NOT NULL DEFAULT '',"
	"  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
	"  archived INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  created_by INTEGER REFERENCES users (uid) ON DELETE SET NULL"
	");"
	"CREATE INDEX spaces_created_by ON spaces (created_by);"
	"CREATE TABLE space_members ("
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  uid INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,"
	"  role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 4),"
	"  mentor INTEGER NOT NULL DEFAULT 0,"
	"  since INTEGER NOT NULL,"
	"  PRIMARY KEY (sid, uid)"
	") WITHOUT ROWID;"
	"CREATE INDEX space_members_uid ON space_members (uid);"
	"CREATE TABLE space_invites ("
	"  iid INTEGER PRIMARY KEY,"
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  hash BLOB NOT NULL UNIQUE,"
	"  role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 4),"
	"  request INTEGER NOT NULL DEFAULT 0,"
	"  max_uses INTEGER NOT NULL CHECK (max_uses > 0),"
	"  uses INTEGER NOT NULL DEFAULT 0,"
	"  created INTEGER NOT NULL,"
	"  expires INTEGER NOT NULL,"
	"  revoked INTEGER NOT NULL DEFAULT 0,"
	"  created_by INTEGER REFERENCES users (uid) ON DELETE SET NULL"
	");"
	"CREATE INDEX space_invites_sid ON space_invites (sid, iid);"
	"CREATE TABLE space_requests ("
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  uid INTEGER NOT NULL REFERENCES users (uid) ON DELETE CASCADE,"
	"  message TEXT NOT NULL DEFAULT '',"
	"  created INTEGER NOT NULL,"
	"  invite INTEGER REFERENCES space_invites (iid) ON DELETE SET NULL,"
	"  PRIMARY KEY (sid, uid)"
	") WITHOUT ROWID;"
	"CREATE INDEX space_requests_uid ON space_requests (uid);"
	"CREATE TABLE space_log ("
	"  seq INTEGER PRIMARY KEY,"
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  actor INTEGER REFERENCES users (uid) ON DELETE SET NULL,"
	"  action INTEGER NOT NULL,"
	"  subject INTEGER REFERENCES users (uid) ON DELETE SET NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX space_log_sid ON space_log (sid, seq);",

	/*
	 * 3: protocol sessions and their event log, the transcript. An
	 * event's seq counts from 1 within its session, in commit order.
	 */
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  template TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  record INTEGER NOT NULL CHECK (record BETWEEN 0 AND 2),"
	"  status INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),"
	"  created_by INTEGER REFERENCES users (uid) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  started INTEGER NOT NULL DEFAULT 0,"
	"  ended INTEGER NOT NULL DEFAULT 0,"
	"  snapshot BLOB,"
	"  snap_wall INTEGER NOT NULL DEFAULT 0,"
	"  last_seq INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX sessions_sid ON sessions (sid, id);"
	"CREATE INDEX sessions_live ON sessions (status) WHERE status < 3;"
	"CREATE TABLE session_events ("
	"  session INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  phase INTEGER NOT NULL DEFAULT 0,"
	"  phase_id TEXT,"
	"  floor TEXT,"
	"  round INTEGER NOT NULL DEFAULT 0,"
	"  actor INTEGER NOT NULL DEFAULT 0,"
	"  target INTEGER NOT NULL DEFAULT 0,"
	"  left_ms INTEGER NOT NULL DEFAULT 0,"
	"  total_ms INTEGER NOT NULL DEFAULT 0,"
	"  value INTEGER NOT NULL DEFAULT 0,"
	"  reason TEXT,"
	"  text TEXT,"
	"  tag TEXT,"
	"  card INTEGER NOT NULL DEFAULT 0,"
	"  parent INTEGER NOT NULL DEFAULT 0,"
	"  ord TEXT,"
	"  msg TEXT,"
	"  PRIMARY KEY (session, seq)"
	") WITHOUT ROWID;",

	/*
	 * 4: transcripts for review (store-transcript.c). Redaction
	 * tombstones on events; a random key per session for its Chatham
	 * House pseudonyms; the full-text index (FTS5, external content: a
	 * view over the words of posts, cards and notes, kept in step by
	 * triggers; a document's rowid is session * 2^32 + seq); mentors'
	 * notes; the access log (it outlives purged sessions, so it names
	 * them by number only); and each space's transcript policy.
	 */
	"ALTER TABLE session_events ADD COLUMN redacted_at INTEGER NOT NULL "
	"  DEFAULT 0;"
	"ALTER TABLE session_events ADD COLUMN redacted_by INTEGER NOT NULL "
	"  DEFAULT 0;"
	"ALTER TABLE sessions ADD COLUMN alias_key BLOB;"
	"UPDATE sessions SET alias_key = randomblob(16);"
	"CREATE TRIGGER sessions_alias_key AFTER INSERT ON sessions "
	"  WHEN new.alias_key IS NULL BEGIN"
	"  UPDATE sessions SET alias_key = randomblob(16) WHERE id = new.id;"
	"END;"
	"CREATE INDEX sessions_ended ON sessions (ended) WHERE status = 3;"
	"CREATE INDEX session_events_joins ON session_events (session, actor) "
	"  WHERE kind = 'join';"
	"CREATE INDEX session_events_docid ON session_events "
	"  (session * 4294967296 + seq) "
	"  WHERE kind IN ('post', 'board-post', 'note');"
	"CREATE VIEW transcript_text (docid, text) AS "
	"  SELECT session * 4294967296 + seq, text FROM session_events "
	"  WHERE kind IN ('post', 'board-post', 'note');"
	"CREATE VIRTUAL TABLE transcript_fts USING fts5(text, "
	"  content = 'transcript_text', content_rowid = 'docid', "
	"  tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER transcript_fts_insert AFTER INSERT ON session_events "
	"  WHEN new.text IS NOT NULL AND "
	"  new.kind IN ('post', 'board-post', 'note') BEGIN"
	"  INSERT INTO transcript_fts (rowid, text) "
	"    VALUES (new.session * 4294967296 + new.seq, new.text);"
	"END;"
	"CREATE TRIGGER transcript_fts_delete AFTER DELETE ON session_events "
	"  WHEN old.text IS NOT NULL AND "
	"  old.kind IN ('post', 'board-post', 'note') BEGIN"
	"  INSERT INTO transcript_fts (transcript_fts, rowid, text) "
	"    VALUES ('delete', old.session * 4294967296 + old.seq, old.text);"
	"END;"
	"CREATE TRIGGER transcript_fts_unindex AFTER UPDATE OF text "
	"  ON session_events WHEN old.text IS NOT NULL AND "
	"  old.kind IN ('post', 'board-post', 'note') BEGIN"
	"  INSERT INTO transcript_fts (transcript_fts, rowid, text) "
	"    VALUES ('delete', old.session * 4294967296 + old.seq, old.text);"
	"END;"
	"CREATE TRIGGER transcript_fts_reindex AFTER UPDATE OF text "
	"  ON session_events WHEN new.text IS NOT NULL AND "
	"  new.kind IN ('post', 'board-post', 'note') BEGIN"
	"  INSERT INTO transcript_fts (rowid, text) "
	"    VALUES (new.session * 4294967296 + new.seq, new.text);"
	"END;"
	"INSERT INTO transcript_fts (transcript_fts) VALUES ('rebuild');"
	"CREATE TABLE transcript_notes ("
	"  nid INTEGER PRIMARY KEY,"
	"  session INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
	"  seq_from INTEGER NOT NULL,"
	"  seq_to INTEGER NOT NULL CHECK (seq_to >= seq_from),"
	"  author INTEGER REFERENCES users (uid) ON DELETE SET NULL,"
	"  created INTEGER NOT NULL,"
	"  text TEXT NOT NULL"
	");"
	"CREATE INDEX transcript_notes_session ON transcript_notes "
	"  (session, seq_from, nid);"
	"CREATE TABLE transcript_access ("
	"  seq INTEGER PRIMARY KEY,"
	"  sid INTEGER NOT NULL REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  uid INTEGER REFERENCES users (uid) ON DELETE SET NULL,"
	"  session INTEGER NOT NULL DEFAULT 0,"
	"  what TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX transcript_access_sid ON transcript_access (sid, seq);"
	"CREATE TABLE transcript_policy ("
	"  sid INTEGER PRIMARY KEY REFERENCES spaces (sid) ON DELETE CASCADE,"
	"  readers INTEGER NOT NULL DEFAULT 1 CHECK (readers BETWEEN 0 AND 2),"
	"  notes INTEGER NOT NULL DEFAULT 0 CHECK (notes BETWEEN 0 AND 1),"
	"  retention INTEGER NOT NULL DEFAULT 0 CHECK (retention >= 0)"
	") WITHOUT ROWID;",
	/*
	 * 5: index a session's words once it has ended, not as each post
	 * is written (store-transcript-index.c). fts_seq is how far a
	 * session is indexed; sessions already on disk are indexed in
	 * full. The content view and the triggers only see events up to
	 * it, so the index always agrees with its content.
	 */
	"ALTER TABLE sessions ADD COLUMN fts_seq INTEGER NOT NULL DEFAULT 0;"
	"UPDATE sessions SET fts_seq = coalesce((SELECT max(seq) FROM "
	"  session_events e WHERE e.session = sessions.id), 0);"
	"CREATE INDEX sessions_unindexed ON sessions (id) "
	"  WHERE status = 3 AND fts_seq < last_seq;"
	"DROP TRIGGER transcript_fts_insert;"
	"DROP TRIGGER transcript_fts_delete;"
	"DROP TRIGGER transcript_fts_unindex;"
	"DROP TRIGGER transcript_fts_reindex;"
	"DROP VIEW transcript_text;"
	"CREATE VIEW transcript_text (docid, text) AS "
	"  SELECT e.session * 4294967296 + e.seq, e.text FROM session_events e "
	"  WHERE e.kind IN ('post', 'board-post', 'note') AND "
	"  e.text IS NOT NULL AND "
	"  e.seq <= (SELECT s.fts_seq FROM sessions s WHERE s.id = e.session);"
	"CREATE TRIGGER transcript_fts_delete AFTER DELETE ON session_events "
	"  WHEN " FTS_INDEXED("old") "BEGIN " FTS_FORGET_OLD "END;"
	"CREATE TRIGGER transcript_fts_unindex AFTER UPDATE OF text "
	"  ON session_events WHEN " FTS_INDEXED("old") "BEGIN " FTS_FORGET_OLD
	"END;"
	"CREATE TRIGGER transcript_fts_reindex AFTER UPDATE OF text "
	"  ON session_events WHEN " FTS_INDEXED("new") "BEGIN"
	"  INSERT INTO transcript_fts (rowid, text) "
	"    VALUES (new.session * 4294967296 + new.seq, new.text);"
	"END;",
	/*
	 * 6: off the record keeps only the phase markers, with nobody in
	 * them (journal.c), and an ended session neither its snapshot nor
	 * its creator. Sessions recorded before are brought to that.
	 */
	"DELETE FROM session_events WHERE session IN "
	"  (SELECT id FROM sessions WHERE record = 2) AND kind NOT IN "
	"  ('start', 'pause', 'resume', 'resumed', 'end', 'phase-start', "
	"  'phase-end');"
	"UPDATE session_events SET actor = 0, target = 0, text = NULL, "
	"  tag = NULL, ord = NULL, msg = NULL WHERE session IN "
	"  (SELECT id FROM sessions WHERE record = 2);"
	"UPDATE sessions SET snapshot = NULL, created_by = NULL "
	"  WHERE record = 2 AND status = 3;",
	/*
	 * 7: the index on session * 2^32 + seq served only FTS5's snippet()
	 * lookups through the content view, and cost every post a second
	 * B-tree insert; searches make their snippets from the event they
	 * join by primary key (rt_snippet, store-snippet.c).
	 */
	"DROP INDEX session_events_docid;",
	/*
	 * 8: a live session's row is rewritten at every commit that touches
	 * it (its last seq), and its snapshot once a second; in the row, the
	 * snapshot was copied along every time. It has a table of its own.
	 */
	"CREATE TABLE session_snapshots ("
	"  session INTEGER PRIMARY KEY REFERENCES sessions (id) "
	"    ON DELETE CASCADE,"
	"  snapshot BLOB NOT NULL"
	");"
	"INSERT INTO session_snapshots (session, snapshot) "
	"  SELECT id, snapshot FROM sessions WHERE snapshot IS NOT NULL;"
	"ALTER TABLE sessions DROP COLUMN snapshot;",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* Return the schema version this server writes. */
int
store_schema_latest(void)
{
	return (NMIGRATIONS);
}

/* Return the database's schema version: 0 if empty, -1 on failure. */
int
store_schema_version(struct store *st)
{
	sqlite3_stmt	*s;
	int64_t		 v;
	int		 rc, exists;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'meta'", -1, &s, NULL) !=
	    SQLITE_OK)
		return (store_fail(st, "schema version"));
	exists = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (!exists)
		return (0);
	rc = store_meta_get(st, "schema_version", &v);
	if (rc == STORE_NOTFOUND)
		return (0);
	if (rc != STORE_OK)
		return (-1);
	return ((int)v);
}

/*
 * Bring the schema up to date, one migration per transaction. Refuse a
 * database written by a newer server.
 */
int
store_migrate(struct store *st, char *err, size_t errlen)
{
	return (store_migrate_to(st, NMIGRATIONS, err, errlen));
}

/*
 * Bring the schema to version target (at most the latest), one migration
 * per transaction; the migration tests build old databases with it.
 * Refuse a database past target, and one written by a newer server.
 */
int
store_migrate_to(struct store *st, int target, char *err, size_t errlen)
{
	int	v, i;

	if ((v = store_schema_version(st)) < 0) {
		snprintf(err, errlen, "reading schema version: %s", st->err);
		return (STORE_ERR);
	}
	if (v > NMIGRATIONS) {
		snprintf(err, errlen, "database schema version %d is newer than "
		    "this server's (%d); use a newer roundtabled", v,
		    NMIGRATIONS);
		return (STORE_ERR);
	}
	if (target < 0 || target > NMIGRATIONS || v > target) {
		snprintf(err, errlen, "cannot take schema version %d to %d", v,
		    target);
		return (STORE_ERR);
	}
	/*
	 * Up to date: take no write lock. An admin command opening the
	 * database beside the running server would otherwise make the
	 * server's next write wait for it.
	 */
	if (v >= target)
		return (STORE_OK);
	/*
	 * Read the version again inside each write transaction: another
	 * process (a `roundtabled user add` beside a starting server) may
	 * have migrated since.
	 */
	for (;;) {
		if (store_begin(st) != STORE_OK) {
			snprintf(err, errlen, "migration: %s", st->err);
			return (STORE_ERR);
		}
		if ((i = store_schema_version(st)) < 0 || i >= target) {
			store_rollback(st);
			if (i < 0) {
				snprintf(err, errlen, "reading schema version: "
				    "%s", st->err);
				return (STORE_ERR);
			}
			return (STORE_OK);
		}
		if (store_exec(st, migrations[i]) != STORE_OK ||
		    store_meta_set(st, "schema_version", i + 1) != STORE_OK ||
		    store_commit(st) != STORE_OK) {
			snprintf(err, errlen, "migration %d: %s", i + 1,
			    st->err);
			store_rollback(st);
			return (STORE_ERR);
		}
		log_info("database schema upgraded to version %d", i + 1);
	}
}
