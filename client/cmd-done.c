/*
 * cmd-done.c: /done: end your turn early (session_act done).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_done_exec(struct client *, int, char **);

const struct cmd_entry cmd_done_entry = {
	"done", NULL, 0, 0,
	"",
	"Yield the floor before your time is up.\n"
	"The next member's turn starts at once.",
	CMD_READY, cmd_done_exec
};

/* Run /done. */
static enum cmd_retval
cmd_done_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return (cmdutil_act(c, "done", NULL));
}
