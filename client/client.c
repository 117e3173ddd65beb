/*
 * client.c: the protocol side of the client, one connection at a time.
 *
 * client_start connects; once TLS is up the server's identity is checked
 * (CA, pinned fingerprint or known_hosts) before anything is sent. Then
 * hello, welcome, login, login_ok, and the frontend starts taking
 * commands. Every request gets an id and waits in a queue for its reply;
 * the server answers in order. Server pings are answered with pongs, and
 * if the server falls silent the client pings it and gives up when that
 * goes unanswered too.
 *
 * The end of the connection, whoever causes it, goes through client_end,
 * which reports it once, picks the exit code and closes gracefully. When
 * the frontend asks for it (line mode and the full-screen interface; not
 * batch mode, whose scripts want an exit code), a connection lost
 * to the network or to a server that went away is tried again instead,
 * after a delay that doubles up to a cap (model_backoff) and starts over
 * once a connection has stayed up for a while; the client logs in again
 * with its resume token and rejoins its sessions with since set to the
 * last event it saw, so that nothing is missed or shown twice.
 *
 * Every message also goes to the model (model.c), which keeps the
 * windows and the sessions for the frontends and the commands.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/event.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>

#include "client.h"
#include "log.h"
#include "model.h"
#include "xmalloc.h"

#define CLIENT_PING_GRACE	15	/* seconds past ping_interval */
#define CLIENT_LOGIN_TRIES	3	/* password prompts per connection */
#define CLIENT_BANNER \
	"@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"

static void	client_on_welcome(struct client *, struct proto_msg *,
		    struct request *);
static void	client_on_login_ok(struct client *, struct proto_msg *,
		    struct request *);
static void	client_on_ping(struct client *, struct proto_msg *,
		    struct request *);
static void	client_on_bye(struct client *, struct proto_msg *,
		    struct request *);
static void	client_on_error(struct client *, struct proto_msg *,
		    struct request *);
static void	client_on_ok(struct client *, struct proto_msg *,
		    struct request *);
static void	client_login(struct client *);
static void	client_verify(struct client *);
static int	client_send_flags(struct client *, struct proto_msg *, int,
		    char *, size_t);
static void	client_connect(struct client *);
static int	client_password(struct client *, char *, size_t);
static void	client_rejoin(struct client *);

/* What the client does with each message type, besides showing it. */
static const struct {
	uint16_t	 type;
	void		(*fn)(struct client *, struct proto_msg *,
			    struct request *);
} client_handlers[] = {
	{ MSG_WELCOME, client_on_welcome },
	{ MSG_LOGIN_OK, client_on_login_ok },
	{ MSG_PING, client_on_ping },
	{ MSG_BYE, client_on_bye },
	{ MSG_ERROR, client_on_error },
	{ MSG_OK, client_on_ok },
};

/* The exit code for a bye from the server, by the block of its code. */
static int
client_bye_exit(uint32_t code)
{
	static const struct {
		uint32_t	lo;
		uint32_t	hi;
		int		status;
	} blocks[] = {
		{ 100, 199, EXIT_PROTOCOL },	/* we sent something bad */
		{ 200, 299, EXIT_NOPERM },	/* not permitted */
		{ 500, 599, EXIT_TEMPFAIL },	/* server trouble: retry */
	};
	size_t	i;

	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
		if (code >= blocks[i].lo && code <= blocks[i].hi)
			return (blocks[i].status);
	}
	return (EXIT_TEMPFAIL);
}

/* Return a random nonce that JSON readers hold exactly (below 2^53). */
uint64_t
client_nonce(void)
{
	uint64_t	n = 0;

	if (RAND_bytes((unsigned char *)&n, sizeof n) != 1)
		n = (uint64_t)time(NULL) ^ (uint64_t)getpid();
	return (n & (((uint64_t)1 << 53) - 1));
}

/* Hand a client-side event to the frontend; takes the reference. */
void
client_event(struct client *c, json_t *ev)
{
	c->fe->event(c, ev);
	json_decref(ev);
}

/* Report something the user should know, as a notice event. */
void
client_notice(struct client *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	json_t	*ev;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("notice"));
	json_object_set_new(ev, "message", msgjson_text(msg));
	client_event(c, ev);
	free(msg);
}

/* Write a message to stderr, made safe for the terminal. */
void
client_warnx(struct client *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *safe;

	(void)c;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	safe = sanitize_str(msg, SAN_NEWLINE);
	fprintf(stderr, "roundtable: %s\n", safe);
	fflush(stderr);
	free(safe);
	free(msg);
}

/* Ask the user a question, or answer NULL at once if nobody can answer. */
void
client_ask(struct client *c, const char *prompt, int flags, ask_cb cb,
    void *arg)
{
	if (!c->interactive || c->fe->ask == NULL) {
		cb(c, NULL, arg);
		return;
	}
	c->fe->ask(c, prompt, flags, cb, arg);
}

/* Return the name of the request a reply answers. */
const char *
client_request_name(const struct request *req)
{
	const struct msgdef	*md;

	if (req == NULL || (md = proto_msgdef(req->type)) == NULL)
		return ("request");
	return (md->name);
}

/* Return a copy of s cut to at most max bytes, on a UTF-8 boundary. */
static char *
client_truncate(const char *s, size_t max)
{
	size_t	n = strlen(s);

	if (n <= max)
		return (xstrdup(s));
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (xstrndup(s, n));
}

/* The event loop is done with the connection: leave it. */
static void
client_done(struct client *c)
{
	c->state = CS_CLOSED;
	if (c->net != NULL) {
		net_free(c->net);
		c->net = NULL;
	}
	event_base_loopexit(c->base, NULL);
}

