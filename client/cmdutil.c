/*
 * cmdutil.c: helpers for the space and session commands (cmdutil.h).
 *
 * Options are words that start with '-' among a command's arguments,
 * irssi style: "/session join 12 -observer -since 40". A word that is a
 * negative number is not an option. Everything a command refuses goes
 * through cmd_error, so it reaches every mode the same way.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmdutil.h"
#include "log.h"
#include "model.h"
#include "xmalloc.h"

/* Refuse with the command's usage line. */
static int
cmdutil_usage(struct client *c)
{
	const struct cmd_entry	*ce = cmd_find(c->cmdname);

	if (ce != NULL)
		cmd_error(c, "usage: /%s%s%s", ce->name, *ce->usage != '\0' ?
		    " " : "", ce->usage);
	else
		cmd_error(c, "bad arguments");
	return (-1);
}

/*
 * Split argv (argv[0] the command) into options from the table and
 * positional words, between min and max of them. Return 0, or -1 after
 * cmd_error.
 */
int
cmdutil_args(struct client *c, int argc, char **argv,
    const struct cmd_opt *opts, size_t nopts, int min, int max,
    struct cmd_args *out)
{
	const char	*w;
	size_t		 o;
	int		 i;

	memset(out, 0, sizeof *out);
	if (nopts > CMDOPT_MAX)
		fatalx("%s: too many options", __func__);
	for (i = 1; i < argc; i++) {
		w = argv[i];
		if (w[0] != '-' || w[1] == '\0' ||
		    isdigit((unsigned char)w[1])) {
			if (out->npos == CMDLINE_ARGS_MAX)
				return (cmdutil_usage(c));
			out->pos[out->npos++] = argv[i];
			continue;
		}
		for (o = 0; o < nopts; o++) {
			if (strcmp(opts[o].name, w + 1) == 0)
				break;
		}
		if (o == nopts) {
			cmd_error(c, "/%s: unknown option %s", c->cmdname, w);
			return (-1);
		}
		if (!opts[o].value) {
			out->val[o] = "";
			continue;
		}
		if (i + 1 == argc) {
			cmd_error(c, "/%s: option %s needs a value", c->cmdname,
			    w);
			return (-1);
		}
		out->val[o] = argv[++i];
	}
	if (out->npos < min || out->npos > max)
		return (cmdutil_usage(c));
	return (0);
}

/* Send a request for the command being run; report a failure. */
enum cmd_retval
cmdutil_send(struct client *c, struct proto_msg *m)
{
	char	err[256];

	if (client_send(c, m, err, sizeof err) == -1) {
		cmd_error(c, "/%s: %s", c->cmdname, err);
		return (CMD_ERROR);
	}
	return (CMD_DONE);
}

