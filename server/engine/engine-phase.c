/*
 * engine-phase.c: the phase sequence (with rotation blocks, where each
 * member in turn presents), the session's timers and the order in which
 * their expiries and warnings are handled, and the session's end.
 */
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "xmalloc.h"

/* What falls due next (session_deadline). */
enum due {
	DUE_NONE = 0,
	DUE_GRACE,
	DUE_TURN_WARN,
	DUE_TURN_END,
	DUE_PHASE_WARN,
	DUE_PHASE_END
};

#define RUN_GUARD	100000		/* steps handled in one call */

/* Make uid the presenter and say so if it changed. */
void
presenter_set(struct engine_session *s, uint64_t uid)
{
	struct engine_effect	*fx;

	if (s->presenter == uid)
		return;
	s->presenter = uid;
	fx = fx_new(s, ENGINE_FX_PRESENTER);
	fx->target = uid;
	fx->round = s->rot_block >= 0 ? s->rot_idx + 1 : 0;
	if (uid == 0)
		fx_msg(fx, "There is no presenter now.");
	else if (s->rot_block >= 0)
		fx_msg(fx, "%s presents (%u of %zu).", member_name(s, uid),
		    s->rot_idx + 1, s->rot.n);
	else
		fx_msg(fx, "%s presents.", member_name(s, uid));
}

/* List the members who will present in a rotation block, by seat. */
static void
rotation_build(struct engine_session *s, int32_t first)
{
	size_t	i;

	uidlist_clear(&s->rot);
	for (i = 0; i < s->nm; i++) {
		if (member_in_circle(s, s->m[i]) &&
		    member_available(s, s->m[i]))
			uidlist_push(&s->rot, s->m[i]->uid);
	}
	s->rot_block = first;
	s->rot_idx = 0;
}

/* A member joined or came back during a rotation: they present too. */
void
rotation_add(struct engine_session *s, struct member *m)
{
	if (s->rot_block < 0 || !member_in_circle(s, m))
		return;
	if (uidlist_find(&s->rot, m->uid) == -1)
		uidlist_push(&s->rot, m->uid);
}

/* Return the first rotation index from "from" whose member is here. */
static int32_t
rotation_pick(const struct engine_session *s, size_t from)
{
	struct member	*m;
	size_t		 i;

	for (i = from; i < s->rot.n; i++) {
		m = member_find(s, s->rot.v[i]);
		if (m != NULL && member_available(s, m) &&
		    member_in_circle(s, m))
			return ((int32_t)i);
	}
	return (-1);
}

/* Return a phase's text with {presenter} filled in, or NULL. */
char *
phase_text(const struct engine_session *s, const char *prompt)
{
	const char	*name, *at;
	char		*out = NULL, *tmp;

	if (prompt == NULL)
		return (NULL);
	name = s->presenter != 0 ? member_name(s, s->presenter) :
	    "the presenter";
	while ((at = strstr(prompt, "{presenter}")) != NULL) {
		xasprintf(&tmp, "%s%.*s%s", out != NULL ? out : "",
		    (int)(at - prompt), prompt, name);
		free(out);
		out = tmp;
		prompt = at + strlen("{presenter}");
	}
	xasprintf(&tmp, "%s%s", out != NULL ? out : "", prompt);
	free(out);
	return (tmp);
}

/*
 * Enter phase idx, arriving in direction dir (1 forward, -1 back). A
 * rotation block entered from outside lists its presenters; one nobody
 * can present in is skipped.
 */