/* Free every request still waiting for a reply. */
static void
client_clear_requests(struct client *c)
{
	struct request	*req;

	while ((req = TAILQ_FIRST(&c->requests)) != NULL) {
		TAILQ_REMOVE(&c->requests, req, entry);
		free(req);
	}
	c->nrequests = 0;
}

/*
 * Return 1 if a lost connection should be tried again: the frontend asked
 * for that, nobody quit, and the network or a server that went away (not
 * a refusal) ended it.
 */
static int
client_may_retry(struct client *c, int status, const char *by)
{
	if (!c->reconnect || c->quitting || c->expect_close ||
	    (strcmp(by, "client") == 0 && status != EXIT_TEMPFAIL))
		return (0);
	if (c->user == NULL)
		return (0);	/* never logged in: say why and stop */
	/* A name that resolved before and fails now is likely a DNS blip. */
	return (status == EXIT_TEMPFAIL || status == EXIT_UNAVAILABLE ||
	    status == EXIT_NOHOST);
}

/* Forget the connection (not the model) and schedule the next try. */
static void
client_schedule(struct client *c)
{
	struct timeval	tv;
	int64_t		now = model_now_ms(), delay;

	if (c->ready_at != 0 && now - c->ready_at >= MODEL_BACKOFF_STABLE)
		c->model->attempt = 0;	/* it was up long enough */
	c->ready_at = 0;
	delay = model_backoff(c->model->attempt++,
	    (unsigned int)(client_nonce() % 1001));
	model_set_online(c->model, 0, now + delay);
	tv.tv_sec = delay / 1000;
	tv.tv_usec = (delay % 1000) * 1000;
	evtimer_add(c->retry, &tv);
}

/*
 * The connection is lost but will be tried again: report it, drop what
 * waited for replies, and close (client_net_closed schedules the retry)
 * or schedule it at once when the connection is already gone.
 */
static void
client_retry(struct client *c, const char *by, uint32_t code,
    const char *reason)
{
	json_t	*ev;

	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("disconnected"));
	json_object_set_new(ev, "reason", msgjson_text(reason));
	json_object_set_new(ev, "by", msgjson_text(by));
	json_object_set_new(ev, "code", json_integer(code));
	json_object_set_new(ev, "retry", json_true());
	client_event(c, ev);
	if (c->keepalive != NULL)
		event_del(c->keepalive);
	client_clear_requests(c);
	c->state = CS_IDLE;
	c->retrying = 1;
	if (c->net != NULL)
		net_close(c->net);	/* client_net_closed follows */
	else
		client_schedule(c);
}

/* Retry timer: connect again. */
static void
client_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client	*c = arg;

	(void)fd;
	(void)what;
	c->retrying = 0;
	client_notice(c, "Reconnecting to %s...", c->hostname);
	client_connect(c);
}

/* Try again now, not when the timer says (/reconnect, or a key). */
void
client_reconnect_now(struct client *c)
{
	if (!c->retrying || c->state != CS_IDLE || c->net != NULL)
		return;
	evtimer_del(c->retry);
	client_retry_cb(-1, 0, c);
}

/*
 * End the connection: by is "client", "server" or "network"; code is the
 * bye code exchanged (0 if none); status is the exit code, EXIT_OK for an
 * ordinary end. A client-side end sends bye first when the server is
 * listening. Only the first call counts.
 */
static void
client_end(struct client *c, int status, const char *by, uint32_t code,
    const char *reason)
{
	struct proto_msg	 m;
	json_t			*ev;
	char			 err[128], *cut;

	if (c->state == CS_IDLE && c->retrying) {
		/* Quitting while waiting to reconnect. */
		evtimer_del(c->retry);
		c->retrying = 0;
		c->state = CS_CONNECTING;
	}
	if (c->ending || c->state == CS_CLOSING || c->state == CS_CLOSED ||
	    c->state == CS_IDLE)
		return;
	if (client_may_retry(c, status, by)) {
		client_retry(c, by, code, reason);
		return;
	}
	c->ending = 1;
	if (strcmp(by, "client") == 0 && !c->bye_sent && c->net != NULL &&
	    (c->state == CS_HELLO || c->state == CS_LOGIN ||
	    c->state == CS_READY)) {
		memset(&m, 0, sizeof m);
		m.type = MSG_BYE;
		m.u.bye.code = code;
		m.u.bye.reason = cut = client_truncate(reason,
		    PROTO_REASON_MAX);
		if (client_send_flags(c, &m, REQ_INTERNAL, err, sizeof err) ==
		    -1)
			log_debug("bye not sent: %s", err);
		free(cut);
	}
	c->state = CS_CLOSING;
	if (status == EXIT_OK && c->refused && !c->interactive)
		status = EXIT_DATAERR;
	if (c->exit_code == -1)
		c->exit_code = status;

	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("disconnected"));
	json_object_set_new(ev, "reason", msgjson_text(reason));
	json_object_set_new(ev, "by", msgjson_text(by));
	json_object_set_new(ev, "code", json_integer(code));
	json_object_set_new(ev, "exit", json_integer(c->exit_code));
	client_event(c, ev);

	if (c->keepalive != NULL)
		event_del(c->keepalive);
	c->fe->stop(c);
	client_clear_requests(c);
	if (c->net != NULL)
		net_close(c->net);	/* client_net_closed follows */
	else
		client_done(c);
}

/* Quit on the user's (or the input's) behalf. */
void
client_quit(struct client *c, const char *reason)
{
	client_end(c, EXIT_OK, "client", 0, reason);
}

