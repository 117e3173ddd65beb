/*
 * store-transcript.h: the storage of transcripts for review (store.h
 * includes it): events with their redaction tombstones, the people of a
 * session, full-text search, mentors' notes, the access log, a space's
 * transcript policy, retention and the index's upkeep. The SQL is in
 * store-transcript.c; read-only connections for the worker threads come
 * from store_open_reader.
 */
#ifndef RT_STORE_TRANSCRIPT_H
#define RT_STORE_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"

struct store;
struct store_event;
struct store_session;

#define STORE_ALIAS_KEY	16	/* bytes of a session's pseudonym key */

/* Who among a space's plain members may read its transcripts. */
enum store_tx_readers {
	TX_READERS_STEWARDS = 0,	/* none: only stewards and mentors */
	TX_READERS_PARTICIPANTS = 1,	/* the sessions they took part in */
	TX_READERS_MEMBERS = 2		/* every ended session */
};

/* Who sees mentors' notes. */
enum store_tx_notes {
	TX_NOTES_REVIEWERS = 0,		/* stewards and mentors */
	TX_NOTES_READERS = 1		/* all who may read the transcript */
};

/* A space's transcript policy; a space without a row has the defaults. */
struct store_tx_policy {
	int		 readers;	/* enum store_tx_readers */
	int		 notes;		/* enum store_tx_notes */
	int64_t		 retention;	/* seconds after the end; 0 keep */
};

/* An entry of a transcript: a log event and its tombstone. */
struct store_tx_event {
	const struct store_event *ev;
	int64_t		 redacted_at;	/* Unix ms; 0 if not redacted */
	int64_t		 redacted_by;	/* uid */
};

/* What a redaction needs to know about one entry. */
struct store_tx_entry {
	char		 kind[PROTO_NAME_MAX + 1];
	int64_t		 actor;
	uint32_t	 phase;
	bool		 has_text;
	int64_t		 redacted_at;
};

/* A search hit. Strings are valid during the callback only. */
struct store_tx_hit {
	int64_t		 session;
	int64_t		 seq;
	int64_t		 at;
	const char	*kind;
	int64_t		 actor;
	uint32_t	 phase;
	const char	*title;
	int		 record;	/* enum session_record */
	const char	*snippet;	/* matches between \001 and \002 */
};

/* A mentor's note. text is valid during a callback only. */
struct store_tx_note {
	int64_t		 nid;
	int64_t		 session;
	int64_t		 from;
	int64_t		 to;
	int64_t		 author;	/* uid; 0 if the account is gone */
	char		 author_name[PROTO_NAME_MAX + 1];
	int64_t		 created;	/* Unix ms */
	const char	*text;
};

/* An entry of the access log. Strings are valid during a callback. */
struct store_tx_access {
	int64_t		 seq;
	int64_t		 at;		/* Unix ms */
	int64_t		 uid;
	char		 user[PROTO_NAME_MAX + 1];
	int64_t		 session;
	const char	*what;
	const char	*detail;
};

/* store-transcript.c */
struct store	*store_open_reader(const char *, char *, size_t);
bool	store_tx_speech(const char *);
int	store_tx_sessions(struct store *, int64_t, int64_t, int64_t, size_t,
	    void (*)(const struct store_session *, void *), void *);
int	store_tx_session_count(struct store *, int64_t, int64_t, int64_t *);
int	store_tx_events(struct store *, int64_t, int64_t, int64_t, size_t,
	    int (*)(const struct store_tx_event *, void *), void *);
int	store_tx_entry_get(struct store *, int64_t, int64_t,
	    struct store_tx_entry *);
int	store_tx_joined(struct store *, int64_t, int64_t, bool *);
int	store_tx_people(struct store *, int64_t,
	    void (*)(int64_t, const char *, void *), void *);
int	store_tx_alias_key(struct store *, int64_t, uint8_t [STORE_ALIAS_KEY]);
int	store_tx_snapshot(struct store *, int64_t, uint8_t **, size_t *);
int	store_tx_search(struct store *, int64_t, const char *, int64_t,
	    int64_t, size_t, size_t,
	    void (*)(const struct store_tx_hit *, void *), void *);
int	store_tx_redact(struct store *, int64_t, int64_t, int64_t, int64_t);
int	store_tx_append(struct store *, struct store_event *);
int	store_tx_note_add(struct store *, struct store_tx_note *);
int	store_tx_note_get(struct store *, int64_t, struct store_tx_note *);
int	store_tx_note_delete(struct store *, int64_t);
int	store_tx_notes(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_tx_note *, void *), void *);
int	store_tx_notes_span(struct store *, int64_t, int64_t, int64_t,
	    void (*)(const struct store_tx_note *, void *), void *);
int	store_tx_access_add(struct store *, int64_t, int64_t, int64_t,
	    const char *, const char *, int64_t);
int	store_tx_access_list(struct store *, int64_t, int64_t, size_t,
	    void (*)(const struct store_tx_access *, void *), void *);
int	store_tx_policy_get(struct store *, int64_t, struct store_tx_policy *);
int	store_tx_policy_set(struct store *, int64_t,
	    const struct store_tx_policy *);
int	store_tx_expired(struct store *, int64_t, int64_t, int64_t,
	    int64_t *);
int	store_tx_purge_step(struct store *, int64_t, size_t, size_t *);
int	store_tx_fts_merge(struct store *, int, bool *);
int	store_tx_unindexed(struct store *, int64_t, int64_t *);
int	store_tx_index_step(struct store *, int64_t, int64_t, int64_t *);
int	store_tx_fts_check(struct store *);
int	store_tx_secure_delete(struct store *);

#endif