void
phase_enter(struct engine_session *s, int32_t idx, int dir)
{
	const struct engine_template	*t = s->tpl;
	const struct engine_phase_def	*ph;
	struct engine_effect		*fx;
	char				 c[32];
	int32_t				 first, k;

	for (;;) {
		if (idx < 0 || (size_t)idx >= t->nphases) {
			session_end(s, 0);
			return;
		}
		ph = &t->phases[idx];
		if (ph->rotate == NULL) {
			s->rot_block = -1;
			uidlist_clear(&s->rot);
			s->rot_idx = 0;
			presenter_set(s, s->base_presenter);
			break;
		}
		first = template_block_first(t, idx);
		if (s->rot_block != first) {
			rotation_build(s, first);
			k = dir < 0 ? (int32_t)s->rot.n - 1 :
			    rotation_pick(s, 0);
			if (k < 0) {
				s->rot_block = -1;
				idx = dir < 0 && first > 0 ? first - 1 :
				    template_block_last(t, idx) + 1;
				continue;
			}
			s->rot_idx = (uint32_t)k;
		}
		presenter_set(s, s->rot.v[s->rot_idx]);
		break;
	}
	s->phase = idx;
	s->waiting = 0;
	s->complete = 0;
	s->ops = floor_ops_get(ph->floor);
	floor_reset(s);
	timer_start(s, &s->ptimer, ph->duration_ms);
	fx = fx_new(s, ENGINE_FX_PHASE_START);
	fx->phase = idx;
	fx->floor = (int32_t)ph->floor;
	fx->round = s->rot_block >= 0 ? s->rot_idx + 1 : 0;
	fx->left_ms = ph->duration_ms > 0 ? (int64_t)ph->duration_ms : -1;
	fx->total_ms = (int64_t)ph->duration_ms;
	fx->text = phase_text(s, ph->prompt);
	fx->target = s->presenter;
	fx->id = xstrdup(ph->id);
	fx_msg(fx, "Phase %d of %zu: '%s'%s%s%s, %s.%s%s", idx + 1,
	    t->nphases, ph->title, ph->duration_ms > 0 ? " (" : "",
	    ph->duration_ms > 0 ? fmt_clock(c, sizeof c,
	    (int64_t)ph->duration_ms) : "", ph->duration_ms > 0 ? ")" : "",
	    s->ops->label, fx->text != NULL ? " " : "",
	    fx->text != NULL ? fx->text : "");
	if (s->ops->enter != NULL)
		s->ops->enter(s);
}

/* Leave the current phase: end the turn, let the floor tidy up. */
void
phase_leave(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct engine_effect		*fx;

	if (ph == NULL || !s->ptimer.on)
		return;
	floor_turn_end(s, ENGINE_TE_PHASE_END);
	if (s->ops->leave != NULL)
		s->ops->leave(s);
	fx = fx_new(s, ENGINE_FX_PHASE_END);
	fx->id = xstrdup(ph->id);
	fx_msg(fx, "'%s' ends.", ph->title);
	timer_stop(&s->ptimer);
	s->waiting = 0;
	s->complete = 0;
}

/* Go to the next phase: the next presenter's turn at the block, or on. */
void
phase_next(struct engine_session *s)
{
	const struct engine_template	*t = s->tpl;
	int32_t				 cur = s->phase, k;

	if (t->phases[cur].rotate != NULL && s->rot_block >= 0 &&
	    cur == template_block_last(t, cur)) {
		k = rotation_pick(s, s->rot_idx + 1);
		if (k >= 0) {
			phase_leave(s);
			s->rot_idx = (uint32_t)k;
			phase_enter(s, template_block_first(t, cur), 1);
			return;
		}
	}
	phase_leave(s);
	if ((size_t)cur + 1 >= t->nphases) {
		session_end(s, 0);
		return;
	}
	phase_enter(s, cur + 1, 1);
}

/* Return 1 if there is a phase to go back to. */
int
phase_has_prev(const struct engine_session *s)
{
	const struct engine_template	*t = s->tpl;
	int32_t				 cur = s->phase;

	if (cur > 0)
		return (1);
	return (t->phases[cur].rotate != NULL && s->rot_block >= 0 &&
	    s->rot_idx > 0);
}

