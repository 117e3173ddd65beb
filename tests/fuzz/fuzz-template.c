/*
 * fuzz-template.c: feed bytes to the template parser as a template file.
 * Whatever parses must be a template the engine can run: it is started
 * with a small cast and driven to its end in simulated time, with a
 * snapshot/restore cycle on the way.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAX_STEPS	2000

static void	ft_fail(const char *) __attribute__((__noreturn__));

/* Stop with a message: an invariant does not hold. */
static void
ft_fail(const char *what)
{
	fprintf(stderr, "fuzz-template: invariant broken: %s\n", what);
	abort();
}

/* Feed one input, checking there is exactly one reply. */
static int
ft_input(struct engine_session *s, struct engine_input *in, uint64_t now,
    struct engine_out *out)
{
	size_t	i, replies = 0;
	int	reason;

	reason = engine_event(s, in, now, out);
	for (i = 0; i < out->n; i++) {
		if (out->fx[i].msg == NULL)
			ft_fail("effect without a message");
		if (out->fx[i].kind == ENGINE_FX_REPLY)
			replies++;
	}
	if (replies != 1)
		ft_fail("not exactly one reply");
	engine_out_reset(out);
	return (reason);
}

/* Check the fields every parsed template has. */
static void
ft_check(const struct engine_template *t)
{
	size_t	i;

	if (t->title == NULL || t->nphases == 0 || t->min_members == 0 ||
	    t->nphases > ENGINE_PHASES_MAX)
		ft_fail("template without title or phases");
	for (i = 0; i < t->nphases; i++) {
		if (t->phases[i].id == NULL || t->phases[i].title == NULL ||
		    (int)t->phases[i].floor < 0 ||
		    t->phases[i].floor >= ENGINE_FLOOR_COUNT)
			ft_fail("bad phase");
	}
}

/* Run a parsed template to its end with a cast of five. */
static void
ft_run(const struct engine_template *t)
{
	static const char *const names[] = { "Fay", "Amy", "Bo", "Cal",
	    "Dot" };
	struct engine_session	*s, *s2;
	struct engine_out	 out;
	struct engine_input	 in;
	struct engine_view	 v;
	uint64_t		 now = 1000, dl;
	uint8_t			*blob;
	size_t			 len;
	char			 err[256];
	int			 i, steps;

	if ((s = engine_new(t, NULL, now, err, sizeof err)) == NULL)
		ft_fail("engine_new refused a parsed template");
	engine_out_init(&out);
	for (i = 0; i < 5; i++) {
		memset(&in, 0, sizeof in);
		in.kind = ENGINE_IN_JOIN;
		in.uid = (uint64_t)i + 1;
		in.name = names[i];
		in.role = i == 0 ? ENGINE_ROLE_FACILITATOR : i == 1 ?
		    ENGINE_ROLE_PRESENTER : ENGINE_ROLE_PARTICIPANT;
		ft_input(s, &in, now, &out);
		in.kind = ENGINE_IN_NORMS_ACK;
		ft_input(s, &in, now, &out);
	}
	memset(&in, 0, sizeof in);
	in.kind = ENGINE_IN_START;
	in.uid = 1;
	ft_input(s, &in, now, &out);
	for (steps = 0; steps < MAX_STEPS; steps++) {
		engine_view(s, now, &v);
		if (v.status != ENGINE_RUNNING)
			break;
		if (v.phase_left_ms < 0 || v.turn_left_ms < 0)
			ft_fail("negative time left");
		if (steps == 3) {
			engine_snapshot(s, now, &blob, &len);
			s2 = engine_restore(blob, len, engine_template(s), now,
			    &out, err, sizeof err);
			free(blob);
			if (s2 == NULL)
				ft_fail("own snapshot refused");
			engine_out_reset(&out);
			engine_free(s);
			s = s2;
		}
		memset(&in, 0, sizeof in);
		in.uid = v.holder != 0 ? v.holder : 2;
		in.kind = v.holder != 0 ? ENGINE_IN_POST : ENGINE_IN_HAND_RAISE;
		in.text = "A point.";
		ft_input(s, &in, now, &out);
		dl = engine_next_deadline(s);
		if (dl <= now)
			ft_fail("a deadline was left unhandled");
		if (dl == ENGINE_NEVER || v.waiting || steps % 7 == 6) {
			in.kind = ENGINE_IN_NEXT;
			in.uid = 1;
			ft_input(s, &in, now, &out);
			continue;
		}
		now = dl;
		engine_tick(s, now, &out);
		engine_out_reset(&out);
	}
	engine_free(s);
	engine_out_free(&out);
}

/* Parse one input as a template file, and run what parses. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct engine_template	*t;
	char			 err[512];

	t = engine_template_parse((const char *)data, size, "fuzz",
	    "fuzz.conf", err, sizeof err);
	if (t == NULL) {
		if (strncmp(err, "fuzz.conf:", 10) != 0)
			ft_fail("error without file and line");
		return (0);
	}
	ft_check(t);
	ft_run(t);
	engine_template_free(t);
	return (0);
}
