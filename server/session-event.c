/*
 * session-event.c: what clients see of a session: the events of its log
 * as wire messages, where it stands (session_state), its summary record,
 * and refusals with the rule that refused them.
 *
 * Accounts are named on the wire; the engine and the log know them by
 * uid. Names are copied into the messages built here, and the matching
 * free function releases them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "session.h"
#include "xmalloc.h"

/* Copy a name that may be NULL. */
static char *
session_name_dup(struct live *ls, int64_t uid)
{
	const char	*n = session_user_name(ls, uid);

	return (n != NULL ? xstrdup(n) : NULL);
}

/* Split a space-separated list of uids into a new array of names. */
static char **
session_names(struct live *ls, const char *ord, size_t *n)
{
	char		**names = NULL;
	const char	 *p = ord;
	char		 *end;
	unsigned long long v;
	size_t		  cap = 0;

	*n = 0;
	while (p != NULL && *p != '\0') {
		v = strtoull(p, &end, 10);
		if (end == p)
			break;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xreallocarray(names, cap, sizeof *names);
		}
		names[(*n)++] = session_name_dup(ls, (int64_t)v);
		if (names[*n - 1] == NULL)
			names[*n - 1] = xstrdup("unknown");
		p = end;
		while (*p == ' ')
			p++;
	}
	return (names);
}

/*
 * Fill a wire event from a log event. The strings of ev are borrowed;
 * names and a regenerated message are new (session_event_free_names).
 */
void
session_event_from_store(struct live *ls, const struct store_event *ev,
    struct msg_session_event *e)
{
	const struct engine_template	*tpl;
	bool				 speech;

	memset(e, 0, sizeof *e);
	e->session = (uint64_t)ev->session;
	e->seq = (uint64_t)ev->seq;
	e->at = ev->at > 0 ? (uint64_t)ev->at : 0;
	e->kind = (char *)ev->kind;
	e->user = session_name_dup(ls, ev->actor);
	e->target = session_name_dup(ls, ev->target);
	e->phase = ev->phase;
	e->phase_id = (char *)ev->phase_id;
	if (ls != NULL && ls->es != NULL && ev->phase > 0) {
		tpl = engine_template(ls->es);
		if (ev->phase <= tpl->nphases)
			e->phase_title = tpl->phases[ev->phase - 1].title;
	}
	e->floor = (char *)ev->floor;
	e->round = ev->round;
	e->left_ms = ev->left_ms;
	e->total_ms = ev->total_ms;
	e->value = ev->value;
	e->reason = (char *)ev->reason;
	e->text = (char *)ev->text;
	e->tag = (char *)ev->tag;
	e->card = ev->card;
	e->parent = ev->parent;
	e->order = session_names(ls, ev->ord, &e->norder);
	speech = strcmp(ev->kind, "post") == 0 ||
	    strcmp(ev->kind, "board-post") == 0 ||
	    strcmp(ev->kind, "note") == 0;
	/* Words go once: a sentence repeating them would double the frame. */
	if (speech && ev->text != NULL)
		return;
	if (ev->msg != NULL)
		e->msg = xstrdup(ev->msg);
	else if (ev->text != NULL)
		xasprintf(&e->msg, "%s: %s", e->user ? e->user : "?", ev->text);
	else if (speech)
		xasprintf(&e->msg, "%s spoke (%s).", e->user ? e->user : "?",
		    ls != NULL && ls->row.record == RECORD_OFF ?
		    "off the record" : "the words were redacted");
}

/* Free what session_event_from_store allocated. */
void
session_event_free_names(struct msg_session_event *e)
{
	size_t	i;

	free(e->user);
	free(e->target);
	for (i = 0; i < e->norder; i++)
		free(e->order[i]);
	free(e->order);
	free(e->msg);
	e->user = e->target = e->msg = NULL;
	e->order = NULL;
	e->norder = 0;
}

/* Put a phase's prompt into out, with {presenter} filled in. */
static char *
session_prompt(const char *prompt, const char *presenter)
{
	const char	*at;
	char		*out;

	if (prompt == NULL)
		return (NULL);
	if ((at = strstr(prompt, "{presenter}")) == NULL)
		return (xstrdup(prompt));
	xasprintf(&out, "%.*s%s%s", (int)(at - prompt), prompt,
	    presenter != NULL ? presenter : "the presenter",
	    at + strlen("{presenter}"));
	return (out);
}

