/*
 * req.c: the request table and dispatch. Each request type has one
 * req_entry, in its own req-*.c file, with a check step (state,
 * permission, arguments) and an act step. The connection state a message
 * may arrive in comes from the protocol's message table and is checked
 * before dispatch (conn.c).
 */
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "space.h"

static const struct req_entry *req_table[] = {
	&req_hello_entry,
	&req_login_entry,
	&req_ping_entry,
	&req_pong_entry,
	&req_bye_entry,
	&req_passwd_entry,
	&req_logout_entry,
	&req_space_create_entry,
	&req_space_update_entry,
	&req_space_archive_entry,
	&req_space_info_entry,
	&req_space_list_entry,
	&req_space_mine_entry,
	&req_space_members_entry,
	&req_space_invite_entry,
	&req_space_invites_entry,
	&req_space_revoke_entry,
	&req_space_join_entry,
	&req_space_request_entry,
	&req_space_requests_entry,
	&req_space_approve_entry,
	&req_space_decline_entry,
	&req_space_leave_entry,
	&req_space_add_entry,
	&req_space_remove_entry,
	&req_space_set_role_entry,
	&req_space_log_entry,
	&req_session_create_entry,
	&req_session_list_entry,
	&req_session_info_entry,
	&req_session_join_entry,
	&req_session_leave_entry,
	&req_session_post_entry,
	&req_session_act_entry,
	&req_session_control_entry,
	&req_session_stats_entry,
	&req_template_list_entry,
	&req_template_info_entry,
	&req_transcript_list_entry,
	&req_transcript_read_entry,
	&req_transcript_search_entry,
	&req_transcript_export_entry,
	&req_transcript_report_entry,
	&req_transcript_annotate_entry,
	&req_transcript_annotations_entry,
	&req_transcript_unannotate_entry,
	&req_transcript_redact_entry,
	&req_transcript_access_entry,
	&req_transcript_policy_entry,
};

static const struct req_entry	*req_index[MSG_TYPE_MAX + 1];

/*
 * Index the table and check it against the protocol: every message a
 * client may send has exactly one handler, and nothing else has one.
 */
void
req_init(void)
{
	const struct msgdef	*md;
	const struct req_entry	*re;
	size_t			 i;

	memset(req_index, 0, sizeof req_index);
	for (i = 0; i < sizeof req_table / sizeof req_table[0]; i++) {
		re = req_table[i];
		md = proto_msgdef(re->type);
		if (md == NULL || !(md->dir & PD_C2S))
			fatalx("req_init: handler for type %u, which clients "
			    "do not send", re->type);
		if (req_index[re->type] != NULL)
			fatalx("req_init: two handlers for %s", md->name);
		if (re->act == NULL)
			fatalx("req_init: %s has no act step", md->name);
		req_index[re->type] = re;
	}
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if ((md->dir & PD_C2S) && req_index[md->type] == NULL)
			fatalx("req_init: no handler for %s", md->name);
	}
	space_observe_log();	/* one log line per membership change */
}

/*
 * Return true if a request may run while the connection's earlier replies
 * wait for a commit (its own reply then waits behind them).
 */
bool
req_pipelined(uint16_t type)
{
	const struct req_entry	*re = req_index[type];

	return (re != NULL && (re->flags & REQ_PIPELINE));
}

/* Run a decoded request through its check and act steps. */
void
req_dispatch(struct conn *c, struct proto_msg *m)
{
	const struct req_entry	*re = req_index[m->type];
	struct proto_err	 err;

	if (re == NULL)
		fatalx("req_dispatch: no handler for type %u", m->type);
	if (c->must_change && !(re->flags & REQ_EXPIRED_OK)) {
		conn_error(c, m, ERR_PASSWORD_EXPIRED, "your password was set "
		    "by the server: change it first (passwd)");
		return;
	}
	memset(&err, 0, sizeof err);
	if (re->check != NULL && re->check(c, m, &err) == -1) {
		conn_error_retry(c, m, err.code, err.retry_ms, "%s", err.text);
		if (err.code == ERR_VERSION)
			conn_close(c, err.code, "%s", err.text);
		return;
	}
	re->act(c, m);
}