/* Go back one phase (the previous presenter's last, in a block). */
void
phase_prev(struct engine_session *s)
{
	const struct engine_template	*t = s->tpl;
	int32_t				 cur = s->phase;

	phase_leave(s);
	if (t->phases[cur].rotate != NULL && s->rot_block >= 0 &&
	    cur == template_block_first(t, cur) && s->rot_idx > 0) {
		s->rot_idx--;
		phase_enter(s, template_block_last(t, cur), -1);
		return;
	}
	phase_enter(s, cur > 0 ? cur - 1 : 0, -1);
}

/* The floor says the phase's work is done (a round is over). */
void
phase_complete(struct engine_session *s)
{
	s->complete = 1;
}

/* Act on a completed phase: advance, or wait for the facilitator. */
static void
phase_settle(struct engine_session *s)
{
	const struct engine_phase_def	*ph;
	struct engine_effect		*fx;

	while (s->complete) {
		s->complete = 0;
		if (s->status != ENGINE_RUNNING && s->status != ENGINE_PAUSED)
			return;
		ph = phase_cur(s);
		if (ph->advance == ENGINE_ADVANCE_AUTO) {
			phase_next(s);
			continue;
		}
		if (s->waiting)
			continue;
		s->waiting = 1;
		fx = fx_new(s, ENGINE_FX_TIME_UP);
		fx->id = xstrdup(ph->id);
		fx_msg(fx, "'%s' is complete; waiting for the facilitator.",
		    ph->title);
	}
}

/* The phase timer ran out: advance, or wait with the floor still open. */
static void
phase_expire(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct engine_effect		*fx;

	if (ph->advance == ENGINE_ADVANCE_AUTO) {
		phase_next(s);
		return;
	}
	timer_freeze(&s->ptimer, s->clock, FZ_EXPIRED);
	s->waiting = 1;
	fx = fx_new(s, ENGINE_FX_TIME_UP);
	fx->id = xstrdup(ph->id);
	fx->left_ms = 0;
	fx_msg(fx, "Time is up for '%s'; waiting for the facilitator.",
	    ph->title);
}

/* Announce a warning threshold for the phase or the turn. */
static void
session_warn(struct engine_session *s, int which, uint64_t left)
{
	struct engine_effect	*fx;
	char			 c[32];

	fx = fx_new(s, ENGINE_FX_WARNING);
	fx->value = which;
	fx->left_ms = (int64_t)left;
	fmt_clock(c, sizeof c, (int64_t)left);
	if (which == ENGINE_ADJUST_TURN) {
		fx->uid = s->fl.holder;
		fx_msg(fx, "%s left in %s's turn.", c, member_name(s,
		    s->fl.holder));
	} else
		fx_msg(fx, "%s left in '%s'.", c, phase_cur(s)->title);
}

/* A disconnected member's grace period is over: mark them absent. */
void
member_absent(struct engine_session *s, struct member *m)
{
	struct engine_effect	*fx;

	timer_stop(&m->grace);
	m->flags |= MF_ABSENT;
	fx = fx_new(s, ENGINE_FX_ABSENT);
	fx->uid = m->uid;
	fx_msg(fx, "%s has been away longer than the grace period and is "
	    "marked absent.", m->name);
	member_gone(s, m, ENGINE_TE_ABSENT);
}

/*
 * Return the earliest time something falls due, what it is, and for a
 * grace period whose. Ties go to grace periods, then the turn, then the
 * phase.
 */
uint64_t
session_deadline(const struct engine_session *s, int *what,
    struct member **who)
{
	uint64_t	best = ENGINE_NEVER, t;
	int		w = DUE_NONE;
	size_t		i;

