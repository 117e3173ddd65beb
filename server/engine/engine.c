/*
 * engine.c: sessions. Creation from a template and options, the table of
 * inputs with the checks every input passes (membership, role, session
 * state), the participants' inputs, membership and presence (join, leave,
 * disconnect with a grace period, reconnect), and the entry points that
 * run due timers around each input.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine-int.h"
#include "log.h"
#include "xmalloc.h"

/* What an input needs before its handler runs. */
#define NEED_MEMBER	0x01	/* sender is a member (not left or removed) */
#define NEED_FAC	0x02	/* sender is a facilitator */
#define NEED_STARTED	0x04	/* the session is running or paused */
#define NEED_RUNNING	0x08	/* the session is running */

typedef int (*input_fn)(struct engine_session *, struct member *,
    const struct engine_input *, struct reply *);

static int	in_join(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_leave(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_disconnect(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_reconnect(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_norms_ack(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_post(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_hand_raise(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_hand_lower(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_pass(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_done(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_board(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);
static int	in_tap(struct engine_session *, struct member *,
		    const struct engine_input *, struct reply *);

/* The inputs: what each needs and its handler. */
static const struct {
	unsigned int	need;
	input_fn	fn;
} inputs[ENGINE_IN_COUNT] = {
	[ENGINE_IN_JOIN] = { 0, in_join },
	[ENGINE_IN_LEAVE] = { NEED_MEMBER, in_leave },
	[ENGINE_IN_DISCONNECT] = { NEED_MEMBER, in_disconnect },
	[ENGINE_IN_RECONNECT] = { NEED_MEMBER, in_reconnect },
	[ENGINE_IN_NORMS_ACK] = { NEED_MEMBER, in_norms_ack },
	[ENGINE_IN_POST] = { NEED_MEMBER | NEED_STARTED, in_post },
	[ENGINE_IN_HAND_RAISE] = { NEED_MEMBER | NEED_STARTED, in_hand_raise },
	[ENGINE_IN_HAND_LOWER] = { NEED_MEMBER | NEED_STARTED, in_hand_lower },
	[ENGINE_IN_PASS] = { NEED_MEMBER | NEED_RUNNING, in_pass },
	[ENGINE_IN_DONE] = { NEED_MEMBER | NEED_RUNNING, in_done },
	[ENGINE_IN_BOARD_POST] = { NEED_MEMBER | NEED_STARTED, in_board },
	[ENGINE_IN_BOARD_REPLY] = { NEED_MEMBER | NEED_STARTED, in_board },
	[ENGINE_IN_TAP_IN] = { NEED_MEMBER | NEED_STARTED, in_tap },
	[ENGINE_IN_TAP_OUT] = { NEED_MEMBER | NEED_STARTED, in_tap },
	[ENGINE_IN_START] = { NEED_MEMBER | NEED_FAC, control_start },
	[ENGINE_IN_PAUSE] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_pause },
	[ENGINE_IN_RESUME] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_resume },
	[ENGINE_IN_ADJUST] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_adjust },
	[ENGINE_IN_NEXT] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_next },
	[ENGINE_IN_PREVIOUS] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_previous },
	[ENGINE_IN_SKIP] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_skip },
	[ENGINE_IN_GRANT] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_grant },
	[ENGINE_IN_REORDER] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_reorder },
	[ENGINE_IN_MUTE] = { NEED_MEMBER | NEED_FAC, control_mute },
	[ENGINE_IN_UNMUTE] = { NEED_MEMBER | NEED_FAC, control_mute },
	[ENGINE_IN_MOVE] = { NEED_MEMBER | NEED_FAC | NEED_STARTED,
	    control_move },
	[ENGINE_IN_REMOVE] = { NEED_MEMBER | NEED_FAC, control_remove },
	[ENGINE_IN_SET_ROLE] = { NEED_MEMBER | NEED_FAC, control_set_role },
	[ENGINE_IN_NOTE] = { NEED_MEMBER | NEED_FAC, control_note },
	[ENGINE_IN_END] = { NEED_MEMBER | NEED_FAC, control_end },
};

/* Fill in the default options. */
void
engine_opts_init(struct engine_opts *o)
{
	memset(o, 0, sizeof *o);
	o->time_scale_pct = 100;
	o->warn_ms[0] = ENGINE_DEFAULT_WARN1_MS;
	o->warn_ms[1] = ENGINE_DEFAULT_WARN2_MS;
	o->nwarn = 2;
	o->grace_ms = ENGINE_DEFAULT_GRACE_MS;
}

/* Scale a duration by a percentage, keeping a timed one timed. */
static uint64_t
engine_scale(uint64_t ms, uint32_t pct)
{
	uint64_t	v;

	if (ms == 0 || pct == 100)
		return (ms);
	v = ms * pct / 100;
	if (v == 0)
		v = 1;
	return (v > ENGINE_MS_MAX ? ENGINE_MS_MAX : v);
}

/* Apply the options to a session's own template copy; 0 or -1 and err. */
static int
engine_apply_opts(struct engine_template *t, const struct engine_opts *o,
    char *err, size_t errlen)
{
	const struct engine_phase_opt	*po;
	struct engine_phase_def		*ph;
	uint32_t			 pct = o->time_scale_pct;
	size_t				 i;
	int				 k;

	if (pct == 0)
		pct = 100;
	if (pct > 1000) {
		snprintf(err, errlen, "time scale %u%% is out of range",
		    pct);
		return (-1);
	}
	for (i = 0; i < t->nphases; i++) {
		ph = &t->phases[i];
		ph->duration_ms = engine_scale(ph->duration_ms, pct);
		ph->turn_ms = engine_scale(ph->turn_ms, pct);
		ph->summary_ms = engine_scale(ph->summary_ms, pct);
	}
	for (i = 0; i < o->nphases; i++) {
		po = &o->phases[i];
		if (po->phase == NULL ||
		    (k = template_phase_find(t, po->phase)) == -1) {
			snprintf(err, errlen, "template '%s' has no phase "
			    "'%s'", t->name, po->phase != NULL ? po->phase :
			    "(null)");
			return (-1);
		}
		ph = &t->phases[k];
		if (po->duration_ms > (int64_t)ENGINE_MS_MAX ||
		    po->turn_ms > (int64_t)ENGINE_MS_MAX) {
			snprintf(err, errlen, "phase '%s': duration too long",
			    ph->id);
			return (-1);
		}
		if (po->duration_ms >= 0)
			ph->duration_ms = (uint64_t)po->duration_ms;
		if (po->turn_ms >= 0)
			ph->turn_ms = (uint64_t)po->turn_ms;
		if (ph->duration_ms == 0 &&
		    ph->advance == ENGINE_ADVANCE_AUTO &&
		    ph->floor != ENGINE_FLOOR_GO_AROUND &&
		    !(ph->floor == ENGINE_FLOOR_TALKING_PIECE &&
		    ph->rounds > 0)) {
			snprintf(err, errlen, "phase '%s' would never end "
			    "without a duration", ph->id);
			return (-1);
		}
	}
	return (0);
}

/*
 * Create a session from a template (copied) and options (NULL for the
 * defaults). Return NULL with a message in err if the options are bad.
 */
struct engine_session *
engine_new(const struct engine_template *tpl, const struct engine_opts *opts,
    uint64_t now, char *err, size_t errlen)
{
	struct engine_session	*s;
	struct engine_opts	 def;
	uint64_t		 w;
	size_t			 i, j;

	if (opts == NULL) {
		engine_opts_init(&def);
		opts = &def;
	}
	if (opts->nwarn > ENGINE_WARN_MAX || opts->grace_ms > ENGINE_MS_MAX ||
	    (opts->norms != NULL && strlen(opts->norms) > ENGINE_TEXT_MAX)) {
		snprintf(err, errlen, "bad session options");
		return (NULL);
	}
	for (i = 0; i < opts->nwarn; i++) {
		if (opts->warn_ms[i] == 0 || opts->warn_ms[i] > ENGINE_MS_MAX) {
			snprintf(err, errlen, "bad warning threshold");
			return (NULL);
		}
	}
	s = xcalloc(1, sizeof *s);
	s->tpl = template_dup(tpl);
	if (engine_apply_opts(s->tpl, opts, err, errlen) == -1) {
		engine_free(s);
		return (NULL);
	}
	for (i = 0; i < opts->nwarn; i++) {
		w = opts->warn_ms[i];
		for (j = 0; j < s->nwarn && s->warn[j] != w; j++)
			;
		if (j == s->nwarn)
			s->warn[s->nwarn++] = w;
	}
	for (i = 1; i < s->nwarn; i++) {
		for (j = i; j > 0 && s->warn[j - 1] < s->warn[j]; j--) {
			w = s->warn[j];
			s->warn[j] = s->warn[j - 1];
			s->warn[j - 1] = w;
		}
	}
	s->grace_ms = opts->grace_ms;
	if (opts->norms != NULL)
		s->norms = opts->norms[0] != '\0' ? xstrdup(opts->norms) :
		    NULL;
	else if (tpl->norms != NULL)
		s->norms = xstrdup(tpl->norms);
	s->status = ENGINE_LOBBY;
	s->phase = -1;
	s->clock = now;
	s->rot_block = -1;
	s->fl.revisit_from = NOPOS;
	return (s);
}

/* Free a session. */
void
engine_free(struct engine_session *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nm; i++) {
		free(s->m[i]->name);
		free(s->m[i]);
	}
	free(s->m);
	floor_free(&s->fl);
	uidlist_free(&s->rot);
	engine_template_free(s->tpl);
	free(s->norms);
	free(s);
}

/* Return the member with this uid, or NULL. */
struct member *
member_find(const struct engine_session *s, uint64_t uid)
{
	size_t	i;

	if (uid == 0)
		return (NULL);
	for (i = 0; i < s->nm; i++) {
		if (s->m[i]->uid == uid)
			return (s->m[i]);
	}
	return (NULL);
}

/* Return a member's display name for messages. */
const char *
member_name(const struct engine_session *s, uint64_t uid)
{
	struct member	*m;

	if ((m = member_find(s, uid)) == NULL)
		return ("someone");
	return (m->name);
}

/* Return 1 if a member takes part in the discussion (the "circle"). */
int
member_in_circle(const struct engine_session *s, const struct member *m)
{
	if (m->flags & MF_REMOVED)
		return (0);
	return (m->role == ENGINE_ROLE_PARTICIPANT ||
	    (m->role == ENGINE_ROLE_FACILITATOR && s->tpl->facilitator_speaks));
}

/* Return 1 if a member is still here or within the grace period. */
int
member_available(const struct engine_session *s, const struct member *m)
{
	(void)s;
	return (!(m->flags & (MF_LEFT | MF_REMOVED | MF_ABSENT)));
}

/* Return the current phase, or NULL before the start. */
const struct engine_phase_def *
phase_cur(const struct engine_session *s)
{
	if (s->phase < 0 || (size_t)s->phase >= s->tpl->nphases)
		return (NULL);
	return (&s->tpl->phases[s->phase]);
}

/* Lower a member's hand; actor is who lowered it (0: the engine). */
void
member_hand_clear(struct engine_session *s, struct member *m, uint64_t actor)
{
	struct engine_effect	*fx;

	if (!(m->flags & MF_HAND))
		return;
	m->flags &= ~MF_HAND;
	m->pin = 0;
	if (s->ops != NULL && (s->ops->flags & FLF_HANDS))
		uidlist_remove(&s->fl.order, m->uid);
	fx = fx_new(s, ENGINE_FX_HAND);
	fx->uid = m->uid;
	fx->target = actor;
	fx_msg(fx, "%s's hand is down.", m->name);
	fx_queue(s, &s->fl.order, 0);
}

/* Tell the floor and the rotation that a member came or went. */
void
member_changed(struct engine_session *s, struct member *m)
{
	if (s->status != ENGINE_RUNNING && s->status != ENGINE_PAUSED)
		return;
	if (member_available(s, m))
		rotation_add(s, m);
	if (s->ops != NULL && s->ops->changed != NULL)
		s->ops->changed(s, m);
}

/* A member left, was removed or went absent: end their turn and hand. */
void
member_gone(struct engine_session *s, struct member *m, int why)
{
	if (s->status != ENGINE_RUNNING && s->status != ENGINE_PAUSED)
		return;
	if (s->fl.holder == m->uid)
		floor_turn_over(s, why);
	member_hand_clear(s, m, 0);
	member_changed(s, m);
}

/* A member is connected again: stop the grace period, resume a held turn. */
void
member_back(struct engine_session *s, struct member *m)
{
	struct engine_effect	*fx;
	int			 was_absent = (m->flags & MF_ABSENT) != 0;

	m->flags |= MF_CONNECTED;
	m->flags &= ~(MF_ABSENT | MF_LEFT);
	timer_stop(&m->grace);
	if (s->fl.holder == m->uid && (s->fl.turn.freeze & FZ_HOLD)) {
		timer_thaw(&s->fl.turn, s->clock, FZ_HOLD);
		fx = fx_new(s, ENGINE_FX_TURN_RESUMED);
		fx->uid = m->uid;
		fx->left_ms = timer_timed(&s->fl.turn) ?
		    (int64_t)timer_left(&s->fl.turn, s->clock) : -1;
		fx_msg(fx, "%s is back; the turn goes on.", m->name);
	}
	if (was_absent)
		member_changed(s, m);
}

/* Return 1 if text is a post's worth: not empty, not too long. */
int
text_valid(const char *text)
{
	size_t	len, i;

	if (text == NULL)
		return (0);
	len = strnlen(text, ENGINE_TEXT_MAX + 1);
	if (len == 0 || len > ENGINE_TEXT_MAX)
		return (0);
	for (i = 0; i < len; i++) {
		if (!isspace((unsigned char)text[i]))
			return (1);
	}
	return (0);
}

/* Return the number of words in a text. */
size_t
words_count(const char *text)
{
	size_t	n = 0;
	int	in = 0;

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

/* Return the number of circle members still here. */
static size_t
engine_circle_count(const struct engine_session *s)
{
	size_t	i, n = 0;

	for (i = 0; i < s->nm; i++) {
		if (member_in_circle(s, s->m[i]) &&
		    member_available(s, s->m[i]))
			n++;
	}
	return (n);
}

/* JOIN: a new member, or a member coming back. */
static int
in_join(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	size_t			 len;
	int			 role = in->role;

	(void)r;
	if (in->uid == 0 || in->name == NULL || (int)role < 0 ||
	    role >= ENGINE_ROLE_COUNT)
		return (ENGINE_R_BAD_VALUE);
	len = strnlen(in->name, ENGINE_NAME_MAX + 1);
	if (len == 0 || len > ENGINE_NAME_MAX)
		return (ENGINE_R_BAD_VALUE);
	if (m != NULL) {
		if (m->flags & MF_REMOVED)
			return (ENGINE_R_REMOVED);
		if ((m->flags & MF_CONNECTED) && !(m->flags & MF_LEFT))
			return (ENGINE_OK);
		member_back(s, m);
		member_changed(s, m);
		fx = fx_new(s, ENGINE_FX_JOIN);
		fx->uid = m->uid;
		fx->role = m->role;
		fx->text = xstrdup(m->name);
		fx->value = 1;
		fx_msg(fx, "%s is back.", m->name);
		return (ENGINE_OK);
	}
	if (s->nm >= ENGINE_MEMBERS_MAX)
		return (ENGINE_R_FULL);
	if (s->tpl->max_members != 0 && (role == ENGINE_ROLE_PARTICIPANT ||
	    role == ENGINE_ROLE_PRESENTER) &&
	    engine_circle_count(s) >= s->tpl->max_members)
		return (ENGINE_R_FULL);
	m = xcalloc(1, sizeof *m);
	m->uid = in->uid;
	m->name = xstrdup(in->name);
	m->role = role == ENGINE_ROLE_PRESENTER ? ENGINE_ROLE_PARTICIPANT :
	    role;
	m->seat = s->seats_next++;
	m->flags = MF_CONNECTED;
	if (s->norms == NULL ||
	    (m->role == ENGINE_ROLE_FACILITATOR && !in->must_ack))
		m->flags |= MF_NORMS;
	s->m = xreallocarray(s->m, s->nm + 1, sizeof *s->m);
	s->m[s->nm++] = m;
	fx = fx_new(s, ENGINE_FX_JOIN);
	fx->uid = m->uid;
	fx->role = role;
	fx->text = xstrdup(m->name);
	fx_msg(fx, "%s joins as %s.", m->name, engine_role_name(role));
	if (role == ENGINE_ROLE_PRESENTER) {
		s->base_presenter = m->uid;
		if (s->rot_block < 0)
			presenter_set(s, m->uid);
	}
	member_changed(s, m);
	return (ENGINE_OK);
}

/* LEAVE: the member goes; no grace period. */
static int
in_leave(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)in;
	(void)r;
	m->flags |= MF_LEFT;
	m->flags &= ~MF_CONNECTED;
	timer_stop(&m->grace);
	fx = fx_new(s, ENGINE_FX_LEAVE);
	fx->uid = m->uid;
	fx_msg(fx, "%s left.", m->name);
	member_gone(s, m, ENGINE_TE_LEFT);
	return (ENGINE_OK);
}

/* DISCONNECT: the grace period starts; a turn in progress is held. */
static int
in_disconnect(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;
	char			 c[32];

	(void)in;
	(void)r;
	if (!(m->flags & MF_CONNECTED))
		return (ENGINE_R_NOT_CONNECTED);
	m->flags &= ~MF_CONNECTED;
	fx = fx_new(s, ENGINE_FX_DISCONNECT);
	fx->uid = m->uid;
	fx->value = (int64_t)s->grace_ms;
	fx_msg(fx, "%s lost the connection.", m->name);
	if (s->grace_ms == 0) {
		member_absent(s, m);
		return (ENGINE_OK);
	}
	timer_start(s, &m->grace, s->grace_ms);
	if (s->fl.holder == m->uid && !(s->fl.turn.freeze & FZ_HOLD)) {
		timer_freeze(&s->fl.turn, s->clock, FZ_HOLD);
		fx = fx_new(s, ENGINE_FX_TURN_HELD);
		fx->uid = m->uid;
		fx->left_ms = timer_timed(&s->fl.turn) ?
		    (int64_t)timer_left(&s->fl.turn, s->clock) : -1;
		fx->value = (int64_t)s->grace_ms;
		fx_msg(fx, "%s's turn is held for %s.", m->name,
		    fmt_clock(c, sizeof c, (int64_t)s->grace_ms));
	}
	return (ENGINE_OK);
}

/* RECONNECT: back within the grace period, or after it. */
static int
in_reconnect(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)in;
	(void)r;
	if (m->flags & MF_CONNECTED)
		return (ENGINE_R_ALREADY_CONNECTED);
	fx = fx_new(s, ENGINE_FX_RECONNECT);
	fx->uid = m->uid;
	fx_msg(fx, "%s is back online.", m->name);
	member_back(s, m);
	return (ENGINE_OK);
}

