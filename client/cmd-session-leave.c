/*
 * cmd-session-leave.c: /session leave: leave a session (session_leave).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_session_leave_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_leave_entry = {
	"session leave", "part", 0, 1,
	"[N]",
	"Leave a session (the current window's, or N).\n"
	"If you hold the floor, your turn ends. You can rejoin while it "
	"runs.",
	CMD_READY, cmd_session_leave_exec
};

/* Run /session leave. */
static enum cmd_retval
cmd_session_leave_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_LEAVE;
	if (cmdutil_session(c, argc > 1 ? argv[1] : NULL,
	    &m.u.session_ref.session) == -1)
		return (CMD_ERROR);
	return (cmdutil_send(c, &m));
}
