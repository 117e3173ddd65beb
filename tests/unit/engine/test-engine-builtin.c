/*
 * test-engine-builtin.c: every built-in template run end to end in
 * simulated time, with its phases, floors, timings and refusals asserted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine-test.h"

#define MIN	(60 * 1000ULL)
#define FAC	1		/* Fran, the facilitator */
#define ANA	2
#define BEN	3
#define CY	4
#define DEE	5
#define EVE	6
#define FINN	7
#define OBI	9		/* an observer */

/* Join the facilitator, n participants (Ana first, as presenter) and Obi. */
static void
crowd(struct et *t, int n)
{
	static const char *const names[] = { "Ana", "Ben", "Cy", "Dee",
	    "Eve", "Finn" };
	int	i;

	assert_int_equal(et_join(t, FAC, "Fran", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(et_join(t, ANA + (uint64_t)i, names[i],
		    i == 0 ? ENGINE_ROLE_PRESENTER : ENGINE_ROLE_PARTICIPANT),
		    ENGINE_OK);
	assert_int_equal(et_join(t, OBI, "Obi", ENGINE_ROLE_OBSERVER),
	    ENGINE_OK);
}

/* Acknowledge the norms for the participants. */
static void
ack_all(struct et *t, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		assert_int_equal(et_do(t, ENGINE_IN_NORMS_ACK,
		    ANA + (uint64_t)i), ENGINE_OK);
}

/* Start the session and check the first phase. */
static void
start(struct et *t)
{
	assert_int_equal(et_do(t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_phase(t), 0);
}

/* Check the current phase's floor and time left. */
static void
expect_phase(struct et *t, int32_t idx, int floor, int64_t left)
{
	struct engine_view	v;

	et_view(t, &v);
	assert_int_equal(v.phase, idx);
	assert_int_equal(v.floor, floor);
	if (left < 0)
		assert_false(v.phase_timed);
	else {
		assert_true(v.phase_timed);
		assert_int_equal(v.phase_left_ms, left);
	}
}

/* Let everyone in a go-around take their turn by timeout. */
static void
go_around_timeouts(struct et *t, const uint64_t *order, size_t n,
    uint64_t turn)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		assert_int_equal(et_holder(t), order[i]);
		assert_int_equal(et_post(t, order[i], "My turn."), ENGINE_OK);
		et_advance(t, turn);
	}
}

/* Consultancy: 50 minutes, presenter, questions, group, presenter, open. */
static void
test_consultancy(void **state)
{
	struct et		 t;
	const struct et_rec	*r;
	uint64_t		 t0;

	(void)state;
	et_open(&t, "consultancy", NULL);
	crowd(&t, 4);
	start(&t);
	t0 = t.now;
	expect_phase(&t, 0, ENGINE_FLOOR_PRESENTER, 10 * MIN);
	assert_int_equal(et_post(&t, ANA, "My dilemma is..."), ENGINE_OK);
	assert_int_equal(et_post(&t, BEN, "But why?"),
	    ENGINE_R_PRESENTER_ONLY);
	assert_int_equal(t.reply.detail.holder, ANA);
	assert_int_equal(t.reply.detail.next_phase, 1);
	assert_int_equal(t.reply.detail.eta_ms, 10 * MIN);
	assert_non_null(strstr(t.reply.msg, "Only the presenter, Ana, "
	    "speaks during 'Presenter overview' (10:00 left)."));
	assert_int_equal(et_post(&t, OBI, "Hi"), ENGINE_R_OBSERVER);
	assert_int_equal(et_post(&t, FAC, "Hi"), ENGINE_R_USE_NOTE);
	assert_int_equal(et_ctl(&t, ENGINE_IN_NOTE, FAC, 0), ENGINE_R_BAD_VALUE);

	assert_true(et_until_phase(&t, 1, 10 * MIN));
	assert_int_equal(t.now - t0, 10 * MIN);
	expect_phase(&t, 1, ENGINE_FLOOR_QUESTIONS, 5 * MIN);
	assert_int_equal(et_post(&t, ANA, "Let me add"), ENGINE_R_NO_QUESTION);
	assert_int_equal(et_post(&t, BEN, "Who decides?"), ENGINE_OK);
	r = et_find(&t, ENGINE_FX_POST, et_count(&t, ENGINE_FX_POST) - 1);
	assert_string_equal(r->tag, "question");
	assert_int_equal(et_post(&t, ANA, "The board."), ENGINE_OK);
	r = et_find(&t, ENGINE_FX_POST, et_count(&t, ENGINE_FX_POST) - 1);
	assert_string_equal(r->tag, "answer");

	assert_true(et_until_phase(&t, 2, 5 * MIN));
	expect_phase(&t, 2, ENGINE_FLOOR_QUESTIONS, 10 * MIN);
	assert_true(et_until_phase(&t, 3, 10 * MIN));
	expect_phase(&t, 3, ENGINE_FLOOR_GROUP, 15 * MIN);
	et_advance(&t, 150 * 1000);
	assert_int_equal(et_post(&t, ANA, "Actually..."),
	    ENGINE_R_PRESENTER_SILENT);
	assert_non_null(strstr(t.reply.msg, "The presenter listens silently "
	    "during 'Group discussion' (12:30 left)"));
	assert_int_equal(t.reply.detail.next_phase, 4);
	assert_int_equal(t.reply.detail.eta_ms, 750 * 1000);
	assert_int_equal(et_post(&t, CY, "What if..."), ENGINE_OK);
	assert_int_equal(et_post(&t, DEE, "Or maybe..."), ENGINE_OK);

	assert_true(et_until_phase(&t, 4, 15 * MIN));
	expect_phase(&t, 4, ENGINE_FLOOR_PRESENTER, 5 * MIN);
	assert_int_equal(et_post(&t, ANA, "I heard..."), ENGINE_OK);
	assert_int_equal(et_post(&t, DEE, "Yes"), ENGINE_R_PRESENTER_ONLY);
	assert_true(et_until_phase(&t, 5, 5 * MIN));
	expect_phase(&t, 5, ENGINE_FLOOR_OPEN, 5 * MIN);
	assert_int_equal(et_post(&t, ANA, "Thanks"), ENGINE_OK);
	assert_int_equal(et_post(&t, BEN, "Good process"), ENGINE_OK);
	assert_true(et_until_ended(&t, 5 * MIN));
	assert_int_equal(t.now - t0, 50 * MIN);
	assert_int_equal(et_count(&t, ENGINE_FX_PHASE_START), 6);
	assert_int_equal(et_count(&t, ENGINE_FX_END), 1);
	et_close(&t);
}

/* Tuning: introduction, presentation, silent examination, feedback rounds. */
static void
test_tuning(void **state)
{
	struct et		 t;
	const struct et_rec	*r;
	const uint64_t		 order[] = { BEN, CY, DEE };

	(void)state;
	et_open(&t, "tuning", NULL);
	crowd(&t, 4);
	start(&t);
	expect_phase(&t, 0, ENGINE_FLOOR_FACILITATOR, 5 * MIN);
	assert_int_equal(et_post(&t, FAC, "Our goals today..."), ENGINE_OK);
	assert_int_equal(et_post(&t, BEN, "Hello"), ENGINE_R_FACILITATOR_ONLY);
	assert_int_equal(t.reply.detail.next_phase, 2);
	assert_true(et_until_phase(&t, 1, 5 * MIN));
	expect_phase(&t, 1, ENGINE_FLOOR_PRESENTER, 15 * MIN);
	assert_true(et_until_phase(&t, 2, 15 * MIN));
	assert_true(et_until_phase(&t, 3, 5 * MIN));
	expect_phase(&t, 3, ENGINE_FLOOR_SILENT, 5 * MIN);
	assert_int_equal(et_post(&t, BEN, "Hmm"), ENGINE_R_SILENT);
	assert_int_equal(et_post(&t, ANA, "Hmm"), ENGINE_R_SILENT);
	assert_true(et_until_phase(&t, 4, 5 * MIN));

	/* Warm round: the presenter is silent; 1 minute turns. */
	expect_phase(&t, 4, ENGINE_FLOOR_GO_AROUND, 6 * MIN);
	assert_int_equal(et_holder(&t), BEN);
	assert_int_equal(et_post(&t, ANA, "Thanks"), ENGINE_R_PRESENTER_SILENT);
	assert_int_equal(et_post(&t, DEE, "Me next"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.holder, BEN);
	assert_int_equal(t.reply.detail.position, 1);
	assert_int_equal(t.reply.detail.eta_ms, 2 * MIN);
	assert_string_equal(t.reply.msg, "In 'Warm feedback' (a go-around) "
	    "only the turn holder speaks: it is Ben's turn (1:00 left). You "
	    "are 2nd in line, after Cy, in about 2:00.");
	go_around_timeouts(&t, order, 3, MIN);

	/* The round is over after 3 minutes: cool feedback starts early. */
	expect_phase(&t, 5, ENGINE_FLOOR_GO_AROUND, 6 * MIN);
	assert_int_equal(et_post(&t, BEN, "the pacing"), ENGINE_OK);
	r = et_find(&t, ENGINE_FX_POST, et_count(&t, ENGINE_FX_POST) - 1);
	assert_string_equal(r->tag, "I wonder if...");
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, BEN), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, CY), ENGINE_OK);
	assert_int_equal(et_holder(&t), DEE);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, DEE), ENGINE_OK);
	/* Cy passed: the round comes back to Cy. */
	assert_int_equal(et_holder(&t), CY);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, CY), ENGINE_OK);
	expect_phase(&t, 6, ENGINE_FLOOR_PRESENTER, 10 * MIN);
	assert_true(et_until_phase(&t, 7, 10 * MIN));
	expect_phase(&t, 7, ENGINE_FLOOR_OPEN, 5 * MIN);
	assert_true(et_until_ended(&t, 5 * MIN));
	et_close(&t);
}

