/*
 * test-client-sanitize.c: text from the server is made inert before it
 * reaches a terminal: escape sequences, C0 and C1 controls, DEL,
 * bidirectional controls, line separators and bytes that are not UTF-8.
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

/* Sanitize len bytes with flags and compare with want. */
static void
check(const char *in, size_t len, int flags, const char *want)
{
	char	*out;

	out = sanitize(in, len, flags);
	assert_string_equal(out, want);
	free(out);
}

/* Return 1 if s holds a byte that could start a terminal control. */
static int
has_control(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return (1);
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return (1);
	}
	return (0);
}

/* Ordinary text, UTF-8 included, passes unchanged. */
static void
test_plain(void **state)
{
	char	*out;

	(void)state;
	check("", 0, 0, "");
	check("hello, world", 12, 0, "hello, world");
	check("é ✓ 漢字 😀", strlen("é ✓ 漢字 😀"), 0, "é ✓ 漢字 😀");
	check("back\\slash", 10, 0, "back\\slash");
	out = sanitize_str(NULL, 0);
	assert_string_equal(out, "");
	free(out);
}

/* Escape sequences and C0 controls become caret notation. */
static void
test_escapes(void **state)
{
	(void)state;
	/* Colour, cursor movement, window title, clear screen. */
	check("\x1b[31mred\x1b[0m", 12, 0, "^[[31mred^[[0m");
	check("\x1b[2J\x1b[H", 7, 0, "^[[2J^[[H");
	check("\x1b]0;pwned\x07", 10, 0, "^[]0;pwned^G");
	check("\x1bP+q\x1b\\", 6, 0, "^[P+q^[\\");
	check("a\rb", 3, 0, "a^Mb");
	check("a\bb", 3, 0, "a^Hb");
	check("nul\0x", 5, 0, "nul^@x");
	check("del\x7f", 4, 0, "del^?");
	check("\x1f", 1, 0, "^_");
}

/* C1 controls (CSI, OSC, NEL as UTF-8) become <U+XXXX>. */
static void
test_c1(void **state)
{
	(void)state;
	/* U+009B is CSI, U+009D OSC, U+0085 NEL: as UTF-8 they are C2 xx. */
	check("\xc2\x9b" "31m", 5, 0, "<U+009B>31m");
	check("\xc2\x9d" "0;t\xc2\x9c", 7, 0, "<U+009D>0;t<U+009C>");
	check("\xc2\x85", 2, 0, "<U+0085>");
	check("\xc2\x80\xc2\x9f", 4, 0, "<U+0080><U+009F>");
	check("\xc2\xa0", 2, 0, "\xc2\xa0");	/* NBSP is text */
}

/* Bidirectional controls and line separators become <U+XXXX>. */
static void
test_bidi(void **state)
{
	(void)state;
	check("a\xe2\x80\xae" "cba", 7, 0, "a<U+202E>cba");	/* RLO */
	check("\xe2\x80\xaa\xe2\x80\xac", 6, 0, "<U+202A><U+202C>");
	check("\xe2\x81\xa6x\xe2\x81\xa9", 7, 0, "<U+2066>x<U+2069>");
	check("\xe2\x80\x8f", 3, 0, "<U+200F>");	/* RLM */
	check("\xd8\x9c", 2, 0, "<U+061C>");		/* ALM */
	check("a\xe2\x80\xa8" "b\xe2\x80\xa9", 8, 0, "a<U+2028>b<U+2029>");
}

/* Bytes that are not UTF-8 become \xNN, 8-bit CSI included. */
static void
test_bad_utf8(void **state)
{
	(void)state;
	check("\xff", 1, 0, "\\xff");
	check("a\x80z", 3, 0, "a\\x80z");
	check("\xc0\xaf", 2, 0, "\\xc0\\xaf");		/* overlong '/' */
	check("\xe0\x80\xaf", 3, 0, "\\xe0\\x80\\xaf");	/* overlong */
	check("\xed\xa0\x80", 3, 0, "\\xed\\xa0\\x80");	/* surrogate */
	check("\xf4\x90\x80\x80", 4, 0, "\\xf4\\x90\\x80\\x80");
	check("\xe2\x82", 2, 0, "\\xe2\\x82");		/* truncated */
	check("\x9b" "2J", 3, 0, "\\x9b2J");		/* raw 8-bit CSI */
}

/* Newline and tab are kept only when asked for. */
static void
test_lines(void **state)
{
	(void)state;
	check("a\nb", 3, 0, "a^Jb");
	check("a\nb", 3, SAN_NEWLINE, "a\nb");
	check("a\tb", 3, 0, "a b");
	check("a\tb", 3, SAN_TAB, "a\tb");
	check("a\r\nb", 4, SAN_NEWLINE, "a^M\nb");
}

/* No input of one or two bytes yields a control. */
static void
test_never_control(void **state)
{
	unsigned char	buf[4];
	char		*out;
	unsigned int	 i, j;

	(void)state;
	/* Every one- and two-byte sequence comes out without controls. */
	for (i = 0; i < 256; i++) {
		buf[0] = (unsigned char)i;
		out = sanitize((char *)buf, 1, 0);
		assert_false(has_control(out));
		free(out);
		for (j = 0; j < 256; j++) {
			buf[1] = (unsigned char)j;
			out = sanitize((char *)buf, 2, 0);
			assert_false(has_control(out));
			free(out);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_bidi),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_never_control),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
