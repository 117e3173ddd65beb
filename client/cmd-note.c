/*
 * cmd-note.c: /note: a facilitator note (session_control note).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_note_exec(struct client *, int, char **);

const struct cmd_entry cmd_note_entry = {
	"note", NULL, 1, 1,
	"TEXT",
	"Write a facilitator note, allowed in any phase.\n"
	"Notes stand apart from posts on everyone's screen. Facilitators "
	"of the session only.",
	CMD_READY | CMD_RAWLAST, cmd_note_exec
};

/* Run /note. */
static enum cmd_retval
cmd_note_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"note";
	a.text = argv[1];
	return (cmdutil_control(c, &a));
}
