/*
 * cmd-space-create.c: /space create: create a space (space_create), with
 * every field the request has: slug, kind, title, and optionally the
 * description, the membership statement and (administrators) the owner.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_space_create_exec(struct client *, int, char **);

const struct cmd_entry cmd_space_create_entry = {
	"space create", NULL, 3, CMDLINE_ARGS_MAX - 1,
	"SLUG KIND TITLE... [-description TEXT] [-statement TEXT] "
	"[-owner USER]",
	"Create a space.\n"
	"SLUG is its name on the wire (2 to 32 of a-z, 0-9 and -, "
	"starting with a letter), KIND is open, invite or affinity, and "
	"TITLE is the remaining words (quote it to keep a word that "
	"begins with - or a run of spaces). -description: what the space "
	"is for; -statement: the membership statement, whom the space is "
	"for and its norms, which requesters see; quote them, \\n for a "
	"new line. -owner: another account as its owner (administrators "
	"only). You become its owner otherwise. The server may limit how "
	"many spaces an account creates.",
	CMD_READY, cmd_space_create_exec
};

/* Run /space create. */
static enum cmd_retval
cmd_space_create_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = {
		{ "description", 1 }, { "statement", 1 }, { "owner", 1 }
	};
	struct cmd_args			a;
	struct proto_msg		m;
	enum cmd_retval			rv;
	char				*title, *t;
	size_t				len = 0, n;
	int				i;

	if (cmdutil_args(c, argc, argv, opts, 3, 3, CMDLINE_ARGS_MAX, &a) ==
	    -1)
		return (CMD_ERROR);
	/* The title: the words after the kind, one space between. */
	for (i = 2; i < a.npos; i++)
		len += strlen(a.pos[i]) + 1;
	t = title = xmalloc(len);
	for (i = 2; i < a.npos; i++) {
		if (i > 2)
			*t++ = ' ';
		n = strlen(a.pos[i]);
		memcpy(t, a.pos[i], n);
		t += n;
	}
	*t = '\0';
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE_CREATE;
	m.u.space_create.slug = a.pos[0];
	m.u.space_create.kind = a.pos[1];
	m.u.space_create.title = title;
	m.u.space_create.description = (char *)a.val[0];
	m.u.space_create.statement = (char *)a.val[1];
	m.u.space_create.owner = (char *)a.val[2];
	rv = cmdutil_send(c, &m);
	free(title);
	return (rv);
}
