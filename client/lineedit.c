/*
 * lineedit.c: the input line of the full-screen interface, with no I/O.
 *
 * A UTF-8 buffer and a cursor that moves by grapheme clusters (width.c),
 * the Emacs editing commands (le_op), a one-entry kill ring, input
 * history browsed with Up and Down (the line being typed is kept while
 * browsing), horizontal scrolling that keeps the cursor in view, and Tab
 * completion of the word before the cursor against a list of candidates.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "model.h"
#include "xmalloc.h"

/* Start an empty line. */
void
le_init(struct lineedit *le)
{
	memset(le, 0, sizeof *le);
	le->cap = 64;
	le->buf = xcalloc(1, le->cap);
}

/* Free the line, its history and kill ring. */
void
le_free(struct lineedit *le)
{
	size_t	i;

	freezero(le->buf, le->cap);
	free(le->kill);
	for (i = 0; i < le->nhist; i++)
		free(le->hist[i]);
	free(le->hist);
	free(le->saved);
	memset(le, 0, sizeof *le);
}

/* Make room for n more bytes (and the NUL). */
static void
le_grow(struct lineedit *le, size_t n)
{
	size_t	cap = le->cap;
	char	*nb;

	while (le->len + n + 1 > cap)
		cap *= 2;
	if (cap == le->cap)
		return;
	nb = xcalloc(1, cap);
	memcpy(nb, le->buf, le->len + 1);
	freezero(le->buf, le->cap);	/* it may have held a password */
	le->buf = nb;
	le->cap = cap;
}

/* Insert n bytes at the cursor. */
void
le_insert(struct lineedit *le, const char *s, size_t n)
{
	le_grow(le, n);
	memmove(le->buf + le->pos + n, le->buf + le->pos, le->len - le->pos +
	    1);
	memcpy(le->buf + le->pos, s, n);
	le->len += n;
	le->pos += n;
}

/* Delete the bytes from a to b, keeping them in the kill ring if asked. */
static void
le_cut(struct lineedit *le, size_t a, size_t b, int keep)
{
	if (b <= a)
		return;
	if (keep) {
		free(le->kill);
		le->kill = xstrndup(le->buf + a, b - a);
	}
	memmove(le->buf + a, le->buf + b, le->len - b + 1);
	le->len -= b - a;
	if (le->pos > b)
		le->pos -= b - a;
	else if (le->pos > a)
		le->pos = a;
}

/* Return 1 for a byte that separates words. */
static int
le_space(char ch)
{
	return (ch == ' ' || ch == '\t');
}

/* Return the start of the word before the cursor. */
static size_t
le_word_start(const struct lineedit *le, size_t pos)
{
	while (pos > 0 && le_space(le->buf[pos - 1]))
		pos--;
	while (pos > 0 && !le_space(le->buf[pos - 1]))
		pos--;
	return (pos);
}

/* Return the end of the word after the cursor. */
static size_t
le_word_end(const struct lineedit *le, size_t pos)
{
	while (pos < le->len && le_space(le->buf[pos]))
		pos++;
	while (pos < le->len && !le_space(le->buf[pos]))
		pos++;
	return (pos);
}

/* Replace the whole line. */
void
le_set(struct lineedit *le, const char *s)
{
	size_t	n = strlen(s);

	le->len = 0;
	le->buf[0] = '\0';
	le_grow(le, n);
	memcpy(le->buf, s, n + 1);
	le->len = le->pos = n;
	le->scroll = 0;
}

/* Empty the line (not the history). */
void
le_clear(struct lineedit *le)
{
	explicit_bzero(le->buf, le->cap);
	le->len = le->pos = le->scroll = 0;
	le->hpos = le->nhist;
	free(le->saved);
	le->saved = NULL;
}

/* Return a copy of the line and empty it. */
char *
le_take(struct lineedit *le)
{
	char	*s;

	s = xstrndup(le->buf, le->len);
	le_clear(le);
	return (s);
}

/* Add a line to the history, unless it repeats the last one or is blank. */
void
le_history_add(struct lineedit *le, const char *s)
{
	if (*s == '\0' || (le->nhist > 0 && strcmp(le->hist[le->nhist - 1],
	    s) == 0)) {
		le->hpos = le->nhist;
		return;
	}
	if (le->nhist == LE_HISTORY) {
		free(le->hist[0]);
		memmove(le->hist, le->hist + 1, (le->nhist - 1) *
		    sizeof *le->hist);
		le->nhist--;
	}
	le->hist = xreallocarray(le->hist, le->nhist + 1, sizeof *le->hist);
	le->hist[le->nhist++] = xstrdup(s);
	le->hpos = le->nhist;
}

/* Browse the history one step back (-1) or forward (+1). */
static void
le_history(struct lineedit *le, int dir)
{
	if (dir < 0 && le->hpos == 0)
		return;
	if (dir > 0 && le->hpos >= le->nhist)
		return;
	if (le->hpos == le->nhist) {
		free(le->saved);
		le->saved = xstrndup(le->buf, le->len);
	}
	le->hpos = dir < 0 ? le->hpos - 1 : le->hpos + 1;
	le_set(le, le->hpos == le->nhist ? (le->saved != NULL ? le->saved :
	    "") : le->hist[le->hpos]);
}

