/*
 * fuzz-engine.c: drive a session on a built-in template with a random
 * sequence of inputs, time jumps, snapshot/restore cycles and corrupted
 * snapshots, decoded from the fuzzer's bytes, and check the engine's
 * invariants after every step:
 *   - exactly one reply per input, and every effect has a message;
 *   - at most one floor holder: turn starts and ends alternate, and the
 *     holder the effects imply is the one the view shows;
 *   - time left is never negative nor more than the timer's length, and
 *     nothing due is left unhandled (the next deadline is in the future);
 *   - no post is accepted from someone without the floor (in turn
 *     floors: from anyone but the holder the turn effects imply at the
 *     moment of the post).
 * A first byte with the top bit set feeds the rest to engine_restore
 * instead, as is and with a valid checksum appended.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NUIDS		9	/* uids 1..9; 9 never joins by default */
#define MAX_STEPS	4000

/* The fuzzer's state for one input. */
struct fz {
	const uint8_t		*p;
	size_t			 n;
	struct engine_session	*s;
	struct engine_out	 out;
	uint64_t		 now;
	uint64_t		 holder;	/* as the effects tell it */
};

static struct engine_templates	*fz_set;

static void	fz_fail(const char *) __attribute__((__noreturn__));

static const char *const fz_texts[] = {
	"Yes.", "I wonder if we could try it the other way round?",
	"  ", "", "What I heard is\nthat it matters.", "ok"
};

static const char *const fz_names[] = {
	"Fay", "Amy", "Bo", "Cal", "Dot", "Eli", "Flo", "Gus", "Hal"
};

/* Stop with a message: an invariant does not hold. */
static void
fz_fail(const char *what)
{
	fprintf(stderr, "fuzz-engine: invariant broken: %s\n", what);
	abort();
}

/* Take the next byte, or 0 when the input is used up. */
static uint8_t
fz_byte(struct fz *f)
{
	uint8_t	b;

	if (f->n == 0)
		return (0);
	b = *f->p++;
	f->n--;
	return (b);
}

/* Return the CRC-32 (IEEE) of a buffer, as snapshots use. */
static uint32_t
fz_crc32(const uint8_t *p, size_t n)
{
	uint32_t	crc = 0xffffffffU;
	size_t		i;
	int		k;

	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
	}
	return (~crc);
}

/* Check the session's view and deadline. */
static void
fz_check_view(struct fz *f)
{
	struct engine_view		v;
	struct engine_member_info	mi;

	engine_view(f->s, f->now, &v);
	if (v.phase_left_ms < 0 || v.turn_left_ms < 0)
		fz_fail("negative time left");
	if (v.phase_timed && v.phase_left_ms > v.phase_total_ms)
		fz_fail("phase time left above its length");
	if (v.turn_timed && v.turn_left_ms > v.turn_total_ms)
		fz_fail("turn time left above its length");
	if (v.phase >= (int32_t)v.nphases || v.phase < -1)
		fz_fail("phase out of range");
	if (engine_next_deadline(f->s) <= f->now)
		fz_fail("a deadline was left unhandled");
	if (v.holder != f->holder)
		fz_fail("holder differs from the turn effects");
	if (v.holder == 0)
		return;
	if (v.status != ENGINE_RUNNING && v.status != ENGINE_PAUSED)
		fz_fail("a holder outside a running session");
	if (v.floor != ENGINE_FLOOR_GO_AROUND &&
	    v.floor != ENGINE_FLOOR_TALKING_PIECE &&
	    v.floor != ENGINE_FLOOR_QUEUE &&
	    v.floor != ENGINE_FLOOR_PROGRESSIVE)
		fz_fail("a holder in a floor without turns");
	if (engine_member(f->s, v.holder, f->now, &mi) == -1)
		fz_fail("holder is not a member");
	if (mi.role == ENGINE_ROLE_OBSERVER || mi.removed || mi.left ||
	    mi.absent)
		fz_fail("holder cannot hold the floor");
}

/*
 * Check the effects of one call against the state before it; expect
 * the given number of replies. Then empty the list.
 */
