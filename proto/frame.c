/*
 * frame.c: the 4-byte big-endian length prefix. The length is checked
 * against the limit before a single byte of the body is buffered.
 */
#include <stdint.h>

#include "rt-proto.h"

/*
 * Read the length prefix at hdr (PROTO_HDR_LEN bytes) and check it against
 * max. Return 0 and set *len, or -1 with err filled.
 */
int
proto_frame_length(const uint8_t *hdr, uint32_t max, uint32_t *len,
    struct proto_err *err)
{
	uint32_t	n;

	n = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
	    (uint32_t)hdr[2] << 8 | (uint32_t)hdr[3];
	if (n == 0) {
		proto_err_set(err, ERR_FRAME_EMPTY, "frame length is zero");
		return (-1);
	}
	if (n > max) {
		proto_err_set(err, ERR_FRAME_TOO_LARGE,
		    "frame length %u is over the limit of %u bytes", n, max);
		return (-1);
	}
	*len = n;
	return (0);
}

/* Write a length prefix for a body of len bytes at hdr. */
void
proto_frame_put_length(uint8_t *hdr, uint32_t len)
{
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}
