/*
 * test-proto-codec.c: a round trip of every message type through its
 * schema, and the decoder's refusals of badly typed frames.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <msgpack.h>

#include "rt-proto.h"
#include "xmalloc.h"

/* Fill every field of a body or record with a distinct sample value. */
static void
fill(const struct pschema *s, void *base, int seed)
{
	const struct pfield	*f;
	char			*at, **strs, *recs, tmp[64];
	size_t			 j, i;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		f = &s->fields[j];
		at = (char *)base + f->off;
		switch (f->type) {
		case PF_U32:
			*(uint32_t *)at = 1000 + (uint32_t)(seed + j);
			if (f->max != 0 && *(uint32_t *)at > f->max)
				*(uint32_t *)at = f->max;
			break;
		case PF_U64:
			*(uint64_t *)at = ((uint64_t)1 << 40) + seed + j;
			break;
		case PF_I64:
			*(int64_t *)at = -5 - (int64_t)(seed + j);
			break;
		case PF_BOOL:
			*(bool *)at = true;
			break;
		case PF_STR:
			snprintf(tmp, sizeof tmp, "n%d-%zu%s", seed, j,
			    (f->flags & PFF_NAME) ? "" : " é ✓");
			if (f->flags & PFF_LINES)
				strcat(tmp, "\nline");
			*(char **)at = xstrdup(tmp);
			break;
		case PF_STRS:
			strs = xcalloc(2, sizeof *strs);
			strs[0] = xstrdup("first");
			strs[1] = xstrdup("second");
			*(char ***)at = strs;
			*(size_t *)((char *)base + f->noff) = 2;
			break;
		case PF_RECS:
			recs = xcalloc(2, f->sub->size);
			for (i = 0; i < 2; i++)
				fill(f->sub, recs + i * f->sub->size,
				    seed * 10 + (int)i);
			*(void **)at = recs;
			*(size_t *)((char *)base + f->noff) = 2;
			break;
		}
	}
}

/* Assert that two bodies or records hold the same values. */
static void
same(const struct pschema *s, const void *a, const void *b)
{
	const struct pfield	*f;
	const char		*pa, *pb;
	size_t			 j, i, n;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		f = &s->fields[j];
		pa = (const char *)a + f->off;
		pb = (const char *)b + f->off;
		switch (f->type) {
		case PF_U32:
			assert_int_equal(*(const uint32_t *)pa,
			    *(const uint32_t *)pb);
			break;
		case PF_U64:
			assert_true(*(const uint64_t *)pa ==
			    *(const uint64_t *)pb);
			break;
		case PF_I64:
			assert_true(*(const int64_t *)pa ==
			    *(const int64_t *)pb);
			break;
		case PF_BOOL:
			assert_int_equal(*(const bool *)pa, *(const bool *)pb);
			break;
		case PF_STR:
			assert_string_equal(*(char *const *)pa,
			    *(char *const *)pb);
			break;
		case PF_STRS:
			n = *(const size_t *)((const char *)a + f->noff);
			assert_int_equal(n,
			    *(const size_t *)((const char *)b + f->noff));
			for (i = 0; i < n; i++)
				assert_string_equal((*(char **const *)pa)[i],
				    (*(char **const *)pb)[i]);
			break;
		case PF_RECS:
			n = *(const size_t *)((const char *)a + f->noff);
			assert_int_equal(n,
			    *(const size_t *)((const char *)b + f->noff));
			for (i = 0; i < n; i++)
				same(f->sub, *(char *const *)pa +
				    i * f->sub->size, *(char *const *)pb +
				    i * f->sub->size);
			break;
		}
	}
}

/* Every message type survives encode and decode unchanged. */
static void
test_codec_roundtrip_all(void **state)
{
	const struct msgdef	*md;
	struct proto_msg	 in, out;
	struct proto_err	 err;
	struct pbuf		 b;
	uint32_t		 len;
	size_t			 i;

	(void)state;
	assert_true(proto_msgdef_count() > 0);
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		memset(&in, 0, sizeof in);
		in.type = md->type;
		in.id = 77 + (uint32_t)i;
		fill(md->schema, &in.u, (int)i);
		pbuf_init(&b);
		assert_int_equal(proto_encode(&in, &b), 0);
		assert_int_equal(proto_frame_length(b.data, PROTO_FRAME_CEILING,
		    &len, &err), 0);
		assert_int_equal(len + PROTO_HDR_LEN, b.len);
		assert_int_equal(proto_decode(b.data + PROTO_HDR_LEN, len,
		    md->dir, &out, &err), 0);
		assert_int_equal(out.type, in.type);
		assert_int_equal(out.id, in.id);
		same(md->schema, &in.u, &out.u);
		proto_msg_free(&in);
		proto_msg_free(&out);
		pbuf_free(&b);
	}
}

