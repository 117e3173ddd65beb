/*
 * transcript-format.c: the export formats, one writer per format in a
 * table: Markdown (for documents and learning systems), one
 * self-contained printable HTML file (inline CSS, no external assets, a
 * heading and a print page per phase, an anchor per entry), JSON Lines
 * (one JSON object per line, with stable ids: session and seq) and plain
 * text. Each writes a header (the session, its space, the protocol, who
 * exported it and when, the filters), the entries with phase markers,
 * mentors' notes when asked, and the participation report.
 *
 * Writers append to a buffer and keep their place in a tx_wstate, so an
 * export is written a page at a time and never held whole. Everything
 * people wrote is escaped for its format: Markdown's punctuation, HTML's
 * five special characters, JSON's quotes and control characters. Times
 * are UTC.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

/* One format's writer. */
struct tx_writer {
	const char	*name;
	const char	*alias;
	void		(*header)(struct pbuf *, const struct tx_header *);
	void		(*entry)(struct pbuf *, struct tx_wstate *,
			    const struct tx_header *, const struct tx_view *);
	void		(*note)(struct pbuf *, struct tx_wstate *,
			    const struct tx_note_view *);
	void		(*report)(struct pbuf *, struct tx_wstate *,
			    const struct tx_header *, const struct tx_report *,
			    struct tx_names *, const struct engine_template *,
			    int64_t);
	void		(*footer)(struct pbuf *, struct tx_wstate *);
};

/* Append formatted text. */
static void __attribute__((__format__(printf, 2, 3)))
tx_printf(struct pbuf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	pbuf_add(b, s, (size_t)n);
	free(s);
}

/* Append a string as it is. */
static void
tx_put(struct pbuf *b, const char *s)
{
	if (s != NULL)
		pbuf_add(b, s, strlen(s));
}

/* Return true if an entry holds someone's words (or their tombstone). */
static bool
tx_fmt_is_speech(const struct tx_view *v)
{
	return (store_tx_speech(v->ev->kind));
}

/* A percentage from basis points, "12.5%". */
static void
tx_fmt_pct(char *buf, size_t len, uint32_t bp)
{
	snprintf(buf, len, "%u.%u%%", bp / 100, (bp % 100 + 5) / 10 % 10);
	if ((bp % 100 + 5) / 10 == 10)
		snprintf(buf, len, "%u.0%%", bp / 100 + 1);
}

/* Seconds from milliseconds, "12.3". */
static void
tx_fmt_secs(char *buf, size_t len, uint64_t ms)
{
	snprintf(buf, len, "%llu.%llu", (unsigned long long)(ms / 1000),
	    (unsigned long long)(ms % 1000 / 100));
}

/* Describe the filters in words, or "none". */
static char *
tx_fmt_filters(const struct tx_header *h)
{
	struct pbuf	b;
	char		t[64];

	pbuf_init(&b);
	if (h->phase != 0)
		tx_printf(&b, "phase %u", h->phase);
	if (h->from != 0 || h->to != 0) {
		tx_printf(&b, "%sentries %lld to ", b.len ? ", " : "",
		    (long long)(h->from != 0 ? h->from : 1));
		if (h->to != 0)
			tx_printf(&b, "%lld", (long long)h->to);
		else
			tx_put(&b, "the end");
	}
	if (h->since != 0 || h->until != 0) {
		tx_text_time(t, sizeof t, h->since, false);
		tx_printf(&b, "%sfrom %s to ", b.len ? ", " : "", h->since != 0 ?
		    t : "the start");
		tx_text_time(t, sizeof t, h->until, false);
		tx_printf(&b, "%s", h->until != 0 ? t : "the end");
	}
	if (h->speech)
		tx_printf(&b, "%sspeech and phases only", b.len ? ", " : "");
	if (h->annotations)
		tx_printf(&b, "%swith mentors' notes", b.len ? ", " : "");
	if (b.len == 0)
		tx_put(&b, "none");
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* The header's fields as label and value, for the table-like formats. */
struct tx_field {
	const char	*label;
	char		*value;		/* owned */
};

/* Fill the header's fields; return how many. */
static size_t
tx_fmt_fields(const struct tx_header *h, struct tx_field *f, size_t max)
{
	char	t[64];
	size_t	n = 0;

#define F(l, ...) do {							\
	if (n < max) {							\
		f[n].label = (l);					\
		xasprintf(&f[n].value, __VA_ARGS__);			\
		n++;							\
	}								\
} while (0)
	F("Session", "%lld", (long long)h->session);
	F("Title", "%s", h->title);
	F("Space", "%s (%s)", h->space_title, h->space);
	F("Protocol", "%s (%s)", h->template_title, h->template_name);
	F("Record", "%s", h->record);
	if (h->created_by != NULL)
		F("Created by", "%s", h->created_by);
	tx_text_time(t, sizeof t, h->started * 1000, false);
	F("Started", "%s", h->started ? t : "not started");
	tx_text_time(t, sizeof t, h->ended * 1000, false);
	F("Ended", "%s", h->ended ? t : "not ended");
	F("Entries", "%lld", (long long)h->last_seq);
	F("Exported by", "%s", h->exported_by);
	tx_text_time(t, sizeof t, h->exported_at, false);
	F("Exported at", "%s", t);
	F("Server", "%s", h->server);
	F("Time zone", "UTC");
	f[n].label = "Filters";
	f[n].value = tx_fmt_filters(h);
	n++;
#undef F
	return (n);
}

/* Free the header's fields. */
static void
tx_fmt_fields_free(struct tx_field *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(f[i].value);
}

/* The heading of a phase: "Phase 2: Clarifying questions". */
static char *
tx_fmt_phase_title(const struct tx_view *v)
{
	char	*s;

	xasprintf(&s, "Phase %u: %s", v->ev->phase, v->phase_title != NULL ?
	    v->phase_title : v->ev->phase_id != NULL ? v->ev->phase_id : "?");
	return (s);
}

/*
 * The heading for the entries that come before any phase heading was
 * written: the lobby, or (when filters start mid-phase) that phase.
 */
