/*
 * msg-session.c: schemas and table rows for the 3xx block: protocol
 * sessions, the floor, facilitation and templates. Requests are 300-349,
 * replies and events 350-399. proto/PROTOCOL.md section 5.3 describes
 * every field.
 */
#include <stddef.h>

#include "msgtab.h"

#define TITLE_MAX	PROTO_LABEL_MAX
#define WORD_MAX	PROTO_NAME_MAX

/* Records. */
static const struct pfield phase_opt_fields[] = {
	PF_FIELD(struct phase_opt_rec, phase, "phase", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct phase_opt_rec, duration, "duration", PF_U32, 0,
	    86400),
	PF_FIELD(struct phase_opt_rec, turn, "turn", PF_U32, 0, 86400),
};
PF_SCHEMA(phase_opt, struct phase_opt_rec, phase_opt_fields);

static const struct pfield session_rec_fields[] = {
	PF_FIELD(struct session_rec, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct session_rec, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct session_rec, title, "title", PF_STR, PFF_REQ,
	    TITLE_MAX),
	PF_FIELD(struct session_rec, template_name, "template", PF_STR,
	    PFF_REQ, WORD_MAX),
	PF_FIELD(struct session_rec, record, "record", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct session_rec, status, "status", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct session_rec, created, "created", PF_U64, 0, 0),
	PF_FIELD(struct session_rec, created_by, "created_by", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct session_rec, started, "started", PF_U64, 0, 0),
	PF_FIELD(struct session_rec, ended, "ended", PF_U64, 0, 0),
	PF_FIELD(struct session_rec, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct session_rec, phase_title, "phase_title", PF_STR, 0,
	    TITLE_MAX),
	PF_FIELD(struct session_rec, members, "members", PF_U32, 0, 0),
};
PF_SCHEMA(session_rec, struct session_rec, session_rec_fields);

static const struct pfield roster_rec_fields[] = {
	PF_FIELD(struct roster_rec, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    WORD_MAX),
	PF_FIELD(struct roster_rec, role, "role", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct roster_rec, presenter, "presenter", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, connected, "connected", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, absent, "absent", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, muted, "muted", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, hand, "hand", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, inner, "inner", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, norms_acked, "norms_acked", PF_BOOL, 0, 0),
	PF_FIELD(struct roster_rec, turns, "turns", PF_U32, 0, 0),
	PF_FIELD(struct roster_rec, posts, "posts", PF_U32, 0, 0),
	PF_FIELD(struct roster_rec, floor_ms, "floor_ms", PF_U64, 0, 0),
};
PF_SCHEMA(roster_rec, struct roster_rec, roster_rec_fields);

static const struct pfield stats_rec_fields[] = {
	PF_FIELD(struct stats_rec, user, "user", PF_STR, PFF_REQ | PFF_NAME,
	    WORD_MAX),
	PF_FIELD(struct stats_rec, role, "role", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct stats_rec, turns, "turns", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, posts, "posts", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, board_posts, "board_posts", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, words, "words", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, floor_ms, "floor_ms", PF_U64, 0, 0),
	PF_FIELD(struct stats_rec, passes, "passes", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, refused, "refused", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, hands, "hands", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, timeouts, "timeouts", PF_U32, 0, 0),
	PF_FIELD(struct stats_rec, skipped, "skipped", PF_U32, 0, 0),
};
PF_SCHEMA(stats_rec, struct stats_rec, stats_rec_fields);

static const struct pfield template_rec_fields[] = {
	PF_FIELD(struct template_rec, name, "name", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct template_rec, title, "title", PF_STR, PFF_REQ,
	    TITLE_MAX),
	PF_FIELD(struct template_rec, summary, "summary", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct template_rec, phases, "phases", PF_U32, 0, 0),
	PF_FIELD(struct template_rec, minutes, "minutes", PF_U32, 0, 0),
	PF_FIELD(struct template_rec, untimed, "untimed", PF_U32, 0, 0),
	PF_FIELD(struct template_rec, rotating, "rotating", PF_U32, 0, 0),
};
PF_SCHEMA(template_rec, struct template_rec, template_rec_fields);

static const struct pfield rule_rec_fields[] = {
	PF_FIELD(struct rule_rec, key, "key", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct rule_rec, value, "value", PF_STR, PFF_REQ, WORD_MAX),
};
PF_SCHEMA(rule_rec, struct rule_rec, rule_rec_fields);

