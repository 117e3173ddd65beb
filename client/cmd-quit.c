/*
 * cmd-quit.c: /quit [REASON], say bye to the server and exit.
 */
#include <stddef.h>

#include "client.h"

static enum cmd_retval	cmd_quit_exec(struct client *, int, char **);

const struct cmd_entry cmd_quit_entry = {
	"quit", "exit", 0, 1, "[REASON]",
	"Say bye to the server and exit.\n"
	"REASON, the rest of the line, is sent with the bye.",
	CMD_RAWLAST, cmd_quit_exec
};

/* Send bye with the reason given, and end the session. */
static enum cmd_retval
cmd_quit_exec(struct client *c, int argc, char **argv)
{
	client_quit(c, argc > 1 ? argv[1] : "quit");
	return (CMD_DONE);
}
