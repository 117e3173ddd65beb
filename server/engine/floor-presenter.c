/*
 * floor-presenter.c: "presenter": only the presenter speaks; the group
 * listens (an overview, a reflection, the final word).
 */
#include "engine-int.h"

/* Only the presenter may post. */
static int
presenter_may_post(struct engine_session *s, struct member *m)
{
	if (s->presenter != 0 && m->uid == s->presenter)
		return (ENGINE_OK);
	return (ENGINE_R_PRESENTER_ONLY);
}

/* The presenter speaks in such a phase. */
static int
presenter_may_speak(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	(void)ph;
	return (s->presenter != 0 && m->uid == s->presenter);
}

const struct floor_ops floor_presenter_ops = {
	.floor = ENGINE_FLOOR_PRESENTER,
	.name = "presenter",
	.label = "presenter only",
	.flags = FLF_PRESENTER,
	.may_post = presenter_may_post,
	.may_speak = presenter_may_speak,
};