/* Final Word: each presents in turn; the others respond once each. */
static void
test_final_word(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const uint64_t		 people[] = { ANA, BEN, CY, DEE };
	uint64_t		 order[3];
	size_t			 p, i;

	(void)state;
	et_open(&t, "final-word", NULL);
	crowd(&t, 4);
	start(&t);
	for (p = 0; p < 4; p++) {
		et_view(&t, &v);
		assert_int_equal(v.phase, 0);
		assert_int_equal(v.presenter, people[p]);
		assert_int_equal(v.rotation, p + 1);
		assert_int_equal(v.nrotation, 4);
		assert_int_equal(et_post(&t, people[p], "A quote."), ENGINE_OK);
		assert_int_equal(et_post(&t, people[(p + 1) % 4], "Hm"),
		    ENGINE_R_PRESENTER_ONLY);
		assert_true(et_until_phase(&t, 1, 3 * MIN));
		/* Responses start after the presenter, wrapping around. */
		for (i = 0; i < 3; i++)
			order[i] = people[(p + 1 + i) % 4];
		assert_int_equal(et_post(&t, people[p], "But"),
		    ENGINE_R_PRESENTER_SILENT);
		go_around_timeouts(&t, order, 3, MIN);
		expect_phase(&t, 2, ENGINE_FLOOR_PRESENTER, MIN);
		assert_int_equal(et_post(&t, people[p], "Final word."),
		    ENGINE_OK);
		if (p < 3)
			assert_true(et_until_phase(&t, 0, MIN));
	}
	assert_true(et_until_ended(&t, MIN));
	assert_int_equal(et_count(&t, ENGINE_FX_PRESENTER), 4);
	et_close(&t);
}

