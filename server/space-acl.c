/*
 * space-acl.c: who may do what to a space. Every space request's check
 * step calls space_acl_check with the caller's relation to the space; the
 * table below is the whole policy. The decision runs in this order:
 *
 * 1. Visibility. Open and invite spaces are visible to every account.
 *    An affinity space is visible only to its members and requesters, to
 *    a caller holding a valid code to it, and, when the configuration
 *    makes affinity spaces discoverable, to everyone. Otherwise the answer
 *    is exactly the one for a space that does not exist (not-found, "no
 *    such space"): no existence oracle. Server admins get no exception.
 * 2. Relation. The caller's relation must lie between the row's least and
 *    most (denied below, exists above). With ACL_ADMIN, a server admin
 *    counts as an owner of open and invite spaces (never of affinity
 *    spaces: the operator does not browse them).
 * 3. Kind. ACL_AFFINITY rows apply to affinity spaces only (wrong-kind).
 * 4. Archive. ACL_LIVE rows are refused on archived spaces (archived).
 */
#include <stddef.h>

#include "space.h"

#define ACL_ADMIN	0x01	/* admins count as owners (open, invite) */
#define ACL_LIVE	0x02	/* refused on archived spaces */
#define ACL_AFFINITY	0x04	/* affinity spaces only */

/* One request's rule. */
struct space_acl {
	uint16_t	 type;
	int		 least;		/* enum space_rel */
	int		 most;
	int		 flags;
	const char	*denied;	/* the error text below least */
};

/* Every request about an existing space. */
static const struct space_acl space_acl_table[] = {
	{ MSG_SPACE_UPDATE, REL_OWNER, REL_OWNER, ACL_ADMIN | ACL_LIVE,
	    "only owners may change a space" },
	{ MSG_SPACE_ARCHIVE, REL_OWNER, REL_OWNER, ACL_ADMIN,
	    "only owners may archive or restore a space" },
	{ MSG_SPACE_INFO, REL_OUTSIDER, REL_OWNER, 0,
	    "you may not see this space" },
	{ MSG_SPACE_MEMBERS, REL_MENTOR, REL_OWNER, ACL_ADMIN,
	    "only members may see the member list" },
	{ MSG_SPACE_INVITE, REL_FACILITATOR, REL_OWNER, ACL_ADMIN | ACL_LIVE,
	    "only owners and facilitators may make invite codes" },
	{ MSG_SPACE_INVITES, REL_FACILITATOR, REL_OWNER, ACL_ADMIN,
	    "only owners and facilitators may see invite codes" },
	{ MSG_SPACE_REVOKE, REL_FACILITATOR, REL_OWNER, ACL_ADMIN,
	    "only owners and facilitators may revoke invite codes" },
	{ MSG_SPACE_JOIN, REL_OUTSIDER, REL_REQUESTER, ACL_LIVE,
	    "you may not join this space" },
	{ MSG_SPACE_REQUEST, REL_OUTSIDER, REL_OUTSIDER,
	    ACL_LIVE | ACL_AFFINITY,
	    "you may not ask to join this space" },
	{ MSG_SPACE_REQUESTS, REL_FACILITATOR, REL_OWNER, ACL_AFFINITY,
	    "only owners and facilitators may see requests to join" },
	{ MSG_SPACE_APPROVE, REL_FACILITATOR, REL_OWNER,
	    ACL_LIVE | ACL_AFFINITY,
	    "only owners and facilitators may approve requests" },
	{ MSG_SPACE_DECLINE, REL_FACILITATOR, REL_OWNER, ACL_AFFINITY,
	    "only owners and facilitators may decline requests" },
	{ MSG_SPACE_LEAVE, REL_REQUESTER, REL_OWNER, 0,
	    "you are not a member of this space" },
	{ MSG_SPACE_ADD, REL_FACILITATOR, REL_OWNER, ACL_ADMIN | ACL_LIVE,
	    "only owners and facilitators may add members" },
	{ MSG_SPACE_REMOVE, REL_FACILITATOR, REL_OWNER, ACL_ADMIN,
	    "only owners and facilitators may remove members" },
	{ MSG_SPACE_SET_ROLE, REL_FACILITATOR, REL_OWNER, ACL_ADMIN,
	    "only owners and facilitators may change roles" },
	{ MSG_SPACE_LOG, REL_OWNER, REL_OWNER, ACL_ADMIN,
	    "only owners may read the membership record" },
};
#define NACL (sizeof space_acl_table / sizeof space_acl_table[0])

/* Return the rule for a request type, or NULL. */
static const struct space_acl *
space_acl_find(uint16_t type)
{
	size_t	i;

	for (i = 0; i < NACL; i++) {
		if (space_acl_table[i].type == type)
			return (&space_acl_table[i]);
	}
	return (NULL);
}

