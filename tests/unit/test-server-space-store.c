/*
 * test-server-space-store.c: the storage of spaces (store-space*.c)
 * against a real SQLite file: the migration from schema version 1, spaces
 * and the caller's relation to them, listings and their pages, members,
 * requests, invite codes and the membership record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store.h"
#include "testdb.h"

struct fixture {
	struct testdb	 db;
	struct store	*st;
	int64_t		 ada, bob, cy;
};

/* A fresh database with three accounts. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	char		 err[256];

	if (f == NULL || testdb_make(&f->db, "space") == -1 ||
	    (f->st = store_open(f->db.path, false, err, sizeof err)) == NULL)
		return (-1);
	if (store_user_add(f->st, "ada", "h", false, false, &f->ada) !=
	    STORE_OK || store_user_add(f->st, "Bob", "h", false, false,
	    &f->bob) != STORE_OK || store_user_add(f->st, "cy", "h", false,
	    false, &f->cy) != STORE_OK)
		return (-1);
	*state = f;
	return (0);
}

/* Close and remove the database. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	testdb_remove(&f->db);
	free(f);
	return (0);
}

/* Add a space of a kind; return its id. */
static int64_t
add_space(struct fixture *f, const char *slug, int kind)
{
	struct store_space	*sp = calloc(1, sizeof *sp);
	int64_t			 sid;

	snprintf(sp->slug, sizeof sp->slug, "%s", slug);
	snprintf(sp->title, sizeof sp->title, "Title of %s", slug);
	snprintf(sp->description, sizeof sp->description, "about %s", slug);
	snprintf(sp->statement, sizeof sp->statement, "who %s is for", slug);
	sp->kind = kind;
	sp->created = 1000;
	sp->created_by = f->ada;
	assert_int_equal(store_space_add(f->st, sp, &sid), STORE_OK);
	free(sp);
	return (sid);
}

/* Return one integer a query on the raw database answers. */
static int64_t
query_int(const char *path, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	int64_t		 v = -1;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return (v);
}

/*
 * A database at version 1 with accounts and tokens migrates to the
 * latest version with its rows intact, and the new tables work.
 */
