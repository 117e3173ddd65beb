/*
 * test-bench-peek.c: the load generator's fast path for post events
 * (bench/drv-rt-peek.c) finds the text of what the server encodes, and
 * says "not a post" for every other frame, every truncation and every
 * shape it does not expect, so the full decoder sees those.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <msgpack.h>

#include "bench.h"
#include "rt-proto.h"

/* Encode a session event of the given kind and text into b's body. */
static void
encode_event(struct pbuf *b, const char *kind, const char *text)
{
	struct proto_msg	m;

	memset(&m, 0, sizeof m);
	m.type = MSG_SESSION_EVENT;
	m.u.session_event.session = 7;
	m.u.session_event.seq = (uint64_t)1 << 40;
	m.u.session_event.at = 1765000000000ULL;
	m.u.session_event.kind = (char *)kind;
	m.u.session_event.user = (char *)"b12";
	m.u.session_event.text = (char *)text;
	b->len = 0;
	assert_int_equal(proto_encode(&m, b), 0);
}

/* Peek at a whole frame's body (after the length header). */
static int
peek_frame(const struct pbuf *b, const char **text, size_t *tlen)
{
	assert_true(b->len > PROTO_HDR_LEN);
	return (drv_rt_peek_post(b->data + PROTO_HDR_LEN,
	    b->len - PROTO_HDR_LEN, text, tlen));
}

