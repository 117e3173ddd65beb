/*
 * cmd-pass.c: /pass: pass your turn (session_act pass).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_pass_exec(struct client *, int, char **);

const struct cmd_entry cmd_pass_entry = {
	"pass", NULL, 0, 0,
	"",
	"Pass your turn.\n"
	"Where the phase allows it, the floor moves on to the next "
	"member.",
	CMD_READY, cmd_pass_exec
};

/* Run /pass. */
static enum cmd_retval
cmd_pass_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "pass", NULL));
}
