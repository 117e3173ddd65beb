/*
 * test-engine-template.c: the template parser and the template set:
 * every error names its file and line; continuation lines; the built-in
 * set; a conf dir overriding and adding by name.
 */
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine.h"

#define HEAD	"[protocol]\ntitle = T\n"

/* Parse text; return the template or NULL, with the error in err. */
static struct engine_template *
parse(const char *text, char *err, size_t errlen)
{
	return (engine_template_parse(text, strlen(text), "t", "t.conf", err,
	    errlen));
}

/* Parsing text must fail with exactly this message. */
static void
expect_error(const char *text, const char *want)
{
	struct engine_template	*t;
	char			 err[512];

	t = parse(text, err, sizeof err);
	if (t != NULL) {
		engine_template_free(t);
		fail_msg("parsed, wanted: %s", want);
	}
	if (strcmp(err, want) != 0)
		fail_msg("got '%s', wanted '%s'", err, want);
}

/* A good template with every kind of key parses to what it says. */
static void
test_parse_good(void **state)
{
	struct engine_template	*t;
	char			 err[512];
	const char		*text =
	    "; a comment\n"
	    "# another\n"
	    "[protocol]\n"
	    "title = Sample\n"
	    "norms = First norm.\n"
	    "\tSecond norm.\n"
	    "facilitator = speaks\n"
	    "min_members = 2\n"
	    "max_members = 8\n"
	    "\n"
	    "[phase talk]\n"
	    "title = Talk\n"
	    "floor = go-around\n"
	    "turn = 1m30s\n"
	    "duration = 1h\n"
	    "pass = revisit\n"
	    "start = rotate\n"
	    "done = no\n"
	    "presenter = silent\n"
	    "prompt = A long prompt\n"
	    "   that goes on\n"
	    "   and on.\n"
	    "[phase piece]\n"
	    "title = Piece\n"
	    "floor = talking-piece\n"
	    "rounds = 3\n"
	    "summary = 2m\n"
	    "keeper = presenter\n"
	    "rotate = block-a\n"
	    "[phase q]\n"
	    "title = Q\n"
	    "floor = progressive\n"
	    "grant = facilitator\n"
	    "advance = facilitator\n"
	    "[phase bowl]\n"
	    "title = Bowl\n"
	    "floor = fishbowl\n"
	    "fishbowl = closed\n"
	    "seats = 4\n"
	    "duration = 0\n"
	    "advance = facilitator\n";

	(void)state;
	t = parse(text, err, sizeof err);
	if (t == NULL)
		fail_msg("%s", err);
	assert_string_equal(t->name, "t");
	assert_string_equal(t->title, "Sample");
	assert_string_equal(t->norms, "First norm.\nSecond norm.");
	assert_true(t->facilitator_speaks);
	assert_int_equal(t->min_members, 2);
	assert_int_equal(t->max_members, 8);
	assert_int_equal(t->nphases, 4);
	assert_string_equal(t->phases[0].id, "talk");
	assert_int_equal(t->phases[0].floor, ENGINE_FLOOR_GO_AROUND);
	assert_int_equal(t->phases[0].turn_ms, 90000);
	assert_int_equal(t->phases[0].duration_ms, 3600000);
	assert_int_equal(t->phases[0].pass, ENGINE_PASS_REVISIT);
	assert_int_equal(t->phases[0].start, ENGINE_START_ROTATE);
	assert_false(t->phases[0].early_done);
	assert_true(t->phases[0].presenter_silent);
	assert_string_equal(t->phases[0].prompt,
	    "A long prompt that goes on and on.");
	assert_int_equal(t->phases[0].line, 11);
	assert_int_equal(t->phases[1].rounds, 3);
	assert_true(t->phases[1].summary);
	assert_int_equal(t->phases[1].summary_ms, 120000);
	assert_int_equal(t->phases[1].keeper, ENGINE_KEEPER_PRESENTER);
	assert_string_equal(t->phases[1].rotate, "block-a");
	assert_int_equal(t->phases[1].pass, ENGINE_PASS_YES);
	assert_false(t->phases[2].auto_grant);
	assert_int_equal(t->phases[2].advance, ENGINE_ADVANCE_FACILITATOR);
	assert_true(t->phases[3].closed);
	assert_int_equal(t->phases[3].seats, 4);
	assert_int_equal(t->phases[3].duration_ms, 0);
	engine_template_free(t);
}

