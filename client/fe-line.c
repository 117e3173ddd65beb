/*
 * fe-line.c: line mode, the plain interactive client. It reads commands
 * from the terminal a line at a time and prints one readable line per
 * event, every server string made inert by sanitize() first. Questions
 * (passwords, trusting a new server) are asked on stderr, passwords with
 * echo off. Sessions, spaces and their replies are shown as the model
 * words them (model.c), one line each, prefixed with the session. Like
 * the full-screen interface, it reconnects by itself when the connection
 * is lost, with the same backoff (client.c), and rejoins its sessions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

#define FE_LINE_PROMPT	"> "

/* Line mode's state. */
struct fe_line {
	struct input	*in;
	int		 ready;		/* logged in: lines are commands */
	int		 tty;		/* stdout is a terminal */
	int		 prompted;	/* the prompt is on screen */
	ask_cb		 ask;		/* a question is waiting */
	void		*ask_arg;
	int		 ask_flags;
};

/* Show the command prompt, if commands are being taken on a terminal. */
static void
fe_line_prompt(struct client *c)
{
	struct fe_line	*fl = c->fe_data;

	if (!fl->tty || !fl->ready || fl->ask != NULL || fl->prompted ||
	    c->state != CS_READY)
		return;
	fputs(FE_LINE_PROMPT, stdout);
	fflush(stdout);
	fl->prompted = 1;
}

/* Print one or more lines of output, made safe, around the prompt. */
static void __attribute__((__format__(printf, 2, 3)))
fe_line_print(struct client *c, const char *fmt, ...)
{
	struct fe_line	*fl = c->fe_data;
	va_list		 ap;
	char		*text, *safe;

	va_start(ap, fmt);
	xvasprintf(&text, fmt, ap);
	va_end(ap);
	safe = sanitize_str(text, SAN_NEWLINE);
	if (fl->prompted) {
		fputs("\r\033[K", stdout);	/* our own prompt, erased */
		fl->prompted = 0;
	}
	fprintf(stdout, "%s\n", safe);
	fflush(stdout);
	free(safe);
	free(text);
	fe_line_prompt(c);
}

/* Return a JSON event's string member, or "". */
static const char *
fe_line_str(json_t *ev, const char *key)
{
	const char	*s;

	s = json_string_value(json_object_get(ev, key));
	return (s != NULL ? s : "");
}

/* Show the connected event. */
static void
fe_line_ev_connected(struct client *c, json_t *ev)
{
	static const struct {
		const char	*trust;
		const char	*text;
	} trusts[] = {
		{ "new", "newly trusted" },
		{ "known", "known host" },
		{ "ca", "verified by the CA" },
		{ "pinned", "matches --fingerprint" },
	};
	const char	*trust = fe_line_str(ev, "trust"), *text = trust;
	size_t		 i;

	for (i = 0; i < sizeof trusts / sizeof trusts[0]; i++) {
		if (strcmp(trusts[i].trust, trust) == 0)
			text = trusts[i].text;
	}
	fe_line_print(c, "*** Connected to %s (%s), certificate %s (%s)",
	    c->hostname, fe_line_str(ev, "address"),
	    fe_line_str(ev, "fingerprint"), text);
}

/* Show a notice. */
static void
fe_line_ev_notice(struct client *c, json_t *ev)
{
	fe_line_print(c, "*** %s", fe_line_str(ev, "message"));
}

/* Show a refused command. */
static void
fe_line_ev_command_error(struct client *c, json_t *ev)
{
	fe_line_print(c, "!!! %s", fe_line_str(ev, "message"));
}

/* Show help text. */
static void
fe_line_ev_help(struct client *c, json_t *ev)
{
	const char	*text = fe_line_str(ev, "text");
	size_t		 n = strlen(text);

	if (n == 0)
		return;
	if (n > 0 && text[n - 1] == '\n')
		n--;
	fe_line_print(c, "%.*s", (int)n, text);
}

/* Show a message of a type this client does not know. */
static void
fe_line_ev_unknown(struct client *c, json_t *ev)
{
	fe_line_print(c, "*** Ignored a message this client does not know: "
	    "%s", fe_line_str(ev, "message"));
}

/* Show the host key warning, on stderr where warnings go. */
static void
fe_line_ev_host_key_mismatch(struct client *c, json_t *ev)
{
	char	*text, *safe;

	(void)c;
	text = client_hostkey_warning(ev);
	safe = sanitize_str(text, SAN_NEWLINE);
	fprintf(stderr, "%s\n", safe);
	fflush(stderr);
	free(safe);
	free(text);
}

/* Show the end of the connection, or that it is tried again. */
static void
fe_line_ev_disconnected(struct client *c, json_t *ev)
{
	if (json_is_true(json_object_get(ev, "retry")))
		fe_line_print(c, "*** Connection lost: %s. Reconnecting "
		    "(/reconnect: now).", fe_line_str(ev, "reason"));
	else
		fe_line_print(c, "*** Disconnected: %s",
		    fe_line_str(ev, "reason"));
}

