/*
 * session.h: live protocol sessions: the server's side of the engine.
 *
 * A live session wraps one engine session (server/engine) and carries it
 * out: the connections joined to it, its one timer, and its log. Every
 * engine effect to record or broadcast goes into the journal (journal.c),
 * which commits a batch in one transaction and only then broadcasts the
 * events and sends the replies that wait for them.
 */
#ifndef RT_SESSION_H
#define RT_SESSION_H

#include <sys/queue.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "roundtabled.h"
#include "rt-proto.h"
#include "store.h"

struct conn;
struct event;
struct live;

#define SESSION_BACKFILL_MAX	500	/* events read and sent per rejoin */
#define SESSION_PAGE_DEFAULT	50
/*
 * The engine's clock is the monotonic clock moved forward by this much,
 * so that a restart can restore a session "in the past" (by the downtime
 * the heartbeat missed) without going below zero.
 */
#define SESSION_EPOCH_MS	(30ULL * 86400 * 1000)
/*
 * A batch of nothing but posts saves the session's snapshot at most this
 * often (a snapshot of a large session costs about a millisecond); any
 * other event saves it in its own batch. The posts are in the log either
 * way: what a crash could lose is at most this much of the live figures.
 */
#define SESSION_SNAP_INTERVAL_MS	1000

/* A connection joined to a live session. */
struct sess_link {
	struct live		*ls;
	struct conn		*c;
	int			 rel;		/* enum space_rel, when ... */
	uint64_t		 rel_gen;	/* ... space_generation() and */
	int64_t			 rel_dv;	/* store_data_version() were */
	bool			 rel_ok;	/* (session_resolve_joined) */
	TAILQ_ENTRY(sess_link)	 in_session;
	TAILQ_ENTRY(sess_link)	 in_conn;
};

/* A session loaded in memory. */
struct live {
	struct store_session	 row;		/* as last committed */
	char			 space_slug[PROTO_NAME_MAX + 1];
	int			 space_kind;
	struct engine_session	*es;
	struct event		*timer;
	int64_t			 seq;		/* last seq handed out */
	int64_t			 cseq;		/* last seq committed */

	uint8_t			*snap;		/* as last committed */
	size_t			 snaplen;
	uint64_t		 snap_clock;	/* session_clock() then */
	uint8_t			*snap_next;	/* being committed */
	size_t			 snap_nextlen;
	int64_t			 snap_next_wall;
	bool			 heavy;		/* more than posts since the
						   last batch began */
	bool			 batch_heavy;	/* ... in the batch committing */
	bool			 snap_stale;	/* posts since the snapshot */

	bool			 dirty;		/* in the journal's next batch */
	bool			 flushing;	/* in the batch being committed */
	bool			 retouched;	/* ... and touched again since */
	struct pbuf		 bcast;		/* the batch's events, encoded */
	size_t			 bcast_frames;
	struct sess_links	 links;
	size_t			 nlinks;
	struct live		*hnext;		/* hash chain */
	TAILQ_ENTRY(live)	 dirty_entry;
	TAILQ_ENTRY(live)	 all_entry;
};
TAILQ_HEAD(lives, live);

/* session.c */
int		 session_init(char *, size_t);
void		 session_shutdown(void);
struct live	*session_find(int64_t);
const struct engine_templates *session_templates(void);
struct engine_template *session_template_copy(const char *);
struct engine_templates *session_templates_load(const char *, char *,
		    size_t);
void		 session_templates_swap(struct engine_templates *);
void		 session_metrics_sample(void);
int		 session_create(const struct store_session *,
		    const struct engine_opts *, struct live **, char *, size_t);
typedef void	(*session_reply_fn)(struct live *, struct conn *,
		    struct proto_msg *);
void		 session_input(struct live *, struct conn *,
		    const struct proto_msg *, const struct engine_input *,
		    session_reply_fn);
int		 session_attach(struct live *, struct conn *);
void		 session_detach(struct live *, struct conn *, bool);
struct sess_link *session_link(struct live *, struct conn *);
void		 session_conn_lost(struct conn *);
void		 session_member_removed(int64_t, int64_t);
void		 session_rollback(struct live *);
void		 session_committed(struct live *, uint64_t);
void		 session_row_update(struct live *, int64_t);
void		 session_snapshot_due(void);
uint64_t	 session_clock(void);
void		 session_maybe_unload(struct live *);
size_t		 session_count(void);
const char	*session_status_name(int);
const char	*session_record_name(int);
int		 session_record_parse(const char *);
bool		 session_record_named(int);
const char	*session_user_name(struct live *, int64_t);

/*
 * What a session request's check step found, for its act step (valid
 * from one to the other on the same loop turn, like space_ctx).
 */
struct session_ctx {
	struct live		*ls;		/* NULL if not loaded */
	struct store_session	 row;
	struct store_space	 sp;
	int			 rel;		/* enum space_rel */
	bool			 steward;	/* space owner or facilitator */
	const struct engine_template *tpl;
	int64_t			 target;	/* a named account */
	int			 record;
};
extern struct session_ctx	session_ctx;

/* session-acl.c */
int		 session_resolve(struct conn *, uint16_t, uint64_t,
		    struct proto_err *);
int		 session_resolve_space(struct conn *, uint16_t, const char *,
		    struct proto_err *);
int		 session_resolve_joined(struct conn *, uint16_t, uint64_t,
		    struct proto_err *);

/* session-event.c */
void		 session_event_from_store(struct live *,
		    const struct store_event *, struct msg_session_event *);
void		 session_event_free_names(struct msg_session_event *);
void		 session_state_fill(struct live *, int64_t, int64_t,
		    struct msg_session_state *);
void		 session_state_free(struct msg_session_state *);
void		 session_rec_fill(struct live *, const struct store_session *,
		    const char *, struct session_rec *);
void		 session_refuse(struct conn *, const struct proto_msg *,
		    struct live *, const struct engine_effect *);

/* journal.c */
void		 journal_init(void);
void		 journal_free(void);
int64_t		 journal_record(struct live *, const struct engine_effect *);
void		 journal_record_redaction(struct live *,
		    const struct store_event *);
void		 journal_record_refusal(struct live *, int64_t, int);
void		 journal_touch(struct live *);
void		 journal_reply(struct conn *, const struct proto_msg *,
		    struct proto_msg *);
void		 journal_defer(struct conn *, const struct proto_msg *);
void		 journal_flush(void);
bool		 journal_busy(void);
size_t		 journal_pending(void);
void		 journal_heartbeat_start(void);

#endif
