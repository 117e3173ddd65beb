/*
 * test-engine-floor.c: floor mechanics: go-around passes and revisits,
 * rotating and after-presenter start, per-turn expiry, rotation blocks,
 * the hand queue and the progressive queue (ordering, reorder, grant,
 * skip), fishbowl circles, and the talking piece's keeper.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine-test.h"

#define SEC	1000ULL
#define MIN	(60 * SEC)
#define FAC	1
#define A	2
#define B	3
#define C	4
#define D	5
#define E	6

/* Join the facilitator and n participants named A, B, C... */
static void
people(struct et *t, int n)
{
	static const char *const names[] = { "Amy", "Bo", "Cal", "Dot",
	    "Eli" };
	int	i;

	assert_int_equal(et_join(t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(et_join(t, A + (uint64_t)i, names[i],
		    ENGINE_ROLE_PARTICIPANT), ENGINE_OK);
}

/* Passes come back at the end of the round, once. */
static void
test_go_around_revisit(void **state)
{
	struct et		t;
	struct engine_stats	st;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = R\n[phase r]\ntitle = Round\n"
	    "floor = go-around\nturn = 1m\n[phase after]\ntitle = After\n"
	    "floor = open\nduration = 1m\n", NULL);
	people(&t, 4);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, A);
	assert_int_equal(v.nqueue, 3);
	assert_int_equal(v.queue[0], B);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, B), ENGINE_R_NO_TURN);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, A), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "Mine"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, C), ENGINE_OK);
	assert_int_equal(et_holder(&t), D);
	/* A, who passed, is told they come back after D. */
	assert_int_equal(et_post(&t, A, "Now?"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, 0);
	assert_int_equal(t.reply.detail.eta_ms, MIN);
	assert_int_equal(et_post(&t, C, "Now?"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, 1);
	assert_int_equal(t.reply.detail.eta_ms, 2 * MIN);
	et_advance(&t, MIN);
	assert_int_equal(et_find(&t, ENGINE_FX_TURN_END,
	    et_count(&t, ENGINE_FX_TURN_END) - 1)->reason, ENGINE_TE_TIMEOUT);
	assert_int_equal(et_holder(&t), A);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, A), ENGINE_OK);
	assert_int_equal(et_holder(&t), C);
	/* B had their turn: the reply says when they may speak next. */
	assert_int_equal(et_post(&t, B, "Again"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, -1);
	assert_int_equal(t.reply.detail.next_phase, 1);
	assert_int_equal(et_post(&t, C, "Finally"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	/* A passed twice: not asked a third time. The round is over. */
	assert_int_equal(et_phase(&t), 1);
	et_stats(&t, A, &st);
	assert_int_equal(st.passes, 2);
	assert_int_equal(st.turns, 0);
	et_stats(&t, C, &st);
	assert_int_equal(st.passes, 1);
	assert_int_equal(st.turns, 1);
	et_stats(&t, D, &st);
	assert_int_equal(st.timeouts, 1);
	assert_int_equal(st.turns, 1);
	assert_int_equal(st.floor_ms, MIN);
	et_close(&t);
}

/* A turn warns at 10 seconds and ends at its limit. */
static void
test_turn_expiry(void **state)
{
	struct et		 t;
	const struct et_rec	*r;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = R\n[phase r]\ntitle = Round\n"
	    "floor = go-around\nturn = 90s\n", NULL);
	people(&t, 2);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_log_clear(&t);
	assert_true(et_step(&t));
	r = et_find(&t, ENGINE_FX_WARNING, 0);
	assert_non_null(r);
	assert_int_equal(r->value, ENGINE_ADJUST_TURN);
	assert_int_equal(r->left_ms, 60 * SEC);
	assert_int_equal(r->uid, A);
	assert_true(et_step(&t));
	assert_int_equal(et_find(&t, ENGINE_FX_WARNING, 1)->left_ms, 10 * SEC);
	assert_string_equal(et_find(&t, ENGINE_FX_WARNING, 1)->msg,
	    "0:10 left in Amy's turn.");
	assert_true(et_step(&t));
	assert_int_equal(et_holder(&t), B);
	r = et_find(&t, ENGINE_FX_TURN_END, 0);
	assert_int_equal(r->reason, ENGINE_TE_TIMEOUT);
	assert_int_equal(r->value, 90 * SEC);
	assert_true(et_until_ended(&t, 90 * SEC));
	et_close(&t);
}

/*
 * A round's time is its turns': a go-around with no duration has no
 * phase timer and gives every seat its full turn, however long the round
 * takes; one whose template gives a duration and waits for the
 * facilitator lets the turn in progress finish, then starts no other.
 */
static void
test_round_not_cut_short(void **state)
{
	struct et		t;
	struct engine_view	v;
	uint64_t		who;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = R\n[phase r]\ntitle = Round\n"
	    "floor = go-around\nturn = 1m\ndone = no\n[phase after]\n"
	    "title = After\nfloor = open\nduration = 1m\n", NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_false(v.phase_timed);
	for (who = A; who <= E; who++) {
		et_view(&t, &v);
		assert_int_equal(et_phase(&t), 0);
		assert_int_equal(v.holder, who);
		assert_int_equal(v.turn_left_ms, MIN);
		et_advance(&t, MIN);
	}
	assert_int_equal(et_phase(&t), 1);
	assert_int_equal(et_count(&t, ENGINE_FX_TURN_END), 5);
	et_close(&t);

	et_open_text(&t, "[protocol]\ntitle = R\n[phase r]\ntitle = Round\n"
	    "floor = go-around\nturn = 90s\nduration = 2m\n"
	    "advance = facilitator\n", NULL);
	people(&t, 3);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_advance(&t, 150 * SEC);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(v.holder, B);
	assert_int_equal(v.turn_left_ms, 30 * SEC);
	assert_int_equal(et_post(&t, B, "Still mine"), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_TURN_END, B), 1);
	et_advance(&t, 5 * MIN);
	et_view(&t, &v);
	assert_int_equal(v.holder, 0);
	assert_int_equal(et_phase(&t), 0);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_TURN_START, C), 0);
	et_close(&t);
}

