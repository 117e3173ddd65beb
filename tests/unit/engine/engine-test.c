/*
 * engine-test.c: the test harness behind engine-test.h. Every helper
 * drains the output list into the log and checks what must hold after
 * any call: exactly one reply per input, no speech from a refused post,
 * and a next deadline in the future.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine-test.h"

/* Copy the effects of the last call into the log; return replies seen. */
static int
et_drain(struct et *t)
{
	const struct engine_effect	*fx;
	struct et_rec			*r;
	size_t				 i;
	int				 replies = 0;

	for (i = 0; i < t->out.n; i++) {
		fx = &t->out.fx[i];
		assert_non_null(fx->msg);
		assert_true(fx->at_ms <= t->now);
		if (t->nlog == ET_LOG_MAX) {
			memmove(t->log, t->log + ET_LOG_MAX / 2,
			    (ET_LOG_MAX / 2) * sizeof *t->log);
			t->nlog = ET_LOG_MAX / 2;
		}
		r = &t->log[t->nlog++];
		memset(r, 0, sizeof *r);
		r->kind = fx->kind;
		r->at_ms = fx->at_ms;
		r->uid = fx->uid;
		r->target = fx->target;
		r->phase = fx->phase;
		r->reason = fx->reason;
		r->input = fx->input;
		r->value = fx->value;
		r->left_ms = fx->left_ms;
		r->round = fx->round;
		r->detail = fx->detail;
		if (fx->tag != NULL)
			snprintf(r->tag, sizeof r->tag, "%s", fx->tag);
		if (fx->text != NULL)
			snprintf(r->text, sizeof r->text, "%s", fx->text);
		snprintf(r->msg, sizeof r->msg, "%s", fx->msg);
		if (fx->kind == ENGINE_FX_REPLY) {
			replies++;
			t->reply = *r;
			assert_int_equal(fx->flags, ENGINE_FXF_REPLY);
		} else
			assert_int_equal(fx->flags, ENGINE_FXF_RECORD |
			    ENGINE_FXF_BROADCAST);
		if (getenv("ET_TRACE") != NULL)
			fprintf(stderr, "%8llu %-13s %s\n",
			    (unsigned long long)fx->at_ms,
			    engine_fx_name(fx->kind), fx->msg);
	}
	engine_out_reset(&t->out);
	assert_true(engine_next_deadline(t->s) > t->now);
	return (replies);
}

/* Start a session on a built-in template. */
void
et_open(struct et *t, const char *name, const struct engine_opts *o)
{
	const struct engine_template	*tpl;
	char				 err[512];

	memset(t, 0, sizeof *t);
	t->set = engine_templates_new();
	tpl = engine_templates_find(t->set, name);
	assert_non_null(tpl);
	t->now = 1000000;
	t->s = engine_new(tpl, o, t->now, err, sizeof err);
	if (t->s == NULL)
		fail_msg("engine_new: %s", err);
	t->log = calloc(ET_LOG_MAX, sizeof *t->log);
	assert_non_null(t->log);
	engine_out_init(&t->out);
}

/* Start a session on a template given as text. */
void
et_open_text(struct et *t, const char *text, const struct engine_opts *o)
{
	struct engine_template	*tpl;
	char			 err[512];

	memset(t, 0, sizeof *t);
	tpl = engine_template_parse(text, strlen(text), "test", "test.conf",
	    err, sizeof err);
	if (tpl == NULL)
		fail_msg("parse: %s", err);
	t->now = 1000000;
	t->s = engine_new(tpl, o, t->now, err, sizeof err);
	engine_template_free(tpl);
	if (t->s == NULL)
		fail_msg("engine_new: %s", err);
	t->log = calloc(ET_LOG_MAX, sizeof *t->log);
	assert_non_null(t->log);
	engine_out_init(&t->out);
}

/* Free a session under test. */
void
et_close(struct et *t)
{
	engine_free(t->s);
	engine_out_free(&t->out);
	engine_templates_free(t->set);
	free(t->log);
}

