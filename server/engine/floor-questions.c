/*
 * floor-questions.c: "questions": the group asks (clarifying or probing
 * questions) and the presenter answers. The presenter may post once a
 * question has been asked in the phase; posts are tagged "question" or
 * "answer" unless the phase has a stem.
 */
#include "engine-int.h"
#include "xmalloc.h"

/* The group may ask at any time; the presenter answers what was asked. */
static int
questions_may_post(struct engine_session *s, struct member *m)
{
	if (m->uid == s->presenter && s->fl.questions == 0)
		return (ENGINE_R_NO_QUESTION);
	return (ENGINE_OK);
}

/* Count questions and tag the post. */
static void
questions_posted(struct engine_session *s, struct member *m, char **tag)
{
	if (m->uid != s->presenter)
		s->fl.questions++;
	if (*tag == NULL)
		*tag = xstrdup(m->uid == s->presenter ? "answer" : "question");
}

const struct floor_ops floor_questions_ops = {
	.floor = ENGINE_FLOOR_QUESTIONS,
	.name = "questions",
	.label = "questions (the group asks, the presenter answers)",
	.flags = FLF_PRESENTER,
	.may_post = questions_may_post,
	.posted = questions_posted,
	.may_speak = floor_may_speak_circle,
};
