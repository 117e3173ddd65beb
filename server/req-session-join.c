/*
 * req-session-join.c: session_join and session_leave.
 *
 * A join (or a rejoin after a disconnect or a restart) first sends the
 * events the client missed since the last sequence number it saw, from
 * the log, then the session's state as the reply; events committed later
 * follow it. Nothing is missed and nothing repeats: the state's seq says
 * which events it already reflects. A long absence is sent in parts:
 * a reply that says truncated carries the seq where this part stopped,
 * and the client joins again from there; it is joined (and hears live
 * events) only with the last part.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"

/* What the backfill callback needs. */
struct join_backfill {
	struct conn	*c;
	struct live	*ls;
	size_t		 n;
	int64_t		 last;		/* the last seq sent */
	bool		 full;
};

static bool	req_session_join_truncated;

/* A loaded session that has not ended, and a sequence number it has. */
static int
req_session_join_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_session_ref	*r = &m->u.session_ref;
	struct engine_member_info	 mi;

	if (session_resolve(c, m->type, r->session, err) == -1)
		return (-1);
	if (session_ctx.ls == NULL || session_ctx.row.status == ENGINE_ENDED) {
		proto_err_set(err, ERR_SESSION_STATE, "the session has ended; "
		    "its transcript can be read instead");
		return (-1);
	}
	if ((int64_t)r->since > session_ctx.ls->cseq) {
		proto_err_set(err, ERR_BAD_VALUE, "since (%llu) is past the "
		    "session's last event (%lld)", (unsigned long long)r->since,
		    (long long)session_ctx.ls->cseq);
		return (-1);
	}
	if (r->observer && r->facilitator) {
		proto_err_set(err, ERR_BAD_VALUE,
		    "join as an observer or as a facilitator, not both");
		return (-1);
	}
	if (engine_member(session_ctx.ls->es, (uint64_t)c->uid,
	    session_clock(), &mi) != 0 && engine_member_count(
	    session_ctx.ls->es) >= srv.conf->sessions_max_members) {
		proto_err_set(err, ERR_LIMIT, "the session is full (%u people)",
		    srv.conf->sessions_max_members);
		return (-1);
	}
	if (r->facilitator && !session_ctx.steward) {
		proto_err_set(err, ERR_DENIED, "only a space's owners and "
		    "facilitators may facilitate its sessions");
		return (-1);
	}
	return (0);
}

/* Send one missed event. */
static void
req_session_join_event(const struct store_event *ev, void *arg)
{
	struct join_backfill	*b = arg;
	struct proto_msg	 m;

	/*
	 * At most SESSION_BACKFILL_MAX events, and no more than half the
	 * output a reader may have queued: the client rejoins from the last
	 * seq it got for the rest (truncated says so).
	 */
	if (b->full || ++b->n > SESSION_BACKFILL_MAX ||
	    conn_queued(b->c) > srv.conf->max_output / 2) {
		b->full = true;
		return;
	}
	b->last = ev->seq;
	if (strcmp(ev->kind, "refused") == 0)
		return;		/* logged for the report, never sent */
	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_EVENT;
	session_event_from_store(b->ls, ev, &m.u.session_event);
	conn_send(b->c, &m);
	session_event_free_names(&m.u.session_event);
}

/*
 * Build the reply: where the session stands, as this account sees it,
 * as of the last event handed out. That is right for a reply held for
 * the commit (the batch's events are broadcast before it); one sent at
 * once says the last committed event instead (session_input, and the
 * second connection below), because the events of the batch still to
 * commit reach this connection after it, and a client drops what is at
 * or below the seq.
 */
static void
req_session_join_state(struct live *ls, struct conn *c,
    struct proto_msg *reply)
{
	reply->type = MSG_SESSION_STATE;
	session_state_fill(ls, c->uid, ls->seq, &reply->u.session_state);
	reply->u.session_state.truncated = req_session_join_truncated;
}

/* Send the backfill, link the connection, and tell the engine. */
static void
req_session_join_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_session_ref	*r = &m->u.session_ref;
	struct live			*ls = session_ctx.ls;
	struct engine_member_info	 mi;
	struct engine_input		 in;
	struct join_backfill		 b;
	struct proto_msg		 reply;
	bool				 known;

	req_session_join_truncated = false;
	if (r->since > 0) {
		memset(&b, 0, sizeof b);
		b.c = c;
		b.ls = ls;
		if (store_event_list(srv.store, ls->row.id, (int64_t)r->since,
		    SESSION_BACKFILL_MAX + 1, req_session_join_event, &b) !=
		    STORE_OK) {
			conn_error(c, m, ERR_STORAGE,
			    "the database is unavailable");
			return;
		}
		if (b.full) {
			/*
			 * Only part of the absence was sent: the reply says
			 * where it stopped, and the client joins again from
			 * there. It is not joined until the last part.
			 */
			memset(&reply, 0, sizeof reply);
			req_session_join_truncated = true;
			req_session_join_state(ls, c, &reply);
			reply.u.session_state.seq = b.last > 0 ?
			    (uint64_t)b.last : r->since;
			conn_reply(c, m, &reply);
			session_state_free(&reply.u.session_state);
			return;
		}
	}
	session_attach(ls, c);

	known = engine_member(ls->es, (uint64_t)c->uid, session_clock(),
	    &mi) == 0 && !mi.left;
	if (known && mi.connected && !r->observer && !r->facilitator) {
		/* Another connection of this account is already there. */
		memset(&reply, 0, sizeof reply);
		req_session_join_state(ls, c, &reply);
		reply.u.session_state.seq = (uint64_t)ls->cseq;
		conn_reply(c, m, &reply);
		session_state_free(&reply.u.session_state);
		return;
	}
	memset(&in, 0, sizeof in);
	in.uid = (uint64_t)c->uid;
	if (known && !mi.connected)
		in.kind = ENGINE_IN_RECONNECT;
	else {
		in.kind = ENGINE_IN_JOIN;
		in.name = c->user;
		in.role = ENGINE_ROLE_PARTICIPANT;
		if (r->observer)
			in.role = ENGINE_ROLE_OBSERVER;
		else if (r->facilitator || (session_ctx.steward &&
		    ls->row.created_by == c->uid))
			in.role = ENGINE_ROLE_FACILITATOR;
		/*
		 * Everyone sees the record mode and acknowledges it (and the
		 * norms), a second facilitator too; only the creator, who
		 * chose it, is taken to have.
		 */
		in.must_ack = ls->row.created_by != c->uid;
	}
	log_debug("session %lld: %s joins (%s)", (long long)ls->row.id,
	    c->user, engine_input_name(in.kind));
	session_input(ls, c, m, &in, req_session_join_state);
	/* A refused join leaves no link behind. */
	if (engine_member(ls->es, (uint64_t)c->uid, session_clock(), &mi) !=
	    0 || mi.left || mi.removed)
		session_detach(ls, c, false);
}

/* The caller must be joined. */
static int
req_session_leave_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (session_resolve_joined(c, m->type, m->u.session_ref.session,
	    err));
}

/* Leave: when it was this account's last connection, the engine hears. */
static void
req_session_leave_act(struct conn *c, struct proto_msg *m)
{
	session_detach(session_ctx.ls, c, true);
	conn_ok(c, m);
}

const struct req_entry req_session_join_entry = {
	.type = MSG_SESSION_JOIN,
	.check = req_session_join_check,
	.act = req_session_join_act,
};

const struct req_entry req_session_leave_entry = {
	.type = MSG_SESSION_LEAVE,
	.check = req_session_leave_check,
	.act = req_session_leave_act,
};