/* Save the Last Word: the facilitator takes part and presents too. */
static void
test_save_the_last_word(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const uint64_t		 people[] = { FAC, ANA, BEN, CY };
	size_t			 p;
	uint64_t		 t0;

	(void)state;
	et_open(&t, "save-the-last-word", NULL);
	crowd(&t, 3);
	start(&t);
	t0 = t.now;
	for (p = 0; p < 4; p++) {
		et_view(&t, &v);
		assert_int_equal(v.presenter, people[p]);
		assert_int_equal(et_post(&t, people[p], "The passage."),
		    ENGINE_OK);
		assert_true(et_until_phase(&t, 1, MIN));
		expect_phase(&t, 1, ENGINE_FLOOR_SILENT, 30 * 1000);
		assert_true(et_until_phase(&t, 2, MIN));
		assert_int_equal(et_holder(&t), people[(p + 1) % 4]);
		assert_true(et_until_phase(&t, 3, 3 * MIN));
		expect_phase(&t, 3, ENGINE_FLOOR_PRESENTER, 3 * MIN);
		assert_true(et_until_phase(&t, p < 3 ? 0 : 4, 3 * MIN));
	}
	assert_int_equal(t.now - t0, 30 * MIN);
	/* The dialogue waits for the facilitator when its time is up. */
	et_advance(&t, 5 * MIN);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(v.phase, 4);
	assert_int_equal(et_count(&t, ENGINE_FX_TIME_UP), 1);
	assert_int_equal(et_post(&t, ANA, "One more thing"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, ANA),
	    ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_true(et_until_ended(&t, 0));
	et_close(&t);
}

/* Microlabs: strict turns, rotating start, norms, a triad at most. */
static void
test_microlabs(void **state)
{
	struct et	 t;
	const uint64_t	 q1[] = { ANA, BEN, CY }, q2[] = { BEN, CY, ANA },
			 q3[] = { CY, ANA, BEN };
	const uint64_t	*qs[] = { q1, q2, q3 };
	int		 q;

	(void)state;
	et_open(&t, "microlabs", NULL);
	crowd(&t, 3);
	assert_int_equal(et_join(&t, DEE, "Dee", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_R_FULL);
	start(&t);
	assert_int_equal(et_post(&t, FAC, "Question one is..."), ENGINE_OK);
	assert_true(et_until_phase(&t, 2, 2 * MIN));
	assert_int_equal(et_post(&t, ANA, "I think"), ENGINE_R_NORMS);
	assert_non_null(strstr(t.reply.msg, "acknowledge"));
	ack_all(&t, 3);
	for (q = 0; q < 3; q++) {
		if (q > 0)
			assert_true(et_until_phase(&t, 3 * q + 2, 2 * MIN));
		expect_phase(&t, 3 * q + 2, ENGINE_FLOOR_GO_AROUND, -1);
		assert_int_equal(et_holder(&t), qs[q][0]);
		assert_int_equal(et_do(&t, ENGINE_IN_DONE, qs[q][0]),
		    ENGINE_R_NO_EARLY_END);
		assert_int_equal(et_do(&t, ENGINE_IN_PASS, qs[q][0]),
		    ENGINE_R_NO_PASS);
		go_around_timeouts(&t, qs[q], 3, 2 * MIN);
	}
	expect_phase(&t, 9, ENGINE_FLOOR_OPEN, 10 * MIN);
	assert_true(et_until_ended(&t, 10 * MIN));
	et_close(&t);
}

/* Chalk Talk: a silent board with cards and replies, then a share round. */
static void
test_chalk_talk(void **state)
{
	struct et		 t;
	const struct et_rec	*r;
	const uint64_t		 order[] = { ANA, BEN, CY };

	(void)state;
	et_open(&t, "chalk-talk", NULL);
	crowd(&t, 3);
	start(&t);
	assert_int_equal(et_board(&t, ANA, 0, "Too early"), ENGINE_R_NOT_BOARD);
	assert_true(et_until_phase(&t, 1, 2 * MIN));
	expect_phase(&t, 1, ENGINE_FLOOR_BOARD, 15 * MIN);
	assert_int_equal(et_post(&t, ANA, "Can we talk?"), ENGINE_R_BOARD_ONLY);
	assert_int_equal(et_board(&t, ANA, 0, "Equity means..."), ENGINE_OK);
	assert_int_equal(t.reply.value, 1);
	assert_int_equal(et_board(&t, BEN, 1, "Yes, and..."), ENGINE_OK);
	assert_int_equal(t.reply.value, 2);
	r = et_find(&t, ENGINE_FX_BOARD_POST, 1);
	assert_int_equal(r->value, 2);
	assert_int_equal(et_board(&t, CY, 7, "To what?"),
	    ENGINE_R_NO_SUCH_CARD);
	assert_int_equal(et_board(&t, FAC, 0, "Circle this"), ENGINE_OK);
	assert_int_equal(et_board(&t, OBI, 0, "Me too"), ENGINE_R_OBSERVER);
	assert_true(et_until_phase(&t, 2, 15 * MIN));
	assert_int_equal(et_post(&t, CY, "A pattern"), ENGINE_OK);
	assert_true(et_until_phase(&t, 3, 5 * MIN));
	go_around_timeouts(&t, order, 3, MIN);
	expect_phase(&t, 4, ENGINE_FLOOR_OPEN, 5 * MIN);
	assert_true(et_until_ended(&t, 5 * MIN));
	et_close(&t);
}

/* Circle: the keeper sits in the circle and sums up after each round. */
static void
test_circle(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const uint64_t		 seats[] = { FAC, ANA, BEN, CY };
	const uint64_t		 round2[] = { FAC, ANA, BEN, CY, FAC, FAC };
	size_t			 i;

	(void)state;
	et_open(&t, "circle", NULL);
	crowd(&t, 3);
	ack_all(&t, 3);
	start(&t);
	assert_true(et_until_phase(&t, 1, 2 * MIN));
	/* Check-in: one round, no summary, untimed turns. */
	expect_phase(&t, 1, ENGINE_FLOOR_TALKING_PIECE, -1);
	for (i = 0; i < 4; i++) {
		assert_int_equal(et_holder(&t), seats[i]);
		if (i == 2)
			assert_int_equal(et_do(&t, ENGINE_IN_PASS, seats[i]),
			    ENGINE_OK);
		else {
			assert_int_equal(et_post(&t, seats[i], "Here."),
			    ENGINE_OK);
			assert_int_equal(et_do(&t, ENGINE_IN_DONE, seats[i]),
			    ENGINE_OK);
		}
	}
	/* Agreements: one round, then the keeper sums up. */
	expect_phase(&t, 2, ENGINE_FLOOR_TALKING_PIECE, -1);
	for (i = 0; i < 4; i++)
		assert_int_equal(et_do(&t, ENGINE_IN_DONE, seats[i]),
		    ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, FAC);
	assert_int_equal(et_find(&t, ENGINE_FX_TURN_START,
	    et_count(&t, ENGINE_FX_TURN_START) - 1)->value, 1);
	assert_int_equal(et_post(&t, FAC, "We agree to..."), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, FAC), ENGINE_OK);
	/* Question rounds repeat until the facilitator moves on. */
	expect_phase(&t, 3, ENGINE_FLOOR_TALKING_PIECE, 30 * MIN);
	for (i = 0; i < 6; i++)
		assert_int_equal(et_do(&t, ENGINE_IN_DONE, round2[i]),
		    ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.round, 2);
	assert_int_equal(v.holder, ANA);
	assert_int_equal(et_post(&t, BEN, "Wait"), ENGINE_R_NOT_YOUR_TURN);
	assert_int_equal(t.reply.detail.position, 0);
	et_advance(&t, 30 * MIN);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	expect_phase(&t, 4, ENGINE_FLOOR_TALKING_PIECE, -1);
	for (i = 0; i < 4; i++)
		assert_int_equal(et_do(&t, ENGINE_IN_DONE, seats[i]),
		    ENGINE_OK);
	expect_phase(&t, 5, ENGINE_FLOOR_FACILITATOR, 2 * MIN);
	assert_true(et_until_ended(&t, 2 * MIN));
	et_close(&t);
}

/* Fishbowl: an open seat, tap in, wait in line, step out, feedback. */
static void
test_fishbowl(void **state)
{
	struct et			 t;
	struct engine_member_info	 mi;
	struct engine_view		 v;
	const uint64_t			 all[] = { ANA, BEN, CY, DEE, EVE,
					     FINN };

	(void)state;
	et_open(&t, "fishbowl", NULL);
	crowd(&t, 6);
	start(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, EVE),
	    ENGINE_R_NOT_FISHBOWL);
	assert_true(et_until_phase(&t, 1, 3 * MIN));
	expect_phase(&t, 1, ENGINE_FLOOR_FISHBOWL, 40 * MIN);
	assert_int_equal(engine_member(t.s, DEE, t.now, &mi), 0);
	assert_true(mi.inner);
	assert_int_equal(engine_member(t.s, EVE, t.now, &mi), 0);
	assert_false(mi.inner);
	assert_int_equal(et_post(&t, EVE, "Me?"), ENGINE_R_OUTER_CIRCLE);
	assert_int_equal(et_post(&t, ANA, "Inside"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, EVE), ENGINE_OK);
	assert_int_equal(et_post(&t, EVE, "Now me"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_IN, FINN), ENGINE_OK);
	assert_int_equal(t.reply.value, 1);
	assert_int_equal(et_post(&t, FINN, "Me?"), ENGINE_R_OUTER_CIRCLE);
	assert_int_equal(t.reply.detail.position, 0);
	assert_int_equal(et_do(&t, ENGINE_IN_TAP_OUT, ANA), ENGINE_OK);
	assert_int_equal(et_post(&t, FINN, "In!"), ENGINE_OK);
	assert_int_equal(et_post(&t, ANA, "Out"), ENGINE_R_OUTER_CIRCLE);
	et_advance(&t, 40 * MIN);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	/* Feedback from everyone, whether they spoke or not. */
	go_around_timeouts(&t, all, 6, MIN);
	assert_int_equal(et_phase(&t), -2);
	et_close(&t);
}

