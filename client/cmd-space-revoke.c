/*
 * cmd-space-revoke.c: /space revoke: revoke an invite code (space_revoke).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_revoke_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_revoke_entry = {
	"space revoke", NULL, 2, 2,
	"SLUG NUMBER",
	"Revoke an invite code by its number.\n"
	"Members who joined with it stay. /space invites lists the "
	"numbers.",
	CMD_READY, cmd_space_revoke_exec
};

/* Run /space revoke. */
static enum cmd_retval
cmd_space_revoke_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_REVOKE;
	m.u.space_revoke.space = argv[1];
	if (cmdutil_u64(argv[2], &m.u.space_revoke.invite) == -1) {
		cmd_error(c, "/space revoke: NUMBER is a code's number, as "
		    "/space invites shows");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
