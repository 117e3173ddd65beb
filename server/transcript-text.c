/*
 * transcript-text.c: an entry as reviews show it. The log keeps each
 * event's fields, and for most a readable sentence written at the time,
 * with real names in it; reviews never use that sentence. They make a
 * new one from the fields (the table below), with names resolved through
 * transcript-names.c, so that a Chatham House transcript cannot leak a
 * name through its prose. Also: times and clocks as exports print them,
 * and words counted as the engine counts them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "store.h"
#include "transcript.h"
#include "xmalloc.h"

/* When a sentence applies to an entry. */
enum tx_cond {
	TXC_ANY,
	TXC_REDACTED,		/* the words were redacted */
	TXC_NO_TEXT,		/* speech kept without its words */
	TXC_VALUE1,		/* value is 1 */
	TXC_TARGET,		/* it concerns someone */
	TXC_PARENT,		/* a reply to a card */
	TXC_USER		/* someone did it */
};

/*
 * Sentences by kind, first match wins. In the text: {user} who did it,
 * {target} whom it concerns, {text}, {phase}, {title} (the phase's),
 * {floor}, {round}, {order}, {reason}, {card}, {parent}, {value},
 * {left} (as m:ss), {held} (value as m:ss), {which} (phase or turn).
 */
static const struct {
	const char	*kind;
	enum tx_cond	 cond;
	const char	*fmt;
} tx_sentences[] = {
	{ "join", TXC_ANY, "{user} joined." },
	{ "leave", TXC_ANY, "{user} left." },
	{ "disconnect", TXC_ANY, "{user} lost their connection." },
	{ "reconnect", TXC_ANY, "{user} is back." },
	{ "absent", TXC_ANY, "{user} is absent." },
	{ "norms-ack", TXC_ANY, "{user} acknowledged the norms." },
	{ "start", TXC_USER, "{user} started the session." },
	{ "start", TXC_ANY, "The session started." },
	{ "pause", TXC_ANY, "The session was paused." },
	{ "resume", TXC_ANY, "The session resumed." },
	{ "resumed", TXC_ANY, "The session resumed after a server restart." },
	{ "end", TXC_USER, "{user} ended the session." },
	{ "end", TXC_ANY, "The session ended." },
	{ "phase-start", TXC_ANY, "Phase {phase}: {title} ({floor})." },
	{ "phase-end", TXC_ANY, "Phase {phase} ended." },
	{ "time-up", TXC_ANY, "Time is up in phase {phase}." },
	{ "round-start", TXC_ANY, "Round {round}: {order}." },
	{ "presenter", TXC_TARGET, "{target} presents." },
	{ "presenter", TXC_ANY, "Nobody presents now." },
	{ "turn-start", TXC_VALUE1, "{user} sums up." },
	{ "turn-start", TXC_ANY, "{user} has the floor." },
	{ "turn-end", TXC_ANY, "{user}'s turn ended ({reason}) after {held}." },
	{ "turn-held", TXC_ANY, "{user}'s turn is held for them." },
	{ "turn-resumed", TXC_ANY, "{user}'s turn goes on." },
	{ "turn-skipped", TXC_ANY, "{user}'s turn was passed over." },
	{ "warning", TXC_ANY, "{left} left in the {which}." },
	{ "refused", TXC_ANY, "{user} tried to post; refused ({reason})." },
	{ "post", TXC_REDACTED, "{user}'s post was redacted." },
	{ "post", TXC_NO_TEXT, "{user} spoke (not recorded)." },
	{ "post", TXC_ANY, "{user}: {text}" },
	{ "board-post", TXC_REDACTED, "{user}'s card was redacted." },
	{ "board-post", TXC_NO_TEXT, "{user} wrote on the board (not "
	    "recorded)." },
	{ "board-post", TXC_PARENT, "{user} replied to card {parent}: "
	    "{text}" },
	{ "board-post", TXC_ANY, "{user} wrote card {card}: {text}" },
	{ "note", TXC_REDACTED, "A facilitator note by {user} was redacted." },
	{ "note", TXC_NO_TEXT, "{user} wrote a facilitator note (not "
	    "recorded)." },
	{ "note", TXC_ANY, "Facilitator note by {user}: {text}" },
	{ "pass", TXC_ANY, "{user} passed." },
	{ "hand", TXC_VALUE1, "{user} raised a hand." },
	{ "hand", TXC_ANY, "{user}'s hand is down." },
	{ "queue", TXC_ANY, "The queue: {order}." },
	{ "circle", TXC_VALUE1, "{user} is in the inner circle." },
	{ "circle", TXC_ANY, "{user} is in the outer circle." },
	{ "control", TXC_TARGET, "{user}: {reason} {target}." },
	{ "control", TXC_ANY, "{user}: {reason}." },
	{ "redacted", TXC_ANY, "{user} redacted entry {value}." },
	{ "removed", TXC_ANY, "{user} was removed." },
};