/* Fill where a session stands, as account uid sees it. */
void
session_state_fill(struct live *ls, int64_t uid, int64_t seq,
    struct msg_session_state *st)
{
	const struct engine_template	*tpl = engine_template(ls->es);
	struct engine_member_info	 mi;
	struct engine_view		 v;
	struct roster_rec		*r;
	uint64_t			 clock = session_clock();
	size_t				 i, n;

	engine_view(ls->es, clock, &v);
	memset(st, 0, sizeof *st);
	st->session = (uint64_t)ls->row.id;
	st->seq = (uint64_t)seq;
	st->title = ls->row.title;
	st->template_name = ls->row.template_name;
	st->record = (char *)session_record_name(ls->row.record);
	st->status = (char *)session_status_name((int)v.status);
	st->norms = (char *)v.norms;
	if (engine_member(ls->es, (uint64_t)uid, clock, &mi) == 0) {
		st->norms_acked = mi.norms_acked;
		st->role = (char *)(mi.presenter ? "presenter" :
		    engine_role_name(mi.role));
	}
	st->nphases = v.nphases;
	if (v.phase >= 0) {
		st->phase = (uint32_t)v.phase + 1;
		st->phase_id = (char *)v.phase_id;
		st->phase_title = (char *)v.phase_title;
		st->floor = (char *)engine_floor_name(v.floor);
		if ((size_t)v.phase < tpl->nphases)
			st->prompt = session_prompt(tpl->phases[v.phase].prompt,
			    session_user_name(ls, (int64_t)v.presenter));
	}
	st->waiting = v.waiting;
	st->phase_left_ms = v.phase_timed ? v.phase_left_ms : -1;
	st->phase_total_ms = v.phase_timed ? v.phase_total_ms : -1;
	st->holder = session_name_dup(ls, (int64_t)v.holder);
	st->turn_left_ms = v.holder == 0 ? 0 : v.turn_timed ?
	    v.turn_left_ms : -1;
	st->turn_total_ms = v.holder == 0 ? 0 : v.turn_timed ?
	    v.turn_total_ms : -1;
	st->turn_held = v.turn_held;
	st->round = v.round;
	st->presenter = session_name_dup(ls, (int64_t)v.presenter);
	if (v.nqueue > 0) {
		st->queue = xcalloc(v.nqueue, sizeof *st->queue);
		for (i = 0; i < v.nqueue; i++) {
			st->queue[i] = session_name_dup(ls,
			    (int64_t)v.queue[i]);
			if (st->queue[i] == NULL)
				st->queue[i] = xstrdup("unknown");
		}
		st->nqueue = v.nqueue;
	}
	n = engine_member_count(ls->es);
	if (n > PROTO_LIST_MAX)
		n = PROTO_LIST_MAX;
	if (n > 0)
		st->members = xcalloc(n, sizeof *st->members);
	for (i = 0; i < n; i++) {
		if (engine_member_at(ls->es, i, clock, &mi) == -1)
			break;
		if (mi.removed || mi.left)
			continue;
		r = &st->members[st->nmembers++];
		r->user = xstrdup(mi.name);
		r->role = (char *)engine_role_name(mi.role);
		r->presenter = mi.presenter;
		r->connected = mi.connected;
		r->absent = mi.absent;
		r->muted = mi.muted;
		r->hand = mi.hand;
		r->inner = mi.inner;
		r->norms_acked = mi.norms_acked;
		r->turns = mi.stats.turns;
		r->posts = mi.stats.posts + mi.stats.board_posts;
		r->floor_ms = mi.stats.floor_ms;
	}
}

/* Free what session_state_fill allocated. */
void
session_state_free(struct msg_session_state *st)
{
	size_t	i;

	free(st->prompt);
	free(st->holder);
	free(st->presenter);
	for (i = 0; i < st->nqueue; i++)
		free(st->queue[i]);
	free(st->queue);
	for (i = 0; i < st->nmembers; i++)
		free(st->members[i].user);
	free(st->members);
	memset(st, 0, sizeof *st);
}

/*
 * Fill a session's summary. ls may be NULL for a session not loaded;
 * the strings point into row, ls, or static names.
 */
