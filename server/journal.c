/*
 * journal.c: group commit of session events.
 *
 * Engine effects become records here. Each gets the next sequence number
 * of its session at once, so sequence order is commit order. Records,
 * the snapshots of the sessions they touched, and the server's heartbeat
 * are committed together in one transaction per batch: a batch is what
 * arrives within database.commit_delay of its first record. Only after
 * the commit are the events broadcast and the replies that wait for them
 * (a post's "posted") sent, so nothing acknowledged can be lost, kill -9
 * included. A failed commit rolls the sessions back to their last
 * committed state and answers the waiting requests with "storage".
 *
 * A batch is detached from the journal before it is written, so what the
 * broadcasts cause (a client cut off, a session left) goes into the next.
 */
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>
#include <openssl/evp.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "transcript.h"
#include "xmalloc.h"

#define JOURNAL_BCAST_KEEP	65536	/* a session's batch buffer kept */

/* A record waiting for its commit. */
struct jrec {
	struct live		*ls;
	struct store_event	 ev;		/* strings below are owned */
	char			*phase_id;
	char			*text;
	char			*tag;
	char			*ord;
	char			*msg;
	bool			 store;		/* write it (seq != 0) */
	bool			 speech;	/* text is what was said */
	bool			 redact;	/* a tombstone: redact ev.value */
	bool			 quiet;		/* stored, never broadcast */
	uint64_t		 created;	/* monotonic ms */
	TAILQ_ENTRY(jrec)	 entry;
};
TAILQ_HEAD(jrecs, jrec);

/* A reply waiting for the commit of what its request caused. */
struct jreply {
	struct conn		*c;
	uint16_t		 type;		/* the request, for an error */
	uint32_t		 id;
	bool			 deferred;	/* only waits for earlier ones */
	struct pbuf		 frame;
	TAILQ_ENTRY(jreply)	 entry;
};
TAILQ_HEAD(jreplies, jreply);

static struct {
	struct jrecs	 recs;
	struct jreplies	 replies;
	struct lives	 dirty;
	size_t		 nrecs;
	struct event	*flush_ev;
	struct event	*heartbeat;
	bool		 scheduled;
	bool		 flushing;
	uint64_t	 last_commit;	/* monotonic ms */
} journal;

/* Return the wall clock in Unix milliseconds. */
static int64_t
journal_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* The flush timer fired. */
static void
journal_flush_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	journal.scheduled = false;
	journal_flush();
}

/* Every half second: keep the heartbeat fresh while sessions run. */
static void
journal_heartbeat_cb(int fd, short events, void *arg)
{
	(void)fd;
	(void)events;
	(void)arg;
	session_snapshot_due();
	if (session_count() > 0 && now_ms() - journal.last_commit >= 400)
		journal_flush();
}

/* Set up an empty journal. */
void
journal_init(void)
{
	TAILQ_INIT(&journal.recs);
	TAILQ_INIT(&journal.replies);
	TAILQ_INIT(&journal.dirty);
	journal.flush_ev = evtimer_new(srv.base, journal_flush_cb, NULL);
	journal.heartbeat = event_new(srv.base, -1, EV_PERSIST,
	    journal_heartbeat_cb, NULL);
	if (journal.flush_ev == NULL || journal.heartbeat == NULL)
		fatalx("journal_init: event_new");
}

/* Start the heartbeat that bounds how much downtime a restart misjudges. */
void
journal_heartbeat_start(void)
{
	struct timeval	tv = { 0, 500000 };

	evtimer_add(journal.heartbeat, &tv);
}

/* Commit what is pending and free the journal's events. */
void
journal_free(void)
{
	journal_flush();
	if (journal.flush_ev != NULL)
		event_free(journal.flush_ev);
	if (journal.heartbeat != NULL)
		event_free(journal.heartbeat);
	journal.flush_ev = journal.heartbeat = NULL;
}

