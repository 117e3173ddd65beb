/*
 * engine.h: the discussion protocol engine, a pure state machine.
 *
 * A session runs one protocol template (an ordered list of timed phases,
 * each with a floor mode) for a set of members. The engine does no I/O:
 * the server feeds it inputs (engine_event) and the passing of time
 * (engine_tick), and drains the effects it appends to an output list:
 * events to record in the transcript and broadcast to the members, and
 * exactly one reply per input for the member who sent it.
 *
 * Time is injected. Every entry point takes now_ms, a monotonic clock in
 * milliseconds (CLOCK_MONOTONIC in the server, anything in tests). A now_ms
 * smaller than one seen before is treated as the one seen before.
 *
 * Driving a session from the server:
 *
 *	s = engine_new(tpl, &opts, now, err, sizeof err);
 *	engine_out_init(&out);
 *	on each request:  engine_event(s, &in, now, &out); deliver(&out);
 *	on the timer:     engine_tick(s, now, &out); deliver(&out);
 *	after either:     arm the session's one timer for
 *			  engine_next_deadline(s) (ENGINE_NEVER: disarm; a
 *			  deadline already due after a days-long backlog
 *			  means: tick again at once);
 *	deliver():        for each effect: REPLY goes to in.uid only; the
 *			  others go to the transcript (ENGINE_FXF_RECORD) and
 *			  to every member (ENGINE_FXF_BROADCAST); then
 *			  engine_out_reset(&out);
 *	to persist:       engine_snapshot() after each batch of effects;
 *	after a restart:  engine_snapshot_peek() for the template name, then
 *			  engine_restore(), which emits ENGINE_FX_RESUMED.
 *
 * Every entry point first runs the timers that fell due up to now, so an
 * output list may begin with timer effects before the reply.
 *
 * Ownership: inputs are borrowed for the duration of the call. Effects own
 * copies of their strings and arrays; engine_out_reset() frees them. The
 * strings in a view or member record point into the session and stay
 * valid until the next call that changes the session.
 */
#ifndef RT_ENGINE_H
#define RT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENGINE_NEVER		UINT64_MAX	/* no deadline */
#define ENGINE_WARN_MAX		4	/* warning thresholds per session */
#define ENGINE_NAME_MAX		128	/* display name, bytes */
#define ENGINE_TEXT_MAX		8192	/* post, note, prompt, bytes */
#define ENGINE_MEMBERS_MAX	1024	/* members of one session */
#define ENGINE_ID_MAX		32	/* template and phase names */
#define ENGINE_PHASES_MAX	64	/* phases in one template */
#define ENGINE_DEFAULT_GRACE_MS	30000
#define ENGINE_DEFAULT_WARN1_MS	60000
#define ENGINE_DEFAULT_WARN2_MS	10000

/*
 * Floor modes: who may post during a phase. The names in the table in
 * floor.c are the ones template files use.
 */
enum engine_floor {
	ENGINE_FLOOR_PRESENTER = 0,	/* "presenter": presenter only */
	ENGINE_FLOOR_GROUP,		/* "group": presenter silent */
	ENGINE_FLOOR_QUESTIONS,		/* "questions": group asks, presenter answers */
	ENGINE_FLOOR_GO_AROUND,		/* "go-around": each once, in order */
	ENGINE_FLOOR_TALKING_PIECE,	/* "talking-piece": rounds, keeper sums up */
	ENGINE_FLOOR_OPEN,		/* "open": anyone in the circle */
	ENGINE_FLOOR_QUEUE,		/* "queue": raised hands, first in first out */
	ENGINE_FLOOR_PROGRESSIVE,	/* "progressive": least heard first */
	ENGINE_FLOOR_FACILITATOR,	/* "facilitator": facilitators only */
	ENGINE_FLOOR_SILENT,		/* "silent": no posts */
	ENGINE_FLOOR_BOARD,		/* "board": written board, no chat */
	ENGINE_FLOOR_FISHBOWL,		/* "fishbowl": inner circle only */
	ENGINE_FLOOR_COUNT
};

