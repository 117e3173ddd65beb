/*
 * test-engine-snapshot.c: restart survival. A snapshot taken mid-turn and
 * restored after downtime resumes in the same phase and turn with exactly
 * the same time left; corrupt, truncated and foreign blobs are refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine-test.h"

#define SEC	1000ULL
#define MIN	(60 * SEC)
#define FAC	1
#define A	2
#define B	3
#define C	4

static const char *rounds =
    "[protocol]\ntitle = G\n"
    "[phase g]\ntitle = Round\nfloor = go-around\nturn = 1m\n"
    "duration = 20m\n"
    "[phase q]\ntitle = Hands\nfloor = progressive\nduration = 10m\n"
    "turn = 2m\n";

/* Join the facilitator and participants A, B, C and start. */
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

/* Snapshot a session at now into a new blob. */
static uint8_t *
snap(struct et *t, size_t *len)
{
	uint8_t	*blob;

	assert_int_equal(engine_snapshot(t->s, t->now, &blob, len), 0);
	return (blob);
}

/* Replace the session by its restore at now; return the RESUMED left. */
static void
restore(struct et *t, const uint8_t *blob, size_t len)
{
	struct engine_session	*s2;
	char			 err[256];

	s2 = engine_restore(blob, len, engine_template(t->s), t->now, &t->out,
	    err, sizeof err);
	if (s2 == NULL)
		fail_msg("restore: %s", err);
	engine_free(t->s);
	t->s = s2;
	et_advance(t, 0);
}

/* Mid-turn, after an hour down: same phase, turn and time left. */
static void
test_mid_turn(void **state)
{
	struct et			 t;
	struct engine_view		 a, b;
	struct engine_member_info	 mi;
	const struct et_rec		*r;
	uint8_t				*blob;
	size_t				 len;

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 17500);
	assert_int_equal(et_post(&t, A, "Half a thought"), ENGINE_OK);
	et_view(&t, &a);
	blob = snap(&t, &len);
	t.now += 3600 * SEC;
	et_log_clear(&t);
	restore(&t, blob, len);
	free(blob);
	r = et_find(&t, ENGINE_FX_RESUMED, 0);
	assert_non_null(r);
	assert_int_equal(r->left_ms, 20 * MIN - 17500);
	assert_int_equal(r->target, A);
	assert_string_equal(r->msg, "The session resumed after a server "
	    "restart, in 'Round' with 19:43 left.");
	et_view(&t, &b);
	assert_int_equal(b.phase, a.phase);
	assert_int_equal(b.holder, A);
	assert_int_equal(b.round, a.round);
	assert_int_equal(b.phase_left_ms, a.phase_left_ms);
	assert_int_equal(b.turn_left_ms, a.turn_left_ms);
	assert_int_equal(b.turn_left_ms, 42500);
	assert_true(b.turn_held);
	/* Everyone counts as away; the speaker's return resumes the turn. */
	assert_int_equal(engine_member(t.s, B, t.now, &mi), 0);
	assert_false(mi.connected);
	assert_int_equal(mi.stats.posts, 0);
	assert_int_equal(engine_member(t.s, A, t.now, &mi), 0);
	assert_int_equal(mi.stats.posts, 1);
	assert_int_equal(et_do(&t, ENGINE_IN_RECONNECT, A), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_RECONNECT, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_RECONNECT, C), ENGINE_OK);
	et_view(&t, &b);
	assert_false(b.turn_held);
	assert_int_equal(b.turn_left_ms, 42500);
	et_advance(&t, 42500);
	assert_int_equal(et_holder(&t), B);
	assert_int_equal(engine_member(t.s, A, t.now, &mi), 0);
	assert_int_equal(mi.stats.floor_ms, MIN);
	et_close(&t);
}

