/*
 * rt-proto.h: the Roundtable wire protocol, shared by roundtabled and
 * roundtable. proto/PROTOCOL.md is the specification; this header is its
 * C form. Nothing in proto/ does I/O.
 *
 * A frame is a 4-byte big-endian body length followed by exactly one
 * msgpack map. Every map carries "t" (the message type below) and, for
 * requests and their replies, "id" (a request id chosen by the client).
 *
 * Bump PROTO_VERSION whenever the meaning of a message or field changes.
 * Adding a message type or an optional field does not need a bump:
 * receivers ignore fields they do not know.
 */
#ifndef RT_PROTO_H
#define RT_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION		1	/* newest version spoken */
#define PROTO_VERSION_MIN	1	/* oldest version still accepted */

/* Limits. Frame sizes count the body, not the 4-byte header. */
#define PROTO_HDR_LEN		4
#define PROTO_FRAME_DEFAULT	65536	/* client frames after login */
#define PROTO_FRAME_PRELOGIN	4096	/* client frames before login */
#define PROTO_FRAME_S2C		(1U << 20) /* largest server frame */
#define PROTO_FRAME_CEILING	(1U << 20) /* no limit may be set above */
#define PROTO_DEPTH_MAX		8	/* nesting of maps and arrays */
#define PROTO_FIELDS_MAX	64	/* fields in one schema */
#define PROTO_NAME_MAX		32	/* account names, slugs */
#define PROTO_SECRET_MAX	256	/* passwords, tokens */
#define PROTO_LABEL_MAX		128	/* titles, client and server names */
#define PROTO_REASON_MAX	512	/* error and close reasons */
#define PROTO_TEXT_MAX		8192	/* posts, descriptions, prompts */
#define PROTO_LIST_MAX		1000	/* elements in one array */
#define PROTO_SLUG_MIN		2	/* space slugs: see PROTOCOL.md 5.2 */
#define PROTO_CODE_MAX		64	/* invite codes as typed */
#define PROTO_PAGE_MAX		200	/* records in one page of a listing */

/* Connection states a message is allowed in, as a mask. */
#define PS_HELLO	0x01	/* before HELLO is accepted */
#define PS_LOGIN	0x02	/* after HELLO, before LOGIN succeeds */
#define PS_READY	0x04	/* logged in */
#define PS_ANY		(PS_HELLO | PS_LOGIN | PS_READY)

/* Who sends a message, as a mask. */
#define PD_C2S		0x01	/* client to server */
#define PD_S2C		0x02	/* server to client */
#define PD_BOTH		(PD_C2S | PD_S2C)

/*
 * Message types, in numbered blocks. Never reuse a retired number: mark
 * it unused instead.
 */
enum msg_type {
	MSG_NONE = 0,

	/* 1xx: connection, authentication, keepalive. */
	MSG_HELLO = 100,	/* c: versions offered */
	MSG_WELCOME = 101,	/* s: version chosen, limits */
	MSG_LOGIN = 102,	/* c: password or resume token */
	MSG_LOGIN_OK = 103,	/* s: who you are, a resume token */
	MSG_PING = 104,		/* either side */
	MSG_PONG = 105,		/* either side */
	MSG_BYE = 106,		/* either side: closing, with a reason */
	MSG_ERROR = 107,	/* s: a request failed */
	MSG_OK = 108,		/* s: a request succeeded, nothing to add */
	MSG_PASSWD = 109,	/* c: change own password */
	MSG_LOGOUT = 110,	/* c: revoke resume token(s), then close */

	/* 2xx: spaces and membership (msg-space.c). Requests 200-249. */
	MSG_SPACE_CREATE = 200,		/* c: create a space */
	MSG_SPACE_UPDATE = 201,		/* c: change title, texts, kind */
	MSG_SPACE_ARCHIVE = 202,	/* c: archive or restore a space */
	MSG_SPACE_INFO = 203,		/* c: one space */
	MSG_SPACE_LIST = 204,		/* c: discoverable spaces */
	MSG_SPACE_MINE = 205,		/* c: my spaces and requests */
	MSG_SPACE_MEMBERS = 206,	/* c: a space's members */
	MSG_SPACE_INVITE = 207,		/* c: make an invite code */
	MSG_SPACE_INVITES = 208,	/* c: list invite codes */
	MSG_SPACE_REVOKE = 209,		/* c: revoke an invite code */
	MSG_SPACE_JOIN = 210,		/* c: join an open space, or by code */
	MSG_SPACE_REQUEST = 211,	/* c: ask to join an affinity space */
	MSG_SPACE_REQUESTS = 212,	/* c: list pending requests */
	MSG_SPACE_APPROVE = 213,	/* c: approve a request */
	MSG_SPACE_DECLINE = 214,	/* c: decline a request */
	MSG_SPACE_LEAVE = 215,		/* c: leave, or withdraw a request */
	MSG_SPACE_ADD = 216,		/* c: add an account as a member */
	MSG_SPACE_REMOVE = 217,		/* c: remove a member */
	MSG_SPACE_SET_ROLE = 218,	/* c: change a member's role */
	MSG_SPACE_LOG = 219,		/* c: read the membership record */
	/* Replies 250-299. */
	MSG_SPACE = 250,		/* s: one space */
	MSG_SPACE_PAGE = 251,		/* s: a page of spaces */
	MSG_MEMBER_PAGE = 252,		/* s: a page of members */
	MSG_INVITE = 253,		/* s: a new invite code */
	MSG_INVITE_PAGE = 254,		/* s: a page of invite codes */
	MSG_REQUEST_PAGE = 255,		/* s: a page of join requests */
	MSG_LOG_PAGE = 256,		/* s: a page of the membership record */

