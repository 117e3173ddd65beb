/*
 * floor.c: the table of floor modes, uid lists, and the turn machinery
 * the turn floors share: starting and ending turns, building a round's
 * order, positions in it, reordering and granting.
 */
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "log.h"
#include "xmalloc.h"

static const struct floor_ops *const floor_table[ENGINE_FLOOR_COUNT] = {
	[ENGINE_FLOOR_PRESENTER] = &floor_presenter_ops,
	[ENGINE_FLOOR_GROUP] = &floor_group_ops,
	[ENGINE_FLOOR_QUESTIONS] = &floor_questions_ops,
	[ENGINE_FLOOR_GO_AROUND] = &floor_go_around_ops,
	[ENGINE_FLOOR_TALKING_PIECE] = &floor_talking_piece_ops,
	[ENGINE_FLOOR_OPEN] = &floor_open_ops,
	[ENGINE_FLOOR_QUEUE] = &floor_queue_ops,
	[ENGINE_FLOOR_PROGRESSIVE] = &floor_progressive_ops,
	[ENGINE_FLOOR_FACILITATOR] = &floor_facilitator_ops,
	[ENGINE_FLOOR_SILENT] = &floor_silent_ops,
	[ENGINE_FLOOR_BOARD] = &floor_board_ops,
	[ENGINE_FLOOR_FISHBOWL] = &floor_fishbowl_ops,
};

/* Return the ops of a floor mode. */
const struct floor_ops *
floor_ops_get(int floor)
{
	if (floor < 0 || floor >= ENGINE_FLOOR_COUNT)
		fatalx("floor_ops_get: floor %d", floor);
	return (floor_table[floor]);
}

/* Return a floor mode's template name. */
const char *
engine_floor_name(int floor)
{
	if (floor < 0 || floor >= ENGINE_FLOOR_COUNT)
		return ("none");
	return (floor_table[floor]->name);
}

/* Return the floor mode with this template name, or -1. */
int
engine_floor_byname(const char *name)
{
	int	i;

	for (i = 0; i < ENGINE_FLOOR_COUNT; i++) {
		if (strcmp(floor_table[i]->name, name) == 0)
			return (i);
	}
	return (-1);
}

/* Append a uid to a list. */
void
uidlist_push(struct uidlist *l, uint64_t uid)
{
	uidlist_insert(l, l->n, uid);
}

/* Insert a uid at index at (clamped to the end). */
void
uidlist_insert(struct uidlist *l, size_t at, uint64_t uid)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 8 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	if (at > l->n)
		at = l->n;
	memmove(&l->v[at + 1], &l->v[at], (l->n - at) * sizeof *l->v);
	l->v[at] = uid;
	l->n++;
}

/* Remove the first occurrence of a uid; return 1 if it was there. */
int
uidlist_remove(struct uidlist *l, uint64_t uid)
{
	ssize_t	i;

	if ((i = uidlist_find(l, uid)) == -1)
		return (0);
	memmove(&l->v[i], &l->v[i + 1], (l->n - (size_t)i - 1) * sizeof *l->v);
	l->n--;
	return (1);
}

/* Return the index of a uid in a list, or -1. */
ssize_t
uidlist_find(const struct uidlist *l, uint64_t uid)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i] == uid)
			return ((ssize_t)i);
	}
	return (-1);
}

/* Return the index of a uid at or after from, or -1. */
ssize_t
uidlist_find_from(const struct uidlist *l, size_t from, uint64_t uid)
{
	size_t	i;

	for (i = from; i < l->n; i++) {
		if (l->v[i] == uid)
			return ((ssize_t)i);
	}
	return (-1);
}

/* Empty a list, keeping its storage. */
void
uidlist_clear(struct uidlist *l)
{
	l->n = 0;
}

