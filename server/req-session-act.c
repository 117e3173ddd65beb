/*
 * req-session-act.c: session_act (a participant's actions) and
 * session_control (a facilitator's controls). Each action name maps to an
 * engine input in a table; the engine decides whether the caller may.
 */
#include <stdio.h>
#include <string.h>

#include "roundtabled.h"
#include "session.h"
#include "store.h"

#define ARG_USER	0x01	/* names an account */
#define ARG_SECONDS	0x02	/* needs a positive number of seconds */
#define ARG_TEXT	0x04	/* needs text */
#define ARG_ROLE	0x08	/* needs a role */
#define ARG_POSITION	0x10	/* needs a position */
#define ARG_USER_OPT	0x20	/* may name an account */

/* One action: its name, its engine input, and what it needs. */
struct session_action {
	const char		*name;
	enum engine_input_kind	 kind;
	int			 args;
	int			 sign;	/* adjust: +1 extend, -1 shorten */
};

static const struct session_action session_acts[] = {
	{ "ack", ENGINE_IN_NORMS_ACK, 0, 0 },
	{ "done", ENGINE_IN_DONE, 0, 0 },
	{ "lower", ENGINE_IN_HAND_LOWER, ARG_USER_OPT, 0 },
	{ "pass", ENGINE_IN_PASS, 0, 0 },
	{ "raise", ENGINE_IN_HAND_RAISE, 0, 0 },
	{ "tap-in", ENGINE_IN_TAP_IN, 0, 0 },
	{ "tap-out", ENGINE_IN_TAP_OUT, 0, 0 },
};

static const struct session_action session_controls[] = {
	{ "end", ENGINE_IN_END, 0, 0 },
	{ "extend", ENGINE_IN_ADJUST, ARG_SECONDS, 1 },
	{ "grant", ENGINE_IN_GRANT, ARG_USER, 0 },
	{ "move", ENGINE_IN_MOVE, ARG_USER, 0 },
	{ "mute", ENGINE_IN_MUTE, ARG_USER, 0 },
	{ "next", ENGINE_IN_NEXT, 0, 0 },
	{ "note", ENGINE_IN_NOTE, ARG_TEXT, 0 },
	{ "pause", ENGINE_IN_PAUSE, 0, 0 },
	{ "previous", ENGINE_IN_PREVIOUS, 0, 0 },
	{ "remove", ENGINE_IN_REMOVE, ARG_USER, 0 },
	{ "reorder", ENGINE_IN_REORDER, ARG_USER | ARG_POSITION, 0 },
	{ "resume", ENGINE_IN_RESUME, 0, 0 },
	{ "role", ENGINE_IN_SET_ROLE, ARG_USER | ARG_ROLE, 0 },
	{ "shorten", ENGINE_IN_ADJUST, ARG_SECONDS, -1 },
	{ "skip", ENGINE_IN_SKIP, 0, 0 },
	{ "start", ENGINE_IN_START, 0, 0 },
	{ "unmute", ENGINE_IN_UNMUTE, ARG_USER, 0 },
};

/* Roles a facilitator may give. */
static const struct {
	const char		*name;
	enum engine_role	 role;
} session_roles[] = {
	{ "facilitator", ENGINE_ROLE_FACILITATOR },
	{ "observer", ENGINE_ROLE_OBSERVER },
	{ "participant", ENGINE_ROLE_PARTICIPANT },
	{ "presenter", ENGINE_ROLE_PRESENTER },
};

static const struct session_action	*session_act_found;
static enum engine_role			 session_act_role;

/* Find an action by name in a table. */
static const struct session_action *
session_action_find(const struct session_action *t, size_t n,
    const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(t[i].name, name) == 0)
			return (&t[i]);
	}
	return (NULL);
}

/* List a table's names into buf, for an error message. */
static void
session_action_names(const struct session_action *t, size_t n, char *buf,
    size_t len)
{
	size_t	i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
		    t[i].name);
}