/* Success Analysis: a rotation block of four phases per presenter. */
static void
test_success_analysis(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const uint64_t		 people[] = { ANA, BEN, CY };
	size_t			 p;
	uint64_t		 t0;

	(void)state;
	et_open(&t, "success-analysis", NULL);
	crowd(&t, 3);
	start(&t);
	t0 = t.now;
	expect_phase(&t, 0, ENGINE_FLOOR_SILENT, 5 * MIN);
	assert_true(et_until_phase(&t, 1, 5 * MIN));
	for (p = 0; p < 3; p++) {
		et_view(&t, &v);
		assert_int_equal(v.phase, 1);
		assert_int_equal(v.presenter, people[p]);
		assert_true(et_until_phase(&t, 3, 8 * MIN));
		expect_phase(&t, 3, ENGINE_FLOOR_GROUP, 10 * MIN);
		assert_int_equal(et_post(&t, people[p], "Well"),
		    ENGINE_R_PRESENTER_SILENT);
		assert_int_equal(et_post(&t, people[(p + 1) % 3], "It worked "
		    "because"), ENGINE_OK);
		assert_true(et_until_phase(&t, 4, 10 * MIN));
		assert_true(et_until_phase(&t, p < 2 ? 1 : 5, 3 * MIN));
	}
	expect_phase(&t, 5, ENGINE_FLOOR_OPEN, 4 * MIN);
	assert_true(et_until_ended(&t, 4 * MIN));
	assert_int_equal(t.now - t0, (5 + 3 * 21 + 4) * MIN);
	et_close(&t);
}

