/*
 * codec.c: encode, decode and free every message through its schema.
 *
 * Decoding runs three steps: mp_validate (no allocation), then
 * msgpack_unpack_next (which must consume the frame exactly), then a walk
 * of the schema that checks types, UTF-8, characters and lengths and copies
 * each field into the message struct. Callers never see a msgpack_object.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "rt-proto.h"
#include "xmalloc.h"

static int	schema_decode(const struct pschema *, const msgpack_object_map *,
		    void *, int, struct proto_err *);
static void	schema_free(const struct pschema *, void *);
static int	schema_encode(msgpack_packer *, const struct pschema *,
		    const void *, const struct proto_msg *);

/* Fill err with a code and formatted text. */
void
proto_err_set(struct proto_err *err, int code, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL)
		return;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, fmt, ap);
	va_end(ap);
}

/* Start an empty buffer. */
void
pbuf_init(struct pbuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Release a buffer's memory. */
void
pbuf_free(struct pbuf *b)
{
	free(b->data);
	pbuf_init(b);
}

/* Append n bytes to a buffer, growing it as needed. */
void
pbuf_add(struct pbuf *b, const void *p, size_t n)
{
	size_t	cap;

	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		cap = b->cap == 0 ? 256 : b->cap;
		while (cap < b->len + n)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* msgpack_packer write callback into a pbuf. */
static int
pbuf_write(void *data, const char *buf, size_t len)
{
	pbuf_add(data, buf, len);
	return (0);
}

/*
 * Return 1 if a msgpack string object equals the C string s. Stops at the
 * first difference: keys are matched against every field of a schema.
 */
static int
mp_key_is(const msgpack_object *o, const char *s)
{
	const char	*p = o->via.str.ptr;
	uint32_t	 i, n = o->via.str.size;

	if (o->type != MSGPACK_OBJECT_STR)
		return (0);
	for (i = 0; i < n; i++) {
		if (s[i] != p[i] || s[i] == '\0')
			return (0);
	}
	return (s[n] == '\0');
}

/* Return a readable name for a msgpack object's type. */
static const char *
mp_type_name(const msgpack_object *o)
{
	switch (o->type) {
	case MSGPACK_OBJECT_NIL:		return ("nil");
	case MSGPACK_OBJECT_BOOLEAN:		return ("boolean");
	case MSGPACK_OBJECT_POSITIVE_INTEGER:	return ("integer");
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:	return ("negative integer");
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:		return ("float");
	case MSGPACK_OBJECT_STR:		return ("string");
	case MSGPACK_OBJECT_ARRAY:		return ("array");
	case MSGPACK_OBJECT_MAP:		return ("map");
	case MSGPACK_OBJECT_BIN:		return ("binary");
	default:				return ("extension");
	}
}

/* Return the expected wire type of a field, for error text. */
static const char *
pf_type_name(const struct pfield *f)
{
	switch (f->type) {
	case PF_U32:
	case PF_U64:	return ("unsigned integer");
	case PF_I64:	return ("integer");
	case PF_BOOL:	return ("boolean");
	case PF_STR:	return ("string");
	case PF_STRS:	return ("array of strings");
	case PF_RECS:	return ("array of maps");
	}
	return ("?");
}

/* Check and copy one string object into a new C string. */
static int
pf_decode_str(const struct pfield *f, const msgpack_object *o, char **out,
    struct proto_err *err)
{
	const char	*p = o->via.str.ptr;
	size_t		 n = o->via.str.size;

	if (f->max != 0 && n > f->max) {
		proto_err_set(err, ERR_TOO_LONG,
		    "field '%s' is %zu bytes; the limit is %u", f->key, n,
		    f->max);
		return (-1);
	}
	if (utf8_check(p, n, f->flags, err, f->key) == -1)
		return (-1);
	if ((f->flags & PFF_NAME) && !proto_name_valid(p, n)) {
		proto_err_set(err, ERR_BAD_VALUE,
		    "field '%s' must be 1 to %d characters of letters, digits, "
		    "'.', '_' or '-', starting with a letter or digit", f->key,
		    PROTO_NAME_MAX);
		return (-1);
	}
	*out = xstrndup(p, n);
	return (0);
}

/* Decode one field's value into the body at base. */
static int
pf_decode(const struct pfield *f, const msgpack_object *o, void *base,
    int depth, struct proto_err *err)
{
	char		*at = (char *)base + f->off;
	char	       **strs;
	char		*recs;
	uint64_t	 u;
	uint32_t	 i, n;

	if (o->type == MSGPACK_OBJECT_NIL)
		return (0);	/* nil is the same as absent */

	switch (f->type) {
	case PF_U32:
	case PF_U64:
		if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
			goto badtype;
		u = o->via.u64;
		if ((f->type == PF_U32 && u > UINT32_MAX) ||
		    (f->max != 0 && u > f->max)) {
			proto_err_set(err, ERR_BAD_VALUE,
			    "field '%s' value %llu is out of range", f->key,
			    (unsigned long long)u);
			return (-1);
		}
		if (f->type == PF_U32)
			*(uint32_t *)at = (uint32_t)u;
		else
			*(uint64_t *)at = u;
		return (0);
	case PF_I64:
		if (o->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
			if (o->via.u64 > INT64_MAX) {
				proto_err_set(err, ERR_BAD_VALUE,
				    "field '%s' is out of range", f->key);
				return (-1);
			}
			*(int64_t *)at = (int64_t)o->via.u64;
		} else if (o->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
			*(int64_t *)at = o->via.i64;
		else
			goto badtype;
		return (0);
	case PF_BOOL:
		if (o->type != MSGPACK_OBJECT_BOOLEAN)
			goto badtype;
		*(bool *)at = o->via.boolean;
		return (0);
	case PF_STR:
		if (o->type != MSGPACK_OBJECT_STR)
			goto badtype;
		return (pf_decode_str(f, o, (char **)at, err));
	case PF_STRS:
	case PF_RECS:
		if (o->type != MSGPACK_OBJECT_ARRAY)
			goto badtype;
		n = o->via.array.size;
		if (n > (f->max != 0 ? f->max : PROTO_LIST_MAX)) {
			proto_err_set(err, ERR_TOO_LONG,
			    "field '%s' has %u elements; the limit is %u",
			    f->key, n, f->max != 0 ? f->max : PROTO_LIST_MAX);
			return (-1);
		}
		if (n == 0)
			return (0);
		if (f->type == PF_STRS) {
			strs = xcalloc(n, sizeof *strs);
			*(char ***)at = strs;
			for (i = 0; i < n; i++) {
				if (o->via.array.ptr[i].type !=
				    MSGPACK_OBJECT_STR)
					goto badelem;
				*(size_t *)((char *)base + f->noff) = i + 1;
				if (pf_decode_str(f, &o->via.array.ptr[i],
				    &strs[i], err) == -1)
					return (-1);
			}
		} else {
			recs = xcalloc(n, f->sub->size);
			*(void **)at = recs;
			for (i = 0; i < n; i++) {
				if (o->via.array.ptr[i].type !=
				    MSGPACK_OBJECT_MAP)
					goto badelem;
				*(size_t *)((char *)base + f->noff) = i + 1;
				if (schema_decode(f->sub,
				    &o->via.array.ptr[i].via.map,
				    recs + (size_t)i * f->sub->size, depth + 1,
				    err) == -1)
					return (-1);
			}
		}
		return (0);
	}
	proto_err_set(err, ERR_INTERNAL, "field '%s' has no decoder", f->key);
	return (-1);

badelem:
	proto_err_set(err, ERR_BAD_FIELD, "field '%s' must be an %s", f->key,
	    pf_type_name(f));
	return (-1);
badtype:
	proto_err_set(err, ERR_BAD_FIELD, "field '%s' must be of type %s, "
	    "not %s", f->key, pf_type_name(f), mp_type_name(o));
	return (-1);
}

/*
 * Decode a map into the body at base by schema. Keys "t" and "id" are
 * skipped at the top level (depth 0); unknown keys are ignored; duplicate
 * keys and missing required fields are errors.
 */
static int
schema_decode(const struct pschema *s, const msgpack_object_map *map,
    void *base, int depth, struct proto_err *err)
{
	const msgpack_object	*k;
	uint64_t		 seen = 0;
	uint32_t		 i;
	size_t			 j;

	for (i = 0; i < map->size; i++) {
		k = &map->ptr[i].key;
		if (k->type != MSGPACK_OBJECT_STR) {
			proto_err_set(err, ERR_BAD_FIELD,
			    "map keys must be strings, not %s",
			    mp_type_name(k));
			return (-1);
		}
		if (depth == 0 && (mp_key_is(k, "t") || mp_key_is(k, "id")))
			continue;
		for (j = 0; s != NULL && j < s->nfields; j++) {
			if (mp_key_is(k, s->fields[j].key))
				break;
		}
		if (s == NULL || j == s->nfields)
			continue;	/* unknown: ignore */
		if (seen & ((uint64_t)1 << j)) {
			proto_err_set(err, ERR_BAD_FIELD,
			    "field '%s' appears twice", s->fields[j].key);
			return (-1);
		}
		seen |= (uint64_t)1 << j;
		if (pf_decode(&s->fields[j], &map->ptr[i].val, base, depth,
		    err) == -1)
			return (-1);
		if (map->ptr[i].val.type == MSGPACK_OBJECT_NIL)
			seen &= ~((uint64_t)1 << j);
	}
	for (j = 0; s != NULL && j < s->nfields; j++) {
		if ((s->fields[j].flags & PFF_REQ) &&
		    !(seen & ((uint64_t)1 << j))) {
			proto_err_set(err, ERR_BAD_FIELD,
			    "required field '%s' is missing", s->fields[j].key);
			return (-1);
		}
	}
	return (0);
}

/* Read the reserved top-level keys "t" and "id", rejecting duplicates. */
static int
proto_decode_header(const msgpack_object_map *map, struct proto_msg *m,
    uint64_t *type, struct proto_err *err)
{
	const msgpack_object	*k, *v;
	int			 have_t = 0, have_id = 0;
	uint32_t		 i;

	for (i = 0; i < map->size; i++) {
		k = &map->ptr[i].key;
		v = &map->ptr[i].val;
		if (mp_key_is(k, "t")) {
			if (have_t++) {
				proto_err_set(err, ERR_BAD_FIELD,
				    "field 't' appears twice");
				return (-1);
			}
			if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
				proto_err_set(err, ERR_UNKNOWN_TYPE,
				    "field 't' must be an unsigned integer, "
				    "not %s", mp_type_name(v));
				return (-1);
			}
			*type = v->via.u64;
		} else if (mp_key_is(k, "id")) {
			if (have_id++) {
				proto_err_set(err, ERR_BAD_FIELD,
				    "field 'id' appears twice");
				return (-1);
			}
			if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
			    v->via.u64 > UINT32_MAX) {
				proto_err_set(err, ERR_BAD_FIELD,
				    "field 'id' must be an unsigned 32-bit "
				    "integer");
				return (-1);
			}
			m->id = (uint32_t)v->via.u64;
		}
	}
	if (!have_t) {
		proto_err_set(err, ERR_UNKNOWN_TYPE,
		    "message has no type field 't'");
		return (-1);
	}
	return (0);
}

/*
 * Decode one frame body (len bytes, without the length prefix) sent in
 * direction dir (PD_C2S or PD_S2C). On success return 0 with m filled; the
 * caller frees it with proto_msg_free. On failure return -1 with err set;
 * m is left empty except for type and id where they could be read, so an
 * error reply can name the request.
 */
int
proto_decode(const uint8_t *buf, size_t len, int dir, struct proto_msg *m,
    struct proto_err *err)
{
	const struct msgdef	*md;
	msgpack_unpacked	 up;
	msgpack_unpack_return	 rv;
	size_t			 off = 0;
	uint64_t		 type = 0;
	uint32_t		 id;
	int			 rc = -1;

	memset(m, 0, sizeof *m);
	if (mp_validate(buf, len, PROTO_DEPTH_MAX, err) == -1)
		return (-1);

	msgpack_unpacked_init(&up);
	rv = msgpack_unpack_next(&up, (const char *)buf, len, &off);
	if (rv != MSGPACK_UNPACK_SUCCESS || off != len) {
		proto_err_set(err, ERR_MALFORMED,
		    "msgpack could not be unpacked (%d, %zu of %zu bytes)",
		    (int)rv, off, len);
		goto out;
	}
	if (up.data.type != MSGPACK_OBJECT_MAP) {
		proto_err_set(err, ERR_NOT_A_MAP,
		    "frame body must be a map, not %s", mp_type_name(&up.data));
		goto out;
	}
	if (proto_decode_header(&up.data.via.map, m, &type, err) == -1)
		goto out;
	if (type > MSG_TYPE_MAX || (md = proto_msgdef((unsigned int)type)) ==
	    NULL || !(md->dir & dir)) {
		proto_err_set(err, ERR_UNKNOWN_TYPE,
		    "unknown message type %llu", (unsigned long long)type);
		goto out;
	}
	m->type = md->type;
	if (schema_decode(md->schema, &up.data.via.map, &m->u, 0, err) == -1) {
		id = m->id;
		proto_msg_free(m);
		m->type = md->type;
		m->id = id;
		goto out;
	}
	rc = 0;
out:
	msgpack_unpacked_destroy(&up);
	return (rc);
}

/* Free the fields of one body or record. */
static void
schema_free(const struct pschema *s, void *base)
{
	const struct pfield	*f;
	char			*at, **strs, *recs;
	size_t			 j, i, n;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		f = &s->fields[j];
		at = (char *)base + f->off;
		switch (f->type) {
		case PF_STR:
			if (*(char **)at != NULL && (f->flags & PFF_SECRET))
				freezero(*(char **)at, strlen(*(char **)at));
			else
				free(*(char **)at);
			*(char **)at = NULL;
			break;
		case PF_STRS:
			strs = *(char ***)at;
			n = *(size_t *)((char *)base + f->noff);
			for (i = 0; strs != NULL && i < n; i++)
				free(strs[i]);
			free(strs);
			*(char ***)at = NULL;
			*(size_t *)((char *)base + f->noff) = 0;
			break;
		case PF_RECS:
			recs = *(void **)at;
			n = *(size_t *)((char *)base + f->noff);
			for (i = 0; recs != NULL && i < n; i++)
				schema_free(f->sub, recs + i * f->sub->size);
			free(recs);
			*(void **)at = NULL;
			*(size_t *)((char *)base + f->noff) = 0;
			break;
		default:
			break;
		}
	}
}