/* Return the session a 3xx request is about, or 0. */
static uint64_t
client_msg_session(const struct proto_msg *m)
{
	switch (m->type) {
	case MSG_SESSION_INFO:
	case MSG_SESSION_JOIN:
	case MSG_SESSION_LEAVE:
	case MSG_SESSION_STATS:
		return (m->u.session_ref.session);
	case MSG_SESSION_POST:
		return (m->u.session_post.session);
	case MSG_SESSION_ACT:
	case MSG_SESSION_CONTROL:
		return (m->u.session_act.session);
	default:
		return (0);
	}
}

/*
 * Send a message with REQ_* flags. A request (anything but pong and bye)
 * gets a fresh id and waits for its reply. The frame must fit the
 * server's current limit. Return 0, or -1 with err filled.
 */
static int
client_send_flags(struct client *c, struct proto_msg *m, int flags, char *err,
    size_t errlen)
{
	const struct msgdef	*md;
	struct request		*req;
	json_t			*ev;
	uint32_t		 limit;

	if (c->net == NULL || (c->state != CS_HELLO && c->state != CS_LOGIN &&
	    c->state != CS_READY)) {
		snprintf(err, errlen, "not connected");
		return (-1);
	}
	if ((md = proto_msgdef(m->type)) == NULL)
		fatalx("%s: unknown message type %u", __func__, m->type);
	if (m->type != MSG_PONG && m->type != MSG_BYE) {
		if (++c->next_id == 0)
			c->next_id = 1;
		m->id = c->next_id;
	}
	limit = c->state == CS_READY ? c->max_frame : PROTO_FRAME_PRELOGIN;
	if (net_send(c->net, m, limit, err, errlen) == -1)
		return (-1);

	if (m->id != 0) {
		req = xcalloc(1, sizeof *req);
		req->id = m->id;
		req->type = m->type;
		req->flags = flags;
		req->session = client_msg_session(m);
		clock_gettime(CLOCK_MONOTONIC, &req->sent);
		TAILQ_INSERT_TAIL(&c->requests, req, entry);
		c->nrequests++;
	}
	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("sent"));
	json_object_set_new(ev, "id", json_integer(m->id));
	json_object_set_new(ev, "req", msgjson_text(md->name));
	client_event(c, ev);

	if (m->type == MSG_LOGOUT)
		c->expect_close = 1;	/* the server replies ok, then bye */
	if (m->type == MSG_BYE) {
		c->bye_sent = 1;
		c->expect_close = 1;
		client_end(c, EXIT_OK, "client", m->u.bye.code,
		    m->u.bye.reason != NULL && *m->u.bye.reason != '\0' ?
		    m->u.bye.reason : "closed by the client");
	}
	return (0);
}

/* Send a message for a command; see client_send_flags. */
int
client_send(struct client *c, struct proto_msg *m, char *err, size_t errlen)
{
	return (client_send_flags(c, m, 0, err, errlen));
}

/* Send a request the client makes for itself: its reply is not shown. */
int
client_send_quiet(struct client *c, struct proto_msg *m, char *err,
    size_t errlen)
{
	return (client_send_flags(c, m, REQ_INTERNAL, err, errlen));
}

/* Send a message the client itself needs; a failure ends the connection. */
static int
client_send_or_end(struct client *c, struct proto_msg *m)
{
	char	err[256], *reason;

	if (client_send_flags(c, m, REQ_INTERNAL, err, sizeof err) == 0)
		return (0);
	xasprintf(&reason, "cannot send %s: %s", proto_msgdef(m->type)->name,
	    err);
	client_end(c, EXIT_PROTOCOL, "client", 0, reason);
	free(reason);
	return (-1);
}

/* Take the request a reply answers off the queue, or return NULL. */
static struct request *
client_take_request(struct client *c, uint32_t id)
{
	struct request	*req;

	if (id == 0)
		return (NULL);
	TAILQ_FOREACH(req, &c->requests, entry) {
		if (req->id == id) {
			TAILQ_REMOVE(&c->requests, req, entry);
			c->nrequests--;
			return (req);
		}
	}
	return (NULL);
}

/* (Re)arm the keepalive: the server has been heard from. */
static void
client_heard(struct client *c)
{
	struct timeval	tv;

	if (c->keepalive == NULL || c->ping_interval == 0)
		return;
	c->keepalive_sent = 0;
	tv.tv_sec = c->ping_interval + CLIENT_PING_GRACE;
	tv.tv_usec = 0;
	evtimer_add(c->keepalive, &tv);
}

/* Keepalive timer: the server has been silent too long. */
static void
client_keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct client		*c = arg;
	struct proto_msg	 m;
	struct timeval		 tv;

	(void)fd;
	(void)what;
	if (c->keepalive_sent) {
		/* Nothing came back: the connection is dead. */
		net_free(c->net);
		c->net = NULL;
		client_end(c, EXIT_TEMPFAIL, "network", 0, "the server stopped "
		    "answering");
		return;
	}
	memset(&m, 0, sizeof m);
	m.type = MSG_PING;
	m.u.ping.nonce = client_nonce();
	if (client_send_or_end(c, &m) == -1)
		return;
	c->keepalive_sent = 1;
	tv.tv_sec = c->ping_interval + CLIENT_PING_GRACE;
	tv.tv_usec = 0;
	evtimer_add(c->keepalive, &tv);
}