static char *
tx_fmt_first_title(const struct tx_view *v)
{
	char	*s;

	if (v->ev->phase == 0)
		return (xstrdup("Before the first phase"));
	xasprintf(&s, "Phase %u: %s (continued)", v->ev->phase,
	    v->phase_title != NULL ? v->phase_title : v->ev->phase_id != NULL ?
	    v->ev->phase_id : "?");
	return (s);
}

/*
 * Markdown. Everything people wrote is escaped: ASCII punctuation that
 * means something anywhere (\ ` * _ [ ] < > # | ~ &) gets a backslash,
 * and what means something at the start of a line (+ - = and the . or )
 * after a number) too; leading spaces become &#32; so that no line turns
 * into code. Lines of a post are joined with hard breaks.
 */

/* Append one line of text (no newline in it), escaped for Markdown. */
static void
tx_md_line(struct pbuf *b, const char *s, size_t len)
{
	size_t	i = 0, j;

	for (; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
		tx_put(b, s[i] == ' ' ? "&#32;" : "&#9;");
	if (i < len && (s[i] == '+' || s[i] == '-' || s[i] == '=')) {
		pbuf_add(b, "\\", 1);
		pbuf_add(b, &s[i++], 1);
	}
	for (j = i; j < len && s[j] >= '0' && s[j] <= '9'; j++)
		;
	if (j > i && j < len && (s[j] == '.' || s[j] == ')')) {
		pbuf_add(b, &s[i], j - i);
		pbuf_add(b, "\\", 1);
		pbuf_add(b, &s[j], 1);
		i = j + 1;
	}
	for (; i < len; i++) {
		if (strchr("\\`*_[]<>#|~&", s[i]) != NULL && s[i] != '\0')
			pbuf_add(b, "\\", 1);
		pbuf_add(b, &s[i], 1);
	}
}

/* Append text escaped for Markdown, its lines joined by hard breaks. */
void
tx_md_escape(struct pbuf *b, const char *s)
{
	const char	*nl;

	if (s == NULL)
		return;
	for (;;) {
		nl = strchr(s, '\n');
		tx_md_line(b, s, nl != NULL ? (size_t)(nl - s) : strlen(s));
		if (nl == NULL)
			break;
		tx_put(b, "\\\n");
		s = nl + 1;
	}
}

/* Markdown: the title and a table of the header's fields. */
static void
tx_md_header(struct pbuf *b, const struct tx_header *h)
{
	struct tx_field	f[16];
	char		t[64];
	size_t		i, n;

	tx_put(b, "# ");
	tx_md_escape(b, h->title);
	tx_put(b, " — ");
	tx_md_escape(b, h->template_title);
	tx_text_time(t, sizeof t, (h->started ? h->started : h->ended) * 1000,
	    false);
	t[10] = '\0';
	tx_printf(b, " — %s\n\n| | |\n|---|---|\n", t);
	n = tx_fmt_fields(h, f, sizeof f / sizeof f[0]);
	for (i = 0; i < n; i++) {
		tx_printf(b, "| %s | ", f[i].label);
		tx_md_escape(b, f[i].value);
		tx_put(b, " |\n");
	}
	tx_fmt_fields_free(f, n);
	tx_put(b, "\nTimes are UTC. Each entry ends with its number in the "
	    "session's log.\n\n");
}

/* Markdown: one entry. */
static void
tx_md_entry(struct pbuf *b, struct tx_wstate *ws, const struct tx_header *h,
    const struct tx_view *v)
{
	const struct store_event	*ev = v->ev;
	char				 t[64], *title;

	(void)h;
	tx_text_time(t, sizeof t, ev->at, false);
	if (strcmp(ev->kind, "phase-start") == 0 || (ws->entries == 0 &&
	    ws->phase == 0)) {
		if (strcmp(ev->kind, "phase-start") == 0) {
			title = tx_fmt_phase_title(v);
			tx_put(b, "## ");
			tx_md_escape(b, title);
			free(title);
			tx_printf(b, "\n\n*%s · floor: %s · #%lld*\n\n", t + 11,
			    ev->floor != NULL ? ev->floor : "none",
			    (long long)ev->seq);
			if (v->text != NULL && *v->text != '\0') {
				tx_put(b, "> ");
				tx_md_escape(b, v->text);
				tx_put(b, "\n\n");
			}
			ws->phase = ev->phase;
			ws->entries++;
			return;
		}
		title = tx_fmt_first_title(v);
		tx_put(b, "## ");
		tx_md_escape(b, title);
		tx_put(b, "\n\n");
		free(title);
	}
	ws->entries++;
	if (tx_fmt_is_speech(v)) {
		tx_put(b, "**");
		tx_md_escape(b, v->user != NULL ? v->user : "Someone");
		tx_put(b, "**");
		if (strcmp(ev->kind, "note") == 0)
			tx_put(b, " (facilitator note)");
		else if (strcmp(ev->kind, "board-post") == 0 && ev->parent)
			tx_printf(b, " (reply to card %u)", ev->parent);
		else if (strcmp(ev->kind, "board-post") == 0)
			tx_printf(b, " (card %u)", ev->card);
		tx_printf(b, " · %s · #%lld — ", t + 11, (long long)ev->seq);
		if (v->redacted_at != 0) {
			tx_text_time(t, sizeof t, v->redacted_at, false);
			tx_put(b, "*redacted by ");
			tx_md_escape(b, v->redacted_by != NULL ?
			    v->redacted_by : "someone");
			tx_printf(b, " at %s*", t);
		} else if (v->text == NULL)
			tx_put(b, "*not recorded*");
		else
			tx_md_escape(b, v->text);
		tx_put(b, "\n\n");
		return;
	}
	tx_printf(b, "*%s · #%lld* — ", t + 11, (long long)ev->seq);
	tx_md_escape(b, v->msg);
	tx_put(b, "\n\n");
}

/* Markdown: a mentor's note, as a quote under its entry. */
static void
tx_md_note(struct pbuf *b, struct tx_wstate *ws, const struct tx_note_view *n)
{
	char	t[64];

	(void)ws;
	tx_text_time(t, sizeof t, n->at, false);
	tx_put(b, "> **Note by ");
	tx_md_escape(b, n->author != NULL ? n->author : "a mentor");
	if (n->to != n->from)
		tx_printf(b, "** on #%lld–#%lld, %s: ", (long long)n->from,
		    (long long)n->to, t);
	else
		tx_printf(b, "** on #%lld, %s: ", (long long)n->from, t);
	tx_md_escape(b, n->text);
	tx_put(b, "\n\n");
}

/* Whether a report row is shown. */
static bool
tx_fmt_row_shown(const struct tx_header *h, const struct tx_rperson *p,
    int64_t viewer)
{
	return (!h->own_only || p->uid == viewer);
}

/* The title of a report's phase, from the template. */
static const char *
tx_fmt_rphase_title(const struct tx_report *r, size_t i,
    const struct engine_template *tpl)
{
	if (tpl != NULL && i < tpl->nphases)
		return (tpl->phases[i].title);
	return (r->phases[i].id[0] != '\0' ? r->phases[i].id : "?");
}

/* What the report cannot show, as a sentence; NULL if nothing. */
static const char *
tx_report_caveat(const struct tx_report *r)
{
	if (r->off_record)
		return ("Off the record: nothing of who took part was kept, "
		    "so nobody is listed.");
	if (!r->refused_known)
		return ("Refused attempts and roles are unknown: the "
		    "session's snapshot could not be read.");
	return (NULL);
}

/* Markdown: the participation report, as tables. */
static void
tx_md_report(struct pbuf *b, struct tx_wstate *ws, const struct tx_header *h,
    const struct tx_report *r, struct tx_names *tn,
    const struct engine_template *tpl, int64_t viewer)
{
	const struct tx_rperson	*p;
	struct tx_rshares	 sh;
	struct tx_rstat		 sum;
	uint32_t		 speakers;
	size_t			 i, np = tx_report_participants(r);
	char			 f[32], s1[16], s2[16], s3[16], eq[16], g[16];

	(void)ws;
	tx_put(b, "## Participation\n\n");
	tx_fmt_pct(eq, sizeof eq, np ? 10000 / (uint32_t)np : 0);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, false));
	tx_printf(b, "%zu participants; an equal share is %s. Gini "
	    "coefficient of floor time: %s", np, eq, g);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, true));
	tx_printf(b, "; of words: %s.%s%s\n\n", g, tx_report_caveat(r) ?
	    " " : "", tx_report_caveat(r) ? tx_report_caveat(r) : "");
	tx_put(b, "| Person | Role | Turns | Posts | Words | Floor (s) | "
	    "Passes | Refused out of turn | Refused otherwise | Floor share | "
	    "Post share | Word share |\n"
	    "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < r->n; i++) {
		p = &r->people[i];
		if (!tx_fmt_row_shown(h, p, viewer))
			continue;
		tx_report_shares(r, p, 0, &sh);
		tx_fmt_secs(f, sizeof f, p->total.floor_ms);
		tx_fmt_pct(s1, sizeof s1, sh.floor);
		tx_fmt_pct(s2, sizeof s2, sh.posts);
		tx_fmt_pct(s3, sizeof s3, sh.words);
		tx_put(b, "| ");
		tx_md_escape(b, tx_names_get(tn, p->uid));
		tx_printf(b, " | %s | %u | %u | %u | %s | %u | %u | %u | %s | "
		    "%s | %s |\n", tx_role_name(p->role), p->total.turns,
		    p->total.posts, p->total.words, f, p->total.passes,
		    tx_report_refused(p, false), tx_report_refused(p, true),
		    p->participant ? s1 : "", p->participant ? s2 : "",
		    p->participant ? s3 : "");
	}
	tx_put(b, "\n| Phase | Turns | Posts | Words | Floor (s) | Speakers | "
	    "Gini (floor) | Gini (words) | Refused out of turn | "
	    "Refused otherwise |\n"
	    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
	for (i = 0; i < r->nphases; i++) {
		if (!r->phases[i].seen)
			continue;
		tx_report_phase_sum(r, (uint32_t)i + 1, &sum, &speakers);
		tx_fmt_secs(f, sizeof f, sum.floor_ms);
		tx_fmt_pct(s1, sizeof s1, tx_report_gini(r, (uint32_t)i + 1,
		    false));
		tx_fmt_pct(s2, sizeof s2, tx_report_gini(r, (uint32_t)i + 1,
		    true));
		tx_printf(b, "| %zu. ", i + 1);
		tx_md_escape(b, tx_fmt_rphase_title(r, i, tpl));
		tx_printf(b, " | %u | %u | %u | %s | %u | %s | %s | %u | %u |\n",
		    sum.turns, sum.posts, sum.words, f, speakers, s1, s2,
		    sum.refused, sum.refused_other);
	}
	tx_put(b, "\n");
}