/* The phase timer keeps running after a restore; the grace periods run. */
static void
test_phase_runs(void **state)
{
	struct et	 t;
	uint8_t		*blob;
	size_t		 len;

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
	et_advance(&t, 3 * MIN);
	blob = snap(&t, &len);
	t.now += 7200 * SEC;
	restore(&t, blob, len);
	free(blob);
	assert_int_equal(engine_next_deadline(t.s), t.now + 30 * SEC);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_count(&t, ENGINE_FX_ABSENT), 4);
	assert_true(et_until_phase(&t, 1, 7 * MIN - 30 * SEC));
	assert_int_equal(et_join(&t, A, "Amy", ENGINE_ROLE_PRESENTER),
	    ENGINE_OK);
	assert_int_equal(et_post(&t, A, "Back"), ENGINE_R_NO_QUESTION);
	et_close(&t);
}

/* Paused, queued, rotating, in the lobby, ended: all round-trip. */
static void
test_states(void **state)
{
	struct et		 t;
	struct engine_view	 v;

	(void)state;
	et_open_text(&t, rounds, NULL);
	et_snap_cycle(&t);
	trio(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, A), ENGINE_OK);
	et_advance(&t, 30 * SEC);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, C), ENGINE_OK);
	assert_int_equal(et_reorder(&t, FAC, C, 0), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_PAUSE, FAC), ENGINE_OK);
	et_snap_cycle(&t);
	et_view(&t, &v);
	assert_int_equal(v.status, ENGINE_PAUSED);
	assert_int_equal(v.nqueue, 2);
	assert_int_equal(v.queue[0], C);
	assert_int_equal(v.queue[1], B);
	assert_int_equal(v.turn_left_ms, 90 * SEC);
	et_advance(&t, MIN);
	assert_int_equal(et_do(&t, ENGINE_IN_RESUME, FAC), ENGINE_OK);
	/* The placed entry stays placed after the restore. */
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_LOWER, B), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_HAND_RAISE, B), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.queue[0], C);
	et_advance(&t, 90 * SEC);
	assert_int_equal(et_holder(&t), C);
	assert_int_equal(et_do(&t, ENGINE_IN_END, FAC), ENGINE_OK);
	et_snap_cycle(&t);
	et_view(&t, &v);
	assert_int_equal(v.status, ENGINE_ENDED);
	et_close(&t);

	et_open(&t, "final-word", NULL);
	trio(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	assert_int_equal(et_do(&t, ENGINE_IN_NEXT, FAC), ENGINE_OK);
	et_view(&t, &v);
	assert_int_equal(v.presenter, B);
	et_snap_cycle(&t);
	et_view(&t, &v);
	assert_int_equal(v.presenter, B);
	assert_int_equal(v.rotation, 2);
	assert_int_equal(v.nrotation, 3);
	assert_true(et_until_ended(&t, 60 * MIN));
	et_close(&t);
}

/*
 * The IEEE CRC-32 as the shift register it describes, one input bit at a
 * time, least significant first: the reference for the blob's trailer.
 */
static uint32_t
ref_crc32(const uint8_t *p, size_t n)
{
	uint32_t	crc = 0xffffffffU, in;
	size_t		bit;

	for (bit = 0; bit < n * 8; bit++) {
		in = (uint32_t)(p[bit / 8] >> (bit % 8)) & 1U;
		crc = ((crc ^ in) & 1U) ? (crc >> 1) ^ 0xedb88320U : crc >> 1;
	}
	return (~crc);
}

/*
 * The trailer is the CRC-32 of the rest, big-endian, so blobs stored by
 * any version restore; the check value of "123456789" is 0xcbf43926.
 */
static void
test_crc_format(void **state)
{
	struct et	 t;
	uint8_t		*blob;
	size_t		 len;
	uint32_t	 want, got;

	(void)state;
	assert_int_equal(ref_crc32((const uint8_t *)"123456789", 9),
	    0xcbf43926U);
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 10 * SEC);
	blob = snap(&t, &len);
	assert_true(len > 4);
	want = ref_crc32(blob, len - 4);
	got = (uint32_t)blob[len - 4] << 24 | (uint32_t)blob[len - 3] << 16 |
	    (uint32_t)blob[len - 2] << 8 | blob[len - 1];
	assert_int_equal(got, want);
	free(blob);
	et_close(&t);
}

