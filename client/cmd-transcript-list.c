/*
 * cmd-transcript-list.c: /transcript list: a space's ended sessions,
 * whose transcripts the caller may read (transcript_list).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_list_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_list_entry = {
	"transcript list", "archives", 1, 2,
	"SLUG [BEFORE]",
	"List a space's ended sessions, newest first.\n"
	"Only those whose transcripts you may read: facilitators and "
	"mentors see every one; members, as the space's policy says. "
	"BEFORE is the session number a previous page ended at.",
	CMD_READY, cmd_transcript_list_exec
};

/* Run /transcript list. */
static enum cmd_retval
cmd_transcript_list_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_LIST;
	m.u.tx_space_req.space = argv[1];
	if (argc > 2 && cmdutil_u64(argv[2], &m.u.tx_space_req.before) ==
	    -1) {
		cmd_error(c, "/transcript list: BEFORE is a session number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
