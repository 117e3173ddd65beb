/*
 * test-engine-time.c: the server-owned clock: pause and resume, extend
 * and shorten arithmetic, warnings, waiting for the facilitator, late
 * ticks without drift, the next deadline, and the disconnect grace period.
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

static const char *two_phases =
    "[protocol]\ntitle = T\n"
    "[phase one]\ntitle = One\nfloor = open\nduration = 10m\n"
    "[phase two]\ntitle = Two\nfloor = open\nduration = 5m\n"
    "advance = facilitator\n";

static const char *rounds =
    "[protocol]\ntitle = G\n"
    "[phase g]\ntitle = Round\nfloor = go-around\nturn = 1m\n"
    "duration = 20m\n"
    "[phase q]\ntitle = Hands\nfloor = queue\nduration = 10m\n";

/* Join the facilitator and participants A, B, C. */
static void
trio(struct et *t)
{
	assert_int_equal(et_join(t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(t, C, "Cal", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(t, ENGINE_IN_START, FAC), ENGINE_OK);
}

/* Return the phase's time left now. */
static int64_t
phase_left(struct et *t)
{
	struct engine_view	v;

	et_view(t, &v);
	return (v.phase_left_ms);
}

/* Return the turn's time left now. */
static int64_t
turn_left(struct et *t)
{
	struct engine_view	v;

	et_view(t, &v);
	return (v.turn_left_ms);
}

/* Pause freezes the phase and the turn; resume goes on where they were. */
static void
test_pause(void **state)
{
	struct et	t;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 20 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_RESUME, FAC), ENGINE_R_NOT_PAUSED);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, A), ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_R_PAUSED);
	assert_int_equal(engine_next_deadline(t.s), ENGINE_NEVER);
	et_advance(&t, 3600 * SEC);
	assert_int_equal(phase_left(&t), 20 * MIN - 20 * SEC);
	assert_int_equal(turn_left(&t), 40 * SEC);
	assert_int_equal(et_post(&t, A, "x"), ENGINE_R_PAUSED);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_R_PAUSED);
	assert_int_equal(et_do(&t, ENGINE_IN_RESUME, FAC), ENGINE_OK);
	assert_int_equal(turn_left(&t), 40 * SEC);
	assert_int_equal(engine_next_deadline(t.s), t.now + 30 * SEC);
	et_advance(&t, 40 * SEC);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(turn_left(&t), MIN);
	assert_int_equal(phase_left(&t), 19 * MIN);
	et_close(&t);
}

/* Extend and shorten add exactly; warnings follow the new time left. */
static void
test_adjust(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	const struct et_rec	*r;

	(void)state;
	et_open_text(&t, two_phases, NULL);
	trio(&t);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, 120),
	    ENGINE_OK);
	r = et_find(&t, ENGINE_FX_CONTROL, 0);
	assert_int_equal(r->value, 120 * SEC);
	assert_int_equal(r->left_ms, 12 * MIN);
	assert_string_equal(r->msg, "Fay added 2:00 to 'One' (12:00 left).");
	et_view(&t, &v);
	assert_int_equal(v.phase_total_ms, 12 * MIN);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, -600),
	    ENGINE_OK);
	assert_int_equal(phase_left(&t), 2 * MIN);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, 0),
	    ENGINE_R_BAD_VALUE);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_TURN, 10),
	    ENGINE_R_NO_TURN);
	assert_int_equal(et_adjust(&t, A, ENGINE_ADJUST_PHASE, 10),
	    ENGINE_R_NOT_FACILITATOR);
	/* At 50 s left (the 1-minute warning given), extend by a minute. */
	et_advance(&t, 70 * SEC);
	assert_int_equal(et_count(&t, ENGINE_FX_WARNING), 1);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, 60),
	    ENGINE_OK);
	assert_int_equal(phase_left(&t), 110 * SEC);
	et_log_clear(&t);
	et_advance(&t, 50 * SEC);
	assert_int_equal(et_count(&t, ENGINE_FX_WARNING), 1);
	assert_int_equal(et_find(&t, ENGINE_FX_WARNING, 0)->left_ms, MIN);
	/* Shortening past a threshold warns at once. */
	et_log_clear(&t);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, -55),
	    ENGINE_OK);
	r = et_find(&t, ENGINE_FX_WARNING, 0);
	assert_non_null(r);
	assert_int_equal(r->left_ms, 5 * SEC);
	assert_string_equal(r->msg, "0:05 left in 'One'.");
	/* Shortening below zero ends the phase now. */
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, -3600),
	    ENGINE_OK);
	assert_int_equal(et_phase(&t), 1);
	assert_int_equal(phase_left(&t), 5 * MIN);
	et_close(&t);
}