/* welcome: check the version, note the limits, and log in. */
static void
client_on_welcome(struct client *c, struct proto_msg *m, struct request *req)
{
	struct msg_welcome	*w = &m->u.welcome;
	char			*reason;

	if (c->state != CS_HELLO || req == NULL || req->id != c->hello_id)
		return;
	if (w->version < PROTO_VERSION_MIN || w->version > PROTO_VERSION) {
		xasprintf(&reason, "the server chose protocol version %u; "
		    "this client speaks %d to %d", w->version,
		    PROTO_VERSION_MIN, PROTO_VERSION);
		client_end(c, EXIT_PROTOCOL, "client", ERR_VERSION, reason);
		free(reason);
		return;
	}
	c->max_frame = w->max_frame != 0 ? w->max_frame : PROTO_FRAME_DEFAULT;
	if (c->max_frame > PROTO_FRAME_CEILING)
		c->max_frame = PROTO_FRAME_CEILING;
	c->ping_interval = w->ping_interval != 0 ? w->ping_interval : 60;
	c->state = CS_LOGIN;
	client_heard(c);
	client_login(c);
}

/*
 * Send login with the password we hold, then forget the password; or,
 * coming back after a lost connection, with the resume token.
 */
static void
client_send_login(struct client *c)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_LOGIN;
	m.u.login.user = c->opts->user;
	c->token_login = c->password == NULL;
	if (c->token_login)
		m.u.login.token = c->token;
	else
		m.u.login.password = c->password;
	if (client_send_or_end(c, &m) == 0)
		c->login_id = m.id;
	if (c->password != NULL) {
		freezero(c->password, strlen(c->password));
		c->password = NULL;
	}
}

/* The user answered the password prompt. */
static void
client_password_cb(struct client *c, char *answer, void *arg)
{
	char	err[128];

	(void)arg;
	if (c->state != CS_LOGIN) {
		if (answer != NULL)
			freezero(answer, strlen(answer));
		return;
	}
	if (answer == NULL) {
		client_end(c, EXIT_NOPERM, "client", 0, "no password given");
		return;
	}
	if (password_check(answer, err, sizeof err) == -1) {
		freezero(answer, strlen(answer));
		client_notice(c, "%s", err);
		client_login(c);
		return;
	}
	c->password = answer;
	client_send_login(c);
}

/*
 * Log in: with the resume token (coming back after a lost connection),
 * the password from the environment or a file, or ask.
 */
static void
client_login(struct client *c)
{
	char	*prompt;

	if (c->password != NULL || (c->token != NULL && c->ready_at == 0 &&
	    c->model->attempt > 0)) {
		client_send_login(c);
		return;
	}
	if (!c->interactive) {
		client_end(c, EXIT_NOPERM, "client", 0, "no password: set "
		    "ROUNDTABLE_PASSWORD or give --password-file");
		return;
	}
	c->password_asked = 1;
	xasprintf(&prompt, "Password for %s@%s: ", c->opts->user, c->hostname);
	client_ask(c, prompt, ASK_SECRET, client_password_cb, NULL);
	free(prompt);
}

/*
 * Back after a lost connection: rejoin every session we were in, asking
 * for the events after the last one seen.
 */
static void
client_rejoin(struct client *c)
{
	struct proto_msg	 m;
	struct msess		*s;
	size_t			 i;

	for (i = 0; i < c->model->nsess; i++) {
		s = c->model->sess[i];
		if (!s->joined || s->left)
			continue;
		memset(&m, 0, sizeof m);
		m.type = MSG_SESSION_JOIN;
		m.u.session_ref.session = s->id;
		m.u.session_ref.since = s->seq;
		m.u.session_ref.observer = s->observer;
		m.u.session_ref.facilitator = s->facilitator;
		if (client_send_or_end(c, &m) == -1)
			return;
		client_notice(c, "Rejoining session #%llu after event %llu.",
		    (unsigned long long)s->id, (unsigned long long)s->seq);
	}
}

/* login_ok: keep who we are and the resume token; ready for commands. */
static void
client_on_login_ok(struct client *c, struct proto_msg *m,
    struct request *req)
{
	struct msg_login_ok	*lo = &m->u.login_ok;

	if (c->state != CS_LOGIN || req == NULL || req->id != c->login_id)
		return;
	c->uid = lo->uid;
	free(c->user);
	c->user = xstrdup(lo->user);
	c->admin = lo->admin;
	if (lo->token != NULL) {	/* a token login keeps its token */
		if (c->token != NULL)
			freezero(c->token, strlen(c->token));
		c->token = xstrdup(lo->token);
		c->token_expires = lo->token_expires;
	}
	c->must_change_password = lo->must_change_password;
	c->state = CS_READY;
	c->ready_at = model_now_ms();
	model_set_me(c->model, lo->user);
	model_set_online(c->model, 1, 0);
	if (c->must_change_password)
		client_notice(c, "The server requires a new password before "
		    "anything else: run /passwd.");
	c->fe->ready(c);
	client_rejoin(c);
}

/* ping from the server: answer with a pong carrying the same nonce. */
static void
client_on_ping(struct client *c, struct proto_msg *m, struct request *req)
{
	struct proto_msg	r;

	(void)req;
	memset(&r, 0, sizeof r);
	r.type = MSG_PONG;
	r.id = m->id;
	r.u.ping.nonce = m->u.ping.nonce;
	client_send_or_end(c, &r);
}

