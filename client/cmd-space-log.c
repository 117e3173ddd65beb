/*
 * cmd-space-log.c: /space log: read the membership record (space_log).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_log_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_log_entry = {
	"space log", NULL, 1, 2,
	"SLUG [BEFORE]",
	"Read a space's membership record, newest first.\n"
	"Who joined, left, was added, removed, given a role, invited. "
	"Owners only. BEFORE is the number a previous page ended at.",
	CMD_READY, cmd_space_log_exec
};

/* Run /space log. */
static enum cmd_retval
cmd_space_log_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_LOG;
	m.u.space_seq_req.space = argv[1];
	if (argc > 2 && cmdutil_u64(argv[2], &m.u.space_seq_req.cursor) ==
	    -1) {
		cmd_error(c, "/space log: BEFORE is an entry's number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
