/*
 * cmd-template.c: /template: show one protocol template (template_info).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_template_exec(struct client *, int, char **);

const struct cmd_entry cmd_template_entry = {
	"template", NULL, 1, 1,
	"NAME",
	"Show a protocol template phase by phase.",
	CMD_READY, cmd_template_exec
};

/* Run /template. */
static enum cmd_retval
cmd_template_exec(struct client *c, int argc, char **argv)
{
	struct proto_msg	m;

	(void)argc;
	memset(&m, 0, sizeof m);
	m.type = MSG_TEMPLATE_INFO;
	m.u.template_ref.name = argv[1];
	return (cmdutil_send(c, &m));
}
