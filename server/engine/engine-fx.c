/*
 * engine-fx.c: the output list, effect construction, the readable
 * messages effects carry, the refusal table (stable names and English
 * wording with the floor, holder and time filled in), and the names of
 * inputs, effects, roles and turn endings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "log.h"
#include "xmalloc.h"

#define FX_BOTH	(ENGINE_FXF_RECORD | ENGINE_FXF_BROADCAST)

/* Names and handling of effect kinds. */
static const struct {
	const char	*name;
	unsigned int	 flags;
} fx_defs[ENGINE_FX_COUNT] = {
	[ENGINE_FX_REPLY] = { "reply", ENGINE_FXF_REPLY },
	[ENGINE_FX_JOIN] = { "join", FX_BOTH },
	[ENGINE_FX_LEAVE] = { "leave", FX_BOTH },
	[ENGINE_FX_DISCONNECT] = { "disconnect", FX_BOTH },
	[ENGINE_FX_RECONNECT] = { "reconnect", FX_BOTH },
	[ENGINE_FX_ABSENT] = { "absent", FX_BOTH },
	[ENGINE_FX_NORMS_ACK] = { "norms-ack", FX_BOTH },
	[ENGINE_FX_START] = { "start", FX_BOTH },
	[ENGINE_FX_PAUSE] = { "pause", FX_BOTH },
	[ENGINE_FX_RESUME] = { "resume", FX_BOTH },
	[ENGINE_FX_RESUMED] = { "resumed", FX_BOTH },
	[ENGINE_FX_END] = { "end", FX_BOTH },
	[ENGINE_FX_PHASE_START] = { "phase-start", FX_BOTH },
	[ENGINE_FX_PHASE_END] = { "phase-end", FX_BOTH },
	[ENGINE_FX_TIME_UP] = { "time-up", FX_BOTH },
	[ENGINE_FX_ROUND_START] = { "round-start", FX_BOTH },
	[ENGINE_FX_PRESENTER] = { "presenter", FX_BOTH },
	[ENGINE_FX_TURN_START] = { "turn-start", FX_BOTH },
	[ENGINE_FX_TURN_END] = { "turn-end", FX_BOTH },
	[ENGINE_FX_TURN_HELD] = { "turn-held", FX_BOTH },
	[ENGINE_FX_TURN_RESUMED] = { "turn-resumed", FX_BOTH },
	[ENGINE_FX_TURN_SKIPPED] = { "turn-skipped", FX_BOTH },
	[ENGINE_FX_WARNING] = { "warning", FX_BOTH },
	[ENGINE_FX_POST] = { "post", FX_BOTH },
	[ENGINE_FX_BOARD_POST] = { "board-post", FX_BOTH },
	[ENGINE_FX_NOTE] = { "note", FX_BOTH },
	[ENGINE_FX_PASS] = { "pass", FX_BOTH },
	[ENGINE_FX_HAND] = { "hand", FX_BOTH },
	[ENGINE_FX_QUEUE] = { "queue", FX_BOTH },
	[ENGINE_FX_CIRCLE] = { "circle", FX_BOTH },
	[ENGINE_FX_CONTROL] = { "control", FX_BOTH },
};

/*
 * Refusals: a stable name and the English text. In the text, %p is the
 * phase title, %l " (M:SS left)" for the phase, %h the floor holder, %t
 * " (M:SS left)" for the holder, %r the presenter, %f the floor, %T the
 * template title, %n its minimum size, %w when the requester may speak
 * (their place in line and who comes first, or the next phase they speak
 * in), %q " (N waiting)" for the hand queue.
 */
