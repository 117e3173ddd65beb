/*
 * cmd-space-join.c: /space join: join a space by name or code (space_join).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_join_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_join_entry = {
	"space join", NULL, 1, 2,
	"SLUG|CODE [SLUG]",
	"Join an open space, or a space with a code.\n"
	"A word shaped like an invite code (four groups of five, as in "
	"k7mqz-2xh4p-tw9cd-r3vne) is sent as a code; case, dashes and "
	"spaces do not matter. With a code, SLUG may name the space too.",
	CMD_READY, cmd_space_join_exec
};

/* Run /space join. */
static enum cmd_retval
cmd_space_join_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_JOIN;
	if (cmdutil_is_code(argv[1])) {
		m.u.space_join.code = argv[1];
		m.u.space_join.space = argc > 2 ? argv[2] : NULL;
	} else if (argc > 2) {
		cmd_error(c, "/space join: '%s' is not an invite code",
		    argv[1]);
		return (CMD_ERROR);
	} else
		m.u.space_join.space = argv[1];
	return (cmdutil_send(c, &m));
}
