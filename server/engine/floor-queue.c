/*
 * floor-queue.c: "queue": members raise a hand to join a queue, first in
 * first out; the head is given the floor when it is free (or when a
 * facilitator grants it, with "grant = facilitator"). The facilitator can
 * move people in the queue; a moved entry is placed, and later hands never
 * go ahead of it. The queue functions here serve the progressive queue
 * too, which only differs in where a raised hand goes.
 */
#include "engine-int.h"

/* Tell everyone the queue's new order. */
static void
floor_queue_show(struct engine_session *s)
{
	fx_queue(s, &s->fl.order, 0);
}

/*
 * Put a member's raised hand in the queue: after every placed entry, and
 * before the first entry "before" says they go ahead of (at the end for
 * first in, first out).
 */
static void
floor_queue_raise(struct engine_session *s, struct member *m,
    int (*before)(const struct member *, const struct member *))
{
	struct floor_state	*fl = &s->fl;
	struct member		*o;
	size_t			 i, start = 0, at;

	for (i = 0; i < fl->order.n; i++) {
		if ((o = member_find(s, fl->order.v[i])) != NULL && o->pin)
			start = i + 1;
	}
	at = fl->order.n;
	if (before != NULL) {
		for (i = start; i < fl->order.n; i++) {
			o = member_find(s, fl->order.v[i]);
			if (o != NULL && before(m, o)) {
				at = i;
				break;
			}
		}
	}
	uidlist_insert(&fl->order, at, m->uid);
}

/* Raise or lower a hand; before orders the queue (NULL: arrival). */
int
floor_queue_hand(struct engine_session *s, struct member *m, int raise,
    int (*before)(const struct member *, const struct member *))
{
	struct engine_effect	*fx;

	if (!raise) {
		if (!(m->flags & MF_HAND))
			return (ENGINE_R_HAND_DOWN);
		member_hand_clear(s, m, m->uid);
		return (ENGINE_OK);
	}
	if (m->flags & MF_HAND)
		return (ENGINE_R_HAND_UP);
	if (s->fl.holder == m->uid)
		return (ENGINE_R_HOLDS_FLOOR);
	if (!floor_eligible(s, m))
		return (m->uid == s->presenter ? ENGINE_R_PRESENTER_SILENT :
		    ENGINE_R_NOT_IN_ORDER);
	m->flags |= MF_HAND;
	m->hand_seq = ++s->seq;
	m->pin = 0;
	m->st.hands++;
	floor_queue_raise(s, m, before);
	fx = fx_new(s, ENGINE_FX_HAND);
	fx->uid = m->uid;
	fx->value = 1;
	fx_msg(fx, "%s raised a hand.", m->name);
	floor_queue_show(s);
	if (s->fl.holder == 0)
		floor_queue_next(s);
	return (ENGINE_OK);
}

/* The floor is free: give it to the head of the queue. */
void
floor_queue_next(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;
	struct member			*m;
	int				 changed = 0;

	if (!ph->auto_grant || fl->holder != 0 || floor_halted(s))
		return;
	while (fl->order.n > 0) {
		m = member_find(s, fl->order.v[0]);
		uidlist_remove(&fl->order, fl->order.v[0]);
		changed = 1;
		if (m == NULL)
			continue;
		m->flags &= ~MF_HAND;
		m->pin = 0;
		if (!floor_eligible(s, m))
			continue;
		floor_queue_show(s);
		floor_turn_start(s, m, ph->turn_ms, 0);
		return;
	}
	if (changed)
		floor_queue_show(s);
}

/* A facilitator gives a member the floor, in the queue or not. */
int
floor_queue_grant(struct engine_session *s, struct member *m)
{
	const struct engine_phase_def	*ph = phase_cur(s);

	if (s->fl.holder == m->uid)
		return (ENGINE_OK);
	if (!floor_eligible(s, m))
		return (ENGINE_R_NOT_IN_ORDER);
	floor_turn_end(s, ENGINE_TE_GRANTED);
	if (m->flags & MF_HAND) {
		uidlist_remove(&s->fl.order, m->uid);
		m->flags &= ~MF_HAND;
		m->pin = 0;
		floor_queue_show(s);
	}
	floor_turn_start(s, m, ph->turn_ms, 0);
	return (ENGINE_OK);
}

/* A facilitator moves a queued member to a place; it stays placed. */
int
floor_queue_reorder(struct engine_session *s, struct member *m, int32_t to)
{
	if (!(m->flags & MF_HAND))
		return (ENGINE_R_NOT_IN_ORDER);
	uidlist_remove(&s->fl.order, m->uid);
	uidlist_insert(&s->fl.order, (size_t)to, m->uid);
	m->pin = 1;
	floor_queue_show(s);
	return (ENGINE_OK);
}

/* A member's place in the queue and the expected wait. */
void
floor_queue_position(const struct engine_session *s, const struct member *m,
    int32_t *pos, int64_t *eta)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	ssize_t				 j;
	int64_t				 base = 0;

	*pos = -1;
	*eta = -1;
	if ((j = uidlist_find(&s->fl.order, m->uid)) == -1)
		return;
	*pos = (int32_t)j;
	if (ph->turn_ms == 0 || !ph->auto_grant)
		return;
	if (s->fl.holder != 0) {
		if (!timer_timed(&s->fl.turn))
			return;
		base = (int64_t)timer_left(&s->fl.turn, s->clock);
	}
	*eta = base + (int64_t)j * (int64_t)ph->turn_ms;
}

/* Only the member granted the floor may post. */
int
floor_queue_may_post(struct engine_session *s, struct member *m)
{
	if (s->fl.holder == m->uid)
		return (ENGINE_OK);
	if (m->flags & MF_HAND)
		return (ENGINE_R_IN_QUEUE);
	return (ENGINE_R_RAISE_HAND);
}

/* A member left or went absent: drop their hand. */
void
floor_queue_changed(struct engine_session *s, struct member *m)
{
	if ((m->flags & MF_HAND) && !floor_eligible(s, m))
		member_hand_clear(s, m, 0);
}

/* The phase ends: lower every hand. */
void
floor_queue_leave(struct engine_session *s)
{
	struct member	*m;
	size_t		 i;

	if (s->fl.order.n == 0)
		return;
	for (i = 0; i < s->fl.order.n; i++) {
		if ((m = member_find(s, s->fl.order.v[i])) != NULL) {
			m->flags &= ~MF_HAND;
			m->pin = 0;
		}
	}
	uidlist_clear(&s->fl.order);
	floor_queue_show(s);
}

/* The queue starts empty. */
static void
queue_enter(struct engine_session *s)
{
	s->fl.stage = FL_MAIN;
}

/* Hands join the queue at its end. */
static int
queue_hand(struct engine_session *s, struct member *m, int raise)
{
	return (floor_queue_hand(s, m, raise, NULL));
}

const struct floor_ops floor_queue_ops = {
	.floor = ENGINE_FLOOR_QUEUE,
	.name = "queue",
	.label = "a hand-raise queue",
	.flags = FLF_TURNS | FLF_HANDS,
	.enter = queue_enter,
	.leave = floor_queue_leave,
	.may_post = floor_queue_may_post,
	.next = floor_queue_next,
	.changed = floor_queue_changed,
	.position = floor_queue_position,
	.may_speak = floor_may_speak_circle,
	.hand = queue_hand,
	.grant = floor_queue_grant,
	.reorder = floor_queue_reorder,
};
