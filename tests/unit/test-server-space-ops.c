/*
 * test-server-space-ops.c: the changes in space.c against a real
 * database: each is one transaction with its record entries, a refused
 * change writes nothing (not even half), the data's own rules hold (one
 * slug, always an owner, codes used no more than allowed), and observers
 * hear of each entry only after the commit. Changes another process
 * commits (the admin subcommands, on their own connection) reach the
 * observers through space-watch.c: once each, in order, with the
 * subject's role as it is now, and never the ones this process made and
 * announced itself, however the two interleave.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <event2/event.h>

#include "space.h"
#include "store.h"

#define MAXEV	32

struct fixture {
	char			 dir[64];
	char			 path[128];
	struct store		*st;
	int64_t			 ada, bob, cy;
	struct store_space	*sp;
	int			 handle;
	struct store		*cli;		/* another process's, or NULL */
	struct event_base	*base;		/* for the watch, or NULL */
	struct space_event	 ev[MAXEV];
	int			 nev;
};

/* Remember every event, in order. */
static void
record_event(const struct space_event *ev, void *arg)
{
	struct fixture	*f = arg;

	if (f->nev < MAXEV)
		f->ev[f->nev] = *ev;
	f->nev++;
}

/* A fresh database with three accounts, and an observer. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	char		 err[256];

	snprintf(f->dir, sizeof f->dir, "/tmp/rt-spaceops-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return (-1);
	snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
	if ((f->st = store_open(f->path, false, err, sizeof err)) == NULL)
		return (-1);
	if (store_user_add(f->st, "ada", "h", false, false, &f->ada) !=
	    STORE_OK || store_user_add(f->st, "bob", "h", false, false,
	    &f->bob) != STORE_OK || store_user_add(f->st, "cy", "h", false,
	    false, &f->cy) != STORE_OK)
		return (-1);
	f->sp = calloc(1, sizeof *f->sp);
	f->handle = space_observe(record_event, f);
	*state = f;
	return (0);
}

/* Close and remove everything. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 p[160];

	space_unobserve(f->handle);
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	rmdir(f->dir);
	free(f->sp);
	free(f);
	return (0);
}

/*
 * setup, then a second connection (the operator's) and the watch on the
 * first, with a space tank owned by ada that bob is a member of.
 */
static int
setup_watch(void **state)
{
	struct fixture		*f;
	struct proto_err	 err;
	char			 e[256];

	if (setup(state) == -1)
		return (-1);
	f = *state;
	snprintf(f->sp->slug, sizeof f->sp->slug, "tank");
	snprintf(f->sp->title, sizeof f->sp->title, "Tank");
	f->sp->kind = SPACE_INVITE;
	if ((f->cli = store_open(f->path, false, e, sizeof e)) == NULL ||
	    space_create(f->st, f->sp, f->ada, 0, &err) != ERR_NONE ||
	    space_add_member(f->st, f->sp, f->bob, ROLE_MEMBER, false, f->ada,
	    &err) != ERR_NONE)
		return (-1);
	if ((f->base = event_base_new()) == NULL ||
	    space_watch_start(f->base, f->st) == -1)
		return (-1);
	f->nev = 0;
	return (0);
}

/* Stop the watch and close the second connection, then teardown. */
static int
teardown_watch(void **state)
{
	struct fixture	*f = *state;

	space_watch_stop();
	event_base_free(f->base);
	store_close(f->cli);
	return (teardown(state));
}

/* Create f->sp as slug, of kind, owned by owner. */
static void
create(struct fixture *f, const char *slug, int kind, int64_t owner)
{
	struct proto_err	err;

	memset(f->sp, 0, sizeof *f->sp);
	snprintf(f->sp->slug, sizeof f->sp->slug, "%s", slug);
	snprintf(f->sp->title, sizeof f->sp->title, "The %s", slug);
	f->sp->kind = kind;
	assert_int_equal(space_create(f->st, f->sp, owner, 0, &err), ERR_NONE);
}

/* Count a space's record entries. */
static void
count_log(const struct store_log *l, void *arg)
{
	(void)l;
	(*(int *)arg)++;
}

