/*
 * transcript-acl.c: who may do what with a space's transcripts, decided
 * from the caller's stored relation to the space on every request, and
 * the access log.
 *
 *   read (list, read, search, export, report)
 *       owners and facilitators: every ended session of the space;
 *       mentors (the role, or a member's mentor flag): every one, and
 *       every read is logged;
 *       members: as the space's policy says: none ("stewards"), the
 *       sessions they joined ("participants", the default), or every
 *       one ("members"). A member sees only their own row of a report.
 *   notes: mentors write; stewards and mentors read them, and members
 *       who may read the transcript when the policy says "readers".
 *   redact: a member their own words, a steward anyone's.
 *   the access log: owners. The policy: mentors and up read it, owners
 *       set it.
 *
 * A caller with no place in the space is answered exactly as for a
 * session that does not exist ("no such session"), and for requests
 * that name the space, as the spaces' own rule says: a hidden affinity
 * space is "no such space", the same bytes as for a missing one. Mentors
 * of another space are outsiders here. Server administrators get no
 * exception.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "roundtabled.h"
#include "space.h"
#include "transcript.h"

struct tx_ctx	tx_ctx;

/* Who a request needs. */
enum tx_need {
	TXN_READER,		/* may read transcripts of the space */
	TXN_MENTOR,		/* a mentor (role or flag) */
	TXN_NOTES,		/* may see mentors' notes */
	TXN_MEMBER,		/* a member or a steward */
	TXN_REVIEWER,		/* a mentor, a steward */
	TXN_OWNER		/* an owner */
};

#define TXF_ENDED	0x01	/* the session must have ended */
#define TXF_SESSION	0x02	/* the member must have joined it */

/* The rule of each request. */
static const struct tx_rule {
	uint16_t	 type;
	enum tx_need	 need;
	int		 flags;
	const char	*denied;
} tx_rules[] = {
	{ MSG_TRANSCRIPT_LIST, TXN_READER, 0, NULL },
	{ MSG_TRANSCRIPT_READ, TXN_READER, TXF_ENDED | TXF_SESSION, NULL },
	{ MSG_TRANSCRIPT_SEARCH, TXN_READER, 0, NULL },
	{ MSG_TRANSCRIPT_EXPORT, TXN_READER, TXF_ENDED | TXF_SESSION, NULL },
	{ MSG_TRANSCRIPT_REPORT, TXN_READER, TXF_ENDED | TXF_SESSION, NULL },
	{ MSG_TRANSCRIPT_ANNOTATE, TXN_MENTOR, TXF_ENDED,
	    "only the space's mentors write notes on transcripts" },
	{ MSG_TRANSCRIPT_ANNOTATIONS, TXN_NOTES, TXF_ENDED | TXF_SESSION,
	    "this space shows mentors' notes to its facilitators and "
	    "mentors only" },
	{ MSG_TRANSCRIPT_UNANNOTATE, TXN_REVIEWER, TXF_ENDED,
	    "only mentors and the space's owners delete notes" },
	{ MSG_TRANSCRIPT_REDACT, TXN_MEMBER, 0,
	    "mentors review transcripts; only members redact, and only "
	    "their own words" },
	{ MSG_TRANSCRIPT_ACCESS, TXN_OWNER, 0,
	    "only the space's owners read its access log" },
	{ MSG_TRANSCRIPT_POLICY, TXN_REVIEWER, 0,
	    "only the space's facilitators and mentors see its transcript "
	    "policy" },
};

/* Return the rule for a request type, or NULL. */
static const struct tx_rule *
tx_rule_find(uint16_t type)
{
	size_t	i;

	for (i = 0; i < sizeof tx_rules / sizeof tx_rules[0]; i++) {
		if (tx_rules[i].type == type)
			return (&tx_rules[i]);
	}
	return (NULL);
}

/* Return true if a request type has a rule (the unit test asks). */
bool
tx_acl_covers(uint16_t type)
{
	return (tx_rule_find(type) != NULL);
}