/* Return the number of records waiting for the next commit. */
size_t
journal_pending(void)
{
	return (journal.nrecs);
}

/* Return true while anything waits for a commit. */
bool
journal_busy(void)
{
	return (!TAILQ_EMPTY(&journal.recs) || !TAILQ_EMPTY(&journal.replies) ||
	    !TAILQ_EMPTY(&journal.dirty));
}

/* Arrange for a flush: soon, or now when the batch is large. */
static void
journal_schedule(void)
{
	struct timeval	tv;
	uint64_t	d = srv.conf->commit_delay;

	if (journal.nrecs >= 1024 && !journal.flushing) {
		journal_flush();
		return;
	}
	if (journal.scheduled)
		return;
	tv.tv_sec = (time_t)(d / 1000);
	tv.tv_usec = (suseconds_t)(d % 1000) * 1000;
	evtimer_add(journal.flush_ev, &tv);
	journal.scheduled = true;
}

/* Put a session in the batch, so its snapshot is saved with it. */
void
journal_touch(struct live *ls)
{
	if (ls->flushing)
		ls->retouched = true;	/* linked in the flushing batch */
	else if (!ls->dirty) {
		ls->dirty = true;
		TAILQ_INSERT_TAIL(&journal.dirty, ls, dirty_entry);
	}
	journal_schedule();
}

/* Format uids as a space-separated list. */
static char *
journal_uids(const uint64_t *uids, size_t n)
{
	char	*s, *p;
	size_t	 i, len = n * 21 + 1;

	if (n == 0)
		return (NULL);
	p = s = xmalloc(len);
	*p = '\0';
	for (i = 0; i < n; i++)
		p += snprintf(p, len - (size_t)(p - s), "%s%llu", i ? " " : "",
		    (unsigned long long)uids[i]);
	return (s);
}

/* Copy a string that may be NULL. */
static char *
journal_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/*
 * Return true if an effect is one of the phase markers, the only events
 * an off-the-record session stores: its start, pauses and end, and where
 * each phase begins and ends.
 */
static bool
journal_marker(enum engine_fx_kind kind)
{
	static const enum engine_fx_kind markers[] = {
		ENGINE_FX_START, ENGINE_FX_PAUSE, ENGINE_FX_RESUME,
		ENGINE_FX_RESUMED, ENGINE_FX_END, ENGINE_FX_PHASE_START,
		ENGINE_FX_PHASE_END
	};
	size_t	i;

	for (i = 0; i < sizeof markers / sizeof markers[0]; i++) {
		if (kind == markers[i])
			return (true);
	}
	return (false);
}

/*
 * Return "sha256:" and the hex SHA-256 of the session's norms, the text
 * an acknowledgement accepts (the record mode's notice is its last line):
 * the version of the norms, stored with the consent. NULL if none.
 */
static char *
journal_norms_digest(struct live *ls)
{
	struct engine_view	 v;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 n = 0, i;
	char			*s;

	engine_view(ls->es, session_clock(), &v);
	if (v.norms == NULL || EVP_Digest(v.norms, strlen(v.norms), md, &n,
	    EVP_sha256(), NULL) != 1)
		return (NULL);
	s = xmalloc(7 + 2 * n + 1);
	memcpy(s, "sha256:", 7);
	for (i = 0; i < n; i++)
		snprintf(s + 7 + 2 * i, 3, "%02x", md[i]);
	return (s);
}

/*
 * Append an engine effect to the batch, with its sequence number; return
 * that number, or 0 for an event that is only broadcast, not stored (as
 * everything but the phase markers of a session off the record is).
 */
