/*
 * test-client-msgjson.c: every message type to JSON through its schema,
 * secrets redacted; JSON back to a message for /send, and the refusals
 * of bad JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "client.h"
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
			*(uint32_t *)at = 4000000000U - (uint32_t)(seed + j);
			break;
		case PF_U64:
			/* Alternate values that fit a JSON integer and not. */
			*(uint64_t *)at = (j % 2) ? UINT64_MAX - j :
			    ((uint64_t)1 << 40) + (uint64_t)seed + j;
			break;
		case PF_I64:
			*(int64_t *)at = INT64_MIN + (int64_t)(seed + j);
			break;
		case PF_BOOL:
			*(bool *)at = true;
			break;
		case PF_STR:
			snprintf(tmp, sizeof tmp, "v%d-%zu%s", seed, j,
			    (f->flags & PFF_NAME) ? "" : " é \"q\" ✓");
			if (f->flags & PFF_LINES)
				strcat(tmp, "\nline");
			*(char **)at = xstrdup(tmp);
			break;
		case PF_STRS:
			strs = xcalloc(2, sizeof *strs);
			strs[0] = xstrdup("first");
			strs[1] = xstrdup("second é");
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

/* Check the JSON fields of a body or record against its values. */
static void
check_fields(const struct pschema *s, const void *base, json_t *obj)
{
	const struct pfield	*f;
	const char		*at, *recs;
	char			 num[24];
	char *const		*strs;
	json_t			*v;
	uint64_t		 u;
	size_t			 j, i, n;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		f = &s->fields[j];
		at = (const char *)base + f->off;
		v = json_object_get(obj, f->key);
		if (v == NULL)
			fail_msg("%s: field %s is missing", s->name, f->key);
		switch (f->type) {
		case PF_U32:
			assert_true(json_is_integer(v));
			assert_int_equal(json_integer_value(v),
			    *(const uint32_t *)at);
			break;
		case PF_U64:
			u = *(const uint64_t *)at;
			if (u <= INT64_MAX) {
				assert_true(json_is_integer(v));
				assert_true((uint64_t)json_integer_value(v) ==
				    u);
			} else {
				snprintf(num, sizeof num, "%llu",
				    (unsigned long long)u);
				assert_true(json_is_string(v));
				assert_string_equal(json_string_value(v), num);
			}
			break;
		case PF_I64:
			assert_true(json_is_integer(v));
			assert_true(json_integer_value(v) ==
			    *(const int64_t *)at);
			break;
		case PF_BOOL:
			assert_true(json_is_boolean(v));
			assert_int_equal(json_is_true(v), *(const bool *)at);
			break;
		case PF_STR:
			assert_true(json_is_string(v));
			if (f->flags & PFF_SECRET)
				assert_string_equal(json_string_value(v),
				    MSGJSON_REDACTED);
			else
				assert_string_equal(json_string_value(v),
				    *(char *const *)at);
			break;
		case PF_STRS:
			strs = *(char **const *)at;
			n = *(const size_t *)((const char *)base + f->noff);
			assert_true(json_is_array(v));
			assert_int_equal(json_array_size(v), n);
			for (i = 0; i < n; i++)
				assert_string_equal(json_string_value(
				    json_array_get(v, i)), strs[i]);
			break;
		case PF_RECS:
			recs = *(char *const *)at;
			n = *(const size_t *)((const char *)base + f->noff);
			assert_true(json_is_array(v));
			assert_int_equal(json_array_size(v), n);
			for (i = 0; i < n; i++)
				check_fields(f->sub, recs + i * f->sub->size,
				    json_array_get(v, i));
			break;
		}
	}
}

/* Put the secret values back where the JSON says <redacted>. */
static void
unredact(const struct pschema *s, const void *base, json_t *obj)
{
	const struct pfield	*f;
	const char		*at;
	size_t			 j, i, n;

	for (j = 0; s != NULL && j < s->nfields; j++) {
		f = &s->fields[j];
		at = (const char *)base + f->off;
		if (f->type == PF_STR && (f->flags & PFF_SECRET))
			json_object_set_new(obj, f->key,
			    json_string(*(char *const *)at));
		if (f->type == PF_RECS) {
			n = *(const size_t *)((const char *)base + f->noff);
			for (i = 0; i < n; i++)
				unredact(f->sub, *(char *const *)at +
				    i * f->sub->size, json_array_get(
				    json_object_get(obj, f->key), i));
		}
	}
}