/* Session roles. A presenter is a participant the session presents. */
enum engine_role {
	ENGINE_ROLE_PARTICIPANT = 0,
	ENGINE_ROLE_PRESENTER,		/* input only; reads back as participant */
	ENGINE_ROLE_FACILITATOR,
	ENGINE_ROLE_OBSERVER,		/* reads only */
	ENGINE_ROLE_COUNT
};

enum engine_status {
	ENGINE_LOBBY = 0,		/* created, not started */
	ENGINE_RUNNING,
	ENGINE_PAUSED,
	ENGINE_ENDED
};

/* Phase advance on expiry. */
enum engine_advance {
	ENGINE_ADVANCE_AUTO = 0,	/* the next phase starts by itself */
	ENGINE_ADVANCE_FACILITATOR	/* time up; wait for the facilitator */
};

/* Pass policy in turn floors. */
enum engine_pass {
	ENGINE_PASS_NO = 0,
	ENGINE_PASS_YES,		/* a pass ends the turn */
	ENGINE_PASS_REVISIT		/* and is asked again at the round's end */
};

/* Where a round's order starts. */
enum engine_start {
	ENGINE_START_FIRST = 0,		/* the first seat */
	ENGINE_START_ROTATE,		/* one seat later each rotating round */
	ENGINE_START_AFTER_PRESENTER	/* the seat after the presenter */
};

/* Who keeps the talking piece and sums up between rounds. */
enum engine_keeper {
	ENGINE_KEEPER_FACILITATOR = 0,
	ENGINE_KEEPER_PRESENTER
};

/*
 * Inputs. Fields of struct engine_input used by each kind are noted;
 * "target" defaults to uid where it names a member and is 0.
 */
enum engine_input_kind {
	ENGINE_IN_JOIN = 0,	/* name, role; after leaving or while away:
				   rejoin; while here: nothing changes */
	ENGINE_IN_LEAVE,	/* leaves deliberately; no grace period */
	ENGINE_IN_DISCONNECT,	/* connection lost: grace period starts */
	ENGINE_IN_RECONNECT,	/* back within or after the grace period */
	ENGINE_IN_NORMS_ACK,	/* acknowledges the session's norms */
	ENGINE_IN_POST,		/* text: speech, checked against the floor */
	ENGINE_IN_HAND_RAISE,
	ENGINE_IN_HAND_LOWER,	/* target: a facilitator may lower others' */
	ENGINE_IN_PASS,		/* passes the current turn */
	ENGINE_IN_DONE,		/* yields the floor early */
	ENGINE_IN_BOARD_POST,	/* text: a card on the written board */
	ENGINE_IN_BOARD_REPLY,	/* text, parent: a reply to a card */
	ENGINE_IN_TAP_IN,	/* fishbowl: ask to enter the inner circle */
	ENGINE_IN_TAP_OUT,	/* fishbowl: leave it, or withdraw a request */
	/* Facilitator controls. */
	ENGINE_IN_START,
	ENGINE_IN_PAUSE,
	ENGINE_IN_RESUME,
	ENGINE_IN_ADJUST,	/* which, seconds (signed): extend/shorten */
	ENGINE_IN_NEXT,		/* next phase */
	ENGINE_IN_PREVIOUS,	/* previous phase, from its start */
	ENGINE_IN_SKIP,		/* ends the current turn */
	ENGINE_IN_GRANT,	/* target: give the floor */
	ENGINE_IN_REORDER,	/* target, position (0-based) in queue/order */
	ENGINE_IN_MUTE,		/* target */
	ENGINE_IN_UNMUTE,	/* target */
	ENGINE_IN_MOVE,		/* target, inner: fishbowl circle */
	ENGINE_IN_REMOVE,	/* target: out of the session for good */
	ENGINE_IN_SET_ROLE,	/* target, role */
	ENGINE_IN_NOTE,		/* text: a facilitator note, always allowed */
	ENGINE_IN_END,
	ENGINE_IN_COUNT
};

