/*
 * test-server-auth.c: password hashes, resume tokens, generated passwords
 * and the password rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "roundtabled.h"

/* Hashes verify the right password only, and encode Argon2id. */
static void
test_auth_hash(void **state)
{
	char	*h1, *h2;

	(void)state;
	assert_int_equal(auth_hash("correct horse", 1, 8192 * 1024, &h1), 0);
	assert_int_equal(auth_hash("correct horse", 1, 8192 * 1024, &h2), 0);
	assert_true(strncmp(h1, "$argon2id$", 10) == 0);
	assert_string_not_equal(h1, h2);		/* salted */
	assert_int_equal(auth_verify(h1, "correct horse"), 0);
	assert_int_equal(auth_verify(h2, "correct horse"), 0);
	assert_int_equal(auth_verify(h1, "correct horsE"), -1);
	assert_int_equal(auth_verify(h1, ""), -1);
	assert_int_equal(auth_verify("not a hash", "x"), -1);
	assert_int_equal(auth_verify("", "x"), -1);
	free(h1);
	free(h2);
}

/* Tokens look like rt1.<43 base64url>, and their digests agree. */
static void
test_auth_tokens(void **state)
{
	char	t1[128], t2[128], bad[128];
	uint8_t	d1[32], d2[32], check[32];

	(void)state;
	auth_token_new(t1, sizeof t1, d1);
	auth_token_new(t2, sizeof t2, d2);
	assert_int_equal(strlen(t1), 4 + 43);
	assert_true(strncmp(t1, "rt1.", 4) == 0);
	assert_string_not_equal(t1, t2);
	assert_int_equal(auth_token_digest(t1, check), 0);
	assert_memory_equal(check, d1, 32);
	assert_memory_not_equal(d1, d2, 32);
	assert_int_equal(auth_token_digest("rt1.short", check), -1);
	assert_int_equal(auth_token_digest("", check), -1);
	memcpy(bad, t1, sizeof bad);
	bad[0] = 'x';
	assert_int_equal(auth_token_digest(bad, check), -1);
	memcpy(bad, t1, sizeof bad);
	bad[10] = '/';
	assert_int_equal(auth_token_digest(bad, check), -1);
}

/* Generated passwords: four dashed groups of five unambiguous characters. */
static void
test_auth_random_password(void **state)
{
	char	a[64], b[64];
	size_t	i;

	(void)state;
	auth_random_password(a, sizeof a);
	auth_random_password(b, sizeof b);
	assert_int_equal(strlen(a), 23);
	assert_string_not_equal(a, b);
	for (i = 0; i < 23; i++) {
		if (i % 6 == 5)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("abcdefghjkmnpqrstuvwxyz23456789",
			    a[i]));
	}
}

/* The password rules. */
static void
test_auth_rules(void **state)
{
	char	why[128];

	(void)state;
	assert_int_equal(auth_password_acceptable("ada", NULL, "long enough",
	    why, sizeof why), 0);
	assert_int_equal(auth_password_acceptable("ada", NULL, "short",
	    why, sizeof why), -1);
	assert_non_null(strstr(why, "at least 8"));
	/* Eight characters, more bytes: counted in characters. */
	assert_int_equal(auth_password_acceptable("ada", NULL,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	    why, sizeof why), 0);
	assert_int_equal(auth_password_acceptable("ada", NULL,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", why, sizeof why), -1);
	assert_int_equal(auth_password_acceptable("lovelace.a", NULL,
	    "LOVELACE.A", why, sizeof why), -1);
	assert_int_equal(auth_password_acceptable("ada", "same password",
	    "same password", why, sizeof why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_hash),
		cmocka_unit_test(test_auth_tokens),
		cmocka_unit_test(test_auth_random_password),
		cmocka_unit_test(test_auth_rules),
	};

	if (sodium_init() == -1)
		return (1);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
