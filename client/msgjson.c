/*
 * msgjson.c: protocol messages as JSON objects, by walking their schemas.
 *
 * Encoding gives every message the same shape, which batch mode prints:
 *	{"type":"welcome","t":101,"id":1,"version":1,"server":"...",...}
 * "type" is the message name, "t" its number, "id" the request id (0 for
 * an event), then every field of the schema in schema order: integers and
 * booleans as JSON numbers and booleans, strings as strings, absent
 * strings as "", lists as arrays and records as objects. A u64 above
 * 2^63-1 does not fit a JSON integer here and is written as a string of
 * decimal digits. Secret fields (passwords, the resume token) are never
 * written: one that is set appears as "<redacted>", one that is not is
 * left out.
 *
 * Decoding turns a JSON object typed by a user into a message body for
 * /send: keys are the schema's field names, values must have the field's
 * JSON type and fit its range, null means the zero value, and required
 * fields must be present. What a string may hold (length, characters) is
 * left to the server to judge, so that scripts can test its checks.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "xmalloc.h"

static json_t	*msgjson_schema(const struct pschema *, const void *,
		    json_t *);
static int	 msgjson_body(const struct pschema *, json_t *, void *,
		    int, char *, size_t);

/*
 * Return a JSON string for s (NULL reads as ""); bytes that are not UTF-8
 * become \xNN, so that any text can go into an event.
 */
json_t *
msgjson_text(const char *s)
{
	json_t	*j;
	char	*safe;

	if (s == NULL)
		s = "";
	if ((j = json_string(s)) != NULL)
		return (j);
	safe = sanitize_str(s, SAN_NEWLINE | SAN_TAB);
	j = json_string(safe);
	free(safe);
	return (j);
}

/* Return a JSON value for a u64: a number if it fits, else a string. */
static json_t *
msgjson_u64(uint64_t v)
{
	char	buf[24];

	if (v <= INT64_MAX)
		return (json_integer((json_int_t)v));
	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return (json_string(buf));
}

/* Return the JSON value of one field of the body at base, or NULL to omit. */
static json_t *
msgjson_field(const struct pfield *f, const void *base)
{
	const char	*at = (const char *)base + f->off;
	char *const	*strs;
	const char	*recs;
	json_t		*a;
	size_t		 i, n;

	switch (f->type) {
	case PF_U32:
		return (json_integer(*(const uint32_t *)at));
	case PF_U64:
		return (msgjson_u64(*(const uint64_t *)at));
	case PF_I64:
		return (json_integer(*(const int64_t *)at));
	case PF_BOOL:
		return (json_boolean(*(const bool *)at));
	case PF_STR:
		if (f->flags & PFF_SECRET) {
			if (*(char *const *)at == NULL ||
			    **(char *const *)at == '\0')
				return (NULL);
			return (json_string(MSGJSON_REDACTED));
		}
		return (msgjson_text(*(char *const *)at));
	case PF_STRS:
		strs = *(char **const *)at;
		n = *(const size_t *)((const char *)base + f->noff);
		a = json_array();
		for (i = 0; i < n; i++) {
			if (f->flags & PFF_SECRET)
				json_array_append_new(a,
				    json_string(MSGJSON_REDACTED));
			else
				json_array_append_new(a,
				    msgjson_text(strs[i]));
		}
		return (a);
	case PF_RECS:
		recs = *(char *const *)at;
		n = *(const size_t *)((const char *)base + f->noff);
		a = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(a, msgjson_schema(f->sub,
			    recs + i * f->sub->size, json_object()));
		return (a);
	}
	return (NULL);
}

/* Add every field of the body at base to obj; return obj. */
static json_t *
msgjson_schema(const struct pschema *s, const void *base, json_t *obj)
{
	json_t	*v;
	size_t	 j;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		if ((v = msgjson_field(&s->fields[j], base)) != NULL)
			json_object_set_new(obj, s->fields[j].key, v);
	}
	return (obj);
}