/* NORMS_ACK: the member acknowledges the session's norms. */
static int
in_norms_ack(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct engine_effect	*fx;

	(void)in;
	(void)r;
	if (m->flags & MF_NORMS)
		return (ENGINE_OK);
	m->flags |= MF_NORMS;
	fx = fx_new(s, ENGINE_FX_NORMS_ACK);
	fx->uid = m->uid;
	fx_msg(fx, "%s acknowledged the norms.", m->name);
	return (ENGINE_OK);
}

/* The checks every kind of speech passes before the floor's own rule. */
static int
engine_speech_check(struct engine_session *s, struct member *m,
    const char *text)
{
	if (!text_valid(text))
		return (ENGINE_R_BAD_VALUE);
	if (s->status == ENGINE_PAUSED)
		return (ENGINE_R_PAUSED);
	if (m->role == ENGINE_ROLE_OBSERVER)
		return (ENGINE_R_OBSERVER);
	if (m->flags & MF_MUTED)
		return (ENGINE_R_MUTED);
	if (!(m->flags & MF_NORMS))
		return (ENGINE_R_NORMS);
	return (ENGINE_OK);
}

/* POST: speech, if the floor allows it. */
static int
in_post(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct engine_effect		*fx;
	char				*tag;
	int				 reason;

	(void)r;
	if ((reason = engine_speech_check(s, m, in->text)) != ENGINE_OK)
		return (reason);
	if (!member_in_circle(s, m) && ph->floor != ENGINE_FLOOR_FACILITATOR &&
	    s->fl.holder != m->uid)
		return (ENGINE_R_USE_NOTE);
	if (ph->presenter_silent && m->uid == s->presenter)
		return (ENGINE_R_PRESENTER_SILENT);
	if ((reason = s->ops->may_post(s, m)) != ENGINE_OK)
		return (reason);
	tag = phase_text(s, ph->stem);
	if (s->ops->posted != NULL)
		s->ops->posted(s, m, &tag);
	m->st.posts++;
	m->st.words += (uint32_t)words_count(in->text);
	fx = fx_new(s, ENGINE_FX_POST);
	fx->uid = m->uid;
	fx->text = xstrdup(in->text);
	fx->tag = tag;
	fx_msg(fx, "%s: %s", m->name, in->text);
	return (ENGINE_OK);
}

