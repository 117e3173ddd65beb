/*
 * test-client-cmd.c: the command table (lookup, aliases, help made from
 * it) and running lines through it, on a client with no connection.
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
#include "fake-fe.h"
#include "xmalloc.h"

/* The command table: sorted, complete, aliases unique. */
static void
test_table(void **state)
{
	const struct cmd_entry	*ce, *other;
	size_t			 i, j;

	(void)state;
	assert_non_null(cmd_at(0));
	for (i = 0; (ce = cmd_at(i)) != NULL; i++) {
		assert_non_null(ce->name);
		assert_non_null(ce->usage);
		assert_non_null(ce->help);
		assert_non_null(ce->exec);
		assert_true(strcspn(ce->help, "\n") > 0);
		assert_true(strcspn(ce->help, "\n") <= 52);
		assert_true(ce->args_min >= 0);
		assert_true(ce->args_min <= ce->args_max);
		assert_true(ce->args_max < CMDLINE_ARGS_MAX);
		assert_true(!(ce->flags & CMD_RAWLAST) || ce->args_max >= 1);
		if (i > 0)	/* /help lists them in order */
			assert_true(strcmp(cmd_at(i - 1)->name, ce->name) < 0);
		for (j = 0; (other = cmd_at(j)) != NULL; j++) {
			if (i == j)
				continue;
			if (ce->alias != NULL) {
				assert_string_not_equal(ce->alias,
				    other->name);
				assert_true(other->alias == NULL ||
				    strcmp(ce->alias, other->alias) != 0);
			}
		}
		assert_ptr_equal(cmd_find(ce->name), ce);
	}
}

/* Commands are found by name or alias, in any case, with or without /. */
static void
test_find(void **state)
{
	(void)state;
	assert_string_equal(cmd_find("help")->name, "help");
	assert_string_equal(cmd_find("/help")->name, "help");
	assert_string_equal(cmd_find("HeLp")->name, "help");
	assert_string_equal(cmd_find("?")->name, "help");
	assert_string_equal(cmd_find("exit")->name, "quit");
	assert_string_equal(cmd_find("password")->name, "passwd");
	assert_null(cmd_find("hel"));
	assert_null(cmd_find(""));
	assert_null(cmd_find("/"));
	assert_null(cmd_find("nope"));
}

/* /help text lists every command; /help CMD shows all of one. */
static void
test_help_text(void **state)
{
	const struct cmd_entry	*ce;
	char			*all, *one, want[256];
	size_t			 i;

	(void)state;
	all = cmd_help_text(NULL);
	for (i = 0; (ce = cmd_at(i)) != NULL; i++) {
		snprintf(want, sizeof want, "/%s%s%s", ce->name,
		    *ce->usage != '\0' ? " " : "", ce->usage);
		assert_non_null(strstr(all, want));
		snprintf(want, sizeof want, "%.*s\n",
		    (int)strcspn(ce->help, "\n"), ce->help);
		assert_non_null(strstr(all, want));
		one = cmd_help_text(ce);
		snprintf(want, sizeof want, "/%s%s%s\n", ce->name,
		    *ce->usage != '\0' ? " " : "", ce->usage);
		assert_true(strncmp(one, want, strlen(want)) == 0);
		assert_non_null(strstr(one, ce->help));
		if (ce->alias != NULL) {
			snprintf(want, sizeof want, "Alias: /%s\n", ce->alias);
			assert_non_null(strstr(one, want));
		}
		free(one);
	}
	assert_non_null(strstr(all, "//"));
	free(all);
}

/* The help event carries the table as JSON. */
static void
test_help_json(void **state)
{
	json_t	*ev, *list, *one;
	size_t	 n;

	(void)state;
	ev = cmd_help_json(NULL);
	assert_string_equal(json_string_value(json_object_get(ev, "type")),
	    "help");
	list = json_object_get(ev, "commands");
	for (n = 0; cmd_at(n) != NULL; n++)
		;
	assert_int_equal(json_array_size(list), n);
	assert_true(json_is_string(json_object_get(ev, "text")));
	json_decref(ev);

	ev = cmd_help_json(cmd_find("quit"));
	list = json_object_get(ev, "commands");
	assert_int_equal(json_array_size(list), 1);
	one = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(one, "name")),
	    "quit");
	assert_string_equal(json_string_value(json_object_get(one, "alias")),
	    "exit");
	assert_string_equal(json_string_value(json_object_get(one, "usage")),
	    "[REASON]");
	assert_string_equal(json_string_value(json_object_get(one,
	    "summary")), "Say bye to the server and exit.");
	json_decref(ev);

	ev = cmd_help_json(cmd_find("ping"));
	one = json_array_get(json_object_get(ev, "commands"), 0);
	assert_true(json_is_null(json_object_get(one, "alias")));
	assert_string_equal(json_string_value(json_object_get(one, "usage")),
	    "");
	json_decref(ev);
}

/* Run line on c; expect rv and, if want is set, an event of that type. */
static json_t *
run(struct client *c, const char *line, enum cmd_retval rv,
    const char *want)
{
	fake_clear(c);
	c->lineno++;
	assert_int_equal(cmd_execute(c, line, strlen(line)), rv);
	if (want == NULL) {
		assert_int_equal(json_array_size(fake_events(c)), 0);
		return (NULL);
	}
	assert_string_equal(fake_last_type(c), want);
	return (fake_last(c));
}

