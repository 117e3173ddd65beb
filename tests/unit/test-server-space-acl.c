/*
 * test-server-space-acl.c: the authorization table (space-acl.c), the
 * names and rules of space-names.c, and invite codes (space-code.c).
 * The end-to-end matrix (tests/e2e/10-spaces-matrix.py) asserts the same
 * policy against a real server; this one pins the table itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "space.h"

/* Requests that are not about one existing space. */
static bool
spaceless(unsigned int type)
{
	return (type == MSG_SPACE_CREATE || type == MSG_SPACE_LIST ||
	    type == MSG_SPACE_MINE);
}

/* Every client request of the 2xx block has a rule, or needs none. */
static void
test_acl_covers_every_request(void **state)
{
	const struct msgdef	*md;
	size_t			 i;
	int			 n = 0;

	(void)state;
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (md->type < 200 || md->type >= 300 || !(md->dir & PD_C2S))
			continue;
		if (spaceless(md->type))
			assert_false(space_acl_covers(md->type));
		else if (!space_acl_covers(md->type))
			fail_msg("%s has no access rule", md->name);
		n++;
	}
	assert_int_equal(n, 20);
	assert_false(space_acl_covers(MSG_PING));
}

/* Run the check for one case; return the error code, or ERR_NONE. */
static int
decide(uint16_t type, int kind, int rel, bool admin, bool archived,
    bool disc, bool code, struct proto_err *err)
{
	struct space_acl_in	in;

	memset(&in, 0, sizeof in);
	memset(err, 0, sizeof *err);
	in.type = type;
	in.kind = kind;
	in.rel = rel;
	in.admin = admin;
	in.archived = archived;
	in.discoverable = disc;
	in.code = code;
	return (space_acl_check(&in, err) == 0 ? ERR_NONE : err->code);
}

/*
 * Outsiders and admins asking about a hidden affinity space get exactly
 * the answer for a space that does not exist, for every request.
 */
static void
test_acl_no_oracle(void **state)
{
	const struct msgdef	*md;
	struct proto_err	 err, unknown;
	size_t			 i;
	int			 admin;

	(void)state;
	memset(&unknown, 0, sizeof unknown);
	space_err_unknown(&unknown);
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (!space_acl_covers(md->type))
			continue;
		for (admin = 0; admin < 2; admin++) {
			assert_int_equal(decide(md->type, SPACE_AFFINITY,
			    REL_OUTSIDER, admin, false, false, false, &err),
			    ERR_NOT_FOUND);
			assert_memory_equal(&err, &unknown, sizeof err);
			assert_int_equal(decide(md->type, SPACE_AFFINITY,
			    REL_OUTSIDER, admin, true, false, false, &err),
			    ERR_NOT_FOUND);
			assert_memory_equal(&err, &unknown, sizeof err);
		}
	}
}

