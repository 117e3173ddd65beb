/*
 * req-ping.c: ping and pong, the keepalive. Any frame counts as activity
 * (conn.c), so a pong needs no action of its own.
 */
#include <string.h>

#include "roundtabled.h"

/* Answer a ping with a pong carrying its nonce and id. */
static void
req_ping_act(struct conn *c, struct proto_msg *m)
{
	struct proto_msg	p;

	memset(&p, 0, sizeof p);
	p.type = MSG_PONG;
	p.u.ping.nonce = m->u.ping.nonce;
	conn_reply(c, m, &p);
}

/* A pong answers our keepalive ping; its arrival already counted. */
static void
req_pong_act(struct conn *c, struct proto_msg *m)
{
	(void)c;
	(void)m;
}

const struct req_entry req_ping_entry = {
	.type = MSG_PING,
	.flags = REQ_EXPIRED_OK | REQ_PIPELINE,
	.act = req_ping_act,
};

const struct req_entry req_pong_entry = {
	.type = MSG_PONG,
	.flags = REQ_EXPIRED_OK | REQ_PIPELINE,
	.act = req_pong_act,
};
