/*
 * floor-progressive.c: "progressive": a hand-raise queue ordered least
 * heard first: by floor time measured in this session, then by turns
 * taken, then by when the hand went up. The order is decided when a hand
 * goes up (a waiting member's figures do not change while they wait); a
 * facilitator may move people, and a moved entry stays placed.
 */
#include "engine-int.h"

/* Return 1 if member a goes ahead of member b in the progressive queue. */
static int
progressive_before(const struct member *a, const struct member *b)
{
	if (a->st.floor_ms != b->st.floor_ms)
		return (a->st.floor_ms < b->st.floor_ms);
	if (a->st.turns != b->st.turns)
		return (a->st.turns < b->st.turns);
	return (a->hand_seq < b->hand_seq);
}

/* The queue starts empty. */
static void
progressive_enter(struct engine_session *s)
{
	s->fl.stage = FL_MAIN;
}

/* Hands go ahead of everyone heard more. */
static int
progressive_hand(struct engine_session *s, struct member *m, int raise)
{
	return (floor_queue_hand(s, m, raise, progressive_before));
}

const struct floor_ops floor_progressive_ops = {
	.floor = ENGINE_FLOOR_PROGRESSIVE,
	.name = "progressive",
	.label = "a progressive queue (least heard first)",
	.flags = FLF_TURNS | FLF_HANDS,
	.enter = progressive_enter,
	.leave = floor_queue_leave,
	.may_post = floor_queue_may_post,
	.next = floor_queue_next,
	.changed = floor_queue_changed,
	.position = floor_queue_position,
	.may_speak = floor_may_speak_circle,
	.hand = progressive_hand,
	.grant = floor_queue_grant,
	.reorder = floor_queue_reorder,
};
