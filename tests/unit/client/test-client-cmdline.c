/*
 * test-client-cmdline.c: the command parser: words, quoting, escapes,
 * the raw last word, errors, and quoting words so they read back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client.h"
#include "xmalloc.h"

/* Split s with raw_after and check the words against the NULL-ended list. */
static void
split_ok(const char *s, int raw_after, ...)
{
	struct cmdline	 cl;
	va_list		 ap;
	const char	*want;
	char		 err[256];
	int		 i = 0;

	err[0] = '\0';
	if (cmdline_split(s, strlen(s), 0, raw_after, &cl, err,
	    sizeof err) != 0)
		fail_msg("'%s' did not split: %s", s, err);
	va_start(ap, raw_after);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < cl.argc);
		assert_string_equal(cl.argv[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(cl.argc, i);
	assert_null(cl.argv[cl.argc]);
	cmdline_free(&cl);
}

/* Split s and expect an error mentioning what. */
static void
split_bad(const char *s, size_t len, int raw_after, const char *what)
{
	struct cmdline	cl;
	char		err[256];

	err[0] = '\0';
	assert_int_equal(cmdline_split(s, len, 0, raw_after, &cl, err,
	    sizeof err), -1);
	if (strstr(err, what) == NULL)
		fail_msg("error for '%s' is '%s', not about '%s'", s, err,
		    what);
	assert_null(cl.argv);
	assert_int_equal(cl.argc, 0);
}

/* Words are split on spaces and tabs; UTF-8 is untouched. */
static void
test_words(void **state)
{
	(void)state;
	split_ok("", -1, NULL);
	split_ok("   \t ", -1, NULL);
	split_ok("ping", -1, "ping", NULL);
	split_ok("  a  b\tc  ", -1, "a", "b", "c", NULL);
	split_ok("don't stop", -1, "don't", "stop", NULL);
	split_ok("é ✓ 😀", -1, "é", "✓", "😀", NULL);
}

/* Double quotes group words and may abut other text. */
static void
test_quotes(void **state)
{
	(void)state;
	split_ok("\"a b\" c", -1, "a b", "c", NULL);
	split_ok("\"\"", -1, "", NULL);
	split_ok("x \"\" y", -1, "x", "", "y", NULL);
	split_ok("a\"b c\"d", -1, "ab cd", NULL);
	split_ok("\"a\"\"b\"", -1, "ab", NULL);
	split_ok("\"it's\"", -1, "it's", NULL);
	split_ok("\"  lead and trail  \"", -1, "  lead and trail  ", NULL);
	split_ok("\"tab\there\"", -1, "tab\there", NULL);
}

/* The backslash escapes, inside quotes and out. */
static void
test_escapes(void **state)
{
	(void)state;
	split_ok("a\\ b", -1, "a b", NULL);
	split_ok("\\\"q\\\"", -1, "\"q\"", NULL);
	split_ok("\"say \\\"hi\\\"\"", -1, "say \"hi\"", NULL);
	split_ok("back\\\\slash", -1, "back\\slash", NULL);
	split_ok("\"\\\\\"", -1, "\\", NULL);
	split_ok("line\\nbreak", -1, "line\nbreak", NULL);
	split_ok("\"t\\tab\"", -1, "t\tab", NULL);
	split_ok("\\ ", -1, " ", NULL);
}

/* Unclosed quotes, bad escapes and NUL bytes are refused. */
static void
test_errors(void **state)
{
	(void)state;
	split_bad("\"open", 5, -1, "column 1 is not closed");
	split_bad("a \"b c", 6, -1, "column 3");
	split_bad("a\\", 2, -1, "backslash ends");
	split_bad("\\q", 2, -1, "unknown escape '\\q'");
	split_bad("\"\\x41\"", 6, -1, "unknown escape");
	split_bad("a\\\x01", 3, -1, "byte 0x01");
	split_bad("a\0b", 3, -1, "NUL");
	split_bad("a b\0", 4, 1, "NUL");
}

/* At most CMDLINE_ARGS_MAX words. */
static void
test_too_many(void **state)
{
	struct cmdline	cl;
	char		buf[CMDLINE_ARGS_MAX * 2 + 8], err[128];
	size_t		i;

	(void)state;
	for (i = 0; i < CMDLINE_ARGS_MAX; i++) {
		buf[2 * i] = 'x';
		buf[2 * i + 1] = ' ';
	}
	buf[2 * CMDLINE_ARGS_MAX] = '\0';
	assert_int_equal(cmdline_split(buf, strlen(buf), 0, -1, &cl, err,
	    sizeof err), 0);
	assert_int_equal(cl.argc, CMDLINE_ARGS_MAX);
	cmdline_free(&cl);
	strcat(buf, "y");
	split_bad(buf, strlen(buf), -1, "too many");
}

/* After raw_after words the rest of the line is one raw word. */
static void
test_raw(void **state)
{
	(void)state;
	/* After raw_after words, the rest is taken as it stands. */
	split_ok("ping {\"nonce\": 5}", 1, "ping", "{\"nonce\": 5}", NULL);
	split_ok("  ping   {\"a\" : \"b c\"}  ", 1, "ping",
	    "{\"a\" : \"b c\"}", NULL);
	split_ok("ping", 1, "ping", NULL);
	split_ok("ping   ", 1, "ping", NULL);
	split_ok("\"a b\" \\q \"raw", 1, "a b", "\\q \"raw", NULL);
	split_ok("  whole \"line\\ here ", 0, "whole \"line\\ here", NULL);
	split_ok("", 0, NULL);
	split_ok("x y z", 2, "x", "y", "z", NULL);
	split_ok("x y z w", 2, "x", "y", "z w", NULL);
}

/* Splitting from an offset counts columns from the line start. */
static void
test_start(void **state)
{
	struct cmdline	cl;
	char		err[128];

	(void)state;
	/* Columns count from the start of the whole line. */
	assert_int_equal(cmdline_split("/ping \"x", 8, 5, -1, &cl, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "column 7"));
	assert_int_equal(cmdline_split("/send ping {} ", 14, 5, 1, &cl, err,
	    sizeof err), 0);
	assert_int_equal(cl.argc, 2);
	assert_string_equal(cl.argv[0], "ping");
	assert_string_equal(cl.argv[1], "{}");
	cmdline_free(&cl);
}

/* The first word alone, and where the rest begins. */
static void
test_first(void **state)
{
	char	err[128], *w;
	size_t	rest;

	(void)state;
	assert_int_equal(cmdline_first("send ping {}", 12, 0, &w, &rest, err,
	    sizeof err), 0);
	assert_string_equal(w, "send");
	assert_int_equal(rest, 4);
	free(w);
	assert_int_equal(cmdline_first("  \"he lp\" x", 11, 0, &w, &rest, err,
	    sizeof err), 0);
	assert_string_equal(w, "he lp");
	assert_int_equal(rest, 9);
	free(w);
	assert_int_equal(cmdline_first("   ", 3, 0, &w, &rest, err, sizeof err),
	    0);
	assert_string_equal(w, "");
	assert_int_equal(rest, 3);
	free(w);
	assert_int_equal(cmdline_first("\"x", 2, 0, &w, &rest, err, sizeof err),
	    -1);
}

/* Quote a word and check that it splits back to itself. */
static void
quote_back(const char *w, const char *want)
{
	struct cmdline	 cl;
	char		*q, err[128];

	q = cmdline_quote(w);
	if (want != NULL)
		assert_string_equal(q, want);
	assert_int_equal(cmdline_split(q, strlen(q), 0, -1, &cl, err,
	    sizeof err), 0);
	assert_int_equal(cl.argc, 1);
	assert_string_equal(cl.argv[0], w);
	cmdline_free(&cl);
	free(q);
}

/* Quoted words split back to themselves. */
static void
test_quote(void **state)
{
	(void)state;
	quote_back("plain", "plain");
	quote_back("", "\"\"");
	quote_back("a b", "\"a b\"");
	quote_back("say \"hi\"", "\"say \\\"hi\\\"\"");
	quote_back("c:\\dir", "\"c:\\\\dir\"");
	quote_back("two\nlines\tand tab", "\"two\\nlines\\tand tab\"");
	quote_back("it's", "it's");
	quote_back("  ", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_quote),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
