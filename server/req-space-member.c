/*
 * req-space-member.c: a space's members: space_members (the list),
 * space_add, space_remove, space_set_role, and space_leave (which also
 * withdraws a pending request to join).
 *
 * Beyond the space's rule (space-acl.c), changing someone else's
 * membership follows space_acl_may_manage: owners manage everyone,
 * facilitators manage members and mentors.
 */
#include <stdio.h>
#include <string.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* space_members: the rule decides. */
static int
req_space_members_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_page_req.space, err));
}

/* A page of members being built. */
struct req_member_page {
	struct msg_member_page	*page;
	size_t			 limit;
	bool			 more;
};

/* Add one member to the page, or note that there are more. */
static void
req_member_page_add(const struct store_member *mb, void *arg)
{
	struct req_member_page	*p = arg;
	struct msg_member_page	*pg = p->page;
	struct member_rec	*r;

	if (pg->nmembers == p->limit) {
		p->more = true;
		return;
	}
	pg->members = xreallocarray(pg->members, pg->nmembers + 1,
	    sizeof *pg->members);
	r = &pg->members[pg->nmembers++];
	memset(r, 0, sizeof *r);
	r->user = xstrdup(mb->name);
	r->role = xstrdup(space_role_name(mb->role));
	r->mentor = mb->mentor;
	r->since = (uint64_t)mb->since;
}

/* Reply with one page of members, in name order. */
static void
req_space_members_act(struct conn *c, struct proto_msg *m)
{
	struct proto_msg	r;
	struct req_member_page	p;

	memset(&r, 0, sizeof r);
	r.type = MSG_MEMBER_PAGE;
	p.page = &r.u.member_page;
	p.limit = space_page_limit(m->u.space_page_req.limit);
	p.more = false;
	if (store_member_list(srv.store, space_ctx.sp.sid,
	    m->u.space_page_req.after, p.limit + 1, req_member_page_add, &p) !=
	    STORE_OK)
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
	else {
		if (p.more)
			r.u.member_page.next = xstrdup(r.u.member_page.members[
			    r.u.member_page.nmembers - 1].user);
		conn_reply(c, m, &r);
	}
	proto_msg_free(&r);
}

/* space_add: the role, the space, the account, who may make whom what. */
static int
req_space_add_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_user	*su = &m->u.space_user;
	int				 role;

	if ((role = space_resolve_role(su->role, ROLE_MEMBER, err)) == -1 ||
	    space_resolve(c, m->type, su->space, err) == -1 ||
	    space_resolve_target(su->user, err) == -1)
		return (-1);
	space_ctx.role = role;
	if (space_ctx.tmember) {
		proto_err_set(err, ERR_EXISTS, "%s is already a member of this "
		    "space", space_ctx.target.name);
		return (-1);
	}
	return (space_acl_may_manage(space_ctx.erel, ROLE_NONE, role, err));
}

/* Add the account. */
static void
req_space_add_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_add_member(srv.store, &space_ctx.sp, space_ctx.target.uid,
	    space_ctx.role, m->u.space_user.mentor, c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

/* Find the member a request names; not a member is not-found. */
static int
req_space_target_member(const char *user, struct proto_err *err)
{
	int	rc;

	rc = space_resolve_target(user, err);
	if (rc == -1 && err->code != ERR_NOT_FOUND)
		return (-1);
	if (rc == -1 || !space_ctx.tmember) {
		proto_err_set(err, ERR_NOT_FOUND, "%s is not a member of this "
		    "space", user);
		return (-1);
	}
	return (0);
}

/* space_remove: the space, the member, who may remove whom. */
static int
req_space_remove_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_user	*su = &m->u.space_user;

	if (space_resolve(c, m->type, su->space, err) == -1 ||
	    req_space_target_member(su->user, err) == -1)
		return (-1);
	if (space_ctx.target.uid == c->uid) {
		proto_err_set(err, ERR_DENIED, "to leave a space, send "
		    "space_leave");
		return (-1);
	}
	return (space_acl_may_manage(space_ctx.erel, space_ctx.tm.role,
	    ROLE_NONE, err));
}

/* Remove the member: they lose access at once. */
static void
req_space_remove_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_remove_member(srv.store, &space_ctx.sp, space_ctx.target.uid,
	    c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

/* space_set_role: the role, the space, the member, who may do it. */
static int
req_space_set_role_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_user	*su = &m->u.space_user;
	int				 role;

	if ((role = space_resolve_role(su->role, ROLE_NONE, err)) == -1 ||
	    space_resolve(c, m->type, su->space, err) == -1 ||
	    req_space_target_member(su->user, err) == -1)
		return (-1);
	space_ctx.role = role;
	return (space_acl_may_manage(space_ctx.erel, space_ctx.tm.role, role,
	    err));
}

/* Change the role. */
static void
req_space_set_role_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_set_role(srv.store, &space_ctx.sp, space_ctx.target.uid,
	    space_ctx.role, m->u.space_user.mentor, c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

/* space_leave: members and requesters; the rule decides. */
static int
req_space_leave_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_ref.space, err));
}

/* Leave the space, or withdraw the pending request. */
static void
req_space_leave_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;
	int			rc;

	if (space_ctx.rel.role != ROLE_NONE)
		rc = space_remove_member(srv.store, &space_ctx.sp, c->uid,
		    c->uid, &err);
	else
		rc = space_decline(srv.store, &space_ctx.sp, c->uid, c->uid,
		    &err);
	if (rc != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

const struct req_entry req_space_members_entry = {
	.type = MSG_SPACE_MEMBERS,
	.check = req_space_members_check,
	.act = req_space_members_act,
};

const struct req_entry req_space_add_entry = {
	.type = MSG_SPACE_ADD,
	.check = req_space_add_check,
	.act = req_space_add_act,
};

const struct req_entry req_space_remove_entry = {
	.type = MSG_SPACE_REMOVE,
	.check = req_space_remove_check,
	.act = req_space_remove_act,
};

const struct req_entry req_space_set_role_entry = {
	.type = MSG_SPACE_SET_ROLE,
	.check = req_space_set_role_check,
	.act = req_space_set_role_act,
};

const struct req_entry req_space_leave_entry = {
	.type = MSG_SPACE_LEAVE,
	.check = req_space_leave_check,
	.act = req_space_leave_act,
};
