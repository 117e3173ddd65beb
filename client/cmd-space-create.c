/*
 * cmd-space-create.c: /space create: create a space (space_create).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_create_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_create_entry = {
	"space create", NULL, 3, 3,
	"SLUG KIND TITLE",
	"Create a space.\n"
	"SLUG is its name on the wire (2 to 32 of a-z, 0-9 and -, "
	"starting with a letter), KIND is open, invite or affinity, and "
	"TITLE is the rest of the line. You become its owner. /space edit "
	"sets the description and the membership statement.",
	CMD_READY | CMD_RAWLAST, cmd_space_create_exec
};

/* Run /space create. */
static enum cmd_retval
cmd_space_create_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_CREATE;
	m.u.space_create.slug = argv[1];
	m.u.space_create.kind = argv[2];
	m.u.space_create.title = argv[3];
	return (cmdutil_send(c, &m));
}
