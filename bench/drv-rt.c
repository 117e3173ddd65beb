/*
 * drv-rt.c: the Roundtable protocol driver: hello, login by password or
 * resume token (PROTOCOL.md 4.2), pong for every ping, bye at the end.
 * Frames are encoded and decoded with the rtproto library, exactly as
 * the server does. Rooms (spaces and sessions) are in drv-rt-room.c.
 */
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

#include "bench.h"
#include "rt-proto.h"

#define DRV_RT_BUSY_DELAY	(200 * BENCH_MS)
#define DRV_RT_THROTTLE_DELAY	(1000 * BENCH_MS)

static struct pbuf	drv_rt_out;

/* Encode a message and queue it on the client's connection. */
void
drv_rt_send(struct client *c, struct proto_msg *m)
{
	drv_rt_out.len = 0;
	if (proto_encode(m, &drv_rt_out) == -1)
		return;
	net_send(c, drv_rt_out.data, drv_rt_out.len);
}

/* TLS is up: say hello. */
static void
drv_rt_start(struct client *c)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_HELLO;
	m.id = ++c->reqid;
	m.u.hello.version_min = PROTO_VERSION_MIN;
	m.u.hello.version_max = PROTO_VERSION;
	m.u.hello.client = (char *)"roundtable-bench";
	drv_rt_send(c, &m);
}

/* Log in, with the account's resume token when there is one. */
static void
drv_rt_login(struct client *c)
{
	struct proto_msg	 m;
	const char		*token;
	char			 user[BENCH_NICK_MAX], pw[PROTO_SECRET_MAX + 1];

	snprintf(user, sizeof user, "%s%u", B.conf.prefix, c->account);
	memset(&m, 0, sizeof m);
	m.type = MSG_LOGIN;
	m.id = ++c->reqid;
	m.u.login.user = user;
	token = c->no_token ? NULL : tokens_get(c->account);
	if (token != NULL)
		m.u.login.token = (char *)token;
	else
		m.u.login.password = (char *)wl_password(c, pw, sizeof pw);
	c->t_login = mono_ns();
	if (B.setup_login_first == 0)
		B.setup_login_first = c->t_login;
	drv_rt_send(c, &m);
}

/* A login failed: retry in the way the error asks for. */
static int
drv_rt_login_error(struct client *c, const struct msg_error *e)
{
	switch (e->code) {
	case ERR_TOKEN:
		tokens_forget(c->account);
		c->no_token = true;
		drv_rt_login(c);
		return (0);
	case ERR_BUSY:
		net_retry(c, DRV_RT_BUSY_DELAY);
		return (0);
	case ERR_THROTTLED:
		net_retry(c, DRV_RT_THROTTLE_DELAY);
		return (0);
	default:
		if (!B.conf.quiet && B.nfailed == 0)
			bench_log("client %u: login refused: %s (%s)", c->idx,
			    e->name != NULL ? e->name : "?",
			    e->message != NULL ? e->message : "");
		c->tries = B.conf.retries;	/* retrying cannot help */
		return (-1);
	}
}

/* Handle one decoded message from the server. */
static int
drv_rt_message(struct client *c, struct proto_msg *m)
{
	struct proto_msg	r;
	int			rc;

	if ((rc = rtroom_message(c, m)) != 0)
		return (rc == -1 ? -1 : 0);
	switch (m->type) {
	case MSG_WELCOME:
		if (c->state == CL_LOGIN)
			drv_rt_login(c);
		return (0);
	case MSG_LOGIN_OK:
		if (m->u.login_ok.token != NULL) {
			tokens_set(c->account, m->u.login_ok.token);
			B.logins_password++;
		} else
			B.logins_token++;
		c->no_token = false;
		wl_ready(c);
		return (0);
	case MSG_PING:
		memset(&r, 0, sizeof r);
		r.type = MSG_PONG;
		r.id = m->id;
		r.u.ping.nonce = m->u.ping.nonce;
		drv_rt_send(c, &r);
		return (0);
	case MSG_ERROR:
		if (m->u.error.req_type == MSG_LOGIN)
			return (drv_rt_login_error(c, &m->u.error));
		if (!B.conf.quiet && B.nfailed == 0)
			bench_log("client %u: error %s: %s", c->idx,
			    m->u.error.name != NULL ? m->u.error.name : "?",
			    m->u.error.message != NULL ? m->u.error.message :
			    "");
		return (0);
	case MSG_BYE:
		return (-1);
	default:
		return (0);
	}
}

/*
 * Handle every complete frame in the input: posts by the fast path, the
 * rest decoded in full.
 */
static int
drv_rt_input(struct client *c, struct evbuffer *in)
{
	struct proto_msg	 m;
	struct proto_err	 err;
	uint8_t			 hdr[PROTO_HDR_LEN], *p;
	const char		*text;
	size_t			 tlen;
	uint32_t		 len;
	int			 rc;

	while (evbuffer_get_length(in) >= PROTO_HDR_LEN) {
		evbuffer_copyout(in, hdr, sizeof hdr);
		if (proto_frame_length(hdr, PROTO_FRAME_S2C, &len, &err) == -1)
			return (-1);
		if (evbuffer_get_length(in) < PROTO_HDR_LEN + (size_t)len)
			break;
		p = evbuffer_pullup(in, PROTO_HDR_LEN + (ssize_t)len);
		if (drv_rt_peek_post(p + PROTO_HDR_LEN, len, &text, &tlen)) {
			wl_delivery(c, text, tlen);
			evbuffer_drain(in, PROTO_HDR_LEN + (size_t)len);
			continue;
		}
		if (proto_decode(p + PROTO_HDR_LEN, len, PD_S2C, &m, &err) ==
		    -1) {
			if (!B.conf.quiet)
				bench_log("client %u: bad frame: %s", c->idx,
				    err.text);
			proto_msg_free(&m);
			return (-1);
		}
		evbuffer_drain(in, PROTO_HDR_LEN + (size_t)len);
		rc = drv_rt_message(c, &m);
		proto_msg_free(&m);
		if (rc == -1)
			return (-1);
		if (c->bev == NULL)
			return (0);	/* torn down for a retry */
	}
	return (0);
}

/* Say bye before closing. */
static void
drv_rt_quit(struct client *c)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_BYE;
	drv_rt_send(c, &m);
}

const struct driver drv_rt = {
	.name = "roundtable",
	.port = 7447,
	.echo = true,
	.start = drv_rt_start,
	.input = drv_rt_input,
	.join = rtroom_join,
	.post = rtroom_post,
	.quit = drv_rt_quit,
	.timers = true,
	.missing = NULL,
};
