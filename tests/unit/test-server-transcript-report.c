/*
 * test-server-transcript-report.c: the participation report's arithmetic
 * (transcript-report.c): the Gini coefficient and shares in basis points,
 * the figures a log's entries add up to, overall and per phase, what the
 * snapshot adds (roles, refusals, words off the record), and the
 * pseudonyms of transcript-names.c; and that every transcript request
 * has an authorization rule (transcript-acl.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "store.h"
#include "transcript.h"

/* The Gini coefficient: 0 when equal, (n-1)/n when one has it all. */
static void
test_gini(void **state)
{
	uint64_t	equal[] = { 5, 5, 5, 5 };
	uint64_t	one[] = { 0, 0, 0, 12 };
	uint64_t	ramp[] = { 4, 1, 3, 2 };
	uint64_t	zero[] = { 0, 0, 0 };
	uint64_t	two[] = { 1, 3 };
	uint64_t	single[] = { 7 };

	(void)state;
	assert_int_equal(tx_gini_bp(equal, 4), 0);
	assert_int_equal(tx_gini_bp(one, 4), 7500);
	/* 1,2,3,4: sum |xi - xj| over pairs = 20; 20 / (2 * 16 * 2.5). */
	assert_int_equal(tx_gini_bp(ramp, 4), 2500);
	assert_int_equal(tx_gini_bp(zero, 3), 0);
	/* 1,3: |1-3| * 2 / (2 * 4 * 2) = 0.25. */
	assert_int_equal(tx_gini_bp(two, 2), 2500);
	assert_int_equal(tx_gini_bp(single, 1), 0);
	assert_int_equal(tx_gini_bp(NULL, 0), 0);
}

/* Shares in basis points, rounded to the nearest. */
static void
test_shares(void **state)
{
	(void)state;
	assert_int_equal(tx_share_bp(1, 3), 3333);
	assert_int_equal(tx_share_bp(2, 3), 6667);
	assert_int_equal(tx_share_bp(0, 3), 0);
	assert_int_equal(tx_share_bp(3, 3), 10000);
	assert_int_equal(tx_share_bp(5, 0), 0);
	assert_int_equal(tx_share_bp(1, 20000), 1);
	assert_int_equal(tx_share_bp(1, 30000), 0);
}

/* Feed one event. */
static void
feed(struct tx_report *r, const char *kind, uint32_t phase, int64_t actor,
    const char *text, const char *reason, int64_t value)
{
	struct store_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.phase = phase;
	ev.actor = actor;
	ev.text = text;
	ev.reason = reason;
	ev.value = value;
	ev.phase_id = phase == 1 ? "talk" : "round";
	ev.floor = phase == 1 ? "presenter" : "go-around";
	tx_report_add(r, &ev);
}

/* Find a person. */
static const struct tx_rperson *
person(const struct tx_report *r, int64_t uid)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		if (r->people[i].uid == uid)
			return (&r->people[i]);
	}
	fail_msg("no person %lld", (long long)uid);
	return (NULL);
}