static const struct {
	const char	*name;
	const char	*text;
} reasons[ENGINE_R_COUNT] = {
	[ENGINE_OK] = { "ok", "Done." },
	[ENGINE_R_UNKNOWN_INPUT] = { "unknown-input",
	    "That request is not known." },
	[ENGINE_R_BAD_VALUE] = { "bad-value",
	    "That request has a missing or bad value." },
	[ENGINE_R_NOT_MEMBER] = { "not-member",
	    "You are not in this session; join it first." },
	[ENGINE_R_REMOVED] = { "removed",
	    "A facilitator removed you from this session." },
	[ENGINE_R_FULL] = { "full", "There is no room for that." },
	[ENGINE_R_NOT_FACILITATOR] = { "not-facilitator",
	    "Only a facilitator can do that." },
	[ENGINE_R_OBSERVER] = { "observer", "Observers read only." },
	[ENGINE_R_NOT_STARTED] = { "not-started",
	    "The session has not started yet." },
	[ENGINE_R_ALREADY_STARTED] = { "already-started",
	    "The session has already started." },
	[ENGINE_R_ENDED] = { "ended", "The session is over." },
	[ENGINE_R_PAUSED] = { "paused", "The session is paused." },
	[ENGINE_R_NOT_PAUSED] = { "not-paused",
	    "The session is not paused." },
	[ENGINE_R_TOO_FEW] = { "too-few",
	    "'%T' needs at least %n participants (and a presenter if it "
	    "has one)." },
	[ENGINE_R_NORMS] = { "norms",
	    "Please acknowledge the session's norms before you post." },
	[ENGINE_R_MUTED] = { "muted", "A facilitator has muted you." },
	[ENGINE_R_PRESENTER_ONLY] = { "presenter-only",
	    "Only the presenter, %r, speaks during '%p'%l.%w" },
	[ENGINE_R_PRESENTER_SILENT] = { "presenter-silent",
	    "The presenter listens silently during '%p'%l.%w" },
	[ENGINE_R_NO_QUESTION] = { "no-question",
	    "During '%p' the presenter answers the group's questions, and "
	    "none has been asked yet." },
	[ENGINE_R_FACILITATOR_ONLY] = { "facilitator-only",
	    "Only the facilitator speaks during '%p'%l.%w" },
	[ENGINE_R_USE_NOTE] = { "use-note",
	    "Facilitators lead '%p' rather than take part; post a "
	    "facilitator note instead." },
	[ENGINE_R_SILENT] = { "silent",
	    "'%p' is a silent phase%l: no posts.%w" },
	[ENGINE_R_BOARD_ONLY] = { "board-only",
	    "'%p' is a written conversation%l: post on the board, not in "
	    "the chat." },
	[ENGINE_R_NOT_BOARD] = { "not-board",
	    "The board is open only in a written phase; the floor in '%p' "
	    "is %f." },
	[ENGINE_R_NO_SUCH_CARD] = { "no-such-card",
	    "There is no card with that number on the board." },
	[ENGINE_R_NOT_YOUR_TURN] = { "not-your-turn",
	    "In '%p' (%f) only the turn holder speaks: it is %h's "
	    "turn%t.%w" },
	[ENGINE_R_ROUND_OVER] = { "round-over",
	    "The round in '%p' is over; waiting for the facilitator.%w" },
	[ENGINE_R_RAISE_HAND] = { "raise-hand",
	    "In '%p' (%f) only the one given the floor speaks: %h has "
	    "it%t. Raise your hand to join the queue%q." },
	[ENGINE_R_IN_QUEUE] = { "in-queue",
	    "In '%p' (%f) only the one given the floor speaks: %h has "
	    "it%t.%w" },
	[ENGINE_R_OUTER_CIRCLE] = { "outer-circle",
	    "Only the inner circle speaks during '%p'%l; tap in to join "
	    "it.%w" },
	[ENGINE_R_NO_TURN] = { "no-turn", "You do not hold the floor." },
	[ENGINE_R_NO_TURNS] = { "no-turns",
	    "'%p' has no turns or queue; the floor is %f." },
	[ENGINE_R_NO_PASS] = { "no-pass", "Passing is not part of '%p'." },
	[ENGINE_R_NO_EARLY_END] = { "no-early-end",
	    "In '%p' each turn runs its full time; silence fills the "
	    "rest%t." },
	[ENGINE_R_NO_HANDS] = { "no-hands",
	    "'%p' does not use raised hands; the floor is %f." },
	[ENGINE_R_HAND_UP] = { "hand-up", "That hand is already raised.%w" },
	[ENGINE_R_HAND_DOWN] = { "hand-down", "That hand is not raised." },
	[ENGINE_R_HOLDS_FLOOR] = { "holds-floor",
	    "You already hold the floor." },
	[ENGINE_R_NO_SUCH_MEMBER] = { "no-such-member",
	    "There is no such member in this session." },
	[ENGINE_R_ABSENT] = { "absent", "That member is not here." },
	[ENGINE_R_NO_PHASE] = { "no-phase", "There is no phase before this "
	    "one." },
	[ENGINE_R_NO_TIMER] = { "no-timer",
	    "There is no running timer to change." },
	[ENGINE_R_NOT_FISHBOWL] = { "not-fishbowl",
	    "'%p' is not a fishbowl; the floor is %f." },
	[ENGINE_R_CLOSED_FISHBOWL] = { "closed-fishbowl",
	    "'%p' is a closed fishbowl: the facilitator changes the inner "
	    "circle." },
	[ENGINE_R_ALREADY_INNER] = { "already-inner",
	    "Already in the inner circle." },
	[ENGINE_R_NOT_INNER] = { "not-inner",
	    "Not in the inner circle, nor waiting to enter it." },
	[ENGINE_R_NOT_IN_ORDER] = { "not-in-order",
	    "That member cannot take a turn in '%p' now." },
	[ENGINE_R_NOT_CONNECTED] = { "not-connected", "Not connected." },
	[ENGINE_R_ALREADY_CONNECTED] = { "already-connected",
	    "Already connected." },
};

