/*
 * floor-talking-piece.c: "talking-piece": repeated go-arounds. Only the
 * holder of the piece speaks; it moves seat by seat and never skips back.
 * When it returns to the keeper (the facilitator, or the presenter), the
 * keeper sums up and poses the next question, then the next round starts.
 * The phase ends after "rounds" rounds, or when its time is up.
 */
#include "engine-int.h"

/* Return the keeper, if one is here to sum up. */
static struct member *
talking_piece_keeper(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct member			*m;
	size_t				 i;

	if (ph->keeper == ENGINE_KEEPER_PRESENTER) {
		m = member_find(s, s->presenter);
		return (m != NULL && member_available(s, m) ? m : NULL);
	}
	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		if (m->role == ENGINE_ROLE_FACILITATOR &&
		    member_available(s, m))
			return (m);
	}
	return (NULL);
}

/* A round (and its summary) is over: start the next, or finish. */
static void
talking_piece_round_end(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;

	if (ph->rounds > 0 && fl->round >= ph->rounds) {
		fl->stage = FL_OVER;
		phase_complete(s);
		return;
	}
	if (fl->turns == 0) {
		/* Nobody could take the piece: wait for someone. */
		fl->stage = FL_IDLE;
		return;
	}
	floor_round_start(s);
	s->ops->next(s);
}

/* Pass the piece to the next seat, or to the keeper at the round's end. */
static void
talking_piece_next(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;
	struct engine_effect		*fx;
	struct member			*m;

	if (fl->stage == FL_SUMMARY) {
		talking_piece_round_end(s);
		return;
	}
	if (fl->stage != FL_MAIN)
		return;
	while (fl->pos < fl->order.n) {
		m = member_find(s, fl->order.v[fl->pos++]);
		if (m == NULL)
			continue;
		if (!floor_eligible(s, m)) {
			m->st.skipped++;
			fx = fx_new(s, ENGINE_FX_TURN_SKIPPED);
			fx->uid = m->uid;
			fx_msg(fx, "%s is not here; the piece moves on.",
			    m->name);
			continue;
		}
		floor_turn_start(s, m, ph->turn_ms, 0);
		return;
	}
	if (ph->summary && fl->turns > 0 &&
	    (m = talking_piece_keeper(s)) != NULL) {
		fl->stage = FL_SUMMARY;
		floor_turn_start(s, m, ph->summary_ms, 1);
		return;
	}
	talking_piece_round_end(s);
}

/* Start the first round. */
static void
talking_piece_enter(struct engine_session *s)
{
	floor_round_start(s);
	talking_piece_next(s);
}

/* Someone joined or came back: add them, or restart an idle circle. */
static void
talking_piece_changed(struct engine_session *s, struct member *m)
{
	if (s->fl.stage == FL_IDLE && s->fl.holder == 0 &&
	    floor_eligible(s, m) && !floor_halted(s)) {
		floor_round_start(s);
		talking_piece_next(s);
		return;
	}
	floor_order_changed(s, m);
}

const struct floor_ops floor_talking_piece_ops = {
	.floor = ENGINE_FLOOR_TALKING_PIECE,
	.name = "talking-piece",
	.label = "a talking piece",
	.flags = FLF_TURNS | FLF_ORDER,
	.enter = talking_piece_enter,
	.may_post = floor_may_post_turn,
	.next = talking_piece_next,
	.changed = talking_piece_changed,
	.position = floor_order_position,
	.may_speak = floor_may_speak_circle,
	.grant = floor_order_grant,
	.reorder = floor_order_reorder,
};
