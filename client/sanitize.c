/*
 * sanitize.c: make text from the server safe to write to a terminal.
 *
 * Every string that came over the wire is shown through here, so that a
 * name, a post or an error message cannot move the cursor, change colours,
 * retitle the window, reorder text with bidirectional controls or hide
 * part of a line. What would steer the terminal is replaced by a visible,
 * inert spelling:
 *   C0 controls and DEL	^@ .. ^_, ^? (ESC is ^[)
 *   C1 controls, bidirectional controls, line and paragraph separators
 *				<U+XXXX>
 *   bytes that are not UTF-8	\xNN
 * Newline and tab are kept when the caller asks (SAN_NEWLINE, SAN_TAB); a
 * tab otherwise becomes a space. Everything else passes unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "xmalloc.h"

/*
 * Decode one UTF-8 sequence at s (n bytes left). Return its length and set
 * *cp, or return 0 if the bytes are not well-formed UTF-8.
 */
static size_t
sanitize_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t	c = s[0];
	size_t		len, i;

	if (c < 0x80) {
		*cp = c;
		return (1);
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
	} else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;
	return (len);
}

/* Return 1 for a code point shown as <U+XXXX>. */
static int
sanitize_is_format(uint32_t cp)
{
	static const struct {
		uint32_t	lo;
		uint32_t	hi;
	} ranges[] = {
		{ 0x0080, 0x009f },	/* C1 controls: CSI, OSC... */
		{ 0x061c, 0x061c },	/* arabic letter mark */
		{ 0x200e, 0x200f },	/* left-to-right, right-to-left marks */
		{ 0x2028, 0x2029 },	/* line and paragraph separators */
		{ 0x202a, 0x202e },	/* bidi embeddings and overrides */
		{ 0x2066, 0x2069 },	/* bidi isolates */
	};
	size_t	i;

	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return (1);
	}
	return (0);
}

/*
 * Return a new NUL-terminated copy of len bytes at s with everything that
 * could steer a terminal made visible and inert. Flags are SAN_*.
 */
char *
sanitize(const char *s, size_t len, int flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*out;
	size_t			 i = 0, o = 0, l;
	uint32_t		 cp;

	/* The longest replacement, "<U+XXXX>", is 8 bytes for 2 bytes in. */
	out = xmalloc(len * 4 + 1);
	while (i < len) {
		if ((l = sanitize_decode(p + i, len - i, &cp)) == 0) {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", p[i]);
			i++;
			continue;
		}
		if (cp == '\n' && (flags & SAN_NEWLINE))
			out[o++] = '\n';
		else if (cp == '\t')
			out[o++] = (flags & SAN_TAB) ? '\t' : ' ';
		else if (cp < 0x20) {
			out[o++] = '^';
			out[o++] = (char)(cp + 0x40);
		} else if (cp == 0x7f) {
			out[o++] = '^';
			out[o++] = '?';
		} else if (sanitize_is_format(cp))
			o += (size_t)snprintf(out + o, 9, "<U+%04X>",
			    (unsigned int)cp);
		else {
			memcpy(out + o, p + i, l);
			o += l;
		}
		i += l;
	}
	out[o] = '\0';
	return (out);
}

/* sanitize() for a NUL-terminated string; NULL reads as "". */
char *
sanitize_str(const char *s, int flags)
{
	if (s == NULL)
		s = "";
	return (sanitize(s, strlen(s), flags));
}
