/*
 * session.c: live protocol sessions: loading and restoring them, the
 * connections joined to each, driving the engine (inputs, the one timer
 * per session), and unloading ended ones.
 *
 * The engine does the thinking; this file carries its effects out. Every
 * effect to record or broadcast goes to the journal, which commits before
 * anyone hears of it. A session's last committed snapshot is kept in
 * memory so that a failed commit can put the engine back where the
 * database says it is.
 */
#include <sys/queue.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"
#include "xmalloc.h"

#define SESSION_BUCKETS	1024

static struct {
	struct live		*buckets[SESSION_BUCKETS];
	struct lives		 all;
	size_t			 count;
	struct engine_templates	*tpls;		/* a reload swaps it */
	pthread_mutex_t		 tpl_lock;	/* tpls, other threads */
	struct engine_out	 out;
	int			 observer;
} sessions = { .tpl_lock = PTHREAD_MUTEX_INITIALIZER };

static const char *session_status_names[] = {
	"lobby", "running", "paused", "ended"
};
static const char *session_record_names[] = {
	"attributed", "chatham", "off-record"
};

/* Return the engine's clock: monotonic milliseconds, moved forward. */
uint64_t
session_clock(void)
{
	return (now_ms() + SESSION_EPOCH_MS);
}

/* Return the wall clock in Unix milliseconds. */
static int64_t
session_wall_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Name a session status. */
const char *
session_status_name(int status)
{
	if (status < 0 || status > 3)
		return ("unknown");
	return (session_status_names[status]);
}

/* Name a record mode. */
const char *
session_record_name(int record)
{
	if (record < 0 || record > 2)
		return ("unknown");
	return (session_record_names[record]);
}

/*
 * Return true if a record mode lets reviews and listings name people:
 * only attributed. Under the Chatham rule they are pseudonyms; off the
 * record nothing of who took part is kept.
 */
bool
session_record_named(int record)
{
	return (record == RECORD_ATTRIBUTED);
}

/* Parse a record mode name; -1 if unknown. */
int
session_record_parse(const char *s)
{
	int	i;

	for (i = 0; i < 3; i++) {
		if (strcmp(s, session_record_names[i]) == 0)
			return (i);
	}
	return (-1);
}

/* Return the template set, on the loop's thread. */
const struct engine_templates *
session_templates(void)
{
	return (sessions.tpls);
}

/*
 * From any thread: a copy of the template with this name in the current
 * set, which the caller frees with engine_template_free, or NULL. A copy
 * outlives a reload that swaps the set.
 */
struct engine_template *
session_template_copy(const char *name)
{
	struct engine_template	*t = NULL;

	pthread_mutex_lock(&sessions.tpl_lock);
	if (sessions.tpls != NULL)
		t = engine_templates_copy(sessions.tpls, name);
	pthread_mutex_unlock(&sessions.tpl_lock);
	return (t);
}

/*
 * Build a template set: the built-in templates, then the files of dir
 * (NULL for none) over them. Return it, or NULL with "path:line: message"
 * in err.
 */
struct engine_templates *
session_templates_load(const char *dir, char *err, size_t errlen)
{
	struct engine_templates	*set;

	set = engine_templates_new();
	if (dir != NULL && engine_templates_load_dir(set, dir, err, errlen) ==
	    -1) {
		engine_templates_free(set);
		return (NULL);
	}
	return (set);
}

/*
 * Put a new template set in place of the current one (SIGHUP). New
 * sessions use it; a live session runs on its own copy of its template
 * and carries on unchanged. A live session whose template the new set
 * lacks, or has with other phases, could not be resumed by a restart:
 * say so.
 */
void
session_templates_swap(struct engine_templates *set)
{
	const struct engine_template	*t;
	struct engine_templates		*old;
	struct live			*ls;

	TAILQ_FOREACH(ls, &sessions.all, all_entry) {
		if (ls->row.status == ENGINE_ENDED)
			continue;
		t = engine_templates_find(set, ls->row.template_name);
		if (t == NULL || t->nphases != engine_template(ls->es)->nphases)
			log_warnx("session %lld: template %s is %s; the "
			    "session carries on, but a restart before it ends "
			    "cannot resume it", (long long)ls->row.id,
			    ls->row.template_name, t == NULL ? "gone" :
			    "changed (other phases)");
	}
	pthread_mutex_lock(&sessions.tpl_lock);
	old = sessions.tpls;
	sessions.tpls = set;
	pthread_mutex_unlock(&sessions.tpl_lock);
	engine_templates_free(old);
}

