/*
 * cmd-space-invite.c: /space invite: make an invite code (space_invite).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_invite_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_invite_entry = {
	"space invite", NULL, 1, 6,
	"SLUG [ROLE] [-uses N] [-ttl DURATION] [-request]",
	"Make an invite code for a space.\n"
	"ROLE is member (default) or mentor. -uses: how many times it may "
	"be used (default 1); -ttl: how long it lasts (3600, 90m, 48h; "
	"default 7 days); -request: the code files a request to join "
	"(affinity spaces). The code is shown once.",
	CMD_READY, cmd_space_invite_exec
};

/* Run /space invite. */
static enum cmd_retval
cmd_space_invite_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = {
		{ "uses", 1 }, { "ttl", 1 }, { "request", 0 }
	};
	struct cmd_args			a;
	struct proto_msg		m;

	if (cmdutil_args(c, argc, argv, opts, 3, 1, 2, &a) == -1)
		return (CMD_ERROR);
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_INVITE;
	m.u.space_invite.space = a.pos[0];
	m.u.space_invite.role = a.npos > 1 ? a.pos[1] : NULL;
	if (a.val[0] != NULL && cmdutil_u32(a.val[0],
	    &m.u.space_invite.uses) == -1) {
		cmd_error(c, "/space invite: -uses takes a number");
		return (CMD_ERROR);
	}
	if (a.val[1] != NULL && cmdutil_duration(a.val[1],
	    &m.u.space_invite.ttl) == -1) {
		cmd_error(c, "/space invite: -ttl takes a duration, such as "
		    "3600, 90m or 48h");
		return (CMD_ERROR);
	}
	m.u.space_invite.request = a.val[2] != NULL;
	return (cmdutil_send(c, &m));
}
