/*
 * req-hello.c: hello, the first message: version negotiation.
 */
#include <string.h>

#include "log.h"
#include "roundtabled.h"

/* The ranges must meet. */
static int
req_hello_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_hello	*h = &m->u.hello;

	(void)c;
	if (h->version_min > h->version_max) {
		proto_err_set(err, ERR_BAD_VALUE,
		    "version_min %u is above version_max %u", h->version_min,
		    h->version_max);
		return (-1);
	}
	if (h->version_max < PROTO_VERSION_MIN ||
	    h->version_min > PROTO_VERSION) {
		proto_err_set(err, ERR_VERSION,
		    "this server speaks protocol versions %d to %d; the client "
		    "offered %u to %u", PROTO_VERSION_MIN, PROTO_VERSION,
		    h->version_min, h->version_max);
		return (-1);
	}
	return (0);
}

/* Pick the highest common version and answer welcome. */
static void
req_hello_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_hello	*h = &m->u.hello;
	struct proto_msg	 w;
	char			 vis[PROTO_LABEL_MAX * 4 + 1];

	c->version = h->version_max < PROTO_VERSION ? h->version_max :
	    PROTO_VERSION;
	c->state = CS_LOGIN;
	log_debug("conn %llu: hello from client '%s', version %u",
	    (unsigned long long)c->id, h->client ? log_vis(vis, sizeof vis,
	    h->client, strlen(h->client)) : "", c->version);

	memset(&w, 0, sizeof w);
	w.type = MSG_WELCOME;
	w.u.welcome.version = c->version;
	w.u.welcome.server = "roundtabled " RT_VERSION;
	w.u.welcome.max_frame = (uint32_t)srv.conf->max_frame;
	w.u.welcome.ping_interval = (uint32_t)(srv.conf->ping_interval / 1000);
	w.u.welcome.idle_timeout = (uint32_t)(srv.conf->idle_timeout / 1000);
	conn_reply(c, m, &w);
}

const struct req_entry req_hello_entry = {
	.type = MSG_HELLO,
	.flags = REQ_EXPIRED_OK,
	.check = req_hello_check,
	.act = req_hello_act,
};
