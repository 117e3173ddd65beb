/*
 * floor-fishbowl.c: "fishbowl": only the inner circle speaks; the outer
 * circle listens. In an open fishbowl one seat starts empty: an outer
 * member taps in to take a free seat, or waits in line until someone in
 * the inner circle steps out. In a closed fishbowl the facilitator moves
 * people, and each closed fishbowl phase seats the next group in turn.
 */
#include "engine-int.h"

/* Return the number of members in the inner circle. */
static uint32_t
fishbowl_inner_count(const struct engine_session *s)
{
	uint32_t	n = 0;
	size_t		i;

	for (i = 0; i < s->nm; i++) {
		if (s->m[i]->flags & MF_INNER)
			n++;
	}
	return (n);
}

/* Move a member in or out of the inner circle and say so. */
static void
fishbowl_set(struct engine_session *s, struct member *m, int inner,
    uint64_t actor)
{
	struct engine_effect	*fx;

	if (inner)
		m->flags |= MF_INNER;
	else
		m->flags &= ~MF_INNER;
	fx = fx_new(s, ENGINE_FX_CIRCLE);
	fx->uid = m->uid;
	fx->value = inner;
	fx->target = actor;
	fx_msg(fx, inner ? "%s joins the inner circle." :
	    "%s moves to the outer circle.", m->name);
}

/* Seat people waiting in line while there are free seats. */
static void
fishbowl_fill(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct member			*m;
	int				 changed = 0;

	while (s->fl.taps.n > 0 && fishbowl_inner_count(s) < ph->seats) {
		m = member_find(s, s->fl.taps.v[0]);
		uidlist_remove(&s->fl.taps, s->fl.taps.v[0]);
		changed = 1;
		if (m != NULL && floor_eligible(s, m) &&
		    !(m->flags & MF_INNER))
			fishbowl_set(s, m, 1, 0);
	}
	if (changed)
		fx_queue(s, &s->fl.taps, 1);
}

/* Seat the first group: by seat, or the next group in a closed bowl. */
static void
fishbowl_enter(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct member			*m;
	uint32_t			 want, n = 0, last = 0;
	size_t				 i, k, start = 0;
	int				 any = 0;

	s->fl.stage = FL_MAIN;
	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		if (!(m->flags & MF_INNER))
			continue;
		if (!ph->closed && floor_eligible(s, m)) {
			n++;
			continue;
		}
		if (ph->closed && m->seat >= last) {
			last = m->seat;
			any = 1;
		}
		fishbowl_set(s, m, 0, 0);
	}
	if (n > 0)
		return;
	want = ph->closed ? ph->seats : ph->seats - 1;
	if (any) {
		for (i = 0; i < s->nm; i++) {
			if (s->m[i]->seat > last) {
				start = i;
				break;
			}
		}
	}
	for (k = 0; k < s->nm && n < want; k++) {
		m = s->m[(start + k) % s->nm];
		if (floor_eligible(s, m)) {
			fishbowl_set(s, m, 1, 0);
			n++;
		}
	}
}

/* The line to tap in is the phase's. */
static void
fishbowl_leave(struct engine_session *s)
{
	if (s->fl.taps.n > 0) {
		uidlist_clear(&s->fl.taps);
		fx_queue(s, &s->fl.taps, 1);
	}
}

/* Only the inner circle speaks. */
static int
fishbowl_may_post(struct engine_session *s, struct member *m)
{
	(void)s;
	if (m->flags & MF_INNER)
		return (ENGINE_OK);
	return (ENGINE_R_OUTER_CIRCLE);
}

/* Someone left or went absent: free their seat or their place in line. */
static void
fishbowl_changed(struct engine_session *s, struct member *m)
{
	if (floor_eligible(s, m))
		return;
	if (uidlist_remove(&s->fl.taps, m->uid))
		fx_queue(s, &s->fl.taps, 1);
	if (m->flags & MF_INNER) {
		fishbowl_set(s, m, 0, 0);
		fishbowl_fill(s);
	}
}

/* A member's place in the line to tap in. */
static void
fishbowl_position(const struct engine_session *s, const struct member *m,
    int32_t *pos, int64_t *eta)
{
	ssize_t	j;

	*eta = -1;
	j = uidlist_find(&s->fl.taps, m->uid);
	*pos = j == -1 ? -1 : (int32_t)j;
}

/* Tap in (take a free seat or wait in line), or step out. */
static int
fishbowl_tap(struct engine_session *s, struct member *m, int in)
{
	const struct engine_phase_def	*ph = phase_cur(s);

	if (!in) {
		if (m->flags & MF_INNER) {
			fishbowl_set(s, m, 0, m->uid);
			fishbowl_fill(s);
			return (ENGINE_OK);
		}
		if (uidlist_remove(&s->fl.taps, m->uid)) {
			fx_queue(s, &s->fl.taps, 1);
			return (ENGINE_OK);
		}
		return (ENGINE_R_NOT_INNER);
	}
	if (ph->closed)
		return (ENGINE_R_CLOSED_FISHBOWL);
	if (m->flags & MF_INNER)
		return (ENGINE_R_ALREADY_INNER);
	if (!floor_eligible(s, m))
		return (ENGINE_R_NOT_IN_ORDER);
	if (uidlist_find(&s->fl.taps, m->uid) != -1)
		return (ENGINE_OK);
	if (fishbowl_inner_count(s) < ph->seats) {
		fishbowl_set(s, m, 1, m->uid);
		return (ENGINE_OK);
	}
	uidlist_push(&s->fl.taps, m->uid);
	fx_queue(s, &s->fl.taps, 1);
	return (ENGINE_OK);
}

/* A facilitator moves a member in or out. */
static int
fishbowl_move(struct engine_session *s, struct member *m, int in)
{
	const struct engine_phase_def	*ph = phase_cur(s);

	if (!in) {
		if (!(m->flags & MF_INNER))
			return (ENGINE_R_NOT_INNER);
		fishbowl_set(s, m, 0, 0);
		fishbowl_fill(s);
		return (ENGINE_OK);
	}
	if (m->flags & MF_INNER)
		return (ENGINE_R_ALREADY_INNER);
	if (!floor_eligible(s, m))
		return (ENGINE_R_NOT_IN_ORDER);
	if (fishbowl_inner_count(s) >= ph->seats)
		return (ENGINE_R_FULL);
	if (uidlist_remove(&s->fl.taps, m->uid))
		fx_queue(s, &s->fl.taps, 1);
	fishbowl_set(s, m, 1, 0);
	return (ENGINE_OK);
}

const struct floor_ops floor_fishbowl_ops = {
	.floor = ENGINE_FLOOR_FISHBOWL,
	.name = "fishbowl",
	.label = "a fishbowl (the inner circle speaks)",
	.enter = fishbowl_enter,
	.leave = fishbowl_leave,
	.may_post = fishbowl_may_post,
	.changed = fishbowl_changed,
	.position = fishbowl_position,
	.may_speak = floor_may_speak_circle,
	.tap = fishbowl_tap,
	.move = fishbowl_move,
};