/* Feed one input at the current time; return the reason. */
int
et_input(struct et *t, const struct engine_input *in)
{
	size_t	before = t->nlog, i;
	int	reason;

	reason = engine_event(t->s, in, t->now, &t->out);
	assert_int_equal(et_drain(t), 1);
	assert_int_equal(t->reply.reason, reason);
	assert_int_equal(t->reply.uid, in->uid);
	if (reason != ENGINE_OK && in->kind == ENGINE_IN_POST) {
		for (i = before; i < t->nlog; i++)
			assert_int_not_equal(t->log[i].kind, ENGINE_FX_POST);
	}
	return (reason);
}

/* Feed an input that needs only a kind and a sender. */
int
et_do(struct et *t, enum engine_input_kind kind, uint64_t uid)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = kind;
	in.uid = uid;
	return (et_input(t, &in));
}

/* Feed a control naming a target. */
int
et_ctl(struct et *t, enum engine_input_kind kind, uint64_t uid,
    uint64_t target)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = kind;
	in.uid = uid;
	in.target = target;
	return (et_input(t, &in));
}

/* Join a member. */
int
et_join(struct et *t, uint64_t uid, const char *name, enum engine_role role)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_JOIN;
	in.uid = uid;
	in.name = name;
	in.role = role;
	return (et_input(t, &in));
}

/* Post text. */
int
et_post(struct et *t, uint64_t uid, const char *text)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_POST;
	in.uid = uid;
	in.text = text;
	return (et_input(t, &in));
}

/* Post a board card (parent 0) or a reply. */
int
et_board(struct et *t, uint64_t uid, uint32_t parent, const char *text)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = parent ? ENGINE_IN_BOARD_REPLY : ENGINE_IN_BOARD_POST;
	in.uid = uid;
	in.parent = parent;
	in.text = text;
	return (et_input(t, &in));
}

/* Extend or shorten the phase or the turn. */
int
et_adjust(struct et *t, uint64_t uid, enum engine_adjust which, int32_t secs)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_ADJUST;
	in.uid = uid;
	in.which = which;
	in.seconds = secs;
	return (et_input(t, &in));
}

/* Move a member to a place in the queue or order. */
int
et_reorder(struct et *t, uint64_t uid, uint64_t target, int32_t pos)
{
	struct engine_input	in;

	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_REORDER;
	in.uid = uid;
	in.target = target;
	in.position = pos;
	return (et_input(t, &in));
}

/* Let ms pass and tick. */
void
et_advance(struct et *t, uint64_t ms)
{
	t->now += ms;
	engine_tick(t->s, t->now, &t->out);
	assert_int_equal(et_drain(t), 0);
}

/* Jump to the next deadline and tick; false if there is none. */
bool
et_step(struct et *t)
{
	uint64_t	dl = engine_next_deadline(t->s);

	if (dl == ENGINE_NEVER)
		return (false);
	assert_true(dl > t->now);
	t->now = dl;
	engine_tick(t->s, t->now, &t->out);
	assert_int_equal(et_drain(t), 0);
	return (true);
}

/* Step through deadlines until phase idx starts, within ms. */
bool
et_until_phase(struct et *t, int32_t idx, uint64_t ms)
{
	uint64_t	end = t->now + ms;

	while (et_phase(t) != idx) {
		if (engine_next_deadline(t->s) > end || !et_step(t))
			return (false);
	}
	return (true);
}

/* Step through deadlines until uid holds the floor, within ms. */
bool
et_until_holder(struct et *t, uint64_t uid, uint64_t ms)
{
	uint64_t	end = t->now + ms;

	while (et_holder(t) != uid) {
		if (engine_next_deadline(t->s) > end || !et_step(t))
			return (false);
	}
	return (true);
}

/* Step through deadlines until the session ends, within ms. */
bool
et_until_ended(struct et *t, uint64_t ms)
{
	struct engine_view	v;
	uint64_t		end = t->now + ms;

	for (;;) {
		et_view(t, &v);
		if (v.status == ENGINE_ENDED)
			return (true);
		if (engine_next_deadline(t->s) > end || !et_step(t))
			return (false);
	}
}

