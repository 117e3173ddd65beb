/*
 * cmd-start.c: /start: start the session (session_control start).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_start_exec(struct client *, int, char **);

const struct cmd_entry cmd_start_entry = {
	"start", NULL, 0, 0,
	"",
	"Start the session's first phase.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_start_exec
};

/* Run /start. */
static enum cmd_retval
cmd_start_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"start";
	return (cmdutil_control(c, &a));
}
