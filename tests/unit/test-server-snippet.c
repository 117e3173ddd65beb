/*
 * test-server-snippet.c: rt_snippet() (store-snippet.c), the search's
 * snippets made from the text handed in, against a real FTS5 table with
 * the transcript index's tokenizer and no content table behind it at
 * all: the window, the marks, phrases, diacritics, the ellipses, and
 * texts shorter than the window.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "store.h"
#include "store-impl.h"
#include "testdb.h"

struct fixture {
	struct testdb	 db;
	struct store	*st;
};

/* Open a store, with a contentless FTS5 table shaped like the index. */
static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof *f);
	char		 err[256];

	if (f == NULL || testdb_make(&f->db, "snip") == -1 ||
	    (f->st = store_open(f->db.path, false, err, sizeof err)) == NULL)
		return (-1);
	if (store_exec(f->st, "CREATE VIRTUAL TABLE words USING fts5(text, "
	    "content = '', tokenize = 'unicode61 remove_diacritics 2'); "
	    "CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT)") !=
	    STORE_OK)
		return (-1);
	*state = f;
	return (0);
}

/* Close and remove the store. */
static int
teardown(void **state)
{
	struct fixture	*f = *state;

	store_close(f->st);
	testdb_remove(&f->db);
	free(f);
	return (0);
}

/* Run an insert of (id, text). */
static void
insert(struct fixture *f, const char *sql, int64_t id, const char *text)
{
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* Index one text (rowid id) and keep it beside the index. */
static void
add(struct fixture *f, int64_t id, const char *text)
{
	insert(f, "INSERT INTO words (rowid, text) VALUES (?1, ?2)", id, text);
	insert(f, "INSERT INTO texts (id, text) VALUES (?1, ?2)", id, text);
}

/*
 * Search and return the snippet of the first hit, with [ ] as marks and
 * ... as the ellipsis, n tokens; NULL when nothing matched.
 */
static char *
snip(struct fixture *f, const char *query, int n)
{
	sqlite3_stmt	*s;
	char		*out = NULL;
	const char	*t;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT rt_snippet("
	    "words, x.text, '[', ']', '...', ?2) FROM words JOIN texts x ON "
	    "x.id = words.rowid WHERE words MATCH ?1 ORDER BY words.rowid",
	    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, n);
	if (sqlite3_step(s) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		out = strdup(t != NULL ? t : "(null)");
	}
	sqlite3_finalize(s);
	return (out);
}

/* Check one snippet. */
static void
check(struct fixture *f, const char *query, int n, const char *want)
{
	char	*got = snip(f, query, n);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* A short text comes whole, its match marked, punctuation kept. */
static void
test_short(void **state)
{
	struct fixture	*f = *state;

	add(f, 1, "Is this the right question?");
	check(f, "\"right\"", 16, "Is this the [right] question?");
	check(f, "\"is\"", 16, "[Is] this the right question?");
	check(f, "\"question\"", 5, "Is this the right [question]?");
}

/* A long text is cut to the window around the match, with ellipses. */
static void
test_window(void **state)
{
	struct fixture	*f = *state;

	add(f, 1, "one two three four five six seven eight nine ten eleven "
	    "twelve thirteen fourteen fifteen.");
	check(f, "\"eight\"", 5, "...seven [eight] nine ten eleven...");
	check(f, "\"one\"", 5, "[one] two three four five...");
	check(f, "\"fifteen\"", 5, "...eleven twelve thirteen fourteen "
	    "[fifteen].");
}

/*
 * The window holding the most distinct phrases wins over one holding
 * more matches of one; a phrase is one run; diacritics fold.
 */
static void
test_phrases(void **state)
{
	struct fixture	*f = *state;

	add(f, 1, "equity equity equity then a long stretch of other words "
	    "about the café and equity together");
	check(f, "\"equity\" \"cafe\"", 6,
	    "...about the [café] and [equity] together");
	check(f, "\"the cafe\"", 4, "...[the café] and equity...");
	check(f, "\"equity\"", 4, "[equity] [equity] [equity] then...");
}

/* A window of one token; a window out of range is an error. */
static void
test_edges(void **state)
{
	struct fixture	*f = *state;
	char		*got;

	add(f, 1, "word");
	check(f, "\"word\"", 1, "[word]");
	got = snip(f, "\"word\"", 0);
	assert_null(got);
	got = snip(f, "\"word\"", 65);
	assert_null(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phrases, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
