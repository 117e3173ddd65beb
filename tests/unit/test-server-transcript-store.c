/*
 * test-server-transcript-store.c: the storage of transcript review
 * (store-transcript.c) against a real SQLite file: ended sessions and
 * who joined them, pages of entries, the full-text index (diacritics,
 * snippets, kept in step by its triggers), redaction and its tombstone,
 * tombstone events, pseudonym keys, notes, the access log, policies,
 * retention and the purge, the index's merge, and read-only connections.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store.h"
#include "testdb.h"
#include "store-impl.h"

struct fixture {
	struct testdb	 db;
	struct store	*st;
	int64_t		 sid;		/* a space */
	int64_t		 ada, bob, cy;
	int64_t		 s1, s2;	/* two sessions */
};

/* Add a session with a status; return its id. */
static int64_t
add_session(struct fixture *f, int status, int record, int64_t ended)
{
	struct store_session	ss;
	uint8_t			snap[1] = { 0 };

	memset(&ss, 0, sizeof ss);
	ss.sid = f->sid;
	snprintf(ss.template_name, sizeof ss.template_name, "open");
	snprintf(ss.title, sizeof ss.title, "Session");
	ss.record = record;
	ss.status = status;
	ss.created_by = f->ada;
	ss.created = 1700000000;
	assert_int_equal(store_session_add(f->st, &ss, snap, 1), STORE_OK);
	ss.started = 1700000000;
	ss.ended = ended;
	assert_int_equal(store_session_save(f->st, &ss, snap, 1), STORE_OK);
	return (ss.id);
}

/* Append an event to a session's log. */
static void
add_event(struct fixture *f, int64_t session, int64_t seq, const char *kind,
    int64_t actor, const char *text)
{
	struct store_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.session = session;
	ev.seq = seq;
	ev.at = 1700000000000LL + seq;
	ev.kind = kind;
	ev.phase = 1;
	ev.actor = actor;
	ev.text = text;
	assert_int_equal(store_event_add(f->st, &ev), STORE_OK);
}

/* Record a session's last sequence number, as the journal does. */
static void
set_last_seq(struct fixture *f, int64_t session, int64_t seq)
{
	struct store_session	ss;

	assert_int_equal(store_session_get(f->st, session, &ss), STORE_OK);
	ss.last_seq = seq;
	assert_int_equal(store_session_save(f->st, &ss, NULL, 0), STORE_OK);
}

/* End a session, as the journal does. */
static void
add_session_end(struct fixture *f, int64_t session, int64_t ended)
{
	struct store_session	ss;

	assert_int_equal(store_session_get(f->st, session, &ss), STORE_OK);
	ss.status = 3;
	ss.ended = ended;
	assert_int_equal(store_session_save(f->st, &ss, NULL, 0), STORE_OK);
}

/* Index every ended session's words, as the indexer does, in steps. */
static void
index_all(struct fixture *f, int64_t span)
{
	int64_t	session, left;
	int	rc, steps = 0;

	while ((rc = store_tx_unindexed(f->st, 0, &session)) == STORE_OK) {
		assert_int_equal(store_begin(f->st), STORE_OK);
		assert_int_equal(store_tx_index_step(f->st, session, span,
		    &left), STORE_OK);
		assert_int_equal(store_commit(f->st), STORE_OK);
		assert_true(++steps < 1000);
	}
	assert_int_equal(rc, STORE_NOTFOUND);
}

/*
 * A space, three accounts, and two ended sessions, indexed: ada and bob
 * in the first, bob and cy in the second.
 */