/* Return the number of sessions loaded. */
size_t
session_count(void)
{
	return (sessions.count);
}

/* Count loaded sessions by status, for the metrics. */
static void
session_metrics(void)
{
	int64_t		 n[4] = { 0, 0, 0, 0 };
	struct live	*ls;
	int		 i;

	TAILQ_FOREACH(ls, &sessions.all, all_entry) {
		if (ls->row.status >= 0 && ls->row.status < 4)
			n[ls->row.status]++;
	}
	for (i = 0; i < 4; i++)
		metrics_set_label(METRIC_SESSIONS, (size_t)i, n[i]);
}

/*
 * At a scrape: the sessions by status, and the running or paused ones by
 * the floor mode of the phase they are in (which changes with time, so
 * it is counted when asked for).
 */
void
session_metrics_sample(void)
{
	int64_t			 n[ENGINE_FLOOR_COUNT] = { 0 };
	struct engine_view	 v;
	struct live		*ls;
	uint64_t		 clock = session_clock();
	int			 i;

	session_metrics();
	TAILQ_FOREACH(ls, &sessions.all, all_entry) {
		engine_view(ls->es, clock, &v);
		if ((v.status == ENGINE_RUNNING || v.status == ENGINE_PAUSED) &&
		    v.floor >= 0 && v.floor < ENGINE_FLOOR_COUNT)
			n[v.floor]++;
	}
	for (i = 0; i < ENGINE_FLOOR_COUNT; i++)
		metrics_set_label(METRIC_SESSIONS_PHASE, (size_t)i, n[i]);
}

/* Find a loaded session. */
struct live *
session_find(int64_t id)
{
	struct live	*ls;

	for (ls = sessions.buckets[(uint64_t)id % SESSION_BUCKETS];
	    ls != NULL; ls = ls->hnext) {
		if (ls->row.id == id)
			return (ls);
	}
	return (NULL);
}

/* Return the display name of a member or account. */
const char *
session_user_name(struct live *ls, int64_t uid)
{
	static struct store_user	u;
	struct engine_member_info	mi;

	if (uid == 0)
		return (NULL);
	if (ls != NULL && ls->es != NULL && engine_member(ls->es,
	    (uint64_t)uid, session_clock(), &mi) == 0 && mi.name != NULL)
		return (mi.name);
	if (u.uid == uid)
		return (u.name);
	if (store_user_get_uid(srv.store, uid, &u) != STORE_OK) {
		memset(&u, 0, sizeof u);
		return ("unknown");
	}
	return (u.name);
}

/* Arm a session's timer for the engine's next deadline. */
static void
session_arm(struct live *ls)
{
	struct timeval	tv;
	uint64_t	d, now;

	d = engine_next_deadline(ls->es);
	if (d == ENGINE_NEVER) {
		evtimer_del(ls->timer);
		return;
	}
	now = session_clock();
	d = d > now ? d - now : 0;
	tv.tv_sec = (time_t)(d / 1000);
	tv.tv_usec = (suseconds_t)(d % 1000) * 1000;
	evtimer_add(ls->timer, &tv);
}

/* Send every effect but the reply to the journal; return the reply. */
static const struct engine_effect *
session_effects(struct live *ls, struct engine_out *out)
{
	const struct engine_effect	*reply = NULL, *fx;
	size_t				 i;

	for (i = 0; i < out->n; i++) {
		fx = &out->fx[i];
		if (fx->kind == ENGINE_FX_REPLY) {
			reply = fx;
			continue;
		}
		journal_record(ls, fx);
	}
	journal_touch(ls);
	return (reply);
}

/* A session's deadline came: let time pass in the engine. */
static void
session_timer_cb(int fd, short events, void *arg)
{
	struct live	*ls = arg;

	(void)fd;
	(void)events;
	engine_out_reset(&sessions.out);
	engine_tick(ls->es, session_clock(), &sessions.out);
	session_effects(ls, &sessions.out);
	engine_out_reset(&sessions.out);
	session_arm(ls);
}

