/*
 * cmd-end.c: /end: end the session (session_control end).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_end_exec(struct client *, int, char **);

const struct cmd_entry cmd_end_entry = {
	"end", NULL, 0, 0,
	"",
	"End the session for everyone.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_end_exec
};

/* Run /end. */
static enum cmd_retval
cmd_end_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"end";
	return (cmdutil_control(c, &a));
}