/* What ENGINE_IN_ADJUST changes. */
enum engine_adjust {
	ENGINE_ADJUST_PHASE = 0,
	ENGINE_ADJUST_TURN
};

/* One input. Strings are borrowed for the call. */
struct engine_input {
	enum engine_input_kind	 kind;
	uint64_t		 uid;		/* who sends it */
	const char		*name;		/* JOIN */
	enum engine_role	 role;		/* JOIN, SET_ROLE */
	uint64_t		 target;	/* controls naming a member */
	const char		*text;		/* POST, BOARD_*, NOTE */
	uint32_t		 parent;	/* BOARD_REPLY: card id */
	enum engine_adjust	 which;		/* ADJUST */
	int32_t			 seconds;	/* ADJUST: + extends, - shortens */
	int32_t			 position;	/* REORDER */
	bool			 inner;		/* MOVE */
	bool			 must_ack;	/* JOIN: a facilitator too must
						   acknowledge the norms */
};

/*
 * Why an input was refused. engine_reason_name() gives a stable name
 * (e.g. "presenter-silent") for the wire.
 */
enum engine_reason {
	ENGINE_OK = 0,
	ENGINE_R_UNKNOWN_INPUT,		/* no such input kind */
	ENGINE_R_BAD_VALUE,		/* empty or too long text, bad argument */
	ENGINE_R_NOT_MEMBER,		/* not in the session */
	ENGINE_R_REMOVED,		/* removed by a facilitator */
	ENGINE_R_FULL,			/* too many members */
	ENGINE_R_NOT_FACILITATOR,	/* control needs the facilitator role */
	ENGINE_R_OBSERVER,		/* observers read only */
	ENGINE_R_NOT_STARTED,		/* session not started yet */
	ENGINE_R_ALREADY_STARTED,
	ENGINE_R_ENDED,			/* session is over */
	ENGINE_R_PAUSED,		/* session is paused */
	ENGINE_R_NOT_PAUSED,
	ENGINE_R_TOO_FEW,		/* not enough members to start */
	ENGINE_R_NORMS,			/* norms not acknowledged yet */
	ENGINE_R_MUTED,			/* muted by a facilitator */
	ENGINE_R_PRESENTER_ONLY,	/* only the presenter speaks now */
	ENGINE_R_PRESENTER_SILENT,	/* the presenter listens silently */
	ENGINE_R_NO_QUESTION,		/* presenter: nothing asked yet */
	ENGINE_R_FACILITATOR_ONLY,	/* only facilitators speak now */
	ENGINE_R_USE_NOTE,		/* facilitators lead: post a note */
	ENGINE_R_SILENT,		/* silent phase: no posts */
	ENGINE_R_BOARD_ONLY,		/* written phase: use the board */
	ENGINE_R_NOT_BOARD,		/* board posts outside a board phase */
	ENGINE_R_NO_SUCH_CARD,		/* reply to a card that does not exist */
	ENGINE_R_NOT_YOUR_TURN,		/* someone else holds the floor */
	ENGINE_R_ROUND_OVER,		/* the round is over; waiting */
	ENGINE_R_RAISE_HAND,		/* queue floor: raise a hand first */
	ENGINE_R_IN_QUEUE,		/* queue floor: waiting in the queue */
	ENGINE_R_OUTER_CIRCLE,		/* fishbowl: outer circle listens */
	ENGINE_R_NO_TURN,		/* pass/done/skip without a turn */
	ENGINE_R_NO_TURNS,		/* grant/reorder: floor has no turns */
	ENGINE_R_NO_PASS,		/* passing not allowed in this phase */
	ENGINE_R_NO_EARLY_END,		/* turns run their full time */
	ENGINE_R_NO_HANDS,		/* this phase does not use hands */
	ENGINE_R_HAND_UP,		/* hand already raised */
	ENGINE_R_HAND_DOWN,		/* hand not raised */
	ENGINE_R_HOLDS_FLOOR,		/* raising a hand while speaking */
	ENGINE_R_NO_SUCH_MEMBER,	/* target is not in the session */
	ENGINE_R_ABSENT,		/* target is absent */
	ENGINE_R_NO_PHASE,		/* no next or previous phase */
	ENGINE_R_NO_TIMER,		/* adjust an untimed phase or turn */
	ENGINE_R_NOT_FISHBOWL,		/* circle inputs outside fishbowl */
	ENGINE_R_CLOSED_FISHBOWL,	/* closed fishbowl: no tap-in */
	ENGINE_R_ALREADY_INNER,
	ENGINE_R_NOT_INNER,
	ENGINE_R_NOT_IN_ORDER,		/* reorder/grant target not eligible */
	ENGINE_R_NOT_CONNECTED,		/* input from a disconnected member */
	ENGINE_R_ALREADY_CONNECTED,
	ENGINE_R_COUNT
};

