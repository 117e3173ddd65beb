/*
 * model.c: the client's state, apart from any display (see model.h).
 *
 * Windows hold scrollback lines, each already sanitized and split at
 * newlines. Sessions hold what the last session_state said, changed by
 * each session_event in seq order: an event at or below the last seq seen
 * is a repeat (a rejoin's backfill overlapping what we had) and is
 * dropped, so that nothing is shown twice, and the last seq is what a
 * rejoin asks for with since, so that nothing is missed.
 *
 * Times left are never decided here: the server sends them, and between
 * updates they count down from the local monotonic time they arrived at,
 * frozen while the session is paused or waiting for its facilitator.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Return the monotonic clock in milliseconds. */
int64_t
model_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* Return a new window, the last. */
struct mwin *
model_window_new(struct model *m, int kind, const char *name)
{
	struct mwin	*w;

	w = xcalloc(1, sizeof *w);
	w->kind = kind;
	w->name = xstrdup(name);
	m->wins = xreallocarray(m->wins, m->nwins + 1, sizeof *m->wins);
	m->wins[m->nwins++] = w;
	return (w);
}

/* Free one line's strings. */
static void
model_line_free(struct mline *l)
{
	free(l->who);
	free(l->text);
	l->who = l->text = NULL;
}

/* Free a window. */
static void
model_win_free(struct mwin *w)
{
	size_t	i;

	for (i = 0; i < w->nlines; i++)
		model_line_free(&w->lines[(w->first + i) % MODEL_SCROLLBACK]);
	free(w->lines);
	free(w->name);
	free(w->space);
	free(w);
}

/* Free an array of strings. */
static void
model_strs_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Free a session's roster. */
static void
model_members_free(struct msess *s)
{
	size_t	i;

	for (i = 0; i < s->nmembers; i++) {
		free(s->members[i].user);
		free(s->members[i].role);
	}
	free(s->members);
	s->members = NULL;
	s->nmembers = 0;
}

/* Free a session. */
static void
model_sess_free(struct msess *s)
{
	free(s->space);
	free(s->title);
	free(s->template_name);
	free(s->record);
	free(s->status);
	free(s->role);
	free(s->norms);
	free(s->phase_id);
	free(s->phase_title);
	free(s->floor);
	free(s->holder);
	free(s->presenter);
	model_strs_free(s->queue, s->nqueue);
	model_strs_free(s->spoken, s->nspoken);
	model_members_free(s);
	free(s);
}

/* Create an empty model with its status window. */
struct model *
model_create(void)
{
	struct model	*m;

	m = xcalloc(1, sizeof *m);
	model_window_new(m, MWIN_STATUS, "status");
	return (m);
}

/* Free the model. */
void
model_free(struct model *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nwins; i++)
		model_win_free(m->wins[i]);
	free(m->wins);
	for (i = 0; i < m->nsess; i++)
		model_sess_free(m->sess[i]);
	free(m->sess);
	model_strs_free(m->templates, m->ntemplates);
	model_review_free(m);
	free(m->me);
	free(m);
}

/* Remember who we are logged in as. */
void
model_set_me(struct model *m, const char *me)
{
	free(m->me);
	m->me = me != NULL ? xstrdup(me) : NULL;
}

/* Return window i (0 is the status window), or NULL. */
struct mwin *
model_window(struct model *m, size_t i)
{
	return (i < m->nwins ? m->wins[i] : NULL);
}

/* Return the window shown. */
struct mwin *
model_current(struct model *m)
{
	return (m->wins[m->cur]);
}

/* Show window i; return -1 if there is none. */
int
model_select(struct model *m, size_t i)
{
	if (i >= m->nwins)
		return (-1);
	m->cur = i;
	m->wins[i]->activity = 0;
	return (0);
}

/* Close window i (not the status window); return -1 if it cannot be. */
int
model_close(struct model *m, size_t i)
{
	if (i == 0 || i >= m->nwins)
		return (-1);
	model_win_free(m->wins[i]);
	memmove(&m->wins[i], &m->wins[i + 1], (m->nwins - i - 1) *
	    sizeof *m->wins);
	m->nwins--;
	if (m->cur >= i && m->cur > 0)
		m->cur--;
	return (0);
}

/* Return the window of a space, made if need be. */
struct mwin *
model_space_window(struct model *m, const char *slug)
{
	struct mwin	*w;
	char		*safe;
	size_t		 i;

	for (i = 0; i < m->nwins; i++) {
		w = m->wins[i];
		if (w->kind == MWIN_SPACE && strcmp(w->space, slug) == 0)
			return (w);
	}
	safe = sanitize_str(slug, 0);
	w = model_window_new(m, MWIN_SPACE, safe);
	w->space = safe;
	w->name = xrealloc(w->name, strlen(safe) + 1);
	memcpy(w->name, safe, strlen(safe) + 1);
	return (w);
}

