/*
 * view-pane.c: the conversation pane as rows, and scrolling it by rows.
 *
 * Lines of scrollback wrap to several rows, so the pane scrolls by rows,
 * not lines: a post longer than the screen is read a page at a time, and
 * Home shows the first screenful. Where the reader is is kept as an
 * anchor that new lines do not move (model.c counts them in):
 *	w->scroll	0 when live (the newest row at the bottom); else the
 *			lines from the one cut by the bottom edge to the
 *			newest, that line B = nlines - scroll included;
 *	w->scroll_rows	how many of B's rows are shown, its first ones, at
 *			the bottom (0: none, B starts just below the pane).
 * A scrolled pane gives its bottom row to a marker that says how many
 * lines are below. Nothing here touches the terminal; fe-tui.c draws
 * what view_pane returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Return how many rows line i of a window takes at a width. */
static size_t
view_line_rows(const struct mwin *w, size_t i, size_t width)
{
	char	**rows;
	size_t	  n;

	n = view_wrap(model_line_at(w, i), width, 1, &rows);
	view_free_rows(rows, n);
	return (n);
}

/* Return 1 if the whole scrollback fits a pane of height rows. */
static int
view_fits(const struct mwin *w, size_t width, size_t height)
{
	size_t	i, got = 0;

	for (i = w->nlines; i > 0 && got <= height; i--)
		got += view_line_rows(w, i - 1, width);
	return (got <= height);
}

/*
 * Show the first screenful: the oldest line at the top of a pane of
 * height rows (one of them the marker), or live if everything fits.
 */
void
view_scroll_home(struct mwin *w, size_t width, size_t height)
{
	size_t	i, n, room = height > 1 ? height - 1 : 1;

	if (view_fits(w, width, height)) {
		w->scroll = w->scroll_rows = 0;
		return;
	}
	for (i = 0; i < w->nlines; i++) {
		n = view_line_rows(w, i, width);
		if (n > room)
			break;
		room -= n;
	}
	w->scroll = w->nlines - i;
	w->scroll_rows = room;
}

/* Go live: the newest row at the bottom. */
void
view_scroll_end(struct mwin *w)
{
	w->scroll = w->scroll_rows = 0;
}

/*
 * Return 1 if the rows above the bottom edge of a scrolled pane, down to
 * the first row of the oldest line, fill its room; a scroll that left
 * blank rows at the top went too far.
 */
static int
view_scroll_full(const struct mwin *w, size_t width, size_t room)
{
	size_t	b = w->nlines - w->scroll, got = w->scroll_rows, i;

	for (i = b; i > 0 && got < room; i--)
		got += view_line_rows(w, i - 1, width);
	return (got >= room);
}

/*
 * Make the scroll position whole: the cut line exists and shows fewer
 * rows than it has (all of them: the next line is the cut one), a
 * scrolled pane has no blank rows at the top, and one that would show
 * everything live is live.
 */
static void
view_scroll_fix(struct mwin *w, size_t width, size_t height)
{
	size_t	n;

	if (w->scroll > w->nlines)
		w->scroll = w->nlines;
	if (w->scroll == 0 || view_fits(w, width, height)) {
		w->scroll = w->scroll_rows = 0;
		return;
	}
	n = view_line_rows(w, w->nlines - w->scroll, width);
	if (w->scroll_rows >= n) {
		w->scroll--;
		w->scroll_rows = 0;
		if (w->scroll == 0)
			return;
	}
	if (!view_scroll_full(w, width, height > 1 ? height - 1 : 1))
		view_scroll_home(w, width, height);
}

/*
 * Scroll a pane of height rows by n rows: up (back in time) when n is
 * positive, down when negative; at most to the first screenful, at least
 * to live.
 */
void
view_scroll(struct mwin *w, long n, size_t width, size_t height)
{
	size_t	b, rows;

	if (w->nlines == 0)
		return;
	b = w->nlines - w->scroll;	/* live: past the newest line */
	for (; n > 0; n--) {		/* hide one more row at the bottom */
		if (w->scroll_rows == 0) {
			if (b == 0)
				break;
			b--;
			w->scroll_rows = view_line_rows(w, b, width);
		}
		w->scroll_rows--;
	}
	for (; n < 0 && b < w->nlines; n++) {	/* show one more */
		rows = view_line_rows(w, b, width);
		if (++w->scroll_rows >= rows) {
			b++;
			w->scroll_rows = 0;
		}
	}
	w->scroll = w->nlines - b;
	view_scroll_fix(w, width, height);
}

/* Append a row to the rows of the pane. */
static void
view_pane_add(struct vrow **v, size_t *n, const char *text, int kind)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].text = xstrdup(text);
	(*v)[*n].kind = kind;
	(*n)++;
}

/*
 * Return the rows a pane of width columns and height rows shows of a
 * window, top to bottom: at most height, fewer when the scrollback is
 * short (the frontend puts them at the bottom); when scrolled, the last
 * is the marker (kind -1). The scroll position is made whole first, for
 * a width or height that changed. Free with view_pane_free.
 */
size_t
view_pane(struct mwin *w, size_t width, size_t height, struct vrow **out)
{
	struct vrow	*v = NULL;
	char		**rows, marker[96];
	size_t		  n = 0, nrows, room, idx, i, take;

	*out = NULL;
	if (height == 0)
		return (0);
	view_scroll_fix(w, width, height);
	room = w->scroll > 0 ? height - 1 : height;
	idx = w->nlines - w->scroll;
	take = w->scroll_rows;		/* rows of the cut line shown */
	if (w->scroll == 0) {
		idx = w->nlines;
		take = 0;
	}
	/* Gather bottom-up, then turn the order around. */
	for (;;) {
		if (take > 0 && idx < w->nlines) {
			nrows = view_wrap(model_line_at(w, idx), width, 1, &rows);
			for (i = take < nrows ? take : nrows; i > 0 && n < room;
			    i--)
				view_pane_add(&v, &n, rows[i - 1],
				    (int)model_line_at(w, idx)->kind);
			view_free_rows(rows, nrows);
		}
		if (idx == 0 || n >= room)
			break;
		idx--;
		take = (size_t)-1;	/* the lines above: all their rows */
	}
	for (i = 0; i < n / 2; i++) {
		struct vrow	tmp = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = tmp;
	}
	if (w->scroll > 0) {
		snprintf(marker, sizeof marker, "-- %zu more line%s below: End "
		    "or PgDn --", w->scroll, w->scroll == 1 ? "" : "s");
		view_pane_add(&v, &n, marker, -1);
	}
	*out = v;
	return (n);
}

/* Free the rows view_pane returned. */
void
view_pane_free(struct vrow *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}