/* Markdown: nothing to close. */
static void
tx_md_footer(struct pbuf *b, struct tx_wstate *ws)
{
	(void)ws;
	tx_put(b, "*End of transcript.*\n");
}

/*
 * HTML: one file, no external assets. The CSS is inline; each phase is a
 * section that starts a new page when printed; each entry has an anchor
 * (id "e" and its seq) and always names its speaker in text.
 */
static const char tx_html_css[] =
    "body{font:11pt/1.45 Georgia,'Times New Roman',serif;max-width:46em;"
    "margin:2em auto;padding:0 1em;color:#111;background:#fff}"
    "h1{font-size:1.6em;margin-bottom:.3em}"
    "h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:2em}"
    "dl.meta{display:grid;grid-template-columns:max-content auto;"
    "gap:.15em 1em}dl.meta dt{font-weight:bold}dl.meta dd{margin:0}"
    "ol.entries{list-style:none;padding:0}li{margin:.45em 0}"
    ".who{font-weight:bold}time,.seq{color:#555;font-size:.85em}"
    ".seq{text-decoration:none}.event{color:#444;font-style:italic}"
    ".text{white-space:pre-wrap;margin:.15em 0 0 1.5em}"
    ".redacted{color:#777;font-style:italic}.prompt{white-space:pre-wrap;"
    "border-left:3px solid #999;padding-left:.8em;color:#333}"
    "li.note{border-left:3px solid #b80;margin-left:1.5em;"
    "padding:.2em .8em;background:#fff8e8}"
    "table{border-collapse:collapse;margin:.8em 0}td,th{border:1px solid "
    "#aaa;padding:.2em .5em;text-align:right}td:first-child,th:first-child"
    "{text-align:left}"
    "@media print{body{max-width:none;margin:0}section.phase{"
    "page-break-before:always}a{color:inherit}li{page-break-inside:"
    "avoid}}";

