/*
 * cmd-space-invites.c: /space invites: list a space's invite codes
 * (space_invites).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_invites_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_invites_entry = {
	"space invites", NULL, 1, 2,
	"SLUG [AFTER]",
	"List a space's invite codes by number.\n"
	"The codes themselves are never shown again, only their number, "
	"role, state, uses and expiry. AFTER is the number a previous "
	"page ended at.",
	CMD_READY, cmd_space_invites_exec
};

/* Run /space invites. */
static enum cmd_retval
cmd_space_invites_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_INVITES;
	m.u.space_seq_req.space = argv[1];
	if (argc > 2 && cmdutil_u64(argv[2], &m.u.space_seq_req.cursor) ==
	    -1) {
		cmd_error(c, "/space invites: AFTER is a code's number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
