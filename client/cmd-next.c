/*
 * cmd-next.c: /next: the next phase (session_control next).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_next_exec(struct client *, int, char **);

const struct cmd_entry cmd_next_entry = {
	"next", NULL, 0, 0,
	"",
	"Move on to the next phase.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_next_exec
};

/* Run /next. */
static enum cmd_retval
cmd_next_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"next";
	return (cmdutil_control(c, &a));
}
