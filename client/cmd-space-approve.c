/*
 * cmd-space-approve.c: /space approve: a steward approves a request to join
 * (space_approve).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_approve_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_approve_entry = {
	"space approve", NULL, 2, 2,
	"SLUG USER",
	"Approve a request to join an affinity space.\n"
	"The requester becomes a member (a mentor, if their code was for "
	"mentors). /space requests lists the pending requests.",
	CMD_READY, cmd_space_approve_exec
};

/* Run /space approve. */
static enum cmd_retval
cmd_space_approve_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	return (cmdutil_space_user(c, MSG_SPACE_APPROVE, argv[1], argv[2], NULL,
	    0));
}
