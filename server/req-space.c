/*
 * req-space.c: spaces themselves: space_create, space_update,
 * space_archive, space_info, and the listings space_list (discoverable
 * spaces) and space_mine (the caller's spaces and pending requests).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "roundtabled.h"
#include "space.h"
#include "store.h"
#include "xmalloc.h"

/* Check the title and kind a create or update sets (NULL: unchanged). */
static int
req_space_check_fields(const char *title, const char *kind, bool need,
    struct proto_err *err)
{
	if ((need || (title != NULL && *title != '\0')) &&
	    !space_title_valid(title)) {
		proto_err_set(err, ERR_BAD_VALUE, "a title needs at least one "
		    "character other than a space");
		return (-1);
	}
	if ((need || (kind != NULL && *kind != '\0')) &&
	    space_kind_parse(kind) == 0) {
		proto_err_set(err, ERR_BAD_VALUE, "a space's kind is open, "
		    "invite or affinity");
		return (-1);
	}
	return (0);
}

/* space_create: who may, the fields, the owner, the per-account limit. */
static int
req_space_create_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_create	*sc = &m->u.space_create;
	const char			*owner = sc->owner;
	int64_t				 n;
	int				 rc;

	memset(&space_ctx, 0, sizeof space_ctx);
	if (space_acl_may_create(c->admin, srv.conf->space_user_create != 0,
	    err) == -1)
		return (-1);
	if (!space_slug_valid(sc->slug)) {
		proto_err_set(err, ERR_BAD_VALUE, "a space's name (slug) is 2 "
		    "to 32 lowercase letters, digits and single '-', starting "
		    "with a letter and ending with a letter or digit");
		return (-1);
	}
	if (req_space_check_fields(sc->title, sc->kind, true, err) == -1)
		return (-1);
	if (owner == NULL || *owner == '\0')
		owner = c->user;
	if (!c->admin && strcasecmp(owner, c->user) != 0) {
		proto_err_set(err, ERR_DENIED, "only administrators may create "
		    "a space for someone else");
		return (-1);
	}
	rc = store_user_get(srv.store, owner, &space_ctx.target);
	if (rc == STORE_ERR) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	if (rc == STORE_NOTFOUND) {
		proto_err_set(err, ERR_NOT_FOUND, "no account named '%s'",
		    owner);
		return (-1);
	}
	if (!c->admin && srv.conf->space_user_create_max != 0) {
		if (store_space_count_created(srv.store, c->uid, &n) !=
		    STORE_OK) {
			proto_err_set(err, ERR_STORAGE,
			    "the database is unavailable");
			return (-1);
		}
		if (n >= (int64_t)srv.conf->space_user_create_max) {
			proto_err_set(err, ERR_LIMIT, "you have created %lld "
			    "spaces, the most allowed", (long long)n);
			return (-1);
		}
	}
	return (0);
}

/* Create it; the creator sees it whole. */
static void
req_space_create_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_space_create	*sc = &m->u.space_create;
	struct store_space		*sp = &space_ctx.sp;
	struct proto_err		 err;

	memset(sp, 0, sizeof *sp);
	snprintf(sp->slug, sizeof sp->slug, "%s", sc->slug);
	snprintf(sp->title, sizeof sp->title, "%s", sc->title);
	snprintf(sp->description, sizeof sp->description, "%s",
	    sc->description != NULL ? sc->description : "");
	snprintf(sp->statement, sizeof sp->statement, "%s",
	    sc->statement != NULL ? sc->statement : "");
	sp->kind = space_kind_parse(sc->kind);
	if (space_create(srv.store, sp, space_ctx.target.uid, c->uid, &err) !=
	    ERR_NONE) {
		space_reply_error(c, m, &err);
		return;
	}
	space_ctx.rel.role = space_ctx.target.uid == c->uid ? ROLE_OWNER :
	    ROLE_NONE;
	space_reply(c, m, sp, &space_ctx.rel, SPACE_VIEW_FULL);
}

/* space_update: the fields first, then the space and the rule. */
static int
req_space_update_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	const struct msg_space_update	*su = &m->u.space_update;
	size_t				 i;
	bool				 set;

	if (req_space_check_fields(su->title, su->kind, false, err) == -1)
		return (-1);
	for (i = 0; i < su->nclear; i++) {
		if (strcmp(su->clear[i], "description") == 0)
			set = su->description != NULL &&
			    *su->description != '\0';
		else if (strcmp(su->clear[i], "statement") == 0)
			set = su->statement != NULL && *su->statement != '\0';
		else {
			proto_err_set(err, ERR_BAD_VALUE, "only description "
			    "and statement can be cleared");
			return (-1);
		}
		if (set) {
			proto_err_set(err, ERR_BAD_VALUE, "%s is both set and "
			    "cleared", su->clear[i]);
			return (-1);
		}
	}
	return (space_resolve(c, m->type, su->space, err));
}

