/*
 * cmd-shorten.c: /shorten: take time off the phase or turn (session_control
 * shorten).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_shorten_exec(struct client *, int, char **);

const struct cmd_entry cmd_shorten_entry = {
	"shorten", NULL, 1, 2,
	"DURATION [-turn]",
	"Take time off the phase or turn.\n"
	"DURATION is seconds or, say, 2m or 1m30s; with -turn the current "
	"turn changes, otherwise the phase. Facilitators of the session "
	"only.",
	CMD_READY, cmd_shorten_exec
};

/* Run /shorten. */
static enum cmd_retval
cmd_shorten_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = { { "turn", 0 } };
	struct msg_session_act		a;
	struct cmd_args			args;
	uint32_t			secs;

	if (cmdutil_args(c, argc, argv, opts, 1, 1, 1, &args) == -1)
		return (CMD_ERROR);
	if (cmdutil_duration(args.pos[0], &secs) == -1 || secs == 0 ||
	    secs > 86400) {
		cmd_error(c, "/shorten: DURATION is 1 second to 24 hours, such "
		    "as 30, 2m or 1m30s");
		return (CMD_ERROR);
	}
	memset(&a, 0, sizeof a);
	a.action = (char *)"shorten";
	a.seconds = secs;
	a.turn = args.val[0] != NULL;
	return (cmdutil_control(c, &a));
}