	/* 3xx: protocol sessions, floor and facilitation. */
	MSG_SESSION_CREATE = 300,	/* c: create a session in a space */
	MSG_SESSION_LIST = 301,		/* c: a space's sessions */
	MSG_SESSION_INFO = 302,		/* c: one session */
	MSG_SESSION_JOIN = 303,		/* c: join or rejoin, with backfill */
	MSG_SESSION_LEAVE = 304,	/* c: leave a session */
	MSG_SESSION_POST = 305,		/* c: speak, or write on the board */
	MSG_SESSION_ACT = 306,		/* c: raise, lower, pass, done, ack... */
	MSG_SESSION_CONTROL = 307,	/* c: a facilitator control */
	MSG_SESSION_STATS = 308,	/* c: live participation figures */
	MSG_TEMPLATE_LIST = 309,	/* c: the protocol templates */
	MSG_TEMPLATE_INFO = 310,	/* c: one template, phase by phase */

	MSG_SESSION = 350,		/* s: one session */
	MSG_SESSION_PAGE = 351,		/* s: a page of sessions */
	MSG_SESSION_STATE = 352,	/* s: where a session stands */
	MSG_SESSION_EVENT = 353,	/* s: something happened in a session */
	MSG_POSTED = 354,		/* s: a post was accepted and stored */
	MSG_STATS = 355,		/* s: participation figures */
	MSG_TEMPLATE_PAGE = 356,	/* s: the templates */
	MSG_TEMPLATE = 357,		/* s: one template */

	/*
	 * 4xx: transcripts, review and export (msg-transcript.c).
	 * Requests 400-449.
	 */
	MSG_TRANSCRIPT_LIST = 400,	/* c: a space's ended sessions */
	MSG_TRANSCRIPT_READ = 401,	/* c: a page of a transcript */
	MSG_TRANSCRIPT_SEARCH = 402,	/* c: full-text search of a space */
	MSG_TRANSCRIPT_EXPORT = 403,	/* c: a whole transcript, streamed */
	MSG_TRANSCRIPT_REPORT = 404,	/* c: the participation report */
	MSG_TRANSCRIPT_ANNOTATE = 405,	/* c: a mentor's note on entries */
	MSG_TRANSCRIPT_ANNOTATIONS = 406, /* c: a transcript's notes */
	MSG_TRANSCRIPT_UNANNOTATE = 407, /* c: delete a note */
	MSG_TRANSCRIPT_REDACT = 408,	/* c: remove a post's words */
	MSG_TRANSCRIPT_ACCESS = 409,	/* c: who read which transcript */
	MSG_TRANSCRIPT_POLICY = 410,	/* c: read or set a space's policy */
	/* Replies and events 450-499. */
	MSG_TRANSCRIPT_PAGE = 450,	/* s: a page of transcripts */
	MSG_TRANSCRIPT_ENTRIES = 451,	/* s: a page of a transcript */
	MSG_SEARCH_PAGE = 452,		/* s: a page of search hits */
	MSG_EXPORT_CHUNK = 453,		/* s: the next bytes of an export */
	MSG_EXPORT_DONE = 454,		/* s: an export is complete */
	MSG_REPORT = 455,		/* s: a participation report */
	MSG_ANNOTATION = 456,		/* s: one note */
	MSG_ANNOTATION_PAGE = 457,	/* s: a page of notes */
	MSG_ACCESS_PAGE = 458,		/* s: a page of the access log */
	MSG_POLICY = 459,		/* s: a space's transcript policy */

	/* 5xx: administration. */

	MSG_TYPE_MAX = 999
};

/*
 * Error codes, in blocks. Each has a stable name (proto_err_name). Codes
 * in the 1xx block mean the peer sent something unusable.
 */
enum proto_error {
	ERR_NONE = 0,