static void
test_space_migrate_from_v1(void **state)
{
	struct fixture		*f = *state;
	struct store		*st;
	struct store_user	 u;
	struct store_token	 t;
	struct store_space	*sp = calloc(1, sizeof *sp);
	struct store_space_rel	 rel;
	char			 path[160], err[256];
	uint8_t			 digest[32];
	int64_t			 uid, tid, sid;

	memset(digest, 7, sizeof digest);
	snprintf(path, sizeof path, "%s/v1.db", f->db.dir);
	st = store_open_at(path, false, 1, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), 1);
	assert_int_equal(query_int(path, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'spaces'"), 0);
	assert_int_equal(store_user_add(st, "old-timer", "hash", true, false,
	    &uid), STORE_OK);
	assert_int_equal(store_token_add(st, uid, digest, 10, 4000000000LL,
	    &tid), STORE_OK);
	store_close(st);

	st = store_open(path, false, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_true(store_schema_latest() >= 2);
	assert_int_equal(store_user_get(st, "old-timer", &u), STORE_OK);
	assert_int_equal(u.uid, uid);
	assert_true(u.admin);
	assert_int_equal(store_token_find(st, digest, &t), STORE_OK);
	assert_int_equal(t.tid, tid);
	snprintf(sp->slug, sizeof sp->slug, "first");
	snprintf(sp->title, sizeof sp->title, "First");
	sp->kind = SPACE_INVITE;
	assert_int_equal(store_space_add(st, sp, &sid), STORE_OK);
	assert_int_equal(store_member_add(st, sid, uid, ROLE_OWNER, false, 5),
	    STORE_OK);
	assert_int_equal(store_space_view(st, "first", uid, sp, &rel),
	    STORE_OK);
	assert_int_equal(rel.role, ROLE_OWNER);
	store_close(st);
	assert_int_equal(query_int(path, "SELECT count(*) FROM sqlite_master "
	    "WHERE name IN ('spaces', 'space_members', 'space_requests', "
	    "'space_invites', 'space_log')"), 5);
	assert_int_equal(query_int(path, "SELECT count(*) FROM "
	    "pragma_foreign_key_check"), 0);
	testdb_unlink(path);
	free(sp);
}

/* Spaces: add, duplicate slugs, views with and without a relation. */
static void
test_space_add_view(void **state)
{
	struct fixture		*f = *state;
	struct store_space	*sp = calloc(1, sizeof *sp);
	struct store_space_rel	 rel;
	int64_t			 sid, sid2, n;

	sid = add_space(f, "think-tank", SPACE_AFFINITY);
	snprintf(sp->slug, sizeof sp->slug, "think-tank");
	snprintf(sp->title, sizeof sp->title, "Again");
	sp->kind = SPACE_OPEN;
	assert_int_equal(store_space_add(f->st, sp, &sid2), STORE_EXISTS);
	sp->kind = 9;
	snprintf(sp->slug, sizeof sp->slug, "bad-kind");
	assert_int_equal(store_space_add(f->st, sp, &sid2), STORE_ERR);

	assert_int_equal(store_space_view(f->st, "nothing", f->bob, sp, &rel),
	    STORE_NOTFOUND);
	assert_int_equal(store_space_view(f->st, "think-tank", f->bob, sp,
	    &rel), STORE_OK);
	assert_int_equal(sp->sid, sid);
	assert_string_equal(sp->title, "Title of think-tank");
	assert_string_equal(sp->description, "about think-tank");
	assert_string_equal(sp->statement, "who think-tank is for");
	assert_int_equal(sp->kind, SPACE_AFFINITY);
	assert_int_equal(sp->created_by, f->ada);
	assert_int_equal(rel.role, ROLE_NONE);
	assert_false(rel.pending);

	assert_int_equal(store_member_add(f->st, sid, f->bob, ROLE_MEMBER,
	    true, 20), STORE_OK);
	assert_int_equal(store_request_add(f->st, sid, f->cy, "hi", 30, 0),
	    STORE_OK);
	assert_int_equal(store_space_view_sid(f->st, sid, f->bob, sp, &rel),
	    STORE_OK);
	assert_int_equal(rel.role, ROLE_MEMBER);
	assert_true(rel.mentor);
	assert_int_equal(store_space_view(f->st, "think-tank", f->cy, sp,
	    &rel), STORE_OK);
	assert_int_equal(rel.role, ROLE_NONE);
	assert_true(rel.pending);
	assert_int_equal(store_space_view_sid(f->st, 9999, f->cy, sp, &rel),
	    STORE_NOTFOUND);

	assert_int_equal(store_space_count_created(f->st, f->ada, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_space_count_created(f->st, f->bob, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
	free(sp);
}

/* Spaces: update, archive and restore. */
static void
test_space_update_archive(void **state)
{
	struct fixture		*f = *state;
	struct store_space	*sp = calloc(1, sizeof *sp);
	int64_t			 sid;

	sid = add_space(f, "plc", SPACE_INVITE);
	assert_int_equal(store_space_view(f->st, "plc", 0, sp, NULL),
	    STORE_OK);
	snprintf(sp->title, sizeof sp->title, "New title");
	sp->description[0] = '\0';
	sp->kind = SPACE_OPEN;
	assert_int_equal(store_space_update(f->st, sp), STORE_OK);
	assert_int_equal(store_space_set_archived(f->st, sid, 777), STORE_OK);
	memset(sp, 0, sizeof *sp);
	assert_int_equal(store_space_view(f->st, "plc", 0, sp, NULL),
	    STORE_OK);
	assert_string_equal(sp->title, "New title");
	assert_string_equal(sp->description, "");
	assert_string_equal(sp->statement, "who plc is for");
	assert_int_equal(sp->kind, SPACE_OPEN);
	assert_int_equal(sp->archived, 777);
	assert_int_equal(store_space_set_archived(f->st, sid, 0), STORE_OK);
	assert_int_equal(store_space_set_archived(f->st, 4242, 1),
	    STORE_NOTFOUND);
	sp->sid = 4242;
	assert_int_equal(store_space_update(f->st, sp), STORE_NOTFOUND);
	free(sp);
}

/* What a listing callback saw. */
struct seen {
	char	text[1024];
	int	n;
};

/* Note a listed space: slug, role, pending, member count. */
static void
seen_space(const struct store_space *sp, const struct store_space_rel *rel,
    void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s:%d%s%s,", sp->slug,
	    rel->role, rel->pending ? ":p" : "", rel->nmembers > 0 ? "+" : "");
	s->n++;
}

/* Listings: public (with and without affinity), mine, all, and pages. */
static void
test_space_list(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;
	int64_t		 open, inv, aff, arch;

	open = add_space(f, "b-open", SPACE_OPEN);
	inv = add_space(f, "c-invite", SPACE_INVITE);
	aff = add_space(f, "a-affinity", SPACE_AFFINITY);
	arch = add_space(f, "d-archived", SPACE_OPEN);
	assert_int_equal(store_space_set_archived(f->st, arch, 5), STORE_OK);
	assert_int_equal(store_member_add(f->st, inv, f->bob, ROLE_FACILITATOR,
	    false, 1), STORE_OK);
	assert_int_equal(store_member_add(f->st, arch, f->bob, ROLE_MEMBER,
	    false, 1), STORE_OK);
	assert_int_equal(store_request_add(f->st, aff, f->bob, NULL, 1, 0),
	    STORE_OK);
	(void)open;

	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_PUBLIC, f->bob,
	    false, NULL, 0, seen_space, &s), STORE_OK);
	assert_string_equal(s.text, "b-open:0,c-invite:3,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_PUBLIC, f->bob,
	    true, NULL, 0, seen_space, &s), STORE_OK);
	assert_string_equal(s.text, "a-affinity:0:p,b-open:0,c-invite:3,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_MINE, f->bob,
	    false, NULL, 0, seen_space, &s), STORE_OK);
	assert_string_equal(s.text, "a-affinity:0:p,c-invite:3,d-archived:2,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_MINE, f->cy,
	    false, NULL, 0, seen_space, &s), STORE_OK);
	assert_int_equal(s.n, 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_ALL, 0, true,
	    NULL, 0, seen_space, &s), STORE_OK);
	assert_string_equal(s.text,
	    "a-affinity:0,b-open:0,c-invite:0+,d-archived:0+,");
	/* Pages: after a slug, at most limit. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_ALL, 0, true,
	    "a-affinity", 2, seen_space, &s), STORE_OK);
	assert_string_equal(s.text, "b-open:0,c-invite:0+,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_space_list(f->st, STORE_SPACES_ALL, 0, true,
	    "c-invite", 2, seen_space, &s), STORE_OK);
	assert_string_equal(s.text, "d-archived:0+,");
}

/* Note a listed member. */
static void
seen_member(const struct store_member *m, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s:%d%s,", m->name,
	    m->role, m->mentor ? "m" : "");
	s->n++;
}

