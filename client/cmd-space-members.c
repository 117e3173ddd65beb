/*
 * cmd-space-members.c: /space members: list a space's members
 * (space_members).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_members_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_members_entry = {
	"space members", NULL, 1, 2,
	"SLUG [AFTER]",
	"List a space's members with their roles.\n"
	"For members of the space (mentors and up). AFTER is the name a "
	"previous page ended at.",
	CMD_READY, cmd_space_members_exec
};

/* Run /space members. */
static enum cmd_retval
cmd_space_members_exec(struct client *c, int argc, char **argv)
{
	return (cmdutil_space_page(c, MSG_SPACE_MEMBERS, argv[1], argc > 2 ?
	    argv[2] : NULL));
}