	/* 1xx: framing and decoding. */
	ERR_FRAME_TOO_LARGE = 100,	/* length prefix over the limit */
	ERR_FRAME_EMPTY = 101,		/* length prefix of zero */
	ERR_FRAME_TRUNCATED = 102,	/* stream ended inside a frame */
	ERR_MALFORMED = 103,		/* not one well-formed msgpack object */
	ERR_NOT_A_MAP = 104,		/* body is not a map */
	ERR_UNKNOWN_TYPE = 105,		/* "t" missing or not a known type */
	ERR_BAD_FIELD = 106,		/* field missing or of the wrong type */
	ERR_BAD_UTF8 = 107,		/* string is not valid UTF-8 */
	ERR_BAD_CHARS = 108,		/* control characters where not allowed */
	ERR_TOO_LONG = 109,		/* string or array over its limit */
	ERR_BAD_STATE = 110,		/* message not allowed in this state */
	ERR_VERSION = 111,		/* no protocol version in common */
	ERR_RATE = 112,			/* too many requests; slow down */
	ERR_BAD_VALUE = 113,		/* well-typed field with a bad value */

	/* 2xx: authentication and authorization. */
	ERR_AUTH = 200,			/* wrong user or password */
	ERR_DISABLED = 201,		/* account disabled */
	ERR_THROTTLED = 202,		/* too many failed logins; wait */
	ERR_DENIED = 203,		/* not allowed to do that */
	ERR_TOKEN = 204,		/* resume token invalid or expired */
	ERR_PASSWORD_EXPIRED = 205,	/* change the password first */
	ERR_WEAK_PASSWORD = 206,	/* new password too short */

	/* 3xx: objects. */
	ERR_NOT_FOUND = 300,		/* no such thing (or not yours to see) */
	ERR_EXISTS = 301,		/* name already taken */
	ERR_LIMIT = 302,		/* a configured limit was reached */
	ERR_BAD_INVITE = 303,		/* code unknown, expired, spent, revoked */
	ERR_ARCHIVED = 304,		/* the space is archived: read-only */
	ERR_LAST_OWNER = 305,		/* a space must keep an owner */
	ERR_WRONG_KIND = 306,		/* not for this kind of space */

	/* 4xx: session and floor rules. */
	ERR_OUT_OF_TURN = 400,		/* the floor is not yours now */
	ERR_NOT_IN_SESSION = 401,	/* join the session first */
	ERR_SESSION_STATE = 402,	/* not started, paused or ended */
	ERR_NORMS = 403,		/* acknowledge the norms first */
	ERR_MUTED = 404,		/* muted by a facilitator */
	ERR_NOT_NOW = 405,		/* that action does not apply now */
	ERR_POST_RATE = 406,		/* posts faster than post_rate */

	/* 5xx: the server. */
	ERR_INTERNAL = 500,		/* our bug; logged */
	ERR_STORAGE = 501,		/* database unavailable; retry later */
	ERR_SHUTDOWN = 502,		/* server is shutting down */
	ERR_BUSY = 503,			/* server overloaded; retry later */
	ERR_TIMEOUT = 504,		/* handshake, login or idle timeout */
	ERR_BEHIND = 505,		/* too far behind: output not read */
	ERR_CONNLIMIT = 506		/* too many connections */
};

/* A decoding or validation failure: a code and readable text. */
struct proto_err {
	int		code;
	char		text[160];
	uint64_t	retry_ms;	/* when it is a wait: how long */
};

/*
 * Message bodies. Strings are NUL-terminated copies owned by the message
 * (proto_msg_free releases them). A field that is absent decodes as zero,
 * false or NULL, and an encoder omits such fields.
 */
struct msg_hello {
	uint32_t	 version_min;
	uint32_t	 version_max;
	char		*client;
};

struct msg_welcome {
	uint32_t	 version;
	char		*server;
	uint32_t	 max_frame;
	uint32_t	 ping_interval;
	uint32_t	 idle_timeout;
};

struct msg_login {
	char		*user;
	char		*password;
	char		*token;
};

struct msg_login_ok {
	uint64_t	 uid;
	char		*user;
	bool		 admin;
	char		*token;
	uint64_t	 token_expires;
	bool		 must_change_password;
};

struct msg_ping {
	uint64_t	 nonce;
};

struct msg_bye {
	uint32_t	 code;
	char		*reason;
};

/*
 * An error. Refusals of session requests add detail: the rule in force
 * and when the requester may speak. Phases and positions count from 1;
 * 0 means none. Times are milliseconds; -1 means untimed.
 */