static void
fz_check_out(struct fz *f, const struct engine_view *pre,
    const struct engine_input *in, int replies)
{
	const struct engine_effect	*fx;
	struct engine_member_info	 mi;
	uint64_t			 holder_at_post = 0;
	size_t				 i;
	int				 nreply = 0, nposts = 0, reason = -1;

	for (i = 0; i < f->out.n; i++) {
		fx = &f->out.fx[i];
		if (fx->msg == NULL || fx->at_ms > f->now)
			fz_fail("effect without a message or from the future");
		switch (fx->kind) {
		case ENGINE_FX_REPLY:
			nreply++;
			reason = fx->reason;
			if (in == NULL || fx->uid != in->uid ||
			    fx->flags != ENGINE_FXF_REPLY)
				fz_fail("stray reply");
			break;
		case ENGINE_FX_TURN_START:
			if (f->holder != 0)
				fz_fail("two floor holders");
			f->holder = fx->uid;
			break;
		case ENGINE_FX_TURN_END:
			if (f->holder == 0 || f->holder != fx->uid)
				fz_fail("turn end without that turn");
			f->holder = 0;
			break;
		case ENGINE_FX_POST:
			nposts++;
			holder_at_post = f->holder;
			if (in == NULL || in->kind != ENGINE_IN_POST ||
			    fx->uid != in->uid)
				fz_fail("post from nowhere");
			break;
		default:
			break;
		}
	}
	if (nreply != replies)
		fz_fail("not exactly one reply per input");
	if (in != NULL && in->kind == ENGINE_IN_POST) {
		if (nposts != (reason == ENGINE_OK))
			fz_fail("post effects do not match the reply");
		if (reason == ENGINE_OK) {
			if (pre->status != ENGINE_RUNNING)
				fz_fail("post accepted outside a running "
				    "session");
			if (engine_member(f->s, in->uid, f->now, &mi) == -1 ||
			    mi.role == ENGINE_ROLE_OBSERVER || mi.muted ||
			    !mi.norms_acked)
				fz_fail("post accepted from a member who may "
				    "not post");
			if (engine_template(f->s)->phases[pre->phase].
			    presenter_silent && pre->presenter == in->uid)
				fz_fail("post accepted from a silent "
				    "presenter");
			switch (pre->floor) {
			case ENGINE_FLOOR_GO_AROUND:
			case ENGINE_FLOOR_TALKING_PIECE:
			case ENGINE_FLOOR_QUEUE:
			case ENGINE_FLOOR_PROGRESSIVE:
				if (holder_at_post != in->uid)
					fz_fail("post accepted without the "
					    "floor");
				break;
			case ENGINE_FLOOR_PRESENTER:
				if (pre->presenter != in->uid)
					fz_fail("post accepted from a "
					    "non-presenter");
				break;
			case ENGINE_FLOOR_GROUP:
				if (pre->presenter == in->uid)
					fz_fail("post accepted from the silent "
					    "presenter");
				break;
			case ENGINE_FLOOR_SILENT:
			case ENGINE_FLOOR_BOARD:
				fz_fail("post accepted in a silent phase");
				break;
			case ENGINE_FLOOR_FACILITATOR:
				if (mi.role != ENGINE_ROLE_FACILITATOR)
					fz_fail("post accepted from a "
					    "non-facilitator");
				break;
			case ENGINE_FLOOR_FISHBOWL:
				if (!mi.inner)
					fz_fail("post accepted from the outer "
					    "circle");
				break;
			default:
				break;
			}
		}
	}
	engine_out_reset(&f->out);
	fz_check_view(f);
}

/* Let time pass to now and check. */
static void
fz_tick(struct fz *f)
{
	engine_tick(f->s, f->now, &f->out);
	fz_check_out(f, NULL, NULL, 0);
}

/* Feed one input and check. */
static void
fz_event(struct fz *f, const struct engine_input *in)
{
	struct engine_view	pre;

	fz_tick(f);
	engine_view(f->s, f->now, &pre);
	engine_event(f->s, in, f->now, &f->out);
	fz_check_out(f, &pre, in, 1);
}

/*
 * Restore a blob for the session's template; on success replace the
 * session (if keep) and check it. Return 1 if it was restored.
 */