/* Make a live session for a stored row and an engine session. */
static struct live *
session_live_new(const struct store_session *row, struct engine_session *es)
{
	struct store_space	 sp;
	struct store_space_rel	 rel;
	struct live		*ls;
	size_t			 b;

	ls = xcalloc(1, sizeof *ls);
	ls->row = *row;
	ls->row.snapshot = NULL;
	ls->row.snaplen = 0;
	ls->es = es;
	ls->seq = ls->cseq = row->last_seq;
	TAILQ_INIT(&ls->links);
	if (store_space_view_sid(srv.store, row->sid, 0, &sp, &rel) ==
	    STORE_OK) {
		snprintf(ls->space_slug, sizeof ls->space_slug, "%s", sp.slug);
		ls->space_kind = sp.kind;
	}
	if ((ls->timer = evtimer_new(srv.base, session_timer_cb, ls)) == NULL)
		fatalx("session_live_new: evtimer_new");
	b = (uint64_t)row->id % SESSION_BUCKETS;
	ls->hnext = sessions.buckets[b];
	sessions.buckets[b] = ls;
	TAILQ_INSERT_TAIL(&sessions.all, ls, all_entry);
	sessions.count++;
	return (ls);
}

/* Take a session out of memory. */
static void
session_live_free(struct live *ls)
{
	struct live	**pp;
	struct sess_link *l;

	for (pp = &sessions.buckets[(uint64_t)ls->row.id % SESSION_BUCKETS];
	    *pp != NULL; pp = &(*pp)->hnext) {
		if (*pp == ls) {
			*pp = ls->hnext;
			break;
		}
	}
	while ((l = TAILQ_FIRST(&ls->links)) != NULL) {
		TAILQ_REMOVE(&ls->links, l, in_session);
		TAILQ_REMOVE(&l->c->sessions, l, in_conn);
		free(l);
	}
	TAILQ_REMOVE(&sessions.all, ls, all_entry);
	sessions.count--;
	event_free(ls->timer);
	engine_free(ls->es);
	free(ls->snap);
	free(ls->snap_next);
	pbuf_free(&ls->bcast);
	free(ls);
}

/*
 * A batch committed: keep its snapshot, if it took one, for rolling back a
 * later batch; or note that the stored one is older than the posts.
 */
void
session_committed(struct live *ls, uint64_t clock)
{
	ls->row.last_seq = ls->cseq = ls->seq;
	if (ls->snap_next == NULL) {
		ls->snap_stale = true;
		return;
	}
	free(ls->snap);
	ls->snap = ls->snap_next;
	ls->snaplen = ls->snap_nextlen;
	ls->row.snap_wall = ls->snap_next_wall;
	ls->snap_next = NULL;
	ls->snap_nextlen = 0;
	ls->snap_clock = clock;
	ls->snap_stale = false;
}

/*
 * From the heartbeat: put sessions whose stored snapshot is older than
 * their posts, and old enough, into the next batch to save a fresh one.
 */
void
session_snapshot_due(void)
{
	struct live	*ls;
	uint64_t	 clock = session_clock();

	TAILQ_FOREACH(ls, &sessions.all, all_entry) {
		if (ls->snap_stale &&
		    clock - ls->snap_clock >= SESSION_SNAP_INTERVAL_MS)
			journal_touch(ls);
	}
}

/* Bring a row up to date with the engine before it is saved. */
void
session_row_update(struct live *ls, int64_t wall)
{
	struct engine_view	v;
	int			status;

	engine_view(ls->es, session_clock(), &v);
	status = (int)v.status;
	if (status != ENGINE_LOBBY && ls->row.started == 0)
		ls->row.started = wall / 1000;
	if (status == ENGINE_ENDED && ls->row.ended == 0)
		ls->row.ended = wall / 1000;
	if (ls->row.status != status) {
		ls->row.status = status;
		session_metrics();
	}
	ls->row.last_seq = ls->seq;
}

/*
 * A commit failed: put the engine back to the last committed snapshot,
 * as if nothing of the failed batch had happened. Members still joined
 * are connected again (without events: nothing is recorded).
 */