/* One row of the expected policy. */
static const struct acl_case {
	uint16_t	 type;
	int		 kind;
	int		 rel;
	bool		 admin;
	bool		 archived;
	bool		 disc;
	bool		 code;
	int		 want;
} acl_cases[] = {
	/* Info: open and invite spaces are public; affinity is not. */
	{ MSG_SPACE_INFO, SPACE_OPEN, REL_OUTSIDER, 0, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_INFO, SPACE_INVITE, REL_OUTSIDER, 0, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_INFO, SPACE_AFFINITY, REL_REQUESTER, 0, 0, 0, 0,
	    ERR_NONE },
	{ MSG_SPACE_INFO, SPACE_AFFINITY, REL_OUTSIDER, 0, 0, 1, 0, ERR_NONE },
	/* Members: mentors and up; admins on open and invite only. */
	{ MSG_SPACE_MEMBERS, SPACE_OPEN, REL_OUTSIDER, 0, 0, 0, 0, ERR_DENIED },
	{ MSG_SPACE_MEMBERS, SPACE_OPEN, REL_OUTSIDER, 1, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_MEMBERS, SPACE_AFFINITY, REL_REQUESTER, 0, 0, 0, 0,
	    ERR_DENIED },
	{ MSG_SPACE_MEMBERS, SPACE_AFFINITY, REL_MENTOR, 0, 0, 0, 0,
	    ERR_NONE },
	{ MSG_SPACE_MEMBERS, SPACE_AFFINITY, REL_OUTSIDER, 1, 0, 1, 0,
	    ERR_DENIED },
	/* Update and the record: owners; archived spaces do not change. */
	{ MSG_SPACE_UPDATE, SPACE_INVITE, REL_FACILITATOR, 0, 0, 0, 0,
	    ERR_DENIED },
	{ MSG_SPACE_UPDATE, SPACE_INVITE, REL_OWNER, 0, 1, 0, 0,
	    ERR_ARCHIVED },
	{ MSG_SPACE_UPDATE, SPACE_INVITE, REL_MEMBER, 1, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_ARCHIVE, SPACE_OPEN, REL_OWNER, 0, 1, 0, 0, ERR_NONE },
	{ MSG_SPACE_LOG, SPACE_AFFINITY, REL_FACILITATOR, 0, 0, 0, 0,
	    ERR_DENIED },
	{ MSG_SPACE_LOG, SPACE_AFFINITY, REL_OWNER, 0, 1, 0, 0, ERR_NONE },
	/* Codes: stewards. */
	{ MSG_SPACE_INVITE, SPACE_INVITE, REL_MEMBER, 0, 0, 0, 0, ERR_DENIED },
	{ MSG_SPACE_INVITE, SPACE_INVITE, REL_FACILITATOR, 0, 0, 0, 0,
	    ERR_NONE },
	{ MSG_SPACE_INVITE, SPACE_INVITE, REL_FACILITATOR, 0, 1, 0, 0,
	    ERR_ARCHIVED },
	{ MSG_SPACE_REVOKE, SPACE_INVITE, REL_FACILITATOR, 0, 1, 0, 0,
	    ERR_NONE },
	/* Join: outsiders and requesters; a code makes it visible. */
	{ MSG_SPACE_JOIN, SPACE_OPEN, REL_OUTSIDER, 0, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_JOIN, SPACE_OPEN, REL_MENTOR, 0, 0, 0, 0, ERR_EXISTS },
	{ MSG_SPACE_JOIN, SPACE_OPEN, REL_OUTSIDER, 0, 1, 0, 0, ERR_ARCHIVED },
	{ MSG_SPACE_JOIN, SPACE_AFFINITY, REL_OUTSIDER, 0, 0, 0, 1, ERR_NONE },
	{ MSG_SPACE_JOIN, SPACE_AFFINITY, REL_REQUESTER, 0, 0, 0, 1,
	    ERR_NONE },
	{ MSG_SPACE_JOIN, SPACE_AFFINITY, REL_OWNER, 1, 0, 0, 1, ERR_EXISTS },
	/* Requests to join: affinity only, once. */
	{ MSG_SPACE_REQUEST, SPACE_OPEN, REL_OUTSIDER, 0, 0, 0, 0,
	    ERR_WRONG_KIND },
	{ MSG_SPACE_REQUEST, SPACE_AFFINITY, REL_OUTSIDER, 0, 0, 1, 0,
	    ERR_NONE },
	{ MSG_SPACE_REQUEST, SPACE_AFFINITY, REL_REQUESTER, 0, 0, 0, 0,
	    ERR_EXISTS },
	{ MSG_SPACE_REQUEST, SPACE_AFFINITY, REL_MEMBER, 0, 0, 0, 0,
	    ERR_EXISTS },
	{ MSG_SPACE_APPROVE, SPACE_AFFINITY, REL_FACILITATOR, 0, 0, 0, 0,
	    ERR_NONE },
	{ MSG_SPACE_APPROVE, SPACE_AFFINITY, REL_FACILITATOR, 0, 1, 0, 0,
	    ERR_ARCHIVED },
	{ MSG_SPACE_APPROVE, SPACE_OPEN, REL_OWNER, 0, 0, 0, 0,
	    ERR_WRONG_KIND },
	{ MSG_SPACE_APPROVE, SPACE_OPEN, REL_OUTSIDER, 1, 0, 0, 0,
	    ERR_DENIED },
	{ MSG_SPACE_DECLINE, SPACE_AFFINITY, REL_MEMBER, 0, 0, 0, 0,
	    ERR_DENIED },
	{ MSG_SPACE_REQUESTS, SPACE_AFFINITY, REL_OWNER, 0, 1, 0, 0, ERR_NONE },
	/* Leave: members and requesters, archived or not. */
	{ MSG_SPACE_LEAVE, SPACE_OPEN, REL_OUTSIDER, 0, 0, 0, 0, ERR_DENIED },
	{ MSG_SPACE_LEAVE, SPACE_OPEN, REL_OUTSIDER, 1, 0, 0, 0, ERR_DENIED },
	{ MSG_SPACE_LEAVE, SPACE_AFFINITY, REL_REQUESTER, 0, 1, 0, 0,
	    ERR_NONE },
	/* Managing members: stewards, admins on open and invite. */
	{ MSG_SPACE_ADD, SPACE_INVITE, REL_MEMBER, 0, 0, 0, 0, ERR_DENIED },
	{ MSG_SPACE_ADD, SPACE_INVITE, REL_OUTSIDER, 1, 0, 0, 0, ERR_NONE },
	{ MSG_SPACE_ADD, SPACE_INVITE, REL_OWNER, 0, 1, 0, 0, ERR_ARCHIVED },
	{ MSG_SPACE_ADD, SPACE_OPEN, REL_OUTSIDER, 1, 1, 0, 0, ERR_ARCHIVED },
	{ MSG_SPACE_SET_ROLE, SPACE_INVITE, REL_OWNER, 0, 1, 0, 0, ERR_NONE },
	{ MSG_SPACE_REQUEST, SPACE_AFFINITY, REL_OUTSIDER, 0, 1, 1, 0,
	    ERR_ARCHIVED },
	{ MSG_SPACE_REMOVE, SPACE_AFFINITY, REL_FACILITATOR, 0, 1, 0, 0,
	    ERR_NONE },
	{ MSG_SPACE_SET_ROLE, SPACE_AFFINITY, REL_MENTOR, 0, 0, 0, 0,
	    ERR_DENIED },
	/* A type without a rule is refused. */
	{ MSG_PING, SPACE_OPEN, REL_OWNER, 1, 0, 0, 0, ERR_INTERNAL },
	{ MSG_SPACE_CREATE, SPACE_OPEN, REL_OWNER, 1, 0, 0, 0, ERR_INTERNAL },
};

