/*
 * cmd-session-info.c: /session info: show one session (session_info).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_session_info_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_info_entry = {
	"session info", NULL, 0, 1,
	"[N]",
	"Show a session: its status, phase and who is in it.\n"
	"N is the session's number; without it, the current window's "
	"session.",
	CMD_READY, cmd_session_info_exec
};

/* Run /session info. */
static enum cmd_retval
cmd_session_info_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_INFO;
	if (cmdutil_session(c, argc > 1 ? argv[1] : NULL,
	    &m.u.session_ref.session) == -1)
		return (CMD_ERROR);
	return (cmdutil_send(c, &m));
}
