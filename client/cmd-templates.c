/*
 * cmd-templates.c: /templates: list the protocol templates (template_list).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_templates_exec(struct client *, int, char **);

const struct cmd_entry cmd_templates_entry = {
	"templates", NULL, 0, 0,
	"",
	"List the protocol templates sessions can run.",
	CMD_READY, cmd_templates_exec
};

/* Run /templates. */
static enum cmd_retval
cmd_templates_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	(void)argv;
	memset(&m, 0, sizeof m);
	m.type = MSG_TEMPLATE_LIST;
	return (cmdutil_send(c, &m));
}