/* Rotating start seats; the seat after the presenter. */
static void
test_start_orders(void **state)
{
	struct et		 t;
	struct engine_input	 in;
	const struct et_rec	*r;
	int			 k;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = R\n"
	    "[phase q1]\ntitle = Q1\nfloor = go-around\nstart = rotate\n"
	    "[phase q2]\ntitle = Q2\nfloor = go-around\nstart = rotate\n"
	    "[phase q3]\ntitle = Q3\nfloor = go-around\nstart = rotate\n"
	    "[phase q4]\ntitle = Q4\nfloor = go-around\nstart = rotate\n"
	    "[phase p]\ntitle = P\nfloor = go-around\n"
	    "start = after-presenter\npresenter = silent\n", NULL);
	people(&t, 4);
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_SET_ROLE;
	in.uid = FAC;
	in.target = C;
	in.role = ENGINE_ROLE_PRESENTER;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	for (k = 0; k < 4; k++) {
		r = et_find(&t, ENGINE_FX_ROUND_START, (size_t)k);
		assert_non_null(r);
		assert_int_equal(et_holder(&t), A + (uint64_t)k);
		while (et_phase(&t) == k)
			assert_int_equal(et_do(&t, ENGINE_IN_DONE,
			    et_holder(&t)), ENGINE_OK);
	}
	/* C presents and is silent; the round starts at D and wraps. */
	assert_int_equal(et_holder(&t), D);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, D), ENGINE_OK);
	assert_int_equal(et_holder(&t), A);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_OK);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	assert_int_equal(et_phase(&t), -2);
	et_close(&t);
}

