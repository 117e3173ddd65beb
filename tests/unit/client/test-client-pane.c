/*
 * test-client-pane.c: the conversation pane (view-pane.c) scrolls by
 * rows. A window holds short lines and a post that wraps to many rows;
 * the rows a pane shows are checked live, a row at a time up and down,
 * half a pane at a time, at Home (the oldest line at the top) and at End,
 * while new lines come in, when the scrollback ring drops its oldest
 * line, and after the width changes.
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
#include "model.h"
#include "xmalloc.h"

#define WIDTH	30
#define HEIGHT	6

/*
 * A window of 12 lines: "a0".."a4", a post of 40 words that wraps to
 * many rows at WIDTH, then "b0".."b5".
 */
static struct model *
window(struct mwin **wp)
{
	struct model	*m = model_create();
	struct mwin	*w = model_space_window(m, "tank");
	char		 text[512];
	size_t		 i, o = 0;

	for (i = 0; i < 5; i++)
		model_line(m, w, ML_INFO, 1000, NULL, "a%zu", i);
	for (i = 0; i < 40; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "w%02zu ", i);
	model_text(m, w, ML_POST, 1000, "bob", text);
	for (i = 0; i < 6; i++)
		model_line(m, w, ML_INFO, 1000, NULL, "b%zu", i);
	*wp = w;
	return (m);
}

/* The pane's rows, one string each, "|"-joined, for comparison. */
static char *
pane(struct mwin *w, size_t width)
{
	struct vrow	*v;
	struct pbuf	 b;
	size_t		 n, i;

	n = view_pane(w, width, HEIGHT, &v);
	assert_true(n <= HEIGHT);
	pbuf_init(&b);
	for (i = 0; i < n; i++) {
		/* Drop the time stamp: "HH:MM " */
		pbuf_add(&b, v[i].kind < 0 ? v[i].text : v[i].text + 6,
		    strlen(v[i].kind < 0 ? v[i].text : v[i].text + 6));
		pbuf_add(&b, "|", 1);
	}
	pbuf_add(&b, "", 1);
	view_pane_free(v, n);
	return ((char *)b.data);
}

/* Return the number of rows the post takes at a width. */
static size_t
post_rows(struct mwin *w, size_t width)
{
	char	**rows;
	size_t	  n;

	n = view_wrap(model_line_at(w, 5), width, 1, &rows);
	view_free_rows(rows, n);
	return (n);
}

/* Live, the newest rows are at the bottom; no marker. */
static void
test_live(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	char		*p;

	(void)state;
	p = pane(w, WIDTH);
	assert_string_equal(p, "b0|b1|b2|b3|b4|b5|");
	free(p);
	model_free(m);
}

/*
 * Up one row at a time: every row of the long post is shown on its way,
 * none is skipped; the marker takes the bottom row.
 */
static void
test_row_by_row(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	char		*p, *prev = NULL, *home, word[8];
	size_t		 i, nrows = post_rows(w, WIDTH), seen = 0;

	(void)state;
	assert_true(nrows > HEIGHT);	/* the post is longer than the pane */
	view_scroll(w, 1, WIDTH, HEIGHT);
	p = pane(w, WIDTH);
	/* One row up: b0..b4 and the marker (b5 is below). */
	assert_string_equal(p, "b0|b1|b2|b3|b4|-- 1 more line below: End "
	    "or PgDn --|");
	free(p);
	/*
	 * Each step up shows another row until the first screenful: as
	 * many steps as there are rows above it (the b lines, the post's
	 * rows, a4), no fewer.
	 */
	view_scroll_home(w, WIDTH, HEIGHT);
	home = pane(w, WIDTH);
	view_scroll_end(w);
	view_scroll(w, 1, WIDTH, HEIGHT);
	for (i = 1; i < 100; i++) {
		p = pane(w, WIDTH);
		snprintf(word, sizeof word, "w%02zu", 39 - seen);
		while (seen < 40 && strstr(p, word) != NULL) {
			seen++;
			snprintf(word, sizeof word, "w%02zu", 39 - seen);
		}
		if (prev != NULL)
			assert_string_not_equal(p, prev);
		free(prev);
		prev = p;
		if (strcmp(p, home) == 0)
			break;
		view_scroll(w, 1, WIDTH, HEIGHT);
	}
	assert_int_equal(i, 6 + nrows + 5 - (HEIGHT - 1));
	/* Every word of the post was on the screen on the way. */
	assert_int_equal(seen, 40);
	free(prev);
	free(home);
	model_free(m);
}