int64_t
journal_record(struct live *ls, const struct engine_effect *fx)
{
	struct jrec	*r;
	uint64_t	 clock = session_clock();
	int64_t		 wall = journal_wall_ms();

	if (!(fx->flags & (ENGINE_FXF_RECORD | ENGINE_FXF_BROADCAST)))
		return (0);
	if (fx->kind != ENGINE_FX_POST && fx->kind != ENGINE_FX_BOARD_POST)
		ls->heavy = true;
	r = xcalloc(1, sizeof *r);
	r->ls = ls;
	r->store = (fx->flags & ENGINE_FXF_RECORD) != 0 &&
	    (ls->row.record != RECORD_OFF || journal_marker(fx->kind));
	r->speech = fx->kind == ENGINE_FX_POST ||
	    fx->kind == ENGINE_FX_BOARD_POST || fx->kind == ENGINE_FX_NOTE;
	r->ev.session = ls->row.id;
	r->ev.seq = r->store ? ++ls->seq : 0;
	r->ev.at = wall;
	if (fx->at_ms != 0 && fx->at_ms < clock)
		r->ev.at = wall - (int64_t)(clock - fx->at_ms);
	r->created = now_ms();
	r->ev.kind = engine_fx_name(fx->kind);
	r->ev.phase = fx->phase >= 0 ? (uint32_t)fx->phase + 1 : 0;
	r->ev.phase_id = r->phase_id = journal_strdup(fx->id);
	r->ev.floor = fx->floor >= 0 ? engine_floor_name(fx->floor) : NULL;
	r->ev.round = fx->round;
	r->ev.actor = (int64_t)fx->uid;
	r->ev.target = (int64_t)fx->target;
	r->ev.left_ms = fx->left_ms;
	r->ev.total_ms = fx->total_ms;
	r->ev.value = fx->value;
	if (fx->kind == ENGINE_FX_TURN_END)
		r->ev.reason = engine_turn_end_name(fx->reason);
	else if (fx->kind == ENGINE_FX_CONTROL)
		r->ev.reason = engine_input_name(fx->input);
	r->ev.text = r->text = journal_strdup(fx->text);
	r->ev.tag = r->tag = journal_strdup(fx->tag);
	if (fx->kind == ENGINE_FX_NORMS_ACK && r->tag == NULL)
		r->ev.tag = r->tag = journal_norms_digest(ls);
	if (fx->kind == ENGINE_FX_BOARD_POST) {
		r->ev.card = (uint32_t)fx->value;
		r->ev.parent = fx->parent;
	}
	r->ev.ord = r->ord = journal_uids(fx->uids, fx->nuids);
	r->ev.msg = r->msg = journal_strdup(fx->msg);
	TAILQ_INSERT_TAIL(&journal.recs, r, entry);
	journal.nrecs++;
	journal_touch(ls);
	return (r->ev.seq);
}

/*
 * Append an event that no engine effect made to the batch, with the
 * session's next sequence number, so that it is stored, broadcast and
 * backfilled like any other. kind must be a string that outlives the
 * batch; the other strings are copied.
 */
static struct jrec *
journal_add_event(struct live *ls, const struct store_event *ev)
{
	struct jrec	*r;

	r = xcalloc(1, sizeof *r);
	r->ls = ls;
	r->store = true;
	r->ev = *ev;
	r->ev.session = ls->row.id;
	r->ev.seq = ++ls->seq;
	r->ev.phase_id = r->phase_id = journal_strdup(ev->phase_id);
	r->ev.text = r->text = journal_strdup(ev->text);
	r->ev.tag = r->tag = journal_strdup(ev->tag);
	r->ev.ord = r->ord = journal_strdup(ev->ord);
	r->ev.msg = r->msg = journal_strdup(ev->msg);
	r->created = now_ms();
	TAILQ_INSERT_TAIL(&journal.recs, r, entry);
	journal.nrecs++;
	journal_touch(ls);
	return (r);
}

/*
 * Append a redaction of a live session to the batch: its tombstone event
 * (ev: kind "redacted", value the entry's seq, actor who redacts, at
 * when), and the removal of the entry's words, written in the batch's
 * transaction with it, so that neither is ever kept without the other.
 */