struct msg_error {
	uint32_t	 code;
	char		*name;
	char		*message;
	uint32_t	 req_type;
	char		*reason;	/* the session rule, e.g. presenter-silent */
	char		*floor;		/* floor mode in force */
	uint32_t	 phase;
	char		*phase_title;
	int64_t		 phase_left_ms;
	char		*holder;	/* who holds the floor */
	int64_t		 holder_left_ms;
	uint32_t	 position;	/* turns ahead of you + 1 */
	uint32_t	 next_phase;	/* the next phase you may speak in */
	int64_t		 eta_ms;	/* about when you may speak */
	uint64_t	 retry_ms;	/* throttled, rate-limited: wait */
};

struct msg_passwd {
	char		*old_password;
	char		*new_password;
};

struct msg_logout {
	bool		 all;
};

/*
 * 2xx: spaces. Several requests share one body struct, each with its own
 * schema (which fields it reads); see msg-space.c.
 */
struct msg_space_create {
	char		*slug;
	char		*title;
	char		*kind;
	char		*description;
	char		*statement;
	char		*owner;
};

struct msg_space_update {
	char		*space;
	char		*title;
	char		*kind;
	char		*description;
	char		*statement;
	char	       **clear;		/* field names to empty */
	size_t		 nclear;
};

/* space_info, space_leave, space_archive. */
struct msg_space_ref {
	char		*space;
	bool		 restore;	/* space_archive: undo */
};

/* space_list, space_mine, space_members, space_requests. */
struct msg_space_page_req {
	char		*space;
	char		*after;		/* the last key of the previous page */
	uint32_t	 limit;
};

/* space_invites (after an id), space_log (before a sequence number). */
struct msg_space_seq_req {
	char		*space;
	uint64_t	 cursor;
	uint32_t	 limit;
};

struct msg_space_invite {
	char		*space;
	char		*role;
	uint32_t	 uses;
	uint32_t	 ttl;
	bool		 request;
};

struct msg_space_revoke {
	char		*space;
	uint64_t	 invite;
};

/* space_join, space_request. */
struct msg_space_join {
	char		*space;
	char		*code;
	char		*message;
};

/* space_approve, space_decline, space_add, space_remove, space_set_role. */
struct msg_space_user {
	char		*space;
	char		*user;
	char		*role;
	bool		 mentor;
};

/* A space: the body of MSG_SPACE and the records of MSG_SPACE_PAGE. */
struct space_rec {
	char		*slug;
	char		*title;
	char		*kind;
	char		*description;
	char		*statement;
	bool		 archived;
	uint64_t	 created;
	uint32_t	 members;
	char		*role;		/* the caller's role, if any */
	bool		 mentor;	/* the caller also reviews transcripts */
	bool		 pending;	/* the caller's request is pending */
};

struct member_rec {
	char		*user;
	char		*role;
	bool		 mentor;
	uint64_t	 since;
};

struct invite_rec {
	uint64_t	 id;
	char		*role;
	bool		 request;
	char		*state;
	uint32_t	 uses;
	uint32_t	 max_uses;
	uint64_t	 created;
	uint64_t	 expires;
	char		*by;
};

struct request_rec {
	char		*user;
	char		*message;
	uint64_t	 at;
};

struct log_rec {
	uint64_t	 seq;
	uint64_t	 at;
	char		*actor;
	char		*action;
	char		*subject;
	char		*detail;
};

struct msg_space_page {
	struct space_rec	*spaces;
	size_t			 nspaces;
	char			*next;
};

struct msg_member_page {
	struct member_rec	*members;
	size_t			 nmembers;
	char			*next;
};

struct msg_invite {
	uint64_t	 id;
	char		*code;
	char		*role;
	bool		 request;
	uint32_t	 uses;
	uint64_t	 expires;
};

struct msg_invite_page {
	struct invite_rec	*invites;
	size_t			 ninvites;
	uint64_t		 next;
};

struct msg_request_page {
	struct request_rec	*requests;
	size_t			 nrequests;
	char			*next;
};

struct msg_log_page {
	struct log_rec		*entries;
	size_t			 nentries;
	uint64_t		 next;
};

/*
 * 3xx: protocol sessions. Sessions are named by number ("session"),
 * accounts by name. See msg-session.c and PROTOCOL.md section 5.3.
 */
struct phase_opt_rec {
	char		*phase;		/* phase id */
	uint32_t	 duration;	/* seconds; 0 keeps the template's */
	uint32_t	 turn;		/* seconds per turn; 0 keeps it */
};

struct msg_session_create {
	char			*space;
	char			*template_name;
	char			*title;
	char			*record;	/* attributed, chatham, off-record */
	struct phase_opt_rec	*phases;
	size_t			 nphases;
	uint32_t		 scale;		/* time scale, percent */
	uint32_t		 grace;		/* seconds; 0 default */
	char			*norms;
	bool			 no_norms;
};

