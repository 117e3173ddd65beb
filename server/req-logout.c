/*
 * req-logout.c: logout: revoke this connection's resume token, or all of
 * the account's, then close.
 */
#include "log.h"
#include "roundtabled.h"
#include "store.h"

/* Revoke, reply ok, and close. */
static void
req_logout_act(struct conn *c, struct proto_msg *m)
{
	int	rc = STORE_OK;

	if (m->u.logout.all)
		rc = store_token_revoke_user(srv.store, c->uid, 0);
	else if (c->token_id != 0)
		rc = store_token_revoke(srv.store, c->token_id);
	if (rc != STORE_OK) {
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
		return;
	}
	log_info("conn %llu: %s logged out%s", (unsigned long long)c->id,
	    c->user, m->u.logout.all ? " everywhere" : "");
	c->token_id = 0;
	conn_ok(c, m);
	conn_close(c, ERR_NONE, "logged out");
}

const struct req_entry req_logout_entry = {
	.type = MSG_LOGOUT,
	.flags = REQ_EXPIRED_OK,
	.act = req_logout_act,
};