/* Return the number of record entries of sid. */
static int
nlog(struct fixture *f, int64_t sid)
{
	int	n = 0;

	assert_int_equal(store_log_list(f->st, sid, 0, 0, count_log, &n),
	    STORE_OK);
	return (n);
}

/* Return uid's role in the space (ROLE_NONE if none). */
static int
role_of(struct fixture *f, int64_t uid)
{
	struct store_member	m;

	if (store_member_get(f->st, f->sp->sid, uid, &m) != STORE_OK)
		return (ROLE_NONE);
	return (m.role);
}

/* Create: owner and two entries; a taken slug or a missing owner: nothing. */
static void
test_ops_create(void **state)
{
	struct fixture		*f = *state;
	struct store_space	*sp = calloc(1, sizeof *sp);
	struct store_space_rel	 rel;
	struct proto_err	 err;

	create(f, "leaders", SPACE_AFFINITY, f->ada);
	assert_true(f->sp->sid > 0);
	assert_true(f->sp->created > 0);
	assert_int_equal(role_of(f, f->ada), ROLE_OWNER);
	assert_int_equal(nlog(f, f->sp->sid), 2);
	assert_int_equal(f->nev, 2);
	assert_int_equal(f->ev[0].action, SPACE_ACT_CREATED);
	assert_int_equal(f->ev[1].action, SPACE_ACT_ADDED);
	assert_int_equal(f->ev[1].subject, f->ada);
	assert_int_equal(f->ev[1].role, ROLE_OWNER);
	assert_int_equal(f->ev[1].sid, f->sp->sid);

	snprintf(sp->slug, sizeof sp->slug, "leaders");
	snprintf(sp->title, sizeof sp->title, "Again");
	sp->kind = SPACE_OPEN;
	assert_int_equal(space_create(f->st, sp, f->bob, f->bob, &err),
	    ERR_EXISTS);
	assert_non_null(strstr(err.text, "taken"));
	/* A missing owner rolls the space back too. */
	snprintf(sp->slug, sizeof sp->slug, "orphan");
	assert_int_equal(space_create(f->st, sp, 4242, 0, &err),
	    ERR_NOT_FOUND);
	assert_int_equal(store_space_view(f->st, "orphan", 0, sp, &rel),
	    STORE_NOTFOUND);
	assert_int_equal(f->nev, 2);
	free(sp);
}

/* A space always keeps an owner; leaving is recorded as such. */
static void
test_ops_last_owner(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;
	int			 n;

	create(f, "plc", SPACE_INVITE, f->ada);
	n = nlog(f, f->sp->sid);
	assert_int_equal(space_remove_member(f->st, f->sp, f->ada, f->ada,
	    &err), ERR_LAST_OWNER);
	assert_int_equal(space_set_role(f->st, f->sp, f->ada, ROLE_MEMBER,
	    false, f->ada, &err), ERR_LAST_OWNER);
	assert_int_equal(role_of(f, f->ada), ROLE_OWNER);
	assert_int_equal(nlog(f, f->sp->sid), n);

	assert_int_equal(space_add_member(f->st, f->sp, f->bob, ROLE_OWNER,
	    false, f->ada, &err), ERR_NONE);
	assert_int_equal(space_remove_member(f->st, f->sp, f->ada, f->ada,
	    &err), ERR_NONE);
	assert_int_equal(role_of(f, f->ada), ROLE_NONE);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_LEFT);
	assert_int_equal(f->ev[f->nev - 1].role, ROLE_NONE);
	assert_int_equal(space_remove_member(f->st, f->sp, f->ada, f->bob,
	    &err), ERR_NOT_FOUND);
	assert_int_equal(space_add_member(f->st, f->sp, f->cy, ROLE_MEMBER,
	    false, f->bob, &err), ERR_NONE);
	assert_int_equal(space_remove_member(f->st, f->sp, f->cy, f->bob,
	    &err), ERR_NONE);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_REMOVED);
	assert_int_equal(f->ev[f->nev - 1].actor, f->bob);
	assert_int_equal(f->ev[f->nev - 1].subject, f->cy);
}

