/*
 * cmd-session-stats.c: /session stats: participation figures
 * (session_stats).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_session_stats_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_stats_entry = {
	"session stats", "stats", 0, 1,
	"[N]",
	"Show who has spoken how much, and who not yet.\n"
	"Turns, posts, words, passes, hands and time holding the floor "
	"per member, and the members not heard yet. Facilitators and "
	"stewards see everyone; others see their own row.",
	CMD_READY, cmd_session_stats_exec
};

/* Run /session stats. */
static enum cmd_retval
cmd_session_stats_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_STATS;
	if (cmdutil_session(c, argc > 1 ? argv[1] : NULL,
	    &m.u.session_ref.session) == -1)
		return (CMD_ERROR);
	return (cmdutil_send(c, &m));
}
