/*
 * req-transcript-redact.c: transcript_redact. A member may redact their
 * own words (a post, a board card or a facilitator note), a steward
 * anyone's, in a live session or an ended one. The words are removed,
 * not hidden: the text is set to NULL in the log, the full-text index
 * loses them through its trigger in the same transaction, the upkeep
 * timer then merges the index's segments so the deleted words are
 * dropped from them too, and secure_delete zeroes the freed bytes. A
 * tombstone stays: the entry (who, when, who redacted it) and a
 * "redacted" event appended to the log, in the same transaction as the
 * removal. In a live session both go through the journal (one batch,
 * one commit), so members joined now are told at once, members who
 * rejoin get it in their backfill, and the reply comes after the commit.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "metrics.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"
#include "transcript.h"

/* What the check step found about the entry, for the act step. */
static struct {
	struct store_tx_entry	e;
	bool			done;	/* already redacted */
} tx_redact;

/* A speech entry of this session, the caller's or a steward's to take. */
static int
req_transcript_redact_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_tx_ref	*r = &m->u.tx_ref;
	int			 rc;

	memset(&tx_redact, 0, sizeof tx_redact);
	if (tx_resolve_session(c, m->type, r->session, err) == -1)
		return (-1);
	rc = r->seq == 0 || r->seq > INT64_MAX ? STORE_NOTFOUND :
	    store_tx_entry_get(srv.store, tx_ctx.row.id, (int64_t)r->seq,
	    &tx_redact.e);
	if (rc == STORE_ERR) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	if (rc == STORE_NOTFOUND) {
		proto_err_set(err, ERR_NOT_FOUND, "no such entry");
		return (-1);
	}
	if (!store_tx_speech(tx_redact.e.kind)) {
		proto_err_set(err, ERR_BAD_VALUE, "only posts, board cards and "
		    "notes hold words to redact; entry %llu is a %s",
		    (unsigned long long)r->seq, tx_redact.e.kind);
		return (-1);
	}
	if (!tx_ctx.steward && tx_redact.e.actor != c->uid) {
		proto_err_set(err, ERR_DENIED, "members redact their own "
		    "words; the space's facilitators, anyone's");
		return (-1);
	}
	if (tx_redact.e.redacted_at != 0) {
		tx_redact.done = true;	/* again: nothing to do */
		return (0);
	}
	if (!tx_redact.e.has_text) {
		proto_err_set(err, ERR_BAD_VALUE, "the session was off the "
		    "record: none of its words were kept");
		return (-1);
	}
	return (0);
}

/* Remove the words, leave the tombstone, tell the session. */
static void
req_transcript_redact_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_tx_ref	*r = &m->u.tx_ref;
	struct store_event	 ev;
	struct live		*ls;
	struct proto_msg	 reply;
	char			 msg[PROTO_REASON_MAX];
	int64_t			 seq = (int64_t)r->seq;
	int			 rc;

	if (tx_redact.done) {
		conn_ok(c, m);
		return;
	}
	ls = session_find(tx_ctx.row.id);
	memset(&ev, 0, sizeof ev);
	ev.session = tx_ctx.row.id;
	ev.at = tx_wall_ms();
	ev.kind = "redacted";
	ev.actor = c->uid;
	ev.target = tx_redact.e.actor;
	ev.value = seq;
	snprintf(msg, sizeof msg, "%s redacted entry %lld.", c->user,
	    (long long)seq);
	ev.msg = msg;

	if (ls != NULL) {
		/* Live: committed with the journal's batch, then broadcast. */
		journal_record_redaction(ls, &ev);
		memset(&reply, 0, sizeof reply);
		reply.type = MSG_OK;
		journal_reply(c, m, &reply);
		return;
	}
	rc = store_begin(srv.store);
	if (rc == STORE_OK)
		rc = store_tx_redact(srv.store, ev.session, seq, c->uid, ev.at);
	if (rc == STORE_OK)
		rc = store_tx_append(srv.store, &ev);
	if (rc == STORE_OK)
		rc = store_commit(srv.store);
	if (rc != STORE_OK) {
		store_rollback(srv.store);
		conn_error(c, m, ERR_STORAGE, "the database could not redact "
		    "that; nothing changed: try again");
		return;
	}
	tx_redacted(ev.session, seq, c->uid);
	conn_ok(c, m);
}

const struct req_entry req_transcript_redact_entry = {
	.type = MSG_TRANSCRIPT_REDACT,
	.check = req_transcript_redact_check,
	.act = req_transcript_redact_act,
};
