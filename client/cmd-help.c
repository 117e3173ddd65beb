/*
 * cmd-help.c: /help [COMMAND], generated from the command table.
 */
#include <stddef.h>
#include <stdlib.h>

#include "client.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_help_exec(struct client *, int, char **);

const struct cmd_entry cmd_help_entry = {
	"help", "?", 0, 2, "[COMMAND]",
	"List the commands, or show one command in detail.\n"
	"COMMAND may be given with or without its '/'. A group (space, "
	"session) lists its commands; /help space join shows one of them.",
	0, cmd_help_exec
};

/* Show the help for every command, a group, or the one named. */
static enum cmd_retval
cmd_help_exec(struct client *c, int argc, char **argv)
{
	const struct cmd_entry	*ce = NULL;
	char			*name;

	if (argc > 2)
		xasprintf(&name, "%s %s", argv[1], argv[2]);
	else
		name = xstrdup(argc > 1 ? argv[1] : "");
	if (argc == 2 && cmd_find(name) == NULL && cmd_is_group(name)) {
		client_event(c, cmd_help_json_group(NULL, name[0] == '/' ?
		    name + 1 : name));
		free(name);
		return (CMD_DONE);
	}
	if (argc > 1 && (ce = cmd_find(name)) == NULL) {
		cmd_error(c, "no command /%s; /help lists them", name[0] ==
		    '/' ? name + 1 : name);
		free(name);
		return (CMD_ERROR);
	}
	free(name);
	client_event(c, cmd_help_json(ce));
	return (CMD_DONE);
}
