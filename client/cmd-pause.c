/*
 * cmd-pause.c: /pause: freeze the session's clocks (session_control pause).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_pause_exec(struct client *, int, char **);

const struct cmd_entry cmd_pause_entry = {
	"pause", NULL, 0, 0,
	"",
	"Pause every timer of the session.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_pause_exec
};

/* Run /pause. */
static enum cmd_retval
cmd_pause_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"pause";
	return (cmdutil_control(c, &a));
}
