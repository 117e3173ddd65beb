/*
 * test-engine-session.c: membership and roles, the norms gate, muting,
 * the checks every input passes, refusal messages and detail, and the
 * live participation figures with "who has not been heard yet".
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
#define OBS	9

static const char *open_text =
    "[protocol]\ntitle = Talk\nmin_members = 2\n"
    "[phase intro]\ntitle = Intro\nfloor = facilitator\nduration = 1m\n"
    "[phase talk]\ntitle = Talk\nfloor = open\nduration = 10m\n";

static const char *normed_text =
    "[protocol]\ntitle = Normed\nnorms = Be kind.\n\tListen.\n"
    "[phase talk]\ntitle = Talk\nfloor = open\nduration = 10m\n";

/* The norms must be acknowledged before posting; facilitators need not. */
static void
test_norms_gate(void **state)
{
	struct et		 t;
	struct engine_view	 v;
	struct engine_stats	 st;

	(void)state;
	et_open_text(&t, normed_text, NULL);
	et_view(&t, &v);
	assert_string_equal(v.norms, "Be kind.\nListen.");
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Hello"), ENGINE_R_NORMS);
	assert_string_equal(t.reply.msg,
	    "Please acknowledge the session's norms before you post.");
	assert_int_equal(et_do(&t, ENGINE_IN_NORMS_ACK, A), ENGINE_OK);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_NORMS_ACK, A), 1);
	assert_int_equal(et_do(&t, ENGINE_IN_NORMS_ACK, A), ENGINE_OK);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_NORMS_ACK, A), 1);
	assert_int_equal(et_post(&t, A, "Hello"), ENGINE_OK);
	et_stats(&t, A, &st);
	assert_int_equal(st.refused, 1);
	assert_int_equal(st.posts, 1);
	et_close(&t);
}

/* A facilitator joined with must_ack acknowledges the norms too. */
static void
test_norms_second_facilitator(void **state)
{
	struct et		 t;
	struct engine_input	 in;

	(void)state;
	et_open_text(&t, normed_text, NULL);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_JOIN;
	in.uid = B;
	in.name = "Bea";
	in.role = ENGINE_ROLE_FACILITATOR;
	in.must_ack = true;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "Hello"), ENGINE_R_NORMS);
	assert_int_equal(et_do(&t, ENGINE_IN_NORMS_ACK, B), ENGINE_OK);
	assert_int_equal(et_count_uid(&t, ENGINE_FX_NORMS_ACK, B), 1);
	assert_int_not_equal(et_post(&t, B, "Hello"), ENGINE_R_NORMS);
	et_close(&t);
}

/* Session norms replace the template's (or remove them). */
static void
test_norms_session(void **state)
{
	struct et		t;
	struct engine_view	v;
	struct engine_opts	o;

	(void)state;
	engine_opts_init(&o);
	o.norms = "Stay engaged.\nExperience discomfort.\nSpeak your truth.\n"
	    "Expect and accept non-closure.";
	et_open_text(&t, open_text, &o);
	et_view(&t, &v);
	assert_non_null(strstr(v.norms, "Speak your truth."));
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_true(et_until_phase(&t, 1, MIN));
	assert_int_equal(et_post(&t, B, "Hi"), ENGINE_R_NORMS);
	et_close(&t);

	o.norms = "";
	et_open_text(&t, normed_text, &o);
	et_view(&t, &v);
	assert_null(v.norms);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Hi"), ENGINE_OK);
	et_close(&t);
}