/* Append text escaped for HTML (element content and quoted attributes). */
void
tx_html_escape(struct pbuf *b, const char *s)
{
	const char	*p;

	if (s == NULL)
		return;
	for (p = s; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			tx_put(b, "&amp;");
			break;
		case '<':
			tx_put(b, "&lt;");
			break;
		case '>':
			tx_put(b, "&gt;");
			break;
		case '"':
			tx_put(b, "&quot;");
			break;
		case '\'':
			tx_put(b, "&#39;");
			break;
		default:
			pbuf_add(b, p, 1);
			break;
		}
	}
}

/* HTML: the document's head, the title and the header's fields. */
static void
tx_html_header(struct pbuf *b, const struct tx_header *h)
{
	struct tx_field	f[16];
	size_t		i, n;

	tx_put(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"");
	tx_html_escape(b, h->server);
	tx_put(b, "\">\n<title>");
	tx_html_escape(b, h->title);
	tx_put(b, " — transcript</title>\n<style>");
	tx_put(b, tx_html_css);
	tx_put(b, "</style>\n</head>\n<body>\n<header>\n<h1>");
	tx_html_escape(b, h->title);
	tx_put(b, "</h1>\n<dl class=\"meta\">\n");
	n = tx_fmt_fields(h, f, sizeof f / sizeof f[0]);
	for (i = 0; i < n; i++) {
		tx_printf(b, "<dt>%s</dt><dd>", f[i].label);
		tx_html_escape(b, f[i].value);
		tx_put(b, "</dd>\n");
	}
	tx_fmt_fields_free(f, n);
	tx_put(b, "</dl>\n<p>Times are UTC. Each entry's number (#) is its "
	    "place in the session's log.</p>\n</header>\n");
}

/* HTML: close the open list and section. */
static void
tx_html_close(struct pbuf *b, struct tx_wstate *ws)
{
	if (ws->list)
		tx_put(b, "</ol>\n");
	if (ws->section)
		tx_put(b, "</section>\n");
	ws->list = ws->section = false;
}

/* HTML: open a section with a heading, and its list of entries. */
static void
tx_html_section(struct pbuf *b, struct tx_wstate *ws, const char *id,
    const char *title)
{
	tx_html_close(b, ws);
	tx_printf(b, "<section class=\"phase\" id=\"%s\">\n<h2>", id);
	tx_html_escape(b, title);
	tx_put(b, "</h2>\n");
	ws->section = true;
}

/* HTML: one entry. */
static void
tx_html_entry(struct pbuf *b, struct tx_wstate *ws, const struct tx_header *h,
    const struct tx_view *v)
{
	const struct store_event	*ev = v->ev;
	char				 t[64], iso[64], id[32], *title;

	(void)h;
	tx_text_time(t, sizeof t, ev->at, false);
	tx_text_time(iso, sizeof iso, ev->at, true);
	if (strcmp(ev->kind, "phase-start") == 0) {
		snprintf(id, sizeof id, "phase-%lld", (long long)ev->seq);
		title = tx_fmt_phase_title(v);
		tx_html_section(b, ws, id, title);
		free(title);
		tx_printf(b, "<p><time datetime=\"%s\">%s</time> · floor: ",
		    iso, t + 11);
		tx_html_escape(b, ev->floor != NULL ? ev->floor : "none");
		tx_printf(b, " · <a class=\"seq\" id=\"e%lld\" "
		    "href=\"#e%lld\">#%lld</a></p>\n", (long long)ev->seq,
		    (long long)ev->seq, (long long)ev->seq);
		if (v->text != NULL && *v->text != '\0') {
			tx_put(b, "<p class=\"prompt\">");
			tx_html_escape(b, v->text);
			tx_put(b, "</p>\n");
		}
		tx_put(b, "<ol class=\"entries\">\n");
		ws->list = true;
		ws->phase = ev->phase;
		ws->entries++;
		return;
	}
	if (!ws->section) {
		title = tx_fmt_first_title(v);
		tx_html_section(b, ws, "start", title);
		free(title);
		tx_put(b, "<ol class=\"entries\">\n");
		ws->list = true;
	}
	ws->entries++;
	tx_printf(b, "<li class=\"entry %s\" id=\"e%lld\">",
	    tx_fmt_is_speech(v) ? "speech" : "event", (long long)ev->seq);
	if (tx_fmt_is_speech(v)) {
		tx_put(b, "<span class=\"who\">");
		tx_html_escape(b, v->user != NULL ? v->user : "Someone");
		tx_put(b, "</span>");
		if (strcmp(ev->kind, "note") == 0)
			tx_put(b, " (facilitator note)");
		else if (strcmp(ev->kind, "board-post") == 0 && ev->parent)
			tx_printf(b, " (reply to card %u)", ev->parent);
		else if (strcmp(ev->kind, "board-post") == 0)
			tx_printf(b, " (card %u)", ev->card);
		tx_put(b, " ");
	}
	tx_printf(b, "<time datetime=\"%s\">%s</time> <a class=\"seq\" "
	    "href=\"#e%lld\">#%lld</a>", iso, t + 11, (long long)ev->seq,
	    (long long)ev->seq);
	if (!tx_fmt_is_speech(v)) {
		tx_put(b, " <span class=\"event\">");
		tx_html_escape(b, v->msg);
		tx_put(b, "</span></li>\n");
		return;
	}
	if (v->redacted_at != 0) {
		tx_text_time(t, sizeof t, v->redacted_at, false);
		tx_put(b, "<div class=\"text redacted\">Redacted by ");
		tx_html_escape(b, v->redacted_by != NULL ? v->redacted_by :
		    "someone");
		tx_printf(b, " at %s.</div>", t);
	} else if (v->text == NULL)
		tx_put(b, "<div class=\"text redacted\">Not recorded.</div>");
	else {
		tx_put(b, "<div class=\"text\">");
		tx_html_escape(b, v->text);
		tx_put(b, "</div>");
	}
	tx_put(b, "</li>\n");
}