/* Issaquah: rounds with passes revisited, stems naming the presenter. */
static void
test_issaquah(void **state)
{
	struct et		 t;
	const struct et_rec	*r;

	(void)state;
	et_open(&t, "issaquah", NULL);
	crowd(&t, 4);
	start(&t);
	assert_true(et_until_phase(&t, 2, 13 * MIN));
	expect_phase(&t, 2, ENGINE_FLOOR_GO_AROUND, 7 * MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_PASS, BEN), ENGINE_OK);
	assert_int_equal(et_post(&t, CY, "Ana said the budget"), ENGINE_OK);
	r = et_find(&t, ENGINE_FX_POST, et_count(&t, ENGINE_FX_POST) - 1);
	assert_string_equal(r->tag, "I heard Ana say...");
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, CY), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, DEE), ENGINE_OK);
	/* Back to Ben, who passed. */
	assert_int_equal(et_holder(&t), BEN);
	assert_int_equal(et_post(&t, BEN, "Now I have one"), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, BEN), ENGINE_OK);
	expect_phase(&t, 3, ENGINE_FLOOR_GO_AROUND, 7 * MIN);
	/* Turns run out one by one; the round ends the phase early. */
	assert_true(et_until_phase(&t, 4, 7 * MIN));
	assert_int_equal(et_find(&t, ENGINE_FX_TURN_END,
	    et_count(&t, ENGINE_FX_TURN_END) - 1)->reason, ENGINE_TE_TIMEOUT);
	expect_phase(&t, 4, ENGINE_FLOOR_PRESENTER, 2 * MIN);
	assert_true(et_until_phase(&t, 8, 20 * MIN));
	assert_true(et_until_ended(&t, 5 * MIN));
	et_close(&t);
}

