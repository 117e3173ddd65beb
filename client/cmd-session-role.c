/*
 * cmd-session-role.c: /session role: set a member's session role
 * (session_control role).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_session_role_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_role_entry = {
	"session role", NULL, 2, 2,
	"USER ROLE",
	"Give a member a role in the session.\n"
	"ROLE is facilitator, participant, presenter or observer.",
	CMD_READY, cmd_session_role_exec
};

/* Run /session role. */
static enum cmd_retval
cmd_session_role_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"role";
	a.user = argv[1];
	a.role = argv[2];
	return (cmdutil_control(c, &a));
}
