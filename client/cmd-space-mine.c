/*
 * cmd-space-mine.c: /space mine: list the spaces you belong to (space_mine).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_mine_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_mine_entry = {
	"space mine", NULL, 0, 1,
	"[AFTER]",
	"List your spaces and your pending requests.",
	CMD_READY, cmd_space_mine_exec
};

/* Run /space mine. */
static enum cmd_retval
cmd_space_mine_exec(struct client *c, int argc, char **argv)
{
	return (cmdutil_space_page(c, MSG_SPACE_MINE, NULL, argc > 1 ? argv[1] :
	    NULL));
}
