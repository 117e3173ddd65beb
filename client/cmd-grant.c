/*
 * cmd-grant.c: /grant: give someone the floor (session_control grant).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_grant_exec(struct client *, int, char **);

const struct cmd_entry cmd_grant_entry = {
	"grant", NULL, 1, 1,
	"USER",
	"Give USER the floor.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_grant_exec
};

/* Run /grant. */
static enum cmd_retval
cmd_grant_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"grant";
	a.user = argv[1];
	return (cmdutil_control(c, &a));
}