/* Each error names the line it is on. */
static void
test_parse_errors(void **state)
{
	char	longline[300];

	(void)state;
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = presenterr\n"
	    "duration = 1m\n",
	    "t.conf:5: unknown floor 'presenterr' (see docs/TEMPLATES.md: "
	    "presenter, group, questions, go-around, talking-piece, open, "
	    "queue, progressive, facilitator, silent, board, fishbowl)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 5 minutes\n",
	    "t.conf:6: bad duration '5 minutes' for 'duration' (like 90s, 5m, "
	    "1m30s or 0, at most 7 days)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\nduration = 5\n",
	    "t.conf:6: bad duration '5' for 'duration' (like 90s, 5m, 1m30s "
	    "or 0, at most 7 days)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 30s5m\n",
	    "t.conf:6: bad duration '30s5m' for 'duration' (like 90s, 5m, "
	    "1m30s or 0, at most 7 days)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 8d\n",
	    "t.conf:6: bad duration '8d' for 'duration' (like 90s, 5m, 1m30s "
	    "or 0, at most 7 days)");
	expect_error("\n[protocol]\nsummary = S\n[phase a]\ntitle = A\n"
	    "floor = open\nduration = 1m\n",
	    "t.conf:2: [protocol] has no title");
	expect_error(HEAD "[phase a]\nfloor = open\nduration = 1m\n",
	    "t.conf:3: phase 'a' has no title");
	expect_error(HEAD "[phase a]\ntitle = A\nduration = 1m\n",
	    "t.conf:3: phase 'a' has no floor");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 1m\n[phase a]\ntitle = B\n",
	    "t.conf:7: duplicate phase 'a' (first on line 3)");
	memset(longline, 'x', sizeof longline);
	memcpy(longline, HEAD "summary = ", strlen(HEAD "summary = "));
	longline[250] = '\n';
	longline[251] = '\0';
	expect_error(longline, "t.conf:3: line is longer than 196 bytes "
	    "(continue long values on indented lines)");
	expect_error(HEAD "colour = red\n",
	    "t.conf:3: unknown key 'colour' in [protocol]");
	expect_error(HEAD "[stage a]\n",
	    "t.conf:3: unknown section [stage a] (expected [protocol] or "
	    "[phase NAME])");
	expect_error(HEAD "[phase Big]\n",
	    "t.conf:3: bad phase name 'Big' (lower-case letters, digits and "
	    "'-', at most 32)");
	expect_error(HEAD "[phase a\n",
	    "t.conf:3: section header has no ']'");
	expect_error(HEAD "title = U\n",
	    "t.conf:3: 'title' is set twice (first on line 2)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\nduration = 1m\n"
	    "turn = 30s\n",
	    "t.conf:7: 'turn' does not apply to open phases");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = queue\n"
	    "duration = 1m\npass = revisit\n",
	    "t.conf:7: 'pass = revisit' needs a go-around phase");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n",
	    "t.conf:3: phase 'a' has no duration and never ends by itself: "
	    "give it a duration or 'advance = facilitator'");
	expect_error(HEAD,
	    "t.conf:2: no [phase NAME] sections");
	expect_error("[phase a]\ntitle = A\n",
	    "t.conf:1: [protocol] must come first");
	expect_error("title = A\n",
	    "t.conf:1: 'title' is outside any section");
	expect_error(HEAD "just words\n",
	    "t.conf:3: syntax error (expected 'key = value', '[section]' or "
	    "a comment)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\nduration = 1m\n"
	    "advance = later\n",
	    "t.conf:7: bad value 'later' for 'advance' (auto or facilitator)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = go-around\n"
	    "pass = maybe\n",
	    "t.conf:6: bad value 'maybe' for 'pass' (no, yes or revisit)");
	expect_error(HEAD "min_members = lots\n[phase a]\n",
	    "t.conf:3: bad number 'lots' for 'min_members' (0 to 1024)");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = fishbowl\n"
	    "duration = 1m\nseats = 1\n",
	    "t.conf:7: a fishbowl needs at least 2 seats");
	expect_error(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 1m\nrotate = x\n[phase b]\ntitle = B\nfloor = open\n"
	    "duration = 1m\n[phase c]\ntitle = C\nfloor = open\n"
	    "duration = 1m\nrotate = x\n",
	    "t.conf:16: rotation block 'x' is not contiguous");
	expect_error(HEAD "[phase a]\ntitle = A\n  continued\nfloor = open\n",
	    "t.conf:5: 'title' takes one line; this indented line continues "
	    "it");
	expect_error(HEAD "min_members = 3\nmax_members = 2\n[phase a]\n"
	    "title = A\nfloor = open\nduration = 1m\n",
	    "t.conf:4: max_members is below min_members");
	expect_error(HEAD "[protocol]\n",
	    "t.conf:3: [protocol] appears twice (first on line 1)");
}

