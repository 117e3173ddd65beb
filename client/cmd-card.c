/*
 * cmd-card.c: /card: write a card on the written board (session_post board).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_card_exec(struct client *, int, char **);

const struct cmd_entry cmd_card_entry = {
	"card", NULL, 1, 1,
	"TEXT",
	"Write a card on the session's board.\n"
	"In board phases everyone writes cards and replies instead of "
	"talking.",
	CMD_READY | CMD_RAWLAST, cmd_card_exec
};

/* Run /card. */
static enum cmd_retval
cmd_card_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	return (cmdutil_post(c, argv[1], strlen(argv[1]), 1, 0));
}