/* bye from the server: it closes; work out what that means. */
static void
client_on_bye(struct client *c, struct proto_msg *m, struct request *req)
{
	const struct msg_bye	*b = &m->u.bye;
	char			*reason;
	int			 status;

	(void)req;
	if (b->code == 0)
		status = c->expect_close ? EXIT_OK : EXIT_TEMPFAIL;
	else
		status = client_bye_exit(b->code);
	if (b->code != 0)
		xasprintf(&reason, "the server closed the connection: %s (%s)",
		    b->reason != NULL && *b->reason != '\0' ? b->reason :
		    "no reason given", proto_err_name((int)b->code));
	else
		xasprintf(&reason, "the server closed the connection%s%s",
		    b->reason != NULL && *b->reason != '\0' ? ": " : "",
		    b->reason != NULL ? b->reason : "");
	client_end(c, status, "server", b->code, reason);
	free(reason);
}

/* Return the exit code for a refused login. */
static int
client_login_exit(uint32_t code)
{
	switch (code) {
	case ERR_THROTTLED:
	case ERR_BUSY:
	case ERR_SHUTDOWN:
		return (EXIT_TEMPFAIL);
	default:
		return (EXIT_NOPERM);
	}
}

/* error: a request failed; hello and login failures end the connection. */
static void
client_on_error(struct client *c, struct proto_msg *m, struct request *req)
{
	const struct msg_error	*e = &m->u.error;
	char			*reason, reason_buf[256];

	if (req == NULL)
		return;
	reason_buf[0] = '\0';
	if (req->id == c->hello_id && c->state == CS_HELLO) {
		xasprintf(&reason, "the server refused hello: %s (%s)",
		    e->message, proto_err_name((int)e->code));
		client_end(c, EXIT_PROTOCOL, "client", 0, reason);
		free(reason);
		return;
	}
	if (req->id == c->login_id && c->state == CS_LOGIN) {
		if (c->token_login && (e->code == ERR_TOKEN ||
		    e->code == ERR_AUTH)) {
			/* The token is gone: log in with the password. */
			freezero(c->token, strlen(c->token));
			c->token = NULL;
			c->token_login = 0;
			client_notice(c, "The resume token was refused (%s); "
			    "logging in with the password.", e->message);
			if (client_password(c, reason_buf, sizeof reason_buf) !=
			    0 || (c->password == NULL && !c->interactive)) {
				client_end(c, EXIT_NOPERM, "client", 0,
				    reason_buf);
				return;
			}
			client_login(c);
			return;
		}
		if (e->code == ERR_AUTH && c->password_asked &&
		    ++c->login_tries < CLIENT_LOGIN_TRIES) {
			client_login(c);
			return;
		}
		xasprintf(&reason, "login failed: %s (%s)", e->message,
		    proto_err_name((int)e->code));
		client_end(c, client_login_exit(e->code), "client", 0, reason);
		free(reason);
		return;
	}
	if (req->type == MSG_LOGOUT)
		c->expect_close = 0;	/* still logged in after all */
	c->refused = 1;
}

/* ok: a changed password lifts the server's demand for one. */
static void
client_on_ok(struct client *c, struct proto_msg *m, struct request *req)
{
	(void)m;
	if (req != NULL && req->type == MSG_PASSWD)
		c->must_change_password = 0;
}

/* net: TLS is up. Check who the server is before sending anything. */
static void
client_net_connected(void *arg)
{
	struct client	*c = arg;

	if (net_fingerprint(c->net, c->fp) == -1) {
		client_end(c, EXIT_PROTOCOL, "client", 0, "the server sent no "
		    "certificate");
		return;
	}
	c->state = CS_VERIFY;
	client_verify(c);
}

/*
 * One part of a long backfill came (a truncated session_state): join
 * again from its last event, with the same options, until the last part.
 */
static void
client_join_rest(struct client *c, const struct msg_session_state *st)
{
	struct proto_msg	 m;
	struct msess		*s;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_JOIN;
	m.u.session_ref.session = st->session;
	m.u.session_ref.since = model_backfill_part(c->model, st);
	if ((s = model_session(c->model, st->session)) != NULL) {
		m.u.session_ref.observer = s->observer;
		m.u.session_ref.facilitator = s->facilitator;
	}
	client_send_or_end(c, &m);
}

/*
 * Keep the model up to date with a message: session states and events,
 * refusals of session requests, and replies worth showing. The alerts it
 * raises wait in c->alerts for the frontend.
 */
static void
client_model(struct client *c, struct proto_msg *m, struct request *req)
{
	int64_t	now = model_now_ms();

	c->alerts = 0;
	switch (m->type) {
	case MSG_SESSION_STATE:
		if (m->u.session_state.truncated) {
			client_join_rest(c, &m->u.session_state);
			c->alerts = MA_CHANGED;
			break;
		}
		c->alerts = model_state(c->model, &m->u.session_state, now);
		break;
	case MSG_SESSION_EVENT:
		c->alerts = model_event(c->model, &m->u.session_event, now);
		break;
	case MSG_ERROR:
		if (req != NULL && req->type >= MSG_SESSION_CREATE &&
		    req->type <= MSG_TEMPLATE_INFO && req->session != 0 &&
		    (!(req->flags & REQ_INTERNAL) ||
		    req->type == MSG_SESSION_JOIN))
			c->alerts = model_refusal(c->model, req->session,
			    req->type, &m->u.error);
		break;
	case MSG_POSTED:
		break;
	case MSG_SESSION:
		if (req != NULL && (req->flags & REQ_INTERNAL)) {
			model_session_info(c->model, &m->u.session);
			break;
		}
		model_reply(c->model, m, req != NULL ? req->type : 0,
		    req != NULL ? req->session : 0);
		break;
	case MSG_TRANSCRIPT_ENTRIES:
		/* Later pages the interface asks for itself show too. */
		model_reply(c->model, m, req != NULL ? req->type : 0, 0);
		break;
	case MSG_TEMPLATE_PAGE:
		if (req != NULL && (req->flags & REQ_INTERNAL)) {
			model_templates(c->model, &m->u.template_page);
			break;
		}
		/* FALLTHROUGH */
	default:
		if (req != NULL && !(req->flags & REQ_INTERNAL))
			model_reply(c->model, m, req->type, req->session);
		break;
	}
}

