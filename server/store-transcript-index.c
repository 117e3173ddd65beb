/*
 * store-transcript-index.c: the SQL that fills the full-text index.
 *
 * Since migration 5 a post is not indexed as it is written: that would
 * put FTS5's tokenizer and segment writes in every commit of a live
 * session, where they cost more than the post itself. Instead a session's
 * words are indexed once it has ended (searches only ever see ended
 * sessions), in steps of a bounded range of sequence numbers. A session's
 * fts_seq says how far it is indexed; the index's content view and the
 * triggers that take redacted or purged words out of it only cover the
 * events up to there, so the index always matches its content.
 */
#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"

static const char sql_tx_unindexed[] =
    "SELECT id FROM sessions INDEXED BY sessions_unindexed "
    "WHERE status = 3 AND fts_seq < last_seq AND id > ? ORDER BY id LIMIT 1";
static const char sql_tx_index_range[] =
    "SELECT fts_seq, last_seq FROM sessions WHERE id = ?";
static const char sql_tx_index_add[] =
    "INSERT INTO transcript_fts (rowid, text) "
    "SELECT session * 4294967296 + seq, text FROM session_events "
    "WHERE session = ?1 AND seq > ?2 AND seq <= ?3 AND text IS NOT NULL "
    "AND kind IN ('post', 'board-post', 'note')";
static const char sql_tx_index_mark[] =
    "UPDATE sessions SET fts_seq = ?2 WHERE id = ?1";

/*
 * Find the first ended session after `after` whose words are not all
 * indexed. STORE_NOTFOUND if there is none.
 */
int
store_tx_unindexed(struct store *st, int64_t after, int64_t *session)
{
	sqlite3_stmt	*s;

	if ((s = store_stmt(st, sql_tx_unindexed)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, after);
	return (store_int64(st, s, "transcript unindexed", session));
}

/*
 * Index the next `span` sequence numbers of a session's log; *left is
 * how many remain after them (0: done). Run inside a transaction.
 */
int
store_tx_index_step(struct store *st, int64_t session, int64_t span,
    int64_t *left)
{
	sqlite3_stmt	*s;
	int64_t		 from, last, to;
	int		 rc;

	if ((s = store_stmt(st, sql_tx_index_range)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	rc = sqlite3_step(s);
	from = sqlite3_column_int64(s, 0);
	last = sqlite3_column_int64(s, 1);
	store_done(s);
	if (rc == SQLITE_DONE)
		return (STORE_NOTFOUND);
	if (rc != SQLITE_ROW)
		return (store_fail(st, "transcript index range"));
	to = last - from > span ? from + span : last;
	*left = last - to;
	if (to <= from)
		return (STORE_OK);

	if ((s = store_stmt(st, sql_tx_index_add)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "transcript index");
	store_done(s);
	if (rc != STORE_OK)
		return (rc);

	if ((s = store_stmt(st, sql_tx_index_mark)) == NULL)
		return (STORE_ERR);
	sqlite3_bind_int64(s, 1, session);
	sqlite3_bind_int64(s, 2, to);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK :
	    store_fail(st, "transcript index mark");
	store_done(s);
	return (rc);
}
