/*
 * drv-rt-peek.c: the load generator's fast path for the one frame it gets
 * by the hundred thousand per second, a session event of kind "post".
 * It reads the frame's top-level map in place, without allocating, and
 * hands back the post's text. Anything it does not expect (another type,
 * a nested value, a short or odd frame) makes it answer "not a post", and
 * the caller decodes the frame in full with the rtproto library, which
 * also rejects what is malformed. The generator measures the server, so
 * its own cost per delivery must stay well below the server's.
 */
#include <string.h>

#include "bench.h"
#include "rt-proto.h"

/* A cursor over one frame body. */
struct peek {
	const uint8_t	*p;
	const uint8_t	*end;
};

/* Read an n-byte big-endian unsigned number. */
static int
peek_be(struct peek *k, size_t n, uint64_t *v)
{
	size_t	i;

	if ((size_t)(k->end - k->p) < n)
		return (-1);
	*v = 0;
	for (i = 0; i < n; i++)
		*v = *v << 8 | k->p[i];
	k->p += n;
	return (0);
}

/* Read a map header. */
static int
peek_map(struct peek *k, uint64_t *n)
{
	uint8_t	b;

	if (k->p >= k->end)
		return (-1);
	b = *k->p++;
	if ((b & 0xf0) == 0x80) {
		*n = b & 0x0f;
		return (0);
	}
	if (b == 0xde)
		return (peek_be(k, 2, n));
	if (b == 0xdf)
		return (peek_be(k, 4, n));
	return (-1);
}

/* Read a string in place. */
static int
peek_str(struct peek *k, const char **s, size_t *len)
{
	uint64_t	n;
	uint8_t		b;

	if (k->p >= k->end)
		return (-1);
	b = *k->p++;
	if ((b & 0xe0) == 0xa0)
		n = b & 0x1f;
	else if (b < 0xd9 || b > 0xdb || peek_be(k, 1u << (b - 0xd9), &n) == -1)
		return (-1);
	if ((uint64_t)(k->end - k->p) < n)
		return (-1);
	*s = (const char *)k->p;
	*len = (size_t)n;
	k->p += n;
	return (0);
}

/* Read an unsigned integer of any width. */
static int
peek_uint(struct peek *k, uint64_t *v)
{
	uint8_t	b;

	if (k->p >= k->end)
		return (-1);
	b = *k->p++;
	if (b <= 0x7f) {
		*v = b;
		return (0);
	}
	if (b < 0xcc || b > 0xcf)
		return (-1);
	return (peek_be(k, 1u << (b - 0xcc), v));
}

/* Step over one scalar value; a map or an array is not expected here. */
static int
peek_skip(struct peek *k)
{
	static const uint8_t	 fixed[] = {	/* 0xc0 to 0xd3: body size */
		0, 0xff, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 4, 8,
		1, 2, 4, 8, 1, 2, 4, 8
	};
	const char		*s;
	size_t			 n;
	uint8_t			 b;

	if (k->p >= k->end)
		return (-1);
	b = *k->p;
	if (b <= 0x7f || b >= 0xe0) {		/* fixint */
		k->p++;
		return (0);
	}
	if ((b & 0xe0) == 0xa0 || (b >= 0xd9 && b <= 0xdb))
		return (peek_str(k, &s, &n));
	if (b < 0xc0 || b > 0xd3 || fixed[b - 0xc0] == 0xff)
		return (-1);			/* map, array, bin, ext */
	k->p++;
	if ((size_t)(k->end - k->p) < fixed[b - 0xc0])
		return (-1);
	k->p += fixed[b - 0xc0];
	return (0);
}

/* Whether a key read in place is the given word. */
static bool
peek_is(const char *s, size_t n, const char *word)
{
	return (strlen(word) == n && memcmp(s, word, n) == 0);
}

/*
 * If a frame body is a session event of kind "post", point *text at the
 * post's text and return 1; otherwise return 0, and the caller decodes.
 */
int
drv_rt_peek_post(const uint8_t *body, size_t len, const char **text,
    size_t *tlen)
{
	struct peek	 k = { body, body + len };
	const char	*key, *s;
	size_t		 klen, n;
	uint64_t	 nkeys, i, type = 0;
	bool		 post = false;

	*text = NULL;
	if (peek_map(&k, &nkeys) == -1)
		return (0);
	for (i = 0; i < nkeys; i++) {
		if (peek_str(&k, &key, &klen) == -1)
			return (0);
		if (peek_is(key, klen, "t")) {
			if (peek_uint(&k, &type) == -1 ||
			    type != MSG_SESSION_EVENT)
				return (0);
		} else if (peek_is(key, klen, "kind")) {
			if (peek_str(&k, &s, &n) == -1 ||
			    !peek_is(s, n, "post"))
				return (0);
			post = true;
		} else if (peek_is(key, klen, "text")) {
			if (peek_str(&k, text, tlen) == -1)
				return (0);
		} else if (peek_skip(&k) == -1)
			return (0);
	}
	return (k.p == k.end && type == MSG_SESSION_EVENT && post &&
	    *text != NULL);
}
