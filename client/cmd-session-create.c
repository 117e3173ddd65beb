/*
 * cmd-session-create.c: /session create: create a session in a space
 * (session_create).
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "xmalloc.h"

static enum cmd_retval	cmd_session_create_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_create_entry = {
	"session create", NULL, 2, 40,
	"SPACE TEMPLATE [-title T] [-record MODE] [-scale PCT] [-grace "
	"DURATION] [-phase ID=DURATION[/TURN]]... [-norms TEXT] "
	"[-no-norms]",
	"Create a session of a protocol in a space.\n"
	"TEMPLATE is a protocol template (/templates). -record is "
	"attributed (the default), chatham or off-record. -scale runs "
	"every time at PCT percent; -phase sets one phase's duration and "
	"time per turn, as in -phase round=90s/20s (repeat it for more "
	"phases). -grace is how long a disconnected speaker keeps the "
	"floor. -norms replaces the template's norms; -no-norms keeps "
	"only the record line. Owners and facilitators of the space; you "
	"facilitate it. It waits in the lobby until /start.",
	CMD_READY, cmd_session_create_exec
};

/* Run /session create. */
static enum cmd_retval
cmd_session_create_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = {
		{ "title", 1 }, { "record", 1 }, { "scale", 1 }, { "grace", 1 },
		{ "norms", 1 }, { "no-norms", 0 }
	};
	struct phase_opt_rec		ph[CMDLINE_ARGS_MAX];
	char				*rest[CMDLINE_ARGS_MAX], *p, *eq, *sl;
	struct cmd_args			a;
	struct proto_msg		m;
	enum cmd_retval			rv = CMD_ERROR;
	size_t				nph = 0, i;
	int				nrest = 0, j;

	memset(ph, 0, sizeof ph);
	for (j = 0; j < argc; j++) {
		if (strcmp(argv[j], "-phase") != 0) {
			rest[nrest++] = argv[j];
			continue;
		}
		if (++j == argc) {
			cmd_error(c, "/session create: -phase needs "
			    "ID=DURATION[/TURN]");
			goto out;
		}
		p = xstrdup(argv[j]);
		ph[nph++].phase = p;
		if ((eq = strchr(p, '=')) == NULL) {
			cmd_error(c, "/session create: -phase %s: write "
			    "ID=DURATION[/TURN], such as round=2m/20s", p);
			goto out;
		}
		*eq++ = '\0';
		if ((sl = strchr(eq, '/')) != NULL)
			*sl++ = '\0';
		if ((*eq != '\0' && cmdutil_duration(eq,
		    &ph[nph - 1].duration) == -1) || (sl != NULL &&
		    cmdutil_duration(sl, &ph[nph - 1].turn) == -1)) {
			cmd_error(c, "/session create: -phase %s: bad duration",
			    p);
			goto out;
		}
	}
	if (cmdutil_args(c, nrest, rest, opts, 6, 2, 2, &a) == -1)
		goto out;
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_CREATE;
	m.u.session_create.space = a.pos[0];
	m.u.session_create.template_name = a.pos[1];
	m.u.session_create.title = (char *)a.val[0];
	m.u.session_create.record = (char *)a.val[1];
	if (a.val[2] != NULL && cmdutil_u32(a.val[2],
	    &m.u.session_create.scale) == -1) {
		cmd_error(c, "/session create: -scale takes a percentage");
		goto out;
	}
	if (a.val[3] != NULL && cmdutil_duration(a.val[3],
	    &m.u.session_create.grace) == -1) {
		cmd_error(c, "/session create: -grace takes a duration");
		goto out;
	}
	m.u.session_create.norms = (char *)a.val[4];
	m.u.session_create.no_norms = a.val[5] != NULL;
	m.u.session_create.phases = nph > 0 ? ph : NULL;
	m.u.session_create.nphases = nph;
	rv = cmdutil_send(c, &m);
out:
	for (i = 0; i < nph; i++)
		free(ph[i].phase);
	return (rv);
}