/* A post event as the server encodes it: its text, in place. */
static void
test_post(void **state)
{
	struct pbuf	 b = { 0 };
	const char	*text;
	size_t		 tlen;
	char		 big[3000];

	(void)state;
	encode_event(&b, "post", "123 4 5 hello");
	assert_int_equal(peek_frame(&b, &text, &tlen), 1);
	assert_int_equal(tlen, strlen("123 4 5 hello"));
	assert_memory_equal(text, "123 4 5 hello", tlen);

	/* A text long enough for a str16 header. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	encode_event(&b, "post", big);
	assert_int_equal(peek_frame(&b, &text, &tlen), 1);
	assert_int_equal(tlen, sizeof big - 1);
	free(b.data);
}

/* Other kinds and other messages are left to the decoder. */
static void
test_not_post(void **state)
{
	struct pbuf		 b = { 0 };
	struct proto_msg	 m;
	const char		*text;
	size_t			 tlen;

	(void)state;
	encode_event(&b, "turn-start", "x");
	assert_int_equal(peek_frame(&b, &text, &tlen), 0);
	encode_event(&b, "post", NULL);
	assert_int_equal(peek_frame(&b, &text, &tlen), 0);

	memset(&m, 0, sizeof m);
	m.type = MSG_POSTED;
	m.id = 9;
	m.u.posted.session = 7;
	m.u.posted.seq = 3;
	b.len = 0;
	assert_int_equal(proto_encode(&m, &b), 0);
	assert_int_equal(peek_frame(&b, &text, &tlen), 0);
	free(b.data);
}

/* No truncation of a post is taken for one, and none reads past it. */
static void
test_truncated(void **state)
{
	struct pbuf	 b = { 0 };
	const char	*text;
	size_t		 tlen, n, len;
	uint8_t		*copy;

	(void)state;
	encode_event(&b, "post", "123 4 5 hello");
	len = b.len - PROTO_HDR_LEN;
	for (n = 0; n < len; n++) {
		/* An exact-size heap copy, so ASan sees any overread. */
		copy = malloc(n > 0 ? n : 1);
		assert_non_null(copy);
		memcpy(copy, b.data + PROTO_HDR_LEN, n);
		assert_int_equal(drv_rt_peek_post(copy, n, &text, &tlen), 0);
		free(copy);
	}
	free(b.data);
}

/*
 * Pack a map of t, kind, text and, when extra is not NULL, a key "x" whose
 * value is the n bytes of msgpack at extra.
 */
static void
pack_event(msgpack_sbuffer *sb, const char *extra, size_t n)
{
	msgpack_packer	pk;

	msgpack_sbuffer_init(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, extra != NULL ? 4 : 3);
	msgpack_pack_str_with_body(&pk, "t", 1);
	msgpack_pack_uint32(&pk, MSG_SESSION_EVENT);
	msgpack_pack_str_with_body(&pk, "kind", 4);
	msgpack_pack_str_with_body(&pk, "post", 4);
	if (extra != NULL) {
		msgpack_pack_str_with_body(&pk, "x", 1);
		msgpack_sbuffer_write(sb, extra, n);
	}
	msgpack_pack_str_with_body(&pk, "text", 4);
	msgpack_pack_str_with_body(&pk, "hi", 2);
}

/* Scalars are stepped over; nested values, binary and ext send it back. */
static void
test_shapes(void **state)
{
	static const struct {
		const char	*bytes;
		size_t		 len;
		int		 want;
	} extras[] = {
		{ "\xd3\xff\xff\xff\x00\x00\x00\x00\x00", 9, 1 }, /* int64 */
		{ "\xcb\x3f\xe0\x00\x00\x00\x00\x00\x00", 9, 1 }, /* 0.5 */
		{ "\xc0", 1, 1 },				/* nil */
		{ "\xe0", 1, 1 },				/* -32 */
		{ "\x80", 1, 0 },				/* map */
		{ "\x91\xc0", 2, 0 },			/* array */
		{ "\xc4\x02" "ab", 4, 0 },			/* bin */
		{ "\xd4\x01\x00", 3, 0 },			/* fixext */
		{ "\xc1", 1, 0 },				/* reserved */
	};
	msgpack_sbuffer	 sb;
	const char	*text;
	size_t		 tlen, i;

	(void)state;
	pack_event(&sb, NULL, 0);
	assert_int_equal(drv_rt_peek_post((uint8_t *)sb.data, sb.size,
	    &text, &tlen), 1);
	assert_int_equal(tlen, 2);
	assert_memory_equal(text, "hi", 2);
	/* A byte after the map, and the map cut short. */
	msgpack_sbuffer_write(&sb, "\xc0", 1);
	assert_int_equal(drv_rt_peek_post((uint8_t *)sb.data, sb.size,
	    &text, &tlen), 0);
	assert_int_equal(drv_rt_peek_post((uint8_t *)sb.data, sb.size - 2,
	    &text, &tlen), 0);
	msgpack_sbuffer_destroy(&sb);

	for (i = 0; i < sizeof extras / sizeof extras[0]; i++) {
		pack_event(&sb, extras[i].bytes, extras[i].len);
		assert_int_equal(drv_rt_peek_post((uint8_t *)sb.data,
		    sb.size, &text, &tlen), extras[i].want);
		msgpack_sbuffer_destroy(&sb);
	}
}

/* Headers of every width: map16, str8, str32 and uint64 for "t". */
static void
test_widths(void **state)
{
	static const uint8_t	frame[] = {
		0xde, 0x00, 0x03,
		0xd9, 0x01, 't', 0xcf, 0, 0, 0, 0, 0, 0, 0x01, 0x61,
		0xa4, 'k', 'i', 'n', 'd', 0xdb, 0, 0, 0, 4, 'p', 'o', 's', 't',
		0xa4, 't', 'e', 'x', 't', 0xda, 0, 2, 'o', 'k'
	};
	uint8_t			 bad[sizeof frame];
	const char		*text;
	size_t			 tlen;

	(void)state;
	assert_int_equal(MSG_SESSION_EVENT, 0x161);
	assert_int_equal(drv_rt_peek_post(frame, sizeof frame, &text, &tlen),
	    1);
	assert_int_equal(tlen, 2);
	assert_memory_equal(text, "ok", 2);
	/* A string's length running past the end of the frame. */
	memcpy(bad, frame, sizeof frame);
	bad[sizeof bad - 3] = 0xff;
	assert_int_equal(drv_rt_peek_post(bad, sizeof bad, &text, &tlen), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_post),
		cmocka_unit_test(test_not_post),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_widths),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
