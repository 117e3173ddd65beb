/*
 * cmd-tap-out.c: /tap-out: leave the fishbowl's inner circle (session_act
 * tap-out).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_tap_out_exec(struct client *, int, char **);

const struct cmd_entry cmd_tap_out_entry = {
	"tap-out", "tapout", 0, 0,
	"",
	"Leave the inner circle.\n"
	"Fishbowl phases: go back to the outer circle.",
	CMD_READY, cmd_tap_out_exec
};

/* Run /tap-out. */
static enum cmd_retval
cmd_tap_out_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "tap-out", NULL));
}