/* A small session, entry by entry: totals, phases, shares, Gini. */
static void
test_report_figures(void **state)
{
	struct tx_report	 r;
	const struct tx_rperson	*a, *b, *c;
	const struct tx_rstat	*st;
	struct tx_rshares	 sh;
	struct tx_rstat		 sum;
	uint32_t		 speakers;

	(void)state;
	tx_report_init(&r, false);
	feed(&r, "join", 0, 1, "ada", NULL, 0);
	feed(&r, "join", 0, 2, "bob", NULL, 0);
	feed(&r, "join", 0, 3, "cy", NULL, 0);
	feed(&r, "phase-start", 1, 9, NULL, NULL, 0);
	feed(&r, "post", 1, 1, "one two three", NULL, 0);
	feed(&r, "post", 1, 1, "  four\tfive\n", NULL, 0);
	feed(&r, "post", 1, 1, NULL, NULL, 0);		/* redacted */
	feed(&r, "phase-start", 2, 9, NULL, NULL, 0);
	feed(&r, "post", 2, 2, "six", NULL, 0);
	feed(&r, "turn-end", 2, 2, NULL, "done", 6000);
	feed(&r, "turn-end", 2, 3, NULL, "pass", 1000);
	feed(&r, "turn-end", 2, 1, NULL, "timeout", 3000);
	feed(&r, "turn-end", 2, 3, NULL, "skipped", 0);
	feed(&r, "board-post", 2, 3, "card words", NULL, 0);

	assert_int_equal(r.n, 3);
	assert_int_equal(r.nphases, 2);
	assert_string_equal(r.phases[0].id, "talk");
	assert_string_equal(r.phases[1].floor, "go-around");
	a = person(&r, 1);
	b = person(&r, 2);
	c = person(&r, 3);
	assert_int_equal(a->total.posts, 3);
	assert_int_equal(a->total.words, 5);
	assert_int_equal(a->total.turns, 1);		/* a timeout counts */
	assert_int_equal(a->total.floor_ms, 3000);
	assert_int_equal(b->total.turns, 1);
	assert_int_equal(b->total.floor_ms, 6000);
	assert_int_equal(c->total.turns, 0);
	assert_int_equal(c->total.passes, 1);
	assert_int_equal(c->total.floor_ms, 1000);
	assert_int_equal(c->total.posts, 1);		/* a board card */
	st = tx_report_stat(a, 1);
	assert_int_equal(st->posts, 3);
	assert_int_equal(st->floor_ms, 0);
	st = tx_report_stat(a, 2);
	assert_int_equal(st->posts, 0);
	assert_int_equal(st->floor_ms, 3000);
	assert_null(tx_report_stat(b, 9));

	/* Everyone counts until roles are known. */
	assert_int_equal(tx_report_participants(&r), 3);
	tx_report_shares(&r, b, 0, &sh);
	assert_int_equal(sh.floor, 6000);		/* 6 of 10 s */
	assert_int_equal(sh.posts, 2000);		/* 1 of 5 */
	assert_int_equal(sh.words, 1250);		/* 1 of 8 */
	/* Floor 3, 6, 1 s: sum |xi-xj| = 10, G = 20 / (2 * 9 * 10/3). */
	assert_int_equal(tx_report_gini(&r, 0, false), 3333);
	assert_int_equal(tx_report_gini(&r, 1, true), 6667);
	tx_report_phase_sum(&r, 2, &sum, &speakers);
	assert_int_equal(sum.posts, 2);
	assert_int_equal(sum.floor_ms, 10000);
	assert_int_equal(sum.turns, 2);
	assert_int_equal(speakers, 3);
	tx_report_phase_sum(&r, 1, &sum, &speakers);
	assert_int_equal(speakers, 1);

	/* The snapshot: ada facilitates, so shares are bob's and cy's. */
	tx_report_person(&r, 1, ENGINE_ROLE_FACILITATOR, 0, 5);
	tx_report_person(&r, 2, ENGINE_ROLE_PARTICIPANT, 4, 1);
	tx_report_person(&r, 3, ENGINE_ROLE_PARTICIPANT, 0, 2);
	assert_true(r.refused_known);
	assert_int_equal(tx_report_participants(&r), 2);
	assert_int_equal(person(&r, 2)->refused, 4);
	tx_report_shares(&r, person(&r, 1), 0, &sh);
	assert_int_equal(sh.floor, 0);
	tx_report_shares(&r, person(&r, 2), 0, &sh);
	assert_int_equal(sh.floor, 8571);		/* 6 of 7 s */
	assert_int_equal(sh.posts, 5000);
	assert_int_equal(tx_report_gini(&r, 0, false), 3571);
	assert_int_equal(person(&r, 2)->total.words, 1);	/* the log's */
	tx_report_free(&r);
}

/*
 * Refused posts are counted from the log, by phase, out of turn apart
 * from the rest; a log without them falls back on the snapshot's total.
 */
static void
test_report_refusals(void **state)
{
	struct tx_report	 r;
	struct tx_rstat		 sum;
	uint32_t		 speakers;

	(void)state;
	assert_true(tx_report_out_of_turn("not-your-turn"));
	assert_true(tx_report_out_of_turn("presenter-only"));
	assert_false(tx_report_out_of_turn("norms"));
	assert_false(tx_report_out_of_turn("muted"));
	assert_false(tx_report_out_of_turn(NULL));
	tx_report_init(&r, false);
	feed(&r, "join", 0, 1, "ada", NULL, 0);
	feed(&r, "join", 0, 2, "bob", NULL, 0);
	feed(&r, "phase-start", 1, 9, NULL, NULL, 0);
	feed(&r, "refused", 1, 2, NULL, "presenter-only", 0);
	feed(&r, "refused", 1, 2, NULL, "norms", 0);
	feed(&r, "phase-start", 2, 9, NULL, NULL, 0);
	feed(&r, "refused", 2, 2, NULL, "not-your-turn", 0);
	feed(&r, "refused", 2, 2, NULL, "not-your-turn", 0);
	tx_report_person(&r, 1, ENGINE_ROLE_PARTICIPANT, 3, 0);
	tx_report_person(&r, 2, ENGINE_ROLE_PARTICIPANT, 4, 0);
	assert_int_equal(tx_report_refused(person(&r, 2), false), 3);
	assert_int_equal(tx_report_refused(person(&r, 2), true), 1);
	assert_int_equal(tx_report_stat(person(&r, 2), 1)->refused, 1);
	assert_int_equal(tx_report_stat(person(&r, 2), 1)->refused_other, 1);
	assert_int_equal(tx_report_stat(person(&r, 2), 2)->refused, 2);
	tx_report_phase_sum(&r, 2, &sum, &speakers);
	assert_int_equal(sum.refused, 2);
	assert_int_equal(sum.refused_other, 0);
	/* ada's refusals were not logged (an older session): the total. */
	assert_int_equal(tx_report_refused(person(&r, 1), false), 3);
	assert_int_equal(tx_report_refused(person(&r, 1), true), 0);
	tx_report_free(&r);
}