void
journal_record_redaction(struct live *ls, const struct store_event *ev)
{
	journal_add_event(ls, ev)->redact = true;
}

/*
 * Log a refused post (for the participation report): who, in which phase,
 * why; never the words. Stored, not broadcast: members are not told of
 * each other's refusals, and a rejoin's backfill leaves it out. Nothing
 * of it is kept off the record.
 */
void
journal_record_refusal(struct live *ls, int64_t uid, int reason)
{
	struct store_event	ev;
	struct engine_view	v;

	if (ls->row.record == RECORD_OFF)
		return;
	engine_view(ls->es, session_clock(), &v);
	memset(&ev, 0, sizeof ev);
	ev.at = journal_wall_ms();
	ev.kind = "refused";
	ev.actor = uid;
	ev.reason = engine_reason_name(reason);
	if (v.phase >= 0) {
		ev.phase = (uint32_t)v.phase + 1;
		ev.phase_id = v.phase_id;
		ev.floor = engine_floor_name(v.floor);
	}
	journal_add_event(ls, &ev)->quiet = true;
}

/* Queue an encoded reply behind the others, holding its connection. */
static void
journal_hold(struct conn *c, uint16_t type, uint32_t id,
    const struct proto_msg *reply, bool deferred)
{
	struct jreply	*jr;

	jr = xcalloc(1, sizeof *jr);
	jr->c = c;
	jr->type = type;
	jr->id = id;
	jr->deferred = deferred;
	pbuf_init(&jr->frame);
	if (proto_encode(reply, &jr->frame) == -1)
		fatalx("journal_hold: cannot encode type %u", reply->type);
	conn_held(c);
	TAILQ_INSERT_TAIL(&journal.replies, jr, entry);
	journal_schedule();
}

/*
 * Queue a reply to be sent after the commit of what its request caused.
 * The connection goes on with pipelined requests meanwhile (conn.c).
 */
void
journal_reply(struct conn *c, const struct proto_msg *req,
    struct proto_msg *reply)
{
	reply->id = req->id;
	journal_hold(c, req->type, req->id, reply, false);
}

/*
 * Queue a reply that needs no commit behind the replies held for its
 * connection, so that replies go out in the order of the requests.
 */
void
journal_defer(struct conn *c, const struct proto_msg *reply)
{
	journal_hold(c, reply->type, reply->id, reply, true);
}

/* Free a record. */
static void
journal_rec_free(struct jrec *r)
{
	free(r->phase_id);
	free(r->text);
	free(r->tag);
	free(r->ord);
	free(r->msg);
	free(r);
}

/* Write a batch's records; return STORE_OK or STORE_ERR. */
static int
journal_write(struct jrecs *recs)
{
	struct store_event	 ev;
	struct jrec		*r;

	TAILQ_FOREACH(r, recs, entry) {
		if (!r->store)
			continue;
		/* NOTFOUND: an earlier redaction in the batch took them. */
		if (r->redact && store_tx_redact(srv.store, r->ev.session,
		    r->ev.value, r->ev.actor, r->ev.at) == STORE_ERR)
			return (STORE_ERR);
		ev = r->ev;
		if (r->ls->row.record == RECORD_OFF) {
			/* A marker, and nobody in it: no names, no words. */
			ev.actor = ev.target = 0;
			ev.text = ev.tag = ev.ord = ev.msg = NULL;
		}
		if (r->speech)
			ev.msg = NULL;	/* it repeats the text */
		if (store_event_add(srv.store, &ev) != STORE_OK)
			return (STORE_ERR);
	}
	return (STORE_OK);
}

/*
 * Encode a record's event onto its session's outgoing batch; the batch
 * goes to each member in one write (journal_broadcast).
 */