/* Free what a message owns and clear it. */
void
proto_msg_free(struct proto_msg *m)
{
	const struct msgdef	*md;

	if ((md = proto_msgdef(m->type)) != NULL)
		schema_free(md->schema, &m->u);
	memset(m, 0, sizeof *m);
}

/*
 * Return 1 if a field is to be encoded: required fields always are, others
 * only when they hold something other than zero, false, NULL or empty.
 */
static int
pf_present(const struct pfield *f, const void *base)
{
	const char	*at = (const char *)base + f->off;

	if (f->flags & PFF_REQ)
		return (1);
	switch (f->type) {
	case PF_U32:	return (*(const uint32_t *)at != 0);
	case PF_U64:	return (*(const uint64_t *)at != 0);
	case PF_I64:	return (*(const int64_t *)at != 0);
	case PF_BOOL:	return (*(const bool *)at);
	case PF_STR:	return (*(char *const *)at != NULL);
	case PF_STRS:
	case PF_RECS:
		return (*(const size_t *)((const char *)base + f->noff) != 0);
	}
	return (0);
}

/* Pack one field's value. */
static void
pf_encode(msgpack_packer *pk, const struct pfield *f, const void *base)
{
	const char	*at = (const char *)base + f->off;
	const char	*s, *recs;
	char *const	*strs;
	size_t		 i, n;

	switch (f->type) {
	case PF_U32:
		msgpack_pack_uint32(pk, *(const uint32_t *)at);
		break;
	case PF_U64:
		msgpack_pack_uint64(pk, *(const uint64_t *)at);
		break;
	case PF_I64:
		msgpack_pack_int64(pk, *(const int64_t *)at);
		break;
	case PF_BOOL:
		if (*(const bool *)at)
			msgpack_pack_true(pk);
		else
			msgpack_pack_false(pk);
		break;
	case PF_STR:
		if ((s = *(char *const *)at) == NULL)
			s = "";
		msgpack_pack_str_with_body(pk, s, strlen(s));
		break;
	case PF_STRS:
		strs = *(char **const *)at;
		n = *(const size_t *)((const char *)base + f->noff);
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			msgpack_pack_str_with_body(pk, strs[i],
			    strlen(strs[i]));
		break;
	case PF_RECS:
		recs = *(char *const *)at;
		n = *(const size_t *)((const char *)base + f->noff);
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			schema_encode(pk, f->sub, recs + i * f->sub->size,
			    NULL);
		break;
	}
}

