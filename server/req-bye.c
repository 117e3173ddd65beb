/*
 * req-bye.c: bye from the client: flush what is queued and close.
 */
#include "metrics.h"
#include "roundtabled.h"

/* The client is leaving; nothing is sent back. */
static void
req_bye_act(struct conn *c, struct proto_msg *m)
{
	(void)m;
	metrics_inc(METRIC_BYES_RECEIVED);
	conn_drop(c, "client said bye");
}

const struct req_entry req_bye_entry = {
	.type = MSG_BYE,
	.flags = REQ_EXPIRED_OK,
	.act = req_bye_act,
};