/* Run line on c and expect a command_error about what. */
static void
run_bad(struct client *c, const char *line, const char *cmd,
    const char *what)
{
	json_t		*ev;
	const char	*msg;

	ev = run(c, line, CMD_ERROR, "command_error");
	msg = json_string_value(json_object_get(ev, "message"));
	if (strstr(msg, what) == NULL)
		fail_msg("%s: error '%s' is not about '%s'", line, msg, what);
	assert_int_equal(json_integer_value(json_object_get(ev, "line")),
	    c->lineno);
	if (cmd == NULL)
		assert_true(json_is_null(json_object_get(ev, "command")));
	else
		assert_string_equal(json_string_value(json_object_get(ev,
		    "command")), cmd);
	assert_true(c->refused);
	c->refused = 0;
}

/* Lines run through the table: help, refusals, usage, /quit. */
static void
test_execute(void **state)
{
	struct client	*c;
	json_t		*ev;

	(void)state;
	c = fake_client(CS_READY, 0);
	run(c, "", CMD_DONE, NULL);
	run(c, " \t ", CMD_DONE, NULL);
	ev = run(c, "/help", CMD_DONE, "help");
	assert_true(json_array_size(json_object_get(ev, "commands")) > 1);
	ev = run(c, "  /HELP   ping  ", CMD_DONE, "help");
	assert_int_equal(json_array_size(json_object_get(ev, "commands")), 1);
	run(c, "/? /send", CMD_DONE, "help");
	assert_false(c->refused);

	run_bad(c, "/help nope", "help", "no command /nope");
	run_bad(c, "/help a b c", "help", "usage: /help [COMMAND]");
	run_bad(c, "/help a b", "help", "no command /a b");
	run(c, "/help space", CMD_DONE, "help");
	run(c, "/help space join", CMD_DONE, "help");
	run_bad(c, "/nope x", NULL, "unknown command /nope");
	run_bad(c, "/", NULL, "no command after '/'");
	run_bad(c, "/\"", NULL, "not closed");
	run_bad(c, "/ping now", "ping", "usage: /ping");
	run_bad(c, "/ping \"x", "ping", "/ping: the quote at column 7 is "
	    "not closed");
	run_bad(c, "/ping \\q", "ping", "unknown escape");
	run_bad(c, "hello there", "post", "cannot post");
	run_bad(c, "//slash", "post", "cannot post");
	run_bad(c, "/logout everyone", "logout", "usage: /logout [all]");
	run_bad(c, "/passwd old", "passwd", "usage: /passwd OLD NEW");
	run_bad(c, "/passwd", "passwd", "batch mode cannot prompt");
	run_bad(c, "/passwd \"\" newpassword", "passwd", "current password: "
	    "the password is empty");
	run_bad(c, "/passwd \"old pw\" \"new pw\"", "passwd", "not connected");
	run_bad(c, "/send", "send", "usage: /send TYPE [JSON-OBJECT]");
	run_bad(c, "/send nope {}", "send", "no message type 'nope' (types: "
	    "hello, welcome");
	run_bad(c, "/send ping {\"nonce\": }", "send", "/send ping: bad JSON");
	run_bad(c, "/send ping {\"nonce\": 1} {", "send", "bad JSON");
	run_bad(c, "/send 104 {\"nonce\": 1}", "send", "/send ping: not "
	    "connected");
	run_bad(c, "/send ping", "send", "not connected");
	run_bad(c, "/ping", "ping", "not connected");
	run_bad(c, "/logout all", "logout", "not connected");

	/* Commands that need a session refuse before login. */
	c->state = CS_LOGIN;
	run_bad(c, "/ping", "ping", "not connected and logged in");
	run(c, "/help", CMD_DONE, "help");

	/* /quit ends the session, with the rest of the line as reason. */
	c->state = CS_READY;
	ev = run(c, "/quit  see you \"later\" ", CMD_DONE, "disconnected");
	assert_string_equal(json_string_value(json_object_get(ev, "reason")),
	    "see you \"later\"");
	assert_string_equal(json_string_value(json_object_get(ev, "by")),
	    "client");
	assert_int_equal(json_integer_value(json_object_get(ev, "exit")),
	    EXIT_OK);
	assert_int_equal(client_exit_code(c), EXIT_OK);
	fake_client_free(c);
}

/* A refused line makes batch mode exit 65, not line mode. */
static void
test_refused_exit(void **state)
{
	struct client	*c;
	json_t		*ev;

	(void)state;
	/* In batch mode a refused line makes the exit code 65. */
	c = fake_client(CS_READY, 0);
	run(c, "/nope", CMD_ERROR, "command_error");
	ev = run(c, "/exit", CMD_DONE, "disconnected");
	assert_int_equal(json_integer_value(json_object_get(ev, "exit")),
	    EXIT_DATAERR);
	assert_int_equal(client_exit_code(c), EXIT_DATAERR);
	fake_client_free(c);

	/* A person at a terminal just sees the error. */
	c = fake_client(CS_READY, 1);
	run(c, "/nope", CMD_ERROR, "command_error");
	run(c, "/quit", CMD_DONE, "disconnected");
	assert_int_equal(client_exit_code(c), EXIT_OK);
	fake_client_free(c);
}

/* The man page describes every command. */
static void
test_manpage(void **state)
{
	const struct cmd_entry	*ce;
	FILE			*f;
	char			*man, want[64];
	size_t			 n, i;

	(void)state;
	assert_non_null(f = fopen(RT_CLIENT_MANPAGE, "r"));
	man = xmalloc(1 << 20);
	n = fread(man, 1, (1 << 20) - 1, f);
	man[n] = '\0';
	fclose(f);
	for (i = 0; (ce = cmd_at(i)) != NULL; i++) {
		snprintf(want, sizeof want, ".It Ic /%s", ce->name);
		if (strstr(man, want) == NULL)
			fail_msg("the man page lacks /%s", ce->name);
	}
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_help_text),
		cmocka_unit_test(test_help_json),
		cmocka_unit_test(test_execute),
		cmocka_unit_test(test_refused_exit),
		cmocka_unit_test(test_manpage),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