/* HTML: a mentor's note, under its entry. */
static void
tx_html_note(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_note_view *n)
{
	char	t[64], iso[64];

	if (!ws->list) {
		tx_html_section(b, ws, "start", "Before the first phase");
		tx_put(b, "<ol class=\"entries\">\n");
		ws->list = true;
	}
	tx_text_time(t, sizeof t, n->at, false);
	tx_text_time(iso, sizeof iso, n->at, true);
	tx_printf(b, "<li class=\"note\" id=\"n%lld\"><span class=\"who\">"
	    "Note by ", (long long)n->nid);
	tx_html_escape(b, n->author != NULL ? n->author : "a mentor");
	tx_put(b, "</span> on ");
	if (n->to != n->from)
		tx_printf(b, "<a href=\"#e%lld\">#%lld</a>–<a href=\"#e%lld\">"
		    "#%lld</a>", (long long)n->from, (long long)n->from,
		    (long long)n->to, (long long)n->to);
	else
		tx_printf(b, "<a href=\"#e%lld\">#%lld</a>", (long long)n->from,
		    (long long)n->from);
	tx_printf(b, " <time datetime=\"%s\">%s</time><div class=\"text\">",
	    iso, t);
	tx_html_escape(b, n->text);
	tx_put(b, "</div></li>\n");
}

/* HTML: the participation report, as tables. */
static void
tx_html_report(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_report *r,
    struct tx_names *tn, const struct engine_template *tpl, int64_t viewer)
{
	const struct tx_rperson	*p;
	struct tx_rshares	 sh;
	struct tx_rstat		 sum;
	uint32_t		 speakers;
	size_t			 i, np = tx_report_participants(r);
	char			 f[32], s1[16], s2[16], s3[16], eq[16], g[16];

	tx_html_close(b, ws);
	tx_put(b, "<section class=\"report\" id=\"report\">\n"
	    "<h2>Participation</h2>\n<p>");
	tx_fmt_pct(eq, sizeof eq, np ? 10000 / (uint32_t)np : 0);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, false));
	tx_printf(b, "%zu participants; an equal share is %s. Gini "
	    "coefficient of floor time: %s", np, eq, g);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, true));
	tx_printf(b, "; of words: %s.%s%s</p>\n", g, tx_report_caveat(r) ?
	    " " : "", tx_report_caveat(r) ? tx_report_caveat(r) : "");
	tx_put(b, "<table>\n<thead><tr><th>Person</th><th>Role</th>"
	    "<th>Turns</th><th>Posts</th><th>Words</th><th>Floor (s)</th>"
	    "<th>Passes</th><th>Refused out of turn</th>"
	    "<th>Refused otherwise</th><th>Floor share</th>"
	    "<th>Post share</th><th>Word share</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < r->n; i++) {
		p = &r->people[i];
		if (!tx_fmt_row_shown(h, p, viewer))
			continue;
		tx_report_shares(r, p, 0, &sh);
		tx_fmt_secs(f, sizeof f, p->total.floor_ms);
		tx_fmt_pct(s1, sizeof s1, sh.floor);
		tx_fmt_pct(s2, sizeof s2, sh.posts);
		tx_fmt_pct(s3, sizeof s3, sh.words);
		tx_put(b, "<tr><td>");
		tx_html_escape(b, tx_names_get(tn, p->uid));
		tx_printf(b, "</td><td>%s</td><td>%u</td><td>%u</td><td>%u</td>"
		    "<td>%s</td><td>%u</td><td>%u</td><td>%u</td><td>%s</td>"
		    "<td>%s</td><td>%s</td></tr>\n", tx_role_name(p->role),
		    p->total.turns, p->total.posts, p->total.words, f,
		    p->total.passes, tx_report_refused(p, false),
		    tx_report_refused(p, true), p->participant ? s1 : "",
		    p->participant ? s2 : "", p->participant ? s3 : "");
	}
	tx_put(b, "</tbody>\n</table>\n<table>\n<thead><tr><th>Phase</th>"
	    "<th>Turns</th><th>Posts</th><th>Words</th><th>Floor (s)</th>"
	    "<th>Speakers</th><th>Gini (floor)</th><th>Gini (words)</th>"
	    "<th>Refused out of turn</th><th>Refused otherwise</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->nphases; i++) {
		if (!r->phases[i].seen)
			continue;
		tx_report_phase_sum(r, (uint32_t)i + 1, &sum, &speakers);
		tx_fmt_secs(f, sizeof f, sum.floor_ms);
		tx_fmt_pct(s1, sizeof s1, tx_report_gini(r, (uint32_t)i + 1,
		    false));
		tx_fmt_pct(s2, sizeof s2, tx_report_gini(r, (uint32_t)i + 1,
		    true));
		tx_printf(b, "<tr><td>%zu. ", i + 1);
		tx_html_escape(b, tx_fmt_rphase_title(r, i, tpl));
		tx_printf(b, "</td><td>%u</td><td>%u</td><td>%u</td><td>%s</td>"
		    "<td>%u</td><td>%s</td><td>%s</td><td>%u</td><td>%u</td>"
		    "</tr>\n", sum.turns, sum.posts, sum.words, f, speakers,
		    s1, s2, sum.refused, sum.refused_other);
	}
	tx_put(b, "</tbody>\n</table>\n</section>\n");
}

/* HTML: close what is open, and the document. */
static void
tx_html_footer(struct pbuf *b, struct tx_wstate *ws)
{
	tx_html_close(b, ws);
	tx_put(b, "</body>\n</html>\n");
}

/*
 * JSON Lines: one object per line, each with "v": 1 and a "type":
 * header, event (id "SESSION-SEQ"), annotation (id "SESSION-nNOTE"),
 * report.
 */

/* Append a JSON string: quotes, backslashes and controls escaped. */
void
tx_json_string(struct pbuf *b, const char *s)
{
	const unsigned char	*p;
	char			 u[8];

	pbuf_add(b, "\"", 1);
	for (p = (const unsigned char *)(s != NULL ? s : ""); *p != '\0';
	    p++) {
		switch (*p) {
		case '"':
			tx_put(b, "\\\"");
			break;
		case '\\':
			tx_put(b, "\\\\");
			break;
		case '\n':
			tx_put(b, "\\n");
			break;
		case '\t':
			tx_put(b, "\\t");
			break;
		case '\r':
			tx_put(b, "\\r");
			break;
		default:
			if (*p < 0x20) {
				snprintf(u, sizeof u, "\\u%04x", *p);
				tx_put(b, u);
			} else
				pbuf_add(b, p, 1);
			break;
		}
	}
	pbuf_add(b, "\"", 1);
}

