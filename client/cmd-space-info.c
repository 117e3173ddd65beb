/*
 * cmd-space-info.c: /space info: show one space (space_info).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_info_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_info_entry = {
	"space info", NULL, 1, 1,
	"SLUG",
	"Show a space: its texts, members and your role.",
	CMD_READY, cmd_space_info_exec
};

/* Run /space info. */
static enum cmd_retval
cmd_space_info_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_INFO;
	m.u.space_ref.space = argv[1];
	return (cmdutil_send(c, &m));
}
