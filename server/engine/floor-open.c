/*
 * floor-open.c: "open": anyone in the circle may post (the engine keeps
 * a presenter silent where the phase says so).
 */
#include "engine-int.h"

/* Anyone in the circle may post. */
static int
open_may_post(struct engine_session *s, struct member *m)
{
	(void)s;
	(void)m;
	return (ENGINE_OK);
}

const struct floor_ops floor_open_ops = {
	.floor = ENGINE_FLOOR_OPEN,
	.name = "open",
	.label = "open floor",
	.may_post = open_may_post,
	.may_speak = floor_may_speak_circle,
};