/* How a turn ended (TURN_END reason). */
enum engine_turn_end {
	ENGINE_TE_DONE = 0,		/* the speaker yielded */
	ENGINE_TE_TIMEOUT,		/* the turn's time ran out */
	ENGINE_TE_PASS,			/* the speaker passed */
	ENGINE_TE_SKIPPED,		/* a facilitator skipped it */
	ENGINE_TE_ABSENT,		/* grace period ran out */
	ENGINE_TE_LEFT,			/* the speaker left or was removed */
	ENGINE_TE_PHASE_END,		/* the phase ended first */
	ENGINE_TE_GRANTED,		/* the floor was granted to someone else */
	ENGINE_TE_COUNT
};

/* Effect kinds. The fields each one uses are listed in engine_effect. */
enum engine_fx_kind {
	ENGINE_FX_REPLY = 0,	/* to the requester only */
	ENGINE_FX_JOIN,
	ENGINE_FX_LEAVE,
	ENGINE_FX_DISCONNECT,
	ENGINE_FX_RECONNECT,
	ENGINE_FX_ABSENT,	/* grace period over: marked absent */
	ENGINE_FX_NORMS_ACK,
	ENGINE_FX_START,	/* session started */
	ENGINE_FX_PAUSE,
	ENGINE_FX_RESUME,
	ENGINE_FX_RESUMED,	/* restored after a server restart */
	ENGINE_FX_END,		/* session ended */
	ENGINE_FX_PHASE_START,
	ENGINE_FX_PHASE_END,
	ENGINE_FX_TIME_UP,	/* phase time up (or round over); waiting for
				   the facilitator: no new turns start */
	ENGINE_FX_ROUND_START,	/* a go-around or talking-piece round */
	ENGINE_FX_PRESENTER,	/* the presenter changed */
	ENGINE_FX_TURN_START,
	ENGINE_FX_TURN_END,
	ENGINE_FX_TURN_HELD,	/* speaker disconnected: turn held */
	ENGINE_FX_TURN_RESUMED,	/* speaker back: the held turn goes on */
	ENGINE_FX_TURN_SKIPPED,	/* an absent member's turn was passed over */
	ENGINE_FX_WARNING,	/* a time threshold was crossed */
	ENGINE_FX_POST,
	ENGINE_FX_BOARD_POST,
	ENGINE_FX_NOTE,
	ENGINE_FX_PASS,
	ENGINE_FX_HAND,		/* raised (value 1) or lowered (value 0) */
	ENGINE_FX_QUEUE,	/* the queue's order changed */
	ENGINE_FX_CIRCLE,	/* fishbowl: moved inner (value 1) or outer */
	ENGINE_FX_CONTROL,	/* a facilitator action */
	ENGINE_FX_COUNT
};

/* Effect audience and handling. */
#define ENGINE_FXF_RECORD	0x01	/* store in the transcript */
#define ENGINE_FXF_BROADCAST	0x02	/* send to every member */
#define ENGINE_FXF_REPLY	0x04	/* send to the requester only */

/*
 * Structured detail of a refusal, and of some replies: the rule in force,
 * who holds the floor and when the requester may speak.
 */