/* net: a decoded message arrived. */
static void
client_net_message(void *arg, struct proto_msg *m)
{
	struct client	*c = arg;
	struct request	*req;
	size_t		 i;
	int		 answered;

	if (c->state == CS_CLOSING || c->state == CS_CLOSED)
		return;
	client_heard(c);
	if (export_message(c, m) == 1)
		return;		/* an export's chunk: written, not shown */
	req = client_take_request(c, m->id);
	client_model(c, m, req);
	c->fe->message(c, m, req);
	for (i = 0; i < sizeof client_handlers / sizeof client_handlers[0];
	    i++) {
		if (client_handlers[i].type == m->type) {
			client_handlers[i].fn(c, m, req);
			break;
		}
	}
	answered = req != NULL;
	free(req);
	if (answered && c->nrequests == 0 && c->state == CS_READY)
		c->fe->idle(c);
}

/* net: a frame that could not be decoded. */
static void
client_net_bad_message(void *arg, const struct proto_msg *m,
    const struct proto_err *err)
{
	struct client	*c = arg;
	struct request	*req;
	json_t		*ev;
	char		*reason;

	if (c->state == CS_CLOSING || c->state == CS_CLOSED)
		return;
	if (m != NULL && err->code == ERR_UNKNOWN_TYPE) {
		/* A newer server's message: skip it. */
		client_heard(c);
		ev = json_object();
		json_object_set_new(ev, "type", msgjson_text("unknown"));
		json_object_set_new(ev, "id", json_integer(m->id));
		json_object_set_new(ev, "message", msgjson_text(err->text));
		client_event(c, ev);
		if ((req = client_take_request(c, m->id)) != NULL) {
			c->refused = 1;
			free(req);
			if (c->nrequests == 0 && c->state == CS_READY)
				c->fe->idle(c);
		}
		return;
	}
	xasprintf(&reason, "protocol error: the server sent a bad frame: %s "
	    "(%s)", err->text, proto_err_name(err->code));
	client_end(c, EXIT_PROTOCOL, "client", (uint32_t)err->code, reason);
	free(reason);
}

/* net: the connection failed or was lost. */
static void
client_net_lost(void *arg, int code, const char *reason)
{
	struct client	*c = arg;

	net_free(c->net);
	c->net = NULL;
	if (c->retrying && c->state == CS_IDLE) {
		client_schedule(c);	/* lost while closing for a retry */
		return;
	}
	if (c->expect_close && code == EXIT_TEMPFAIL)
		code = EXIT_OK;	/* we asked for this end */
	client_end(c, code, "network", 0, reason);
}

/* net: a graceful close finished: done, or wait to try again. */
static void
client_net_closed(void *arg)
{
	struct client	*c = arg;

	if (c->retrying && c->state == CS_IDLE) {
		net_free(c->net);
		c->net = NULL;
		client_schedule(c);
		return;
	}
	client_done(c);
}

static const struct net_cb client_net_cb = {
	client_net_connected,
	client_net_message,
	client_net_bad_message,
	client_net_lost,
	client_net_closed
};

/* Send hello: the server's identity is settled. */
static void
client_proceed(struct client *c, const char *trust)
{
	struct proto_msg	 m;
	json_t			*ev;

	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("connected"));
	json_object_set_new(ev, "host", msgjson_text(c->opts->host));
	json_object_set_new(ev, "port", json_integer(atoi(c->opts->port)));
	json_object_set_new(ev, "address", msgjson_text(net_address(c->net)));
	json_object_set_new(ev, "fingerprint", msgjson_text(c->fp));
	json_object_set_new(ev, "trust", msgjson_text(trust));
	client_event(c, ev);

	c->state = CS_HELLO;
	net_pause(c->net, 0);
	memset(&m, 0, sizeof m);
	m.type = MSG_HELLO;
	m.u.hello.version_min = PROTO_VERSION_MIN;
	m.u.hello.version_max = PROTO_VERSION;
	m.u.hello.client = (char *)"roundtable " RT_VERSION;
	if (client_send_or_end(c, &m) == 0)
		c->hello_id = m.id;
}

/*
 * Refuse a server whose fingerprint is not the one expected: source is
 * "known_hosts" (file and line say where) or "fingerprint" (--fingerprint).
 */
static void
client_reject(struct client *c, const char *source, const char *expected,
    const char *file, unsigned long line)
{
	json_t	*ev;
	char	*reason;

	ev = json_object();
	json_object_set_new(ev, "type", msgjson_text("host_key_mismatch"));
	json_object_set_new(ev, "host", msgjson_text(c->opts->host));
	json_object_set_new(ev, "port", json_integer(atoi(c->opts->port)));
	json_object_set_new(ev, "source", msgjson_text(source));
	json_object_set_new(ev, "expected", msgjson_text(expected));
	json_object_set_new(ev, "presented", msgjson_text(c->fp));
	if (file != NULL) {
		json_object_set_new(ev, "file", msgjson_text(file));
		json_object_set_new(ev, "line", json_integer((json_int_t)line));
	}
	client_event(c, ev);
	xasprintf(&reason, "host key verification failed: the server's "
	    "fingerprint %s does not match %s", c->fp, file != NULL ?
	    "known_hosts" : "--fingerprint");
	client_end(c, EXIT_NOPERM, "client", 0, reason);
	free(reason);
}