static int
fz_restore(struct fz *f, const uint8_t *blob, size_t len, int keep)
{
	struct engine_session	*s2;
	struct engine_view	 v;
	char			 err[256];

	s2 = engine_restore(blob, len, engine_template(f->s), f->now, &f->out,
	    err, sizeof err);
	if (s2 == NULL) {
		if (err[0] == '\0' || f->out.n != 0)
			fz_fail("restore failed without a message");
		return (0);
	}
	if (!keep) {
		engine_out_reset(&f->out);
		engine_free(s2);
		return (1);
	}
	engine_free(f->s);
	f->s = s2;
	engine_view(f->s, f->now, &v);
	f->holder = v.holder;
	engine_out_reset(&f->out);
	fz_check_view(f);
	return (1);
}

/* Snapshot, restore, and check the restored session resumes exactly. */
static void
fz_cycle(struct fz *f)
{
	struct engine_view	 a, b;
	uint8_t			*b1, *b2, *b3;
	size_t			 l1, l2, l3;

	engine_view(f->s, f->now, &a);
	engine_snapshot(f->s, f->now, &b1, &l1);
	if (!fz_restore(f, b1, l1, 1))
		fz_fail("own snapshot refused");
	engine_view(f->s, f->now, &b);
	if (a.status != b.status || a.phase != b.phase ||
	    a.holder != b.holder || a.phase_left_ms != b.phase_left_ms ||
	    a.turn_left_ms != b.turn_left_ms || a.round != b.round ||
	    a.presenter != b.presenter || a.nqueue != b.nqueue)
		fz_fail("restored session differs");
	/* A restored session snapshots the same after another cycle. */
	engine_snapshot(f->s, f->now, &b2, &l2);
	if (!fz_restore(f, b2, l2, 1))
		fz_fail("own snapshot refused");
	engine_snapshot(f->s, f->now, &b3, &l3);
	if (l2 != l3 || memcmp(b2, b3, l2) != 0)
		fz_fail("snapshot not deterministic");
	free(b1);
	free(b2);
	free(b3);
}

/* Snapshot, change a byte, fix the checksum, and try to restore it. */
static void
fz_mutate(struct fz *f)
{
	uint8_t		*blob;
	size_t		 len, at;
	uint32_t	 crc;

	engine_snapshot(f->s, f->now, &blob, &len);
	at = ((size_t)fz_byte(f) << 8 | fz_byte(f)) % (len - 4);
	blob[at] ^= (uint8_t)(fz_byte(f) | 1);
	crc = fz_crc32(blob, len - 4);
	blob[len - 4] = (uint8_t)(crc >> 24);
	blob[len - 3] = (uint8_t)(crc >> 16);
	blob[len - 2] = (uint8_t)(crc >> 8);
	blob[len - 1] = (uint8_t)crc;
	fz_restore(f, blob, len, fz_byte(f) & 1);
	free(blob);
}

/* Decode and run one step. */
static void
fz_step(struct fz *f)
{
	struct engine_input	in;
	uint8_t			op = fz_byte(f);
	int			kind;

	kind = op % (ENGINE_IN_COUNT + 6);
	switch (kind - ENGINE_IN_COUNT) {
	case 0:
		f->now += (uint64_t)fz_byte(f) * 1000;
		fz_tick(f);
		return;
	case 1:
		f->now += (uint64_t)fz_byte(f) * 60000;
		fz_tick(f);
		return;
	case 2:
		if (engine_next_deadline(f->s) != ENGINE_NEVER)
			f->now = engine_next_deadline(f->s);
		fz_tick(f);
		return;
	case 3:
		fz_cycle(f);
		return;
	case 4:
		fz_mutate(f);
		return;
	case 5:
		f->now += fz_byte(f);
		fz_tick(f);
		return;
	default:
		break;
	}
	memset(&in, 0, sizeof in);
	in.kind = (enum engine_input_kind)kind;
	in.uid = 1 + fz_byte(f) % NUIDS;
	in.target = fz_byte(f) % (NUIDS + 1);
	in.name = fz_names[(in.uid - 1) % NUIDS];
	in.role = (enum engine_role)(fz_byte(f) % (ENGINE_ROLE_COUNT + 1));
	in.text = fz_texts[fz_byte(f) % (sizeof fz_texts / sizeof fz_texts[0])];
	in.parent = fz_byte(f) % 8;
	in.which = (enum engine_adjust)(fz_byte(f) % 3);
	in.seconds = (int8_t)fz_byte(f) * 7;
	in.position = (int8_t)fz_byte(f);
	in.inner = fz_byte(f) & 1;
	fz_event(f, &in);
}

