/*
 * cmd-reorder.c: /reorder: move someone in the queue (session_control
 * reorder).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_reorder_exec(struct client *, int, char **);

const struct cmd_entry cmd_reorder_entry = {
	"reorder", NULL, 2, 2,
	"USER POSITION",
	"Move USER to POSITION in the queue or order.\n"
	"POSITION 1 is next. Facilitators of the session only.",
	CMD_READY, cmd_reorder_exec
};

/* Run /reorder. */
static enum cmd_retval
cmd_reorder_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"reorder";
	a.user = argv[1];
	if (cmdutil_u32(argv[2], &a.position) == -1 || a.position == 0) {
		cmd_error(c, "/reorder: POSITION is 1 or more");
		return (CMD_ERROR);
	}
	return (cmdutil_control(c, &a));
}