static int
setup(void **state)
{
	struct fixture		*f = calloc(1, sizeof *f);
	struct store_space	 sp;
	char			 err[256];

	if (f == NULL || testdb_make(&f->db, "tx") == -1 ||
	    (f->st = store_open(f->db.path, false, err, sizeof err)) == NULL)
		return (-1);
	if (store_tx_secure_delete(f->st) != STORE_OK ||
	    store_user_add(f->st, "ada", "h", false, false, &f->ada) !=
	    STORE_OK || store_user_add(f->st, "bob", "h", false, false,
	    &f->bob) != STORE_OK || store_user_add(f->st, "cy", "h", false,
	    false, &f->cy) != STORE_OK)
		return (-1);
	memset(&sp, 0, sizeof sp);
	snprintf(sp.slug, sizeof sp.slug, "tank");
	snprintf(sp.title, sizeof sp.title, "Tank");
	sp.kind = SPACE_INVITE;
	sp.created = 1700000000;
	if (store_space_add(f->st, &sp, &f->sid) != STORE_OK)
		return (-1);
	f->s1 = add_session(f, 3, RECORD_ATTRIBUTED, 1700000100);
	add_event(f, f->s1, 1, "join", f->ada, "ada");
	add_event(f, f->s1, 2, "join", f->bob, "bob");
	add_event(f, f->s1, 3, "post", f->ada, "Le café était déjà là");
	add_event(f, f->s1, 4, "post", f->bob, "nothing here");
	add_event(f, f->s1, 5, "note", f->ada, "a CAFE note");
	f->s2 = add_session(f, 3, RECORD_CHATHAM, 1700000200);
	add_event(f, f->s2, 1, "join", f->bob, "bob");
	add_event(f, f->s2, 2, "join", f->cy, "cy");
	add_event(f, f->s2, 3, "post", f->cy, "cafe au lait");
	set_last_seq(f, f->s1, 5);
	set_last_seq(f, f->s2, 3);
	index_all(f, 1000);
	*state = f;
	return (0);
}

/* Close and remove the database. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	testdb_remove(&f->db);
	free(f);
	return (0);
}

/* Collect session ids. */
struct ids {
	int64_t		 v[16];
	size_t		 n;
};

/* Keep a session's id. */
static void
session_cb(const struct store_session *ss, void *arg)
{
	struct ids	*ids = arg;

	if (ids->n < 16)
		ids->v[ids->n++] = ss->id;
}

/* Ended sessions only, newest first, and those an account joined. */
static void
test_sessions(void **state)
{
	struct fixture	*f = *state;
	struct ids	 ids;
	int64_t		 n;
	bool		 joined;

	(void)add_session(f, 1, RECORD_ATTRIBUTED, 0);	/* running */
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_tx_sessions(f->st, f->sid, 0, 0, 10,
	    session_cb, &ids), STORE_OK);
	assert_int_equal(ids.n, 2);
	assert_int_equal(ids.v[0], f->s2);
	assert_int_equal(ids.v[1], f->s1);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_tx_sessions(f->st, f->sid, f->s2, 0, 10,
	    session_cb, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], f->s1);
	memset(&ids, 0, sizeof ids);
	assert_int_equal(store_tx_sessions(f->st, f->sid, 0, f->cy, 10,
	    session_cb, &ids), STORE_OK);
	assert_int_equal(ids.n, 1);
	assert_int_equal(ids.v[0], f->s2);
	assert_int_equal(store_tx_session_count(f->st, f->sid, f->bob, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_tx_joined(f->st, f->s1, f->ada, &joined),
	    STORE_OK);
	assert_true(joined);
	assert_int_equal(store_tx_joined(f->st, f->s1, f->cy, &joined),
	    STORE_OK);
	assert_false(joined);
}

/* What a page callback saw. */
struct seen {
	int64_t		 seq[16];
	size_t		 n;
	size_t		 stop_at;
	int64_t		 redacted_by;
};

/* Keep an entry's seq; stop at stop_at. */
static int
event_cb(const struct store_tx_event *te, void *arg)
{
	struct seen	*s = arg;

	s->seq[s->n++] = te->ev->seq;
	if (te->redacted_at != 0)
		s->redacted_by = te->redacted_by;
	return (s->n == s->stop_at);
}