/* Each case of the policy. */
static void
test_acl_cases(void **state)
{
	const struct acl_case	*c;
	struct proto_err	 err;
	size_t			 i;
	int			 got;

	(void)state;
	for (i = 0; i < sizeof acl_cases / sizeof acl_cases[0]; i++) {
		c = &acl_cases[i];
		got = decide(c->type, c->kind, c->rel, c->admin, c->archived,
		    c->disc, c->code, &err);
		if (got != c->want)
			fail_msg("case %zu (type %u kind %d rel %d admin %d): "
			    "got %s, want %s (%s)", i, c->type, c->kind, c->rel,
			    c->admin, proto_err_name(got),
			    proto_err_name(c->want), err.text);
	}
}

/* Relations, effective relations, views, creation and management. */
static void
test_acl_helpers(void **state)
{
	struct store_space_rel	r;
	struct space_acl_in	in;
	struct proto_err	err;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(space_acl_rel(&r), REL_OUTSIDER);
	r.pending = true;
	assert_int_equal(space_acl_rel(&r), REL_REQUESTER);
	r.role = ROLE_MENTOR;
	assert_int_equal(space_acl_rel(&r), REL_MENTOR);
	r.role = ROLE_OWNER;
	assert_int_equal(space_acl_rel(&r), REL_OWNER);

	memset(&in, 0, sizeof in);
	in.type = MSG_SPACE_LOG;
	in.kind = SPACE_OPEN;
	in.admin = true;
	assert_int_equal(space_acl_effective(&in), REL_OWNER);
	in.kind = SPACE_AFFINITY;
	assert_int_equal(space_acl_effective(&in), REL_OUTSIDER);
	in.kind = SPACE_OPEN;
	in.type = MSG_SPACE_LEAVE;
	assert_int_equal(space_acl_effective(&in), REL_OUTSIDER);

	assert_int_equal(space_acl_view(SPACE_OPEN, REL_OUTSIDER),
	    SPACE_VIEW_FULL);
	assert_int_equal(space_acl_view(SPACE_AFFINITY, REL_REQUESTER),
	    SPACE_VIEW_LIMITED);
	assert_int_equal(space_acl_view(SPACE_AFFINITY, REL_OUTSIDER),
	    SPACE_VIEW_LIMITED);
	assert_int_equal(space_acl_view(SPACE_AFFINITY, REL_MENTOR),
	    SPACE_VIEW_FULL);

	assert_int_equal(space_acl_may_create(true, false, &err), 0);
	assert_int_equal(space_acl_may_create(false, true, &err), 0);
	assert_int_equal(space_acl_may_create(false, false, &err), -1);
	assert_int_equal(err.code, ERR_DENIED);

	assert_int_equal(space_acl_may_manage(REL_OWNER, ROLE_OWNER,
	    ROLE_NONE, &err), 0);
	assert_int_equal(space_acl_may_manage(REL_FACILITATOR, ROLE_MEMBER,
	    ROLE_MENTOR, &err), 0);
	assert_int_equal(space_acl_may_manage(REL_FACILITATOR, ROLE_NONE,
	    ROLE_MEMBER, &err), 0);
	assert_int_equal(space_acl_may_manage(REL_FACILITATOR, ROLE_MEMBER,
	    ROLE_FACILITATOR, &err), -1);
	assert_int_equal(space_acl_may_manage(REL_FACILITATOR,
	    ROLE_FACILITATOR, ROLE_NONE, &err), -1);
	assert_int_equal(space_acl_may_manage(REL_MEMBER, ROLE_MENTOR,
	    ROLE_NONE, &err), -1);
	assert_int_equal(err.code, ERR_DENIED);

	assert_false(space_role_participates(ROLE_MENTOR));
	assert_true(space_role_participates(ROLE_MEMBER));
	assert_false(space_role_participates(ROLE_NONE));
	assert_true(space_role_reviews(ROLE_MENTOR, false));
	assert_false(space_role_reviews(ROLE_MEMBER, false));
	assert_true(space_role_reviews(ROLE_MEMBER, true));
	assert_true(space_role_reviews(ROLE_FACILITATOR, false));
}

