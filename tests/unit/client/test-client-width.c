/*
 * test-client-width.c: display widths of UTF-8 text (width.c): ASCII,
 * wide East Asian characters, combining marks, emoji alone, with a
 * variation selector, joined with ZWJ and as flags, and fitting text
 * into columns without splitting a cluster.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "client.h"
#include "model.h"

/* Return the width of a NUL-terminated string. */
static size_t
w(const char *s)
{
	return (width_str(s, strlen(s)));
}

/* Code points: narrow, wide, zero-width, controls. */
static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(width_char('a'), 1);
	assert_int_equal(width_char(0x6f22), 2);	/* 漢 */
	assert_int_equal(width_char(0x0301), 0);	/* combining acute */
	assert_int_equal(width_char(0x1f389), 2);	/* 🎉 */
	assert_int_equal(width_char(0x1b), 0);		/* ESC */
	assert_int_equal(width_char(0x9b), 0);		/* CSI */
}

/* Strings: one column per cluster, two for wide ones. */
static void
test_strings(void **state)
{
	(void)state;
	assert_int_equal(w(""), 0);
	assert_int_equal(w("hello"), 5);
	assert_int_equal(w("\xe6\xbc\xa2\xe5\xad\x97"), 4);	/* 漢字 */
	assert_int_equal(w("e\xcc\x81t\xc3\xa9"), 3);	/* é (e+U+0301) té */
	assert_int_equal(w("\xf0\x9f\x8e\x89!"), 3);	/* 🎉! */
	/* ❤ + U+FE0F: emoji presentation, two columns */
	assert_int_equal(w("\xe2\x9d\xa4\xef\xb8\x8f"), 2);
	/* 👩‍💻: woman, ZWJ, laptop: one cluster, two columns */
	assert_int_equal(w("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"), 2);
	/* 🇫🇷: two regional indicators, one flag */
	assert_int_equal(w("\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"), 2);
	/* a byte that is not UTF-8 counts one column */
	assert_int_equal(w("a\xffz"), 3);
}

/* Fitting never splits a cluster or a wide character. */
static void
test_fit(void **state)
{
	const char	*s = "ab\xe6\xbc\xa2" "c";	/* ab漢c: 5 columns */
	const char	*z = "x\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbby";
	size_t		 used;

	(void)state;
	assert_int_equal(width_fit(s, strlen(s), 3, &used), 2);
	assert_int_equal(used, 2);
	assert_int_equal(width_fit(s, strlen(s), 4, &used), 5);
	assert_int_equal(used, 4);
	assert_int_equal(width_fit(s, strlen(s), 80, &used), strlen(s));
	assert_int_equal(used, 5);
	assert_int_equal(width_fit(z, strlen(z), 2, &used), 1);
	assert_int_equal(width_fit(z, strlen(z), 3, &used), strlen(z) - 1);
	assert_int_equal(used, 3);
}

/* Stepping back and forward by clusters. */
static void
test_steps(void **state)
{
	const char	*s = "e\xcc\x81\xe6\xbc\xa2!";	/* é漢! */
	size_t		 n = strlen(s), p;
	int		 cw;

	(void)state;
	p = width_next(s, n, 0, &cw);
	assert_int_equal(p, 3);
	assert_int_equal(cw, 1);
	p = width_next(s, n, p, &cw);
	assert_int_equal(p, 6);
	assert_int_equal(cw, 2);
	assert_int_equal(width_prev(s, n), 6);
	assert_int_equal(width_prev(s, 6), 3);
	assert_int_equal(width_prev(s, 3), 0);
	assert_int_equal(width_prev(s, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_steps),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