static const char *const input_names[ENGINE_IN_COUNT] = {
	"join", "leave", "disconnect", "reconnect", "norms-ack", "post",
	"hand-raise", "hand-lower", "pass", "done", "board-post",
	"board-reply", "tap-in", "tap-out", "start", "pause", "resume",
	"adjust", "next", "previous", "skip", "grant", "reorder", "mute",
	"unmute", "move", "remove", "set-role", "note", "end"
};

static const char *const turn_end_names[ENGINE_TE_COUNT] = {
	"done", "timeout", "pass", "skipped", "absent", "left", "phase-end",
	"granted"
};

static const char *const role_names[ENGINE_ROLE_COUNT] = {
	"participant", "presenter", "facilitator", "observer"
};

/* A growing string. */
struct sbuf {
	char	*p;
	size_t	 n;
	size_t	 cap;
};

/* Append len bytes to a string buffer. */
static void
sb_addn(struct sbuf *b, const char *s, size_t len)
{
	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

/* Append a string to a string buffer. */
static void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

/* Start an output list. */
void
engine_out_init(struct engine_out *out)
{
	memset(out, 0, sizeof *out);
}

/* Free what the effects own and empty the list, keeping its storage. */
void
engine_out_reset(struct engine_out *out)
{
	struct engine_effect	*fx;
	size_t			 i;

	for (i = 0; i < out->n; i++) {
		fx = &out->fx[i];
		free(fx->id);
		free(fx->text);
		free(fx->tag);
		free(fx->msg);
		free(fx->uids);
	}
	out->n = 0;
}

/* Free an output list entirely. */
void
engine_out_free(struct engine_out *out)
{
	engine_out_reset(out);
	free(out->fx);
	memset(out, 0, sizeof *out);
}

/*
 * Append an effect at the session clock, with the current phase and floor.
 * The pointer is good until the next effect is appended.
 */
struct engine_effect *
fx_new(struct engine_session *s, enum engine_fx_kind kind)
{
	struct engine_out	*out = s->out;
	struct engine_effect	*fx;

	if (out == NULL)
		fatalx("fx_new: no output list");
	if (out->n == out->cap) {
		out->cap = out->cap == 0 ? 16 : out->cap * 2;
		out->fx = xreallocarray(out->fx, out->cap, sizeof *out->fx);
	}
	fx = &out->fx[out->n++];
	memset(fx, 0, sizeof *fx);
	fx->kind = kind;
	fx->flags = fx_defs[kind].flags;
	fx->at_ms = s->clock;
	fx->phase = s->phase;
	fx->floor = s->phase >= 0 && s->status != ENGINE_ENDED ?
	    (int32_t)phase_cur(s)->floor : -1;
	fx->left_ms = -1;
	fx->total_ms = -1;
	fx->detail.floor = -1;
	fx->detail.phase = -1;
	fx->detail.phase_left_ms = -1;
	fx->detail.holder_left_ms = -1;
	fx->detail.position = -1;
	fx->detail.next_phase = -1;
	fx->detail.eta_ms = -1;
	return (fx);
}

/* Set an effect's message. */
void
fx_msg(struct engine_effect *fx, const char *fmt, ...)
{
	va_list	ap;

	free(fx->msg);
	va_start(ap, fmt);
	xvasprintf(&fx->msg, fmt, ap);
	va_end(ap);
}

/* Set an effect's message from a pattern with one %s for a name. */
void
fx_msg_name(struct engine_effect *fx, const char *pattern, const char *name)
{
	const char	*at;

	free(fx->msg);
	if ((at = strstr(pattern, "%s")) == NULL) {
		fx->msg = xstrdup(pattern);
		return;
	}
	xasprintf(&fx->msg, "%.*s%s%s", (int)(at - pattern), pattern, name,
	    at + 2);
}

/* Announce a queue (value 0) or the fishbowl line (value 1). */
struct engine_effect *
fx_queue(struct engine_session *s, const struct uidlist *l, int value)
{
	struct engine_effect	*fx;
	struct sbuf		 b;
	size_t			 i;

	memset(&b, 0, sizeof b);
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			sb_add(&b, ", ");
		sb_add(&b, member_name(s, l->v[i]));
	}
	fx = fx_new(s, ENGINE_FX_QUEUE);
	fx->value = value;
	if (l->n > 0) {
		fx->uids = xcalloc(l->n, sizeof *fx->uids);
		memcpy(fx->uids, l->v, l->n * sizeof *fx->uids);
		fx->nuids = l->n;
	}
	if (value)
		fx_msg(fx, "Waiting to enter the inner circle: %s.",
		    b.p != NULL ? b.p : "nobody");
	else
		fx_msg(fx, "Queue: %s.", b.p != NULL ? b.p : "empty");
	free(b.p);
	return (fx);
}

