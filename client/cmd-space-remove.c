/*
 * cmd-space-remove.c: /space remove: a steward removes a member
 * (space_remove).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_remove_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_remove_entry = {
	"space remove", NULL, 2, 2,
	"SLUG USER",
	"Remove a member from a space.\n"
	"They lose access at once, and leave its live sessions. To leave "
	"yourself, use /space leave.",
	CMD_READY, cmd_space_remove_exec
};

/* Run /space remove. */
static enum cmd_retval
cmd_space_remove_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	return (cmdutil_space_user(c, MSG_SPACE_REMOVE, argv[1], argv[2], NULL,
	    0));
}