/* Print a line the model added, with its session's window name. */
static void
fe_line_on_line(void *arg, const struct mwin *w, const struct mline *l)
{
	struct client	*c = arg;
	char		**rows;
	size_t		  n;

	if (l->kind == ML_PHASE) {
		fe_line_print(c, "%s%s==== %s ====", w->kind == MWIN_SESSION ?
		    w->name : "", w->kind == MWIN_SESSION ? " " : "", l->text);
		return;
	}
	n = view_wrap(l, 1 << 20, 0, &rows);
	if (n > 0)
		fe_line_print(c, "%s%s%s", w->kind == MWIN_SESSION ? w->name :
		    "", w->kind == MWIN_SESSION ? " " : "", rows[0]);
	view_free_rows(rows, n);
}

/* How line mode shows each client-side event; "sent" is not shown. */
static const struct {
	const char	*type;
	void		(*fn)(struct client *, json_t *);
} fe_line_events[] = {
	{ "connected", fe_line_ev_connected },
	{ "notice", fe_line_ev_notice },
	{ "command_error", fe_line_ev_command_error },
	{ "help", fe_line_ev_help },
	{ "names", fe_line_ev_help },	/* their text, as help's */
	{ "window", fe_line_ev_help },
	{ "unknown", fe_line_ev_unknown },
	{ "host_key_mismatch", fe_line_ev_host_key_mismatch },
	{ "disconnected", fe_line_ev_disconnected },
};

/* Show a client-side event. */
static void
fe_line_event(struct client *c, json_t *ev)
{
	const char	*type = fe_line_str(ev, "type");
	size_t		 i;

	for (i = 0; i < sizeof fe_line_events / sizeof fe_line_events[0];
	    i++) {
		if (strcmp(fe_line_events[i].type, type) == 0) {
			fe_line_events[i].fn(c, ev);
			return;
		}
	}
}

/* Show welcome. */
static void
fe_line_msg_welcome(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	(void)req;
	fe_line_print(c, "*** Server %s, protocol version %u",
	    m->u.welcome.server != NULL ? m->u.welcome.server : "(unnamed)",
	    m->u.welcome.version);
}

/* Show login_ok. */
static void
fe_line_msg_login_ok(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	(void)req;
	fe_line_print(c, "*** Logged in as %s (uid %llu)%s. Type /help for "
	    "the commands.", m->u.login_ok.user,
	    (unsigned long long)m->u.login_ok.uid,
	    m->u.login_ok.admin ? ", administrator" : "");
}

/* Show a pong that answers /ping, with the round-trip time. */
static void
fe_line_msg_pong(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	struct timespec	now;
	double		ms;

	(void)m;
	if (req == NULL || (req->flags & REQ_INTERNAL))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - req->sent.tv_sec) * 1e3 +
	    (double)(now.tv_nsec - req->sent.tv_nsec) / 1e6;
	fe_line_print(c, "*** Pong from the server in %.2f ms", ms);
}

/* Show error: which request failed, and why (session refusals: the model). */
static void
fe_line_msg_error(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	if (req != NULL && req->session != 0 && req->type >=
	    MSG_SESSION_CREATE && req->type <= MSG_TEMPLATE_INFO)
		return;
	fe_line_print(c, "!!! %s refused: %s (%s)", req != NULL ?
	    client_request_name(req) : "server error", m->u.error.message,
	    m->u.error.name != NULL ? m->u.error.name :
	    proto_err_name((int)m->u.error.code));
}

/* Show ok, in the words of the request it answers. */
static void
fe_line_msg_ok(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	static const struct {
		uint16_t	 type;
		const char	*text;
	} oks[] = {
		{ MSG_PASSWD, "Password changed." },
		{ MSG_LOGOUT, "Logged out." },
	};
	size_t	i;

	(void)m;
	for (i = 0; req != NULL && i < sizeof oks / sizeof oks[0]; i++) {
		if (oks[i].type == req->type) {
			fe_line_print(c, "*** %s", oks[i].text);
			return;
		}
	}
	fe_line_print(c, "*** %s: ok", client_request_name(req));
}

/* Messages line mode does not show: the client handles them itself. */
static void
fe_line_msg_quiet(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	(void)c;
	(void)m;
	(void)req;
}

/* How line mode shows each message type; others go through JSON. */
static const struct {
	uint16_t	 type;
	void		(*fn)(struct client *, const struct proto_msg *,
			    const struct request *);
} fe_line_msgs[] = {
	{ MSG_WELCOME, fe_line_msg_welcome },
	{ MSG_LOGIN_OK, fe_line_msg_login_ok },
	{ MSG_PING, fe_line_msg_quiet },
	{ MSG_PONG, fe_line_msg_pong },
	{ MSG_BYE, fe_line_msg_quiet },		/* "disconnected" says it */
	{ MSG_ERROR, fe_line_msg_error },
	{ MSG_OK, fe_line_msg_ok },
};