/* Text with a NUL byte, and a bad template name, are refused. */
static void
test_parse_odd(void **state)
{
	struct engine_template	*t;
	char			 err[512];
	const char		 text[] = HEAD "summary = a\0b\n";

	(void)state;
	t = engine_template_parse(text, sizeof text - 1, "t", "t.conf", err,
	    sizeof err);
	assert_null(t);
	assert_string_equal(err, "t.conf:3: NUL byte in line");
	t = engine_template_parse(HEAD, strlen(HEAD), "Bad Name", "x.conf",
	    err, sizeof err);
	assert_null(t);
	assert_non_null(strstr(err, "bad template name"));
	/* CRLF line ends and a byte order mark are fine. */
	t = parse("\xef\xbb\xbf[protocol]\r\ntitle = W\r\n[phase a]\r\n"
	    "title = A\r\nfloor = open\r\nduration = 2m\r\n", err, sizeof err);
	if (t == NULL)
		fail_msg("%s", err);
	assert_string_equal(t->title, "W");
	assert_int_equal(t->phases[0].duration_ms, 120000);
	engine_template_free(t);
}

/* The built-in set parses, lists by name, and finds each template. */
static void
test_builtins(void **state)
{
	struct engine_templates		*set;
	const struct engine_template	*t;
	char				 err[512];
	size_t				 i;

	(void)state;
	set = engine_templates_new();
	assert_true(engine_templates_count(set) >= 13);
	for (i = 0; i < engine_templates_count(set); i++) {
		t = engine_templates_at(set, i);
		assert_ptr_equal(engine_templates_find(set, t->name), t);
		assert_non_null(t->source);
		assert_non_null(strstr(t->origin, "built-in:"));
	}
	assert_null(engine_templates_at(set, i));
	assert_null(engine_templates_find(set, "nope"));
	t = engine_templates_find(set, "consultancy");
	assert_string_equal(t->title, "Consultancy");
	assert_int_equal(t->nphases, 6);
	engine_templates_free(set);
	assert_int_equal(engine_templates_check(NULL, err, sizeof err), 0);
}