/* Members: add, duplicates, missing accounts, roles, counts, pages. */
static void
test_space_members(void **state)
{
	struct fixture		*f = *state;
	struct store_member	 m;
	struct seen		 s;
	int64_t			 sid, n;

	sid = add_space(f, "plc", SPACE_INVITE);
	assert_int_equal(store_member_add(f->st, sid, f->ada, ROLE_OWNER,
	    false, 10), STORE_OK);
	assert_int_equal(store_member_add(f->st, sid, f->ada, ROLE_MEMBER,
	    false, 11), STORE_EXISTS);
	assert_int_equal(store_member_add(f->st, sid, 999, ROLE_MEMBER, false,
	    11), STORE_NOTFOUND);
	assert_int_equal(store_member_add(f->st, 999, f->bob, ROLE_MEMBER,
	    false, 11), STORE_NOTFOUND);
	assert_int_equal(store_member_add(f->st, sid, f->bob, ROLE_MENTOR,
	    false, 12), STORE_OK);
	assert_int_equal(store_member_add(f->st, sid, f->cy, ROLE_MEMBER,
	    true, 13), STORE_OK);
	assert_int_equal(store_member_get(f->st, sid, f->bob, &m), STORE_OK);
	assert_string_equal(m.name, "Bob");
	assert_int_equal(m.role, ROLE_MENTOR);
	assert_int_equal(m.since, 12);
	assert_int_equal(store_member_set_role(f->st, sid, f->bob,
	    ROLE_FACILITATOR, true), STORE_OK);
	assert_int_equal(store_member_set_role(f->st, sid, 999, ROLE_MEMBER,
	    false), STORE_NOTFOUND);
	assert_int_equal(store_member_count(f->st, sid, ROLE_NONE, &n),
	    STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_member_count(f->st, sid, ROLE_OWNER, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_member_list(f->st, sid, NULL, 0, seen_member,
	    &s), STORE_OK);
	assert_string_equal(s.text, "ada:4,Bob:3m,cy:2m,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_member_list(f->st, sid, "ada", 1, seen_member,
	    &s), STORE_OK);
	assert_string_equal(s.text, "Bob:3m,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_member_list(f->st, sid, "bob", 5, seen_member,
	    &s), STORE_OK);
	assert_string_equal(s.text, "cy:2m,");
	assert_int_equal(store_member_remove(f->st, sid, f->cy), STORE_OK);
	assert_int_equal(store_member_remove(f->st, sid, f->cy),
	    STORE_NOTFOUND);
	assert_int_equal(store_member_get(f->st, sid, f->cy, &m),
	    STORE_NOTFOUND);
	/* Roles outside 1-4 are refused by the schema. */
	assert_int_equal(store_member_add(f->st, sid, f->cy, 7, false, 1),
	    STORE_ERR);
}