/* Restore refuses every truncation and every single-byte corruption. */
static void
test_corrupt(void **state)
{
	struct et		 t;
	struct engine_session	*s2;
	uint8_t			*blob, *bad;
	size_t			 len, i;
	char			 err[256], name[64];

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	et_advance(&t, 10 * SEC);
	blob = snap(&t, &len);
	assert_int_equal(engine_snapshot_peek(blob, len, name, sizeof name),
	    0);
	assert_string_equal(name, "test");
	assert_int_equal(engine_snapshot_peek(blob, len, name, 3), -1);
	bad = malloc(len);
	assert_non_null(bad);
	for (i = 0; i < len; i++) {
		s2 = engine_restore(blob, i, engine_template(t.s), t.now,
		    &t.out, err, sizeof err);
		assert_null(s2);
		assert_true(err[0] != '\0');
		memcpy(bad, blob, len);
		bad[i] ^= 0x5a;
		s2 = engine_restore(bad, len, engine_template(t.s), t.now,
		    &t.out, err, sizeof err);
		assert_null(s2);
		assert_int_equal(engine_snapshot_peek(bad, len, name,
		    sizeof name), -1);
	}
	assert_int_equal(t.out.n, 0);
	assert_null(engine_restore(NULL, 0, engine_template(t.s), t.now,
	    &t.out, err, sizeof err));
	assert_string_equal(err, "not a session snapshot");
	free(bad);
	free(blob);
	et_close(&t);
}

/* A snapshot names its template; another template refuses it. */
static void
test_wrong_template(void **state)
{
	struct et			 t;
	struct engine_templates		*set;
	uint8_t				*blob;
	size_t				 len;
	char				 err[256];

	(void)state;
	et_open_text(&t, rounds, NULL);
	trio(&t);
	blob = snap(&t, &len);
	set = engine_templates_new();
	assert_null(engine_restore(blob, len, engine_templates_find(set,
	    "consultancy"), t.now, &t.out, err, sizeof err));
	assert_string_equal(err, "snapshot is for template 'test', not "
	    "'consultancy'");
	engine_templates_free(set);
	free(blob);
	et_close(&t);
}

/* Snapshots are deterministic: restore and snapshot again is the same. */
static void
test_idempotent(void **state)
{
	struct et		 t;
	struct engine_session	*s2, *s3;
	uint8_t			*b1, *b2, *b3;
	size_t			 l1, l2, l3;
	char			 err[256];

	(void)state;
	et_open(&t, "circle", NULL);
	trio(&t);
	assert_int_equal(et_do(&t, ENGINE_IN_NORMS_ACK, A), ENGINE_OK);
	et_advance(&t, 125 * SEC);
	b1 = snap(&t, &l1);
	s2 = engine_restore(b1, l1, engine_template(t.s), t.now, &t.out, err,
	    sizeof err);
	assert_non_null(s2);
	assert_int_equal(engine_snapshot(s2, t.now, &b2, &l2), 0);
	s3 = engine_restore(b2, l2, engine_template(t.s), t.now, &t.out, err,
	    sizeof err);
	assert_non_null(s3);
	assert_int_equal(engine_snapshot(s3, t.now, &b3, &l3), 0);
	assert_int_equal(l2, l3);
	assert_memory_equal(b2, b3, l2);
	engine_out_reset(&t.out);
	engine_free(s2);
	engine_free(s3);
	free(b1);
	free(b2);
	free(b3);
	et_close(&t);
}

/* Run the tests. */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mid_turn),
		cmocka_unit_test(test_phase_runs),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_crc_format),
		cmocka_unit_test(test_wrong_template),
		cmocka_unit_test(test_idempotent),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