/* Swap the two clusters before the cursor (or around it). */
static void
le_transpose(struct lineedit *le)
{
	size_t	a, b, c;
	int	w;
	char	*tmp;

	if (le->pos == 0 || le->len == 0)
		return;
	if (le->pos == le->len)
		le->pos = width_prev(le->buf, le->pos);
	b = le->pos;
	a = width_prev(le->buf, b);
	c = width_next(le->buf, le->len, b, &w);
	if (a == b)
		return;
	tmp = xstrndup(le->buf + a, b - a);
	memmove(le->buf + a, le->buf + b, c - b);
	memcpy(le->buf + a + (c - b), tmp, b - a);
	free(tmp);
	le->pos = c;
}

/* Run one editing command. */
void
le_op(struct lineedit *le, enum le_op op)
{
	int	w;

	switch (op) {
	case LE_LEFT:
		le->pos = width_prev(le->buf, le->pos);
		break;
	case LE_RIGHT:
		le->pos = width_next(le->buf, le->len, le->pos, &w);
		break;
	case LE_HOME:
		le->pos = 0;
		break;
	case LE_END:
		le->pos = le->len;
		break;
	case LE_WORD_LEFT:
		le->pos = le_word_start(le, le->pos);
		break;
	case LE_WORD_RIGHT:
		le->pos = le_word_end(le, le->pos);
		break;
	case LE_BACKSPACE:
		le_cut(le, width_prev(le->buf, le->pos), le->pos, 0);
		break;
	case LE_DELETE:
		le_cut(le, le->pos, width_next(le->buf, le->len, le->pos, &w),
		    0);
		break;
	case LE_KILL_END:
		le_cut(le, le->pos, le->len, 1);
		break;
	case LE_KILL_START:
		le_cut(le, 0, le->pos, 1);
		break;
	case LE_KILL_WORD:
		le_cut(le, le_word_start(le, le->pos), le->pos, 1);
		break;
	case LE_KILL_WORD_FWD:
		le_cut(le, le->pos, le_word_end(le, le->pos), 1);
		break;
	case LE_YANK:
		if (le->kill != NULL)
			le_insert(le, le->kill, strlen(le->kill));
		break;
	case LE_TRANSPOSE:
		le_transpose(le);
		break;
	case LE_HIST_UP:
		le_history(le, -1);
		break;
	case LE_HIST_DOWN:
		le_history(le, 1);
		break;
	}
}

/*
 * Fit the line into cols columns: move the scroll so that the cursor is
 * in view, and return the first byte shown; *cursor is the cursor's
 * column.
 */
size_t
le_view(struct lineedit *le, size_t cols, size_t *cursor)
{
	size_t	w;

	if (cols < 2)
		cols = 2;
	if (le->scroll > le->pos)
		le->scroll = width_prev(le->buf, le->pos);
	if (le->scroll > le->len)
		le->scroll = 0;
	/* Keep the cursor off the last column, which it would push off. */
	while ((w = width_str(le->buf + le->scroll, le->pos - le->scroll)) >=
	    cols - 1 && le->scroll < le->pos)
		le->scroll = width_next(le->buf, le->len, le->scroll,
		    &(int){ 0 });
	*cursor = le->secret ? 0 : w;
	return (le->scroll);
}

/*
 * Return the longest prefix of s, at most n bytes, that ends between two
 * grapheme clusters, so that a common prefix never splits a character.
 */
static size_t
le_boundary(const char *s, size_t n)
{
	size_t	len = strlen(s), pos = 0, next;
	int	w;

	while (pos < n) {
		next = width_next(s, len, pos, &w);
		if (next > n)
			break;
		pos = next;
	}
	return (pos);
}

/*
 * Complete the word before the cursor against candidates (case does not
 * matter). One match: it is put in, with a space after. Several: their
 * longest common prefix is put in, and *list (if not NULL) gets the
 * matches, space-separated, to show. Return the number of matches.
 */
int
le_complete(struct lineedit *le, const char *const *cand, size_t n,
    char **list)
{
	size_t	 start, wlen, i, common = 0, llen = 0;
	const char *first = NULL;
	int	 found = 0;
	char	*l = NULL;

	if (list != NULL)
		*list = NULL;
	start = le->pos;
	while (start > 0 && !le_space(le->buf[start - 1]))
		start--;
	wlen = le->pos - start;
	for (i = 0; i < n; i++) {
		if (strlen(cand[i]) < wlen || strncasecmp(cand[i],
		    le->buf + start, wlen) != 0)
			continue;
		if (found++ == 0) {
			first = cand[i];
			common = strlen(first);
		} else {
			while (common > 0 && strncasecmp(first, cand[i],
			    common) != 0)
				common--;
		}
		l = xrealloc(l, llen + strlen(cand[i]) + 2);
		memcpy(l + llen, cand[i], strlen(cand[i]));
		llen += strlen(cand[i]);
		l[llen++] = ' ';
		l[llen] = '\0';
	}
	if (found == 0) {
		free(l);
		return (0);
	}
	/* "José" and "Josè" share "Jos", not "Jos" and half an "é". */
	common = le_boundary(first, common);
	if (common < wlen)
		common = wlen;
	le_cut(le, start, le->pos, 0);
	le->pos = start;
	le_insert(le, first, found == 1 ? strlen(first) : common);
	if (found == 1)
		le_insert(le, " ", 1);
	if (list != NULL && found > 1) {
		l[llen - 1] = '\0';
		*list = l;
	} else
		free(l);
	return (found);
}