/* A rotation block runs once per presenter; previous crosses presenters. */
static void
test_rotation(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = Rot\n"
	    "[phase intro]\ntitle = Intro\nfloor = open\nduration = 1m\n"
	    "[phase share]\ntitle = Share\nfloor = presenter\n"
	    "duration = 2m\nrotate = r\n"
	    "[phase respond]\ntitle = Respond\nfloor = group\n"
	    "duration = 3m\nrotate = r\n"
	    "[phase close]\ntitle = Close\nfloor = open\nduration = 1m\n",
	    NULL);
	people(&t, 3);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.nrotation, 0);
	assert_true(et_until_phase(&t, 1, MIN));
	et_view(&t, &v);
	assert_int_equal(v.presenter, A);
	assert_int_equal(v.rotation, 1);
	assert_int_equal(v.nrotation, 3);
	assert_true(et_until_phase(&t, 2, 2 * MIN));
	assert_int_equal(et_post(&t, A, "x"), ENGINE_R_PRESENTER_SILENT);
	assert_int_equal(et_post(&t, B, "x"), ENGINE_OK);
	assert_true(et_until_phase(&t, 1, 3 * MIN));
	et_view(&t, &v);
	assert_int_equal(v.presenter, B);
	assert_int_equal(v.rotation, 2);
	/* Back: to the previous presenter's last phase. */
	assert_int_equal(et_do(&t, ENGINE_IN_PREVIOUS, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.phase, 2);
	assert_int_equal(v.presenter, A);
	assert_int_equal(v.phase_left_ms, 3 * MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.phase, 1);
	assert_int_equal(v.presenter, B);
	/* C leaves; a latecomer joins the rotation at its end. */
	assert_int_equal(et_do(&t, ENGINE_IN_LEAVE, C), ENGINE_OK);
	assert_int_equal(et_join(&t, D, "Dot", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.phase, 1);
	assert_int_equal(v.presenter, D);
	assert_int_equal(v.rotation, 4);
	assert_true(et_until_phase(&t, 3, 5 * MIN));
	et_view(&t, &v);
	assert_int_equal(v.presenter, 0);
	assert_int_equal(v.nrotation, 0);
	/* Going back into the block lands on its last presenter. */
	assert_int_equal(et_do(&t, ENGINE_IN_PREVIOUS, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.phase, 2);
	assert_int_equal(v.presenter, D);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_phase(&t), -2);
	et_close(&t);
}

static const char *queue_text =
    "[protocol]\ntitle = Q\n[phase q]\ntitle = Queue\nfloor = queue\n"
    "duration = 30m\nturn = 2m\n";

/* Hands are granted first in, first out; the facilitator steps in. */
static void
test_queue_fifo(void **state)
{
	struct et		t;
	struct engine_view	v;
	struct engine_input	in;

	(void)state;
	et_open_text(&t, queue_text, NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A),
	    ENGINE_R_NOT_STARTED);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_LOWER, A),
	    ENGINE_R_HAND_DOWN);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_OK);
	assert_int_equal(et_holder(&t), A);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A),
	    ENGINE_R_HOLDS_FLOOR);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, D), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, D), ENGINE_R_HAND_UP);
	et_view(&t, &v);
	assert_int_equal(v.nqueue, 3);
	assert_int_equal(v.queue[0], C);
	assert_int_equal(v.queue[1], B);
	assert_int_equal(v.queue[2], D);
	assert_int_equal(et_post(&t, E, "Me"), ENGINE_R_RAISE_HAND);
	assert_string_equal(t.reply.msg, "In 'Queue' (a hand-raise queue) "
	    "only the one given the floor speaks: Amy has it (2:00 left). "
	    "Raise your hand to join the queue (3 waiting).");
	assert_int_equal(et_post(&t, D, "Me"), ENGINE_R_IN_QUEUE);
	assert_int_equal(t.reply.detail.position, 2);
	assert_int_equal(t.reply.detail.eta_ms, 6 * MIN);
	assert_string_equal(t.reply.msg, "In 'Queue' (a hand-raise queue) "
	    "only the one given the floor speaks: Amy has it (2:00 left). You "
	    "are 3rd in line, after Cal and Bo, in about 6:00.");
	/* B lowers; the facilitator lowers C's hand. */
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_LOWER, B), ENGINE_OK);
	assert_int_equal(et_ctl(&t, ENGINE_IN_HAND_LOWER, D, C),
	    ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_ctl(&t, ENGINE_IN_HAND_LOWER, FAC, C), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.nqueue, 1);
	assert_int_equal(v.queue[0], D);
	et_advance(&t, 2 * MIN);
	assert_int_equal(et_holder(&t), D);
	/* Grant someone without a hand; skip them; the floor is free. */
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, E), ENGINE_OK);
	assert_int_equal(et_holder(&t), E);
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, 77),
	    ENGINE_R_NO_SUCH_MEMBER);
	assert_int_equal(et_do(&t, ENGINE_IN_SKIP, FAC), ENGINE_OK);
	assert_int_equal(et_holder(&t), 0);
	assert_int_equal(et_do(&t, ENGINE_IN_SKIP, FAC), ENGINE_R_NO_TURN);
	assert_string_equal(t.reply.msg, "Nobody holds the floor.");
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_HAND_RAISE;
	in.uid = FAC;
	assert_int_equal(et_input(&t, &in), ENGINE_R_NOT_IN_ORDER);
	et_close(&t);
}

