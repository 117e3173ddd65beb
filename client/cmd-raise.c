/*
 * cmd-raise.c: /raise: raise your hand (session_act raise).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_raise_exec(struct client *, int, char **);

const struct cmd_entry cmd_raise_entry = {
	"raise", NULL, 0, 0,
	"",
	"Raise your hand to ask for the floor.\n"
	"In queue and progressive phases the floor goes to raised hands "
	"in order; the status bar shows your place.",
	CMD_READY, cmd_raise_exec
};

/* Run /raise. */
static enum cmd_retval
cmd_raise_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "raise", NULL));
}