/* Does an entry meet a sentence's condition? */
static bool
tx_text_cond(const struct tx_view *v, enum tx_cond cond)
{
	const struct store_event	*ev = v->ev;

	switch (cond) {
	case TXC_ANY:
		return (true);
	case TXC_REDACTED:
		return (v->redacted_at != 0);
	case TXC_NO_TEXT:
		return (v->text == NULL);
	case TXC_VALUE1:
		return (ev->value == 1);
	case TXC_TARGET:
		return (ev->target != 0);
	case TXC_PARENT:
		return (ev->parent != 0);
	case TXC_USER:
		return (ev->actor != 0);
	}
	return (false);
}

/* Write milliseconds as m:ss (h:mm:ss past an hour); -1 as "untimed". */
void
tx_text_clock(char *buf, size_t len, int64_t ms)
{
	int64_t	s;

	if (ms < 0) {
		snprintf(buf, len, "untimed");
		return;
	}
	s = (ms + 500) / 1000;
	if (s >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld", (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60));
	else
		snprintf(buf, len, "%lld:%02lld", (long long)(s / 60),
		    (long long)(s % 60));
}

/*
 * Write a Unix time in milliseconds in UTC: ISO 8601 with milliseconds
 * ("2026-05-20T10:32:05.123Z"), or short ("2026-05-20 10:32:05").
 */
void
tx_text_time(char *buf, size_t len, int64_t ms, bool iso)
{
	struct tm	tm;
	time_t		t;

	if (ms < 0)
		ms = 0;
	t = (time_t)(ms / 1000);
	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof tm);
	if (iso)
		snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, (int)(ms % 1000));
	else
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
}

/* Count words as the engine does: runs of bytes that are not spaces. */
size_t
tx_text_words(const char *text)
{
	size_t	n = 0;
	int	in = 0;

	if (text == NULL)
		return (0);
	for (; *text != '\0'; text++) {
		if (isspace((unsigned char)*text))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return (n);
}

/* Append a string to a buffer. */
static void
tx_text_put(struct pbuf *b, const char *s)
{
	if (s != NULL)
		pbuf_add(b, s, strlen(s));
}

/* Append a number to a buffer. */
static void
tx_text_num(struct pbuf *b, long long v)
{
	char	n[32];

	snprintf(n, sizeof n, "%lld", v);
	tx_text_put(b, n);
}

/* The placeholders of the sentences, each with what it writes. */
typedef void	(*tx_field_fn)(struct pbuf *, const struct tx_view *);

/* {user}: who did it. */
static void
tx_field_user(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->user != NULL ? v->user : "Someone");
}

/* {target}: whom it concerns. */
static void
tx_field_target(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->target != NULL ? v->target : "someone");
}

/* {text}: the words. */
static void
tx_field_text(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->text);
}

/* {phase}: the phase's number. */
static void
tx_field_phase(struct pbuf *b, const struct tx_view *v)
{
	tx_text_num(b, v->ev->phase);
}

/* {title}: the phase's title, or its id. */
static void
tx_field_title(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->phase_title != NULL ? v->phase_title :
	    v->ev->phase_id != NULL ? v->ev->phase_id : "?");
}

/* {floor}: the floor mode. */
static void
tx_field_floor(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->ev->floor != NULL ? v->ev->floor : "no floor");
}

/* {round}: the round's number. */
static void
tx_field_round(struct pbuf *b, const struct tx_view *v)
{
	tx_text_num(b, v->ev->round);
}

/* {reason}: why, or which control. */
static void
tx_field_reason(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->ev->reason != NULL ? v->ev->reason : "?");
}

/* {card}: a board card's number. */
static void
tx_field_card(struct pbuf *b, const struct tx_view *v)
{
	tx_text_num(b, v->ev->card);
}

