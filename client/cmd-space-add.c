/*
 * cmd-space-add.c: /space add: a steward adds an account to a space
 * (space_add).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_add_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_add_entry = {
	"space add", NULL, 2, 4,
	"SLUG USER [ROLE] [-mentor]",
	"Add an account to a space as a member.\n"
	"ROLE is member (the default), mentor, facilitator or owner; "
	"-mentor also lets them review transcripts. Stewards only (owners "
	"and facilitators); facilitators add members and mentors only.",
	CMD_READY, cmd_space_add_exec
};

/* Run /space add. */
static enum cmd_retval
cmd_space_add_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = { { "mentor", 0 } };
	struct cmd_args			a;

	if (cmdutil_args(c, argc, argv, opts, 1, 2, 3, &a) == -1)
		return (CMD_ERROR);
	return (cmdutil_space_user(c, MSG_SPACE_ADD, a.pos[0], a.pos[1],
	    a.npos > 2 ? a.pos[2] : NULL, a.val[0] != NULL));
}