struct engine_detail {
	int32_t		 floor;		/* engine_floor in force, -1 none */
	int32_t		 phase;		/* current phase index, -1 none */
	int64_t		 phase_left_ms;	/* -1 untimed or none */
	uint64_t	 holder;	/* uid holding the floor, 0 none */
	int64_t		 holder_left_ms; /* -1 untimed or none */
	int32_t		 position;	/* turns ahead of requester, -1 none */
	int32_t		 next_phase;	/* next phase requester may speak in */
	int64_t		 eta_ms;	/* estimate until requester may speak */
};

/*
 * One effect. Fields not listed for a kind are zero, -1 or NULL.
 *
 * all kinds:    kind, flags, at_ms (logical time, <= now), msg (English)
 * REPLY:        input (kind answered), uid, reason (ENGINE_OK or refusal),
 *               detail; value: BOARD_* card id, TAP_IN place in line
 * JOIN..ABSENT, NORMS_ACK: uid; JOIN: role, text (display name)
 * START, PAUSE, RESUME, RESUMED, END: uid (actor, 0 if none);
 *               PAUSE, RESUME: left_ms (phase, -1 untimed);
 *               RESUMED: left_ms (phase), target (floor holder)
 * PHASE_START:  phase, floor, round (rotation index + 1 or 0), left_ms
 *               (-1 untimed), total_ms, text (prompt, {presenter} filled),
 *               target (presenter, 0 if none), id (phase id)
 * PHASE_END, TIME_UP: phase, id
 * ROUND_START:  phase, round (1-based), uids (the order)
 * PRESENTER:    target (new presenter, 0 none), round (rotation index + 1)
 * TURN_START:   uid (holder), phase, round, left_ms (-1 untimed),
 *               total_ms, value (1 if the keeper's summary turn)
 * TURN_END:     uid, reason (engine_turn_end), value (ms held)
 * TURN_HELD:    uid, left_ms (turn time kept), value (grace ms)
 * TURN_RESUMED: uid, left_ms
 * TURN_SKIPPED: uid
 * WARNING:      value (ENGINE_ADJUST_PHASE or _TURN), uid (turn holder),
 *               left_ms, phase
 * POST:         uid, text, tag (stem or "question"/"answer", or NULL)
 * BOARD_POST:   uid, text, value (card id), parent (0: a new card)
 * NOTE:         uid, text
 * PASS:         uid
 * HAND:         uid, value (1 raised, 0 lowered), target (who lowered)
 * QUEUE:        uids (in order), value (0: hands or turn order, 1:
 *               fishbowl tap-in line)
 * CIRCLE:       uid, value (1 inner, 0 outer), target (actor)
 * CONTROL:      input (the control), uid (facilitator), target,
 *               value (ADJUST: delta ms; REORDER: position; SET_ROLE:
 *               role; MOVE: inner), left_ms (ADJUST: new time left)
 */
struct engine_effect {
	enum engine_fx_kind	 kind;
	unsigned int		 flags;		/* ENGINE_FXF_* */
	uint64_t		 at_ms;
	enum engine_input_kind	 input;
	uint64_t		 uid;
	uint64_t		 target;
	int32_t			 phase;
	int32_t			 floor;
	uint32_t		 round;
	int			 reason;
	int			 role;
	int64_t			 left_ms;
	int64_t			 total_ms;
	int64_t			 value;
	uint32_t		 parent;
	char			*id;		/* owned */
	char			*text;		/* owned */
	char			*tag;		/* owned */
	char			*msg;		/* owned, always set */
	uint64_t		*uids;		/* owned */
	size_t			 nuids;
	struct engine_detail	 detail;
};

/* The output list an entry point appends to; the caller drains it. */
struct engine_out {
	struct engine_effect	*fx;
	size_t			 n;
	size_t			 cap;
};

