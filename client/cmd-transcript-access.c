/*
 * cmd-transcript-access.c: /transcript access: the access log of a
 * space's transcripts, for its owners (transcript_access).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_access_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_access_entry = {
	"transcript access", NULL, 1, 2,
	"SLUG [BEFORE]",
	"Who among the mentors read which transcript, when.\n"
	"Owners only. Newest first; BEFORE is the number a previous page "
	"ended at.",
	CMD_READY, cmd_transcript_access_exec
};

/* Run /transcript access. */
static enum cmd_retval
cmd_transcript_access_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_ACCESS;
	m.u.tx_space_req.space = argv[1];
	if (argc > 2 && cmdutil_u64(argv[2], &m.u.tx_space_req.before) ==
	    -1) {
		cmd_error(c, "/transcript access: BEFORE is an entry's number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
