/*
 * engine-query.c: read-only views of a session for the server: the
 * state as a whole, each member with their live participation figures,
 * and who has not been heard yet.
 */
#include <string.h>

#include "engine-int.h"

/* Describe the session as it stands at now (not before its clock). */
void
engine_view(const struct engine_session *s, uint64_t now,
    struct engine_view *v)
{
	const struct engine_phase_def	*ph = phase_cur(s);

	if (now < s->clock)
		now = s->clock;
	memset(v, 0, sizeof *v);
	v->status = s->status;
	v->waiting = s->waiting;
	v->template_name = s->tpl->name;
	v->phase = s->phase;
	v->nphases = (uint32_t)s->tpl->nphases;
	v->floor = -1;
	v->presenter = s->presenter;
	v->nmembers = s->nm;
	v->norms = s->norms;
	if (ph == NULL || s->status == ENGINE_LOBBY)
		return;
	v->phase_id = ph->id;
	v->phase_title = ph->title;
	if (s->status == ENGINE_ENDED)
		return;
	v->floor = (int32_t)ph->floor;
	v->phase_timed = timer_timed(&s->ptimer);
	if (v->phase_timed) {
		v->phase_left_ms = (int64_t)timer_left(&s->ptimer, now);
		v->phase_total_ms = (int64_t)s->ptimer.total;
	}
	v->holder = s->fl.holder;
	if (s->fl.holder != 0) {
		v->turn_timed = timer_timed(&s->fl.turn);
		v->turn_held = (s->fl.turn.freeze & FZ_HOLD) != 0;
		if (v->turn_timed) {
			v->turn_left_ms = (int64_t)timer_left(&s->fl.turn,
			    now);
			v->turn_total_ms = (int64_t)s->fl.turn.total;
		}
	}
	v->round = s->fl.round;
	if (s->rot_block >= 0) {
		v->rotation = s->rot_idx + 1;
		v->nrotation = (uint32_t)s->rot.n;
	}
	if (s->ops->flags & FLF_HANDS) {
		v->queue = s->fl.order.v;
		v->nqueue = s->fl.order.n;
	} else if ((s->ops->flags & FLF_ORDER) &&
	    s->fl.pos < s->fl.order.n) {
		v->queue = s->fl.order.v + s->fl.pos;
		v->nqueue = s->fl.order.n - s->fl.pos;
	} else if (s->ops->floor == ENGINE_FLOOR_FISHBOWL) {
		v->queue = s->fl.taps.v;
		v->nqueue = s->fl.taps.n;
	}
}

/* Describe one member at now. */
static void
engine_member_fill(const struct engine_session *s, const struct member *m,
    uint64_t now, struct engine_member_info *mi)
{
	if (now < s->clock)
		now = s->clock;
	memset(mi, 0, sizeof *mi);
	mi->uid = m->uid;
	mi->name = m->name;
	mi->role = m->role;
	mi->presenter = s->presenter == m->uid;
	mi->connected = (m->flags & MF_CONNECTED) != 0;
	mi->absent = (m->flags & MF_ABSENT) != 0;
	mi->left = (m->flags & MF_LEFT) != 0;
	mi->removed = (m->flags & MF_REMOVED) != 0;
	mi->muted = (m->flags & MF_MUTED) != 0;
	mi->norms_acked = (m->flags & MF_NORMS) != 0;
	mi->hand = (m->flags & MF_HAND) != 0;
	mi->inner = (m->flags & MF_INNER) != 0;
	mi->seat = m->seat;
	mi->stats = m->st;
	if (s->fl.holder == m->uid)
		mi->stats.floor_ms += timer_used(&s->fl.turn, now);
}

/* Describe the member with this uid; return 0, or -1 if there is none. */
int
engine_member(const struct engine_session *s, uint64_t uid, uint64_t now,
    struct engine_member_info *mi)
{
	struct member	*m;

	if ((m = member_find(s, uid)) == NULL)
		return (-1);
	engine_member_fill(s, m, now, mi);
	return (0);
}

/* Return the number of members (every one who ever joined). */
size_t
engine_member_count(const struct engine_session *s)
{
	return (s->nm);
}

/* Describe the i-th member by seat; return 0, or -1 past the end. */
int
engine_member_at(const struct engine_session *s, size_t i, uint64_t now,
    struct engine_member_info *mi)
{
	if (i >= s->nm)
		return (-1);
	engine_member_fill(s, s->m[i], now, mi);
	return (0);
}

/*
 * List (up to max) the circle members who have not been heard yet: no
 * accepted post, card or reply this session. Return how many there are.
 */
size_t
engine_unheard(const struct engine_session *s, uint64_t *uids, size_t max)
{
	const struct member	*m;
	size_t			 i, n = 0;

	for (i = 0; i < s->nm; i++) {
		m = s->m[i];
		if (!member_in_circle(s, m) || (m->flags & MF_LEFT))
			continue;
		if (m->st.posts > 0 || m->st.board_posts > 0)
			continue;
		if (n < max && uids != NULL)
			uids[n] = m->uid;
		n++;
	}
	return (n);
}

/* Return the session's template (its own copy, durations applied). */
const struct engine_template *
engine_template(const struct engine_session *s)
{
	return (s->tpl);
}
