/*
 * cmd-reply.c: /reply: reply to a card on the board (session_post board,
 * parent).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_reply_exec(struct client *, int, char **);

const struct cmd_entry cmd_reply_entry = {
	"reply", NULL, 2, 2,
	"CARD TEXT",
	"Reply on the board to card number CARD.",
	CMD_READY | CMD_RAWLAST, cmd_reply_exec
};

/* Run /reply. */
static enum cmd_retval
cmd_reply_exec(struct client *c, int argc, char **argv)
{
	uint32_t	parent;

	(void)argc;
	if (cmdutil_u32(argv[1], &parent) == -1 || parent == 0) {
		cmd_error(c, "/reply: CARD is a card's number");
		return (CMD_ERROR);
	}
	return (cmdutil_post(c, argv[2], strlen(argv[2]), 1, parent));
}
