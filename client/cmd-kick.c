/*
 * cmd-kick.c: /kick: remove a member from the session (session_control
 * remove).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_kick_exec(struct client *, int, char **);

const struct cmd_entry cmd_kick_entry = {
	"kick", NULL, 1, 1,
	"USER",
	"Remove USER from the session for good.\n"
	"They stay in the space. Facilitators of the session only.",
	CMD_READY, cmd_kick_exec
};

/* Run /kick. */
static enum cmd_retval
cmd_kick_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"remove";
	a.user = argv[1];
	return (cmdutil_control(c, &a));
}
