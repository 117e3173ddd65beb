/*
 * test-proto-utf8.c: UTF-8 validation and the character rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rt-proto.h"

#define VALID(s)	utf8_valid((s), sizeof(s) - 1)

/* Well-formed and ill-formed sequences (RFC 3629). */
static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ascii"));
	assert_true(VALID("caf\xc3\xa9"));
	assert_true(VALID("\xe2\x9c\x93"));
	assert_true(VALID("\xf0\x9f\x98\x80"));		/* U+1F600 */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	assert_false(VALID("\x80"));
	assert_false(VALID("\xc3"));
	assert_false(VALID("\xc0\x80"));		/* overlong NUL */
	assert_false(VALID("\xe0\x80\xaf"));		/* overlong */
	assert_false(VALID("\xf0\x80\x80\xaf"));	/* overlong */
	assert_false(VALID("\xed\xa0\x80"));		/* surrogate */
	assert_false(VALID("\xf4\x90\x80\x80"));	/* above U+10FFFF */
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xe2\x9c"));
	assert_false(VALID("\xfe"));
}

/* Control characters are refused unless a field allows lines. */
static void
test_utf8_controls(void **state)
{
	struct proto_err	err;

	(void)state;
	assert_int_equal(utf8_check("a\tb", 3, 0, &err, "f"), -1);
	assert_int_equal(err.code, ERR_BAD_CHARS);
	assert_int_equal(utf8_check("a\tb\nc", 5, PFF_LINES, &err, "f"), 0);
	assert_int_equal(utf8_check("a\rb", 3, PFF_LINES, &err, "f"), -1);
	assert_int_equal(utf8_check("\x1b]0;x\x07", 6, PFF_LINES, &err, "f"),
	    -1);
	assert_int_equal(utf8_check("\x7f", 1, PFF_LINES, &err, "f"), -1);
	assert_int_equal(utf8_check("\xc2\x85", 2, PFF_LINES, &err, "f"), -1);
	assert_int_equal(utf8_check("\xe2\x80\xae", 3, PFF_LINES, &err, "f"),
	    -1);					/* RLO */
	assert_int_equal(utf8_check("\xe2\x80\xa8", 3, 0, &err, "f"), -1);
	assert_int_equal(utf8_check("\xe2\x80\xa8", 3, PFF_LINES, &err, "f"),
	    0);
	assert_int_equal(utf8_check("caf\xc3\xa9 \xf0\x9f\x98\x80", 10, 0, &err,
	    "f"), 0);
	assert_int_equal(utf8_check("x\xff", 2, 0, &err, "body"), -1);
	assert_int_equal(err.code, ERR_BAD_UTF8);
	assert_non_null(strstr(err.text, "body"));
}

/* Names: letters, digits, '.', '_', '-', starting alphanumeric. */
static void
test_utf8_names(void **state)
{
	(void)state;
	assert_true(proto_name_valid("ada", 3));
	assert_true(proto_name_valid("A.b_c-9", 7));
	assert_true(proto_name_valid("0", 1));
	assert_false(proto_name_valid("", 0));
	assert_false(proto_name_valid(".a", 2));
	assert_false(proto_name_valid("a b", 3));
	assert_false(proto_name_valid("a/b", 3));
	assert_false(proto_name_valid("caf\xc3\xa9", 5));
	assert_true(proto_name_valid("abcdefghijabcdefghijabcdefghijab", 32));
	assert_false(proto_name_valid("abcdefghijabcdefghijabcdefghijabc",
	    33));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test(test_utf8_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
