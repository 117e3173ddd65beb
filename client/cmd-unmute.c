/*
 * cmd-unmute.c: /unmute: unmute a member (session_control unmute).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_unmute_exec(struct client *, int, char **);

const struct cmd_entry cmd_unmute_entry = {
	"unmute", NULL, 1, 1,
	"USER",
	"Let a muted USER speak again.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_unmute_exec
};

/* Run /unmute. */
static enum cmd_retval
cmd_unmute_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"unmute";
	a.user = argv[1];
	return (cmdutil_control(c, &a));
}
