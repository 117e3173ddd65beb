/*
 * space-resolve.c: what every space request's check step does first:
 * find the space it names (by slug, or through an invite code), the
 * caller's relation to it, and the authorization decision (space-acl.c);
 * and the replies that carry spaces.
 *
 * A space the caller may not see and one that does not exist take the
 * same path: one indexed query, then the same error built by the same
 * function, so the answers are identical byte for byte.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roundtabled.h"
#include "space.h"
#include "xmalloc.h"

struct space_ctx	space_ctx;

/* Set the answer for a database failure. */
static int
space_resolve_storage(struct proto_err *err)
{
	proto_err_set(err, ERR_STORAGE, "the database is unavailable");
	return (-1);
}

/* Decide the request for the space in space_ctx. */
static int
space_resolve_acl(struct conn *c, uint16_t type, bool code,
    struct proto_err *err)
{
	struct space_acl_in	in;

	memset(&in, 0, sizeof in);
	in.type = type;
	in.kind = space_ctx.sp.kind;
	in.rel = space_acl_rel(&space_ctx.rel);
	in.admin = c->admin;
	in.archived = space_ctx.sp.archived != 0;
	in.discoverable = srv.conf->space_discoverable_affinity != 0;
	in.code = code;
	if (space_acl_check(&in, err) == -1)
		return (-1);
	space_ctx.erel = space_acl_effective(&in);
	space_ctx.code = code;
	return (0);
}

/*
 * Find the space named by slug for a request of this type from c, and
 * decide whether it may go on. Return 0 with space_ctx filled, or -1.
 */
int
space_resolve(struct conn *c, uint16_t type, const char *slug,
    struct proto_err *err)
{
	int	rc;

	memset(&space_ctx, 0, sizeof space_ctx);
	if (slug == NULL || !space_slug_valid(slug)) {
		proto_err_set(err, ERR_BAD_VALUE, "a space's name (slug) is 2 "
		    "to 32 lowercase letters, digits and single '-', starting "
		    "with a letter and ending with a letter or digit");
		return (-1);
	}
	rc = store_space_view(srv.store, slug, c->uid, &space_ctx.sp,
	    &space_ctx.rel);
	if (rc == STORE_ERR)
		return (space_resolve_storage(err));
	if (rc == STORE_NOTFOUND) {
		space_err_unknown(err);
		return (-1);
	}
	return (space_resolve_acl(c, type, false, err));
}

/*
 * Find the space an invite code belongs to, check that the code may be
 * used now, and decide the request. slug, when not NULL, must name that
 * same space; a code for another space is answered like an unknown code,
 * and the slug itself is never looked up.
 */
int
space_resolve_code(struct conn *c, uint16_t type, const char *slug,
    const char *code, struct proto_err *err)
{
	static const char	 unknown[] = "unknown invite code";
	static const struct {
		const char	*state;
		const char	*text;
	} unusable[] = {
		{ "revoked", "was revoked" },
		{ "expired", "has expired" },
		{ "spent", "is used up" },
	};
	uint8_t			 digest[32];
	const char		*state;
	size_t			 i;
	int			 rc;

	memset(&space_ctx, 0, sizeof space_ctx);
	if (slug != NULL && !space_slug_valid(slug))
		return (space_resolve(c, type, slug, err));
	if (space_code_digest(code, digest) == -1) {
		proto_err_set(err, ERR_BAD_INVITE, "that is not an invite "
		    "code: codes are 20 letters and digits, like "
		    "k7mqz-2xh4p-tw9cd-r3vne");
		return (-1);
	}
	rc = store_invite_find(srv.store, digest, &space_ctx.iv);
	if (rc == STORE_OK)
		rc = store_space_view_sid(srv.store, space_ctx.iv.sid, c->uid,
		    &space_ctx.sp, &space_ctx.rel);
	if (rc == STORE_ERR)
		return (space_resolve_storage(err));
	if (rc == STORE_NOTFOUND ||
	    (slug != NULL && strcmp(slug, space_ctx.sp.slug) != 0)) {
		proto_err_set(err, ERR_BAD_INVITE, "%s", unknown);
		return (-1);
	}
	state = space_invite_state(&space_ctx.iv, (int64_t)time(NULL));
	for (i = 0; i < sizeof unusable / sizeof unusable[0]; i++) {
		if (strcmp(state, unusable[i].state) == 0) {
			proto_err_set(err, ERR_BAD_INVITE, "this invite code %s",
			    unusable[i].text);
			return (-1);
		}
	}
	return (space_resolve_acl(c, type, true, err));
}