/* HAND_RAISE: join the queue, where the floor has one. */
static int
in_hand_raise(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	(void)in;
	(void)r;
	if (m->role == ENGINE_ROLE_OBSERVER)
		return (ENGINE_R_OBSERVER);
	if (s->ops->hand == NULL)
		return (ENGINE_R_NO_HANDS);
	return (s->ops->hand(s, m, 1));
}

/* HAND_LOWER: one's own hand, or (facilitators) anyone's. */
static int
in_hand_lower(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	struct member	*t = m;

	(void)r;
	if (in->target != 0 && in->target != m->uid) {
		if (m->role != ENGINE_ROLE_FACILITATOR)
			return (ENGINE_R_NOT_FACILITATOR);
		if ((t = member_find(s, in->target)) == NULL)
			return (ENGINE_R_NO_SUCH_MEMBER);
	}
	if (!(t->flags & MF_HAND))
		return (ENGINE_R_HAND_DOWN);
	member_hand_clear(s, t, m->uid);
	return (ENGINE_OK);
}

/* PASS: give up the turn; a go-around may come back at the end. */
static int
in_pass(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct engine_effect		*fx;

	(void)in;
	(void)r;
	if (s->fl.holder != m->uid)
		return (ENGINE_R_NO_TURN);
	if (ph->pass == ENGINE_PASS_NO)
		return (ENGINE_R_NO_PASS);
	fx = fx_new(s, ENGINE_FX_PASS);
	fx->uid = m->uid;
	if (ph->pass == ENGINE_PASS_REVISIT && s->fl.revisit_from == NOPOS &&
	    !s->fl.summary) {
		uidlist_push(&s->fl.revisit, m->uid);
		fx_msg(fx, "%s passes for now.", m->name);
	} else
		fx_msg(fx, "%s passes.", m->name);
	floor_turn_over(s, ENGINE_TE_PASS);
	return (ENGINE_OK);
}