/* The answer for a session that does not exist or may not be seen. */
static int
tx_err_unknown(struct proto_err *err)
{
	proto_err_set(err, ERR_NOT_FOUND, "no such session");
	return (-1);
}

/* The answer when the database failed. */
static int
tx_err_storage(struct proto_err *err)
{
	proto_err_set(err, ERR_STORAGE, "the database is unavailable");
	return (-1);
}

/* Work out the caller's standing from the relation in tx_ctx. */
static int
tx_standing(void)
{
	const struct store_space_rel	*r = &tx_ctx.rel;

	tx_ctx.erel = space_acl_rel(r);
	if (tx_ctx.erel == REL_REQUESTER)
		tx_ctx.erel = REL_OUTSIDER;
	tx_ctx.steward = tx_ctx.erel >= REL_FACILITATOR;
	tx_ctx.mentor = r->role == ROLE_MENTOR ||
	    (r->role != ROLE_NONE && r->mentor);
	if (store_tx_policy_get(srv.store, tx_ctx.sp.sid, &tx_ctx.policy) !=
	    STORE_OK)
		return (-1);
	tx_ctx.notes = tx_ctx.steward || tx_ctx.mentor ||
	    tx_ctx.policy.notes == TX_NOTES_READERS;
	tx_ctx.own_only = !tx_ctx.steward && !tx_ctx.mentor;
	tx_ctx.only_uid = 0;
	return (0);
}

/* May the caller read the space's transcripts at all? */
static bool
tx_may_read(int64_t uid)
{
	if (tx_ctx.steward || tx_ctx.mentor)
		return (true);
	if (tx_ctx.erel < REL_MEMBER ||
	    tx_ctx.policy.readers == TX_READERS_STEWARDS)
		return (false);
	if (tx_ctx.policy.readers == TX_READERS_PARTICIPANTS)
		tx_ctx.only_uid = uid;
	return (true);
}

/* Apply a rule's need; -1 with err set if it is not met. */
static int
tx_need_check(const struct tx_rule *rule, int64_t uid, struct proto_err *err)
{
	bool	ok = false;

	switch (rule->need) {
	case TXN_READER:
		ok = tx_may_read(uid);
		break;
	case TXN_MENTOR:
		ok = tx_ctx.mentor;
		break;
	case TXN_NOTES:
		ok = tx_may_read(uid) && tx_ctx.notes;
		break;
	case TXN_MEMBER:
		ok = tx_ctx.erel >= REL_MEMBER;
		break;
	case TXN_REVIEWER:
		ok = tx_ctx.mentor || tx_ctx.steward;
		break;
	case TXN_OWNER:
		ok = tx_ctx.erel == REL_OWNER;
		break;
	}
	if (ok)
		return (0);
	if (rule->denied != NULL)
		proto_err_set(err, ERR_DENIED, "%s", rule->denied);
	else if (tx_ctx.erel >= REL_MEMBER)
		proto_err_set(err, ERR_DENIED, "this space's transcripts are "
		    "for its facilitators and mentors");
	else
		proto_err_set(err, ERR_DENIED, "only members of this space "
		    "read its transcripts");
	return (-1);
}

/*
 * Find the space a request names (list, search, access log, policy) and
 * decide it. Return 0 with tx_ctx filled, or -1 with err.
 */
int
tx_resolve_space(struct conn *c, uint16_t type, const char *slug,
    struct proto_err *err)
{
	const struct tx_rule	*rule;
	int			 rc;

	memset(&tx_ctx, 0, sizeof tx_ctx);
	if ((rule = tx_rule_find(type)) == NULL)
		fatalx("tx_resolve_space: no rule for type %u", type);
	if (!space_slug_valid(slug)) {
		space_err_unknown(err);
		return (-1);
	}
	rc = store_space_view(srv.store, slug, c->uid, &tx_ctx.sp,
	    &tx_ctx.rel);
	if (rc == STORE_ERR)
		return (tx_err_storage(err));
	if (rc == STORE_NOTFOUND) {
		space_err_unknown(err);
		return (-1);
	}
	if (tx_standing() == -1)
		return (tx_err_storage(err));
	if (tx_ctx.erel < REL_MENTOR) {
		/* Outsiders and requesters: as the spaces say. */
		if (tx_ctx.sp.kind == SPACE_AFFINITY &&
		    !srv.conf->space_discoverable_affinity &&
		    !tx_ctx.rel.pending) {
			space_err_unknown(err);
			return (-1);
		}
		proto_err_set(err, ERR_DENIED, "only members of this space "
		    "read its transcripts");
		return (-1);
	}
	return (tx_need_check(rule, c->uid, err));
}