/*
 * Find the account a request names, and its membership of the space in
 * space_ctx. An unknown account is not-found.
 */
int
space_resolve_target(const char *user, struct proto_err *err)
{
	int	rc;

	rc = store_user_get(srv.store, user, &space_ctx.target);
	if (rc == STORE_ERR)
		return (space_resolve_storage(err));
	if (rc == STORE_NOTFOUND) {
		proto_err_set(err, ERR_NOT_FOUND, "no account named '%s'",
		    user);
		return (-1);
	}
	rc = store_member_get(srv.store, space_ctx.sp.sid,
	    space_ctx.target.uid, &space_ctx.tm);
	if (rc == STORE_ERR)
		return (space_resolve_storage(err));
	space_ctx.tmember = rc == STORE_OK;
	return (0);
}

/*
 * Parse a role argument: empty means def; ROLE_NONE for def means one
 * is required. Return the role, or -1 with err set.
 */
int
space_resolve_role(const char *name, int def, struct proto_err *err)
{
	int	role;

	if (name == NULL || *name == '\0') {
		if (def != ROLE_NONE)
			return (def);
		role = ROLE_NONE;
	} else
		role = space_role_parse(name);
	if (role == ROLE_NONE) {
		proto_err_set(err, ERR_BAD_VALUE, "a role is owner, "
		    "facilitator, member or mentor");
		return (-1);
	}
	return (role);
}

/* Return a page size: 0 means the default, and the most is the limit. */
size_t
space_page_limit(uint32_t asked)
{
	if (asked == 0)
		return (SPACE_PAGE_DEFAULT);
	return (asked > PROTO_PAGE_MAX ? PROTO_PAGE_MAX : asked);
}

/*
 * Fill a record (strings allocated: proto_msg_free releases them) with
 * what view shows of sp, and rel's role and request. nmembers is shown
 * in the full view.
 */
void
space_rec_fill(struct space_rec *r, const struct store_space *sp,
    const struct store_space_rel *rel, enum space_view view, int64_t nmembers)
{
	memset(r, 0, sizeof *r);
	r->slug = xstrdup(sp->slug);
	r->title = xstrdup(sp->title);
	r->kind = xstrdup(space_kind_name(sp->kind));
	r->archived = sp->archived != 0;
	if (view >= SPACE_VIEW_LIMITED && sp->statement[0] != '\0')
		r->statement = xstrdup(sp->statement);
	if (view == SPACE_VIEW_FULL) {
		if (sp->description[0] != '\0')
			r->description = xstrdup(sp->description);
		r->created = (uint64_t)sp->created;
		r->members = nmembers > 0 ? (uint32_t)nmembers : 0;
	}
	if (rel != NULL && rel->role != ROLE_NONE) {
		r->role = xstrdup(space_role_name(rel->role));
		r->mentor = rel->mentor;
	}
	if (rel != NULL)
		r->pending = rel->pending;
}

/* Reply to req with one space as view shows it. */
void
space_reply(struct conn *c, const struct proto_msg *req,
    const struct store_space *sp, const struct store_space_rel *rel,
    enum space_view view)
{
	struct proto_msg	m;
	int64_t			n = 0;

	if (view == SPACE_VIEW_FULL &&
	    store_member_count(srv.store, sp->sid, ROLE_NONE, &n) !=
	    STORE_OK) {
		conn_error(c, req, ERR_STORAGE, "the database is unavailable");
		return;
	}
	memset(&m, 0, sizeof m);
	m.type = MSG_SPACE;
	space_rec_fill(&m.u.space, sp, rel, view, n);
	conn_reply(c, req, &m);
	proto_msg_free(&m);
}

/* Reply to req with an error from space.c or a check. */
void
space_reply_error(struct conn *c, const struct proto_msg *req,
    const struct proto_err *err)
{
	conn_error(c, req, err->code, "%s", err->text);
}