/* Adjusting while paused is exact too, and only the phase or turn. */
static void
test_adjust_paused(void **state)
{
	struct et	t;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 15 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_OK);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_TURN, 30), ENGINE_OK);
	assert_int_equal(turn_left(&t), 75 * SEC);
	assert_int_equal(phase_left(&t), 20 * MIN - 15 * SEC);
	et_advance(&t, 10 * MIN);
	assert_int_equal(turn_left(&t), 75 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_RESUME, FAC), ENGINE_OK);
	et_advance(&t, 75 * SEC - 1);
	assert_int_equal(et_holder(&t), A);
	assert_int_equal(turn_left(&t), 1);
	et_advance(&t, 1);
	assert_int_equal(et_holder(&t), B);
	/* The next turn is the plain limit again. */
	assert_int_equal(turn_left(&t), MIN);
	et_close(&t);
}

/* A phase that waits: time up, the floor stays open, extend restarts it. */
static void
test_wait_for_facilitator(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, two_phases, NULL);
	trio(&t);
	assert_true(et_until_phase(&t, 1, 10 * MIN));
	et_advance(&t, 5 * MIN);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_true(v.phase_timed);
	assert_int_equal(v.phase_left_ms, 0);
	assert_int_equal(et_count(&t, ENGINE_FX_TIME_UP), 1);
	assert_int_equal(engine_next_deadline(t.s), ENGINE_NEVER);
	assert_int_equal(et_post(&t, A, "Overtime"), ENGINE_OK);
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, 90),
	    ENGINE_OK);
	et_view(&t, &v);
	assert_false(v.waiting);
	assert_int_equal(v.phase_left_ms, 90 * SEC);
	et_advance(&t, 90 * SEC);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(et_count(&t, ENGINE_FX_TIME_UP), 2);
	assert_int_equal(et_do(&t, ENGINE_IN_PREVIOUS, FAC), ENGINE_OK);
	assert_int_equal(et_phase(&t), 0);
	assert_int_equal(phase_left(&t), 10 * MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_PREVIOUS, FAC), ENGINE_R_NO_PHASE);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_phase(&t), -2);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_R_ENDED);
	et_close(&t);
}

/* Time up in a turn floor: the turn finishes, no new one starts. */
static void
test_time_up_turns(void **state)
{
	struct et		t;
	struct engine_view	v;

	(void)state;
	et_open_text(&t, "[protocol]\ntitle = W\n[phase c]\ntitle = Circle\n"
	    "floor = talking-piece\nturn = 1m\nduration = 150s\n"
	    "advance = facilitator\n[phase q]\ntitle = Hands\nfloor = queue\n"
	    "turn = 1m\nduration = 1m\nadvance = facilitator\n", NULL);
	trio(&t);
	et_advance(&t, 150 * SEC);
	et_view(&t, &v);
	assert_true(v.waiting);
	assert_int_equal(v.holder, C);
	assert_int_equal(v.turn_left_ms, 30 * SEC);
	assert_int_equal(et_post(&t, C, "Finishing"), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_holder(&t), 0);
	assert_int_equal(engine_next_deadline(t.s), ENGINE_NEVER);
	assert_int_equal(et_post(&t, A, "Me?"), ENGINE_R_ROUND_OVER);
	assert_non_null(strstr(t.reply.msg, "waiting for the facilitator"));
	/* More time: the piece moves on from where it stopped (the keeper
	 * sums up round 1, then round 2 starts). */
	assert_int_equal(et_adjust(&t, FAC, ENGINE_ADJUST_PHASE, 120),
	    ENGINE_OK);
	et_view(&t, &v);
	assert_false(v.waiting);
	assert_int_equal(v.holder, FAC);
	assert_int_equal(v.round, 1);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, A);
	assert_int_equal(v.round, 2);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	/* In a queue, hands raised after time is up wait for a grant. */
	et_advance(&t, MIN);
	assert_true(et_step(&t) == false);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), 0);
	assert_int_equal(et_ctl(&t, ENGINE_IN_GRANT, FAC, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), B);
	et_close(&t);
}

/* A late tick handles each expiry at its own moment: no drift. */
static void
test_late_tick(void **state)
{
	struct et		 t;
	const struct et_rec	*r;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_log_clear(&t);
	et_advance(&t, 150 * SEC);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(turn_left(&t), 30 * SEC);
	r = et_find(&t, ENGINE_FX_TURN_END, 0);
	assert_int_equal(r->at_ms, t.now - 90 * SEC);
	r = et_find(&t, ENGINE_FX_TURN_END, 1);
	assert_int_equal(r->at_ms, t.now - 30 * SEC);
	r = et_find(&t, ENGINE_FX_TURN_START, 1);
	assert_int_equal(r->at_ms, t.now - 30 * SEC);
	assert_int_equal(et_count(&t, ENGINE_FX_WARNING), 2);
	/* The next deadline is C's 10-second warning. */
	assert_int_equal(engine_next_deadline(t.s), t.now + 20 * SEC);
	et_close(&t);
}

