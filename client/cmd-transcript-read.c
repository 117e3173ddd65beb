/*
 * cmd-transcript-read.c: /transcript read: a page of an ended session's
 * transcript, with its phase markers (transcript_read).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_read_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_read_entry = {
	"transcript read", NULL, 1, 3,
	"SESSION [AFTER [LIMIT]]",
	"Read an ended session's transcript, page by page.\n"
	"Entries in order from AFTER + 1 (default: the start), at most "
	"LIMIT (default 100, at most 200); the reply says where the next "
	"page starts. Under the Chatham House rule people are shown by "
	"pseudonyms. A mentor's read is written in the space's access log.",
	CMD_READY, cmd_transcript_read_exec
};

/* Run /transcript read. */
static enum cmd_retval
cmd_transcript_read_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_READ;
	if (cmdutil_u64(argv[1], &m.u.tx_read.session) == -1 ||
	    (argc > 2 && cmdutil_u64(argv[2], &m.u.tx_read.after) == -1) ||
	    (argc > 3 && cmdutil_u32(argv[3], &m.u.tx_read.limit) == -1)) {
		cmd_error(c, "/transcript read: SESSION, AFTER and LIMIT are "
		    "numbers");
		return (CMD_ERROR);
	}
	export_note_session(c, m.u.tx_read.session);
	return (cmdutil_send(c, &m));
}