/* Write a file into a directory. */
static void
put(const char *dir, const char *name, const char *text)
{
	char	path[512];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* Remove a directory's files and the directory. */
static void
cleanup(const char *dir, const char *const *names, size_t n)
{
	char	path[512];
	size_t	i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* A conf dir overrides and adds by name; a bad file names file and line. */
static void
test_conf_dir(void **state)
{
	static const char *const names[] = { "consultancy.conf",
	    "mine.conf", "README", "broken.conf" };
	struct engine_templates		*set;
	const struct engine_template	*t;
	char				 dir[] = "/tmp/rt-engine-XXXXXX";
	char				 err[512], want[600];
	size_t				 n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "consultancy.conf", "[protocol]\ntitle = Short "
	    "Consultancy\n[phase talk]\ntitle = Talk\nfloor = open\n"
	    "duration = 5s\n");
	put(dir, "mine.conf", "[protocol]\ntitle = Mine\n[phase a]\n"
	    "title = A\nfloor = silent\nduration = 1m\n");
	put(dir, "README", "not a template");
	set = engine_templates_new();
	n = engine_templates_count(set);
	assert_int_equal(engine_templates_load_dir(set, dir, err, sizeof err),
	    0);
	assert_int_equal(engine_templates_count(set), n + 1);
	t = engine_templates_find(set, "consultancy");
	assert_string_equal(t->title, "Short Consultancy");
	assert_int_equal(t->phases[0].duration_ms, 5000);
	assert_non_null(engine_templates_find(set, "mine"));
	assert_int_equal(engine_templates_check(dir, err, sizeof err), 0);

	/* One bad file: nothing changes, and the error names it. */
	put(dir, "broken.conf", "[protocol]\ntitle = B\n[phase a]\n"
	    "title = A\nfloor = nope\n");
	assert_int_equal(engine_templates_load_dir(set, dir, err, sizeof err),
	    -1);
	snprintf(want, sizeof want, "%s/broken.conf:5: unknown floor", dir);
	assert_memory_equal(err, want, strlen(want));
	assert_int_equal(engine_templates_check(dir, err, sizeof err), -1);
	assert_memory_equal(err, want, strlen(want));
	assert_int_equal(engine_templates_count(set), n + 1);
	engine_templates_free(set);
	assert_int_equal(engine_templates_check("/nonexistent/dir", err,
	    sizeof err), -1);
	cleanup(dir, names, 4);
}

/* Session options are checked against the template. */
static void
test_opts(void **state)
{
	struct engine_templates		*set;
	struct engine_session		*s;
	struct engine_opts		 o;
	struct engine_phase_opt		 po[1];
	struct engine_view		 v;
	char				 err[256];

	(void)state;
	set = engine_templates_new();
	engine_opts_init(&o);
	assert_int_equal(o.nwarn, 2);
	assert_int_equal(o.warn_ms[0], 60000);
	assert_int_equal(o.warn_ms[1], 10000);
	assert_int_equal(o.grace_ms, 30000);
	po[0].phase = "nope";
	po[0].duration_ms = 1000;
	po[0].turn_ms = -1;
	o.phases = po;
	o.nphases = 1;
	s = engine_new(engine_templates_find(set, "consultancy"), &o, 0, err,
	    sizeof err);
	assert_null(s);
	assert_string_equal(err, "template 'consultancy' has no phase 'nope'");
	po[0].phase = "debrief";
	po[0].duration_ms = 0;
	s = engine_new(engine_templates_find(set, "consultancy"), &o, 0, err,
	    sizeof err);
	assert_null(s);
	assert_string_equal(err, "phase 'debrief' would never end without a "
	    "duration");
	po[0].duration_ms = 7000;
	o.time_scale_pct = 10;
	s = engine_new(engine_templates_find(set, "consultancy"), &o, 0, err,
	    sizeof err);
	assert_non_null(s);
	assert_int_equal(engine_template(s)->phases[0].duration_ms, 60000);
	assert_int_equal(engine_template(s)->phases[5].duration_ms, 7000);
	engine_view(s, 0, &v);
	assert_int_equal(v.status, ENGINE_LOBBY);
	assert_int_equal(v.phase, -1);
	assert_int_equal(v.nphases, 6);
	engine_free(s);
	o.time_scale_pct = 5000;
	assert_null(engine_new(engine_templates_find(set, "consultancy"), &o,
	    0, err, sizeof err));
	engine_opts_init(&o);
	o.warn_ms[0] = 0;
	assert_null(engine_new(engine_templates_find(set, "consultancy"), &o,
	    0, err, sizeof err));
	engine_templates_free(set);
}

/* Names of floors, reasons and effects are stable. */
static void
test_names(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i < ENGINE_FLOOR_COUNT; i++)
		assert_int_equal(engine_floor_byname(engine_floor_name(i)), i);
	assert_int_equal(engine_floor_byname("nope"), -1);
	assert_string_equal(engine_floor_name(ENGINE_FLOOR_GO_AROUND),
	    "go-around");
	assert_string_equal(engine_reason_name(ENGINE_R_PRESENTER_SILENT),
	    "presenter-silent");
	for (i = 0; i < ENGINE_R_COUNT; i++)
		assert_string_not_equal(engine_reason_name(i), "unknown");
	for (i = 0; i < ENGINE_FX_COUNT; i++)
		assert_string_not_equal(engine_fx_name(i), "unknown");
	for (i = 0; i < ENGINE_IN_COUNT; i++)
		assert_string_not_equal(engine_input_name(i), "unknown");
	assert_string_equal(engine_reason_name(-1), "unknown");
	assert_string_equal(engine_input_name(ENGINE_IN_COUNT), "unknown");
}

