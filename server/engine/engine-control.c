/*
 * engine-control.c: the facilitator controls: start, pause and resume,
 * extend or shorten the phase or the turn, next and previous phase, skip,
 * grant, reorder, mute, move between circles, remove, roles, notes, end.
 * Each is announced as a CONTROL effect (or its own kind) before its
 * consequences.
 */
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "xmalloc.h"

/* Announce a control; return the effect for the caller to word. */
static struct engine_effect *
control_fx(struct engine_session *s, struct member *m,
    const struct engine_input *in, uint64_t target)
{
	struct engine_effect	*fx;

	fx = fx_new(s, ENGINE_FX_CONTROL);
	fx->input = in->kind;
	fx->uid = m->uid;
	fx->target = target;
	return (fx);
}

/* Look up a control's target member; NULL if there is none. */
static struct member *
control_target(struct engine_session *s, const struct engine_input *in)
{
	struct member	*t;

	if ((t = member_find(s, in->target)) == NULL ||
	    (t->flags & MF_REMOVED))
		return (NULL);
	return (t);
}

/*
 * Return 1 if a phase outside the rotation blocks (where the rotation
 * names the presenter) needs a presenter.
 */
static int
control_needs_presenter(const struct engine_template *t)
{
	const struct engine_phase_def	*ph;
	size_t				 i;

	for (i = 0; i < t->nphases; i++) {
		ph = &t->phases[i];
		if (ph->rotate != NULL)
			continue;
		if ((floor_ops_get(ph->floor)->flags & FLF_PRESENTER) ||
		    ph->presenter_silent || (ph->floor ==
		    ENGINE_FLOOR_TALKING_PIECE && ph->keeper ==
		    ENGINE_KEEPER_PRESENTER) || ((floor_ops_get(ph->floor)->flags &
		    FLF_ORDER) && ph->start == ENGINE_START_AFTER_PRESENTER))
			return (1);
	}
	return (0);
}

/* START: check the numbers, choose a presenter if needed, go. */
int
control_start(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*p;
	size_t			 i, n = 0;

	(void)in;
	(void)r;
	if (s->status != ENGINE_LOBBY)
		return (ENGINE_R_ALREADY_STARTED);
	for (i = 0; i < s->nm; i++) {
		if (member_in_circle(s, s->m[i]) &&
		    member_available(s, s->m[i]))
			n++;
	}
	if (n < s->tpl->min_members)
		return (ENGINE_R_TOO_FEW);
	p = member_find(s, s->base_presenter);
	if (control_needs_presenter(s->tpl) && (p == NULL ||
	    !member_available(s, p) || !member_in_circle(s, p))) {
		for (i = 0; i < s->nm; i++) {
			p = s->m[i];
			if (p->role == ENGINE_ROLE_PARTICIPANT &&
			    member_available(s, p))
				break;
		}
		if (i == s->nm)
			return (ENGINE_R_TOO_FEW);
		s->base_presenter = p->uid;
	}
	s->status = ENGINE_RUNNING;
	fx = fx_new(s, ENGINE_FX_START);
	fx->uid = m->uid;
	fx_msg(fx, "%s started '%s'.", m->name, s->tpl->title);
	phase_enter(s, 0, 1);
	return (ENGINE_OK);
}

/* PAUSE: freeze every timer. */
int
control_pause(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)in;
	(void)r;
	if (s->status == ENGINE_PAUSED)
		return (ENGINE_R_PAUSED);
	session_freeze_all(s, FZ_PAUSE);
	s->status = ENGINE_PAUSED;
	fx = fx_new(s, ENGINE_FX_PAUSE);
	fx->uid = m->uid;
	fx->left_ms = timer_timed(&s->ptimer) ?
	    (int64_t)timer_left(&s->ptimer, s->clock) : -1;
	fx_msg(fx, "%s paused the session; the clocks are stopped.", m->name);
	return (ENGINE_OK);
}

/* RESUME: the timers go on from where they stopped. */
int
control_resume(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)in;
	(void)r;
	if (s->status != ENGINE_PAUSED)
		return (ENGINE_R_NOT_PAUSED);
	s->status = ENGINE_RUNNING;
	session_thaw_all(s, FZ_PAUSE);
	fx = fx_new(s, ENGINE_FX_RESUME);
	fx->uid = m->uid;
	fx->left_ms = timer_timed(&s->ptimer) ?
	    (int64_t)timer_left(&s->ptimer, s->clock) : -1;
	fx_msg(fx, "%s resumed the session.", m->name);
	return (ENGINE_OK);
}

