/*
 * drv-rt-peek.c: the load generator's fast path for the one frame it gets
 * by the hundred thousand per second, a session event of kind "post".
 * It reads the frame's top-level map in place, without allocating, and
 * hands back the post's text, reading headers with rtproto's own
 * mp_head_read. Anything it does not expect (another type, a nested value
 * or binary, a short or odd frame) makes it answer "not a post", and the
 * caller decodes the frame in full with the rtproto library, which also
 * rejects what is malformed. The other fields of a post are stepped over,
 * not checked: the generator measures the server, so its own cost per
 * delivery must stay well below the server's.
 */
#include <string.h>

#include "bench.h"
#include "rt-proto.h"

/* A cursor over one frame body. */
struct peek {
	const uint8_t	*buf;
	size_t		 len;
	size_t		 pos;
};

/*
 * Read the next object's header (rtproto's in-place reader, which checks
 * that a payload fits) and step over its payload. Return 0 or -1.
 */
static int
peek_next(struct peek *k, struct mp_head *h)
{
	if (mp_head_read(k->buf, k->len, k->pos, h, NULL) == -1)
		return (-1);
	k->pos += h->hdr + (size_t)h->left;
	return (0);
}

/* Read a string in place. */
static int
peek_str(struct peek *k, const char **s, size_t *len)
{
	struct mp_head	h;

	if (peek_next(k, &h) == -1 || h.kind != MP_STR)
		return (-1);
	*s = (const char *)k->buf + k->pos - h.left;
	*len = (size_t)h.left;
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
	struct peek	 k = { body, len, 0 };
	struct mp_head	 h;
	const char	*key, *s;
	size_t		 klen, n;
	uint64_t	 i, nkeys, type = 0;
	bool		 post = false;

	*text = NULL;
	if (peek_next(&k, &h) == -1 || h.kind != MP_MAP)
		return (0);
	nkeys = h.elems / 2;
	for (i = 0; i < nkeys; i++) {
		if (peek_str(&k, &key, &klen) == -1)
			return (0);
		if (peek_is(key, klen, "kind")) {
			if (peek_str(&k, &s, &n) == -1 ||
			    !peek_is(s, n, "post"))
				return (0);
			post = true;
		} else if (peek_is(key, klen, "text")) {
			if (peek_str(&k, text, tlen) == -1)
				return (0);
		} else if (peek_next(&k, &h) == -1)
			return (0);
		else if (peek_is(key, klen, "t")) {
			if (h.kind != MP_UINT || h.u != MSG_SESSION_EVENT)
				return (0);
			type = h.u;
		} else if (h.kind == MP_ARRAY || h.kind == MP_MAP ||
		    h.kind == MP_BIN)
			return (0);	/* not in a post event */
	}
	return (k.pos == k.len && type == MSG_SESSION_EVENT && post &&
	    *text != NULL);
}