/* Free a list's storage. */
void
uidlist_free(struct uidlist *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Make dst a copy of src. */
void
uidlist_copy(struct uidlist *dst, const struct uidlist *src)
{
	size_t	i;

	uidlist_clear(dst);
	for (i = 0; i < src->n; i++)
		uidlist_push(dst, src->v[i]);
}

/* Clear the floor state for a new phase. */
void
floor_reset(struct engine_session *s)
{
	struct floor_state	*fl = &s->fl;
	size_t			 i;

	uidlist_clear(&fl->order);
	uidlist_clear(&fl->revisit);
	uidlist_clear(&fl->taps);
	fl->pos = 0;
	fl->revisit_from = NOPOS;
	fl->stage = FL_IDLE;
	fl->round = 0;
	fl->turns = 0;
	fl->holder = 0;
	fl->questions = 0;
	fl->summary = 0;
	timer_stop(&fl->turn);
	for (i = 0; i < s->nm; i++)
		s->m[i]->pin = 0;
}

/* Free the floor state's storage. */
void
floor_free(struct floor_state *fl)
{
	uidlist_free(&fl->order);
	uidlist_free(&fl->revisit);
	uidlist_free(&fl->taps);
}

/*
 * Return 1 if a member can be given a turn in the current phase: in the
 * circle, not gone, and not a presenter the phase keeps silent.
 */
int
floor_eligible(const struct engine_session *s, const struct member *m)
{
	const struct engine_phase_def	*ph = phase_cur(s);

	if (!member_in_circle(s, m) || !member_available(s, m))
		return (0);
	if (ph != NULL && ph->presenter_silent && m->uid == s->presenter)
		return (0);
	return (1);
}

/* Return 1 if a member could speak at some point in a phase. */
int
floor_speaks_in(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	return (floor_ops_get(ph->floor)->may_speak(s, ph, m));
}

/* may_speak for floors open to the whole circle. */
int
floor_may_speak_circle(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	if (!member_in_circle(s, m))
		return (0);
	return (!(ph->presenter_silent && m->uid == s->presenter));
}

/* may_speak for floors where nobody posts. */
int
floor_may_speak_never(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	(void)s;
	(void)ph;
	(void)m;
	return (0);
}

/* Give a member the floor for ms (0: untimed); summary marks the keeper. */
void
floor_turn_start(struct engine_session *s, struct member *m, uint64_t ms,
    int summary)
{
	struct engine_effect	*fx;
	char			 c[32];

	s->fl.holder = m->uid;
	s->fl.summary = (uint8_t)summary;
	s->fl.turns++;
	timer_start(s, &s->fl.turn, ms);
	fx = fx_new(s, ENGINE_FX_TURN_START);
	fx->uid = m->uid;
	fx->round = s->fl.round;
	fx->left_ms = ms > 0 ? (int64_t)ms : -1;
	fx->total_ms = (int64_t)ms;
	fx->value = summary;
	if (summary)
		fx_msg(fx, "%s, the keeper, sums up the round%s%s%s.", m->name,
		    ms > 0 ? " (" : "", ms > 0 ? fmt_clock(c, sizeof c,
		    (int64_t)ms) : "", ms > 0 ? ")" : "");
	else
		fx_msg(fx, "%s has the floor%s%s%s.", m->name,
		    ms > 0 ? " (" : "", ms > 0 ? fmt_clock(c, sizeof c,
		    (int64_t)ms) : "", ms > 0 ? ")" : "");
	if (!(m->flags & MF_CONNECTED)) {
		timer_freeze(&s->fl.turn, s->clock, FZ_HOLD);
		fx = fx_new(s, ENGINE_FX_TURN_HELD);
		fx->uid = m->uid;
		fx->left_ms = ms > 0 ? (int64_t)ms : -1;
		fx->value = (int64_t)timer_left(&m->grace, s->clock);
		fx_msg(fx, "%s is disconnected; the turn is held for %s.",
		    m->name, fmt_clock(c, sizeof c, fx->value));
	}
}

/* End the current turn (if any) for a reason, without choosing the next. */
void
floor_turn_end(struct engine_session *s, int why)
{
	struct engine_effect	*fx;
	struct member		*m;
	uint64_t		 used;
	static const char *const verbs[ENGINE_TE_COUNT] = {
		"%s is done.", "%s ran out of time.", "%s passed.",
		"%s's turn was skipped.", "%s is absent; the turn is over.",
		"%s left; the turn is over.", "%s's turn ended with the phase.",
		"%s's turn ended: the floor went to someone else."
	};

	if (s->fl.holder == 0)
		return;
	used = timer_used(&s->fl.turn, s->clock);
	if ((m = member_find(s, s->fl.holder)) != NULL) {
		switch (why) {
		case ENGINE_TE_PASS:
			m->st.passes++;
			break;
		case ENGINE_TE_SKIPPED:
		case ENGINE_TE_ABSENT:
			m->st.skipped++;
			break;
		case ENGINE_TE_TIMEOUT:
			m->st.timeouts++;
			m->st.turns++;
			break;
		default:
			m->st.turns++;
			break;
		}
		m->st.floor_ms += used;
	}
	fx = fx_new(s, ENGINE_FX_TURN_END);
	fx->uid = s->fl.holder;
	fx->reason = why;
	fx->value = (int64_t)used;
	fx->round = s->fl.round;
	fx_msg_name(fx, verbs[why], member_name(s, s->fl.holder));
	s->fl.holder = 0;
	s->fl.summary = 0;
	timer_stop(&s->fl.turn);
}

/*
 * Return 1 if the phase's time is up and it waits for the facilitator:
 * a turn in progress may finish, but no new turn starts.
 */
int
floor_halted(const struct engine_session *s)
{
	return ((s->ptimer.freeze & FZ_EXPIRED) != 0);
}

/* End the current turn and let the floor choose who is next. */
void
floor_turn_over(struct engine_session *s, int why)
{
	floor_turn_end(s, why);
	if (s->ops != NULL && s->ops->next != NULL && !floor_halted(s))
		s->ops->next(s);
}

/* Build a round's order: eligible members by seat, from the start seat. */
void
floor_order_build(struct engine_session *s)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;
	struct member			*p;
	struct uidlist			 tmp;
	size_t				 i, off = 0;

	memset(&tmp, 0, sizeof tmp);
	for (i = 0; i < s->nm; i++) {
		if (floor_eligible(s, s->m[i]))
			uidlist_push(&tmp, s->m[i]->uid);
	}
	if (tmp.n > 0) {
		switch (ph->start) {
		case ENGINE_START_ROTATE:
			off = s->start_count % tmp.n;
			s->start_count++;
			break;
		case ENGINE_START_AFTER_PRESENTER:
			if ((p = member_find(s, s->presenter)) == NULL)
				break;
			for (i = 0; i < tmp.n; i++) {
				if (member_find(s, tmp.v[i])->seat > p->seat) {
					off = i;
					break;
				}
			}
			break;
		default:
			break;
		}
	}
	uidlist_clear(&fl->order);
	for (i = 0; i < tmp.n; i++)
		uidlist_push(&fl->order, tmp.v[(off + i) % tmp.n]);
	uidlist_free(&tmp);
	fl->pos = 0;
	fl->revisit_from = NOPOS;
	uidlist_clear(&fl->revisit);
}