/* ADJUST: add or take off seconds from the phase or the turn. */
int
control_adjust(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct etimer		*t;
	int64_t			 delta;
	char			 c1[32], c2[32];
	const char		*what;
	int			 resumed = 0;

	if (in->seconds == 0 || in->seconds > ENGINE_ADJUST_MAX ||
	    in->seconds < -ENGINE_ADJUST_MAX)
		return (ENGINE_R_BAD_VALUE);
	if (in->which == ENGINE_ADJUST_PHASE)
		t = &s->ptimer;
	else if (in->which == ENGINE_ADJUST_TURN) {
		if (s->fl.holder == 0) {
			r->msg = xstrdup("Nobody holds the floor.");
			return (ENGINE_R_NO_TURN);
		}
		t = &s->fl.turn;
	} else
		return (ENGINE_R_BAD_VALUE);
	if (!timer_timed(t))
		return (ENGINE_R_NO_TIMER);
	delta = (int64_t)in->seconds * 1000;
	timer_adjust(s, t, s->clock, delta);
	if (t == &s->ptimer && delta > 0 && (t->freeze & FZ_EXPIRED)) {
		timer_thaw(t, s->clock, FZ_EXPIRED);
		s->waiting = 0;
		resumed = 1;
	}
	fx = control_fx(s, m, in, t == &s->ptimer ? 0 : s->fl.holder);
	fx->value = delta;
	fx->left_ms = (int64_t)timer_left(t, s->clock);
	what = t == &s->ptimer ? phase_cur(s)->title :
	    member_name(s, s->fl.holder);
	fmt_clock(c1, sizeof c1, delta < 0 ? -delta : delta);
	fmt_clock(c2, sizeof c2, fx->left_ms);
	if (t == &s->ptimer)
		fx_msg(fx, "%s %s %s %s '%s' (%s left).", m->name,
		    delta > 0 ? "added" : "took", c1, delta > 0 ? "to" :
		    "off", what, c2);
	else
		fx_msg(fx, "%s %s %s %s %s's turn (%s left).", m->name,
		    delta > 0 ? "added" : "took", c1, delta > 0 ? "to" :
		    "off", what, c2);
	/* Time again after "time up": the turns go on where they stopped. */
	if (resumed && s->fl.holder == 0 && s->ops->next != NULL)
		s->ops->next(s);
	return (ENGINE_OK);
}

/* NEXT: move on to the next phase (after the last: the end). */
int
control_next(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)r;
	fx = control_fx(s, m, in, 0);
	fx_msg(fx, "%s moves the session on.", m->name);
	phase_next(s);
	return (ENGINE_OK);
}

/* PREVIOUS: go back to the previous phase, from its start. */
int
control_previous(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)r;
	if (!phase_has_prev(s))
		return (ENGINE_R_NO_PHASE);
	fx = control_fx(s, m, in, 0);
	fx_msg(fx, "%s takes the session back a phase.", m->name);
	phase_prev(s);
	return (ENGINE_OK);
}

/* SKIP: end the current turn. */
int
control_skip(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	if (!(s->ops->flags & FLF_TURNS))
		return (ENGINE_R_NO_TURNS);
	if (s->fl.holder == 0) {
		r->msg = xstrdup("Nobody holds the floor.");
		return (ENGINE_R_NO_TURN);
	}
	fx = control_fx(s, m, in, s->fl.holder);
	fx_msg(fx, "%s skipped %s's turn.", m->name, member_name(s,
	    s->fl.holder));
	floor_turn_over(s, ENGINE_TE_SKIPPED);
	return (ENGINE_OK);
}

/* GRANT: give a member the floor now. */
int
control_grant(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;

	(void)r;
	if (s->ops->grant == NULL)
		return (ENGINE_R_NO_TURNS);
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	if (!member_available(s, t))
		return (ENGINE_R_ABSENT);
	if (!floor_eligible(s, t))
		return (ENGINE_R_NOT_IN_ORDER);
	fx = control_fx(s, m, in, t->uid);
	fx_msg(fx, "%s gave the floor to %s.", m->name, t->name);
	return (s->ops->grant(s, t));
}

/* REORDER: move a member within the queue or the rest of the round. */
int
control_reorder(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;
	int			 reason;

	(void)r;
	if (s->ops->reorder == NULL)
		return (ENGINE_R_NO_TURNS);
	if (in->position < 0 || in->position > ENGINE_MEMBERS_MAX)
		return (ENGINE_R_BAD_VALUE);
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	if ((reason = s->ops->reorder(s, t, in->position)) != ENGINE_OK)
		return (reason);
	fx = control_fx(s, m, in, t->uid);
	fx->value = in->position;
	fx_msg(fx, "%s moved %s to place %d.", m->name, t->name,
	    in->position + 1);
	return (ENGINE_OK);
}

