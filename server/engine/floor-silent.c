/*
 * floor-silent.c: "silent": reflection, reading or writing alone; no
 * posts at all (facilitator notes still go through).
 */
#include "engine-int.h"

/* Nobody posts. */
static int
silent_may_post(struct engine_session *s, struct member *m)
{
	(void)s;
	(void)m;
	return (ENGINE_R_SILENT);
}

const struct floor_ops floor_silent_ops = {
	.floor = ENGINE_FLOOR_SILENT,
	.name = "silent",
	.label = "silent",
	.may_post = silent_may_post,
	.may_speak = floor_may_speak_never,
};