void
session_rollback(struct live *ls)
{
	const struct engine_template	*tpl;
	struct engine_session		*es;
	struct engine_input		 in;
	struct sess_link		*l;
	char				 err[256];

	free(ls->snap_next);
	ls->snap_next = NULL;
	/* Its own template: a reload may have changed the set's since. */
	tpl = engine_template(ls->es);
	engine_out_reset(&sessions.out);
	es = engine_restore_at(ls->snap, ls->snaplen, tpl, ls->snap_clock,
	    session_clock(), &sessions.out, err, sizeof err);
	if (es == NULL)
		fatalx("session %lld: cannot restore its committed snapshot",
		    (long long)ls->row.id);
	engine_free(ls->es);
	ls->es = es;
	ls->seq = ls->row.last_seq = ls->cseq;
	TAILQ_FOREACH(l, &ls->links, in_session) {
		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_RECONNECT;
		in.uid = (uint64_t)l->c->uid;
		engine_event(ls->es, &in, session_clock(), &sessions.out);
	}
	engine_out_reset(&sessions.out);
	session_arm(ls);
}

/* Unload an ended session nobody is joined to, once it is committed. */
void
session_maybe_unload(struct live *ls)
{
	if (ls->row.status != ENGINE_ENDED || ls->nlinks > 0 || ls->dirty ||
	    ls->flushing)
		return;
	log_debug("session %lld: ended; unloaded", (long long)ls->row.id);
	session_live_free(ls);
	session_metrics();
}

/*
 * Create a session from a row and options: a new engine session, stored
 * with its first snapshot. The caller fills row (space, template, title,
 * record, creator).
 */
int
session_create(const struct store_session *row0, const struct engine_opts *o,
    struct live **lsp, char *err, size_t errlen)
{
	const struct engine_template	*tpl;
	struct engine_session		*es;
	struct store_session		 row = *row0;
	uint64_t			 clock = session_clock();
	uint8_t				*blob;
	size_t				 len;
	int				 rc;

	if ((tpl = engine_templates_find(sessions.tpls,
	    row.template_name)) == NULL) {
		snprintf(err, errlen, "no protocol template named '%s'",
		    row.template_name);
		return (-1);
	}
	if ((es = engine_new(tpl, o, clock, err, errlen)) == NULL)
		return (-1);
	if (engine_snapshot(es, clock, &blob, &len) == -1)
		fatalx("session_create: cannot snapshot a new session");
	row.status = ENGINE_LOBBY;
	row.created = session_wall_ms() / 1000;
	row.snap_wall = session_wall_ms();
	rc = store_session_add(srv.store, &row, blob, len);
	if (rc != STORE_OK) {
		free(blob);
		engine_free(es);
		snprintf(err, errlen, "the database is unavailable");
		return (-2);
	}
	*lsp = session_live_new(&row, es);
	(*lsp)->snap = blob;
	(*lsp)->snaplen = len;
	(*lsp)->snap_clock = clock;
	session_metrics();
	log_info("session %lld: created in space %lld from template %s",
	    (long long)row.id, (long long)row.sid, row.template_name);
	return (0);
}

/* Return the link of a connection to a session, or NULL. */
struct sess_link *
session_link(struct live *ls, struct conn *c)
{
	struct sess_link	*l;

	TAILQ_FOREACH(l, &c->sessions, in_conn) {
		if (l->ls == ls)
			return (l);
	}
	return (NULL);
}

/* Count the links of one account to a session. */
static size_t
session_links_of(struct live *ls, int64_t uid)
{
	struct sess_link	*l;
	size_t			 n = 0;

	TAILQ_FOREACH(l, &ls->links, in_session) {
		if (l->c->uid == uid)
			n++;
	}
	return (n);
}

/* Join a connection to a session's broadcasts. */
int
session_attach(struct live *ls, struct conn *c)
{
	struct sess_link	*l;

	if (session_link(ls, c) != NULL)
		return (0);
	l = xcalloc(1, sizeof *l);
	l->ls = ls;
	l->c = c;
	TAILQ_INSERT_TAIL(&ls->links, l, in_session);
	TAILQ_INSERT_TAIL(&c->sessions, l, in_conn);
	ls->nlinks++;
	return (0);
}

/* Drive the engine with one input for which no one waits. */
static void
session_input_quiet(struct live *ls, enum engine_input_kind kind,
    int64_t uid)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = kind;
	in.uid = (uint64_t)uid;
	engine_out_reset(&sessions.out);
	engine_event(ls->es, &in, session_clock(), &sessions.out);
	session_effects(ls, &sessions.out);
	engine_out_reset(&sessions.out);
	session_arm(ls);
}

/*
 * Take a connection out of a session. When it was the account's last
 * connection there, the engine hears of it: a deliberate leave, or a
 * disconnect that starts the grace period.
 */