/* Return the window of a session, made if need be. */
struct mwin *
model_session_window(struct model *m, uint64_t id)
{
	struct mwin	*w;
	char		 name[32];
	size_t		 i;

	for (i = 0; i < m->nwins; i++) {
		w = m->wins[i];
		if (w->kind == MWIN_SESSION && w->session == id)
			return (w);
	}
	snprintf(name, sizeof name, "#%llu", (unsigned long long)id);
	w = model_window_new(m, MWIN_SESSION, name);
	w->session = id;
	return (w);
}

/* Return the index of a window. */
size_t
model_window_index(struct model *m, const struct mwin *w)
{
	size_t	i;

	for (i = 0; i < m->nwins; i++) {
		if (m->wins[i] == w)
			return (i);
	}
	return (0);
}

/* Return a session we know, or NULL. */
struct msess *
model_session(struct model *m, uint64_t id)
{
	size_t	i;

	for (i = 0; i < m->nsess; i++) {
		if (m->sess[i]->id == id)
			return (m->sess[i]);
	}
	return (NULL);
}

/* Return a session we know, made if need be. */
static struct msess *
model_session_get(struct model *m, uint64_t id)
{
	struct msess	*s;

	if ((s = model_session(m, id)) != NULL)
		return (s);
	s = xcalloc(1, sizeof *s);
	s->id = id;
	s->phase_left_ms = s->turn_left_ms = -1;
	s->phase_total_ms = s->turn_total_ms = -1;
	m->sess = xreallocarray(m->sess, m->nsess + 1, sizeof *m->sess);
	m->sess[m->nsess++] = s;
	return (s);
}

/*
 * Return the session commands act on: the current window's, or else the
 * one session we are in, or 0.
 */
uint64_t
model_current_session(struct model *m)
{
	struct mwin	*w = model_current(m);
	uint64_t	 found = 0;
	size_t		 i, n = 0;

	if (w->kind == MWIN_SESSION)
		return (w->session);
	for (i = 0; i < m->nsess; i++) {
		if (m->sess[i]->joined) {
			found = m->sess[i]->id;
			n++;
		}
	}
	return (n == 1 ? found : 0);
}

/* Append one line (no newline inside) to a window's ring. */
static void
model_push(struct model *m, struct mwin *w, enum mline_kind kind, int64_t at,
    const char *who, const char *text, size_t len)
{
	struct mline	*l;

	if (w->nlines == MODEL_SCROLLBACK) {
		/* Full: drop the oldest line, whose slot takes the new one. */
		model_line_free(&w->lines[w->first]);
		w->first = (w->first + 1) % MODEL_SCROLLBACK;
		w->nlines--;
		if (w->scroll > w->nlines)
			w->scroll = w->nlines;	/* the line read is gone */
	} else
		w->lines = xreallocarray(w->lines, w->nlines + 1,
		    sizeof *w->lines);
	l = &w->lines[(w->first + w->nlines) % MODEL_SCROLLBACK];
	l->kind = kind;
	l->at = at != 0 ? at : (int64_t)time(NULL) * 1000;
	l->who = who != NULL ? sanitize_str(who, 0) : NULL;
	l->text = sanitize(text, len, 0);
	w->nlines++;
	if (w->scroll > 0)
		w->scroll++;	/* keep the view where the reader left it */
	if (w != model_current(m)) {
		if (kind == ML_POST || kind == ML_NOTE || kind == ML_ALERT ||
		    kind == ML_BOARD)
			w->activity = 2;
		else if (w->activity == 0)
			w->activity = 1;
	}
	if (m->on_line != NULL)
		m->on_line(m->on_line_arg, w, l);
}

/*
 * Add text to a window, one scrollback line per line of text; the text
 * and the name are made inert (sanitize) on the way in.
 */
void
model_text(struct model *m, struct mwin *w, enum mline_kind kind, int64_t at,
    const char *who, const char *text)
{
	const char	*p = text, *nl;

	if (w == NULL)
		w = m->wins[0];
	for (;;) {
		nl = strchr(p, '\n');
		model_push(m, w, kind, at, who, p, nl != NULL ?
		    (size_t)(nl - p) : strlen(p));
		if (nl == NULL)
			break;
		p = nl + 1;
		who = NULL;	/* continuation lines */
	}
}

/* Add formatted text to a window; see model_text. */
void
model_line(struct model *m, struct mwin *w, enum mline_kind kind, int64_t at,
    const char *who, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	model_text(m, w, kind, at, who, s);
	free(s);
}

/* Return line i of a window (0 the oldest kept), or NULL. */
const struct mline *
model_line_at(const struct mwin *w, size_t i)
{
	if (i >= w->nlines)
		return (NULL);
	return (&w->lines[(w->first + i) % MODEL_SCROLLBACK]);
}

/*
 * Replace a one-line field (a title, a name, a status) with a sanitized
 * copy, a newline in it made visible so that it cannot break a bar
 * (NULL stays NULL).
 */
static void
model_set(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL && *v != '\0' ? sanitize_str(v, 0) : NULL;
}

/* Replace a field of several lines (the norms) with a sanitized copy. */
static void
model_set_lines(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL && *v != '\0' ? sanitize_str(v, SAN_NEWLINE) : NULL;
}

/* Return 1 if two names are the same account (names ignore case). */
static int
model_same(const char *a, const char *b)
{
	return (a != NULL && b != NULL && strcasecmp(a, b) == 0);
}