/* Off the record no words are kept: the snapshot's count is used. */
static void
test_report_off_record(void **state)
{
	struct tx_report	r;

	(void)state;
	tx_report_init(&r, true);
	feed(&r, "join", 0, 1, "ada", NULL, 0);
	feed(&r, "post", 1, 1, NULL, NULL, 0);
	tx_report_person(&r, 1, ENGINE_ROLE_PARTICIPANT, 2, 17);
	assert_int_equal(person(&r, 1)->total.posts, 1);
	assert_int_equal(person(&r, 1)->total.words, 17);
	assert_int_equal(tx_report_stat(person(&r, 1), 1)->words, 0);
	assert_int_equal(tx_report_snapshot(&r, NULL, 0, NULL), -1);
	tx_report_free(&r);
}

/* Pseudonyms: Participant 1..n, stable for a key, not join order. */
static void
test_pseudonyms(void **state)
{
	struct tx_names	 tn, again;
	uint8_t		 key[STORE_ALIAS_KEY];
	char		 first[8][64];
	const char	*p;
	int		 i, j, differs = 0;
	bool		 seen[9];

	(void)state;
	memset(key, 7, sizeof key);
	tx_names_init(&tn, NULL, true);
	for (i = 1; i <= 8; i++) {
		snprintf(first[0], sizeof first[0], "user%d", i);
		tx_names_add(&tn, i, first[0]);
	}
	tx_names_alias(&tn, key);
	memset(seen, 0, sizeof seen);
	for (i = 1; i <= 8; i++) {
		p = tx_names_get(&tn, i);
		assert_non_null(p);
		assert_int_equal(strncmp(p, "Participant ", 12), 0);
		j = atoi(p + 12);
		assert_true(j >= 1 && j <= 8);
		assert_false(seen[j]);
		seen[j] = true;
		snprintf(first[i - 1], sizeof first[0], "%s", p);
		assert_true(tx_names_joined(&tn, i));
	}
	/* Someone who did not join keeps their name ("unknown" here). */
	assert_string_equal(tx_names_get(&tn, 99), "unknown");
	assert_false(tx_names_joined(&tn, 99));
	assert_null(tx_names_get(&tn, 0));
	/* The same key gives the same pseudonyms, in any order of adding. */
	tx_names_init(&again, NULL, true);
	for (i = 8; i >= 1; i--)
		tx_names_add(&again, i, "x");
	tx_names_alias(&again, key);
	for (i = 1; i <= 8; i++)
		assert_string_equal(tx_names_get(&again, i), first[i - 1]);
	tx_names_free(&again);
	/* Other keys give other orders (join order is not revealed). */
	for (j = 0; j < 8 && !differs; j++) {
		memset(key, j + 100, sizeof key);
		tx_names_init(&again, NULL, true);
		for (i = 1; i <= 8; i++)
			tx_names_add(&again, i, "x");
		tx_names_alias(&again, key);
		for (i = 1; i <= 8; i++)
			differs |= strcmp(tx_names_get(&again, i),
			    first[i - 1]) != 0;
		tx_names_free(&again);
	}
	assert_true(differs);
	tx_names_free(&tn);
	/* Without the rule: names. */
	tx_names_init(&tn, NULL, false);
	tx_names_add(&tn, 5, "ada");
	tx_names_alias(&tn, key);
	assert_string_equal(tx_names_get(&tn, 5), "ada");
	tx_names_free(&tn);
}

/* Every request of the 4xx block has an authorization rule. */
static void
test_acl_covers(void **state)
{
	const struct msgdef	*md;
	size_t			 i, n = 0;

	(void)state;
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (md->type < 400 || md->type >= 500 || !(md->dir & PD_C2S))
			continue;
		if (!tx_acl_covers(md->type))
			fail_msg("%s has no rule", md->name);
		n++;
	}
	assert_int_equal(n, 11);
	assert_false(tx_acl_covers(MSG_SESSION_POST));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gini),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_report_figures),
		cmocka_unit_test(test_report_off_record),
		cmocka_unit_test(test_report_refusals),
		cmocka_unit_test(test_pseudonyms),
		cmocka_unit_test(test_acl_covers),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
