/*
 * cmd-space-archive.c: /space archive: make a space read-only
 * (space_archive).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_archive_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_archive_entry = {
	"space archive", NULL, 1, 1,
	"SLUG",
	"Archive a space: it becomes read-only.\n"
	"Members can still read it and leave it. /space restore undoes "
	"it. Owners and server administrators only.",
	CMD_READY, cmd_space_archive_exec
};

/* Run /space archive. */
static enum cmd_retval
cmd_space_archive_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_ARCHIVE;
	m.u.space_ref.space = argv[1];
	return (cmdutil_send(c, &m));
}