/* Home: the oldest line at the top; End: live again. */
static void
test_home_end(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	char		*p;

	(void)state;
	view_scroll_home(w, WIDTH, HEIGHT);
	p = pane(w, WIDTH);
	assert_string_equal(p, "a0|a1|a2|a3|a4|-- 7 more lines below: End "
	    "or PgDn --|");
	free(p);
	/* Further up does not go past the top. */
	view_scroll(w, 3, WIDTH, HEIGHT);
	p = pane(w, WIDTH);
	assert_true(strncmp(p, "a0|a1|", 6) == 0);
	free(p);
	/* Down one row: the post's first row comes in. */
	view_scroll(w, -1, WIDTH, HEIGHT);
	p = pane(w, WIDTH);
	assert_true(strncmp(p, "a1|a2|a3|a4|<bob> w00", 21) == 0);
	free(p);
	view_scroll_end(w);
	p = pane(w, WIDTH);
	assert_string_equal(p, "b0|b1|b2|b3|b4|b5|");
	free(p);
	model_free(m);
}

/*
 * Half a pane at a time, as PgUp and PgDn do: the same as as many single
 * rows, so that a long post is never skipped past; down again as many
 * steps is live.
 */
static void
test_pages(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	char		*p, *q;
	size_t		 i;

	(void)state;
	for (i = 0; i < 4; i++)
		view_scroll(w, HEIGHT / 2, WIDTH, HEIGHT);
	p = pane(w, WIDTH);
	assert_null(strstr(p, "b0|"));	/* the b lines are below */
	assert_non_null(strstr(p, "w"));	/* in the post */
	view_scroll_end(w);
	for (i = 0; i < 4 * (HEIGHT / 2); i++)
		view_scroll(w, 1, WIDTH, HEIGHT);
	q = pane(w, WIDTH);
	assert_string_equal(p, q);
	free(p);
	free(q);
	for (i = 0; i < 4; i++)
		view_scroll(w, -(long)(HEIGHT / 2), WIDTH, HEIGHT);
	assert_int_equal(w->scroll, 0);
	assert_int_equal(w->scroll_rows, 0);
	model_free(m);
}

/* New lines do not move a scrolled view; a full ring does not either. */
static void
test_anchor(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	char		*before, *after;
	size_t		 i, below;

	(void)state;
	view_scroll_home(w, WIDTH, HEIGHT);
	view_scroll(w, -4, WIDTH, HEIGHT);
	before = pane(w, WIDTH);
	below = w->scroll;
	model_line(m, w, ML_INFO, 1000, NULL, "c0");
	after = pane(w, WIDTH);
	/* The same rows; only the marker counts one more line below. */
	assert_memory_equal(before, after, strstr(before, "--") - before);
	assert_int_equal(w->scroll, below + 1);
	assert_non_null(strstr(after, "more lines below"));
	free(before);
	free(after);

	/* Fill the ring: the view stays on what was read until it goes. */
	view_scroll_end(w);
	for (i = 0; i < MODEL_SCROLLBACK; i++)
		model_line(m, w, ML_INFO, 1000, NULL, "d%zu", i);
	for (i = 0; i < 3 * HEIGHT; i++)
		view_scroll(w, 1, WIDTH, HEIGHT);
	before = pane(w, WIDTH);
	for (i = 0; i < 5; i++)
		model_line(m, w, ML_INFO, 1000, NULL, "e%zu", i);
	assert_int_equal(w->nlines, MODEL_SCROLLBACK);
	after = pane(w, WIDTH);
	assert_memory_equal(before, after, strstr(before, "--") - before);
	free(before);
	free(after);
	model_free(m);
}

/* A narrower pane: the position stays whole, the top is not blank. */
static void
test_resize(void **state)
{
	struct mwin	*w;
	struct model	*m = window(&w);
	struct vrow	*v;
	size_t		 n;
	char		*p;

	(void)state;
	view_scroll_home(w, WIDTH, HEIGHT);
	view_scroll(w, -7, WIDTH, HEIGHT);	/* into the post */
	n = view_pane(w, 12, HEIGHT, &v);
	assert_int_equal(n, HEIGHT);
	assert_int_equal(v[n - 1].kind, -1);
	view_pane_free(v, n);
	/* Home at the new width is the first screenful at that width. */
	view_scroll_home(w, 12, HEIGHT);
	p = pane(w, 12);
	assert_true(strncmp(p, "a0|a1|a2|a3|a4|", 15) == 0);
	free(p);
	/* Wide enough for everything: live, whatever the position was. */
	view_scroll(w, 1, WIDTH, HEIGHT);
	n = view_pane(w, 4000, 40, &v);
	assert_int_equal(w->scroll, 0);
	assert_int_equal(n, 12);
	view_pane_free(v, n);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_row_by_row),
		cmocka_unit_test(test_home_end),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_anchor),
		cmocka_unit_test(test_resize),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