/* Peeling the Onion: four prompt rounds with the presenter silent. */
static void
test_peeling_the_onion(void **state)
{
	struct et		 t;
	const struct et_rec	*r;
	const uint64_t		 order[] = { BEN, CY, DEE };
	int			 k;

	(void)state;
	et_open(&t, "peeling-the-onion", NULL);
	crowd(&t, 4);
	start(&t);
	assert_true(et_until_phase(&t, 2, 8 * MIN));
	for (k = 2; k < 6; k++) {
		expect_phase(&t, k, ENGINE_FLOOR_GO_AROUND, 4 * MIN);
		assert_int_equal(et_post(&t, ANA, "Hm"),
		    ENGINE_R_PRESENTER_SILENT);
		go_around_timeouts(&t, order, 3, MIN);
	}
	r = et_find(&t, ENGINE_FX_POST, et_count(&t, ENGINE_FX_POST) - 1);
	assert_string_equal(r->tag, "What if...? Have we thought about...? "
	    "I wonder...");
	r = et_find(&t, ENGINE_FX_POST, 0);
	assert_string_equal(r->tag, "What I heard Ana say is...");
	expect_phase(&t, 6, ENGINE_FLOOR_PRESENTER, 5 * MIN);
	assert_true(et_until_phase(&t, 7, 5 * MIN));
	assert_int_equal(et_post(&t, ANA, "Now what"), ENGINE_OK);
	assert_true(et_until_ended(&t, 10 * MIN));
	et_close(&t);
}