static void
journal_encode(struct jrec *r)
{
	struct proto_msg	 m;
	struct live		*ls = r->ls;

	if (r->ev.kind == engine_fx_name(ENGINE_FX_POST) ||
	    r->ev.kind == engine_fx_name(ENGINE_FX_BOARD_POST))
		metrics_inc(METRIC_POSTS);
	if (!ls->flushing)
		fatalx("journal_encode: session %lld is not in the batch",
		    (long long)ls->row.id);
	if (ls->nlinks == 0 || r->quiet)
		return;
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_EVENT;
	session_event_from_store(ls, &r->ev, &m.u.session_event);
	if (proto_encode(&m, &ls->bcast) == -1)
		fatalx("journal_encode: cannot encode an event");
	session_event_free_names(&m.u.session_event);
	ls->bcast_frames++;
}

/*
 * Send a session's events of this batch to every connection joined to
 * it: the frames are encoded once and each member gets them in one
 * write, so one TLS record and one system call carry the whole batch.
 */
static void
journal_broadcast(struct live *ls)
{
	struct sess_link	*l, *next;
	size_t			 sent = 0;

	if (ls->bcast.len == 0)
		return;
	TAILQ_FOREACH_SAFE(l, &ls->links, in_session, next) {
		if (conn_send_shared(l->c, ls->bcast.data, ls->bcast.len))
			sent++;
	}
	metrics_add(METRIC_FRAMES_SENT, sent * ls->bcast_frames);
	metrics_add(METRIC_BYTES_SENT, sent * ls->bcast.len);
	metrics_add(METRIC_EVENTS_SENT, sent * ls->bcast_frames);
	ls->bcast.len = 0;
	ls->bcast_frames = 0;
	if (ls->bcast.cap > JOURNAL_BCAST_KEEP)
		pbuf_free(&ls->bcast);
}

/* Send a held reply, or an error in its place, and let its conn go on. */
static void
journal_answer(struct jreply *jr, bool ok)
{
	struct proto_msg	m;

	if (ok || jr->deferred)
		conn_send_raw(jr->c, jr->frame.data, jr->frame.len);
	else {
		memset(&m, 0, sizeof m);
		m.type = MSG_ERROR;
		m.id = jr->id;
		m.u.error.code = ERR_STORAGE;
		m.u.error.name = (char *)proto_err_name(ERR_STORAGE);
		m.u.error.message = "the database could not store that; "
		    "nothing of it was kept: try again";
		m.u.error.req_type = jr->type;
		metrics_inc_label(METRIC_ERRORS, ERR_STORAGE);
		conn_send(jr->c, &m);
	}
	conn_unheld(jr->c);
	pbuf_free(&jr->frame);
	free(jr);
}

/*
 * An off-the-record session ended: its snapshot (the roster, the engine's
 * counts) was needed to resume it after a restart and is not any more, so
 * it goes, and with it the name of who created the session. Nothing that
 * names a person is left of it. In the batch's transaction.
 */
static int
journal_forget_people(struct live *ls)
{
	ls->row.created_by = 0;
	ls->row.created_by_name[0] = '\0';
	return (store_session_forget_people(srv.store, ls->row.id));
}

/*
 * Commit the batch in one transaction, then broadcast its events and send
 * its replies; or roll it all back.
 */