/* Append ,"key":"value" (nothing for NULL). */
static void
tx_json_kv(struct pbuf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	tx_printf(b, ",\"%s\":", key);
	tx_json_string(b, value);
}

/* Append ,"key":"ISO time". */
static void
tx_json_time(struct pbuf *b, const char *key, int64_t ms)
{
	char	t[64];

	tx_text_time(t, sizeof t, ms, true);
	tx_printf(b, ",\"%s\":\"%s\"", key, t);
}

/* JSON Lines: the header line. */
static void
tx_jsonl_header(struct pbuf *b, const struct tx_header *h)
{
	tx_printf(b, "{\"v\":1,\"type\":\"header\",\"session\":%lld",
	    (long long)h->session);
	tx_json_kv(b, "title", h->title);
	tx_json_kv(b, "space", h->space);
	tx_json_kv(b, "space_title", h->space_title);
	tx_put(b, ",\"protocol\":{\"name\":");
	tx_json_string(b, h->template_name);
	tx_put(b, ",\"title\":");
	tx_json_string(b, h->template_title);
	tx_put(b, "}");
	tx_json_kv(b, "record", h->record);
	tx_json_kv(b, "created_by", h->created_by);
	if (h->started)
		tx_json_time(b, "started", h->started * 1000);
	if (h->ended)
		tx_json_time(b, "ended", h->ended * 1000);
	tx_printf(b, ",\"entries\":%lld", (long long)h->last_seq);
	tx_json_kv(b, "exported_by", h->exported_by);
	tx_json_time(b, "exported_at", h->exported_at);
	tx_json_kv(b, "server", h->server);
	tx_printf(b, ",\"timezone\":\"UTC\",\"filters\":{\"phase\":%u,"
	    "\"from\":%lld,\"to\":%lld,\"since\":%lld,\"until\":%lld,"
	    "\"speech\":%s,\"annotations\":%s}}\n", h->phase,
	    (long long)h->from, (long long)h->to, (long long)h->since,
	    (long long)h->until, h->speech ? "true" : "false",
	    h->annotations ? "true" : "false");
}

/* JSON Lines: one event. */
static void
tx_jsonl_entry(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_view *v)
{
	const struct store_event	*ev = v->ev;
	size_t				 i;

	ws->entries++;
	tx_printf(b, "{\"v\":1,\"type\":\"event\",\"id\":\"%lld-%lld\","
	    "\"session\":%lld,\"seq\":%lld", (long long)h->session,
	    (long long)ev->seq, (long long)h->session, (long long)ev->seq);
	tx_json_time(b, "ts", ev->at);
	tx_printf(b, ",\"at\":%lld", (long long)ev->at);
	tx_json_kv(b, "kind", ev->kind);
	if (ev->phase != 0)
		tx_printf(b, ",\"phase\":%u", ev->phase);
	tx_json_kv(b, "phase_id", ev->phase_id);
	tx_json_kv(b, "phase_title", v->phase_title);
	tx_json_kv(b, "floor", ev->floor);
	if (ev->round != 0)
		tx_printf(b, ",\"round\":%u", ev->round);
	if (v->user != NULL) {
		tx_put(b, ",\"user\":{\"name\":");
		tx_json_string(b, v->user);
		tx_put(b, "}");
	}
	if (v->target != NULL) {
		tx_put(b, ",\"target\":{\"name\":");
		tx_json_string(b, v->target);
		tx_put(b, "}");
	}
	tx_json_kv(b, "reason", ev->reason);
	tx_json_kv(b, "text", v->text);
	tx_json_kv(b, "tag", v->tag);
	if (ev->card != 0)
		tx_printf(b, ",\"card\":%u", ev->card);
	if (ev->parent != 0)
		tx_printf(b, ",\"parent\":%u", ev->parent);
	if (ev->value != 0)
		tx_printf(b, ",\"value\":%lld", (long long)ev->value);
	/* Times left: absent when untimed or not applicable (-1). */
	if (ev->left_ms > 0)
		tx_printf(b, ",\"left_ms\":%lld", (long long)ev->left_ms);
	if (ev->total_ms > 0)
		tx_printf(b, ",\"total_ms\":%lld", (long long)ev->total_ms);
	if (v->norder > 0) {
		tx_put(b, ",\"order\":[");
		for (i = 0; i < v->norder; i++) {
			if (i > 0)
				tx_put(b, ",");
			tx_json_string(b, v->order[i]);
		}
		tx_put(b, "]");
	}
	tx_json_kv(b, "msg", v->msg);
	if (tx_fmt_is_speech(v))
		tx_printf(b, ",\"redacted\":%s", v->redacted_at ? "true" :
		    "false");
	if (v->redacted_at != 0) {
		tx_json_time(b, "redacted_at", v->redacted_at);
		if (v->redacted_by != NULL) {
			tx_put(b, ",\"redacted_by\":{\"name\":");
			tx_json_string(b, v->redacted_by);
			tx_put(b, "}");
		}
	}
	tx_put(b, "}\n");
}

/* JSON Lines: a mentor's note. */
static void
tx_jsonl_note(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_note_view *n)
{
	(void)ws;
	tx_printf(b, "{\"v\":1,\"type\":\"annotation\",\"note\":%lld,"
	    "\"from\":%lld,\"to\":%lld", (long long)n->nid, (long long)n->from,
	    (long long)n->to);
	tx_json_time(b, "ts", n->at);
	if (n->author != NULL) {
		tx_put(b, ",\"author\":{\"name\":");
		tx_json_string(b, n->author);
		tx_put(b, "}");
	}
	tx_json_kv(b, "text", n->text);
	tx_put(b, "}\n");
}

/* JSON Lines: the report, one line. */
static void
tx_jsonl_report(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_report *r,
    struct tx_names *tn, const struct engine_template *tpl, int64_t viewer)
{
	const struct tx_rperson	*p;
	struct tx_rshares	 sh;
	struct tx_rstat		 sum;
	uint32_t		 speakers;
	size_t			 i, np = tx_report_participants(r);
	bool			 first = true;

