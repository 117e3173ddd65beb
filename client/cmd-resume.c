/*
 * cmd-resume.c: /resume: thaw the session's clocks (session_control resume).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_resume_exec(struct client *, int, char **);

const struct cmd_entry cmd_resume_entry = {
	"resume", NULL, 0, 0,
	"",
	"Resume a paused session.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_resume_exec
};

/* Run /resume. */
static enum cmd_retval
cmd_resume_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	(void)argv;
	memset(&a, 0, sizeof a);
	a.action = (char *)"resume";
	return (cmdutil_control(c, &a));
}