/* The table is sorted within blocks, names are unique, lookups agree. */
static void
test_codec_table(void **state)
{
	const struct msgdef	*md, *prev = NULL;
	size_t			 i, j;

	(void)state;
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		assert_ptr_equal(proto_msgdef(md->type), md);
		assert_ptr_equal(proto_msgdef_byname(md->name), md);
		if (prev != NULL)
			assert_true(prev->type < md->type);
		assert_true(md->dir != 0);
		if (md->dir & PD_C2S)
			assert_true(md->states != 0);
		for (j = 0; md->schema != NULL && j < md->schema->nfields; j++)
			assert_true(md->schema->nfields <= PROTO_FIELDS_MAX);
		prev = md;
	}
	assert_null(proto_msgdef(0));
	assert_null(proto_msgdef(199));
	assert_null(proto_msgdef(100000));
	assert_string_equal(proto_err_name(ERR_FRAME_TOO_LARGE),
	    "frame-too-large");
	assert_int_equal(proto_err_byname("too-far-behind"), ERR_BEHIND);
}

/* A packer writing into a msgpack_sbuffer, for hand-built frames. */
struct frame {
	msgpack_sbuffer	sb;
	msgpack_packer	pk;
};

static void
frame_start(struct frame *f)
{
	msgpack_sbuffer_init(&f->sb);
	msgpack_packer_init(&f->pk, &f->sb, msgpack_sbuffer_write);
}

static void
pk_str(struct frame *f, const char *s)
{
	msgpack_pack_str_with_body(&f->pk, s, strlen(s));
}

/* Decode a hand-built frame in a direction; return the error code. */
static int
decode_code(struct frame *f, int dir)
{
	struct proto_msg	m;
	struct proto_err	err;
	int			rc;

	memset(&err, 0, sizeof err);
	rc = proto_decode((const uint8_t *)f->sb.data, f->sb.size, dir, &m,
	    &err);
	proto_msg_free(&m);
	msgpack_sbuffer_destroy(&f->sb);
	return (rc == 0 ? 0 : err.code);
}

/* Refusals: not a map, unknown or missing type, wrong direction. */
static void
test_codec_refuse_shape(void **state)
{
	struct frame	f;

	(void)state;
	frame_start(&f);
	msgpack_pack_array(&f.pk, 1);
	msgpack_pack_uint32(&f.pk, MSG_PING);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_NOT_A_MAP);

	frame_start(&f);
	pk_str(&f, "hello");
	assert_int_equal(decode_code(&f, PD_C2S), ERR_NOT_A_MAP);

	frame_start(&f);
	msgpack_pack_map(&f.pk, 1);
	pk_str(&f, "id");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_UNKNOWN_TYPE);

	frame_start(&f);
	msgpack_pack_map(&f.pk, 1);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, 4242);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_UNKNOWN_TYPE);

	frame_start(&f);
	msgpack_pack_map(&f.pk, 1);
	pk_str(&f, "t");
	pk_str(&f, "ping");
	assert_int_equal(decode_code(&f, PD_C2S), ERR_UNKNOWN_TYPE);

	/* WELCOME is sent by servers only. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 2);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_WELCOME);
	pk_str(&f, "version");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_UNKNOWN_TYPE);

	/* Duplicate reserved and ordinary keys. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 2);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_PING);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_PING);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);

	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_PING);
	pk_str(&f, "nonce");
	msgpack_pack_uint32(&f.pk, 1);
	pk_str(&f, "nonce");
	msgpack_pack_uint32(&f.pk, 2);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);

	/* Non-string key. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 2);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_PING);
	msgpack_pack_uint32(&f.pk, 9);
	msgpack_pack_uint32(&f.pk, 9);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);

	/* Trailing bytes after the map. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 1);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_PING);
	msgpack_pack_nil(&f.pk);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_MALFORMED);
}

/* Build a LOGIN with one field replaced by a callback's value. */
static void
login_with(struct frame *f, const char *user, size_t userlen)
{
	frame_start(f);
	msgpack_pack_map(&f->pk, 3);
	pk_str(f, "t");
	msgpack_pack_uint32(&f->pk, MSG_LOGIN);
	pk_str(f, "user");
	msgpack_pack_str_with_body(&f->pk, user, userlen);
	pk_str(f, "password");
	pk_str(f, "secret");
}

