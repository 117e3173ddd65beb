/*
 * req-session-post.c: session_post: speech, checked against the floor by
 * the engine. An accepted post is answered "posted" with its sequence
 * number only after the commit that stores it; a refused one is answered
 * at once with the rule that refused it, and nothing of it is broadcast
 * or stored.
 */
#include <string.h>

#include "roundtabled.h"
#include "session.h"

/*
 * The caller must be joined, and within the post rate (limits.post_rate,
 * post_burst); a board reply needs a board post.
 */
static int
req_session_post_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_session_post	*r = &m->u.session_post;
	uint64_t			 wait;

	if (r->parent != 0 && !r->board) {
		proto_err_set(err, ERR_BAD_VALUE,
		    "parent is for replies on the board (board: true)");
		return (-1);
	}
	if (session_resolve_joined(c, m->type, r->session, err) == -1)
		return (-1);
	if ((wait = conn_post_wait(c)) > 0) {
		proto_err_set(err, ERR_POST_RATE, "slow down: at most %u posts "
		    "a second (%u at once)", srv.conf->post_rate,
		    srv.conf->post_burst);
		err->retry_ms = wait;
		return (-1);
	}
	return (0);
}

/* Hand the post to the engine. */
static void
req_session_post_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_session_post	*r = &m->u.session_post;
	struct engine_input		 in;

	conn_post_take(c);
	memset(&in, 0, sizeof in);
	in.uid = (uint64_t)c->uid;
	in.text = r->text;
	if (!r->board)
		in.kind = ENGINE_IN_POST;
	else if (r->parent == 0)
		in.kind = ENGINE_IN_BOARD_POST;
	else {
		in.kind = ENGINE_IN_BOARD_REPLY;
		in.parent = r->parent;
	}
	session_input(session_ctx.ls, c, m, &in, NULL);
}

const struct req_entry req_session_post_entry = {
	.type = MSG_SESSION_POST,
	.flags = REQ_PIPELINE,
	.check = req_session_post_check,
	.act = req_session_post_act,
};
