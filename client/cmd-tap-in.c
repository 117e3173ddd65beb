/*
 * cmd-tap-in.c: /tap-in: ask to join the fishbowl's inner circle
 * (session_act tap-in).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_tap_in_exec(struct client *, int, char **);

const struct cmd_entry cmd_tap_in_entry = {
	"tap-in", "tapin", 0, 0,
	"",
	"Ask to move into the inner circle.\n"
	"Fishbowl phases: the outer circle listens; tapping in asks for a "
	"seat inside.",
	CMD_READY, cmd_tap_in_exec
};

/* Run /tap-in. */
static enum cmd_retval
cmd_tap_in_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "tap-in", NULL));
}
