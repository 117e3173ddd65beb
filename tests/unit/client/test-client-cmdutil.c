/*
 * test-client-cmdutil.c: the space and session commands' parsing, on a
 * client with no connection: durations, invite codes, numbers, options
 * among the arguments, the two-word commands, and which session a
 * command is about. A line that parses gets as far as sending, which
 * fails with "not connected"; a line that does not is refused first,
 * saying why.
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
#include "cmdutil.h"
#include "fake-fe.h"
#include "model.h"

/* Durations: seconds, or numbers with h, m and s. */
static void
test_duration(void **state)
{
	uint32_t	s;

	(void)state;
	assert_int_equal(cmdutil_duration("90", &s), 0);
	assert_int_equal(s, 90);
	assert_int_equal(cmdutil_duration("2m", &s), 0);
	assert_int_equal(s, 120);
	assert_int_equal(cmdutil_duration("1m30s", &s), 0);
	assert_int_equal(s, 90);
	assert_int_equal(cmdutil_duration("1h2m3", &s), 0);
	assert_int_equal(s, 3723);
	assert_int_equal(cmdutil_duration("0", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(cmdutil_duration("", &s), -1);
	assert_int_equal(cmdutil_duration("m", &s), -1);
	assert_int_equal(cmdutil_duration("5d", &s), -1);
	assert_int_equal(cmdutil_duration("-5", &s), -1);
	assert_int_equal(cmdutil_duration("99999999999", &s), -1);
	assert_int_equal(cmdutil_duration("1200000h", &s), -1);
}

/* Invite codes: 20 characters of the alphabet, grouped by five or not. */
static void
test_code(void **state)
{
	(void)state;
	assert_true(cmdutil_is_code("k7mqz-2xh4p-tw9cd-r3vne"));
	assert_true(cmdutil_is_code("K7MQZ-2XH4P-TW9CD-R3VNE"));
	assert_true(cmdutil_is_code("k7mqz2xh4ptw9cdr3vne"));
	assert_false(cmdutil_is_code("think-tank"));
	assert_false(cmdutil_is_code("k7mqz-2xh4p-tw9cd"));
	assert_false(cmdutil_is_code("k7mqz-2xh4p-tw9cdr-3vne"));
	assert_false(cmdutil_is_code("k7mqz-2xh4p-tw9cd-r3vn1")); /* 1 */
	assert_false(cmdutil_is_code("k7mqz-2xh4p-tw9cd-r3vnl")); /* l */
}

/* Numbers. */
static void
test_numbers(void **state)
{
	uint64_t	v;
	uint32_t	u;

	(void)state;
	assert_int_equal(cmdutil_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(cmdutil_u64("18446744073709551616", &v), -1);
	assert_int_equal(cmdutil_u64("12a", &v), -1);
	assert_int_equal(cmdutil_u64("", &v), -1);
	assert_int_equal(cmdutil_u32("4294967296", &u), -1);
	assert_int_equal(cmdutil_u32("7", &u), 0);
	assert_int_equal(u, 7);
}

/* Run a line; return the command_error message, or "" if none. */
static const char *
run(struct client *c, const char *line)
{
	json_t		*ev;
	const char	*t;

	fake_clear(c);
	c->lineno++;
	cmd_execute(c, line, strlen(line));
	if ((ev = fake_last(c)) == NULL)
		return ("");
	t = json_string_value(json_object_get(ev, "type"));
	if (t == NULL || strcmp(t, "command_error") != 0)
		return ("");
	return (json_string_value(json_object_get(ev, "message")));
}

/* Check that a line is refused with a message containing what. */
static void
refused(struct client *c, const char *line, const char *what)
{
	const char	*msg = run(c, line);

	if (strstr(msg, what) == NULL)
		fail_msg("%s: '%s' is not about '%s'", line, msg, what);
}

/* Lines that parse: they fail only for want of a connection. */
static void
test_parsed(void **state)
{
	static const char *const lines[] = {
		"/space create tank open The think tank",
		"/space create leaders affinity Black Male Leaders -statement "
		    "\"For Black male leaders.\\nWhat is said here stays.\" "
		    "-description \"Monthly.\" -owner olive",
		"/space create plc invite -description \"Grade 4\" Math PLC",
		"/space edit tank description Who we are.\\nHow we work.",
		"/space edit tank statement",
		"/space invite tank mentor -uses 3 -ttl 48h",
		"/space invite tank -request",
		"/space join k7mqz-2xh4p-tw9cd-r3vne",
		"/space join k7mqz-2xh4p-tw9cd-r3vne tank",
		"/space join tank",
		"/space ask tank I teach grade 4",
		"/space add tank bob facilitator -mentor",
		"/space role tank bob member",
		"/space revoke tank 12",
		"/space log tank 40",
		"/space list", "/space mine", "/space members tank",
		"/SPACE   Join   tank",
		"/session create tank tuning -title \"Friday tuning\" -record "
		    "chatham -scale 50 -phase present=5m -phase "
		    "feedback=3m/30s -grace 1m -no-norms",
		"/session list tank 30", "/session info 12",
		"/session info #12",
		"/session join 12 -observer -since 40", "/join 12 -facilitator",
		"/templates", "/template tuning",
	};
	struct client	*c = fake_client(CS_READY, 0);
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		refused(c, lines[i], "not connected");
	fake_client_free(c);
}

/* Lines refused before anything is sent. */
static void
test_refused(void **state)
{
	struct client	*c = fake_client(CS_READY, 0);

	(void)state;
	refused(c, "/space", "which command?");
	refused(c, "/space frob x", "unknown command /space frob");
	refused(c, "/space join", "usage: /space join");
	refused(c, "/space join tank other", "not an invite code");
	refused(c, "/space create tank open", "usage: /space create");
	refused(c, "/space create tank open -owner bob",
	    "usage: /space create");
	refused(c, "/space create tank open T -owner", "-owner needs a value");
	refused(c, "/space create tank open T -colour red",
	    "unknown option -colour");
	refused(c, "/space edit tank colour red", "no field 'colour'");
	refused(c, "/space edit tank title", "title cannot be empty");
	refused(c, "/space invite tank -uses", "-uses needs a value");
	refused(c, "/space invite tank -uses many", "-uses takes a number");
	refused(c, "/space invite tank -ttl 3d", "-ttl takes a duration");
	refused(c, "/space invite tank -bogus", "unknown option -bogus");
	refused(c, "/space invite tank a b", "usage: /space invite");
	refused(c, "/space revoke tank x", "NUMBER is a code's number");
	refused(c, "/session create tank", "usage: /session create");
	refused(c, "/session create tank t -phase x", "ID=DURATION");
	refused(c, "/session create tank t -phase x=1y", "bad duration");
	refused(c, "/session create tank t -scale big", "percentage");
	refused(c, "/session join abc", "not a session number");
	refused(c, "/session join 0", "not a session number");
	refused(c, "/session join 5 -since x", "-since takes");
	refused(c, "/session info", "which session?");
	refused(c, "/raise", "which session?");
	refused(c, "/extend 0", "DURATION is 1 second");
	refused(c, "/reorder bob 0", "POSITION is 1 or more");
	refused(c, "/move bob sideways", "say in or out");
	refused(c, "/reply x text", "CARD is a card's number");
	refused(c, "hello", "not in a session");
	refused(c, "/window 9", "no window 9");
	refused(c, "/window close", "status window stays open");
	refused(c, "/names", "which session?");
	fake_client_free(c);
}

/* The current window decides the session; a plain line posts to it. */
static void
test_current_session(void **state)
{
	struct client	*c = fake_client(CS_READY, 0);
	struct model	*m = c->model;

	(void)state;
	model_joining(m, 12, 0, 0);
	model_joining(m, 13, 0, 0);
	model_select(m, 2);		/* #13's window */
	assert_int_equal(model_current_session(m), 13);
	refused(c, "/raise", "not connected");
	refused(c, "a plain line", "not connected");
	refused(c, "/extend 2m -turn", "not connected");
	refused(c, "/grant bob", "not connected");
	refused(c, "/note Back in five", "not connected");
	refused(c, "/names", "not in session #13");
	model_select(m, 0);		/* the status window: which? */
	refused(c, "/pass", "which session?");
	assert_string_equal(run(c, "/window 2"), "");
	assert_int_equal(model_current_session(m), 12);
	assert_string_equal(run(c, "/window next"), "");
	assert_int_equal(m->cur, 2);
	assert_string_equal(run(c, "/window close"), "");
	assert_int_equal(m->nwins, 2);
	fake_client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_parsed),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_current_session),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