/* Pack a body or record as a map; m is set only at the top level. */
static int
schema_encode(msgpack_packer *pk, const struct pschema *s, const void *base,
    const struct proto_msg *m)
{
	size_t	j, n = 0;

	for (j = 0; s != NULL && j < s->nfields; j++)
		n += pf_present(&s->fields[j], base);
	if (m != NULL) {
		n += 1 + (m->id != 0);
		msgpack_pack_map(pk, n);
		msgpack_pack_str_with_body(pk, "t", 1);
		msgpack_pack_uint16(pk, m->type);
		if (m->id != 0) {
			msgpack_pack_str_with_body(pk, "id", 2);
			msgpack_pack_uint32(pk, m->id);
		}
	} else
		msgpack_pack_map(pk, n);
	for (j = 0; s != NULL && j < s->nfields; j++) {
		if (!pf_present(&s->fields[j], base))
			continue;
		msgpack_pack_str_with_body(pk, s->fields[j].key,
		    strlen(s->fields[j].key));
		pf_encode(pk, &s->fields[j], base);
	}
	return (0);
}

/*
 * Append one frame (length prefix and body) for m to out. Return 0, or -1
 * if the type is unknown or the body would exceed PROTO_FRAME_CEILING; out
 * is then unchanged.
 */
int
proto_encode(const struct proto_msg *m, struct pbuf *out)
{
	const struct msgdef	*md;
	msgpack_packer		 pk;
	size_t			 start = out->len, body;
	uint8_t			 hdr[PROTO_HDR_LEN] = { 0 };

	if ((md = proto_msgdef(m->type)) == NULL)
		return (-1);
	pbuf_add(out, hdr, sizeof hdr);
	msgpack_packer_init(&pk, out, pbuf_write);
	schema_encode(&pk, md->schema, &m->u, m);
	body = out->len - start - PROTO_HDR_LEN;
	if (body > PROTO_FRAME_CEILING) {
		out->len = start;
		return (-1);
	}
	proto_frame_put_length(out->data + start, (uint32_t)body);
	return (0);
}