/* Note that someone has been heard in a session. */
static void
model_heard(struct msess *s, const char *user)
{
	size_t	i;

	if (user == NULL)
		return;
	for (i = 0; i < s->nspoken; i++) {
		if (model_same(s->spoken[i], user))
			return;
	}
	s->spoken = xreallocarray(s->spoken, s->nspoken + 1,
	    sizeof *s->spoken);
	s->spoken[s->nspoken++] = sanitize_str(user, 0);
}

/* Return 1 if a member has held the floor or posted. */
int
model_has_spoken(const struct msess *s, const char *user)
{
	size_t	i;

	for (i = 0; i < s->nspoken; i++) {
		if (model_same(s->spoken[i], user))
			return (1);
	}
	return (0);
}

/* Return a roster entry, made if asked. */
static struct mmember *
model_member(struct msess *s, const char *user, int make)
{
	struct mmember	*mm;
	size_t		 i;

	if (user == NULL)
		return (NULL);
	for (i = 0; i < s->nmembers; i++) {
		if (model_same(s->members[i].user, user))
			return (&s->members[i]);
	}
	if (!make)
		return (NULL);
	s->members = xreallocarray(s->members, s->nmembers + 1,
	    sizeof *s->members);
	mm = &s->members[s->nmembers++];
	memset(mm, 0, sizeof *mm);
	mm->user = sanitize_str(user, 0);
	mm->role = xstrdup("participant");
	mm->connected = 1;
	return (mm);
}

/* Replace a session's queue. */
static void
model_set_queue(struct msess *s, char *const *order, size_t n)
{
	size_t	i;

	model_strs_free(s->queue, s->nqueue);
	s->queue = n > 0 ? xcalloc(n, sizeof *s->queue) : NULL;
	for (i = 0; i < n; i++)
		s->queue[i] = sanitize_str(order[i], 0);
	s->nqueue = n;
}

/* Return our place in the queue (1: next), or 0 if not in it. */
int
model_queue_place(const struct msess *s, const char *me)
{
	size_t	i;

	for (i = 0; i < s->nqueue; i++) {
		if (model_same(s->queue[i], me))
			return ((int)i + 1);
	}
	return (0);
}

/*
 * Return the time left of a countdown: left ms at local time at, now is
 * the local time; -1 (untimed) stays -1, a frozen one does not move, and
 * none goes below 0.
 */
int64_t
model_left(int64_t left, int64_t at, int64_t now, int frozen)
{
	int64_t	v;

	if (left < 0)
		return (-1);
	if (frozen || now <= at)
		return (left);
	v = left - (now - at);
	return (v > 0 ? v : 0);
}

/* Return 1 if a session's clocks stand still. */
static int
model_frozen(const struct msess *s)
{
	return (s->status == NULL || strcmp(s->status, "running") != 0 ||
	    s->waiting);
}

/* Return the time left in the phase now. */
int64_t
model_phase_left(const struct msess *s, int64_t now)
{
	return (model_left(s->phase_left_ms, s->phase_at, now,
	    model_frozen(s)));
}

/* Return the time left in the current turn now, -1 without one. */
int64_t
model_turn_left(const struct msess *s, int64_t now)
{
	if (s->holder == NULL)
		return (-1);
	return (model_left(s->turn_left_ms, s->turn_at, now,
	    model_frozen(s) || s->turn_held));
}

/* Freeze both countdowns at their value now (pause). */
static void
model_freeze(struct msess *s, int64_t now)
{
	s->phase_left_ms = model_phase_left(s, now);
	s->phase_at = now;
	s->turn_left_ms = s->holder != NULL ? model_turn_left(s, now) :
	    s->turn_left_ms;
	s->turn_at = now;
}

/* Write milliseconds as M:SS (or H:MM:SS), rounding up; -1 as "--:--". */
void
model_format_ms(int64_t ms, char *buf, size_t len)
{
	int64_t	secs;

	if (ms < 0) {
		snprintf(buf, len, "--:--");
		return;
	}
	secs = (ms + 999) / 1000;
	if (secs >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld",
		    (long long)(secs / 3600), (long long)(secs / 60 % 60),
		    (long long)(secs % 60));
	else
		snprintf(buf, len, "%lld:%02lld", (long long)(secs / 60),
		    (long long)(secs % 60));
}

/*
 * The delay before reconnect attempt n (0 the first): the base doubled
 * each time up to the cap, less up to a quarter for jitter (permille:
 * 0 to 1000, random from the caller) so that clients of a restarted
 * server do not all come back at once.
 */
int64_t
model_backoff(unsigned int attempt, unsigned int permille)
{
	int64_t	d = MODEL_BACKOFF_BASE;

	while (attempt-- > 0 && d < MODEL_BACKOFF_CAP)
		d *= 2;
	if (d > MODEL_BACKOFF_CAP)
		d = MODEL_BACKOFF_CAP;
	if (permille > 1000)
		permille = 1000;
	return (d - d / 4 * (int64_t)permille / 1000);
}