/* Format ms as M:SS or H:MM:SS, rounding up to the second. */
char *
fmt_clock(char *buf, size_t len, int64_t ms)
{
	int64_t	secs;

	if (ms < 0) {
		snprintf(buf, len, "-:--");
		return (buf);
	}
	secs = (ms + 999) / 1000;
	if (secs >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld",
		    (long long)(secs / 3600), (long long)(secs / 60 % 60),
		    (long long)(secs % 60));
	else
		snprintf(buf, len, "%lld:%02lld", (long long)(secs / 60),
		    (long long)(secs % 60));
	return (buf);
}

/* Format 1 as "1st", 2 as "2nd", and so on. */
char *
fmt_ordinal(char *buf, size_t len, uint32_t n)
{
	const char	*suffix = "th";

	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suffix = "st";
		else if (n % 10 == 2)
			suffix = "nd";
		else if (n % 10 == 3)
			suffix = "rd";
	}
	snprintf(buf, len, "%u%s", n, suffix);
	return (buf);
}

/*
 * Fill in the detail of a reply to member m (which may be NULL): the
 * rule in force, who holds the floor, and when m may speak.
 */
void
detail_fill(const struct engine_session *s, const struct member *m,
    struct engine_detail *d)
{
	const struct engine_template	*t = s->tpl;
	const struct engine_phase_def	*ph;
	int64_t				 eta;
	size_t				 j;