/*
 * Find the session a request names and decide it: the caller must be
 * able to see the session (else "no such session", as for one that does
 * not exist), meet the request's need, and for most requests the
 * session must have ended and (for a member who may read only their own
 * sessions) have been joined by them.
 */
int
tx_resolve_session(struct conn *c, uint16_t type, uint64_t id,
    struct proto_err *err)
{
	const struct tx_rule	*rule;
	bool			 joined;
	int			 rc;

	memset(&tx_ctx, 0, sizeof tx_ctx);
	if ((rule = tx_rule_find(type)) == NULL)
		fatalx("tx_resolve_session: no rule for type %u", type);
	if (id == 0 || id > INT64_MAX)
		return (tx_err_unknown(err));
	rc = store_session_get(srv.store, (int64_t)id, &tx_ctx.row);
	if (rc == STORE_ERR)
		return (tx_err_storage(err));
	if (rc == STORE_NOTFOUND)
		return (tx_err_unknown(err));
	rc = store_space_view_sid(srv.store, tx_ctx.row.sid, c->uid,
	    &tx_ctx.sp, &tx_ctx.rel);
	if (rc == STORE_ERR)
		return (tx_err_storage(err));
	if (rc == STORE_NOTFOUND)
		return (tx_err_unknown(err));
	if (tx_standing() == -1)
		return (tx_err_storage(err));
	if (tx_ctx.erel < REL_MENTOR)
		return (tx_err_unknown(err));
	if (tx_need_check(rule, c->uid, err) == -1)
		return (-1);
	if ((rule->flags & TXF_ENDED) && tx_ctx.row.status != 3) {
		proto_err_set(err, ERR_SESSION_STATE, "the session has not "
		    "ended; its transcript opens for review when it ends");
		return (-1);
	}
	if ((rule->flags & TXF_SESSION) && tx_ctx.only_uid != 0) {
		if (store_tx_joined(srv.store, tx_ctx.row.id, c->uid,
		    &joined) != STORE_OK)
			return (tx_err_storage(err));
		if (!joined) {
			proto_err_set(err, ERR_DENIED, "this space lets "
			    "members read the transcripts of the sessions "
			    "they took part in");
			return (-1);
		}
	}
	return (0);
}

/*
 * Return true if a reader sees an entry: a plain member (whose report
 * shows their own row only) sees only their own refused attempts, as
 * the figures of others are theirs and the facilitators' (R8).
 */
bool
tx_entry_visible(const struct tx_ctx *ctx, int64_t uid,
    const struct store_event *ev)
{
	return (!ctx->own_only || ev->actor == uid ||
	    strcmp(ev->kind, "refused") != 0);
}

/*
 * Log a read by a mentor (tx_ctx.mentor) of a session's transcript (0:
 * a search of the whole space): who, what, when. Stewards' and members'
 * reads are not logged; listing is not a read. Return 0, or -1 if the
 * entry could not be written: then the read must not happen.
 */
int
tx_access_log(struct conn *c, int64_t session, const char *what,
    const char *fmt, ...)
{
	va_list	ap;
	char	detail[PROTO_REASON_MAX + 1];

	if (!tx_ctx.mentor)
		return (0);
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	if (store_tx_access_add(srv.store, tx_ctx.sp.sid, c->uid, session,
	    what, detail, tx_wall_ms()) != STORE_OK) {
		log_warnx("transcripts: cannot log %s's %s of session %lld; "
		    "refused", c->user, what, (long long)session);
		return (-1);
	}
	return (0);
}