/* {parent}: the card replied to. */
static void
tx_field_parent(struct pbuf *b, const struct tx_view *v)
{
	tx_text_num(b, v->ev->parent);
}

/* {value}: the number the kind explains. */
static void
tx_field_value(struct pbuf *b, const struct tx_view *v)
{
	tx_text_num(b, (long long)v->ev->value);
}

/* {left}: time left, as m:ss. */
static void
tx_field_left(struct pbuf *b, const struct tx_view *v)
{
	char	clock[32];

	tx_text_clock(clock, sizeof clock, v->ev->left_ms);
	tx_text_put(b, clock);
}

/* {held}: the milliseconds in value, as m:ss. */
static void
tx_field_held(struct pbuf *b, const struct tx_view *v)
{
	char	clock[32];

	tx_text_clock(clock, sizeof clock, v->ev->value);
	tx_text_put(b, clock);
}

/* {which}: a warning's phase or turn. */
static void
tx_field_which(struct pbuf *b, const struct tx_view *v)
{
	tx_text_put(b, v->ev->value == ENGINE_ADJUST_TURN ? "turn" : "phase");
}

/* {order}: the names of an order, or "nobody". */
static void
tx_field_order(struct pbuf *b, const struct tx_view *v)
{
	size_t	i;

	for (i = 0; i < v->norder; i++) {
		if (i > 0)
			tx_text_put(b, ", ");
		tx_text_put(b, v->order[i]);
	}
	if (v->norder == 0)
		tx_text_put(b, "nobody");
}

static const struct {
	const char	*name;
	tx_field_fn	 fn;
} tx_fields[] = {
	{ "user", tx_field_user },
	{ "target", tx_field_target },
	{ "text", tx_field_text },
	{ "phase", tx_field_phase },
	{ "title", tx_field_title },
	{ "floor", tx_field_floor },
	{ "round", tx_field_round },
	{ "reason", tx_field_reason },
	{ "card", tx_field_card },
	{ "parent", tx_field_parent },
	{ "value", tx_field_value },
	{ "left", tx_field_left },
	{ "held", tx_field_held },
	{ "which", tx_field_which },
	{ "order", tx_field_order },
};

/* Append a placeholder's value (len bytes of name). */
static void
tx_text_field(struct pbuf *b, const struct tx_view *v, const char *name,
    size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof tx_fields / sizeof tx_fields[0]; i++) {
		if (strlen(tx_fields[i].name) == len &&
		    memcmp(tx_fields[i].name, name, len) == 0) {
			tx_fields[i].fn(b, v);
			return;
		}
	}
}