	(void)ws;
	tx_printf(b, "{\"v\":1,\"type\":\"report\",\"session\":%lld,"
	    "\"participants\":%zu,\"equal_share\":%u,\"gini_floor\":%u,"
	    "\"gini_words\":%u,\"refused_known\":%s,\"own_only\":%s,"
	    "\"units\":\"shares and Gini coefficients in basis points "
	    "(1/10000)\",\"members\":[", (long long)h->session, np,
	    np ? 10000 / (uint32_t)np : 0, tx_report_gini(r, 0, false),
	    tx_report_gini(r, 0, true), r->refused_known ? "true" : "false",
	    h->own_only ? "true" : "false");
	for (i = 0; i < r->n; i++) {
		p = &r->people[i];
		if (!tx_fmt_row_shown(h, p, viewer))
			continue;
		tx_report_shares(r, p, 0, &sh);
		tx_put(b, first ? "{\"user\":" : ",{\"user\":");
		first = false;
		tx_json_string(b, tx_names_get(tn, p->uid));
		tx_printf(b, ",\"role\":\"%s\",\"participant\":%s,\"turns\":%u,"
		    "\"posts\":%u,\"words\":%u,\"floor_ms\":%llu,\"passes\":%u,"
		    "\"refused\":%u,\"refused_other\":%u,\"floor_share\":%u,"
		    "\"posts_share\":%u,\"words_share\":%u}",
		    tx_role_name(p->role), p->participant ? "true" : "false",
		    p->total.turns, p->total.posts, p->total.words,
		    (unsigned long long)p->total.floor_ms, p->total.passes,
		    tx_report_refused(p, false), tx_report_refused(p, true),
		    sh.floor, sh.posts, sh.words);
	}
	tx_put(b, "],\"phases\":[");
	first = true;
	for (i = 0; i < r->nphases; i++) {
		if (!r->phases[i].seen)
			continue;
		tx_report_phase_sum(r, (uint32_t)i + 1, &sum, &speakers);
		tx_printf(b, "%s{\"phase\":%zu,\"title\":", first ? "" : ",",
		    i + 1);
		first = false;
		tx_json_string(b, tx_fmt_rphase_title(r, i, tpl));
		tx_printf(b, ",\"turns\":%u,\"posts\":%u,\"words\":%u,"
		    "\"floor_ms\":%llu,\"speakers\":%u,\"gini_floor\":%u,"
		    "\"gini_words\":%u,\"refused\":%u,\"refused_other\":%u}",
		    sum.turns, sum.posts, sum.words,
		    (unsigned long long)sum.floor_ms, speakers,
		    tx_report_gini(r, (uint32_t)i + 1, false),
		    tx_report_gini(r, (uint32_t)i + 1, true), sum.refused,
		    sum.refused_other);
	}
	tx_put(b, "]}\n");
}

/* JSON Lines: nothing to close. */
static void
tx_jsonl_footer(struct pbuf *b, struct tx_wstate *ws)
{
	(void)b;
	(void)ws;
}

/*
 * Plain text: "[2026-05-20 10:32:05] #41 ada: text", continuation lines
 * indented, a ruled heading per phase.
 */

/* Append text with its later lines indented. */
static void
tx_text_indent(struct pbuf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		pbuf_add(b, s, 1);
		if (*s == '\n')
			tx_put(b, "    ");
	}
}

/* Plain text: the header's fields, one per line. */
static void
tx_text_header(struct pbuf *b, const struct tx_header *h)
{
	struct tx_field	f[16];
	size_t		i, n;

	tx_put(b, "Transcript: ");
	tx_put(b, h->title);
	tx_put(b, "\n");
	n = tx_fmt_fields(h, f, sizeof f / sizeof f[0]);
	for (i = 0; i < n; i++)
		tx_printf(b, "%s: %s\n", f[i].label, f[i].value);
	tx_fmt_fields_free(f, n);
	tx_put(b, "Times are UTC; #N is an entry's number in the session's "
	    "log.\n");
}

/* Plain text: one entry. */
static void
tx_text_entry(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_view *v)
{
	const struct store_event	*ev = v->ev;
	char				 t[64], *title;

	(void)h;
	ws->entries++;
	tx_text_time(t, sizeof t, ev->at, false);
	if (strcmp(ev->kind, "phase-start") == 0) {
		title = tx_fmt_phase_title(v);
		tx_printf(b, "\n== %s (%s) ==\n", title, ev->floor != NULL ?
		    ev->floor : "no floor");
		free(title);
		ws->phase = ev->phase;
		if (v->text != NULL && *v->text != '\0') {
			tx_put(b, "    ");
			tx_text_indent(b, v->text);
			tx_put(b, "\n");
		}
		return;
	}
	tx_printf(b, "[%s] #%lld ", t, (long long)ev->seq);
	if (!tx_fmt_is_speech(v)) {
		tx_put(b, "* ");
		tx_text_indent(b, v->msg);
		tx_put(b, "\n");
		return;
	}
	tx_put(b, v->user != NULL ? v->user : "Someone");
	if (strcmp(ev->kind, "note") == 0)
		tx_put(b, " (facilitator note)");
	else if (strcmp(ev->kind, "board-post") == 0 && ev->parent)
		tx_printf(b, " (reply to card %u)", ev->parent);
	else if (strcmp(ev->kind, "board-post") == 0)
		tx_printf(b, " (card %u)", ev->card);
	tx_put(b, ": ");
	if (v->redacted_at != 0) {
		tx_text_time(t, sizeof t, v->redacted_at, false);
		tx_printf(b, "[redacted by %s at %s]", v->redacted_by != NULL ?
		    v->redacted_by : "someone", t);
	} else if (v->text == NULL)
		tx_put(b, "[not recorded]");
	else
		tx_text_indent(b, v->text);
	tx_put(b, "\n");
}

/* Plain text: a mentor's note. */
static void
tx_text_note(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_note_view *n)
{
	char	t[64];

	(void)ws;
	tx_text_time(t, sizeof t, n->at, false);
	if (n->to != n->from)
		tx_printf(b, "    [note by %s on #%lld-#%lld, %s] ",
		    n->author != NULL ? n->author : "a mentor",
		    (long long)n->from, (long long)n->to, t);
	else
		tx_printf(b, "    [note by %s on #%lld, %s] ",
		    n->author != NULL ? n->author : "a mentor",
		    (long long)n->from, t);
	tx_text_indent(b, n->text);
	tx_put(b, "\n");
}