/* DONE: yield the floor early, where turns may end early. */
static int
in_done(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	(void)in;
	(void)r;
	if (s->fl.holder != m->uid)
		return (ENGINE_R_NO_TURN);
	if (!phase_cur(s)->early_done && !s->fl.summary)
		return (ENGINE_R_NO_EARLY_END);
	floor_turn_over(s, ENGINE_TE_DONE);
	return (ENGINE_OK);
}

/* BOARD_POST, BOARD_REPLY: a card, or a reply to one, on the board. */
static int
in_board(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	const struct engine_phase_def	*ph = phase_cur(s);
	struct engine_effect		*fx;
	uint32_t			 parent = 0;
	int				 reason;

	if ((reason = engine_speech_check(s, m, in->text)) != ENGINE_OK)
		return (reason);
	if (ph->floor != ENGINE_FLOOR_BOARD)
		return (ENGINE_R_NOT_BOARD);
	if (!member_in_circle(s, m) && m->role != ENGINE_ROLE_FACILITATOR)
		return (ENGINE_R_OBSERVER);
	if (ph->presenter_silent && m->uid == s->presenter)
		return (ENGINE_R_PRESENTER_SILENT);
	if (in->kind == ENGINE_IN_BOARD_REPLY) {
		if (in->parent == 0 || in->parent > s->board_next)
			return (ENGINE_R_NO_SUCH_CARD);
		parent = in->parent;
	}
	s->board_next++;
	m->st.board_posts++;
	m->st.words += (uint32_t)words_count(in->text);
	r->value = s->board_next;
	fx = fx_new(s, ENGINE_FX_BOARD_POST);
	fx->uid = m->uid;
	fx->text = xstrdup(in->text);
	fx->value = s->board_next;
	fx->parent = parent;
	if (parent != 0)
		fx_msg(fx, "Card %u, %s's reply to card %u: %s",
		    s->board_next, m->name, parent, in->text);
	else
		fx_msg(fx, "Card %u by %s: %s", s->board_next, m->name,
		    in->text);
	return (ENGINE_OK);
}