/* A reorder places someone; later hands never pass a placed entry. */
static void
test_queue_reorder(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = Q\n[phase q]\ntitle = Queue\n"
	    "floor = queue\nduration = 30m\ngrant = facilitator\n", NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	/* Nobody is granted the floor by the engine here. */
	assert_int_equal(et_holder(&t), 0);
	assert_int_equal(et_reorder(&t, FAC, C, 0), ENGINE_OK);
	assert_int_equal(et_reorder(&t, FAC, D, 0), ENGINE_R_NOT_IN_ORDER);
	assert_int_equal(et_reorder(&t, A, C, 0), ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_reorder(&t, FAC, C, -1), ENGINE_R_BAD_VALUE);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, D), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.nqueue, 4);
	assert_int_equal(v.queue[0], C);
	assert_int_equal(v.queue[1], A);
	assert_int_equal(v.queue[2], B);
	assert_int_equal(v.queue[3], D);
	assert_int_equal(et_post(&t, A, "Me"), ENGINE_R_IN_QUEUE);
	assert_int_equal(t.reply.detail.eta_ms, -1);
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, C), ENGINE_OK);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	assert_int_equal(et_holder(&t), 0);
	et_close(&t);
}

/* The progressive queue puts the least heard first. */
static void
test_progressive(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = P\n[phase q]\ntitle = Stack\n"
	    "floor = progressive\nduration = 60m\nturn = 5m\n", NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	/* A speaks 3 minutes, B 1 minute, C twice for 30 seconds. */
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_OK);
	et_advance(&t, 3 * MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	et_advance(&t, MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	/* While C speaks again, everyone raises a hand. */
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, D), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, C);
	assert_int_equal(v.nqueue, 3);
	assert_int_equal(v.queue[0], D);	/* never heard */
	assert_int_equal(v.queue[1], B);	/* 1 minute */
	assert_int_equal(v.queue[2], A);	/* 3 minutes */
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	/* C has 1 minute over two turns: after B (1 minute, one turn). */
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, D);
	assert_int_equal(v.nqueue, 3);
	assert_int_equal(v.queue[0], B);
	assert_int_equal(v.queue[1], C);
	assert_int_equal(v.queue[2], A);
	/* The facilitator moves A up; E, never heard, stops behind A. */
	assert_int_equal(et_reorder(&t, FAC, A, 0), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, E), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.queue[0], A);
	assert_int_equal(v.queue[1], E);
	assert_int_equal(v.queue[2], B);
	assert_int_equal(v.queue[3], C);
	et_close(&t);
}