/* Run the tests. */
/* A protocol's warnings: a list longest first, or none; errors at line. */
static void
test_warnings(void **state)
{
	struct engine_template	*t;
	char			 err[512], buf[64];

	(void)state;
	t = parse(HEAD "warnings = 2m, 30s,5s\n[phase a]\ntitle = A\n"
	    "floor = open\nduration = 5m\n", err, sizeof err);
	assert_non_null(t);
	assert_true(t->warn_set);
	assert_int_equal(t->nwarn, 3);
	assert_int_equal(t->warn_ms[0], 120000);
	assert_int_equal(t->warn_ms[1], 30000);
	assert_int_equal(t->warn_ms[2], 5000);
	assert_string_equal(engine_warnings_fmt(t, buf, sizeof buf),
	    "2m, 30s, 5s");
	engine_template_free(t);
	t = parse(HEAD "warnings = none\n[phase a]\ntitle = A\n"
	    "floor = open\nduration = 5m\n", err, sizeof err);
	assert_non_null(t);
	assert_true(t->warn_set);
	assert_int_equal(t->nwarn, 0);
	assert_string_equal(engine_warnings_fmt(t, buf, sizeof buf), "none");
	engine_template_free(t);
	t = parse(HEAD "[phase a]\ntitle = A\nfloor = open\n"
	    "duration = 5m\n", err, sizeof err);
	assert_non_null(t);
	assert_false(t->warn_set);
	assert_null(engine_warnings_fmt(t, buf, sizeof buf));
	engine_template_free(t);
	expect_error(HEAD "warnings = 10s, 1m\n",
	    "t.conf:3: warning '1m' is not shorter than the one before it: "
	    "list the longest first");
	expect_error(HEAD "warnings = 4m, 3m, 2m, 1m, 30s\n",
	    "t.conf:3: more than 4 warnings");
	expect_error(HEAD "warnings = 1m, 0\n",
	    "t.conf:3: bad warning '0' (durations like 1m or 10s, longest "
	    "first, or none)");
	expect_error(HEAD "warnings = 1m,\n",
	    "t.conf:3: bad warning '' (durations like 1m or 10s, longest "
	    "first, or none)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_odd),
		cmocka_unit_test(test_builtins),
		cmocka_unit_test(test_conf_dir),
		cmocka_unit_test(test_opts),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_warnings),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