/* Note whether we are connected, and when the next try is. */
void
model_set_online(struct model *m, int online, int64_t retry_at)
{
	m->online = online;
	m->retry_at = online ? 0 : retry_at;
}

/* Keep the template names a template_page listed, for completion. */
void
model_templates(struct model *m, const struct msg_template_page *p)
{
	size_t	i;

	model_strs_free(m->templates, m->ntemplates);
	m->templates = p->ntemplates > 0 ? xcalloc(p->ntemplates,
	    sizeof *m->templates) : NULL;
	for (i = 0; i < p->ntemplates; i++)
		m->templates[i] = sanitize_str(p->templates[i].name != NULL ?
		    p->templates[i].name : "", 0);
	m->ntemplates = p->ntemplates;
}

/*
 * We are joining a session (the join is sent): make its session and
 * window, so that the backfill that comes before session_state has a
 * home, and remember the options for a rejoin.
 */
void
model_joining(struct model *m, uint64_t id, int observer, int facilitator)
{
	struct msess	*s;

	s = model_session_get(m, id);
	s->observer = observer;
	s->facilitator = facilitator;
	s->left = 0;
	model_session_window(m, id);
}

/* We left a session (or were removed): do not rejoin it. */
void
model_left_session(struct model *m, uint64_t id)
{
	struct msess	*s;

	if ((s = model_session(m, id)) == NULL)
		return;
	s->joined = 0;
	s->left = 1;
	free(s->holder);
	s->holder = NULL;
}

/* Copy a session_state's roster. */
static void
model_roster(struct msess *s, const struct msg_session_state *st)
{
	const struct roster_rec	*r;
	struct mmember		*mm;
	size_t			 i;

	model_members_free(s);
	s->members = st->nmembers > 0 ? xcalloc(st->nmembers,
	    sizeof *s->members) : NULL;
	for (i = 0; i < st->nmembers; i++) {
		r = &st->members[i];
		mm = &s->members[i];
		mm->user = sanitize_str(r->user != NULL ? r->user : "?", 0);
		mm->role = sanitize_str(r->role != NULL ? r->role :
		    "participant", 0);
		mm->presenter = r->presenter;
		mm->connected = r->connected;
		mm->absent = r->absent;
		mm->muted = r->muted;
		mm->hand = r->hand;
		mm->inner = r->inner;
		mm->norms_acked = r->norms_acked;
		mm->turns = r->turns;
		mm->posts = r->posts;
		mm->floor_ms = r->floor_ms;
		if (r->turns > 0 || r->posts > 0)
			model_heard(s, r->user);
	}
	s->nmembers = st->nmembers;
}

/*
 * Take a session_state that says truncated: one part of a long backfill
 * came, up to st->seq; the session is not joined until the last part.
 * Return the seq to join again from (the caller does).
 */
uint64_t
model_backfill_part(struct model *m, const struct msg_session_state *st)
{
	struct msess	*s;
	struct mwin	*w;

	s = model_session_get(m, st->session);
	if (st->seq > s->seq)
		s->seq = st->seq;
	w = model_session_window(m, st->session);
	model_line(m, w, ML_INFO, 0, NULL, "Catching up on session #%llu: "
	    "events up to %llu received, asking for the rest.",
	    (unsigned long long)s->id, (unsigned long long)s->seq);
	return (s->seq);
}

/*
 * Take a session_state (the reply to a join): where the session stands
 * at seq, with the times left as of now. Return MA_* flags.
 */
int
model_state(struct model *m, const struct msg_session_state *st, int64_t now)
{
	struct msess	*s;
	struct mwin	*w;
	char		 left[16];
	int		 again;

	s = model_session_get(m, st->session);
	again = s->stated;
	s->stated = 1;
	if (st->seq > s->seq)
		s->seq = st->seq;
	s->joined = 1;
	s->left = 0;
	model_set(&s->title, st->title);
	model_set(&s->template_name, st->template_name);
	model_set(&s->record, st->record);
	model_set(&s->status, st->status);
	model_set(&s->role, st->role);
	model_set_lines(&s->norms, st->norms);
	s->norms_acked = st->norms_acked;
	s->phase = st->phase;
	s->nphases = st->nphases;
	model_set(&s->phase_id, st->phase_id);
	model_set(&s->phase_title, st->phase_title);
	model_set(&s->floor, st->floor);
	s->waiting = st->waiting;
	s->phase_left_ms = st->phase_left_ms;
	s->phase_total_ms = st->phase_total_ms;
	s->phase_at = now;
	model_set(&s->holder, st->holder);
	s->turn_left_ms = st->turn_left_ms;
	s->turn_total_ms = st->turn_total_ms;
	s->turn_at = now;
	s->turn_held = st->turn_held;
	s->round = st->round;
	model_set(&s->presenter, st->presenter);
	model_set_queue(s, st->queue, st->nqueue);
	model_roster(s, st);
	if (s->holder != NULL)
		model_heard(s, s->holder);

	w = model_session_window(m, st->session);
	model_format_ms(model_phase_left(s, now), left, sizeof left);
	if (again)
		model_line(m, w, ML_INFO, 0, NULL, "Back in session #%llu: "
		    "phase %u/%u %s, %s left.", (unsigned long long)s->id,
		    s->phase, s->nphases, s->phase_title != NULL ?
		    s->phase_title : "", left);
	else {
		model_line(m, w, ML_INFO, 0, NULL, "Joined session #%llu "
		    "\"%s\" (%s) as %s; it is %s, recorded %s.",
		    (unsigned long long)s->id, s->title != NULL ? s->title : "",
		    s->template_name != NULL ? s->template_name : "?",
		    s->role != NULL ? s->role : "?",
		    s->status != NULL ? s->status : "?",
		    s->record != NULL ? s->record : "?");
		if (s->phase > 0)
			model_line(m, w, ML_PHASE, 0, NULL, "Phase %u/%u: %s "
			    "(%s), %s left", s->phase, s->nphases,
			    s->phase_title != NULL ? s->phase_title : "",
			    s->floor != NULL ? s->floor : "", left);
		if (s->norms != NULL && !s->norms_acked) {
			model_text(m, w, ML_NOTE, 0, "norms", s->norms);
			model_line(m, w, ML_INFO, 0, NULL, "Type /ack to "
			    "accept the norms before you speak.");
		}
		model_select(m, model_window_index(m, w));
	}
	return (MA_CHANGED);
}