/* A closed fishbowl seats the next group each phase; moves and limits. */
static void
test_fishbowl_closed(void **state)
{
	struct et			t;
	struct engine_member_info	mi;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = F\n"
	    "[phase one]\ntitle = One\nfloor = fishbowl\nfishbowl = closed\n"
	    "seats = 2\nduration = 10m\n"
	    "[phase two]\ntitle = Two\nfloor = fishbowl\nfishbowl = closed\n"
	    "seats = 2\nduration = 10m\n", NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "In"), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "In"), ENGINE_OK);
	assert_int_equal(et_post(&t, C, "Out"), ENGINE_R_OUTER_CIRCLE);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, C),
	    ENGINE_R_CLOSED_FISHBOWL);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_OUT, C), ENGINE_R_NOT_INNER);
	assert_int_equal(et_ctl(&t, ENGINE_IN_MOVE, FAC, C), ENGINE_R_NOT_INNER);
	{
		struct engine_input	in;

		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_MOVE;
		in.uid = FAC;
		in.target = C;
		in.inner = true;
		assert_int_equal(et_input(&t, &in), ENGINE_R_FULL);
		in.target = A;
		in.inner = false;
		assert_int_equal(et_input(&t, &in), ENGINE_OK);
		in.target = C;
		in.inner = true;
		assert_int_equal(et_input(&t, &in), ENGINE_OK);
		assert_int_equal(et_input(&t, &in), ENGINE_R_ALREADY_INNER);
	}
	assert_int_equal(et_post(&t, C, "In now"), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Out now"), ENGINE_R_OUTER_CIRCLE);
	/* The next closed phase seats the next two after the last inner. */
	assert_true(et_until_phase(&t, 1, 10 * MIN));
	assert_int_equal(engine_member(t.s, D, t.now, &mi), 0);
	assert_true(mi.inner);
	assert_int_equal(engine_member(t.s, E, t.now, &mi), 0);
	assert_true(mi.inner);
	assert_int_equal(engine_member(t.s, C, t.now, &mi), 0);
	assert_false(mi.inner);
	et_close(&t);
}

/* In an open fishbowl, an inner member who leaves frees a seat. */
static void
test_fishbowl_leave(void **state)
{
	struct et			t;
	struct engine_member_info	mi;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = F\n[phase one]\ntitle = One\n"
	    "floor = fishbowl\nseats = 3\nduration = 10m\n", NULL);
	people(&t, 5);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, C), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, C), ENGINE_R_ALREADY_INNER);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, D), ENGINE_OK);
	assert_int_equal(t.reply.value, 1);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, E), ENGINE_OK);
	assert_int_equal(t.reply.value, 2);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_OUT, E), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_LEAVE, B), ENGINE_OK);
	assert_int_equal(engine_member(t.s, D, t.now, &mi), 0);
	assert_true(mi.inner);
	assert_int_equal(engine_member(t.s, B, t.now, &mi), 0);
	assert_false(mi.inner);
	assert_int_equal(engine_member(t.s, E, t.now, &mi), 0);
	assert_false(mi.inner);
	et_close(&t);
}

/* The talking piece: timed rounds, keeper summary, grant and reorder. */
static void
test_talking_piece(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = C\n[phase c]\ntitle = Circle\n"
	    "floor = talking-piece\nrounds = 2\nturn = 1m\nsummary = 30s\n",
	    NULL);
	people(&t, 3);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_holder(&t), A);
	/* The keeper's place: after C and the summary, then A again. */
	assert_int_equal(et_post(&t, B, "x"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, 0);
	assert_int_equal(et_reorder(&t, FAC, C, 0), ENGINE_OK);
	et_advance(&t, MIN);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	/* Everyone has spoken: the keeper (not in the circle) sums up. */
	et_view(&t, &v);
	assert_int_equal(v.holder, FAC);
	assert_int_equal(v.turn_left_ms, 30 * SEC);
	assert_int_equal(et_post(&t, FAC, "So far..."), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "x"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, 0);
	assert_int_equal(t.reply.detail.eta_ms, 30 * SEC);
	et_advance(&t, 30 * SEC);
	et_view(&t, &v);
	assert_int_equal(v.round, 2);
	assert_int_equal(v.holder, A);
	et_advance(&t, 3 * MIN);
	assert_int_equal(et_holder(&t), FAC);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, FAC), ENGINE_OK);
	assert_int_equal(et_phase(&t), -2);
	et_close(&t);
}

/* A holder made an observer loses the floor, even the keeper summing up. */
static void
test_holder_observer(void **state)
{
	struct et		t;
	struct engine_input	in;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = C\n[phase c]\ntitle = Circle\n"
	    "floor = talking-piece\nrounds = 2\n", NULL);
	people(&t, 2);
	assert_int_equal(et_join(&t, 8, "Gil", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_SET_ROLE;
	in.uid = 8;
	in.target = A;
	in.role = ENGINE_ROLE_OBSERVER;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), FAC);
	in.target = FAC;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_find(&t, ENGINE_FX_TURN_END,
	    et_count(&t, ENGINE_FX_TURN_END) - 1)->reason, ENGINE_TE_SKIPPED);
	assert_int_equal(et_holder(&t), B);
	et_close(&t);
}

