/*
 * cmd-ack.c: /ack: accept the session's norms (session_act ack).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_ack_exec(struct client *, int, char **);

const struct cmd_entry cmd_ack_entry = {
	"ack", NULL, 0, 0,
	"",
	"Accept the session's norms.\n"
	"Every member accepts them once before speaking; the norms are "
	"shown when you join.",
	CMD_READY, cmd_ack_exec
};

/* Run /ack. */
static enum cmd_retval
cmd_ack_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "ack", NULL));
}
