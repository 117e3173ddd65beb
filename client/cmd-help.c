/*
 * cmd-help.c: /help [COMMAND], generated from the command table.
 */
#include <stddef.h>

#include "client.h"

static enum cmd_retval	cmd_help_exec(struct client *, int, char **);

const struct cmd_entry cmd_help_entry = {
	"help", "?", 0, 1, "[COMMAND]",
	"List the commands, or show one command in detail.\n"
	"COMMAND may be given with or without its '/'.",
	0, cmd_help_exec
};

/* Show the help for every command, or for the one named. */
static enum cmd_retval
cmd_help_exec(struct client *c, int argc, char **argv)
{
	const struct cmd_entry	*ce = NULL;

	if (argc > 1 && (ce = cmd_find(argv[1])) == NULL) {
		cmd_error(c, "no command /%s; /help lists them", argv[1][0] ==
		    '/' ? argv[1] + 1 : argv[1]);
		return (CMD_ERROR);
	}
	client_event(c, cmd_help_json(ce));
	return (CMD_DONE);
}
