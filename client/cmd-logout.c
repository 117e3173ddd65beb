/*
 * cmd-logout.c: /logout [all], revoke the resume token and leave.
 */
#include <string.h>
#include <strings.h>

#include "client.h"

static enum cmd_retval	cmd_logout_exec(struct client *, int, char **);

const struct cmd_entry cmd_logout_entry = {
	"logout", NULL, 0, 1, "[all]",
	"Log out, revoking this session's resume token.\n"
	"The server replies, then closes the connection. With 'all', every "
	"resume token of the account is revoked, so that no other client can "
	"resume with one either.",
	CMD_READY, cmd_logout_exec
};

/* Send logout; the server replies ok, then says bye. */
static enum cmd_retval
cmd_logout_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;
	char			err[256];

	memset(&m, 0, sizeof m);
	m.type = MSG_LOGOUT;
	if (argc > 1) {
		if (strcasecmp(argv[1], "all") != 0) {
			cmd_error(c, "usage: /logout [all]");
			return (CMD_ERROR);
		}
		m.u.logout.all = true;
	}
	if (client_send(c, &m, err, sizeof err) == -1) {
		cmd_error(c, "/logout: %s", err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}