/* Live participation figures for one member. */
struct engine_stats {
	uint32_t	turns;		/* turns taken (not passed) */
	uint32_t	posts;		/* accepted posts */
	uint32_t	board_posts;	/* accepted board cards and replies */
	uint32_t	words;		/* words in accepted posts and cards */
	uint64_t	floor_ms;	/* time holding the floor */
	uint32_t	passes;
	uint32_t	refused;	/* refused posts and board posts */
	uint32_t	hands;		/* hands raised */
	uint32_t	timeouts;	/* turns that ran out of time */
	uint32_t	skipped;	/* turns skipped or passed over */
};

/* A member as the server may show it. */
struct engine_member_info {
	uint64_t		 uid;
	const char		*name;
	enum engine_role	 role;		/* never ENGINE_ROLE_PRESENTER */
	bool			 presenter;	/* the current presenter */
	bool			 connected;
	bool			 absent;	/* grace period ran out */
	bool			 left;
	bool			 removed;
	bool			 muted;
	bool			 norms_acked;
	bool			 hand;
	bool			 inner;		/* fishbowl inner circle */
	uint32_t		 seat;		/* join order */
	struct engine_stats	 stats;
};

/* The session as a whole, at a moment. */
struct engine_view {
	enum engine_status	 status;
	bool			 waiting;	/* time up, waiting for facilitator */
	const char		*template_name;
	int32_t			 phase;		/* -1 before the start */
	uint32_t		 nphases;
	const char		*phase_id;
	const char		*phase_title;
	int32_t			 floor;		/* -1 before the start */
	bool			 phase_timed;
	int64_t			 phase_left_ms;
	int64_t			 phase_total_ms;
	uint64_t		 holder;	/* turn holder, 0 none */
	bool			 turn_timed;
	bool			 turn_held;	/* holder disconnected, in grace */
	int64_t			 turn_left_ms;
	int64_t			 turn_total_ms;
	uint32_t		 round;
	uint64_t		 presenter;
	uint32_t		 rotation;	/* presenter number in the block */
	uint32_t		 nrotation;	/* presenters in the block, 0 none */
	const uint64_t		*queue;		/* hands or rest of the order */
	size_t			 nqueue;
	size_t			 nmembers;
	const char		*norms;		/* NULL if none */
};

/* A phase of a template. See docs/TEMPLATES.md for the keys. */
struct engine_phase_def {
	char			*id;
	char			*title;
	char			*prompt;	/* NULL if none */
	char			*stem;		/* NULL if none */
	char			*rotate;	/* rotation block name, or NULL */
	enum engine_floor	 floor;
	uint64_t		 duration_ms;	/* 0: untimed */
	uint64_t		 turn_ms;	/* 0: no per-turn limit */
	uint64_t		 summary_ms;	/* keeper summary limit, 0: none */
	bool			 summary;	/* talking piece: keeper sums up */
	enum engine_advance	 advance;
	enum engine_pass	 pass;
	enum engine_start	 start;
	enum engine_keeper	 keeper;
	bool			 early_done;	/* "done" may end a turn early */
	bool			 presenter_silent;
	bool			 auto_grant;	/* queues: grant the head by itself */
	bool			 closed;	/* closed fishbowl */
	uint32_t		 rounds;	/* talking piece, 0: until time */
	uint32_t		 seats;		/* fishbowl inner seats */
	int			 line;		/* where the phase is defined */
};

/* A protocol template: read-only once loaded. */
struct engine_template {
	char			*name;		/* file name without .conf */
	char			*origin;	/* file path or "built-in" */
	char			*title;
	char			*summary;	/* NULL if none */
	char			*source;	/* citation, NULL if none */
	char			*norms;		/* one per line, NULL if none */
	bool			 facilitator_speaks;
	bool			 warn_set;	/* warnings given: override */
	uint64_t		 warn_ms[ENGINE_WARN_MAX]; /* descending */
	uint32_t		 nwarn;
	uint32_t		 min_members;
	uint32_t		 max_members;	/* 0: no limit */
	struct engine_phase_def	*phases;
	size_t			 nphases;
};