/* What, So What, Now What: alone (silent), then together, three times. */
static void
test_what_so_what(void **state)
{
	struct et	t;
	int		k;

	(void)state;
	et_open(&t, "what-so-what-now-what", NULL);
	crowd(&t, 3);
	start(&t);
	for (k = 0; k < 6; k++) {
		expect_phase(&t, k, k % 2 ? ENGINE_FLOOR_OPEN :
		    ENGINE_FLOOR_SILENT, k % 2 ? 7 * MIN : MIN);
		assert_int_equal(et_post(&t, BEN, "Fact"), k % 2 ?
		    ENGINE_OK : ENGINE_R_SILENT);
		if (k < 5)
			assert_true(et_until_phase(&t, k + 1, 7 * MIN));
	}
	assert_true(et_until_ended(&t, 7 * MIN));
	et_close(&t);
}

/* Open discussion: hands in order, three-minute turns. */
static void
test_open_discussion(void **state)
{
	struct et		 t;
	struct engine_view	 v;

	(void)state;
	et_open(&t, "open-discussion", NULL);
	crowd(&t, 4);
	start(&t);
	expect_phase(&t, 0, ENGINE_FLOOR_QUEUE, 45 * MIN);
	assert_int_equal(et_post(&t, BEN, "Hi"), ENGINE_R_RAISE_HAND);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, BEN), ENGINE_OK);
	assert_int_equal(et_holder(&t), BEN);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, CY), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, ANA), ENGINE_OK);
	assert_int_equal(et_post(&t, ANA, "Me"), ENGINE_R_IN_QUEUE);
	assert_int_equal(t.reply.detail.position, 1);
	assert_int_equal(t.reply.detail.eta_ms, 6 * MIN);
	assert_int_equal(et_post(&t, BEN, "My point"), ENGINE_OK);
	et_advance(&t, 3 * MIN);
	assert_int_equal(et_holder(&t), CY);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, CY), ENGINE_OK);
	assert_int_equal(et_holder(&t), ANA);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, ANA), ENGINE_OK);
	assert_int_equal(et_holder(&t), 0);
	et_advance(&t, 45 * MIN);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	expect_phase(&t, 1, ENGINE_FLOOR_OPEN, 5 * MIN);
	assert_true(et_until_ended(&t, 5 * MIN));
	et_close(&t);
}

