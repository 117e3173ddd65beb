/*
 * cmd-space-leave.c: /space leave: leave a space (space_leave).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_leave_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_leave_entry = {
	"space leave", NULL, 1, 1,
	"SLUG",
	"Leave a space, or withdraw your request to join it.\n"
	"You leave its live sessions too. The last owner cannot leave.",
	CMD_READY, cmd_space_leave_exec
};

/* Run /space leave. */
static enum cmd_retval
cmd_space_leave_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_LEAVE;
	m.u.space_ref.space = argv[1];
	return (cmdutil_send(c, &m));
}