	d->floor = -1;
	d->phase = -1;
	d->phase_left_ms = -1;
	d->holder = 0;
	d->holder_left_ms = -1;
	d->position = -1;
	d->next_phase = -1;
	d->eta_ms = -1;
	if (s->phase < 0 || s->status == ENGINE_ENDED ||
	    s->status == ENGINE_LOBBY)
		return;
	ph = phase_cur(s);
	d->floor = (int32_t)ph->floor;
	d->phase = s->phase;
	if (timer_timed(&s->ptimer))
		d->phase_left_ms = (int64_t)timer_left(&s->ptimer, s->clock);
	if (s->fl.holder != 0) {
		d->holder = s->fl.holder;
		if (timer_timed(&s->fl.turn))
			d->holder_left_ms = (int64_t)timer_left(&s->fl.turn,
			    s->clock);
	} else if (ph->floor == ENGINE_FLOOR_PRESENTER) {
		d->holder = s->presenter;
		d->holder_left_ms = d->phase_left_ms;
	}
	if (m == NULL)
		return;
	if (s->ops->position != NULL)
		s->ops->position(s, m, &d->position, &d->eta_ms);
	if (d->position >= 0 || s->fl.holder == m->uid)
		return;
	eta = d->phase_left_ms;
	for (j = (size_t)s->phase + 1; j < t->nphases; j++) {
		if (floor_speaks_in(s, &t->phases[j], m)) {
			d->next_phase = (int32_t)j;
			d->eta_ms = eta;
			return;
		}
		if (eta >= 0 && t->phases[j].duration_ms > 0)
			eta += (int64_t)t->phases[j].duration_ms;
		else
			eta = -1;
	}
}

/* Append ", after ada, bob and 2 more": who comes before a place. */
static void
reply_ahead(const struct engine_session *s, int32_t pos, struct sbuf *b)
{
	uint64_t	 ahead[3];
	size_t		 n, i;
	char		*tmp;

	n = floor_ahead(s, pos, ahead, sizeof ahead / sizeof ahead[0]);
	if (n == 0)
		return;
	sb_add(b, ", after ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			sb_add(b, i + 1 == n && (size_t)pos == n ? " and " :
			    ", ");
		sb_add(b, ahead[i] != 0 ? member_name(s, ahead[i]) :
		    "the keeper");
	}
	if ((size_t)pos > n) {
		xasprintf(&tmp, " and %zu more", (size_t)pos - n);
		sb_add(b, tmp);
		free(tmp);
	}
}

/*
 * Append the "when may I speak" clause of a refusal to member m (NULL:
 * none): the place in line and who comes first, that the turn in this
 * round was had, or the next phase in which m speaks.
 */
static void
reply_when(const struct engine_session *s, const struct member *m,
    const struct engine_detail *d, struct sbuf *b)
{
	char	c[32], o[16], *tmp;

	if (d->position < 0 && m != NULL && (s->ops->flags & FLF_ORDER) &&
	    s->fl.stage == FL_MAIN && s->fl.holder != m->uid &&
	    uidlist_find(&s->fl.order, m->uid) != -1)
		sb_add(b, " You have had your turn in this round.");
	if (d->position == 0)
		xasprintf(&tmp, " You are next");
	else if (d->position > 0)
		xasprintf(&tmp, " You are %s in line", fmt_ordinal(o, sizeof o,
		    (uint32_t)d->position + 1));
	else if (d->next_phase >= 0)
		xasprintf(&tmp, " You may speak in '%s'",
		    s->tpl->phases[d->next_phase].title);
	else
		return;
	sb_add(b, tmp);
	free(tmp);
	if (d->position > 0)
		reply_ahead(s, d->position, b);
	if (d->eta_ms >= 0) {
		sb_add(b, d->position >= 0 ? ", in about " : " (in about ");
		sb_add(b, fmt_clock(c, sizeof c, d->eta_ms));
		if (d->position < 0)
			sb_add(b, ")");
	}
	sb_add(b, ".");
}

