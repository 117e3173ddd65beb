/*
 * cmd-transcript-report.c: /transcript report: the participation report
 * of an ended session (transcript_report).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_report_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_report_entry = {
	"transcript report", NULL, 1, 2,
	"SESSION [PHASE]",
	"Show who took part how much in an ended session.\n"
	"Per person: turns, posts, words, time holding the floor, passes "
	"and refused attempts, and shares against an equal share; the Gini "
	"coefficient of floor time and of words; a line per phase. With "
	"PHASE, each person's figures in that phase. Members see their own "
	"row; facilitators and mentors everyone's.",
	CMD_READY, cmd_transcript_report_exec
};

/* Run /transcript report. */
static enum cmd_retval
cmd_transcript_report_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_REPORT;
	if (cmdutil_u64(argv[1], &m.u.tx_report_req.session) == -1 ||
	    (argc > 2 && cmdutil_u32(argv[2], &m.u.tx_report_req.phase) ==
	    -1)) {
		cmd_error(c, "/transcript report: SESSION and PHASE are "
		    "numbers");
		return (CMD_ERROR);
	}
	export_note_session(c, m.u.tx_report_req.session);
	return (cmdutil_send(c, &m));
}