/* Show a message from the server. */
static void
fe_line_message(struct client *c, const struct proto_msg *m,
    const struct request *req)
{
	json_t		*j;
	const char	*name;
	char		*text;
	size_t		 i;

	for (i = 0; i < sizeof fe_line_msgs / sizeof fe_line_msgs[0]; i++) {
		if (fe_line_msgs[i].type == m->type) {
			fe_line_msgs[i].fn(c, m, req);
			return;
		}
	}
	/* Spaces, sessions, templates: the model has shown them. */
	if (model_shows(m->type))
		return;
	/* Anything else: its name and fields. */
	j = msgjson_encode(m);
	name = json_string_value(json_object_get(j, "type"));
	text = msgjson_dump(j);
	fe_line_print(c, "*** %s: %s", name != NULL ? name : "?", text);
	free(text);
	json_decref(j);
}

/* A line from the terminal: an answer, or a command. */
static void
fe_line_input(const char *line, size_t len, unsigned long lineno, void *arg)
{
	struct client	*c = arg;
	struct fe_line	*fl = c->fe_data;
	ask_cb		 cb;
	void		*cbarg;

	fl->prompted = 0;
	if (fl->ask != NULL) {
		cb = fl->ask;
		cbarg = fl->ask_arg;
		fl->ask = NULL;
		if (fl->ask_flags & ASK_SECRET)
			input_set_echo(fl->in, 1);
		if (!fl->ready)
			input_disable(fl->in);
		cb(c, line != NULL ? xstrndup(line, len) : NULL, cbarg);
		fe_line_prompt(c);
		return;
	}
	if (!fl->ready)
		return;
	c->lineno = lineno;
	if (line == NULL)
		cmd_error(c, "the line is too long");
	else
		cmd_execute(c, line, len);
	fe_line_prompt(c);
}

/*
 * End of input (Control-D): cancel a question, and quit, since nothing
 * more can be typed.
 */
static void
fe_line_eof(void *arg)
{
	struct client	*c = arg;
	struct fe_line	*fl = c->fe_data;
	ask_cb		 cb;

	fputs("\n", stdout);
	fl->prompted = 0;
	if (fl->ask != NULL) {
		cb = fl->ask;
		fl->ask = NULL;
		if (fl->ask_flags & ASK_SECRET)
			input_set_echo(fl->in, 1);
		cb(c, NULL, fl->ask_arg);
	}
	client_quit(c, "end of input");
}

/* Set up: line mode needs a terminal to talk to. */
static int
fe_line_start(struct client *c)
{
	struct fe_line	*fl;

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "roundtable: standard input is not a terminal; "
		    "use --batch to run commands from it\n");
		return (-1);
	}
	fl = xcalloc(1, sizeof *fl);
	fl->tty = isatty(STDOUT_FILENO);
	fl->in = input_create(c->base, STDIN_FILENO, fe_line_input,
	    fe_line_eof, c);
	c->fe_data = fl;
	c->reconnect = 1;
	c->model->on_line = fe_line_on_line;
	c->model->on_line_arg = c;
	return (0);
}

/* Logged in: take commands. */
static void
fe_line_ready(struct client *c)
{
	struct fe_line	*fl = c->fe_data;

	fl->ready = 1;
	input_enable(fl->in);
	fe_line_prompt(c);
}

/* No request waiting: nothing to do, the terminal is always read. */
static void
fe_line_idle(struct client *c)
{
	(void)c;
}

/* Ask a question on stderr; the next line is the answer. */
static void
fe_line_ask(struct client *c, const char *prompt, int flags, ask_cb cb,
    void *arg)
{
	struct fe_line	*fl = c->fe_data;
	char		*safe;

	if (fl->ask != NULL) {
		cb(c, NULL, arg);	/* one question at a time */
		return;
	}
	fl->ask = cb;
	fl->ask_arg = arg;
	fl->ask_flags = flags;
	if (fl->prompted) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
		fl->prompted = 0;
	}
	safe = sanitize_str(prompt, SAN_NEWLINE);
	fputs(safe, stderr);
	fflush(stderr);
	free(safe);
	if (flags & ASK_SECRET)
		input_set_echo(fl->in, 0);
	input_enable(fl->in);
}

/* The connection is over: stop reading and cancel any question. */
static void
fe_line_stop(struct client *c)
{
	struct fe_line	*fl = c->fe_data;
	ask_cb		 cb;

	fl->ready = 0;
	input_disable(fl->in);
	if (fl->ask != NULL) {
		cb = fl->ask;
		fl->ask = NULL;
		if (fl->ask_flags & ASK_SECRET) {
			input_set_echo(fl->in, 1);
			fputs("\n", stderr);
		}
		cb(c, NULL, fl->ask_arg);
	}
}

/* Free line mode's state; this restores the terminal. */
static void
fe_line_free(struct client *c)
{
	struct fe_line	*fl = c->fe_data;

	if (fl == NULL)
		return;
	input_free(fl->in);
	free(fl);
	c->fe_data = NULL;
}

const struct frontend fe_line = {
	"line",
	fe_line_start,
	fe_line_ready,
	fe_line_idle,
	fe_line_event,
	fe_line_message,
	fe_line_ask,
	fe_line_stop,
	fe_line_free
};
