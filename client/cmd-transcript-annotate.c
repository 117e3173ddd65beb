/*
 * cmd-transcript-annotate.c: /transcript annotate: a mentor's note on an
 * entry or a span of entries (transcript_annotate).
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_transcript_annotate_exec(struct client *, int,
			    char **);

const struct cmd_entry cmd_transcript_annotate_entry = {
	"transcript annotate", NULL, 3, 3,
	"SESSION SEQ[-SEQ] TEXT",
	"Attach a note to an entry, or to a span of entries.\n"
	"Mentors only. SEQ is an entry's number in the transcript; FROM-TO "
	"notes a span. The space's facilitators and mentors see notes, and "
	"its members too if its policy says so.",
	CMD_READY | CMD_RAWLAST, cmd_transcript_annotate_exec
};

/* Run /transcript annotate. */
static enum cmd_retval
cmd_transcript_annotate_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	 m;
	char			*span, *dash;
	int			 bad;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_TRANSCRIPT_ANNOTATE;
	span = xstrdup(argv[2]);
	if ((dash = strchr(span, '-')) != NULL)
		*dash++ = '\0';
	bad = cmdutil_u64(argv[1], &m.u.tx_annotate.session) == -1 ||
	    cmdutil_u64(span, &m.u.tx_annotate.from) == -1 ||
	    (dash != NULL && cmdutil_u64(dash, &m.u.tx_annotate.to) == -1);
	free(span);
	if (bad) {
		cmd_error(c, "/transcript annotate: SESSION is a number, and "
		    "SEQ a number or FROM-TO");
		return (CMD_ERROR);
	}
	m.u.tx_annotate.text = argv[3];
	export_note_session(c, m.u.tx_annotate.session);
	return (cmdutil_send(c, &m));
}