/* Checks before any handler: membership, roles, state, values. */
static void
test_checks(void **state)
{
	struct et		t;
	struct engine_input	in;
	char			big[ENGINE_TEXT_MAX + 2];

	(void)state;
	et_open_text(&t, open_text, NULL);
	assert_int_equal(et_post(&t, A, "Hi"), ENGINE_R_NOT_MEMBER);
	assert_int_equal(et_join(&t, 0, "Zero", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_R_BAD_VALUE);
	assert_int_equal(et_join(&t, A, "", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_R_BAD_VALUE);
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_JOIN;
	in.uid = A;
	in.name = "Amy";
	in.role = (enum engine_role)7;
	assert_int_equal(et_input(&t, &in), ENGINE_R_BAD_VALUE);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	/* Joining again while here changes nothing. */
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(engine_member_count(t.s), 2);
	assert_int_equal(et_do(&t, ENGINE_IN_RECONNECT, A),
	    ENGINE_R_ALREADY_CONNECTED);
	assert_int_equal(et_post(&t, A, "Hi"), ENGINE_R_NOT_STARTED);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_R_NOT_STARTED);
	assert_int_equal(et_do(&t, ENGINE_IN_START, A),
	    ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_R_TOO_FEW);
	assert_non_null(strstr(t.reply.msg, "'Talk' needs at least 2"));
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, OBS, "Obi", ENGINE_ROLE_OBSERVER),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC),
	    ENGINE_R_ALREADY_STARTED);
	assert_true(et_until_phase(&t, 1, MIN));
	assert_int_equal(et_post(&t, A, ""), ENGINE_R_BAD_VALUE);
	assert_int_equal(et_post(&t, A, " \t\n"), ENGINE_R_BAD_VALUE);
	assert_int_equal(et_post(&t, A, NULL), ENGINE_R_BAD_VALUE);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(et_post(&t, A, big), ENGINE_R_BAD_VALUE);
	big[ENGINE_TEXT_MAX] = '\0';
	assert_int_equal(et_post(&t, A, big), ENGINE_OK);
	assert_int_equal(et_post(&t, OBS, "Hi"), ENGINE_R_OBSERVER);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, OBS),
	    ENGINE_R_OBSERVER);
	memset(&in, 0, sizeof in);
	in.kind = (enum engine_input_kind)99;
	in.uid = A;
	assert_int_equal(et_input(&t, &in), ENGINE_R_UNKNOWN_INPUT);
	assert_int_equal(et_do(&t, ENGINE_IN_END, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Hi"), ENGINE_R_ENDED);
	assert_int_equal(et_join(&t, C, "Cal", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_R_ENDED);
	et_close(&t);
}

/* Mute and unmute; notes always go through, marked as such. */
static void
test_mute_notes(void **state)
{
	struct et		 t;
	const struct et_rec	*r;

	(void)state;
	et_open_text(&t, open_text, NULL);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_true(et_until_phase(&t, 1, MIN));
	assert_int_equal(et_ctl(&t, ENGINE_IN_MUTE, A, B),
	    ENGINE_R_NOT_FACILITATOR);
	assert_int_equal(et_ctl(&t, ENGINE_IN_MUTE, FAC, B), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "Hey"), ENGINE_R_MUTED);
	assert_int_equal(et_ctl(&t, ENGINE_IN_UNMUTE, FAC, B), ENGINE_OK);
	assert_int_equal(et_post(&t, B, "Hey"), ENGINE_OK);
	assert_int_equal(et_count(&t, ENGINE_FX_CONTROL), 2);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_OK);
	{
		struct engine_input	in;

		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_NOTE;
		in.uid = FAC;
		in.text = "Take five.";
		assert_int_equal(et_input(&t, &in), ENGINE_OK);
		in.uid = A;
		assert_int_equal(et_input(&t, &in), ENGINE_R_NOT_FACILITATOR);
	}
	r = et_find(&t, ENGINE_FX_NOTE, 0);
	assert_string_equal(r->text, "Take five.");
	assert_string_equal(r->msg, "[facilitator note] Fay: Take five.");
	et_close(&t);
}

