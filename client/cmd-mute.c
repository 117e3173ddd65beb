/*
 * cmd-mute.c: /mute: mute a member (session_control mute).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_mute_exec(struct client *, int, char **);

const struct cmd_entry cmd_mute_entry = {
	"mute", NULL, 1, 1,
	"USER",
	"Mute USER in this session.\n"
	"Facilitators of the session only.",
	CMD_READY, cmd_mute_exec
};

/* Run /mute. */
static enum cmd_retval
cmd_mute_exec(struct client *c, int argc, char **argv)
{
	struct msg_session_act	a;

	(void)argc;
	memset(&a, 0, sizeof a);
	a.action = (char *)"mute";
	a.user = argv[1];
	return (cmdutil_control(c, &a));
}