/* Return a new JSON object for a message, in the batch output shape. */
json_t *
msgjson_encode(const struct proto_msg *m)
{
	const struct msgdef	*md;
	json_t			*obj;

	obj = json_object();
	md = proto_msgdef(m->type);
	json_object_set_new(obj, "type", json_string(md != NULL ? md->name :
	    "unknown"));
	json_object_set_new(obj, "t", json_integer(m->type));
	json_object_set_new(obj, "id", json_integer(m->id));
	if (md != NULL)
		msgjson_schema(md->schema, &m->u, obj);
	return (obj);
}

/* Return the JSON type a field takes, for error messages. */
static const char *
msgjson_want(const struct pfield *f)
{
	switch (f->type) {
	case PF_U32:	return ("an integer from 0 to 4294967295");
	case PF_U64:	return ("an integer from 0 to 18446744073709551615");
	case PF_I64:	return ("an integer");
	case PF_BOOL:	return ("true or false");
	case PF_STR:	return ("a string");
	case PF_STRS:	return ("an array of strings");
	case PF_RECS:	return ("an array of objects");
	}
	return ("?");
}

/* Read a u64 from a JSON integer or a string of decimal digits. */
static int
msgjson_get_u64(const json_t *v, uint64_t *out)
{
	const char		*s;
	char			*end;
	unsigned long long	 u;

	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return (-1);
		*out = (uint64_t)json_integer_value(v);
		return (0);
	}
	if (!json_is_string(v))
		return (-1);
	s = json_string_value(v);
	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	u = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return (-1);
	*out = u;
	return (0);
}

/* Set one field of the body at base from a JSON value. */
static int
msgjson_set(const struct pfield *f, json_t *v, void *base, int depth,
    char *err, size_t errlen)
{
	char		*at = (char *)base + f->off;
	char		**strs, *recs;
	uint64_t	 u;
	size_t		 i, n;

	switch (f->type) {
	case PF_U32:
		if (msgjson_get_u64(v, &u) == -1 || json_is_string(v) ||
		    u > UINT32_MAX)
			goto bad;
		*(uint32_t *)at = (uint32_t)u;
		return (0);
	case PF_U64:
		if (msgjson_get_u64(v, &u) == -1)
			goto bad;
		*(uint64_t *)at = u;
		return (0);
	case PF_I64:
		if (!json_is_integer(v))
			goto bad;
		*(int64_t *)at = json_integer_value(v);
		return (0);
	case PF_BOOL:
		if (!json_is_boolean(v))
			goto bad;
		*(bool *)at = json_is_true(v);
		return (0);
	case PF_STR:
		if (!json_is_string(v))
			goto bad;
		*(char **)at = xstrndup(json_string_value(v),
		    json_string_length(v));
		return (0);
	case PF_STRS:
		if (!json_is_array(v))
			goto bad;
		if ((n = json_array_size(v)) == 0)
			return (0);
		for (i = 0; i < n; i++) {
			if (!json_is_string(json_array_get(v, i)))
				goto bad;
		}
		strs = xcalloc(n, sizeof *strs);
		for (i = 0; i < n; i++)
			strs[i] = xstrdup(json_string_value(json_array_get(v,
			    i)));
		*(char ***)at = strs;
		*(size_t *)((char *)base + f->noff) = n;
		return (0);
	case PF_RECS:
		if (!json_is_array(v))
			goto bad;
		if ((n = json_array_size(v)) == 0)
			return (0);
		for (i = 0; i < n; i++) {
			if (!json_is_object(json_array_get(v, i)))
				goto bad;
		}
		recs = xcalloc(n, f->sub->size);
		*(void **)at = recs;
		for (i = 0; i < n; i++) {
			*(size_t *)((char *)base + f->noff) = i + 1;
			if (msgjson_body(f->sub, json_array_get(v, i),
			    recs + i * f->sub->size, depth + 1, err,
			    errlen) == -1)
				return (-1);
		}
		return (0);
	}
bad:
	snprintf(err, errlen, "field '%s' must be %s", f->key,
	    msgjson_want(f));
	return (-1);
}