void
session_detach(struct live *ls, struct conn *c, bool leave)
{
	struct sess_link	*l;
	int64_t			 uid = c->uid;

	if ((l = session_link(ls, c)) == NULL)
		return;
	TAILQ_REMOVE(&ls->links, l, in_session);
	TAILQ_REMOVE(&c->sessions, l, in_conn);
	ls->nlinks--;
	free(l);
	if (session_links_of(ls, uid) == 0 && ls->row.status != ENGINE_ENDED)
		session_input_quiet(ls, leave ? ENGINE_IN_LEAVE :
		    ENGINE_IN_DISCONNECT, uid);
	session_maybe_unload(ls);
}

/* A connection went away: disconnect it from every session. */
void
session_conn_lost(struct conn *c)
{
	struct sess_link	*l;

	while ((l = TAILQ_FIRST(&c->sessions)) != NULL)
		session_detach(l->ls, c, false);
}

/*
 * Someone lost their place in a space (removed, left, or now a mentor
 * only): they leave its live sessions at once.
 */
void
session_member_removed(int64_t space, int64_t uid)
{
	struct live		*ls, *lnext;
	struct sess_link	*l, *next;
	struct proto_msg	 m;

	TAILQ_FOREACH_SAFE(ls, &sessions.all, all_entry, lnext) {
		if (ls->row.sid != space)
			continue;
		TAILQ_FOREACH_SAFE(l, &ls->links, in_session, next) {
			if (l->c->uid != uid)
				continue;
			memset(&m, 0, sizeof m);
			m.type = MSG_SESSION_EVENT;
			m.u.session_event.session = (uint64_t)ls->row.id;
			m.u.session_event.kind = "removed";
			m.u.session_event.msg = "You are no longer a member of "
			    "this space, so you have left its session.";
			conn_send(l->c, &m);
			session_detach(ls, l->c, true);
		}
	}
}

/* The space observer: act on changes that end someone's membership. */
static void
session_space_changed(const struct space_event *ev, void *arg)
{
	(void)arg;
	if (ev->subject == 0)
		return;
	if (ev->action == SPACE_ACT_REMOVED || ev->action == SPACE_ACT_LEFT ||
	    (ev->action == SPACE_ACT_ROLE &&
	    !space_role_participates(ev->role)))
		session_member_removed(ev->sid, ev->subject);
}

/*
 * Feed one request's input to a session's engine. Its effects go to the
 * journal; its reply goes back after the commit when the request caused
 * something to be recorded, at once when refused.
 */
void
session_input(struct live *ls, struct conn *c, const struct proto_msg *req,
    const struct engine_input *in, session_reply_fn build)
{
	const struct engine_effect	*fx;
	struct proto_msg		 reply;
	int64_t				 before = ls->seq, postseq = 0, seq;
	size_t				 i;

	engine_out_reset(&sessions.out);
	engine_event(ls->es, in, session_clock(), &sessions.out);
	for (i = 0; i < sessions.out.n; i++) {
		fx = &sessions.out.fx[i];
		if (fx->kind == ENGINE_FX_REPLY)
			continue;
		seq = journal_record(ls, fx);
		if (fx->kind == ENGINE_FX_POST ||
		    fx->kind == ENGINE_FX_BOARD_POST)
			postseq = seq;
	}
	journal_touch(ls);
	fx = NULL;
	for (i = 0; i < sessions.out.n; i++) {
		if (sessions.out.fx[i].kind == ENGINE_FX_REPLY)
			fx = &sessions.out.fx[i];
	}
	if (fx == NULL)
		fatalx("session_input: the engine gave no reply");
	if (fx->reason != ENGINE_OK) {
		metrics_inc_label(METRIC_REFUSALS, (size_t)fx->reason);
		if (in->kind == ENGINE_IN_POST ||
		    in->kind == ENGINE_IN_BOARD_POST ||
		    in->kind == ENGINE_IN_BOARD_REPLY)
			journal_record_refusal(ls, c->uid, fx->reason);
		session_refuse(c, req, ls, fx);
	} else {
		memset(&reply, 0, sizeof reply);
		if (build != NULL)
			build(ls, c, &reply);
		else if (req->type == MSG_SESSION_POST) {
			reply.type = MSG_POSTED;
			reply.u.posted.session = (uint64_t)ls->row.id;
			reply.u.posted.seq = postseq > 0 ? (uint64_t)postseq : 0;
			if (fx->input == ENGINE_IN_BOARD_POST ||
			    fx->input == ENGINE_IN_BOARD_REPLY)
				reply.u.posted.card = (uint32_t)fx->value;
		} else
			reply.type = MSG_OK;
		if (ls->seq != before)
			journal_reply(c, req, &reply);
		else {
			/* Sent now: what is still to commit follows it. */
			if (reply.type == MSG_SESSION_STATE)
				reply.u.session_state.seq = (uint64_t)ls->cseq;
			conn_reply(c, req, &reply);
		}
		if (reply.type == MSG_SESSION_STATE)
			session_state_free(&reply.u.session_state);
	}
	engine_out_reset(&sessions.out);
	session_arm(ls);
}