/* Roles change with an entry; a change to the same role writes nothing. */
static void
test_ops_set_role(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;
	struct store_member	 m;
	int			 n, nev;

	create(f, "plc", SPACE_OPEN, f->ada);
	assert_int_equal(space_join(f->st, f->sp, f->bob, &err), ERR_NONE);
	assert_int_equal(space_join(f->st, f->sp, f->bob, &err), ERR_EXISTS);
	n = nlog(f, f->sp->sid);
	nev = f->nev;
	assert_int_equal(space_set_role(f->st, f->sp, f->bob, ROLE_MEMBER,
	    false, f->ada, &err), ERR_NONE);
	assert_int_equal(nlog(f, f->sp->sid), n);
	assert_int_equal(f->nev, nev);
	assert_int_equal(space_set_role(f->st, f->sp, f->bob, ROLE_MEMBER,
	    true, f->ada, &err), ERR_NONE);
	assert_int_equal(space_set_role(f->st, f->sp, f->bob,
	    ROLE_FACILITATOR, false, f->ada, &err), ERR_NONE);
	assert_int_equal(store_member_get(f->st, f->sp->sid, f->bob, &m),
	    STORE_OK);
	assert_int_equal(m.role, ROLE_FACILITATOR);
	assert_false(m.mentor);
	assert_int_equal(nlog(f, f->sp->sid), n + 2);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_ROLE);
	assert_int_equal(f->ev[f->nev - 1].role, ROLE_FACILITATOR);
	assert_int_equal(space_set_role(f->st, f->sp, f->cy, ROLE_MEMBER,
	    false, f->ada, &err), ERR_NOT_FOUND);
}