/* Plain text: the participation report, in columns. */
static void
tx_text_report(struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_report *r,
    struct tx_names *tn, const struct engine_template *tpl, int64_t viewer)
{
	const struct tx_rperson	*p;
	struct tx_rshares	 sh;
	struct tx_rstat		 sum;
	uint32_t		 speakers;
	size_t			 i, np = tx_report_participants(r);
	char			 f[32], s1[16], s2[16], s3[16], eq[16], g[16];

	(void)ws;
	tx_fmt_pct(eq, sizeof eq, np ? 10000 / (uint32_t)np : 0);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, false));
	tx_printf(b, "\n== Participation ==\n%zu participants; an equal share "
	    "is %s. Gini coefficient of floor time: %s", np, eq, g);
	tx_fmt_pct(g, sizeof g, tx_report_gini(r, 0, true));
	tx_printf(b, "; of words: %s.\n%s%s", g, tx_report_caveat(r) ?
	    tx_report_caveat(r) : "", tx_report_caveat(r) ? "\n" : "");
	tx_printf(b, "%-24s %-12s %6s %6s %7s %10s %6s %7s %7s %7s %7s %7s\n",
	    "person", "role", "turns", "posts", "words", "floor (s)", "passes",
	    "refused", "other", "floor%", "posts%", "words%");
	for (i = 0; i < r->n; i++) {
		p = &r->people[i];
		if (!tx_fmt_row_shown(h, p, viewer))
			continue;
		tx_report_shares(r, p, 0, &sh);
		tx_fmt_secs(f, sizeof f, p->total.floor_ms);
		tx_fmt_pct(s1, sizeof s1, sh.floor);
		tx_fmt_pct(s2, sizeof s2, sh.posts);
		tx_fmt_pct(s3, sizeof s3, sh.words);
		tx_printf(b, "%-24s %-12s %6u %6u %7u %10s %6u %7u %7u %7s "
		    "%7s %7s\n", tx_names_get(tn, p->uid),
		    tx_role_name(p->role), p->total.turns, p->total.posts,
		    p->total.words, f, p->total.passes,
		    tx_report_refused(p, false), tx_report_refused(p, true),
		    p->participant ? s1 : "-", p->participant ? s2 : "-",
		    p->participant ? s3 : "-");
	}
	tx_put(b, "(refused: posts refused out of turn; other: refused for "
	    "another reason)\n\nBy phase:\n");
	for (i = 0; i < r->nphases; i++) {
		if (!r->phases[i].seen)
			continue;
		tx_report_phase_sum(r, (uint32_t)i + 1, &sum, &speakers);
		tx_fmt_secs(f, sizeof f, sum.floor_ms);
		tx_fmt_pct(s1, sizeof s1, tx_report_gini(r, (uint32_t)i + 1,
		    false));
		tx_fmt_pct(s2, sizeof s2, tx_report_gini(r, (uint32_t)i + 1,
		    true));
		tx_printf(b, "%2zu. %s: %u turns, %u posts, %u words, %s s of "
		    "floor, %u speakers; Gini %s (floor), %s (words); %u "
		    "refused out of turn, %u otherwise\n", i + 1,
		    tx_fmt_rphase_title(r, i, tpl), sum.turns, sum.posts,
		    sum.words, f, speakers, s1, s2, sum.refused,
		    sum.refused_other);
	}
}

/* Plain text: the end. */
static void
tx_text_footer(struct pbuf *b, struct tx_wstate *ws)
{
	(void)ws;
	tx_put(b, "\nEnd of transcript.\n");
}

static const struct tx_writer tx_writers[TX_FMT_COUNT] = {
	[TX_FMT_MARKDOWN] = { "markdown", "md", tx_md_header, tx_md_entry,
	    tx_md_note, tx_md_report, tx_md_footer },
	[TX_FMT_HTML] = { "html", "htm", tx_html_header, tx_html_entry,
	    tx_html_note, tx_html_report, tx_html_footer },
	[TX_FMT_JSONL] = { "jsonl", "json", tx_jsonl_header, tx_jsonl_entry,
	    tx_jsonl_note, tx_jsonl_report, tx_jsonl_footer },
	[TX_FMT_TEXT] = { "text", "txt", tx_text_header, tx_text_entry,
	    tx_text_note, tx_text_report, tx_text_footer },
};

/* Parse a format's name (or its file extension); -1 if unknown. */
int
tx_format_parse(const char *s)
{
	int	i;

	for (i = 0; i < TX_FMT_COUNT; i++) {
		if (strcmp(s, tx_writers[i].name) == 0 ||
		    strcmp(s, tx_writers[i].alias) == 0)
			return (i);
	}
	return (-1);
}

/* Name a format. */
const char *
tx_format_name(int fmt)
{
	if (fmt < 0 || fmt >= TX_FMT_COUNT)
		return ("unknown");
	return (tx_writers[fmt].name);
}

/* Write the header in a format. */
void
tx_fmt_header(int fmt, struct pbuf *b, const struct tx_header *h)
{
	tx_writers[fmt].header(b, h);
}

/* Write one entry in a format. */
void
tx_fmt_entry(int fmt, struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_view *v)
{
	tx_writers[fmt].entry(b, ws, h, v);
}

/* Write one mentor's note in a format. */
void
tx_fmt_note(int fmt, struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_note_view *n)
{
	(void)h;
	tx_writers[fmt].note(b, ws, n);
}

/* Write the participation report in a format. */
void
tx_fmt_report(int fmt, struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h, const struct tx_report *r, struct tx_names *tn,
    const struct engine_template *tpl, int64_t viewer)
{
	tx_writers[fmt].report(b, ws, h, r, tn, tpl, viewer);
}

/* Write the end in a format. */
void
tx_fmt_footer(int fmt, struct pbuf *b, struct tx_wstate *ws,
    const struct tx_header *h)
{
	(void)h;
	tx_writers[fmt].footer(b, ws);
}
