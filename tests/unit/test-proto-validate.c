/*
 * test-proto-validate.c: the allocation-free msgpack validator against
 * truncated, oversized, deeply nested and hostile frames.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <msgpack.h>

#include "rt-proto.h"

#define V(...)	((const uint8_t[]){ __VA_ARGS__ })
#define N(...)	sizeof((const uint8_t[]){ __VA_ARGS__ })
#define OK(...)	assert_int_equal(mp_validate(V(__VA_ARGS__), N(__VA_ARGS__), \
		    PROTO_DEPTH_MAX, &err), 0)
#define BAD(...) do { \
	assert_int_equal(mp_validate(V(__VA_ARGS__), N(__VA_ARGS__), \
	    PROTO_DEPTH_MAX, &err), -1); \
	assert_int_equal(err.code, ERR_MALFORMED); \
} while (0)

/* Well-formed objects of every kind pass. */
static void
test_validate_good(void **state)
{
	struct proto_err	err;

	(void)state;
	OK(0x80);					/* {} */
	OK(0x81, 0xa1, 't', 0x64);			/* {"t":100} */
	OK(0x00);
	OK(0xff);
	OK(0xc0);
	OK(0xc2);
	OK(0xc3);
	OK(0xcc, 0x01);
	OK(0xcd, 0x00, 0x01);
	OK(0xce, 0, 0, 0, 1);
	OK(0xcf, 0, 0, 0, 0, 0, 0, 0, 1);
	OK(0xd0, 0x80);
	OK(0xd3, 0, 0, 0, 0, 0, 0, 0, 1);
	OK(0xca, 0, 0, 0, 0);
	OK(0xcb, 0, 0, 0, 0, 0, 0, 0, 0);
	OK(0xa3, 'a', 'b', 'c');
	OK(0xd9, 0x02, 'a', 'b');
	OK(0xda, 0x00, 0x01, 'a');
	OK(0xdb, 0, 0, 0, 1, 'a');
	OK(0xc4, 0x01, 0x00);
	OK(0xc5, 0x00, 0x00);
	OK(0xc6, 0, 0, 0, 0);
	OK(0x92, 0x01, 0x02);
	OK(0xdc, 0x00, 0x02, 0x01, 0x02);
	OK(0xdd, 0, 0, 0, 1, 0xc0);
	OK(0xde, 0x00, 0x01, 0xa1, 'k', 0x01);
	OK(0xdf, 0, 0, 0, 1, 0xa1, 'k', 0x90);
	/* Exactly PROTO_DEPTH_MAX levels of nesting. */
	OK(0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x90);
	OK(0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x00);
}

/* The declared-length bombs of msgpack-c issue 1013 and their variants. */
static void
test_validate_bombs(void **state)
{
	struct proto_err	err;

	(void)state;
	BAD(0xdd, 0xff, 0xff, 0xff, 0xff);
	BAD(0xdf, 0xff, 0xff, 0xff, 0xff);
	BAD(0xdd, 0x10, 0x00, 0x00, 0x00);
	BAD(0xdc, 0xff, 0xff);
	BAD(0xde, 0xff, 0xff);
	BAD(0x91, 0xdd, 0xff, 0xff, 0xff, 0xff);
	BAD(0x81, 0xa1, 't', 0xdd, 0xff, 0xff, 0xff, 0xff);
	BAD(0xdc, 0x00, 0x01, 0xdf, 0xff, 0xff, 0xff, 0xff);
	BAD(0x81, 0xa1, 'k', 0x81, 0xa1, 'k', 0xdf, 0x7f, 0xff, 0xff, 0xff);
	/* A count that fits the bytes alone but not with what is owed. */
	BAD(0x92, 0x92, 0x92, 0x92, 0xc0, 0xc0);
	BAD(0xdd, 0, 0, 0, 3, 0xdd, 0, 0, 0, 3, 0xc0, 0xc0);
	/* Strings and binaries longer than the frame. */
	BAD(0xdb, 0xff, 0xff, 0xff, 0xff, 'a');
	BAD(0xc6, 0xff, 0xff, 0xff, 0xff);
	BAD(0xa5, 'a', 'b');
	BAD(0xd9, 0x05, 'a');
}

/* Truncation, trailing bytes, reserved and extension bytes, and depth. */
static void
test_validate_shape(void **state)
{
	struct proto_err	err;

	(void)state;
	assert_int_equal(mp_validate(V(0x00), 0, PROTO_DEPTH_MAX, &err), -1);
	BAD(0x81, 0xa1, 't');
	BAD(0x82, 0xa1, 't', 0x01);
	BAD(0xcd, 0x00);
	BAD(0xcf, 0, 0, 0);
	BAD(0xdc, 0x00);
	BAD(0xdd, 0x00, 0x00);
	BAD(0xd9);
	BAD(0x80, 0x00);			/* trailing byte */
	BAD(0x01, 0x02);
	BAD(0xc1);				/* never used */
	BAD(0xd4, 0x01, 0x00);			/* fixext 1 */
	BAD(0xc7, 0x01, 0x01, 0x00);		/* ext 8 */
	BAD(0xd8, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	/* One level deeper than PROTO_DEPTH_MAX. */
	BAD(0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x90);
	BAD(0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x91, 0x00);
}

/* A tiny deterministic generator for the property test. */
static uint32_t
rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return (*s);
}