/* Every message type: to JSON, checked, and back to the same frame. */
static void
test_every_type(void **state)
{
	const struct msgdef	*md;
	struct proto_msg	 m, back;
	struct pbuf		 b1, b2;
	json_t			*j;
	const char		*key;
	void			*it;
	char			*text, err[256];
	size_t			 i, k;

	(void)state;
	assert_true(proto_msgdef_count() > 0);
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		memset(&m, 0, sizeof m);
		m.type = md->type;
		m.id = 4242;
		fill(md->schema, &m.u, (int)i);

		j = msgjson_encode(&m);
		assert_string_equal(json_string_value(json_object_get(j,
		    "type")), md->name);
		assert_int_equal(json_integer_value(json_object_get(j, "t")),
		    md->type);
		assert_int_equal(json_integer_value(json_object_get(j, "id")),
		    4242);
		/* "type", "t" and "id" come first, then the schema's fields. */
		assert_int_equal(json_object_size(j), 3 + (md->schema != NULL ?
		    md->schema->nfields : 0));
		it = json_object_iter(j);
		for (k = 0; k < 3; k++) {
			key = json_object_iter_key(it);
			assert_string_equal(key, k == 0 ? "type" : k == 1 ?
			    "t" : "id");
			it = json_object_iter_next(j, it);
		}
		check_fields(md->schema, &m.u, j);

		/* Back through msgjson_decode, the way /send does it. */
		json_object_del(j, "type");
		json_object_del(j, "t");
		json_object_del(j, "id");
		unredact(md->schema, &m.u, j);
		text = json_dumps(j, JSON_COMPACT);
		if (msgjson_decode(md, text, strlen(text), &back, err,
		    sizeof err) == -1)
			fail_msg("%s: %s: %s", md->name, text, err);
		back.id = m.id;
		pbuf_init(&b1);
		pbuf_init(&b2);
		assert_int_equal(proto_encode(&m, &b1), 0);
		assert_int_equal(proto_encode(&back, &b2), 0);
		assert_int_equal(b1.len, b2.len);
		assert_memory_equal(b1.data, b2.data, b1.len);
		pbuf_free(&b1);
		pbuf_free(&b2);
		free(text);
		json_decref(j);
		proto_msg_free(&back);
		proto_msg_free(&m);
	}
}

/* An empty body: zero values, absent strings as "", secrets left out. */
static void
test_zero(void **state)
{
	struct proto_msg	 m;
	json_t			*j;
	char			*s;

	(void)state;
	memset(&m, 0, sizeof m);
	m.type = MSG_LOGIN_OK;
	j = msgjson_encode(&m);
	s = msgjson_dump(j);
	assert_string_equal(s, "{\"type\":\"login_ok\",\"t\":103,\"id\":0,"
	    "\"uid\":0,\"user\":\"\",\"admin\":false,\"token_expires\":0,"
	    "\"must_change_password\":false}");
	free(s);
	json_decref(j);

	m.type = MSG_OK;
	m.id = 7;
	j = msgjson_encode(&m);
	s = msgjson_dump(j);
	assert_string_equal(s, "{\"type\":\"ok\",\"t\":108,\"id\":7}");
	free(s);
	json_decref(j);
}