/* MUTE, UNMUTE: stop or allow a member's posts. */
int
control_mute(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;
	int			 mute = in->kind == ENGINE_IN_MUTE;

	(void)r;
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	if (mute == ((t->flags & MF_MUTED) != 0))
		return (ENGINE_OK);
	if (mute)
		t->flags |= MF_MUTED;
	else
		t->flags &= ~MF_MUTED;
	fx = control_fx(s, m, in, t->uid);
	fx_msg(fx, "%s %s %s.", m->name, mute ? "muted" : "unmuted", t->name);
	return (ENGINE_OK);
}

/* MOVE: put a member in the fishbowl's inner or outer circle. */
int
control_move(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;
	int			 reason;

	(void)r;
	if (s->ops->move == NULL)
		return (ENGINE_R_NOT_FISHBOWL);
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	if ((reason = s->ops->move(s, t, in->inner)) != ENGINE_OK)
		return (reason);
	fx = control_fx(s, m, in, t->uid);
	fx->value = in->inner;
	fx_msg(fx, "%s moved %s to the %s circle.", m->name, t->name,
	    in->inner ? "inner" : "outer");
	return (ENGINE_OK);
}

/* REMOVE: take a member out of the session for good. */
int
control_remove(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;

	(void)r;
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	if (t == m)
		return (ENGINE_R_BAD_VALUE);
	fx = control_fx(s, m, in, t->uid);
	fx_msg(fx, "%s removed %s from the session.", m->name, t->name);
	t->flags |= MF_REMOVED;
	t->flags &= ~MF_CONNECTED;
	timer_stop(&t->grace);
	if (s->base_presenter == t->uid)
		s->base_presenter = 0;
	if (s->presenter == t->uid && s->rot_block < 0)
		presenter_set(s, 0);
	member_gone(s, t, ENGINE_TE_LEFT);
	return (ENGINE_OK);
}

/* SET_ROLE: make a member presenter, participant, facilitator, observer. */
int
control_set_role(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	struct member		*t;
	int			 role = in->role;

	(void)r;
	if (role < 0 || role >= ENGINE_ROLE_COUNT)
		return (ENGINE_R_BAD_VALUE);
	if ((t = control_target(s, in)) == NULL)
		return (ENGINE_R_NO_SUCH_MEMBER);
	fx = control_fx(s, m, in, t->uid);
	fx->value = role;
	fx->role = role;
	fx_msg(fx, "%s made %s %s.", m->name, t->name, role ==
	    ENGINE_ROLE_OBSERVER ? "an observer" : role ==
	    ENGINE_ROLE_FACILITATOR ? "a facilitator" : role ==
	    ENGINE_ROLE_PRESENTER ? "the presenter" : "a participant");
	if (role == ENGINE_ROLE_PRESENTER) {
		if (t->role == ENGINE_ROLE_OBSERVER)
			t->role = ENGINE_ROLE_PARTICIPANT;
		s->base_presenter = t->uid;
		presenter_set(s, t->uid);
	} else {
		t->role = role;
		if (role == ENGINE_ROLE_FACILITATOR)
			t->flags |= MF_NORMS;
		if (role == ENGINE_ROLE_OBSERVER && s->presenter == t->uid) {
			if (s->base_presenter == t->uid)
				s->base_presenter = 0;
			presenter_set(s, 0);
		}
	}
	if (s->status == ENGINE_RUNNING || s->status == ENGINE_PAUSED) {
		/* An observer loses the floor; so does a member the phase
		 * no longer lets take turns (the keeper's summary aside). */
		if (s->fl.holder == t->uid && (t->role ==
		    ENGINE_ROLE_OBSERVER || (!floor_eligible(s, t) &&
		    !s->fl.summary)))
			floor_turn_over(s, ENGINE_TE_SKIPPED);
		if ((t->flags & MF_HAND) && !floor_eligible(s, t))
			member_hand_clear(s, t, m->uid);
		member_changed(s, t);
	}
	return (ENGINE_OK);
}

/* NOTE: a facilitator note, allowed at any time. */
int
control_note(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)r;
	if (!text_valid(in->text))
		return (ENGINE_R_BAD_VALUE);
	fx = fx_new(s, ENGINE_FX_NOTE);
	fx->uid = m->uid;
	fx->text = xstrdup(in->text);
	fx_msg(fx, "[facilitator note] %s: %s", m->name, in->text);
	return (ENGINE_OK);
}

/* END: end the session now. */
int
control_end(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	(void)in;
	(void)r;
	session_end(s, m->uid);
	return (ENGINE_OK);
}
