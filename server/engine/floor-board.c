/*
 * floor-board.c: "board": a silent written conversation (Chalk Talk).
 * Chat is refused; members post cards to the board and replies to cards
 * (the engine's BOARD_POST and BOARD_REPLY inputs).
 */
#include "engine-int.h"

/* Chat is refused: write on the board. */
static int
board_may_post(struct engine_session *s, struct member *m)
{
	(void)s;
	(void)m;
	return (ENGINE_R_BOARD_ONLY);
}

const struct floor_ops floor_board_ops = {
	.floor = ENGINE_FLOOR_BOARD,
	.name = "board",
	.label = "a written board",
	.may_post = board_may_post,
	.may_speak = floor_may_speak_never,
};