/* Return the sentence for an entry (allocated). */
char *
tx_text_msg(const struct tx_view *v)
{
	const char	*fmt = NULL, *p, *end;
	struct pbuf	 b;
	size_t		 i;

	for (i = 0; i < sizeof tx_sentences / sizeof tx_sentences[0]; i++) {
		if (strcmp(tx_sentences[i].kind, v->ev->kind) == 0 &&
		    tx_text_cond(v, tx_sentences[i].cond)) {
			fmt = tx_sentences[i].fmt;
			break;
		}
	}
	pbuf_init(&b);
	if (fmt == NULL) {
		tx_text_put(&b, v->ev->kind);
		tx_text_put(&b, ".");
	}
	for (p = fmt; p != NULL && *p != '\0'; p++) {
		if (*p == '{' && (end = strchr(p, '}')) != NULL) {
			tx_text_field(&b, v, p + 1, (size_t)(end - p - 1));
			p = end;
		} else
			pbuf_add(&b, p, 1);
	}
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/* Return a template's text with every {presenter} replaced by who. */
static char *
tx_view_fill(const char *text, const char *who)
{
	struct pbuf	 b;
	const char	*at;

	pbuf_init(&b);
	while ((at = strstr(text, "{presenter}")) != NULL) {
		pbuf_add(&b, text, (size_t)(at - text));
		tx_text_put(&b, who);
		text = at + strlen("{presenter}");
	}
	tx_text_put(&b, text);
	pbuf_add(&b, "", 1);
	return ((char *)b.data);
}

/*
 * Fill a phase's prompt for a review: the template's, with {presenter}
 * as reviews name the presenter. NULL if the template is unknown.
 */
static char *
tx_view_prompt(const struct store_event *ev, struct tx_names *tn,
    const struct engine_template *tpl)
{
	const char	*prompt, *who;

	if (tpl == NULL || ev->phase < 1 || ev->phase > tpl->nphases ||
	    (prompt = tpl->phases[ev->phase - 1].prompt) == NULL)
		return (NULL);
	who = tx_names_get(tn, ev->target);
	return (tx_view_fill(prompt, who != NULL ? who : "the presenter"));
}

/*
 * Return the tag a review shows for a post. The engine stored a phase's
 * stem with the presenter's name filled in; under the Chatham House
 * rule it is made again from the template (naming nobody: a post does
 * not say who presented then), and dropped if the template is gone.
 * Other tags (question, answer) name nobody, nor does the digest of the
 * norms a norms-ack keeps.
 */
static const char *
tx_view_tag(struct tx_view *v, struct tx_names *tn,
    const struct engine_template *tpl)
{
	const struct store_event	*ev = v->ev;
	const char			*stem;

	if (ev->tag == NULL || !tn->pseudonyms ||
	    !store_tx_speech(ev->kind))
		return (ev->tag);
	if (strcmp(ev->tag, "question") == 0 || strcmp(ev->tag, "answer") == 0)
		return (ev->tag);
	if (tpl == NULL || ev->phase < 1 || ev->phase > tpl->nphases ||
	    (stem = tpl->phases[ev->phase - 1].stem) == NULL)
		return (NULL);
	v->tag_own = tx_view_fill(stem, "the presenter");
	return (v->tag_own);
}

/*
 * Return the text a review shows for an entry. Speech: its words. A
 * join's text is the name joined under, which the user field already
 * shows (as a pseudonym, under the Chatham House rule): none. A phase's
 * prompt was stored with the presenter's name filled in, so under the
 * Chatham House rule it is made again from the template.
 */
static const char *
tx_view_text(struct tx_view *v, struct tx_names *tn,
    const struct engine_template *tpl)
{
	const struct store_event	*ev = v->ev;

	if (strcmp(ev->kind, "join") == 0)
		return (NULL);
	if (strcmp(ev->kind, "phase-start") == 0 && tn->pseudonyms) {
		v->text_own = tx_view_prompt(ev, tn, tpl);
		return (v->text_own);
	}
	return (ev->text);
}

/*
 * Make the view of an entry: names through tn, the phase's title from
 * the template (tpl may be NULL), and its sentence.
 */
void
tx_view_make(struct tx_view *v, const struct store_tx_event *te,
    struct tx_names *tn, const struct engine_template *tpl)
{
	const struct store_event	*ev = te->ev;
	const char			*p, *name;
	char				*end;
	unsigned long long		 uid;
	size_t				 cap = 0;

	memset(v, 0, sizeof *v);
	v->ev = ev;
	v->redacted_at = te->redacted_at;
	v->user = tx_names_get(tn, ev->actor);
	v->target = tx_names_get(tn, ev->target);
	v->redacted_by = te->redacted_at != 0 ?
	    tx_names_get(tn, te->redacted_by) : NULL;
	if (tpl != NULL && ev->phase >= 1 && ev->phase <= tpl->nphases)
		v->phase_title = tpl->phases[ev->phase - 1].title;
	v->text = tx_view_text(v, tn, tpl);
	v->tag = tx_view_tag(v, tn, tpl);
	for (p = ev->ord; p != NULL && *p != '\0'; ) {
		uid = strtoull(p, &end, 10);
		if (end == p)
			break;
		if (v->norder == cap) {
			cap = cap ? cap * 2 : 8;
			v->order = xreallocarray(v->order, cap,
			    sizeof *v->order);
		}
		name = tx_names_get(tn, (int64_t)uid);
		v->order[v->norder++] = xstrdup(name != NULL ? name :
		    "unknown");
		for (p = end; *p == ' '; p++)
			;
	}
	v->msg = tx_text_msg(v);
}

/* Free what tx_view_make allocated. */
void
tx_view_free(struct tx_view *v)
{
	size_t	i;

	for (i = 0; i < v->norder; i++)
		free(v->order[i]);
	free(v->order);
	free(v->text_own);
	free(v->tag_own);
	free(v->msg);
	memset(v, 0, sizeof *v);
}
