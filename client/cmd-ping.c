/*
 * cmd-ping.c: /ping, measure the round trip to the server.
 */
#include <string.h>

#include "client.h"

static enum cmd_retval	cmd_ping_exec(struct client *, int, char **);

const struct cmd_entry cmd_ping_entry = {
	"ping", NULL, 0, 0, "",
	"Ping the server and show the round-trip time.\n"
	"The server answers with a pong carrying the same nonce.",
	CMD_READY, cmd_ping_exec
};

/* Send a ping with a random nonce; the pong is the reply. */
static enum cmd_retval
cmd_ping_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;
	char			err[256];

	(void)argc;
	(void)argv;
	memset(&m, 0, sizeof m);
	m.type = MSG_PING;
	m.u.ping.nonce = client_nonce();
	if (client_send(c, &m, err, sizeof err) == -1) {
		cmd_error(c, "/ping: %s", err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}
