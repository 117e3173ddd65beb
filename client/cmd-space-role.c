/*
 * cmd-space-role.c: /space role: change a member's role (space_set_role).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_role_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_role_entry = {
	"space role", NULL, 3, 4,
	"SLUG USER ROLE [-mentor]",
	"Change a member's role in a space.\n"
	"ROLE is mentor, member, facilitator or owner; -mentor also lets "
	"them review transcripts. A space always keeps an owner.",
	CMD_READY, cmd_space_role_exec
};

/* Run /space role. */
static enum cmd_retval
cmd_space_role_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = { { "mentor", 0 } };
	struct cmd_args			a;

	if (cmdutil_args(c, argc, argv, opts, 1, 3, 3, &a) == -1)
		return (CMD_ERROR);
	return (cmdutil_space_user(c, MSG_SPACE_SET_ROLE, a.pos[0], a.pos[1],
	    a.pos[2], a.val[0] != NULL));
}