/* Parse a decimal number into a u64; return -1 if it is not one. */
int
cmdutil_u64(const char *s, uint64_t *v)
{
	uint64_t	n = 0;
	size_t		i;

	if (*s == '\0')
		return (-1);
	for (i = 0; s[i] != '\0'; i++) {
		if (!isdigit((unsigned char)s[i]) || n > UINT64_MAX / 10 ||
		    (n == UINT64_MAX / 10 && (uint64_t)(s[i] - '0') >
		    UINT64_MAX % 10))
			return (-1);
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	*v = n;
	return (0);
}

/* Parse a decimal number into a u32; return -1 if it is not one. */
int
cmdutil_u32(const char *s, uint32_t *v)
{
	uint64_t	n;

	if (cmdutil_u64(s, &n) == -1 || n > UINT32_MAX)
		return (-1);
	*v = (uint32_t)n;
	return (0);
}

/*
 * Parse a duration: seconds ("90"), or numbers with units h, m and s
 * ("1m30s", "2m", "45s", "1h"). Return -1 if it is not one.
 */
int
cmdutil_duration(const char *s, uint32_t *secs)
{
	static const struct {
		char		unit;
		uint64_t	mult;
	} units[] = { { 'h', 3600 }, { 'm', 60 }, { 's', 1 } };
	uint64_t	total = 0, n;
	size_t		u;
	int		digits;

	if (*s == '\0')
		return (-1);
	while (*s != '\0') {
		n = 0;
		digits = 0;
		while (isdigit((unsigned char)*s)) {
			n = n * 10 + (uint64_t)(*s++ - '0');
			if (n > UINT32_MAX || ++digits > 10)
				return (-1);
		}
		if (!digits)
			return (-1);
		if (*s == '\0') {
			total += n;
			break;
		}
		for (u = 0; u < sizeof units / sizeof units[0]; u++) {
			if (units[u].unit == *s)
				break;
		}
		if (u == sizeof units / sizeof units[0])
			return (-1);
		total += n * units[u].mult;
		s++;
	}
	if (total > UINT32_MAX)
		return (-1);
	*secs = (uint32_t)total;
	return (0);
}

/*
 * Return 1 if a word is shaped like an invite code: 20 characters from
 * the code alphabet once dashes and spaces are gone, with the dashes (if
 * any) between groups of five.
 */
int
cmdutil_is_code(const char *w)
{
	static const char	 alpha[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t			 n = 0, run = 0;
	int			 dashes = 0;

	for (; *w != '\0'; w++) {
		if (*w == '-' || *w == ' ') {
			if (run != 5)
				return (0);
			run = 0;
			dashes++;
			continue;
		}
		if (strchr(alpha, tolower((unsigned char)*w)) == NULL)
			return (0);
		n++;
		run++;
	}
	return (n == 20 && (dashes == 0 || dashes == 3));
}

/*
 * Find the session a command is about: arg ("12" or "#12") if given,
 * else the current window's. Return 0, or -1 after cmd_error.
 */
int
cmdutil_session(struct client *c, const char *arg, uint64_t *sid)
{
	if (arg != NULL) {
		if (*arg == '#')
			arg++;
		if (cmdutil_u64(arg, sid) == -1 || *sid == 0) {
			cmd_error(c, "/%s: '%s' is not a session number",
			    c->cmdname, arg);
			return (-1);
		}
		return (0);
	}
	if ((*sid = model_current_session(c->model)) == 0) {
		cmd_error(c, "/%s: which session? Join one with /session join "
		    "N, or switch to its window", c->cmdname);
		return (-1);
	}
	return (0);
}

/* Send a session_act (ack, raise, lower, pass, done, tap-in, tap-out). */
enum cmd_retval
cmdutil_act(struct client *c, const char *action, const char *user)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_ACT;
	if (cmdutil_session(c, NULL, &m.u.session_act.session) == -1)
		return (CMD_ERROR);
	m.u.session_act.action = (char *)action;
	m.u.session_act.user = (char *)user;
	return (cmdutil_send(c, &m));
}

/* Send a session_control for the current session; a's action is set. */
enum cmd_retval
cmdutil_control(struct client *c, struct msg_session_act *a)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_CONTROL;
	m.u.session_act = *a;
	if (cmdutil_session(c, NULL, &m.u.session_act.session) == -1)
		return (CMD_ERROR);
	return (cmdutil_send(c, &m));
}

/*
 * Post len bytes of text to the current session, as a board card (and a
 * reply to card parent) if asked. The request id is kept in
 * c->last_post_id, so that the full-screen interface can clear its input
 * line only once the post is accepted.
 */
enum cmd_retval
cmdutil_post(struct client *c, const char *text, size_t len, int board,
    uint32_t parent)
{
	struct proto_msg	 m;
	enum cmd_retval		 rv;
	char			*copy;

	c->last_post_id = 0;
	if (c->state != CS_READY) {
		cmd_error(c, "cannot post: not connected and logged in");
		return (CMD_ERROR);
	}
	if (len > PROTO_TEXT_MAX) {
		cmd_error(c, "cannot post: %zu bytes is over the limit of %d",
		    len, PROTO_TEXT_MAX);
		return (CMD_ERROR);
	}
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_POST;
	if (model_current_session(c->model) == 0) {
		cmd_error(c, "cannot post: you are not in a session. /session "
		    "join N joins one (/session list SPACE lists them); "
		    "commands start with '/' and /help lists them.");
		return (CMD_ERROR);
	}
	if (cmdutil_session(c, NULL, &m.u.session_post.session) == -1)
		return (CMD_ERROR);
	copy = xstrndup(text, len);
	m.u.session_post.text = copy;
	m.u.session_post.board = board;
	m.u.session_post.parent = parent;
	rv = cmdutil_send(c, &m);
	if (rv == CMD_DONE)
		c->last_post_id = m.id;
	free(copy);
	return (rv);
}

/*
 * Send a request about one member of a space (approve, decline, add,
 * remove, set_role), with a role and the mentor flag where they apply.
 */
enum cmd_retval
cmdutil_space_user(struct client *c, uint16_t type, const char *space,
    const char *user, const char *role, int mentor)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = type;
	m.u.space_user.space = (char *)space;
	m.u.space_user.user = (char *)user;
	m.u.space_user.role = (char *)role;
	m.u.space_user.mentor = mentor;
	return (cmdutil_send(c, &m));
}

/*
 * Send a paged listing (space_list, space_mine, space_members,
 * space_requests) of space (or NULL), after the key given (or NULL).
 */
enum cmd_retval
cmdutil_space_page(struct client *c, uint16_t type, const char *space,
    const char *after)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = type;
	m.u.space_page_req.space = (char *)space;
	m.u.space_page_req.after = (char *)after;
	return (cmdutil_send(c, &m));
}