/* The session's view now. */
void
et_view(struct et *t, struct engine_view *v)
{
	engine_view(t->s, t->now, v);
	assert_true(v->phase_left_ms >= 0);
	assert_true(v->turn_left_ms >= 0);
}

/* The current phase index. */
int32_t
et_phase(struct et *t)
{
	struct engine_view	v;

	et_view(t, &v);
	return (v.status == ENGINE_ENDED ? -2 : v.phase);
}

/* The current floor holder. */
uint64_t
et_holder(struct et *t)
{
	struct engine_view	v;

	et_view(t, &v);
	return (v.holder);
}

/* Forget the log. */
void
et_log_clear(struct et *t)
{
	t->nlog = 0;
}

/* Return the n-th (from 0) logged effect of a kind, or NULL. */
const struct et_rec *
et_find(struct et *t, int kind, size_t n)
{
	size_t	i;

	for (i = 0; i < t->nlog; i++) {
		if (t->log[i].kind == kind && n-- == 0)
			return (&t->log[i]);
	}
	return (NULL);
}

/* Count logged effects of a kind. */
size_t
et_count(struct et *t, int kind)
{
	size_t	i, n = 0;

	for (i = 0; i < t->nlog; i++) {
		if (t->log[i].kind == kind)
			n++;
	}
	return (n);
}

/* Count logged effects of a kind about a uid. */
size_t
et_count_uid(struct et *t, int kind, uint64_t uid)
{
	size_t	i, n = 0;

	for (i = 0; i < t->nlog; i++) {
		if (t->log[i].kind == kind && t->log[i].uid == uid)
			n++;
	}
	return (n);
}

/* A member's live figures. */
void
et_stats(struct et *t, uint64_t uid, struct engine_stats *st)
{
	struct engine_member_info	mi;

	assert_int_equal(engine_member(t->s, uid, t->now, &mi), 0);
	*st = mi.stats;
}

/*
 * Snapshot the session, restore it at the same moment, and check the
 * restored one is in the same phase and turn with the same time left.
 */
void
et_snap_cycle(struct et *t)
{
	struct engine_view		 a, b;
	struct engine_member_info	 mi;
	struct engine_session		*s2;
	uint8_t				*blob;
	size_t				 len, i;
	char				 err[256];

	et_view(t, &a);
	assert_int_equal(engine_snapshot(t->s, t->now, &blob, &len), 0);
	s2 = engine_restore(blob, len, engine_template(t->s), t->now, &t->out,
	    err, sizeof err);
	free(blob);
	if (s2 == NULL)
		fail_msg("restore: %s", err);
	engine_free(t->s);
	t->s = s2;
	assert_int_equal(et_drain(t), 0);
	et_view(t, &b);
	assert_int_equal(a.status, b.status);
	assert_int_equal(a.phase, b.phase);
	assert_int_equal(a.holder, b.holder);
	assert_int_equal(a.phase_left_ms, b.phase_left_ms);
	assert_int_equal(a.turn_left_ms, b.turn_left_ms);
	assert_int_equal(a.round, b.round);
	assert_int_equal(a.presenter, b.presenter);
	for (i = 0; b.status != ENGINE_ENDED &&
	    engine_member_at(t->s, i, t->now, &mi) == 0; i++) {
		if (!mi.connected && !mi.left && !mi.removed)
			assert_int_equal(et_do(t, ENGINE_IN_RECONNECT, mi.uid),
			    ENGINE_OK);
	}
}

/*
 * Have each of n members try to post; store in ok[i] whether it was
 * accepted.
 */
void
et_posts_all(struct et *t, uint64_t *uids, size_t n, int *ok)
{
	size_t	i;

	for (i = 0; i < n; i++)
		ok[i] = et_post(t, uids[i], "A thought.") == ENGINE_OK;
}