/* Run a session on a built-in template from the input. */
static void
fz_session(const uint8_t *data, size_t size)
{
	const struct engine_template	*tpl;
	struct engine_opts		 o;
	struct engine_input		 in;
	struct fz			 f;
	char				 err[256];
	int				 i, steps;
	uint8_t				 cast;

	memset(&f, 0, sizeof f);
	f.p = data;
	f.n = size;
	tpl = engine_templates_at(fz_set, fz_byte(&f) %
	    engine_templates_count(fz_set));
	engine_opts_init(&o);
	o.grace_ms = (uint64_t)(fz_byte(&f) % 8) * 5000;
	o.time_scale_pct = 1 + fz_byte(&f) % 100;
	if (fz_byte(&f) & 1)
		o.norms = "";
	f.now = 1000;
	f.s = engine_new(tpl, &o, f.now, err, sizeof err);
	if (f.s == NULL)
		fz_fail("engine_new refused a built-in template");
	engine_out_init(&f.out);
	/* A default cast: a facilitator, a presenter, participants, an
	 * observer; which of them join is up to the input. */
	cast = fz_byte(&f);
	for (i = 1; i < NUIDS; i++) {
		if (i > 3 && !(cast & (1U << i)))
			continue;
		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_JOIN;
		in.uid = (uint64_t)i;
		in.name = fz_names[i - 1];
		in.role = i == 1 ? ENGINE_ROLE_FACILITATOR : i == 2 ?
		    ENGINE_ROLE_PRESENTER : i == 8 ? ENGINE_ROLE_OBSERVER :
		    ENGINE_ROLE_PARTICIPANT;
		fz_event(&f, &in);
		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_NORMS_ACK;
		in.uid = (uint64_t)i;
		fz_event(&f, &in);
	}
	for (steps = 0; f.n > 0 && steps < MAX_STEPS; steps++)
		fz_step(&f);
	engine_free(f.s);
	engine_out_free(&f.out);
}

/* Feed the input to engine_restore, as is and with a valid checksum. */
static void
fz_blob(const uint8_t *data, size_t size)
{
	const struct engine_template	*tpl = NULL;
	struct engine_session		*s;
	struct engine_out		 out;
	uint8_t				*buf;
	uint32_t			 crc;
	char				 name[ENGINE_ID_MAX + 1], err[256];
	int				 pass;

	engine_out_init(&out);
	buf = malloc(size + 4);
	if (buf == NULL)
		abort();
	memcpy(buf, data, size);
	crc = fz_crc32(data, size);
	buf[size] = (uint8_t)(crc >> 24);
	buf[size + 1] = (uint8_t)(crc >> 16);
	buf[size + 2] = (uint8_t)(crc >> 8);
	buf[size + 3] = (uint8_t)crc;
	for (pass = 0; pass < 2; pass++) {
		const uint8_t	*b = pass ? buf : data;
		size_t		 len = pass ? size + 4 : size;

		if (engine_snapshot_peek(b, len, name, sizeof name) == 0)
			tpl = engine_templates_find(fz_set, name);
		if (tpl == NULL)
			tpl = engine_templates_at(fz_set, 0);
		s = engine_restore(b, len, tpl, 5000, &out, err, sizeof err);
		if (s == NULL) {
			if (out.n != 0 || err[0] == '\0')
				fz_fail("restore failed without a message");
			continue;
		}
		engine_tick(s, 5000 + 3600000, &out);
		if (engine_next_deadline(s) <= 5000 + 3600000)
			fz_fail("restored session left a deadline unhandled");
		engine_out_reset(&out);
		engine_free(s);
	}
	free(buf);
	engine_out_free(&out);
}

/* Run one input: a session script, or a snapshot blob. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fz_set == NULL)
		fz_set = engine_templates_new();
	if (size == 0)
		return (0);
	if (data[0] & 0x80)
		fz_blob(data + 1, size - 1);
	else
		fz_session(data + 1, size - 1);
	return (0);
}
