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
 * Read the header of the msgpack object at buf[pos] (len bytes in all)
 * into h, and check that its payload (a string's or a scalar's bytes, not
 * a container's elements) fits in what remains. Return 0, or -1 with err
 * (which may be NULL) set to ERR_MALFORMED and the reason.
 */
int
mp_head_read(const uint8_t *buf, size_t len, size_t pos, struct mp_head *h,
    struct proto_err *err)
{
	size_t		lenbytes = 0;
	uint64_t	n;
	uint8_t		b;

	if (pos >= len) {
		proto_err_set(err, ERR_MALFORMED,
		    "msgpack truncated at byte %zu", pos);
		return (-1);
	}
	b = buf[pos];
	h->kind = MP_OTHER;
	h->hdr = 1;
	h->left = 0;
	h->elems = 0;
	h->u = 0;

	if (b <= 0x7f) {
		h->kind = MP_UINT;
		h->u = b;
	} else if (b >= 0xe0) {
		h->kind = MP_INT;
	} else if (b == 0xc0 || b == 0xc2 || b == 0xc3) {
		/* nil, booleans */
	} else if (b <= 0x8f) {
		h->kind = MP_MAP;
		h->elems = (uint64_t)(b & 0x0f) * 2;
	} else if (b <= 0x9f) {
		h->kind = MP_ARRAY;
		h->elems = b & 0x0f;
	} else if (b <= 0xbf) {
		h->kind = MP_STR;
		h->left = b & 0x1f;
	} else {
		switch (b) {
		case 0xcc: case 0xcd: case 0xce: case 0xcf:
			h->kind = MP_UINT;
			h->left = 1u << (b - 0xcc);
			break;
		case 0xd0: case 0xd1: case 0xd2: case 0xd3:
			h->kind = MP_INT;
			h->left = 1u << (b - 0xd0);
			break;
		case 0xca: h->left = 4; break;
		case 0xcb: h->left = 8; break;
		case 0xc4: case 0xc5: case 0xc6:
			h->kind = MP_BIN;
			lenbytes = 1u << (b - 0xc4);
			break;
		case 0xd9: case 0xda: case 0xdb:
			h->kind = MP_STR;
			lenbytes = 1u << (b - 0xd9);
			break;
		case 0xdc: case 0xdd:
			h->kind = MP_ARRAY;
			lenbytes = 2u << (b - 0xdc);
			break;
		case 0xde: case 0xdf:
			h->kind = MP_MAP;
			lenbytes = 2u << (b - 0xde);
			break;
		case 0xc1:
			proto_err_set(err, ERR_MALFORMED,
			    "reserved msgpack byte 0xc1 at byte %zu", pos);
			return (-1);
		default:
			/* 0xc7-0xc9, 0xd4-0xd8 */
			proto_err_set(err, ERR_MALFORMED,
			    "msgpack extension type at byte %zu is not used by "
			    "this protocol", pos);
			return (-1);
		}
		if (lenbytes != 0) {
			if (len - pos - 1 < lenbytes) {
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack header truncated at byte %zu",
				    pos);
				return (-1);
			}
			h->hdr += lenbytes;
			n = mp_be(buf + pos + 1, lenbytes);
			if (h->kind == MP_ARRAY)
				h->elems = n;
			else if (h->kind == MP_MAP)
				h->elems = n * 2;
			else
				h->left = n;
		}
	}

	/* hdr <= len - pos holds here: checked above or hdr is 1. */
	if (h->left > len - pos - h->hdr) {
		proto_err_set(err, ERR_MALFORMED,
		    "msgpack value at byte %zu declares %llu bytes; only %zu "
		    "remain", pos, (unsigned long long)h->left,
		    len - pos - h->hdr);
		return (-1);
	}
	if (h->kind == MP_UINT && h->left != 0)
		h->u = mp_be(buf + pos + 1, (size_t)h->left);
	return (0);
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
	struct mp_head	 h;
	uint64_t	 rem[PROTO_DEPTH_MAX + 2];
	uint64_t	 pending = 1;
	size_t		 pos = 0;
	int		 d = 0;

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
		if (mp_head_read(buf, len, pos, &h, err) == -1)
			return (-1);
		pos += h.hdr + (size_t)h.left;

		if (h.kind == MP_ARRAY || h.kind == MP_MAP) {
			if ((unsigned int)d + 1 > maxdepth) {
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack nested deeper than %u at byte %zu",
				    maxdepth, pos - h.hdr);
				return (-1);
			}
			/* Every element owed needs at least one byte. */
			if (h.elems > len - pos ||
			    pending + h.elems > len - pos) {
				proto_err_set(err, ERR_MALFORMED,
				    "msgpack container at byte %zu declares %llu "
				    "elements; only %zu bytes remain",
				    pos - h.hdr, (unsigned long long)h.elems,
				    len - pos);
				return (-1);
			}
			pending += h.elems;
			rem[++d] = h.elems;
		}
	}
	if (pos != len) {
		proto_err_set(err, ERR_MALFORMED,
		    "%zu trailing bytes after the msgpack object", len - pos);
		return (-1);
	}
	return (0);
}
