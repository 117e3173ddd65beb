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
	/* 4xx: transcripts, review and export. */
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
	int	code;
	char	text[160];
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

struct msg_error {
	uint32_t	 code;
	char		*name;
	char		*message;
	uint32_t	 req_type;
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

/* mp-validate.c */
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