/* Per-session changes to one phase; -1 keeps the template's value. */
struct engine_phase_opt {
	const char	*phase;		/* phase id */
	int64_t		 duration_ms;
	int64_t		 turn_ms;
};

/* Per-session options. engine_opts_init() fills in the defaults. */
struct engine_opts {
	const struct engine_phase_opt	*phases;
	size_t				 nphases;
	uint32_t			 time_scale_pct; /* 1..1000, 100 as is */
	uint64_t			 warn_ms[ENGINE_WARN_MAX];
	size_t				 nwarn;
	uint64_t			 grace_ms;
	const char			*norms;	/* NULL: template's; "": none */
};

struct engine_session;
struct engine_templates;

/* engine.c: sessions. */
void	 engine_opts_init(struct engine_opts *);
struct engine_session *engine_new(const struct engine_template *,
	    const struct engine_opts *, uint64_t, char *, size_t);
void	 engine_free(struct engine_session *);
int	 engine_event(struct engine_session *, const struct engine_input *,
	    uint64_t, struct engine_out *);
void	 engine_tick(struct engine_session *, uint64_t, struct engine_out *);
uint64_t engine_next_deadline(const struct engine_session *);

/* engine-query.c: state, members and figures. */
void	 engine_view(const struct engine_session *, uint64_t,
	    struct engine_view *);
int	 engine_member(const struct engine_session *, uint64_t, uint64_t,
	    struct engine_member_info *);
size_t	 engine_member_count(const struct engine_session *);
int	 engine_member_at(const struct engine_session *, size_t, uint64_t,
	    struct engine_member_info *);
size_t	 engine_unheard(const struct engine_session *, uint64_t *, size_t);
const struct engine_template *engine_template(const struct engine_session *);

/* engine-snapshot.c: restart survival. */
int	 engine_snapshot(const struct engine_session *, uint64_t, uint8_t **,
	    size_t *);
int	 engine_snapshot_peek(const uint8_t *, size_t, char *, size_t);
struct engine_session *engine_restore(const uint8_t *, size_t,
	    const struct engine_template *, uint64_t, struct engine_out *,
	    char *, size_t);
struct engine_session *engine_restore_at(const uint8_t *, size_t,
	    const struct engine_template *, uint64_t, uint64_t,
	    struct engine_out *, char *, size_t);

/* engine-fx.c: the output list and names. */
void	 engine_out_init(struct engine_out *);
void	 engine_out_reset(struct engine_out *);
void	 engine_out_free(struct engine_out *);
const char *engine_reason_name(int);
const char *engine_fx_name(int);
const char *engine_input_name(int);
const char *engine_turn_end_name(int);
const char *engine_role_name(int);

/* floor.c */
const char *engine_floor_name(int);

/* One phase setting as a template writes it ("pass", "revisit"). */
struct engine_rule {
	const char	*key;
	char		 value[24];
};
#define ENGINE_RULES_MAX	12

/* template.c: the phase settings that apply to its floor, turn aside. */
size_t	 engine_phase_rules(const struct engine_phase_def *,
	    struct engine_rule *, size_t);
const char *engine_facilitator_name(const struct engine_template *);
char	*engine_warnings_fmt(const struct engine_template *, char *, size_t);
int	 engine_floor_byname(const char *);

/* template.c: one template from text. */
struct engine_template *engine_template_parse(const char *, size_t,
	    const char *, const char *, char *, size_t);
void	 engine_template_free(struct engine_template *);

/* template-set.c: built-ins plus a conf dir. */
struct engine_templates *engine_templates_new(void);
int	 engine_templates_load_dir(struct engine_templates *, const char *,
	    char *, size_t);
int	 engine_templates_check(const char *, char *, size_t);
const struct engine_template *engine_templates_find(
	    const struct engine_templates *, const char *);
struct engine_template *engine_templates_copy(
	    const struct engine_templates *, const char *);
size_t	 engine_templates_count(const struct engine_templates *);
const struct engine_template *engine_templates_at(
	    const struct engine_templates *, size_t);
void	 engine_templates_free(struct engine_templates *);

#endif
