/*
 * utf8.c: UTF-8 and character checks for every string that crosses the
 * wire, applied at the edge before any handler sees it.
 */
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"

/*
 * Decode one code point at s (at most n bytes). Return its length, or 0
 * if the bytes are not well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF).
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
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

/* Return 1 if the n bytes at s are well-formed UTF-8. */
int
utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			return (0);
		i += l;
	}
	return (1);
}

/* Return 1 for a code point that could steer a terminal or a log. */
static int
utf8_is_control(uint32_t cp, int lines)
{
	if (lines && (cp == '\n' || cp == '\t'))
		return (0);
	if (cp < 0x20 || cp == 0x7f)
		return (1);
	if (cp >= 0x80 && cp <= 0x9f)			/* C1 controls */
		return (1);
	if (cp == 0x2028 || cp == 0x2029)		/* line separators */
		return (!lines);
	if ((cp >= 0x202a && cp <= 0x202e) ||		/* bidi overrides */
	    (cp >= 0x2066 && cp <= 0x2069))
		return (1);
	return (0);
}

/*
 * Check a string field: well-formed UTF-8, and no control characters
 * except newline and tab when PFF_LINES is in flags. On failure fill err,
 * naming the field, and return -1.
 */
int
utf8_check(const char *s, size_t n, int flags, struct proto_err *err,
    const char *field)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {	/* printable ASCII */
			i++;
			continue;
		}
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0) {
			proto_err_set(err, ERR_BAD_UTF8,
			    "field '%s' is not valid UTF-8 (byte %zu)", field,
			    i);
			return (-1);
		}
		if (utf8_is_control(cp, flags & PFF_LINES)) {
			proto_err_set(err, ERR_BAD_CHARS,
			    "field '%s' holds control character U+%04X at "
			    "byte %zu", field, (unsigned int)cp, i);
			return (-1);
		}
		i += l;
	}
	return (0);
}

/*
 * Return 1 if s (n bytes) is a valid name: 1 to PROTO_NAME_MAX characters
 * of [A-Za-z0-9._-], starting with a letter or digit.
 */
int
proto_name_valid(const char *s, size_t n)
{
	size_t	i;
	char	c;

	if (n == 0 || n > PROTO_NAME_MAX)
		return (0);
	for (i = 0; i < n; i++) {
		c = s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			continue;
		if (i > 0 && (c == '.' || c == '_' || c == '-'))
			continue;
		return (0);
	}
	return (1);
}