/* Pages of entries: after, up to, a limit, and a callback that stops. */
static void
test_events_pages(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;

	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_events(f->st, f->s1, 1, 0, 10, event_cb,
	    &s), STORE_OK);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.seq[0], 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_events(f->st, f->s1, 0, 3, 10, event_cb,
	    &s), STORE_OK);
	assert_int_equal(s.n, 3);
	memset(&s, 0, sizeof s);
	s.stop_at = 2;
	assert_int_equal(store_tx_events(f->st, f->s1, 0, 0, 10, event_cb,
	    &s), STORE_OK);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_events(f->st, f->s1, 0, 0, 2, event_cb,
	    &s), STORE_OK);
	assert_int_equal(s.n, 2);
}

/* What a search saw. */
struct hits {
	int64_t		 session[16];
	int64_t		 seq[16];
	char		 snippet[16][256];
	size_t		 n;
};

/* Keep a search hit. */
static void
hit_cb(const struct store_tx_hit *h, void *arg)
{
	struct hits	*hs = arg;

	hs->session[hs->n] = h->session;
	hs->seq[hs->n] = h->seq;
	snprintf(hs->snippet[hs->n], sizeof hs->snippet[0], "%s", h->snippet);
	hs->n++;
}

/* Search folds diacritics and case, across sessions, with snippets. */
static void
test_search(void **state)
{
	struct fixture	*f = *state;
	struct hits	 hs;

	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"cafe\"", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 3);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"deja\"", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.seq[0], 3);
	assert_non_null(strstr(hs.snippet[0], "\001déjà\002"));
	/* One session; the sessions an account joined; a page. */
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"cafe\"", f->s2, 0,
	    0, 10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"cafe\"", 0, f->ada,
	    0, 10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 2);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"cafe\"", 0, 0, 2,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	/* Joins are not indexed; another space sees nothing. */
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"bob\"", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 0);
	assert_int_equal(store_tx_search(f->st, f->sid + 1, "\"cafe\"", 0, 0,
	    0, 10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 0);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
}

/*
 * A session's words are indexed after it ends, in steps; until then a
 * search does not see them, and a redaction or a purge of words not yet
 * indexed leaves the index consistent.
 */
static void
test_index_after_end(void **state)
{
	struct fixture	*f = *state;
	struct hits	 hs;
	int64_t		 s3, session, left;

	s3 = add_session(f, 1, RECORD_ATTRIBUTED, 0);	/* running */
	add_event(f, s3, 1, "join", f->ada, "ada");
	add_event(f, s3, 2, "post", f->ada, "quokka one");
	add_event(f, s3, 3, "post", f->ada, "quokka two");
	add_event(f, s3, 4, "post", f->ada, "quokka three");
	set_last_seq(f, s3, 4);
	assert_int_equal(store_tx_unindexed(f->st, 0, &session),
	    STORE_NOTFOUND);			/* live: not yet */
	add_session_end(f, s3, 1700000300);
	assert_int_equal(store_tx_unindexed(f->st, 0, &session), STORE_OK);
	assert_int_equal(session, s3);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "quokka", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 0);
	/* Redact a post before it is indexed: nothing to take out. */
	assert_int_equal(store_tx_redact(f->st, s3, 3, f->bob, 42), STORE_OK);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
	/* Two events a step: the first step reaches seq 2 only. */
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_tx_index_step(f->st, s3, 2, &left), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(left, 2);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "quokka", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.seq[0], 2);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
	index_all(f, 2);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "quokka", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 2);		/* seq 3 was redacted */
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
	/* Indexed words redacted afterwards leave the index too. */
	assert_int_equal(store_tx_redact(f->st, s3, 4, f->bob, 43), STORE_OK);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "quokka", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
}

