/*
 * floor-go-around.c: "go-around": each eligible member holds the floor
 * once, in seat order from the phase's start seat, for up to the turn
 * limit. A pass ends the turn; with "pass = revisit" those who passed are
 * asked again once the round has gone around. When the round is over the
 * phase is complete.
 */
#include "engine-int.h"

/* Give the floor to the next member who can take it, or end the round. */
static void
go_around_next(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;
	struct engine_effect		*fx;
	struct member			*m;
	struct uidlist			 rest;
	size_t				 i;

	if (fl->stage != FL_MAIN)
		return;
	for (;;) {
		while (fl->pos < fl->order.n) {
			m = member_find(s, fl->order.v[fl->pos++]);
			if (m == NULL)
				continue;
			if (!floor_eligible(s, m)) {
				m->st.skipped++;
				fx = fx_new(s, ENGINE_FX_TURN_SKIPPED);
				fx->uid = m->uid;
				fx_msg(fx, "%s is not here; their turn is "
				    "passed over.", m->name);
				continue;
			}
			floor_turn_start(s, m, ph->turn_ms, 0);
			return;
		}
		if (fl->revisit.n == 0 || fl->revisit_from != NOPOS)
			break;
		fl->revisit_from = (uint32_t)fl->order.n;
		for (i = 0; i < fl->revisit.n; i++)
			uidlist_push(&fl->order, fl->revisit.v[i]);
		uidlist_clear(&fl->revisit);
		rest.v = fl->order.v + fl->revisit_from;
		rest.n = fl->order.n - fl->revisit_from;
		rest.cap = rest.n;
		fx = fx_queue(s, &rest, 0);
		fx_msg(fx, "The round comes back to those who passed.");
	}
	fl->stage = FL_OVER;
	phase_complete(s);
}

/* Start the round and its first turn. */
static void
go_around_enter(struct engine_session *s)
{
	floor_round_start(s);
	go_around_next(s);
}

const struct floor_ops floor_go_around_ops = {
	.floor = ENGINE_FLOOR_GO_AROUND,
	.name = "go-around",
	.label = "a go-around",
	.flags = FLF_TURNS | FLF_ORDER,
	.enter = go_around_enter,
	.may_post = floor_may_post_turn,
	.next = go_around_next,
	.changed = floor_order_changed,
	.position = floor_order_position,
	.may_speak = floor_may_speak_circle,
	.grant = floor_order_grant,
	.reorder = floor_order_reorder,
};
