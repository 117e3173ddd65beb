/*
 * cmd-space-edit.c: /space edit: change one field of a space (space_update).
 */
#include <stddef.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"

static enum cmd_retval	cmd_space_edit_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_edit_entry = {
	"space edit", NULL, 2, 3,
	"SLUG FIELD [VALUE]",
	"Change a space's title, kind or texts.\n"
	"FIELD is title, kind, description or statement; VALUE is the "
	"rest of the line (write \\\\n for a new line). An empty VALUE "
	"clears the description or the statement. Owners only.",
	CMD_READY | CMD_RAWLAST, cmd_space_edit_exec
};

/* Run /space edit. */
static enum cmd_retval
cmd_space_edit_exec(struct client *c, int argc, char **argv)
{
	static const struct {
		const char	*field;
		size_t		 off;
		int		 clear;
	} fields[] = {
		{ "title", offsetof(struct msg_space_update, title), 0 },
		{ "kind", offsetof(struct msg_space_update, kind), 0 },
		{ "description", offsetof(struct msg_space_update, description),
		  1 },
		{ "statement", offsetof(struct msg_space_update, statement),
		  1 },
	};
	struct proto_msg	 m;
	char			*clear[1], *r, *o;
	size_t			 i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(fields[i].field, argv[2]) == 0)
			break;
	}
	if (i == sizeof fields / sizeof fields[0]) {
		cmd_error(c, "/space edit: no field '%s' (title, kind, "
		    "description, statement)", argv[2]);
		return (CMD_ERROR);
	}
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_UPDATE;
	m.u.space_update.space = argv[1];
	if (argc > 3 && *argv[3] != '\0') {
		/* The line is raw: \n stands for a new line, \\ for \. */
		for (r = o = argv[3]; *r != '\0'; r++) {
			if (r[0] == '\\' && (r[1] == 'n' || r[1] == '\\'))
				*o++ = *++r == 'n' ? '\n' : '\\';
			else
				*o++ = *r;
		}
		*o = '\0';
		*(char **)((char *)&m.u.space_update + fields[i].off) =
		    argv[3];
	}
	else if (fields[i].clear) {
		clear[0] = (char *)fields[i].field;
		m.u.space_update.clear = clear;
		m.u.space_update.nclear = 1;
	} else {
		cmd_error(c, "/space edit: %s cannot be empty", argv[2]);
		return (CMD_ERROR);
	}
	return (cmdutil_send(c, &m));
}
