/*
 * floor-group.c: "group": the group talks while the presenter listens
 * silently and takes notes ("turns their back").
 */
#include "engine-int.h"

/* Everyone in the circle but the presenter may post. */
static int
group_may_post(struct engine_session *s, struct member *m)
{
	if (m->uid == s->presenter)
		return (ENGINE_R_PRESENTER_SILENT);
	return (ENGINE_OK);
}

/* The circle but the presenter speaks in such a phase. */
static int
group_may_speak(const struct engine_session *s,
    const struct engine_phase_def *ph, const struct member *m)
{
	(void)ph;
	return (member_in_circle(s, m) && m->uid != s->presenter);
}

const struct floor_ops floor_group_ops = {
	.floor = ENGINE_FLOOR_GROUP,
	.name = "group",
	.label = "group only (the presenter listens)",
	.flags = FLF_PRESENTER,
	.may_post = group_may_post,
	.may_speak = group_may_speak,
};