/* Refusals of field values: types, UTF-8, characters, lengths, names. */
static void
test_codec_refuse_fields(void **state)
{
	struct frame		 f;
	struct proto_msg	 m;
	struct proto_err	 err;
	char			 big[PROTO_NAME_MAX + 2];
	int			 rc;

	(void)state;
	/* Wrong type. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	pk_str(&f, "1");
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);

	/* Missing required field. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 2);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);

	/* Negative where unsigned is needed; out of 32-bit range. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_int32(&f.pk, -1);
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);
	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_uint64(&f.pk, (uint64_t)1 << 33);
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_VALUE);

	/* Invalid UTF-8, overlong and surrogate forms. */
	login_with(&f, "ab\xff", 3);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_UTF8);
	login_with(&f, "\xc0\xaf", 2);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_UTF8);
	login_with(&f, "\xed\xa0\x80", 3);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_UTF8);

	/* Control characters: escape, NUL, C1. */
	login_with(&f, "a\x1b[2J", 5);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_CHARS);
	login_with(&f, "a\0b", 3);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_CHARS);
	login_with(&f, "a\xc2\x9b", 3);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_CHARS);

	/* Too long, and not a name. */
	memset(big, 'a', sizeof big);
	login_with(&f, big, sizeof big);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_TOO_LONG);
	login_with(&f, "-lead", 5);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_VALUE);
	login_with(&f, "has space", 9);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_VALUE);
	login_with(&f, "", 0);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_VALUE);

	/* A good one decodes, and its type and id survive a failure. */
	login_with(&f, "ada.l", 5);
	rc = proto_decode((const uint8_t *)f.sb.data, f.sb.size, PD_C2S, &m,
	    &err);
	assert_int_equal(rc, 0);
	assert_string_equal(m.u.login.user, "ada.l");
	assert_string_equal(m.u.login.password, "secret");
	assert_null(m.u.login.token);
	proto_msg_free(&m);
	msgpack_sbuffer_destroy(&f.sb);

	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "id");
	msgpack_pack_uint32(&f.pk, 99);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_LOGIN);
	pk_str(&f, "user");
	msgpack_pack_true(&f.pk);
	rc = proto_decode((const uint8_t *)f.sb.data, f.sb.size, PD_C2S, &m,
	    &err);
	assert_int_equal(rc, -1);
	assert_int_equal(m.type, MSG_LOGIN);
	assert_int_equal(m.id, 99);
	assert_non_null(strstr(err.text, "user"));
	proto_msg_free(&m);
	msgpack_sbuffer_destroy(&f.sb);
}

/* Unknown fields are ignored and nil counts as absent. */
static void
test_codec_lenient(void **state)
{
	struct frame		 f;
	struct proto_msg	 m;
	struct proto_err	 err;

	(void)state;
	frame_start(&f);
	msgpack_pack_map(&f.pk, 5);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_uint32(&f.pk, 1);
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 3);
	pk_str(&f, "future_field");
	msgpack_pack_array(&f.pk, 2);
	msgpack_pack_float(&f.pk, 1.5f);
	msgpack_pack_nil(&f.pk);
	pk_str(&f, "client");
	msgpack_pack_nil(&f.pk);
	assert_int_equal(proto_decode((const uint8_t *)f.sb.data, f.sb.size,
	    PD_C2S, &m, &err), 0);
	assert_int_equal(m.u.hello.version_max, 3);
	assert_null(m.u.hello.client);
	proto_msg_free(&m);
	msgpack_sbuffer_destroy(&f.sb);

	/* A required field sent as nil is missing. */
	frame_start(&f);
	msgpack_pack_map(&f.pk, 3);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_nil(&f.pk);
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 3);
	assert_int_equal(decode_code(&f, PD_C2S), ERR_BAD_FIELD);
}

/* A key matches a field only when every byte does, the length included. */
static void
test_codec_key_exact(void **state)
{
	struct frame		 f;
	struct proto_msg	 m;
	struct proto_err	 err;

	(void)state;
	frame_start(&f);
	msgpack_pack_map(&f.pk, 6);
	pk_str(&f, "t");
	msgpack_pack_uint32(&f.pk, MSG_HELLO);
	pk_str(&f, "version_min");
	msgpack_pack_uint32(&f.pk, 1);
	pk_str(&f, "version_max");
	msgpack_pack_uint32(&f.pk, 2);
	pk_str(&f, "version_ma");		/* a prefix */
	msgpack_pack_uint32(&f.pk, 7);
	pk_str(&f, "version_maxx");		/* longer */
	msgpack_pack_uint32(&f.pk, 8);
	msgpack_pack_str_with_body(&f.pk, "version_max\0", 12);
	msgpack_pack_uint32(&f.pk, 9);
	assert_int_equal(proto_decode((const uint8_t *)f.sb.data, f.sb.size,
	    PD_C2S, &m, &err), 0);
	assert_int_equal(m.u.hello.version_min, 1);
	assert_int_equal(m.u.hello.version_max, 2);
	proto_msg_free(&m);
	msgpack_sbuffer_destroy(&f.sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_roundtrip_all),
		cmocka_unit_test(test_codec_table),
		cmocka_unit_test(test_codec_refuse_shape),
		cmocka_unit_test(test_codec_refuse_fields),
		cmocka_unit_test(test_codec_lenient),
		cmocka_unit_test(test_codec_key_exact),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