/* Append " (2 waiting)": how many hands are in the queue, if any. */
static void
reply_queue(const struct engine_session *s, struct sbuf *b)
{
	char	n[32];

	if (s->fl.order.n == 0)
		return;
	snprintf(n, sizeof n, " (%zu waiting)", s->fl.order.n);
	sb_add(b, n);
}

/* Expand a refusal's text for a member with its detail. */
static char *
reply_text(const struct engine_session *s, const struct member *m,
    const char *fmt, const struct engine_detail *d)
{
	const struct engine_phase_def	*ph = NULL;
	struct sbuf			 b;
	char				 c[32], n[16];
	const char			*p;

	if (s->phase >= 0 && s->status != ENGINE_ENDED)
		ph = phase_cur(s);
	memset(&b, 0, sizeof b);
	for (p = fmt; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0') {
			sb_addn(&b, p, 1);
			continue;
		}
		switch (*++p) {
		case 'p':
			sb_add(&b, ph != NULL ? ph->title : "the lobby");
			break;
		case 'l':
		case 't':
			if ((*p == 'l' ? d->phase_left_ms :
			    d->holder_left_ms) < 0)
				break;
			sb_add(&b, " (");
			sb_add(&b, fmt_clock(c, sizeof c, *p == 'l' ?
			    d->phase_left_ms : d->holder_left_ms));
			sb_add(&b, " left)");
			break;
		case 'h':
			sb_add(&b, d->holder != 0 ? member_name(s, d->holder) :
			    "nobody");
			break;
		case 'r':
			sb_add(&b, s->presenter != 0 ? member_name(s,
			    s->presenter) : "(none yet)");
			break;
		case 'f':
			sb_add(&b, ph != NULL ? floor_ops_get(ph->floor)->label :
			    "closed");
			break;
		case 'T':
			sb_add(&b, s->tpl->title);
			break;
		case 'n':
			snprintf(n, sizeof n, "%u", s->tpl->min_members);
			sb_add(&b, n);
			break;
		case 'w':
			reply_when(s, m, d, &b);
			break;
		case 'q':
			reply_queue(s, &b);
			break;
		default:
			sb_addn(&b, p, 1);
			break;
		}
	}
	if (b.p == NULL)
		sb_add(&b, "");
	return (b.p);
}

/* Append the reply to an input: accepted, or refused with a reason. */
void
fx_reply(struct engine_session *s, const struct engine_input *in,
    struct member *m, int reason, struct reply *r)
{
	struct engine_effect	*fx;

	if (reason < 0 || reason >= ENGINE_R_COUNT)
		fatalx("fx_reply: reason %d", reason);
	fx = fx_new(s, ENGINE_FX_REPLY);
	fx->input = in->kind;
	fx->uid = in->uid;
	fx->reason = reason;
	fx->value = r->value;
	detail_fill(s, m, &fx->detail);
	if (r->msg != NULL) {
		fx->msg = r->msg;
		r->msg = NULL;
	} else
		fx->msg = reply_text(s, m, reasons[reason].text, &fx->detail);
}

/* Return the stable name of a refusal reason. */
const char *
engine_reason_name(int reason)
{
	if (reason < 0 || reason >= ENGINE_R_COUNT)
		return ("unknown");
	return (reasons[reason].name);
}

/* Return the name of an effect kind. */
const char *
engine_fx_name(int kind)
{
	if (kind < 0 || kind >= ENGINE_FX_COUNT)
		return ("unknown");
	return (fx_defs[kind].name);
}

/* Return the name of an input kind. */
const char *
engine_input_name(int kind)
{
	if (kind < 0 || kind >= ENGINE_IN_COUNT)
		return ("unknown");
	return (input_names[kind]);
}

/* Return the name of a way a turn ends. */
const char *
engine_turn_end_name(int why)
{
	if (why < 0 || why >= ENGINE_TE_COUNT)
		return ("unknown");
	return (turn_end_names[why]);
}

/* Return the name of a role. */
const char *
engine_role_name(int role)
{
	if (role < 0 || role >= ENGINE_ROLE_COUNT)
		return ("unknown");
	return (role_names[role]);
}
