/*
 * space.c: every change to a space, shared by the request handlers and
 * the admin subcommands. Each function is one transaction: the change,
 * its membership-record entries, and nothing else; on any failure it is
 * rolled back whole, so bad input leaves no partial write. Observers
 * (space-observe.c) hear of each entry after the commit.
 *
 * The callers have already decided that the actor may do it (space-acl.c);
 * these functions keep the data's own rules: a space has a unique slug and
 * always at least one owner, an account is a member at most once, a code
 * is used no more often than it allows, an archived space is read-only
 * (no change to it, no new member, code or request; members may still
 * leave or be removed, and roles change).
 *
 * Each returns ERR_NONE, or a protocol error code with err set. actor 0 is
 * the operator (roundtabled space ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "space.h"
#include "xmalloc.h"

/* One change in progress: its transaction and the events to announce. */
struct space_txn {
	struct store		*st;
	int64_t			 sid;
	int64_t			 actor;
	int64_t			 now;
	struct space_event	*ev;
	size_t			 nev;
	size_t			 cap;
	struct proto_err	*err;
};

/* Set the answer for a database failure and return its code. */
static int
space_storage(struct proto_err *err)
{
	proto_err_set(err, ERR_STORAGE, "the database is unavailable");
	return (ERR_STORAGE);
}

/* Start a change to space sid by actor. */
static int
space_txn_begin(struct space_txn *t, struct store *st, int64_t sid,
    int64_t actor, struct proto_err *err)
{
	memset(t, 0, sizeof *t);
	t->st = st;
	t->sid = sid;
	t->actor = actor;
	t->now = (int64_t)time(NULL);
	t->err = err;
	if (store_begin(st) != STORE_OK)
		return (space_storage(err));
	return (ERR_NONE);
}

/* Roll a change back; return code, with err set to text (if not NULL). */
static int
space_txn_abort(struct space_txn *t, int code, const char *text)
{
	store_rollback(t->st);
	free(t->ev);
	t->ev = NULL;
	if (code == ERR_STORAGE)
		return (space_storage(t->err));
	if (text != NULL)
		proto_err_set(t->err, code, "%s", text);
	return (code);
}

/* Add a record entry and queue its event. */
static int
space_txn_record(struct space_txn *t, int action, int64_t subject, int role,
    bool mentor, const char *detail)
{
	struct space_event	*ev;
	int64_t			 seq;

	if (store_log_add(t->st, t->sid, t->actor, action, subject, detail,
	    t->now, &seq) != STORE_OK)
		return (ERR_STORAGE);
	if (t->nev == t->cap) {
		t->cap = t->cap == 0 ? 4 : t->cap * 2;
		t->ev = xreallocarray(t->ev, t->cap, sizeof *t->ev);
	}
	ev = &t->ev[t->nev++];
	ev->seq = seq;
	ev->sid = t->sid;
	ev->actor = t->actor;
	ev->subject = subject;
	ev->action = action;
	ev->role = role;
	ev->mentor = mentor;
	return (ERR_NONE);
}

/*
 * Commit a change, then announce its events; the watch for other
 * processes' changes (space-watch.c) learns that they are announced.
 */
static int
space_txn_commit(struct space_txn *t)
{
	size_t	i;

	if (store_commit(t->st) != STORE_OK)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	for (i = 0; i < t->nev; i++)
		space_watch_mine(t->st, t->ev[i].seq);
	for (i = 0; i < t->nev; i++)
		space_notify(&t->ev[i]);
	free(t->ev);
	t->ev = NULL;
	return (ERR_NONE);
}

/* Map a store result other than STORE_OK to an abort with text. */
static int
space_txn_fail(struct space_txn *t, int rc, int code, const char *text)
{
	if (rc == STORE_ERR)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	return (space_txn_abort(t, code, text));
}

/*
 * Refuse a change an archived space does not take (a change to it, a new
 * member, a code, a request to join), reading the space inside the
 * transaction: the caller's copy may predate an archive committed by
 * another process.
 */
static int
space_txn_live(struct space_txn *t)
{
	struct store_space	sp;
	int			rc;

	if ((rc = store_space_view_sid(t->st, t->sid, 0, &sp, NULL)) !=
	    STORE_OK)
		return (space_txn_fail(t, rc, ERR_NOT_FOUND, "no such space"));
	if (sp.archived != 0)
		return (space_txn_abort(t, ERR_ARCHIVED, "the space is "
		    "archived: restore it first"));
	return (ERR_NONE);
}

/*
 * Create a space (sp->sid is set) with owner as its owner. The slug, the
 * title and the kind have been checked.
 */