/* List the field names of a schema, for error messages. */
static void
msgjson_fields(const struct pschema *s, char *buf, size_t len)
{
	size_t	j, o = 0;

	buf[0] = '\0';
	for (j = 0; s != NULL && j < s->nfields && o < len; j++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", j ? ", " : "",
		    s->fields[j].key);
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
}

/* Fill the body at base from a JSON object by schema s. */
static int
msgjson_body(const struct pschema *s, json_t *obj, void *base, int depth,
    char *err, size_t errlen)
{
	const char	*key;
	json_t		*v;
	char		 names[256];
	size_t		 j;

	json_object_foreach(obj, key, v) {
		if (depth == 0 && (strcmp(key, "t") == 0 ||
		    strcmp(key, "id") == 0)) {
			snprintf(err, errlen, "'%s' is set by the client, not "
			    "in the JSON object", key);
			return (-1);
		}
		for (j = 0; s != NULL && j < s->nfields; j++) {
			if (strcmp(key, s->fields[j].key) == 0)
				break;
		}
		if (s == NULL || j == s->nfields) {
			msgjson_fields(s, names, sizeof names);
			snprintf(err, errlen, "no field '%s' in %s (fields: "
			    "%s)", key, s != NULL ? s->name : "this message",
			    names);
			return (-1);
		}
		if (json_is_null(v))
			continue;
		if (msgjson_set(&s->fields[j], v, base, depth, err,
		    errlen) == -1)
			return (-1);
	}
	for (j = 0; s != NULL && j < s->nfields; j++) {
		v = json_object_get(obj, s->fields[j].key);
		if ((s->fields[j].flags & PFF_REQ) &&
		    (v == NULL || json_is_null(v))) {
			snprintf(err, errlen, "field '%s' is required",
			    s->fields[j].key);
			return (-1);
		}
	}
	return (0);
}

/*
 * Fill m with a message of type md from the JSON object in the len bytes
 * at text (no text at all is an empty object). Return 0, or -1 with err
 * filled and m empty.
 */
int
msgjson_decode(const struct msgdef *md, const char *text, size_t len,
    struct proto_msg *m, char *err, size_t errlen)
{
	json_error_t	 je;
	json_t		*obj;
	int		 rv;

	memset(m, 0, sizeof *m);
	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	if (len == 0)
		obj = json_object();
	else if ((obj = json_loadb(text, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, &je)) == NULL) {
		snprintf(err, errlen, "bad JSON at column %d: %s%s", je.column,
		    je.text, strncmp(je.text, "too big integer", 15) == 0 ?
		    " (write a u64 above 2^63-1 as a string of digits)" : "");
		return (-1);
	}
	if (!json_is_object(obj)) {
		snprintf(err, errlen, "the fields must be a JSON object, "
		    "like {\"key\": value}");
		json_decref(obj);
		return (-1);
	}
	m->type = md->type;
	rv = msgjson_body(md->schema, obj, &m->u, 0, err, errlen);
	json_decref(obj);
	if (rv == -1)
		proto_msg_free(m);
	return (rv);
}

/* Find a message type by name (any case) or by number; NULL if none. */
const struct msgdef *
msgjson_lookup(const char *s)
{
	const struct msgdef	*md;
	char			*end;
	unsigned long		 n;
	size_t			 i;

	if (isdigit((unsigned char)*s)) {
		errno = 0;
		n = strtoul(s, &end, 10);
		if (errno != 0 || *end != '\0' || n > MSG_TYPE_MAX)
			return (NULL);
		return (proto_msgdef((unsigned int)n));
	}
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (strcasecmp(md->name, s) == 0)
			return (md);
	}
	return (NULL);
}

/* Return one compact, ASCII-only line of JSON (no newline); free() it. */
char *
msgjson_dump(const json_t *j)
{
	char	*s;

	if ((s = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER)) == NULL)
		return (xstrdup("{}"));
	return (s);
}