/* What an event handler gets: the model, session, window and event. */
struct model_ev {
	struct model				*m;
	struct msess				*s;
	struct mwin				*w;
	const struct msg_session_event		*e;
	int64_t					 now;
	int					 alerts;
};

/* Show an event as the server worded it, or as kind and names. */
static void
model_ev_say(struct model_ev *x, enum mline_kind kind)
{
	const struct msg_session_event	*e = x->e;

	if (e->msg != NULL && *e->msg != '\0')
		model_text(x->m, x->w, kind, (int64_t)e->at, NULL, e->msg);
	else
		model_line(x->m, x->w, kind, (int64_t)e->at, NULL, "%s%s%s%s%s",
		    e->kind, e->user != NULL ? " " : "", e->user != NULL ?
		    e->user : "", e->target != NULL ? " -> " : "",
		    e->target != NULL ? e->target : "");
}

/* join, reconnect: a member is here. */
static void
model_ev_join(struct model_ev *x)
{
	struct mmember	*mm = model_member(x->s, x->e->user, 1);

	mm->connected = 1;
	mm->absent = 0;
	model_ev_say(x, ML_EVENT);
}

/* leave, disconnect: a member is gone, for now. */
static void
model_ev_leave(struct model_ev *x)
{
	struct mmember	*mm = model_member(x->s, x->e->user, 0);

	if (mm != NULL)
		mm->connected = 0;
	model_ev_say(x, ML_EVENT);
}

/* absent: a grace period ran out. */
static void
model_ev_absent(struct model_ev *x)
{
	struct mmember	*mm;

	if ((mm = model_member(x->s, x->e->target != NULL ? x->e->target :
	    x->e->user, 0)) != NULL)
		mm->absent = 1;
	model_ev_say(x, ML_EVENT);
}

/* norms-ack: someone accepted the norms. */
static void
model_ev_ack(struct model_ev *x)
{
	struct mmember	*mm = model_member(x->s, x->e->user, 0);

	if (mm != NULL)
		mm->norms_acked = 1;
	if (model_same(x->e->user, x->m->me))
		x->s->norms_acked = 1;
	model_ev_say(x, ML_EVENT);
}

/* start, resume, resumed: the clock runs. */
static void
model_ev_run(struct model_ev *x)
{
	model_set(&x->s->status, "running");
	if (x->e->left_ms >= 0 && strcmp(x->e->kind, "start") != 0) {
		x->s->phase_left_ms = x->e->left_ms;
		if (x->e->total_ms > 0)
			x->s->phase_total_ms = x->e->total_ms;
	}
	x->s->phase_at = x->now;
	x->s->turn_at = x->now;
	model_ev_say(x, ML_EVENT);
}

/* pause: every clock stops where it is. */
static void
model_ev_pause(struct model_ev *x)
{
	model_freeze(x->s, x->now);
	model_set(&x->s->status, "paused");
	model_ev_say(x, ML_EVENT);
}

/* end: the session is over. */
static void
model_ev_end(struct model_ev *x)
{
	model_freeze(x->s, x->now);
	model_set(&x->s->status, "ended");
	model_set(&x->s->holder, NULL);
	x->s->phase_left_ms = x->s->turn_left_ms = -1;
	model_set_queue(x->s, NULL, 0);
	model_line(x->m, x->w, ML_PHASE, (int64_t)x->e->at, NULL,
	    "Session ended");
	if (x->e->msg != NULL && *x->e->msg != '\0')
		model_ev_say(x, ML_EVENT);
}