	if (who != NULL)
		*who = NULL;
	if (s->status == ENGINE_ENDED) {
		if (what != NULL)
			*what = DUE_NONE;
		return (ENGINE_NEVER);
	}
	for (i = 0; i < s->nm; i++) {
		if ((t = timer_deadline(&s->m[i]->grace)) < best) {
			best = t;
			w = DUE_GRACE;
			if (who != NULL)
				*who = s->m[i];
		}
	}
	if (s->status == ENGINE_RUNNING || s->status == ENGINE_PAUSED) {
		if ((t = timer_warn_at(s, &s->fl.turn)) < best) {
			best = t;
			w = DUE_TURN_WARN;
		}
		if ((t = timer_deadline(&s->fl.turn)) < best) {
			best = t;
			w = DUE_TURN_END;
		}
		if ((t = timer_warn_at(s, &s->ptimer)) < best) {
			best = t;
			w = DUE_PHASE_WARN;
		}
		if ((t = timer_deadline(&s->ptimer)) < best) {
			best = t;
			w = DUE_PHASE_END;
		}
	}
	if (what != NULL)
		*what = w;
	return (best);
}

/*
 * Handle everything that falls due up to now, in time order, each at its
 * own moment, so a late timer leaves no drift; then settle completed
 * phases. The session clock ends at now. A backlog longer than RUN_GUARD
 * steps (days of a server stopped mid-session) is left for the next
 * call: engine_next_deadline() is then not after now, and the server's
 * timer fires again at once.
 */
void
session_run_due(struct engine_session *s, uint64_t now)
{
	struct member	*m;
	uint64_t	 t, left;
	int		 what, guard;

	for (guard = 0;; guard++) {
		phase_settle(s);
		t = session_deadline(s, &what, &m);
		if (t > now || what == DUE_NONE || guard >= RUN_GUARD)
			break;
		if (t > s->clock)
			s->clock = t;
		switch (what) {
		case DUE_GRACE:
			member_absent(s, m);
			break;
		case DUE_TURN_WARN:
			if (timer_warn_take(s, &s->fl.turn, s->clock, &left))
				session_warn(s, ENGINE_ADJUST_TURN, left);
			break;
		case DUE_TURN_END:
			timer_sync(&s->fl.turn, s->clock);
			floor_turn_over(s, ENGINE_TE_TIMEOUT);
			break;
		case DUE_PHASE_WARN:
			if (timer_warn_take(s, &s->ptimer, s->clock, &left))
				session_warn(s, ENGINE_ADJUST_PHASE, left);
			break;
		case DUE_PHASE_END:
			timer_sync(&s->ptimer, s->clock);
			phase_expire(s);
			break;
		}
	}
	if (now > s->clock)
		s->clock = now;
}

/* Freeze every timer of the session for a reason. */
void
session_freeze_all(struct engine_session *s, int why)
{
	size_t	i;

	timer_freeze(&s->ptimer, s->clock, why);
	timer_freeze(&s->fl.turn, s->clock, why);
	for (i = 0; i < s->nm; i++)
		timer_freeze(&s->m[i]->grace, s->clock, why);
}

/* Lift a reason every timer of the session is frozen for. */
void
session_thaw_all(struct engine_session *s, int why)
{
	size_t	i;

	timer_thaw(&s->ptimer, s->clock, why);
	timer_thaw(&s->fl.turn, s->clock, why);
	for (i = 0; i < s->nm; i++)
		timer_thaw(&s->m[i]->grace, s->clock, why);
}

/* End the session (actor 0: it ran to its end). */
void
session_end(struct engine_session *s, uint64_t actor)
{
	struct engine_effect	*fx;
	size_t			 i;

	if (s->status == ENGINE_ENDED)
		return;
	if (s->status != ENGINE_LOBBY)
		phase_leave(s);
	s->status = ENGINE_ENDED;
	s->waiting = 0;
	s->complete = 0;
	s->rot_block = -1;
	s->rot_idx = 0;
	uidlist_clear(&s->rot);
	timer_stop(&s->ptimer);
	timer_stop(&s->fl.turn);
	for (i = 0; i < s->nm; i++)
		timer_stop(&s->m[i]->grace);
	fx = fx_new(s, ENGINE_FX_END);
	fx->uid = actor;
	if (actor != 0)
		fx_msg(fx, "%s ended the session.", member_name(s, actor));
	else
		fx_msg(fx, "'%s' is complete. Thank you.", s->tpl->title);
}