/* One header read in place: its kind, sizes and an unsigned value. */
static void
test_head_read(void **state)
{
	const struct {
		const uint8_t	*buf;
		size_t		 len;
		enum mp_kind	 kind;
		size_t		 hdr;
		uint64_t	 left, elems, u;
	} cases[] = {
		{ V(0x05), 1, MP_UINT, 1, 0, 0, 5 },
		{ V(0xcd, 0x01, 0x61), 3, MP_UINT, 1, 2, 0, 0x161 },
		{ V(0xcf, 0, 0, 0, 1, 0, 0, 0, 2), 9, MP_UINT, 1, 8, 0,
		    ((uint64_t)1 << 32) | 2 },
		{ V(0xff), 1, MP_INT, 1, 0, 0, 0 },
		{ V(0xd1, 0x80, 0x00), 3, MP_INT, 1, 2, 0, 0 },
		{ V(0xcb, 0, 0, 0, 0, 0, 0, 0, 0), 9, MP_OTHER, 1, 8, 0, 0 },
		{ V(0xc3), 1, MP_OTHER, 1, 0, 0, 0 },
		{ V(0xa2, 'h', 'i'), 3, MP_STR, 1, 2, 0, 0 },
		{ V(0xda, 0x00, 0x01, 'x'), 4, MP_STR, 3, 1, 0, 0 },
		{ V(0xc4, 0x01, 0x00), 3, MP_BIN, 2, 1, 0, 0 },
		{ V(0x92, 0xc0, 0xc0), 3, MP_ARRAY, 1, 0, 2, 0 },
		{ V(0xde, 0x00, 0x01, 0xc0, 0xc0), 5, MP_MAP, 3, 0, 2, 0 },
	};
	struct proto_err	err;
	struct mp_head		h;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(mp_head_read(cases[i].buf, cases[i].len, 0,
		    &h, &err), 0);
		assert_int_equal(h.kind, cases[i].kind);
		assert_int_equal(h.hdr, cases[i].hdr);
		assert_int_equal(h.left, cases[i].left);
		assert_int_equal(h.elems, cases[i].elems);
		assert_int_equal(h.u, cases[i].u);
	}
	/* Past the end, a payload too long, a cut header, ext, 0xc1. */
	assert_int_equal(mp_head_read(V(0xc0), 1, 1, &h, &err), -1);
	assert_int_equal(mp_head_read(V(0xa3, 'h', 'i'), 3, 0, &h, &err), -1);
	assert_int_equal(mp_head_read(V(0xcd, 0x01), 2, 0, &h, &err), -1);
	assert_int_equal(mp_head_read(V(0xdb, 0, 0), 3, 0, &h, &err), -1);
	assert_int_equal(mp_head_read(V(0xd4, 0, 0), 3, 0, &h, &err), -1);
	assert_int_equal(mp_head_read(V(0xc1), 1, 0, &h, &err), -1);
	assert_int_equal(err.code, ERR_MALFORMED);
	/* A NULL err is allowed. */
	assert_int_equal(mp_head_read(V(0xc1), 1, 0, &h, NULL), -1);
}

/*
 * Whatever the validator accepts, msgpack-c unpacks completely, and the
 * validator never reads out of bounds (ASan checks that).
 */
static void
test_validate_random(void **state)
{
	static const uint8_t	 pool[] = { 0x80, 0x81, 0x82, 0x90, 0x91, 0x92,
	    0x93, 0xa1, 0xa2, 0xc0, 0xc2, 0xc3, 0xcc, 0xcd, 0xd9, 0xdc, 0xdd,
	    0xde, 0xdf, 0x00, 0x01, 0x7f, 0xff, 0x61 };
	struct proto_err	 err;
	msgpack_unpacked	 up;
	uint8_t			*buf;
	uint32_t		 seed = 12345;
	size_t			 i, n, off, accepted = 0;
	int			 iter;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		n = 1 + rng_next(&seed) % 12;
		buf = malloc(n);
		for (i = 0; i < n; i++) {
			if (rng_next(&seed) % 4 == 0)
				buf[i] = (uint8_t)rng_next(&seed);
			else
				buf[i] = pool[rng_next(&seed) % sizeof pool];
		}
		if (mp_validate(buf, n, PROTO_DEPTH_MAX, &err) == 0) {
			accepted++;
			msgpack_unpacked_init(&up);
			off = 0;
			assert_int_equal(msgpack_unpack_next(&up,
			    (const char *)buf, n, &off),
			    MSGPACK_UNPACK_SUCCESS);
			assert_int_equal(off, n);
			msgpack_unpacked_destroy(&up);
		}
		free(buf);
	}
	assert_true(accepted > 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validate_good),
		cmocka_unit_test(test_validate_bombs),
		cmocka_unit_test(test_validate_shape),
		cmocka_unit_test(test_head_read),
		cmocka_unit_test(test_validate_random),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
