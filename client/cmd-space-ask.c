/*
 * cmd-space-ask.c: /space ask: ask to join an affinity space
 * (space_request).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_ask_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_ask_entry = {
	"space ask", NULL, 1, 2,
	"SLUG|CODE [MESSAGE]",
	"Ask to join an affinity space.\n"
	"Name the space where affinity spaces are discoverable, or give "
	"the request code a steward sent you. MESSAGE (the rest of the "
	"line) tells the stewards who you are and why you ask.",
	CMD_READY | CMD_RAWLAST, cmd_space_ask_exec
};

/* Run /space ask. */
static enum cmd_retval
cmd_space_ask_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_REQUEST;
	if (cmdutil_is_code(argv[1]))
		m.u.space_join.code = argv[1];
	else
		m.u.space_join.space = argv[1];
	m.u.space_join.message = argc > 2 ? argv[2] : NULL;
	return (cmdutil_send(c, &m));
}