void
journal_flush(void)
{
	struct jrecs	 recs;
	struct jreplies	 replies;
	struct lives	 dirty;
	struct jrec	*r;
	struct jreply	*jr;
	struct live	*ls;
	struct store_session row;
	uint64_t	 t0 = metrics_usec(), mono = session_clock(), now;
	int64_t		 wall = journal_wall_ms();
	uint8_t		*blob;
	size_t		 len, nsessions = 0;
	int		 rc;

	if (journal.flushing || journal.flush_ev == NULL)
		return;
	if (journal.scheduled) {
		evtimer_del(journal.flush_ev);
		journal.scheduled = false;
	}
	journal.flushing = true;
	TAILQ_INIT(&recs);
	TAILQ_INIT(&replies);
	TAILQ_INIT(&dirty);
	TAILQ_CONCAT(&recs, &journal.recs, entry);
	TAILQ_CONCAT(&replies, &journal.replies, entry);
	TAILQ_CONCAT(&dirty, &journal.dirty, dirty_entry);
	journal.nrecs = 0;
	/*
	 * The sessions stay linked on the batch's list until its end: one
	 * touched again meanwhile (a held connection's next request, run when
	 * its reply goes out) is only marked, and joins the next batch then.
	 */
	TAILQ_FOREACH(ls, &dirty, dirty_entry) {
		ls->dirty = false;
		ls->flushing = true;
		ls->batch_heavy = ls->heavy;
		ls->heavy = false;
		nsessions++;
	}

	rc = store_begin(srv.store);
	if (rc == STORE_OK)
		rc = journal_write(&recs);
	TAILQ_FOREACH(ls, &dirty, dirty_entry) {
		if (rc != STORE_OK)
			break;
		session_row_update(ls, wall);
		free(ls->snap_next);
		ls->snap_next = NULL;
		if (!ls->batch_heavy &&
		    mono - ls->snap_clock < SESSION_SNAP_INTERVAL_MS) {
			rc = store_session_save_row(srv.store, &ls->row);
			continue;
		}
		if (engine_snapshot(ls->es, mono, &blob, &len) == -1)
			fatalx("journal_flush: cannot snapshot session %lld",
			    (long long)ls->row.id);
		row = ls->row;
		row.snap_wall = wall;
		rc = store_session_save(srv.store, &row, blob, len);
		ls->snap_next = blob;
		ls->snap_nextlen = len;
		ls->snap_next_wall = wall;
		if (rc == STORE_OK && ls->row.record == RECORD_OFF &&
		    ls->row.status == ENGINE_ENDED)
			rc = journal_forget_people(ls);
	}
	if (rc == STORE_OK)
		rc = store_meta_set(srv.store, "alive_ms", wall);
	if (rc == STORE_OK)
		rc = store_commit(srv.store);
	journal.last_commit = now_ms();

	if (rc == STORE_OK) {
		TAILQ_FOREACH(ls, &dirty, dirty_entry) {
			session_committed(ls, mono);
			if (ls->row.status == ENGINE_ENDED)
				tx_index_kick();
		}
		TAILQ_FOREACH(r, &recs, entry) {
			journal_encode(r);
			if (r->redact)
				tx_redacted(r->ev.session, r->ev.value,
				    r->ev.actor);
		}
		TAILQ_FOREACH(ls, &dirty, dirty_entry)
			journal_broadcast(ls);
		now = now_ms();
		TAILQ_FOREACH(r, &recs, entry)
			metrics_observe(METRIC_FANOUT, (now - r->created) * 1000);
	} else {
		log_warnx("journal: commit failed (%s); %zu sessions rolled "
		    "back to their last commit", store_errmsg(srv.store),
		    nsessions);
		store_rollback(srv.store);
		TAILQ_FOREACH(ls, &dirty, dirty_entry)
			session_rollback(ls);
	}
	while ((jr = TAILQ_FIRST(&replies)) != NULL) {
		TAILQ_REMOVE(&replies, jr, entry);
		journal_answer(jr, rc == STORE_OK);
	}
	while ((r = TAILQ_FIRST(&recs)) != NULL) {
		TAILQ_REMOVE(&recs, r, entry);
		journal_rec_free(r);
	}
	while ((ls = TAILQ_FIRST(&dirty)) != NULL) {
		TAILQ_REMOVE(&dirty, ls, dirty_entry);
		ls->flushing = false;
		if (ls->retouched) {
			ls->retouched = false;
			journal_touch(ls);
		}
		session_maybe_unload(ls);
	}
	metrics_observe(METRIC_JOURNAL_FLUSH, metrics_usec() - t0);
	journal.flushing = false;
	if (journal_busy())
		journal_schedule();
}
