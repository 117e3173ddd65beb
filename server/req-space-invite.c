/*
 * req-space-invite.c: invite codes: space_invite (make one), space_invites
 * (list them, with their state) and space_revoke. A code is shown once,
 * in the reply to space_invite; the server keeps only its SHA-256.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* space_invite: the terms, the space, and what a code may give. */
static int
req_space_invite_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_invite	*si = &m->u.space_invite;
	uint64_t			 max;
	int				 role;

	if ((role = space_resolve_role(si->role, ROLE_MEMBER, err)) == -1)
		return (-1);
	if (role != ROLE_MEMBER && role != ROLE_MENTOR) {
		proto_err_set(err, ERR_BAD_VALUE, "a code makes members or "
		    "mentors; stewards are made with space_set_role");
		return (-1);
	}
	if (si->uses > SPACE_INVITE_USES_MAX) {
		proto_err_set(err, ERR_BAD_VALUE, "a code may be used at most "
		    "%d times", SPACE_INVITE_USES_MAX);
		return (-1);
	}
	max = srv.conf->invite_max_lifetime / 1000;
	if (si->ttl > max) {
		proto_err_set(err, ERR_BAD_VALUE, "a code may last at most "
		    "%llu seconds here", (unsigned long long)max);
		return (-1);
	}
	if (space_resolve(c, m->type, si->space, err) == -1)
		return (-1);
	if (si->request && space_ctx.sp.kind != SPACE_AFFINITY) {
		proto_err_set(err, ERR_WRONG_KIND, "only affinity spaces take "
		    "requests to join");
		return (-1);
	}
	space_ctx.role = role;
	return (0);
}

/* Make the code and show it, this once. */
static void
req_space_invite_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_space_invite	*si = &m->u.space_invite;
	struct store_invite		 iv;
	struct proto_msg		 r;
	struct proto_err		 err;
	char				 code[SPACE_CODE_LEN + 1];
	uint64_t			 ttl, max;
	int64_t				 uses;

	max = srv.conf->invite_max_lifetime / 1000;
	ttl = si->ttl != 0 ? si->ttl : srv.conf->invite_lifetime / 1000;
	if (ttl > max)
		ttl = max;
	uses = si->uses != 0 ? si->uses : 1;
	if (space_invite(srv.store, &space_ctx.sp, space_ctx.role, si->request,
	    uses, (int64_t)time(NULL) + (int64_t)ttl, c->uid, code, sizeof code,
	    &iv, &err) != ERR_NONE) {
		space_reply_error(c, m, &err);
		return;
	}
	memset(&r, 0, sizeof r);
	r.type = MSG_INVITE;
	r.u.invite.id = (uint64_t)iv.iid;
	r.u.invite.code = code;
	r.u.invite.role = (char *)space_role_name(iv.role);
	r.u.invite.request = iv.request;
	r.u.invite.uses = (uint32_t)iv.max_uses;
	r.u.invite.expires = (uint64_t)iv.expires;
	conn_reply(c, m, &r);
	explicit_bzero(code, sizeof code);
}

/* space_invites: the rule decides. */
static int
req_space_invites_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_seq_req.space, err));
}

/* A page of codes being built. */
struct req_invite_page {
	struct msg_invite_page	*page;
	size_t			 limit;
	bool			 more;
	int64_t			 now;
};

/* Add one code to the page, or note that there are more. */
static void
req_invite_page_add(const struct store_invite *iv, void *arg)
{
	struct req_invite_page	*p = arg;
	struct msg_invite_page	*pg = p->page;
	struct invite_rec	*r;

	if (pg->ninvites == p->limit) {
		p->more = true;
		return;
	}
	pg->invites = xreallocarray(pg->invites, pg->ninvites + 1,
	    sizeof *pg->invites);
	r = &pg->invites[pg->ninvites++];
	memset(r, 0, sizeof *r);
	r->id = (uint64_t)iv->iid;
	r->role = xstrdup(space_role_name(iv->role));
	r->request = iv->request;
	r->state = xstrdup(space_invite_state(iv, p->now));
	r->uses = (uint32_t)iv->uses;
	r->max_uses = (uint32_t)iv->max_uses;
	r->created = (uint64_t)iv->created;
	r->expires = (uint64_t)iv->expires;
	if (iv->by[0] != '\0')
		r->by = xstrdup(iv->by);
}

/* Reply with one page of the space's codes, oldest first. */
static void
req_space_invites_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_space_seq_req	*sq = &m->u.space_seq_req;
	struct proto_msg		 r;
	struct req_invite_page		 p;

	memset(&r, 0, sizeof r);
	r.type = MSG_INVITE_PAGE;
	p.page = &r.u.invite_page;
	p.limit = space_page_limit(sq->limit);
	p.more = false;
	p.now = (int64_t)time(NULL);
	if (store_invite_list(srv.store, space_ctx.sp.sid,
	    sq->cursor > INT64_MAX ? INT64_MAX : (int64_t)sq->cursor,
	    p.limit + 1, req_invite_page_add, &p) != STORE_OK)
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
	else {
		if (p.more)
			r.u.invite_page.next = r.u.invite_page.invites[
			    r.u.invite_page.ninvites - 1].id;
		conn_reply(c, m, &r);
	}
	proto_msg_free(&r);
}

/* space_revoke: the rule decides; the code is looked up in act. */
static int
req_space_revoke_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_revoke.space, err));
}

/* Revoke the code: it stops working at once. */
static void
req_space_revoke_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;
	uint64_t		id = m->u.space_revoke.invite;

	if (space_revoke(srv.store, &space_ctx.sp,
	    id > INT64_MAX ? 0 : (int64_t)id, c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

const struct req_entry req_space_invite_entry = {
	.type = MSG_SPACE_INVITE,
	.check = req_space_invite_check,
	.act = req_space_invite_act,
};

const struct req_entry req_space_invites_entry = {
	.type = MSG_SPACE_INVITES,
	.check = req_space_invites_check,
	.act = req_space_invites_act,
};

const struct req_entry req_space_revoke_entry = {
	.type = MSG_SPACE_REVOKE,
	.check = req_space_revoke_check,
	.act = req_space_revoke_act,
};
