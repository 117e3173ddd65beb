/*
 * session-acl.c: who may do what with a session. A session belongs to a
 * space, and the caller's relation to that space decides:
 *
 *   see it (list, info, stats)      mentor or more
 *   take part (join, post, act)     member or more (space_role_participates)
 *   create one                      facilitator or more
 *
 * Someone below "see it" gets exactly the answer for a session that does
 * not exist, so sessions do not reveal the spaces they belong to. Inside
 * a session, the engine enforces its own roles (facilitator controls).
 */
#include <sys/time.h>

#include <stdio.h>
#include <string.h>

#include <event2/event.h>

#include "log.h"
#include "roundtabled.h"
#include "session.h"
#include "space.h"

struct session_ctx	session_ctx;

/* The relation each session request needs. */
static const struct {
	uint16_t	 type;
	int		 least;
	const char	*denied;
} session_acl[] = {
	{ MSG_SESSION_CREATE, REL_FACILITATOR,
	    "only a space's owners and facilitators may start sessions" },
	{ MSG_SESSION_LIST, REL_MENTOR, NULL },
	{ MSG_SESSION_INFO, REL_MENTOR, NULL },
	{ MSG_SESSION_STATS, REL_MENTOR, NULL },
	{ MSG_SESSION_JOIN, REL_MEMBER,
	    "mentors review transcripts; they do not take part in live "
	    "sessions unless they are also members" },
	{ MSG_SESSION_LEAVE, REL_MEMBER, NULL },
	{ MSG_SESSION_POST, REL_MEMBER, NULL },
	{ MSG_SESSION_ACT, REL_MEMBER, NULL },
	{ MSG_SESSION_CONTROL, REL_MEMBER, NULL },
};

/* The answer for a session that does not exist or may not be seen. */
static int
session_err_unknown(struct proto_err *err)
{
	proto_err_set(err, ERR_NOT_FOUND, "no such session");
	return (-1);
}

/*
 * Decide a request once session_ctx holds the space and relation. A
 * caller who may not see it gets "no such session", or, for requests that
 * name a space, the spaces' own "no such space".
 */
static int
session_acl_check(uint16_t type, struct proto_err *err, bool by_space)
{
	size_t	i;

	for (i = 0; i < sizeof session_acl / sizeof session_acl[0]; i++) {
		if (session_acl[i].type != type)
			continue;
		if (session_ctx.rel < REL_MENTOR) {
			if (!by_space)
				return (session_err_unknown(err));
			if (session_ctx.sp.kind == SPACE_AFFINITY &&
			    !srv.conf->space_discoverable_affinity) {
				space_err_unknown(err);
				return (-1);
			}
			proto_err_set(err, ERR_DENIED,
			    "only members of this space see its sessions");
			return (-1);
		}
		if (session_ctx.rel < session_acl[i].least) {
			proto_err_set(err, ERR_DENIED, "%s",
			    session_acl[i].denied != NULL ?
			    session_acl[i].denied : "you may not do that");
			return (-1);
		}
		return (0);
	}
	fatalx("session_acl_check: no rule for type %u", type);
}

/* Fill the caller's relation to the space in session_ctx.sp. */
static int
session_rel(struct conn *c, int64_t sid, struct proto_err *err)
{
	struct store_space_rel	rel;
	int			rc;

	rc = store_space_view_sid(srv.store, sid, c->uid, &session_ctx.sp,
	    &rel);
	if (rc == STORE_ERR) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	session_ctx.rel = rc == STORE_OK ? space_acl_rel(&rel) : REL_OUTSIDER;
	if (session_ctx.rel == REL_REQUESTER)
		session_ctx.rel = REL_OUTSIDER;
	session_ctx.steward = session_ctx.rel >= REL_FACILITATOR;
	return (0);
}

/*
 * Find the session a request names and decide it. Return 0 with
 * session_ctx filled (ls NULL when the session is not loaded), or -1.
 */
int
session_resolve(struct conn *c, uint16_t type, uint64_t id,
    struct proto_err *err)
{
	int	rc;

	memset(&session_ctx, 0, sizeof session_ctx);
	if (id == 0 || id > INT64_MAX)
		return (session_err_unknown(err));
	if ((session_ctx.ls = session_find((int64_t)id)) != NULL)
		session_ctx.row = session_ctx.ls->row;
	else {
		rc = store_session_get(srv.store, (int64_t)id,
		    &session_ctx.row);
		if (rc == STORE_ERR) {
			proto_err_set(err, ERR_STORAGE,
			    "the database is unavailable");
			return (-1);
		}
		if (rc == STORE_NOTFOUND)
			return (session_err_unknown(err));
	}
	if (session_rel(c, session_ctx.row.sid, err) == -1)
		return (-1);
	return (session_acl_check(type, err, false));
}