/* Slugs, titles, and the names of kinds, roles and actions. */
static void
test_names(void **state)
{
	static const struct {
		const char	*slug;
		bool		 ok;
	} slugs[] = {
		{ "ab", true }, { "think-tank", true }, { "plc-2026", true },
		{ "a1", true }, { "abcdefghijklmnopqrstuvwxyz012345", true },
		{ "a", false }, { "", false }, { "1plc", false },
		{ "-plc", false }, { "plc-", false }, { "think--tank", false },
		{ "Think", false }, { "think_tank", false }, { "a.b", false },
		{ "abcdefghijklmnopqrstuvwxyz0123456", false },
		{ "caf\xc3\xa9", false }, { "a b", false },
	};
	struct proto_err	err;
	size_t			i;
	int			v;

	(void)state;
	for (i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
		if (space_slug_valid(slugs[i].slug) != slugs[i].ok)
			fail_msg("slug '%s'", slugs[i].slug);
	}
	assert_true(space_title_valid("A"));
	assert_false(space_title_valid("   "));
	assert_false(space_title_valid(""));
	for (v = SPACE_OPEN; v <= SPACE_AFFINITY; v++)
		assert_int_equal(space_kind_parse(space_kind_name(v)), v);
	for (v = ROLE_MENTOR; v <= ROLE_OWNER; v++)
		assert_int_equal(space_role_parse(space_role_name(v)), v);
	for (v = SPACE_ACT_CREATED; v <= SPACE_ACT_REVOKED; v++)
		assert_true(*space_action_name(v) != '\0');
	assert_int_equal(space_kind_parse("Open"), 0);
	assert_int_equal(space_role_parse("admin"), ROLE_NONE);
	assert_int_equal(space_role_parse(NULL), ROLE_NONE);
	assert_string_equal(space_role_name(ROLE_NONE), "");
	assert_int_equal(space_text_check("line\nline", 20, true, "d", &err),
	    0);
	assert_int_equal(space_text_check("line\nline", 20, false, "t", &err),
	    -1);
	assert_int_equal(err.code, ERR_BAD_CHARS);
	assert_int_equal(space_text_check("toolong", 3, true, "d", &err), -1);
	assert_int_equal(err.code, ERR_TOO_LONG);
}