/* Requests: approve (with a mentor code), decline, withdraw, duplicate. */
static void
test_ops_requests(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;
	struct store_invite	 iv;
	struct store_request	 r;
	char			 code[SPACE_CODE_LEN + 1];

	create(f, "leaders", SPACE_AFFINITY, f->ada);
	assert_int_equal(space_invite(f->st, f->sp, ROLE_MENTOR, true, 5,
	    (int64_t)time(NULL) + 60, f->ada, code, sizeof code, &iv, &err),
	    ERR_NONE);
	assert_int_equal(space_request(f->st, f->sp, f->bob, "mentor me",
	    &iv, &err), ERR_NONE);
	assert_int_equal(space_request(f->st, f->sp, f->bob, "again", &iv,
	    &err), ERR_EXISTS);
	assert_int_equal(store_invite_get(f->st, f->sp->sid, iv.iid, &iv),
	    STORE_OK);
	assert_int_equal(iv.uses, 1);	/* the refused one used nothing */
	assert_int_equal(space_approve(f->st, f->sp, f->bob, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(role_of(f, f->bob), ROLE_MENTOR);
	assert_int_equal(store_request_get(f->st, f->sp->sid, f->bob, &r),
	    STORE_NOTFOUND);
	assert_int_equal(space_approve(f->st, f->sp, f->bob, f->ada, &err),
	    ERR_NOT_FOUND);

	assert_int_equal(space_request(f->st, f->sp, f->cy, NULL, NULL, &err),
	    ERR_NONE);
	assert_int_equal(space_decline(f->st, f->sp, f->cy, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_DECLINED);
	assert_int_equal(role_of(f, f->cy), ROLE_NONE);
	assert_int_equal(space_request(f->st, f->sp, f->cy, NULL, NULL, &err),
	    ERR_NONE);
	assert_int_equal(space_decline(f->st, f->sp, f->cy, f->cy, &err),
	    ERR_NONE);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_WITHDREW);
	assert_int_equal(space_decline(f->st, f->sp, f->cy, f->ada, &err),
	    ERR_NOT_FOUND);
}

/* Codes: a single use; a refused redemption leaves the use uncounted. */
static void
test_ops_redeem(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;
	struct store_invite	 iv, got;
	char			 code[SPACE_CODE_LEN + 1];
	uint8_t			 digest[32];

	create(f, "plc", SPACE_INVITE, f->ada);
	assert_int_equal(space_invite(f->st, f->sp, ROLE_MEMBER, false, 1,
	    (int64_t)time(NULL) + 60, f->ada, code, sizeof code, &iv, &err),
	    ERR_NONE);
	assert_int_equal(strlen(code), SPACE_CODE_LEN);
	assert_int_equal(space_code_digest(code, digest), 0);
	assert_int_equal(store_invite_find(f->st, digest, &got), STORE_OK);
	assert_int_equal(got.iid, iv.iid);
	/* The owner is a member already: refused, and the use not counted. */
	assert_int_equal(space_redeem(f->st, f->sp, &iv, f->ada, &err),
	    ERR_EXISTS);
	assert_int_equal(store_invite_get(f->st, f->sp->sid, iv.iid, &got),
	    STORE_OK);
	assert_int_equal(got.uses, 0);
	assert_int_equal(space_redeem(f->st, f->sp, &iv, f->bob, &err),
	    ERR_NONE);
	assert_int_equal(role_of(f, f->bob), ROLE_MEMBER);
	assert_int_equal(space_redeem(f->st, f->sp, &iv, f->cy, &err),
	    ERR_BAD_INVITE);
	assert_int_equal(role_of(f, f->cy), ROLE_NONE);
	/* Revoke: once recorded, again changes nothing. */
	assert_int_equal(space_revoke(f->st, f->sp, iv.iid, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_REVOKED);
	f->nev = 0;
	assert_int_equal(space_revoke(f->st, f->sp, iv.iid, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(f->nev, 0);
	assert_int_equal(space_revoke(f->st, f->sp, 999, f->ada, &err),
	    ERR_NOT_FOUND);
}

/* An affinity space that changes kind declines its pending requests. */
static void
test_ops_update(void **state)
{
	struct fixture		*f = *state;
	struct store_space	*new = calloc(1, sizeof *new);
	struct store_request	 r;
	struct proto_err	 err;
	int			 n;

	create(f, "leaders", SPACE_AFFINITY, f->ada);
	assert_int_equal(space_request(f->st, f->sp, f->bob, NULL, NULL, &err),
	    ERR_NONE);
	assert_int_equal(space_request(f->st, f->sp, f->cy, NULL, NULL, &err),
	    ERR_NONE);
	memcpy(new, f->sp, sizeof *new);
	n = nlog(f, f->sp->sid);
	assert_int_equal(space_update(f->st, f->sp, new, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(nlog(f, f->sp->sid), n);	/* no change */
	snprintf(new->title, sizeof new->title, "Renamed");
	new->kind = SPACE_INVITE;
	assert_int_equal(space_update(f->st, f->sp, new, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(nlog(f, f->sp->sid), n + 3);
	assert_int_equal(store_request_get(f->st, f->sp->sid, f->bob, &r),
	    STORE_NOTFOUND);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_DECLINED);
	assert_int_equal(store_space_view(f->st, "leaders", 0, f->sp, NULL),
	    STORE_OK);
	assert_string_equal(f->sp->title, "Renamed");
	assert_int_equal(f->sp->kind, SPACE_INVITE);
	free(new);
}

/*
 * Archive and restore, each once. An archived space is read-only: no
 * change, member, code or request, even when the caller's copy of the
 * space predates the archive; a member may still be removed.
 */
static void
test_ops_archive(void **state)
{
	struct fixture		*f = *state;
	struct store_space	 stale, *new = calloc(1, sizeof *new);
	struct store_invite	 iv;
	struct proto_err	 err;
	char			 code[SPACE_CODE_LEN + 1];
	int			 n;

	create(f, "plc", SPACE_AFFINITY, f->ada);
	assert_int_equal(space_invite(f->st, f->sp, ROLE_MEMBER, false, 5,
	    (int64_t)time(NULL) + 60, f->ada, code, sizeof code, &iv, &err),
	    ERR_NONE);
	assert_int_equal(space_request(f->st, f->sp, f->cy, "hi", NULL, &err),
	    ERR_NONE);
	stale = *f->sp;
	n = nlog(f, f->sp->sid);
	assert_int_equal(space_archive(f->st, f->sp, true, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(store_space_view(f->st, "plc", 0, f->sp, NULL),
	    STORE_OK);
	assert_true(f->sp->archived > 0);
	*new = stale;
	snprintf(new->title, sizeof new->title, "Renamed");
	assert_int_equal(space_update(f->st, &stale, new, f->ada, &err),
	    ERR_ARCHIVED);
	assert_int_equal(space_add_member(f->st, &stale, f->bob, ROLE_MEMBER,
	    false, f->ada, &err), ERR_ARCHIVED);
	assert_string_equal(err.text, "the space is archived: restore it "
	    "first");
	assert_int_equal(space_invite(f->st, &stale, ROLE_MEMBER, false, 1,
	    (int64_t)time(NULL) + 60, f->ada, code, sizeof code, &iv, &err),
	    ERR_ARCHIVED);
	assert_int_equal(space_redeem(f->st, &stale, &iv, f->bob, &err),
	    ERR_ARCHIVED);
	assert_int_equal(space_request(f->st, &stale, f->bob, NULL, NULL,
	    &err), ERR_ARCHIVED);
	assert_int_equal(space_approve(f->st, &stale, f->cy, f->ada, &err),
	    ERR_ARCHIVED);
	assert_int_equal(space_join(f->st, &stale, f->bob, &err),
	    ERR_ARCHIVED);
	assert_int_equal(role_of(f, f->bob), ROLE_NONE);
	assert_int_equal(role_of(f, f->cy), ROLE_NONE);
	assert_int_equal(store_invite_get(f->st, f->sp->sid, iv.iid, &iv),
	    STORE_OK);
	assert_int_equal(iv.uses, 0);
	assert_int_equal(nlog(f, f->sp->sid), n + 1);
	free(new);
	/* Taking access away still works. */
	assert_int_equal(space_decline(f->st, f->sp, f->cy, f->ada, &err),
	    ERR_NONE);
	n = nlog(f, f->sp->sid) - 1;	/* the re-archive below adds none */
	assert_int_equal(space_archive(f->st, f->sp, true, f->ada, &err),
	    ERR_NONE);
	assert_int_equal(nlog(f, f->sp->sid), n + 1);
	assert_int_equal(space_archive(f->st, f->sp, false, 0, &err),
	    ERR_NONE);
	assert_int_equal(store_space_view(f->st, "plc", 0, f->sp, NULL),
	    STORE_OK);
	assert_int_equal(f->sp->archived, 0);
	assert_int_equal(f->ev[f->nev - 1].action, SPACE_ACT_RESTORED);
	assert_int_equal(f->ev[f->nev - 1].actor, 0);
}

/* The operator removes bob: the server hears it once, after a poll. */
static void
test_watch_external_remove(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;

	space_watch_poll();
	assert_int_equal(f->nev, 0);	/* what came before the start */
	assert_int_equal(space_remove_member(f->cli, f->sp, f->bob, 0, &err),
	    ERR_NONE);
	assert_int_equal(f->nev, 1);	/* heard by the writing process */
	f->nev = 0;
	space_watch_poll();
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].action, SPACE_ACT_REMOVED);
	assert_int_equal(f->ev[0].sid, f->sp->sid);
	assert_int_equal(f->ev[0].subject, f->bob);
	assert_int_equal(f->ev[0].actor, 0);
	assert_int_equal(f->ev[0].role, ROLE_NONE);
	assert_true(f->ev[0].seq > 0);
	space_watch_poll();
	assert_int_equal(f->nev, 1);	/* not again */
}

/* The server's own changes are announced once, never again by a poll. */
static void
test_watch_own_changes(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;

	assert_int_equal(space_add_member(f->st, f->sp, f->cy, ROLE_MEMBER,
	    false, f->ada, &err), ERR_NONE);
	assert_int_equal(f->nev, 1);
	space_watch_poll();
	assert_int_equal(f->nev, 1);
	/* Ours, theirs, ours: only theirs comes from the poll. */
	assert_int_equal(space_set_role(f->st, f->sp, f->cy, ROLE_MENTOR,
	    false, f->ada, &err), ERR_NONE);
	assert_int_equal(space_set_role(f->cli, f->sp, f->bob,
	    ROLE_FACILITATOR, false, 0, &err), ERR_NONE);
	assert_int_equal(space_remove_member(f->st, f->sp, f->cy, f->ada,
	    &err), ERR_NONE);
	assert_int_equal(f->nev, 4);
	f->nev = 0;
	space_watch_poll();
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].action, SPACE_ACT_ROLE);
	assert_int_equal(f->ev[0].subject, f->bob);
	assert_int_equal(f->ev[0].role, ROLE_FACILITATOR);
	f->nev = 0;
	space_watch_poll();
	assert_int_equal(f->nev, 0);
}

/*
 * The role an announced entry carries is the one the database holds now:
 * a role change the operator then undid by removing the member says none.
 */
static void
test_watch_role_now(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;

	assert_int_equal(space_set_role(f->cli, f->sp, f->bob, ROLE_MENTOR,
	    true, 0, &err), ERR_NONE);
	assert_int_equal(space_add_member(f->cli, f->sp, f->cy,
	    ROLE_FACILITATOR, false, 0, &err), ERR_NONE);
	assert_int_equal(space_remove_member(f->cli, f->sp, f->bob, 0, &err),
	    ERR_NONE);
	f->nev = 0;
	space_watch_poll();
	assert_int_equal(f->nev, 3);
	assert_int_equal(f->ev[0].action, SPACE_ACT_ROLE);
	assert_int_equal(f->ev[0].role, ROLE_NONE);
	assert_int_equal(f->ev[1].action, SPACE_ACT_ADDED);
	assert_int_equal(f->ev[1].subject, f->cy);
	assert_int_equal(f->ev[1].role, ROLE_FACILITATOR);
	assert_int_equal(f->ev[2].action, SPACE_ACT_REMOVED);
	assert_true(f->ev[0].seq < f->ev[1].seq && f->ev[1].seq <
	    f->ev[2].seq);
}

/* More entries than one batch holds arrive over several polls, all once. */
static void
test_watch_batches(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;
	int			 i, polls;

	for (i = 0; i < 150; i++) {
		assert_int_equal(space_set_role(f->cli, f->sp, f->bob,
		    i % 2 == 0 ? ROLE_MENTOR : ROLE_MEMBER, false, 0, &err),
		    ERR_NONE);
		assert_int_equal(space_set_role(f->cli, f->sp, f->bob,
		    i % 2 == 0 ? ROLE_MEMBER : ROLE_MENTOR, true, 0, &err),
		    ERR_NONE);
	}
	f->nev = 0;
	for (polls = 0; polls < 5; polls++)
		space_watch_poll();
	assert_int_equal(f->nev, 300);
}

/* A change that refers to no member (an archive) has no role. */
static void
test_watch_space_change(void **state)
{
	struct fixture		*f = *state;
	struct proto_err	 err;

	assert_int_equal(space_archive(f->cli, f->sp, true, 0, &err),
	    ERR_NONE);
	f->nev = 0;
	space_watch_poll();
	assert_int_equal(f->nev, 1);
	assert_int_equal(f->ev[0].action, SPACE_ACT_ARCHIVED);
	assert_int_equal(f->ev[0].subject, 0);
	assert_int_equal(f->ev[0].role, ROLE_NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ops_create, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_last_owner, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_set_role, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_requests, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_redeem, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_update, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ops_archive, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_watch_external_remove,
		    setup_watch, teardown_watch),
		cmocka_unit_test_setup_teardown(test_watch_own_changes,
		    setup_watch, teardown_watch),
		cmocka_unit_test_setup_teardown(test_watch_role_now,
		    setup_watch, teardown_watch),
		cmocka_unit_test_setup_teardown(test_watch_batches,
		    setup_watch, teardown_watch),
		cmocka_unit_test_setup_teardown(test_watch_space_change,
		    setup_watch, teardown_watch),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
