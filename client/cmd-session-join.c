/*
 * cmd-session-join.c: /session join: join a session, with backfill
 * (session_join).
 */
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "model.h"

static enum cmd_retval	cmd_session_join_exec(struct client *, int, char **);

const struct cmd_entry cmd_session_join_entry = {
	"session join", "join", 1, 5,
	"N [-since SEQ] [-observer] [-facilitator]",
	"Join a session, or rejoin where you left it.\n"
	"Events you missed come first, then where the session stands; a "
	"window opens for it. -since SEQ asks for the events after SEQ "
	"(the default is the last one this client saw, so nothing "
	"repeats). -observer joins to read only; -facilitator joins as a "
	"facilitator (stewards of the space). After a reconnect the "
	"client rejoins by itself.",
	CMD_READY, cmd_session_join_exec
};

/* Run /session join. */
static enum cmd_retval
cmd_session_join_exec(struct client *c, int argc, char **argv)
{
	static const struct cmd_opt	opts[] = {
		{ "since", 1 }, { "observer", 0 }, { "facilitator", 0 }
	};
	struct cmd_args			a;
	struct proto_msg		m;
	struct msess			*s;

	if (cmdutil_args(c, argc, argv, opts, 3, 1, 1, &a) == -1)
		return (CMD_ERROR);
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_JOIN;
	if (cmdutil_session(c, a.pos[0], &m.u.session_ref.session) == -1)
		return (CMD_ERROR);
	if (a.val[0] != NULL) {
		if (cmdutil_u64(a.val[0], &m.u.session_ref.since) == -1) {
			cmd_error(c, "/session join: -since takes an event's "
			    "number");
			return (CMD_ERROR);
		}
	} else if ((s = model_session(c->model, m.u.session_ref.session)) !=
	    NULL)
		m.u.session_ref.since = s->seq;
	m.u.session_ref.observer = a.val[1] != NULL;
	m.u.session_ref.facilitator = a.val[2] != NULL;
	if (cmdutil_send(c, &m) == CMD_ERROR)
		return (CMD_ERROR);
	model_joining(c->model, m.u.session_ref.session,
	    m.u.session_ref.observer, m.u.session_ref.facilitator);
	if ((s = model_session(c->model, m.u.session_ref.session)) != NULL &&
	    a.val[0] != NULL)
		s->seq = m.u.session_ref.since;
	return (CMD_DONE);
}
