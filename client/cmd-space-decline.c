/*
 * cmd-space-decline.c: /space decline: a steward declines a request to join
 * (space_decline).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_decline_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_decline_entry = {
	"space decline", NULL, 2, 2,
	"SLUG USER",
	"Decline a request to join an affinity space.\n"
	"The space is hidden from the requester again.",
	CMD_READY, cmd_space_decline_exec
};

/* Run /space decline. */
static enum cmd_retval
cmd_space_decline_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	return (cmdutil_space_user(c, MSG_SPACE_DECLINE, argv[1], argv[2], NULL,
	    0));
}