/*
 * Return the loud warning for a host_key_mismatch event, in the words
 * ssh uses, so that nobody mistakes it for a routine message.
 */
char *
client_hostkey_warning(json_t *ev)
{
	const char	*host, *expected, *presented, *file;
	char		*s, name[320], port[8];
	json_int_t	 line;

	host = json_string_value(json_object_get(ev, "host"));
	expected = json_string_value(json_object_get(ev, "expected"));
	presented = json_string_value(json_object_get(ev, "presented"));
	file = json_string_value(json_object_get(ev, "file"));
	line = json_integer_value(json_object_get(ev, "line"));
	snprintf(port, sizeof port, "%lld",
	    json_integer_value(json_object_get(ev, "port")));
	hostkey_name(host != NULL ? host : "?", port, name, sizeof name);
	if (file == NULL) {
		xasprintf(&s, "%s"
		    "@       WARNING: SERVER FINGERPRINT DOES NOT MATCH!       @\n"
		    "%s"
		    "The server at %s does not have the certificate you pinned\n"
		    "with --fingerprint (or fingerprint in the config file).\n"
		    "Someone could be eavesdropping on you right now "
		    "(man-in-the-middle attack)!\n"
		    "Expected:  %s\n"
		    "Presented: %s\n"
		    "Host key verification failed; not connecting.",
		    CLIENT_BANNER, CLIENT_BANNER, name, expected, presented);
		return (s);
	}
	xasprintf(&s, "%s"
	    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
	    "%s"
	    "IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n"
	    "Someone could be eavesdropping on you right now "
	    "(man-in-the-middle attack)!\n"
	    "It is also possible that the server's certificate has just "
	    "been replaced.\n"
	    "The fingerprint recorded for %s is\n"
	    "    %s\n"
	    "but the server now presents\n"
	    "    %s\n"
	    "Offending entry: %s:%lld\n"
	    "If the new certificate is expected, remove line %lld of %s\n"
	    "and connect again to record the new fingerprint.\n"
	    "Host key verification failed; not connecting.",
	    CLIENT_BANNER, CLIENT_BANNER, name, expected, presented, file,
	    line, line, file);
	return (s);
}

/* The user answered whether to trust a server seen for the first time. */
static void
client_trust_cb(struct client *c, char *answer, void *arg)
{
	char	err[512], typed[HOSTKEY_SIZE];

	(void)arg;
	if (c->state != CS_VERIFY) {
		free(answer);
		return;
	}
	/* As in ssh, typing the fingerprint itself also means yes. */
	if (answer != NULL && (strcasecmp(answer, "yes") == 0 ||
	    (hostkey_parse(answer, typed) == 0 &&
	    strcmp(typed, c->fp) == 0))) {
		free(answer);
		if (hostkey_store(c->known_hosts, c->hostname, c->fp, err,
		    sizeof err) == -1)
			client_notice(c, "Failed to add %s to the list of "
			    "known hosts: %s", c->hostname, err);
		else
			client_notice(c, "Permanently added %s (%s) to the "
			    "list of known hosts.", c->hostname, c->fp);
		client_proceed(c, "new");
		return;
	}
	if (answer != NULL && strcasecmp(answer, "no") != 0) {
		free(answer);
		client_ask(c, "Please type 'yes' or 'no': ", 0,
		    client_trust_cb, NULL);
		return;
	}
	free(answer);
	client_end(c, EXIT_NOPERM, "client", 0, "host key verification "
	    "failed: the server was not trusted");
}

/*
 * Decide whether to trust the server: the pinned fingerprint, the CA
 * (already checked in the handshake), or known_hosts, where an unknown
 * server is asked about (line mode) or recorded with a notice (batch).
 */
static void
client_verify(struct client *c)
{
	struct hostkey_entry	 found;
	char			 err[512], *prompt;

	if (c->opts->fingerprint != NULL) {
		if (strcmp(c->fp, c->opts->fingerprint) != 0) {
			client_reject(c, "fingerprint", c->opts->fingerprint,
			    NULL, 0);
			return;
		}
		client_proceed(c, "pinned");
		return;
	}
	if (c->opts->ca != NULL) {
		client_proceed(c, "ca");
		return;
	}
	if ((c->known_hosts = options_config_path("known_hosts")) == NULL) {
		client_end(c, EXIT_IOERR, "client", 0, "there is no home "
		    "directory for known_hosts; use --fingerprint or --ca");
		return;
	}
	switch (hostkey_lookup(c->known_hosts, c->hostname, c->fp, &found,
	    err, sizeof err)) {
	case HOSTKEY_MATCH:
		client_proceed(c, "known");
		return;
	case HOSTKEY_CHANGED:
		client_reject(c, "known_hosts", found.fp, c->known_hosts,
		    found.line);
		return;
	case HOSTKEY_ERROR:
		client_end(c, EXIT_IOERR, "client", 0, err);
		return;
	case HOSTKEY_UNKNOWN:
		break;
	}
	if (!c->interactive) {
		if (hostkey_store(c->known_hosts, c->hostname, c->fp, err,
		    sizeof err) == -1)
			client_notice(c, "Failed to add %s to the list of "
			    "known hosts: %s", c->hostname, err);
		else
			client_notice(c, "Permanently added %s (%s) to the "
			    "list of known hosts.", c->hostname, c->fp);
		client_proceed(c, "new");
		return;
	}
	net_pause(c->net, 1);
	xasprintf(&prompt, "The authenticity of server '%s' (%s) can't be "
	    "established.\nIts certificate fingerprint is %s.\nCompare it "
	    "with the fingerprint roundtabled printed when it started.\n"
	    "Are you sure you want to continue connecting "
	    "(yes/no/[fingerprint])? ",
	    c->hostname, net_address(c->net), c->fp);
	client_ask(c, prompt, 0, client_trust_cb, NULL);
	free(prompt);
}

