/*
 * cmd-space-list.c: /space list: list discoverable spaces (space_list).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_list_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_list_entry = {
	"space list", NULL, 0, 1,
	"[AFTER]",
	"List the spaces anyone may see and join or ask to.\n"
	"Open and invite spaces that are not archived, by slug. AFTER is "
	"the slug a previous page ended at.",
	CMD_READY, cmd_space_list_exec
};

/* Run /space list. */
static enum cmd_retval
cmd_space_list_exec(struct client *c, int argc, char **argv)
{
	return (cmdutil_space_page(c, MSG_SPACE_LIST, NULL, argc > 1 ? argv[1] :
	    NULL));
}