/* Redaction: the words leave the entry and the index; a tombstone. */
static void
test_redact(void **state)
{
	struct fixture		*f = *state;
	struct store_tx_entry	 e;
	struct store_event	 ev;
	struct hits		 hs;
	struct seen		 s;
	bool			 worked;
	int			 i;

	assert_int_equal(store_tx_entry_get(f->st, f->s1, 3, &e), STORE_OK);
	assert_string_equal(e.kind, "post");
	assert_int_equal(e.actor, f->ada);
	assert_true(e.has_text);
	assert_int_equal(e.redacted_at, 0);
	assert_int_equal(store_tx_entry_get(f->st, f->s1, 99, &e),
	    STORE_NOTFOUND);
	assert_int_equal(store_tx_redact(f->st, f->s1, 3, f->bob, 42),
	    STORE_OK);
	assert_int_equal(store_tx_redact(f->st, f->s1, 1, f->bob, 42),
	    STORE_NOTFOUND);			/* a join holds no words */
	assert_int_equal(store_tx_entry_get(f->st, f->s1, 3, &e), STORE_OK);
	assert_false(e.has_text);
	assert_int_equal(e.redacted_at, 42);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_events(f->st, f->s1, 2, 3, 10, event_cb,
	    &s), STORE_OK);
	assert_int_equal(s.redacted_by, f->bob);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"deja\"", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 0);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
	for (i = 0; i < 100; i++) {
		assert_int_equal(store_tx_fts_merge(f->st, 64, &worked),
		    STORE_OK);
		if (!worked)
			break;
	}
	assert_true(i < 100);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
	/* The tombstone event of a session that is not loaded. */
	memset(&ev, 0, sizeof ev);
	ev.session = f->s1;
	ev.kind = "redacted";
	ev.actor = f->bob;
	ev.value = 3;
	assert_int_equal(store_begin(f->st), STORE_OK);
	assert_int_equal(store_tx_append(f->st, &ev), STORE_OK);
	assert_int_equal(store_commit(f->st), STORE_OK);
	assert_int_equal(ev.seq, 6);
}

/* Keep a person's uid. */
static void
person_cb(int64_t uid, const char *name, void *arg)
{
	struct seen	*s = arg;

	(void)name;
	s->seq[s->n++] = uid;
}

/* People of a session, and a random pseudonym key per session. */
static void
test_people_and_keys(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;
	uint8_t		 k1[STORE_ALIAS_KEY], k2[STORE_ALIAS_KEY];
	uint8_t		 zero[STORE_ALIAS_KEY];

	memset(&s, 0, sizeof s);
	add_event(f, f->s1, 6, "join", f->ada, "ada");	/* a rejoin */
	assert_int_equal(store_tx_people(f->st, f->s1, person_cb, &s),
	    STORE_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seq[0], f->ada);
	assert_int_equal(s.seq[1], f->bob);
	memset(zero, 0, sizeof zero);
	assert_int_equal(store_tx_alias_key(f->st, f->s1, k1), STORE_OK);
	assert_int_equal(store_tx_alias_key(f->st, f->s2, k2), STORE_OK);
	assert_memory_not_equal(k1, zero, sizeof zero);
	assert_memory_not_equal(k1, k2, sizeof k1);
	assert_int_equal(store_tx_alias_key(f->st, 999, k1), STORE_NOTFOUND);
}

/* Keep a note's number. */
static void
note_cb(const struct store_tx_note *n, void *arg)
{
	struct seen	*s = arg;

	s->seq[s->n++] = n->nid;
	assert_non_null(n->text);
}

