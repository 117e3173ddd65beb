/*
 * fuzz-frame.c: feed bytes to the framing, validation and decoding path
 * exactly as a connection would, in both directions, and check that any
 * message that decodes also encodes and decodes again to the same frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rt-proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Decode one body in one direction and check the re-encoding. */
static void
fuzz_one(const uint8_t *body, size_t len, int dir)
{
	struct proto_msg	m, again;
	struct proto_err	err;
	struct pbuf		b1, b2;

	if (proto_decode(body, len, dir, &m, &err) == -1) {
		if (err.code == ERR_NONE)
			abort();	/* every failure has a code */
		proto_msg_free(&m);
		return;
	}
	pbuf_init(&b1);
	pbuf_init(&b2);
	if (proto_encode(&m, &b1) == -1)
		abort();
	if (proto_decode(b1.data + PROTO_HDR_LEN, b1.len - PROTO_HDR_LEN, dir,
	    &again, &err) == -1)
		abort();
	if (proto_encode(&again, &b2) == -1)
		abort();
	if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
		abort();
	proto_msg_free(&m);
	proto_msg_free(&again);
	pbuf_free(&b1);
	pbuf_free(&b2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_err	err;
	uint32_t		len;

	while (size >= PROTO_HDR_LEN) {
		if (proto_frame_length(data, PROTO_FRAME_DEFAULT, &len,
		    &err) == -1)
			return (0);
		data += PROTO_HDR_LEN;
		size -= PROTO_HDR_LEN;
		if (len > size)
			return (0);
		fuzz_one(data, len, PD_C2S);
		fuzz_one(data, len, PD_S2C);
		data += len;
		size -= len;
	}
	return (0);
}