/* Requests naming one session, and session_list. */
struct msg_session_ref {
	uint64_t	 session;
	char		*space;		/* session_list */
	uint64_t	 after;		/* session_list */
	uint32_t	 limit;		/* session_list */
	uint64_t	 since;		/* session_join: last seq seen */
	bool		 observer;	/* session_join */
	bool		 facilitator;	/* session_join */
};

struct msg_session_post {
	uint64_t	 session;
	char		*text;
	bool		 board;		/* a card on the written board */
	uint32_t	 parent;	/* board: the card replied to */
};

struct msg_session_act {
	uint64_t	 session;
	char		*action;
	char		*user;		/* control target */
	int64_t		 seconds;	/* extend (+) / shorten (-) */
	bool		 turn;		/* adjust the turn, not the phase */
	uint32_t	 position;	/* reorder: 1 is first */
	bool		 inner;		/* move: to the inner circle */
	char		*role;		/* role */
	char		*text;		/* note */
};

struct msg_template_ref {
	char		*name;
};

/* A session: the body of MSG_SESSION and the records of a page. */
struct session_rec {
	uint64_t	 session;
	char		*space;
	char		*title;
	char		*template_name;
	char		*record;
	char		*status;	/* lobby, running, paused, ended */
	uint64_t	 created;	/* Unix seconds */
	char		*created_by;
	uint64_t	 started;
	uint64_t	 ended;
	uint32_t	 phase;		/* 1-based; 0 none */
	char		*phase_title;
	uint32_t	 members;	/* connected now */
};

struct msg_session_page {
	struct session_rec	*sessions;
	size_t			 nsessions;
	uint64_t		 next;
};

/* A member as session_state shows them. */
struct roster_rec {
	char		*user;
	char		*role;		/* facilitator, participant, observer */
	bool		 presenter;
	bool		 connected;
	bool		 absent;
	bool		 muted;
	bool		 hand;
	bool		 inner;
	bool		 norms_acked;
	uint32_t	 turns;
	uint32_t	 posts;
	uint64_t	 floor_ms;
};

struct msg_session_state {
	uint64_t		 session;
	uint64_t		 seq;		/* last event included */
	char			*title;
	char			*template_name;
	char			*record;
	char			*status;
	char			*norms;
	bool			 norms_acked;
	char			*role;		/* yours */
	uint32_t		 phase;
	uint32_t		 nphases;
	char			*phase_id;
	char			*phase_title;
	char			*prompt;
	char			*floor;
	bool			 waiting;
	int64_t			 phase_left_ms;
	int64_t			 phase_total_ms;
	char			*holder;
	int64_t			 turn_left_ms;
	int64_t			 turn_total_ms;
	bool			 turn_held;
	uint32_t		 round;
	char			*presenter;
	char		       **queue;
	size_t			 nqueue;
	struct roster_rec	*members;
	size_t			 nmembers;
	bool			 truncated;	/* backfill was cut short */
};

struct msg_session_event {
	uint64_t	 session;
	uint64_t	 seq;
	uint64_t	 at;		/* Unix milliseconds */
	char		*kind;
	char		*user;		/* who did it */
	char		*target;	/* whom it concerns */
	uint32_t	 phase;
	char		*phase_id;
	char		*phase_title;
	char		*floor;
	uint32_t	 round;
	int64_t		 left_ms;
	int64_t		 total_ms;
	int64_t		 value;
	char		*reason;
	char		*text;
	char		*tag;
	uint32_t	 card;
	uint32_t	 parent;
	char	       **order;
	size_t		 norder;
	char		*msg;
};

struct msg_posted {
	uint64_t	 session;
	uint64_t	 seq;
	uint32_t	 card;
};

struct stats_rec {
	char		*user;
	char		*role;
	uint32_t	 turns;
	uint32_t	 posts;
	uint32_t	 board_posts;
	uint32_t	 words;
	uint64_t	 floor_ms;
	uint32_t	 passes;
	uint32_t	 refused;
	uint32_t	 hands;
	uint32_t	 timeouts;
	uint32_t	 skipped;
};

struct msg_stats {
	uint64_t	 session;
	struct stats_rec *members;
	size_t		 nmembers;
	char	       **unheard;
	size_t		 nunheard;
};

struct template_rec {
	char		*name;
	char		*title;
	char		*summary;
	uint32_t	 phases;
	uint32_t	 minutes;	/* the timed phases, a block once */
	uint32_t	 untimed;	/* phases with no fixed length */
	uint32_t	 rotating;	/* phases repeated per presenter */
};

struct msg_template_page {
	struct template_rec	*templates;
	size_t			 ntemplates;
};

/* One phase setting, as a template file writes it. */
struct rule_rec {
	char		*key;
	char		*value;
};

