/*
 * test-proto-frame.c: the length prefix.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "rt-proto.h"

/* A length within the limit is returned. */
static void
test_frame_ok(void **state)
{
	uint8_t			hdr[4];
	uint32_t		len = 0;
	struct proto_err	err;

	(void)state;
	proto_frame_put_length(hdr, 300);
	assert_int_equal(hdr[0], 0);
	assert_int_equal(hdr[2], 1);
	assert_int_equal(hdr[3], 44);
	assert_int_equal(proto_frame_length(hdr, 4096, &len, &err), 0);
	assert_int_equal(len, 300);
	proto_frame_put_length(hdr, 4096);
	assert_int_equal(proto_frame_length(hdr, 4096, &len, &err), 0);
}

/* Zero and oversized lengths are refused with their codes. */
static void
test_frame_bad(void **state)
{
	uint8_t			hdr[4];
	uint32_t		len = 7;
	struct proto_err	err;

	(void)state;
	proto_frame_put_length(hdr, 0);
	assert_int_equal(proto_frame_length(hdr, 4096, &len, &err), -1);
	assert_int_equal(err.code, ERR_FRAME_EMPTY);
	proto_frame_put_length(hdr, 4097);
	assert_int_equal(proto_frame_length(hdr, 4096, &len, &err), -1);
	assert_int_equal(err.code, ERR_FRAME_TOO_LARGE);
	hdr[0] = hdr[1] = hdr[2] = hdr[3] = 0xff;
	assert_int_equal(proto_frame_length(hdr, PROTO_FRAME_CEILING, &len,
	    &err), -1);
	assert_int_equal(err.code, ERR_FRAME_TOO_LARGE);
	assert_int_equal(len, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_ok),
		cmocka_unit_test(test_frame_bad),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
