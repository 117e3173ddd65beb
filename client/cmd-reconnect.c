/*
 * cmd-reconnect.c: /reconnect, try the lost connection again now instead
 * of when the backoff says (line mode and the full-screen interface, where
 * Ctrl-R does the same).
 */
#include <stddef.h>

#include "client.h"

static enum cmd_retval	cmd_reconnect_exec(struct client *, int, char **);

const struct cmd_entry cmd_reconnect_entry = {
	"reconnect", NULL, 0, 0, "",
	"Reconnect now, without waiting for the next try.\n"
	"While the connection is lost the client (in line mode and the "
	"full-screen interface) tries again by itself, waiting longer each "
	"time (up to a minute); this tries at once. In the full-screen "
	"interface Ctrl-R does the same.",
	0, cmd_reconnect_exec
};

/* Try at once, if a try is waiting. */
static enum cmd_retval
cmd_reconnect_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!c->retrying || c->state != CS_IDLE) {
		cmd_error(c, "/reconnect: %s", c->state == CS_READY ?
		    "already connected" : "no reconnect is waiting");
		return (CMD_ERROR);
	}
	client_reconnect_now(c);
	return (CMD_DONE);
}