/* phase-start: a new phase, drawn as a separator. */
static void
model_ev_phase(struct model_ev *x)
{
	const struct msg_session_event	*e = x->e;
	struct msess			*s = x->s;
	const char			*title;
	char				 left[16];
	size_t				 i;

	s->phase = e->phase;
	if (s->nphases < e->phase)
		s->nphases = e->phase;
	title = e->phase_title != NULL && *e->phase_title != '\0' ?
	    e->phase_title : e->phase_id;
	model_set(&s->phase_id, e->phase_id);
	model_set(&s->phase_title, title);
	model_set(&s->floor, e->floor);
	s->phase_left_ms = e->left_ms;
	s->phase_total_ms = e->total_ms;
	s->phase_at = x->now;
	s->waiting = 0;
	s->round = e->round;
	model_set(&s->holder, NULL);
	s->turn_left_ms = s->turn_total_ms = -1;
	model_set_queue(s, NULL, 0);
	model_set(&s->presenter, e->target);
	for (i = 0; i < s->nmembers; i++) {
		s->members[i].presenter = model_same(s->members[i].user,
		    e->target);
		s->members[i].hand = 0;
	}
	if (s->status == NULL || strcmp(s->status, "lobby") == 0)
		model_set(&s->status, "running");
	model_format_ms(e->left_ms, left, sizeof left);
	model_line(x->m, x->w, ML_PHASE, (int64_t)e->at, NULL,
	    "Phase %u/%u: %s (%s)%s%s", e->phase, s->nphases,
	    title != NULL ? title : "", e->floor != NULL ?
	    e->floor : "", e->left_ms >= 0 ? ", " : "", e->left_ms >= 0 ?
	    left : "");
	if (e->text != NULL && *e->text != '\0')
		model_text(x->m, x->w, ML_NOTE, (int64_t)e->at, "prompt",
		    e->text);
	x->alerts |= MA_CHANGED;
}

/* phase-end: the phase is over; the next phase-start says what follows. */
static void
model_ev_phase_end(struct model_ev *x)
{
	model_set(&x->s->holder, NULL);
	model_ev_say(x, ML_EVENT);
}

/* time-up: waiting for the facilitator to move on. */
static void
model_ev_time_up(struct model_ev *x)
{
	x->s->waiting = 1;
	x->s->phase_left_ms = 0;
	x->s->phase_at = x->now;
	model_ev_say(x, ML_ALERT);
}

/* round-start: a new round, with its order. */
static void
model_ev_round(struct model_ev *x)
{
	x->s->round = x->e->round;
	model_set_queue(x->s, x->e->order, x->e->norder);
	model_ev_say(x, ML_EVENT);
}

/* presenter: who the protocol presents. */
static void
model_ev_presenter(struct model_ev *x)
{
	size_t	i;

	model_set(&x->s->presenter, x->e->target);
	for (i = 0; i < x->s->nmembers; i++)
		x->s->members[i].presenter = model_same(x->s->members[i].user,
		    x->e->target);
	model_ev_say(x, ML_EVENT);
}

/* Take a name out of the queue. */
static void
model_unqueue(struct msess *s, const char *user)
{
	size_t	i;

	for (i = 0; i < s->nqueue; i++) {
		if (model_same(s->queue[i], user)) {
			free(s->queue[i]);
			memmove(&s->queue[i], &s->queue[i + 1],
			    (s->nqueue - i - 1) * sizeof *s->queue);
			s->nqueue--;
			return;
		}
	}
}

/* turn-start: someone holds the floor. */
static void
model_ev_turn(struct model_ev *x)
{
	const struct msg_session_event	*e = x->e;
	struct msess			*s = x->s;
	struct mmember			*mm;
	char				 left[16];

	model_set(&s->holder, e->user);
	s->turn_left_ms = e->left_ms;
	s->turn_total_ms = e->total_ms;
	s->turn_at = x->now;
	s->turn_held = 0;
	model_unqueue(s, e->user);
	model_heard(s, e->user);
	if ((mm = model_member(s, e->user, 0)) != NULL) {
		mm->turns++;
		mm->hand = 0;
	}
	model_format_ms(e->left_ms, left, sizeof left);
	if (model_same(e->user, x->m->me)) {
		model_line(x->m, x->w, ML_ALERT, (int64_t)e->at, NULL,
		    "Your turn%s%s%s", e->value == 1 ? " to sum up" : "",
		    e->left_ms >= 0 ? ": " : "", e->left_ms >= 0 ? left : "");
		x->alerts |= MA_TURN;
	} else
		model_line(x->m, x->w, ML_EVENT, (int64_t)e->at, NULL,
		    "%s has the floor%s%s%s", e->user != NULL ? e->user : "?",
		    e->value == 1 ? " to sum up" : "", e->left_ms >= 0 ?
		    " for " : "", e->left_ms >= 0 ? left : "");
}

/* turn-end: the holder's turn is over. */
static void
model_ev_turn_end(struct model_ev *x)
{
	if (model_same(x->s->holder, x->e->user) || x->e->user == NULL)
		model_set(&x->s->holder, NULL);
	model_ev_say(x, ML_EVENT);
}

/* turn-held, turn-resumed: a disconnected holder's turn waits, or goes on. */
static void
model_ev_held(struct model_ev *x)
{
	x->s->turn_left_ms = model_turn_left(x->s, x->now);
	x->s->turn_at = x->now;
	x->s->turn_held = strcmp(x->e->kind, "turn-held") == 0;
	if (!x->s->turn_held && x->e->left_ms >= 0)
		x->s->turn_left_ms = x->e->left_ms;
	model_ev_say(x, ML_EVENT);
}