/* Floors without turns refuse turn controls and hands. */
static void
test_no_turns(void **state)
{
	struct et	t;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = O\n[phase o]\ntitle = Open\n"
	    "floor = open\nduration = 5m\n", NULL);
	people(&t, 2);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_R_NO_HANDS);
	assert_non_null(strstr(t.reply.msg, "'Open' does not use raised "
	    "hands; the floor is open floor."));
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, A), ENGINE_R_NO_TURNS);
	assert_int_equal(et_reorder(&t, FAC, A, 0), ENGINE_R_NO_TURNS);
	assert_int_equal(et_do(&t, ENGINE_IN_SKIP, FAC), ENGINE_R_NO_TURNS);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, A), ENGINE_R_NO_TURN);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_R_NO_TURN);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_TURN, 10),
	    ENGINE_R_NO_TURN);
	assert_int_equal(et_ctl(&t, ENGINE_IN_MOVE, FAC, A),
	    ENGINE_R_NOT_FISHBOWL);
	assert_int_equal(et_post(&t, A, "Anyone"), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "Anyone"), ENGINE_OK);
	et_close(&t);
}

/* A post by uid is refused as out of turn, with the text msg. */
static void
out_of_turn(struct et *t, uint64_t uid, const char *msg)
{
	assert_int_equal(et_post(t, uid, "x"), ENGINE_R_NOT_YOUR_TURN);
	assert_string_equal(t->reply.msg, msg);
}

/*
 * A refused post says which rule applies, who holds the floor and when
 * the poster's turn comes: their place, who comes first (the first three
 * named), or that their turn in the round is over.
 */
static void
test_refusal_texts(void **state)
{
	struct et	t;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = R\n[phase r]\ntitle = Round\n"
	    "floor = go-around\nturn = 1m\n[phase after]\ntitle = After\n"
	    "floor = open\nduration = 1m\n", NULL);
	people(&t, 5);
	assert_int_equal(et_join(&t, E + 1, "Flo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_holder(&t), A);
	out_of_turn(&t, B,
	    "In 'Round' (a go-around) only the turn holder speaks: "
	    "it is Amy's turn (1:00 left). You are next, in about 1:00.");
	out_of_turn(&t, D,
	    "In 'Round' (a go-around) only the turn holder speaks: "
	    "it is Amy's turn (1:00 left). You are 3rd in line, after Bo "
	    "and Cal, in about 3:00.");
	out_of_turn(&t, E + 1,
	    "In 'Round' (a go-around) only the turn holder speaks: "
	    "it is Amy's turn (1:00 left). You are 5th in line, after Bo, "
	    "Cal, Dot and 1 more, in about 5:00.");
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_OK);
	out_of_turn(&t, A,
	    "In 'Round' (a go-around) only the turn holder speaks: "
	    "it is Bo's turn (1:00 left). You have had your turn in this "
	    "round. You may speak in 'After'.");
	et_close(&t);

	/* The talking piece: the keeper's summing up has its place too. */
	et_open_text(&t, "[protocol]\ntitle = C\n[phase c]\ntitle = Circle\n"
	    "floor = talking-piece\nrounds = 2\nturn = 1m\nsummary = 30s\n",
	    NULL);
	people(&t, 3);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_OK);
	out_of_turn(&t, A,
	    "In 'Circle' (a talking piece) only the "
	    "turn holder speaks: it is Bo's turn (1:00 left). You are 3rd in "
	    "line, after Cal and the keeper, in about 2:30.");
	et_close(&t);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_around_revisit),
		cmocka_unit_test(test_turn_expiry),
		cmocka_unit_test(test_round_not_cut_short),
		cmocka_unit_test(test_start_orders),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_queue_fifo),
		cmocka_unit_test(test_queue_reorder),
		cmocka_unit_test(test_progressive),
		cmocka_unit_test(test_fishbowl_closed),
		cmocka_unit_test(test_fishbowl_leave),
		cmocka_unit_test(test_talking_piece),
		cmocka_unit_test(test_holder_observer),
		cmocka_unit_test(test_no_turns),
		cmocka_unit_test(test_refusal_texts),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