/* Codes: shape, typing tolerance, digests, states. */
static void
test_codes(void **state)
{
	struct store_invite	iv;
	char			code[SPACE_CODE_LEN + 1];
	char			other[SPACE_CODE_LEN + 1];
	char			typed[64];
	uint8_t			d1[32], d2[32], d3[32];
	size_t			i;

	(void)state;
	space_code_new(code, sizeof code, d1);
	space_code_new(other, sizeof other, d3);
	assert_int_equal(strlen(code), SPACE_CODE_LEN);
	assert_string_not_equal(code, other);
	assert_true(code[5] == '-' && code[11] == '-' && code[17] == '-');
	assert_int_equal(space_code_digest(code, d2), 0);
	assert_memory_equal(d1, d2, 32);
	/* Upper case, no dashes, spaces: the same code. */
	for (i = 0; code[i] != '\0'; i++)
		typed[i] = code[i] == '-' ? ' ' : (char)(code[i] >= 'a' &&
		    code[i] <= 'z' ? code[i] - 'a' + 'A' : code[i]);
	typed[i] = '\0';
	assert_int_equal(space_code_digest(typed, d2), 0);
	assert_memory_equal(d1, d2, 32);
	assert_int_equal(space_code_digest("", d2), -1);
	assert_int_equal(space_code_digest("abcde-abcde-abcde-abcd", d2), -1);
	assert_int_equal(space_code_digest("abcde-abcde-abcde-abcdeq", d2), -1);
	assert_int_equal(space_code_digest("abcde-abcde-abcde-abcd0", d2), -1);
	assert_int_equal(space_code_digest("rt1.abcdefghjkmnpqrstu", d2), -1);

	memset(&iv, 0, sizeof iv);
	iv.max_uses = 2;
	iv.expires = 100;
	assert_string_equal(space_invite_state(&iv, 99), "active");
	assert_string_equal(space_invite_state(&iv, 100), "expired");
	iv.uses = 2;
	assert_string_equal(space_invite_state(&iv, 50), "spent");
	iv.revoked = 10;
	assert_string_equal(space_invite_state(&iv, 50), "revoked");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acl_covers_every_request),
		cmocka_unit_test(test_acl_no_oracle),
		cmocka_unit_test(test_acl_cases),
		cmocka_unit_test(test_acl_helpers),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_codes),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