/* Troika: three clients, each turning their back while consulted. */
static void
test_troika(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const uint64_t		 people[] = { ANA, BEN, CY };
	size_t			 p;

	(void)state;
	et_open(&t, "troika", NULL);
	crowd(&t, 3);
	start(&t);
	assert_true(et_until_phase(&t, 1, MIN));
	for (p = 0; p < 3; p++) {
		et_view(&t, &v);
		assert_int_equal(v.presenter, people[p]);
		assert_true(et_until_phase(&t, 3, 4 * MIN));
		assert_int_equal(et_post(&t, people[p], "But"),
		    ENGINE_R_PRESENTER_SILENT);
		assert_int_equal(et_post(&t, people[(p + 2) % 3], "Try"),
		    ENGINE_OK);
		assert_true(et_until_phase(&t, 4, 4 * MIN));
		if (p < 2)
			assert_true(et_until_phase(&t, 1, 2 * MIN));
	}
	assert_true(et_until_ended(&t, 2 * MIN));
	et_close(&t);
}

/* Every built-in template is covered above. */
static void
test_all_covered(void **state)
{
	static const char *const names[] = { "chalk-talk", "circle",
	    "consultancy", "final-word", "fishbowl", "issaquah", "microlabs",
	    "open-discussion", "peeling-the-onion", "save-the-last-word",
	    "success-analysis", "troika", "tuning", "what-so-what-now-what" };
	struct engine_templates	*set;
	size_t			 i;

	(void)state;
	set = engine_templates_new();
	assert_int_equal(engine_templates_count(set), 14);
	for (i = 0; i < 14; i++)
		assert_string_equal(engine_templates_at(set, i)->name,
		    names[i]);
	engine_templates_free(set);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_consultancy),
		cmocka_unit_test(test_tuning),
		cmocka_unit_test(test_final_word),
		cmocka_unit_test(test_save_the_last_word),
		cmocka_unit_test(test_microlabs),
		cmocka_unit_test(test_chalk_talk),
		cmocka_unit_test(test_circle),
		cmocka_unit_test(test_fishbowl),
		cmocka_unit_test(test_success_analysis),
		cmocka_unit_test(test_issaquah),
		cmocka_unit_test(test_peeling_the_onion),
		cmocka_unit_test(test_what_so_what),
		cmocka_unit_test(test_open_discussion),
		cmocka_unit_test(test_troika),
		cmocka_unit_test(test_all_covered),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
