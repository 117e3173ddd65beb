/*
 * cmd-move.c: /move: move someone between fishbowl circles (session_control
 * move).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_move_exec(struct client *, int, char **);

const struct cmd_entry cmd_move_entry = {
	"move", NULL, 2, 2,
	"USER in|out",
	"Move USER in or out of the inner circle.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_move_exec
};

/* Run /move. */
static enum cmd_retval
cmd_move_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"move";
	a.user = argv[1];
	if (strcmp(argv[2], "in") == 0)
		a.inner = 1;
	else if (strcmp(argv[2], "out") != 0) {
		cmd_error(c, "/move: say in or out");
		return (CMD_ERROR);
	}
	return (cmdutil_control(c, &a));
}
