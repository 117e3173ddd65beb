/*
 * cmd-post.c: /post: say something in the current session (session_post).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_post_exec(struct client *, int, char **);

const struct cmd_entry cmd_post_entry = {
	"post", "say", 1, 1,
	"TEXT",
	"Post TEXT to the current session.\n"
	"A line that does not start with / does the same. The session "
	"decides whether you may speak now; if not, it says why and the "
	"text is kept.",
	CMD_READY | CMD_RAWLAST, cmd_post_exec
};

/* Run /post. */
static enum cmd_retval
cmd_post_exec(struct client *c, int argc, char **argv)
{
	(void)argc;
	return (cmdutil_post(c, argv[1], strlen(argv[1]), 0, 0));
}