void
session_rec_fill(struct live *ls, const struct store_session *row,
    const char *space, struct session_rec *r)
{
	struct engine_view	v;

	memset(r, 0, sizeof *r);
	r->session = (uint64_t)row->id;
	r->space = (char *)space;
	r->title = (char *)row->title;
	r->template_name = (char *)row->template_name;
	r->record = (char *)session_record_name(row->record);
	r->status = (char *)session_status_name(row->status);
	r->created = row->created > 0 ? (uint64_t)row->created : 0;
	/* The creator took part: named only in an attributed session. */
	if (session_record_named(row->record) &&
	    row->created_by_name[0] != '\0')
		r->created_by = (char *)row->created_by_name;
	r->started = row->started > 0 ? (uint64_t)row->started : 0;
	r->ended = row->ended > 0 ? (uint64_t)row->ended : 0;
	if (ls != NULL) {
		engine_view(ls->es, session_clock(), &v);
		r->status = (char *)session_status_name((int)v.status);
		if (v.phase >= 0) {
			r->phase = (uint32_t)v.phase + 1;
			r->phase_title = (char *)v.phase_title;
		}
		r->members = (uint32_t)ls->nlinks;
	}
}

/* The error code for each refusal of the engine. */
static int
session_refusal_code(int reason)
{
	switch (reason) {
	case ENGINE_R_NOT_MEMBER:
	case ENGINE_R_REMOVED:
		return (ERR_NOT_IN_SESSION);
	case ENGINE_R_FULL:
		return (ERR_LIMIT);
	case ENGINE_R_NOT_FACILITATOR:
	case ENGINE_R_OBSERVER:
		return (ERR_DENIED);
	case ENGINE_R_NOT_STARTED:
	case ENGINE_R_ALREADY_STARTED:
	case ENGINE_R_ENDED:
	case ENGINE_R_PAUSED:
	case ENGINE_R_NOT_PAUSED:
	case ENGINE_R_TOO_FEW:
		return (ERR_SESSION_STATE);
	case ENGINE_R_NORMS:
		return (ERR_NORMS);
	case ENGINE_R_MUTED:
		return (ERR_MUTED);
	case ENGINE_R_PRESENTER_ONLY:
	case ENGINE_R_PRESENTER_SILENT:
	case ENGINE_R_NO_QUESTION:
	case ENGINE_R_FACILITATOR_ONLY:
	case ENGINE_R_USE_NOTE:
	case ENGINE_R_SILENT:
	case ENGINE_R_BOARD_ONLY:
	case ENGINE_R_NOT_YOUR_TURN:
	case ENGINE_R_ROUND_OVER:
	case ENGINE_R_RAISE_HAND:
	case ENGINE_R_IN_QUEUE:
	case ENGINE_R_OUTER_CIRCLE:
		return (ERR_OUT_OF_TURN);
	case ENGINE_R_UNKNOWN_INPUT:
	case ENGINE_R_BAD_VALUE:
		return (ERR_BAD_VALUE);
	default:
		return (ERR_NOT_NOW);
	}
}

/* Answer a refused request with the rule, who has the floor, and when. */
void
session_refuse(struct conn *c, const struct proto_msg *req, struct live *ls,
    const struct engine_effect *fx)
{
	const struct engine_template	*tpl = engine_template(ls->es);
	const struct engine_detail	*d = &fx->detail;
	struct msg_error		 e;
	char				 text[PROTO_REASON_MAX + 1];
	size_t				 n;

	memset(&e, 0, sizeof e);
	e.code = (uint32_t)session_refusal_code(fx->reason);
	/* The wire allows PROTO_REASON_MAX bytes: cut on a character. */
	n = strlen(fx->msg);
	if (n > PROTO_REASON_MAX) {
		n = PROTO_REASON_MAX;
		while (n > 0 && ((unsigned char)fx->msg[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(text, fx->msg, n);
	text[n] = '\0';
	e.message = text;
	e.reason = (char *)engine_reason_name(fx->reason);
	if (d->floor >= 0)
		e.floor = (char *)engine_floor_name(d->floor);
	if (d->phase >= 0) {
		e.phase = (uint32_t)d->phase + 1;
		if ((size_t)d->phase < tpl->nphases)
			e.phase_title = tpl->phases[d->phase].title;
		e.phase_left_ms = d->phase_left_ms;
	}
	e.holder = session_name_dup(ls, (int64_t)d->holder);
	e.holder_left_ms = d->holder != 0 ? d->holder_left_ms : 0;
	e.position = d->position >= 0 ? (uint32_t)d->position + 1 : 0;
	e.next_phase = d->next_phase >= 0 ? (uint32_t)d->next_phase + 1 : 0;
	e.eta_ms = d->eta_ms >= 0 ? d->eta_ms : -1;
	conn_error_detail(c, req, &e);
	free(e.holder);
}