/* warning: a minute or ten seconds left, in the phase (0) or turn (1). */
static void
model_ev_warning(struct model_ev *x)
{
	const struct msg_session_event	*e = x->e;
	struct msess			*s = x->s;
	char				 left[16];
	int				 mine;

	if (e->value == 1) {
		if (e->left_ms >= 0) {
			s->turn_left_ms = e->left_ms;
			s->turn_at = x->now;
		}
	} else if (e->left_ms >= 0) {
		s->phase_left_ms = e->left_ms;
		s->phase_at = x->now;
	}
	mine = e->value == 0 || model_same(s->holder, x->m->me) ||
	    model_same(e->user, x->m->me);
	model_format_ms(e->left_ms, left, sizeof left);
	model_line(x->m, x->w, mine ? ML_ALERT : ML_EVENT, (int64_t)e->at,
	    NULL, "%s left in %s%s", left, e->value == 1 ? "the turn of " :
	    "the phase", e->value == 1 ? (s->holder != NULL ? s->holder :
	    "the holder") : "");
	if (mine)
		x->alerts |= MA_WARN;
}

/* post: someone said something. */
static void
model_ev_post(struct model_ev *x)
{
	struct mmember	*mm;

	model_heard(x->s, x->e->user);
	if ((mm = model_member(x->s, x->e->user, 0)) != NULL)
		mm->posts++;
	model_text(x->m, x->w, model_same(x->e->user, x->m->me) ? ML_SELF :
	    ML_POST, (int64_t)x->e->at, x->e->user != NULL ? x->e->user : "?",
	    x->e->text != NULL ? x->e->text : (x->e->msg != NULL ?
	    x->e->msg : ""));
	if (x->w != model_current(x->m))
		x->w->activity = 2;
}

/* board-post: a card or a reply on the written board. */
static void
model_ev_board(struct model_ev *x)
{
	char	*s;

	model_heard(x->s, x->e->user);
	if (x->e->parent != 0)
		xasprintf(&s, "[card %u, reply to %u] %s", x->e->card,
		    x->e->parent, x->e->text != NULL ? x->e->text : "");
	else
		xasprintf(&s, "[card %u] %s", x->e->card, x->e->text != NULL ?
		    x->e->text : "");
	model_text(x->m, x->w, ML_BOARD, (int64_t)x->e->at,
	    x->e->user != NULL ? x->e->user : "?", s);
	free(s);
}

/* note: a facilitator note, shown apart from posts. */
static void
model_ev_note(struct model_ev *x)
{
	model_text(x->m, x->w, ML_NOTE, (int64_t)x->e->at,
	    x->e->user != NULL ? x->e->user : "facilitator",
	    x->e->text != NULL ? x->e->text : (x->e->msg != NULL ? x->e->msg :
	    ""));
}

/* hand: a hand went up (value 1) or down. */
static void
model_ev_hand(struct model_ev *x)
{
	struct mmember	*mm;

	if ((mm = model_member(x->s, x->e->target != NULL ? x->e->target :
	    x->e->user, 0)) != NULL)
		mm->hand = x->e->value != 0;
	if (x->e->norder > 0 || x->e->value == 0)
		model_set_queue(x->s, x->e->order, x->e->norder);
	model_ev_say(x, ML_EVENT);
}

/* queue: the order changed. */
static void
model_ev_queue(struct model_ev *x)
{
	size_t		 i;
	struct mmember	*mm;

	model_set_queue(x->s, x->e->order, x->e->norder);
	if (strcmp(x->s->floor != NULL ? x->s->floor : "", "queue") == 0 ||
	    strcmp(x->s->floor != NULL ? x->s->floor : "", "progressive") ==
	    0) {
		for (i = 0; i < x->s->nmembers; i++)
			x->s->members[i].hand = 0;
		for (i = 0; i < x->e->norder; i++) {
			if ((mm = model_member(x->s, x->e->order[i], 0)) !=
			    NULL)
				mm->hand = 1;
		}
	}
}

/* circle: fishbowl circles. */
static void
model_ev_circle(struct model_ev *x)
{
	struct mmember	*mm;

	if ((mm = model_member(x->s, x->e->target != NULL ? x->e->target :
	    x->e->user, 0)) != NULL)
		mm->inner = x->e->value != 0;
	model_ev_say(x, ML_EVENT);
}

/* control: a facilitator action. */
static void
model_ev_control(struct model_ev *x)
{
	struct mmember	*mm;
	const char	*r = x->e->reason != NULL ? x->e->reason : "";

	if (strcmp(r, "mute") == 0 || strcmp(r, "unmute") == 0) {
		if ((mm = model_member(x->s, x->e->target, 0)) != NULL)
			mm->muted = strcmp(r, "mute") == 0;
	}
	if ((strcmp(r, "adjust") == 0 || strcmp(r, "extend") == 0 ||
	    strcmp(r, "shorten") == 0) && x->e->left_ms >= 0) {
		/* A turn's time names its holder; the phase's names nobody. */
		if (x->e->target != NULL && *x->e->target != '\0') {
			x->s->turn_left_ms = x->e->left_ms;
			x->s->turn_at = x->now;
		} else {
			x->s->phase_left_ms = x->e->left_ms;
			x->s->phase_at = x->now;
			x->s->waiting = 0;
		}
	}
	model_ev_say(x, ML_EVENT);
}