/* Notes: add, read, page, by span, delete; they go with the session. */
static void
test_notes(void **state)
{
	struct fixture		*f = *state;
	struct store_tx_note	 n, got;
	struct seen		 s;
	int64_t			 first;
	int			 i;

	for (i = 0; i < 3; i++) {
		memset(&n, 0, sizeof n);
		n.session = f->s1;
		n.from = 2 + i;
		n.to = 2 + i + (i == 2);
		n.author = f->cy;
		n.created = 5;
		n.text = "a note";
		assert_int_equal(store_tx_note_add(f->st, &n), STORE_OK);
		if (i == 0)
			first = n.nid;
	}
	assert_int_equal(store_tx_note_get(f->st, first, &got), STORE_OK);
	assert_int_equal(got.session, f->s1);
	assert_int_equal(got.author, f->cy);
	assert_string_equal(got.author_name, "cy");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_notes(f->st, f->s1, first, 10, note_cb, &s),
	    STORE_OK);
	assert_int_equal(s.n, 2);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_notes_span(f->st, f->s1, 3, 4, note_cb, &s),
	    STORE_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(store_tx_note_delete(f->st, first), STORE_OK);
	assert_int_equal(store_tx_note_delete(f->st, first), STORE_NOTFOUND);
	/* A span must not end before it starts. */
	n.from = 5;
	n.to = 4;
	assert_int_equal(store_tx_note_add(f->st, &n), STORE_ERR);
}

/* Keep an access log entry's number. */
static void
access_cb(const struct store_tx_access *a, void *arg)
{
	struct seen	*s = arg;

	s->seq[s->n++] = a->seq;
	assert_string_equal(a->user, "cy");
}

/* The access log, newest first, and its pages. */
static void
test_access_log(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;
	int		 i;

	for (i = 0; i < 5; i++)
		assert_int_equal(store_tx_access_add(f->st, f->sid, f->cy,
		    f->s1, "read", "entries", 1000 + i), STORE_OK);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_access_list(f->st, f->sid, 0, 3, access_cb,
	    &s), STORE_OK);
	assert_int_equal(s.n, 3);
	assert_true(s.seq[0] > s.seq[1]);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_tx_access_list(f->st, f->sid, 3, 10,
	    access_cb, &s), STORE_OK);
	assert_int_equal(s.n, 2);
}

/* Policies: defaults, then what was set. */
static void
test_policy(void **state)
{
	struct fixture		*f = *state;
	struct store_tx_policy	 p;

	assert_int_equal(store_tx_policy_get(f->st, f->sid, &p), STORE_OK);
	assert_int_equal(p.readers, TX_READERS_PARTICIPANTS);
	assert_int_equal(p.notes, TX_NOTES_REVIEWERS);
	assert_int_equal(p.retention, 0);
	p.readers = TX_READERS_MEMBERS;
	p.notes = TX_NOTES_READERS;
	p.retention = 3600;
	assert_int_equal(store_tx_policy_set(f->st, f->sid, &p), STORE_OK);
	memset(&p, 0, sizeof p);
	assert_int_equal(store_tx_policy_get(f->st, f->sid, &p), STORE_OK);
	assert_int_equal(p.readers, TX_READERS_MEMBERS);
	assert_int_equal(p.notes, TX_NOTES_READERS);
	assert_int_equal(p.retention, 3600);
}