struct phase_rec {
	char		*id;
	char		*title;
	char		*floor;
	uint32_t	 duration;	/* seconds; 0 untimed */
	uint32_t	 turn;		/* seconds per turn; 0 none */
	char		*advance;	/* auto, facilitator */
	char		*rotate;
	char		*prompt;
	struct rule_rec	*rules;		/* the floor's other settings */
	size_t		 nrules;
};

struct msg_template {
	char			*name;
	char			*title;
	char			*summary;
	char			*source;
	char			*norms;
	char			*facilitator;	/* leads, speaks */
	char			*warnings;	/* "1m, 10s"; NULL: server's */
	uint32_t		 min_members;
	uint32_t		 max_members;
	struct phase_rec	*phases;
	size_t			 nphases;
};

/*
 * 4xx: transcripts of ended sessions: listing, reading, search, export,
 * the participation report, mentors' notes, redaction, the access log
 * and the space's transcript policy. See msg-transcript.c and
 * PROTOCOL.md section 5.4. Shares and Gini coefficients are integers in
 * basis points (1/10000).
 */
#define PROTO_ALIAS_MAX		64	/* a person as reviews show them */
#define PROTO_CHUNK_MAX		65536	/* bytes of one export chunk */

/* transcript_list, transcript_access: a space, and where a page starts. */
struct msg_tx_space_req {
	char		*space;
	uint64_t	 before;
	uint32_t	 limit;
};

/* transcript_read: entries after a sequence number. */
struct msg_tx_read {
	uint64_t	 session;
	uint64_t	 after;
	uint32_t	 limit;
};

struct msg_tx_search {
	char		*space;
	char		*query;
	uint64_t	 session;	/* 0: every session of the space */
	uint32_t	 offset;
	uint32_t	 limit;
};

struct msg_tx_export {
	uint64_t	 session;
	char		*format;	/* markdown, html, jsonl, text */
	bool		 annotations;
	uint32_t	 phase;		/* 0: every phase */
	uint64_t	 from;		/* first seq; 0: the start */
	uint64_t	 to;		/* last seq; 0: the end */
	bool		 speech;	/* posts, cards, notes and phases only */
	uint64_t	 since;		/* Unix ms: entries at or after; 0 */
	uint64_t	 until;		/* Unix ms: entries at or before; 0 */
};

struct msg_tx_report_req {
	uint64_t	 session;
	uint32_t	 phase;		/* 0: the whole session */
};

struct msg_tx_annotate {
	uint64_t	 session;
	uint64_t	 from;		/* the entry, or the span's first */
	uint64_t	 to;		/* the span's last; 0: from */
	char		*text;
};

struct msg_tx_annotations {
	uint64_t	 session;
	uint64_t	 after;		/* a note's number */
	uint32_t	 limit;
};

/* transcript_redact (seq), transcript_unannotate (note). */
struct msg_tx_ref {
	uint64_t	 session;
	uint64_t	 seq;
	uint64_t	 note;
};

/* transcript_policy, and its reply policy. */
struct msg_tx_policy {
	char		*space;
	char		*readers;	/* stewards, participants, members */
	char		*annotations;	/* reviewers, readers */
	uint64_t	 retention;	/* seconds after the end; 0 keep */
	char	       **clear;		/* fields to put back to default */
	size_t		 nclear;
};

/* An ended session, as transcript_page lists it. */
struct tx_rec {
	uint64_t	 session;
	char		*title;
	char		*template_name;
	char		*record;
	uint64_t	 started;	/* Unix seconds */
	uint64_t	 ended;
	uint64_t	 events;	/* the last sequence number */
	char		*created_by;	/* absent under the Chatham rule */
};

struct msg_tx_page {
	struct tx_rec	*transcripts;
	size_t		 ntranscripts;
	uint64_t	 next;
};

/* One entry of a transcript, as reviews show it. */
struct entry_rec {
	uint64_t	 seq;
	uint64_t	 at;		/* Unix milliseconds */
	char		*kind;
	char		*user;		/* a name, or a pseudonym */
	char		*target;
	uint32_t	 phase;
	char		*phase_id;
	char		*phase_title;	/* phase-start entries */
	char		*floor;
	uint32_t	 round;
	int64_t		 left_ms;
	int64_t		 total_ms;
	int64_t		 value;
	char		*reason;
	char		*text;
	char		*tag;
	uint32_t	 card;
	uint32_t	 parent;
	char	       **order;
	size_t		 norder;
	char		*msg;
	bool		 redacted;
	uint64_t	 redacted_at;	/* Unix milliseconds */
	char		*redacted_by;
};

struct msg_tx_entries {
	uint64_t	 session;
	char		*record;
	uint64_t	 last_seq;
	struct entry_rec *entries;
	size_t		 nentries;
	uint64_t	 next;
};