/*
 * Find the space a request names (session_create, session_list) and
 * decide it; unknown and unseen spaces get the spaces' own answer.
 */
int
session_resolve_space(struct conn *c, uint16_t type, const char *slug,
    struct proto_err *err)
{
	struct store_space_rel	rel;
	int			rc;

	memset(&session_ctx, 0, sizeof session_ctx);
	if (!space_slug_valid(slug)) {
		space_err_unknown(err);
		return (-1);
	}
	rc = store_space_view(srv.store, slug, c->uid, &session_ctx.sp, &rel);
	if (rc == STORE_ERR) {
		proto_err_set(err, ERR_STORAGE, "the database is unavailable");
		return (-1);
	}
	if (rc == STORE_NOTFOUND) {
		space_err_unknown(err);
		return (-1);
	}
	session_ctx.rel = space_acl_rel(&rel);
	if (session_ctx.rel == REL_REQUESTER)
		session_ctx.rel = REL_OUTSIDER;
	session_ctx.steward = session_ctx.rel >= REL_FACILITATOR;
	return (session_acl_check(type, err, true));
}

/*
 * The database's data_version, read once per turn of the loop: a turn
 * that handles a hundred posts asks SQLite once (each ask takes and drops
 * its shared-memory lock), and another process's commit is still seen on
 * the next turn. The key is the loop's cached time, new every turn.
 */
static int
session_data_version(int64_t *dv)
{
	static struct timeval	turn;
	static int64_t		cached = -1;
	struct timeval		now;
	bool			have;

	have = event_base_gettimeofday_cached(srv.base, &now) == 0;
	if (have && cached != -1 && timercmp(&now, &turn, ==)) {
		*dv = cached;
		return (STORE_OK);
	}
	cached = -1;
	if (store_data_version(srv.store, dv) != STORE_OK)
		return (STORE_ERR);
	if (have) {
		cached = *dv;
		turn = now;
	}
	return (STORE_OK);
}

/*
 * Fill session_ctx from the relation a link remembers, if nothing that
 * could change it has happened since: no change announced by this server
 * (space_generation) and no commit by another process, such as
 * `roundtabled space remove-member` (store_data_version). Return false
 * to look it up again.
 */
static bool
session_rel_cached(struct sess_link *l, int64_t *dv)
{
	if (session_data_version(dv) != STORE_OK) {
		*dv = -1;
		return (false);
	}
	if (!l->rel_ok || l->rel_gen != space_generation() || l->rel_dv != *dv)
		return (false);
	memset(&session_ctx, 0, sizeof session_ctx);
	session_ctx.ls = l->ls;
	session_ctx.row = l->ls->row;
	session_ctx.sp.sid = l->ls->row.sid;
	session_ctx.sp.kind = l->ls->space_kind;
	snprintf(session_ctx.sp.slug, sizeof session_ctx.sp.slug, "%s",
	    l->ls->space_slug);
	session_ctx.rel = l->rel;
	session_ctx.steward = l->rel >= REL_FACILITATOR;
	return (true);
}

/*
 * Resolve a session the caller must be joined to (post, act, control,
 * leave): loaded, and this connection linked to it. The link remembers
 * the caller's relation to the space, which spares a query per post.
 */
int
session_resolve_joined(struct conn *c, uint16_t type, uint64_t id,
    struct proto_err *err)
{
	struct live		*ls;
	struct sess_link	*l = NULL;
	int64_t			 dv = -1;

	if (id != 0 && id <= INT64_MAX &&
	    (ls = session_find((int64_t)id)) != NULL &&
	    (l = session_link(ls, c)) != NULL && session_rel_cached(l, &dv))
		return (session_acl_check(type, err, false));
	if (session_resolve(c, type, id, err) == -1)
		return (-1);
	if (session_ctx.ls == NULL || (l = session_link(session_ctx.ls, c)) ==
	    NULL) {
		proto_err_set(err, ERR_NOT_IN_SESSION,
		    "join the session first (session_join)");
		return (-1);
	}
	l->rel = session_ctx.rel;
	l->rel_gen = space_generation();
	l->rel_dv = dv;
	l->rel_ok = dv != -1;
	return (0);
}