/* The token is never printed; the output is one ASCII-only line. */
static void
test_secret_and_ascii(void **state)
{
	struct proto_msg	 m;
	json_t			*j;
	char			*s;

	(void)state;
	memset(&m, 0, sizeof m);
	m.type = MSG_LOGIN_OK;
	m.id = 2;
	m.u.login_ok.uid = 9;
	m.u.login_ok.user = xstrdup("zoé");
	m.u.login_ok.token = xstrdup("s3cret-token-value");
	j = msgjson_encode(&m);
	s = msgjson_dump(j);
	assert_null(strstr(s, "s3cret"));
	assert_non_null(strstr(s, "\"token\":\"<redacted>\""));
	assert_non_null(strstr(s, "\"user\":\"zo\\u00E9\""));
	assert_null(strchr(s, '\n'));
	free(s);
	json_decref(j);
	proto_msg_free(&m);

	m.type = MSG_ERROR;
	m.u.error.code = 104;
	m.u.error.message = xstrdup("line\nbreak \x1b[31m");
	j = msgjson_encode(&m);
	s = msgjson_dump(j);
	assert_non_null(strstr(s, "line\\nbreak \\u001B[31m"));
	free(s);
	json_decref(j);
	proto_msg_free(&m);

	/* Bytes that are not UTF-8 cannot reach the JSON as they are. */
	m.type = MSG_BYE;
	m.u.bye.reason = xstrdup("bad \xff byte");
	j = msgjson_encode(&m);
	s = msgjson_dump(j);
	assert_non_null(strstr(s, "bad \\\\xff byte"));
	free(s);
	json_decref(j);
	proto_msg_free(&m);
}

/* Decode text for the named type and expect success. */
static void
decode_ok(const char *type, const char *text, struct proto_msg *m)
{
	const struct msgdef	*md;
	char			 err[256];

	assert_non_null(md = msgjson_lookup(type));
	if (msgjson_decode(md, text, strlen(text), m, err, sizeof err) == -1)
		fail_msg("%s %s: %s", type, text, err);
	assert_int_equal(m->type, md->type);
}

/* Decode text for the named type and expect an error about what. */
static void
decode_bad(const char *type, const char *text, const char *what)
{
	const struct msgdef	*md;
	struct proto_msg	 m;
	char			 err[256];

	assert_non_null(md = msgjson_lookup(type));
	err[0] = '\0';
	assert_int_equal(msgjson_decode(md, text, strlen(text), &m, err,
	    sizeof err), -1);
	if (strstr(err, what) == NULL)
		fail_msg("%s %s: error '%s' is not about '%s'", type, text, err,
		    what);
	assert_int_equal(m.type, 0);
}

/* JSON for /send becomes the message, nulls and all. */
static void
test_decode(void **state)
{
	struct proto_msg	m;

	(void)state;
	decode_ok("ping", "", &m);
	assert_true(m.u.ping.nonce == 0);
	decode_ok("ping", "  {\"nonce\": 7}  ", &m);
	assert_true(m.u.ping.nonce == 7);
	decode_ok("ping", "{\"nonce\": \"18446744073709551615\"}", &m);
	assert_true(m.u.ping.nonce == UINT64_MAX);
	decode_ok("ping", "{\"nonce\": null}", &m);
	assert_true(m.u.ping.nonce == 0);
	decode_ok("hello", "{\"version_min\": 0, \"version_max\": "
	    "4294967295, \"client\": \"t\\u00e9st\"}", &m);
	assert_int_equal(m.u.hello.version_max, UINT32_MAX);
	assert_string_equal(m.u.hello.client, "tést");
	proto_msg_free(&m);
	decode_ok("logout", "{\"all\": true}", &m);
	assert_true(m.u.logout.all);
	decode_ok("LOGIN", "{\"user\": \"a\", \"password\": \"p w\"}", &m);
	assert_string_equal(m.u.login.password, "p w");
	proto_msg_free(&m);
	decode_ok("104", "{}", &m);
	assert_int_equal(m.type, MSG_PING);
	decode_ok("ok", "{}", &m);
	/* The server judges characters and lengths, not the client. */
	decode_ok("bye", "{\"reason\": \"\\u001b[2J\"}", &m);
	assert_string_equal(m.u.bye.reason, "\x1b[2J");
	proto_msg_free(&m);
}