/* TAP_IN, TAP_OUT: enter or leave a fishbowl's inner circle. */
static int
in_tap(struct engine_session *s, struct member *m,
    const struct engine_input *in, struct reply *r)
{
	int32_t	pos;
	int64_t	eta;
	int	reason;
	char	o[16];

	if (m->role == ENGINE_ROLE_OBSERVER)
		return (ENGINE_R_OBSERVER);
	if (s->ops->tap == NULL)
		return (ENGINE_R_NOT_FISHBOWL);
	reason = s->ops->tap(s, m, in->kind == ENGINE_IN_TAP_IN);
	if (reason == ENGINE_OK && in->kind == ENGINE_IN_TAP_IN &&
	    !(m->flags & MF_INNER)) {
		s->ops->position(s, m, &pos, &eta);
		r->value = pos + 1;
		xasprintf(&r->msg, "All seats are taken; you are %s in line "
		    "to enter the inner circle.", fmt_ordinal(o, sizeof o,
		    (uint32_t)pos + 1));
	}
	return (reason);
}

/* Run an input's checks; return ENGINE_OK or the refusal. */
static int
engine_check(const struct engine_session *s, unsigned int need,
    const struct member *m)
{
	if (s->status == ENGINE_ENDED)
		return (ENGINE_R_ENDED);
	if (need & NEED_MEMBER) {
		if (m == NULL)
			return (ENGINE_R_NOT_MEMBER);
		if (m->flags & MF_REMOVED)
			return (ENGINE_R_REMOVED);
		if (m->flags & MF_LEFT)
			return (ENGINE_R_NOT_MEMBER);
	}
	if ((need & NEED_FAC) && m->role != ENGINE_ROLE_FACILITATOR)
		return (ENGINE_R_NOT_FACILITATOR);
	if ((need & (NEED_STARTED | NEED_RUNNING)) &&
	    s->status == ENGINE_LOBBY)
		return (ENGINE_R_NOT_STARTED);
	if ((need & NEED_RUNNING) && s->status == ENGINE_PAUSED)
		return (ENGINE_R_PAUSED);
	return (ENGINE_OK);
}

