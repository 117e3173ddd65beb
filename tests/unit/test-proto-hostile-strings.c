/*
 * test-proto-hostile-strings.c: every string a client may send, found by
 * walking the schema of every client-to-server message in the protocol's
 * table (nested records and arrays of strings included), refuses terminal
 * escapes: ESC, C0 and C1 controls, bidirectional overrides and isolates,
 * and (outside multi-line text) newlines and the line separators. So does
 * every string a server may send, as the client decodes it: a hostile
 * server's escapes never reach the display. A new message or field is
 * covered without touching this test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rt-proto.h"

/* A hostile string, and whether a multi-line text field takes it. */
static const struct {
	const char	*bytes;
	const char	*what;
	int		 in_lines;
} hostile[] = {
	{ "\x1b[2J", "ESC (clear screen)", 0 },
	{ "\x1b]0;\x07", "ESC ] (set title) and BEL", 0 },
	{ "\xc2\x9b" "1m", "U+009B CSI (C1)", 0 },
	{ "\xc2\x9d", "U+009D OSC (C1)", 0 },
	{ "\xc2\x85", "U+0085 NEL (C1)", 0 },
	{ "\xe2\x80\xae" "x", "U+202E right-to-left override", 0 },
	{ "\xe2\x80\xaa", "U+202A left-to-right embedding", 0 },
	{ "\xe2\x81\xa6", "U+2066 left-to-right isolate", 0 },
	{ "\xe2\x81\xa9", "U+2069 pop directional isolate", 0 },
	{ "a\x08", "backspace", 0 },
	{ "a\r", "carriage return", 0 },
	{ "a\x7f", "DEL", 0 },
	{ "a\nb", "newline", 1 },
	{ "\xe2\x80\xa8", "U+2028 line separator", 1 },
};

/* Every sample above fits in the shortest string field (5 bytes). */
#define HOSTILE_MAX	5

/* A growing msgpack body. */
struct body {
	uint8_t	b[512];
	size_t	n;
};

/* Append bytes. */
static void
put(struct body *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof m->b);
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

/* Append one byte. */
static void
put1(struct body *m, uint8_t c)
{
	put(m, &c, 1);
}

/* Append a string (str 8 at most). */
static void
put_str(struct body *m, const char *s)
{
	size_t	n = strlen(s);

	assert_true(n < 256);
	put1(m, 0xd9);
	put1(m, (uint8_t)n);
	put(m, s, n);
}

/*
 * Append the value of field f holding s: the string itself, an array of
 * one such string, or an array of one record whose field sub holds it.
 */
static void
put_value(struct body *m, const struct pfield *f, const struct pfield *sub,
    const char *s)
{
	if (f->type == PF_STR) {
		put_str(m, s);
		return;
	}
	put1(m, 0x91);			/* an array of one */
	if (f->type == PF_STRS) {
		put_str(m, s);
		return;
	}
	put1(m, 0x81);			/* a record of one field */
	put_str(m, sub->key);
	put_str(m, s);
}

/*
 * Decode a message of type whose field f (and within it sub, for a field
 * of records) holds s; return the error code (0 if it decoded).
 */
static int
decode_with(int dir, uint16_t type, const struct pfield *f,
    const struct pfield *sub, const char *s)
{
	struct body		m = { .n = 0 };
	struct proto_msg	msg;
	struct proto_err	err;
	int			rc;

	put1(&m, 0x82);
	put_str(&m, "t");
	put1(&m, 0xcd);
	put1(&m, (uint8_t)(type >> 8));
	put1(&m, (uint8_t)type);
	put_str(&m, f->key);
	put_value(&m, f, sub, s);
	memset(&err, 0, sizeof err);
	rc = proto_decode(m.b, m.n, dir, &msg, &err);
	proto_msg_free(&msg);
	return (rc == 0 ? 0 : err.code);
}

/* Check one string field (f, or sub within f) against every sample. */
static int
check_field(int dir, const struct msgdef *md, const struct pfield *f,
    const struct pfield *sub)
{
	const struct pfield	*str = sub != NULL ? sub : f;
	size_t			 i;
	int			 code, refused;

	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		code = decode_with(dir, md->type, f, sub, hostile[i].bytes);
		refused = !(hostile[i].in_lines && (str->flags & PFF_LINES));
		/* allowed: past the character check (other errors may follow) */
		if (refused ? code != ERR_BAD_CHARS : code == ERR_BAD_CHARS)
			fail_msg("%s.%s%s%s with %s: got error %d", md->name,
			    f->key, sub ? "." : "", sub ? sub->key : "",
			    hostile[i].what, code);
	}
	return (1);
}

/* No string field is too short to hold the samples. */
static void
check_room(const struct msgdef *md, const struct pfield *f)
{
	if (f->max != 0 && f->max < HOSTILE_MAX)
		fail_msg("%s.%s holds at most %u bytes: shorten the samples",
		    md->name, f->key, f->max);
}

/* Check every string field of a schema; return how many there were. */
static int
check_schema(int dir, const struct msgdef *md, const struct pschema *s)
{
	const struct pfield	*f;
	size_t			 i, j;
	int			 n = 0;

	for (i = 0; s != NULL && i < s->nfields; i++) {
		f = &s->fields[i];
		if (f->type == PF_STR || f->type == PF_STRS) {
			check_room(md, f);
			n += check_field(dir, md, f, NULL);
		} else if (f->type == PF_RECS) {
			for (j = 0; j < f->sub->nfields; j++) {
				if (f->sub->fields[j].type != PF_STR)
					continue;
				check_room(md, &f->sub->fields[j]);
				n += check_field(dir, md, f,
				    &f->sub->fields[j]);
			}
		}
	}
	return (n);
}

/* Walk every message one side may send (dir); return the fields. */
static int
check_direction(int dir, const char *who)
{
	const struct msgdef	*md;
	size_t			 i;
	int			 msgs = 0, fields = 0;

	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (!(md->dir & dir))
			continue;
		msgs++;
		fields += check_schema(dir, md, md->schema);
	}
	print_message("%d %s messages, %d string fields checked\n", msgs, who,
	    fields);
	/* the walk found the protocol: dozens of messages and strings */
	assert_true(msgs >= 20);
	return (fields);
}

/* Every message a client may send. */
static void
test_every_client_string_refuses_escapes(void **state)
{
	(void)state;
	assert_true(check_direction(PD_C2S, "client") >= 40);
}

/* Every message a server may send, as the client decodes it. */
static void
test_every_server_string_refuses_escapes(void **state)
{
	(void)state;
	assert_true(check_direction(PD_S2C, "server") >= 40);
}

/* A plain string passes the character check of every field. */
static void
test_plain_strings_pass(void **state)
{
	const struct msgdef	*md;
	const struct pfield	*f;
	size_t			 i, j;
	int			 code;

	(void)state;
	for (i = 0; (md = proto_msgdef_at(i)) != NULL; i++) {
		if (!(md->dir & PD_C2S) || md->schema == NULL)
			continue;
		for (j = 0; j < md->schema->nfields; j++) {
			f = &md->schema->fields[j];
			if (f->type != PF_STR && f->type != PF_STRS)
				continue;
			code = decode_with(PD_C2S, md->type, f, NULL,
			    "plain-text.1");
			if (code == ERR_BAD_CHARS || code == ERR_BAD_UTF8)
				fail_msg("%s.%s refuses plain text (%d)",
				    md->name, f->key, code);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_client_string_refuses_escapes),
		cmocka_unit_test(test_every_server_string_refuses_escapes),
		cmocka_unit_test(test_plain_strings_pass),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
