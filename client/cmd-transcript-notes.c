/*
 * cmd-transcript-notes.c: /transcript notes: mentors' notes on a
 * transcript (transcript_annotations), and deleting one
 * (transcript_unannotate).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_transcript_notes_exec(struct client *, int,
			    char **);

static const struct cmd_opt cmd_transcript_notes_opts[] = {
	{ "delete", 1 },
};

const struct cmd_entry cmd_transcript_notes_entry = {
	"transcript notes", NULL, 1, 3,
	"SESSION [AFTER] [-delete NOTE]",
	"List mentors' notes on a transcript, or delete one.\n"
	"Notes come oldest first from after note number AFTER. -delete "
	"removes a note: its author's, or any for the space's owners.",
	CMD_READY, cmd_transcript_notes_exec
};

/* Run /transcript notes. */
static enum cmd_retval
cmd_transcript_notes_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;
	struct cmd_args		a;
	uint64_t		session;

	if (cmdutil_args(c, argc, argv, cmd_transcript_notes_opts, 1, 1, 2,
	    &a) == -1)
		return (CMD_ERROR);
	memset(&m, 0, sizeof m);
	if (cmdutil_u64(a.pos[0], &session) == -1) {
		cmd_error(c, "/transcript notes: SESSION is a number");
		return (CMD_ERROR);
	}
	export_note_session(c, session);
	if (a.val[0] != NULL) {
		m.type = MSG_TRANSCRIPT_UNANNOTATE;
		m.u.tx_ref.session = session;
		if (cmdutil_u64(a.val[0], &m.u.tx_ref.note) == -1) {
			cmd_error(c, "/transcript notes: NOTE is a number");
			return (CMD_ERROR);
		}
		return (cmdutil_send(c, &m));
	}
	m.type = MSG_TRANSCRIPT_ANNOTATIONS;
	m.u.tx_annotations.session = session;
	if (a.npos > 1 && cmdutil_u64(a.pos[1],
	    &m.u.tx_annotations.after) == -1) {
		cmd_error(c, "/transcript notes: AFTER is a note's number");
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