/* JSON that does not fit the schema is refused with a reason. */
static void
test_decode_bad(void **state)
{
	(void)state;
	decode_bad("ping", "nonce=5", "bad JSON");
	decode_bad("ping", "{} x", "bad JSON");
	decode_bad("ping", "{\"nonce\": 1, \"nonce\": 2}", "bad JSON");
	decode_bad("ping", "[1]", "JSON object");
	decode_bad("ping", "\"x\"", "JSON object");
	decode_bad("ping", "{\"nonce\": -1}", "'nonce' must be an integer");
	decode_bad("ping", "{\"nonce\": 1.5}", "'nonce' must be");
	decode_bad("ping", "{\"nonce\": \"12x\"}", "'nonce' must be");
	decode_bad("ping", "{\"nonce\": \" 1\"}", "'nonce' must be");
	decode_bad("ping", "{\"nonce\": \"-1\"}", "'nonce' must be");
	decode_bad("ping", "{\"nonce\": \"18446744073709551616\"}",
	    "'nonce' must be");
	decode_bad("ping", "{\"nonce\": 18446744073709551615}",
	    "string of digits");
	decode_bad("ping", "{\"nonce\": true}", "'nonce' must be");
	decode_bad("ping", "{\"t\": 104}", "'t' is set by the client");
	decode_bad("ping", "{\"id\": 1}", "'id' is set by the client");
	decode_bad("ping", "{\"bogus\": 1}", "no field 'bogus' in ping "
	    "(fields: nonce)");
	decode_bad("ok", "{\"x\": 1}", "fields: none");
	decode_bad("hello", "{\"version_max\": 1}", "'version_min' is "
	    "required");
	decode_bad("hello", "{\"version_min\": null, \"version_max\": 1}",
	    "'version_min' is required");
	decode_bad("hello", "{\"version_min\": 4294967296, \"version_max\": "
	    "1}", "from 0 to 4294967295");
	decode_bad("hello", "{\"version_min\": \"1\", \"version_max\": 1}",
	    "'version_min' must be");
	decode_bad("hello", "{\"version_min\": 1, \"version_max\": 1, "
	    "\"client\": 5}", "'client' must be a string");
	decode_bad("logout", "{\"all\": 1}", "'all' must be true or false");
	decode_bad("login", "{\"user\": [\"a\"]}", "'user' must be");
	decode_bad("bye", "{\"reason\": \"a\\u0000b\"}", "bad JSON");
}

/* Lists and records, if the protocol has any such field yet. */
static void
test_decode_lists(void **state)
{
	const struct msgdef	*md;
	const struct pfield	*f;
	struct proto_msg	 m;
	char			 text[512], err[256];
	size_t			 i, j;

	(void)state;
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		for (j = 0; md->schema != NULL && j < md->schema->nfields;
		    j++) {
			f = &md->schema->fields[j];
			if (f->type != PF_STRS && f->type != PF_RECS)
				continue;
			snprintf(text, sizeof text, "{\"%s\": 5}", f->key);
			assert_int_equal(msgjson_decode(md, text, strlen(text),
			    &m, err, sizeof err), -1);
			assert_non_null(strstr(err, "must be an array"));
			snprintf(text, sizeof text, "{\"%s\": [1]}", f->key);
			assert_int_equal(msgjson_decode(md, text, strlen(text),
			    &m, err, sizeof err), -1);
			snprintf(text, sizeof text, "{\"%s\": []}", f->key);
			err[0] = '\0';
			if (msgjson_decode(md, text, strlen(text), &m, err,
			    sizeof err) == 0)
				proto_msg_free(&m);
			else	/* only a missing required field may fail */
				assert_non_null(strstr(err, "required"));
		}
	}
}

/* Message types are found by name, in any case, or by number. */
static void
test_lookup(void **state)
{
	(void)state;
	assert_int_equal(msgjson_lookup("ping")->type, MSG_PING);
	assert_int_equal(msgjson_lookup("Login_OK")->type, MSG_LOGIN_OK);
	assert_int_equal(msgjson_lookup("110")->type, MSG_LOGOUT);
	assert_null(msgjson_lookup("999"));
	assert_null(msgjson_lookup("99999999999999999999"));
	assert_null(msgjson_lookup("1e3"));
	assert_null(msgjson_lookup("nope"));
	assert_null(msgjson_lookup(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_secret_and_ascii),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_bad),
		cmocka_unit_test(test_decode_lists),
		cmocka_unit_test(test_lookup),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