/* Start the next round of a go-around or talking piece. */
void
floor_round_start(struct engine_session *s)
{
	struct engine_effect	*fx;
	struct floor_state	*fl = &s->fl;
	char			*names = NULL, *tmp;
	size_t			 i;

	fl->round++;
	fl->turns = 0;
	fl->stage = FL_MAIN;
	floor_order_build(s);
	for (i = 0; i < fl->order.n; i++) {
		xasprintf(&tmp, "%s%s%s", names != NULL ? names : "",
		    i > 0 ? ", " : "", member_name(s, fl->order.v[i]));
		free(names);
		names = tmp;
	}
	fx = fx_new(s, ENGINE_FX_ROUND_START);
	fx->round = fl->round;
	if (fl->order.n > 0) {
		fx->uids = xcalloc(fl->order.n, sizeof *fx->uids);
		memcpy(fx->uids, fl->order.v, fl->order.n * sizeof *fx->uids);
		fx->nuids = fl->order.n;
	}
	fx_msg(fx, "Round %u of '%s': %s.", fl->round, phase_cur(s)->title,
	    names != NULL ? names : "nobody is here to speak");
	free(names);
}

/*
 * Where a member stands in the current round: turns ahead of them and an
 * estimate of the wait. next_round also counts a place in the next round
 * for members who have had their turn (talking piece).
 */
static void
floor_order_where(const struct engine_session *s, const struct member *m,
    int next_round, int32_t *pos, int64_t *eta)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	const struct floor_state	*fl = &s->fl;
	ssize_t				 j;
	int64_t				 ahead = -1, base = 0, extra = 0;
	int				 untimed = 0;

	*pos = -1;
	*eta = -1;
	if (fl->stage != FL_MAIN && fl->stage != FL_SUMMARY)
		return;
	if (fl->stage == FL_MAIN &&
	    (j = uidlist_find_from(&fl->order, fl->pos, m->uid)) != -1)
		ahead = (int64_t)((size_t)j - fl->pos);
	else if (fl->stage == FL_MAIN &&
	    (j = uidlist_find(&fl->revisit, m->uid)) != -1)
		ahead = (int64_t)(fl->order.n - fl->pos) + j;
	else if (next_round && floor_eligible(s, m) && (ph->rounds == 0 ||
	    fl->round < ph->rounds)) {
		j = uidlist_find(&fl->order, m->uid);
		if (j == -1)
			j = (ssize_t)fl->order.n;
		ahead = fl->stage == FL_MAIN ?
		    (int64_t)(fl->order.n - fl->pos) + j : j;
		if (ph->summary && fl->stage == FL_MAIN) {
			ahead++;
			extra = (int64_t)ph->summary_ms - (int64_t)ph->turn_ms;
			untimed = ph->summary_ms == 0;
		}
	}
	if (ahead < 0)
		return;
	*pos = (int32_t)ahead;
	if (ph->turn_ms == 0 || untimed)
		return;
	if (fl->holder != 0) {
		if (!timer_timed(&fl->turn))
			return;
		base = (int64_t)timer_left(&fl->turn, s->clock);
	}
	*eta = base + ahead * (int64_t)ph->turn_ms + extra;
}

