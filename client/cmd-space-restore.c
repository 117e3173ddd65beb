/*
 * cmd-space-restore.c: /space restore: undo /space archive (space_archive
 * with restore).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_restore_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_restore_entry = {
	"space restore", NULL, 1, 1,
	"SLUG",
	"Restore an archived space.",
	CMD_READY, cmd_space_restore_exec
};

/* Run /space restore. */
static enum cmd_retval
cmd_space_restore_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_ARCHIVE;
	m.u.space_ref.space = argv[1];
	m.u.space_ref.restore = 1;
	return (cmdutil_send(c, &m));
}