int
space_create(struct store *st, struct store_space *sp, int64_t owner,
    int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	char			text[128];
	int			rc;

	if ((rc = space_txn_begin(&t, st, 0, actor, err)) != ERR_NONE)
		return (rc);
	sp->created = t.now;
	sp->created_by = actor;
	if ((rc = store_space_add(st, sp, &sp->sid)) != STORE_OK) {
		snprintf(text, sizeof text, "the name '%s' is taken", sp->slug);
		return (space_txn_fail(&t, rc, ERR_EXISTS, text));
	}
	t.sid = sp->sid;
	if ((rc = store_member_add(st, sp->sid, owner, ROLE_OWNER, false,
	    t.now)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "the owner's account does not exist"));
	if (space_txn_record(&t, SPACE_ACT_CREATED, 0, ROLE_NONE, false,
	    space_kind_name(sp->kind)) != ERR_NONE ||
	    space_txn_record(&t, SPACE_ACT_ADDED, owner, ROLE_OWNER, false,
	    "owner") != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/* Collect the uids of pending requests. */
static void
space_collect_request(const struct store_request *r, void *arg)
{
	struct {
		int64_t	*uids;
		size_t	 n;
	}		*c = arg;

	c->uids = xreallocarray(c->uids, c->n + 1, sizeof *c->uids);
	c->uids[c->n++] = r->uid;
}

/* Decline every pending request of a space that stops being affinity. */
static int
space_decline_all(struct space_txn *t)
{
	struct {
		int64_t	*uids;
		size_t	 n;
	}	c = { NULL, 0 };
	size_t	i;
	int	rc = ERR_NONE;

	if (store_request_list(t->st, t->sid, NULL, 0, space_collect_request,
	    &c) != STORE_OK)
		rc = ERR_STORAGE;
	for (i = 0; rc == ERR_NONE && i < c.n; i++) {
		if (store_request_remove(t->st, t->sid, c.uids[i]) != STORE_OK)
			rc = ERR_STORAGE;
		else
			rc = space_txn_record(t, SPACE_ACT_DECLINED, c.uids[i],
			    ROLE_NONE, false, "no longer an affinity space");
	}
	free(c.uids);
	return (rc);
}

/* Append a word to a comma-separated detail. */
static void
space_detail_add(char *detail, size_t len, const char *word)
{
	size_t	n = strlen(detail);

	snprintf(detail + n, len - n, "%s%s", n > 0 ? ", " : "", word);
}

/*
 * Replace old's title, texts and kind with those of new (same sid). A
 * space that stops being an affinity space declines its pending requests.
 */
int
space_update(struct store *st, const struct store_space *old,
    const struct store_space *new, int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	char			detail[PROTO_LABEL_MAX + 1] = "", kind[32];
	int			rc;

	if (strcmp(old->title, new->title) != 0)
		space_detail_add(detail, sizeof detail, "title");
	if (strcmp(old->description, new->description) != 0)
		space_detail_add(detail, sizeof detail, "description");
	if (strcmp(old->statement, new->statement) != 0)
		space_detail_add(detail, sizeof detail, "statement");
	if (old->kind != new->kind) {
		snprintf(kind, sizeof kind, "kind %s",
		    space_kind_name(new->kind));
		space_detail_add(detail, sizeof detail, kind);
	}
	if (detail[0] == '\0')
		return (ERR_NONE);	/* nothing changes */

	if ((rc = space_txn_begin(&t, st, old->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if ((rc = store_space_update(st, new)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND, "no such space"));
	if (space_txn_record(&t, SPACE_ACT_UPDATED, 0, ROLE_NONE, false,
	    detail) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	if (old->kind == SPACE_AFFINITY && new->kind != SPACE_AFFINITY &&
	    space_decline_all(&t) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/* Archive a space, or restore an archived one. */
int
space_archive(struct store *st, const struct store_space *sp, bool archive,
    int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	int			rc;

	if (archive == (sp->archived != 0))
		return (ERR_NONE);	/* already so */
	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = store_space_set_archived(st, sp->sid, archive ? t.now : 0)) !=
	    STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND, "no such space"));
	if (space_txn_record(&t, archive ? SPACE_ACT_ARCHIVED :
	    SPACE_ACT_RESTORED, 0, ROLE_NONE, false, NULL) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/*
 * Make uid a member in role, withdrawing any request of theirs, and
 * record it as action.
 */
static int
space_admit(struct space_txn *t, int64_t uid, int role, bool mentor,
    int action, const char *detail)
{
	int	rc;

	rc = store_member_add(t->st, t->sid, uid, role, mentor, t->now);
	if (rc == STORE_EXISTS)
		return (space_txn_abort(t, ERR_EXISTS,
		    "that account is already a member of this space"));
	if (rc == STORE_NOTFOUND)
		return (space_txn_abort(t, ERR_NOT_FOUND,
		    "that account does not exist"));
	if (rc != STORE_OK)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	rc = store_request_remove(t->st, t->sid, uid);
	if (rc != STORE_OK && rc != STORE_NOTFOUND)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	if (space_txn_record(t, action, uid, role, mentor, detail) != ERR_NONE)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	return (ERR_NONE);
}

/* Join an open space as a member. */
int
space_join(struct store *st, const struct store_space *sp, int64_t uid,
    struct proto_err *err)
{
	struct space_txn	t;
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, uid, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if ((rc = space_admit(&t, uid, ROLE_MEMBER, false, SPACE_ACT_JOINED,
	    NULL)) != ERR_NONE)
		return (rc);
	return (space_txn_commit(&t));
}

/* Count one use of a code; refuse it if it was used up meanwhile. */
static int
space_use_code(struct space_txn *t, const struct store_invite *iv)
{
	int	rc;

	rc = store_invite_use(t->st, iv->iid, t->now);
	if (rc == STORE_NOTFOUND)
		return (space_txn_abort(t, ERR_BAD_INVITE,
		    "this invite code can no longer be used"));
	if (rc != STORE_OK)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	return (ERR_NONE);
}

/* Join with an admitting code, in the role it gives. */
int
space_redeem(struct store *st, const struct store_space *sp,
    const struct store_invite *iv, int64_t uid, struct proto_err *err)
{
	struct space_txn	t;
	char			detail[64];
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, uid, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if ((rc = space_use_code(&t, iv)) != ERR_NONE)
		return (rc);
	snprintf(detail, sizeof detail, "invite %lld", (long long)iv->iid);
	if ((rc = space_admit(&t, uid, iv->role, false, SPACE_ACT_REDEEMED,
	    detail)) != ERR_NONE)
		return (rc);
	return (space_txn_commit(&t));
}

/* File uid's request to join, with a request code (iv) or without. */
int
space_request(struct store *st, const struct store_space *sp, int64_t uid,
    const char *message, const struct store_invite *iv, struct proto_err *err)
{
	struct space_txn	t;
	char			detail[64] = "";
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, uid, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if (iv != NULL) {
		if ((rc = space_use_code(&t, iv)) != ERR_NONE)
			return (rc);
		snprintf(detail, sizeof detail, "invite %lld",
		    (long long)iv->iid);
	}
	rc = store_request_add(st, sp->sid, uid, message, t.now,
	    iv != NULL ? iv->iid : 0);
	if (rc != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_EXISTS,
		    "you have already asked to join this space"));
	if (space_txn_record(&t, SPACE_ACT_REQUESTED, uid, ROLE_NONE, false,
	    detail) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/*
 * Approve uid's request: they become a member, or a mentor when their
 * request came with a code for mentors.
 */
int
space_approve(struct store *st, const struct store_space *sp, int64_t uid,
    int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	struct store_request	r;
	struct store_invite	iv;
	int			rc, role = ROLE_MEMBER;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if ((rc = store_request_get(st, sp->sid, uid, &r)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "that account has no pending request to join"));
	if (r.invite != 0) {
		rc = store_invite_get(st, sp->sid, r.invite, &iv);
		if (rc == STORE_OK)
			role = iv.role;
		else if (rc != STORE_NOTFOUND)
			return (space_txn_abort(&t, ERR_STORAGE, NULL));
	}
	if ((rc = space_admit(&t, uid, role, false, SPACE_ACT_APPROVED,
	    space_role_name(role))) != ERR_NONE)
		return (rc);
	return (space_txn_commit(&t));
}

/* Decline uid's request; by uid themselves, it is withdrawn. */
int
space_decline(struct store *st, const struct store_space *sp, int64_t uid,
    int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = store_request_remove(st, sp->sid, uid)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "that account has no pending request to join"));
	if (space_txn_record(&t, actor == uid ? SPACE_ACT_WITHDREW :
	    SPACE_ACT_DECLINED, uid, ROLE_NONE, false, NULL) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/* A steward or the operator adds an account in a role. */
int
space_add_member(struct store *st, const struct store_space *sp,
    int64_t uid, int role, bool mentor, int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	if ((rc = space_admit(&t, uid, role, mentor, SPACE_ACT_ADDED,
	    space_role_name(role))) != ERR_NONE)
		return (rc);
	return (space_txn_commit(&t));
}

/* Refuse to leave a space without an owner when m is its last. */
static int
space_keep_owner(struct space_txn *t, const struct store_member *m,
    int newrole)
{
	int64_t	owners;

	if (m->role != ROLE_OWNER || newrole == ROLE_OWNER)
		return (ERR_NONE);
	if (store_member_count(t->st, t->sid, ROLE_OWNER, &owners) != STORE_OK)
		return (space_txn_abort(t, ERR_STORAGE, NULL));
	if (owners <= 1)
		return (space_txn_abort(t, ERR_LAST_OWNER, "a space needs an "
		    "owner: make someone else an owner first"));
	return (ERR_NONE);
}

/* End uid's membership; by uid themselves, they leave. */
int
space_remove_member(struct store *st, const struct store_space *sp,
    int64_t uid, int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	struct store_member	m;
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = store_member_get(st, sp->sid, uid, &m)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "that account is not a member of this space"));
	if ((rc = space_keep_owner(&t, &m, ROLE_NONE)) != ERR_NONE)
		return (rc);
	if (store_member_remove(st, sp->sid, uid) != STORE_OK ||
	    space_txn_record(&t, actor == uid ? SPACE_ACT_LEFT :
	    SPACE_ACT_REMOVED, uid, ROLE_NONE, false,
	    space_role_name(m.role)) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/* Change a member's role and mentor flag. */
int
space_set_role(struct store *st, const struct store_space *sp, int64_t uid,
    int role, bool mentor, int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	struct store_member	m;
	char			detail[64];
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = store_member_get(st, sp->sid, uid, &m)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "that account is not a member of this space"));
	if (m.role == role && m.mentor == mentor) {
		store_rollback(st);	/* nothing changes */
		return (ERR_NONE);
	}
	if ((rc = space_keep_owner(&t, &m, role)) != ERR_NONE)
		return (rc);
	snprintf(detail, sizeof detail, "%s%s -> %s%s",
	    space_role_name(m.role), m.mentor ? "+mentor" : "",
	    space_role_name(role), mentor ? "+mentor" : "");
	if (store_member_set_role(st, sp->sid, uid, role, mentor) != STORE_OK ||
	    space_txn_record(&t, SPACE_ACT_ROLE, uid, role, mentor, detail) !=
	    ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/*
 * Make an invite code for sp: it admits in role (or, with request, files
 * a request to join), up to max_uses times, until expires. The code goes
 * into code (shown once, never stored) and its terms into iv.
 */
int
space_invite(struct store *st, const struct store_space *sp, int role,
    bool request, int64_t max_uses, int64_t expires, int64_t actor,
    char *code, size_t codelen, struct store_invite *iv, struct proto_err *err)
{
	struct space_txn	t;
	uint8_t			digest[32];
	char			detail[96];
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = space_txn_live(&t)) != ERR_NONE)
		return (rc);
	memset(iv, 0, sizeof *iv);
	iv->sid = sp->sid;
	iv->role = role;
	iv->request = request;
	iv->max_uses = max_uses;
	iv->created = t.now;
	iv->expires = expires;
	iv->created_by = actor;
	space_code_new(code, codelen, digest);
	if (store_invite_add(st, iv, digest, &iv->iid) != STORE_OK)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	snprintf(detail, sizeof detail, "invite %lld: %s, %lld use%s%s",
	    (long long)iv->iid, space_role_name(role), (long long)max_uses,
	    max_uses == 1 ? "" : "s", request ? ", files a request" : "");
	if (space_txn_record(&t, SPACE_ACT_INVITED, 0, ROLE_NONE, false,
	    detail) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}

/* Revoke code iid of sp; revoking a revoked code changes nothing. */
int
space_revoke(struct store *st, const struct store_space *sp, int64_t iid,
    int64_t actor, struct proto_err *err)
{
	struct space_txn	t;
	struct store_invite	iv;
	char			detail[64];
	int			rc;

	if ((rc = space_txn_begin(&t, st, sp->sid, actor, err)) != ERR_NONE)
		return (rc);
	if ((rc = store_invite_get(st, sp->sid, iid, &iv)) != STORE_OK)
		return (space_txn_fail(&t, rc, ERR_NOT_FOUND,
		    "this space has no invite code with that number"));
	if (iv.revoked != 0) {
		store_rollback(st);
		return (ERR_NONE);
	}
	snprintf(detail, sizeof detail, "invite %lld", (long long)iid);
	if (store_invite_revoke(st, iid, t.now) != STORE_OK ||
	    space_txn_record(&t, SPACE_ACT_REVOKED, 0, ROLE_NONE, false,
	    detail) != ERR_NONE)
		return (space_txn_abort(&t, ERR_STORAGE, NULL));
	return (space_txn_commit(&t));
}