/* Note a listed request. */
static void
seen_request(const struct store_request *r, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s:%s:%lld,", r->name,
	    r->message, (long long)r->invite);
	s->n++;
}

/* Requests: add, duplicates, get, list, remove. */
static void
test_space_requests(void **state)
{
	struct fixture		*f = *state;
	struct store_request	 r;
	struct store_invite	 iv;
	struct seen		 s;
	uint8_t			 d[32];
	int64_t			 sid, iid;

	sid = add_space(f, "leaders", SPACE_AFFINITY);
	memset(&iv, 0, sizeof iv);
	memset(d, 1, sizeof d);
	iv.sid = sid;
	iv.role = ROLE_MENTOR;
	iv.request = true;
	iv.max_uses = 5;
	iv.expires = 4000000000LL;
	assert_int_equal(store_invite_add(f->st, &iv, d, &iid), STORE_OK);
	assert_int_equal(store_request_add(f->st, sid, f->cy, "let me in", 50,
	    iid), STORE_OK);
	assert_int_equal(store_request_add(f->st, sid, f->cy, "again", 51, 0),
	    STORE_EXISTS);
	assert_int_equal(store_request_add(f->st, sid, f->bob, NULL, 52, 0),
	    STORE_OK);
	assert_int_equal(store_request_get(f->st, sid, f->cy, &r), STORE_OK);
	assert_string_equal(r.message, "let me in");
	assert_int_equal(r.created, 50);
	assert_int_equal(r.invite, iid);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_request_list(f->st, sid, NULL, 0, seen_request,
	    &s), STORE_OK);
	assert_string_equal(s.text, "Bob::0,cy:let me in:1,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_request_list(f->st, sid, "bob", 0, seen_request,
	    &s), STORE_OK);
	assert_int_equal(s.n, 1);
	assert_int_equal(store_request_remove(f->st, sid, f->cy), STORE_OK);
	assert_int_equal(store_request_remove(f->st, sid, f->cy),
	    STORE_NOTFOUND);
	assert_int_equal(store_request_get(f->st, sid, f->cy, &r),
	    STORE_NOTFOUND);
	assert_int_equal(store_request_add(f->st, 999, f->cy, NULL, 1, 0),
	    STORE_NOTFOUND);
}

/* Note a listed code. */
static void
seen_invite(const struct store_invite *iv, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%lld:%lld/%lld%s,",
	    (long long)iv->iid, (long long)iv->uses, (long long)iv->max_uses,
	    iv->revoked ? "r" : "");
	s->n++;
}