/* Where a search term matched, in bytes of a snippet. */
struct mark_rec {
	uint32_t	 from;
	uint32_t	 to;
};

struct hit_rec {
	uint64_t	 session;
	uint64_t	 seq;
	uint64_t	 at;
	char		*kind;
	char		*user;
	uint32_t	 phase;
	char		*title;		/* the session's */
	char		*snippet;
	struct mark_rec	*marks;
	size_t		 nmarks;
};

struct msg_search_page {
	struct hit_rec	*hits;
	size_t		 nhits;
	uint32_t	 next;
};

struct msg_export_chunk {
	uint32_t	 req;		/* the id of the transcript_export */
	char		*data;
};

struct msg_export_done {
	uint64_t	 session;
	char		*format;
	uint64_t	 bytes;
	uint64_t	 events;
	char		*sha256;	/* of every chunk's data, in hex */
};

/* One person's figures in a participation report. */
struct report_rec {
	char		*user;
	char		*role;
	uint32_t	 turns;
	uint32_t	 posts;
	uint32_t	 words;
	uint64_t	 floor_ms;
	uint32_t	 passes;
	uint32_t	 refused;	/* out of turn */
	uint32_t	 refused_other;
	uint32_t	 floor_share;	/* basis points */
	uint32_t	 posts_share;
	uint32_t	 words_share;
};

/* One phase, summed over everyone. */
struct phase_sum_rec {
	uint32_t	 phase;
	char		*phase_id;
	char		*title;
	char		*floor;
	uint32_t	 turns;
	uint32_t	 posts;
	uint32_t	 words;
	uint64_t	 floor_ms;
	uint32_t	 speakers;
	uint32_t	 gini_floor;	/* basis points */
	uint32_t	 gini_words;
	uint32_t	 refused;	/* out of turn */
	uint32_t	 refused_other;
};

struct msg_report {
	uint64_t		 session;
	char			*record;
	uint32_t		 phase;		/* 0: the whole session */
	uint32_t		 participants;
	uint32_t		 equal_share;	/* basis points */
	uint32_t		 gini_floor;
	uint32_t		 gini_words;
	bool			 refused_known;
	bool			 own_only;	/* only the caller's row */
	struct report_rec	*members;
	size_t			 nmembers;
	struct phase_sum_rec	*phases;
	size_t			 nphases;
};

/* A mentor's note: the body of annotation and the records of a page. */
struct note_rec {
	uint64_t	 note;
	uint64_t	 session;
	uint64_t	 from;
	uint64_t	 to;
	char		*author;
	uint64_t	 at;		/* Unix milliseconds */
	char		*text;
};

struct msg_note_page {
	struct note_rec	*notes;
	size_t		 nnotes;
	uint64_t	 next;
};

struct access_rec {
	uint64_t	 seq;
	uint64_t	 at;		/* Unix milliseconds */
	char		*user;
	uint64_t	 session;	/* 0: a search of the whole space */
	char		*what;
	char		*detail;
};

struct msg_access_page {
	struct access_rec *entries;
	size_t		 nentries;
	uint64_t	 next;
};

/* One decoded message: its type, request id and body. */
struct proto_msg {
	uint16_t	 type;
	uint32_t	 id;
	union {
		struct msg_hello	hello;
		struct msg_welcome	welcome;
		struct msg_login	login;
		struct msg_login_ok	login_ok;
		struct msg_ping		ping;
		struct msg_bye		bye;
		struct msg_error	error;
		struct msg_passwd	passwd;
		struct msg_logout	logout;
		struct msg_space_create	space_create;
		struct msg_space_update	space_update;
		struct msg_space_ref	space_ref;
		struct msg_space_page_req space_page_req;
		struct msg_space_seq_req space_seq_req;
		struct msg_space_invite	space_invite;
		struct msg_space_revoke	space_revoke;
		struct msg_space_join	space_join;
		struct msg_space_user	space_user;
		struct space_rec	space;
		struct msg_space_page	space_page;
		struct msg_member_page	member_page;
		struct msg_invite	invite;
		struct msg_invite_page	invite_page;
		struct msg_request_page	request_page;
		struct msg_log_page	log_page;
		struct msg_session_create session_create;
		struct msg_session_ref	session_ref;
		struct msg_session_post	session_post;
		struct msg_session_act	session_act;
		struct msg_template_ref	template_ref;
		struct session_rec	session;
		struct msg_session_page	session_page;
		struct msg_session_state session_state;
		struct msg_session_event session_event;
		struct msg_posted	posted;
		struct msg_stats	stats;
		struct msg_template_page template_page;
		struct msg_template	template_info;
		struct msg_tx_space_req	tx_space_req;
		struct msg_tx_read	tx_read;
		struct msg_tx_search	tx_search;
		struct msg_tx_export	tx_export;
		struct msg_tx_report_req tx_report_req;
		struct msg_tx_annotate	tx_annotate;
		struct msg_tx_annotations tx_annotations;
		struct msg_tx_ref	tx_ref;
		struct msg_tx_policy	tx_policy;
		struct msg_tx_page	tx_page;
		struct msg_tx_entries	tx_entries;
		struct msg_search_page	search_page;
		struct msg_export_chunk	export_chunk;
		struct msg_export_done	export_done;
		struct msg_report	report;
		struct note_rec		note;
		struct msg_note_page	note_page;
		struct msg_access_page	access_page;
	} u;
};