/* Custom warning thresholds. */
static void
test_custom_warnings(void **state)
{
	struct et		t;
	struct engine_opts	o;

	(void)state;
	engine_opts_init(&o);
	o.warn_ms[0] = 30 * SEC;
	o.warn_ms[1] = 2 * MIN;
	o.warn_ms[2] = 30 * SEC;
	o.nwarn = 3;
	et_open_text(&t, two_phases, &o);
	trio(&t);
	assert_int_equal(engine_next_deadline(t.s), t.now + 8 * MIN);
	assert_true(et_step(&t));
	assert_int_equal(et_find(&t, ENGINE_FX_WARNING, 0)->left_ms, 2 * MIN);
	assert_true(et_step(&t));
	assert_int_equal(et_find(&t, ENGINE_FX_WARNING, 1)->left_ms, 30 * SEC);
	assert_true(et_step(&t));
	assert_int_equal(et_phase(&t), 1);
	et_close(&t);
}

/* The speaker's turn is held through the grace period, then skipped. */
static void
test_grace(void **state)
{
	struct et			 t;
	struct engine_view		 v;
	struct engine_member_info	 mi;
	const struct et_rec		*r;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 20 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, A),
	    ENGINE_R_NOT_CONNECTED);
	r = et_find(&t, ENGINE_FX_TURN_HELD, 0);
	assert_non_null(r);
	assert_int_equal(r->left_ms, 40 * SEC);
	et_advance(&t, 29 * SEC);
	et_view(&t, &v);
	assert_int_equal(v.holder, A);
	assert_true(v.turn_held);
	assert_int_equal(v.turn_left_ms, 40 * SEC);
	assert_int_equal(phase_left(&t), 20 * MIN - 49 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_RECONNECT, A), ENGINE_OK);
	assert_int_equal(et_count(&t, ENGINE_FX_TURN_RESUMED), 1);
	et_view(&t, &v);
	assert_false(v.turn_held);
	assert_int_equal(v.turn_left_ms, 40 * SEC);
	/* Away again, this time past the grace period. */
	et_advance(&t, 10 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, A), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_ABSENT, A), 1);
	r = et_find(&t, ENGINE_FX_TURN_END, 0);
	assert_int_equal(r->reason, ENGINE_TE_ABSENT);
	assert_int_equal(r->value, 30 * SEC);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(engine_member(t.s, A, t.now, &mi), 0);
	assert_true(mi.absent);
	assert_int_equal(mi.stats.skipped, 1);
	/* A comes back wherever the session stands: not re-asked. */
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(engine_member(t.s, A, t.now, &mi), 0);
	assert_false(mi.absent);
	assert_true(mi.connected);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	assert_int_equal(et_phase(&t), 1);
	et_close(&t);
}

/* A turn that comes to a disconnected member starts held; absent is skipped. */
static void
test_grace_upcoming(void **state)
{
	struct et		t;
	struct engine_view	v;
	struct engine_opts	o;

	(void)state;
	engine_opts_init(&o);
	o.grace_ms = 5 * SEC;
	et_open_text(&t, rounds, &o);
	trio(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, A), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.holder, B);
	assert_true(v.turn_held);
	assert_int_equal(et_count(&t, ENGINE_FX_TURN_HELD), 1);
	et_advance(&t, 5 * SEC);
	assert_int_equal(et_holder(&t), C);
	/* Pausing freezes grace periods too. */
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_OK);
	et_advance(&t, MIN);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_ABSENT, A), 0);
	assert_int_equal(et_do(&t, ENGINE_IN_RESUME, FAC), ENGINE_OK);
	et_advance(&t, 5 * SEC);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_ABSENT, A), 1);
	/* In the queue, an absent member's hand comes down. */
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DISCONNECT, B), ENGINE_OK);
	et_advance(&t, 5 * SEC);
	et_view(&t, &v);
	assert_int_equal(v.holder, C);
	assert_int_equal(v.nqueue, 0);
	et_close(&t);
}

/* Leaving ends a turn at once; a removed member cannot come back. */
static void
test_leave_remove(void **state)
{
	struct et	t;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_LEAVE, A), ENGINE_OK);
	assert_int_equal(et_find(&t, ENGINE_FX_TURN_END, 0)->reason,
	    ENGINE_TE_LEFT);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(et_post(&t, A, "Hi"), ENGINE_R_NOT_MEMBER);
	assert_int_equal(et_ctl(&t, ENGINE_IN_REMOVE, FAC, B), ENGINE_OK);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_R_REMOVED);
	assert_int_equal(et_post(&t, B, "Hi"), ENGINE_R_REMOVED);
	assert_int_equal(et_ctl(&t, ENGINE_IN_REMOVE, FAC, FAC),
	    ENGINE_R_BAD_VALUE);
	assert_int_equal(et_ctl(&t, ENGINE_IN_REMOVE, FAC, 99),
	    ENGINE_R_NO_SUCH_MEMBER);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_DONE, C), ENGINE_OK);
	/* Amy came back after the round passed her: it is over. */
	assert_int_equal(et_phase(&t), 1);
	et_close(&t);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pause),
		cmocka_unit_test(test_adjust),
		cmocka_unit_test(test_adjust_paused),
		cmocka_unit_test(test_wait_for_facilitator),
		cmocka_unit_test(test_time_up_turns),
		cmocka_unit_test(test_late_tick),
		cmocka_unit_test(test_custom_warnings),
		cmocka_unit_test(test_grace),
		cmocka_unit_test(test_grace_upcoming),
		cmocka_unit_test(test_leave_remove),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
