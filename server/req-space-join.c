/*
 * req-space-join.c: becoming a member: space_join (an open space by name,
 * or any space with an admitting code), space_request (ask to join an
 * affinity space: by name where affinity spaces are discoverable, or with
 * a request code), and the stewards' side: space_requests (the pending
 * ones), space_approve and space_decline.
 */
#include <string.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* Refuse a join or request that names neither a space nor a code. */
static int
req_space_join_args(const struct msg_space_join *sj, struct proto_err *err)
{
	if ((sj->space == NULL || *sj->space == '\0') &&
	    (sj->code == NULL || *sj->code == '\0')) {
		proto_err_set(err, ERR_BAD_FIELD, "give a space or a code");
		return (-1);
	}
	return (0);
}

/* Return the slug a join or request names, or NULL. */
static const char *
req_space_join_slug(const struct msg_space_join *sj)
{
	return (sj->space != NULL && *sj->space != '\0' ? sj->space : NULL);
}

/*
 * space_join: with a code, the code must admit (not file a request);
 * without one, only open spaces may be joined.
 */
static int
req_space_join_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_join	*sj = &m->u.space_join;

	if (req_space_join_args(sj, err) == -1)
		return (-1);
	if (sj->code != NULL && *sj->code != '\0') {
		if (space_resolve_code(c, m->type, req_space_join_slug(sj),
		    sj->code, err) == -1)
			return (-1);
		if (space_ctx.iv.request) {
			proto_err_set(err, ERR_BAD_INVITE, "this code asks to "
			    "join: send it with space_request");
			return (-1);
		}
		return (0);
	}
	if (space_resolve(c, m->type, sj->space, err) == -1)
		return (-1);
	if (space_ctx.sp.kind != SPACE_OPEN) {
		proto_err_set(err, ERR_DENIED, "%s", space_ctx.sp.kind ==
		    SPACE_INVITE ? "this space needs an invite code" :
		    "this space needs an invite code, or ask to join it");
		return (-1);
	}
	return (0);
}

/* Join, and reply with the space as a member sees it. */
static void
req_space_join_act(struct conn *c, struct proto_msg *m)
{
	struct store_space_rel	rel;
	struct proto_err	err;
	int			rc;

	if (space_ctx.code)
		rc = space_redeem(srv.store, &space_ctx.sp, &space_ctx.iv,
		    c->uid, &err);
	else
		rc = space_join(srv.store, &space_ctx.sp, c->uid, &err);
	if (rc != ERR_NONE) {
		space_reply_error(c, m, &err);
		return;
	}
	memset(&rel, 0, sizeof rel);
	rel.role = space_ctx.code ? space_ctx.iv.role : ROLE_MEMBER;
	space_reply(c, m, &space_ctx.sp, &rel, SPACE_VIEW_FULL);
}

/* space_request: with a code, it must be a request code. */
static int
req_space_request_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_join	*sj = &m->u.space_join;

	if (req_space_join_args(sj, err) == -1)
		return (-1);
	if (sj->code != NULL && *sj->code != '\0') {
		if (space_resolve_code(c, m->type, req_space_join_slug(sj),
		    sj->code, err) == -1)
			return (-1);
		if (!space_ctx.iv.request) {
			proto_err_set(err, ERR_BAD_INVITE, "this code admits "
			    "you at once: send it with space_join");
			return (-1);
		}
		return (0);
	}
	return (space_resolve(c, m->type, sj->space, err));
}

/* File the request; reply with what a requester sees. */
static void
req_space_request_act(struct conn *c, struct proto_msg *m)
{
	struct store_space_rel	rel;
	struct proto_err	err;

	if (space_request(srv.store, &space_ctx.sp, c->uid,
	    m->u.space_join.message, space_ctx.code ? &space_ctx.iv : NULL,
	    &err) != ERR_NONE) {
		space_reply_error(c, m, &err);
		return;
	}
	memset(&rel, 0, sizeof rel);
	rel.pending = true;
	space_reply(c, m, &space_ctx.sp, &rel, SPACE_VIEW_LIMITED);
}

/* space_requests: the rule decides. */
static int
req_space_requests_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_page_req.space, err));
}

/* A page of requests being built. */
struct req_request_page {
	struct msg_request_page	*page;
	size_t			 limit;
	bool			 more;
};

/* Add one request to the page, or note that there are more. */
static void
req_request_page_add(const struct store_request *rq, void *arg)
{
	struct req_request_page	*p = arg;
	struct msg_request_page	*pg = p->page;
	struct request_rec	*r;

	if (pg->nrequests == p->limit) {
		p->more = true;
		return;
	}
	pg->requests = xreallocarray(pg->requests, pg->nrequests + 1,
	    sizeof *pg->requests);
	r = &pg->requests[pg->nrequests++];
	memset(r, 0, sizeof *r);
	r->user = xstrdup(rq->name);
	if (rq->message[0] != '\0')
		r->message = xstrdup(rq->message);
	r->at = (uint64_t)rq->created;
}

/* Reply with one page of pending requests, in name order. */
static void
req_space_requests_act(struct conn *c, struct proto_msg *m)
{
	struct proto_msg	r;
	struct req_request_page	p;

	memset(&r, 0, sizeof r);
	r.type = MSG_REQUEST_PAGE;
	p.page = &r.u.request_page;
	p.limit = space_page_limit(m->u.space_page_req.limit);
	p.more = false;
	if (store_request_list(srv.store, space_ctx.sp.sid,
	    m->u.space_page_req.after, p.limit + 1, req_request_page_add, &p) !=
	    STORE_OK)
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
	else {
		if (p.more)
			r.u.request_page.next = xstrdup(r.u.request_page.
			    requests[r.u.request_page.nrequests - 1].user);
		conn_reply(c, m, &r);
	}
	proto_msg_free(&r);
}

/* space_approve, space_decline: the rule, then the account. */
static int
req_space_answer_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_user	*su = &m->u.space_user;

	if (space_resolve(c, m->type, su->space, err) == -1)
		return (-1);
	if (space_resolve_target(su->user, err) == -1) {
		if (err->code == ERR_NOT_FOUND)
			proto_err_set(err, ERR_NOT_FOUND, "that account has "
			    "no pending request to join");
		return (-1);
	}
	return (0);
}

/* Approve: the requester becomes a member. */
static void
req_space_approve_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_approve(srv.store, &space_ctx.sp, space_ctx.target.uid,
	    c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

/* Decline: the request goes; the requester learns nothing more. */
static void
req_space_decline_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_decline(srv.store, &space_ctx.sp, space_ctx.target.uid,
	    c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

const struct req_entry req_space_join_entry = {
	.type = MSG_SPACE_JOIN,
	.check = req_space_join_check,
	.act = req_space_join_act,
};

const struct req_entry req_space_request_entry = {
	.type = MSG_SPACE_REQUEST,
	.check = req_space_request_check,
	.act = req_space_request_act,
};

const struct req_entry req_space_requests_entry = {
	.type = MSG_SPACE_REQUESTS,
	.check = req_space_requests_check,
	.act = req_space_requests_act,
};

const struct req_entry req_space_approve_entry = {
	.type = MSG_SPACE_APPROVE,
	.check = req_space_answer_check,
	.act = req_space_approve_act,
};

const struct req_entry req_space_decline_entry = {
	.type = MSG_SPACE_DECLINE,
	.check = req_space_answer_check,
	.act = req_space_decline_act,
};
