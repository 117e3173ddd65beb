/*
 * test-client-lineedit.c: the input line (lineedit.c): typing, moving by
 * grapheme clusters and words, the Emacs kill and yank commands, the
 * history (the line being typed survives browsing), horizontal scrolling
 * and Tab completion, which never splits a character.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client.h"
#include "model.h"

/* Type a string at the cursor. */
static void
type(struct lineedit *le, const char *s)
{
	le_insert(le, s, strlen(s));
}

/* Return the line as a string (le->buf is NUL-terminated). */
static const char *
line(struct lineedit *le)
{
	return (le->buf);
}

/* Typing, moving and deleting by characters, wide ones included. */
static void
test_edit(void **state)
{
	struct lineedit	le;

	(void)state;
	le_init(&le);
	type(&le, "h\xe6\xbc\xa2llo");		/* h漢llo */
	assert_string_equal(line(&le), "h\xe6\xbc\xa2llo");
	le_op(&le, LE_HOME);
	le_op(&le, LE_RIGHT);
	le_op(&le, LE_DELETE);			/* the wide character goes */
	assert_string_equal(line(&le), "hllo");
	type(&le, "e\xcc\x81");			/* é as two code points */
	le_op(&le, LE_BACKSPACE);		/* ...removed as one */
	assert_string_equal(line(&le), "hllo");
	le_op(&le, LE_END);
	le_op(&le, LE_LEFT);
	le_op(&le, LE_BACKSPACE);
	assert_string_equal(line(&le), "hlo");
	assert_int_equal(le.pos, 2);
	le_op(&le, LE_TRANSPOSE);		/* Ctrl-T: swap l and o */
	assert_string_equal(line(&le), "hol");
	le_op(&le, LE_HOME);
	le_op(&le, LE_LEFT);			/* nothing before the start */
	le_op(&le, LE_BACKSPACE);
	assert_string_equal(line(&le), "hol");
	le_free(&le);
}

/* Words, kills and the yank. */
static void
test_kill(void **state)
{
	struct lineedit	le;

	(void)state;
	le_init(&le);
	type(&le, "one two  three");
	le_op(&le, LE_KILL_WORD);		/* Ctrl-W */
	assert_string_equal(line(&le), "one two  ");
	le_op(&le, LE_YANK);
	assert_string_equal(line(&le), "one two  three");
	le_op(&le, LE_WORD_LEFT);
	le_op(&le, LE_WORD_LEFT);
	assert_int_equal(le.pos, 4);
	le_op(&le, LE_KILL_WORD_FWD);		/* Alt-D */
	assert_string_equal(line(&le), "one   three");
	le_op(&le, LE_WORD_RIGHT);
	assert_int_equal(le.pos, strlen("one   three"));
	le_op(&le, LE_HOME);
	le_op(&le, LE_WORD_RIGHT);
	le_op(&le, LE_KILL_END);		/* Ctrl-K */
	assert_string_equal(line(&le), "one");
	assert_string_equal(le.kill, "   three");
	le_op(&le, LE_KILL_START);		/* Ctrl-U */
	assert_string_equal(line(&le), "");
	le_op(&le, LE_YANK);
	assert_string_equal(line(&le), "one");
	le_free(&le);
}

/* History: Up and Down, and the line being typed kept meanwhile. */
static void
test_history(void **state)
{
	struct lineedit	 le;
	char		*s;

	(void)state;
	le_init(&le);
	le_history_add(&le, "/raise");
	le_history_add(&le, "/raise");		/* a repeat is not kept */
	le_history_add(&le, "hello");
	le_history_add(&le, "");		/* nor a blank line */
	assert_int_equal(le.nhist, 2);
	type(&le, "half typed");
	le_op(&le, LE_HIST_UP);
	assert_string_equal(line(&le), "hello");
	le_op(&le, LE_HIST_UP);
	assert_string_equal(line(&le), "/raise");
	le_op(&le, LE_HIST_UP);			/* stays at the oldest */
	assert_string_equal(line(&le), "/raise");
	le_op(&le, LE_HIST_DOWN);
	le_op(&le, LE_HIST_DOWN);
	assert_string_equal(line(&le), "half typed");
	le_op(&le, LE_HIST_DOWN);
	assert_string_equal(line(&le), "half typed");
	s = le_take(&le);
	assert_string_equal(s, "half typed");
	assert_string_equal(line(&le), "");
	free(s);
	le_free(&le);
}