/* Retention: which sessions are past it, and the purge in steps. */
static void
test_retention_purge(void **state)
{
	struct fixture		*f = *state;
	struct store_tx_policy	 p = { TX_READERS_PARTICIPANTS,
				    TX_NOTES_REVIEWERS, 150 };
	struct store_tx_note	 n;
	struct store_session	 ss;
	struct hits		 hs;
	int64_t			 id;
	size_t			 deleted, steps = 0;

	memset(&n, 0, sizeof n);
	n.session = f->s1;
	n.from = n.to = 1;
	n.text = "x";
	assert_int_equal(store_tx_note_add(f->st, &n), STORE_OK);
	/* Nothing without a retention; the server's cap alone. */
	assert_int_equal(store_tx_expired(f->st, 1800000000, 0, 0, &id),
	    STORE_NOTFOUND);
	assert_int_equal(store_tx_expired(f->st, 1700000250, 100, 0, &id),
	    STORE_OK);
	assert_int_equal(id, f->s1);
	assert_int_equal(store_tx_expired(f->st, 1700000250, 100, f->s1,
	    &id), STORE_NOTFOUND);		/* s2 ended later */
	assert_int_equal(store_tx_expired(f->st, 1700000300, 100, f->s1,
	    &id), STORE_OK);
	assert_int_equal(id, f->s2);
	/* The space's own: s1 ended at +100, s2 at +200. */
	assert_int_equal(store_tx_policy_set(f->st, f->sid, &p), STORE_OK);
	assert_int_equal(store_tx_expired(f->st, 1700000300, 0, 0, &id),
	    STORE_OK);
	assert_int_equal(id, f->s1);
	assert_int_equal(store_tx_expired(f->st, 1700000300, 0, f->s1, &id),
	    STORE_NOTFOUND);
	do {
		assert_int_equal(store_begin(f->st), STORE_OK);
		assert_int_equal(store_tx_purge_step(f->st, f->s1, 2,
		    &deleted), STORE_OK);
		assert_int_equal(store_commit(f->st), STORE_OK);
		steps++;
	} while (deleted > 0);
	assert_int_equal(steps, 4);		/* 2 + 2 + 1, then the row */
	assert_int_equal(store_session_get(f->st, f->s1, &ss),
	    STORE_NOTFOUND);
	assert_int_equal(store_tx_note_get(f->st, n.nid, &n), STORE_NOTFOUND);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(f->st, f->sid, "\"cafe\"", 0, 0, 0,
	    10, hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 1);
	assert_int_equal(hs.session[0], f->s2);
	assert_int_equal(store_tx_fts_check(f->st), STORE_OK);
}

/* A read-only connection reads beside the writer, and cannot write. */
static void
test_reader(void **state)
{
	struct fixture		*f = *state;
	struct store		*rd;
	struct store_tx_policy	 p = { 0, 0, 0 };
	struct hits		 hs;
	char			 err[256];
	int64_t			 left;

	rd = store_open_reader(f->db.path, err, sizeof err);
	assert_non_null(rd);
	assert_int_equal(store_begin(f->st), STORE_OK);
	add_event(f, f->s2, 4, "post", f->bob, "cafe again");
	set_last_seq(f, f->s2, 4);
	assert_int_equal(store_tx_index_step(f->st, f->s2, 1000, &left),
	    STORE_OK);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(rd, f->sid, "\"cafe\"", 0, 0, 0, 10,
	    hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 3);		/* not the uncommitted one */
	assert_int_equal(store_commit(f->st), STORE_OK);
	memset(&hs, 0, sizeof hs);
	assert_int_equal(store_tx_search(rd, f->sid, "\"cafe\"", 0, 0, 0, 10,
	    hit_cb, &hs), STORE_OK);
	assert_int_equal(hs.n, 4);
	assert_int_equal(store_tx_policy_set(rd, f->sid, &p), STORE_ERR);
	store_close(rd);
	assert_null(store_open_reader("/nonexistent/dir/x.db", err,
	    sizeof err));
}

/* Return one PRAGMA's value on a store's own connection, as text. */
static void
pragma_text(struct store *st, const char *sql, char *out, size_t len)
{
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, len, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/*
 * database.sync: normal gives synchronous=NORMAL (1), full gives FULL
 * (2), on the connection the server writes with; WAL either way.
 */
static void
test_sync_setting(void **state)
{
	struct fixture	*f = *state;
	struct store	*st;
	char		 path[160], err[256], v[32];
	int		 full;

	snprintf(path, sizeof path, "%s/sync.db", f->db.dir);
	for (full = 0; full <= 1; full++) {
		st = store_open(path, full == 1, err, sizeof err);
		assert_non_null(st);
		pragma_text(st, "PRAGMA synchronous", v, sizeof v);
		assert_string_equal(v, full ? "2" : "1");
		pragma_text(st, "PRAGMA journal_mode", v, sizeof v);
		assert_string_equal(v, "wal");
		store_close(st);
	}
	testdb_unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sessions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_events_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_after_end, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_people_and_keys, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_log, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_purge, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_setting, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