/*
 * Schemas: every message body is described by a table of fields, and one
 * generic codec encodes, decodes, frees and prints them all.
 */
enum pf_type {
	PF_U32 = 1,	/* uint32_t */
	PF_U64,		/* uint64_t */
	PF_I64,		/* int64_t */
	PF_BOOL,	/* bool */
	PF_STR,		/* char *, UTF-8 */
	PF_STRS,	/* char **, with a size_t count */
	PF_RECS		/* array of records of another schema, with a count */
};

#define PFF_REQ		0x01	/* must be present */
#define PFF_LINES	0x02	/* string may hold newline and tab */
#define PFF_SECRET	0x04	/* never printed or logged */
#define PFF_NAME	0x08	/* a name: [A-Za-z0-9._-], starting alnum */

struct pschema;

struct pfield {
	const char		*key;
	uint8_t			 type;
	uint8_t			 flags;
	uint32_t		 max;	/* bytes, elements, or 0 for none */
	size_t			 off;	/* offset in the body */
	size_t			 noff;	/* PF_STRS, PF_RECS: count offset */
	const struct pschema	*sub;	/* PF_RECS: element schema */
};

struct pschema {
	const char		*name;
	size_t			 size;
	const struct pfield	*fields;
	size_t			 nfields;
};

/* One row per message type: the table in msgtab.c. */
struct msgdef {
	uint16_t		 type;
	const char		*name;
	uint8_t			 dir;	/* PD_* */
	uint8_t			 states; /* PS_*: where a client may send it */
	const struct pschema	*schema; /* NULL: no body fields */
};

/* A growable byte buffer that encoders write frames into. */
struct pbuf {
	uint8_t	*data;
	size_t	 len;
	size_t	 cap;
};

/* frame.c */
int	 proto_frame_length(const uint8_t *, uint32_t, uint32_t *,
	    struct proto_err *);
void	 proto_frame_put_length(uint8_t *, uint32_t);

/* What a msgpack header introduces (mp_head_read). */
enum mp_kind {
	MP_OTHER,		/* nil, a boolean, a float */
	MP_UINT,		/* positive fixint, uint 8-64 */
	MP_INT,			/* negative fixint, int 8-64 */
	MP_STR,
	MP_BIN,
	MP_ARRAY,
	MP_MAP
};

/* One msgpack header, read in place. */
struct mp_head {
	enum mp_kind	 kind;
	size_t		 hdr;	/* header bytes, the first one included */
	uint64_t	 left;	/* payload bytes after it (not elements) */
	uint64_t	 elems;	/* a container's objects: a map's keys too */
	uint64_t	 u;	/* MP_UINT: the value */
};

/* mp-validate.c */
int	 mp_head_read(const uint8_t *, size_t, size_t, struct mp_head *,
	    struct proto_err *);
int	 mp_validate(const uint8_t *, size_t, unsigned int, struct proto_err *);

/* codec.c */
int	 proto_decode(const uint8_t *, size_t, int, struct proto_msg *,
	    struct proto_err *);
int	 proto_encode(const struct proto_msg *, struct pbuf *);
void	 proto_msg_free(struct proto_msg *);
void	 proto_err_set(struct proto_err *, int, const char *, ...)
	    __attribute__((__format__(printf, 3, 4)));
void	 pbuf_init(struct pbuf *);
void	 pbuf_free(struct pbuf *);
void	 pbuf_add(struct pbuf *, const void *, size_t);

/* msgtab.c */
const struct msgdef	*proto_msgdef(unsigned int);
const struct msgdef	*proto_msgdef_byname(const char *);
const struct msgdef	*proto_msgdef_at(size_t);
size_t			 proto_msgdef_count(void);

/* errtab.c */
const char	*proto_err_name(int);
int		 proto_err_byname(const char *);

/* utf8.c */
int	 utf8_valid(const char *, size_t);
int	 utf8_check(const char *, size_t, int, struct proto_err *,
	    const char *);
int	 proto_name_valid(const char *, size_t);

#endif
