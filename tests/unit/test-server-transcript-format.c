/*
 * test-server-transcript-format.c: the export writers and the words of a
 * transcript (transcript-format.c, transcript-text.c): Markdown escaping,
 * HTML escaping and well-formed documents around hostile text, JSON
 * strings and JSON Lines that parse, plain text, the sentences made from
 * an entry's fields, the Chatham House prompt, times and word counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "engine.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

static const char hostile[] = "<script>alert('x')</script> & \"q\" "
    "# h *b* _i_ [l](u) | p ~s~ `c` \\ e\n1. n\n- m\n    code\n+ p\n= q";

/* Return a buffer's contents as a string (and keep the buffer). */
static const char *
str(struct pbuf *b)
{
	pbuf_add(b, "", 1);
	b->len--;
	return ((const char *)b->data);
}

/* Markdown: punctuation escaped; line starts that would mean something. */
static void
test_md_escape(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain words.", "plain words." },
		{ "*bold* _it_", "\\*bold\\* \\_it\\_" },
		{ "# heading", "\\# heading" },
		{ "<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>" },
		{ "[a](b) `c` | ~d~", "\\[a\\](b) \\`c\\` \\| \\~d\\~" },
		{ "back\\slash", "back\\\\slash" },
		{ "1. one", "1\\. one" },
		{ "12) two", "12\\) two" },
		{ "- item", "\\- item" },
		{ "+ item", "\\+ item" },
		{ "===", "\\===" },
		{ "  x", "&#32;&#32;x" },
		{ "\tx", "&#9;x" },
		{ "a\nb", "a\\\nb" },
		{ "a\n- b", "a\\\n\\- b" },
		{ "x - y. 3. z", "x - y. 3. z" },
		{ "", "" },
	};
	struct pbuf	b;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pbuf_init(&b);
		tx_md_escape(&b, cases[i].in);
		assert_string_equal(str(&b), cases[i].out);
		pbuf_free(&b);
	}
}

/* HTML: the five special characters. */
static void
test_html_escape(void **state)
{
	struct pbuf	b;

	(void)state;
	pbuf_init(&b);
	tx_html_escape(&b, "<a href=\"x\">'&'</a>");
	assert_string_equal(str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;"
	    "&#39;&lt;/a&gt;");
	pbuf_free(&b);
}

/* JSON strings: quotes, backslashes and controls; UTF-8 as it is. */
static void
test_json_string(void **state)
{
	struct pbuf	 b;
	json_t		*j;
	json_error_t	 e;

	(void)state;
	pbuf_init(&b);
	tx_json_string(&b, "a\"b\\c\nd\te\001f café");
	assert_string_equal(str(&b), "\"a\\\"b\\\\c\\nd\\te\\u0001f café\"");
	j = json_loads(str(&b), JSON_DECODE_ANY, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(j), "a\"b\\c\nd\te\001f café");
	json_decref(j);
	pbuf_free(&b);
}

/* A small world: three people, a template, events to write. */
struct world {
	struct tx_names			 tn;
	struct engine_template		 tpl;
	struct engine_phase_def		 phases[2];
	struct tx_header		 h;
	struct tx_report		 r;
};

/* Set up the world; under the Chatham House rule with chatham. */
static void
world_init(struct world *w, bool chatham)
{
	uint8_t	key[STORE_ALIAS_KEY];

	memset(w, 0, sizeof *w);
	tx_names_init(&w->tn, NULL, chatham);
	tx_names_add(&w->tn, 1, "ada");
	tx_names_add(&w->tn, 2, "bob");
	memset(key, 3, sizeof key);
	tx_names_alias(&w->tn, key);
	w->phases[0].id = "talk";
	w->phases[0].title = "Presenter <talk>";
	w->phases[0].prompt = "{presenter} presents; ask {presenter}.";
	w->phases[0].stem = "I heard {presenter} say";
	w->phases[1].id = "open";
	w->phases[1].title = "Open";
	w->tpl.name = "rounds";
	w->tpl.title = "Rounds";
	w->tpl.phases = w->phases;
	w->tpl.nphases = 2;
	w->h.session = 12;
	w->h.title = "A <title> & more";
	w->h.space = "tank";
	w->h.space_title = "The tank";
	w->h.template_name = "rounds";
	w->h.template_title = "Rounds";
	w->h.record = chatham ? "chatham" : "attributed";
	w->h.started = 1700000000;
	w->h.ended = 1700000600;
	w->h.last_seq = 4;
	w->h.exported_by = "mia";
	w->h.exported_at = 1700000700000LL;
	w->h.server = "roundtabled test";
	w->h.annotations = true;
	tx_report_init(&w->r, false);
}