/* The view scrolls so that the cursor stays on screen. */
static void
test_view(void **state)
{
	struct lineedit	le;
	size_t		first, cur;
	int		i;

	(void)state;
	le_init(&le);
	for (i = 0; i < 30; i++)
		type(&le, "\xe6\xbc\xa2");	/* 60 columns */
	first = le_view(&le, 21, &cur);
	assert_true(first > 0);
	assert_true(cur < 21);
	assert_int_equal(width_str(le.buf + first, le.pos - first), cur);
	assert_int_equal(first % 3, 0);		/* on a character */
	le_op(&le, LE_HOME);
	first = le_view(&le, 21, &cur);
	assert_int_equal(first, 0);
	assert_int_equal(cur, 0);
	le_free(&le);
}

/* Tab: one match completes with a space; several, their common part. */
static void
test_complete(void **state)
{
	static const char *const cands[] = { "/session", "/send", "/space",
	    "/start" };
	static const char *const names[] = { "bob", "Bobby", "carol" };
	struct lineedit	 le;
	char		*list;

	(void)state;
	le_init(&le);
	type(&le, "/sp");
	assert_int_equal(le_complete(&le, cands, 4, &list), 1);
	assert_string_equal(line(&le), "/space ");
	assert_null(list);
	le_clear(&le);
	type(&le, "/se");
	assert_int_equal(le_complete(&le, cands, 4, &list), 2);
	assert_string_equal(line(&le), "/se");
	assert_string_equal(list, "/session /send");
	free(list);
	le_clear(&le);
	type(&le, "/grant bo");
	assert_int_equal(le_complete(&le, names, 3, &list), 2);
	assert_string_equal(line(&le), "/grant bob");	/* common: "bob" */
	free(list);
	le_clear(&le);
	type(&le, "/grant x");
	assert_int_equal(le_complete(&le, names, 3, NULL), 0);
	assert_string_equal(line(&le), "/grant x");
	le_free(&le);
}

/*
 * Completion never splits a character: names that differ in their first
 * non-ASCII character share the prefix before it, whole; and a cluster
 * (a letter and its combining accent) is not split either.
 */
static void
test_complete_utf8(void **state)
{
	struct lineedit	 le;
	const char	*accents[] = { "Jos\u00e9", "Jos\u00e8" };
	const char	*marks[] = { "Zoe\u0301", "Zoe\u0300" };
	const char	*wide[] = { "\u65e5\u672c\u8a9e", "\u65e5\u672c\u4eba" };
	char		*list;

	(void)state;
	le_init(&le);
	type(&le, "/grant J");
	assert_int_equal(le_complete(&le, accents, 2, &list), 2);
	assert_string_equal(line(&le), "/grant Jos");
	assert_string_equal(list, "Jos\u00e9 Jos\u00e8");
	free(list);
	type(&le, "\u00e8");		/* typing on picks one */
	assert_int_equal(le_complete(&le, accents, 2, NULL), 1);
	assert_string_equal(line(&le), "/grant Jos\u00e8 ");
	le_clear(&le);
	type(&le, "Z");
	assert_int_equal(le_complete(&le, marks, 2, &list), 2);
	assert_string_equal(line(&le), "Zo");	/* "e" and its accent go as one */
	free(list);
	le_clear(&le);
	type(&le, "\u65e5");
	assert_int_equal(le_complete(&le, wide, 2, &list), 2);
	assert_string_equal(line(&le), "\u65e5\u672c");
	free(list);
	le_free(&le);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_view),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_complete_utf8),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