/* position hook for a go-around. */
void
floor_order_position(const struct engine_session *s, const struct member *m,
    int32_t *pos, int64_t *eta)
{
	floor_order_where(s, m, s->ops->floor == ENGINE_FLOOR_TALKING_PIECE,
	    pos, eta);
}

/* Append the uids of list from index from to out, up to max in all. */
static void
floor_ahead_add(const struct uidlist *list, size_t from, uint64_t *out,
    size_t *n, size_t max)
{
	for (; from < list->n && *n < max; from++)
		out[(*n)++] = list->v[from];
}

/*
 * Who comes before a member whose place (the position hook's) is pos:
 * the first max of them, in order, the keeper's summing up as 0. Return
 * how many were filled.
 */
size_t
floor_ahead(const struct engine_session *s, int32_t pos, uint64_t *out,
    size_t max)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	const struct floor_state	*fl = &s->fl;
	size_t				 n = 0;

	if (pos <= 0)
		return (0);
	if ((size_t)pos < max)
		max = (size_t)pos;
	if (s->ops->floor == ENGINE_FLOOR_FISHBOWL) {
		floor_ahead_add(&fl->taps, 0, out, &n, max);
		return (n);
	}
	if (!(s->ops->flags & FLF_ORDER)) {
		floor_ahead_add(&fl->order, 0, out, &n, max);
		return (n);
	}
	if (fl->stage == FL_MAIN) {
		floor_ahead_add(&fl->order, fl->pos, out, &n, max);
		floor_ahead_add(&fl->revisit, 0, out, &n, max);
		if (ph->summary && n < max)
			out[n++] = 0;
	}
	floor_ahead_add(&fl->order, 0, out, &n, max);
	return (n);
}

/* Move a member to a place among the turns still to come. */
int
floor_order_reorder(struct engine_session *s, struct member *m, int32_t to)
{
	struct floor_state	*fl = &s->fl;
	struct uidlist		 rest;
	ssize_t			 j;

	if (fl->stage != FL_MAIN ||
	    (j = uidlist_find_from(&fl->order, fl->pos, m->uid)) == -1)
		return (ENGINE_R_NOT_IN_ORDER);
	memmove(&fl->order.v[j], &fl->order.v[j + 1],
	    (fl->order.n - (size_t)j - 1) * sizeof *fl->order.v);
	fl->order.n--;
	uidlist_insert(&fl->order, fl->pos + (size_t)to, m->uid);
	memset(&rest, 0, sizeof rest);
	for (j = fl->pos; (size_t)j < fl->order.n; j++)
		uidlist_push(&rest, fl->order.v[j]);
	fx_queue(s, &rest, 0);
	uidlist_free(&rest);
	return (ENGINE_OK);
}

/* Give a member the floor out of order; they are not asked again. */
int
floor_order_grant(struct engine_session *s, struct member *m)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct floor_state		*fl = &s->fl;
	ssize_t				 j;

	if (fl->holder == m->uid)
		return (ENGINE_OK);
	if (!floor_eligible(s, m))
		return (ENGINE_R_NOT_IN_ORDER);
	floor_turn_end(s, ENGINE_TE_GRANTED);
	if ((j = uidlist_find_from(&fl->order, fl->pos, m->uid)) != -1) {
		memmove(&fl->order.v[j], &fl->order.v[j + 1],
		    (fl->order.n - (size_t)j - 1) * sizeof *fl->order.v);
		fl->order.n--;
	}
	uidlist_remove(&fl->revisit, m->uid);
	if (fl->stage == FL_IDLE || fl->stage == FL_OVER) {
		fl->stage = FL_MAIN;
		if (fl->round == 0)
			fl->round = 1;
	}
	floor_turn_start(s, m, ph->turn_ms, 0);
	return (ENGINE_OK);
}

/* A member joined or came back: add newcomers to the end of the round. */
void
floor_order_changed(struct engine_session *s, struct member *m)
{
	struct floor_state	*fl = &s->fl;

	if (fl->stage != FL_MAIN || !floor_eligible(s, m))
		return;
	if (uidlist_find(&fl->order, m->uid) != -1 ||
	    uidlist_find(&fl->revisit, m->uid) != -1)
		return;
	uidlist_push(&fl->order, m->uid);
}

/* may_post for turn floors: only the holder. */
int
floor_may_post_turn(struct engine_session *s, struct member *m)
{
	if (s->fl.holder == m->uid)
		return (ENGINE_OK);
	if (s->fl.stage == FL_OVER || s->fl.stage == FL_IDLE ||
	    (s->fl.holder == 0 && floor_halted(s)))
		return (ENGINE_R_ROUND_OVER);
	return (ENGINE_R_NOT_YOUR_TURN);
}