/* The entries the world writes. */
static void
world_events(struct store_event ev[4])
{
	memset(ev, 0, 4 * sizeof ev[0]);
	ev[0].seq = 1;
	ev[0].kind = "join";
	ev[0].actor = 1;
	ev[0].text = "ada";
	ev[1].seq = 2;
	ev[1].kind = "phase-start";
	ev[1].phase = 1;
	ev[1].phase_id = "talk";
	ev[1].floor = "presenter";
	ev[1].target = 1;
	ev[1].text = "ada presents.";
	ev[2].seq = 3;
	ev[2].kind = "post";
	ev[2].phase = 1;
	ev[2].actor = 1;
	ev[2].text = hostile;
	ev[2].tag = "I heard ada say";
	ev[3].seq = 4;
	ev[3].kind = "post";
	ev[3].phase = 1;
	ev[3].actor = 2;
	ev[3].text = NULL;
}

/* Write a whole document in a format. */
static char *
world_write(struct world *w, int fmt)
{
	struct store_event	 ev[4];
	struct store_tx_event	 te;
	struct tx_view		 v;
	struct tx_wstate	 ws;
	struct tx_note_view	 nv;
	struct pbuf		 b;
	size_t			 i;

	world_events(ev);
	memset(&ws, 0, sizeof ws);
	pbuf_init(&b);
	tx_fmt_header(fmt, &b, &w->h);
	for (i = 0; i < 4; i++) {
		ev[i].at = 1700000000000LL + (int64_t)i * 1000;
		te.ev = &ev[i];
		te.redacted_at = i == 3 ? 1700000650000LL : 0;
		te.redacted_by = i == 3 ? 2 : 0;
		tx_report_add(&w->r, &ev[i]);
		tx_view_make(&v, &te, &w->tn, &w->tpl);
		tx_fmt_entry(fmt, &b, &ws, &w->h, &v);
		tx_view_free(&v);
		if (i == 2) {
			memset(&nv, 0, sizeof nv);
			nv.nid = 7;
			nv.from = 3;
			nv.to = 4;
			nv.author = "mia";
			nv.at = 1700000800000LL;
			nv.text = "<note> & *it*";
			tx_fmt_note(fmt, &b, &ws, &w->h, &nv);
		}
	}
	tx_fmt_report(fmt, &b, &ws, &w->h, &w->r, &w->tn, &w->tpl, 0);
	tx_fmt_footer(fmt, &b, &ws, &w->h);
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* Free the world. */
static void
world_free(struct world *w)
{
	tx_names_free(&w->tn);
	tx_report_free(&w->r);
}

/* Count occurrences of a string. */
static size_t
count(const char *s, const char *what)
{
	size_t	n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return (n);
}

/*
 * HTML: a document whose elements nest and close (a small checker:
 * every tag outside a void list is closed in order), whose user text
 * never becomes markup, and which loads nothing.
 */
static void
test_html_document(void **state)
{
	static const char *const voids[] = { "meta", "br", NULL };
	struct world	 w;
	char		*doc, *p, *q, stack[64][16], name[16];
	size_t		 depth = 0, n, i;
	bool		 closing, isvoid;

	(void)state;
	world_init(&w, false);
	doc = world_write(&w, TX_FMT_HTML);
	assert_int_equal(strncmp(doc, "<!DOCTYPE html>\n", 16), 0);
	assert_null(strstr(doc, "<script"));
	assert_null(strstr(doc, "src="));
	assert_null(strstr(doc, "http"));
	assert_non_null(strstr(doc, "&lt;script&gt;alert(&#39;x&#39;)"));
	assert_non_null(strstr(doc, "<h2>Phase 1: Presenter &lt;talk&gt;"));
	assert_non_null(strstr(doc, "&lt;note&gt; &amp; *it*"));
	assert_non_null(strstr(doc, "Redacted by bob"));
	assert_non_null(strstr(doc, "@media print"));
	assert_non_null(strstr(doc, "id=\"e3\""));
	for (p = strchr(doc + 15, '<'); p != NULL; p = strchr(q, '<')) {
		q = p + 1;
		closing = *q == '/';
		if (closing)
			q++;
		n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789");
		assert_true(n > 0 && n < sizeof name);
		memcpy(name, q, n);
		name[n] = '\0';
		q = strchr(q, '>');
		assert_non_null(q);
		for (isvoid = false, i = 0; voids[i] != NULL; i++)
			isvoid |= strcmp(name, voids[i]) == 0;
		if (isvoid)
			continue;
		if (closing) {
			assert_true(depth > 0);
			assert_string_equal(stack[--depth], name);
		} else {
			assert_true(depth < 64);
			snprintf(stack[depth++], sizeof stack[0], "%s", name);
		}
	}
	assert_int_equal(depth, 0);
	free(doc);
	world_free(&w);
}

/* JSON Lines: every line parses, with stable ids and the report. */
static void
test_jsonl_document(void **state)
{
	struct world	 w;
	char		*doc, *line, *next;
	json_t		*j;
	json_error_t	 e;
	size_t		 n = 0, events = 0;
	const char	*type;

	(void)state;
	world_init(&w, false);
	doc = world_write(&w, TX_FMT_JSONL);
	assert_non_null(strstr(doc, "\"id\":\"12-3\""));
	assert_non_null(strstr(doc, "\"type\":\"annotation\""));
	assert_non_null(strstr(doc, "\"type\":\"report\""));
	for (line = doc; *line != '\0'; line = next + 1, n++) {
		next = strchr(line, '\n');
		assert_non_null(next);
		*next = '\0';
		j = json_loads(line, 0, &e);
		if (j == NULL)
			fail_msg("line %zu is not JSON: %s: %s", n, e.text,
			    line);
		assert_int_equal(json_integer_value(json_object_get(j, "v")),
		    1);
		type = json_string_value(json_object_get(j, "type"));
		if (n == 0)
			assert_string_equal(type, "header");
		if (strcmp(type, "event") == 0) {
			events++;
			assert_non_null(json_object_get(j, "ts"));
			if (json_integer_value(json_object_get(j, "seq")) == 3)
				assert_string_equal(json_string_value(
				    json_object_get(j, "text")), hostile);
			if (json_integer_value(json_object_get(j, "seq")) == 4)
				assert_true(json_is_true(json_object_get(j,
				    "redacted")));
		}
		json_decref(j);
	}
	assert_int_equal(events, 4);
	free(doc);
	world_free(&w);
}

/* Markdown: headings for phases, escaped words, the report's tables. */
static void
test_markdown_document(void **state)
{
	struct world	 w;
	const char	*p;
	char		*doc;

	(void)state;
	world_init(&w, false);
	doc = world_write(&w, TX_FMT_MARKDOWN);
	p = "# A \\<title\\> \\& more — Rounds — 2023-11-14\n";
	assert_int_equal(strncmp(doc, p, strlen(p)), 0);
	assert_non_null(strstr(doc, "## Before the first phase"));
	assert_non_null(strstr(doc, "## Phase 1: Presenter \\<talk\\>"));
	assert_non_null(strstr(doc, "\\<script\\>alert('x')\\</script\\>"));
	assert_non_null(strstr(doc, "\\\n1\\. n\\\n\\- m\\\n&#32;&#32;&#32;"
	    "&#32;code\\\n\\+ p\\\n\\= q"));
	assert_non_null(strstr(doc, "> **Note by mia** on #3–#4"));
	assert_non_null(strstr(doc, "*redacted by bob at "));
	assert_non_null(strstr(doc, "## Participation"));
	assert_int_equal(count(doc, "<script"), count(doc, "\\<script"));
	free(doc);
	world_free(&w);
}

/* Plain text: one line per entry, continuation lines indented. */
static void
test_text_document(void **state)
{
	struct world	 w;
	char		*doc;

	(void)state;
	world_init(&w, false);
	doc = world_write(&w, TX_FMT_TEXT);
	assert_int_equal(strncmp(doc, "Transcript: A <title> & more\n", 29), 0);
	assert_non_null(strstr(doc, "[2023-11-14 22:13:20] #1 * ada joined."));
	assert_non_null(strstr(doc, "\n== Phase 1: Presenter <talk> "
	    "(presenter) ==\n"));
	assert_non_null(strstr(doc, "#3 ada: <script>"));
	assert_non_null(strstr(doc, "\n    1. n\n    - m\n        code\n"));
	assert_non_null(strstr(doc, "#4 bob: [redacted by bob at "));
	assert_non_null(strstr(doc, "Filters: with mentors' notes\n"));
	free(doc);
	world_free(&w);
}

/*
 * Chatham House: no name anywhere, the prompt made again from the
 * template with the presenter's pseudonym.
 */
static void
test_chatham_names_nobody(void **state)
{
	struct world	 w;
	char		*doc;
	int		 fmt;

	(void)state;
	for (fmt = 0; fmt < TX_FMT_COUNT; fmt++) {
		world_init(&w, true);
		doc = world_write(&w, fmt);
		assert_null(strstr(doc, "ada"));
		assert_null(strstr(doc, "bob"));
		assert_non_null(strstr(doc, "Participant "));
		assert_non_null(strstr(doc, " presents; ask Participant "));
		if (fmt == TX_FMT_JSONL)
			assert_non_null(strstr(doc, "\"tag\":\"I heard the "
			    "presenter say\""));
		free(doc);
		world_free(&w);
	}
}

/* Make a view of one event. */
static char *
sentence(struct tx_names *tn, const char *kind, int64_t actor, int64_t target,
    int64_t value, const char *text, const char *reason, const char *ord)
{
	struct store_event	ev;
	struct store_tx_event	te;
	struct tx_view		v;
	char			*s;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.actor = actor;
	ev.target = target;
	ev.value = value;
	ev.text = text;
	ev.reason = reason;
	ev.ord = ord;
	ev.phase = 2;
	ev.phase_id = "round";
	ev.floor = "go-around";
	ev.round = 3;
	ev.left_ms = 61000;
	te.ev = &ev;
	te.redacted_at = 0;
	te.redacted_by = 0;
	tx_view_make(&v, &te, tn, NULL);
	s = xstrdup(v.msg);
	tx_view_free(&v);
	return (s);
}

/* Sentences come from the fields, by kind. */
static void
test_sentences(void **state)
{
	static const struct {
		const char	*kind;
		int64_t		 actor, target, value;
		const char	*text, *reason, *ord;
		const char	*want;
	} cases[] = {
		{ "join", 1, 0, 0, "ada", NULL, NULL, "ada joined." },
		{ "post", 1, 0, 0, "hi", NULL, NULL, "ada: hi" },
		{ "post", 1, 0, 0, NULL, NULL, NULL,
		    "ada spoke (not recorded)." },
		{ "hand", 2, 0, 1, NULL, NULL, NULL, "bob raised a hand." },
		{ "hand", 2, 0, 0, NULL, NULL, NULL, "bob's hand is down." },
		{ "round-start", 0, 0, 0, NULL, NULL, "2 1", "Round 3: bob, "
		    "ada." },
		{ "turn-end", 1, 0, 90000, NULL, "pass", NULL, "ada's turn "
		    "ended (pass) after 1:30." },
		{ "control", 1, 2, 0, NULL, "mute", NULL, "ada: mute bob." },
		{ "warning", 0, 0, 1, NULL, NULL, NULL, "1:01 left in the "
		    "turn." },
		{ "phase-start", 0, 0, 0, NULL, NULL, NULL, "Phase 2: round "
		    "(go-around)." },
		{ "redacted", 2, 1, 7, NULL, NULL, NULL, "bob redacted entry "
		    "7." },
		{ "start", 0, 0, 0, NULL, NULL, NULL, "The session started." },
		{ "mystery", 0, 0, 0, NULL, NULL, NULL, "mystery." },
	};
	struct tx_names	 tn;
	char		*s;
	size_t		 i;

	(void)state;
	tx_names_init(&tn, NULL, false);
	tx_names_add(&tn, 1, "ada");
	tx_names_add(&tn, 2, "bob");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = sentence(&tn, cases[i].kind, cases[i].actor,
		    cases[i].target, cases[i].value, cases[i].text,
		    cases[i].reason, cases[i].ord);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	tx_names_free(&tn);
}

/* Clocks, times, words, and the names of formats. */
static void
test_small_things(void **state)
{
	char	buf[64];

	(void)state;
	tx_text_clock(buf, sizeof buf, 61000);
	assert_string_equal(buf, "1:01");
	tx_text_clock(buf, sizeof buf, 3661000);
	assert_string_equal(buf, "1:01:01");
	tx_text_clock(buf, sizeof buf, -1);
	assert_string_equal(buf, "untimed");
	tx_text_time(buf, sizeof buf, 1700000000123LL, true);
	assert_string_equal(buf, "2023-11-14T22:13:20.123Z");
	tx_text_time(buf, sizeof buf, 1700000000123LL, false);
	assert_string_equal(buf, "2023-11-14 22:13:20");
	assert_int_equal(tx_text_words("  one two\tthree\n\nfour "), 4);
	assert_int_equal(tx_text_words(""), 0);
	assert_int_equal(tx_text_words(NULL), 0);
	assert_int_equal(tx_format_parse("markdown"), TX_FMT_MARKDOWN);
	assert_int_equal(tx_format_parse("md"), TX_FMT_MARKDOWN);
	assert_int_equal(tx_format_parse("htm"), TX_FMT_HTML);
	assert_int_equal(tx_format_parse("json"), TX_FMT_JSONL);
	assert_int_equal(tx_format_parse("txt"), TX_FMT_TEXT);
	assert_int_equal(tx_format_parse("pdf"), -1);
	assert_string_equal(tx_format_name(TX_FMT_JSONL), "jsonl");
	assert_string_equal(tx_format_name(99), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_md_escape),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_html_document),
		cmocka_unit_test(test_jsonl_document),
		cmocka_unit_test(test_markdown_document),
		cmocka_unit_test(test_text_document),
		cmocka_unit_test(test_chatham_names_nobody),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_small_things),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
