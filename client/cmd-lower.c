/*
 * cmd-lower.c: /lower: lower a hand (session_act lower).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_lower_exec(struct client *, int, char **);

const struct cmd_entry cmd_lower_entry = {
	"lower", NULL, 0, 1,
	"[USER]",
	"Lower your hand, or (facilitators) USER's.",
	CMD_READY, cmd_lower_exec
};

/* Run /lower. */
static enum cmd_retval
cmd_lower_exec(struct client *c, int argc, char **argv)
{
	return (cmdutil_act(c, "lower", argc > 1 ? argv[1] : NULL));
}
