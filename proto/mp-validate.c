/*
 * mp-validate.c: walk a msgpack frame's headers without allocating.
 *
 * msgpack-c allocates room for a declared array or map before it reads any
 * element, so `dd ff ff ff ff` would make it try ~96 GiB (msgpack-c issue
 * 1013). This walk runs first. It bounds the nesting depth, and it checks
 * that every declared length fits in the bytes that remain, counting all
 * the elements still owed at every level together, so nested headers
 * cannot multiply a small frame into a large allocation. A frame that
 * passes holds at most one object per byte, which bounds what msgpack-c
 * then allocates to a small multiple of the frame size.
 */
#include <stddef.h>
#include <stdint.h>

#include "rt-proto.h"

/* Read a big-endian unsigned integer of n bytes. */
static uint64_t
mp_be(const uint8_t *p, size_t n)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return (v);
}

/*
 * Check that buf (len bytes) holds exactly one well-formed msgpack object
 * nested no deeper than maxdepth containers. Return 0, or -1 with err set
 * to ERR_MALFORMED and the reason.
 */
int
mp_validate(const uint8_t *buf, size_t len, unsigned int maxdepth,
    struct proto_err *err)
{
	uint64_t	 rem[PROTO_DEPTH_MAX + 2];
	uint64_t	 pending = 1, elems, left;
	size_t		 pos = 0, hdr, lenbytes;
	int		 d = 0;
	uint8_t		 b;

	if (maxdepth > PROTO_DEPTH_MAX)
		maxdepth = PROTO_DEPTH_MAX;
	rem[0] = 1;
	while (d >= 0) {
		if (rem[d] == 0) {
			d--;
			continue;
		}
		rem[d]--;
		pending--;
		if (pos >= len) {
			proto_err_set(err, ERR_MALFORMED,
			    "msgpack truncated at byte %zu", pos);
			return (-1);
		}
		b = buf[pos];
		elems = 0;
		hdr = 1;
		lenbytes = 0;
		left = 0;	/* payload bytes after the header */

		if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 ||
		    b == 0xc3) {
			/* fixint, nil, booleans */
		} else if (b >= 0x80 && b <= 0x8f) {
			elems = (uint64_t)(b & 0x0f) * 2;
		} else if (b >= 0x90 && b <= 0x9f) {
			elems = b & 0x0f;
		} else if (b >= 0xa0 && b <= 0xbf) {
			left = b & 0x1f;
		} else {
			switch (b) {
			case 0xcc: case 0xd0: left = 1; break;
			case 0xcd: case 0xd1: left = 2; break;
			case 0xca: case 0xce: case 0xd2: left = 4; break;
			case 0xcb: case 0xcf: case 0xd3: left = 8; break;
			case 0xc4: case 0xd9: lenbytes = 1; break;
			case 0xc5: case 0xda: lenbytes = 2; break;
			case 0xc6: case 0xdb: lenbytes = 4; break;
			case 0xdc: case 0xde: lenbytes = 2; break;
			case 0xdd: case 0xdf: lenbytes = 4; break;
			case 0xc1:
				proto_err_set(err, ERR_MALFORMED,
				    "reserved msgpack byte 0xc1 at byte %zu",
				    pos);
				return (-1);
			default:
				/* 0xc7-0xc9, 0xd4-0xd8 */
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack extension type at byte %zu is not "
				    "used by this protocol", pos);
				return (-1);
			}
			if (lenbytes != 0) {
				if (len - pos - 1 < lenbytes) {
					proto_err_set(err, ERR_MALFORMED,
					    "msgpack header truncated at byte "
					    "%zu", pos);
					return (-1);
				}
				hdr += lenbytes;
				if (b >= 0xdc && b <= 0xdd)
					elems = mp_be(buf + pos + 1, lenbytes);
				else if (b >= 0xde)
					elems = mp_be(buf + pos + 1,
					    lenbytes) * 2;
				else
					left = mp_be(buf + pos + 1, lenbytes);
			}
		}

		/* hdr <= len - pos holds here: checked above or hdr is 1. */
		if (left > len - pos - hdr) {
			proto_err_set(err, ERR_MALFORMED,
			    "msgpack value at byte %zu declares %llu bytes; "
			    "only %zu remain", pos, (unsigned long long)left,
			    len - pos - hdr);
			return (-1);
		}
		pos += hdr + (size_t)left;

		if ((b >= 0x80 && b <= 0x9f) || (b >= 0xdc && b <= 0xdf)) {
			if ((unsigned int)d + 1 > maxdepth) {
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack nested deeper than %u at byte %zu",
				    maxdepth, pos - hdr);
				return (-1);
			}
			/* Every element owed needs at least one byte. */
			if (elems > len - pos || pending + elems > len - pos) {
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack container at byte %zu declares %llu "
				    "elements; only %zu bytes remain",
				    pos - hdr, (unsigned long long)elems,
				    len - pos);
				return (-1);
			}
			pending += elems;
			rem[++d] = elems;
		}
	}
	if (pos != len) {
		proto_err_set(err, ERR_MALFORMED,
		    "%zu trailing bytes after the msgpack object", len - pos);
		return (-1);
	}
	return (0);
}
