/*
 * cmd-space-requests.c: /space requests: list pending requests to join
 * (space_requests).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_requests_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_requests_entry = {
	"space requests", NULL, 1, 2,
	"SLUG [AFTER]",
	"List pending requests to join an affinity space.",
	CMD_READY, cmd_space_requests_exec
};

/* Run /space requests. */
static enum cmd_retval
cmd_space_requests_exec(struct client *c, int argc, char **argv)
{
	return (cmdutil_space_page(c, MSG_SPACE_REQUESTS, argv[1], argc > 2 ?
	    argv[2] : NULL));
}
