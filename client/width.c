/*
 * width.c: how many terminal columns UTF-8 text takes.
 *
 * Text is measured in grapheme clusters (utf8proc's rules), so that a
 * letter with combining marks, a flag or an emoji joined with ZWJ moves
 * the cursor as one: a cluster is as wide as its widest character, and
 * two columns when it asks for emoji presentation (U+FE0F) or is a flag
 * (two regional indicators). East Asian
 * wide characters and emoji take two columns, combining marks none. A
 * byte that is not UTF-8 counts as one column (sanitized text shows it
 * as \xNN anyway).
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "client.h"
#include "model.h"

/* Return the columns a code point takes: 0, 1 or 2. */
int
width_char(uint32_t cp)
{
	int	w;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return (0);
	w = utf8proc_charwidth((utf8proc_int32_t)cp);
	if (w < 0)
		return (0);
	return (w > 2 ? 2 : w);
}

/* Decode one code point at s + pos; return its length (1 if not UTF-8). */
static size_t
width_decode(const char *s, size_t len, size_t pos, int32_t *cp)
{
	utf8proc_ssize_t	n;

	n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
	    (utf8proc_ssize_t)(len - pos), cp);
	if (n <= 0) {
		*cp = -1;
		return (1);
	}
	return ((size_t)n);
}

/*
 * Return the offset after the grapheme cluster at s + pos (len bytes in
 * all), and its width in *w.
 */
size_t
width_next(const char *s, size_t len, size_t pos, int *w)
{
	utf8proc_int32_t	cp, next, state = 0;
	size_t			n;
	int			cw, width;

	if (pos >= len) {
		*w = 0;
		return (len);
	}
	n = width_decode(s, len, pos, &cp);
	width = cp < 0 ? 1 : width_char((uint32_t)cp);
	pos += n;
	while (cp >= 0 && pos < len) {
		n = width_decode(s, len, pos, &next);
		if (next < 0 || utf8proc_grapheme_break_stateful(cp, next,
		    &state))
			break;
		if (next == 0xfe0f || (next >= 0x1f1e6 && next <= 0x1f1ff))
			width = 2;	/* emoji presentation, a flag */
		else if ((cw = width_char((uint32_t)next)) > width &&
		    cp != 0x200d)
			width = cw;
		cp = next;
		pos += n;
	}
	*w = width;
	return (pos);
}

/* Return the columns len bytes of s take. */
size_t
width_str(const char *s, size_t len)
{
	size_t	pos = 0, total = 0;
	int	w;

	while (pos < len) {
		pos = width_next(s, len, pos, &w);
		total += (size_t)w;
	}
	return (total);
}

/*
 * Return how many bytes of s (len bytes) fit in max columns without
 * splitting a cluster; their width goes to *used.
 */
size_t
width_fit(const char *s, size_t len, size_t max, size_t *used)
{
	size_t	pos = 0, next, total = 0;
	int	w;

	while (pos < len) {
		next = width_next(s, len, pos, &w);
		if (total + (size_t)w > max)
			break;
		total += (size_t)w;
		pos = next;
	}
	if (used != NULL)
		*used = total;
	return (pos);
}

/* Return the start of the cluster before offset pos of s. */
size_t
width_prev(const char *s, size_t pos)
{
	size_t	at = 0, next;
	int	w;

	while (at < pos) {
		next = width_next(s, pos, at, &w);
		if (next >= pos)
			return (at);
		at = next;
	}
	return (0);
}