/* Invite codes: find by digest, uses, expiry, revocation, listing. */
static void
test_space_invites(void **state)
{
	struct fixture		*f = *state;
	struct store_invite	 iv, got;
	struct seen		 s;
	uint8_t			 d1[32], d2[32], d3[32];
	char			 want[64];
	int64_t			 sid, other, i1, i2, i3;

	sid = add_space(f, "plc", SPACE_INVITE);
	other = add_space(f, "other", SPACE_INVITE);
	memset(d1, 1, sizeof d1);
	memset(d2, 2, sizeof d2);
	memset(d3, 3, sizeof d3);
	memset(&iv, 0, sizeof iv);
	iv.sid = sid;
	iv.role = ROLE_MEMBER;
	iv.max_uses = 2;
	iv.created = 100;
	iv.expires = 1000;
	iv.created_by = f->ada;
	assert_int_equal(store_invite_add(f->st, &iv, d1, &i1), STORE_OK);
	assert_int_equal(store_invite_add(f->st, &iv, d1, &i2), STORE_EXISTS);
	iv.max_uses = 100;
	iv.created_by = 0;
	assert_int_equal(store_invite_add(f->st, &iv, d2, &i2), STORE_OK);
	iv.sid = other;
	assert_int_equal(store_invite_add(f->st, &iv, d3, &i3), STORE_OK);

	assert_int_equal(store_invite_find(f->st, d1, &got), STORE_OK);
	assert_int_equal(got.iid, i1);
	assert_int_equal(got.sid, sid);
	assert_string_equal(got.by, "ada");
	memset(d3, 9, sizeof d3);
	assert_int_equal(store_invite_find(f->st, d3, &got), STORE_NOTFOUND);
	assert_int_equal(store_invite_get(f->st, sid, i2, &got), STORE_OK);
	assert_string_equal(got.by, "");
	assert_int_equal(store_invite_get(f->st, sid, i3, &got),
	    STORE_NOTFOUND);

	/* Two uses, then spent; expired at its time; revoked at once. */
	assert_int_equal(store_invite_use(f->st, i1, 500), STORE_OK);
	assert_int_equal(store_invite_use(f->st, i1, 500), STORE_OK);
	assert_int_equal(store_invite_use(f->st, i1, 500), STORE_NOTFOUND);
	assert_int_equal(store_invite_use(f->st, i2, 1000), STORE_NOTFOUND);
	assert_int_equal(store_invite_use(f->st, i2, 999), STORE_OK);
	assert_int_equal(store_invite_revoke(f->st, i2, 600), STORE_OK);
	assert_int_equal(store_invite_revoke(f->st, i2, 601), STORE_NOTFOUND);
	assert_int_equal(store_invite_use(f->st, i2, 700), STORE_NOTFOUND);
	assert_int_equal(store_invite_get(f->st, sid, i2, &got), STORE_OK);
	assert_int_equal(got.revoked, 600);
	assert_int_equal(got.uses, 1);

	memset(&s, 0, sizeof s);
	assert_int_equal(store_invite_list(f->st, sid, 0, 0, seen_invite, &s),
	    STORE_OK);
	snprintf(want, sizeof want, "%lld:2/2,%lld:1/100r,", (long long)i1,
	    (long long)i2);
	assert_string_equal(s.text, want);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_invite_list(f->st, sid, i1, 1, seen_invite, &s),
	    STORE_OK);
	assert_int_equal(s.n, 1);
}

/* Note a record entry. */
static void
seen_log(const struct store_log *l, void *arg)
{
	struct seen	*s = arg;
	size_t		 len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%d:%s>%s:%s,",
	    l->action, l->actor == 0 ? "op" : l->actor_name, l->subject_name,
	    l->detail);
	s->n++;
}

/* The record: entries by users and the operator, newest first, pages. */
static void
test_space_log(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s;
	int64_t		 sid, seq = 0, newest = 0;
	size_t		 n;

	sid = add_space(f, "plc", SPACE_OPEN);
	assert_int_equal(store_log_add(f->st, sid, 0, SPACE_ACT_CREATED, 0,
	    "open", 1, NULL), STORE_OK);
	assert_int_equal(store_log_add(f->st, sid, 0, SPACE_ACT_ADDED, f->ada,
	    "owner", 2, NULL), STORE_OK);
	assert_int_equal(store_log_add(f->st, sid, f->bob, SPACE_ACT_JOINED,
	    f->bob, NULL, 3, NULL), STORE_OK);
	assert_int_equal(store_log_add(f->st, sid, f->ada, SPACE_ACT_REMOVED,
	    f->bob, "member", 4, &seq), STORE_OK);
	assert_int_equal(seq, 4);
	assert_int_equal(store_log_newest(f->st, &newest), STORE_OK);
	assert_int_equal(newest, 4);
	memset(&s, 0, sizeof s);
	assert_int_equal(store_log_list(f->st, sid, 0, 0, seen_log, &s),
	    STORE_OK);
	assert_string_equal(s.text, "12:ada>Bob:member,5:Bob>Bob:,"
	    "11:op>ada:owner,1:op>:open,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_log_list(f->st, sid, 3, 1, seen_log, &s),
	    STORE_OK);
	assert_string_equal(s.text, "11:op>ada:owner,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_log_list(f->st, sid + 1, 0, 0, seen_log, &s),
	    STORE_OK);
	assert_int_equal(s.n, 0);
	/* Every space's entries past a point, oldest first, a page. */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_log_since(f->st, 2, 10, seen_log, &s, &n),
	    STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(s.text, "5:>:,12:>:member,");
	memset(&s, 0, sizeof s);
	assert_int_equal(store_log_since(f->st, 0, 1, seen_log, &s, &n),
	    STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(s.text, "1:op>:open,");
	assert_int_equal(store_log_since(f->st, 4, 10, seen_log, &s, &n),
	    STORE_OK);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_space_migrate_from_v1,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_add_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_space_update_archive,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_space_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_space_members, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_space_requests, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_space_invites, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_space_log, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
