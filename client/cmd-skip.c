/*
 * cmd-skip.c: /skip: end the current speaker's turn (session_control skip).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_skip_exec(struct client *, int, char **);

const struct cmd_entry cmd_skip_entry = {
	"skip", NULL, 0, 0,
	"",
	"End the current turn.\n"
	"The floor moves on. Facilitators of the session only.",
	CMD_READY, cmd_skip_exec
};

/* Run /skip. */
static enum cmd_retval
cmd_skip_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"skip";
	return (cmdutil_control(c, &a));
}