/* Apply the changes; reply with the space as it now is. */
static void
req_space_update_act(struct conn *c, struct proto_msg *m)
{
	const struct msg_space_update	*su = &m->u.space_update;
	struct store_space		*new;
	struct proto_err		 err;
	size_t				 i;

	new = xmalloc(sizeof *new);
	memcpy(new, &space_ctx.sp, sizeof *new);
	if (su->title != NULL && *su->title != '\0')
		snprintf(new->title, sizeof new->title, "%s", su->title);
	if (su->description != NULL && *su->description != '\0')
		snprintf(new->description, sizeof new->description, "%s",
		    su->description);
	if (su->statement != NULL && *su->statement != '\0')
		snprintf(new->statement, sizeof new->statement, "%s",
		    su->statement);
	if (su->kind != NULL && *su->kind != '\0')
		new->kind = space_kind_parse(su->kind);
	for (i = 0; i < su->nclear; i++) {
		if (strcmp(su->clear[i], "description") == 0)
			new->description[0] = '\0';
		else
			new->statement[0] = '\0';
	}
	if (space_update(srv.store, &space_ctx.sp, new, c->uid, &err) !=
	    ERR_NONE)
		space_reply_error(c, m, &err);
	else
		space_reply(c, m, new, &space_ctx.rel, SPACE_VIEW_FULL);
	free(new);
}

/* space_archive: the rule decides. */
static int
req_space_archive_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_ref.space, err));
}

/* Archive, or restore with restore set. */
static void
req_space_archive_act(struct conn *c, struct proto_msg *m)
{
	struct proto_err	err;

	if (space_archive(srv.store, &space_ctx.sp, !m->u.space_ref.restore,
	    c->uid, &err) != ERR_NONE)
		space_reply_error(c, m, &err);
	else
		conn_ok(c, m);
}

/* space_info: the rule decides; the view follows the relation. */
static int
req_space_info_check(struct conn *c, const struct proto_msg *m,
    struct proto_err *err)
{
	return (space_resolve(c, m->type, m->u.space_ref.space, err));
}

/* Reply with what the caller may see of the space. */
static void
req_space_info_act(struct conn *c, struct proto_msg *m)
{
	space_reply(c, m, &space_ctx.sp, &space_ctx.rel,
	    space_acl_view(space_ctx.sp.kind, space_ctx.erel));
}

/* A page of spaces being built. */
struct req_space_page {
	struct msg_space_page	*page;
	size_t			 limit;
	bool			 more;
};

/* Add one space to the page, or note that there are more. */
static void
req_space_page_add(const struct store_space *sp,
    const struct store_space_rel *rel, void *arg)
{
	struct req_space_page	*p = arg;
	struct msg_space_page	*pg = p->page;

	if (pg->nspaces == p->limit) {
		p->more = true;
		return;
	}
	pg->spaces = xreallocarray(pg->spaces, pg->nspaces + 1,
	    sizeof *pg->spaces);
	space_rec_fill(&pg->spaces[pg->nspaces++], sp, rel, SPACE_VIEW_BRIEF,
	    0);
}

/* Reply with one page of a listing of spaces. */
static void
req_space_list_page(struct conn *c, struct proto_msg *m,
    enum store_space_list which)
{
	const struct msg_space_page_req	*pr = &m->u.space_page_req;
	struct proto_msg		 r;
	struct req_space_page		 p;
	int				 rc;

	memset(&r, 0, sizeof r);
	r.type = MSG_SPACE_PAGE;
	p.page = &r.u.space_page;
	p.limit = space_page_limit(pr->limit);
	p.more = false;
	rc = store_space_list(srv.store, which, c->uid,
	    srv.conf->space_discoverable_affinity != 0, pr->after,
	    p.limit + 1, req_space_page_add, &p);
	if (rc != STORE_OK)
		conn_error(c, m, ERR_STORAGE, "the database is unavailable");
	else {
		if (p.more)
			r.u.space_page.next = xstrdup(r.u.space_page.spaces[
			    r.u.space_page.nspaces - 1].slug);
		conn_reply(c, m, &r);
	}
	proto_msg_free(&r);
}

/* space_list: open and invite spaces, and affinity ones if configured. */
static void
req_space_list_act(struct conn *c, struct proto_msg *m)
{
	req_space_list_page(c, m, STORE_SPACES_PUBLIC);
}

/* space_mine: spaces the caller belongs to or asked to join. */
static void
req_space_mine_act(struct conn *c, struct proto_msg *m)
{
	req_space_list_page(c, m, STORE_SPACES_MINE);
}

const struct req_entry req_space_create_entry = {
	.type = MSG_SPACE_CREATE,
	.check = req_space_create_check,
	.act = req_space_create_act,
};

const struct req_entry req_space_update_entry = {
	.type = MSG_SPACE_UPDATE,
	.check = req_space_update_check,
	.act = req_space_update_act,
};

const struct req_entry req_space_archive_entry = {
	.type = MSG_SPACE_ARCHIVE,
	.check = req_space_archive_check,
	.act = req_space_archive_act,
};

const struct req_entry req_space_info_entry = {
	.type = MSG_SPACE_INFO,
	.check = req_space_info_check,
	.act = req_space_info_act,
};

const struct req_entry req_space_list_entry = {
	.type = MSG_SPACE_LIST,
	.act = req_space_list_act,
};

const struct req_entry req_space_mine_entry = {
	.type = MSG_SPACE_MINE,
	.act = req_space_mine_act,
};