/* Restore one stored session after a start, as it was at the crash. */
static void
session_restore_cb(const struct store_session *row, void *arg)
{
	const struct engine_template	*tpl;
	struct engine_session		*es;
	struct live			*ls;
	int64_t				 alive = *(int64_t *)arg, lost = 0;
	uint64_t			 clock = session_clock();
	char				 err[256];
	size_t				 i;

	if ((tpl = engine_templates_find(sessions.tpls,
	    row->template_name)) == NULL) {
		log_warnx("session %lld: template %s is gone; not resumed",
		    (long long)row->id, row->template_name);
		return;
	}
	/*
	 * The time between its last snapshot and the stop (the last
	 * heartbeat) was used; the downtime after it is not charged.
	 */
	if (alive > row->snap_wall && row->snap_wall > 0)
		lost = alive - row->snap_wall;
	if ((uint64_t)lost >= clock)
		lost = (int64_t)clock - 1;
	engine_out_reset(&sessions.out);
	if ((es = engine_restore_at(row->snapshot, row->snaplen, tpl,
	    clock - (uint64_t)lost, clock, &sessions.out, err, sizeof err)) ==
	    NULL) {
		log_warnx("session %lld: cannot resume: %s", (long long)row->id,
		    err);
		return;
	}
	ls = session_live_new(row, es);
	ls->snap = xmalloc(row->snaplen);
	memcpy(ls->snap, row->snapshot, row->snaplen);
	ls->snaplen = row->snaplen;
	ls->snap_clock = clock - (uint64_t)lost;
	for (i = 0; i < sessions.out.n; i++)
		journal_record(ls, &sessions.out.fx[i]);
	journal_touch(ls);
	engine_out_reset(&sessions.out);
	engine_tick(ls->es, clock, &sessions.out);
	session_effects(ls, &sessions.out);
	engine_out_reset(&sessions.out);
	session_arm(ls);
	log_info("session %lld: resumed (%s)", (long long)row->id,
	    session_status_name(row->status));
}

/*
 * Load the templates (built in, then the configured directory) and bring
 * back every session that had not ended. Return 0, or -1 with err.
 */
int
session_init(char *err, size_t errlen)
{
	int64_t	alive = 0;

	TAILQ_INIT(&sessions.all);
	engine_out_init(&sessions.out);
	if ((sessions.tpls = session_templates_load(srv.conf->templates, err,
	    errlen)) == NULL)
		return (-1);
	log_info("%zu protocol templates", engine_templates_count(
	    sessions.tpls));
	sessions.observer = space_observe(session_space_changed, NULL);
	(void)store_meta_get(srv.store, "alive_ms", &alive);
	if (store_session_live(srv.store, session_restore_cb, &alive) !=
	    STORE_OK) {
		snprintf(err, errlen, "cannot read sessions: %s",
		    store_errmsg(srv.store));
		return (-1);
	}
	session_metrics();
	return (0);
}

/* Commit what is pending and free every session. */
void
session_shutdown(void)
{
	struct live	*ls;

	if (sessions.tpls == NULL)
		return;
	journal_flush();
	while ((ls = TAILQ_FIRST(&sessions.all)) != NULL)
		session_live_free(ls);
	if (sessions.observer > 0)
		space_unobserve(sessions.observer);
	sessions.observer = 0;
	engine_out_free(&sessions.out);
	pthread_mutex_lock(&sessions.tpl_lock);
	engine_templates_free(sessions.tpls);
	sessions.tpls = NULL;
	pthread_mutex_unlock(&sessions.tpl_lock);
}
