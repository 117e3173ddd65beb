/*
 * cmd-prev.c: /prev: the previous phase (session_control previous).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_prev_exec(struct client *, int, char **);

const struct cmd_entry cmd_prev_entry = {
	"prev", "previous", 0, 0,
	"",
	"Go back to the previous phase.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_prev_exec
};

/* Run /prev. */
static enum cmd_retval
cmd_prev_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"previous";
	return (cmdutil_control(c, &a));
}