static const struct pfield phase_rec_fields[] = {
	PF_FIELD(struct phase_rec, id, "id", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct phase_rec, title, "title", PF_STR, PFF_REQ, TITLE_MAX),
	PF_FIELD(struct phase_rec, floor, "floor", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct phase_rec, duration, "duration", PF_U32, 0, 0),
	PF_FIELD(struct phase_rec, turn, "turn", PF_U32, 0, 0),
	PF_FIELD(struct phase_rec, advance, "advance", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct phase_rec, rotate, "rotate", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct phase_rec, prompt, "prompt", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_ARRAY(struct phase_rec, rules, nrules, "rules", PF_RECS, 0, 16,
	    &rule_rec_schema),
};
PF_SCHEMA(phase_rec, struct phase_rec, phase_rec_fields);

/* Requests. */
static const struct pfield session_create_fields[] = {
	PF_FIELD(struct msg_session_create, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_session_create, template_name, "template", PF_STR,
	    PFF_REQ, WORD_MAX),
	PF_FIELD(struct msg_session_create, title, "title", PF_STR, 0,
	    TITLE_MAX),
	PF_FIELD(struct msg_session_create, record, "record", PF_STR, 0,
	    WORD_MAX),
	PF_ARRAY(struct msg_session_create, phases, nphases, "phases", PF_RECS,
	    0, 64, &phase_opt_schema),
	PF_FIELD(struct msg_session_create, scale, "scale", PF_U32, 0, 1000),
	PF_FIELD(struct msg_session_create, grace, "grace", PF_U32, 0, 3600),
	PF_FIELD(struct msg_session_create, norms, "norms", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_create, no_norms, "no_norms", PF_BOOL, 0,
	    0),
};
PF_SCHEMA(session_create, struct msg_session_create, session_create_fields);

static const struct pfield session_id_fields[] = {
	PF_FIELD(struct msg_session_ref, session, "session", PF_U64, PFF_REQ,
	    0),
};
PF_SCHEMA(session_id, struct msg_session_ref, session_id_fields);

static const struct pfield session_list_fields[] = {
	PF_FIELD(struct msg_session_ref, space, "space", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_session_ref, after, "after", PF_U64, 0, 0),
	PF_FIELD(struct msg_session_ref, limit, "limit", PF_U32, 0, 200),
};
PF_SCHEMA(session_list, struct msg_session_ref, session_list_fields);

static const struct pfield session_join_fields[] = {
	PF_FIELD(struct msg_session_ref, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_session_ref, since, "since", PF_U64, 0, 0),
	PF_FIELD(struct msg_session_ref, observer, "observer", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_ref, facilitator, "facilitator", PF_BOOL,
	    0, 0),
};
PF_SCHEMA(session_join, struct msg_session_ref, session_join_fields);

static const struct pfield session_post_fields[] = {
	PF_FIELD(struct msg_session_post, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_session_post, text, "text", PF_STR,
	    PFF_REQ | PFF_LINES, PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_post, board, "board", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_post, parent, "parent", PF_U32, 0, 0),
};
PF_SCHEMA(session_post, struct msg_session_post, session_post_fields);

static const struct pfield session_act_fields[] = {
	PF_FIELD(struct msg_session_act, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_session_act, action, "action", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_session_act, user, "user", PF_STR, PFF_NAME,
	    WORD_MAX),
	PF_FIELD(struct msg_session_act, seconds, "seconds", PF_I64, 0, 0),
	PF_FIELD(struct msg_session_act, turn, "turn", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_act, position, "position", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_act, inner, "inner", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_act, role, "role", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct msg_session_act, text, "text", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
};
PF_SCHEMA(session_act, struct msg_session_act, session_act_fields);

static const struct pfield template_ref_fields[] = {
	PF_FIELD(struct msg_template_ref, name, "name", PF_STR, PFF_REQ,
	    WORD_MAX),
};
PF_SCHEMA(template_ref, struct msg_template_ref, template_ref_fields);

/* Replies and events. */
static const struct pfield session_page_fields[] = {
	PF_ARRAY(struct msg_session_page, sessions, nsessions, "sessions",
	    PF_RECS, 0, 200, &session_rec_schema),
	PF_FIELD(struct msg_session_page, next, "next", PF_U64, 0, 0),
};
PF_SCHEMA(session_page, struct msg_session_page, session_page_fields);

static const struct pfield session_state_fields[] = {
	PF_FIELD(struct msg_session_state, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_session_state, seq, "seq", PF_U64, 0, 0),
	PF_FIELD(struct msg_session_state, title, "title", PF_STR, 0,
	    TITLE_MAX),
	PF_FIELD(struct msg_session_state, template_name, "template", PF_STR,
	    0, WORD_MAX),
	PF_FIELD(struct msg_session_state, record, "record", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_state, status, "status", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_session_state, norms, "norms", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_state, norms_acked, "norms_acked",
	    PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_state, role, "role", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct msg_session_state, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_state, nphases, "nphases", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_state, phase_id, "phase_id", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_state, phase_title, "phase_title", PF_STR,
	    0, TITLE_MAX),
	PF_FIELD(struct msg_session_state, prompt, "prompt", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_state, floor, "floor", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_state, waiting, "waiting", PF_BOOL, 0, 0),
	PF_FIELD(struct msg_session_state, phase_left_ms, "phase_left_ms",
	    PF_I64, 0, 0),
	PF_FIELD(struct msg_session_state, phase_total_ms, "phase_total_ms",
	    PF_I64, 0, 0),
	PF_FIELD(struct msg_session_state, holder, "holder", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_state, turn_left_ms, "turn_left_ms",
	    PF_I64, 0, 0),
	PF_FIELD(struct msg_session_state, turn_total_ms, "turn_total_ms",
	    PF_I64, 0, 0),
	PF_FIELD(struct msg_session_state, turn_held, "turn_held", PF_BOOL, 0,
	    0),
	PF_FIELD(struct msg_session_state, round, "round", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_state, presenter, "presenter", PF_STR, 0,
	    WORD_MAX),
	PF_ARRAY(struct msg_session_state, queue, nqueue, "queue", PF_STRS, 0,
	    PROTO_LIST_MAX, NULL),
	PF_ARRAY(struct msg_session_state, members, nmembers, "members",
	    PF_RECS, 0, PROTO_LIST_MAX, &roster_rec_schema),
	PF_FIELD(struct msg_session_state, truncated, "truncated", PF_BOOL, 0,
	    0),
};
PF_SCHEMA(session_state, struct msg_session_state, session_state_fields);

static const struct pfield session_event_fields[] = {
	PF_FIELD(struct msg_session_event, session, "session", PF_U64, PFF_REQ,
	    0),
	PF_FIELD(struct msg_session_event, seq, "seq", PF_U64, 0, 0),
	PF_FIELD(struct msg_session_event, at, "at", PF_U64, 0, 0),
	PF_FIELD(struct msg_session_event, kind, "kind", PF_STR, PFF_REQ,
	    WORD_MAX),
	PF_FIELD(struct msg_session_event, user, "user", PF_STR, 0, WORD_MAX),
	PF_FIELD(struct msg_session_event, target, "target", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_event, phase, "phase", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_event, phase_id, "phase_id", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_event, phase_title, "phase_title", PF_STR,
	    0, TITLE_MAX),
	PF_FIELD(struct msg_session_event, floor, "floor", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_event, round, "round", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_event, left_ms, "left_ms", PF_I64, 0, 0),
	PF_FIELD(struct msg_session_event, total_ms, "total_ms", PF_I64, 0, 0),
	PF_FIELD(struct msg_session_event, value, "value", PF_I64, 0, 0),
	PF_FIELD(struct msg_session_event, reason, "reason", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_session_event, text, "text", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_event, tag, "tag", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_session_event, card, "card", PF_U32, 0, 0),
	PF_FIELD(struct msg_session_event, parent, "parent", PF_U32, 0, 0),
	PF_ARRAY(struct msg_session_event, order, norder, "order", PF_STRS, 0,
	    PROTO_LIST_MAX, NULL),
	PF_FIELD(struct msg_session_event, msg, "msg", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX * 2),
};
PF_SCHEMA(session_event, struct msg_session_event, session_event_fields);

static const struct pfield posted_fields[] = {
	PF_FIELD(struct msg_posted, session, "session", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_posted, seq, "seq", PF_U64, PFF_REQ, 0),
	PF_FIELD(struct msg_posted, card, "card", PF_U32, 0, 0),
};
PF_SCHEMA(posted, struct msg_posted, posted_fields);

static const struct pfield stats_fields[] = {
	PF_FIELD(struct msg_stats, session, "session", PF_U64, PFF_REQ, 0),
	PF_ARRAY(struct msg_stats, members, nmembers, "members", PF_RECS, 0,
	    PROTO_LIST_MAX, &stats_rec_schema),
	PF_ARRAY(struct msg_stats, unheard, nunheard, "unheard", PF_STRS, 0,
	    PROTO_LIST_MAX, NULL),
};
PF_SCHEMA(stats, struct msg_stats, stats_fields);

static const struct pfield template_page_fields[] = {
	PF_ARRAY(struct msg_template_page, templates, ntemplates, "templates",
	    PF_RECS, 0, 200, &template_rec_schema),
};
PF_SCHEMA(template_page, struct msg_template_page, template_page_fields);

static const struct pfield template_fields[] = {
	PF_FIELD(struct msg_template, name, "name", PF_STR, PFF_REQ, WORD_MAX),
	PF_FIELD(struct msg_template, title, "title", PF_STR, PFF_REQ,
	    TITLE_MAX),
	PF_FIELD(struct msg_template, summary, "summary", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_template, source, "source", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_template, norms, "norms", PF_STR, PFF_LINES,
	    PROTO_TEXT_MAX),
	PF_FIELD(struct msg_template, facilitator, "facilitator", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_template, warnings, "warnings", PF_STR, 0,
	    WORD_MAX),
	PF_FIELD(struct msg_template, min_members, "min_members", PF_U32, 0, 0),
	PF_FIELD(struct msg_template, max_members, "max_members", PF_U32, 0, 0),
	PF_ARRAY(struct msg_template, phases, nphases, "phases", PF_RECS, 0,
	    64, &phase_rec_schema),
};
PF_SCHEMA(template, struct msg_template, template_fields);

/* Sorted by type. */
const struct msgdef msg_session_defs[] = {
	{ MSG_SESSION_CREATE, "session_create", PD_C2S, PS_READY,
	    &session_create_schema },
	{ MSG_SESSION_LIST, "session_list", PD_C2S, PS_READY,
	    &session_list_schema },
	{ MSG_SESSION_INFO, "session_info", PD_C2S, PS_READY,
	    &session_id_schema },
	{ MSG_SESSION_JOIN, "session_join", PD_C2S, PS_READY,
	    &session_join_schema },
	{ MSG_SESSION_LEAVE, "session_leave", PD_C2S, PS_READY,
	    &session_id_schema },
	{ MSG_SESSION_POST, "session_post", PD_C2S, PS_READY,
	    &session_post_schema },
	{ MSG_SESSION_ACT, "session_act", PD_C2S, PS_READY,
	    &session_act_schema },
	{ MSG_SESSION_CONTROL, "session_control", PD_C2S, PS_READY,
	    &session_act_schema },
	{ MSG_SESSION_STATS, "session_stats", PD_C2S, PS_READY,
	    &session_id_schema },
	{ MSG_TEMPLATE_LIST, "template_list", PD_C2S, PS_READY, NULL },
	{ MSG_TEMPLATE_INFO, "template_info", PD_C2S, PS_READY,
	    &template_ref_schema },
	{ MSG_SESSION, "session", PD_S2C, PS_ANY, &session_rec_schema },
	{ MSG_SESSION_PAGE, "session_page", PD_S2C, PS_ANY,
	    &session_page_schema },
	{ MSG_SESSION_STATE, "session_state", PD_S2C, PS_ANY,
	    &session_state_schema },
	{ MSG_SESSION_EVENT, "session_event", PD_S2C, PS_ANY,
	    &session_event_schema },
	{ MSG_POSTED, "posted", PD_S2C, PS_ANY, &posted_schema },
	{ MSG_STATS, "stats", PD_S2C, PS_ANY, &stats_schema },
	{ MSG_TEMPLATE_PAGE, "template_page", PD_S2C, PS_ANY,
	    &template_page_schema },
	{ MSG_TEMPLATE, "template", PD_S2C, PS_ANY, &template_schema },
};
const size_t msg_session_ndefs =
    sizeof msg_session_defs / sizeof msg_session_defs[0];