/* Roles change: presenter, observer, facilitator. */
static void
test_roles(void **state)
{
	struct et			 t;
	struct engine_input		 in;
	struct engine_member_info	 mi;
	struct engine_view		 v;

	(void)state;
	et_open(&t, "consultancy", NULL);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, C, "Cal", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_SET_ROLE;
	in.uid = FAC;
	in.target = B;
	in.role = ENGINE_ROLE_PRESENTER;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.presenter, B);
	assert_int_equal(et_post(&t, B, "My dilemma"), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Hm"), ENGINE_R_PRESENTER_ONLY);
	in.target = C;
	in.role = ENGINE_ROLE_OBSERVER;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(engine_member(t.s, C, t.now, &mi), 0);
	assert_int_equal(mi.role, ENGINE_ROLE_OBSERVER);
	in.target = A;
	in.role = ENGINE_ROLE_FACILITATOR;
	assert_int_equal(et_input(&t, &in), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, A), ENGINE_OK);
	in.role = (enum engine_role)-1;
	assert_int_equal(et_input(&t, &in), ENGINE_R_BAD_VALUE);
	et_close(&t);
}

/* Participation figures, and who has not been heard yet. */
static void
test_figures(void **state)
{
	struct et		t;
	struct engine_stats	st;
	uint64_t		uids[8];

	(void)state;
	et_open_text(&t, open_text, NULL);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, C, "Cal", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, OBS, "Obi", ENGINE_ROLE_OBSERVER),
	    ENGINE_OK);
	assert_int_equal(engine_unheard(t.s, uids, 8), 3);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Too early"),
	    ENGINE_R_FACILITATOR_ONLY);
	assert_true(et_until_phase(&t, 1, MIN));
	assert_int_equal(et_post(&t, A, "One two  three\nfour"), ENGINE_OK);
	assert_int_equal(et_post(&t, A, "five"), ENGINE_OK);
	assert_int_equal(engine_unheard(t.s, uids, 8), 2);
	assert_int_equal(uids[0], B);
	assert_int_equal(uids[1], C);
	assert_int_equal(engine_unheard(t.s, uids, 1), 2);
	et_stats(&t, A, &st);
	assert_int_equal(st.posts, 2);
	assert_int_equal(st.words, 5);
	assert_int_equal(st.refused, 1);
	assert_int_equal(et_post(&t, C, "Six"), ENGINE_OK);
	assert_int_equal(engine_unheard(t.s, uids, 8), 1);
	assert_int_equal(uids[0], B);
	et_close(&t);
}

/* Every refusal carries the current phase, floor and time left. */
static void
test_refusal_detail(void **state)
{
	struct et	t;

	(void)state;
	et_open(&t, "consultancy", NULL);
	assert_int_equal(et_join(&t, FAC, "Fay", ENGINE_ROLE_FACILITATOR),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PRESENTER),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, B, "Bo", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_join(&t, C, "Cal", ENGINE_ROLE_PARTICIPANT),
	    ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_START, FAC), ENGINE_OK);
	assert_true(et_until_phase(&t, 3, 30 * MIN));
	et_advance(&t, 2 * MIN + 29 * SEC);
	assert_int_equal(et_post(&t, A, "But"), ENGINE_R_PRESENTER_SILENT);
	assert_int_equal(t.reply.detail.floor, ENGINE_FLOOR_GROUP);
	assert_int_equal(t.reply.detail.phase, 3);
	assert_int_equal(t.reply.detail.phase_left_ms, 12 * MIN + 31 * SEC);
	assert_int_equal(t.reply.detail.holder, 0);
	assert_int_equal(t.reply.detail.position, -1);
	assert_int_equal(t.reply.detail.next_phase, 4);
	assert_int_equal(t.reply.detail.eta_ms, 12 * MIN + 31 * SEC);
	assert_string_equal(t.reply.msg, "The presenter listens silently "
	    "during 'Group discussion' (12:31 left). You may speak in "
	    "'Presenter reflection' (in about 12:31).");
	assert_string_equal(engine_reason_name(t.reply.reason),
	    "presenter-silent");
	et_close(&t);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_norms_gate),
		cmocka_unit_test(test_norms_second_facilitator),
		cmocka_unit_test(test_norms_session),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_mute_notes),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_refusal_detail),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
