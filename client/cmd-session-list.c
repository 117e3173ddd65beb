/*
 * cmd-session-list.c: /session list: list a space's sessions (session_list).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_session_list_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_list_entry = {
	"session list", NULL, 1, 2,
	"SPACE [AFTER]",
	"List a space's sessions, newest first.\n"
	"AFTER is the number a previous page ended at.",
	CMD_READY, cmd_session_list_exec
};

/* Run /session list. */
static enum cmd_retval
cmd_session_list_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_LIST;
	m.u.session_ref.space = argv[1];
	if (argc > 2 && cmdutil_u64(argv[2], &m.u.session_ref.after) == -1) {
		cmd_error(c, "/session list: AFTER is a session's number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