/* A signal: the first asks to quit, the second stops at once. */
static void
client_signal_cb(evutil_socket_t sig, short what, void *arg)
{
	struct client	*c = arg;

	(void)what;
	if (c->quitting++ > 0) {
		event_base_loopbreak(c->base);
		return;
	}
	log_debug("signal %d", (int)sig);
	client_end(c, c->interactive ? EXIT_OK : EXIT_TEMPFAIL, "client", 0,
	    "interrupted");
}

/* Create a client for the settings in opts, shown through frontend fe. */
struct client *
client_create(struct event_base *base, struct options *opts,
    const struct frontend *fe)
{
	struct client	*c;

	c = xcalloc(1, sizeof *c);
	c->base = base;
	c->opts = opts;
	c->fe = fe;
	c->interactive = fe == &fe_line || fe == &fe_tui;
	c->model = model_create();
	c->state = CS_IDLE;
	c->exit_code = -1;
	c->max_frame = PROTO_FRAME_DEFAULT;
	TAILQ_INIT(&c->requests);
	hostkey_name(opts->host, opts->port, c->hostname, sizeof c->hostname);
	return (c);
}

/* Free a client and everything it holds. */
void
client_free(struct client *c)
{
	if (c == NULL)
		return;
	c->fe->free(c);
	export_free(c);		/* an export cut short leaves no file */
	net_free(c->net);
	if (c->ssl_ctx != NULL)
		SSL_CTX_free(c->ssl_ctx);
	client_clear_requests(c);
	if (c->keepalive != NULL)
		event_free(c->keepalive);
	if (c->retry != NULL)
		event_free(c->retry);
	model_free(c->model);
	if (c->sigint != NULL)
		event_free(c->sigint);
	if (c->sigterm != NULL)
		event_free(c->sigterm);
	if (c->sighup != NULL)
		event_free(c->sighup);
	if (c->password != NULL)
		freezero(c->password, strlen(c->password));
	if (c->token != NULL)
		freezero(c->token, strlen(c->token));
	free(c->known_hosts);
	free(c->user);
	free(c);
}

/*
 * Find the password: --password-file on the command line, then
 * ROUNDTABLE_PASSWORD, then password_file in the config file; in line mode
 * the user is asked later. Return 0 or an exit code, with err filled.
 */
static int
client_password(struct client *c, char *err, size_t errlen)
{
	const char	*env;
	char		 sub[256];

	if (c->opts->password_file != NULL &&
	    options_from(c->opts, "password-file") == OPT_CLI)
		return (password_read_file(c->opts->password_file,
		    &c->password, err, errlen) == -1 ? EXIT_NOINPUT : 0);
	if ((env = getenv("ROUNDTABLE_PASSWORD")) != NULL && *env != '\0') {
		if (password_check(env, sub, sizeof sub) == -1) {
			snprintf(err, errlen, "ROUNDTABLE_PASSWORD: %s", sub);
			return (EXIT_USAGE);
		}
		c->password = xstrdup(env);
		return (0);
	}
	if (c->opts->password_file != NULL)
		return (password_read_file(c->opts->password_file,
		    &c->password, err, errlen) == -1 ? EXIT_NOINPUT : 0);
	if (!c->interactive) {
		snprintf(err, errlen, "no password: set ROUNDTABLE_PASSWORD or "
		    "give --password-file (batch mode cannot prompt)");
		return (EXIT_USAGE);
	}
	return (0);
}

/*
 * Start the frontend and the connection. Return 0, or an exit code after
 * saying on stderr why the client cannot start.
 */
int
client_start(struct client *c)
{
	char	err[512];
	int	rv;

	if ((rv = client_password(c, err, sizeof err)) != 0) {
		fprintf(stderr, "roundtable: %s\n", err);
		return (rv);
	}
	if ((c->ssl_ctx = tls_context(c->opts->ca, err, sizeof err)) == NULL) {
		fprintf(stderr, "roundtable: %s\n", err);
		return (EXIT_NOINPUT);
	}
	if (c->fe->start(c) == -1)
		return (EXIT_USAGE);

	c->keepalive = evtimer_new(c->base, client_keepalive_cb, c);
	c->sigint = evsignal_new(c->base, SIGINT, client_signal_cb, c);
	c->sigterm = evsignal_new(c->base, SIGTERM, client_signal_cb, c);
	c->sighup = evsignal_new(c->base, SIGHUP, client_signal_cb, c);
	evsignal_add(c->sigint, NULL);
	evsignal_add(c->sigterm, NULL);
	evsignal_add(c->sighup, NULL);

	c->retry = evtimer_new(c->base, client_retry_cb, c);
	client_connect(c);
	return (0);
}

/* Open the connection: TCP, then TLS; client_net_connected follows. */
static void
client_connect(struct client *c)
{
	c->state = CS_CONNECTING;
	c->expect_close = 0;
	c->bye_sent = 0;
	c->hello_id = c->login_id = 0;
	c->login_tries = 0;
	c->net = net_connect(c->base, c->ssl_ctx, c->opts->host, c->opts->port,
	    c->opts->ca != NULL, &client_net_cb, c);
}

/* Return the exit code the session ended with. */
int
client_exit_code(const struct client *c)
{
	return (c->exit_code == -1 ? EXIT_SOFTWARE : c->exit_code);
}