/* removed: we lost our place in the space, and so in the session. */
static void
model_ev_removed(struct model_ev *x)
{
	model_ev_say(x, ML_ERROR);
	model_left_session(x->m, x->s->id);
}

/* Events shown as the server words them, with no state of their own. */
static void
model_ev_plain(struct model_ev *x)
{
	model_ev_say(x, ML_EVENT);
}

/* What each event kind does to the session. */
static const struct {
	const char	*kind;
	void		(*fn)(struct model_ev *);
} model_events[] = {
	{ "join", model_ev_join },
	{ "reconnect", model_ev_join },
	{ "leave", model_ev_leave },
	{ "disconnect", model_ev_leave },
	{ "absent", model_ev_absent },
	{ "norms-ack", model_ev_ack },
	{ "start", model_ev_run },
	{ "resume", model_ev_run },
	{ "resumed", model_ev_run },
	{ "pause", model_ev_pause },
	{ "end", model_ev_end },
	{ "phase-start", model_ev_phase },
	{ "phase-end", model_ev_phase_end },
	{ "time-up", model_ev_time_up },
	{ "round-start", model_ev_round },
	{ "presenter", model_ev_presenter },
	{ "turn-start", model_ev_turn },
	{ "turn-end", model_ev_turn_end },
	{ "turn-held", model_ev_held },
	{ "turn-resumed", model_ev_held },
	{ "turn-skipped", model_ev_plain },
	{ "warning", model_ev_warning },
	{ "post", model_ev_post },
	{ "board-post", model_ev_board },
	{ "note", model_ev_note },
	{ "pass", model_ev_plain },
	{ "hand", model_ev_hand },
	{ "queue", model_ev_queue },
	{ "circle", model_ev_circle },
	{ "control", model_ev_control },
	{ "removed", model_ev_removed },
};

/*
 * Take a session_event at local time now. An event at or below the last
 * seq seen is a repeat and is dropped. Return MA_* flags.
 */
int
model_event(struct model *m, const struct msg_session_event *e, int64_t now)
{
	struct model_ev	 x;
	size_t		 i;

	memset(&x, 0, sizeof x);
	x.m = m;
	x.s = model_session_get(m, e->session);
	if (e->seq != 0) {
		if (e->seq <= x.s->seq)
			return (0);
		x.s->seq = e->seq;
	}
	x.w = model_session_window(m, e->session);
	x.e = e;
	x.now = now;
	x.alerts = MA_CHANGED;
	for (i = 0; i < sizeof model_events / sizeof model_events[0]; i++) {
		if (e->kind != NULL && strcmp(model_events[i].kind, e->kind) ==
		    0) {
			model_events[i].fn(&x);
			return (x.alerts);
		}
	}
	model_ev_say(&x, ML_EVENT);	/* a kind newer than this client */
	return (x.alerts);
}

/*
 * Show a refused session request (an error reply): the server's reason,
 * with who holds the floor and when we may speak. Return MA_CHANGED.
 */
int
model_refusal(struct model *m, uint64_t sid, uint16_t req_type,
    const struct msg_error *e)
{
	struct mwin	*w;
	struct pbuf	 b;
	char		 t[16], *s;
	const char	*what;

	w = sid != 0 ? model_session_window(m, sid) : model_current(m);
	what = req_type == MSG_SESSION_POST ? "Not posted" :
	    req_type == MSG_SESSION_ACT ? "Not done" :
	    req_type == MSG_SESSION_CONTROL ? "Control refused" : "Refused";
	pbuf_init(&b);
	xasprintf(&s, "%s (%s%s%s): %s", what, e->name != NULL ? e->name :
	    proto_err_name((int)e->code), e->reason != NULL ? ", " : "",
	    e->reason != NULL ? e->reason : "", e->message != NULL ?
	    e->message : "");
	pbuf_add(&b, s, strlen(s));
	free(s);
	if (e->holder != NULL) {
		model_format_ms(e->holder_left_ms, t, sizeof t);
		xasprintf(&s, " | floor: %s (%s left)", e->holder, t);
		pbuf_add(&b, s, strlen(s));
		free(s);
	}
	if (e->position > 0) {
		xasprintf(&s, " | you are #%u", e->position);
		pbuf_add(&b, s, strlen(s));
		free(s);
	}
	if (e->eta_ms >= 0 && (e->position > 0 || e->next_phase > 0)) {
		model_format_ms(e->eta_ms, t, sizeof t);
		xasprintf(&s, " | you may speak in about %s", t);
		pbuf_add(&b, s, strlen(s));
		free(s);
	}
	pbuf_add(&b, "", 1);
	model_text(m, w, ML_REFUSAL, 0, NULL, (char *)b.data);
	pbuf_free(&b);
	return (MA_CHANGED);
}