/* Check an action's arguments and the caller's place in the session. */
static int
session_action_check(struct conn *c, const struct proto_msg *m,
    const struct session_action *t, size_t n, struct proto_err *err)
{
	const struct msg_session_act	*r = &m->u.session_act;
	const struct session_action	*a;
	struct store_user		 u;
	char				 names[256];
	size_t				 i;
	int				 rc;

	if ((a = session_action_find(t, n, r->action)) == NULL) {
		session_action_names(t, n, names, sizeof names);
		proto_err_set(err, ERR_BAD_VALUE, "unknown action '%s'; one of "
		    "%s", r->action, names);
		return (-1);
	}
	if ((a->args & ARG_USER) && r->user == NULL) {
		proto_err_set(err, ERR_BAD_FIELD, "%s needs a user", a->name);
		return (-1);
	}
	if ((a->args & ARG_SECONDS) && (r->seconds <= 0 ||
	    r->seconds > 86400)) {
		proto_err_set(err, ERR_BAD_VALUE, "%s needs seconds from 1 to "
		    "86400", a->name);
		return (-1);
	}
	if ((a->args & ARG_TEXT) && (r->text == NULL || r->text[0] == '\0')) {
		proto_err_set(err, ERR_BAD_FIELD, "%s needs text", a->name);
		return (-1);
	}
	if ((a->args & ARG_POSITION) && r->position == 0) {
		proto_err_set(err, ERR_BAD_FIELD,
		    "%s needs a position (1 is first)", a->name);
		return (-1);
	}
	if (a->args & ARG_ROLE) {
		for (i = 0; i < sizeof session_roles /
		    sizeof session_roles[0]; i++) {
			if (r->role != NULL &&
			    strcmp(r->role, session_roles[i].name) == 0)
				break;
		}
		if (i == sizeof session_roles / sizeof session_roles[0]) {
			proto_err_set(err, ERR_BAD_VALUE, "role must be "
			    "facilitator, participant, presenter or observer");
			return (-1);
		}
		session_act_role = session_roles[i].role;
	}
	if (session_resolve_joined(c, m->type, r->session, err) == -1)
		return (-1);
	if ((a->args & (ARG_USER | ARG_USER_OPT)) && r->user != NULL) {
		rc = store_user_get(srv.store, r->user, &u);
		if (rc == STORE_ERR) {
			proto_err_set(err, ERR_STORAGE,
			    "the database is unavailable");
			return (-1);
		}
		if (rc != STORE_OK) {
			proto_err_set(err, ERR_NOT_FOUND, "no account named "
			    "'%s'", r->user);
			return (-1);
		}
		session_ctx.target = u.uid;
	}
	session_act_found = a;
	return (0);
}

/* A participant's action. */
static int
req_session_act_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (session_action_check(c, m, session_acts,
	    sizeof session_acts / sizeof session_acts[0], err));
}

/* A facilitator's control. */
static int
req_session_control_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (session_action_check(c, m, session_controls,
	    sizeof session_controls / sizeof session_controls[0], err));
}

/* Hand the action to the engine. */
static void
req_session_act_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_session_act	*r = &m->u.session_act;
	const struct session_action	*a = session_act_found;
	struct engine_input		 in;

	memset(&in, 0, sizeof in);
	in.kind = a->kind;
	in.uid = (uint64_t)c->uid;
	in.target = (uint64_t)session_ctx.target;
	in.text = r->text;
	in.role = session_act_role;
	in.inner = r->inner;
	in.position = r->position > 0 ? (int32_t)r->position - 1 : 0;
	if (a->kind == ENGINE_IN_ADJUST) {
		in.which = r->turn ? ENGINE_ADJUST_TURN : ENGINE_ADJUST_PHASE;
		in.seconds = (int32_t)r->seconds * a->sign;
	}
	session_input(session_ctx.ls, c, m, &in, NULL);
}

const struct req_entry req_session_act_entry = {
	.type = MSG_SESSION_ACT,
	.flags = REQ_PIPELINE,
	.check = req_session_act_check,
	.act = req_session_act_act,
};

const struct req_entry req_session_control_entry = {
	.type = MSG_SESSION_CONTROL,
	.flags = REQ_PIPELINE,
	.check = req_session_control_check,
	.act = req_session_act_act,
};