/*
 * Feed one input at now. Appends the timer effects due first, the
 * input's effects, and exactly one ENGINE_FX_REPLY for in->uid. Return
 * ENGINE_OK or the refusal reason.
 */
int
engine_event(struct engine_session *s, const struct engine_input *in,
    uint64_t now, struct engine_out *out)
{
	struct reply		 r;
	struct member		*m;
	struct engine_effect	*fx;
	int			 reason, kind = (int)in->kind;

	s->out = out;
	if (now < s->clock)
		now = s->clock;
	session_run_due(s, now);
	memset(&r, 0, sizeof r);
	m = member_find(s, in->uid);
	if (kind < 0 || kind >= ENGINE_IN_COUNT)
		reason = ENGINE_R_UNKNOWN_INPUT;
	else
		reason = engine_check(s, inputs[kind].need, m);
	if (reason == ENGINE_OK) {
		if (m != NULL && !(m->flags & MF_CONNECTED) &&
		    kind != ENGINE_IN_JOIN && kind != ENGINE_IN_LEAVE &&
		    kind != ENGINE_IN_DISCONNECT &&
		    kind != ENGINE_IN_RECONNECT) {
			fx = fx_new(s, ENGINE_FX_RECONNECT);
			fx->uid = m->uid;
			fx_msg(fx, "%s is back online.", m->name);
			member_back(s, m);
		}
		reason = inputs[kind].fn(s, m, in, &r);
	}
	m = member_find(s, in->uid);
	if (reason != ENGINE_OK && m != NULL && (kind == ENGINE_IN_POST ||
	    kind == ENGINE_IN_BOARD_POST || kind == ENGINE_IN_BOARD_REPLY))
		m->st.refused++;
	fx_reply(s, in, m, reason, &r);
	free(r.msg);
	session_run_due(s, now);
	s->out = NULL;
	return (reason);
}

/* Let time pass up to now: expiries, warnings, grace periods. */
void
engine_tick(struct engine_session *s, uint64_t now, struct engine_out *out)
{
	s->out = out;
	if (now < s->clock)
		now = s->clock;
	session_run_due(s, now);
	s->out = NULL;
}

/* Return when engine_tick should next run, or ENGINE_NEVER. */
uint64_t
engine_next_deadline(const struct engine_session *s)
{
	return (session_deadline(s, NULL, NULL));
}
