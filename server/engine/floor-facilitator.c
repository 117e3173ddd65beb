/*
 * floor-facilitator.c: "facilitator": the facilitators frame the work
 * (introduction, norms, debrief framing); everyone else listens.
 */
#include "engine-int.h"

/* Only facilitators may post. */
static int
facilitator_may_post(struct engine_session *s, struct member *m)
{
	(void)s;
	if (m->role == ENGINE_ROLE_FACILITATOR)
		return (ENGINE_OK);
	return (ENGINE_R_FACILITATOR_ONLY);
}

/* Facilitators speak in such a phase. */
static int
facilitator_may_speak(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	(void)s;
	(void)ph;
	return (m->role == ENGINE_ROLE_FACILITATOR);
}

const struct floor_ops floor_facilitator_ops = {
	.floor = ENGINE_FLOOR_FACILITATOR,
	.name = "facilitator",
	.label = "facilitator only",
	.may_post = facilitator_may_post,
	.may_speak = facilitator_may_speak,
};