/* Return true if the table has a rule for a request type. */
bool
space_acl_covers(uint16_t type)
{
	return (space_acl_find(type) != NULL);
}

/* Map a stored relation (a role, or a pending request) to a space_rel. */
int
space_acl_rel(const struct store_space_rel *r)
{
	static const int	from_role[] = {
		[ROLE_NONE] = REL_OUTSIDER,
		[ROLE_MENTOR] = REL_MENTOR,
		[ROLE_MEMBER] = REL_MEMBER,
		[ROLE_FACILITATOR] = REL_FACILITATOR,
		[ROLE_OWNER] = REL_OWNER,
	};

	if (r->role > ROLE_NONE && r->role <= ROLE_OWNER)
		return (from_role[r->role]);
	return (r->pending ? REL_REQUESTER : REL_OUTSIDER);
}

/* The answer for a space that does not exist, or that one may not see. */
void
space_err_unknown(struct proto_err *err)
{
	proto_err_set(err, ERR_NOT_FOUND, "no such space");
}

/* Return true if the caller may know that the space exists. */
bool
space_acl_visible(const struct space_acl_in *in)
{
	return (in->kind != SPACE_AFFINITY || in->rel >= REL_REQUESTER ||
	    in->code || in->discoverable);
}

/*
 * Return the relation a request is judged by: the stored one, raised to
 * owner for a server admin on an open or invite space where the rule
 * allows it.
 */
int
space_acl_effective(const struct space_acl_in *in)
{
	const struct space_acl	*a = space_acl_find(in->type);

	if (a != NULL && (a->flags & ACL_ADMIN) && in->admin &&
	    in->kind != SPACE_AFFINITY)
		return (REL_OWNER);
	return (in->rel);
}

/*
 * Decide a request about an existing space. Return 0 if it may go on, or
 * -1 with err set. A type without a rule is refused: that is our bug, and
 * refusing is the safe way to fail.
 */
int
space_acl_check(const struct space_acl_in *in, struct proto_err *err)
{
	const struct space_acl	*a;
	int			 rel;

	if ((a = space_acl_find(in->type)) == NULL) {
		proto_err_set(err, ERR_INTERNAL, "no access rule for request "
		    "type %u", in->type);
		return (-1);
	}
	if (!space_acl_visible(in)) {
		space_err_unknown(err);
		return (-1);
	}
	rel = space_acl_effective(in);
	if (rel < a->least) {
		proto_err_set(err, ERR_DENIED, "%s", a->denied);
		return (-1);
	}
	if (rel > a->most) {
		proto_err_set(err, ERR_EXISTS, "%s", rel == REL_REQUESTER ?
		    "you have already asked to join this space" :
		    "you are already a member of this space");
		return (-1);
	}
	if ((a->flags & ACL_AFFINITY) && in->kind != SPACE_AFFINITY) {
		proto_err_set(err, ERR_WRONG_KIND, "only affinity spaces take "
		    "requests to join");
		return (-1);
	}
	if ((a->flags & ACL_LIVE) && in->archived) {
		proto_err_set(err, ERR_ARCHIVED, "the space is archived");
		return (-1);
	}
	return (0);
}

/* May this caller create a space? Admins may; others if configured. */
int
space_acl_may_create(bool admin, bool users_may, struct proto_err *err)
{
	if (admin || users_may)
		return (0);
	proto_err_set(err, ERR_DENIED, "only administrators may create "
	    "spaces here");
	return (-1);
}

/*
 * May a caller with effective relation rel give a member now in role
 * from (ROLE_NONE for someone not yet a member) the role to (ROLE_NONE to
 * remove them)? Owners manage everyone; facilitators manage members and
 * mentors only, and may not make anyone a steward.
 */
int
space_acl_may_manage(int rel, int from, int to, struct proto_err *err)
{
	if (rel == REL_OWNER)
		return (0);
	if (rel == REL_FACILITATOR && from <= ROLE_MEMBER && to <= ROLE_MEMBER)
		return (0);
	proto_err_set(err, ERR_DENIED, "only owners may manage owners and "
	    "facilitators, or make someone one");
	return (-1);
}

/* Return how much of a space a caller with effective relation rel sees. */
enum space_view
space_acl_view(int kind, int rel)
{
	if (kind != SPACE_AFFINITY || rel >= REL_MENTOR)
		return (SPACE_VIEW_FULL);
	return (SPACE_VIEW_LIMITED);
}

/* Return true if a role takes part in live sessions of its space. */
bool
space_role_participates(int role)
{
	return (role >= ROLE_MEMBER);
}

/* Return true if a role (with its mentor flag) reviews transcripts. */
bool
space_role_reviews(int role, bool mentor)
{
	return (role == ROLE_MENTOR || role >= ROLE_FACILITATOR ||
	    (role == ROLE_MEMBER && mentor));
}
