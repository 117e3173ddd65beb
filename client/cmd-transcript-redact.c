/*
 * cmd-transcript-redact.c: /transcript redact: remove the words of a
 * post, card or note, leaving a tombstone (transcript_redact).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_redact_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_redact_entry = {
	"transcript redact", NULL, 2, 2,
	"SESSION SEQ",
	"Strike your words from the record.\n"
	"Removes the text of entry SEQ (a post, a board card or a note) "
	"from the transcript and the search index for good; a tombstone "
	"says who redacted it and when. Members redact their own words, "
	"facilitators anyone's, in a live session or an ended one.",
	CMD_READY, cmd_transcript_redact_exec
};

/* Run /transcript redact. */
static enum cmd_retval
cmd_transcript_redact_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_REDACT;
	if (cmdutil_u64(argv[1], &m.u.tx_ref.session) == -1 ||
	    cmdutil_u64(argv[2], &m.u.tx_ref.seq) == -1) {
		cmd_error(c, "/transcript redact: SESSION and SEQ are numbers");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
